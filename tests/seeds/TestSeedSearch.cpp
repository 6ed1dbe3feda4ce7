#include "SeedMain.h"
#include "TestSupport.h"
#include "guide/GuideImporter.h"
#include "search/SearchIndex.h"

using namespace triage;
using namespace triage::test;

class TestSeedSearch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pastedErrorsFindTheirIssue_data();
    void pastedErrorsFindTheirIssue();

private:
    SearchIndex m_index;
};

void TestSeedSearch::initTestCase()
{
    // All five seeds in one library, as a support person would have them.
    for (const char *prefix : {"000", "001", "002", "003", "004"})
        m_index.addGuide(GuideImporter::importFile(seedFile(QLatin1String(prefix))));
    QVERIFY(m_index.documentCount() > 50);
}

void TestSeedSearch::pastedErrorsFindTheirIssue_data()
{
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<QString>("issue");
    // Real error text, as it appears in logs (some taken from the seeds, some as the tools print it).
    QTest::newRow("too many connections")
        << QStringLiteral("sqlalchemy.exc.OperationalError: FATAL: too many connections for role \"postgres\"")
        << QStringLiteral("\"Too Many Connections\"");
    QTest::newRow("postgres refused")
        << QStringLiteral("could not connect to server: Connection refused\n\tIs the server running on host \"localhost\" "
                          "and accepting TCP/IP connections on port 5432?")
        << QStringLiteral("\"Connection Refused\" (PostgreSQL)");
    QTest::newRow("redis refused")
        << QStringLiteral("redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.")
        << QStringLiteral("Redis Connection Refused");
    QTest::newRow("port in use") << QStringLiteral("ERROR:    [Errno 98] error while attempting to bind on address "
                                                   "('0.0.0.0', 8000): address already in use")
                                 << QStringLiteral("\"Address already in use\" (Port Conflict)");
    QTest::newRow("module not found") << QStringLiteral("ModuleNotFoundError: No module named 'fastapi'")
                                      << QStringLiteral("\"ModuleNotFoundError\" (Missing Dependencies)");
    QTest::newRow("kafka") << QStringLiteral("kafka.errors.NoBrokersAvailable: NoBrokersAvailable")
                           << QStringLiteral("Kafka Connection Refused");
    QTest::newRow("env var") << QStringLiteral("KeyError: 'DATABASE_URL'") << QStringLiteral("Environment Variables Not Loaded");
    QTest::newRow("missing relation") << QStringLiteral("psycopg2.errors.UndefinedTable: relation \"users\" does not exist")
                                      << QStringLiteral("relation \"table\" does not exist");
    QTest::newRow("expired token") << QStringLiteral("401 Unauthorized: ERR_AUTH_001 Invalid or expired access token")
                                   << QStringLiteral("\"Invalid or Expired Token\"");
    QTest::newRow("cuda") << QStringLiteral("RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB")
                          << QStringLiteral("Prediction Generation Fails");
    QTest::newRow("oomkilled") << QStringLiteral("Last State: Terminated Reason: OOMKilled")
                               << QStringLiteral("High Memory Usage");
    QTest::newRow("crashloop") << QStringLiteral("api-7d9f 0/1 CrashLoopBackOff 7 12m")
                               << QStringLiteral("Kubernetes Pod CrashLoopBackOff");
    QTest::newRow("deadlock") << QStringLiteral("ERROR: deadlock detected DETAIL: Process 123 waits for ShareLock")
                              << QStringLiteral("deadlock detected");
    QTest::newRow("cache eviction") << QStringLiteral("cache eviction errors and memory warnings")
                                    << QStringLiteral("Cache Memory Issues");
    QTest::newRow("jwt validation") << QStringLiteral("JWT token validation fails with 401")
                                    << QStringLiteral("Authentication Problems");
    QTest::newRow("env directory") << QStringLiteral("docker: Error response from daemon: failed to mount .env: is a directory")
                                   << QStringLiteral("Environment Directory Docker Mount Issue");
}

void TestSeedSearch::pastedErrorsFindTheirIssue()
{
    QFETCH(QString, pasted);
    QFETCH(QString, issue);
    const QList<SearchHit> hits = m_index.find(pasted, 5);
    QVERIFY2(!hits.isEmpty(), qPrintable(pasted));
    QStringList ranked;
    for (const SearchHit &h : hits)
        ranked.append(QStringLiteral("%1 (%2)").arg(h.title).arg(h.score));
    QVERIFY2(hits.first().title == issue, qPrintable(ranked.join(QStringLiteral(" | "))));
}

TRIAGE_SEED_TEST_MAIN(TestSeedSearch)
#include "TestSeedSearch.moc"
