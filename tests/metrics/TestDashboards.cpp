// Service dashboards against the real PostgreSQL and Redis that tests/run starts: the figures
// move when pgbench and redis-benchmark put load on them.

#include "PostgresProbe.h"
#include "TestServers.h"
#include "metrics/DashboardSampler.h"
#include "metrics/ServiceDashboard.h"
#include "profiles/ConnectionProfile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {

double highest(const QList<QHash<QString, double>> &rounds, const QString &figure)
{
    double best = -1;
    for (const QHash<QString, double> &r : rounds)
        best = std::max(best, r.value(figure, -1));
    return best;
}

// Samples while `load` runs, until it ends; returns the rounds seen meanwhile.
QList<QHash<QString, double>> sampleDuring(DashboardSampler &sampler, QProcess &load)
{
    QList<QHash<QString, double>> rounds;
    QObject::connect(&sampler, &DashboardSampler::sampled, &load, [&](const QHash<QString, double> &f) { rounds.append(f); });
    QElapsedTimer clock;
    clock.start();
    while (load.state() != QProcess::NotRunning && clock.elapsed() < 60000)
        QTest::qWait(50);
    QTest::qWait(2 * sampler.interval()); // the round that sees the last of it
    return rounds;
}

QList<QHash<QString, double>> sampleQuietly(DashboardSampler &sampler, int rounds)
{
    QList<QHash<QString, double>> out;
    QSignalSpy sampled(&sampler, &DashboardSampler::sampled);
    while (sampled.size() < rounds && sampled.wait(10000)) {
    }
    for (const QList<QVariant> &args : std::as_const(sampled))
        out.append(args.first().value<QHash<QString, double>>());
    return out;
}

} // namespace

class TestDashboards : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty() || serviceEnv("TRIAGE_TEST_REDIS_PORT").isEmpty())
            QFAIL("TRIAGE_TEST_PG_* / TRIAGE_TEST_REDIS_* are not set: run the suite with tests/run");
    }

    void postgresFiguresMoveUnderPgbench()
    {
        QString password, error;
        const auto profile = ConnectionProfile::fromUrl(QStringLiteral("db"),
                                                        QStringLiteral("postgresql://%1@127.0.0.1:%2/postgres")
                                                            .arg(serviceEnv("TRIAGE_TEST_PG_USER"), serviceEnv("TRIAGE_TEST_PG_PORT")),
                                                        &password, &error);
        QVERIFY2(profile, qPrintable(error));
        const auto dashboard = ServiceDashboard::forProfile(*profile);
        QVERIFY(dashboard);
        ProbeRegistry registry = ProbeRegistry::withCoreProbes();
        PostgresProbe::registerIn(registry);
        CheckContext context;
        const QString secret = serviceEnv("TRIAGE_TEST_PG_PASSWORD");
        context.secret = [secret](const QString &type, const QString &field) {
            return type == QLatin1String("postgres") && field == QLatin1String("password") ? secret : QString();
        };
        DashboardSampler sampler(*dashboard, registry, context);
        QSignalSpy failed(&sampler, &DashboardSampler::failed);
        sampler.setInterval(1000); // backends report their counts at most once a second
        sampler.start();
        const QList<QHash<QString, double>> quiet = sampleQuietly(sampler, 4);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(quiet.size() >= 4);
        QCOMPARE(quiet.last().value(QStringLiteral("max_connections")), 40.0); // tests/run starts it with 40
        QVERIFY(quiet.last().contains(QStringLiteral("tps")));
        // (No cache hit ratio yet, perhaps: an idle interval reads no blocks, and a ratio of nothing is not drawn.)
        const double quietTps = highest(quiet, QStringLiteral("tps"));

        // pgbench: its tables, then four clients for four seconds. The password goes through
        // the environment, never the command line.
        const QString pgbench = QDir(serviceEnv("TRIAGE_TEST_PG_BIN")).filePath(QStringLiteral("pgbench"));
        QVERIFY2(QFileInfo(pgbench).isExecutable(), qPrintable(pgbench));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), secret);
        const QStringList where{QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), serviceEnv("TRIAGE_TEST_PG_PORT"),
                                QStringLiteral("-U"), serviceEnv("TRIAGE_TEST_PG_USER")};
        QProcess init;
        init.setProcessEnvironment(env);
        init.start(pgbench, QStringList{QStringLiteral("-i"), QStringLiteral("-q"), QStringLiteral("-s"), QStringLiteral("1")} + where
                                + QStringList{QStringLiteral("postgres")});
        QVERIFY(init.waitForFinished(60000));
        QVERIFY2(init.exitCode() == 0, init.readAllStandardError().constData());
        QProcess load;
        load.setProcessEnvironment(env);
        load.start(pgbench, QStringList{QStringLiteral("-c"), QStringLiteral("4"), QStringLiteral("-j"), QStringLiteral("2"), QStringLiteral("-T"),
                                        QStringLiteral("4"), QStringLiteral("-S")}
                                + where + QStringList{QStringLiteral("postgres")});
        QVERIFY(load.waitForStarted(5000));
        // Beside it, one session that is always mid-query (pg_sleep), so that "active" has
        // something to see: -S's queries take microseconds, and a sample catches none of
        // them at the instant it looks about one time in ten.
        QTemporaryDir scripts;
        QFile sleeper(scripts.filePath(QStringLiteral("sleep.sql")));
        QVERIFY(sleeper.open(QIODevice::WriteOnly));
        sleeper.write("SELECT pg_sleep(0.5);\n");
        sleeper.close();
        QProcess slow;
        slow.setProcessEnvironment(env);
        slow.start(pgbench, QStringList{QStringLiteral("-n"), QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-T"), QStringLiteral("4"),
                                        QStringLiteral("-f"), sleeper.fileName()}
                                + where + QStringList{QStringLiteral("postgres")});
        QVERIFY(slow.waitForStarted(5000));
        const QList<QHash<QString, double>> busy = sampleDuring(sampler, load);
        QVERIFY(slow.state() == QProcess::NotRunning || slow.waitForFinished(10000));
        QVERIFY2(slow.exitCode() == 0, slow.readAllStandardError().constData());
        QVERIFY2(load.exitCode() == 0, load.readAllStandardError().constData());
        QVERIFY(busy.size() >= 4);
        const double busyTps = highest(busy, QStringLiteral("tps"));
        // pgbench's own count of what it did, against the dashboard's: the whole load's
        // transactions over its seconds should match the sum of the rounds' rates times their
        // intervals, give or take the rounds at either end.
        const QByteArray report = load.readAllStandardOutput();
        const QRegularExpressionMatch said = QRegularExpression(QStringLiteral("number of transactions actually processed: (\\d+)"))
                                                 .match(QString::fromUtf8(report));
        QVERIFY2(said.hasMatch(), report.constData());
        const double done = said.captured(1).toDouble();
        double counted = 0;
        for (const QHash<QString, double> &r : busy)
            counted += r.value(QStringLiteral("tps")) * sampler.interval() / 1000.0;
        qInfo("pgbench processed %.0f transactions; the dashboard's rates add up to %.0f", done, counted);
        QVERIFY2(counted > 0.7 * done && counted < 1.5 * done, qPrintable(QStringLiteral("%1 counted, %2 done").arg(counted).arg(done)));
        qInfo("quiet: up to %.0f tx/s; under pgbench: up to %.0f tx/s, %.0f sessions, %.0f active", quietTps, busyTps,
              highest(busy, QStringLiteral("sessions")), highest(busy, QStringLiteral("sessions_active")));
        QVERIFY2(busyTps > 100 && busyTps > 5 * std::max(1.0, quietTps), qPrintable(QStringLiteral("%1 vs %2").arg(busyTps).arg(quietTps)));
        QVERIFY(highest(busy, QStringLiteral("sessions")) >= 4); // pgbench's four clients, besides the dashboard's own
        QVERIFY(highest(busy, QStringLiteral("sessions_active")) >= 1);
        // A select-only load reads from the cache it warmed.
        QVERIFY(highest(busy, QStringLiteral("cache_hit_ratio")) > 0.9);
        // The chart's memory of it.
        QVERIFY(sampler.points(QStringLiteral("tps")).size() >= busy.size());
        sampler.stop();
    }

    void redisFiguresMoveUnderRedisBenchmark()
    {
        QString password, error;
        const auto profile = ConnectionProfile::fromUrl(QStringLiteral("cache"), QStringLiteral("redis://127.0.0.1:%1/0").arg(serviceEnv("TRIAGE_TEST_REDIS_PORT")),
                                                        &password, &error);
        QVERIFY2(profile, qPrintable(error));
        DashboardSampler sampler(*ServiceDashboard::forProfile(*profile), ProbeRegistry::withCoreProbes(), CheckContext());
        QSignalSpy failed(&sampler, &DashboardSampler::failed);
        sampler.setInterval(400);
        sampler.start();
        const QList<QHash<QString, double>> quiet = sampleQuietly(sampler, 3);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(quiet.last().contains(QStringLiteral("used_memory")));
        QVERIFY(!quiet.last().contains(QStringLiteral("maxmemory"))); // no limit set: no line
        const double quietOps = highest(quiet, QStringLiteral("ops_per_sec"));
        const double quietClients = highest(quiet, QStringLiteral("connected_clients"));

        const QString benchmark = QStandardPaths::findExecutable(QStringLiteral("redis-benchmark"));
        QVERIFY2(!benchmark.isEmpty(), "redis-benchmark is not installed (it comes with redis-tools)");
        QProcess load;
        load.start(benchmark, {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), serviceEnv("TRIAGE_TEST_REDIS_PORT"),
                               QStringLiteral("-n"), QStringLiteral("300000"), QStringLiteral("-c"), QStringLiteral("20"), QStringLiteral("-t"),
                               QStringLiteral("set,get"), QStringLiteral("-r"), QStringLiteral("1000"), QStringLiteral("-q")});
        QVERIFY(load.waitForStarted(5000));
        const QList<QHash<QString, double>> busy = sampleDuring(sampler, load);
        QVERIFY2(load.exitCode() == 0, load.readAllStandardError().constData());
        const double busyOps = highest(busy, QStringLiteral("ops_per_sec"));
        qInfo("quiet: up to %.0f commands/s, %.0f clients; under redis-benchmark: up to %.0f commands/s, %.0f clients, hit rate %.2f", quietOps,
              quietClients, busyOps, highest(busy, QStringLiteral("connected_clients")), highest(busy, QStringLiteral("hit_rate_interval")));
        QVERIFY2(busyOps > 1000 && busyOps > 10 * std::max(1.0, quietOps), qPrintable(QStringLiteral("%1 vs %2").arg(busyOps).arg(quietOps)));
        QVERIFY(highest(busy, QStringLiteral("connected_clients")) >= quietClients + 10);
        // GETs of keys the SETs wrote: the interval's hit rate is high.
        QVERIFY(highest(busy, QStringLiteral("hit_rate_interval")) > 0.5);
        sampler.stop();
    }

    void httpEndpointsEachHaveTheirLine()
    {
        HttpResponder api;
        api.respond(QStringLiteral("/"), 200, "{}");
        api.respond(QStringLiteral("/health"), 200, "{\"status\":\"ok\"}");
        api.respond(QStringLiteral("/ready"), 503, "{\"status\":\"starting\"}");
        QString password, error;
        const auto profile = ConnectionProfile::fromUrl(QStringLiteral("api"), QStringLiteral("http://127.0.0.1:%1").arg(api.serverPort()), &password, &error);
        QVERIFY2(profile, qPrintable(error));
        const auto dashboard = ServiceDashboard::forProfile(*profile, {QStringLiteral("/health"), QStringLiteral("ready"), QStringLiteral("/health")});
        QCOMPARE(dashboard->checkNames, QStringList({QStringLiteral("/"), QStringLiteral("/health"), QStringLiteral("/ready")}));
        DashboardSampler sampler(*dashboard, ProbeRegistry::withCoreProbes(), CheckContext());
        QSignalSpy failed(&sampler, &DashboardSampler::failed);
        sampler.setInterval(300);
        sampler.start();
        const QList<QHash<QString, double>> rounds = sampleQuietly(sampler, 2);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(!rounds.isEmpty());
        const QHash<QString, double> &last = rounds.last();
        QCOMPARE(last.value(QStringLiteral("/health status")), 200.0);
        QCOMPARE(last.value(QStringLiteral("/ready status")), 503.0); // charted, not a failure
        QVERIFY(last.contains(QStringLiteral("/ latency_ms")) && last.contains(QStringLiteral("/ready latency_ms")));
        sampler.stop();
    }

    void anUnreachableServiceIsSaidWithItsAddress()
    {
        QString password, error;
        const quint16 port = closedPort();
        const auto profile = ConnectionProfile::fromUrl(QStringLiteral("cache"), QStringLiteral("redis://127.0.0.1:%1/0").arg(port), &password, &error);
        DashboardSampler sampler(*ServiceDashboard::forProfile(*profile), ProbeRegistry::withCoreProbes(), CheckContext());
        QSignalSpy failed(&sampler, &DashboardSampler::failed);
        sampler.start();
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(failed.first().first().toString()));
        QCOMPARE(sampler.rounds(), 0);
    }

    void ratesComeFromCountersAndRestartsAreNotNegative()
    {
        QString password, error;
        ServiceDashboard d = *ServiceDashboard::forProfile(*ConnectionProfile::fromUrl(QStringLiteral("c"), QStringLiteral("redis://h:1/0"), &password, &error));
        const QHash<QString, double> first{{QStringLiteral("total_commands_processed"), 1000}, {QStringLiteral("keyspace_hits"), 10},
                                           {QStringLiteral("keyspace_misses"), 10}, {QStringLiteral("used_memory"), 5e6}, {QStringLiteral("maxmemory"), 0}};
        QHash<QString, double> out = d.derive({}, 0, first, 1000);
        QVERIFY(!out.contains(QStringLiteral("ops_per_sec"))); // one reading is no rate
        QCOMPARE(out.value(QStringLiteral("used_memory")), 5e6);
        QVERIFY(!out.contains(QStringLiteral("maxmemory")));
        const QHash<QString, double> second{{QStringLiteral("total_commands_processed"), 3000}, {QStringLiteral("keyspace_hits"), 40},
                                            {QStringLiteral("keyspace_misses"), 20}, {QStringLiteral("maxmemory"), 1e8}};
        out = d.derive(first, 1000, second, 3000);
        QCOMPARE(out.value(QStringLiteral("ops_per_sec")), 1000.0);
        QCOMPARE(out.value(QStringLiteral("hit_rate_interval")), 0.75); // 30 hits, 10 misses in the interval
        QCOMPARE(out.value(QStringLiteral("maxmemory")), 1e8);
        // The server restarted: counters went down; no figure rather than a negative one.
        const QHash<QString, double> restarted{{QStringLiteral("total_commands_processed"), 5}, {QStringLiteral("keyspace_hits"), 0},
                                               {QStringLiteral("keyspace_misses"), 0}};
        out = d.derive(second, 3000, restarted, 5000);
        QVERIFY(!out.contains(QStringLiteral("ops_per_sec")));
        QVERIFY(!out.contains(QStringLiteral("hit_rate_interval")));
    }
};

QTEST_GUILESS_MAIN(TestDashboards)
#include "TestDashboards.moc"
