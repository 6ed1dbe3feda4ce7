#pragma once

#include "CheckProbe.h"

#include <QTcpSocket>

namespace triage {

// `tcp`: connects to host:port and reports the latency ([CONNECTED], [RESPONSE_TIME]).
// Refused, unresolvable and silent hosts get their own outcome classes.
class TcpProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    // The outcome and message for a socket error while reaching `what` (shared with the
    // other socket-based probes).
    static CheckResult socketFailure(QAbstractSocket::SocketError error, const QString &what, const QString &detail);

protected:
    void run() override;
    void abort() override;

private:
    QTcpSocket *m_socket = nullptr;
};

} // namespace triage
