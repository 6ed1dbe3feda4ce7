#pragma once

#include "MetricRecord.h"
#include "MetricStore.h"
#include "checks/CheckResult.h"
#include "checks/CheckRunner.h"

#include <QDateTime>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

namespace triage {

class MetricWriter;

// Keeps every check result and its numeric metrics in the metric store. record() only queues;
// a writer on a thread of its own opens the store as it starts, commits each batch in one
// transaction (every second, or sooner once 500 samples wait), and compacts the tiers every
// few minutes.
//
// Lives on the thread that calls record() (the GUI's, or the CLI's main thread). finish() (and
// the destructor) writes what is still queued, stops a compaction in progress and waits for
// the writer, which is bounded by one batch.
class MetricRecorder : public QObject {
    Q_OBJECT
public:
    explicit MetricRecorder(QString path = MetricStore::defaultPath(), QObject *parent = nullptr);
    ~MetricRecorder() override;

    void setRetention(const MetricRetention &retention);
    void record(const CheckJob &job, const CheckResult &result, const QString &environment,
                const QDateTime &at = QDateTime::currentDateTimeUtc());
    // Hands what is queued to the writer now.
    void flush();
    // Writes what is queued, ends the writer and returns its last error ("" when none).
    QString finish();
    const QString &path() const { return m_path; }

    // What a result adds to the store: a sample per numeric metric, and the result itself.
    static QList<MetricSample> samplesOf(const CheckJob &job, const CheckResult &result, const QString &environment, qint64 msecs);
    static CheckRecord recordOf(const CheckJob &job, const CheckResult &result, const QString &environment, qint64 msecs);

signals:
    // A batch is committed.
    void written(int samples, int results);
    // The store could not be opened or written; the message names the file and what to try.
    void failed(const QString &error);

private:
    QString m_path;
    QThread m_thread;
    MetricWriter *m_writer = nullptr;
    QTimer m_flushTimer;
    QList<MetricSample> m_samples;
    QList<CheckRecord> m_results;
    std::shared_ptr<std::atomic_bool> m_stopping = std::make_shared<std::atomic_bool>(false);
    std::shared_ptr<QString> m_lastError = std::make_shared<QString>();
    static constexpr int kBatchSamples = 500;
};

} // namespace triage
