#pragma once

#include "MetricRecord.h"

#include <QList>
#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace triage {

// The history of check results and metric samples, in an embedded SQLite database under the
// app's data folder (~/.local/share/triage/metrics.sqlite, folder 0700, file 0600).
//
// Samples live in three tiers:
//  - raw samples, for `rawHours` (24 h);
//  - 1-minute buckets (min, max, sum, count), for `minuteDays` (30 days);
//  - 1-hour buckets, for `hourDays` (a year; 0 keeps them).
// compact() rolls complete minutes and hours up, so the coarser tiers also cover recent time
// (a day-long chart reads 1,440 buckets, not every sample), then drops what retention says.
// Readers take each stretch of time from one tier, so nothing is counted twice. The schema is
// versioned (PRAGMA user_version) and migrated in a transaction on open; the journal is WAL,
// so a reader never waits for the writer and a process killed mid-write leaves the last
// committed batch intact.
//
// One connection, used from the thread that opened it (Qt's SQL connections are thread-bound).
// Open one store per thread; several may share a file. Blocking I/O: never on the GUI thread.
class MetricStore {
public:
    // The current schema version, which open() migrates to.
    static int schemaVersion();
    static QString defaultPath();
    // How long each tier is kept, as the user set it (QSettings `history/…`; `triage metrics
    // retention` sets it), else the defaults.
    static MetricRetention retention();
    static void setRetention(const MetricRetention &retention);

    explicit MetricStore(QString path = defaultPath());
    ~MetricStore();
    MetricStore(const MetricStore &) = delete;
    MetricStore &operator=(const MetricStore &) = delete;

    // Creates the file (0600) and its folder (0700) when missing, switches to WAL and migrates.
    // `readOnly`: open an existing store for reading only; fails when there is none.
    bool open(QString *error, bool readOnly = false);
    bool isOpen() const { return m_open; }
    const QString &path() const { return m_path; }
    // The version found on disk before open() migrated it (0 for a new file).
    int versionFound() const { return m_versionFound; }

    // Writes one batch in one transaction: all of it, or (on error) none of it. Messages and
    // targets are masked before they are written; NaN and infinite values are left out.
    bool append(const QList<MetricSample> &samples, const QList<CheckRecord> &results, QString *error);

    // Rolls complete minutes older than `now - grace` into 1-minute buckets and complete hours
    // into 1-hour buckets, then deletes what `retention` no longer keeps. Idempotent.
    // `stop`, when set, is read between series: a compaction asked to stop rolls back.
    bool compact(qint64 nowMsecs, const MetricRetention &retention, QString *error, const std::atomic_bool *stop = nullptr);

    // Series with a sample at or after `since` (all of them for 0), most recent first.
    QList<MetricSeries> series(qint64 since, QString *error) const;
    // Points for one chart of `width` pixels between `from` and `to`: per pixel column the
    // first, last, lowest and highest sample (M4), read from the coarsest tier that still has a
    // bucket per pixel, and from finer or coarser tiers where that one holds nothing.
    QList<MetricPoint> chart(qint64 seriesId, qint64 from, qint64 to, int width, QString *error) const;
    // Every stored sample and bucket at or after `since`, oldest first, for export.
    QList<MetricExportRow> exportRows(qint64 since, QString *error) const;
    QList<CheckRecord> results(qint64 since, QString *error) const;

    // Counts, for tests, benchmarks and the status bar.
    struct Counts {
        qint64 raw = 0;
        qint64 chunks = 0;  // rows the raw samples are packed in
        qint64 minute = 0;
        qint64 hour = 0;
        qint64 results = 0;
        qint64 series = 0;
    };
    Counts counts() const;
    // When compact() last finished (ms since the epoch), or 0.
    qint64 lastCompacted() const;
    // Bytes in pages that hold data (freed pages, which SQLite reuses, not counted).
    qint64 storedBytes() const;
    // PRAGMA integrity_check: "ok", or what SQLite found.
    QString integrityCheck() const;
    QString journalMode() const;

private:
    bool migrate(QString *error);
    // Calls found(t, value) for the raw samples of a series in [from, to), chunk by chunk.
    bool readRaw(qint64 seriesId, qint64 from, qint64 to, QString *error, const std::function<void(qint64, double)> &found) const;
    bool exec(const QString &sql, QString *error) const;
    std::optional<qint64> seriesId(const MetricSample &sample, QString *error);
    qint64 meta(const QString &key, qint64 fallback) const;
    bool setMeta(const QString &key, qint64 value, QString *error);
    QString failure(const QString &what, const QString &detail) const;

    QString m_path;
    QString m_connection;
    QSqlDatabase m_db;
    bool m_open = false;
    int m_versionFound = 0;
    QHash<QString, qint64> m_seriesIds; // "guide\x1fnode\x1fmetric\x1fenvironment" → id
};

} // namespace triage
