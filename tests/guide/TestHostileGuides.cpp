#include "TestSupport.h"
#include "checks/CommandRecognizer.h"
#include "checks/Condition.h"
#include "guide/GuideImporter.h"
#include "lint/GuideLinter.h"

#include <QProcess>
#include <QTest>

using namespace triage;
using namespace triage::test;

// Guides nobody should write, which must still neither crash nor hang Triage.
class TestHostileGuides : public QObject {
    Q_OBJECT
private slots:
    void longChainsOfStepsLintAndPrint();
    void deepNestingImports();
    void nestedLabelledListsImport();
    void hugeCommandLines();
    void nestedLenIsRejected();
    void ruleAtTheTopIsNotFrontMatter();
    void mojibakeQuotedInCodeStays();
};

void TestHostileGuides::longChainsOfStepsLintAndPrint()
{
    // 20,000 steps, each linking to the next: recursion over edges would overflow the stack.
    QByteArray text = "---\ntriage: 1\nid: chain\n---\n# Chain\n\n### Question: Start?\n\n- [a](#info-step-0)\n- [b](#info-step-0)\n\n";
    const int steps = 20000;
    for (int i = 0; i < steps; ++i)
        text += "### Info: Step " + QByteArray::number(i) + "\n\n[next](#info-step-" + QByteArray::number((i + 1) % steps) + ")\n\n";
    GuideFiles files;
    const QString path = files.write(QStringLiteral("chain.md"), text);
    const Guide g = GuideImporter::importFile(path);
    QCOMPARE(g.nodesOfKind(NodeKind::Info).size(), steps);
    const GuideDiagnostics all = GuideLinter::lint(g);
    bool cycle = false;
    for (const GuideDiagnostic &d : all)
        cycle = cycle || d.code == QLatin1String("cycle");
    QVERIFY(cycle); // the chain closes on itself with no way out
    QProcess tree;
    tree.start(triageExecutable(), {QStringLiteral("tree"), path});
    QVERIFY(tree.waitForFinished(60000));
    QCOMPARE(tree.exitCode(), 0);
    const QByteArray out = tree.readAllStandardOutput();
    QVERIFY(out.contains("deeper steps not shown"));
    QVERIFY(out.size() < 200 * 1024);
}

void TestHostileGuides::deepNestingImports()
{
    QByteArray text = "# T\n\n" + QByteArray(100000, '>') + " deep\n\n";
    for (int i = 0; i < 2000; ++i)
        text += QByteArray(i * 2, ' ') + "- item\n";
    const Guide g = importText(text);
    QCOMPARE(g.root().title, QStringLiteral("T"));
}

void TestHostileGuides::nestedLabelledListsImport()
{
    QByteArray text = "### Issue: Deep\n\n";
    for (int i = 0; i < 400; ++i)
        text += QByteArray(i * 2, ' ') + "- **Problem**: level " + QByteArray::number(i) + "\n";
    const Guide g = importText(text);
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Deep")));
}

void TestHostileGuides::hugeCommandLines()
{
    // One 200 KB diagnosis line: tokenising it must stay linear in time and memory.
    QString line = QStringLiteral("echo");
    for (int i = 0; i < 100000; ++i)
        line += QStringLiteral(" a");
    QVERIFY(!CommandRecognizer::recogniseShell(line).has_value());
    QCOMPARE(CommandRecognizer::shellWords(line).size(), 100001);
}

void TestHostileGuides::nestedLenIsRejected()
{
    QString text = QStringLiteral("[STATUS]");
    for (int i = 0; i < 100000; ++i)
        text = QStringLiteral("len(") + text + QLatin1Char(')');
    const Condition c = Condition::parse(text);
    QVERIFY(!c.isValid());
    QVERIFY(c.error().contains(QStringLiteral("len() takes a [PLACEHOLDER]")));
}

void TestHostileGuides::ruleAtTheTopIsNotFrontMatter()
{
    const Guide g = importText("---\n\n# Intro\n\nSome text.\n\n---\n\n## Next\n");
    QCOMPARE(g.title, QStringLiteral("Intro"));
    QCOMPARE(g.body(g.root()), QStringLiteral("Some text."));
    QVERIFY(g.diagnostics.isEmpty());
}

void TestHostileGuides::mojibakeQuotedInCodeStays()
{
    const Guide g = importText("# Encodings\n\nThe API returns `Ã©` instead of `é` when misconfigured.\n");
    QVERIFY2(g.body(g.root()).contains(QStringLiteral("`\u00c3\u00a9`")), qPrintable(g.body(g.root())));
    QVERIFY(g.diagnostics.isEmpty());
}

QTEST_GUILESS_MAIN(TestHostileGuides)
#include "TestHostileGuides.moc"
