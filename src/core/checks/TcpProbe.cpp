#include "TcpProbe.h"

namespace triage {

QString TcpProbe::target() const
{
    return QStringLiteral("tcp %1:%2").arg(param(QStringLiteral("host")), param(QStringLiteral("port")));
}

CheckResult TcpProbe::socketFailure(QAbstractSocket::SocketError error, const QString &what, const QString &detail)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return CheckResult::make(CheckOutcome::ConnectionRefused,
                                 QStringLiteral("%1: connection refused, so nothing listens there. Start the service, or check "
                                                "the host and port the check uses")
                                     .arg(what),
                                 QStringLiteral("refused"));
    case QAbstractSocket::HostNotFoundError:
        return CheckResult::make(CheckOutcome::DnsFailure,
                                 QStringLiteral("%1: the host name does not resolve (%2). Check its spelling, /etc/hosts, or the "
                                                "DNS/VPN this machine uses")
                                     .arg(what, detail),
                                 QStringLiteral("nxdomain"));
    case QAbstractSocket::SocketTimeoutError:
        return CheckResult::make(CheckOutcome::Timeout, QStringLiteral("%1: timed out").arg(what));
    case QAbstractSocket::SslHandshakeFailedError:
        return CheckResult::make(CheckOutcome::TlsError, QStringLiteral("%1: TLS handshake failed: %2").arg(what, detail));
    case QAbstractSocket::NetworkError:
        return CheckResult::make(CheckOutcome::ConnectionRefused,
                                 QStringLiteral("%1: the network is unreachable (%2). Check the address and this machine's "
                                                "network")
                                     .arg(what, detail),
                                 QStringLiteral("unreachable"));
    case QAbstractSocket::RemoteHostClosedError:
        return CheckResult::make(CheckOutcome::ProtocolError,
                                 QStringLiteral("%1: the server closed the connection before answering; is this the right port "
                                                "for this service?")
                                     .arg(what),
                                 QStringLiteral("closed"));
    default:
        return CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: %2").arg(what, detail));
    }
}

void TcpProbe::run()
{
    const QString host = param(QStringLiteral("host"));
    bool ok = false;
    const int port = param(QStringLiteral("port")).toInt(&ok);
    if (host.isEmpty() || !ok || port < 1 || port > 65535) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                 QStringLiteral("tcp check needs `host:` and a `port:` between 1 and 65535 (got %1:%2)")
                                     .arg(host, param(QStringLiteral("port")))));
        return;
    }
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        CheckResult r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1: accepting connections").arg(target()));
        const double ms = elapsedMs();
        r.values.insert(QStringLiteral("CONNECTED"), true);
        r.values.insert(QStringLiteral("RESPONSE_TIME"), ms);
        r.metrics.insert(QStringLiteral("latency_ms"), ms);
        m_socket->abort();
        finishAnswered(r);
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (isFinished())
            return;
        finish(socketFailure(error, target(), m_socket->errorString()));
    });
    m_socket->connectToHost(host, quint16(port));
}

void TcpProbe::abort()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

} // namespace triage
