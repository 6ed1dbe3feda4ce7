#include "TestSupport.h"
#include "search/SearchIndex.h"

#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {
const char *const kGuide = R"(# Services

## Database

### Issue: PostgreSQL refuses connections

**Symptom**:
```
psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused
```

**Root Cause**: The server is not running.

### Issue: Too many clients

**Symptom**: `FATAL:  sorry, too many clients already`

**Root Cause**: A connection leak exhausts max_connections.

## Cache

### Issue: Redis refuses connections

**Symptom**: `Could not connect to Redis at 127.0.0.1:6379: Connection refused`

### Issue: Redis is out of memory

**Symptom**: `OOM command not allowed when used memory > 'maxmemory'`

## Pods

### Issue: Pod restarts

**Symptom**: `Back-off restarting failed container (CrashLoopBackOff)`

## Node

### `Error: listen EADDRINUSE: address already in use :::3000`

Another process holds the port.
)";
} // namespace

class TestSearchIndex : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void ranksTheMatchingIssueFirst_data();
    void ranksTheMatchingIssueFirst();
    void hitsCarryWhereTheIssueIs();
    void emptyAndUnrelatedQueriesFindNothing();
    void wordPairsBeatScatteredWords();
    void termsFoldCaseAndSuffixes();

private:
    SearchIndex m_index;
};

void TestSearchIndex::initTestCase()
{
    m_index.addGuide(importText(kGuide, QStringLiteral("services.md")));
    QCOMPARE(m_index.documentCount(), 6);
}

void TestSearchIndex::ranksTheMatchingIssueFirst_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("title");
    QTest::newRow("postgres refused, full line")
        << QStringLiteral("psql: error: connection to server at \"localhost\" (127.0.0.1), port 5432 failed: Connection refused")
        << QStringLiteral("PostgreSQL refuses connections");
    QTest::newRow("postgres refused, different host")
        << QStringLiteral("connection to server at \"db.prod\" (10.1.2.3), port 5432 failed: Connection refused")
        << QStringLiteral("PostgreSQL refuses connections");
    QTest::newRow("redis refused") << QStringLiteral("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
                                   << QStringLiteral("Redis refuses connections");
    QTest::newRow("too many clients") << QStringLiteral("sorry, too many clients") << QStringLiteral("Too many clients");
    QTest::newRow("oom") << QStringLiteral("(error) OOM command not allowed") << QStringLiteral("Redis is out of memory");
    QTest::newRow("identifier in noise") << QStringLiteral("Warning  BackOff  3m  kubelet  CrashLoopBackOff restarting")
                                         << QStringLiteral("Pod restarts");
    QTest::newRow("few words, any case") << QStringLiteral("REDIS memory") << QStringLiteral("Redis is out of memory");
    // A heading that is the error itself is an issue with that error as its symptom.
    QTest::newRow("error heading") << QStringLiteral("Error: listen EADDRINUSE: address already in use 0.0.0.0:3000")
                                   << QStringLiteral("Error: listen EADDRINUSE: address already in use :::3000");
    // "postgres" in a query and "PostgreSQL" in a title are one product.
    QTest::newRow("product written another way") << QStringLiteral("connection refused postgres") << QStringLiteral("PostgreSQL refuses connections");
}

void TestSearchIndex::ranksTheMatchingIssueFirst()
{
    QFETCH(QString, query);
    QFETCH(QString, title);
    const QList<SearchHit> hits = m_index.find(query);
    QVERIFY(!hits.isEmpty());
    QCOMPARE(hits.first().title, title);
    for (int i = 1; i < hits.size(); ++i)
        QVERIFY(hits.at(i - 1).score >= hits.at(i).score);
}

void TestSearchIndex::hitsCarryWhereTheIssueIs()
{
    const QList<SearchHit> hits = m_index.find(QStringLiteral("too many clients"), 1);
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().guidePath, QStringLiteral("services.md"));
    QCOMPARE(hits.first().guideId, QStringLiteral("services"));
    QCOMPARE(hits.first().nodeId, QStringLiteral("issue-too-many-clients"));
    QCOMPARE(hits.first().location.line, 14);
    QVERIFY(hits.first().score > 0);
}

void TestSearchIndex::emptyAndUnrelatedQueriesFindNothing()
{
    QVERIFY(m_index.find(QString()).isEmpty());
    QVERIFY(m_index.find(QStringLiteral("   ...  ")).isEmpty());
    QVERIFY(m_index.find(QStringLiteral("the and of")).isEmpty());
    QVERIFY(m_index.find(QStringLiteral("kerberos ticket granting")).isEmpty());
}

void TestSearchIndex::wordPairsBeatScatteredWords()
{
    SearchIndex index;
    index.addGuide(importText(R"(## A
### Issue: Connection pool exhausted
**Symptom**: too many connections in the pool
### Issue: Many things
**Symptom**: too slow, and many retries on each connection
)"));
    const QList<SearchHit> hits = index.find(QStringLiteral("too many connections"));
    QVERIFY(hits.size() >= 1);
    QCOMPARE(hits.first().title, QStringLiteral("Connection pool exhausted"));
}

void TestSearchIndex::termsFoldCaseAndSuffixes()
{
    QCOMPARE(SearchIndex::terms(QStringLiteral("Connecting CONNECTIONS connection")),
             (QStringList{QStringLiteral("connect"), QStringLiteral("connection"), QStringLiteral("connection")}));
    QCOMPARE(SearchIndex::terms(QStringLiteral("the port is 5432")), (QStringList{QStringLiteral("port"), QStringLiteral("5432")}));
    QCOMPARE(SearchIndex::terms(QStringLiteral("PostgreSQL postgres pg")), SearchIndex::terms(QStringLiteral("postgres postgres postgres")));
    QCOMPARE(SearchIndex::terms(QStringLiteral("k8s")), SearchIndex::terms(QStringLiteral("Kubernetes")));
}

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "TestSearchIndex.moc"
