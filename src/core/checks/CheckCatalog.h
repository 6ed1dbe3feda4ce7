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

    // Branch keys valid for every type, besides the outcome classes and the type's own reasons.
    static const QStringList &generalBranches()
    {
        // Built once: every check block of every guide asks for it, some several times.
        static const QStringList branches{QStringLiteral("pass"), QStringLiteral("fail"), QStringLiteral("error")};
        return branches;
    }
    // Whether a check block may name a branch `key`: pass/fail/error, an outcome class
    // (connection_refused, auth_failed, …), a reason of this type (CheckTypeInfo::outcomes),
    // an HTTP status for http, or an SQLSTATE for postgres.
    static bool isBranchKey(const QString &type, const QString &key);
    // The readable name a guide may use for a reason: postgres 3D000 → no_database,
    // 28P01 → wrong_password, redis NOAUTH → noauth. Empty when there is none.
    static QString reasonAlias(const QString &type, const QString &reason);

    // Checks one spec against the table. Returns human-readable problems: an unknown type, a
    // missing or malformed parameter, an unknown branch or outcome. Empty when it is valid.
    struct Problem {
        Problem(QString k, QString m, QString s = {}, int c = 0)
            : key(std::move(k))
            , message(std::move(m))
            , subject(std::move(s))
            , column(c)
        {
        }
        QString key;     // the key the problem is about, empty for the whole block
        QString message;
        QString subject; // for a condition: its text, so that a reader can place `column` in it
        int column = 0;  // 1-based column inside `subject`, 0 when not known
    };
    static QList<Problem> validate(const CheckSpec &spec);
};

} // namespace triage
