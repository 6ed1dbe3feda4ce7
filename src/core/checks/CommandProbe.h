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
// defaults. A value is a name, so it never becomes a second argument, an option, the program,
// shell syntax or a secret: see argv().
class CommandProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    // The program and its arguments for `command` with its placeholders filled, or nothing and
    // `error` saying which rule the command or a value broke. The rules:
    //  - no shell runs it, so `|`, `;`, `>`, `&&`, `$(…)` and backquotes in the command are
    //    refused, and so is `$NAME` without braces, which would stay as written;
    //  - the program is written in the guide: never a placeholder, never a relative path
    //    (trust covers the guide, not a script beside it);
    //  - programs that run their arguments as a command (sh, ssh, sudo, env, xargs, …) take
    //    no placeholders at all;
    //  - a placeholder never names a credential (`${password}`, `${token}`, …) and must have
    //    a value;
    //  - a value holds only letters, digits and `. _ : / @ , + = ~ -` (so no space, quote,
    //    `$` or control character), and may not begin an argument with `-`.
    static std::optional<QStringList> argv(const QString &command, const QHash<QString, QString> &variables,
                                           const QVariantMap &defaults, QString *error);
    // The `${name}` placeholders of a command, in order, each once.
    static QStringList placeholders(const QString &command);
    // A letter or `_`, then letters, digits or `_`: what `${name}` and `--var name=` take.
    static bool isVariableName(QStringView name);

protected:
    void run() override;
    void abort() override;

private:
    QPointer<QProcess> m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace triage
