#include "LibpqDefaults.h"

#include <libpq-fe.h>

#include <QDir>
#include <QFile>

#include <memory>

namespace triage {

namespace {

// Whether a service file has a `[name]` section. libpq parses the file; this only lets a
// mistyped name fail with a message instead of importing the plain defaults, which is what
// PQconndefaults does when the service is missing.
bool fileDefinesService(const QString &path, const QString &service)
{
    QFile file(path);
    if (file.size() > 1024 * 1024 || !file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray wanted = '[' + service.toUtf8() + ']';
    while (!file.atEnd()) {
        if (file.readLine().trimmed() == wanted)
            return true;
    }
    return false;
}

} // namespace

QStringList LibpqDefaults::serviceFiles()
{
    QStringList files;
    const QString own = qEnvironmentVariable("PGSERVICEFILE");
    files.append(own.isEmpty() ? QDir::home().filePath(QStringLiteral(".pg_service.conf")) : own);
    const QString sysconf = qEnvironmentVariable("PGSYSCONFDIR", QStringLiteral("/etc/postgresql-common"));
    files.append(QDir(sysconf).filePath(QStringLiteral("pg_service.conf")));
    return files;
}

std::optional<ConnectionProfile> LibpqDefaults::profile(const QString &name, const QString &service, QString *password, QString *error)
{
    const QString wanted = service.isEmpty() ? qEnvironmentVariable("PGSERVICE") : service;
    if (!wanted.isEmpty()) {
        const QStringList files = serviceFiles();
        bool defined = false;
        for (const QString &f : files)
            defined = defined || fileDefinesService(f, wanted);
        if (!defined) {
            *error = QStringLiteral("no service `%1` in %2; add a [%1] section there, or point PGSERVICEFILE at the file that has it")
                         .arg(wanted, files.join(QStringLiteral(" or ")));
            return std::nullopt;
        }
    }
    // PQconndefaults reads the service from PGSERVICE only; the CLI is single-threaded here,
    // so the variable is set for the call and put back.
    const QByteArray previous = qgetenv("PGSERVICE");
    const bool had = qEnvironmentVariableIsSet("PGSERVICE");
    if (!service.isEmpty())
        qputenv("PGSERVICE", service.toUtf8());
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconndefaults(), &PQconninfoFree);
    if (!service.isEmpty()) {
        if (had)
            qputenv("PGSERVICE", previous);
        else
            qunsetenv("PGSERVICE");
    }
    if (!options) {
        *error = QStringLiteral("libpq could not read its defaults (out of memory?)");
        return std::nullopt;
    }
    ConnectionProfile p;
    p.name = name;
    p.type = QStringLiteral("postgres");
    password->clear();
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        const QString key = QString::fromLatin1(o->keyword);
        const QString value = o->val ? QString::fromUtf8(o->val) : QString();
        if (key == QLatin1String("host"))
            p.host = value;
        else if (key == QLatin1String("port"))
            p.port = value.toInt();
        else if (key == QLatin1String("dbname"))
            p.dbname = value;
        else if (key == QLatin1String("user"))
            p.user = value;
        else if (key == QLatin1String("sslmode") && value != QLatin1String("prefer"))
            p.sslmode = value;
        else if (key == QLatin1String("password"))
            *password = value;
    }
    if (p.host.isEmpty())
        p.host = QStringLiteral("localhost");
    if (p.port <= 0)
        p.port = 5432;
    return p;
}

} // namespace triage
