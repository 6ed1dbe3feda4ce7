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
    // An outcome ends the flow ("Escalate to #payments-oncall", "The service is healthy"):
    // nothing reads on from it.
    if (node->kind == NodeKind::Outcome)
        return {};
    // Within the issue, the node after this one in the order a reader browses; outside any
    // issue (an info block), the rest of its own subtree.
    const QString issue = issueOf(guide, nodeId);
    const QStringList order = guide.subtree(issue.isEmpty() ? nodeId : issue);
    qsizetype at = order.indexOf(nodeId);
    if (at < 0)
        return {};
    // A fix that an answer leads to ("If it says `no response`, restart the replica") is that
    // answer's: reading on from a step passes it by, to the next step; reading on from a fix
    // goes to the next fix. An outcome an answer leads to is that answer's from anywhere.
    QSet<QString> answered;
    for (const GuideEdge &e : guide.edges) {
        if (e.kind == GuideEdge::Kind::Answer)
            answered.insert(e.to);
    }
    for (++at; at < order.size(); ++at) {
        const GuideNode *next = guide.node(order.at(at));
        const bool answersOwn = next && answered.contains(next->id)
                                && (next->kind == NodeKind::Outcome || (next->kind == NodeKind::Solution && node->kind != NodeKind::Solution));
        if (!answersOwn)
            return order.at(at);
    }
    return {};
}

QList<GuidedFlow::Choice> GuidedFlow::choices(const Guide &guide, const QString &nodeId)
{
    QList<Choice> result;
    const GuideNode *node = guide.node(nodeId);
    if (!node)
        return result;
    // A question's answers; a step of a procedure that the text answers once ("If you get
    // `PONG`, go to Step 7") offers that answer too, beside reading on. A fix has its own
    // (fixed, or the next fix).
    if (node->kind != NodeKind::Root && node->kind != NodeKind::Section && node->kind != NodeKind::Solution) {
        const bool question = node->kind == NodeKind::Question;
        for (const GuideEdge *e : guide.outgoing(nodeId)) {
            if (e->kind == GuideEdge::Kind::Answer || (question && e->kind == GuideEdge::Kind::Guide && !e->label.isEmpty())) {
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
