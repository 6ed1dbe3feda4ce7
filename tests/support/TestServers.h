#pragma once

#include "checks/CheckProbe.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QTcpServer>
#include <QUdpSocket>

#include <functional>

namespace triage::test {

// The service a test talks to, from the environment tests/run sets up
// (TRIAGE_TEST_PG_PORT, …). Empty when the test runs outside tests/run.
QString serviceEnv(const char *name);
// A port on 127.0.0.1 where nothing listens (bound, noted, released).
quint16 closedPort();

// An HTTP/1.1 responder on 127.0.0.1 for tests. Each path answers as configured:
//   respond("/health", 200, R"({"status":"ok"})")      a fixed answer
//   hang("/slow")                                        accepts the request, never answers
//   stream("/huge", 100 MB)                              a body of that many bytes, sent in chunks
// bytesStreamed() says how much of a streamed body actually left before the client hung up.
class HttpResponder : public QTcpServer {
    Q_OBJECT
public:
    explicit HttpResponder(QObject *parent = nullptr);
    QString url(const QString &path) const;
    void respond(const QString &path, int status, const QByteArray &body, const QByteArray &contentType = "application/json");
    void hang(const QString &path);
    void stream(const QString &path, qint64 bytes);
    void redirect(const QString &path, const QString &location);
    // Answers 401 and echoes the request back, as careless servers do: the credential bare at
    // the start of the body, then every request line, and the Authorization header in
    // WWW-Authenticate and X-Echo.
    void echoUnauthorized(const QString &path);
    // The headers of the last request, lower-cased names; its method, path (with any query)
    // and body.
    QHash<QByteArray, QByteArray> lastHeaders() const { return m_lastHeaders; }
    QByteArray lastMethod() const { return m_lastMethod; }
    QByteArray lastPath() const { return m_lastPath; }
    QByteArray lastBody() const { return m_lastBody; }
    qint64 bytesStreamed() const { return m_streamed; }
    int requests() const { return m_requests; }

private:
    struct Route {
        int status = 200;
        QByteArray body;
        QByteArray contentType;
        bool hang = false;
        qint64 streamBytes = 0;
        QByteArray location;
        bool echo = false;
    };
    QHash<QByteArray, QByteArray> m_lastHeaders;
    QByteArray m_lastMethod;
    QByteArray m_lastPath;
    QByteArray m_lastBody;
    void serve(QTcpSocket *socket);
    QHash<QString, Route> m_routes;
    qint64 m_streamed = 0;
    int m_requests = 0;
};

// A minimal Kafka broker: answers every ApiVersions request (v0) with three APIs.
class KafkaResponder : public QTcpServer {
    Q_OBJECT
public:
    explicit KafkaResponder(QObject *parent = nullptr);
};

// A DNS server on UDP port 53 of a loopback address (QDnsLookup, and so the dns check, always
// asks port 53). It answers A queries for the names given to answer(), NXDOMAIN for other
// names, and nothing at all once silent() is set. Binding port 53 needs root, as tests/run
// has; address() is null when no 127.0.0.x address could be bound.
class DnsResponder : public QUdpSocket {
    Q_OBJECT
public:
    explicit DnsResponder(QObject *parent = nullptr);
    QHostAddress address() const { return m_address; }
    void answer(const QString &name, const QHostAddress &ipv4) { m_names.insert(name.toLower(), ipv4); }
    void silent() { m_silent = true; }
    int queries() const { return m_queries; }

private:
    QByteArray reply(const QByteArray &query) const;
    QHash<QString, QHostAddress> m_names;
    QHostAddress m_address;
    bool m_silent = false;
    int m_queries = 0;
};

// Runs the `triage` executable while this process's event loop keeps serving (so that the
// in-test responders answer it). Code -1 when it did not finish within `timeoutMs`.
struct ProcessRun {
    int code = -1;
    QString out;
    QString err;
};
// The environment that gives a `triage` run its own home under `home`: HOME and the XDG config,
// data, cache and state folders (trust store, profiles, history, log), nobody else's.
QHash<QString, QString> homeEnvironment(const QString &home);

// `input` is written to its stdin, which is then closed.
ProcessRun runTriage(const QStringList &args, const QHash<QString, QString> &extraEnv = {}, int timeoutMs = 60000,
                     const QByteArray &input = {});

// Runs one probe to its end on the test's event loop and returns its result.
CheckResult runProbe(CheckProbe *probe, int waitMs = 20000);

} // namespace triage::test
