#include "KafkaProbe.h"

#include "TcpProbe.h"

#include <QtEndian>

namespace triage {

namespace {
constexpr qint32 kCorrelationId = 0x54524941; // "TRIA"
constexpr qint32 kMaxResponse = 1024 * 1024;
}

QString KafkaProbe::target() const
{
    return QStringLiteral("kafka %1:%2").arg(param(QStringLiteral("host")), param(QStringLiteral("port")));
}

QByteArray KafkaProbe::apiVersionsRequest(qint32 correlationId)
{
    const QByteArray client = "triage";
    QByteArray body;
    auto put16 = [&](qint16 v) {
        char b[2];
        qToBigEndian(v, b);
        body.append(b, 2);
    };
    auto put32 = [&](qint32 v, QByteArray &to) {
        char b[4];
        qToBigEndian(v, b);
        to.append(b, 4);
    };
    put16(18); // ApiVersions
    put16(0);  // version 0: understood by every broker
    put32(correlationId, body);
    put16(qint16(client.size()));
    body.append(client);
    QByteArray frame;
    put32(qint32(body.size()), frame);
    return frame + body;
}

void KafkaProbe::run()
{
    bool ok = false;
    const int port = param(QStringLiteral("port")).toInt(&ok);
    if (param(QStringLiteral("host")).isEmpty() || !ok || port < 1 || port > 65535) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("kafka check needs `host:` and `port:`")));
        return;
    }
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] { m_socket->write(apiVersionsRequest(kCorrelationId)); });
    connect(m_socket, &QTcpSocket::readyRead, this, &KafkaProbe::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (!isFinished())
            finish(TcpProbe::socketFailure(error, target(), m_socket->errorString()));
    });
    m_socket->connectToHost(param(QStringLiteral("host")), quint16(port));
}

void KafkaProbe::onReadyRead()
{
    m_buffer += m_socket->readAll();
    if (m_buffer.size() < 4)
        return;
    const qint32 size = qFromBigEndian<qint32>(m_buffer.constData());
    auto notKafka = [this](const QString &why) {
        abort();
        finish(CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: %2; is this port a Kafka broker?").arg(target(), why),
                                 QStringLiteral("not_kafka")));
    };
    if (size < 6 || size > kMaxResponse) {
        notKafka(QStringLiteral("the answer is not a Kafka frame"));
        return;
    }
    if (m_buffer.size() < 4 + size)
        return;
    const qint32 correlation = qFromBigEndian<qint32>(m_buffer.constData() + 4);
    const qint16 errorCode = qFromBigEndian<qint16>(m_buffer.constData() + 8);
    if (correlation != kCorrelationId) {
        notKafka(QStringLiteral("the answer does not match the request"));
        return;
    }
    int apis = 0;
    if (size >= 10)
        apis = qFromBigEndian<qint32>(m_buffer.constData() + 10);
    abort();
    // Error 35 (UNSUPPORTED_VERSION) still proves a broker answered.
    CheckResult r = CheckResult::make(CheckOutcome::Ok, errorCode == 0 ? QStringLiteral("%1: broker answered ApiVersions (%2 APIs)").arg(target()).arg(apis)
                                                                       : QStringLiteral("%1: broker answered (error code %2)").arg(target()).arg(errorCode));
    r.values.insert(QStringLiteral("CONNECTED"), true);
    r.values.insert(QStringLiteral("API_VERSIONS"), apis);
    r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
    r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
    r.metrics.insert(QStringLiteral("api_versions"), apis);
    finishAnswered(r);
}

void KafkaProbe::abort()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

} // namespace triage
