#include "markdown/SourceText.h"

#include <QRandomGenerator>
#include <QTest>

using namespace triage;

class TestSourceText : public QObject {
    Q_OBJECT
private slots:
    void asciiPassesThrough();
    void byteOrderMarkIsDropped();
    void utf16IsReadAsUtf16();
    void invalidBytesBecomeReplacementCharacters();
    void doubleEncodedTextIsRepaired_data();
    void doubleEncodedTextIsRepaired();
    void genuineNonAsciiIsKept_data();
    void genuineNonAsciiIsKept();
    void linesAndColumns();
    void blankOutKeepsLineNumbers();
    void overwriteLineKeepsOffsets();
    void bareCarriageReturnsEndLines();
    void lineIndexMatchesTheText_data();
    void lineIndexMatchesTheText();
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

void TestSourceText::utf16IsReadAsUtf16()
{
    // "é\nok\n" in UTF-16 LE: the text, lines and offsets are those of its UTF-8.
    const SourceText le = SourceText::fromBytes(QByteArray("\xFF\xFE\xE9\0\n\0o\0k\0\n\0", 12));
    QCOMPARE(le.utf8(), QByteArray("\xC3\xA9\nok\n"));
    QCOMPARE(le.lineText(2), QStringLiteral("ok"));
    QCOMPARE(le.lineStart(2), 3);
    QCOMPARE(le.notes().size(), 1);
    QCOMPARE(le.notes().first().line, 1);
    QVERIFY(le.notes().first().message.startsWith(QStringLiteral("saved as UTF-16 (it starts with a byte-order mark)")));
    // A file cut off in the middle of a character says so.
    const SourceText cut = SourceText::fromBytes(QByteArray("\xFE\xFF\0o\0k\0", 7));
    QCOMPARE(cut.lineText(1), QStringLiteral("ok\uFFFD"));
    QVERIFY(cut.notes().first().message.startsWith(QStringLiteral("saved as UTF-16 with invalid sequences")));
    // A surrogate without its partner is an invalid sequence too; a pair (an emoji) is not.
    const SourceText lone = SourceText::fromBytes(QByteArray("\xFF\xFEo\0\x00\xD8k\0\n\0", 10));
    QCOMPARE(lone.notes().size(), 1);
    QVERIFY(lone.notes().first().message.startsWith(QStringLiteral("saved as UTF-16 with invalid sequences")));
    const SourceText pair = SourceText::fromBytes(QByteArray("\xFF\xFEo\0\x3D\xD8\x00\xDEk\0\n\0", 12));
    QCOMPARE(pair.lineText(1), QStringLiteral("o\U0001F600k"));
    QVERIFY(pair.notes().first().message.startsWith(QStringLiteral("saved as UTF-16 (it starts with a byte-order mark)")));
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

void TestSourceText::overwriteLineKeepsOffsets()
{
    // A line rewritten in place: the same bytes and characters on either side, in UTF-8 and in
    // UTF-16 alike, even when the line holds characters past ASCII and ends in CRLF.
    const QByteArray bytes(":::tip L\xc3\xb6sung \xe2\x9c\x85\r\nnext \xc3\xa9\r\n:::\nend\n");
    SourceText text = SourceText::fromBytes(bytes);
    const qsizetype nextAt = text.lineStart(2);
    text.overwriteLine(1, "**Fix**:");
    text.overwriteLine(3, "");
    QCOMPARE(text.utf8().size(), bytes.size());
    QCOMPARE(text.lineStart(2), nextAt);
    QCOMPARE(text.lineText(1).trimmed(), QStringLiteral("**Fix**:"));
    QCOMPARE(text.lineText(2), QString::fromUtf8("next \xc3\xa9"));
    QCOMPARE(text.lineText(3).trimmed(), QString());
    QCOMPARE(text.lineText(4), QStringLiteral("end"));
    QCOMPARE(text.linesView(1, 2).toString(), QString::fromUtf8("**Fix**:       \r\nnext \xc3\xa9\r\n"));
    // Too long for the line: cut, and the next line is untouched.
    text.overwriteLine(4, "a longer text");
    QCOMPARE(text.lineText(4), QStringLiteral("a l"));
    text.overwriteLine(9, "out of range");
    QCOMPARE(text.utf8().size(), bytes.size());
}

void TestSourceText::bareCarriageReturnsEndLines()
{
    // CommonMark ends a line at LF, CRLF or a carriage return on its own (classic Mac OS).
    // The index counts the same lines md4c does, and no offset moves.
    const QByteArray bytes("# A\r\rtext \xc3\xa9\r\n## B\rlast\r");
    const SourceText text = SourceText::fromBytes(bytes);
    QCOMPARE(text.utf8().size(), bytes.size());
    QCOMPARE(text.lineCount(), 5);
    QCOMPARE(text.lineText(1), QStringLiteral("# A"));
    QCOMPARE(text.lineText(2), QString());
    QCOMPARE(text.lineText(3), QString::fromUtf8("text \xc3\xa9"));
    QCOMPARE(text.lineText(4), QStringLiteral("## B"));
    QCOMPARE(text.lineText(5), QStringLiteral("last"));
    QCOMPARE(text.lineAt(bytes.indexOf("last")), 5);
    QCOMPARE(text.lines(3, 5), QString::fromUtf8("text \xc3\xa9\n## B\nlast"));
    // Only the carriage return of the CRLF is left, where the line index skips it.
    QCOMPARE(text.utf8().count('\r'), 1);
}

void TestSourceText::lineIndexMatchesTheText_data()
{
    // Text made of pieces that cross the eight-byte words the indexer reads: ASCII, two-,
    // three- and four-byte characters (a surrogate pair in UTF-16), CRLF, blank lines,
    // invalid bytes, and lines from empty to long.
    QTest::addColumn<QByteArray>("bytes");
    const QList<QByteArray> pieces = {"a", "word ", "\n", "\r\n", "\r", "\n\n", "é", "ü ", "€", "→", "😀", "𝄞x", "\xff", "\xc3",
                                      "`code`", "0123456789abcdef", "ÃƒÂ©"};
    QRandomGenerator random(20261123);
    for (int t = 0; t < 60; ++t) {
        QByteArray bytes;
        const int count = int(random.bounded(1, 120));
        for (int i = 0; i < count; ++i)
            bytes += pieces.at(random.bounded(int(pieces.size())));
        QTest::addRow("random %d", t) << bytes;
    }
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only a break") << QByteArray("\n");
    QTest::newRow("ends with a break") << QByteArray("héllo\nwörld\n");
    QTest::newRow("emoji at a word edge") << QByteArray("1234567😀\n89😀\n😀");
    // The counting pass sums per-byte lanes that hold at most 255: text long enough to need
    // the lanes emptied, with a break in the same lane of every sixteen bytes.
    QTest::newRow("a break in every byte, past the lane limit") << QByteArray(5000, '\n');
    QTest::newRow("sixteen-byte lines, past the lane limit") << QByteArray("0123456789abcde\n").repeated(300);
    QTest::newRow("long text with accents") << QByteArray("héllo wörld ünïcode €\n").repeated(400);
}

void TestSourceText::lineIndexMatchesTheText()
{
    QFETCH(QByteArray, bytes);
    const SourceText text = SourceText::fromBytes(bytes);
    // What the index must agree with, computed the slow way from the decoded text.
    const QByteArray &utf8 = text.utf8();
    QCOMPARE(QString::fromUtf8(utf8), text.text());
    QList<qsizetype> starts{0};
    for (qsizetype i = 0; i + 1 < utf8.size(); ++i) {
        if (utf8.at(i) == '\n')
            starts.append(i + 1);
    }
    QCOMPARE(text.lineCount(), int(starts.size()));
    const QStringList lines = text.text().split(QLatin1Char('\n'));
    for (int line = 1; line <= text.lineCount(); ++line) {
        QCOMPARE(text.lineStart(line), starts.at(line - 1));
        QString expected = lines.at(line - 1);
        if (expected.endsWith(QLatin1Char('\r')))
            expected.chop(1);
        QCOMPARE(text.lineText(line), expected);
        // The UTF-16 view of the line is the same line, with its break when it has one.
        QString view = text.linesView(line, line).toString();
        if (view.endsWith(QLatin1Char('\n')))
            view.chop(1);
        if (view.endsWith(QLatin1Char('\r')))
            view.chop(1);
        QCOMPARE(view, expected);
    }
    // Every offset maps to its line, whatever hint the search starts from.
    for (qsizetype offset = 0; offset < utf8.size(); ++offset) {
        const int line = int(std::upper_bound(starts.cbegin(), starts.cend(), offset) - starts.cbegin());
        QCOMPARE(text.lineAt(offset), line);
        QCOMPARE(text.lineAt(offset, 1), line);
        QCOMPARE(text.lineAt(offset, line), line);
        QCOMPARE(text.lineAt(offset, text.lineCount()), line);
        QCOMPARE(text.lineAt(offset, std::max(1, line - 3)), line);
    }
}

QTEST_GUILESS_MAIN(TestSourceText)
#include "TestSourceText.moc"
