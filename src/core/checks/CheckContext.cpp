#include "CheckContext.h"

#include "log/Logging.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

namespace triage {

QString CheckContext::secretFromEnvironment(const QString &type, const QString &field)
{
    QString name = QStringLiteral("TRIAGE_SECRET_%1_%2").arg(type, field).toUpper();
    static const QRegularExpression notName(QStringLiteral("[^A-Z0-9_]"));
    name.replace(notName, QStringLiteral("_"));
    return qEnvironmentVariable(name.toLatin1().constData());
}

bool CheckContext::isLoopback(const QString &host)
{
    if (host.isEmpty() || host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || host.startsWith(QLatin1Char('/')))
        return true; // no host, this machine's name, or a Unix socket folder
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

bool CheckContext::mayReceiveSecrets(const QString &host, const QString &type) const
{
    // libpq reads "a,b" as hosts to try in turn: every one of them must be allowed.
    if (host.contains(QLatin1Char(','))) {
        const QStringList parts = host.split(QLatin1Char(','));
        return std::all_of(parts.cbegin(), parts.cend(), [&](const QString &part) { return !part.trimmed().isEmpty() && mayReceiveSecrets(part.trimmed(), type); });
    }
    if (isLoopback(host))
        return true;
    const QStringList &typed = trustedHostsByType.value(type);
    for (const QStringList *list : {&trustedHosts, &typed}) {
        for (const QString &trusted : *list) {
            if (trusted.compare(host, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

QString CheckContext::secretFor(const QString &type, const QString &field, const QString &host, bool *withheld) const
{
    if (withheld)
        *withheld = false;
    if (!secret)
        return {};
    const QString value = secret(type, field);
    if (value.isEmpty())
        return {};
    if (!mayReceiveSecrets(host, type)) {
        if (withheld)
            *withheld = true;
        return {};
    }
    log::addSecret(value);
    return value;
}

} // namespace triage
