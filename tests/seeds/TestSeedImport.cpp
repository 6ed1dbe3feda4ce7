#include "SeedMain.h"
#include "TestSupport.h"
#include "guide/GuideImporter.h"
#include "lint/GuideLinter.h"

#include <QFile>
#include <QRegularExpression>

using namespace triage;
using namespace triage::test;

namespace {

Guide importSeed(const QString &prefix)
{
    const QString path = seedFile(prefix);
    if (path.isEmpty())
        qFatal("seed %s is missing from %s", qPrintable(prefix), qPrintable(seedsDir()));
    return GuideImporter::importFile(path);
}

QStringList titles(const QList<const GuideNode *> &nodes)
{
    QStringList result;
    for (const GuideNode *n : nodes)
        result.append(n->title);
    return result;
}

QList<const GuideNode *> checksUnder(const Guide &g, const QString &issueId)
{
    QList<const GuideNode *> checks;
    for (const GuideNode *d : childrenOfKind(g, issueId, NodeKind::Diagnosis))
        checks += childrenOfKind(g, d->id, NodeKind::Check);
    return checks;
}

const GuideNode *issue(const Guide &g, const QString &title)
{
    for (const GuideNode *n : g.nodesOfKind(NodeKind::Issue)) {
        if (n->title == title)
            return n;
    }
    return nullptr;
}

bool anyTextContains(const Guide &g, const QString &needle)
{
    for (const GuideNode &n : g.nodes) {
        if (n.title.contains(needle) || g.body(n).contains(needle))
            return true;
    }
    return false;
}

// What a reader sees in seed 003, read straight from its text: for each "### Issue:"
// heading, its title and the labels under it. An oracle independent of the importer.
struct ExpectedIssue {
    QString title;
    int line = 0;
    int symptoms = 0;
    int diagnoses = 0;
    QStringList solutionLabels;
    int causes = 0;
    QString firstSymptomLine;
};

QList<ExpectedIssue> readIssueHeadings(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    static const QRegularExpression solution(QStringLiteral("^\\*\\*(Solution(?: \\d+)?)\\*\\*:"));
    QList<ExpectedIssue> issues;
    bool inFence = false;
    bool wantSymptomLine = false;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &l = lines.at(i);
        if (l.startsWith(QLatin1String("```"))) {
            inFence = !inFence;
            continue;
        }
        if (inFence) {
            if (wantSymptomLine && !l.trimmed().isEmpty()) {
                issues.last().firstSymptomLine = l.simplified();
                wantSymptomLine = false;
            }
            continue;
        }
        if (l.startsWith(QLatin1String("## ")))
            wantSymptomLine = false;
        if (l.startsWith(QLatin1String("### Issue: "))) {
            ExpectedIssue e;
            e.title = l.mid(11).trimmed();
            e.line = i + 1;
            issues.append(e);
            continue;
        }
        if (issues.isEmpty())
            continue;
        if (l.startsWith(QLatin1String("**Symptom**:"))) {
            ++issues.last().symptoms;
            wantSymptomLine = true;
        }
        if (l.startsWith(QLatin1String("**Diagnosis**:")))
            ++issues.last().diagnoses;
        if (l.startsWith(QLatin1String("**Root Cause**:")))
            ++issues.last().causes;
        if (const auto m = solution.match(l); m.hasMatch())
            issues.last().solutionLabels.append(m.captured(1));
    }
    return issues;
}

} // namespace

class TestSeedImport : public QObject {
    Q_OBJECT
private slots:
    void seed000();
    void seed001();
    void seed002();
    void seed003IssueHeadings();
    void seed003ErrorTables();
    void seed003Checks();
    void seed003Anchors();
    void seed004();
    void seedsLint();
};

void TestSeedImport::seed000()
{
    // Bold-labelled advice under area headings, and text double-encoded by a chat tool.
    const Guide g = importSeed(QStringLiteral("000"));
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("Database (DB) Errors"), QStringLiteral("Authentication (Auth) Errors"),
                          QStringLiteral("Agent Errors"), QStringLiteral("Import Errors"), QStringLiteral("Docker Issues"),
                          QStringLiteral("Async Pitfalls")}));
    const GuideNode *db = issue(g, QStringLiteral("Database (DB) Errors"));
    const auto steps = childrenOfKind(g, db->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), (QStringList{QStringLiteral("Connection parameters"), QStringLiteral("Network/firewall"),
                                         QStringLiteral("Permissions")}));
    QCOMPARE(titles(childrenOfKind(g, db->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Migrations"), QStringLiteral("SSL/Encryption")}));
    const auto dotenv = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(dotenv.size(), 1);
    QCOMPARE(dotenv.first()->checks.first().type, QStringLiteral("dotenv"));
    QCOMPARE(dotenv.first()->checks.first().params.value(QStringLiteral("keys")).toStringList(),
             (QStringList{QStringLiteral("DB_HOST"), QStringLiteral("DB_PORT"), QStringLiteral("DB_NAME"),
                          QStringLiteral("DB_USER"), QStringLiteral("DB_PASSWORD")}));
    const auto agentChecks = checksUnder(g, issue(g, QStringLiteral("Agent Errors"))->id);
    QCOMPARE(titles(agentChecks), (QStringList{QStringLiteral("AZURE_OPENAI_API_KEY is set"), QStringLiteral("OPENAI_API_KEY is set")}));
    const GuideNode *docker = issue(g, QStringLiteral("Docker Issues"));
    const auto dockerSolutions = childrenOfKind(g, docker->id, NodeKind::Solution);
    QVERIFY(titles(dockerSolutions).contains(QStringLiteral("Build caching")));
    QVERIFY(dockerSolutions.first()->commands.contains(QStringLiteral("docker-compose build --no-cache")));
    // "Perfect â€” letâ€™s" reads as "Perfect — let’s".
    QVERIFY2(g.body(g.root()).startsWith(QStringLiteral("Perfect \u2014 let\u2019s make your")), qPrintable(g.body(g.root()).left(60)));
    QVERIFY(!anyTextContains(g, QStringLiteral("\u00e2\u20ac")));
    QVERIFY(!anyTextContains(g, QStringLiteral("\u00f0\u0178")));
}

void TestSeedImport::seed001()
{
    // Numbered issue headings with "#### Symptoms" and "#### Solutions" under them.
    const Guide g = importSeed(QStringLiteral("001"));
    const QStringList expected{QStringLiteral("Database Connection Issues"), QStringLiteral("Authentication Problems"),
                               QStringLiteral("Cache Issues"), QStringLiteral("Performance Issues"), QStringLiteral("API Error Handling")};
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)), expected);
    for (const QString &title : expected) {
        const GuideNode *n = issue(g, title);
        QCOMPARE(g.parent(n->id)->title, QStringLiteral("Common Issues and Solutions"));
        QCOMPARE(childrenOfKind(g, n->id, NodeKind::Symptom).size(), 3);
        const auto solutions = childrenOfKind(g, n->id, NodeKind::Solution);
        QCOMPARE(solutions.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(solutions.at(i)->order, i + 1);
    }
    const GuideNode *db = issue(g, QStringLiteral("Database Connection Issues"));
    QCOMPARE(titles(childrenOfKind(g, db->id, NodeKind::Symptom)),
             (QStringList{QStringLiteral("API returns 500 error with database connection message"),
                          QStringLiteral("Alembic migrations fail"), QStringLiteral("Slow query performance")}));
    const auto solutions = childrenOfKind(g, db->id, NodeKind::Solution);
    QCOMPARE(solutions.first()->title, QStringLiteral("Check Database Connection"));
    QVERIFY(solutions.first()->commands.contains(QStringLiteral("psql -h localhost -U user -d ariesone")));
    // The guide has solutions only: nothing in it may run.
    QVERIFY(g.nodesOfKind(NodeKind::Check).isEmpty());
}

void TestSeedImport::seed002()
{
    // An index page: bold links to other guides, each followed by Problem/Root Cause/Solution.
    const Guide g = importSeed(QStringLiteral("002"));
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(issues),
             (QStringList{QStringLiteral("Async Testing Greenlet Errors"), QStringLiteral("CI Test Failures - TrustedHost Middleware"),
                          QStringLiteral("Environment Directory Docker Mount Issue"), QStringLiteral("Test Infrastructure Fixture Errors"),
                          QStringLiteral("Smoke Test Caplog Solution"), QStringLiteral("Smoke Test CI Debugging Journey")}));
    const GuideNode *env = issue(g, QStringLiteral("Environment Directory Docker Mount Issue"));
    QCOMPARE(titles(childrenOfKind(g, env->id, NodeKind::Symptom)), QStringList{QStringLiteral("Docker mount failure when .env is a directory")});
    QCOMPARE(titles(childrenOfKind(g, env->id, NodeKind::Cause)), QStringList{QStringLiteral("Directory created at .env path instead of file")});
    QCOMPARE(childrenOfKind(g, env->id, NodeKind::Solution).size(), 1);
    for (const GuideNode *n : issues) {
        bool linked = false;
        for (const GuideEdge *e : g.outgoing(n->id))
            linked = linked || (e->isCrossGuide() && e->to.endsWith(QLatin1String(".md")));
        QVERIFY2(linked, qPrintable(n->title));
    }
    // Only the index was shared: every linked guide is missing, and each is reported where it is linked.
    QSet<QString> missing;
    for (const GuideDiagnostic &d : g.diagnostics) {
        if (d.code == QLatin1String("missing-file")) {
            QVERIFY(d.location.line > 0);
            missing.insert(d.message.section(QLatin1Char('`'), 1, 1));
        }
    }
    for (const char *file : {"async-testing-greenlet-errors.md", "ci-test-failures-trustedhost.md", "env-directory-docker-mount-issue.md",
                             "test-infrastructure-fixture-errors.md", "smoke-test-caplog-solution.md",
                             "smoke-test-ci-debugging-journey.md", "../../testing/index.md", "../index.md"})
        QVERIFY2(missing.contains(QLatin1String(file)), file);
    // "troubleshooting-template.md" is prose, not a link.
    QVERIFY(!missing.contains(QStringLiteral("troubleshooting-template.md")));
}

void TestSeedImport::seed003IssueHeadings()
{
    const QString path = seedFile(QStringLiteral("003"));
    const Guide g = GuideImporter::importFile(path);
    const QList<ExpectedIssue> expected = readIssueHeadings(path);
    QCOMPARE(expected.size(), 23);
    for (const ExpectedIssue &e : expected) {
        const GuideNode *n = nullptr;
        for (const GuideNode *candidate : g.nodesOfKind(NodeKind::Issue)) {
            if (candidate->location.line == e.line)
                n = candidate;
        }
        QVERIFY2(n, qPrintable(e.title));
        QCOMPARE(n->title, e.title);
        QCOMPARE(g.parent(n->id)->kind, NodeKind::Section);
        const auto symptoms = childrenOfKind(g, n->id, NodeKind::Symptom);
        QCOMPARE(symptoms.size(), e.symptoms);
        QCOMPARE(symptoms.first()->title, e.firstSymptomLine);
        QCOMPARE(childrenOfKind(g, n->id, NodeKind::Diagnosis).size(), e.diagnoses);
        const auto solutions = childrenOfKind(g, n->id, NodeKind::Solution);
        QVERIFY2(solutions.size() == e.solutionLabels.size(),
                 qPrintable(QStringLiteral("%1: %2 solutions, expected %3").arg(e.title).arg(solutions.size()).arg(e.solutionLabels.size())));
        for (int i = 0; i < solutions.size(); ++i) {
            QCOMPARE(solutions.at(i)->order, i + 1);
            QVERIFY(!g.body(*solutions.at(i)).isEmpty());
        }
        QCOMPARE(childrenOfKind(g, n->id, NodeKind::Cause).size(), e.causes);
    }
    const GuideNode *port = issue(g, QStringLiteral("\"Address already in use\" (Port Conflict)"));
    QCOMPARE(titles(childrenOfKind(g, port->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Kill the process"), QStringLiteral("Change port")}));
    QCOMPARE(childrenOfKind(g, port->id, NodeKind::Cause).first()->title,
             QStringLiteral("Previous instance not properly terminated, or another service using the port."));
}

void TestSeedImport::seed003ErrorTables()
{
    const Guide g = importSeed(QStringLiteral("003"));
    QStringList rows;
    for (const char *section : {"Python Errors", "SQL Errors"}) {
        const GuideNode *s = findNode(g, NodeKind::Section, QLatin1String(section));
        QVERIFY(s);
        for (const GuideNode *row : childrenOfKind(g, s->id, NodeKind::Issue)) {
            rows.append(row->title);
            QCOMPARE(childrenOfKind(g, row->id, NodeKind::Symptom).size(), 1);
            QCOMPARE(childrenOfKind(g, row->id, NodeKind::Cause).size(), 1);
            QCOMPARE(childrenOfKind(g, row->id, NodeKind::Solution).size(), 1);
        }
    }
    QCOMPARE(rows.size(), 9);
    QVERIFY(rows.contains(QStringLiteral("ModuleNotFoundError: No module named 'X'")));
    QVERIFY(rows.contains(QStringLiteral("duplicate key value violates unique constraint")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 23 + 9);
}

void TestSeedImport::seed003Checks()
{
    const Guide g = importSeed(QStringLiteral("003"));
    // type, then the parameters that say what the check targets
    auto specs = [&](const QString &title) {
        QStringList result;
        for (const GuideNode *c : checksUnder(g, issue(g, title)->id)) {
            const CheckSpec &s = c->checks.first();
            QString port = s.param(QStringLiteral("port"));
            QStringList parts{s.type};
            for (const char *key : {"mode", "command", "section"}) {
                if (!s.param(QLatin1String(key)).isEmpty())
                    parts.append(s.param(QLatin1String(key)));
            }
            if (!s.param(QStringLiteral("host")).isEmpty() || !port.isEmpty())
                parts.append(s.param(QStringLiteral("host")) + (port.isEmpty() ? QString() : QLatin1Char(':') + port));
            for (const char *key : {"query", "path", "name"}) {
                if (!s.param(QLatin1String(key)).isEmpty())
                    parts.append(s.param(QLatin1String(key)).simplified());
            }
            result.append(parts.join(QLatin1Char(' ')));
        }
        return result;
    };
    QCOMPARE(specs(QStringLiteral("\"Address already in use\" (Port Conflict)")),
             (QStringList{QStringLiteral("port :8000"), QStringLiteral("port :8000")}));
    QCOMPARE(specs(QStringLiteral("\"Connection Refused\" (PostgreSQL)")),
             (QStringList{QStringLiteral("postgres ready localhost:5432"), QStringLiteral("postgres connect localhost")}));
    QCOMPARE(specs(QStringLiteral("\"Too Many Connections\"")),
             (QStringList{QStringLiteral("postgres query SELECT count(*) FROM pg_stat_activity"),
                          QStringLiteral("postgres query SHOW max_connections"),
                          QStringLiteral("postgres query SELECT datname, count(*) FROM pg_stat_activity GROUP BY datname")}));
    QCOMPARE(specs(QStringLiteral("Environment Variables Not Loaded")),
             (QStringList{QStringLiteral("file .env"), QStringLiteral("env DATABASE_URL"), QStringLiteral("env DATABASE")}));
    QCOMPARE(specs(QStringLiteral("Redis Connection Refused")), QStringList{QStringLiteral("redis PING")});
    QCOMPARE(specs(QStringLiteral("Cache Miss Rate Too High")),
             (QStringList{QStringLiteral("redis INFO stats"), QStringLiteral("redis INFO stats")}));
    QCOMPARE(specs(QStringLiteral("CoinAPI Rate Limit Exceeded")),
             (QStringList{QStringLiteral("http"), QStringLiteral("redis GET rate_limit:coinapi:requests")}));
    QCOMPARE(specs(QStringLiteral("Kafka Connection Refused")), QStringList{QStringLiteral("kafka localhost:9092")});
    // Python snippets under a diagnosis are read, never run.
    QVERIFY(specs(QStringLiteral("Prediction Generation Fails")).isEmpty());

    const GuideNode *pg = checksUnder(g, issue(g, QStringLiteral("\"Connection Refused\" (PostgreSQL)"))->id).last();
    QCOMPARE(pg->checks.first().param(QStringLiteral("user")), QStringLiteral("postgres"));
    QCOMPARE(pg->checks.first().param(QStringLiteral("dbname")), QStringLiteral("rwa_prime"));
    QCOMPARE(pg->title, QStringLiteral("Test connection"));

    const GuideNode *health = findNode(g, NodeKind::Diagnosis, QStringLiteral("Health Check Endpoints"));
    QStringList urls;
    for (const GuideNode *c : childrenOfKind(g, health->id, NodeKind::Check))
        urls.append(c->checks.first().param(QStringLiteral("url")));
    QCOMPARE(urls, (QStringList{QStringLiteral("http://localhost:8000/health"), QStringLiteral("http://localhost:8000/health/db"),
                                QStringLiteral("http://localhost:8000/health/redis"), QStringLiteral("http://localhost:8000/health/kafka"),
                                QStringLiteral("http://localhost:8000/health/detailed")}));
    // No solution anywhere is runnable.
    for (const GuideNode *s : g.nodesOfKind(NodeKind::Solution)) {
        QVERIFY(s->checks.isEmpty());
        QVERIFY(childrenOfKind(g, s->id, NodeKind::Check).isEmpty());
    }
}

void TestSeedImport::seed003Anchors()
{
    // The table of contents links resolve to the sections, the code comments are not headings,
    // and the Mac Roman emoji are repaired.
    const Guide g = importSeed(QStringLiteral("003"));
    for (const GuideDiagnostic &d : g.diagnostics)
        QVERIFY2(d.code != QLatin1String("dangling-anchor"), qPrintable(d.toString()));
    const GuideNode *toc = findNode(g, NodeKind::Info, QStringLiteral("Table of Contents"));
    QVERIFY(toc);
    QStringList targets;
    for (const GuideEdge *e : g.outgoing(toc->id))
        targets.append(e->to);
    QCOMPARE(targets.size(), 16);
    QVERIFY(targets.contains(QStringLiteral("kafkamessage-queue-issues")));
    QVERIFY(targets.contains(QStringLiteral("dockerkubernetes-issues")));
    QVERIFY(!findNode(g, NodeKind::Section, QStringLiteral("Check if PostgreSQL is running")));
    QVERIFY(anyTextContains(g, QStringLiteral("\u274C BAD")));
    QVERIFY(anyTextContains(g, QStringLiteral("\u2705 GOOD")));
    QVERIFY(!anyTextContains(g, QStringLiteral("\u201A\u00F9\u00E5")));
}

void TestSeedImport::seed004()
{
    const Guide g = importSeed(QStringLiteral("004"));
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("High Error Rates"), QStringLiteral("Slow Response Times"), QStringLiteral("Low Cache Hit Rate"),
                          QStringLiteral("Cache Memory Issues"), QStringLiteral("Connection Pool Exhaustion"),
                          QStringLiteral("Query Performance Issues"), QStringLiteral("Missing Metrics")}));
    for (const GuideNode *n : g.nodesOfKind(NodeKind::Issue)) {
        QCOMPARE(childrenOfKind(g, n->id, NodeKind::Symptom).size(), 3);
        QCOMPARE(childrenOfKind(g, n->id, NodeKind::Diagnosis).size(), 1);
        QCOMPARE(childrenOfKind(g, n->id, NodeKind::Solution).size(), 3);
    }
    const auto errors = checksUnder(g, issue(g, QStringLiteral("High Error Rates"))->id);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first()->checks.first().param(QStringLiteral("url")), QStringLiteral("http://your-api-url/metrics"));
    QCOMPARE(errors.first()->checks.first().param(QStringLiteral("filter")), QStringLiteral("error"));
    const auto cache = checksUnder(g, issue(g, QStringLiteral("Low Cache Hit Rate"))->id);
    QCOMPARE(cache.last()->checks.first().param(QStringLiteral("command")), QStringLiteral("CONFIG GET maxmemory"));
    QCOMPARE(titles(childrenOfKind(g, issue(g, QStringLiteral("High Error Rates"))->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Check rate limits"), QStringLiteral("Verify API dependencies"),
                          QStringLiteral("Review recent changes")}));
    // MongoDB shell lines are not SQL and are not run.
    QVERIFY(checksUnder(g, issue(g, QStringLiteral("Connection Pool Exhaustion"))->id).isEmpty());
}

void TestSeedImport::seedsLint()
{
    // Lint on the seeds reports what a person would fix, and never crashes: 002 links to files
    // that were not shared; the others only carry encoding repairs.
    QList<Guide> guides;
    for (const char *prefix : {"000", "001", "002", "003", "004"})
        guides.append(importSeed(QLatin1String(prefix)));
    const GuideDiagnostics all = GuideLinter::lint(guides);
    for (const GuideDiagnostic &d : all) {
        QVERIFY(d.location.line > 0);
        if (d.isError())
            QVERIFY2(d.location.file.contains(QStringLiteral("002_")) && d.code == QLatin1String("missing-file"), qPrintable(d.toString()));
        else
            QCOMPARE(d.code, QStringLiteral("encoding"));
    }
}

TRIAGE_SEED_TEST_MAIN(TestSeedImport)
#include "TestSeedImport.moc"
