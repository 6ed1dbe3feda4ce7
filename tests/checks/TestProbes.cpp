// The core's probes against real things: sockets on 127.0.0.1, an in-test HTTP responder, the
// Redis servers tests/run starts (one with requirepass), files, the environment and /proc.

#include "TestServers.h"
#include "TestSupport.h"
#include "checks/CheckRunner.h"
#include "checks/DnsProbe.h"
#include "checks/DotenvProbe.h"
#include "checks/EnvProbe.h"
#include "checks/FileProbe.h"
#include "checks/CommandProbe.h"
#include "checks/HttpProbe.h"
#include "checks/JwtProbe.h"
#include "checks/KafkaProbe.h"
#include "checks/PortProbe.h"
#include "checks/PrometheusProbe.h"
#include "checks/RedisProbe.h"
#include "checks/SystemProbe.h"
#include "checks/TcpProbe.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {

CheckSpec spec(const QString &type, const QVariantMap &params, const QStringList &expect = {})
{
    CheckSpec s;
    s.type = type;
    s.params = params;
    s.expect = expect;
    return s;
}

CheckContext contextWith(QHash<QString, QString> secrets = {}, const QString &dir = QString())
{
    CheckContext c;
    c.workingDirectory = dir;
    c.secret = [secrets](const QString &type, const QString &field) { return secrets.value(type + QLatin1Char('.') + field); };
    return c;
}

QString redisPort()
{
    return serviceEnv("TRIAGE_TEST_REDIS_PORT");
}

} // namespace

class TestProbes : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (redisPort().isEmpty() || serviceEnv("TRIAGE_TEST_REDIS_AUTH_PORT").isEmpty())
            QFAIL("TRIAGE_TEST_REDIS_* are not set: run the suite with tests/run, which starts Redis on 127.0.0.1");
    }

    void tcpClosedPortIsConnectionRefused()
    {
        TcpProbe probe(spec(QStringLiteral("tcp"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), closedPort()}}),
                       contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("connection_refused"));
        QCOMPARE(r.status, CheckStatus::Error);
        QVERIFY2(r.message.contains(QStringLiteral("127.0.0.1:")), qPrintable(r.message));
    }

    void tcpOpenPortReportsLatency()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        TcpProbe probe(spec(QStringLiteral("tcp"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), server.serverPort()}},
                            {QStringLiteral("[RESPONSE_TIME] < 2000")}),
                       contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        QVERIFY(r.metrics.contains(QStringLiteral("latency_ms")));
    }

    void silentServerTimesOutNearTheLimit()
    {
        // Accepts the connection, reads the request, never answers.
        HttpResponder http;
        http.hang(QStringLiteral("/slow"));
        HttpProbe probe(spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/slow"))}, {QStringLiteral("timeout"), 1000}}),
                        contextWith());
        QElapsedTimer clock;
        clock.start();
        const CheckResult r = runProbe(&probe);
        const qint64 wall = clock.elapsed();
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("timeout"));
        QVERIFY2(r.durationMs >= 1000 && r.durationMs <= 1100, qPrintable(QString::number(r.durationMs)));
        QVERIFY2(wall >= 1000 && wall <= 1100, qPrintable(QString::number(wall)));
        QVERIFY(r.message.contains(QStringLiteral("1000 ms")));
    }

    void httpStatusAndJsonConditions_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expect");
        QTest::addColumn<QString>("outcome");
        const QByteArray healthy = R"({"services":{"database":"healthy","cache":"down"},"version":"2.4.1"})";
        QTest::newRow("503 is http_error") << 503 << QByteArray("{}") << QStringList() << QStringLiteral("http_error");
        QTest::newRow("200 passes") << 200 << healthy << QStringList() << QStringLiteral("ok");
        QTest::newRow("json field true") << 200 << healthy << QStringList{QStringLiteral("[BODY].services.database == \"healthy\"")}
                                         << QStringLiteral("ok");
        QTest::newRow("json field false") << 200 << healthy << QStringList{QStringLiteral("[BODY].services.cache == \"healthy\"")}
                                          << QStringLiteral("condition_false");
        QTest::newRow("status condition") << 503 << healthy << QStringList{QStringLiteral("[STATUS] == 503")} << QStringLiteral("ok");
        QTest::newRow("regex on version") << 200 << healthy << QStringList{QStringLiteral("[BODY].version =~ \"^2\\.\"")} << QStringLiteral("ok");
        QTest::newRow("missing field") << 200 << healthy << QStringList{QStringLiteral("[BODY].services.queue == \"healthy\"")}
                                       << QStringLiteral("condition_false");
    }

    void httpStatusAndJsonConditions()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expect);
        QFETCH(QString, outcome);
        HttpResponder http;
        http.respond(QStringLiteral("/health"), status, body);
        HttpProbe probe(spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/health"))}}, expect), contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(checkOutcomeName(r.outcome), outcome);
        QCOMPARE(r.metrics.value(QStringLiteral("status")).toInt(), status);
        if (outcome == QLatin1String("condition_false"))
            QVERIFY2(r.message.contains(QStringLiteral("[BODY].services")), qPrintable(r.message));
    }

    void tlsFailureIsTlsError()
    {
        // An https:// URL pointed at a server that answers in plain HTTP: the handshake fails.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        connect(&plain, &QTcpServer::newConnection, this, [&plain] {
            QTcpSocket *s = plain.nextPendingConnection();
            s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            s->disconnectFromHost();
        });
        const QString url = QStringLiteral("https://127.0.0.1:%1/").arg(plain.serverPort());
        HttpProbe probe(spec(QStringLiteral("http"), {{QStringLiteral("url"), url}, {QStringLiteral("timeout"), 5000}}), contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("tls_error"));
        QVERIFY2(r.message.contains(QStringLiteral("TLS")), qPrintable(r.message));
    }

    void hugeBodyIsBounded()
    {
        HttpResponder http;
        http.stream(QStringLiteral("/huge"), 100LL * 1024 * 1024);
        HttpProbe probe(spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/huge"))}, {QStringLiteral("timeout"), 15000}}),
                        contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("protocol_error"));
        QCOMPARE(r.reason, QStringLiteral("too_large"));
        // The probe hung up long before the 100 MB were sent.
        QVERIFY2(http.bytesStreamed() < 20LL * 1024 * 1024, qPrintable(QString::number(http.bytesStreamed())));
    }

    void bearerTokenComesFromTheSecretLookup()
    {
        HttpResponder http;
        http.respond(QStringLiteral("/me"), 200, "{}");
        HttpProbe without(spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/me"))}, {QStringLiteral("auth"), QStringLiteral("bearer")}}),
                          contextWith());
        const CheckResult r = runProbe(&without);
        QCOMPARE(r.outcome, CheckOutcome::InvalidSpec);
        QCOMPARE(http.requests(), 0); // nothing was sent without the token
        HttpProbe with(spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/me"))}, {QStringLiteral("auth"), QStringLiteral("bearer")}}),
                       contextWith({{QStringLiteral("http.token"), QStringLiteral("tok-123")}}));
        QCOMPARE(runProbe(&with).outcome, CheckOutcome::Ok);
    }

    void credentialsStayWithTheirOrigin()
    {
        // 127.0.0.1 redirects to localhost, another origin: the token must not follow.
        HttpResponder first;
        HttpResponder second;
        second.respond(QStringLiteral("/collect"), 200, "{}");
        first.redirect(QStringLiteral("/health"), QStringLiteral("http://localhost:%1/collect").arg(second.serverPort()));
        const CheckContext ctx = contextWith({{QStringLiteral("http.token"), QStringLiteral("tok-SECRET-123")}});
        HttpProbe probe(spec(QStringLiteral("http"), {{QStringLiteral("url"), first.url(QStringLiteral("/health"))}, {QStringLiteral("auth"), QStringLiteral("bearer")}}),
                        ctx);
        runProbe(&probe);
        QCOMPARE(first.lastHeaders().value("authorization"), QByteArray("Bearer tok-SECRET-123"));
        QCOMPARE(second.requests(), 0);
        // Writes are not sent from an untrusted guide, whatever the method.
        HttpProbe post(spec(QStringLiteral("http"), {{QStringLiteral("url"), second.url(QStringLiteral("/collect"))}, {QStringLiteral("method"), QStringLiteral("DELETE")}}),
                       ctx);
        QCOMPARE(checkOutcomeName(runProbe(&post).outcome), QStringLiteral("refused_unsafe"));
        QCOMPARE(second.requests(), 0);
        // A guide cannot send a bound token to a host the user did not choose.
        HttpProbe elsewhere(spec(QStringLiteral("http"), {{QStringLiteral("url"), QStringLiteral("https://collector.example.com/x")},
                                                          {QStringLiteral("auth"), QStringLiteral("bearer")}}),
                            ctx);
        const CheckResult withheld = runProbe(&elsewhere);
        QCOMPARE(withheld.outcome, CheckOutcome::InvalidSpec);
        QVERIFY2(withheld.message.contains(QStringLiteral("not released")), qPrintable(withheld.message));
    }

    void cancelMidFlight()
    {
        HttpResponder http;
        http.hang(QStringLiteral("/slow"));
        HttpProbe probe(spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/slow"))}, {QStringLiteral("timeout"), 5000}}),
                        contextWith());
        QSignalSpy spy(&probe, &CheckProbe::finished);
        probe.start();
        QTRY_COMPARE_WITH_TIMEOUT(http.requests(), 1, 3000);
        probe.cancel();
        QCOMPARE(spy.size(), 1);
        const CheckResult r = spy.takeFirst().at(0).value<CheckResult>();
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("cancelled"));
        QCOMPARE(r.status, CheckStatus::Skipped);
        QVERIFY(r.durationMs < 4000);
        QTest::qWait(50);
        QCOMPARE(spy.size(), 0); // one ending only
    }

    void redisPingAndInfoMetrics()
    {
        RedisProbe ping(spec(QStringLiteral("redis"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), redisPort()}}),
                        contextWith());
        const CheckResult pong = runProbe(&ping);
        QCOMPARE(pong.outcome, CheckOutcome::Ok);
        QCOMPARE(pong.values.value(QStringLiteral("VALUE")).toString(), QStringLiteral("PONG"));

        RedisProbe info(spec(QStringLiteral("redis"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), redisPort()},
                                                       {QStringLiteral("command"), QStringLiteral("INFO")}},
                             {QStringLiteral("[INFO].connected_clients >= 1")}),
                        contextWith());
        const CheckResult r = runProbe(&info);
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        for (const char *metric : {"hit_rate", "used_memory", "connected_clients", "instantaneous_ops_per_sec"})
            QVERIFY2(r.metrics.contains(QLatin1String(metric)), metric);
        QVERIFY(r.metrics.value(QStringLiteral("used_memory")).toDouble() > 0);
    }

    void redisWithoutAuthIsAuthFailed()
    {
        RedisProbe probe(spec(QStringLiteral("redis"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                                        {QStringLiteral("port"), serviceEnv("TRIAGE_TEST_REDIS_AUTH_PORT")}}),
                         contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("auth_failed"));
        QCOMPARE(r.reason, QStringLiteral("NOAUTH"));
    }

    void redisAuthWithTheRightAndWrongPassword()
    {
        const QString port = serviceEnv("TRIAGE_TEST_REDIS_AUTH_PORT");
        const CheckSpec s = spec(QStringLiteral("redis"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), port}});
        RedisProbe right(s, contextWith({{QStringLiteral("redis.password"), serviceEnv("TRIAGE_TEST_REDIS_PASSWORD")}}));
        QCOMPARE(runProbe(&right).outcome, CheckOutcome::Ok);
        RedisProbe wrong(s, contextWith({{QStringLiteral("redis.password"), QStringLiteral("not-the-password")}}));
        const CheckResult r = runProbe(&wrong);
        QCOMPARE(r.outcome, CheckOutcome::AuthFailed);
        QVERIFY2(!r.message.contains(QStringLiteral("not-the-password")), qPrintable(r.message));
    }

    void redisFlushallIsRefusedBeforeItIsSent()
    {
        // Aimed at a port where nothing listens: had a byte been sent, the result would be
        // connection_refused.
        RedisProbe probe(spec(QStringLiteral("redis"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), closedPort()},
                                                        {QStringLiteral("command"), QStringLiteral("FLUSHALL")}}),
                         contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("refused_unsafe"));
        for (const char *command : {"flushdb", "CONFIG GET requirepass", "CONFIG GET *", "config get masterauth", "CONFIG SET maxmemory 1",
                                    "DEL key", "SET a b", "EVAL x 0", "SHUTDOWN"})
            QVERIFY2(!RedisProbe::isAllowed(QString::fromLatin1(command).split(QLatin1Char(' '))), command);
        QVERIFY(RedisProbe::isAllowed({QStringLiteral("info"), QStringLiteral("memory")}));
        QVERIFY(RedisProbe::isAllowed({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("maxmemory")}));
    }

    void envChecks()
    {
        qputenv("TRIAGE_TEST_SET_VAR", "postgres://db:5432/app");
        qputenv("TRIAGE_TEST_EMPTY_VAR", "");
        qunsetenv("TRIAGE_TEST_UNSET_VAR");
        auto run = [](const QVariantMap &params) {
            EnvProbe probe(spec(QStringLiteral("env"), params), contextWith());
            return runProbe(&probe);
        };
        QCOMPARE(run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_SET_VAR")}}).outcome, CheckOutcome::Ok);
        QCOMPARE(run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_UNSET_VAR")}}).reason, QStringLiteral("unset"));
        QCOMPARE(run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_EMPTY_VAR")}}).reason, QStringLiteral("empty"));
        QCOMPARE(run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_SET_VAR")}, {QStringLiteral("pattern"), QStringLiteral("^mysql://")}}).reason,
                 QStringLiteral("mismatch"));
        // A URL with a password is a credential whatever the variable is called.
        qputenv("TRIAGE_TEST_DATABASE_URL", "postgres://app:hunter2@localhost:5432/app");
        const CheckResult url = run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_DATABASE_URL")}});
        QCOMPARE(url.outcome, CheckOutcome::Ok);
        QVERIFY2(!url.message.contains(QStringLiteral("hunter2")), qPrintable(url.message));
        {
            EnvProbe probe(spec(QStringLiteral("env"), {{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_DATABASE_URL")}},
                                {QStringLiteral("[VALUE] =~ \"^mysql\"")}),
                           contextWith());
            const CheckResult cond = runProbe(&probe);
            QCOMPARE(cond.outcome, CheckOutcome::ConditionFalse);
            QVERIFY2(!cond.message.contains(QStringLiteral("hunter2")), qPrintable(cond.message));
        }
        // A credential's value is compared, never shown.
        qputenv("TRIAGE_TEST_API_TOKEN", "s3cr3t-value");
        const CheckResult token = run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_API_TOKEN")}, {QStringLiteral("pattern"), QStringLiteral("^x")}});
        QCOMPARE(token.reason, QStringLiteral("mismatch"));
        QVERIFY2(!token.message.contains(QStringLiteral("s3cr3t")), qPrintable(token.message));
        qputenv("TRIAGE_TEST_MYSQL_PWD", "pwdv4lue99");
        const CheckResult pwd = run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_MYSQL_PWD")}, {QStringLiteral("pattern"), QStringLiteral("^x")}});
        QCOMPARE(pwd.reason, QStringLiteral("mismatch"));
        QVERIFY2(!pwd.message.contains(QStringLiteral("pwdv4lue99")), qPrintable(pwd.message));
    }

    void dotenvChecks()
    {
        GuideFiles files;
        files.write(QStringLiteral("good/.env"), "# settings\nexport DB_HOST=localhost\nDB_PORT=5432 # default\nAPI_KEY=\"abc def\"\n");
        files.write(QStringLiteral("bad/.env"), "DB_HOST=localhost\nDB_PASSWORD=\"unterminated\nX=1\n");
        QDir(files.dir()).mkpath(QStringLiteral("folder/.env"));
        auto run = [&](const QString &dir, const QStringList &keys) {
            DotenvProbe probe(spec(QStringLiteral("dotenv"), {{QStringLiteral("keys"), keys}}), contextWith({}, files.path(dir)));
            return runProbe(&probe);
        };
        QCOMPARE(run(QStringLiteral("good"), {QStringLiteral("DB_HOST"), QStringLiteral("DB_PORT")}).outcome, CheckOutcome::Ok);
        const CheckResult missingKeys = run(QStringLiteral("good"), {QStringLiteral("DB_HOST"), QStringLiteral("REDIS_URL")});
        QCOMPARE(missingKeys.reason, QStringLiteral("missing_keys"));
        QVERIFY(missingKeys.message.contains(QStringLiteral("REDIS_URL")));
        const CheckResult parse = run(QStringLiteral("bad"), {});
        QCOMPARE(parse.reason, QStringLiteral("parse_error"));
        QVERIFY2(parse.message.contains(QStringLiteral(".env:2:")), qPrintable(parse.message)); // file:line
        QVERIFY2(!parse.message.contains(QStringLiteral("unterminated")), qPrintable(parse.message)); // no value shown
        QCOMPARE(run(QStringLiteral("folder"), {}).reason, QStringLiteral("is_directory"));
        const CheckResult missing = run(QStringLiteral("nowhere"), {});
        QCOMPARE(checkOutcomeName(missing.outcome), QStringLiteral("not_found"));
    }

    void fileChecks()
    {
        GuideFiles files;
        files.write(QStringLiteral("package.json"), "{}");
        auto run = [&](const QVariantMap &params) {
            FileProbe probe(spec(QStringLiteral("file"), params), contextWith({}, files.dir()));
            return runProbe(&probe);
        };
        QCOMPARE(run({{QStringLiteral("path"), QStringLiteral("package.json")}}).outcome, CheckOutcome::Ok);
        QCOMPARE(run({{QStringLiteral("path"), QStringLiteral("node_modules")}}).outcome, CheckOutcome::NotFound);
        QCOMPARE(run({{QStringLiteral("path"), QStringLiteral("package.json")}, {QStringLiteral("kind"), QStringLiteral("dir")}}).reason,
                 QStringLiteral("wrong_type"));
    }

    void portInUseNamesTheProcess()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::Any, 0));
        PortProbe busy(spec(QStringLiteral("port"), {{QStringLiteral("port"), server.serverPort()}}), contextWith());
        const CheckResult r = runProbe(&busy);
        QCOMPARE(r.reason, QStringLiteral("in_use"));
        QCOMPARE(r.values.value(QStringLiteral("PID")).toLongLong(), QCoreApplication::applicationPid());
        QVERIFY2(r.message.contains(QStringLiteral("TestProbes")), qPrintable(r.message));
        const quint16 port = closedPort();
        PortProbe free(spec(QStringLiteral("port"), {{QStringLiteral("port"), port}}), contextWith());
        QCOMPARE(runProbe(&free).outcome, CheckOutcome::Ok);
        PortProbe listening(spec(QStringLiteral("port"), {{QStringLiteral("port"), server.serverPort()}}, {QStringLiteral("[IN_USE]")}), contextWith());
        QCOMPARE(runProbe(&listening).outcome, CheckOutcome::Ok);
    }

    void dnsChecks()
    {
        DnsProbe local(spec(QStringLiteral("dns"), {{QStringLiteral("host"), QStringLiteral("localhost")}}), contextWith());
        QCOMPARE(runProbe(&local).outcome, CheckOutcome::Ok);
        DnsProbe bogus(spec(QStringLiteral("dns"), {{QStringLiteral("host"), QStringLiteral("no-such-host.invalid")}, {QStringLiteral("timeout"), 8000}}),
                       contextWith());
        QCOMPARE(checkOutcomeName(runProbe(&bogus).outcome), QStringLiteral("dns_failure"));
        // `record:` keeps only addresses of its family.
        DnsProbe v4(spec(QStringLiteral("dns"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("record"), QStringLiteral("A")}}),
                    contextWith());
        QCOMPARE(runProbe(&v4).outcome, CheckOutcome::Ok);
        DnsProbe v6(spec(QStringLiteral("dns"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("record"), QStringLiteral("AAAA")}}),
                    contextWith());
        const CheckResult none = runProbe(&v6);
        QCOMPARE(checkOutcomeName(none.outcome), QStringLiteral("dns_failure"));
        QVERIFY2(none.message.contains(QStringLiteral("no AAAA record")), qPrintable(none.message));
    }

    // `dig @server`, `nslookup NAME SERVER`: the query goes to that server, which knows a name
    // this machine's resolver does not.
    void dnsCheckAsksTheNamedServer()
    {
        DnsResponder server;
        if (server.address().isNull())
            QFAIL("cannot bind UDP port 53 on 127.0.0.1-9: the dns check's server tests need root, as tests/run has");
        server.answer(QStringLiteral("db.triage-test.internal"), QHostAddress(QStringLiteral("10.20.30.40")));
        const QString at = server.address().toString();
        auto dns = [&](const QString &host, int timeoutMs = 5000) {
            return spec(QStringLiteral("dns"), {{QStringLiteral("host"), host}, {QStringLiteral("server"), at}, {QStringLiteral("timeout"), timeoutMs}});
        };

        DnsProbe known(dns(QStringLiteral("db.triage-test.internal")), contextWith());
        const CheckResult ok = runProbe(&known);
        QCOMPARE(ok.outcome, CheckOutcome::Ok);
        QCOMPARE(ok.values.value(QStringLiteral("ADDRESSES")).toStringList(), QStringList{QStringLiteral("10.20.30.40")});
        QVERIFY2(ok.message.contains(QStringLiteral("asked ") + at), qPrintable(ok.message));
        QCOMPARE(server.queries(), 1);
        QCOMPARE(known.target(), QStringLiteral("dns db.triage-test.internal @") + at);

        DnsProbe unknown(dns(QStringLiteral("nothing.triage-test.internal")), contextWith());
        const CheckResult nx = runProbe(&unknown);
        QCOMPARE(checkOutcomeName(nx.outcome), QStringLiteral("dns_failure"));
        QCOMPARE(nx.reason, QStringLiteral("nxdomain"));
        QVERIFY2(nx.message.contains(at), qPrintable(nx.message));

        // A server that never answers: the check's own time limit ends it, and says so.
        server.silent();
        DnsProbe silent(dns(QStringLiteral("db.triage-test.internal"), 1500), contextWith());
        QElapsedTimer clock;
        clock.start();
        const CheckResult late = runProbe(&silent);
        QCOMPARE(checkOutcomeName(late.outcome), QStringLiteral("timeout"));
        QVERIFY2(clock.elapsed() < 4000, qPrintable(QString::number(clock.elapsed())));
    }

    void runnerLimitsConcurrencyAndReportsProgress()
    {
        HttpResponder http;
        http.respond(QStringLiteral("/ok"), 200, "{}");
        QList<CheckJob> jobs;
        for (int i = 0; i < 12; ++i)
            jobs.append({QString(), QStringLiteral("n%1").arg(i), QString(),
                         spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/ok"))}})});
        // The core alone has no PostgreSQL probe (triage_postgres adds it).
        jobs.append({QString(), QStringLiteral("unknown"), QString(), spec(QStringLiteral("postgres"), {{QStringLiteral("host"), QStringLiteral("x")}})});
        CheckRunner runner(ProbeRegistry::withCoreProbes(), contextWith());
        runner.setConcurrency(3);
        int inFlight = 0;
        int most = 0;
        connect(&runner, &CheckRunner::jobStarted, this, [&] { most = std::max(most, ++inFlight); });
        connect(&runner, &CheckRunner::jobFinished, this, [&] { --inFlight; });
        QSignalSpy progress(&runner, &CheckRunner::progress);
        QSignalSpy done(&runner, &CheckRunner::finished);
        runner.start(jobs);
        QVERIFY(done.wait(10000) || done.size() == 1);
        QVERIFY2(most <= 3, qPrintable(QString::number(most)));
        QCOMPARE(progress.last().at(0).toInt(), 13);
        for (int i = 0; i < 12; ++i)
            QCOMPARE(runner.results().at(i).outcome, CheckOutcome::Ok);
        QCOMPARE(runner.results().last().status, CheckStatus::Skipped);
    }

    void runnerCancelsEverything()
    {
        HttpResponder http;
        http.hang(QStringLiteral("/slow"));
        QList<CheckJob> jobs;
        for (int i = 0; i < 6; ++i)
            jobs.append({QString(), QStringLiteral("n%1").arg(i), QString(),
                         spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/slow"))}})});
        CheckRunner runner(ProbeRegistry::withCoreProbes(), contextWith());
        runner.setConcurrency(2);
        QSignalSpy done(&runner, &CheckRunner::finished);
        runner.start(jobs);
        QTRY_COMPARE_WITH_TIMEOUT(http.requests(), 2, 3000);
        runner.cancel();
        QCOMPARE(done.size(), 1);
        for (const CheckResult &r : runner.results())
            QCOMPARE(r.outcome, CheckOutcome::Cancelled);
    }

    void overridesRetargetChecks()
    {
        CheckOverrides o;
        QString error;
        QVERIFY(o.add(QStringLiteral("postgres.port=55432"), &error));
        QVERIFY(o.add(QStringLiteral("http.base=http://127.0.0.1:8080"), &error));
        CheckSpec pg = spec(QStringLiteral("postgres"), {{QStringLiteral("host"), QStringLiteral("localhost")}, {QStringLiteral("port"), 5432}});
        QCOMPARE(o.apply(pg).param(QStringLiteral("port")), QStringLiteral("55432"));
        CheckSpec web = spec(QStringLiteral("http"), {{QStringLiteral("url"), QStringLiteral("https://api.example.com/v1/health?full=1")}});
        QCOMPARE(o.apply(web).param(QStringLiteral("url")), QStringLiteral("http://127.0.0.1:8080/v1/health?full=1"));
        QVERIFY(!o.add(QStringLiteral("postgres.password=hunter2"), &error));
        QVERIFY2(error.contains(QStringLiteral("TRIAGE_SECRET_POSTGRES_PASSWORD")) && !error.contains(QStringLiteral("hunter2")), qPrintable(error));
        QVERIFY(!o.add(QStringLiteral("nosuchtype.port=1"), &error));
        QVERIFY(!o.add(QStringLiteral("port=1"), &error));
    }

    void jwtChecks_data()
    {
        QTest::addColumn<QVariantMap>("claims");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QString>("reason");
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QVariantMap good{{QStringLiteral("sub"), QStringLiteral("u1")}, {QStringLiteral("exp"), now + 3600},
                               {QStringLiteral("aud"), QStringLiteral("api")}, {QStringLiteral("scope"), QStringLiteral("read write")}};
        QVariantMap expired = good;
        expired.insert(QStringLiteral("exp"), now - 7200);
        QVariantMap early = good;
        early.insert(QStringLiteral("nbf"), now + 7200);
        QTest::newRow("valid") << good << QVariantMap{{QStringLiteral("audience"), QStringLiteral("api")}, {QStringLiteral("scope"), QStringLiteral("read")}}
                               << QString();
        QTest::newRow("expired") << expired << QVariantMap{} << QStringLiteral("expired");
        QTest::newRow("not yet valid") << early << QVariantMap{} << QStringLiteral("not_yet_valid");
        QTest::newRow("audience") << good << QVariantMap{{QStringLiteral("audience"), QStringLiteral("billing")}} << QStringLiteral("bad_audience");
        QTest::newRow("scope") << good << QVariantMap{{QStringLiteral("scope"), QStringLiteral("admin")}} << QStringLiteral("missing_scope");
    }

    void jwtChecks()
    {
        QFETCH(QVariantMap, claims);
        QFETCH(QVariantMap, params);
        QFETCH(QString, reason);
        const QByteArray header = QByteArray(R"({"alg":"HS256","typ":"JWT"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QByteArray payload = QJsonDocument(QJsonObject::fromVariantMap(claims)).toJson(QJsonDocument::Compact)
                                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QString token = QString::fromLatin1(header + '.' + payload + ".c2lnbmF0dXJl");
        params.insert(QStringLiteral("source"), QStringLiteral("secret:api_token"));
        JwtProbe probe(spec(QStringLiteral("jwt"), params), contextWith({{QStringLiteral("jwt.api_token"), token}}));
        const CheckResult r = runProbe(&probe);
        QCOMPARE(r.reason, reason);
        QCOMPARE(r.outcome, reason.isEmpty() ? CheckOutcome::Ok : CheckOutcome::ConditionFalse);
        QVERIFY2(!r.message.contains(QString::fromLatin1(payload)), qPrintable(r.message));
    }

    void jwtMalformedAndMissing()
    {
        JwtProbe bad(spec(QStringLiteral("jwt"), {{QStringLiteral("source"), QStringLiteral("secret:t")}}), contextWith({{QStringLiteral("jwt.t"), QStringLiteral("not.a-jwt")}}));
        QCOMPARE(runProbe(&bad).reason, QStringLiteral("malformed"));
        qunsetenv("TRIAGE_TEST_NO_TOKEN");
        JwtProbe none(spec(QStringLiteral("jwt"), {{QStringLiteral("source"), QStringLiteral("env:TRIAGE_TEST_NO_TOKEN")}}), contextWith());
        QCOMPARE(runProbe(&none).outcome, CheckOutcome::NotFound);
    }

    void prometheusSamples()
    {
        HttpResponder http;
        http.respond(QStringLiteral("/metrics"), 200,
                     "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"
                     "http_requests_total{method=\"get\",code=\"200\"} 1027 1395066363000\n"
                     "http_requests_total{method=\"post\",code=\"500\"} 3\n"
                     "process_resident_memory_bytes 2.5e+08\nqueue_ratio 0.93\n",
                     "text/plain; version=0.0.4");
        http.respond(QStringLiteral("/html"), 200, "<html><body>hello</body></html>", "text/html");
        auto run = [&](const QString &path, const QVariantMap &params, const QStringList &expect = {}) {
            QVariantMap p = params;
            p.insert(QStringLiteral("url"), http.url(path));
            PrometheusProbe probe(spec(QStringLiteral("prometheus"), p, expect), contextWith());
            return runProbe(&probe);
        };
        const CheckResult posts = run(QStringLiteral("/metrics"), {{QStringLiteral("metric"), QStringLiteral("http_requests_total")},
                                                                   {QStringLiteral("labels"), QVariantMap{{QStringLiteral("code"), QStringLiteral("500")}}}},
                                      {QStringLiteral("[VALUE] < 10")});
        QCOMPARE(posts.outcome, CheckOutcome::Ok);
        QCOMPARE(posts.values.value(QStringLiteral("VALUE")).toDouble(), 3.0);
        QCOMPARE(run(QStringLiteral("/metrics"), {{QStringLiteral("metric"), QStringLiteral("queue_ratio")}}, {QStringLiteral("[VALUE] < 80%")}).outcome,
                 CheckOutcome::ConditionFalse);
        QCOMPARE(run(QStringLiteral("/metrics"), {{QStringLiteral("metric"), QStringLiteral("no_such_metric")}}).reason, QStringLiteral("missing_metric"));
        QCOMPARE(run(QStringLiteral("/html"), {{QStringLiteral("metric"), QStringLiteral("x")}}).reason, QStringLiteral("parse_error"));
    }

    void kafkaApiVersions()
    {
        KafkaResponder broker;
        KafkaProbe probe(spec(QStringLiteral("kafka"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), broker.serverPort()}},
                              {QStringLiteral("[API_VERSIONS] >= 3")}),
                         contextWith());
        const CheckResult r = runProbe(&probe);
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        // Not a broker: the HTTP responder answers something else entirely.
        HttpResponder http;
        KafkaProbe wrong(spec(QStringLiteral("kafka"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), http.serverPort()},
                                                        {QStringLiteral("timeout"), 2000}}),
                         contextWith());
        const CheckResult w = runProbe(&wrong);
        QVERIFY2(w.outcome == CheckOutcome::ProtocolError || w.outcome == CheckOutcome::Timeout, qPrintable(w.message));
        KafkaProbe closed(spec(QStringLiteral("kafka"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), closedPort()}}),
                          contextWith());
        QCOMPARE(runProbe(&closed).outcome, CheckOutcome::ConnectionRefused);
    }

    void systemResources()
    {
        for (const char *resource : {"cpu", "memory", "load", "disk"}) {
            SystemProbe probe(spec(QStringLiteral("system"), {{QStringLiteral("resource"), QLatin1String(resource)}}, {QStringLiteral("[VALUE] >= 0")}),
                              contextWith());
            const CheckResult r = runProbe(&probe);
            QVERIFY2(r.outcome == CheckOutcome::Ok, qPrintable(r.message));
            QVERIFY2(r.values.value(QStringLiteral("VALUE")).toDouble() >= 0, resource);
        }
    }

    void commandNeedsTrustAndNoShell()
    {
        const CheckSpec ok = spec(QStringLiteral("command"), {{QStringLiteral("command"), QStringLiteral("true")}});
        CommandProbe untrusted(ok, contextWith());
        QCOMPARE(checkOutcomeName(runProbe(&untrusted).outcome), QStringLiteral("not_trusted"));
        CheckContext trusted = contextWith();
        trusted.trustedGuide = true;
        CommandProbe yes(ok, trusted);
        QCOMPARE(runProbe(&yes).outcome, CheckOutcome::Ok);
        CommandProbe no(spec(QStringLiteral("command"), {{QStringLiteral("command"), QStringLiteral("sh -c 'echo oops >&2; exit 3'")}}), trusted);
        const CheckResult failed = runProbe(&no);
        QCOMPARE(failed.reason, QStringLiteral("exit_code"));
        QCOMPARE(failed.values.value(QStringLiteral("EXIT_CODE")).toInt(), 3);
        QVERIFY(failed.message.contains(QStringLiteral("oops")));
        CommandProbe piped(spec(QStringLiteral("command"), {{QStringLiteral("command"), QStringLiteral("ls | wc -l")}}), trusted);
        QCOMPARE(runProbe(&piped).outcome, CheckOutcome::InvalidSpec);
        CommandProbe slow(spec(QStringLiteral("command"), {{QStringLiteral("command"), QStringLiteral("sleep 30")}, {QStringLiteral("timeout"), 300}}), trusted);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(runProbe(&slow).outcome, CheckOutcome::Timeout);
        QVERIFY(clock.elapsed() < 2000);
    }
};

QTEST_GUILESS_MAIN(TestProbes)
#include "TestProbes.moc"
