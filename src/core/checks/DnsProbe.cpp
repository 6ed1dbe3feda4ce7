#include "DnsProbe.h"

#include "TcpProbe.h"

#include <QHostInfo>

namespace triage {

namespace {

bool wanted(const QHostAddress &address, const QString &record)
{
    if (record == QLatin1String("A"))
        return address.protocol() == QAbstractSocket::IPv4Protocol;
    if (record == QLatin1String("AAAA"))
        return address.protocol() == QAbstractSocket::IPv6Protocol;
    return true;
}

} // namespace

QString DnsProbe::target() const
{
    const QString server = param(QStringLiteral("server"));
    return server.isEmpty() ? QStringLiteral("dns %1").arg(param(QStringLiteral("host")))
                            : QStringLiteral("dns %1 @%2").arg(param(QStringLiteral("host")), server);
}

void DnsProbe::run()
{
    const QString host = param(QStringLiteral("host"));
    const QString server = param(QStringLiteral("server"));
    if (host.isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("dns check needs `host:`")));
        return;
    }
    const QDnsLookup::Type type =
        param(QStringLiteral("record")).toUpper() == QLatin1String("AAAA") ? QDnsLookup::AAAA : QDnsLookup::A;
    if (server.isEmpty()) {
        askSystem();
        return;
    }
    if (QHostAddress address; address.setAddress(server)) {
        askServer(address, type);
        return;
    }
    // A server given by name is found through the system resolver first.
    m_lookup = QHostInfo::lookupHost(server, this, [this, server, type](const QHostInfo &info) {
        m_lookup = -1;
        if (isFinished())
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            finish(TcpProbe::socketFailure(QAbstractSocket::HostNotFoundError, QStringLiteral("DNS server %1").arg(server),
                                           info.errorString()));
            return;
        }
        askServer(info.addresses().constFirst(), type);
    });
}

void DnsProbe::askSystem()
{
    m_lookup = QHostInfo::lookupHost(param(QStringLiteral("host")), this, [this](const QHostInfo &info) {
        m_lookup = -1;
        if (isFinished())
            return;
        const QString record = param(QStringLiteral("record")).toUpper();
        QStringList addresses;
        for (const QHostAddress &a : info.addresses()) {
            if (wanted(a, record))
                addresses.append(a.toString());
        }
        if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
            const QString detail = info.error() != QHostInfo::NoError
                                       ? info.errorString()
                                       : QStringLiteral("no %1 record").arg(record.isEmpty() ? QStringLiteral("address") : record);
            finish(TcpProbe::socketFailure(QAbstractSocket::HostNotFoundError, target(), detail));
            return;
        }
        answer(addresses, QString());
    });
}

void DnsProbe::askServer(const QHostAddress &server, QDnsLookup::Type type)
{
    auto *query = new QDnsLookup(type, param(QStringLiteral("host")), server, this);
    m_query = query;
    connect(query, &QDnsLookup::finished, this, [this, query, server] {
        query->deleteLater();
        if (isFinished())
            return;
        QStringList addresses;
        for (const QDnsHostAddressRecord &r : query->hostAddressRecords())
            addresses.append(r.value().toString());
        const QString asked = server.toString();
        switch (query->error()) {
        case QDnsLookup::NoError:
            if (!addresses.isEmpty()) {
                answer(addresses, asked);
                return;
            }
            finish(TcpProbe::socketFailure(QAbstractSocket::HostNotFoundError, target(),
                                           QStringLiteral("%1 knows the name but has no %2 record for it")
                                               .arg(asked, query->type() == QDnsLookup::AAAA ? QStringLiteral("AAAA")
                                                                                            : QStringLiteral("A"))));
            return;
        case QDnsLookup::NotFoundError:
        case QDnsLookup::ServerFailureError:
        case QDnsLookup::ServerRefusedError:
            finish(TcpProbe::socketFailure(QAbstractSocket::HostNotFoundError, target(),
                                           QStringLiteral("%1 answered: %2").arg(asked, query->errorString())));
            return;
        case QDnsLookup::OperationCancelledError:
            return; // a timeout or a cancel, which CheckProbe reports
        default:
            finish(CheckResult::make(CheckOutcome::Timeout,
                                     QStringLiteral("%1: no usable answer from the DNS server %2 (%3). Is it reachable from "
                                                    "this machine, on UDP port 53?")
                                         .arg(target(), asked, query->errorString()),
                                     QStringLiteral("no_answer")));
            return;
        }
    });
    query->lookup();
}

void DnsProbe::answer(const QStringList &addresses, const QString &server)
{
    const QString host = param(QStringLiteral("host"));
    CheckResult r = CheckResult::make(CheckOutcome::Ok,
                                      server.isEmpty()
                                          ? QStringLiteral("%1 resolves to %2").arg(host, addresses.join(QStringLiteral(", ")))
                                          : QStringLiteral("%1 resolves to %2 (asked %3)")
                                                .arg(host, addresses.join(QStringLiteral(", ")), server));
    r.values.insert(QStringLiteral("ADDRESSES"), addresses);
    r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
    r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
    r.metrics.insert(QStringLiteral("addresses"), addresses.size());
    finishAnswered(r);
}

void DnsProbe::abort()
{
    if (m_lookup >= 0)
        QHostInfo::abortHostLookup(m_lookup);
    m_lookup = -1;
    if (m_query) {
        m_query->disconnect(this);
        m_query->abort();
    }
}

} // namespace triage
