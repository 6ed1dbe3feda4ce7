#include "CheckProbe.h"

#include "Condition.h"
#include "secrets/SecretRedaction.h"
#include "log/Logging.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace triage {

CheckProbe::CheckProbe(const CheckSpec &spec, const CheckContext &context, QObject *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_context(context)
{
    const int fallback = context.defaultTimeoutMs > 0 ? context.defaultTimeoutMs : 5000;
    m_timeoutMs = intParam(QStringLiteral("timeout"), fallback);
    if (m_timeoutMs <= 0 || m_timeoutMs > 600000)
        m_timeoutMs = fallback; // a probe always has a deadline
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_finished)
            return;
        abort();
        QString message = QStringLiteral("%1: no answer within %2 ms").arg(target()).arg(m_timeoutMs);
        const QString hint = timeoutHint();
        message += hint.isEmpty() ? QStringLiteral("; is it up and reachable from here (firewall, VPN)? A slow service may need a "
                                                   "longer `timeout:` or --timeout")
                                  : QStringLiteral("; ") + hint;
        finish(CheckResult::make(CheckOutcome::Timeout, message));
    });
}

CheckProbe::~CheckProbe() = default;

int CheckProbe::intParam(const QString &name, int fallback) const
{
    bool ok = false;
    const int value = m_spec.params.value(name).toString().toInt(&ok);
    return ok ? value : fallback;
}

void CheckProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    m_deadline.start(m_timeoutMs);
    run();
}

void CheckProbe::cancel()
{
    if (m_finished)
        return;
    abort();
    finish(CheckResult::make(CheckOutcome::Cancelled, QStringLiteral("%1: cancelled").arg(target())));
}

QThreadPool *CheckProbe::blockingPool()
{
    // Not the global pool: QCoreApplication waits for that one at exit, and a read of a FIFO
    // or a stat on a hung network mount would then keep the app from closing. This pool is
    // never destroyed; the process ends without waiting for what is stuck in it.
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(8);
        p->setExpiryTimeout(30000);
        return p;
    }();
    return pool;
}

void CheckProbe::runInPool(std::function<Work()> work)
{
    auto *watcher = new QFutureWatcher<Work>(this);
    connect(watcher, &QFutureWatcher<Work>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (isFinished())
            return;
        Work done = watcher->result();
        if (done.answered)
            finishAnswered(std::move(done.result));
        else
            finish(std::move(done.result));
    });
    watcher->setFuture(QtConcurrent::run(blockingPool(), std::move(work)));
}

void CheckProbe::finishAnswered(CheckResult result)
{
    if (!m_spec.expect.isEmpty()) {
        // The service answered; the guide's conditions decide, whatever the probe's own default.
        bool holds = true;
        QString why;
        for (const QString &text : m_spec.expect) {
            const Condition condition = Condition::parse(text);
            if (!condition.isValid()) {
                finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                         QStringLiteral("condition `%1` is invalid at column %2: %3")
                                             .arg(text)
                                             .arg(condition.errorColumn())
                                             .arg(condition.error())));
                return;
            }
            const Condition::Evaluation e = condition.evaluate(result.values, result.valuesAreSecret);
            if (!e.holds) {
                holds = false;
                why = e.explanation;
                break;
            }
        }
        result.outcome = holds ? CheckOutcome::Ok : CheckOutcome::ConditionFalse;
        result.status = statusForOutcome(result.outcome);
        if (!holds)
            result.message = QStringLiteral("%1: %2").arg(target(), SecretRedaction::redact(why));
    }
    finish(std::move(result));
}

void CheckProbe::finish(CheckResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    result.durationMs = elapsedMs();
    if (result.target.isEmpty())
        result.target = target();
    if (result.message.isEmpty())
        result.message = QStringLiteral("%1: %2").arg(result.target, checkOutcomeName(result.outcome));
    // A secret known to this run never reaches a message, whatever produced the text (libpq's
    // error, a server's reply, a condition).
    result.message = log::maskSecrets(result.message);
    static const auto logger = log::checks();
    logger->debug("{} -> {} ({:.1f} ms)", result.target.toStdString(), checkOutcomeName(result.outcome).toStdString(),
                  result.durationMs);
    emit finished(result);
}

} // namespace triage
