#include "CommandLine.h"

#include "TreePrinter.h"
#include "guide/GuideImporter.h"
#include "guide/GuideLibrary.h"
#include "lint/GuideLinter.h"
#include "log/Logging.h"
#include "search/SearchIndex.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    return {QStringLiteral("lint"), QStringLiteral("tree"), QStringLiteral("find"), QStringLiteral("help")};
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
             "\n"
             "Options for every command:\n"
             "  --json                machine-readable output on stdout\n"
             "  --log-level LEVEL     trace, debug, info, warn (default), error, off\n"
             "\n"
             "Exit codes: 0 ok, 1 findings (lint errors, no match), 2 usage error, 3 unreadable input.\n";
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

} // namespace triage::cli
