#pragma once

#include "checks/CheckSpec.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace triage {

// Where one service of an environment is: a postgres, redis, http, kafka or prometheus
// endpoint. Holds no secret; its password or token lives in the keychain under
// `triage/<environment>/<name>/<field>` (see secretField()).
//
// Value type.
struct ConnectionProfile {
    QString name;
    QString type;     // postgres, redis, http, kafka, prometheus
    QString host;
    int port = 0;
    QString dbname;   // postgres database, or redis database number
    QString user;
    QString sslmode;
    QString base;     // http and prometheus: scheme://host:port[/prefix]
    QStringList extraSecretFields; // header:NAME and query:NAME fields kept in the keychain (names only)

    static QStringList types();
    // The keychain field that holds this profile's credential: "token" for http, and for a
    // prometheus server without a user (a bearer token); "password" otherwise.
    QString secretField() const
    {
        return type == QLatin1String("http") || (type == QLatin1String("prometheus") && user.isEmpty()) ? QStringLiteral("token")
                                                                                                         : QStringLiteral("password");
    }
    // "postgres app@127.0.0.1:5432/app", "http https://api.example.com"
    QString display() const;

    // The check that tells whether this service answers and lets the profile in: a postgres
    // login, a redis PING, a kafka handshake, an http GET of the base URL.
    CheckSpec testSpec() const;

    QJsonObject toJson() const;
    static std::optional<ConnectionProfile> fromJson(const QJsonObject &json);

    // A profile from a URL: postgresql://user[:password]@host[:port]/db, redis://[:password@]host[:port][/db],
    // http(s)://host[:port][/prefix], kafka://host:port, prometheus+http://…. A password in the URL
    // is returned in `password`, never kept in the profile.
    static std::optional<ConnectionProfile> fromUrl(const QString &name, const QString &url, QString *password, QString *error);
};

} // namespace triage
