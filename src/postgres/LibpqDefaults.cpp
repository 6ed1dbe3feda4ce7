#include "LibpqDefaults.h"

#include <libpq-fe.h>

#include <memory>

namespace triage {

std::optional<ConnectionProfile> LibpqDefaults::profile(const QString &name, QString *password, QString *error)
{
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconndefaults(), &PQconninfoFree);
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
