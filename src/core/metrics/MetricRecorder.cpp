#include "MetricRecorder.h"

#include "checks/CheckOutcome.h"
#include "log/Logging.h"

#include <QElapsedTimer>

#include <atomic>
#include <cmath>

#include <memory>

namespace triage {

// The recorder's other half: owns the store on the writer thread. Internal.
class MetricWriter : public QObject {
    Q_OBJECT
public:
    MetricWriter(QString path, std::shared_ptr<std::atomic_bool> stopping, std::shared_ptr<QString> lastError)
        : m_store(std::move(path))
        , m_stopping(std::move(stopping))
        , m_lastError(std::move(lastError))
    {
    }

    void setRetention(const MetricRetention &retention)
    {
        m_retention = retention;
        m_retentionSet = true;
    }

    // On the writer thread as it starts: the store is opened (and migrated) before anybody
    // reads it, and compacted every few minutes from then on.
    void begin()
    {
        // Due already (a short `triage check` never lives five minutes): now, while the checks
        // run; finish() stops it between series if it is still going at the end.
        if (ready() && QDateTime::currentMSecsSinceEpoch() - m_store.lastCompacted() > kCompactEveryMsecs)
            QMetaObject::invokeMethod(this, &MetricWriter::compact, Qt::QueuedConnection);
        m_compactTimer = new QTimer(this);
        m_compactTimer->setInterval(kCompactEveryMsecs);
        connect(m_compactTimer, &QTimer::timeout, this, &MetricWriter::compact);
        m_compactTimer->start();
    }

    void write(const QList<MetricSample> &samples, const QList<CheckRecord> &results)
    {
        if (!ready())
            return;
        QString error;
        if (!m_store.append(samples, results, &error)) {
            report(error);
            return;
        }
        emit written(int(samples.size()), int(results.size()));
    }

    void compact()
    {
        if (!ready())
            return;
        QString error;
        // The user's settings, read each time: `triage metrics retention` applies from the next run.
        const MetricRetention retention = m_retentionSet ? m_retention : MetricStore::retention();
        if (!m_store.compact(QDateTime::currentMSecsSinceEpoch(), retention, &error, m_stopping.get()) && !m_stopping->load())
            report(error);
    }

signals:
    void written(int samples, int results);
    void failed(const QString &error);

private:
    void report(const QString &error)
    {
        log::db()->error("metrics history: {}", error.toStdString());
        *m_lastError = error; // read by the recorder once this thread has ended
        emit failed(error);
    }

    bool ready()
    {
        if (m_store.isOpen())
            return true;
        // A store that would not open is tried again after a while (another process may have
        // been migrating it), not at every batch; what is queued meanwhile is dropped.
        if (m_retry.isValid() && !m_retry.hasExpired(kRetryMsecs))
            return false;
        m_retry.start();
        QString error;
        if (m_store.open(&error))
            return true;
        report(QStringLiteral("%1 (tried again in %2 s)").arg(error).arg(kRetryMsecs / 1000));
        return false;
    }

    MetricStore m_store;
    MetricRetention m_retention;
    bool m_retentionSet = false;
    std::shared_ptr<std::atomic_bool> m_stopping;
    std::shared_ptr<QString> m_lastError;
    QTimer *m_compactTimer = nullptr;
    QElapsedTimer m_retry;
    static constexpr qint64 kCompactEveryMsecs = 5 * 60 * 1000;
    static constexpr qint64 kRetryMsecs = 30 * 1000;
};

MetricRecorder::MetricRecorder(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
{
    m_writer = new MetricWriter(m_path, m_stopping, m_lastError);
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_writer, &MetricWriter::begin);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &MetricWriter::written, this, &MetricRecorder::written);
    connect(m_writer, &MetricWriter::failed, this, &MetricRecorder::failed);
    m_thread.setObjectName(QStringLiteral("metrics-writer"));
    m_thread.start(QThread::LowPriority);
    m_flushTimer.setInterval(1000);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &MetricRecorder::flush);
}

MetricRecorder::~MetricRecorder()
{
    finish();
}

QString MetricRecorder::finish()
{
    if (m_thread.isRunning()) {
        flush();
        // A compaction in progress stops between series and rolls back; the queued batches
        // (bounded: a second's worth) are written, then the thread ends. Not terminate():
        // a thread killed inside SQLite would leave its locks held.
        m_stopping->store(true);
        QMetaObject::invokeMethod(m_writer, [] { QThread::currentThread()->quit(); }, Qt::QueuedConnection);
        m_thread.wait();
    }
    return *m_lastError;
}

void MetricRecorder::setRetention(const MetricRetention &retention)
{
    QMetaObject::invokeMethod(m_writer, [w = m_writer, retention] { w->setRetention(retention); }, Qt::QueuedConnection);
}

QList<MetricSample> MetricRecorder::samplesOf(const CheckJob &job, const CheckResult &result, const QString &environment, qint64 msecs)
{
    QList<MetricSample> out;
    if (result.status == CheckStatus::Skipped)
        return out;
    for (auto it = result.metrics.cbegin(); it != result.metrics.cend(); ++it) {
        // The same rule as the charts: numbers only, not text or flags.
        const int type = it.value().typeId();
        bool ok = false;
        const double value = it.value().toDouble(&ok);
        if (!ok || type == QMetaType::QString || type == QMetaType::Bool || !std::isfinite(value))
            continue;
        out.append({job.guideId, job.nodeId, job.title, it.key(), environment, msecs, value});
    }
    return out;
}

CheckRecord MetricRecorder::recordOf(const CheckJob &job, const CheckResult &result, const QString &environment, qint64 msecs)
{
    return {msecs,
            job.guideId,
            job.nodeId,
            job.title,
            job.spec.type,
            result.target,
            environment,
            checkStatusName(result.status),
            checkOutcomeName(result.outcome),
            result.message,
            result.durationMs};
}

void MetricRecorder::record(const CheckJob &job, const CheckResult &result, const QString &environment, const QDateTime &at)
{
    const qint64 msecs = at.toMSecsSinceEpoch();
    m_samples += samplesOf(job, result, environment, msecs);
    m_results.append(recordOf(job, result, environment, msecs));
    if (m_samples.size() >= kBatchSamples)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MetricRecorder::flush()
{
    m_flushTimer.stop();
    if (m_samples.isEmpty() && m_results.isEmpty())
        return;
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, samples = std::exchange(m_samples, {}), results = std::exchange(m_results, {})] { w->write(samples, results); },
        Qt::QueuedConnection);
}

} // namespace triage

#include "MetricRecorder.moc"
