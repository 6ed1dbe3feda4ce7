#include "TestSupport.h"
#include "guide/GuideImporter.h"
#include "lint/GuideLinter.h"

#include <QRegularExpression>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QFile>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {

// A small, correct Triage-format guide; each test breaks one thing in it.
const char *const kGood = R"(---
triage: 1
id: good
title: Good guide
---

# Good guide

## Issue: The API is down

**Symptoms**

- `curl: (7) Failed to connect to localhost port 8000: Connection refused`

### Check: Does the API answer?

```check
type: http
url: http://localhost:8000/health
expect: "[STATUS] == 200"
pass: "#outcome-it-works"
fail: "#question-is-the-process-running"
on:
  refused: "#solution-start-the-api"
```

### Question: Is the process running?

- [Yes](#cause-it-hangs)
- [No](#solution-start-the-api)

### Solution: Start the API

Start it, then [check again](#check-does-the-api-answer).

### Cause: It hangs

A deadlock.

### Outcome: It works

Fine.
)";

QByteArray good()
{
    return QByteArray(kGood);
}

GuideDiagnostics lintText(const QByteArray &text, const QString &name = QStringLiteral("guide.md"))
{
    return GuideLinter::lint(importText(text, name));
}

const GuideDiagnostic *find(const GuideDiagnostics &all, const QString &code)
{
    for (const GuideDiagnostic &d : all) {
        if (d.code == code)
            return &d;
    }
    return nullptr;
}

QString dump(const GuideDiagnostics &all)
{
    QStringList lines;
    for (const GuideDiagnostic &d : all)
        lines.append(d.toString() + QStringLiteral(" [") + d.code + QLatin1Char(']'));
    return lines.join(QLatin1Char('\n'));
}

int lineOf(const QByteArray &text, const QByteArray &needle)
{
    return int(text.left(text.indexOf(needle)).count('\n')) + 1;
}

} // namespace

class TestGuideLinter : public QObject {
    Q_OBJECT
private slots:
    void goodGuideIsClean();
    void catchesEachDefect_data();
    void catchesEachDefect();
    void unreachableStepsAreWarnings();
    void cyclesWithoutExitAreErrors();
    void cyclesWithAnExitAreFine();
    void duplicateGuideIds();
    void linksToMissingFilesAndAnchors();
    void messagesUseCompilerFormat();
    void plainGuidesWithoutAnIssueAreWarned();
    void conditionErrorsPointAtTheirColumn();
    void everyLineWithACredentialIsNamed();
    void checkBlocksAndFrontMatterNeverShowACredential();
    void invalidFrontMatterStillNamesItsSecrets();
};

void TestGuideLinter::everyLineWithACredentialIsNamed()
{
    // Credentials Triage masks wherever it shows them: in a config block, in inline code, in
    // HTML and in a command it reads. Lint names each line once, so that it can be removed.
    const QByteArray text = R"(# Build

## Could not resolve the design system

Add the credentials to `~/.gradle/gradle.properties`:

```properties
mavenPassword=ghp_A1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvWx
```

Or register with `agent register --token fs_enr_9f8a7b6c5d4e3f2a1b0c`.

<p>The lab default is <code>radius_secret=Lab-Radius-2024!</code>.</p>

**Diagnosis**: `redis-cli -a hunter2secret ping`

The token is read with `getRefreshToken()`; `auth: bearer` sends it.

```json
{"user": "deploy", "password": "Js0n-Pa55"}
```

```
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAA
-----END OPENSSH PRIVATE KEY-----
```
)";
    const GuideDiagnostics all = lintText(text);
    QList<int> lines;
    for (const GuideDiagnostic &d : all) {
        if (d.code == QLatin1String("secret-in-guide")) {
            QVERIFY(!d.isError());
            lines.append(d.location.line);
        }
    }
    std::sort(lines.begin(), lines.end());
    QCOMPARE(lines, (QList<int>{lineOf(text, "mavenPassword="), lineOf(text, "Or register with"), lineOf(text, "<p>The lab default"),
                                lineOf(text, "**Diagnosis**"), lineOf(text, "{\"user\""), lineOf(text, "-----BEGIN")}));
    // What lint prints names the line, never the value.
    for (const char *secret : {"ghp_A1b2", "fs_enr_9f8a", "Lab-Radius", "hunter2secret", "Js0n-Pa55", "b3BlbnNzaC1r"})
        QVERIFY2(!dump(all).contains(QLatin1String(secret)), secret);
}

void TestGuideLinter::checkBlocksAndFrontMatterNeverShowACredential()
{
    // In Triage's own format: a check's parameters are shown (tree, the window) and lint's
    // messages quote them; front matter is read, not shown. None may spell a credential, and
    // lint names each line that holds one.
    const QByteArray text = R"(---
triage: 1
id: billing-checks
title: Billing checks
summary: Billing DB at postgres://billing:Fr0ntM4tter-Pw@db:5432/billing
---

# Billing checks

## Issue: Billing API rejects requests

**Symptoms**

- `401 Unauthorized: invalid token`

### Check: Does the API answer with the service token?

```check
type: http
url: https://billing.internal/health?token=ChkUrlT0ken-55
pass: "#check-is-the-redis-url-right"
fail: "#check-is-the-redis-url-right"
```

### Check: Is the Redis URL right?

```check
type: env
name: REDIS_URL
match: "redis://:ChkEnvMatchPw@cache:6379/0"
pass: "#check-does-the-api-answer-with-the-service-token"
fail: "#check-does-the-api-answer-with-the-service-token"
```
)";
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("billing.md"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    const Guide g = GuideImporter::importFile(path);
    const GuideDiagnostics all = GuideLinter::lint(g);
    const QByteArray shown = QJsonDocument(g.toJson()).toJson() + dump(all).toUtf8();
    for (const char *secret : {"Fr0ntM4tter-Pw", "ChkUrlT0ken-55", "ChkEnvMatchPw"})
        QVERIFY2(!shown.contains(secret), secret);
    for (const GuideNode &n : g.nodes) {
        for (const CheckSpec &c : n.checks)
            QVERIFY2(!c.summary().contains(QStringLiteral("ChkUrlT0ken")), qPrintable(c.summary()));
    }
    // The check still runs against what the guide wrote: only what is shown is masked.
    bool found = false;
    for (const GuideNode &n : g.nodes) {
        for (const CheckSpec &c : n.checks) {
            if (c.type == QLatin1String("http")) {
                QVERIFY(c.param(QStringLiteral("url")).contains(QStringLiteral("ChkUrlT0ken-55")));
                found = true;
            }
        }
    }
    QVERIFY(found);
    QList<int> lines;
    for (const GuideDiagnostic &d : all) {
        if (d.code == QLatin1String("secret-in-guide"))
            lines.append(d.location.line);
    }
    std::sort(lines.begin(), lines.end());
    QCOMPARE(lines, (QList<int>{lineOf(text, "summary:"), lineOf(text, "url: https://billing"), lineOf(text, "match: ")}));
}

void TestGuideLinter::invalidFrontMatterStillNamesItsSecrets()
{
    // Front matter that is no valid YAML is blanked out of the text Triage reads as valid front
    // matter is: its lines are still checked as written, and lint names the credential's line.
    const QByteArray text = R"(---
triage: 1
id: billing
db_password: Fm-Br0ken-Pw9
tags: [unclosed
---

# Billing

## Issue: Billing API rejects requests

**Symptom**: `401 Unauthorized`
)";
    const GuideDiagnostics all = lintText(text);
    QList<int> lines;
    bool yamlError = false;
    for (const GuideDiagnostic &d : all) {
        if (d.code == QLatin1String("secret-in-guide"))
            lines.append(d.location.line);
        yamlError = yamlError || (d.isError() && d.message.contains(QLatin1String("not valid YAML")));
    }
    QVERIFY(yamlError);
    QCOMPARE(lines, QList<int>{lineOf(text, "db_password:")});
    QVERIFY(!dump(all).contains(QLatin1String("Fm-Br0ken-Pw9")));
}

void TestGuideLinter::conditionErrorsPointAtTheirColumn()
{
    QByteArray text = good();
    QVERIFY(text.contains("expect: \"[STATUS] == 200\""));
    text.replace("expect: \"[STATUS] == 200\"", "expect: \"[STATUS] = 200\"");
    GuideFiles files;
    const GuideDiagnostics all = GuideLinter::lint(GuideImporter::importFile(files.write(QStringLiteral("c.md"), text)));
    const GuideDiagnostic *d = find(all, QStringLiteral("bad-condition"));
    QVERIFY2(d, qPrintable(dump(all)));
    const QByteArray line = text.split('\n').at(::lineOf(text, "expect:") - 1);
    // The parser stops at the lone `=`; the diagnostic's column is that character in the file.
    QCOMPARE(d->location.column, int(line.indexOf("= 200")) + 1);
}

void TestGuideLinter::goodGuideIsClean()
{
    const GuideDiagnostics all = lintText(good());
    QVERIFY2(all.isEmpty(), qPrintable(dump(all)));
}

void TestGuideLinter::catchesEachDefect_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QByteArray>("lineOf"); // text on the line the error must point at
    QTest::addColumn<QString>("message");

    QTest::newRow("dangling anchor in text") << QByteArray("[check again](#check-does-the-api-answer)")
                                             << QByteArray("[check again](#check-does-the-api-answr)")
                                             << QStringLiteral("dangling-anchor") << QByteArray("[check again]")
                                             << QStringLiteral("did you mean #check-does-the-api-answer");
    QTest::newRow("dangling branch") << QByteArray("pass: \"#outcome-it-works\"") << QByteArray("pass: \"#outcome-nowhere\"")
                                     << QStringLiteral("dangling-anchor") << QByteArray("pass:") << QStringLiteral("#outcome-nowhere");
    QTest::newRow("dangling answer") << QByteArray("- [Yes](#cause-it-hangs)") << QByteArray("- [Yes](#cause-it-hanged)")
                                     << QStringLiteral("dangling-anchor") << QByteArray("- [Yes]") << QStringLiteral("#cause-it-hanged");
    QTest::newRow("unknown check type") << QByteArray("type: http") << QByteArray("type: htp") << QStringLiteral("unknown-check-type")
                                        << QByteArray("type: htp") << QStringLiteral("unknown check type `htp`");
    QTest::newRow("missing parameter") << QByteArray("url: http://localhost:8000/health\n") << QByteArray()
                                       << QStringLiteral("malformed-check") << QByteArray("```check") << QStringLiteral("needs `url:`");
    QTest::newRow("unknown parameter") << QByteArray("url: http://localhost:8000/health\n")
                                       << QByteArray("url: http://localhost:8000/health\nhots: x\n")
                                       << QStringLiteral("malformed-check") << QByteArray("hots: x") << QStringLiteral("no parameter `hots`");
    QTest::newRow("malformed yaml") << QByteArray("url: http://localhost:8000/health") << QByteArray("url: http://a: b: c")
                                    << QStringLiteral("malformed-check") << QByteArray("url: http://a") << QStringLiteral("YAML");
    QTest::newRow("unknown outcome") << QByteArray("  refused: \"#solution-start-the-api\"")
                                     << QByteArray("  exploded: \"#solution-start-the-api\"") << QStringLiteral("malformed-check")
                                     << QByteArray("on:") << QStringLiteral("no outcome `exploded`");
    QTest::newRow("malformed condition") << QByteArray("expect: \"[STATUS] == 200\"") << QByteArray("expect: \"[STATUS] = 200\"")
                                         << QStringLiteral("bad-condition") << QByteArray("expect:") << QStringLiteral("operator");
    QTest::newRow("placeholder of another type") << QByteArray("expect: \"[STATUS] == 200\"")
                                                 << QByteArray("expect: \"[ROWS] == 200\"") << QStringLiteral("bad-condition")
                                                 << QByteArray("expect:") << QStringLiteral("have no [ROWS]");
    QTest::newRow("duplicate check id") << QByteArray("type: http\n") << QByteArray("type: http\nid: outcome-it-works\n")
                                        << QStringLiteral("duplicate-id") << QByteArray("id: outcome-it-works")
                                        << QStringLiteral("already used");
    QTest::newRow("misplaced check block") << QByteArray("Start it, then") << QByteArray("```check\ntype: tcp\nhost: a\nport: 1\n```\n\nStart it, then")
                                           << QStringLiteral("misplaced-check") << QByteArray("```check\ntype: tcp")
                                           << QStringLiteral("inside the solution");
    // md4c gives an empty block no position: the diagnostic must still name its fence, not
    // the blank lines before it.
    QTest::newRow("empty check block") << QByteArray("```check\ntype: http\nurl: http://localhost:8000/health\nexpect: \"[STATUS] == 200\"\n"
                                                     "pass: \"#outcome-it-works\"\nfail: \"#question-is-the-process-running\"\non:\n"
                                                     "  refused: \"#solution-start-the-api\"\n```")
                                       << QByteArray("\n\n\n```check\n```") << QStringLiteral("unknown-check-type")
                                       << QByteArray("```check\n```") << QStringLiteral("has no `type:`");
    QTest::newRow("bad front matter") << QByteArray("id: good") << QByteArray("id: [good") << QStringLiteral("bad-front-matter")
                                      << QByteArray("title: Good guide") << QStringLiteral("YAML");
    QTest::newRow("link to a missing file") << QByteArray("A deadlock.") << QByteArray("A deadlock; see [threads](threads.md).")
                                            << QStringLiteral("missing-file") << QByteArray("A deadlock;") << QStringLiteral("threads.md");
}

void TestGuideLinter::catchesEachDefect()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, code);
    QFETCH(QByteArray, lineOf);
    QFETCH(QString, message);
    QByteArray text = good();
    QVERIFY2(text.contains(from), from.constData());
    text.replace(from, to);
    GuideFiles files;
    const QString path = files.write(QStringLiteral("broken.md"), text);
    const GuideDiagnostics all = GuideLinter::lint(GuideImporter::importFile(path));
    const GuideDiagnostic *d = find(all, code);
    QVERIFY2(d, qPrintable(dump(all)));
    QVERIFY(d->isError());
    QVERIFY2(d->message.contains(message), qPrintable(d->message));
    QCOMPARE(d->location.file, path);
    QCOMPARE(d->location.line, ::lineOf(text, lineOf));
    QVERIFY(GuideLinter::hasErrors(all));
}

void TestGuideLinter::unreachableStepsAreWarnings()
{
    QByteArray text = good();
    text.append("\n### Solution: Reboot the planet\n\nNobody links here.\n");
    const GuideDiagnostics all = lintText(text);
    const GuideDiagnostic *d = find(all, QStringLiteral("unreachable"));
    QVERIFY2(d, qPrintable(dump(all)));
    QVERIFY(!d->isError());
    QVERIFY(d->message.contains(QStringLiteral("Reboot the planet")));
    QVERIFY(d->message.contains(QStringLiteral("#solution-reboot-the-planet")));
    QCOMPARE(d->location.line, lineOf(text, "### Solution: Reboot"));
    QVERIFY(!GuideLinter::hasErrors(all));
}

void TestGuideLinter::cyclesWithoutExitAreErrors()
{
    const QByteArray text = R"(---
triage: 1
id: loop
---
# Loop

### Question: Did it work?

- [Try A](#info-step-a)
- [Try B](#info-step-b)

### Info: Step A

Now go to [step B](#info-step-b).

### Info: Step B

Back to [step A](#info-step-a).
)";
    const GuideDiagnostics all = lintText(text);
    const GuideDiagnostic *d = find(all, QStringLiteral("cycle"));
    QVERIFY2(d, qPrintable(dump(all)));
    QVERIFY(d->isError());
    QVERIFY2(d->message.contains(QStringLiteral("\"Step A\" -> \"Step B\" -> \"Step A\"")), qPrintable(d->message));
    QCOMPARE(d->location.line, lineOf(text, "### Info: Step A"));
}

void TestGuideLinter::cyclesWithAnExitAreFine()
{
    // The good guide loops check -> solution -> check, but the check can also pass.
    QVERIFY(!find(lintText(good()), QStringLiteral("cycle")));
    // A step whose one answer is a fix that says to retry it: the fix is the way out ("Did
    // this fix it?"), not a loop to be stuck in.
    const QByteArray retryText = R"(# Redis troubleshooting

## Cache misses spike after deploy

1. Can you reach Redis? Run `redis-cli -h cache.internal -p 6379 ping`.
   - No: start it with `sudo systemctl start redis-server` and retry step 1.
2. Is the hit rate low? Run `redis-cli -h cache.internal -p 6379 info stats`.
   - Yes: raise `maxmemory` in `redis.conf`.
)";
    const GuideDiagnostics retry = lintText(retryText);
    QVERIFY2(!find(retry, QStringLiteral("cycle")), qPrintable(dump(retry)));
    // …and the loop is there: the fix leads back to the step that led to it.
    const Guide g = importText(retryText);
    const GuideNode *start = findNode(g, NodeKind::Solution, QStringLiteral("Start it"));
    QVERIFY(start);
    const auto back = g.outgoing(start->id);
    QVERIFY(std::any_of(back.cbegin(), back.cend(), [&](const GuideEdge *e) { return g.node(e->to)->title == QStringLiteral("Can you reach Redis?"); }));
}

void TestGuideLinter::duplicateGuideIds()
{
    const Guide a = importText(good(), QStringLiteral("a.md"));
    const Guide b = importText(good(), QStringLiteral("b.md"));
    const GuideDiagnostics all = GuideLinter::lint(QList<Guide>{a, b});
    const GuideDiagnostic *d = find(all, QStringLiteral("duplicate-id"));
    QVERIFY2(d, qPrintable(dump(all)));
    QCOMPARE(d->location.file, QStringLiteral("b.md"));
    QVERIFY(d->message.contains(QStringLiteral("a.md")));
}

void TestGuideLinter::linksToMissingFilesAndAnchors()
{
    GuideFiles files;
    files.write(QStringLiteral("other.md"), "# Other\n\n## Real heading\n");
    const QString path = files.write(QStringLiteral("index.md"), "# Index\n\n- [ok](other.md#real-heading)\n- [bad anchor](other.md#no-such-heading)\n- [gone](gone.md)\n");
    const GuideDiagnostics all = GuideLinter::lint(GuideImporter::importFile(path));
    QStringList found;
    for (const GuideDiagnostic &d : all)
        found.append(QStringLiteral("%1:%2").arg(d.code).arg(d.location.line));
    QCOMPARE(found, (QStringList{QStringLiteral("dangling-anchor:4"), QStringLiteral("missing-file:5")}));
}

void TestGuideLinter::messagesUseCompilerFormat()
{
    QByteArray text = good();
    text.replace("type: http", "type: htp");
    const GuideDiagnostics all = lintText(text, QStringLiteral("guides/x.md"));
    QVERIFY(!all.isEmpty());
    const QString line = all.first().toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^guides/x\\.md:\\d+:\\d+: (error|warning): .+")).match(line).hasMatch(), qPrintable(line));
}

void TestGuideLinter::plainGuidesWithoutAnIssueAreWarned()
{
    // A plain guide in which nothing reads as an issue gives its reader text only: a warning at
    // its first line says what Triage looked for and what to try.
    GuideFiles files;
    const QString notes = files.write(QStringLiteral("notes.md"), "# Notes\n\n## Deploying\n\nRun `make deploy`.\n\n## Naming rules\n\nLetters only.\n");
    const GuideDiagnostics all = GuideLinter::lint(GuideImporter::importFile(notes));
    QCOMPARE(all.size(), 1);
    const GuideDiagnostic &d = all.first();
    QCOMPARE(d.code, QStringLiteral("no-issues"));
    QVERIFY(!d.isError());
    QCOMPARE(d.location.line, 1);
    QCOMPARE(d.location.column, 1);
    for (const char *named : {"Issue:", "**Symptom:**", "error | cause | fix", "triage: 1"})
        QVERIFY2(d.message.contains(QLatin1StringView(named)), qPrintable(d.message));
    QVERIFY2(d.toString().startsWith(notes + QStringLiteral(":1:1: warning: no issue found")), qPrintable(d.toString()));

    // A guide with an issue, an index of guides, Triage's own format and the format's
    // documentation are not warned.
    const QString issue = files.write(QStringLiteral("issue.md"), "# Guide\n\n## Login fails\n\nClear the cookies.\n");
    const QString index = files.write(QStringLiteral("index.md"), "# Guides\n\n- [Login](issue.md)\n- [Notes](notes.md)\n");
    const QString format = files.write(QStringLiteral("FORMAT.md"), "# The format\n\n## Front matter\n\nYAML.\n");
    for (const QString &path : {issue, index, format}) {
        const GuideDiagnostics clean = GuideLinter::lint(GuideImporter::importFile(path));
        QVERIFY2(clean.isEmpty(), qPrintable(dump(clean)));
    }
    QVERIFY(lintText(good()).isEmpty());
}

QTEST_GUILESS_MAIN(TestGuideLinter)
#include "TestGuideLinter.moc"
