#include "DecisionMapView.h"

#include "Look.h"

#include <QFontMetrics>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainterPath>
#include <QScrollBar>
#include <QSet>
#include <QWheelEvent>

#include <cmath>

namespace triage {

using look::kindColor;
using look::statusColor;

namespace {

constexpr double kNodeWidth = 210;
constexpr double kNodeHeight = 34;
constexpr double kColumnGap = 70;
constexpr double kRowGap = 12;
constexpr int kIdRole = 0;

} // namespace

DecisionMapView::DecisionMapView(QWidget *parent)
    : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Click a step to go there. Ctrl+wheel or +/- zooms, 0 fits, dragging pans."));
}

void DecisionMapView::setGuide(const Guide *guide, int guideIndex)
{
    if (guide == m_guide && guideIndex == m_guideIndex)
        return;
    m_guide = guide;
    m_guideIndex = guideIndex;
    m_status.clear();
    m_path.clear();
    rebuild();
}

void DecisionMapView::rebuild()
{
    scene()->clear();
    m_items.clear();
    m_edges.clear();
    if (!m_guide || m_guide->nodes.isEmpty())
        return;
    const Guide &g = *m_guide;

    // The tree a reader browses, each node once, at its first place in document order.
    QHash<QString, QStringList> children;
    QHash<QString, int> depth;
    QStringList order;
    QSet<QString> placed;
    std::function<void(const QString &, int)> visit = [&](const QString &id, int d) {
        placed.insert(id);
        depth.insert(id, d);
        order.append(id);
        for (const GuideEdge *e : g.outgoing(id)) {
            if (!g.leadsOnward(*e) || !g.node(e->to) || placed.contains(e->to))
                continue;
            children[id].append(e->to);
            visit(e->to, d + 1);
        }
    };
    visit(g.root().id, 0);

    // Rows: leaves take the next row; a parent sits in the middle of its children's rows.
    QHash<QString, double> row;
    double nextRow = 0;
    std::function<double(const QString &)> place = [&](const QString &id) -> double {
        const QStringList &kids = children.value(id);
        if (kids.isEmpty()) {
            row.insert(id, nextRow);
            return nextRow++;
        }
        double first = 0;
        double last = 0;
        for (int i = 0; i < kids.size(); ++i) {
            const double r = place(kids.at(i));
            if (i == 0)
                first = r;
            last = r;
        }
        const double mid = (first + last) / 2;
        row.insert(id, mid);
        return mid;
    };
    place(g.root().id);

    QFont font = this->font();
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics metrics(font);
    for (const QString &id : std::as_const(order)) {
        const GuideNode *n = g.node(id);
        const QRectF rect(depth.value(id) * (kNodeWidth + kColumnGap), row.value(id) * (kNodeHeight + kRowGap), kNodeWidth, kNodeHeight);
        auto *item = scene()->addRect(rect);
        item->setData(kIdRole, id);
        item->setZValue(1);
        const QString title = n->kind == NodeKind::Root ? g.title : n->title;
        item->setToolTip(QStringLiteral("%1: %2").arg(nodeKindName(n->kind), title));
        auto *text = new QGraphicsSimpleTextItem(metrics.elidedText(title, Qt::ElideRight, int(kNodeWidth - 16)), item);
        text->setFont(n->kind == NodeKind::Issue || n->kind == NodeKind::Root ? bold : font);
        text->setPos(rect.left() + 8, rect.center().y() - metrics.height() / 2.0);
        m_items.insert(id, item);
    }
    // Edges: the tree's as curves from the right of one box to the left of the next; the
    // others (back to a node placed elsewhere, links) dashed.
    for (const GuideEdge &e : g.edges) {
        QGraphicsRectItem *a = m_items.value(e.from);
        QGraphicsRectItem *b = m_items.value(e.to);
        if (!a || !b || a == b)
            continue;
        const bool tree = children.value(e.from).contains(e.to);
        if (!tree && !g.leadsOnward(e))
            continue;
        const QRectF ra = a->rect();
        const QRectF rb = b->rect();
        QPainterPath path;
        const QPointF start(ra.right(), ra.center().y());
        const QPointF end = rb.left() > ra.right() ? QPointF(rb.left(), rb.center().y()) : QPointF(rb.center().x(), rb.top());
        path.moveTo(start);
        const double dx = std::max(40.0, std::abs(end.x() - start.x()) / 2);
        path.cubicTo(start + QPointF(dx, 0), end - QPointF(rb.left() > ra.right() ? dx : 0, rb.left() > ra.right() ? 0 : 40), end);
        auto *item = scene()->addPath(path);
        item->setZValue(0);
        item->setToolTip(e.label);
        m_edges.append({e.from, e.to, tree, item});
    }
    scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    restyle();
}

void DecisionMapView::restyle()
{
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Base).lightness() < 128;
    QSet<QString> onPath(m_path.cbegin(), m_path.cend());
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        const GuideNode *n = m_guide->node(it.key());
        QColor fill = kindColor(n->kind);
        fill.setAlpha(dark ? 110 : 45);
        it.value()->setBrush(fill);
        const auto status = m_status.constFind(it.key());
        QPen pen(status != m_status.cend() ? statusColor(*status) : kindColor(n->kind));
        pen.setWidthF(status != m_status.cend() ? 3 : 1.2);
        if (onPath.contains(it.key()))
            pen.setWidthF(pen.widthF() + 2.5);
        it.value()->setPen(pen);
        for (QGraphicsItem *child : it.value()->childItems()) {
            if (auto *text = dynamic_cast<QGraphicsSimpleTextItem *>(child))
                text->setBrush(pal.color(QPalette::Text));
        }
    }
    QHash<QString, int> position;
    for (int i = 0; i < m_path.size(); ++i)
        position.insert(m_path.at(i), i);
    for (const Edge &e : std::as_const(m_edges)) {
        QColor color = pal.color(QPalette::Text);
        color.setAlpha(e.tree ? 130 : 90);
        QPen pen(color, 1.2, e.tree ? Qt::SolidLine : Qt::DashLine);
        const auto a = position.constFind(e.from);
        const auto b = position.constFind(e.to);
        if (a != position.cend() && b != position.cend() && *b == *a + 1) {
            pen.setColor(QColor(0x15, 0x65, 0xc0));
            pen.setWidthF(4);
            pen.setStyle(Qt::SolidLine);
            e.item->setZValue(0.5);
        }
        e.item->setPen(pen);
    }
}

void DecisionMapView::setStatus(const QString &nodeId, CheckStatus status)
{
    m_status.insert(nodeId, status);
    QGraphicsRectItem *item = m_items.value(nodeId);
    if (!item || !m_guide)
        return;
    // Only this box changes: a "Run all" of hundreds of checks must not restyle the map each time.
    QPen pen(statusColor(status));
    pen.setWidthF(m_path.contains(nodeId) ? 5.5 : 3);
    item->setPen(pen);
}

void DecisionMapView::setPath(const QStringList &nodeIds)
{
    if (nodeIds == m_path)
        return;
    m_path = nodeIds;
    restyle();
    if (!m_path.isEmpty()) {
        if (QGraphicsRectItem *item = m_items.value(m_path.last()))
            ensureVisible(item, 60, 60);
    }
}

QRectF DecisionMapView::nodeRect(const QString &nodeId) const
{
    const QGraphicsRectItem *item = m_items.value(nodeId);
    return item ? item->rect() : QRectF();
}

void DecisionMapView::zoomBy(double factor)
{
    const double current = transform().m11();
    const double next = std::clamp(current * factor, 0.05, 4.0);
    scale(next / current, next / current);
}

void DecisionMapView::fit()
{
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    if (transform().m11() < 0.45) {
        // A big guide does not fit readably: show where the reader is, at a readable size.
        resetTransform();
        scale(0.8, 0.8);
        const QGraphicsRectItem *here = m_path.isEmpty() ? nullptr : m_items.value(m_path.last());
        if (!here && m_guide)
            here = m_items.value(m_guide->root().id);
        if (here)
            centerOn(here);
    }
}

void DecisionMapView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void DecisionMapView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) {
        zoomBy(1.25);
        return;
    }
    if (event->key() == Qt::Key_Minus) {
        zoomBy(0.8);
        return;
    }
    if (event->key() == Qt::Key_0) {
        fit();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void DecisionMapView::mousePressEvent(QMouseEvent *event)
{
    m_pressAt = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void DecisionMapView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    // A click, not the end of a drag, on a node: go there.
    if (event->button() != Qt::LeftButton || (event->position().toPoint() - m_pressAt).manhattanLength() > 4)
        return;
    for (QGraphicsItem *item : items(event->position().toPoint())) {
        while (item && item->data(kIdRole).toString().isEmpty())
            item = item->parentItem();
        if (item) {
            emit nodeActivated(m_guideIndex, item->data(kIdRole).toString());
            return;
        }
    }
}

} // namespace triage
