#include "CommandProbe.h"

#include "CommandRecognizer.h"
#include "FileProbe.h"
#include "secrets/SecretRedaction.h"

#include <algorithm>

namespace triage {

namespace {

constexpr qsizetype kMaxOutput = 1024 * 1024;

bool isNameStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// A `${name}` at `at` in `word`: its name and length, or an empty name.
QStringView placeholderAt(QStringView word, qsizetype at, qsizetype *length)
{
    if (at + 1 >= word.size() || word.at(at) != QLatin1Char('$') || word.at(at + 1) != QLatin1Char('{'))
        return {};
    const qsizetype close = word.indexOf(QLatin1Char('}'), at + 2);
    if (close < 0)
        return {};
    const QStringView name = word.sliced(at + 2, close - at - 2);
    if (!CommandProbe::isVariableName(name))
        return {};
    *length = close - at + 1;
    return name;
}

} // namespace

QStringList CommandProbe::placeholders(const QString &command)
{
    QStringList names;
    for (qsizetype i = 0; i < command.size(); ++i) {
        qsizetype length = 0;
        const QStringView name = placeholderAt(command, i, &length);
        if (name.isEmpty())
            continue;
        if (!names.contains(name))
            names.append(name.toString());
        i += length - 1;
    }
    return names;
}

bool CommandProbe::isVariableName(QStringView name)
{
    return !name.isEmpty() && isNameStart(name.front()) && std::all_of(name.begin(), name.end(), isNameChar);
}

namespace {

// Programs that run or parse their arguments as a command: a value there could choose what runs.
bool reparsesArguments(const QString &program)
{
    static const QStringList reparsers{
        QStringLiteral("sh"),      QStringLiteral("bash"),   QStringLiteral("dash"),    QStringLiteral("zsh"),   QStringLiteral("ksh"),
        QStringLiteral("fish"),    QStringLiteral("env"),    QStringLiteral("sudo"),    QStringLiteral("doas"),  QStringLiteral("su"),
        QStringLiteral("ssh"),     QStringLiteral("xargs"),  QStringLiteral("eval"),    QStringLiteral("exec"),  QStringLiteral("nohup"),
        QStringLiteral("timeout"), QStringLiteral("nice"),   QStringLiteral("watch"),   QStringLiteral("time"),  QStringLiteral("busybox"),
        QStringLiteral("python"),  QStringLiteral("python3"), QStringLiteral("perl"),   QStringLiteral("ruby"),  QStringLiteral("node"),
        QStringLiteral("docker")};
    return reparsers.contains(program.section(QLatin1Char('/'), -1));
}

// Why a placeholder's value may not be used, or an empty string.
QString refusedValue(const QString &key, const QString &value, bool beginsWord)
{
    for (const QChar v : value) {
        if (v.unicode() < 0x20 || v.unicode() == 0x7F)
            return QStringLiteral("the value of `${%1}` holds a control character (a line break or NUL); a value is one line of text").arg(key);
        // One argument is not harmless to a program that parses it again (ssh joins its
        // arguments for a remote shell): values are names, not text.
        if (!isNameChar(v) && !QStringLiteral(".:/@,+=~-").contains(v)) {
            return QStringLiteral("the value of `${%1}` may hold only letters, digits and . _ : / @ , + = ~ -; `%2` is not one of them")
                .arg(key, v);
        }
    }
    if (beginsWord && value.startsWith(QLatin1Char('-'))) {
        return QStringLiteral("the value of `${%1}` starts with `-` where it begins an argument, so the program would read it as an "
                              "option; write the option in the guide (`--flag=${%1}`) or choose another value")
            .arg(key);
    }
    return {};
}

} // namespace

std::optional<QStringList> CommandProbe::argv(const QString &command, const QHash<QString, QString> &variables,
                                              const QVariantMap &defaults, QString *error)
{
    error->clear();
    const QStringList words = CommandRecognizer::shellWords(command);
    if (words.isEmpty()) {
        *error = QStringLiteral("command check needs `command:`");
        return std::nullopt;
    }
    const QString &program = words.first();
    if (program.contains(QLatin1Char('/')) && !program.startsWith(QLatin1Char('/'))) {
        // It would resolve against wherever Triage runs, and trust covers the guide, not it.
        *error = QStringLiteral("`%1` is a relative path to a program, which trust in the guide does not cover; name a program on "
                                "the PATH or give its absolute path")
                     .arg(SecretRedaction::redact(program));
        return std::nullopt;
    }
    const bool reparses = reparsesArguments(program);
    QStringList out;
    out.reserve(words.size());
    for (qsizetype w = 0; w < words.size(); ++w) {
        const QString &word = words.at(w);
        if (word.startsWith(QChar(0)) || word.contains(QLatin1String("$(")) || word.contains(QLatin1Char('`'))) {
            *error = QStringLiteral("a command check runs one program without a shell; pipes, redirects, `;`, `&&` and "
                                    "substitutions need a script file");
            return std::nullopt;
        }
        QString filled;
        for (qsizetype i = 0; i < word.size(); ++i) {
            qsizetype length = 0;
            const QStringView name = word.at(i) == QLatin1Char('$') ? placeholderAt(word, i, &length) : QStringView();
            if (name.isEmpty()) {
                const bool bareVariable = word.at(i) == QLatin1Char('$') && i + 1 < word.size()
                                          && (isNameStart(word.at(i + 1)) || word.at(i + 1) == QLatin1Char('{'));
                if (bareVariable) {
                    *error = QStringLiteral("`%1`: no shell runs a command check, so `$NAME` would stay as written; use a "
                                            "`${name}` placeholder with a default under `vars:`")
                                 .arg(SecretRedaction::redact(word));
                    return std::nullopt;
                }
                filled.append(word.at(i));
                continue;
            }
            const QString key = name.toString();
            if (w == 0)
                *error = QStringLiteral("`${%1}` stands for the program; the program must be written in the guide, never filled in").arg(key);
            else if (reparses)
                *error = QStringLiteral("`${%1}`: `%2` runs or parses its arguments as a command, so a value there could choose what "
                                        "runs; write that part in the guide")
                             .arg(key, program.section(QLatin1Char('/'), -1));
            else if (SecretRedaction::isCredentialName(key))
                *error = QStringLiteral("`${%1}` names a secret, and secrets never go on a command line, where other users see them; "
                                        "let the program read it from its own configuration")
                             .arg(key);
            else if (!variables.contains(key) && !defaults.contains(key))
                *error = QStringLiteral("`${%1}` has no value; give it a default under `vars:` or run with `--var %1=VALUE`").arg(key);
            else {
                const QString value = variables.contains(key) ? variables.value(key) : defaults.value(key).toString();
                *error = refusedValue(key, value, filled.isEmpty());
                filled.append(value);
            }
            if (!error->isEmpty())
                return std::nullopt;
            i += length - 1;
        }
        out.append(filled);
    }
    return out;
}

QString CommandProbe::target() const
{
    return QStringLiteral("command %1").arg(SecretRedaction::redact(param(QStringLiteral("command"))));
}

void CommandProbe::run()
{
    if (!context().trustedGuide) {
        finish(CheckResult::make(CheckOutcome::NotTrusted,
                                 QStringLiteral("%1: not run: this guide is not trusted, and a command check runs a program "
                                                "on this machine. Read the guide, then trust it (`triage trust GUIDE`, or Checks > Trust this guide in the app)")
                                     .arg(target())));
        return;
    }
    QString error;
    const std::optional<QStringList> words = argv(param(QStringLiteral("command")), context().variables,
                                                  spec().params.value(QStringLiteral("vars")).toMap(), &error);
    if (!words) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("%1: not run: %2").arg(target(), error)));
        return;
    }
    m_process = new QProcess(this);
    // The program gets this environment minus the credentials bound for Triage's own checks.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("TRIAGE_SECRET_")))
            env.remove(key);
    }
    m_process->setProcessEnvironment(env);
    if (!param(QStringLiteral("cwd")).isEmpty())
        m_process->setWorkingDirectory(FileProbe::resolvePath(param(QStringLiteral("cwd")), context().workingDirectory));
    else if (!context().workingDirectory.isEmpty())
        m_process->setWorkingDirectory(context().workingDirectory);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_out += m_process->readAllStandardOutput();
        m_out.truncate(std::min(m_out.size(), kMaxOutput));
    });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_err += m_process->readAllStandardError();
        m_err.truncate(std::min(m_err.size(), kMaxOutput));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (isFinished() || error != QProcess::FailedToStart)
            return;
        finish(CheckResult::make(CheckOutcome::NotFound,
                                 QStringLiteral("%1: cannot start `%2`: %3").arg(target(), m_process->program(), m_process->errorString()),
                                 QStringLiteral("not_started")));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (isFinished())
            return;
        const QString out = SecretRedaction::redact(QString::fromUtf8(m_out));
        const QString err = SecretRedaction::redact(QString::fromUtf8(m_err));
        CheckResult r = code == 0 && status == QProcess::NormalExit
                            ? CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1: exit 0").arg(target()))
                            : CheckResult::make(CheckOutcome::ConditionFalse,
                                                QStringLiteral("%1: %2%3").arg(target(), status == QProcess::CrashExit ? QStringLiteral("crashed")
                                                                                                                          : QStringLiteral("exit %1").arg(code),
                                                                               err.trimmed().isEmpty() ? QString() : QStringLiteral(": ") + err.trimmed().left(200)),
                                                QStringLiteral("exit_code"));
        r.values.insert(QStringLiteral("EXIT_CODE"), code);
        r.values.insert(QStringLiteral("STDOUT"), out);
        r.values.insert(QStringLiteral("STDERR"), err);
        r.metrics.insert(QStringLiteral("exit_code"), code);
        finishAnswered(r);
    });
    m_process->start(words->first(), words->mid(1));
}

void CommandProbe::abort()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(100); // reaps it; kill() has already sent SIGKILL
    }
}

} // namespace triage
