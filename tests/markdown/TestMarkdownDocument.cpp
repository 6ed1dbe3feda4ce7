#include "markdown/MarkdownDocument.h"

#include <QTest>

using namespace triage;

namespace {
QList<const MdBlock *> blocksOf(const MarkdownDocument &doc, MdBlockKind kind)
{
    QList<const MdBlock *> result;
    for (const MdBlock &b : doc.blocks()) {
        if (b.kind == kind)
            result.append(&b);
    }
    return result;
}
MarkdownDocument parse(const QByteArray &text)
{
    return MarkdownDocument::parse(SourceText::fromBytes(text));
}
} // namespace

class TestMarkdownDocument : public QObject {
    Q_OBJECT
private slots:
    void commentsInCodeFencesAreNotHeadings();
    void blocksKnowTheirLines();
    void tightListItemsGetParagraphs();
    void spansCarryTextAndLinks();
    void wikiLinksAreLinks_data();
    void wikiLinksAreLinks();
    void wikiLinksWrittenAsMarkdown();
    void infoStringsAndTargetsAsWritten();
    void tablesKeepHeaderRows();
    void pipesEscapedInTableCodeAreUnescaped();
    void inlineHtmlIsNoted();
    void entitiesFromExportsAreCharacters();
    void unterminatedFenceRunsToTheEnd();
    void fencesInQuotesKeepTheirLines();
    void blocksWithoutTextSitOnTheirOwnLines();
};

void TestMarkdownDocument::commentsInCodeFencesAreNotHeadings()
{
    const auto doc = parse("# Title\n\n```bash\n# Check if PostgreSQL is running\npg_isready\n```\n\n## Next\n");
    const auto headings = blocksOf(doc, MdBlockKind::Heading);
    QCOMPARE(headings.size(), 2);
    QCOMPARE(doc.text(*headings.at(0)), QStringLiteral("Title"));
    QCOMPARE(doc.text(*headings.at(1)), QStringLiteral("Next"));
    const auto code = blocksOf(doc, MdBlockKind::Code);
    QCOMPARE(code.size(), 1);
    QCOMPARE(doc.info(*code.first()), QStringLiteral("bash"));
    QCOMPARE(doc.text(*code.first()), QStringLiteral("# Check if PostgreSQL is running\npg_isready\n"));
}

void TestMarkdownDocument::blocksKnowTheirLines()
{
    const auto doc = parse("# Title\n\nSome *text*\nacross lines.\n\n```sql\nSELECT 1;\n```\n\nSetext\n------\n");
    const auto headings = blocksOf(doc, MdBlockKind::Heading);
    QCOMPARE(headings.first()->firstLine, 1);
    const auto paragraph = blocksOf(doc, MdBlockKind::Paragraph).first();
    QCOMPARE(paragraph->firstLine, 3);
    QCOMPARE(paragraph->lastLine, 4);
    QCOMPARE(doc.text(*paragraph), QStringLiteral("Some text across lines."));
    const auto code = blocksOf(doc, MdBlockKind::Code).first();
    QCOMPARE(code->firstLine, 6); // the opening fence
    QCOMPARE(code->lastLine, 8);  // the closing fence
    QCOMPARE(doc.text(*headings.at(1)), QStringLiteral("Setext"));
    QCOMPARE(headings.at(1)->firstLine, 10);
    QCOMPARE(headings.at(1)->lastLine, 11);
}

void TestMarkdownDocument::tightListItemsGetParagraphs()
{
    const auto doc = parse("- **Symptom**: one\n- two\n\n1. first\n\n2. second\n");
    const auto items = blocksOf(doc, MdBlockKind::ListItem);
    QCOMPARE(items.size(), 4);
    for (const MdBlock *item : items) {
        QVERIFY(item->firstChild >= 0);
        QCOMPARE(doc.block(item->firstChild).kind, MdBlockKind::Paragraph);
    }
    QCOMPARE(doc.text(doc.block(items.at(0)->firstChild)), QStringLiteral("Symptom: one"));
    QCOMPARE(items.at(1)->firstLine, 2);
    const auto lists = blocksOf(doc, MdBlockKind::List);
    QVERIFY(!lists.at(0)->ordered);
    QVERIFY(lists.at(1)->ordered);
    QCOMPARE(lists.at(1)->start, 1);
}

void TestMarkdownDocument::spansCarryTextAndLinks()
{
    const auto doc = parse("Run `redis-cli ping` and see [the guide](redis.md#refused) or **Root Cause**: x\n");
    const MdBlock *p = blocksOf(doc, MdBlockKind::Paragraph).first();
    const MarkdownDocument::Spans spans = doc.spans(*p);
    QCOMPARE(spans.end() - spans.begin(), 3);
    const MdSpan &code = spans.begin()[0];
    QCOMPARE(code.kind, MdSpan::Code);
    QCOMPARE(doc.spanText(*p, code), QStringLiteral("redis-cli ping"));
    const MdSpan &link = spans.begin()[1];
    QCOMPARE(link.kind, MdSpan::Link);
    QCOMPARE(doc.href(link), QStringLiteral("redis.md#refused"));
    QCOMPARE(doc.spanText(*p, link), QStringLiteral("the guide"));
    QCOMPARE(doc.source().columnAt(link.sourceOffset), 31);
    QCOMPARE(spans.begin()[2].kind, MdSpan::Strong);
}

void TestMarkdownDocument::wikiLinksAreLinks_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("href"); // empty: no link
    QTest::addRow("note") << QByteArray("See [[Refund queue]].") << QStringLiteral("Refund queue") << QStringLiteral("Refund queue.md");
    QTest::addRow("heading and label") << QByteArray("See [[Kafka#Consumer lag|the lag notes]].") << QStringLiteral("the lag notes")
                                       << QStringLiteral("Kafka.md#consumer-lag");
    QTest::addRow("heading here") << QByteArray("See [[#Local heading]].") << QStringLiteral("#Local heading") << QStringLiteral("#local-heading");
    QTest::addRow("block reference") << QByteArray("See [[Runbook#^a1b2c3]].") << QStringLiteral("Runbook#^a1b2c3") << QStringLiteral("Runbook.md");
    QTest::addRow("file with extension") << QByteArray("See [[runbook.md]] too.") << QStringLiteral("runbook.md") << QStringLiteral("runbook.md");
    QTest::addRow("dotted name") << QByteArray("See [[v1.2 release notes]].") << QStringLiteral("v1.2 release notes")
                                 << QStringLiteral("v1.2 release notes.md");
    QTest::addRow("shell test") << QByteArray("Run [[ -f /etc/hosts ]] first.") << QString() << QString();
    QTest::addRow("table of contents") << QByteArray("[[_TOC_]]") << QString() << QString();
    QTest::addRow("C++ attribute") << QByteArray("Mark it [[nodiscard]] or [[gnu::cold]].") << QString() << QString();
}

void TestMarkdownDocument::wikiLinksAreLinks()
{
    // Obsidian's links are links to the note's file and its heading's anchor, as a Markdown
    // link to them would be; its text is what the reader sees.
    QFETCH(QByteArray, markdown);
    QFETCH(QString, text);
    QFETCH(QString, href);
    const auto doc = parse(markdown);
    const MdBlock *p = blocksOf(doc, MdBlockKind::Paragraph).first();
    const MarkdownDocument::Spans spans = doc.spans(*p);
    if (href.isEmpty()) {
        // Text, as written.
        QVERIFY(spans.isEmpty());
        QCOMPARE(doc.text(*p), QString::fromUtf8(markdown));
        return;
    }
    QCOMPARE(spans.end() - spans.begin(), 1);
    QCOMPARE(spans.first().kind, MdSpan::Link);
    QCOMPARE(doc.spanText(*p, spans.first()), text);
    QCOMPARE(doc.href(spans.first()), href);
    QVERIFY(!doc.text(*p).contains(QLatin1String("[[")));
}

void TestMarkdownDocument::wikiLinksWrittenAsMarkdown()
{
    // For a renderer that knows no wiki links: each is the Markdown link it stands for; code
    // and everything else stay as written.
    QCOMPARE(MarkdownDocument::withWikiLinksWritten(QStringLiteral("See [[Kafka#Consumer lag|the *lag* notes]] and [[Refund queue]].")),
             QStringLiteral("See [the \\*lag\\* notes](<Kafka.md#consumer-lag>) and [Refund queue](<Refund queue.md>)."));
    QCOMPARE(MarkdownDocument::withWikiLinksWritten(QStringLiteral("[[a]][[#B c]]")), QStringLiteral("[a](<a.md>)[B c](<#b-c>)"));
    // A label left empty shows the note; brackets in a name are escaped inside the destination.
    QCOMPARE(MarkdownDocument::withWikiLinksWritten(QStringLiteral("[[A|]] [[a>b]]")), QStringLiteral("[A](<A.md>) [a\\>b](<a\\>b.md>)"));
    const QString untouched = QStringLiteral("Use `[[Note]]` or\n\n```bash\n[[ -f x ]] && [[Note]]\n```\n\nand [[ -f y ]] and [not](x.md).\n");
    QCOMPARE(MarkdownDocument::withWikiLinksWritten(untouched), untouched);
    // Accents and other characters before a link keep their place.
    QCOMPARE(MarkdownDocument::withWikiLinksWritten(QStringLiteral("Résumé → [[Café]] ✓")), QStringLiteral("Résumé → [Café](<Café.md>) ✓"));
}

void TestMarkdownDocument::infoStringsAndTargetsAsWritten()
{
    // Info strings come without the spaces and tabs around them, as CommonMark says (md4c
    // trims the spaces only); targets keep what they hold, accented or not, each in its own
    // place in the shared pool.
    const auto doc = parse("```   sql   \nSELECT 1;\n```\n\n"
                           "``` bash titre \xc3\xa9t\xc3\xa9\nls\n```\n\n"
                           "```\tcheck\t\ntype: tcp\n```\n\n"
                           "```bash\tprompt\n$ ls\n```\n\n"
                           "See [one](caf\xc3\xa9.md#r\xc3\xa9sum\xc3\xa9) and [two](b.md#x).\n");
    const QList<const MdBlock *> code = blocksOf(doc, MdBlockKind::Code);
    QCOMPARE(code.size(), 4);
    QCOMPARE(doc.info(*code.at(0)), QStringLiteral("sql"));
    QCOMPARE(doc.info(*code.at(1)), QString::fromUtf8("bash titre \xc3\xa9t\xc3\xa9"));
    QCOMPARE(doc.info(*code.at(2)), QStringLiteral("check"));
    QCOMPARE(doc.info(*code.at(3)), QStringLiteral("bash\tprompt"));
    // The language is the first word, ended by a space or a tab.
    QCOMPARE(doc.language(*code.at(0)), QStringLiteral("sql"));
    QCOMPARE(doc.language(*code.at(1)), QStringLiteral("bash"));
    QCOMPARE(doc.language(*code.at(2)), QStringLiteral("check"));
    QCOMPARE(doc.language(*code.at(3)), QStringLiteral("bash"));
    const MdBlock *p = blocksOf(doc, MdBlockKind::Paragraph).first();
    const MarkdownDocument::Spans spans = doc.spans(*p);
    QCOMPARE(spans.end() - spans.begin(), 2);
    QCOMPARE(doc.href(spans.begin()[0]), QString::fromUtf8("caf\xc3\xa9.md#r\xc3\xa9sum\xc3\xa9"));
    QCOMPARE(doc.href(spans.begin()[1]), QStringLiteral("b.md#x"));
}

void TestMarkdownDocument::entitiesFromExportsAreCharacters()
{
    // What Confluence and Word exports write: the characters a reader sees on GitHub.
    QCOMPARE(MarkdownDocument::decodeEntity("&rsquo;"), QString(QChar(0x2019)));
    QCOMPARE(MarkdownDocument::decodeEntity("&times;"), QString(QChar(0x00D7)));
    QCOMPARE(MarkdownDocument::decodeEntity("&ldquo;"), QString(QChar(0x201C)));
    QCOMPARE(MarkdownDocument::decodeEntity("&ge;"), QString(QChar(0x2265)));
    const auto doc = parse("yesterday&rsquo;s load failed &times; 2\n");
    QCOMPARE(doc.text(doc.block(1)), QStringView(u"yesterday\u2019s load failed \u00d7 2"));
    // One it does not know stays as written.
    QCOMPARE(MarkdownDocument::decodeEntity("&notanentity;"), QStringLiteral("&notanentity;"));
}

void TestMarkdownDocument::inlineHtmlIsNoted()
{
    // Raw HTML inside a block is markup: it is not in the block's text, as a reader on GitHub
    // does not see it, but noted with where it stands and where it is in the source. The same
    // characters in code, escaped or as entities are text; a <br> reads as a space.
    const QByteArray source = "# T\n\nA <b>bold</b> word, `<i>`, \\<u>, &lt;s&gt;.\n\n- one<br>two\n  - two</details>\n\nPlain.\n";
    const auto doc = parse(source);
    QList<QString> tags;
    QList<int> places;
    QStringList texts;
    for (int i = 0; i < doc.blocks().size(); ++i) {
        const MdBlock &b = doc.block(i);
        QCOMPARE(b.inlineHtml, !doc.inlineHtml(i).empty());
        if (b.inlineHtml)
            texts.append(doc.text(b).toString());
        for (const MarkdownDocument::InlineHtml &run : doc.inlineHtml(i)) {
            QCOMPARE(run.block, i);
            const QByteArrayView tag = doc.inlineHtmlText(run);
            QCOMPARE(tag, source.mid(run.sourceOffset, run.sourceLength));
            tags.append(QString::fromUtf8(tag));
            places.append(run.at);
        }
    }
    QCOMPARE(tags, (QList<QString>{QStringLiteral("<b>"), QStringLiteral("</b>"), QStringLiteral("<br>"), QStringLiteral("</details>")}));
    QCOMPARE(texts, (QStringList{QStringLiteral("A bold word, <i>, <u>, <s>."), QStringLiteral("one two"), QStringLiteral("two")}));
    QCOMPARE(places, (QList<int>{2, 6, 3, 3}));
}

void TestMarkdownDocument::tablesKeepHeaderRows()
{
    const auto doc = parse("| Error | Cause |\n|---|---|\n| `KeyError` | missing |\n| b | c |\n");
    const auto rows = blocksOf(doc, MdBlockKind::TableRow);
    QCOMPARE(rows.size(), 3);
    QVERIFY(rows.at(0)->header);
    QVERIFY(!rows.at(1)->header);
    QCOMPARE(rows.at(1)->firstLine, 3);
    QCOMPARE(doc.text(doc.block(rows.at(1)->firstChild)), QStringLiteral("KeyError"));
}

void TestMarkdownDocument::pipesEscapedInTableCodeAreUnescaped()
{
    // GFM example 200: a table row is split into cells first, so `\|` is a pipe in code too;
    // the command a reader copies from the cell must not keep the backslash. Outside a table,
    // code keeps every character as written.
    const auto doc = parse("| Error | Fix |\n|---|---|\n| `grep a \\| b` fails | run `cat f \\| sort \\| uniq` |\n\n"
                           "Outside: `x \\| y`\n");
    const auto cells = blocksOf(doc, MdBlockKind::TableCell);
    QCOMPARE(cells.size(), 4);
    QCOMPARE(doc.text(*cells.at(2)), QStringLiteral("grep a | b fails"));
    QCOMPARE(doc.text(*cells.at(3)), QStringLiteral("run cat f | sort | uniq"));
    const MarkdownDocument::Spans spans = doc.spans(*cells.at(3));
    QCOMPARE(spans.end() - spans.begin(), 1);
    QCOMPARE(doc.spanText(*cells.at(3), spans.begin()[0]), QStringLiteral("cat f | sort | uniq"));
    const MdBlock *outside = blocksOf(doc, MdBlockKind::Paragraph).last();
    QCOMPARE(doc.text(*outside), QStringLiteral("Outside: x \\| y"));
}

// Inside a block quote, the fences carry the quote's `>` markers and still count.
void TestMarkdownDocument::fencesInQuotesKeepTheirLines()
{
    const auto doc = parse("# T\n\n> ~~~\n> code\n> ~~~\n\nafter\n");
    const auto code = blocksOf(doc, MdBlockKind::Code);
    QCOMPARE(code.size(), 1);
    QCOMPARE(code.first()->firstLine, 3);
    QCOMPARE(code.first()->lastLine, 5);
}

void TestMarkdownDocument::unterminatedFenceRunsToTheEnd()
{
    const auto doc = parse("# T\n\n```\n# not a heading\n## nor this\n");
    QCOMPARE(blocksOf(doc, MdBlockKind::Heading).size(), 1);
    QCOMPARE(blocksOf(doc, MdBlockKind::Code).first()->lastLine, 5);
}

// md4c reports no text, and so no position, for rules, empty fences and empty headings: they
// still land on the line that holds them, not on the blank line after their previous sibling.
void TestMarkdownDocument::blocksWithoutTextSitOnTheirOwnLines()
{
    const auto doc = parse("# Title\n\nText.\n\n\n\n---\n\n[ref]: https://example.com\n\n```check\n```\n\n> quoted\n>\n> ***\n\n##\n\n~~~\n\n~~~\n");
    const auto rules = blocksOf(doc, MdBlockKind::Rule);
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules.at(0)->firstLine, 7);
    QCOMPARE(rules.at(0)->lastLine, 7);
    QCOMPARE(rules.at(1)->firstLine, 16); // inside the quote, past its `>` markers
    const auto code = blocksOf(doc, MdBlockKind::Code);
    QCOMPARE(code.size(), 2);
    QCOMPARE(doc.info(*code.at(0)), QStringLiteral("check"));
    QCOMPARE(code.at(0)->firstLine, 11); // past a link reference definition, which makes no block
    QCOMPARE(code.at(0)->lastLine, 12);
    QCOMPARE(code.at(1)->firstLine, 20);
    QCOMPARE(code.at(1)->lastLine, 22);
    const auto headings = blocksOf(doc, MdBlockKind::Heading);
    QCOMPARE(headings.size(), 2);
    QCOMPARE(headings.at(1)->firstLine, 18);
}

QTEST_GUILESS_MAIN(TestMarkdownDocument)
#include "TestMarkdownDocument.moc"
