#include "MetricsCommands.h"

#include "CommandLine.h"
#include "metrics/MetricExport.h"
#include "metrics/MetricStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace triage::cli {

namespace {

void addOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addOption({QStringLiteral("since"), QStringLiteral("From this long ago (90s, 15m, 1h, 2d, 1w) or this ISO time; default 1h."),
                      QStringLiteral("when")});
    parser.addOption({QStringLiteral("store"), QStringLiteral("The history file (default: the app's)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("log-level"), QStringLiteral("stderr log level."), QStringLiteral("level")});
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
}

const char kHelp[] = "Usage: triage metrics export [--since WHEN] [--csv|--json] [--results] [--output FILE] [--store FILE]\n"
                     "       triage metrics series [--since WHEN] [--json] [--store FILE]\n"
                     "WHEN is a duration (90s, 15m, 1h, 2d, 1w) or an ISO 8601 time; the default is 1h.\n"
                     "export writes samples as CSV (time,resolution,environment,guide,node,check,metric,value,min,max,count),\n"
                     "or check results with --results; --json writes both. Older samples come as 1m or 1h buckets.\n";

} // namespace

MetricsCommands::MetricsCommands(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

int MetricsCommands::usage(const QString &problem)
{
    m_err << "triage metrics: " << problem << "\nTry `triage metrics --help`.\n";
    m_err.flush();
    return Usage;
}

int MetricsCommands::run(const QStringList &arguments)
{
    QStringList args = arguments;
    QStringList leading;
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString option = args.takeFirst();
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            m_out << kHelp;
            return Ok;
        }
        leading.append(option);
        if (option == QLatin1String("--log-level") && !args.isEmpty())
            leading.append(args.takeFirst());
    }
    if (args.isEmpty())
        return usage(QStringLiteral("say what to do: export or series"));
    const QString action = args.takeFirst();
    if (action == QLatin1String("export"))
        return exportHistory(leading + args);
    if (action == QLatin1String("series"))
        return listSeries(leading + args);
    return usage(QStringLiteral("unknown action `%1`; use export or series").arg(action));
}

int MetricsCommands::exportHistory(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.addOption({QStringLiteral("csv"), QStringLiteral("Write CSV (the default).")});
    parser.addOption({QStringLiteral("results"), QStringLiteral("CSV of check results instead of samples.")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE")});
    if (!parser.parse(QStringList{QStringLiteral("export")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << kHelp;
        return Ok;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("export takes no arguments, only options (`%1`?)").arg(parser.positionalArguments().first()));
    if (parser.isSet(QStringLiteral("csv")) && parser.isSet(QStringLiteral("json")))
        return usage(QStringLiteral("choose one of --csv and --json"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QString error;
    const std::optional<qint64> since = MetricExport::parseSince(parser.value(QStringLiteral("since")).isEmpty() ? QStringLiteral("1h")
                                                                                                                   : parser.value(QStringLiteral("since")),
                                                                 now, &error);
    if (!since)
        return usage(error);
    MetricStore store(parser.isSet(QStringLiteral("store")) ? parser.value(QStringLiteral("store")) : MetricStore::defaultPath());
    if (!store.open(&error, true)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool results = parser.isSet(QStringLiteral("results"));
    QByteArray text;
    qsizetype count = 0;
    if (json || results) {
        const QList<CheckRecord> records = store.results(*since, &error);
        const QList<MetricExportRow> rows = json ? store.exportRows(*since, &error) : QList<MetricExportRow>();
        if (!error.isEmpty()) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        count = json ? rows.size() + records.size() : records.size();
        text = json ? QJsonDocument(MetricExport::json(rows, records, *since, QDir::toNativeSeparators(store.path()))).toJson(QJsonDocument::Indented)
                    : MetricExport::resultsCsv(records);
    } else {
        const QList<MetricExportRow> rows = store.exportRows(*since, &error);
        if (!error.isEmpty()) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        count = rows.size();
        text = MetricExport::csv(rows);
    }
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        m_out << QString::fromUtf8(text);
        m_out.flush();
    } else {
        QSaveFile file(output);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
            m_err << "triage: " << output << ": cannot write the export (" << file.errorString() << ")\n";
            return InputError;
        }
        m_err << "Wrote " << count << (json ? " records" : results ? " check results" : " rows") << " to " << output << "\n";
    }
    if (count == 0)
        m_err << "triage: nothing recorded since " << QDateTime::fromMSecsSinceEpoch(*since, Qt::UTC).toString(Qt::ISODate) << " in "
              << QDir::toNativeSeparators(store.path()) << "\n";
    m_err.flush();
    return Ok;
}

int MetricsCommands::listSeries(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("series")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << kHelp;
        return Ok;
    }
    QString error;
    const std::optional<qint64> since = MetricExport::parseSince(parser.value(QStringLiteral("since")).isEmpty() ? QStringLiteral("1h")
                                                                                                                   : parser.value(QStringLiteral("since")),
                                                                 QDateTime::currentMSecsSinceEpoch(), &error);
    if (!since)
        return usage(error);
    MetricStore store(parser.isSet(QStringLiteral("store")) ? parser.value(QStringLiteral("store")) : MetricStore::defaultPath());
    if (!store.open(&error, true)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    const QList<MetricSeries> all = store.series(*since, &error);
    if (!error.isEmpty()) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray items;
        for (const MetricSeries &s : all)
            items.append(QJsonObject{{QStringLiteral("guide"), s.guide},
                                     {QStringLiteral("node"), s.node},
                                     {QStringLiteral("check"), s.label},
                                     {QStringLiteral("metric"), s.metric},
                                     {QStringLiteral("environment"), s.environment},
                                     {QStringLiteral("last"), QDateTime::fromMSecsSinceEpoch(s.lastMsecs, Qt::UTC).toString(Qt::ISODateWithMs)}});
        m_out << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("series"), items}}).toJson(QJsonDocument::Indented));
    } else {
        for (const MetricSeries &s : all)
            m_out << QDateTime::fromMSecsSinceEpoch(s.lastMsecs, Qt::UTC).toString(Qt::ISODate) << "  " << s.metric << "  " << s.label << "  ("
                  << s.guide << "/" << s.node << (s.environment.isEmpty() ? QString() : QStringLiteral(", ") + s.environment) << ")\n";
        if (all.isEmpty())
            m_err << "triage: no series with samples in that time\n";
    }
    m_out.flush();
    m_err.flush();
    return Ok;
}

} // namespace triage::cli
