#include "DnsProbe.h"

#include "TcpProbe.h"

#include <QHostInfo>

namespace triage {

QString DnsProbe::target() const
{
    return QStringLiteral("dns %1").arg(param(QStringLiteral("host")));
}

void DnsProbe::run()
{
    const QString host = param(QStringLiteral("host"));
    if (host.isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("dns check needs `host:`")));
        return;
    }
    m_lookup = QHostInfo::lookupHost(host, this, [this, host](const QHostInfo &info) {
        m_lookup = -1;
        if (isFinished())
            return;
        QStringList addresses;
        for (const QHostAddress &a : info.addresses())
            addresses.append(a.toString());
        if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
            finish(TcpProbe::socketFailure(QAbstractSocket::HostNotFoundError, target(), info.errorString()));
            return;
        }
        CheckResult r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1 resolves to %2").arg(host, addresses.join(QStringLiteral(", "))));
        r.values.insert(QStringLiteral("ADDRESSES"), addresses);
        r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
        r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
        r.metrics.insert(QStringLiteral("addresses"), addresses.size());
        finishAnswered(r);
    });
}

void DnsProbe::abort()
{
    if (m_lookup >= 0)
        QHostInfo::abortHostLookup(m_lookup);
    m_lookup = -1;
}

} // namespace triage
