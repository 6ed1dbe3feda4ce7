#include "TestSupport.h"
#include "checks/CheckCatalog.h"
#include "guide/GuideImporter.h"
#include "guide/GuideLibrary.h"
#include "lint/GuideLinter.h"
#include "search/SearchIndex.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace triage;
using namespace triage::test;

class TestBundledGuides : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void lintClean();
    void lintCleanAsBundledInTheApp();
    void coverTheFailureAreas();
    void branchOnCheckResults();
    void useManyCheckTypes();
    void everyIssueIsFindable();
    void formatExampleIsComplete();
    void allAreBundledInTheApp();
    void holdNoSecrets();

private:
    QStringList m_files;
    GuideLibrary m_library;
};

void TestBundledGuides::initTestCase()
{
    m_files = QDir(guidesDir()).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    m_files.removeAll(QStringLiteral("FORMAT.md"));
    QStringList paths;
    for (const QString &f : std::as_const(m_files))
        paths.append(QDir(guidesDir()).filePath(f));
    m_library = GuideLibrary::load(paths);
}

void TestBundledGuides::lintClean()
{
    QList<Guide> guides = m_library.guides();
    guides.append(GuideImporter::importFile(QDir(guidesDir()).filePath(QStringLiteral("FORMAT.md"))));
    const GuideDiagnostics all = GuideLinter::lint(guides);
    QStringList lines;
    for (const GuideDiagnostic &d : all)
        lines.append(d.toString());
    QVERIFY2(all.isEmpty(), qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestBundledGuides::lintCleanAsBundledInTheApp()
{
    // The app reads its guides from Qt resources (":/guides/…"), where links between them must
    // resolve as they do on disk.
    const GuideLibrary bundled = GuideLibrary::loadBundled();
    QCOMPARE(bundled.guides().size(), m_library.guides().size());
    qsizetype crossGuideLinks = 0;
    for (const Guide &g : bundled.guides()) {
        QVERIFY2(g.path.startsWith(GuideLibrary::bundledLocation()), qPrintable(g.path));
        for (const GuideEdge &e : g.edges)
            crossGuideLinks += e.isCrossGuide() ? 1 : 0;
    }
    QVERIFY(crossGuideLinks > 10);
    const GuideDiagnostics all = GuideLinter::lint(bundled.guides());
    QStringList lines;
    for (const GuideDiagnostic &d : all)
        lines.append(d.toString());
    QVERIFY2(all.isEmpty(), qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestBundledGuides::coverTheFailureAreas()
{
    QVERIFY(m_library.size() >= 8);
    QStringList text;
    for (const Guide &g : m_library.guides()) {
        QVERIFY2(g.explicitFormat, qPrintable(g.path));
        text.append(g.title);
        for (const GuideNode *issue : g.nodesOfKind(NodeKind::Issue))
            text.append(issue->title);
    }
    const QString all = text.join(QLatin1Char('\n'));
    for (const char *area : {"port", "dependency", "Environment variables", "PostgreSQL refuses", "runs out of connections",
                             "Queries are slow", "Redis refuses", "hit rate", "out of memory", "health endpoint", "token",
                             "Docker", "Kubernetes", "Kafka", "Consumer lag", "slow", "Memory"})
        QVERIFY2(all.contains(QLatin1String(area), Qt::CaseInsensitive), area);
}

void TestBundledGuides::branchOnCheckResults()
{
    // Every guide but the index starts its issues with a check whose result picks the next step.
    for (const Guide &g : m_library.guides()) {
        int branchingChecks = 0;
        for (const GuideNode *check : g.nodesOfKind(NodeKind::Check)) {
            QStringList labels;
            for (const GuideEdge *e : g.outgoing(check->id)) {
                if (e->kind == GuideEdge::Kind::Branch)
                    labels.append(e->label);
            }
            if (labels.contains(QStringLiteral("pass")) && labels.contains(QStringLiteral("fail")))
                ++branchingChecks;
        }
        int questions = 0;
        for (const GuideNode *q : g.nodesOfKind(NodeKind::Question)) {
            int answers = 0;
            for (const GuideEdge *e : g.outgoing(q->id))
                answers += e->kind == GuideEdge::Kind::Answer ? 1 : 0;
            QVERIFY2(answers >= 2, qPrintable(q->title));
            ++questions;
        }
        if (g.id == QLatin1String("index")) {
            QVERIFY(questions >= 1);
            continue;
        }
        if (g.id == QLatin1String("tour")) {
            // The tour teaches the app with two live checks and a question, not a failure area.
            QVERIFY(branchingChecks >= 2);
            QVERIFY(questions >= 1);
            continue;
        }
        QVERIFY2(branchingChecks >= 3, qPrintable(QStringLiteral("%1: %2 branching checks").arg(g.path).arg(branchingChecks)));
        for (const GuideNode *issue : g.nodesOfKind(NodeKind::Issue)) {
            bool starts = false;
            for (const GuideEdge *e : g.outgoing(issue->id)) {
                const GuideNode *first = g.node(e->to);
                starts = starts || (e->kind == GuideEdge::Kind::Start && first
                                    && (first->kind == NodeKind::Check || first->kind == NodeKind::Question));
            }
            QVERIFY2(starts, qPrintable(issue->title));
        }
    }
}

void TestBundledGuides::useManyCheckTypes()
{
    QSet<QString> used;
    for (const Guide &g : m_library.guides()) {
        for (const GuideNode &n : g.nodes) {
            for (const CheckSpec &c : n.checks) {
                used.insert(c.type);
                QVERIFY2(CheckCatalog::validate(c).isEmpty(), qPrintable(n.title));
            }
        }
    }
    for (const char *type : {"tcp", "http", "postgres", "redis", "port", "env", "dotenv", "file", "dns", "jwt", "prometheus", "kafka", "system", "keychain"})
        QVERIFY2(used.contains(QLatin1String(type)), type);
}

void TestBundledGuides::everyIssueIsFindable()
{
    // Each issue's first symptom, pasted as it is, finds that issue first.
    SearchIndex index;
    for (const Guide &g : m_library.guides())
        index.addGuide(g);
    int checked = 0;
    for (const Guide &g : m_library.guides()) {
        for (const GuideNode *issue : g.nodesOfKind(NodeKind::Issue)) {
            const GuideNode *symptom = nullptr;
            for (const GuideNode *c : g.children(issue->id)) {
                if (c->kind == NodeKind::Symptom && !symptom)
                    symptom = c;
            }
            if (g.id == QLatin1String("index"))
                continue;
            QVERIFY2(symptom, qPrintable(issue->title));
            const QList<SearchHit> hits = index.find(symptom->title, 3);
            QVERIFY2(!hits.isEmpty() && hits.first().nodeId == issue->id && hits.first().guideId == g.id,
                     qPrintable(QStringLiteral("%1 -> %2").arg(symptom->title, hits.isEmpty() ? QString() : hits.first().title)));
            ++checked;
        }
    }
    QVERIFY(checked >= 25);
}

void TestBundledGuides::formatExampleIsComplete()
{
    // The complete example in FORMAT.md is a guide of its own; it must import and lint clean.
    QFile f(QDir(guidesDir()).filePath(QStringLiteral("FORMAT.md")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    const qsizetype start = text.indexOf(QStringLiteral("## A complete example"));
    const qsizetype open = text.indexOf(QStringLiteral("````markdown\n"), start);
    const qsizetype close = text.indexOf(QStringLiteral("\n````\n"), open);
    QVERIFY(start > 0 && open > start && close > open);
    const qsizetype body = open + int(qstrlen("````markdown\n"));
    const QByteArray example = text.mid(body, close + 1 - body).toUtf8();
    const Guide g = importText(example, QStringLiteral("example.md"));
    const GuideDiagnostics all = GuideLinter::lint(g);
    QVERIFY2(all.isEmpty(), qPrintable(all.value(0).toString()));
    QVERIFY(g.explicitFormat);
    QVERIFY(!g.nodesOfKind(NodeKind::Check).isEmpty());
    QVERIFY(!g.nodesOfKind(NodeKind::Question).isEmpty());
    QVERIFY(!g.nodesOfKind(NodeKind::Outcome).isEmpty());
}

void TestBundledGuides::allAreBundledInTheApp()
{
    QFile qrc(sourceDir() + QStringLiteral("/resources/triage.qrc"));
    QVERIFY(qrc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(qrc.readAll());
    for (const QString &f : std::as_const(m_files))
        QVERIFY2(text.contains(QStringLiteral("alias=\"%1\">../guides/%1<").arg(f)), qPrintable(f));
}

void TestBundledGuides::holdNoSecrets()
{
    static const QRegularExpression secret(QStringLiteral(
        "(password|passwd|secret|token)\\s*[:=]\\s*['\"]?[A-Za-z0-9+/_-]{8,}|eyJ[A-Za-z0-9_-]{10,}\\.|://[A-Za-z0-9._-]+:[^@\\s$<()\\[\\]*]+@"),
        QRegularExpression::CaseInsensitiveOption);
    for (const QString &f : std::as_const(m_files)) {
        QFile file(QDir(guidesDir()).filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const auto m = secret.match(text);
        QVERIFY2(!m.hasMatch(), qPrintable(f + QStringLiteral(": ") + m.captured(0)));
    }
}

QTEST_GUILESS_MAIN(TestBundledGuides)
#include "TestBundledGuides.moc"
