#pragma once

#include "MetricRecord.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace triage {

// The metric history as files for other tools: CSV (RFC 4180, one row per sample or bucket)
// and JSON (samples and check results), and the `--since` durations the CLI accepts.
// Stateless; reentrant.
class MetricExport {
public:
    // time,resolution,environment,guide,node,check,metric,value,min,max,count
    static QByteArray csv(const QList<MetricExportRow> &rows);
    // time,environment,guide,node,check,type,target,status,outcome,message,duration_ms
    static QByteArray resultsCsv(const QList<CheckRecord> &results);
    // {"since","store","samples":[…],"results":[…]}
    static QJsonObject json(const QList<MetricExportRow> &rows, const QList<CheckRecord> &results, qint64 since, const QString &store);

    // "90s", "15m", "1h", "2d", "1w", or an ISO 8601 time: the moment it names, in ms since the
    // epoch. nullopt with `error` saying what is accepted.
    static std::optional<qint64> parseSince(const QString &text, qint64 nowMsecs, QString *error);
};

} // namespace triage
