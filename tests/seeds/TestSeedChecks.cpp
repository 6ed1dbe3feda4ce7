// The seed guides' recognised checks run against the servers tests/run starts, retargeted with
// `triage check --set`, as a user would point a team's guide at a local stack.

#include "SeedMain.h"
#include "TestServers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace triage::test;

class TestSeedChecks : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty() || serviceEnv("TRIAGE_TEST_REDIS_PORT").isEmpty())
            QFAIL("TRIAGE_TEST_PG_* / TRIAGE_TEST_REDIS_* are not set: run the suite with tests/run");
    }

    void seed003() { runSeed(QStringLiteral("003"), {QStringLiteral("postgres"), QStringLiteral("redis"), QStringLiteral("http"), QStringLiteral("kafka")}); }
    void seed004() { runSeed(QStringLiteral("004"), {QStringLiteral("redis"), QStringLiteral("http")}); }

private:
    void runSeed(const QString &prefix, const QStringList &serviceTypes)
    {
        HttpResponder http;
        http.respond(QStringLiteral("/health"), 200, R"({"status":"healthy"})");
        http.respond(QStringLiteral("/metrics"), 200,
                     "http_errors_total 3\nhttp_response_time_seconds 0.12\ncache_hits_total 10\n", "text/plain");
        http.respond(QStringLiteral("/api/v1/targets"), 200, R"({"status":"success","data":{"activeTargets":[]}})");
        KafkaResponder kafka;
        const QString password = serviceEnv("TRIAGE_TEST_PG_PASSWORD");
        const ProcessRun run = runTriage(
            {QStringLiteral("check"), seedFile(prefix), QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("4000"),
             QStringLiteral("--set"), QStringLiteral("postgres.host=127.0.0.1"), QStringLiteral("--set"),
             QStringLiteral("postgres.port=") + serviceEnv("TRIAGE_TEST_PG_PORT"), QStringLiteral("--set"), QStringLiteral("postgres.user=postgres"),
             QStringLiteral("--set"), QStringLiteral("postgres.dbname=postgres"), QStringLiteral("--set"), QStringLiteral("redis.host=127.0.0.1"),
             QStringLiteral("--set"), QStringLiteral("redis.port=") + serviceEnv("TRIAGE_TEST_REDIS_PORT"), QStringLiteral("--set"),
             QStringLiteral("http.base=http://127.0.0.1:%1").arg(http.serverPort()), QStringLiteral("--set"), QStringLiteral("kafka.host=127.0.0.1"),
             QStringLiteral("--set"), QStringLiteral("kafka.port=%1").arg(kafka.serverPort())},
            {{QStringLiteral("TRIAGE_SECRET_POSTGRES_PASSWORD"), password}});
        QVERIFY2(run.code == 0 || run.code == 1, qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        const QJsonArray results = json.value(QStringLiteral("results")).toArray();
        QVERIFY2(!results.isEmpty(), qPrintable(run.out.left(500)));
        QVERIFY(json.value(QStringLiteral("ranking")).isArray());
        QHash<QString, int> reached;
        for (const QJsonValue &v : results) {
            const QJsonObject r = v.toObject();
            for (const char *key : {"node", "type", "target", "status", "outcome", "message", "duration_ms", "metrics"})
                QVERIFY2(r.contains(QLatin1String(key)), key);
            const QString type = r.value(QStringLiteral("type")).toString();
            const QString outcome = r.value(QStringLiteral("outcome")).toString();
            if (!serviceTypes.contains(type))
                continue;
            // Retargeted, every service check reaches its server: whatever it then finds, it
            // is not "nothing there".
            QVERIFY2(outcome != QLatin1String("connection_refused") && outcome != QLatin1String("dns_failure") && outcome != QLatin1String("timeout"),
                     qPrintable(r.value(QStringLiteral("message")).toString()));
            if (outcome == QLatin1String("ok"))
                reached[type] += 1;
        }
        for (const QString &type : serviceTypes)
            QVERIFY2(reached.value(type) > 0, qPrintable(QStringLiteral("no %1 check of seed %2 passed").arg(type, prefix)));
        // The password was bound through the environment and appears nowhere in the output.
        QVERIFY(!password.isEmpty());
        QVERIFY(!run.out.contains(password));
        QVERIFY(!run.err.contains(password));
    }
};

TRIAGE_SEED_TEST_MAIN(TestSeedChecks)
#include "TestSeedChecks.moc"
