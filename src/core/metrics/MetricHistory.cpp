#include "MetricHistory.h"

#include "checks/Condition.h"

#include <QMap>

namespace triage {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

QString MetricHistory::metricOf(const QString &placeholder, const QStringList &path)
{
    if (!path.isEmpty())
        return path.last().toLower();
    if (placeholder == QLatin1String("RESPONSE_TIME") || placeholder == QLatin1String("LATENCY"))
        return QStringLiteral("latency_ms");
    return placeholder.toLower();
}

QList<MetricHistory::Threshold> MetricHistory::thresholds(const CheckSpec &spec)
{
    QList<Threshold> out;
    for (const QString &text : spec.expect) {
        const std::optional<Condition::Threshold> t = Condition::parse(text).threshold();
        if (t)
            out.append({metricOf(t->placeholder, t->path), t->value, text});
    }
    return out;
}

QStringList MetricHistory::add(const QString &nodeId, const QString &label, const CheckSpec &spec, const CheckResult &result, const QDateTime &at)
{
    QStringList added;
    if (result.status == CheckStatus::Skipped)
        return added;
    const QList<Threshold> limits = thresholds(spec);
    for (auto it = result.metrics.cbegin(); it != result.metrics.cend(); ++it) {
        bool ok = false;
        const double value = it.value().toDouble(&ok);
        if (!ok || it.value().typeId() == QMetaType::QString || it.value().typeId() == QMetaType::Bool)
            continue;
        Series *series = nullptr;
        for (Series &s : m_series) {
            if (s.nodeId == nodeId && s.metric == it.key() && s.label == label)
                series = &s;
        }
        if (!series) {
            m_series.append({nodeId, label, it.key(), {}, {}});
            series = &m_series.last();
            for (const Threshold &t : limits) {
                if (t.metric == it.key())
                    series->thresholds.append(t);
            }
        }
        series->points.append({at.toMSecsSinceEpoch(), value});
        if (series->points.size() > m_capacity)
            series->points.remove(0, series->points.size() - m_capacity);
        added.append(it.key());
    }
    return added;
}

QStringList MetricHistory::metrics() const
{
    QMap<QString, int> counts;
    for (const Series &s : m_series)
        counts[s.metric] += int(s.points.size());
    QStringList names = counts.keys();
    std::stable_sort(names.begin(), names.end(), [&](const QString &a, const QString &b) {
        // Latency first: every check has it; then by how much there is to see.
        if ((a == QLatin1String("latency_ms")) != (b == QLatin1String("latency_ms")))
            return a == QLatin1String("latency_ms");
        return counts.value(a) > counts.value(b);
    });
    return names;
}

QList<const MetricHistory::Series *> MetricHistory::seriesFor(const QString &metric) const
{
    QList<const Series *> out;
    for (const Series &s : m_series) {
        if (s.metric == metric)
            out.append(&s);
    }
    return out;
}

int MetricHistory::pointCount() const
{
    int n = 0;
    for (const Series &s : m_series)
        n += int(s.points.size());
    return n;
}

QString MetricHistory::csv(const QString &metric) const
{
    QString out = QStringLiteral("time,check,metric,value\n");
    for (const Series &s : m_series) {
        if (!metric.isEmpty() && s.metric != metric)
            continue;
        for (const Point &p : s.points) {
            out += QDateTime::fromMSecsSinceEpoch(p.msecs, Qt::UTC).toString(Qt::ISODateWithMs) + QLatin1Char(',') + csvField(s.label)
                   + QLatin1Char(',') + csvField(s.metric) + QLatin1Char(',') + QString::number(p.value, 'g', 12) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace triage
