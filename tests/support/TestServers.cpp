#include "TestServers.h"

#include "TestSupport.h"

#include <QNetworkDatagram>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QtEndian>

#include <memory>
#include <QTcpSocket>
#include <QTest>

namespace triage::test {

QString serviceEnv(const char *name)
{
    return qEnvironmentVariable(name);
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

HttpResponder::HttpResponder(QObject *parent)
    : QTcpServer(parent)
{
    listen(QHostAddress::LocalHost, 0);
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = nextPendingConnection())
            serve(socket);
    });
}

QString HttpResponder::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path);
}

void HttpResponder::respond(const QString &path, int status, const QByteArray &body, const QByteArray &contentType)
{
    m_routes.insert(path, Route{status, body, contentType, false, 0, {}});
}

void HttpResponder::echoUnauthorized(const QString &path)
{
    Route route{401, {}, "text/plain", false, 0, {}};
    route.echo = true;
    m_routes.insert(path, route);
}

void HttpResponder::hang(const QString &path)
{
    m_routes.insert(path, Route{200, {}, {}, true, 0, {}});
}

void HttpResponder::redirect(const QString &path, const QString &location)
{
    Route r{302, {}, "text/plain", false, 0, location.toUtf8()};
    m_routes.insert(path, r);
}

void HttpResponder::stream(const QString &path, qint64 bytes)
{
    m_routes.insert(path, Route{200, {}, "application/octet-stream", false, bytes, {}});
}

void HttpResponder::serve(QTcpSocket *socket)
{
    auto *buffer = new QByteArray;
    connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
        delete buffer;
        socket->deleteLater();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        buffer->append(socket->readAll());
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        QHash<QByteArray, QByteArray> headers;
        for (const QByteArray &line : buffer->left(end).split('\n').mid(1)) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        // A request with a body (a POSTed form) is answered once all of it is here.
        const qsizetype length = headers.value("content-length").toLongLong();
        if (buffer->size() < end + 4 + length)
            return;
        ++m_requests;
        m_lastHeaders = headers;
        m_lastMethod = buffer->split(' ').value(0);
        const QByteArray path = buffer->split(' ').value(1);
        m_lastPath = path;
        m_lastBody = buffer->mid(end + 4, length);
        const QByteArray head = buffer->left(end);
        buffer->clear();
        const Route missing{404, "{\"error\":\"no such path\"}", "application/json", false, 0, {}};
        // An exact route first, then the path without its query.
        const Route route = m_routes.value(QString::fromUtf8(path), m_routes.value(QString::fromUtf8(path.left(path.indexOf('?'))), missing));
        if (route.hang)
            return;
        if (route.echo) {
            const QByteArray auth = headers.value("authorization");
            // The credential bare first, with no label a redactor could know it by.
            const QByteArray body = auth.mid(auth.indexOf(' ') + 1) + " is not a key we know. You sent:\n" + head + "\n";
            socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nWWW-Authenticate: Bearer error=\"invalid_token\", "
                          "error_description=\"" + auth + " is not valid\"\r\nX-Echo: " + auth + "\r\nContent-Length: "
                          + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            socket->disconnectFromHost();
            return;
        }
        if (route.streamBytes > 0) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
            // Chunks go out as the client drains them; stop when it hangs up.
            auto left = std::make_shared<qint64>(route.streamBytes);
            auto pump = [this, socket, left] {
                const QByteArray chunk(64 * 1024, 'x');
                while (*left > 0 && socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 256 * 1024) {
                    const qint64 n = std::min<qint64>(*left, chunk.size());
                    socket->write(chunk.constData(), n);
                    *left -= n;
                    m_streamed += n;
                }
                if (*left == 0)
                    socket->disconnectFromHost();
            };
            connect(socket, &QTcpSocket::bytesWritten, this, pump);
            pump();
            return;
        }
        static const QHash<int, QByteArray> reasons{{200, "OK"},           {400, "Bad Request"},          {401, "Unauthorized"},
                                                    {403, "Forbidden"},    {404, "Not Found"},            {422, "Unprocessable Entity"},
                                                    {500, "Internal Server Error"}, {503, "Service Unavailable"}};
        socket->write("HTTP/1.1 " + QByteArray::number(route.status) + ' ' + reasons.value(route.status, "Status") + "\r\nContent-Type: "
                      + route.contentType + "\r\nContent-Length: " + QByteArray::number(route.body.size())
                      + (route.location.isEmpty() ? QByteArray() : "\r\nLocation: " + route.location) + "\r\nConnection: close\r\n\r\n"
                      + route.body);
        socket->disconnectFromHost();
    });
}

KafkaResponder::KafkaResponder(QObject *parent)
    : QTcpServer(parent)
{
    listen(QHostAddress::LocalHost, 0);
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = nextPendingConnection()) {
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QTcpSocket::readyRead, s, [s] {
                const QByteArray request = s->readAll();
                if (request.size() < 12)
                    return;
                QByteArray body = request.mid(8, 4); // the correlation id, echoed
                body += QByteArray::fromHex("0000" "00000003" "000000000009" "000100000010" "001200000003");
                QByteArray frame(4, '\0');
                qToBigEndian<qint32>(qint32(body.size()), frame.data());
                s->write(frame + body);
            });
        }
    });
}

DnsResponder::DnsResponder(QObject *parent)
    : QUdpSocket(parent)
{
    for (int last = 1; last < 10 && m_address.isNull(); ++last) {
        const QHostAddress candidate(QStringLiteral("127.0.0.%1").arg(last));
        if (bind(candidate, 53))
            m_address = candidate;
    }
    connect(this, &QUdpSocket::readyRead, this, [this] {
        while (hasPendingDatagrams()) {
            const QNetworkDatagram query = receiveDatagram();
            ++m_queries;
            if (m_silent)
                continue;
            if (const QByteArray answer = reply(query.data()); !answer.isEmpty())
                writeDatagram(answer, query.senderAddress(), quint16(query.senderPort()));
        }
    });
}

// The header (id echoed, a response, recursion available), the one question as asked, and an
// A record for a known name; NXDOMAIN otherwise. Any EDNS record of the query is dropped.
QByteArray DnsResponder::reply(const QByteArray &query) const
{
    if (query.size() < 17)
        return {};
    QString name;
    qsizetype at = 12;
    while (at < query.size() && query.at(at) != 0) {
        const int length = quint8(query.at(at));
        if (!name.isEmpty())
            name += QLatin1Char('.');
        name += QString::fromLatin1(query.mid(at + 1, length));
        at += length + 1;
    }
    const qsizetype questionEnd = at + 5; // the root label, QTYPE, QCLASS
    if (questionEnd > query.size())
        return {};
    const bool isA = query.at(at + 1) == 0 && query.at(at + 2) == 1;
    const auto known = m_names.constFind(name.toLower());
    const bool answers = isA && known != m_names.cend();
    QByteArray r = query.left(questionEnd);
    r[2] = char(0x81);
    r[3] = char(known == m_names.cend() ? 0x83 : 0x80); // NXDOMAIN for an unknown name
    r[6] = 0;
    r[7] = char(answers ? 1 : 0);
    r.replace(8, 4, QByteArray(4, '\0'));
    if (answers) {
        r += QByteArray::fromHex("c00c" "0001" "0001" "0000003c" "0004");
        char address[4];
        qToBigEndian<quint32>(known->toIPv4Address(), address);
        r += QByteArray(address, 4);
    }
    return r;
}

QHash<QString, QString> homeEnvironment(const QString &home)
{
    return {{QStringLiteral("HOME"), home},
            {QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config")},
            {QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data")},
            {QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache")},
            {QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/state")}};
}

ProcessRun runTriage(const QStringList &args, const QHash<QString, QString> &extraEnv, int timeoutMs, const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    QSignalSpy done(&process, &QProcess::finished);
    process.start(triageExecutable(), args);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!done.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

CheckResult runProbe(CheckProbe *probe, int waitMs)
{
    QSignalSpy spy(probe, &CheckProbe::finished);
    probe->start();
    if (spy.isEmpty() && !spy.wait(waitMs))
        return CheckResult::make(CheckOutcome::Timeout, QStringLiteral("the probe never finished (test harness gave up)"));
    return spy.takeFirst().at(0).value<CheckResult>();
}

} // namespace triage::test
