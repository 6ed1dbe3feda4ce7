#pragma once

#include "SourceLocation.h"

#include <QList>
#include <QString>

namespace triage {

// A problem found in a guide while importing or linting it. The message says what is wrong
// and what to try; the location says where. Value type.
struct GuideDiagnostic {
    enum class Severity { Warning, Error };

    Severity severity = Severity::Warning;
    SourceLocation location;
    QString message;
    QString code; // stable short name of the defect class, e.g. "dangling-link"

    bool isError() const { return severity == Severity::Error; }

    // `file:line:col: error: message`, the format compilers use, so editors can jump to it.
    QString toString() const
    {
        SourceLocation where = location;
        if (where.line > 0 && where.column <= 0)
            where.column = 1;
        return QStringLiteral("%1: %2: %3")
            .arg(where.toString(), isError() ? QStringLiteral("error") : QStringLiteral("warning"), message);
    }
};

using GuideDiagnostics = QList<GuideDiagnostic>;

// The warning for a line that holds what looks like a credential: the importer gives it where
// it masks one in a title or command, lint for every other line Triage would mask.
inline GuideDiagnostic secretInGuide(const QString &path, int line)
{
    return {GuideDiagnostic::Severity::Warning, {path, line, 1},
            QStringLiteral("this line holds what looks like a password or token; Triage masks it, but remove it from the "
                           "guide: checks take credentials from the OS keychain"),
            QStringLiteral("secret-in-guide")};
}

} // namespace triage
