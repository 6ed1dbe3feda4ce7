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
    void evaluates_data();
    void evaluates();
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

void TestCondition::evaluates_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<bool>("holds");
    QTest::addColumn<QString>("explains"); // a piece of the explanation
    QTest::newRow("status equal") << QStringLiteral("[STATUS] == 200") << true << QStringLiteral("[STATUS] is 200");
    QTest::newRow("status differs") << QStringLiteral("[STATUS] == 503") << false << QStringLiteral("expected == 503");
    QTest::newRow("json path") << QStringLiteral("[BODY].services.database == \"healthy\"") << true << QString();
    QTest::newRow("json path false") << QStringLiteral("[BODY].services.cache == \"healthy\"") << false << QStringLiteral("\"down\"");
    QTest::newRow("array index") << QStringLiteral("[BODY].items.1 == 20") << true << QString();
    QTest::newRow("missing field") << QStringLiteral("[BODY].nope == 1") << false << QStringLiteral("has no field `nope`");
    QTest::newRow("index out of range") << QStringLiteral("[BODY].items.9 == 1") << false << QStringLiteral("has no item 9");
    QTest::newRow("milliseconds") << QStringLiteral("[RESPONSE_TIME] < 500ms") << true << QString();
    QTest::newRow("seconds") << QStringLiteral("[RESPONSE_TIME] < 0.1s") << false << QString();
    QTest::newRow("percent") << QStringLiteral("[VALUE] < 80%") << false << QString();
    QTest::newRow("percent holds") << QStringLiteral("[VALUE] < 90%") << true << QString();
    QTest::newRow("bytes") << QStringLiteral("[USED] < 2MB") << true << QString();
    QTest::newRow("length") << QStringLiteral("len([ROWS]) > 0") << true << QString();
    QTest::newRow("empty length") << QStringLiteral("len([EMPTY]) > 0") << false << QString();
    QTest::newRow("regex") << QStringLiteral("[BODY].version =~ \"^2\\.\"") << true << QString();
    QTest::newRow("not regex") << QStringLiteral("[BODY].version !~ \"^2\\.\"") << false << QString();
    QTest::newRow("contains") << QStringLiteral("[TEXT] contains \"refused\"") << true << QString();
    QTest::newRow("truthy") << QStringLiteral("[CONNECTED]") << true << QString();
    QTest::newRow("bool equal") << QStringLiteral("[CONNECTED] == true") << true << QString();
    QTest::newRow("not measured") << QStringLiteral("[SQLSTATE] == \"00000\"") << false << QStringLiteral("was not measured");
    QTest::newRow("text is not a number") << QStringLiteral("[TEXT] > 3") << false << QStringLiteral("not a number");
}

void TestCondition::evaluates()
{
    QFETCH(QString, condition);
    QFETCH(bool, holds);
    QFETCH(QString, explains);
    const QVariantMap values{
        {QStringLiteral("STATUS"), 200},
        {QStringLiteral("BODY"), QVariantMap{{QStringLiteral("services"), QVariantMap{{QStringLiteral("database"), QStringLiteral("healthy")},
                                                                                       {QStringLiteral("cache"), QStringLiteral("down")}}},
                                             {QStringLiteral("items"), QVariantList{10, 20, 30}},
                                             {QStringLiteral("version"), QStringLiteral("2.4.1")}}},
        {QStringLiteral("RESPONSE_TIME"), 120.0},
        {QStringLiteral("VALUE"), 0.85},
        {QStringLiteral("USED"), 1024.0 * 1024},
        {QStringLiteral("ROWS"), QVariantList{QVariantMap{{QStringLiteral("id"), 1}}}},
        {QStringLiteral("EMPTY"), QVariantList{}},
        {QStringLiteral("TEXT"), QStringLiteral("connection refused by peer")},
        {QStringLiteral("CONNECTED"), true},
    };
    const Condition c = Condition::parse(condition);
    QVERIFY2(c.isValid(), qPrintable(c.error()));
    const Condition::Evaluation e = c.evaluate(values);
    QCOMPARE(e.holds, holds);
    QVERIFY2(e.explanation.contains(explains), qPrintable(e.explanation));
}

QTEST_GUILESS_MAIN(TestCondition)
#include "TestCondition.moc"
