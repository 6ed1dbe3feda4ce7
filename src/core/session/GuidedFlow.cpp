#include "GuidedFlow.h"

#include <QSet>

namespace triage {

QString GuidedFlow::issueOf(const Guide &guide, const QString &nodeId)
{
    // Up the containing nodes; a step that only a branch or an answer leads to (Triage's own
    // format) belongs to the issue of the step that leads there.
    QSet<QString> seen;
    const GuideNode *n = guide.node(nodeId);
    while (n && !seen.contains(n->id)) {
        seen.insert(n->id);
        if (n->kind == NodeKind::Issue)
            return n->id;
        const GuideNode *up = guide.parent(n->id);
        if (!up) {
            for (const GuideEdge &e : guide.edges) {
                if (e.to == n->id && e.kind != GuideEdge::Kind::Link && guide.leadsOnward(e) && !seen.contains(e.from)) {
                    up = guide.node(e.from);
                    break;
                }
            }
        }
        n = up;
    }
    return {};
}

QString GuidedFlow::readOn(const Guide &guide, const QString &nodeId)
{
    const GuideNode *node = guide.node(nodeId);
    if (!node)
        return {};
    if (node->kind == NodeKind::Root || node->kind == NodeKind::Section) {
        const QList<const GuideNode *> children = guide.children(nodeId);
        return children.isEmpty() ? QString() : children.first()->id;
    }
    // Within the issue, the node after this one in the order a reader browses; outside any
    // issue (an info block), the rest of its own subtree.
    const QString issue = issueOf(guide, nodeId);
    const QStringList order = guide.subtree(issue.isEmpty() ? nodeId : issue);
    const qsizetype at = order.indexOf(nodeId);
    return at >= 0 && at + 1 < order.size() ? order.at(at + 1) : QString();
}

QList<GuidedFlow::Choice> GuidedFlow::choices(const Guide &guide, const QString &nodeId)
{
    QList<Choice> result;
    const GuideNode *node = guide.node(nodeId);
    if (!node)
        return result;
    if (node->kind == NodeKind::Question) {
        for (const GuideEdge *e : guide.outgoing(nodeId)) {
            if (e->kind == GuideEdge::Kind::Answer || (e->kind == GuideEdge::Kind::Guide && !e->label.isEmpty())) {
                const GuideNode *target = guide.node(e->to);
                result.append({e->label.isEmpty() ? (target ? target->title : e->to) : e->label, e->to, e->isCrossGuide()});
            }
        }
        return result;
    }
    if (node->kind == NodeKind::Root || node->kind == NodeKind::Section) {
        for (const GuideNode *child : guide.children(nodeId))
            result.append({child->title, child->id, false});
    }
    return result;
}

QString GuidedFlow::nextSolution(const Guide &guide, const QString &solutionId)
{
    const QString issue = issueOf(guide, solutionId);
    if (issue.isEmpty())
        return {};
    bool seen = false;
    for (const QString &id : guide.subtree(issue)) {
        const GuideNode *n = guide.node(id);
        if (!n || n->kind != NodeKind::Solution)
            continue;
        if (seen)
            return id;
        seen = id == solutionId;
    }
    return {};
}

QString GuidedFlow::startAt(const Guide &guide, const QString &nodeId)
{
    return guide.node(nodeId) ? nodeId : guide.root().id;
}

} // namespace triage
