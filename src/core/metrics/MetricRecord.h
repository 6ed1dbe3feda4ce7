#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace triage {

// What the metric store keeps and returns. Plain values, safe to copy across threads.

// One figure a check reported (latency_ms, hit_rate, used_memory, …) at one time.
struct MetricSample {
    QString guide;       // guide id
    QString node;        // check node id
    QString label;       // the check's title, for legends
    QString metric;
    QString environment; // "" when none was selected
    qint64 msecs = 0;    // since the epoch, UTC
    double value = 0;
};

// One check result, as the history keeps it: never a credential (masked before writing).
struct CheckRecord {
    qint64 msecs = 0;
    QString guide;
    QString node;
    QString title;
    QString type;        // check type: postgres, http, …
    QString target;
    QString environment;
    QString status;      // pass, fail, error, skipped
    QString outcome;     // ok, connection_refused, …
    QString message;
    double durationMs = 0;
};

// How long each tier keeps its samples.
struct MetricRetention {
    int rawHours = 24;
    int minuteDays = 30;
    int hourDays = 365;   // 0: keep hourly buckets forever
    int resultDays = 30;  // check results
    qint64 graceMsecs = 2 * 60 * 1000; // minutes this recent are not rolled up yet: late batches still land raw
};

struct MetricSeries {
    qint64 id = 0;
    QString guide;
    QString node;
    QString label;
    QString metric;
    QString environment;
    qint64 lastMsecs = 0; // newest sample in any tier
};

struct MetricPoint {
    qint64 msecs = 0;
    double value = 0;
};

// One exported row: a raw sample (resolution "raw", count 1) or a bucket ("1m", "1h").
struct MetricExportRow {
    qint64 msecs = 0;
    QString resolution;
    QString environment;
    QString guide;
    QString node;
    QString label;
    QString metric;
    double value = 0; // the sample, or the bucket's mean
    double min = 0;
    double max = 0;
    qint64 count = 1;
};

} // namespace triage

Q_DECLARE_TYPEINFO(triage::MetricPoint, Q_PRIMITIVE_TYPE);
