#pragma once

#include "CheckProbe.h"

#include <QDnsLookup>
#include <QHostAddress>
#include <QPointer>

namespace triage {

// `dns`: a host name resolves ([ADDRESSES], [RESPONSE_TIME]). With no `server:` it asks the
// system resolver, /etc/hosts included, as the app itself would; with one (`dig @10.0.0.2`,
// `nslookup NAME SERVER`, `Resolve-DnsName -Server`) it sends the query to that server, whose
// name is itself resolved first. `record: A` or `AAAA` keeps only addresses of that family.
class DnsProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

protected:
    void run() override;
    void abort() override;

private:
    void askSystem();
    void askServer(const QHostAddress &server, QDnsLookup::Type type);
    void answer(const QStringList &addresses, const QString &server);

    int m_lookup = -1;
    QPointer<QDnsLookup> m_query;
};

} // namespace triage
