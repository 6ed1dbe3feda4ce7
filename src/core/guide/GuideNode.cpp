#include "GuideNode.h"

#include <array>

namespace triage {

namespace {
constexpr std::array<std::pair<NodeKind, const char *>, 11> kKindNames{{
    {NodeKind::Root, "root"},
    {NodeKind::Section, "section"},
    {NodeKind::Issue, "issue"},
    {NodeKind::Symptom, "symptom"},
    {NodeKind::Diagnosis, "diagnosis"},
    {NodeKind::Check, "check"},
    {NodeKind::Question, "question"},
    {NodeKind::Solution, "solution"},
    {NodeKind::Cause, "cause"},
    {NodeKind::Outcome, "outcome"},
    {NodeKind::Info, "info"},
}};
} // namespace

QString nodeKindName(NodeKind kind)
{
    // Built once: node kinds are named for every node and edge of every guide.
    static const QList<QString> names = [] {
        QList<QString> list(kKindNames.size());
        for (const auto &[k, name] : kKindNames)
            list[int(k)] = QLatin1String(name);
        return list;
    }();
    return names.value(int(kind), QStringLiteral("info"));
}

bool nodeKindFromName(const QString &name, NodeKind *kind)
{
    for (const auto &[k, n] : kKindNames) {
        if (name.compare(QLatin1String(n), Qt::CaseInsensitive) == 0) {
            *kind = k;
            return true;
        }
    }
    return false;
}

} // namespace triage
