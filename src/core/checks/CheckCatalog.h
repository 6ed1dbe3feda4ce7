#pragma once

#include "CheckTypeInfo.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

struct CheckSpec;

// The check types Triage knows, in one table. Lint validates check blocks against it; the
// runners of the live-checks layer implement exactly these types.
//
// Static, immutable data; safe from any thread.
class CheckCatalog {
public:
    static const QList<CheckTypeInfo> &types();
    static const CheckTypeInfo *find(const QString &type);
    static QStringList typeNames();

    // Branch keys valid for every type, besides the type's own outcomes.
    static QStringList generalBranches() { return {QStringLiteral("pass"), QStringLiteral("fail"), QStringLiteral("error")}; }

    // Checks one spec against the table. Returns human-readable problems: an unknown type, a
    // missing or malformed parameter, an unknown branch or outcome. Empty when it is valid.
    struct Problem {
        QString key;     // the key the problem is about, empty for the whole block
        QString message;
    };
    static QList<Problem> validate(const CheckSpec &spec);
};

} // namespace triage
