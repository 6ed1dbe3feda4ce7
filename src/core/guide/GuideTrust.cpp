#include "GuideTrust.h"

#include "Guide.h"
#include "io/StoreLock.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace triage {

GuideTrust::GuideTrust(QString path)
    : m_path(std::move(path))
{
}

QString GuideTrust::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).filePath(QStringLiteral("trusted-guides.json"));
}

std::unique_ptr<QLockFile> GuideTrust::lock(QString *error) const
{
    return lockStore(m_path, error);
}

bool GuideTrust::load(QString *error)
{
    m_entries.clear();
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4 * 1024 * 1024) {
        *error = QStringLiteral("%1: cannot read the trusted guides: %2").arg(m_path, file.errorString());
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: not valid JSON at offset %2 (%3); fix it or move it aside (every guide is then untrusted)")
                     .arg(m_path)
                     .arg(parse.offset)
                     .arg(parse.errorString());
        return false;
    }
    for (const QJsonValue &v : doc.object().value(QStringLiteral("guides")).toArray()) {
        const QJsonObject o = v.toObject();
        Entry e{o.value(QStringLiteral("sha256")).toString(), o.value(QStringLiteral("path")).toString(),
                QDateTime::fromString(o.value(QStringLiteral("trustedAt")).toString(), Qt::ISODate)};
        // A hand-edited entry that is not a SHA-256 trusts nothing.
        if (e.sha256.size() == 64 && QByteArray::fromHex(e.sha256.toLatin1()).size() == 32)
            m_entries.append(e);
    }
    return true;
}

bool GuideTrust::save(QString *error) const
{
    QJsonArray guides;
    for (const Entry &e : m_entries) {
        guides.append(QJsonObject{{QStringLiteral("sha256"), e.sha256},
                                  {QStringLiteral("path"), e.path},
                                  {QStringLiteral("trustedAt"), e.trustedAt.toString(Qt::ISODate)}});
    }
    const QByteArray data =
        QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("guides"), guides}}).toJson(QJsonDocument::Indented);
    if (!QDir().mkpath(QFileInfo(m_path).path())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(m_path).path());
        return false;
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("%1: cannot save the trusted guides: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

QString GuideTrust::hashOf(const Guide &guide)
{
    return hashOf(guide.bytes);
}

QString GuideTrust::hashOf(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString GuideTrust::absolutePath(const Guide &guide)
{
    return guide.path.startsWith(QLatin1Char(':')) ? guide.path : QFileInfo(guide.path).absoluteFilePath();
}

GuideTrust::State GuideTrust::state(const Guide &guide) const
{
    const QString hash = hashOf(guide);
    const QString path = absolutePath(guide);
    bool pathKnown = false;
    for (const Entry &e : m_entries) {
        if (e.sha256 == hash)
            return State::Trusted;
        pathKnown = pathKnown || e.path == path;
    }
    return pathKnown ? State::Changed : State::Untrusted;
}

QDateTime GuideTrust::trustedAt(const Guide &guide) const
{
    const QString hash = hashOf(guide);
    const QString path = absolutePath(guide);
    QDateTime latest;
    for (const Entry &e : m_entries) {
        if ((e.sha256 == hash || e.path == path) && (!latest.isValid() || e.trustedAt > latest))
            latest = e.trustedAt;
    }
    return latest;
}

void GuideTrust::trust(const Guide &guide, const QDateTime &when)
{
    // One entry per path: trusting the new bytes of a changed file replaces the old ones.
    revoke(guide);
    m_entries.append({hashOf(guide), absolutePath(guide), when.toUTC()});
}

int GuideTrust::revoke(const Guide &guide)
{
    const QString hash = hashOf(guide);
    const QString path = absolutePath(guide);
    return int(m_entries.removeIf([&](const Entry &e) { return e.sha256 == hash || e.path == path; }));
}

QList<GuideTrust::Command> GuideTrust::commands(const Guide &guide)
{
    QList<Command> list;
    for (const GuideNode &node : guide.nodes) {
        for (const CheckSpec &spec : node.checks) {
            if (spec.type == QLatin1String("command"))
                list.append({node.title, spec.param(QStringLiteral("command")), spec.params.value(QStringLiteral("vars")).toMap()});
        }
    }
    return list;
}

QStringList GuideTrust::commandsOf(const Guide &guide)
{
    QStringList lines;
    for (const Command &c : commands(guide))
        lines.append(QStringLiteral("%1: %2").arg(c.step, c.command));
    return lines;
}

bool GuideTrust::runsCommands(const Guide &guide)
{
    for (const GuideNode &node : guide.nodes) {
        for (const CheckSpec &spec : node.checks) {
            if (spec.type == QLatin1String("command"))
                return true;
        }
    }
    return false;
}

QString GuideTrust::refusal(const Guide &guide, State state, const QDateTime &trustedAt)
{
    const QString name = QFileInfo(guide.path).fileName();
    if (state == State::Changed) {
        return QStringLiteral("%1 changed since you trusted it on %2; its command checks do not run until you read it again "
                              "and trust it (`triage trust %3`)")
            .arg(name, trustedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")), guide.path);
    }
    return QStringLiteral("%1 is not trusted; its command checks run programs on this machine and do not run until you read it "
                          "and trust it (`triage trust %2`)")
        .arg(name, guide.path);
}

} // namespace triage
