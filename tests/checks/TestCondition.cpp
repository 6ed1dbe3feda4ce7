#include "checks/Condition.h"

#include <QTest>

using namespace triage;

class TestCondition : public QObject {
    Q_OBJECT
private slots:
    void parsesValidConditions_data();
    void parsesValidConditions();
    void rejectsBrokenConditions_data();
    void rejectsBrokenConditions();
    void readsPathsAndUnits();
};

void TestCondition::parsesValidConditions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("placeholders");
    QTest::newRow("status") << QStringLiteral("[STATUS] == 200") << QStringList{QStringLiteral("STATUS")};
    QTest::newRow("body field") << QStringLiteral("[BODY].status == \"healthy\"") << QStringList{QStringLiteral("BODY")};
    QTest::newRow("latency") << QStringLiteral("[RESPONSE_TIME] < 500ms") << QStringList{QStringLiteral("RESPONSE_TIME")};
    QTest::newRow("ratio") << QStringLiteral("[VALUE] < 0.8") << QStringList{QStringLiteral("VALUE")};
    QTest::newRow("len") << QStringLiteral("len([ROWS]) > 0") << QStringList{QStringLiteral("ROWS")};
    QTest::newRow("regex") << QStringLiteral("[BODY].version =~ \"^2\\.\"") << QStringList{QStringLiteral("BODY")};
    QTest::newRow("lone placeholder") << QStringLiteral("[CONNECTED]") << QStringList{QStringLiteral("CONNECTED")};
    QTest::newRow("contains") << QStringLiteral("[BODY] contains ok") << QStringList{QStringLiteral("BODY")};
    QTest::newRow("index path") << QStringLiteral("[BODY].items[0].name != null") << QStringList{QStringLiteral("BODY")};
}

void TestCondition::parsesValidConditions()
{
    QFETCH(QString, text);
    QFETCH(QStringList, placeholders);
    const Condition c = Condition::parse(text);
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    QCOMPARE(c.placeholders(), placeholders);
}

void TestCondition::rejectsBrokenConditions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("no placeholder") << QStringLiteral("200 == 200") << QStringLiteral("PLACEHOLDER");
    QTest::newRow("lower-case placeholder") << QStringLiteral("[status] == 200") << QStringLiteral("upper-case");
    QTest::newRow("unclosed bracket") << QStringLiteral("[STATUS == 200") << QStringLiteral("upper-case");
    QTest::newRow("bad operator") << QStringLiteral("[STATUS] = 200") << QStringLiteral("operator");
    QTest::newRow("unterminated string") << QStringLiteral("[BODY].status == \"ok") << QStringLiteral("unterminated");
    QTest::newRow("trailing text") << QStringLiteral("[STATUS] == 200 and more") << QStringLiteral("unexpected");
    QTest::newRow("bad regex") << QStringLiteral("[BODY] =~ \"(unclosed\"") << QStringLiteral("regular expression");
}

void TestCondition::rejectsBrokenConditions()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const Condition c = Condition::parse(text);
    QVERIFY(!c.isValid());
    QVERIFY2(c.error().contains(message), qPrintable(c.error()));
    QVERIFY(c.errorColumn() >= 1);
}

void TestCondition::readsPathsAndUnits()
{
    const Condition c = Condition::parse(QStringLiteral("[BODY].services.\"data base\"[2] >= 1.5s"));
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    QCOMPARE(c.left().path, (QStringList{QStringLiteral("services"), QStringLiteral("data base"), QStringLiteral("2")}));
    QCOMPARE(c.op(), Condition::Op::GreaterEqual);
    QCOMPARE(c.right().literal.toDouble(), 1.5);
    QCOMPARE(c.right().unit, QStringLiteral("s"));
}

QTEST_GUILESS_MAIN(TestCondition)
#include "TestCondition.moc"
