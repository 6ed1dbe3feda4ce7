#include "ReverseTriage.h"

#include "CheckCatalog.h"

#include <QSet>

#include <algorithm>

namespace triage {

namespace {

// The issue each node belongs to: for every issue in document order, what a reader reaches
// from it (its contained parts, and in Triage-format guides its flow of checks and steps)
// without passing through another issue. The first issue to reach a node owns it.
QHash<int, int> issueOwners(const Guide &guide)
{
    QHash<int, int> owner;
    for (int i = 0; i < guide.nodes.size(); ++i) {
        if (guide.nodes.at(i).kind != NodeKind::Issue || owner.contains(i))
            continue;
        owner.insert(i, i);
        QList<int> queue{i};
        while (!queue.isEmpty()) {
            const int at = queue.takeFirst();
            for (int e : guide.edgesFrom(at)) {
                const GuideEdge &edge = guide.edges.at(e);
                if (!guide.leadsOnward(edge))
                    continue;
                const int to = guide.targetIndex(edge);
                if (to < 0 || owner.contains(to) || guide.nodes.at(to).kind == NodeKind::Issue)
                    continue;
                owner.insert(to, i);
                queue.append(to);
            }
        }
    }
    return owner;
}

const GuideNode *issueOf(const Guide &guide, const QHash<int, int> &owners, const QString &nodeId)
{
    const int index = guide.indexOf(nodeId);
    const int issue = owners.value(index, -1);
    return issue >= 0 ? &guide.nodes.at(issue) : nullptr;
}

} // namespace

QString ReverseTriage::nextNode(const Guide &guide, const QString &checkNodeId, const CheckSpec &spec, const CheckResult &result)
{
    if (result.status == CheckStatus::Skipped)
        return {}; // not run (cancelled, or a type this build lacks): it says nothing
    const QString statusKey = result.status == CheckStatus::Pass ? QStringLiteral("pass")
                              : result.status == CheckStatus::Fail ? QStringLiteral("fail")
                                                                   : QStringLiteral("error");
    const QString alias = CheckCatalog::reasonAlias(spec.type, result.reason);
    for (const QString &key : {result.reason, alias, checkOutcomeName(result.outcome), statusKey}) {
        if (key.isEmpty() || !spec.branches.contains(key))
            continue;
        const QString target = spec.branches.value(key);
        if (target.startsWith(QLatin1Char('#'))) {
            const QString node = guide.nodeForAnchor(target.mid(1));
            return node.isEmpty() ? target : node;
        }
        return target;
    }
    if (!spec.branches.isEmpty() || result.status == CheckStatus::Pass || result.status == CheckStatus::Skipped)
        return {};
    const GuideNode *issue = issueOf(guide, issueOwners(guide), checkNodeId);
    if (!issue)
        return {};
    for (const GuideNode *child : guide.children(issue->id)) {
        if (child->kind == NodeKind::Solution)
            return child->id;
    }
    return {};
}

QList<ReverseTriage::Rank> ReverseTriage::rank(const Guide &guide, const QList<CheckJob> &jobs, const QList<CheckResult> &results)
{
    struct Tally {
        double against = 0;
        int checks = 0;
        double ledHere = 0;
    };
    QHash<QString, Tally> tallies;
    const QHash<int, int> owners = issueOwners(guide);
    for (int i = 0; i < jobs.size() && i < results.size(); ++i) {
        const CheckJob &job = jobs.at(i);
        if (job.guideId != guide.id && !job.guideId.isEmpty())
            continue;
        const CheckResult &r = results.at(i);
        const double weight = r.status == CheckStatus::Fail ? 1.0 : r.status == CheckStatus::Error ? 0.5 : 0.0;
        if (const GuideNode *issue = issueOf(guide, owners, job.nodeId)) {
            Tally &t = tallies[issue->id];
            t.checks += 1;
            t.against += weight;
        }
        if (weight > 0) {
            const QString next = nextNode(guide, job.nodeId, job.spec, r);
            if (const GuideNode *target = next.isEmpty() ? nullptr : issueOf(guide, owners, next))
                tallies[target->id].ledHere += 1;
        }
    }
    QList<Rank> ranking;
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it) {
        const Tally &t = it.value();
        const double score = (t.checks > 0 ? t.against / t.checks : 0) + t.ledHere;
        if (score <= 0)
            continue;
        ranking.append({it.key(), guide.node(it.key()) ? guide.node(it.key())->title : it.key(), score});
    }
    std::sort(ranking.begin(), ranking.end(), [](const Rank &a, const Rank &b) {
        return a.score != b.score ? a.score > b.score : a.title < b.title;
    });
    return ranking;
}

} // namespace triage
