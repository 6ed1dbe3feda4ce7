#include "markdown/SourceText.h"

#include <QTest>

using namespace triage;

class TestSourceText : public QObject {
    Q_OBJECT
private slots:
    void asciiPassesThrough();
    void byteOrderMarkIsDropped();
    void invalidBytesBecomeReplacementCharacters();
    void doubleEncodedTextIsRepaired_data();
    void doubleEncodedTextIsRepaired();
    void genuineNonAsciiIsKept_data();
    void genuineNonAsciiIsKept();
    void linesAndColumns();
    void blankOutKeepsLineNumbers();
};

void TestSourceText::asciiPassesThrough()
{
    const SourceText text = SourceText::fromBytes("# Title\n\nbody\n");
    QCOMPARE(text.utf8(), QByteArray("# Title\n\nbody\n"));
    QCOMPARE(text.lineCount(), 3);
    QVERIFY(text.notes().isEmpty());
}

void TestSourceText::byteOrderMarkIsDropped()
{
    const SourceText text = SourceText::fromBytes("\xEF\xBB\xBF# Title\n");
    QCOMPARE(text.lineText(1), QStringLiteral("# Title"));
}

void TestSourceText::invalidBytesBecomeReplacementCharacters()
{
    const SourceText text = SourceText::fromBytes("ok\nbad \xFF\xFE byte\nok\n");
    QCOMPARE(text.lineText(2), QStringLiteral("bad \uFFFD\uFFFD byte"));
    QCOMPARE(text.lineText(3), QStringLiteral("ok"));
    QCOMPARE(text.notes().size(), 1);
    QCOMPARE(text.notes().first().line, 2);
    QVERIFY(text.notes().first().message.contains(QStringLiteral("invalid UTF-8")));
}

void TestSourceText::doubleEncodedTextIsRepaired_data()
{
    QTest::addColumn<QString>("garbled");
    QTest::addColumn<QString>("expected");
    // UTF-8 read as Windows-1252 (seed 000) and as Mac Roman (seed 003), then saved again.
    QTest::newRow("apostrophe, cp1252") << QStringLiteral("letâ€™s go") << QStringLiteral("let\u2019s go");
    QTest::newRow("em dash, cp1252") << QStringLiteral("Perfect â€” next") << QStringLiteral("Perfect \u2014 next");
    QTest::newRow("emoji, cp1252") << QStringLiteral("ðŸ‘‰ Do you") << QStringLiteral("\U0001F449 Do you");
    QTest::newRow("cross mark, Mac Roman") << QStringLiteral("-- ‚ùå BAD") << QStringLiteral("-- \u274C BAD");
    QTest::newRow("check mark, Mac Roman") << QStringLiteral("-- ‚úÖ GOOD") << QStringLiteral("-- \u2705 GOOD");
    QTest::newRow("wrench, Mac Roman") << QStringLiteral("guide! \uF8FFüîß") << QStringLiteral("guide! \U0001F527");
}

void TestSourceText::doubleEncodedTextIsRepaired()
{
    QFETCH(QString, garbled);
    QFETCH(QString, expected);
    const SourceText text = SourceText::fromBytes("first\n" + garbled.toUtf8() + "\n");
    QCOMPARE(text.lineText(2), expected);
    QCOMPARE(text.notes().size(), 1);
    QCOMPARE(text.notes().first().line, 2);
}

void TestSourceText::genuineNonAsciiIsKept_data()
{
    QTest::addColumn<QString>("line");
    QTest::newRow("accent") << QStringLiteral("café au lait");
    QTest::newRow("box drawing") << QStringLiteral("├── index.md");
    QTest::newRow("em dash") << QStringLiteral("one — two");
    QTest::newRow("japanese") << QStringLiteral("接続が拒否されました");
    QTest::newRow("german") << QStringLiteral("Größe überschritten");
}

void TestSourceText::genuineNonAsciiIsKept()
{
    QFETCH(QString, line);
    const SourceText text = SourceText::fromBytes(line.toUtf8());
    QCOMPARE(text.lineText(1), line);
    QVERIFY(text.notes().isEmpty());
}

void TestSourceText::linesAndColumns()
{
    const SourceText text = SourceText::fromBytes("ab\r\nçé x\nlast");
    QCOMPARE(text.lineCount(), 3);
    QCOMPARE(text.lineText(1), QStringLiteral("ab"));
    const qsizetype x = text.utf8().indexOf('x');
    QCOMPARE(text.lineAt(x), 2);
    QCOMPARE(text.columnAt(x), 4); // ç and é are one column each, not two bytes
    QCOMPARE(text.lineAt(text.utf8().size() + 10), 3);
    QCOMPARE(text.lines(1, 2), QStringLiteral("ab\nçé x"));
}

void TestSourceText::blankOutKeepsLineNumbers()
{
    SourceText text = SourceText::fromBytes("---\nid: x\n---\n# Title\n");
    text.blankOut(0, text.lineStart(4));
    QCOMPARE(text.lineText(4), QStringLiteral("# Title"));
    QCOMPARE(text.lineText(2).trimmed(), QString());
    QCOMPARE(text.lineCount(), 4);
}

QTEST_GUILESS_MAIN(TestSourceText)
#include "TestSourceText.moc"
