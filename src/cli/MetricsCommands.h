#pragma once

#include <QStringList>
#include <QTextStream>

namespace triage::cli {

// `triage metrics …`: the metric history the app and `triage check` keep (see MetricStore).
//   export [--since 1h] [--csv|--json] [--results] [--output FILE] [--store FILE]
//   series [--since 1h] [--json] [--store FILE]
// Opens the store read-only. Exit codes as CommandLine's; 3 when there is no history or it
// cannot be read. Writes to streams it does not own.
class MetricsCommands {
public:
    MetricsCommands(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments);

private:
    int exportHistory(const QStringList &arguments);
    int listSeries(const QStringList &arguments);
    int usage(const QString &problem);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace triage::cli
