// The PostgreSQL probe against the real server tests/run starts on 127.0.0.1: password
// authentication (scram-sha-256), a test database, and a table that must survive every check.

#include "PostgresProbe.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "log/Logging.h"

#include <libpq-fe.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace triage;
using namespace triage::test;

namespace {

const QString kDatabase = QStringLiteral("triage_probe_test");

struct ConnDeleter {
    void operator()(PGconn *c) const { PQfinish(c); }
};
struct ResultDeleter {
    void operator()(PGresult *r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// A direct libpq connection for setting up and for checking what the probe left behind.
Conn admin(const QString &dbname)
{
    const QByteArray host = serviceEnv("TRIAGE_TEST_PG_HOST").toUtf8();
    const QByteArray port = serviceEnv("TRIAGE_TEST_PG_PORT").toUtf8();
    const QByteArray user = serviceEnv("TRIAGE_TEST_PG_USER").toUtf8();
    const QByteArray password = serviceEnv("TRIAGE_TEST_PG_PASSWORD").toUtf8();
    const QByteArray db = dbname.toUtf8();
    const char *keys[] = {"host", "port", "user", "password", "dbname", nullptr};
    const char *values[] = {host.constData(), port.constData(), user.constData(), password.constData(), db.constData(), nullptr};
    return Conn(PQconnectdbParams(keys, values, 0));
}

QString scalar(PGconn *conn, const char *sql)
{
    Result r(PQexec(conn, sql));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) < 1)
        return QStringLiteral("<error: %1>").arg(QString::fromUtf8(PQerrorMessage(conn)));
    return QString::fromUtf8(PQgetvalue(r.get(), 0, 0));
}

bool exec(PGconn *conn, const char *sql)
{
    Result r(PQexec(conn, sql));
    return PQresultStatus(r.get()) == PGRES_COMMAND_OK || PQresultStatus(r.get()) == PGRES_TUPLES_OK;
}

CheckSpec pgSpec(const QVariantMap &extra, const QStringList &expect = {})
{
    CheckSpec s;
    s.type = QStringLiteral("postgres");
    s.params = {{QStringLiteral("host"), serviceEnv("TRIAGE_TEST_PG_HOST")},
                {QStringLiteral("port"), serviceEnv("TRIAGE_TEST_PG_PORT")},
                {QStringLiteral("user"), serviceEnv("TRIAGE_TEST_PG_USER")},
                {QStringLiteral("dbname"), kDatabase}};
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        s.params.insert(it.key(), it.value());
    s.expect = expect;
    return s;
}

CheckContext withPassword(const QString &password)
{
    CheckContext c;
    c.secret = [password](const QString &type, const QString &field) {
        return type == QLatin1String("postgres") && field == QLatin1String("password") ? password : QString();
    };
    return c;
}

CheckResult run(const CheckSpec &spec, const CheckContext &context)
{
    PostgresProbe probe(spec, context);
    return runProbe(&probe);
}

QString password()
{
    return serviceEnv("TRIAGE_TEST_PG_PASSWORD");
}

} // namespace

class TestPostgresProbe : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty() || password().isEmpty())
            QFAIL("TRIAGE_TEST_PG_* are not set: run the suite with tests/run, which starts PostgreSQL on 127.0.0.1");
        Conn server = admin(QStringLiteral("postgres"));
        QVERIFY2(PQstatus(server.get()) == CONNECTION_OK, PQerrorMessage(server.get()));
        exec(server.get(), "DROP DATABASE IF EXISTS triage_probe_test WITH (FORCE)");
        QVERIFY2(exec(server.get(), "CREATE DATABASE triage_probe_test"), PQerrorMessage(server.get()));
        Conn db = admin(kDatabase);
        QVERIFY(exec(db.get(), "CREATE TABLE keep_me (id int PRIMARY KEY, note text)"));
        QVERIFY(exec(db.get(), "INSERT INTO keep_me VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
        // A function that writes, with a name no lexical test can know about.
        QVERIFY(exec(db.get(), "CREATE FUNCTION harmless_looking() RETURNS int LANGUAGE plpgsql AS "
                               "$$ BEGIN DELETE FROM keep_me; RETURN 0; END $$"));
    }

    void cleanupTestCase()
    {
        Conn server = admin(QStringLiteral("postgres"));
        exec(server.get(), "DROP DATABASE IF EXISTS triage_probe_test WITH (FORCE)");
    }

    void readyNeedsNoPassword()
    {
        const CheckResult r = run(pgSpec({{QStringLiteral("mode"), QStringLiteral("ready")}}), CheckContext());
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        QVERIFY(r.metrics.value(QStringLiteral("latency_ms")).toDouble() > 0);
    }

    void connectWithThePassword()
    {
        const CheckResult r = run(pgSpec({{QStringLiteral("mode"), QStringLiteral("connect")}}), withPassword(password()));
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        QVERIFY(r.metrics.value(QStringLiteral("server_version")).toString().startsWith(QStringLiteral("15")));
    }

    void wrongPasswordIs28P01()
    {
        const CheckResult r = run(pgSpec({{QStringLiteral("mode"), QStringLiteral("connect")}}), withPassword(QStringLiteral("wrong-password")));
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("auth_failed"));
        QCOMPARE(r.reason, QStringLiteral("28P01"));
        QVERIFY2(!r.message.contains(QStringLiteral("wrong-password")), qPrintable(r.message));
        QVERIFY2(r.message.contains(serviceEnv("TRIAGE_TEST_PG_PORT")), qPrintable(r.message)); // host:port
    }

    void noPasswordIsAuthFailed()
    {
        const CheckResult r = run(pgSpec({{QStringLiteral("mode"), QStringLiteral("connect")}}), CheckContext());
        QCOMPARE(r.outcome, CheckOutcome::AuthFailed);
    }

    void missingDatabaseIs3D000()
    {
        CheckSpec s = pgSpec({{QStringLiteral("mode"), QStringLiteral("connect")}});
        s.params.insert(QStringLiteral("dbname"), QStringLiteral("no_such_database"));
        const CheckResult r = run(s, withPassword(password()));
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("not_found"));
        QCOMPARE(r.reason, QStringLiteral("3D000"));
    }

    void serverTextThatEchoesASecretIsMasked()
    {
        // The server's own words pass through the same masking as everything else: a value
        // loaded as a secret (here a database name a team keeps in the keychain) never reaches
        // the message, though PostgreSQL quotes it back ("database \"…\" does not exist").
        const QString hidden = QStringLiteral("tenant_db_Hq81zv");
        log::addSecret(hidden);
        CheckSpec s = pgSpec({{QStringLiteral("mode"), QStringLiteral("connect")}});
        s.params.insert(QStringLiteral("dbname"), hidden);
        const CheckResult r = run(s, withPassword(password()));
        QCOMPARE(r.reason, QStringLiteral("3D000"));
        QVERIFY2(!r.message.contains(hidden), qPrintable(r.message));
        QVERIFY2(r.message.contains(QStringLiteral("database \"********\" does not exist")), qPrintable(r.message));
    }

    void closedPortIsConnectionRefused()
    {
        CheckSpec s = pgSpec({{QStringLiteral("mode"), QStringLiteral("ready")}});
        s.params.insert(QStringLiteral("port"), closedPort());
        QCOMPARE(checkOutcomeName(run(s, CheckContext()).outcome), QStringLiteral("connection_refused"));
    }

    void queryReturnsAValue()
    {
        const CheckResult r = run(pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT count(*) FROM keep_me")}}, {QStringLiteral("[VALUE] == 3")}),
                                  withPassword(password()));
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        QCOMPARE(r.values.value(QStringLiteral("ROW_COUNT")).toInt(), 1);
        const CheckResult rows = run(pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT id, note FROM keep_me ORDER BY id")}},
                                            {QStringLiteral("len([ROWS]) > 2"), QStringLiteral("[ROWS].1.note == \"b\"")}),
                                     withPassword(password()));
        QCOMPARE(rows.outcome, CheckOutcome::Ok);
        const CheckResult none = run(pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT id FROM keep_me WHERE id > 10")}}, {QStringLiteral("[ROW_COUNT] > 0")}),
                                     withPassword(password()));
        QCOMPARE(none.outcome, CheckOutcome::ConditionFalse);
    }

    void writesAreRefusedAndTheTableStays_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("reason");
        QTest::newRow("drop table") << QStringLiteral("DROP TABLE keep_me") << QStringLiteral("not_read_only");
        QTest::newRow("terminate backends") << QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity") << QStringLiteral("not_read_only");
        QTest::newRow("two statements") << QStringLiteral("SELECT 1; DROP TABLE keep_me") << QStringLiteral("not_read_only");
        // Passes the lexical test; the read-only transaction stops it on the server.
        QTest::newRow("writing function") << QStringLiteral("SELECT harmless_looking()") << QStringLiteral("25006");
    }

    void writesAreRefusedAndTheTableStays()
    {
        QFETCH(QString, query);
        QFETCH(QString, reason);
        const CheckResult r = run(pgSpec({{QStringLiteral("query"), query}}), withPassword(password()));
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("refused_unsafe"));
        QCOMPARE(r.reason, reason);
        Conn db = admin(kDatabase);
        QCOMPARE(scalar(db.get(), "SELECT count(*) FROM keep_me"), QStringLiteral("3"));
        QCOMPARE(scalar(db.get(), "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'").toInt() >= 1, true);
    }

    void slowQueryHitsTheStatementTimeout()
    {
        CheckSpec s = pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT count(*) FROM generate_series(1, 10000000000)")},
                              {QStringLiteral("timeout"), 800}});
        QElapsedTimer clock;
        clock.start();
        const CheckResult r = run(s, withPassword(password()));
        QCOMPARE(checkOutcomeName(r.outcome), QStringLiteral("timeout"));
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    void queriesShareOneLoginAndSurviveARestartedSession()
    {
        const CheckSpec pid = pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT pg_backend_pid()")}});
        const CheckResult first = run(pid, withPassword(password()));
        const CheckResult second = run(pid, withPassword(password()));
        QCOMPARE(first.outcome, CheckOutcome::Ok);
        // The second check reused the first one's session: no second login.
        QCOMPARE(second.values.value(QStringLiteral("VALUE")), first.values.value(QStringLiteral("VALUE")));
        // Every check runs read-only, pooled session or not.
        const CheckResult readOnly = run(pgSpec({{QStringLiteral("query"), QStringLiteral("SHOW transaction_read_only")}}, {QStringLiteral("[VALUE] == \"on\"")}),
                                         withPassword(password()));
        QCOMPARE(readOnly.outcome, CheckOutcome::Ok);
        // The server ends the idle session; the next check notices and logs in afresh.
        Conn db = admin(kDatabase);
        const QByteArray kill = "SELECT pg_terminate_backend(" + first.values.value(QStringLiteral("VALUE")).toString().toUtf8() + ")";
        QCOMPARE(scalar(db.get(), kill.constData()), QStringLiteral("t"));
        QTest::qWait(100);
        const CheckResult after = run(pid, withPassword(password()));
        QCOMPARE(after.outcome, CheckOutcome::Ok);
        QVERIFY(after.values.value(QStringLiteral("VALUE")) != first.values.value(QStringLiteral("VALUE")));
        // A different password never gets the pooled session.
        const CheckResult wrong = run(pid, withPassword(QStringLiteral("wrong-password")));
        QCOMPARE(wrong.outcome, CheckOutcome::AuthFailed);
    }

    void bigResultsStopAtOneHundredRows()
    {
        const CheckResult r = run(pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT g FROM generate_series(1, 5000000) g")}},
                                         {QStringLiteral("[ROW_COUNT] == 100"), QStringLiteral("[MORE_ROWS]")}),
                                  withPassword(password()));
        QCOMPARE(r.outcome, CheckOutcome::Ok);
        QCOMPARE(r.values.value(QStringLiteral("ROWS")).toList().size(), 100);
        QVERIFY2(r.message.contains(QStringLiteral("more than 100")), qPrintable(r.message));
        // SHOW and EXPLAIN cannot run through a cursor; they still work.
        const CheckResult show = run(pgSpec({{QStringLiteral("query"), QStringLiteral("SHOW server_version")}}), withPassword(password()));
        QCOMPARE(show.outcome, CheckOutcome::Ok);
    }

    void passwordsGoOnlyToChosenHosts()
    {
        // The same password, for a check whose host is not this machine and not one the user
        // chose: libpq is never given it.
        CheckContext context = withPassword(password());
        CheckSpec s = pgSpec({{QStringLiteral("mode"), QStringLiteral("connect")}});
        QVERIFY(context.mayReceiveSecrets(s.param(QStringLiteral("host"))));
        QVERIFY(!context.mayReceiveSecrets(QStringLiteral("db.example.com")));
        context.trustedHosts = {QStringLiteral("db.example.com")};
        QVERIFY(context.mayReceiveSecrets(QStringLiteral("DB.example.com")));
        // libpq's host lists: a socket folder first does not open the door to any host after it.
        QVERIFY(!context.mayReceiveSecrets(QStringLiteral("/nonexistent-dir,192.0.2.2")));
        QVERIFY(context.mayReceiveSecrets(QStringLiteral("/var/run/postgresql,127.0.0.1")));
        // A host chosen for one type is not chosen for the others.
        context.trustedHostsByType.insert(QStringLiteral("postgres"), {QStringLiteral("pg.internal")});
        QVERIFY(context.mayReceiveSecrets(QStringLiteral("pg.internal"), QStringLiteral("postgres")));
        QVERIFY(!context.mayReceiveSecrets(QStringLiteral("pg.internal"), QStringLiteral("redis")));
    }

    void cancelStopsTheQueryOnTheServer()
    {
        CheckSpec s = pgSpec({{QStringLiteral("query"), QStringLiteral("SELECT count(*) FROM generate_series(1, 10000000000)")},
                              {QStringLiteral("timeout"), 30000}});
        PostgresProbe probe(s, withPassword(password()));
        QSignalSpy spy(&probe, &CheckProbe::finished);
        probe.start();
        Conn db = admin(kDatabase);
        // Wait until the query has been running on the server for a moment, as a user would
        // before pressing Cancel, then cancel.
        QTRY_COMPARE_WITH_TIMEOUT(scalar(db.get(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'triage' AND state = 'active' "
                                                   "AND now() - query_start > interval '200 ms'"),
                                  QStringLiteral("1"), 5000);
        probe.cancel();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().at(0).value<CheckResult>().outcome, CheckOutcome::Cancelled);
        // The server stops it well before its 30 s statement_timeout.
        QTRY_COMPARE_WITH_TIMEOUT(scalar(db.get(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'triage' AND state = 'active'"),
                                  QStringLiteral("0"), 3000);
    }
};

QTEST_GUILESS_MAIN(TestPostgresProbe)
#include "TestPostgresProbe.moc"
