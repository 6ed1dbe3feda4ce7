#include "ProfileStore.h"

#include "io/StoreLock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

#include <cstdlib>

namespace triage {

const ConnectionProfile *Environment::profile(const QString &name) const
{
    for (const ConnectionProfile &p : profiles) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

const ConnectionProfile *Environment::profileFor(const QString &type) const
{
    const ConnectionProfile *first = nullptr;
    for (const ConnectionProfile &p : profiles) {
        if (p.type != type)
            continue;
        if (p.name == type)
            return &p;
        if (!first)
            first = &p;
    }
    return first;
}

CheckOverrides Environment::overrides(QStringList *errors) const
{
    CheckOverrides o;
    QString problem;
    auto add = [&](const QString &assignment) {
        if (!o.add(assignment, &problem) && errors)
            errors->append(QStringLiteral("environment %1: %2").arg(name, problem));
    };
    for (const QString &type : ConnectionProfile::types()) {
        const ConnectionProfile *p = profileFor(type);
        if (!p)
            continue;
        if (!p->base.isEmpty()) {
            if (type == QLatin1String("http"))
                add(QStringLiteral("http.base=") + p->base);
            else
                add(type + QStringLiteral(".base=") + p->base);
            continue;
        }
        add(type + QStringLiteral(".host=") + p->host);
        if (p->port > 0)
            add(type + QStringLiteral(".port=") + QString::number(p->port));
        if (!p->user.isEmpty() && type == QLatin1String("postgres"))
            add(type + QStringLiteral(".user=") + p->user);
        if (!p->dbname.isEmpty())
            add(type + (type == QLatin1String("redis") ? QStringLiteral(".db=") : QStringLiteral(".dbname=")) + p->dbname);
        if (!p->sslmode.isEmpty())
            add(type + QStringLiteral(".sslmode=") + p->sslmode);
    }
    return o;
}

QStringList Environment::bindingLines() const
{
    QStringList lines;
    for (const QString &type : ConnectionProfile::types()) {
        if (const ConnectionProfile *p = profileFor(type))
            lines.append(QStringLiteral("%1 checks \u2192 %2/%3: %4").arg(type, name, p->name, p->display()));
    }
    return lines;
}

QStringList Environment::hosts() const
{
    QStringList hosts;
    for (const ConnectionProfile &p : profiles) {
        const QString host = p.base.isEmpty() ? p.host : QUrl(p.base).host();
        if (!host.isEmpty() && !hosts.contains(host))
            hosts.append(host);
    }
    return hosts;
}

ProfileStore::ProfileStore(QString path)
    : m_path(std::move(path))
{
}

QString ProfileStore::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).filePath(QStringLiteral("profiles.json"));
}

bool ProfileStore::isValidName(const QString &name)
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return shape.match(name).hasMatch();
}

bool ProfileStore::splitReference(const QString &reference, QString *environment, QString *profile)
{
    const QStringList parts = reference.split(QLatin1Char('/'));
    if (parts.size() != 2 || !isValidName(parts.at(0)) || !isValidName(parts.at(1)))
        return false;
    *environment = parts.at(0);
    *profile = parts.at(1);
    return true;
}

Environment *ProfileStore::environment(const QString &name)
{
    for (Environment &e : environments) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

const Environment *ProfileStore::environment(const QString &name) const
{
    return const_cast<ProfileStore *>(this)->environment(name);
}

std::unique_ptr<QLockFile> ProfileStore::lock(QString *error) const
{
    return lockStore(m_path, error);
}

bool ProfileStore::load(QString *error)
{
    environments.clear();
    QFile file(m_path);
    if (!file.exists())
        return true; // nothing set up yet
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4 * 1024 * 1024) {
        *error = QStringLiteral("%1: cannot read the profiles: %2").arg(m_path, file.errorString());
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: not valid JSON at offset %2 (%3); fix it or move it aside").arg(m_path).arg(parse.offset).arg(parse.errorString());
        return false;
    }
    if (doc.object().value(QStringLiteral("version")).toInt(1) > 1) {
        *error = QStringLiteral("%1 was written by a newer Triage (version %2); this one reads version 1")
                     .arg(m_path)
                     .arg(doc.object().value(QStringLiteral("version")).toInt());
        return false;
    }
    m_dropped = 0;
    for (const QJsonValue &e : doc.object().value(QStringLiteral("environments")).toArray()) {
        Environment env;
        env.name = e.toObject().value(QStringLiteral("name")).toString();
        env.production = e.toObject().value(QStringLiteral("production")).toBool();
        if (!isValidName(env.name)) {
            ++m_dropped;
            continue;
        }
        for (const QJsonValue &p : e.toObject().value(QStringLiteral("profiles")).toArray()) {
            if (const auto profile = ConnectionProfile::fromJson(p.toObject()))
                env.profiles.append(*profile);
            else
                ++m_dropped;
        }
        environments.append(env);
    }
    return true;
}

bool ProfileStore::save(QString *error) const
{
    if (m_dropped > 0) {
        // Saving now would silently delete what this version could not read.
        *error = QStringLiteral("%1 holds %2 entr%3 this Triage cannot read; not saving over them. Fix or remove them by hand")
                     .arg(m_path)
                     .arg(m_dropped)
                     .arg(m_dropped == 1 ? QStringLiteral("y") : QStringLiteral("ies"));
        return false;
    }
    QJsonArray envs;
    for (const Environment &e : environments) {
        QJsonArray profiles;
        for (const ConnectionProfile &p : e.profiles)
            profiles.append(p.toJson());
        envs.append(QJsonObject{{QStringLiteral("name"), e.name}, {QStringLiteral("production"), e.production},
                                {QStringLiteral("profiles"), profiles}});
    }
    const QByteArray data = QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("environments"), envs}})
                                .toJson(QJsonDocument::Indented);
    if (!QDir().mkpath(QFileInfo(m_path).path())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(m_path).path());
        return false;
    }
    // Written to a temporary file and renamed over the old one: a crash never leaves half a file.
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        *error = QStringLiteral("%1: cannot save the profiles: %2").arg(m_path, file.errorString());
        return false;
    }
    // Tests simulate a crash here, between writing and committing (TestProfiles).
    if (qEnvironmentVariableIsSet("TRIAGE_TEST_CRASH_BEFORE_COMMIT"))
        std::abort();
    if (!file.commit()) {
        *error = QStringLiteral("%1: cannot save the profiles: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

} // namespace triage
