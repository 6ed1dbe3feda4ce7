#include "CommandProbe.h"

#include "CommandRecognizer.h"
#include "FileProbe.h"
#include "secrets/SecretRedaction.h"

namespace triage {

namespace {
constexpr qsizetype kMaxOutput = 1024 * 1024;
}

QString CommandProbe::target() const
{
    return QStringLiteral("command %1").arg(SecretRedaction::redact(param(QStringLiteral("command"))));
}

void CommandProbe::run()
{
    if (!context().trustedGuide) {
        finish(CheckResult::make(CheckOutcome::NotTrusted,
                                 QStringLiteral("%1: not run: this guide is not marked trusted, and a command check runs a program "
                                                "on this machine. Read the guide, then mark it trusted (`triage check --trusted`)")
                                     .arg(target())));
        return;
    }
    const QStringList words = CommandRecognizer::shellWords(param(QStringLiteral("command")));
    for (const QString &w : words) {
        if (w.startsWith(QChar(0)) || w.contains(QLatin1String("$(")) || w.contains(QLatin1Char('`'))) {
            finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                     QStringLiteral("%1: a command check runs one program without a shell; pipes, redirects and "
                                                    "substitutions need a script file")
                                         .arg(target())));
            return;
        }
    }
    if (words.isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("command check needs `command:`")));
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
    m_process->start(words.first(), words.mid(1));
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
