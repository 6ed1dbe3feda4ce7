#pragma once

#include "CheckSpec.h"
#include "FoundCommand.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace triage {

// Reads the commands in guides and turns the ones Triage can run natively into typed check
// specs, with their parameters taken from the command itself:
//   pg_isready -h H -p P · psql … -c "SQL" · SQL blocks (SELECT/SHOW/EXPLAIN/WITH)
//   redis-cli … ping|info [section]|read-only commands · curl/wget URL
//   lsof -i :P · netstat/ss … | grep P · nc -z H P · echo $VAR · printenv VAR · env | grep VAR
//   ls PATH · test -f PATH · dig/nslookup/host NAME · kafka-broker-api-versions · free/df/uptime
//
// It is deliberately conservative: a command that writes (a redirect, a side-effecting SQL
// function, a non-read-only Redis command), that has an unfilled placeholder (`<PID>`, `…`,
// `{user_id}`), or that it does not know, stays a copyable command with no check. Secrets in
// a command (`-a pass`, `user:pass@`, `Authorization: Bearer …`) never reach the spec.
//
// Stateless; all functions are reentrant.
class CommandRecognizer {
public:
    enum class Language { Shell, Sql, Other };

    // The language of a code block from its info string, or from its first line when unlabelled.
    static Language languageOf(QStringView info, QStringView code);

    // Every command in a code block. Checks are recognised only when `recogniseChecks`, which
    // callers set for diagnosis steps alone: a solution is never runnable.
    // `language`, when given, receives languageOf(info, code), which scan() works out anyway.
    static QList<FoundCommand> scan(QStringView info, QStringView code, bool recogniseChecks, Language *language = nullptr);

    static std::optional<CheckSpec> recogniseShell(const QString &command);

    // The prompt a line of a terminal session starts with: "$ ", or PowerShell's "PS> ",
    // "PS C:\\app> " and "PS /home/me> ". Its length, or 0.
    static qsizetype promptLength(QStringView line);

    // Whether inline code in prose is a command line a reader would type: a program people run
    // from a terminal (`systemctl`, `docker`, `npm`, `psql`, a `./script.sh`, …) with at least
    // one argument, optionally after a `$ ` prompt. A lone word names a tool, and text such as
    // `async with`, `connection refused` or `curl: (7) Failed to connect` is no command.
    static bool looksLikeCommandLine(QStringView code);
    static std::optional<CheckSpec> recogniseSql(const QString &statement);

    // Whether SQL only reads: SELECT/SHOW/EXPLAIN/WITH/VALUES/TABLE, with no function known to
    // change server state (pg_terminate_backend, set_config, nextval, …) and no SELECT INTO.
    static bool isReadOnlySql(const QString &statement);

    // Splits a command into words as a POSIX shell would (quotes, backslashes), without
    // expanding anything. Operators (| && || ; > >> <) come out as separate words prefixed
    // with U+0000 so they cannot be confused with quoted text.
    static QStringList shellWords(const QString &command);

    // SQL statements of a script, each with its leading comment; splits on `;` outside
    // strings, quoted identifiers, dollar quotes and comments.
    static QList<FoundCommand> splitSql(QStringView script);
};

} // namespace triage
