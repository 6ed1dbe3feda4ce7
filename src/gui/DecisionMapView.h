#pragma once

#include "checks/CheckResult.h"
#include "guide/Guide.h"

#include <QGraphicsView>
#include <QHash>
#include <QStringList>

class QGraphicsRectItem;
class QGraphicsPathItem;

namespace triage {

// Map mode: a guide's whole decision tree as a graph. Laid out in layers, left to right (a
// node's depth along the tree a reader browses is its column; each leaf gets its own row and a
// parent sits beside the middle of its children), with the other edges (branches and answers
// back to a node shown elsewhere, links) drawn dashed. Nodes are coloured by kind and outlined
// by the status of their last check; the current path is drawn bold. Ctrl+wheel or +/- zoom,
// dragging pans, a click on a node asks to go there.
//
// GUI thread only. The guide must outlive the view or be replaced with setGuide().
class DecisionMapView : public QGraphicsView {
    Q_OBJECT
public:
    explicit DecisionMapView(QWidget *parent = nullptr);

    void setGuide(const Guide *guide, int guideIndex);
    const Guide *guide() const { return m_guide; }
    int guideIndex() const { return m_guideIndex; }
    // Outlines a node by its last result.
    void setStatus(const QString &nodeId, CheckStatus status);
    // The path taken, in order; its nodes and the edges between them are drawn bold.
    void setPath(const QStringList &nodeIds);
    void zoomBy(double factor);
    void fit();
    // Where a node is drawn, in scene coordinates (for tests).
    QRectF nodeRect(const QString &nodeId) const;
    int nodeCount() const { return int(m_items.size()); }

signals:
    void nodeActivated(int guideIndex, const QString &nodeId);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void rebuild();
    void restyle();

    const Guide *m_guide = nullptr;
    int m_guideIndex = -1;
    QHash<QString, QGraphicsRectItem *> m_items;
    QHash<QString, CheckStatus> m_status;
    QStringList m_path;
    struct Edge {
        QString from;
        QString to;
        bool tree = true;
        QGraphicsPathItem *item = nullptr;
    };
    QList<Edge> m_edges;
    QPoint m_pressAt;
};

} // namespace triage
