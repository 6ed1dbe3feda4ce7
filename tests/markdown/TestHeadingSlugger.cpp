#include "markdown/HeadingSlugger.h"

#include <QTest>

using namespace triage;

class TestHeadingSlugger : public QObject {
    Q_OBJECT
private slots:
    void slugsMatchGitHub_data();
    void slugsMatchGitHub();
    void repeatedHeadingsAreNumbered();
};

void TestHeadingSlugger::slugsMatchGitHub_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<QString>("anchor");
    // Anchors as GitHub renders them; the first three are linked from seed 003's table of contents.
    QTest::newRow("slash") << QStringLiteral("Kafka/Message Queue Issues") << QStringLiteral("kafkamessage-queue-issues");
    QTest::newRow("docker/k8s") << QStringLiteral("Docker/Kubernetes Issues") << QStringLiteral("dockerkubernetes-issues");
    QTest::newRow("plain") << QStringLiteral("Quick Diagnostics") << QStringLiteral("quick-diagnostics");
    QTest::newRow("quotes and parens") << QStringLiteral("Issue: \"Address already in use\" (Port Conflict)")
                                       << QStringLiteral("issue-address-already-in-use-port-conflict");
    QTest::newRow("question") << QStringLiteral("Check: Is PostgreSQL up?") << QStringLiteral("check-is-postgresql-up");
    QTest::newRow("numbered") << QStringLiteral("1. Database Connection Issues") << QStringLiteral("1-database-connection-issues");
    QTest::newRow("underscore kept") << QStringLiteral("DATABASE_URL missing") << QStringLiteral("database_url-missing");
    QTest::newRow("unicode letters kept") << QStringLiteral("Größe") << QStringLiteral("größe");
    QTest::newRow("double space") << QStringLiteral("a  b") << QStringLiteral("a--b");
}

void TestHeadingSlugger::slugsMatchGitHub()
{
    QFETCH(QString, heading);
    QFETCH(QString, anchor);
    QCOMPARE(HeadingSlugger::slugify(heading), anchor);
}

void TestHeadingSlugger::repeatedHeadingsAreNumbered()
{
    HeadingSlugger slugger;
    QCOMPARE(slugger.next(QStringLiteral("Symptoms")), QStringLiteral("symptoms"));
    QCOMPARE(slugger.next(QStringLiteral("Symptoms")), QStringLiteral("symptoms-1"));
    QCOMPARE(slugger.next(QStringLiteral("Symptoms")), QStringLiteral("symptoms-2"));
    QCOMPARE(slugger.next(QStringLiteral("Symptoms 1")), QStringLiteral("symptoms-1-1"));
}

QTEST_GUILESS_MAIN(TestHeadingSlugger)
#include "TestHeadingSlugger.moc"
