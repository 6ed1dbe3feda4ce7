// The core's probes against real things: sockets on 127.0.0.1, an in-test HTTP responder, the
// Redis servers tests/run starts (one with requirepass), files, the environment and /proc.

#include "TestServers.h"
#include "TestSupport.h"
#include "checks/CheckRunner.h"
#include "checks/DnsProbe.h"
#include "checks/DotenvProbe.h"
#include "checks/EnvProbe.h"
#include "checks/FileProbe.h"
#include "checks/HttpProbe.h"
#include "checks/PortProbe.h"
#include "checks/RedisProbe.h"
#include "checks/TcpProbe.h"

#include <QCoreApplication>
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
        for (const char *command : {"flushdb", "CONFIG GET requirepass", "DEL key", "SET a b", "EVAL x 0", "SHUTDOWN"})
            QVERIFY2(!RedisProbe::isAllowed(QString::fromLatin1(command).split(QLatin1Char(' '))), command);
        QVERIFY(RedisProbe::isAllowed({QStringLiteral("info"), QStringLiteral("memory")}));
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
        // A credential's value is compared, never shown.
        qputenv("TRIAGE_TEST_API_TOKEN", "s3cr3t-value");
        const CheckResult token = run({{QStringLiteral("name"), QStringLiteral("TRIAGE_TEST_API_TOKEN")}, {QStringLiteral("pattern"), QStringLiteral("^x")}});
        QCOMPARE(token.reason, QStringLiteral("mismatch"));
        QVERIFY2(!token.message.contains(QStringLiteral("s3cr3t")), qPrintable(token.message));
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
    }

    void runnerLimitsConcurrencyAndReportsProgress()
    {
        HttpResponder http;
        http.respond(QStringLiteral("/ok"), 200, "{}");
        QList<CheckJob> jobs;
        for (int i = 0; i < 12; ++i)
            jobs.append({QString(), QStringLiteral("n%1").arg(i), QString(),
                         spec(QStringLiteral("http"), {{QStringLiteral("url"), http.url(QStringLiteral("/ok"))}})});
        jobs.append({QString(), QStringLiteral("unknown"), QString(), spec(QStringLiteral("kafka"), {{QStringLiteral("host"), QStringLiteral("x")}})});
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
};

QTEST_GUILESS_MAIN(TestProbes)
#include "TestProbes.moc"
