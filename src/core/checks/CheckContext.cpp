#include "CheckContext.h"

#include "log/Logging.h"

#include <QHostAddress>
#include <QRegularExpression>

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

bool CheckContext::mayReceiveSecrets(const QString &host) const
{
    if (isLoopback(host))
        return true;
    for (const QString &trusted : trustedHosts) {
        if (trusted.compare(host, Qt::CaseInsensitive) == 0)
            return true;
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
    if (!mayReceiveSecrets(host)) {
        if (withheld)
            *withheld = true;
        return {};
    }
    log::addSecret(value);
    return value;
}

} // namespace triage
