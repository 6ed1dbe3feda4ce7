#include "GuideTreeModel.h"

#include "Look.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QHash>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QSet>

namespace triage {

using look::kindIcon;

struct GuideTreeModel::Item {
    int guide = -1;
    QString node;
    QString label;      // edge label shown before the title ("pass", "solution 2")
    bool reference = false;
    QString group;      // a group row: folder or tag (guide is -1)
    int groupSize = 0;
    Item *parent = nullptr;
    std::vector<std::unique_ptr<Item>> children;
    int row = 0;

    Item *add(std::unique_ptr<Item> child)
    {
        child->parent = this;
        child->row = int(children.size());
        children.push_back(std::move(child));
        return children.back().get();
    }
};

GuideTreeModel::GuideTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Item>())
{
}

GuideTreeModel::~GuideTreeModel() = default;

void GuideTreeModel::setLibrary(const GuideLibrary &library, const QList<GuideDiagnostics> &warnings)
{
    beginResetModel();
    m_library = library;
    m_warnings = warnings;
    rebuild();
    endResetModel();
}

void GuideTreeModel::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping)
        return;
    beginResetModel();
    m_grouping = grouping;
    rebuild();
    endResetModel();
}

void GuideTreeModel::rebuild()
{
    m_root = std::make_unique<Item>();
    // Groups in the order first met; a guide with several tags is under each.
    QList<QPair<QString, QList<int>>> groups;
    auto groupFor = [&](const QString &name) -> QList<int> & {
        for (auto &g : groups) {
            if (g.first == name)
                return g.second;
        }
        groups.append({name, {}});
        return groups.last().second;
    };
    for (int g = 0; g < m_library.guides().size(); ++g) {
        const Guide &guide = m_library.guides().at(g);
        if (m_grouping == Grouping::Folder) {
            const QString folder = QFileInfo(guide.path).path();
            groupFor(folder.startsWith(QLatin1String(":/")) ? tr("Bundled guides") : QDir::toNativeSeparators(folder)).append(g);
        } else {
            QStringList tags = guide.frontMatter.value(QStringLiteral("tags")).toStringList();
            if (tags.isEmpty())
                tags.append(tr("(no tag)"));
            for (const QString &tag : tags)
                groupFor(tag).append(g);
        }
    }
    if (m_grouping == Grouping::Tag) {
        std::sort(groups.begin(), groups.end(), [](const auto &a, const auto &b) { return a.first.localeAwareCompare(b.first) < 0; });
    }
    const bool flat = m_grouping == Grouping::Folder && groups.size() <= 1;
    for (const auto &[name, members] : std::as_const(groups)) {
        Item *parent = m_root.get();
        if (!flat) {
            auto group = std::make_unique<Item>();
            group->group = name;
            group->groupSize = int(members.size());
            parent = m_root->add(std::move(group));
        }
        for (const int g : members) {
            const Guide &guide = m_library.guides().at(g);
            auto item = std::make_unique<Item>();
            item->guide = g;
            item->node = guide.root().id;
            Item *top = parent->add(std::move(item));
            QSet<QString> seen{guide.root().id};
            addChildren(top, guide, seen, 1);
        }
    }
}

void GuideTreeModel::addChildren(Item *item, const Guide &guide, QSet<QString> &seen, int depth)
{
    for (const GuideEdge *e : guide.outgoing(item->node)) {
        if (!guide.leadsOnward(*e) || !guide.node(e->to))
            continue;
        auto child = std::make_unique<Item>();
        child->guide = item->guide;
        child->node = e->to;
        const GuideNode *target = guide.node(e->to);
        if (e->kind != GuideEdge::Kind::Contains || target->kind == NodeKind::Solution)
            child->label = e->label;
        // A node that has a place in the structure (an issue in its section) is shown there;
        // a branch that leads to it elsewhere shows a reference.
        const bool placedElsewhere = e->kind != GuideEdge::Kind::Contains && guide.parent(e->to) != nullptr;
        child->reference = seen.contains(e->to) || placedElsewhere || depth >= kMaxDepth;
        Item *added = item->add(std::move(child));
        if (!added->reference) {
            seen.insert(e->to);
            addChildren(added, guide, seen, depth + 1);
        }
    }
}

QModelIndex GuideTreeModel::indexOf(int guideIndex, const QString &nodeId) const
{
    std::vector<const Item *> stack{m_root.get()};
    while (!stack.empty()) {
        const Item *item = stack.back();
        stack.pop_back();
        if (item->guide == guideIndex && item->node == nodeId && !item->reference)
            return createIndex(item->row, 0, const_cast<Item *>(item));
        for (const auto &child : item->children) {
            if (child->guide == guideIndex || child->guide < 0)
                stack.push_back(child.get());
        }
    }
    return {};
}

QModelIndex GuideTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Item *p = parent.isValid() ? static_cast<Item *>(parent.internalPointer()) : m_root.get();
    if (column != 0 || row < 0 || row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children.at(size_t(row)).get());
}

QModelIndex GuideTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Item *item = static_cast<Item *>(child.internalPointer());
    Item *p = item->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(p->row, 0, p);
}

int GuideTreeModel::rowCount(const QModelIndex &parent) const
{
    const Item *p = parent.isValid() ? static_cast<Item *>(parent.internalPointer()) : m_root.get();
    return int(p->children.size());
}

int GuideTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant GuideTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Item *item = static_cast<Item *>(index.internalPointer());
    if (item->guide < 0) {
        switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1  (%2)").arg(item->group).arg(item->groupSize);
        case Qt::DecorationRole:
            return QIcon::fromTheme(QStringLiteral("folder"), kindIcon(NodeKind::Section));
        case Qt::FontRole: {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        case GuideIndexRole:
            return -1;
        case IsGroupRole:
            return true;
        default:
            return {};
        }
    }
    const Guide &guide = m_library.guides().at(item->guide);
    const GuideNode *node = guide.node(item->node);
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        QString text = node->kind == NodeKind::Root ? guide.title : node->title;
        if (!item->label.isEmpty())
            text = item->label + QStringLiteral(": ") + text;
        if (item->reference)
            text = QStringLiteral("\u21aa ") + text;
        if (node->kind == NodeKind::Root && item->guide < m_warnings.size() && !m_warnings.at(item->guide).isEmpty())
            text += QStringLiteral("   \u26a0 %1").arg(m_warnings.at(item->guide).size());
        return text;
    }
    case Qt::DecorationRole:
        return kindIcon(node->kind);
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 \u2014 %2").arg(nodeKindName(node->kind), node->location.toString());
        if (node->kind == NodeKind::Root && item->guide < m_warnings.size()) {
            const GuideDiagnostics &w = m_warnings.at(item->guide);
            for (int i = 0; i < w.size() && i < 12; ++i)
                tip += QLatin1Char('\n') + w.at(i).toString();
            if (w.size() > 12)
                tip += tr("\n\u2026 and %1 more (triage lint %2)").arg(w.size() - 12).arg(guide.path);
        }
        return tip;
    }
    case GuideIndexRole:
        return item->guide;
    case NodeIdRole:
        return item->node;
    case KindRole:
        return nodeKindName(node->kind);
    case IsReferenceRole:
        return item->reference;
    case IsGroupRole:
        return false;
    default:
        return {};
    }
}

} // namespace triage
