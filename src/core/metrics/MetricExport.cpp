#include "MetricExport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace triage {

namespace {

QString isoTime(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODateWithMs);
}

// RFC 4180 quoting; and text a spreadsheet would run as a formula (=, +, -, @ first) is
// prefixed with a quote, since titles come from guides written by others.
QByteArray field(const QString &text)
{
    QString t = text;
    if (!t.isEmpty() && QStringLiteral("=+-@").contains(t.front()))
        t.prepend(QLatin1Char('\''));
    if (t.contains(QLatin1Char(',')) || t.contains(QLatin1Char('"')) || t.contains(QLatin1Char('\n')) || t.contains(QLatin1Char('\r'))) {
        t.replace(QLatin1Char('"'), QLatin1String("\"\""));
        t = QLatin1Char('"') + t + QLatin1Char('"');
    }
    return t.toUtf8();
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

} // namespace

QByteArray MetricExport::csv(const QList<MetricExportRow> &rows)
{
    QByteArray out = "time,resolution,environment,guide,node,check,metric,value,min,max,count\n";
    for (const MetricExportRow &r : rows) {
        out += isoTime(r.msecs).toLatin1() + ',' + r.resolution.toLatin1() + ',' + field(r.environment) + ',' + field(r.guide) + ','
               + field(r.node) + ',' + field(r.label) + ',' + field(r.metric) + ',' + number(r.value) + ',' + number(r.min) + ','
               + number(r.max) + ',' + QByteArray::number(r.count) + '\n';
    }
    return out;
}

QByteArray MetricExport::resultsCsv(const QList<CheckRecord> &results)
{
    QByteArray out = "time,environment,guide,node,check,type,target,status,outcome,message,duration_ms\n";
    for (const CheckRecord &r : results) {
        out += isoTime(r.msecs).toLatin1() + ',' + field(r.environment) + ',' + field(r.guide) + ',' + field(r.node) + ',' + field(r.title)
               + ',' + field(r.type) + ',' + field(r.target) + ',' + field(r.status) + ',' + field(r.outcome) + ',' + field(r.message) + ','
               + number(r.durationMs) + '\n';
    }
    return out;
}

QJsonObject MetricExport::json(const QList<MetricExportRow> &rows, const QList<CheckRecord> &results, qint64 since, const QString &store)
{
    QJsonArray samples;
    for (const MetricExportRow &r : rows) {
        samples.append(QJsonObject{{QStringLiteral("time"), isoTime(r.msecs)},
                                   {QStringLiteral("resolution"), r.resolution},
                                   {QStringLiteral("environment"), r.environment},
                                   {QStringLiteral("guide"), r.guide},
                                   {QStringLiteral("node"), r.node},
                                   {QStringLiteral("check"), r.label},
                                   {QStringLiteral("metric"), r.metric},
                                   {QStringLiteral("value"), r.value},
                                   {QStringLiteral("min"), r.min},
                                   {QStringLiteral("max"), r.max},
                                   {QStringLiteral("count"), r.count}});
    }
    QJsonArray checks;
    for (const CheckRecord &r : results) {
        checks.append(QJsonObject{{QStringLiteral("time"), isoTime(r.msecs)},
                                  {QStringLiteral("environment"), r.environment},
                                  {QStringLiteral("guide"), r.guide},
                                  {QStringLiteral("node"), r.node},
                                  {QStringLiteral("check"), r.title},
                                  {QStringLiteral("type"), r.type},
                                  {QStringLiteral("target"), r.target},
                                  {QStringLiteral("status"), r.status},
                                  {QStringLiteral("outcome"), r.outcome},
                                  {QStringLiteral("message"), r.message},
                                  {QStringLiteral("duration_ms"), r.durationMs}});
    }
    return {{QStringLiteral("since"), isoTime(since)},
            {QStringLiteral("store"), store},
            {QStringLiteral("samples"), samples},
            {QStringLiteral("results"), checks}};
}

std::optional<qint64> MetricExport::parseSince(const QString &text, qint64 nowMsecs, QString *error)
{
    static const QRegularExpression duration(QStringLiteral("^\\s*(\\d{1,9})\\s*(s|m|h|d|w)\\s*$"), QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = duration.match(text); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).toLower().front();
        const qint64 seconds = unit == u's' ? 1 : unit == u'm' ? 60 : unit == u'h' ? 3600 : unit == u'd' ? 86400 : 604800;
        return nowMsecs - n * seconds * 1000;
    }
    QDateTime at = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (at.isValid())
        return at.toMSecsSinceEpoch();
    *error = QStringLiteral("--since takes a duration (90s, 15m, 1h, 2d, 1w) or an ISO 8601 time (2026-11-23T08:00:00Z), not `%1`").arg(text);
    return std::nullopt;
}

} // namespace triage
