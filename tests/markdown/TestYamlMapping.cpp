#include "markdown/YamlMapping.h"

#include <QTest>

using namespace triage;

// Check blocks and front matter are read through YamlMapping: what they hold, where each key
// is, and what an author is told when the YAML is wrong.
class TestYamlMapping : public QObject {
    Q_OBJECT
private slots:
    void readsACheckBlock();
    void scalarsStayText();
    void readsNestedValues();
    void aliasesCopyTheirAnchor();
    void emptyInputIsAnEmptyMapping();
    void onlyTheFirstDocumentCounts();
    void errorsSayWhatAndWhere_data();
    void errorsSayWhatAndWhere();
    void expandingAliasesStopEarly();
};

void TestYamlMapping::readsACheckBlock()
{
    const YamlMapping m = YamlMapping::parse(QStringLiteral("type: http\nurl: http://localhost:8000/health\n"
                                                            "expect: \"[STATUS] == 200\"\npass: \"#outcome-fine\"\n"));
    QVERIFY2(m.ok, qPrintable(m.error));
    QCOMPARE(m.keyOrder, (QStringList{"type", "url", "expect", "pass"}));
    QCOMPARE(m.values.value("url").toString(), QStringLiteral("http://localhost:8000/health"));
    QCOMPARE(m.values.value("expect").toString(), QStringLiteral("[STATUS] == 200"));
    QCOMPARE(m.values.value("pass").toString(), QStringLiteral("#outcome-fine"));
    QCOMPARE(m.keyLines.value("type"), 1);
    QCOMPARE(m.keyLines.value("pass"), 4);
}

void TestYamlMapping::scalarsStayText()
{
    const YamlMapping m = YamlMapping::parse(QStringLiteral("port: 5432\nflag: yes\nquoted: 'null'\nnothing: ~\nnull_word: null\n"
                                                            "empty:\ntitle: Café ☕ — “quoted”\nmultiline: |\n  one\n  two\n"));
    QVERIFY2(m.ok, qPrintable(m.error));
    QCOMPARE(m.values.value("port").toString(), QStringLiteral("5432"));
    QCOMPARE(m.values.value("flag").toString(), QStringLiteral("yes"));
    QCOMPARE(m.values.value("quoted").toString(), QStringLiteral("null"));
    QVERIFY(m.values.contains("nothing"));
    QVERIFY(!m.values.value("nothing").isValid());
    QVERIFY(!m.values.value("null_word").isValid());
    QVERIFY(!m.values.value("empty").isValid());
    QCOMPARE(m.values.value("title").toString(), QStringLiteral("Café ☕ — “quoted”"));
    QCOMPARE(m.values.value("multiline").toString(), QStringLiteral("one\ntwo\n"));
}

void TestYamlMapping::readsNestedValues()
{
    const YamlMapping m = YamlMapping::parse(QStringLiteral("on:\n  refused: \"#solution-start-it\"\n  timeout: \"#cause-slow\"\n"
                                                            "expect: [\"[STATUS] == 200\", \"[BODY] contains ok\"]\nkeys:\n  - DB_HOST\n  - DB_PORT\n"));
    QVERIFY2(m.ok, qPrintable(m.error));
    const QVariantMap on = m.values.value("on").toMap();
    QCOMPARE(on.value("refused").toString(), QStringLiteral("#solution-start-it"));
    QCOMPARE(on.value("timeout").toString(), QStringLiteral("#cause-slow"));
    QCOMPARE(m.values.value("expect").toStringList(), (QStringList{"[STATUS] == 200", "[BODY] contains ok"}));
    QCOMPARE(m.values.value("keys").toStringList(), (QStringList{"DB_HOST", "DB_PORT"}));
    QCOMPARE(m.keyLines.value("expect"), 4);
    QCOMPARE(m.keyLines.value("keys"), 5);
}

void TestYamlMapping::aliasesCopyTheirAnchor()
{
    const YamlMapping m = YamlMapping::parse(QStringLiteral("hosts: &h [db1, db2]\nagain: *h\nname: &n api\nalso: *n\n"));
    QVERIFY2(m.ok, qPrintable(m.error));
    QCOMPARE(m.values.value("again").toStringList(), (QStringList{"db1", "db2"}));
    QCOMPARE(m.values.value("also").toString(), QStringLiteral("api"));
}

void TestYamlMapping::emptyInputIsAnEmptyMapping()
{
    for (const QString &text : {QString(), QStringLiteral("\n\n"), QStringLiteral("# only a comment\n"), QStringLiteral("~\n")}) {
        const YamlMapping m = YamlMapping::parse(text);
        QVERIFY2(m.ok, qPrintable(text));
        QVERIFY(m.values.isEmpty());
    }
}

void TestYamlMapping::onlyTheFirstDocumentCounts()
{
    const YamlMapping m = YamlMapping::parse(QStringLiteral("a: 1\n---\nb: 2\n"));
    QVERIFY2(m.ok, qPrintable(m.error));
    QCOMPARE(m.keyOrder, QStringList{"a"});
}

void TestYamlMapping::errorsSayWhatAndWhere_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");

    QTest::newRow("a list") << QStringLiteral("- a\n- b\n") << QStringLiteral("found a list") << 1;
    QTest::newRow("a single value") << QStringLiteral("just words\n") << QStringLiteral("found a single value") << 1;
    QTest::newRow("a key twice") << QStringLiteral("type: http\nurl: a\ntype: tcp\n") << QStringLiteral("`type` appears twice") << 3;
    QTest::newRow("a list as a key") << QStringLiteral("type: http\n? [a, b]\n: c\n") << QStringLiteral("plain word") << 2;
    QTest::newRow("a colon in a plain value") << QStringLiteral("type: http\nurl: http://a: b: c\n") << QStringLiteral("not allowed") << 2;
    QTest::newRow("an unclosed list at the end") << QStringLiteral("triage: 1\nid: [unclosed") << QStringLiteral("expected") << 2;
    QTest::newRow("an unclosed quote") << QStringLiteral("title: \"open\nid: x\n") << QStringLiteral("quoted scalar") << 2;
    QTest::newRow("an unknown alias") << QStringLiteral("a: *nowhere\n") << QStringLiteral("nowhere") << 1;
    QTest::newRow("a tab for indent") << QStringLiteral("on:\n\trefused: x\n") << QStringLiteral("tab") << 2;
}

void TestYamlMapping::errorsSayWhatAndWhere()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, line);
    const YamlMapping m = YamlMapping::parse(text);
    QVERIFY(!m.ok);
    QVERIFY2(m.error.contains(message), qPrintable(m.error));
    QCOMPARE(m.errorLine, line);
    QVERIFY(m.errorColumn >= 1);
    QVERIFY(m.values.isEmpty());
}

void TestYamlMapping::expandingAliasesStopEarly()
{
    // Nine levels of ten aliases each would expand to a billion values.
    QString text = QStringLiteral("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int level = 1; level <= 9; ++level) {
        const QString prev = QStringLiteral("*a%1").arg(level - 1);
        QStringList refs;
        for (int i = 0; i < 10; ++i)
            refs.append(prev);
        text += QStringLiteral("a%1: &a%1 [%2]\n").arg(level).arg(refs.join(QStringLiteral(", ")));
    }
    const YamlMapping m = YamlMapping::parse(text);
    QVERIFY(!m.ok);
    QVERIFY2(m.error.contains(QStringLiteral("aliases expand too far")), qPrintable(m.error));
    QVERIFY(m.errorLine >= 5);
}

QTEST_GUILESS_MAIN(TestYamlMapping)
#include "TestYamlMapping.moc"
