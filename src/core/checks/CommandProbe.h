#pragma once

#include "CheckProbe.h"

#include <QPointer>
#include <QProcess>
#include <QVariantMap>

#include <optional>

namespace triage {

// `command`: runs one program, only for a guide the user marked trusted. The command line is
// split into argv as a shell would split it, but no shell runs it: pipes, redirects and
// `$(…)` are refused. Output is captured up to 1 MiB per stream; the time limit kills it.
// [EXIT_CODE], [STDOUT], [STDERR]; a non-zero exit fails unless `expect` says otherwise.
//
// `${name}` placeholders are filled after the command is split, each inside the one word it
// stands in, from `--var name=value` (CheckContext::variables) or else the check's `vars:`
// defaults. So a value never becomes a second argument, an option, the program, shell
// syntax or a secret: see argv().
class CommandProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    // The program and its arguments for `command` with its placeholders filled, or nothing and
    // `error` saying which rule a value broke. The rules:
    //  - no shell runs it, so `|`, `;`, `>`, `&&`, `$(…)` and backquotes in the command are
    //    refused, and in a value they are plain characters of one argument;
    //  - the program (the first word) is never a placeholder;
    //  - a value that would start a word may not start with `-`, where it would be an option;
    //  - a value holds no control characters (no NUL, no line breaks);
    //  - a placeholder never names a credential (`${password}`, `${token}`, …);
    //  - `$NAME` without braces is refused: no shell expands it, so it would stay as written;
    //  - values are not scanned again: `${a}` whose value is `${b}` stays `${b}`.
    static std::optional<QStringList> argv(const QString &command, const QHash<QString, QString> &variables,
                                           const QVariantMap &defaults, QString *error);
    // The `${name}` placeholders of a command, in order, each once.
    static QStringList placeholders(const QString &command);

protected:
    void run() override;
    void abort() override;

private:
    QPointer<QProcess> m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace triage
