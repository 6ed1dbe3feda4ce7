#pragma once

#include <QStringList>
#include <QTextStream>

namespace triage::cli {

// `triage metrics …`: the metric history the app and `triage check` keep (see MetricStore).
//   export [--since 1h] [--csv|--json] [--results] [--output FILE] [--store FILE]
//   series [--since 1h] [--json] [--store FILE]
//   query PROMQL (--profile ENV/NAME | --url URL) [--since 1h] [--step 1m] [--instant] [--json]
//   retention [--raw-hours N] [--minute-days N] [--hour-days N] [--result-days N] [--json]
// Opens the store read-only. `query` asks a Prometheus server (Prometheus is the store for a
// fleet; nothing is copied into the history), its credential from the keychain. Exit codes as
// CommandLine's: 1 when a query matches no series, 2 when Prometheus rejects the PromQL, 3 when
// there is no history, or the server or the keychain cannot be reached. Writes to streams it
// does not own.
class MetricsCommands {
public:
    MetricsCommands(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments);

private:
    int exportHistory(const QStringList &arguments);
    int listSeries(const QStringList &arguments);
    int query(const QStringList &arguments);
    int retention(const QStringList &arguments);
    int usage(const QString &problem);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace triage::cli
