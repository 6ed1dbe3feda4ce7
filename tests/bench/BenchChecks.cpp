// Benchmarks for live checks, against the servers tests/run starts. Prints figures; never fails
// on them (the machines are shared).
//
//  (a) a round of native checks against the CLI commands guides name for the same job
//      (pg_isready, psql -c, redis-cli ping, redis-cli info, curl, nc -z). Target: >= 20x faster.
//  (b) each check's overhead against the raw protocol round trip in this process. Target: <= 2x.
//  (c) event-loop responsiveness with 500 checks in flight, some hanging until their timeout,
//      and a 1 ms timer ticking. Target: worst lateness < 16 ms.

#include "PostgresProbe.h"
#include "TestServers.h"
#include "checks/CheckRunner.h"
#include "checks/HttpProbe.h"
#include "checks/RedisProbe.h"
#include "checks/TcpProbe.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>
#include <cstdio>

using namespace triage;
using namespace triage::test;

namespace {

struct Env {
    QString pgHost, pgPort, pgUser, pgPassword, redisPort;
};

CheckSpec make(const QString &type, const QVariantMap &params)
{
    CheckSpec s;
    s.type = type;
    s.params = params;
    return s;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

// One probe to its end, timed from start() to finished(); the event loop runs meanwhile.
double timeProbe(const ProbeRegistry &registry, const CheckSpec &spec, const CheckContext &context, CheckOutcome *outcome = nullptr)
{
    std::unique_ptr<CheckProbe> probe(registry.create(spec, context, nullptr));
    QSignalSpy spy(probe.get(), &CheckProbe::finished);
    QElapsedTimer clock;
    clock.start();
    probe->start();
    if (spy.isEmpty())
        spy.wait(10000);
    const double ms = clock.nsecsElapsed() / 1e6;
    if (outcome && !spy.isEmpty())
        *outcome = spy.first().at(0).value<CheckResult>().outcome;
    return ms;
}

double timeCommand(const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(program, args);
    p.waitForFinished(10000);
    return clock.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qRegisterMetaType<triage::CheckResult>();
    const Env env{serviceEnv("TRIAGE_TEST_PG_HOST"), serviceEnv("TRIAGE_TEST_PG_PORT"), serviceEnv("TRIAGE_TEST_PG_USER"),
                  serviceEnv("TRIAGE_TEST_PG_PASSWORD"), serviceEnv("TRIAGE_TEST_REDIS_PORT")};
    if (env.pgPort.isEmpty() || env.redisPort.isEmpty()) {
        std::printf("checks      skipped: TRIAGE_TEST_PG_* / TRIAGE_TEST_REDIS_* not set (run tests/run)\n");
        return 0;
    }
    // The HTTP server runs on a thread of its own, as a real one runs in a process of its own:
    // the CLI commands and the raw round trips below block this thread while they wait.
    QThread serverThread;
    auto *server = new HttpResponder;
    server->respond(QStringLiteral("/health"), 200, R"({"status":"ok","services":{"database":"healthy"}})");
    server->hang(QStringLiteral("/hang"));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    HttpResponder &http = *server;

    ProbeRegistry registry = ProbeRegistry::withCoreProbes();
    PostgresProbe::registerIn(registry);
    CheckContext context;
    const QString password = env.pgPassword;
    context.secret = [password](const QString &type, const QString &field) {
        return type == QLatin1String("postgres") && field == QLatin1String("password") ? password : QString();
    };
    const QVariantMap pg{{QStringLiteral("host"), env.pgHost}, {QStringLiteral("port"), env.pgPort}, {QStringLiteral("user"), env.pgUser},
                         {QStringLiteral("dbname"), QStringLiteral("postgres")}};
    QVariantMap pgReady = pg;
    pgReady.insert(QStringLiteral("mode"), QStringLiteral("ready"));
    QVariantMap pgQuery = pg;
    pgQuery.insert(QStringLiteral("query"), QStringLiteral("SELECT 1"));
    const QVariantMap redis{{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), env.redisPort}};
    QVariantMap redisInfo = redis;
    redisInfo.insert(QStringLiteral("command"), QStringLiteral("INFO"));
    const QString url = http.url(QStringLiteral("/health"));

    struct Pair {
        const char *name;
        CheckSpec spec;
        QString program;
        QStringList args;
    };
    const QList<Pair> pairs{
        {"postgres ready", make(QStringLiteral("postgres"), pgReady), QStringLiteral("pg_isready"),
         {QStringLiteral("-h"), env.pgHost, QStringLiteral("-p"), env.pgPort}},
        {"postgres query", make(QStringLiteral("postgres"), pgQuery), QStringLiteral("psql"),
         {QStringLiteral("-h"), env.pgHost, QStringLiteral("-p"), env.pgPort, QStringLiteral("-U"), env.pgUser, QStringLiteral("-d"),
          QStringLiteral("postgres"), QStringLiteral("-Atc"), QStringLiteral("SELECT 1")}},
        {"redis ping", make(QStringLiteral("redis"), redis), QStringLiteral("redis-cli"),
         {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), env.redisPort, QStringLiteral("ping")}},
        {"redis info", make(QStringLiteral("redis"), redisInfo), QStringLiteral("redis-cli"),
         {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), env.redisPort, QStringLiteral("info")}},
        {"http", make(QStringLiteral("http"), {{QStringLiteral("url"), url}}), QStringLiteral("curl"), {QStringLiteral("-s"), url}},
        {"tcp", make(QStringLiteral("tcp"), {{QStringLiteral("host"), env.pgHost}, {QStringLiteral("port"), env.pgPort}}), QStringLiteral("nc"),
         {QStringLiteral("-z"), env.pgHost, env.pgPort}},
    };

    // (a) native round vs the CLI commands, 10 rounds each, best round kept.
    QProcessEnvironment childEnv = QProcessEnvironment::systemEnvironment();
    childEnv.insert(QStringLiteral("PGPASSWORD"), env.pgPassword); // the child's environment, never its arguments
    double nativeBest = 1e9;
    double cliBest = 1e9;
    QStringList missing;
    for (const Pair &p : pairs) {
        if (QStandardPaths::findExecutable(p.program).isEmpty())
            missing.append(p.program);
    }
    const bool onlyC = qEnvironmentVariableIsSet("BENCH_ONLY_C");
    for (const Pair &p : pairs) // warm-up: first connections, DNS, libpq's own start-up
        timeProbe(registry, p.spec, context);
    for (int round = 0; round < (onlyC ? 0 : 10); ++round) {
        double native = 0;
        double cli = 0;
        for (const Pair &p : pairs) {
            native += timeProbe(registry, p.spec, context);
            if (!missing.contains(p.program))
                cli += timeCommand(p.program, p.args, childEnv);
        }
        nativeBest = std::min(nativeBest, native);
        cliBest = std::min(cliBest, cli);
    }
    std::printf("checks (a)  a round of %lld native checks: %.1f ms; the same jobs by CLI commands: %.1f ms; native is %.1fx faster "
                "(target >= 20x)%s\n",
                qlonglong(pairs.size()), nativeBest, cliBest, cliBest / nativeBest,
                missing.isEmpty() ? "" : qPrintable(QStringLiteral(" [not installed, left out: %1]").arg(missing.join(QStringLiteral(", ")))));

    // (b) overhead against the raw protocol round trip, median of 30 each.
    auto rawTcp = [&] {
        QTcpSocket s;
        QElapsedTimer c;
        c.start();
        s.connectToHost(env.pgHost, quint16(env.pgPort.toInt()));
        s.waitForConnected(5000);
        return c.nsecsElapsed() / 1e6;
    };
    auto rawRedis = [&](const QByteArray &command) {
        QTcpSocket s;
        QElapsedTimer c;
        c.start();
        s.connectToHost(QStringLiteral("127.0.0.1"), quint16(env.redisPort.toInt()));
        s.waitForConnected(5000);
        s.write(command);
        QByteArray reply;
        // A complete bulk reply ends with CRLF after its announced length; a status reply with one CRLF.
        while (s.waitForReadyRead(5000)) {
            reply += s.readAll();
            if (reply.startsWith('+') && reply.endsWith("\r\n"))
                break;
            if (reply.startsWith('$')) {
                const qsizetype eol = reply.indexOf("\r\n");
                if (eol > 0 && reply.size() >= eol + 2 + reply.mid(1, eol - 1).toLongLong() + 2)
                    break;
            }
        }
        return c.nsecsElapsed() / 1e6;
    };
    auto rawHttp = [&] {
        QTcpSocket s;
        QElapsedTimer c;
        c.start();
        s.connectToHost(QStringLiteral("127.0.0.1"), http.serverPort());
        s.waitForConnected(5000);
        s.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(5000))
            s.readAll();
        return c.nsecsElapsed() / 1e6;
    };
    const QByteArray host = env.pgHost.toUtf8(), port = env.pgPort.toUtf8(), user = env.pgUser.toUtf8(), pass = env.pgPassword.toUtf8();
    const char *keys[] = {"host", "port", "user", "password", "dbname", nullptr};
    const char *values[] = {host.constData(), port.constData(), user.constData(), pass.constData(), "postgres", nullptr};
    // Readiness as pg_isready asks it (no login); a query as one round trip on an open session
    // doing the same work (a read-only transaction, a cursor, one fetch), which is what the
    // native check does once its first login is pooled.
    const char *pingKeys[] = {"host", "port", "user", "dbname", nullptr};
    const char *pingValues[] = {host.constData(), port.constData(), user.constData(), "postgres", nullptr};
    auto rawPgPing = [&] {
        QElapsedTimer c;
        c.start();
        PQpingParams(pingKeys, pingValues, 0);
        return c.nsecsElapsed() / 1e6;
    };
    PGconn *session = PQconnectdbParams(keys, values, 0);
    auto rawPgQuery = [&] {
        QElapsedTimer c;
        c.start();
        PGresult *r = PQexec(session, "BEGIN TRANSACTION READ ONLY; DECLARE c NO SCROLL CURSOR FOR SELECT 1; FETCH 101 FROM c; ROLLBACK");
        PQclear(r);
        return c.nsecsElapsed() / 1e6;
    };
    struct Overhead {
        const char *name;
        CheckSpec spec;
        std::function<double()> raw;
    };
    const QList<Overhead> overheads{
        {"tcp", pairs.at(5).spec, rawTcp},
        {"http", pairs.at(4).spec, rawHttp},
        {"redis ping", pairs.at(2).spec, [&] { return rawRedis("*1\r\n$4\r\nPING\r\n"); }},
        {"redis info", pairs.at(3).spec, [&] { return rawRedis("*1\r\n$4\r\nINFO\r\n"); }},
        {"postgres ready", pairs.at(0).spec, rawPgPing},
        {"postgres query", pairs.at(1).spec, rawPgQuery},
    };
    for (const Overhead &o : overheads) {
        QList<double> native, raw;
        for (int i = 0; i < (onlyC ? 0 : 30); ++i) {
            native.append(timeProbe(registry, o.spec, context));
            raw.append(o.raw());
        }
        std::printf("checks (b)  %-15s native %.2f ms, raw protocol %.2f ms: %.2fx (target <= 2x)\n", o.name, median(native), median(raw),
                    median(native) / std::max(0.001, median(raw)));
    }
    PQfinish(session);
    {
        // QNetworkAccessManager, which the http check must use, measured alone for the same GET.
        QNetworkAccessManager manager;
        QList<double> bare;
        for (int i = 0; i < 31; ++i) {
            QElapsedTimer c;
            c.start();
            QNetworkReply *reply = manager.get(QNetworkRequest(QUrl(url)));
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(5000);
            if (i > 0)
                bare.append(c.nsecsElapsed() / 1e6);
            reply->deleteLater();
        }
        std::printf("checks (b)  %-15s bare QNetworkAccessManager GET %.2f ms: the floor under the http check's figure above\n", "http", median(bare));
    }

    // (c) 500 checks in flight, a fifth of them hanging until their 1.5 s timeout, while a
    // 1 ms timer ticks on the same thread.
    QList<CheckJob> jobs;
    for (int i = 0; i < 500; ++i) {
        CheckSpec s;
        switch (i % 5) {
        case 0:
            s = make(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/hang"))}, {QStringLiteral("timeout"), 1500}});
            break;
        case 1:
            s = pairs.at(4).spec;
            break;
        case 2:
            s = pairs.at(2).spec;
            break;
        case 3:
            s = make(QStringLiteral("tcp"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), closedPort()}});
            break;
        default:
            s = pairs.at(5).spec;
            break;
        }
        jobs.append({QString(), QStringLiteral("n%1").arg(i), QString(), s});
    }
    CheckRunner runner(registry, context);
    runner.setConcurrency(500);
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QElapsedTimer sinceTick;
    QElapsedTimer total;
    total.start();
    double worst = 0;
    int ticks = 0;
    double worstAt = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        if (sinceTick.isValid() && sinceTick.nsecsElapsed() / 1e6 - 1.0 > worst) {
            worst = sinceTick.nsecsElapsed() / 1e6 - 1.0;
            worstAt = total.nsecsElapsed() / 1e6;
        }
        sinceTick.restart();
        ++ticks;
    });
    QSignalSpy done(&runner, &CheckRunner::finished);
    tick.start();
    runner.start(jobs);
    done.wait(30000);
    tick.stop();
    int timeouts = 0;
    for (const CheckResult &r : runner.results())
        timeouts += r.outcome == CheckOutcome::Timeout ? 1 : 0;
    serverThread.quit();
    serverThread.wait();
    std::printf("checks (c)  500 checks in flight (%d hung until their timeout) for %.0f ms: %d ticks of a 1 ms timer, worst lateness "
                "%.2f ms at %.0f ms (target < 16 ms)\n",
                timeouts, total.nsecsElapsed() / 1e6, ticks, worst, worstAt);
    return 0;
}
