#pragma once

#include "CheckRunner.h"
#include "guide/Guide.h"

#include <QList>
#include <QString>

namespace triage {

// After "Run all": which of a guide's issues the results explain best. An issue scores by the
// share of its own checks that failed (an error counts half: the service could not be asked),
// plus one for every failed check whose branch leads into it. Issues with nothing against
// them are left out. Also chooses the next step after one result.
//
// Stateless; reentrant.
class ReverseTriage {
public:
    struct Rank {
        QString node;
        QString title;
        double score = 0;
    };
    static QList<Rank> rank(const Guide &guide, const QList<CheckJob> &jobs, const QList<CheckResult> &results);

    // The anchor or node a result leads to from the check's node: the spec's branch for the
    // result's reason, then for its outcome class, then pass/fail/error; in a plain guide
    // without branches, a failure leads to the first solution of the check's issue. Empty
    // when the guide says nothing (a pass in a plain guide: read on).
    static QString nextNode(const Guide &guide, const QString &checkNodeId, const CheckSpec &spec, const CheckResult &result);
};

} // namespace triage
