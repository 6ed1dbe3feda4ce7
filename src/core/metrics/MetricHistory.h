#pragma once

#include "checks/CheckResult.h"
#include "checks/CheckSpec.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

// The figures that checks report over time, for the charts: each numeric metric of each check
// (latency_ms, hit_rate, used_memory, cpu, value, …) is a series of timed points, kept up to a
// fixed number per series. Also the thresholds a guide states in a check's conditions
// ("[CPU] < 85%"), as lines to draw on the same chart.
//
// Value type; not thread-safe.
class MetricHistory {
public:
    struct Point {
        qint64 msecs = 0; // since the epoch, UTC
        double value = 0;
    };
    struct Threshold {
        QString metric;
        double value = 0;
        QString label; // the condition as the guide wrote it
    };
    struct Series {
        QString nodeId;
        QString label;  // the check's title
        QString metric;
        QList<Point> points;
        QList<Threshold> thresholds;
    };

    explicit MetricHistory(int capacity = 2000)
        : m_capacity(capacity)
    {
    }

    // Records every numeric metric of a result. Returns the metrics it added a point to.
    QStringList add(const QString &nodeId, const QString &label, const CheckSpec &spec, const CheckResult &result,
                    const QDateTime &at = QDateTime::currentDateTimeUtc());
    void clear() { m_series.clear(); }

    // Metric names seen so far, most common first.
    QStringList metrics() const;
    QList<const Series *> seriesFor(const QString &metric) const;
    int pointCount() const;

    // time,check,metric,value rows for one metric (all of them when empty), RFC 4180 quoting.
    QString csv(const QString &metric = QString()) const;

    // The metric a condition's placeholder speaks of: RESPONSE_TIME is latency_ms,
    // [INFO].used_memory is used_memory, CPU is cpu.
    static QString metricOf(const QString &placeholder, const QStringList &path);
    static QList<Threshold> thresholds(const CheckSpec &spec);

private:
    int m_capacity;
    QList<Series> m_series; // in the order first seen
};

} // namespace triage
