#pragma once

#include "MetricRecord.h"

#include <QList>

namespace triage {

// Reduces a time series to what a line chart `width` pixels wide can show, keeping its shape:
// per pixel column the first, last, lowest and highest point (M4 aggregation), so that every
// spike and dip that would light a pixel is still drawn. Points may arrive in any number; the
// memory held is four points per column.
//
// Value type; not thread-safe (use one per thread).
class MetricDecimator {
public:
    MetricDecimator(qint64 from, qint64 to, int width);

    void add(qint64 msecs, double value);
    // A bucket (min and max over [msecs, msecs + span)): both extremes, at the bucket's start.
    void addRange(qint64 msecs, double low, double high);
    // The kept points, in time order.
    QList<MetricPoint> points() const;

    // Decimates a list in one call.
    static QList<MetricPoint> decimate(const QList<MetricPoint> &points, qint64 from, qint64 to, int width);

private:
    struct Column {
        MetricPoint first, last, low, high;
        bool used = false;
    };
    qint64 m_from;
    qint64 m_span;
    int m_width;
    QList<Column> m_columns;
};

} // namespace triage
