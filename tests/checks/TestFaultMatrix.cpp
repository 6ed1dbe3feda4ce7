// The fault matrix: tcp, http, postgres, redis and kafka checks against servers that fail in
// every way a real one does: refused, accept-then-silence, reset mid-reply, a 1 byte/s drip,
// a malformed reply, an oversized reply, TLS where the server has none, and the server killed
// mid-check. Every check must end within its time limit with the outcome the table expects;
// then a thousand more runs must leave the resident memory where it was.
//
// The servers are in this process (QTcpServer on the test's event loop), except the one that
// is killed: it is this test's executable again, started with --fault-child, and SIGKILLed
// once the check is connected to it.
#include "TestServers.h"
#include "TestSupport.h"
#include "PostgresProbe.h"
#include "checks/HttpProbe.h"
#include "checks/KafkaProbe.h"
#include "checks/RedisProbe.h"
#include "checks/TcpProbe.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QtEndian>

#include <malloc.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>

using namespace triage;
using namespace triage::test;

namespace {

enum class Fault { Refused, Silence, Reset, Drip, Malformed, Oversized, TlsMismatch, Killed };

const char *faultName(Fault f)
{
    switch (f) {
    case Fault::Refused: return "refused";
    case Fault::Silence: return "silence";
    case Fault::Reset: return "reset";
    case Fault::Drip: return "drip";
    case Fault::Malformed: return "malformed";
    case Fault::Oversized: return "oversized";
    case Fault::TlsMismatch: return "tls-mismatch";
    case Fault::Killed: return "killed";
    }
    return "";
}

const QList<Fault> kFaults{Fault::Refused, Fault::Silence,   Fault::Reset,       Fault::Drip,
                           Fault::Malformed, Fault::Oversized, Fault::TlsMismatch, Fault::Killed};
const QStringList kTypes{QStringLiteral("tcp"), QStringLiteral("http"), QStringLiteral("postgres"), QStringLiteral("redis"),
                         QStringLiteral("kafka")};
// Long enough that a loaded 2-core machine still finishes a libpq startup or a killed child
// in time, and that the 1 byte/s drip gets bytes through (it is not silence).
constexpr int kTimeoutMs = 2500;

// A literal's bytes, embedded NULs included, without its terminator.
template<std::size_t N>
QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, qsizetype(N - 1));
}

// The first bytes a healthy server of each type would send: what the faults cut, drip or kill.
QByteArray replyStart(const QString &type)
{
    if (type == QLatin1String("http"))
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nhello";
    if (type == QLatin1String("postgres"))
        return bytes("R\0\0\0\x08\0\0\0\0") + bytes("S\0\0\0\x18server_version\0" "16.0\0");
    if (type == QLatin1String("redis"))
        return "$100\r\nhello";
    if (type == QLatin1String("kafka"))
        return bytes("\0\0\0\x40\0\0\0\x01\0\0\0\0\0\x03");
    return "hello";
}

// A reply announcing far more than any check reads, then as much as the client takes.
QByteArray oversizedStart(const QString &type)
{
    if (type == QLatin1String("http"))
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1073741824\r\n\r\n";
    if (type == QLatin1String("postgres"))
        return bytes("E\x3f\xff\xff\xff");
    if (type == QLatin1String("redis"))
        return "$536870912\r\n";
    if (type == QLatin1String("kafka"))
        return bytes("\x3f\xff\xff\xff");
    return {};
}

// One in-process server that misbehaves in one way. PostgreSQL's SSLRequest and GSSENCRequest
// get their 'N' first, so that the fault meets the startup message, as it would in life.
class FaultServer : public QTcpServer {
public:
    FaultServer(const QString &type, Fault fault)
        : m_type(type)
        , m_fault(fault)
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection())
                serve(s);
        });
    }

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // Kafka, Redis and HTTP clients speak first; so does libpq. TCP checks only connect.
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            const QByteArray in = socket->readAll();
            if (m_type == QLatin1String("postgres") && in.size() == 8) {
                const quint32 code = qFromBigEndian<quint32>(in.constData() + 4);
                if (code == 80877103 || code == 80877104) {
                    socket->write("N");
                    return;
                }
            }
            if (socket->property("answered").toBool())
                return;
            socket->setProperty("answered", true);
            answer(socket);
        });
    }

    void answer(QTcpSocket *socket)
    {
        switch (m_fault) {
        case Fault::Silence:
            return;
        case Fault::Reset: {
            socket->write(replyStart(m_type).left(6));
            socket->flush();
            // SO_LINGER 0: close() sends RST, not FIN.
            const linger hard{1, 0};
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            socket->abort();
            return;
        }
        case Fault::Drip: {
            auto *timer = new QTimer(socket);
            auto left = std::make_shared<QByteArray>(replyStart(m_type));
            connect(timer, &QTimer::timeout, socket, [socket, left] {
                if (!left->isEmpty()) {
                    socket->write(left->left(1));
                    left->remove(0, 1);
                }
            });
            timer->start(1000);
            return;
        }
        case Fault::Malformed:
            socket->write(bytes("\xff\xfe\x00garbage \x01\x02 not this protocol at all\r\n\r\n").repeated(8));
            socket->disconnectFromHost();
            return;
        case Fault::Oversized: {
            socket->write(oversizedStart(m_type));
            // Kept full while the client reads; it must stop reading at its own limit.
            const QByteArray chunk(64 * 1024, 'x');
            auto pump = [socket, chunk] {
                while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 256 * 1024)
                    socket->write(chunk);
            };
            connect(socket, &QTcpSocket::bytesWritten, socket, pump);
            pump();
            return;
        }
        case Fault::TlsMismatch:
            // A plain-text server: an HTTP reply to a TLS ClientHello; 'N' to libpq's SSLRequest
            // (above) leaves nothing to answer here.
            socket->write(replyStart(m_type));
            socket->disconnectFromHost();
            return;
        case Fault::Refused:
        case Fault::Killed:
            return;
        }
    }

    QString m_type;
    Fault m_fault;
};

// This executable started again as a server that answers half a reply and then waits to be
// killed: `--fault-child TYPE`. Says "listening PORT" and "accepted" on stdout.
int faultChild(const QString &type)
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    std::printf("listening %d\n", int(server.serverPort()));
    std::fflush(stdout);
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, type] {
        QTcpSocket *socket = server.nextPendingConnection();
        if (!socket)
            return;
        std::printf("accepted\n");
        std::fflush(stdout);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, type] {
            const QByteArray in = socket->readAll();
            if (type == QLatin1String("postgres") && in.size() == 8) {
                socket->write("N");
                return;
            }
            socket->write(replyStart(type).left(6));
        });
    });
    return QCoreApplication::exec();
}

CheckSpec specFor(const QString &type, quint16 port, Fault fault)
{
    CheckSpec s;
    s.type = type;
    s.params.insert(QStringLiteral("timeout"), kTimeoutMs);
    const QString host = QStringLiteral("127.0.0.1");
    if (type == QLatin1String("http")) {
        const QString scheme = fault == Fault::TlsMismatch ? QStringLiteral("https") : QStringLiteral("http");
        s.params.insert(QStringLiteral("url"), QStringLiteral("%1://%2:%3/health").arg(scheme, host).arg(port));
        return s;
    }
    s.params.insert(QStringLiteral("host"), host);
    s.params.insert(QStringLiteral("port"), port);
    if (type == QLatin1String("postgres")) {
        s.params.insert(QStringLiteral("query"), QStringLiteral("SELECT 1"));
        s.params.insert(QStringLiteral("user"), QStringLiteral("postgres"));
        s.params.insert(QStringLiteral("dbname"), QStringLiteral("postgres"));
        s.params.insert(QStringLiteral("sslmode"), fault == Fault::TlsMismatch ? QStringLiteral("require") : QStringLiteral("disable"));
    }
    if (type == QLatin1String("redis"))
        s.params.insert(QStringLiteral("command"), QStringLiteral("GET key"));
    return s;
}

std::unique_ptr<CheckProbe> probeFor(const CheckSpec &spec)
{
    const CheckContext context;
    if (spec.type == QLatin1String("tcp"))
        return std::make_unique<TcpProbe>(spec, context);
    if (spec.type == QLatin1String("http"))
        return std::make_unique<HttpProbe>(spec, context);
    if (spec.type == QLatin1String("postgres"))
        return std::make_unique<PostgresProbe>(spec, context);
    if (spec.type == QLatin1String("redis"))
        return std::make_unique<RedisProbe>(spec, context);
    return std::make_unique<KafkaProbe>(spec, context);
}

// Whether TLS applies to a type: the others have no TLS mode to mismatch.
bool hasTls(const QString &type)
{
    return type == QLatin1String("http") || type == QLatin1String("postgres");
}

QHash<QString, std::shared_ptr<FaultServer>> servers; // see runCell()

struct Cell {
    QString outcome;
    qint64 ms = 0;
};

// Runs one cell: starts its server, runs the check to its end, returns what came out.
Cell runCell(const QString &type, Fault fault)
{
    QElapsedTimer clock;
    if (fault == Fault::Killed) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--fault-child"), type});
        if (!child.waitForReadyRead(10000))
            return {QStringLiteral("(child did not start)"), 0};
        const quint16 port = quint16(QString::fromLatin1(child.readLine()).section(QLatin1Char(' '), 1).trimmed().toUInt());
        auto probe = probeFor(specFor(type, port, fault));
        QObject::connect(&child, &QProcess::readyReadStandardOutput, &child, [&child] {
            if (child.readAll().contains("accepted"))
                QTimer::singleShot(50, &child, [&child] { child.kill(); }); // SIGKILL, mid-reply
        });
        clock.start();
        const CheckResult r = runProbe(probe.get(), 10000);
        child.kill();
        child.waitForFinished(2000);
        return {checkOutcomeName(r.outcome), clock.elapsed()};
    }
    // One server per cell, kept for the repeated runs: a monitor asks the same endpoints
    // again and again. (Each run on a new port would also measure the HTTP client's cache of
    // per-host:port connections, which is bounded by its expiry, not by Triage.)
    static const quint16 refusedPort = closedPort();
    quint16 port = refusedPort;
    if (fault != Fault::Refused) {
        std::shared_ptr<FaultServer> &server = servers[type + QLatin1Char('/') + QLatin1String(faultName(fault))];
        if (!server)
            server = std::make_shared<FaultServer>(type, fault);
        port = server->serverPort();
    }
    auto probe = probeFor(specFor(type, port, fault));
    clock.start();
    const CheckResult r = runProbe(probe.get(), 10000);
    return {checkOutcomeName(r.outcome), clock.elapsed()};
}

qint64 peakKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Resident size of what is live: free heap goes back to the system first, so that memory the
// allocator keeps after a big reply (libpq's buffer for the oversized one) is not counted as
// growth. A leak stays resident either way.
qint64 residentKiB()
{
    malloc_trim(0);
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    return statm.readAll().split(' ').value(1).toLongLong() * 4;
}

} // namespace

class TestFaultMatrix : public QObject {
    Q_OBJECT
private slots:
    // Memory first: the matrix's oversized PostgreSQL reply leaves the heap fragmented, and
    // resident size after that moves by megabytes with no leak at all (seen in CI).
    void repeatedRunsLeaveMemoryFlat();
    void everyCheckEndsInTimeWithTheRightOutcome();
    void cleanupTestCase() { servers.clear(); }
};

void TestFaultMatrix::everyCheckEndsInTimeWithTheRightOutcome()
{
    // What each type must say for each fault; "-" where the fault does not apply, "a|b" where
    // either is right. A tcp check only connects, so whatever the server does after accepting,
    // the port is open. An HTTP client that loses its server mid-reply asks again, and is then
    // refused. libpq reads a message whatever length it announces, so PostgreSQL's oversized
    // reply ends at the check's time limit (the resident size afterwards is measured below).
    const QHash<QString, QStringList> expected{
        {QStringLiteral("tcp"), {"connection_refused", "ok", "ok", "ok", "ok", "ok", "-", "ok"}},
        {QStringLiteral("http"), {"connection_refused", "timeout", "protocol_error", "timeout", "protocol_error", "protocol_error", "tls_error",
                                  "protocol_error|connection_refused"}},
        {QStringLiteral("postgres"), {"connection_refused", "timeout", "protocol_error", "timeout", "protocol_error", "timeout", "tls_error", "protocol_error"}},
        {QStringLiteral("redis"), {"connection_refused", "timeout", "protocol_error", "timeout", "protocol_error", "protocol_error", "-", "protocol_error"}},
        {QStringLiteral("kafka"), {"connection_refused", "timeout", "protocol_error", "timeout", "protocol_error", "protocol_error", "-", "protocol_error"}},
    };
    QString table = QStringLiteral("%1").arg(QString(), -9);
    for (Fault f : kFaults)
        table += QStringLiteral("%1").arg(QLatin1String(faultName(f)), -26);
    table += QLatin1Char('\n');
    QStringList wrong;
    for (const QString &type : kTypes) {
        table += QStringLiteral("%1").arg(type, -9);
        for (int i = 0; i < kFaults.size(); ++i) {
            const Fault fault = kFaults.at(i);
            const QString want = expected.value(type).at(i);
            if (fault == Fault::TlsMismatch && !hasTls(type)) {
                table += QStringLiteral("%1").arg(QStringLiteral("-"), -26);
                continue;
            }
            const Cell cell = runCell(type, fault);
            // Within its time limit, with some slack for a loaded machine; never a hang.
            const bool inTime = cell.ms <= kTimeoutMs + 1500;
            const bool right = want.split(QLatin1Char('|')).contains(cell.outcome);
            table += QStringLiteral("%1").arg(QStringLiteral("%1 %2ms%3").arg(cell.outcome).arg(cell.ms).arg(right && inTime ? "" : " !"), -26);
            if (!right || !inTime)
                wrong << QStringLiteral("%1/%2: %3 in %4 ms, expected %5").arg(type, QLatin1String(faultName(fault)), cell.outcome).arg(cell.ms).arg(want);
        }
        table += QLatin1Char('\n');
    }
    qInfo().noquote() << "\n" + table;
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
}

void TestFaultMatrix::repeatedRunsLeaveMemoryFlat()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    // ASan keeps freed memory in quarantine, so resident size says nothing about leaks there;
    // LeakSanitizer checks this build instead, and the normal build measures.
    QSKIP("resident size is measured in the normal build; under ASan, LeakSanitizer checks for leaks");
#endif
    // The faults that end at once, round-robin over every type: 3,500 checks. PostgreSQL's
    // oversized reply runs to its time limit and leaves libpq's large buffer to the allocator,
    // whose layout afterwards varies from run to run: it is measured on its own, after.
    const QList<Fault> quick{Fault::Refused, Fault::Reset, Fault::Malformed, Fault::Oversized, Fault::TlsMismatch};
    QList<std::pair<QString, Fault>> cells;
    for (const QString &type : kTypes) {
        for (Fault f : quick) {
            if ((f != Fault::TlsMismatch || hasTls(type)) && !(type == QLatin1String("postgres") && f == Fault::Oversized))
                cells.append({type, f});
        }
    }

    // A leak keeps growing; warming up does not. After 500 runs, three stretches of 1,000 each
    // are measured, and the smallest growth among them must stay under 400 KiB: a check that
    // kept even 1 KiB would show about 1 MiB in every stretch. Warming up shows in one stretch
    // at most: a pool thread that starts late takes its own malloc arena, a step of about
    // 1-2 MiB that failed a single 800-run comparison on a clean clone.
    // TRIAGE_FAULT_RUNS=N runs more (or fewer), to see a slow growth by eye.
    const int runs = qEnvironmentVariableIntValue("TRIAGE_FAULT_RUNS") > 0 ? qEnvironmentVariableIntValue("TRIAGE_FAULT_RUNS") : 3500;
    const int warmUp = std::max(1, runs / 7);
    const int stretch = std::max(1, (runs - warmUp) / 3);
    QList<qint64> resident; // after the warm-up, then after each stretch
    QElapsedTimer clock;
    clock.start();
    for (int run = 0; run < warmUp + 3 * stretch; ++run) {
        const auto &[type, fault] = cells.at(run % cells.size());
        runCell(type, fault);
        if (run + 1 >= warmUp && (run + 1 - warmUp) % stretch == 0) {
            QCoreApplication::processEvents();
            resident.append(residentKiB());
        }
    }
    QList<qint64> growth;
    for (int i = 1; i < resident.size(); ++i)
        growth.append(resident.at(i) - resident.at(i - 1));
    qInfo("%d faulty checks in %lld ms; resident after %d runs and each %d after: %s KiB; peak %lld KiB", warmUp + 3 * stretch,
          clock.elapsed(), warmUp, stretch,
          qPrintable(std::accumulate(resident.cbegin(), resident.cend(), QString(),
                                     [](const QString &all, qint64 kib) { return all.isEmpty() ? QString::number(kib) : all + QStringLiteral(", ") + QString::number(kib); })),
          peakKiB());
    QCOMPARE(growth.size(), 3);
    const qint64 least = *std::min_element(growth.cbegin(), growth.cend());
    QVERIFY2(least < 400, qPrintable(QStringLiteral("resident memory grew in every stretch of %1 runs, by at least %2 KiB").arg(stretch).arg(least)));

    // The oversized PostgreSQL reply: what it costs while it runs, and that it gives it back.
    const qint64 before = residentKiB();
    for (int i = 0; i < 3; ++i)
        runCell(QStringLiteral("postgres"), Fault::Oversized);
    const qint64 after = residentKiB();
    qInfo("3 oversized PostgreSQL replies: resident %lld KiB before, %lld KiB after (%+lld KiB); peak %lld KiB", before, after,
          after - before, peakKiB());
    QVERIFY2(after - before < 8 * 1024, qPrintable(QStringLiteral("resident memory grew by %1 KiB").arg(after - before)));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 2 && QByteArray(argv[1]) == "--fault-child")
        return faultChild(QString::fromLatin1(argv[2]));
    TestFaultMatrix test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestFaultMatrix.moc"
