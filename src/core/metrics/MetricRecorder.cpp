#include "MetricRecorder.h"

#include "checks/CheckOutcome.h"
#include "log/Logging.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>

#include <memory>

namespace triage {

// The recorder's other half: owns the store on the writer thread. Internal.
class MetricWriter : public QObject {
    Q_OBJECT
public:
    explicit MetricWriter(QString path)
        : m_store(std::move(path))
    {
    }

    void setRetention(const MetricRetention &retention) { m_retention = retention; }

    void write(const QList<MetricSample> &samples, const QList<CheckRecord> &results)
    {
        if (!ready())
            return;
        QString error;
        if (!m_store.append(samples, results, &error)) {
            log::db()->error("metrics history: {}", error.toStdString());
            emit failed(error);
            return;
        }
        emit written(int(samples.size()), int(results.size()));
        if (!m_compacted.isValid() || m_compacted.hasExpired(kCompactEveryMsecs))
            compact();
    }

    void compact()
    {
        m_compacted.start();
        QString error;
        if (!m_store.compact(QDateTime::currentMSecsSinceEpoch(), m_retention, &error)) {
            log::db()->error("metrics history: {}", error.toStdString());
            emit failed(error);
        }
    }

signals:
    void written(int samples, int results);
    void failed(const QString &error);

private:
    bool ready()
    {
        if (m_store.isOpen())
            return true;
        if (m_gaveUp)
            return false;
        QString error;
        if (m_store.open(&error))
            return true;
        // Once: a store that cannot open now will not open on the next batch either, and the
        // user should hear of it once, not every second.
        m_gaveUp = true;
        log::db()->error("metrics history is off: {}", error.toStdString());
        emit failed(error);
        return false;
    }

    MetricStore m_store;
    MetricRetention m_retention;
    QElapsedTimer m_compacted;
    bool m_gaveUp = false;
    static constexpr qint64 kCompactEveryMsecs = 5 * 60 * 1000;
};

MetricRecorder::MetricRecorder(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
{
    m_writer = new MetricWriter(m_path);
    m_writer->moveToThread(&m_thread);
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
    flush();
    // Queued after the last batch, so that it runs once everything before it is written.
    QMetaObject::invokeMethod(m_writer, [] { QThread::currentThread()->quit(); }, Qt::QueuedConnection);
    if (!m_thread.wait(QDeadlineTimer(10000))) {
        // A disk that stalls for ten seconds: leave rather than hang the app's exit. SQLite
        // keeps the last committed batch; the one in flight is lost, not half-written.
        log::db()->warn("metrics history: the writer did not finish within 10 s; the last batch may be lost");
        m_thread.terminate();
        m_thread.wait();
    }
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
        if (!ok || type == QMetaType::QString || type == QMetaType::Bool)
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
