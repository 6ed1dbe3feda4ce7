#include "MetricsCommands.h"

#include "CommandLine.h"
#include "metrics/MetricExport.h"
#include "metrics/MetricStore.h"
#include "metrics/PrometheusClient.h"
#include "ProfileCommands.h"
#include "profiles/ProfileStore.h"
#include "secrets/SecretStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <limits>

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
                     "       triage metrics query PROMQL (--profile ENV/NAME | --url URL) [--since WHEN] [--step 1m] [--instant] [--json]\n"
                     "       triage metrics retention [--raw-hours N] [--minute-days N] [--hour-days N (0: forever)] [--result-days N] [--json]\n"
                     "WHEN is a duration (90s, 15m, 1h, 2d, 1w) or an ISO 8601 time; the default is 1h.\n"
                     "export writes samples as CSV (time,resolution,environment,guide,node,check,metric,value,min,max,count),\n"
                     "or check results with --results; --json writes both. Older samples come as 1m or 1h buckets.\n"
                     "query asks a Prometheus server (a prometheus profile; its token or password comes from the keychain).\n";

// The moment --since names (default: an hour ago).
std::optional<qint64> sinceOption(const QCommandLineParser &parser, qint64 nowMsecs, QString *error)
{
    const QString since = parser.value(QStringLiteral("since"));
    return MetricExport::parseSince(since.isEmpty() ? QStringLiteral("1h") : since, nowMsecs, error);
}

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
        return usage(QStringLiteral("say what to do: export, series, query or retention"));
    const QString action = args.takeFirst();
    if (action == QLatin1String("export"))
        return exportHistory(leading + args);
    if (action == QLatin1String("series"))
        return listSeries(leading + args);
    if (action == QLatin1String("query"))
        return query(leading + args);
    if (action == QLatin1String("retention"))
        return retention(leading + args);
    return usage(QStringLiteral("unknown action `%1`; use export, series, query or retention").arg(action));
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
    const std::optional<qint64> since = sinceOption(parser, now, &error);
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
    const std::optional<qint64> since = sinceOption(parser, QDateTime::currentMSecsSinceEpoch(), &error);
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

int MetricsCommands::query(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.addOption({QStringLiteral("profile"), QStringLiteral("A prometheus profile: ENV/NAME."), QStringLiteral("ENV/NAME")});
    parser.addOption({QStringLiteral("url"), QStringLiteral("A Prometheus server's URL, without credentials."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("step"), QStringLiteral("Resolution of a range query (default: the range / 300)."), QStringLiteral("step")});
    parser.addOption({QStringLiteral("instant"), QStringLiteral("One value per series, now.")});
    parser.addOption({QStringLiteral("timeout"), QStringLiteral("Time limit in ms (default 10000)."), QStringLiteral("ms")});
    parser.addOption({QStringLiteral("session-secrets"), QStringLiteral("Do not use the keychain in this run.")});
    if (!parser.parse(QStringList{QStringLiteral("query")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << kHelp;
        return Ok;
    }
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("query takes one PromQL expression (quote it)"));
    if (parser.isSet(QStringLiteral("profile")) == parser.isSet(QStringLiteral("url")))
        return usage(QStringLiteral("say where Prometheus is: --profile ENV/NAME (a prometheus profile) or --url URL"));
    const QString promql = parser.positionalArguments().first();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QString error;
    const std::optional<qint64> since = sinceOption(parser, now, &error);
    if (!since)
        return usage(error);
    qint64 step = std::max<qint64>(1000, (now - *since) / 300);
    if (parser.isSet(QStringLiteral("step"))) {
        const std::optional<qint64> stepStart = MetricExport::parseSince(parser.value(QStringLiteral("step")), 0, &error);
        if (!stepStart || -*stepStart <= 0)
            return usage(QStringLiteral("--step takes a duration such as 15s, 1m or 1h, not `%1`").arg(parser.value(QStringLiteral("step"))));
        step = -*stepStart;
    }
    bool timeoutOk = true;
    const int timeout = parser.isSet(QStringLiteral("timeout")) ? parser.value(QStringLiteral("timeout")).toInt(&timeoutOk) : 10000;
    if (!timeoutOk || timeout < 1 || timeout > 600000)
        return usage(QStringLiteral("--timeout takes milliseconds between 1 and 600000"));

    QUrl base;
    PrometheusAuth auth;
    if (parser.isSet(QStringLiteral("url"))) {
        base = QUrl(parser.value(QStringLiteral("url")));
        if (!base.isValid() || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https")) || base.host().isEmpty())
            return usage(QStringLiteral("--url takes http(s)://host:port[/prefix], not `%1`").arg(parser.value(QStringLiteral("url"))));
        if (!base.password().isEmpty())
            return usage(QStringLiteral("--url must not carry a password: it would sit in your shell history. Make a profile "
                                        "(`triage profile add ENV/NAME prometheus+https://user@host`) and keep the password in the keychain"));
    } else {
        QString environment, name;
        if (!ProfileStore::splitReference(parser.value(QStringLiteral("profile")), &environment, &name))
            return usage(QStringLiteral("--profile takes ENV/NAME, not `%1`").arg(parser.value(QStringLiteral("profile"))));
        ProfileStore store;
        if (!store.load(&error)) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        const Environment *env = store.environment(environment);
        const ConnectionProfile *profile = env ? env->profile(name) : nullptr;
        if (!profile)
            return usage(QStringLiteral("no profile `%1`; `triage profile list` shows them").arg(parser.value(QStringLiteral("profile"))));
        if (profile->type != QLatin1String("prometheus"))
            return usage(QStringLiteral("`%1` is a %2 profile, not a prometheus one").arg(parser.value(QStringLiteral("profile")), profile->type));
        base = QUrl(profile->base);
        SecretStore secrets(parser.isSet(QStringLiteral("session-secrets")));
        QString keychainError;
        const int read = ProfileCommands::runAsync([&](std::function<void(int)> finish) {
            PrometheusClient::authFor(environment, *profile, &secrets, [&, finish](const PrometheusAuth &found, const QString &e) {
                auth = found;
                keychainError = e;
                finish(e.isEmpty() ? Ok : InputError);
            });
        });
        if (read != Ok) {
            m_err << "triage: " << keychainError << "\n";
            return InputError;
        }
    }

    PrometheusClient client(base, auth);
    client.setTimeout(timeout);
    PrometheusAnswer answer;
    ProfileCommands::runAsync([&](std::function<void(int)> finish) {
        QObject::connect(&client, &PrometheusClient::finished, &client, [&, finish](int, const PrometheusAnswer &a) {
            answer = a;
            finish(0);
        });
        if (parser.isSet(QStringLiteral("instant")))
            client.query(promql);
        else
            client.queryRange(promql, *since, now, step);
    });
    for (const QString &w : std::as_const(answer.warnings))
        m_err << "triage: Prometheus says: " << w << "\n";
    if (!answer.ok()) {
        m_err << "triage: " << answer.message << "\n";
        m_err.flush();
        return answer.outcome == CheckOutcome::InvalidSpec ? Usage : InputError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray series;
        for (const PrometheusSeries &s : std::as_const(answer.series)) {
            QJsonObject labels;
            for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
                labels.insert(it.key(), it.value());
            QJsonArray points;
            for (const MetricPoint &p : s.points)
                points.append(QJsonArray{QDateTime::fromMSecsSinceEpoch(p.msecs, Qt::UTC).toString(Qt::ISODateWithMs),
                                         std::isfinite(p.value) ? QJsonValue(p.value) : QJsonValue(QString::number(p.value))});
            series.append(QJsonObject{{QStringLiteral("name"), s.displayName()}, {QStringLiteral("labels"), labels}, {QStringLiteral("points"), points}});
        }
        m_out << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("resultType"), answer.resultType},
                                                             {QStringLiteral("series"), series},
                                                             {QStringLiteral("warnings"), QJsonArray::fromStringList(answer.warnings)},
                                                             {QStringLiteral("duration_ms"), answer.durationMs}})
                                       .toJson(QJsonDocument::Indented));
    } else {
        for (const PrometheusSeries &s : std::as_const(answer.series)) {
            double low = std::numeric_limits<double>::infinity(), high = -low;
            for (const MetricPoint &p : s.points) {
                low = std::min(low, p.value);
                high = std::max(high, p.value);
            }
            const double last = s.points.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : s.points.last().value;
            m_out << s.displayName() << "  " << QString::number(last, 'g', 6);
            if (s.points.size() > 1)
                m_out << "  (min " << QString::number(low, 'g', 6) << ", max " << QString::number(high, 'g', 6) << ", " << s.points.size() << " points)";
            m_out << "\n";
        }
        m_err << answer.message << " in " << QString::number(answer.durationMs, 'f', 0) << " ms\n";
    }
    m_out.flush();
    m_err.flush();
    return answer.series.isEmpty() ? Findings : Ok;
}

int MetricsCommands::retention(const QStringList &arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    const QList<std::tuple<QString, int, int, QString>> knobs{
        {QStringLiteral("raw-hours"), 1, 24 * 30, QStringLiteral("Hours raw samples are kept (1..720; default 24).")},
        {QStringLiteral("minute-days"), 1, 365, QStringLiteral("Days 1-minute buckets are kept (1..365; default 30).")},
        {QStringLiteral("hour-days"), 0, 3650, QStringLiteral("Days 1-hour buckets are kept (0 forever; default 365).")},
        {QStringLiteral("result-days"), 1, 3650, QStringLiteral("Days check results are kept (default 30).")},
    };
    for (const auto &[name, low, high, help] : knobs)
        parser.addOption({name, help, QStringLiteral("n")});
    if (!parser.parse(QStringList{QStringLiteral("retention")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << kHelp;
        return Ok;
    }
    MetricRetention r = MetricStore::retention();
    int *fields[] = {&r.rawHours, &r.minuteDays, &r.hourDays, &r.resultDays};
    bool changed = false;
    for (int i = 0; i < knobs.size(); ++i) {
        const auto &[name, low, high, help] = knobs.at(i);
        if (!parser.isSet(name))
            continue;
        bool ok = false;
        const int n = parser.value(name).toInt(&ok);
        if (!ok || n < low || n > high)
            return usage(QStringLiteral("--%1 takes a whole number from %2 to %3, not `%4`").arg(name).arg(low).arg(high).arg(parser.value(name)));
        *fields[i] = n;
        changed = true;
    }
    if (changed)
        MetricStore::setRetention(r);
    if (parser.isSet(QStringLiteral("json"))) {
        m_out << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("raw_hours"), r.rawHours},
                                                             {QStringLiteral("minute_days"), r.minuteDays},
                                                             {QStringLiteral("hour_days"), r.hourDays},
                                                             {QStringLiteral("result_days"), r.resultDays}})
                                       .toJson(QJsonDocument::Indented));
    } else {
        m_out << "raw samples     " << r.rawHours << " hours\n"
              << "1-minute buckets " << r.minuteDays << " days\n"
              << "1-hour buckets  " << (r.hourDays == 0 ? QStringLiteral("forever") : QStringLiteral("%1 days").arg(r.hourDays)) << "\n"
              << "check results   " << r.resultDays << " days\n";
        if (changed)
            m_err << "Applies at the next compaction (every few minutes while the app or a check runs).\n";
    }
    m_out.flush();
    m_err.flush();
    return Ok;
}

} // namespace triage::cli
