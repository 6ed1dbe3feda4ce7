#include "CommandLine.h"

#include "TreePrinter.h"
#include "session/SessionReport.h"
#include "session/SessionStore.h"
#include "MetricsCommands.h"
#include "ProfileCommands.h"
#include "TrustCommands.h"
#include "checks/CommandProbe.h"
#include "guide/GuideTrust.h"
#include "secrets/SecretRedaction.h"
#include "metrics/MetricRecorder.h"
#include "metrics/MetricStore.h"
#include "profiles/EnvironmentBinding.h"
#include "PostgresProbe.h"
#include "checks/CheckRunner.h"
#include "checks/ReverseTriage.h"
#include "guide/GuideImporter.h"
#include "guide/GuideLibrary.h"
#include "lint/GuideLinter.h"
#include "log/Logging.h"
#include "search/SearchIndex.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTimer>

namespace triage::cli {

namespace {

// A parser with the options every subcommand shares.
void addCommonOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")});
    parser.addOption({QStringLiteral("log-level"), QStringLiteral("stderr log level: trace, debug, info, warn, error, off."),
                      QStringLiteral("level")});
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

} // namespace

CommandLine::CommandLine(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

QStringList CommandLine::subcommands()
{
    return {QStringLiteral("lint"),    QStringLiteral("tree"),    QStringLiteral("find"),   QStringLiteral("check"),
            QStringLiteral("env"),     QStringLiteral("profile"), QStringLiteral("secret"), QStringLiteral("report"), QStringLiteral("metrics"), QStringLiteral("trust"),
            QStringLiteral("help")};
}

int CommandLine::run(const QStringList &arguments)
{
    QStringList args = arguments;
    // Global options may come before the subcommand: `triage --log-level debug lint x.md`.
    QStringList leading;
    while (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString option = args.takeFirst();
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            printHelp();
            return Ok;
        }
        if (option == QLatin1String("--version")) {
            m_out << "triage " << QCoreApplication::applicationVersion() << "\n";
            return Ok;
        }
        leading.append(option);
        if (option == QLatin1String("--log-level") && !args.isEmpty())
            leading.append(args.takeFirst());
    }
    if (args.isEmpty())
        return usage(QStringLiteral("no subcommand given"));
    const QString command = args.takeFirst();
    args = leading + args;
    if (command == QLatin1String("lint"))
        return lint(args);
    if (command == QLatin1String("tree"))
        return tree(args);
    if (command == QLatin1String("find"))
        return find(args);
    if (command == QLatin1String("check"))
        return check(args);
    if (command == QLatin1String("report"))
        return report(args);
    if (command == QLatin1String("metrics")) {
        MetricsCommands metrics(m_out, m_err);
        return metrics.run(args);
    }
    if (command == QLatin1String("env") || command == QLatin1String("profile") || command == QLatin1String("secret")) {
        QTextStream in(stdin);
        ProfileCommands profiles(m_out, m_err, in);
        const int code = command == QLatin1String("env") ? profiles.env(args)
                         : command == QLatin1String("profile") ? profiles.profile(args)
                                                               : profiles.secret(args);
        m_out.flush();
        m_err.flush();
        return code;
    }
    if (command == QLatin1String("trust")) {
        TrustCommands trust(m_out, m_err);
        return trust.run(args);
    }
    if (command == QLatin1String("help")) {
        printHelp();
        return Ok;
    }
    return usage(QStringLiteral("unknown subcommand `%1`").arg(command));
}

int CommandLine::usage(const QString &problem)
{
    m_err << "triage: " << problem << "\n";
    m_err << "Try `triage --help`.\n";
    m_err.flush();
    return Usage;
}

void CommandLine::printHelp()
{
    m_out << "Usage: triage [--log-level LEVEL] [COMMAND [OPTIONS] ARGS]\n"
             "\n"
             "With no command, opens the desktop app with the bundled guides.\n"
             "\n"
             "Commands:\n"
             "  lint PATH...          check guides; prints file:line:col: error|warning: message\n"
             "  tree PATH             print a guide's decision tree\n"
             "  find TEXT [PATH...]   rank the issues whose symptoms match TEXT (default: bundled guides)\n"
             "  check PATH            run a guide's checks live: [--env ENV] [--node ID] [--set TYPE.KEY=VALUE]... [--timeout MS]\n"
             "  env list|add|remove   environments (dev, uat, prod, …); `env add prod --production`\n"
             "  profile add|list|remove|test ENV/NAME [URL]   connection profiles; `--password-stdin` puts the secret in the keychain\n"
             "  secret set|delete ENV/NAME FIELD   a secret in the OS keychain; `set` reads it from stdin\n"
             "  report SESSION.json   a saved guided session as a report: [--format md|html|json] [--output FILE]\n"
             "  metrics export|series|query|retention   the kept history, and Prometheus: `triage metrics --help`\n"
             "  trust PATH...         let a guide's command checks run programs; `--revoke`, `--list`\n"
             "\n"
             "Options for every command:\n"
             "  --json                machine-readable output on stdout\n"
             "  --log-level LEVEL     trace, debug, info, warn (default), error, off\n"
             "\n"
             "Exit codes: 0 ok, 1 findings (lint errors, no match, a check that did not pass), 2 usage error\n"
             "(and, for check, a guide with errors), 3 unreadable input (or no metric history yet) or an unreachable keychain.\n";
    m_out.flush();
}

int CommandLine::lint(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("werror"), QStringLiteral("Treat warnings as errors.")});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Guide files or folders."), QStringLiteral("PATH..."));
    if (!parser.parse(QStringList{QStringLiteral("lint")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << "Usage: triage lint [--json] [--werror] PATH...\n";
        return Ok;
    }
    if (parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("lint needs at least one guide file or folder"));

    QStringList errors;
    const QStringList files = GuideLibrary::expandPaths(parser.positionalArguments(), &errors);
    for (const QString &e : std::as_const(errors))
        m_err << "triage: " << e << "\n";
    const GuideLibrary library = GuideLibrary::load(files);
    GuideDiagnostics diagnostics = GuideLinter::lint(library.guides());
    const bool werror = parser.isSet(QStringLiteral("werror"));
    int errorCount = 0, warningCount = 0;
    for (const GuideDiagnostic &d : std::as_const(diagnostics)) {
        if (d.isError() || werror)
            ++errorCount;
        else
            ++warningCount;
    }

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const GuideDiagnostic &d : std::as_const(diagnostics)) {
            list.append(QJsonObject{{QStringLiteral("file"), d.location.file},
                                    {QStringLiteral("line"), d.location.line},
                                    {QStringLiteral("column"), std::max(d.location.column, d.location.line > 0 ? 1 : 0)},
                                    {QStringLiteral("severity"), d.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                                    {QStringLiteral("code"), d.code},
                                    {QStringLiteral("message"), d.message}});
        }
        m_out << jsonText(QJsonObject{{QStringLiteral("files"), int(files.size())},
                                      {QStringLiteral("errors"), errorCount},
                                      {QStringLiteral("warnings"), warningCount},
                                      {QStringLiteral("diagnostics"), list}});
    } else {
        for (const GuideDiagnostic &d : std::as_const(diagnostics))
            m_out << d.toString() << "\n";
        m_err << files.size() << (files.size() == 1 ? " guide" : " guides") << " checked: " << errorCount
              << (errorCount == 1 ? " error, " : " errors, ") << warningCount << (warningCount == 1 ? " warning\n" : " warnings\n");
    }
    m_out.flush();
    m_err.flush();
    if (!errors.isEmpty() && files.isEmpty())
        return InputError;
    return errorCount > 0 || !errors.isEmpty() ? Findings : Ok;
}

int CommandLine::report(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("format"), QStringLiteral("md (default), html or json; --json means json."), QStringLiteral("FORMAT")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write the report to FILE (its extension sets the format)."),
                      QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("A session file saved by the window."), QStringLiteral("SESSION.json"));
    if (!parser.parse(QStringList{QStringLiteral("report")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << "Usage: triage report SESSION.json [--format md|html|json] [--output FILE]\n"
                 "Sessions autosave to " << SessionStore::folder() << "\n";
        return Ok;
    }
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("report takes exactly one session file; the window saves them in %1").arg(SessionStore::folder()));
    SessionReport::Format format = SessionReport::Format::Markdown;
    const QString output = parser.value(QStringLiteral("output"));
    if (parser.isSet(QStringLiteral("json")))
        format = SessionReport::Format::Json;
    else if (parser.isSet(QStringLiteral("format")) && !SessionReport::formatFromName(parser.value(QStringLiteral("format")), &format))
        return usage(QStringLiteral("--format takes md, html or json, not `%1`").arg(parser.value(QStringLiteral("format"))));
    else if (!parser.isSet(QStringLiteral("format")) && !output.isEmpty() && !SessionReport::formatFromName(output, &format))
        return usage(QStringLiteral("say --format md|html|json: `%1` has no extension Triage knows").arg(output));
    QString error;
    const std::optional<Session> session = SessionStore::read(parser.positionalArguments().first(), &error);
    if (!session) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    const QByteArray text = SessionReport::render(*session, format);
    if (output.isEmpty()) {
        m_out << QString::fromUtf8(text);
        m_out.flush();
        return Ok;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        m_err << "triage: " << output << ": cannot write the report (" << file.errorString() << ")\n";
        return InputError;
    }
    m_err << "Wrote " << output << "\n";
    return Ok;
}

int CommandLine::tree(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("A guide file."), QStringLiteral("PATH"));
    if (!parser.parse(QStringList{QStringLiteral("tree")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << "Usage: triage tree [--json] PATH\n";
        return Ok;
    }
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("tree takes exactly one guide file"));
    const QString path = parser.positionalArguments().first();
    const QFileInfo info(path);
    if (!info.isFile()) {
        m_err << "triage: " << path << ": " << (info.exists() ? "is a folder; tree takes one guide file" : "no such file") << "\n";
        return InputError;
    }
    const Guide guide = GuideImporter::importFile(path);
    if (guide.nodes.size() == 1 && GuideLinter::hasErrors(guide.diagnostics) && guide.diagnostics.first().location.line == 0) {
        m_err << guide.diagnostics.first().toString() << "\n";
        return InputError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        m_out << jsonText(guide.toJson());
    } else {
        TreePrinter(m_out).print(guide);
        for (const GuideDiagnostic &d : guide.diagnostics)
            m_err << d.toString() << "\n";
    }
    m_out.flush();
    m_err.flush();
    return Ok;
}

int CommandLine::find(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Most results to show (default 10)."), QStringLiteral("n"),
                      QStringLiteral("10")});
    parser.addPositionalArgument(QStringLiteral("text"), QStringLiteral("An error message or a few words."), QStringLiteral("TEXT"));
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Guide files or folders (default: bundled guides)."),
                                 QStringLiteral("[PATH...]"));
    if (!parser.parse(QStringList{QStringLiteral("find")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << "Usage: triage find [--json] [--limit N] TEXT [PATH...]\n";
        return Ok;
    }
    QStringList positionals = parser.positionalArguments();
    if (positionals.isEmpty() || positionals.first().trimmed().isEmpty())
        return usage(QStringLiteral("find needs the text to search for, e.g. triage find \"connection refused\""));
    bool limitOk = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&limitOk);
    if (!limitOk || limit < 1)
        return usage(QStringLiteral("--limit must be a positive number"));
    const QString text = positionals.takeFirst();

    QStringList errors;
    GuideLibrary library;
    if (positionals.isEmpty()) {
        library = GuideLibrary::loadBundled();
    } else {
        const QStringList files = GuideLibrary::expandPaths(positionals, &errors);
        for (const QString &e : std::as_const(errors))
            m_err << "triage: " << e << "\n";
        if (files.isEmpty()) {
            m_err.flush();
            return InputError;
        }
        library = GuideLibrary::load(files);
    }
    SearchIndex index;
    for (const Guide &g : library.guides())
        index.addGuide(g);
    const QList<SearchHit> hits = index.find(text, limit);

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray results;
        for (const SearchHit &h : hits) {
            results.append(QJsonObject{{QStringLiteral("guide"), h.guideId},
                                       {QStringLiteral("node"), h.nodeId},
                                       {QStringLiteral("title"), h.title},
                                       {QStringLiteral("score"), h.score},
                                       {QStringLiteral("file"), h.location.file},
                                       {QStringLiteral("line"), h.location.line}});
        }
        m_out << jsonText(QJsonObject{{QStringLiteral("results"), results}});
    } else if (hits.isEmpty()) {
        m_err << "No issue matches. Try fewer or other words, or a line of the error message.\n";
    } else {
        int rank = 1;
        for (const SearchHit &h : hits) {
            m_out << rank++ << ". " << h.title << "\n     " << h.guideTitle << " — " << h.location.toString()
                  << "  (score " << QString::number(h.score, 'f', 2) << ")\n";
        }
    }
    m_out.flush();
    m_err.flush();
    return hits.isEmpty() ? Findings : Ok;
}

namespace {


QString statusLabel(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return QStringLiteral("PASS ");
    case CheckStatus::Fail:
        return QStringLiteral("FAIL ");
    case CheckStatus::Error:
        return QStringLiteral("ERROR");
    case CheckStatus::Skipped:
        return QStringLiteral("SKIP ");
    }
    return QString();
}

} // namespace

int CommandLine::check(const QStringList &arguments)
{
    QCommandLineParser parser;
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("node"), QStringLiteral("Run only the checks under this node id."), QStringLiteral("id")});
    parser.addOption({QStringLiteral("set"), QStringLiteral("Override a target: TYPE.KEY=VALUE (repeatable)."), QStringLiteral("assignment")});
    parser.addOption({QStringLiteral("timeout"), QStringLiteral("Time limit per check, in ms (default 5000)."), QStringLiteral("ms")});
    parser.addOption({QStringLiteral("concurrency"), QStringLiteral("Checks run at once (default 8)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("trusted"), QStringLiteral("Let this guide's command checks run programs, for this run only.")});
    parser.addOption({QStringLiteral("var"), QStringLiteral("A value for a command check's ${NAME}: NAME=VALUE (repeatable)."), QStringLiteral("assignment")});
    parser.addOption({QStringLiteral("env"), QStringLiteral("Bind the checks to an environment's profiles."), QStringLiteral("name")});
    parser.addOption({QStringLiteral("session-secrets"), QStringLiteral("Do not use the keychain in this run.")});
    parser.addOption({QStringLiteral("no-history"), QStringLiteral("Do not keep these results in the metric history.")});
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("A guide file."), QStringLiteral("PATH"));
    if (!parser.parse(QStringList{QStringLiteral("check")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << "Usage: triage check [--json] [--node ID] [--set TYPE.KEY=VALUE]... [--var NAME=VALUE]... [--trusted] [--timeout MS] [--concurrency N] [--no-history] PATH\n"
                 "Command checks run only in a guide you trusted (`triage trust PATH`); --trusted allows them for this run.\n"
                 "Results and their metrics are kept in " << MetricStore::defaultPath() << " (see `triage metrics`).\n"
                 "Credentials come from TRIAGE_SECRET_<TYPE>_<FIELD> environment variables, never from arguments:\n"
                 "  TRIAGE_SECRET_POSTGRES_PASSWORD, TRIAGE_SECRET_REDIS_PASSWORD, TRIAGE_SECRET_HTTP_TOKEN.\n"
                 "Exit codes: 0 every check passed, 1 some did not, 2 usage or guide errors.\n";
        return Ok;
    }
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("check takes exactly one guide file"));
    // An environment binds first; --set on top of it wins.
    std::unique_ptr<SecretStore> secretStore;
    std::unique_ptr<EnvironmentBinding> binding;
    CheckOverrides overrides;
    if (parser.isSet(QStringLiteral("env"))) {
        ProfileStore store;
        QString error;
        if (!store.load(&error)) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        const Environment *env = store.environment(parser.value(QStringLiteral("env")));
        if (!env)
            return usage(QStringLiteral("no environment `%1`; `triage env list` shows them").arg(parser.value(QStringLiteral("env"))));
        QStringList bindErrors;
        overrides = env->overrides(&bindErrors);
        if (!bindErrors.isEmpty()) {
            for (const QString &e : std::as_const(bindErrors))
                m_err << "triage: " << e << "\n";
            m_err << "triage: not run: fix the profile (`triage profile remove` and `add` it again) so that every binding applies\n";
            return Usage;
        }
        secretStore = std::make_unique<SecretStore>(parser.isSet(QStringLiteral("session-secrets")));
        binding = std::make_unique<EnvironmentBinding>(*env, secretStore.get());
        QString keychainError;
        const int loaded = ProfileCommands::runAsync([&](std::function<void(int)> finish) {
            binding->load([&, finish](bool ok, const QString &e) {
                keychainError = e;
                finish(ok ? Ok : InputError);
            });
        });
        if (loaded != Ok) {
            m_err << "triage: " << keychainError << "\n";
            return InputError;
        }
        if (env->production)
            m_err << "triage: PRODUCTION environment `" << env->name << "`: these checks reach production services (read-only)\n";
        for (const QString &line : env->bindingLines())
            m_err << "triage: binding " << line << "\n";
        m_err.flush();
    }
    for (const QString &assignment : parser.values(QStringLiteral("set"))) {
        QString error;
        if (!overrides.add(assignment, &error))
            return usage(error);
    }
    CheckContext context;
    context.workingDirectory = QDir::currentPath();
    for (const QString &assignment : parser.values(QStringLiteral("var"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QString name = eq > 0 ? assignment.left(eq) : QString();
        if (!CommandProbe::isVariableName(name))
            return usage(QStringLiteral("`--var`: expected NAME=VALUE with NAME a letter or _ then letters, digits or _, like "
                                        "namespace=prod"));
        if (SecretRedaction::isCredentialName(name))
            return usage(QStringLiteral("`--var %1=…`: secrets never go on a command line, where other users and shell history see them")
                             .arg(name));
        context.variables.insert(name, assignment.mid(eq + 1));
    }
    context.secret = &CheckContext::secretFromEnvironment;
    if (binding)
        binding->apply(&context, &CheckContext::secretFromEnvironment);
    // Credentials may go to the hosts the user named here, and to those in TRIAGE_SECRET_HOSTS.
    context.trustedHosts += overrides.hosts() + qEnvironmentVariable("TRIAGE_SECRET_HOSTS").split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const int ms = parser.value(QStringLiteral("timeout")).toInt(&ok);
        if (!ok || ms < 1 || ms > 600000)
            return usage(QStringLiteral("--timeout takes milliseconds between 1 and 600000"));
        context.defaultTimeoutMs = ms;
    }
    int concurrency = 8;
    if (parser.isSet(QStringLiteral("concurrency"))) {
        bool ok = false;
        concurrency = parser.value(QStringLiteral("concurrency")).toInt(&ok);
        if (!ok || concurrency < 1 || concurrency > 256)
            return usage(QStringLiteral("--concurrency takes a number between 1 and 256"));
    }

    const QString path = parser.positionalArguments().first();
    if (!QFileInfo(path).isFile()) {
        m_err << "triage: " << path << ": " << (QFileInfo::exists(path) ? "is a folder; check takes one guide file" : "no such file") << "\n";
        return Usage;
    }
    const Guide guide = GuideImporter::importFile(path);
    if (GuideLinter::hasErrors(guide.diagnostics)) {
        for (const GuideDiagnostic &d : guide.diagnostics) {
            if (d.severity == GuideDiagnostic::Severity::Error)
                m_err << d.toString() << "\n";
        }
        m_err << "triage: the guide has errors; fix them (`triage lint " << path << "`) before running its checks\n";
        m_err.flush();
        return Usage;
    }
    // Command checks run only in a guide the user trusted, by these bytes; --trusted is for this run.
    context.trustedGuide = parser.isSet(QStringLiteral("trusted"));
    if (!context.trustedGuide && GuideTrust::runsCommands(guide)) {
        GuideTrust trust;
        QString error;
        if (!trust.load(&error))
            m_err << "triage: " << error << "\n";
        const GuideTrust::State state = trust.state(guide);
        context.trustedGuide = state == GuideTrust::State::Trusted;
        if (!context.trustedGuide) {
            m_err << "triage: " << GuideTrust::refusal(guide, state, trust.trustedAt(guide)) << "\n";
            m_err.flush();
        }
    }
    QStringList scope;
    if (parser.isSet(QStringLiteral("node"))) {
        const QString id = parser.value(QStringLiteral("node"));
        if (!guide.node(id)) {
            const QString viaAnchor = guide.nodeForAnchor(id);
            if (viaAnchor.isEmpty())
                return usage(QStringLiteral("%1 has no node `%2`; `triage tree %1` lists the ids").arg(path, id));
            scope = guide.subtree(viaAnchor);
        } else {
            scope = guide.subtree(id);
        }
    }
    QList<CheckJob> jobs;
    for (const GuideNode &node : guide.nodes) {
        if (node.checks.isEmpty() || (!scope.isEmpty() && !scope.contains(node.id)))
            continue;
        for (const CheckSpec &spec : node.checks)
            jobs.append({guide.id, node.id, node.title, spec});
    }

    ProbeRegistry registry = ProbeRegistry::withCoreProbes();
    PostgresProbe::registerIn(registry);
    CheckRunner runner(registry, context);
    runner.setConcurrency(concurrency);
    runner.setOverrides(overrides);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!json) {
        QObject::connect(&runner, &CheckRunner::jobFinished, &runner, [&](int index, const CheckResult &r) {
            m_out << statusLabel(r.status) << "  " << jobs.at(index).nodeId << "  " << r.message << "  ("
                  << QString::number(r.durationMs, 'f', r.durationMs < 10 ? 1 : 0) << " ms)\n";
            m_out.flush();
        });
    }
    // The history: written on its own thread while the checks run, finished below.
    std::unique_ptr<MetricRecorder> recorder;
    if (!parser.isSet(QStringLiteral("no-history")) && !jobs.isEmpty()) {
        recorder = std::make_unique<MetricRecorder>();
        const QString environment = binding ? binding->environment().name : QString();
        QObject::connect(&runner, &CheckRunner::jobFinished, recorder.get(),
                         [&, environment](int index, const CheckResult &r) { recorder->record(jobs.at(index), r, environment); });
    }
    QObject::connect(&runner, &CheckRunner::finished, &runner, [] { QCoreApplication::exit(0); }, Qt::QueuedConnection);
    QTimer::singleShot(0, &runner, [&] { runner.start(jobs); });
    if (!jobs.isEmpty())
        QCoreApplication::exec();
    else
        runner.start(jobs);

    // The history is written before anything is printed, and a failure to keep it is said.
    if (recorder) {
        if (const QString error = recorder->finish(); !error.isEmpty())
            m_err << "triage: results not kept in the history: " << error << "\n";
    }
    const QList<CheckResult> &results = runner.results();
    const QList<ReverseTriage::Rank> ranking = ReverseTriage::rank(guide, jobs, results);
    bool allPassed = true;
    for (const CheckResult &r : results)
        allPassed = allPassed && r.passed();
    if (json) {
        QJsonArray items;
        for (int i = 0; i < jobs.size(); ++i) {
            QJsonObject item = results.at(i).toJson();
            item.insert(QStringLiteral("node"), jobs.at(i).nodeId);
            item.insert(QStringLiteral("type"), jobs.at(i).spec.type);
            const QString next = ReverseTriage::nextNode(guide, jobs.at(i).nodeId, jobs.at(i).spec, results.at(i));
            if (!next.isEmpty())
                item.insert(QStringLiteral("next"), next);
            items.append(item);
        }
        QJsonArray ranks;
        for (const ReverseTriage::Rank &r : ranking)
            ranks.append(QJsonObject{{QStringLiteral("node"), r.node}, {QStringLiteral("title"), r.title},
                                     {QStringLiteral("score"), std::round(r.score * 1000) / 1000}});
        QJsonObject doc{{QStringLiteral("results"), items}, {QStringLiteral("ranking"), ranks}};
        if (binding)
            doc.insert(QStringLiteral("environment"), QJsonObject{{QStringLiteral("name"), binding->environment().name},
                                                                  {QStringLiteral("production"), binding->environment().production},
                                                                  {QStringLiteral("bindings"), QJsonArray::fromStringList(binding->environment().bindingLines())}});
        m_out << jsonText(doc);
    } else {
        if (jobs.isEmpty())
            m_out << "No checks to run in " << path << (scope.isEmpty() ? QString() : QStringLiteral(" under that node")) << ".\n";
        int passed = 0;
        for (const CheckResult &r : results)
            passed += r.passed() ? 1 : 0;
        if (!jobs.isEmpty())
            m_out << "\n" << passed << " of " << jobs.size() << " checks passed.\n";
        if (!ranking.isEmpty()) {
            m_out << "Issues the results point to, most likely first:\n";
            for (const ReverseTriage::Rank &r : ranking)
                m_out << "  " << QString::number(r.score, 'f', 2) << "  " << r.title << "  (" << r.node << ")\n";
        }
    }
    m_out.flush();
    return allPassed ? Ok : Findings;
}

} // namespace triage::cli
