#include "TrustCommands.h"

#include "CommandLine.h"
#include "guide/GuideImporter.h"
#include "guide/GuideTrust.h"
#include "lint/GuideLinter.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace triage::cli {

TrustCommands::TrustCommands(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

int TrustCommands::usage(const QString &problem)
{
    m_err << "triage: " << problem << "\nTry `triage trust --help`.\n";
    m_err.flush();
    return Usage;
}

int TrustCommands::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")});
    parser.addOption({QStringLiteral("log-level"), QStringLiteral("stderr log level."), QStringLiteral("level")});
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
    parser.addOption({QStringLiteral("revoke"), QStringLiteral("Take trust back.")});
    parser.addOption({QStringLiteral("list"), QStringLiteral("List the trusted guides.")});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Guide files."), QStringLiteral("PATH..."));
    if (!parser.parse(QStringList{QStringLiteral("trust")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << "Usage: triage trust PATH...          let these guides' command checks run programs\n"
                 "       triage trust --revoke PATH...  take it back\n"
                 "       triage trust --list            the trusted guides, and whether each file is unchanged\n"
                 "Trust is kept by each file's SHA-256 in " << GuideTrust::defaultPath() << ": a changed file is not\n"
                 "trusted until you read it and trust it again. Read a guide before you trust it.\n"
                 "Exit codes: 0 done, 2 usage or a guide with errors, 3 unreadable file or trust store.\n";
        return Ok;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    const QStringList paths = parser.positionalArguments();
    GuideTrust trust;
    QString error;
    if (parser.isSet(QStringLiteral("list"))) {
        if (!paths.isEmpty())
            return usage(QStringLiteral("--list takes no paths"));
        if (!trust.load(&error)) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        QJsonArray items;
        for (const GuideTrust::Entry &e : trust.entries()) {
            QString now = QStringLiteral("missing");
            QFile file(e.path);
            if (file.open(QIODevice::ReadOnly))
                now = GuideTrust::hashOf(file.readAll()) == e.sha256 ? QStringLiteral("unchanged") : QStringLiteral("changed");
            if (json) {
                items.append(QJsonObject{{QStringLiteral("path"), e.path}, {QStringLiteral("sha256"), e.sha256},
                                         {QStringLiteral("trustedAt"), e.trustedAt.toString(Qt::ISODate)}, {QStringLiteral("file"), now}});
            } else {
                m_out << e.path << "  " << e.sha256.left(12) << "  trusted " << e.trustedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                      << "  (" << now << ")\n";
            }
        }
        if (json)
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("trusted"), items}}).toJson(QJsonDocument::Indented);
        else if (trust.entries().isEmpty())
            m_out << "No guide is trusted; command checks run in none.\n";
        m_out.flush();
        return Ok;
    }
    if (paths.isEmpty())
        return usage(QStringLiteral("trust takes one or more guide files"));
    const bool revoke = parser.isSet(QStringLiteral("revoke"));
    // Every guide is read and judged before the store changes, so that one bad path changes nothing.
    QList<Guide> guides;
    for (const QString &path : paths) {
        if (!QFileInfo(path).isFile()) {
            m_err << "triage: " << path << ": " << (QFileInfo::exists(path) ? "is a folder; trust takes guide files" : "no such file") << "\n";
            return InputError;
        }
        Guide guide = GuideImporter::importFile(path);
        if (!revoke && GuideLinter::hasErrors(guide.diagnostics)) {
            for (const GuideDiagnostic &d : guide.diagnostics) {
                if (d.severity == GuideDiagnostic::Severity::Error)
                    m_err << d.toString() << "\n";
            }
            m_err << "triage: " << path << " has errors; fix them (`triage lint " << path << "`) before trusting it\n";
            return Usage;
        }
        guides.append(std::move(guide));
    }
    const auto lock = trust.lock(&error);
    if (!lock || !trust.load(&error)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    QJsonArray items;
    for (const Guide &guide : std::as_const(guides)) {
        const QStringList commands = GuideTrust::commandsOf(guide);
        if (revoke) {
            const int removed = trust.revoke(guide);
            if (!json)
                m_out << guide.path << (removed > 0 ? ": no longer trusted\n" : ": was not trusted\n");
            items.append(QJsonObject{{QStringLiteral("path"), guide.path}, {QStringLiteral("revoked"), removed > 0}});
            continue;
        }
        trust.trust(guide);
        if (json) {
            items.append(QJsonObject{{QStringLiteral("path"), guide.path}, {QStringLiteral("sha256"), GuideTrust::hashOf(guide)},
                                     {QStringLiteral("commands"), QJsonArray::fromStringList(commands)}});
            continue;
        }
        m_out << guide.path << ": trusted (sha256 " << GuideTrust::hashOf(guide) << ")\n";
        if (commands.isEmpty()) {
            m_out << "  It has no command checks; trust changes nothing until it does.\n";
        } else {
            m_out << "  Its command checks may now run these programs on this machine:\n";
            for (const QString &c : commands)
                m_out << "    " << c << "\n";
        }
    }
    if (!trust.save(&error)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    if (json)
        m_out << QJsonDocument(QJsonObject{{revoke ? QStringLiteral("revoked") : QStringLiteral("trusted"), items}}).toJson(QJsonDocument::Indented);
    m_out.flush();
    return Ok;
}

} // namespace triage::cli
