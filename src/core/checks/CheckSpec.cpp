#include "CheckSpec.h"

#include "secrets/SecretRedaction.h"

#include <QJsonArray>

namespace triage {

namespace {

// A parameter as shown: every string in it masked, at any depth (headers, vars, labels).
QJsonValue shown(const QJsonValue &value)
{
    if (value.isString())
        return SecretRedaction::redact(value.toString());
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(shown(item));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object;
        const QJsonObject from = value.toObject();
        for (auto it = from.begin(); it != from.end(); ++it)
            object.insert(it.key(), shown(it.value()));
        return object;
    }
    return value;
}

} // namespace

QJsonObject CheckSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("type"), type);
    // Shown, never run from: a credential a guide wrote into a parameter (a URL's ?token=, a
    // command's --api-key, a header's or a variable's value) is masked, as in everything else Triage shows.
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        json.insert(it.key(), shown(QJsonValue::fromVariant(it.value())));
    if (!id.isEmpty())
        json.insert(QStringLiteral("id"), id);
    if (!source.isEmpty())
        json.insert(QStringLiteral("source"), source);
    if (!expect.isEmpty())
        json.insert(QStringLiteral("expect"), QJsonArray::fromStringList(expect));
    if (!branches.isEmpty()) {
        QJsonObject b;
        for (auto it = branches.cbegin(); it != branches.cend(); ++it)
            b.insert(it.key(), it.value());
        json.insert(QStringLiteral("branches"), b);
    }
    return json;
}

QString CheckSpec::summary() const
{
    QStringList parts{type};
    const QString mode = param(QStringLiteral("mode"));
    if (!mode.isEmpty())
        parts << mode;
    const QString host = param(QStringLiteral("host"));
    const QString port = param(QStringLiteral("port"));
    if (!host.isEmpty() || !port.isEmpty())
        parts << (host.isEmpty() ? QStringLiteral(":") + port : port.isEmpty() ? host : host + QLatin1Char(':') + port);
    QStringList keys{QStringLiteral("url"), QStringLiteral("name"), QStringLiteral("path"), QStringLiteral("query"),
                     QStringLiteral("section"), QStringLiteral("resource"), QStringLiteral("metric")};
    if (type == QLatin1String("redis"))
        keys.prepend(QStringLiteral("command"));
    for (const QString &key : std::as_const(keys)) {
        const QString value = SecretRedaction::redact(param(key).simplified());
        if (!value.isEmpty())
            parts << (value.size() > 60 ? value.left(57) + QStringLiteral("...") : value);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace triage
