#include "ConnectionProfile.h"

#include <QJsonArray>
#include <QUrl>

namespace triage {

QStringList ConnectionProfile::types()
{
    return {QStringLiteral("postgres"), QStringLiteral("redis"), QStringLiteral("http"), QStringLiteral("kafka"),
            QStringLiteral("prometheus")};
}

QString ConnectionProfile::display() const
{
    if (!base.isEmpty())
        return QStringLiteral("%1 %2").arg(type, base);
    QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    if (!user.isEmpty())
        where = user + QLatin1Char('@') + where;
    if (!dbname.isEmpty())
        where += QLatin1Char('/') + dbname;
    return QStringLiteral("%1 %2").arg(type, where);
}

QJsonObject ConnectionProfile::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}};
    if (!host.isEmpty())
        o.insert(QStringLiteral("host"), host);
    if (port > 0)
        o.insert(QStringLiteral("port"), port);
    if (!dbname.isEmpty())
        o.insert(QStringLiteral("dbname"), dbname);
    if (!user.isEmpty())
        o.insert(QStringLiteral("user"), user);
    if (!sslmode.isEmpty())
        o.insert(QStringLiteral("sslmode"), sslmode);
    if (!base.isEmpty())
        o.insert(QStringLiteral("base"), base);
    if (!extraSecretFields.isEmpty())
        o.insert(QStringLiteral("secret_fields"), QJsonArray::fromStringList(extraSecretFields));
    return o;
}

std::optional<ConnectionProfile> ConnectionProfile::fromJson(const QJsonObject &json)
{
    ConnectionProfile p;
    p.name = json.value(QStringLiteral("name")).toString();
    p.type = json.value(QStringLiteral("type")).toString();
    if (p.name.isEmpty() || !types().contains(p.type))
        return std::nullopt;
    p.host = json.value(QStringLiteral("host")).toString();
    p.port = json.value(QStringLiteral("port")).toInt();
    p.dbname = json.value(QStringLiteral("dbname")).toString();
    p.user = json.value(QStringLiteral("user")).toString();
    p.sslmode = json.value(QStringLiteral("sslmode")).toString();
    p.base = json.value(QStringLiteral("base")).toString();
    for (const QJsonValue &f : json.value(QStringLiteral("secret_fields")).toArray())
        p.extraSecretFields.append(f.toString());
    return p;
}

std::optional<ConnectionProfile> ConnectionProfile::fromUrl(const QString &name, const QString &url, QString *password, QString *error)
{
    const QUrl u(url, QUrl::StrictMode);
    password->clear();
    if (!u.isValid() || u.scheme().isEmpty()) {
        *error = QStringLiteral("not a URL: expected postgresql://user@host:port/db, redis://host:port/0, https://host, "
                                "kafka://host:port or prometheus+https://host:port");
        return std::nullopt;
    }
    ConnectionProfile p;
    p.name = name;
    const QString scheme = u.scheme().toLower();
    if (scheme == QLatin1String("postgres") || scheme == QLatin1String("postgresql")) {
        p.type = QStringLiteral("postgres");
        p.port = u.port(5432);
        p.dbname = u.path().mid(1);
        p.user = u.userName();
        const QString query = u.query();
        if (query.contains(QLatin1String("sslmode=")))
            p.sslmode = query.section(QLatin1String("sslmode="), 1).section(QLatin1Char('&'), 0, 0);
    } else if (scheme == QLatin1String("rediss")) {
        // Checks speak plain RESP for now; a TLS-only Redis would get its password in clear.
        *error = QStringLiteral("rediss:// (Redis over TLS) is not supported yet: Triage would have to send the password "
                                "unencrypted. Use a redis:// endpoint on a trusted network, or wait for TLS support");
        return std::nullopt;
    } else if (scheme == QLatin1String("redis")) {
        p.type = QStringLiteral("redis");
        p.port = u.port(6379);
        p.dbname = u.path().mid(1);
        p.user = u.userName();
    } else if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
        p.type = QStringLiteral("http");
    } else if (scheme == QLatin1String("kafka")) {
        p.type = QStringLiteral("kafka");
        p.port = u.port(9092);
    } else if (scheme == QLatin1String("prometheus+http") || scheme == QLatin1String("prometheus+https")) {
        p.type = QStringLiteral("prometheus");
    } else {
        *error = QStringLiteral("`%1:` URLs are not a profile type; use postgresql, redis, http(s), kafka or prometheus+http(s)").arg(scheme);
        return std::nullopt;
    }
    p.host = u.host();
    if (p.host.isEmpty()) {
        *error = QStringLiteral("the URL names no host");
        return std::nullopt;
    }
    *password = u.password();
    if (p.type == QLatin1String("http") || p.type == QLatin1String("prometheus")) {
        QUrl base = u.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
        if (p.type == QLatin1String("prometheus"))
            base.setScheme(scheme.mid(11));
        p.base = base.toString();
        p.port = base.port(base.scheme() == QLatin1String("https") ? 443 : 80);
    }
    return p;
}

CheckSpec ConnectionProfile::testSpec() const
{
    CheckSpec s;
    s.type = type;
    if (type == QLatin1String("postgres")) {
        s.params = {{QStringLiteral("mode"), QStringLiteral("connect")}, {QStringLiteral("host"), host}, {QStringLiteral("port"), port}};
        if (!dbname.isEmpty())
            s.params.insert(QStringLiteral("dbname"), dbname);
        if (!user.isEmpty())
            s.params.insert(QStringLiteral("user"), user);
        if (!sslmode.isEmpty())
            s.params.insert(QStringLiteral("sslmode"), sslmode);
    } else if (type == QLatin1String("redis")) {
        s.params = {{QStringLiteral("host"), host}, {QStringLiteral("port"), port}, {QStringLiteral("command"), QStringLiteral("PING")}};
    } else if (type == QLatin1String("kafka")) {
        s.params = {{QStringLiteral("host"), host}, {QStringLiteral("port"), port}};
    } else {
        s.type = QStringLiteral("http");
        s.params = {{QStringLiteral("url"), base}};
    }
    return s;
}

} // namespace triage
