#include "markdown/MarkdownDocument.h"
#include "markdown/MarkdownEscape.h"
#include "markdown/SourceText.h"

#include <QTest>

using namespace triage;

// Text that is not the Markdown author's (titles, server messages, paths) must show as written.
// Each case writes it with an escaper, parses the result with md4c (as the window and the
// report's readers do), and compares what a reader sees with the text.
class TestMarkdownEscape : public QObject {
    Q_OBJECT
private slots:
    void textShowsAsWritten_data();
    void textShowsAsWritten();
    void codeSpansHoldBackticks();
    void codeBlocksHoldFences();
};

namespace {

MarkdownDocument parsed(const QString &markdown)
{
    return MarkdownDocument::parse(SourceText::fromBytes(markdown.toUtf8()));
}

// The text of the document's paragraphs, and the kinds of spans in them.
QString paragraphText(const MarkdownDocument &doc, QList<MdSpan::Kind> *spans = nullptr)
{
    QString text;
    for (const MdBlock &b : doc.blocks()) {
        if (b.kind != MdBlockKind::Paragraph)
            continue;
        text += doc.text(b);
        if (spans) {
            for (const MdSpan &s : doc.spans(b))
                spans->append(s.kind);
        }
    }
    return text;
}

// Every table cell's text, header first: the text did not add, split or merge a cell.
QStringList cellTexts(const MarkdownDocument &doc)
{
    QStringList cells;
    for (const MdBlock &b : doc.blocks()) {
        if (b.kind == MdBlockKind::TableCell)
            cells.append(doc.text(b).toString());
    }
    return cells;
}

} // namespace

void TestMarkdownEscape::textShowsAsWritten_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("emphasis") << QStringLiteral("*not bold* and _not italic_ and **nor this**");
    QTest::newRow("code and links") << QStringLiteral("`rm -rf` [click](http://evil.example) ![img](x.png)");
    QTest::newRow("html and entities") << QStringLiteral("<script>alert(1)</script> &amp; &lt;b&gt;");
    QTest::newRow("table and strike") << QStringLiteral("a | b | c ~~gone~~");
    QTest::newRow("backslashes") << QStringLiteral("C:\\Users\\me\\*.md and \\` and \\\\");
    QTest::newRow("line start markers") << QStringLiteral("- not a list");
    QTest::newRow("heading marker") << QStringLiteral("# not a heading");
    QTest::newRow("ordered marker") << QStringLiteral("1. not a list either");
    QTest::newRow("quote marker") << QStringLiteral("> not a quote");
    QTest::newRow("non-ASCII") << QStringLiteral("caf\u00e9 \u2014 \u3053\u3093\u306b\u3061\u306f *\u00e9*");
}

void TestMarkdownEscape::textShowsAsWritten()
{
    QFETCH(QString, text);
    // A paragraph of its own.
    QList<MdSpan::Kind> spans;
    const MarkdownDocument own = parsed(markdown::escapedText(text));
    QCOMPARE(paragraphText(own, &spans), text);
    QVERIFY(spans.isEmpty());
    // One line in a list item or a table cell, after other text.
    spans.clear();
    const MarkdownDocument item = parsed(QStringLiteral("- Last run: ") + markdown::escapedInline(text));
    QCOMPARE(paragraphText(item, &spans), QStringLiteral("Last run: ") + text.simplified());
    QVERIFY(spans.isEmpty());
    const MarkdownDocument table = parsed(QStringLiteral("| A | B |\n|---|---|\n| ") + markdown::escapedInline(text) + QStringLiteral(" | x |\n"));
    QCOMPARE(cellTexts(table), (QStringList{QStringLiteral("A"), QStringLiteral("B"), text.simplified(), QStringLiteral("x")}));
}

void TestMarkdownEscape::codeSpansHoldBackticks()
{
    const QStringList texts = {QStringLiteral("SELECT 1"), QStringLiteral("echo `date`"), QStringLiteral("`quoted`"),
                               QStringLiteral("a `` b ``` c"), QStringLiteral("ends with \\"), QStringLiteral("grep 'a|b' x")};
    for (const QString &text : texts) {
        const QString span = markdown::codeSpan(text);
        QList<MdSpan::Kind> spans;
        const MarkdownDocument doc = parsed(QStringLiteral("- ") + span);
        QCOMPARE(paragraphText(doc, &spans), text);
        QCOMPARE(spans, QList<MdSpan::Kind>{MdSpan::Code});
        // In a table, '|' does not end the cell, and the escaped '|' inside code reads as '|',
        // as GitHub shows it.
        const MarkdownDocument table = parsed(QStringLiteral("| A | B |\n|---|---|\n| ") + markdown::codeSpan(text, true) + QStringLiteral(" | x |\n"));
        QCOMPARE(cellTexts(table), (QStringList{QStringLiteral("A"), QStringLiteral("B"), text, QStringLiteral("x")}));
    }
    // The old window code wrote `echo \`date\``, which Markdown reads as code "echo \" and text.
    QCOMPARE(markdown::codeSpan(QStringLiteral("echo `date`")), QStringLiteral("`` echo `date` ``"));
}

void TestMarkdownEscape::codeBlocksHoldFences()
{
    // Commands shown for copying: a line of backticks in them must not end the block, and
    // nothing after the block may join it.
    const QStringList texts = {QStringLiteral("redis-cli ping"), QStringLiteral("echo ```\nls"), QStringLiteral("````\n```\nx"),
                               QStringLiteral("a\n\n# not a heading\n- not a list"), QStringLiteral("ends with a newline\n")};
    for (const QString &text : texts) {
        const QString block = markdown::codeBlock(text, u"bash");
        const MarkdownDocument doc = parsed(block + QStringLiteral("After."));
        QList<const MdBlock *> code;
        for (const MdBlock &b : doc.blocks()) {
            if (b.kind == MdBlockKind::Code)
                code.append(&b);
        }
        QCOMPARE(code.size(), 1);
        QCOMPARE(doc.info(*code.first()), QStringLiteral("bash"));
        QString shown = doc.text(*code.first()).toString();
        QCOMPARE(shown, text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n'));
        QCOMPARE(paragraphText(doc), QStringLiteral("After."));
    }
}

QTEST_GUILESS_MAIN(TestMarkdownEscape)
#include "TestMarkdownEscape.moc"
