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
    void tablesKeepHeaderRows();
    void unterminatedFenceRunsToTheEnd();
};

void TestMarkdownDocument::commentsInCodeFencesAreNotHeadings()
{
    const auto doc = parse("# Title\n\n```bash\n# Check if PostgreSQL is running\npg_isready\n```\n\n## Next\n");
    const auto headings = blocksOf(doc, MdBlockKind::Heading);
    QCOMPARE(headings.size(), 2);
    QCOMPARE(headings.at(0)->text, QStringLiteral("Title"));
    QCOMPARE(headings.at(1)->text, QStringLiteral("Next"));
    const auto code = blocksOf(doc, MdBlockKind::Code);
    QCOMPARE(code.size(), 1);
    QCOMPARE(code.first()->info, QStringLiteral("bash"));
    QCOMPARE(code.first()->text, QStringLiteral("# Check if PostgreSQL is running\npg_isready\n"));
}

void TestMarkdownDocument::blocksKnowTheirLines()
{
    const auto doc = parse("# Title\n\nSome *text*\nacross lines.\n\n```sql\nSELECT 1;\n```\n\nSetext\n------\n");
    const auto headings = blocksOf(doc, MdBlockKind::Heading);
    QCOMPARE(headings.first()->firstLine, 1);
    const auto paragraph = blocksOf(doc, MdBlockKind::Paragraph).first();
    QCOMPARE(paragraph->firstLine, 3);
    QCOMPARE(paragraph->lastLine, 4);
    QCOMPARE(paragraph->text, QStringLiteral("Some text across lines."));
    const auto code = blocksOf(doc, MdBlockKind::Code).first();
    QCOMPARE(code->firstLine, 6); // the opening fence
    QCOMPARE(code->lastLine, 8);  // the closing fence
    QCOMPARE(headings.at(1)->text, QStringLiteral("Setext"));
    QCOMPARE(headings.at(1)->firstLine, 10);
    QCOMPARE(headings.at(1)->lastLine, 11);
}

void TestMarkdownDocument::tightListItemsGetParagraphs()
{
    const auto doc = parse("- **Symptom**: one\n- two\n\n1. first\n\n2. second\n");
    const auto items = blocksOf(doc, MdBlockKind::ListItem);
    QCOMPARE(items.size(), 4);
    for (const MdBlock *item : items) {
        QVERIFY(!item->children.isEmpty());
        QCOMPARE(doc.block(item->children.first()).kind, MdBlockKind::Paragraph);
    }
    QCOMPARE(doc.block(items.at(0)->children.first()).text, QStringLiteral("Symptom: one"));
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
    QCOMPARE(p->spans.size(), 3);
    const MdSpan &code = p->spans.at(0);
    QCOMPARE(code.kind, MdSpan::Code);
    QCOMPARE(p->text.mid(code.begin, code.end - code.begin), QStringLiteral("redis-cli ping"));
    const MdSpan &link = p->spans.at(1);
    QCOMPARE(link.kind, MdSpan::Link);
    QCOMPARE(link.href, QStringLiteral("redis.md#refused"));
    QCOMPARE(p->text.mid(link.begin, link.end - link.begin), QStringLiteral("the guide"));
    QCOMPARE(doc.source().columnAt(link.sourceOffset), 31);
    QCOMPARE(p->spans.at(2).kind, MdSpan::Strong);
}

void TestMarkdownDocument::tablesKeepHeaderRows()
{
    const auto doc = parse("| Error | Cause |\n|---|---|\n| `KeyError` | missing |\n| b | c |\n");
    const auto rows = blocksOf(doc, MdBlockKind::TableRow);
    QCOMPARE(rows.size(), 3);
    QVERIFY(rows.at(0)->header);
    QVERIFY(!rows.at(1)->header);
    QCOMPARE(rows.at(1)->firstLine, 3);
    QCOMPARE(doc.block(rows.at(1)->children.first()).text, QStringLiteral("KeyError"));
}

void TestMarkdownDocument::unterminatedFenceRunsToTheEnd()
{
    const auto doc = parse("# T\n\n```\n# not a heading\n## nor this\n");
    QCOMPARE(blocksOf(doc, MdBlockKind::Heading).size(), 1);
    QCOMPARE(blocksOf(doc, MdBlockKind::Code).first()->lastLine, 5);
}

QTEST_GUILESS_MAIN(TestMarkdownDocument)
#include "TestMarkdownDocument.moc"
