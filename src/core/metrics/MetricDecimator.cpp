#include "MetricDecimator.h"

#include <algorithm>

namespace triage {

MetricDecimator::MetricDecimator(qint64 from, qint64 to, int width)
    : m_from(from)
    , m_span(std::max<qint64>(1, to - from))
    , m_width(std::max(1, width))
    , m_columns(m_width)
{
}

void MetricDecimator::add(qint64 msecs, double value)
{
    const qint64 offset = std::clamp<qint64>(msecs - m_from, 0, m_span - 1);
    // 128-bit free: spans are at most centuries of milliseconds (< 2^42), widths < 2^16.
    Column &c = m_columns[qsizetype(offset * m_width / m_span)];
    const MetricPoint p{msecs, value};
    if (!c.used) {
        c = {p, p, p, p, true};
        return;
    }
    if (msecs < c.first.msecs)
        c.first = p;
    if (msecs >= c.last.msecs)
        c.last = p;
    if (value < c.low.value)
        c.low = p;
    if (value > c.high.value)
        c.high = p;
}

void MetricDecimator::addRange(qint64 msecs, double low, double high)
{
    add(msecs, low);
    add(msecs, high);
}

QList<MetricPoint> MetricDecimator::points() const
{
    QList<MetricPoint> out;
    out.reserve(m_width * 4);
    for (const Column &c : m_columns) {
        if (!c.used)
            continue;
        MetricPoint four[4] = {c.first, c.low, c.high, c.last};
        std::stable_sort(std::begin(four), std::end(four), [](const MetricPoint &a, const MetricPoint &b) { return a.msecs < b.msecs; });
        for (const MetricPoint &p : four) {
            // The same point often plays several roles (a column with one sample is all four).
            if (!out.isEmpty() && out.last().msecs == p.msecs && out.last().value == p.value)
                continue;
            out.append(p);
        }
    }
    return out;
}

QList<MetricPoint> MetricDecimator::decimate(const QList<MetricPoint> &points, qint64 from, qint64 to, int width)
{
    if (points.size() <= qsizetype(width) * 4)
        return points;
    MetricDecimator d(from, to, width);
    for (const MetricPoint &p : points)
        d.add(p.msecs, p.value);
    return d.points();
}

} // namespace triage
