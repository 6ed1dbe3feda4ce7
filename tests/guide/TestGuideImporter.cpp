#include "TestSupport.h"
#include "checks/ReverseTriage.h"
#include "lint/GuideLinter.h"
#include "guide/GuideImporter.h"
#include "search/SearchIndex.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace triage;
using namespace triage::test;

namespace {
// The node a search of the guide ranks first for a pasted message, or an empty string.
QString firstHit(const Guide &guide, const QString &pasted)
{
    SearchIndex index;
    index.addGuide(guide);
    const QList<SearchHit> hits = index.find(pasted, 3);
    return hits.isEmpty() ? QString() : hits.first().nodeId;
}

QStringList titles(const QList<const GuideNode *> &nodes)
{
    QStringList result;
    for (const GuideNode *n : nodes)
        result.append(n->title);
    return result;
}
const GuideEdge *edge(const Guide &guide, const QString &from, const QString &label)
{
    for (const GuideEdge *e : guide.outgoing(from)) {
        if (e->label == label)
            return e;
    }
    return nullptr;
}
// Where the answer `label` of the step `from` leads, or null when no answer says so.
const GuideNode *answerTarget(const Guide &guide, const GuideNode *from, const QString &label)
{
    const GuideEdge *e = edge(guide, from->id, label);
    return e && e->kind == GuideEdge::Kind::Answer ? guide.node(e->to) : nullptr;
}
} // namespace

class TestGuideImporter : public QObject {
    Q_OBJECT
private slots:
    void issueHeadingsWithBoldLabels();
    void numberedIssuesWithPartHeadings();
    void boldLabelBlocksWithLists();
    void labelledAdviceLists();
    void errorTablesBecomeIssues();
    void errorTablesWithACheckColumn();
    void asideAfterSectionsOfIssues();
    void tablesOfCodesNameTheirRows();
    void rulesEndTheStepBefore();
    void errorHeadingsBecomeIssues_data();
    void errorHeadingsBecomeIssues();
    void unlabelledDiagnosisInAnIssue();
    void unlabelledStepsUnderANamedProblemThatQuotesItsError();
    void lookAskedInAnIssuesProse();
    void toFixItOpensTheFix();
    void fixAfterItsConditionLeadsIntoCode();
    void checkingAdviceEndsALabelledSymptom();
    void checkingListEndsAStatedSymptom();
    void howToConfirmIsADiagnosisPart();
    void fixTableUnderAFixLabelIsOneFixARow();
    void blockedAndDisconnectsNameFailures();
    void checkingSentenceEndsAParagraph();
    void detailsSummariesAreHeadings();
    void foldsNamedForPartsHoldTheirItems();
    void foldsSharingLinesAndInLists();
    void closingTagsInParagraphs();
    void partHeadingsBesideTheirIssue();
    void labelsOnLinesOfOneParagraph();
    void checkingStepsWithoutLabels();
    void checklistsOfChecksAndFixes();
    void checkLabelsAreDiagnosis();
    void listsOfErrorsAreIssues();
    void faqEntriesAndEmojiHeadings();
    void faqEntriesAsParagraphs();
    void faqAnswersThatSayWhatToDoAreSolutions();
    void boldFaqQuestionEndsTheEntryBefore();
    void faqAnswerThatAsksToCheckIsADiagnosisStep();
    void numberedFaqQuestions();
    void headingsThatSayWhatFailsAreIssues();
    void errorOutputInAnIssuesText();
    void errorOutputBeforeAFixLabelIsTheSymptom();
    void adviceToChangeOverCommandsIsASolution();
    void labelsInHtmlParagraphsAndQuickAnswersInQuotes();
    void alternativesUnderAFixLabelAreSolutionsEach();
    void unlabelledBlocksOfCommandsAreShell();
    void plainLabelsStartParts();
    void definitionListTermsAreLabels();
    void partListsUnderTitles_data();
    void partListsUnderTitles();
    void knownIssuesLists();
    void numberedStepsOfOneSolution();
    void decisionTreesAskAndBranch();
    void proceduresLeadOnInPlainText();
    void procedureAnswersInOtherWords();
    void eachAnswerOfAParagraphKeepsItsFix();
    void numberedLooksAnsweredInListsAreAProcedure();
    void nestedQuestionsAreATree();
    void decisionTablesAreProcedures();
    void answersKeepToTheirOwnWords();
    void eachListIsAProcedureOfItsOwn();
    void diagnosesAnsweredInListsAreProcedures_data();
    void diagnosesAnsweredInListsAreProcedures();
    void handingOverEndsTheFlow();
    void wikiLinksLeadToNotes();
    void otherwiseNamesTheOtherResult();
    void stepTablesAreAnswers();
    void procedureAnswersHoldNoSecret();
    void stepsThatLeadNowhereStayAProcedure();
    void admonitionsNamedForParts();
    void indentedAdmonitionsAreMarkdown();
    void indentedAdmonitionTitlesAndText();
    void filingNumbersAreNoPartOfTitles();
    void bulletedFixesAreSolutions();
    void looksAmongAFixsBullets();
    void inlineFixAfterALook();
    void errorOutputUnderABanner();
    void contentTabsAreMarkdown();
    void mystDirectivesAreMarkdown();
    void headingsUnderAResolution();
    void knowledgeBaseAndTemplateSections();
    void repeatedProblemHeadingsSplit_data();
    void repeatedProblemHeadingsSplit();
    void repeatedProblemHeadingsTrickyCases();
    void githubAlertsHoldParts();
    void githubAlertsInListsAndCode();
    void obsidianCalloutsHoldParts();
    void newRulesLeaveOrdinaryTextAlone();
    void causeQuestionsAndEmojiLabels();
    void partWordsInGermanAndFrench();
    void secretsInTitlesAreMasked();
    void indexPagesLinkToGuides();
    void linkSchemesAndRepositoryPaths();
    void onlyDiagnosisCommandsBecomeChecks();
    void checkTitlesComeFromComments();
    void commandsInAFixsProseAreOfferedToCopy();
    void headingsThatNameAProblemWithoutAVerbAreIssues();
    void headingsThatOnlyNameAConditionOrAKind();
    void headingsThatStateABadOutcome();
    void numberedStepsToDoAreOneSolution();
    void aPurposeToSeeLeadsADiagnosisStep();
    void runbookAndTryLabels();
    void aTaskListThatLooksThenFixesIsStepsAndFixes();
    void letteredOptionsUnderAFixAreSolutionsEach();
    void aHeadingThatSaysSomethingStallsIsAnIssue();
    void stillStuckClosingAGuideIsNoIssue();
    void aLookBeforeTheChangeUnderAFixIsADiagnosisStep();
    void looksListedUnderADiagnosisHeadingAreStepsEach();
    void sentencesThatLookUnderADiagnosisHeadingAreStepsEach();
    void messagesALookListsWithArrowsAreSymptoms();
    void numberedLooksFirstUnderAFixHeadingAreDiagnosisSteps();
    void aStepTitledByItsSentenceLosesALeadingThen();
    void aHeadingThatSaysThingsTimeOutIsAnIssue();
    void aFixLabelOverNothingToDoIsAnAside();
    void aFixThatIsOnlyABlockIsNamedByItsCommand();
    void aProblemInBoldThenAnArrowAndItsFix();
    void anArrowSplitsTheProblemFromItsFix();
    void labelsInQuotesAndUnderCauses();
    void htmlHeadingsAndErrorTables();
    void nodesKeepLinesAndBodies();
    void explicitFormatBranches();
    void explicitFormatQuestions();
    void frontMatterErrorsAreReported();
    void unreadableFilesAreDiagnostics();
    void hugeAndBinaryInputDoesNotCrash();
    void jsonHasTheDocumentedShape();
};

void TestGuideImporter::issueHeadingsWithBoldLabels()
{
    const Guide g = importText(R"(# Guide

## Startup

### Issue: "Address already in use"

**Symptom**:
```
OSError: [Errno 98] Address already in use
```

**Diagnosis**:
```bash
# Who holds the port?
lsof -i :8000
```

**Solution 1**: Stop the old process
```bash
kill <PID>
```

**Solution 2**: Use another port

**Root Cause**: A previous run is still alive.
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Address already in use"));
    QVERIFY(issue);
    QCOMPARE(g.parent(issue->id)->title, QStringLiteral("Startup"));
    QCOMPARE(g.parent(issue->id)->kind, NodeKind::Section);
    const auto symptoms = childrenOfKind(g, issue->id, NodeKind::Symptom);
    QCOMPARE(titles(symptoms), QStringList{QStringLiteral("OSError: [Errno 98] Address already in use")});
    const auto diagnosis = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(diagnosis.size(), 1);
    const auto checks = childrenOfKind(g, diagnosis.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("port"));
    QCOMPARE(checks.first()->checks.first().param(QStringLiteral("port")), QStringLiteral("8000"));
    const auto solutions = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(titles(solutions), (QStringList{QStringLiteral("Stop the old process"), QStringLiteral("Use another port")}));
    QCOMPARE(solutions.at(0)->order, 1);
    QCOMPARE(solutions.at(1)->order, 2);
    QVERIFY(edge(g, issue->id, QStringLiteral("solution 2")));
    QCOMPARE(solutions.at(0)->commands, QStringList{QStringLiteral("kill <PID>")});
    const auto causes = childrenOfKind(g, issue->id, NodeKind::Cause);
    QCOMPARE(titles(causes), QStringList{QStringLiteral("A previous run is still alive.")});
}

void TestGuideImporter::numberedIssuesWithPartHeadings()
{
    const Guide g = importText(R"(# Troubleshooting

## Common Issues

### 1. Cache Issues

#### Symptoms
- Slow responses
- Stale data

#### Solutions

1. **Check Redis**
```bash
# Check Redis status
redis-cli ping
```

2. **Flush keys**
```bash
redis-cli flushall
```

### 2. Other Problems

#### Symptoms
- Something else
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Cache Issues"));
    QVERIFY(issue);
    QCOMPARE(issue->title, QStringLiteral("Cache Issues")); // numbering stripped
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Symptom)),
             (QStringList{QStringLiteral("Slow responses"), QStringLiteral("Stale data")}));
    const auto solutions = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(titles(solutions), (QStringList{QStringLiteral("Check Redis"), QStringLiteral("Flush keys")}));
    // The code block after each numbered item belongs to that item, and solutions never run.
    QCOMPARE(solutions.at(0)->commands, QStringList{QStringLiteral("redis-cli ping")});
    QCOMPARE(solutions.at(1)->commands, QStringList{QStringLiteral("redis-cli flushall")});
    QVERIFY(childrenOfKind(g, solutions.at(0)->id, NodeKind::Check).isEmpty());
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Other Problems")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
}

void TestGuideImporter::boldLabelBlocksWithLists()
{
    const Guide g = importText(R"(## API Issues

#### 1. High Error Rates
**Symptoms:**
- Increased error responses
- Timeout errors

**Diagnosis:**
```bash
# Check error rates
curl http://localhost:8000/metrics | grep error
```

**Solutions:**
1. Check rate limits:
   ```bash
   redis-cli get "rate_limit:abc"
   ```

2. Review recent changes:
   ```bash
   git log --since="24 hours ago"
   ```
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("High Error Rates"));
    QVERIFY(issue);
    QCOMPARE(childrenOfKind(g, issue->id, NodeKind::Symptom).size(), 2);
    const auto diagnosis = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(diagnosis.size(), 1);
    const auto checks = childrenOfKind(g, diagnosis.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->title, QStringLiteral("Check error rates"));
    QCOMPARE(checks.first()->checks.first().param(QStringLiteral("url")), QStringLiteral("http://localhost:8000/metrics"));
    const auto solutions = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(titles(solutions), (QStringList{QStringLiteral("Check rate limits"), QStringLiteral("Review recent changes")}));
    QCOMPARE(solutions.at(1)->commands, QStringList{QStringLiteral("git log --since=\"24 hours ago\"")});
}

void TestGuideImporter::labelledAdviceLists()
{
    const Guide g = importText(R"(### **Database (DB) Errors**

* **Connection parameters**: Verify `DB_HOST`, `DB_PORT` and `DB_USER` in `.env`.
* **Network**: Ensure the host is reachable with `nc -z db 5432`.
* **Migrations**: Run migrations if tables are missing.

### **Agent Errors**

* **API Key**: Confirm `OPENAI_API_KEY` is set.
* **Retries**: Implement exponential backoff for transient failures.

If none of these helps, collect the agent log and open a ticket.

### Monitoring Tools

- **Application**: New Relic, Datadog, Sentry
- **Infrastructure**: Prometheus + Grafana, CloudWatch
)");
    const GuideNode *db = findNode(g, NodeKind::Issue, QStringLiteral("Database (DB) Errors"));
    QVERIFY(db);
    const auto steps = childrenOfKind(g, db->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), (QStringList{QStringLiteral("Connection parameters"), QStringLiteral("Network")}));
    QCOMPARE(titles(childrenOfKind(g, db->id, NodeKind::Solution)), QStringList{QStringLiteral("Migrations")});

    const auto dotenv = childrenOfKind(g, steps.at(0)->id, NodeKind::Check);
    QCOMPARE(dotenv.size(), 1);
    QCOMPARE(dotenv.first()->checks.first().type, QStringLiteral("dotenv"));
    QCOMPARE(dotenv.first()->checks.first().params.value(QStringLiteral("keys")).toStringList(),
             (QStringList{QStringLiteral("DB_HOST"), QStringLiteral("DB_PORT"), QStringLiteral("DB_USER")}));
    const auto tcp = childrenOfKind(g, steps.at(1)->id, NodeKind::Check);
    QCOMPARE(tcp.size(), 1);
    QCOMPARE(tcp.first()->checks.first().type, QStringLiteral("tcp"));

    const GuideNode *agent = findNode(g, NodeKind::Issue, QStringLiteral("Agent Errors"));
    QVERIFY(agent);
    const auto keyStep = childrenOfKind(g, agent->id, NodeKind::Diagnosis);
    QCOMPARE(keyStep.size(), 1);
    const auto env = childrenOfKind(g, keyStep.first()->id, NodeKind::Check);
    QCOMPARE(env.size(), 1);
    QCOMPARE(env.first()->checks.first().type, QStringLiteral("env"));
    QCOMPARE(env.first()->checks.first().param(QStringLiteral("name")), QStringLiteral("OPENAI_API_KEY"));
    // Variables named in prose, as `NAME`, `$NAME` or `${NAME}`: the same ones the pattern
    // below accepts, and nothing else.
    const QStringList spans = {QStringLiteral("$DB_HOST"), QStringLiteral("${REDIS_URL}"), QStringLiteral("{HALF_OPEN"),
                               QStringLiteral("HALF_CLOSED}"), QStringLiteral("$$TWICE"), QStringLiteral("CLOSED}}"),
                               QStringLiteral("Mixed_Case"), QStringLiteral("AB"), QStringLiteral("A1_"),
                               QStringLiteral("1ABC"), QStringLiteral("{$ODD}"), QStringLiteral("PORT-NUMBER"),
                               QStringLiteral("\u00c9T\u00c9")};
    QString prose = QStringLiteral("# Env\n\n### Issue: Settings missing\n\n**Diagnosis**: confirm ");
    for (const QString &span : spans)
        prose += QLatin1Char('`') + span + QStringLiteral("` ");
    prose += QStringLiteral("is set.\n");
    const Guide named = importText(prose.toUtf8());
    QStringList found;
    for (const GuideNode &n : named.nodes) {
        for (const CheckSpec &c : n.checks) {
            if (c.type == QLatin1String("env"))
                found.append(c.param(QStringLiteral("name")));
        }
    }
    QStringList expected;
    static const QRegularExpression pattern(QStringLiteral("^\\$?\\{?([A-Z][A-Z0-9_]{2,})\\}?$"));
    for (const QString &span : spans) {
        if (const auto m = pattern.match(span); m.hasMatch())
            expected.append(m.captured(1));
    }
    QCOMPARE(found, expected);
    QCOMPARE(found.size(), 5);

    // Text after the list is the issue's again, not the last item's.
    const GuideNode *retries = findNode(g, NodeKind::Solution, QStringLiteral("Retries"));
    QVERIFY(retries);
    QCOMPARE(g.body(*retries), QStringLiteral("Implement exponential backoff for transient failures."));
    QVERIFY(g.body(*agent).contains(QStringLiteral("collect the agent log")));

    // A list of names is not advice: that heading stays information.
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Monitoring Tools")));
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Monitoring Tools")));
}

void TestGuideImporter::errorTablesBecomeIssues()
{
    const Guide g = importText(R"(## Common Error Messages

### SQL Errors

| Error Message | Likely Cause | Solution |
|---------------|--------------|----------|
| `relation "table" does not exist` | Table not created | Run migrations: `alembic upgrade head` |
| `deadlock detected` | Concurrent transactions | Add retry logic |
| `grep: broken \| pipe` | A pipe in a cell | Count them: `ps aux \| grep -c postgres` |

| Setting | Value |
|---|---|
| pool | 10 |
)");
    const GuideNode *section = findNode(g, NodeKind::Section, QStringLiteral("SQL Errors"));
    QVERIFY(section);
    const auto rows = childrenOfKind(g, section->id, NodeKind::Issue);
    QCOMPARE(titles(rows), (QStringList{QStringLiteral("relation \"table\" does not exist"), QStringLiteral("deadlock detected"),
                                        QStringLiteral("grep: broken | pipe")}));
    QCOMPARE(rows.first()->location.line, 7);
    QCOMPARE(titles(childrenOfKind(g, rows.first()->id, NodeKind::Symptom)), QStringList{rows.first()->title});
    QCOMPARE(titles(childrenOfKind(g, rows.first()->id, NodeKind::Cause)), QStringList{QStringLiteral("Table not created")});
    const auto solution = childrenOfKind(g, rows.first()->id, NodeKind::Solution);
    QCOMPARE(solution.size(), 1);
    QCOMPARE(solution.first()->commands, QStringList{QStringLiteral("alembic upgrade head")});
    // A pipe escaped in a cell's code is a pipe in what is shown and copied, as on GitHub.
    const auto piped = childrenOfKind(g, rows.last()->id, NodeKind::Solution);
    QCOMPARE(piped.size(), 1);
    QCOMPARE(piped.first()->commands, QStringList{QStringLiteral("ps aux | grep -c postgres")});
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 3); // the settings table is not an error table

    // A table of problems rather than of error messages: each row is an issue all the same.
    const Guide problems = importText(R"(## Known problems

| Problem | Cause | Resolution |
|---|---|---|
| Invoices are not generated | The IAM role was removed | Re-grant `roles/storage.objectCreator` |
| `PSP_TIMEOUT` on card payments | The proxy drops idle connections | Lower `psp.timeout.ms` to 20000 |

| Issue | Fix |
|---|---|
| Exports are empty | Re-run the export job |
)");
    QCOMPARE(titles(problems.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("Invoices are not generated"), QStringLiteral("PSP_TIMEOUT on card payments"),
                          QStringLiteral("Exports are empty")}));
    const GuideNode *timeout = findNode(problems, NodeKind::Issue, QStringLiteral("PSP_TIMEOUT on card payments"));
    QCOMPARE(titles(childrenOfKind(problems, timeout->id, NodeKind::Cause)), QStringList{QStringLiteral("The proxy drops idle connections")});
    QCOMPARE(titles(childrenOfKind(problems, timeout->id, NodeKind::Solution)), QStringList{QStringLiteral("Lower psp.timeout.ms to 20000")});

    // A fix's commands are copied as a fix's commands are elsewhere: without their prompt, once.
    const Guide prompts = importText(R"(## Errors

| Error | Fix |
|---|---|
| `connect ECONNREFUSED 127.0.0.1:6379` | Start it: `$ sudo systemctl start redis`, or `sudo systemctl start redis` |
)");
    const auto started = prompts.nodesOfKind(NodeKind::Solution);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first()->commands, QStringList{QStringLiteral("sudo systemctl start redis")});
}

void TestGuideImporter::errorTablesWithACheckColumn()
{
    // "Symptom | Cause | Check | Fix": the check of each row is a diagnosis step of its issue,
    // before its fix, and a command in it a check Triage can run.
    const Guide g = importText(R"(## Connectivity

| Symptom | Likely cause | Check | Fix |
|---|---|---|---|
| `connection to server at "pay-db", port 5432 failed: Connection refused` | Postgres is down | `pg_isready -h pay-db -p 5432` | Fail over: `patronictl failover` |
| `NOAUTH Authentication required.` | The password was rotated | Ask `redis-cli -h pay-cache -a Sup3rSecret ping` | Update `REDIS_PASSWORD` |
| Slow pages | Cold cache | | Warm it up |
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 3);
    const auto pg = childrenOfKind(g, issues.at(0)->id, NodeKind::Diagnosis);
    QCOMPARE(pg.size(), 1);
    const auto pgCheck = childrenOfKind(g, pg.first()->id, NodeKind::Check);
    QCOMPARE(pgCheck.size(), 1);
    QCOMPARE(pgCheck.first()->checks.first().type, QStringLiteral("postgres"));
    QCOMPARE(childrenOfKind(g, issues.at(0)->id, NodeKind::Solution).size(), 1);
    // A password in the check is masked wherever it shows.
    const auto redis = childrenOfKind(g, issues.at(1)->id, NodeKind::Diagnosis);
    QCOMPARE(redis.size(), 1);
    QVERIFY2(!redis.first()->title.contains(QStringLiteral("Sup3rSecret")), qPrintable(redis.first()->title));
    QVERIFY(!g.body(*redis.first()).contains(QStringLiteral("Sup3rSecret")));
    const auto redisCheck = childrenOfKind(g, redis.first()->id, NodeKind::Check);
    QCOMPARE(redisCheck.size(), 1);
    QVERIFY(!g.body(*redisCheck.first()).contains(QStringLiteral("Sup3rSecret")));
    // …and its line is warned about once.
    const auto warned = std::count_if(g.diagnostics.cbegin(), g.diagnostics.cend(), [](const GuideDiagnostic &d) {
        return d.code == QLatin1String("secret-in-guide") && d.location.line == 6;
    });
    QCOMPARE(warned, 1);
    // A row with no check has no diagnosis step.
    QVERIFY(childrenOfKind(g, issues.at(2)->id, NodeKind::Diagnosis).isEmpty());

    // The same in an HTML table.
    const Guide html = importText(R"(# Cache

<table>
<tr><th>Error</th><th>How to check</th><th>Fix</th></tr>
<tr><td><code>Connection refused</code></td><td><code>nc -zv cache 6379</code></td><td>Start the cache</td></tr>
</table>
)");
    const auto refused = html.nodesOfKind(NodeKind::Issue);
    QCOMPARE(refused.size(), 1);
    const auto look = childrenOfKind(html, refused.first()->id, NodeKind::Diagnosis);
    QCOMPARE(look.size(), 1);
    QCOMPARE(childrenOfKind(html, look.first()->id, NodeKind::Check).size(), 1);
}

void TestGuideImporter::asideAfterSectionsOfIssues()
{
    // "## Escalation" after sections that hold issues is the page's aside: no issue named by
    // the page's title is made up to hold it.
    const Guide g = importText(R"(# Payments matrix

## Connectivity

| Error | Fix |
|---|---|
| `Connection refused` | Restart the gateway |

## Queues

### Jobs stuck in `PENDING`

**Fix:** restart the worker.

## Escalation

Page the on-call after 15 minutes.
)");
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("Connection refused"), QStringLiteral("Jobs stuck in PENDING")}));
    const GuideNode *aside = nullptr;
    for (const GuideNode &n : g.nodes) {
        if (n.title == QLatin1String("Escalation"))
            aside = &n;
    }
    QVERIFY(aside);
    QVERIFY2(g.body(*aside).contains(QStringLiteral("Page the on-call")), qPrintable(g.body(*aside)));
}

void TestGuideImporter::tablesOfCodesNameTheirRows()
{
    const Guide g = importText(R"(# Backup tool

## Exit codes

| Exit code | Meaning |
|-----------|---------|
| 0 | Success |
| 3 | Cannot connect to the repository |
| 4 | Repository is locked by another process |

## HTTP errors

| Status | Meaning | What to do |
|---|---|---|
| 200 | OK | Nothing |
| 502 | Bad gateway | Restart the upstream: `systemctl restart api` |
)");
    // A bare code says nothing alone: each row is named by its column, titled by its meaning,
    // and the row that means success is no issue at all.
    const GuideNode *codes = findNode(g, NodeKind::Section, QStringLiteral("Exit codes"));
    QVERIFY(codes);
    const auto rows = childrenOfKind(g, codes->id, NodeKind::Issue);
    QCOMPARE(titles(rows), (QStringList{QStringLiteral("Exit code 3: Cannot connect to the repository"),
                                        QStringLiteral("Exit code 4: Repository is locked by another process")}));
    QCOMPARE(rows.first()->id, QStringLiteral("exit-code-3"));
    QCOMPARE(rows.first()->location.line, 8);
    QCOMPARE(titles(childrenOfKind(g, rows.first()->id, NodeKind::Symptom)), QStringList{QStringLiteral("Exit code 3")});
    QCOMPARE(titles(childrenOfKind(g, rows.first()->id, NodeKind::Cause)), QStringList{QStringLiteral("Cannot connect to the repository")});

    const GuideNode *http = findNode(g, NodeKind::Section, QStringLiteral("HTTP errors"));
    QVERIFY(http);
    const auto statuses = childrenOfKind(g, http->id, NodeKind::Issue);
    QCOMPARE(titles(statuses), QStringList{QStringLiteral("Status 502: Bad gateway")});
    const auto fix = childrenOfKind(g, statuses.first()->id, NodeKind::Solution);
    QCOMPARE(fix.size(), 1);
    QCOMPARE(fix.first()->commands, QStringList{QStringLiteral("systemctl restart api")});
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 3);

    // What a support person pastes finds the row.
    QCOMPARE(firstHit(g, QStringLiteral("backup exited with code 4")), QStringLiteral("exit-code-4"));
}

void TestGuideImporter::rulesEndTheStepBefore()
{
    const Guide g = importText(R"(# Backup tool

## Issue: Backup fails with "repository is locked"

**Symptom**: `Fatal: unable to create lock in backend: repository is already locked`

**Solution**: Remove the stale lock with `backup unlock`.

---

Maintained by the storage team. Last reviewed 2026-10.

## Issue: Backup is slow

**Solution**: Exclude caches from the backup. They change every day.

---

## Issue: Restore fails

**Solution**: Check the key.
)");
    // The footer after the rule is no part of the fix: it is the issue's text again.
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Remove the stale lock with backup unlock.")),
             QStringLiteral("Remove the stale lock with `backup unlock`."));
    QCOMPARE(test::bodyOf(g, NodeKind::Issue, QStringLiteral("Backup fails with \"repository is locked\"")),
             QStringLiteral("Maintained by the storage team. Last reviewed 2026-10."));
    // A rule before the next heading changes nothing.
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Exclude caches from the backup.")),
             QStringLiteral("Exclude caches from the backup. They change every day."));
    QCOMPARE(test::bodyOf(g, NodeKind::Issue, QStringLiteral("Backup is slow")), QString());
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 3);
    QCOMPARE(g.nodesOfKind(NodeKind::Solution).size(), 3);
}

void TestGuideImporter::indexPagesLinkToGuides()
{
    GuideFiles files;
    files.write(QStringLiteral("docs/present.md"), "# Present\n\n## Heading Here\n");
    const QString index = files.write(QStringLiteral("docs/index.md"), R"(# Index

### Database

**[Present Guide](present.md)**

- **Problem**: Async sessions fail under pytest
- **Root Cause**: Wrong await pattern
- **Solution**: Use the sync client

**[Missing Guide](missing.md#somewhere)**

- **Problem**: Something else

See [the heading](present.md#heading-here) and [the site](https://example.com/x.md).
)");
    const Guide g = GuideImporter::importFile(index);
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Present Guide"));
    QVERIFY(issue);
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Symptom)), QStringList{QStringLiteral("Async sessions fail under pytest")});
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Cause)), QStringList{QStringLiteral("Wrong await pattern")});
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Solution)), QStringList{QStringLiteral("Use the sync client")});
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Missing Guide")));

    QList<const GuideEdge *> guideEdges;
    for (const GuideEdge &e : g.edges) {
        if (e.isCrossGuide())
            guideEdges.append(&e);
    }
    QCOMPARE(guideEdges.size(), 3); // the https link is not a guide
    QCOMPARE(guideEdges.at(0)->from, issue->id);
    QCOMPARE(guideEdges.at(0)->targetFile, files.path(QStringLiteral("docs/present.md")));
    int missing = 0;
    for (const GuideDiagnostic &d : g.diagnostics) {
        if (d.code == QLatin1String("missing-file")) {
            ++missing;
            QVERIFY(d.message.contains(QStringLiteral("missing.md")));
            QCOMPARE(d.location.line, 11);
            QVERIFY(d.isError());
        }
    }
    QCOMPARE(missing, 1);
}

void TestGuideImporter::linkSchemesAndRepositoryPaths()
{
    // The importer tells links that leave the guides by their scheme, read as QUrl reads it
    // (QUrl is the oracle here), and resolves repository paths ("/docs/…") from the nearest
    // folder with a .git. It looks each target up once, but reports every link to a missing one.
    GuideFiles files;
    files.write(QStringLiteral("repo/.git/HEAD"), "ref: refs/heads/main\n");
    files.write(QStringLiteral("repo/docs/top.md"), "# Top\n");
    const QStringList hrefs = {
        QStringLiteral("https://example.com/a.md"), QStringLiteral("mailto:ops@example.com?subject=x.md"),
        QStringLiteral("git+ssh:host/a.md"),        QStringLiteral("C:/guides/a.md"),
        QStringLiteral("x-y.z:a.md"),               QStringLiteral("1http:a.md"),
        QStringLiteral("a_b:c.md"),                 QStringLiteral("a.md?q=http:x"),
        QStringLiteral("a.md#http:x"),              QStringLiteral(":a.md"),
        QStringLiteral("top%20x.md"),               QStringLiteral("/docs/top.md"),
        QStringLiteral("/docs/top.md#top"),         QStringLiteral("../top.md"),
        QStringLiteral("missing.md"),               QStringLiteral("missing.md#again"),
    };
    QByteArray text = "# Links\n\n";
    for (const QString &href : hrefs)
        text += "- [link](<" + href.toUtf8() + ">)\n";
    const QString path = files.write(QStringLiteral("repo/docs/deep/index.md"), text);
    const Guide g = GuideImporter::importFile(path);

    QStringList guideLinks;
    for (const GuideEdge &e : g.edges) {
        if (e.isCrossGuide())
            guideLinks.append(e.to);
    }
    QStringList expected;
    for (const QString &href : hrefs) {
        const QString file = href.section(QLatin1Char('#'), 0, 0);
        if (QUrl(href).scheme().size() <= 1 && file.endsWith(QLatin1String(".md")))
            expected.append(href);
    }
    QCOMPARE(guideLinks, expected);
    QVERIFY(!guideLinks.contains(QStringLiteral("git+ssh:host/a.md")));
    QVERIFY(guideLinks.contains(QStringLiteral("C:/guides/a.md")));
    QVERIFY(guideLinks.contains(QStringLiteral("1http:a.md")));

    // "/docs/top.md" is the repository's, found above the guide's own folder; both links to it,
    // and the relative one, resolve to the file that exists.
    const QString top = files.path(QStringLiteral("repo/docs/top.md"));
    QStringList resolvedToTop;
    for (const GuideEdge &e : g.edges) {
        if (e.targetFile == top)
            resolvedToTop.append(e.to);
    }
    QCOMPARE(resolvedToTop, (QStringList{QStringLiteral("/docs/top.md"), QStringLiteral("/docs/top.md#top"),
                                         QStringLiteral("../top.md")}));
    // Each link to a missing file is reported at its own line, though the file is looked up once.
    QList<int> missingLines;
    for (const GuideDiagnostic &d : g.diagnostics) {
        if (d.code == QLatin1String("missing-file") && d.message.contains(QStringLiteral("`missing.md`")))
            missingLines.append(d.location.line);
    }
    QCOMPARE(missingLines, (QList<int>{17, 18}));
}

void TestGuideImporter::onlyDiagnosisCommandsBecomeChecks()
{
    const Guide g = importText(R"(### Issue: Redis down

**Symptom**: `Could not connect to Redis at 127.0.0.1:6379: Connection refused`

**Diagnosis**: run `redis-cli -h 127.0.0.1 ping` and:
```sql
SELECT count(*) FROM pg_stat_activity;
```

**Solution**: restart it with `redis-cli shutdown` then:
```bash
redis-cli ping
sudo systemctl start redis
```
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Redis down"));
    QVERIFY(issue);
    const auto diagnosis = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(diagnosis.size(), 1);
    const auto checks = childrenOfKind(g, diagnosis.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 2);
    QCOMPARE(checks.at(0)->checks.first().type, QStringLiteral("redis"));
    QCOMPARE(checks.at(0)->checks.first().param(QStringLiteral("host")), QStringLiteral("127.0.0.1"));
    QCOMPARE(checks.at(1)->checks.first().type, QStringLiteral("postgres"));
    const auto solution = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(solution.size(), 1);
    QVERIFY(solution.first()->checks.isEmpty());
    QVERIFY(childrenOfKind(g, solution.first()->id, NodeKind::Check).isEmpty());
    // The command in the solution's prose is one to copy too, in the order the text gives them.
    QCOMPARE(solution.first()->commands, (QStringList{QStringLiteral("redis-cli shutdown"), QStringLiteral("redis-cli ping"),
                                                      QStringLiteral("sudo systemctl start redis")}));
    for (const GuideNode &n : g.nodes) {
        if (n.kind != NodeKind::Check)
            QVERIFY2(n.checks.isEmpty(), qPrintable(n.title));
    }
}

void TestGuideImporter::commandsInAFixsProseAreOfferedToCopy()
{
    const Guide g = importText(R"(# Service guide

### Issue: Database refuses connections

**Symptom**: `psql: error: connection refused`

**Diagnosis**: look at the server log with `sudo journalctl -u postgresql -n 50`, then run
`pg_isready -h localhost -p 5432`. The error reads `psql: error: connection refused`.

**Solution 1**: Start it with `$ sudo systemctl start postgresql`, or `brew services start postgresql@16`
on a Mac. Then run `pg_isready` again; use `async with` in the code, and expect no more
`connection refused` or `curl: (7) Failed to connect`.

**Solution 2**: Reset the cache with `redis-cli -a Sup3rSecretPw FLUSHALL`, then `redis-cli -a Sup3rSecretPw FLUSHALL` again.
`docker compose logs` shows what went wrong.

**Solution 3**: On Windows, `Restart-Service postgresql-x64-16`; `Get-Service` alone lists them.

**Root Cause**: `systemctl start postgresql` was never run after the upgrade.
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Database refuses connections"));
    QVERIFY(issue);
    const auto solutions = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(solutions.size(), 3);
    // A PowerShell cmdlet with its argument is a command; the cmdlet alone names it.
    const GuideNode *windows = nullptr;
    for (const GuideNode *s : solutions) {
        if (s->title.startsWith(QStringLiteral("On Windows")))
            windows = s;
    }
    QVERIFY(windows);
    QCOMPARE(windows->commands, (QStringList{QStringLiteral("Restart-Service postgresql-x64-16")}));
    // The prompt goes; a lone program name, code, and error text are no commands.
    QCOMPARE(solutions.at(0)->commands,
             (QStringList{QStringLiteral("sudo systemctl start postgresql"), QStringLiteral("brew services start postgresql@16")}));
    QVERIFY(solutions.at(0)->checks.isEmpty());
    // Masked, and once; a command the sentence is about ("`docker compose logs` shows …") is no step.
    QCOMPARE(solutions.at(1)->commands, (QStringList{QStringLiteral("redis-cli -a **** FLUSHALL")}));
    // A diagnosis step's command that Triage runs is a check; one it does not is a command to copy.
    const auto diagnosis = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(diagnosis.size(), 1);
    QCOMPARE(diagnosis.first()->commands, (QStringList{QStringLiteral("sudo journalctl -u postgresql -n 50")}));
    const auto checks = childrenOfKind(g, diagnosis.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("postgres"));
    // A cause explains; it is not a step to take.
    const auto causes = childrenOfKind(g, issue->id, NodeKind::Cause);
    QCOMPARE(causes.size(), 1);
    QVERIFY(causes.first()->commands.isEmpty());
    // The password written in the fix reaches no output, and lint points at its line.
    QVERIFY(!QJsonDocument(g.toJson()).toJson().contains("Sup3rSecretPw"));
    QVERIFY(std::any_of(g.diagnostics.cbegin(), g.diagnostics.cend(),
                        [](const GuideDiagnostic &d) { return d.code == QLatin1String("secret-in-guide") && d.location.line == 14; }));

    // In Triage's own format too: a solution's prose names the command to copy, and no check
    // comes from prose.
    const Guide own = importText(R"(---
triage: 1
id: own
title: Own
---

# Own

## Issue: Worker stuck

### Solution: Restart the worker

Run `kubectl -n jobs rollout restart deploy/worker` and wait.
)");
    const GuideNode *restart = findNode(own, NodeKind::Solution, QStringLiteral("Restart the worker"));
    QVERIFY(restart);
    QCOMPARE(restart->commands, (QStringList{QStringLiteral("kubectl -n jobs rollout restart deploy/worker")}));
}

void TestGuideImporter::headingsThatNameAProblemWithoutAVerbAreIssues()
{
    // Plain headings over plain prose: the heading alone says whether it is a problem.
    const Guide g = importText(R"(# Worker troubleshooting

## Could not connect to Redis

The worker log shows `redis: connection refused`. Start Redis:

```bash
sudo systemctl start redis
```

## Unable to log in

Clear your cookies and sign in again.

## Port 3000 already in use

Another dev server holds it; stop that one.

## Input validation

The API checks every field against its schema.
)");
    for (const char *title : {"Could not connect to Redis", "Unable to log in", "Port 3000 already in use"}) {
        const GuideNode *n = findNode(g, NodeKind::Issue, QString::fromUtf8(title));
        QVERIFY2(n, title);
    }
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Input validation")));
    const GuideNode *redis = findNode(g, NodeKind::Issue, QStringLiteral("Could not connect to Redis"));
    QCOMPARE(firstHit(g, QStringLiteral("redis: connection refused")), redis->id);
}

void TestGuideImporter::headingsThatOnlyNameAConditionOrAKind()
{
    // A failure word in a heading that names a condition ("When …", "If …") or a kind of thing
    // (a state before a plural, a noun that qualifies another) makes it an issue only when its
    // text handles a problem: says what to do or check, shows commands, quotes an error.
    const Guide g = importText(R"(# Service guide

## Naming rules

### Invalid characters in names

Names may use letters and digits only; see the naming rules.

### Allowed length

Up to 64 characters.

## Version mismatch policy

We support one minor version of skew between client and server.

## When the queue is full

The queue holds 10,000 messages; producers block until space frees up.

## When the disk is full

Free space with `docker system prune`, then restart the worker.

## If the build fails

```
npm ERR! code ELIFECYCLE
```

## Invalid credentials

Check the username and password in `.env`.

## Disk full

The volume holds the logs and the uploads.

## Checksum mismatch

Flyway found a migration that changed after it ran.
)");
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("When the disk is full"), QStringLiteral("If the build fails"), QStringLiteral("Invalid credentials"),
                          QStringLiteral("Disk full"), QStringLiteral("Checksum mismatch")}));
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Info)),
             (QStringList{QStringLiteral("Invalid characters in names"), QStringLiteral("Allowed length"),
                          QStringLiteral("Version mismatch policy"), QStringLiteral("When the queue is full")}));
    // The error the conditional heading's text quotes is its symptom.
    const GuideNode *build = findNode(g, NodeKind::Issue, QStringLiteral("If the build fails"));
    QVERIFY(build);
    QCOMPARE(firstHit(g, QStringLiteral("npm ERR! code ELIFECYCLE")), build->id);
}

void TestGuideImporter::headingsThatStateABadOutcome()
{
    // A heading that states a bad outcome with no failure word ("becomes NaN", "returns
    // nothing") is an issue under a section about problems when its text handles it; a plain
    // description with the same words stays text to read, and so does one outside such a
    // section.
    const Guide g = importText(R"(# Training troubleshooting

## Loss becomes NaN after a few hundred steps

- **Check** the learning rate schedule: print `scheduler.get_last_lr()` every 50 steps.
- **Lower** the learning rate by 10x.

## Search returns nothing for new documents

Rebuild the index with `searchctl reindex`.

## Why a sum becomes NaN

One NaN in the inputs makes the whole sum NaN; that is how floating point works.
)");
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("Loss becomes NaN after a few hundred steps"),
                          QStringLiteral("Search returns nothing for new documents")}));
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Info)), QStringList{QStringLiteral("Why a sum becomes NaN")});
    const GuideNode *loss = findNode(g, NodeKind::Issue, QStringLiteral("Loss becomes NaN"));
    QVERIFY(loss);
    QCOMPARE(firstHit(g, QStringLiteral("loss is nan")), loss->id);
    // Its items are its steps, as under a heading that says what fails: one looks, one changes.
    QCOMPARE(titles(childrenOfKind(g, loss->id, NodeKind::Diagnosis)), QStringList{QStringLiteral("Check the learning rate schedule")});
    QCOMPARE(titles(childrenOfKind(g, loss->id, NodeKind::Solution)), QStringList{QStringLiteral("Lower the learning rate by 10x.")});

    // Outside a guide or a section about problems, the same shape describes what happens.
    const Guide pipeline = importText(R"(# Data pipeline

## Reference

### Export is empty

Check that the date range holds rows.
)");
    QVERIFY(pipeline.nodesOfKind(NodeKind::Issue).isEmpty());
    QCOMPARE(titles(pipeline.nodesOfKind(NodeKind::Info)), QStringList{QStringLiteral("Export is empty")});
}

void TestGuideImporter::numberedStepsToDoAreOneSolution()
{
    // Numbered steps that ask to change something, in an issue's own text, are one solution
    // titled by its first step; under a fix's label, the steps that only look before the first
    // change are diagnosis steps, and the fix starts at that change.
    const Guide g = importText(R"(# Builds

### Why does `pod install` fail with "could not find compatible versions"?

Your local spec repo is out of date.

1. Update the spec repo:
   ```bash
   pod repo update
   ```
2. Then install again:
   ```bash
   pod install --repo-update
   ```
3. If it still fails, delete `Pods/` and run `pod install` again.

### Add-in does not load

**Resolution**
1. Check the LoadBehavior value:
   ```powershell
   Get-ItemProperty "HKCU:\Software\Acme" -Name LoadBehavior
   ```
   It should be `3`.
2. Re-enable it:
   ```powershell
   Set-ItemProperty "HKCU:\Software\Acme" -Name LoadBehavior -Value 3
   ```

### Release checklist fails

1. Open the release page.
2. Read the notes.
3. Ask in the channel.
)");
    const GuideNode *pod = findNode(g, NodeKind::Issue, QStringLiteral("pod install"));
    QVERIFY(pod);
    const auto podFixes = childrenOfKind(g, pod->id, NodeKind::Solution);
    QCOMPARE(titles(podFixes), QStringList{QStringLiteral("Update the spec repo")});
    QCOMPARE(podFixes.first()->location.line, 7);
    const QString podBody = g.body(*podFixes.first());
    QVERIFY2(podBody.startsWith(QStringLiteral("1. Update the spec repo:")) && podBody.contains(QStringLiteral("3. If it still fails")),
             qPrintable(podBody));
    QVERIFY(g.body(*pod).startsWith(QStringLiteral("Your local spec repo is out of date.")));

    const GuideNode *addin = findNode(g, NodeKind::Issue, QStringLiteral("Add-in does not load"));
    QVERIFY(addin);
    QCOMPARE(titles(childrenOfKind(g, addin->id, NodeKind::Diagnosis)), QStringList{QStringLiteral("Check the LoadBehavior value")});
    const auto addinFixes = childrenOfKind(g, addin->id, NodeKind::Solution);
    QCOMPARE(titles(addinFixes), QStringList{QStringLiteral("Re-enable it")});
    QVERIFY2(g.body(*addinFixes.first()).startsWith(QStringLiteral("2. Re-enable it:")), qPrintable(g.body(*addinFixes.first())));

    // Steps that change nothing are the issue's text.
    const GuideNode *release = findNode(g, NodeKind::Issue, QStringLiteral("Release checklist fails"));
    QVERIFY(release);
    QVERIFY(childrenOfKind(g, release->id, NodeKind::Solution).isEmpty());
}

void TestGuideImporter::aPurposeToSeeLeadsADiagnosisStep()
{
    // "To see which …:" before a command says why to run it: to look. A diagnosis step.
    const Guide g = importText(R"(# Android

### Why does the build fail with "Duplicate class kotlin.collections.jdk8"?

Two versions of the Kotlin stdlib end up on the classpath.

To see which dependency pulls the old one in:

```bash
./gradlew :app:dependencies --configuration debugRuntimeClasspath
```
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Duplicate class"));
    QVERIFY(issue);
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Diagnosis)),
             QStringList{QStringLiteral("To see which dependency pulls the old one in")});
}

void TestGuideImporter::runbookAndTryLabels()
{
    // An SRE runbook: Detection is what shows, Mitigation the fix, Impact and Escalation are
    // neither. A JavaScript repository's folds: each "Try:" is a fix to try, in order.
    const Guide g = importText(R"(# payments-gateway runbook

## PaymentsGatewayDBPoolExhausted

**Impact**: requests queue in the gateway; p99 latency goes above 5 s.

**Detection**: logs show `FATAL: sorry, too many clients already (SQLSTATE 53300)`

**Mitigation**: restart the pods: `kubectl -n payments rollout restart deploy/gateway`

**Escalation**: page the DBA on-call if it repeats.

## PaymentsGatewayCertExpiringSoon

**Impact**: none yet; in 14 days clients fail the TLS handshake.

**Detection**: the alert fires 14 days before `notAfter`.

**What to do**: renew the certificate with the platform team's pipeline.

<details>
<summary><code>ERR_PNPM_OUTDATED_LOCKFILE</code> Cannot install</summary>

Try: `pnpm install --no-frozen-lockfile`, then commit `pnpm-lock.yaml`.

Try: rebase on `main`; the lockfile may have been fixed there.
</details>
)");
    const GuideNode *pool = findNode(g, NodeKind::Issue, QStringLiteral("PaymentsGatewayDBPoolExhausted"));
    QVERIFY(pool);
    const auto symptoms = childrenOfKind(g, pool->id, NodeKind::Symptom);
    QCOMPARE(symptoms.size(), 1);
    QVERIFY(symptoms.first()->title.contains(QStringLiteral("too many clients already")));
    const auto fixes = childrenOfKind(g, pool->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 1);
    // The escalation is no part of the fix.
    QVERIFY(!g.body(*fixes.first()).contains(QStringLiteral("DBA")));
    QCOMPARE(fixes.first()->commands, (QStringList{QStringLiteral("kubectl -n payments rollout restart deploy/gateway")}));
    QCOMPARE(childrenOfKind(g, pool->id, NodeKind::Info).size(), 2);
    QCOMPARE(firstHit(g, QStringLiteral("FATAL: sorry, too many clients already")), pool->id);

    const GuideNode *cert = findNode(g, NodeKind::Issue, QStringLiteral("PaymentsGatewayCertExpiringSoon"));
    QVERIFY(cert);
    QCOMPARE(childrenOfKind(g, cert->id, NodeKind::Solution).size(), 1);

    const GuideNode *lockfile = findNode(g, NodeKind::Issue, QStringLiteral("ERR_PNPM_OUTDATED_LOCKFILE Cannot install"));
    QVERIFY(lockfile);
    const auto tries = childrenOfKind(g, lockfile->id, NodeKind::Solution);
    QCOMPARE(tries.size(), 2);
    QCOMPARE(tries.at(0)->order, 1);
    QCOMPARE(tries.at(1)->order, 2);
    QVERIFY(tries.at(1)->title.startsWith(QStringLiteral("rebase on main")));
}

void TestGuideImporter::aTaskListThatLooksThenFixesIsStepsAndFixes()
{
    // A wiki's fold: the error, then a task list that checks once and fixes twice. Each item
    // is a step of the issue: the check is a diagnosis step with its command as a check, the
    // others are fixes in their order; none is lost in the issue's text.
    const Guide g = importText(R"(# Troubleshooting

<details>
<summary>The UI is slow behind nginx (<code>upstream timed out (110: Connection timed out)</code>)</summary>

nginx error log:

```
upstream timed out (110: Connection timed out) while reading response header from upstream
```

- [x] Check that the app answers directly: `curl -s http://localhost:3000/api/health`
- [ ] Increase `proxy_read_timeout 300s;` in the nginx site config
- [ ] Reload nginx: `sudo nginx -t && sudo systemctl reload nginx`

</details>

## Workers hang after deploy

- Restart the workers with `systemctl restart worker`.
- Make sure the queue is drained: `redis-cli -h queue.internal LLEN jobs`
- Upgrade the client library to 2.4.
)");
    const GuideNode *slow = findNode(g, NodeKind::Issue, QStringLiteral("The UI is slow behind nginx (upstream timed out (110: Connection timed out))"));
    QVERIFY(slow);
    const auto steps = childrenOfKind(g, slow->id, NodeKind::Diagnosis);
    QCOMPARE(steps.size(), 1);
    QVERIFY(steps.first()->title.startsWith(QStringLiteral("Check that the app answers directly")));
    QCOMPARE(childrenOfKind(g, steps.first()->id, NodeKind::Check).size(), 1);
    const auto fixes = childrenOfKind(g, slow->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 2);
    QVERIFY(fixes.at(0)->title.startsWith(QStringLiteral("Increase proxy_read_timeout")));
    QCOMPARE(fixes.at(0)->order, 1);
    QVERIFY(fixes.at(1)->title.startsWith(QStringLiteral("Reload nginx")));
    QCOMPARE(fixes.at(1)->order, 2);
    QVERIFY(!g.body(*slow).contains(QStringLiteral("proxy_read_timeout")));
    QCOMPARE(firstHit(g, QStringLiteral("upstream timed out (110: Connection timed out) while reading response header")), slow->id);

    // Fixes around one look, not a task list: the same.
    const GuideNode *stall = findNode(g, NodeKind::Issue, QStringLiteral("Workers hang after deploy"));
    QVERIFY(stall);
    QCOMPARE(childrenOfKind(g, stall->id, NodeKind::Diagnosis).size(), 1);
    QCOMPARE(childrenOfKind(g, stall->id, NodeKind::Solution).size(), 2);
}

void TestGuideImporter::letteredOptionsUnderAFixAreSolutionsEach()
{
    // A knowledge-base article: under one "Resolution", two bold labels name the options. Each
    // is a solution of its own, in order, titled by what it says to do, with its own command.
    // Bold words that only start with such a word ("**Fix Redis first**") name no option.
    const Guide g = importText(R"(# Billing KB

## Webhooks return 502 Bad Gateway

### Problem

Deliveries fail with `502 Bad Gateway`.

### Resolution

**Option A – raise the memory limit:**

```bash
kubectl -n billing set resources deployment/webhook-receiver --limits=memory=1Gi
```

**Option B – scale out:**

```bash
kubectl -n billing scale deployment/webhook-receiver --replicas=6
```

> **Warning:** do not go above 10 replicas.

## Exports fail with "could not serialize access"

### Resolution

**Alternative 1:** run the export at REPEATABLE READ.

**Alternative 2:** move the reconciliation job to 03:30.

## Sessions are lost

### Fix

**Fix Redis first**

Restart it with `systemctl restart redis`.
)");
    const GuideNode *webhooks = findNode(g, NodeKind::Issue, QStringLiteral("Webhooks return 502 Bad Gateway"));
    QVERIFY(webhooks);
    const auto options = childrenOfKind(g, webhooks->id, NodeKind::Solution);
    QCOMPARE(titles(options), (QStringList{QStringLiteral("raise the memory limit"), QStringLiteral("scale out")}));
    QCOMPARE(options.at(0)->order, 1);
    QCOMPARE(options.at(1)->order, 2);
    QCOMPARE(options.at(0)->commands,
             (QStringList{QStringLiteral("kubectl -n billing set resources deployment/webhook-receiver --limits=memory=1Gi")}));
    QCOMPARE(options.at(1)->commands, (QStringList{QStringLiteral("kubectl -n billing scale deployment/webhook-receiver --replicas=6")}));
    QVERIFY(!g.body(*options.at(0)).contains(QStringLiteral("--replicas")));
    QVERIFY(g.body(*options.at(1)).contains(QStringLiteral("above 10 replicas")));

    const GuideNode *exports = findNode(g, NodeKind::Issue, QStringLiteral("Exports fail with \"could not serialize access\""));
    QVERIFY(exports);
    const auto alternatives = childrenOfKind(g, exports->id, NodeKind::Solution);
    QCOMPARE(alternatives.size(), 2);
    QVERIFY(alternatives.at(0)->title.startsWith(QStringLiteral("run the export at REPEATABLE READ")));
    QVERIFY(alternatives.at(1)->title.startsWith(QStringLiteral("move the reconciliation job")));

    const GuideNode *sessions = findNode(g, NodeKind::Issue, QStringLiteral("Sessions are lost"));
    QVERIFY(sessions);
    QCOMPARE(childrenOfKind(g, sessions->id, NodeKind::Solution).size(), 1);
}

void TestGuideImporter::aHeadingThatSaysSomethingStallsIsAnIssue()
{
    // "Stall" says work stopped, as "hang" does: a heading that says so names an issue, whose
    // steps are read as an issue's, and a pasted message finds it. "Install" is no stall.
    const Guide g = importText(R"(# Queue workers

## Workers stall after a deploy

- Make sure the queue is drained: `redis-cli -h queue.internal LLEN jobs`
- Restart the workers with `systemctl restart worker`.

## Consumers stalled at offset 0

The log shows `consumer group rebalancing, no partitions assigned`.

## Install the worker

Run `apt install worker`.
)");
    const GuideNode *workers = findNode(g, NodeKind::Issue, QStringLiteral("Workers stall after a deploy"));
    QVERIFY(workers);
    QCOMPARE(childrenOfKind(g, workers->id, NodeKind::Diagnosis).size(), 1);
    QCOMPARE(childrenOfKind(g, workers->id, NodeKind::Solution).size(), 1);
    const GuideNode *consumers = findNode(g, NodeKind::Issue, QStringLiteral("Consumers stalled at offset 0"));
    QVERIFY(consumers);
    QCOMPARE(firstHit(g, QStringLiteral("consumer group rebalancing, no partitions assigned")), consumers->id);
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Install the worker")));
}

void TestGuideImporter::stillStuckClosingAGuideIsNoIssue()
{
    // A wiki page's last heading asks whether the reader is still stuck and says where to ask:
    // no issue of its own, so a pasted "stuck" or "not working" finds the real problems. A
    // heading that names what still fails is an issue.
    const Guide g = importText(R"(# Troubleshooting

## Login fails with 401

Restart the auth service: `systemctl restart auth`.

## Still getting 401 Unauthorized after rotating the key?

Clear the token cache: `rm -rf ~/.cache/app/tokens`.

## 🙋 Still stuck?

Open a [discussion](https://github.com/example/app/discussions) with the output of `app doctor --json`.

## Still not working?

Ask in #app-help.
)");
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Login fails with 401")));
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Still getting 401 Unauthorized after rotating the key?")));
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("🙋 Still stuck?")));
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("🙋 Still stuck?")));
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Still not working?")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
}

void TestGuideImporter::aLookBeforeTheChangeUnderAFixIsADiagnosisStep()
{
    // A knowledge-base article's "Resolution" first asks to look, with its commands, then says
    // what to change, with its own: the look is a diagnosis step whose commands are checks,
    // and the change is the solution. A look with nothing to change after it stays the fix's
    // text.
    const Guide g = importText(R"(# Checkout KB

## DNS lookups for the tax service time out

### Problem

The API logs `getaddrinfo EAI_AGAIN tax.partner.example.com`.

### Resolution

Check that the name resolves from the cluster's resolver:

```bash
dig +short tax.partner.example.com
```

Then restart CoreDNS:

```bash
kubectl -n kube-system rollout restart deployment/coredns
```

## Certificates expire unnoticed

### Resolution

Check the expiry date of the served certificate:

```bash
curl -sv https://api.example.com/healthz
```

Renew it when it is due within 14 days.
)");
    const GuideNode *dns = findNode(g, NodeKind::Issue, QStringLiteral("DNS lookups for the tax service time out"));
    QVERIFY(dns);
    const auto looks = childrenOfKind(g, dns->id, NodeKind::Diagnosis);
    QCOMPARE(looks.size(), 1);
    QVERIFY(looks.first()->title.startsWith(QStringLiteral("Check that the name resolves")));
    QCOMPARE(childrenOfKind(g, looks.first()->id, NodeKind::Check).size(), 1);
    const auto fixes = childrenOfKind(g, dns->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 1);
    QCOMPARE(fixes.first()->title, QStringLiteral("Restart CoreDNS"));
    QVERIFY(!g.body(*fixes.first()).contains(QStringLiteral("dig")));
    QVERIFY(g.body(*fixes.first()).contains(QStringLiteral("rollout restart")));

    const GuideNode *certs = findNode(g, NodeKind::Issue, QStringLiteral("Certificates expire unnoticed"));
    QVERIFY(certs);
    QCOMPARE(childrenOfKind(g, certs->id, NodeKind::Diagnosis).size(), 0);
    const auto renew = childrenOfKind(g, certs->id, NodeKind::Solution);
    QCOMPARE(renew.size(), 1);
    QVERIFY(g.body(*renew.first()).contains(QStringLiteral("Renew it")));
}

void TestGuideImporter::looksListedUnderADiagnosisHeadingAreStepsEach()
{
    // An alert runbook's "### Triage" lists three looks: each is a diagnosis step titled by
    // what it asks, holding its own check, so the guided flow asks them one at a time. A list
    // that mixes a look with other advice under it stays one step.
    const Guide g = importText(R"(# Platform alerts

## PostgresReplicationLagHigh

### Triage

1. Check lag on the replica:
   ```bash
   psql -h pg-replica-1.db.svc -U monitor -d postgres -c "SELECT now() - pg_last_xact_replay_timestamp() AS lag;"
   ```
2. Check whether the primary answers:
   ```bash
   pg_isready -h pg-primary.db.svc -p 5432
   ```
3. Look for `canceling statement due to conflict with recovery` in the replica log.

### Mitigation

Terminate the blocking query with `SELECT pg_terminate_backend(pid);`.

## RedisMemoryHigh

### Triage

- Check memory use: `redis-cli -h redis-main.cache.svc INFO memory`
- Raise `maxmemory` if the keys are all needed.
)");
    const GuideNode *lag = findNode(g, NodeKind::Issue, QStringLiteral("PostgresReplicationLagHigh"));
    QVERIFY(lag);
    const auto looks = childrenOfKind(g, lag->id, NodeKind::Diagnosis);
    QCOMPARE(titles(looks), (QStringList{QStringLiteral("Check lag on the replica"), QStringLiteral("Check whether the primary answers"),
                                        QStringLiteral("Look for canceling statement due to conflict with recovery in the replica log.")}));
    QCOMPARE(childrenOfKind(g, looks.at(0)->id, NodeKind::Check).size(), 1);
    QCOMPARE(childrenOfKind(g, looks.at(1)->id, NodeKind::Check).size(), 1);
    QVERIFY(!g.body(*looks.at(0)).contains(QStringLiteral("pg_isready")));
    QCOMPARE(childrenOfKind(g, lag->id, NodeKind::Solution).size(), 1);

    const GuideNode *memory = findNode(g, NodeKind::Issue, QStringLiteral("RedisMemoryHigh"));
    QVERIFY(memory);
    QCOMPARE(childrenOfKind(g, memory->id, NodeKind::Diagnosis).size(), 1);
}

void TestGuideImporter::sentencesThatLookUnderADiagnosisHeadingAreStepsEach()
{
    // A knowledge-base article's "### Diagnosis": two sentences that ask to look, each over its
    // commands. Each is a step of its own with its own check; the text between them that asks
    // nothing stays with the step before.
    const Guide g = importText(R"(# Billing KB

## Webhooks return 502 Bad Gateway

### Diagnosis

Check that the receiver answers on its port:

```bash
nc -zv webhook-receiver.internal 8080
```

A refused connection means the pods are not ready.

Check that the health endpoint answers:

```bash
curl -sv http://webhook-receiver.internal:8080/healthz
```

### Resolution

Scale the receiver out.
)");
    const GuideNode *webhooks = findNode(g, NodeKind::Issue, QStringLiteral("Webhooks return 502 Bad Gateway"));
    QVERIFY(webhooks);
    const auto looks = childrenOfKind(g, webhooks->id, NodeKind::Diagnosis);
    QCOMPARE(titles(looks), (QStringList{QStringLiteral("Check that the receiver answers on its port"),
                                        QStringLiteral("Check that the health endpoint answers")}));
    QCOMPARE(childrenOfKind(g, looks.at(0)->id, NodeKind::Check).size(), 1);
    QCOMPARE(childrenOfKind(g, looks.at(1)->id, NodeKind::Check).size(), 1);
    QVERIFY(g.body(*looks.at(0)).contains(QStringLiteral("A refused connection")));
    QVERIFY(!g.body(*looks.at(0)).contains(QStringLiteral("healthz")));
    QCOMPARE(childrenOfKind(g, webhooks->id, NodeKind::Solution).size(), 1);
}

void TestGuideImporter::messagesALookListsWithArrowsAreSymptoms()
{
    // An alert runbook's triage lists the messages its look may show, each with an arrow to
    // where to go next. Each message is a symptom of the alert, so pasting it finds the alert
    // first; the list stays the step's text. Commands with arrows ("`kubectl get pods` → lists
    // them") are no messages.
    const Guide g = importText(R"(# Platform alerts

## KubeDeploymentReplicasMismatch

### Triage

```bash
kubectl -n shop describe pod -l app=cart
```

Common messages:

- `0/12 nodes are available: 12 Insufficient cpu.` → go to Mitigation step 1
- `Back-off pulling image "registry.example.com/app:1.4.2"` → go to Mitigation step 2

### Mitigation

1. Scale the node group.
2. Fix the image tag in the deployment.

## RedisMemoryHigh

Writes fail with `OOM command not allowed when used memory > 'maxmemory'`.

### Triage

- `redis-cli -h redis-main INFO memory` → shows the memory in use
- `redis-cli -h redis-main --bigkeys` → lists the biggest keys
)");
    const GuideNode *replicas = findNode(g, NodeKind::Issue, QStringLiteral("KubeDeploymentReplicasMismatch"));
    QVERIFY(replicas);
    const auto symptoms = childrenOfKind(g, replicas->id, NodeKind::Symptom);
    QCOMPARE(titles(symptoms), (QStringList{QStringLiteral("0/12 nodes are available: 12 Insufficient cpu."),
                                           QStringLiteral("Back-off pulling image \"registry.example.com/app:1.4.2\"")}));
    const auto looks = childrenOfKind(g, replicas->id, NodeKind::Diagnosis);
    QCOMPARE(looks.size(), 1);
    QVERIFY(g.body(*looks.first()).contains(QStringLiteral("Mitigation step 2")));
    QCOMPARE(firstHit(g, QStringLiteral("0/12 nodes are available: 12 Insufficient cpu.")), replicas->id);
    QCOMPARE(firstHit(g, QStringLiteral("Back-off pulling image \"registry.example.com/app:1.4.2\"")), replicas->id);

    const GuideNode *memory = findNode(g, NodeKind::Issue, QStringLiteral("RedisMemoryHigh"));
    QVERIFY(memory);
    // Only the message its text quotes.
    const auto memorySymptoms = childrenOfKind(g, memory->id, NodeKind::Symptom);
    QCOMPARE(titles(memorySymptoms), (QStringList{QStringLiteral("OOM command not allowed when used memory > 'maxmemory'")}));
}

void TestGuideImporter::numberedLooksFirstUnderAFixHeadingAreDiagnosisSteps()
{
    // A knowledge-base article's "### Resolution" numbers its steps, the first only looking:
    // the look is a diagnosis step whose command is a check, and the steps that change
    // something are one solution titled by its first step, as under a "**Resolution**" label.
    // A fix heading's numbered steps that all change something stay one solution.
    const Guide g = importText(R"(# Billing KB

## Invoice export fails with "could not serialize access"

### Resolution

1. Check whether reconciliation runs at the same time:
   ```bash
   psql -h billing-db.internal -U billing_ro -d billing -c "SELECT pid, state FROM pg_stat_activity WHERE application_name = 'reconcile';"
   ```
2. Reschedule the reconciliation job to 03:30.
3. Run the export again for the failed day.

## Session cache unavailable

### Resolution

1. Restart the API so it reads the new secret.
2. Watch the logs for NOAUTH errors.
)");
    const GuideNode *exports = findNode(g, NodeKind::Issue, QStringLiteral("Invoice export fails"));
    QVERIFY(exports);
    const auto looks = childrenOfKind(g, exports->id, NodeKind::Diagnosis);
    QCOMPARE(titles(looks), (QStringList{QStringLiteral("Check whether reconciliation runs at the same time")}));
    QCOMPARE(childrenOfKind(g, looks.first()->id, NodeKind::Check).size(), 1);
    const auto fixes = childrenOfKind(g, exports->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 1);
    QVERIFY(fixes.first()->title.startsWith(QStringLiteral("Reschedule the reconciliation job")));
    QVERIFY(g.body(*fixes.first()).contains(QStringLiteral("Run the export again")));
    QVERIFY(!g.body(*fixes.first()).contains(QStringLiteral("pg_stat_activity")));

    const GuideNode *sessions = findNode(g, NodeKind::Issue, QStringLiteral("Session cache unavailable"));
    QVERIFY(sessions);
    QCOMPARE(childrenOfKind(g, sessions->id, NodeKind::Diagnosis).size(), 0);
    const auto restart = childrenOfKind(g, sessions->id, NodeKind::Solution);
    QCOMPARE(restart.size(), 1);
    QCOMPARE(restart.first()->title, QStringLiteral("Resolution"));
}

void TestGuideImporter::aStepTitledByItsSentenceLosesALeadingThen()
{
    // "Then restart CoreDNS:" after a look: the fix is titled by what it asks, "Restart
    // CoreDNS", not by when. A "Then" that is no word of its own ("Thenable …") stays.
    const Guide g = importText(R"(# DNS

## Lookups for the tax service fail

The API logs `getaddrinfo EAI_AGAIN tax.partner.example.com`.

Check that the name resolves from a pod:

```bash
dig +short tax.partner.example.com
```

Then restart CoreDNS:

```bash
kubectl -n kube-system rollout restart deployment/coredns
```
)");
    const GuideNode *dns = findNode(g, NodeKind::Issue, QStringLiteral("Lookups for the tax service fail"));
    QVERIFY(dns);
    const auto fixes = childrenOfKind(g, dns->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), (QStringList{QStringLiteral("Restart CoreDNS")}));
    QVERIFY(g.body(*fixes.first()).startsWith(QStringLiteral("Then restart CoreDNS:")));
}

void TestGuideImporter::aHeadingThatSaysThingsTimeOutIsAnIssue()
{
    // "Lookups time out" says what "The lookup times out" says, of several: the heading names
    // an issue, its check is a diagnosis step and the quoted error finds it.
    const Guide g = importText(R"(# Checkout

## DNS lookups for the tax service time out

The API logs `getaddrinfo EAI_AGAIN tax.partner.example.com`.

Check that the name resolves from a pod:

```bash
dig +short tax.partner.example.com
```
)");
    const GuideNode *dns = findNode(g, NodeKind::Issue, QStringLiteral("DNS lookups for the tax service time out"));
    QVERIFY(dns);
    QCOMPARE(childrenOfKind(g, dns->id, NodeKind::Diagnosis).size(), 1);
    QCOMPARE(firstHit(g, QStringLiteral("getaddrinfo EAI_AGAIN tax.partner.example.com")), dns->id);
}

void TestGuideImporter::aFixLabelOverNothingToDoIsAnAside()
{
    // "Try:", "Action:", "Workaround:" over text that says nothing needs doing: an aside of the
    // issue, not one of its fixes.
    const Guide g = importText(R"(# Troubleshooting

## Login fails

The SSO session expired.

Try: it is fine to ignore this warning.

**Action:** none needed if the user can log in after clearing cookies.

**Fix:** clear the cookies and sign in again.

- **Workaround**: the banner is harmless; dismiss it.
)");
    const GuideNode *login = findNode(g, NodeKind::Issue, QStringLiteral("Login fails"));
    QVERIFY(login);
    QCOMPARE(titles(childrenOfKind(g, login->id, NodeKind::Solution)), QStringList{QStringLiteral("clear the cookies and sign in again.")});
    QCOMPARE(childrenOfKind(g, login->id, NodeKind::Solution).first()->order, 1);
    QCOMPARE(titles(childrenOfKind(g, login->id, NodeKind::Info)),
             (QStringList{QStringLiteral("it is fine to ignore this warning."),
                          QStringLiteral("none needed if the user can log in after clearing cookies."),
                          QStringLiteral("the banner is harmless; dismiss it.")}));
}

void TestGuideImporter::aFixThatIsOnlyABlockIsNamedByItsCommand()
{
    const Guide g = importText(R"(# Django

## Error: `relation "ledger_entry" does not exist`

**How to fix:**

```bash
$ python manage.py migrate
```

**Workaround:**

```bash
mysql -u root -pS3cretRoot! -e "SELECT 1"
```

**Fix:**

```yaml
migrate: true
```
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("relation \"ledger_entry\" does not exist"));
    QVERIFY(issue);
    const auto fixes = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 3);
    QCOMPARE(fixes.at(0)->title, QStringLiteral("python manage.py migrate"));
    // Masked, as every title is.
    QCOMPARE(fixes.at(1)->title, QStringLiteral("mysql -u root -p**** -e \"SELECT 1\""));
    // Configuration is no command to name a fix by.
    QCOMPARE(fixes.at(2)->title, QStringLiteral("Solution 3"));
}

void TestGuideImporter::aProblemInBoldThenAnArrowAndItsFix()
{
    // Quick-answer pages: "**problem** → solution", one paragraph each.
    const Guide g = importText(R"(# Android build troubleshooting

## Gradle sync

**Gradle sync fails: "Unsupported class file major version 65"** → You are running Gradle
with JDK 21. Set the Gradle JDK to **17**.

**INSTALL_FAILED_UPDATE_INCOMPATIBLE** -> A release build with another signature is
installed. Uninstall it first: `adb uninstall com.tripmate.app`.

**Why is the first build slow?** → The dependency cache is empty; later builds reuse it.

**Note** this paragraph is no entry.

**Retries** → 3 by default.

**Login page** -> shows the SSO button.
)");
    const GuideNode *sync = findNode(g, NodeKind::Issue, QStringLiteral("Gradle sync fails: \"Unsupported class file major version 65\""));
    QVERIFY(sync);
    const auto fixes = childrenOfKind(g, sync->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 1);
    QCOMPARE(fixes.first()->title, QStringLiteral("Set the Gradle JDK to 17."));
    // The fix's text starts after the arrow.
    QVERIFY(g.body(*fixes.first()).startsWith(QStringLiteral("You are running Gradle")));
    const GuideNode *install = findNode(g, NodeKind::Issue, QStringLiteral("INSTALL_FAILED_UPDATE_INCOMPATIBLE"));
    QVERIFY(install);
    const auto uninstall = childrenOfKind(g, install->id, NodeKind::Solution);
    QCOMPARE(uninstall.size(), 1);
    QCOMPARE(uninstall.first()->commands, (QStringList{QStringLiteral("adb uninstall com.tripmate.app")}));
    // An answer that only explains is the entry's text, not a fix.
    const GuideNode *slow = findNode(g, NodeKind::Issue, QStringLiteral("Why is the first build slow?"));
    QVERIFY(slow);
    QVERIFY(childrenOfKind(g, slow->id, NodeKind::Solution).isEmpty());
    QCOMPARE(int(std::count_if(g.nodes.cbegin(), g.nodes.cend(), [](const GuideNode &n) { return n.kind == NodeKind::Issue; })), 3);
    QCOMPARE(firstHit(g, QStringLiteral("Unsupported class file major version 65")), sync->id);
}

void TestGuideImporter::anArrowSplitsTheProblemFromItsFix()
{
    // The lines of "**problem** → fix" are the issue's text up to the arrow and its fix's after
    // it: neither repeats the other, however the lines are broken.
    const Guide g = importText(R"(# Android build troubleshooting

**Gradle sync fails: "Unsupported class file major version 65"** → You are running Gradle
with JDK 21. Set the Gradle JDK to **17**.

**The emulator does not
start** -> Enable hardware acceleration in the BIOS.

**`adb: device unauthorized` fails the install** =>
Run `adb kill-server`, then accept the RSA key prompt on the phone.

**Why is the first build slow?** → The dependency cache is empty; later builds reuse it.
)");
    const QList<const GuideNode *> issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 4);
    auto fixOf = [&](const GuideNode *issue) {
        const auto fixes = childrenOfKind(g, issue->id, NodeKind::Solution);
        return fixes.size() == 1 ? g.body(*fixes.first()) : QStringLiteral("(%1 fixes)").arg(fixes.size());
    };
    QCOMPARE(g.body(*issues.at(0)), QStringLiteral("**Gradle sync fails: \"Unsupported class file major version 65\"**"));
    QCOMPARE(fixOf(issues.at(0)), QStringLiteral("You are running Gradle\nwith JDK 21. Set the Gradle JDK to **17**."));
    QCOMPARE(g.body(*issues.at(1)), QStringLiteral("**The emulator does not\nstart**"));
    QCOMPARE(fixOf(issues.at(1)), QStringLiteral("Enable hardware acceleration in the BIOS."));
    QCOMPARE(g.body(*issues.at(2)), QStringLiteral("**`adb: device unauthorized` fails the install**"));
    QCOMPARE(fixOf(issues.at(2)), QStringLiteral("Run `adb kill-server`, then accept the RSA key prompt on the phone."));
    // An answer that only explains is the entry's own text, after its question.
    QCOMPARE(g.body(*issues.at(3)), QStringLiteral("**Why is the first build slow?** → The dependency cache is empty; later builds reuse it."));
    QCOMPARE(fixOf(issues.at(3)), QStringLiteral("(0 fixes)"));
}

void TestGuideImporter::labelsInQuotesAndUnderCauses()
{
    // A quote that opens with a part label is read as its text would be outside the quote (a
    // GitHub alert is one such quote). Under "Possible causes" or "### Causes", an item that
    // holds a label below its first line is a cause of its own, with its fix.
    const Guide g = importText(R"(# Worker guide

## Reports are late

> **Symptom:** the nightly report arrives after 9 am.
>
> **Solution:** move the report job off the backup node.

> Error: connection refused

## Login fails

**Possible causes:**

- The session store is down.
  **Fix:** start Redis with `sudo systemctl start redis`.
- The cookie expired.

  **Fix:** sign in again.

## Upload fails

### Causes

- **Cause:** the proxy limits bodies to 1 MB.
  **Fix:** raise `client_max_body_size`.
- The disk is full.
  - **Fix:** free space with `docker system prune`.

## Export fails

**Possible causes:**

- The export runs inside the web request.
- The date range lies in the future.
)");
    const GuideNode *reports = findNode(g, NodeKind::Issue, QStringLiteral("Reports are late"));
    QVERIFY(reports);
    QCOMPARE(titles(childrenOfKind(g, reports->id, NodeKind::Symptom)), QStringList{QStringLiteral("the nightly report arrives after 9 am.")});
    QCOMPARE(titles(childrenOfKind(g, reports->id, NodeKind::Solution)),
             QStringList{QStringLiteral("move the report job off the backup node.")});
    // A quote of output is no part, though it opens like a plain label; it is the fix's text.
    const QString fix = g.body(*childrenOfKind(g, reports->id, NodeKind::Solution).first());
    QVERIFY2(fix.endsWith(QStringLiteral("> Error: connection refused")), qPrintable(fix));

    const GuideNode *login = findNode(g, NodeKind::Issue, QStringLiteral("Login fails"));
    QVERIFY(login);
    QCOMPARE(titles(childrenOfKind(g, login->id, NodeKind::Cause)),
             (QStringList{QStringLiteral("The session store is down."), QStringLiteral("The cookie expired.")}));
    const auto loginFixes = childrenOfKind(g, login->id, NodeKind::Solution);
    QCOMPARE(titles(loginFixes), (QStringList{QStringLiteral("start Redis with sudo systemctl start redis."), QStringLiteral("sign in again.")}));
    QCOMPARE(loginFixes.first()->commands, QStringList{QStringLiteral("sudo systemctl start redis")});
    // Its text is what it says up to the label (its title, so no more): the fix is not in it.
    QVERIFY(g.body(*childrenOfKind(g, login->id, NodeKind::Cause).first()).isEmpty());

    const GuideNode *upload = findNode(g, NodeKind::Issue, QStringLiteral("Upload fails"));
    QVERIFY(upload);
    QCOMPARE(titles(childrenOfKind(g, upload->id, NodeKind::Cause)),
             (QStringList{QStringLiteral("the proxy limits bodies to 1 MB."), QStringLiteral("The disk is full.")}));
    const auto uploadFixes = childrenOfKind(g, upload->id, NodeKind::Solution);
    QCOMPARE(titles(uploadFixes),
             (QStringList{QStringLiteral("raise client_max_body_size."), QStringLiteral("free space with docker system prune.")}));
    QVERIFY2(!g.body(*uploadFixes.first()).contains(QStringLiteral("disk")), qPrintable(g.body(*uploadFixes.first())));

    // Causes with nothing under them are causes each too: the label says there are several.
    const GuideNode *exportIssue = findNode(g, NodeKind::Issue, QStringLiteral("Export fails"));
    QVERIFY(exportIssue);
    QCOMPARE(titles(childrenOfKind(g, exportIssue->id, NodeKind::Cause)),
             (QStringList{QStringLiteral("The export runs inside the web request."), QStringLiteral("The date range lies in the future.")}));
    // A singular cause keeps its list as its text: the factors of one cause.
    const Guide one = importText("# W\n\n## Export fails\n\n### Root cause\n\n- The export runs in the request.\n- Nothing queues it.\n");
    const auto rootCause = childrenOfKind(one, findNode(one, NodeKind::Issue, QStringLiteral("Export fails"))->id, NodeKind::Cause);
    QCOMPARE(rootCause.size(), 1);
    QVERIFY(one.body(*rootCause.first()).contains(QLatin1String("Nothing queues it.")));
}

void TestGuideImporter::htmlHeadingsAndErrorTables()
{
    // A guide written in HTML reads as its Markdown would: `<h3>` is a heading, and a
    // `<table>` of error | cause | fix rows an error table.
    const Guide g = importText(R"(# Payments

<h2>Checkout</h2>

<h3>Issue: Card declined on every payment</h3>

The gateway answers `card_declined`.

**Fix:** rotate the API key.

<h3>Webhooks <em>fail</em> with <code>401 Unauthorized</code></h3>

Check the signing secret.

<div>
<h3>Refunds are slow</h3>
</div>

<h2>Error reference</h2>

<table>
  <thead>
    <tr><th>Error</th><th>Likely cause</th><th>Fix</th></tr>
  </thead>
  <tbody>
    <tr>
      <td><code>ECONNREFUSED 127.0.0.1:6379</code></td>
      <td>Redis is down</td>
      <td>Start it: <code>sudo systemctl start redis</code></td>
    </tr>
    <tr><td>Token expired</td><td>The session outlived its token &amp; its refresh</td><td>Sign in again</td></tr>
  </tbody>
</table>

<table><tr><th>Setting</th><th>Default</th></tr><tr><td>timeout</td><td>30 s</td></tr></table>
)");
    const GuideNode *declined = findNode(g, NodeKind::Issue, QStringLiteral("Card declined on every payment"));
    QVERIFY(declined);
    QCOMPARE(titles(childrenOfKind(g, declined->id, NodeKind::Solution)), QStringList{QStringLiteral("rotate the API key.")});
    QCOMPARE(g.body(*declined), QStringLiteral("The gateway answers `card_declined`."));
    const GuideNode *checkout = findNode(g, NodeKind::Section, QStringLiteral("Checkout"));
    QVERIFY(checkout);
    QCOMPARE(g.children(checkout->id).first()->id, declined->id);
    // Its code quotes the error: the heading is that error's issue.
    const GuideNode *webhooks = findNode(g, NodeKind::Issue, QStringLiteral("Webhooks fail with 401 Unauthorized"));
    QVERIFY(webhooks);
    QCOMPARE(firstHit(g, QStringLiteral("401 Unauthorized")), webhooks->id);
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Refunds are slow")));

    const GuideNode *refused = findNode(g, NodeKind::Issue, QStringLiteral("ECONNREFUSED 127.0.0.1:6379"));
    QVERIFY(refused);
    QCOMPARE(refused->location.line, 26);
    QCOMPARE(g.children(findNode(g, NodeKind::Section, QStringLiteral("Error reference"))->id).first()->id, refused->id);
    QCOMPARE(titles(childrenOfKind(g, refused->id, NodeKind::Cause)), QStringList{QStringLiteral("Redis is down")});
    const auto start = childrenOfKind(g, refused->id, NodeKind::Solution);
    QCOMPARE(titles(start), QStringList{QStringLiteral("Start it: sudo systemctl start redis")});
    QCOMPARE(start.first()->commands, QStringList{QStringLiteral("sudo systemctl start redis")});
    QCOMPARE(firstHit(g, QStringLiteral("connect ECONNREFUSED 127.0.0.1:6379")), refused->id);
    const GuideNode *expired = findNode(g, NodeKind::Issue, QStringLiteral("Token expired"));
    QVERIFY(expired);
    QCOMPARE(titles(childrenOfKind(g, expired->id, NodeKind::Cause)), QStringList{QStringLiteral("The session outlived its token & its refresh")});
    // A table of anything else is text.
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 5);
}

void TestGuideImporter::checkTitlesComeFromComments()
{
    const Guide g = importText("## Quick Diagnostics\n\n### Health Check Endpoints\n\n```bash\n# API health\ncurl http://localhost:8000/health\n\ncurl http://localhost:8000/ready\n```\n");
    const GuideNode *diag = findNode(g, NodeKind::Diagnosis, QStringLiteral("Health Check Endpoints"));
    QVERIFY(diag);
    const auto checks = childrenOfKind(g, diag->id, NodeKind::Check);
    QCOMPARE(titles(checks), (QStringList{QStringLiteral("API health"), QStringLiteral("curl http://localhost:8000/ready")}));
    QCOMPARE(checks.at(0)->location.line, 7);
    QCOMPARE(checks.at(1)->location.line, 9);
}

void TestGuideImporter::nodesKeepLinesAndBodies()
{
    const QByteArray text("# T\n\nIntro line.\n\n## Section A\n\nText of A with a [link](#section-b).\n\n```bash\n# Not a heading\nls\n```\n\n## Section B\n\nText of B.\n");
    // Saved on Windows (CRLF) or on classic Mac OS (a carriage return alone), the guide reads
    // the same: the same lines, and bodies with plain newlines.
    QByteArray windows = text;
    windows.replace("\n", "\r\n");
    QByteArray mac = text;
    mac.replace('\n', '\r');
    for (const QByteArray &bytes : {text, windows, mac}) {
        const Guide g = importText(bytes);
        QCOMPARE(g.body(g.root()), QStringLiteral("Intro line."));
        const GuideNode *a = g.node(QStringLiteral("section-a"));
        QVERIFY(a);
        QCOMPARE(a->location.line, 5);
        QCOMPARE(g.body(*a), QStringLiteral("Text of A with a [link](#section-b).\n\n```bash\n# Not a heading\nls\n```"));
        QCOMPARE(a->location.file, QStringLiteral("guide.md"));
        QCOMPARE(g.node(QStringLiteral("section-b"))->location.line, 14);
        QCOMPARE(g.body(*g.node(QStringLiteral("section-b"))), QStringLiteral("Text of B."));
        const GuideEdge *link = edge(g, QStringLiteral("section-a"), QStringLiteral("link"));
        QVERIFY(link);
        QCOMPARE(link->to, QStringLiteral("section-b"));
        QCOMPARE(link->kind, GuideEdge::Kind::Link);
    }
}

void TestGuideImporter::explicitFormatBranches()
{
    const Guide g = importText(R"(---
triage: 1
id: pg
title: PostgreSQL
---

# PostgreSQL

## Issue: Refused

**Symptoms**

- `Connection refused`

### Check: Is it up?

```check
type: postgres
mode: ready
port: 5432
pass: "#outcome-fine"
fail: "#solution-start-it"
on:
  auth_failed: "#cause-bad-password"
```

### Solution: Start it

Then [check again](#check-is-it-up).

### Cause: Bad password

Wrong.

### Outcome: Fine

All good.
)",
                               QStringLiteral("pg.md"));
    QVERIFY(g.explicitFormat);
    QCOMPARE(g.id, QStringLiteral("pg"));
    QCOMPARE(g.title, QStringLiteral("PostgreSQL"));
    QVERIFY2(g.diagnostics.isEmpty(), qPrintable(g.diagnostics.value(0).toString()));
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Refused"));
    const GuideNode *check = g.node(QStringLiteral("check-is-it-up"));
    QVERIFY(issue && check);
    QCOMPARE(check->kind, NodeKind::Check);
    QCOMPARE(check->checks.size(), 1);
    QCOMPARE(check->checks.first().param(QStringLiteral("port")), QStringLiteral("5432"));
    QCOMPARE(check->checks.first().params.value(QStringLiteral("port")).typeId(), QMetaType::Int);
    const GuideEdge *start = edge(g, issue->id, QStringLiteral("start"));
    QVERIFY(start);
    QCOMPARE(start->to, check->id);
    QCOMPARE(edge(g, check->id, QStringLiteral("pass"))->to, QStringLiteral("outcome-fine"));
    QCOMPARE(edge(g, check->id, QStringLiteral("fail"))->to, QStringLiteral("solution-start-it"));
    QCOMPARE(edge(g, check->id, QStringLiteral("auth_failed"))->to, QStringLiteral("cause-bad-password"));
    QCOMPARE(edge(g, check->id, QStringLiteral("pass"))->kind, GuideEdge::Kind::Branch);
    QCOMPARE(edge(g, QStringLiteral("solution-start-it"), QStringLiteral("check again"))->to, check->id);
    // Flow steps are not contained by the issue: only branches reach them.
    QVERIFY(!g.parent(QStringLiteral("solution-start-it")));
    QCOMPARE(childrenOfKind(g, issue->id, NodeKind::Symptom).size(), 1);
}

void TestGuideImporter::explicitFormatQuestions()
{
    const Guide g = importText(R"(---
triage: 1
id: q
---
# Q

### Question: Which port?

- [5432](#info-postgres)
- [6379, the Redis one](#info-redis)

### Info: Postgres
x
### Info: Redis
y
)");
    const GuideNode *q = g.node(QStringLiteral("question-which-port"));
    QVERIFY(q);
    QCOMPARE(q->kind, NodeKind::Question);
    QCOMPARE(edge(g, g.root().id, QStringLiteral("start"))->to, q->id);
    const GuideEdge *a = edge(g, q->id, QStringLiteral("6379, the Redis one"));
    QVERIFY(a);
    QCOMPARE(a->kind, GuideEdge::Kind::Answer);
    QCOMPARE(a->to, QStringLiteral("info-redis"));
}

void TestGuideImporter::frontMatterErrorsAreReported()
{
    const Guide g = importText("---\ntriage: 1\nid: [unclosed\n---\n# T\n", QStringLiteral("bad.md"));
    QCOMPARE(g.diagnostics.size(), 1);
    const GuideDiagnostic &d = g.diagnostics.first();
    QCOMPARE(d.code, QStringLiteral("bad-front-matter"));
    QCOMPARE(d.location.file, QStringLiteral("bad.md"));
    QCOMPARE(d.location.line, 3);
    QCOMPARE(g.title, QStringLiteral("T"));
    const Guide v = importText("---\ntriage: 7\nid: x\n---\n# T\n");
    QVERIFY(v.diagnostics.first().message.contains(QStringLiteral("version")));
}

void TestGuideImporter::unreadableFilesAreDiagnostics()
{
    const Guide missing = GuideImporter::importFile(QStringLiteral("/nonexistent/guide.md"));
    QCOMPARE(missing.diagnostics.size(), 1);
    QVERIFY(missing.diagnostics.first().isError());
    QVERIFY(missing.diagnostics.first().message.contains(QStringLiteral("not found")));
    QCOMPARE(missing.nodes.size(), 1);
    GuideFiles files;
    files.write(QStringLiteral("dir.md/x"), "x");
    const Guide dir = GuideImporter::importFile(files.path(QStringLiteral("dir.md")));
    QVERIFY(dir.diagnostics.first().message.contains(QStringLiteral("folder")));
}

void TestGuideImporter::errorHeadingsBecomeIssues_data()
{
    QTest::addColumn<QByteArray>("heading");
    QTest::addColumn<QString>("issue");   // empty: not an issue
    QTest::addColumn<QString>("symptom");
    QTest::newRow("errno in code") << QByteArray("### `ECONNREFUSED 127.0.0.1:5432`") << QStringLiteral("ECONNREFUSED 127.0.0.1:5432")
                                   << QStringLiteral("ECONNREFUSED 127.0.0.1:5432");
    QTest::newRow("Error: prefix") << QByteArray("### Error: `Cannot find module 'express'` on start")
                                   << QStringLiteral("Cannot find module 'express' on start") << QStringLiteral("Cannot find module 'express'");
    QTest::newRow("Error – prefix, no code") << QByteArray("### ERROR \xE2\x80\x93 disk quota exceeded")
                                             << QStringLiteral("disk quota exceeded") << QStringLiteral("disk quota exceeded");
    QTest::newRow("postgres FATAL") << QByteArray("### `FATAL: password authentication failed for user \"app\"`")
                                    << QStringLiteral("FATAL: password authentication failed for user \"app\"")
                                    << QStringLiteral("FATAL: password authentication failed for user \"app\"");
    QTest::newRow("exception type") << QByteArray("### `ModuleNotFoundError: No module named 'psycopg2'`")
                                    << QStringLiteral("ModuleNotFoundError: No module named 'psycopg2'")
                                    << QStringLiteral("ModuleNotFoundError: No module named 'psycopg2'");
    QTest::newRow("HTTP status") << QByteArray("### `502 Bad Gateway`") << QStringLiteral("502 Bad Gateway") << QStringLiteral("502 Bad Gateway");
    QTest::newRow("Error: with a state in code") << QByteArray("### Error: Celery tasks stay `PENDING` forever")
                                                 << QStringLiteral("Celery tasks stay PENDING forever")
                                                 << QStringLiteral("Celery tasks stay PENDING forever");
    // The number that orders the page is no part of the title.
    QTest::newRow("numbered") << QByteArray("### 2. `PSQLException: Connection to localhost:5432 refused`")
                              << QStringLiteral("PSQLException: Connection to localhost:5432 refused")
                              << QStringLiteral("PSQLException: Connection to localhost:5432 refused");
    QTest::newRow("numbered, words first") << QByteArray("### 1. Application fails to start: `Failed to configure a DataSource`")
                                           << QStringLiteral("Application fails to start: Failed to configure a DataSource")
                                           << QStringLiteral("Failed to configure a DataSource");
    QTest::newRow("a command") << QByteArray("### `lsof -i :3000`") << QString() << QString();
    QTest::newRow("a variable") << QByteArray("### `DATABASE_URL`") << QString() << QString();
    QTest::newRow("a few words around it") << QByteArray("### If you see `SSL: CERTIFICATE_VERIFY_FAILED`")
                                           << QStringLiteral("If you see SSL: CERTIFICATE_VERIFY_FAILED")
                                           << QStringLiteral("SSL: CERTIFICATE_VERIFY_FAILED");
    QTest::newRow("a command in words") << QByteArray("### Using `pg_isready` in scripts") << QString() << QString();
    QTest::newRow("an error in a long sentence")
        << QByteArray("### How the retry policy of the HTTP client behaves when the upstream answers `502 Bad Gateway`")
        << QString() << QString();
    QTest::newRow("error as a word") << QByteArray("### Error handling") << QString() << QString();
}

void TestGuideImporter::errorHeadingsBecomeIssues()
{
    // Many guides title an entry with the error itself: it is an issue, and the error is its
    // symptom, so that pasting the error finds it.
    QFETCH(QByteArray, heading);
    QFETCH(QString, issue);
    QFETCH(QString, symptom);
    const Guide g = importText("# API\n\n## Common errors\n\n" + heading + "\n\nRestart the service.\n");
    const QList<const GuideNode *> issues = g.nodesOfKind(NodeKind::Issue);
    if (issue.isEmpty()) {
        QVERIFY2(issues.isEmpty(), qPrintable(titles(issues).join(QLatin1Char('|'))));
        return;
    }
    QCOMPARE(titles(issues), QStringList{issue});
    QCOMPARE(issues.first()->location.line, 5);
    QCOMPARE(g.parent(issues.first()->id)->title, QStringLiteral("Common errors"));
    QCOMPARE(g.body(*issues.first()), QStringLiteral("Restart the service."));
    const auto symptoms = childrenOfKind(g, issues.first()->id, NodeKind::Symptom);
    QCOMPARE(titles(symptoms), QStringList{symptom});
    QCOMPARE(g.body(*symptoms.first()), QStringLiteral("```\n%1\n```").arg(symptom));
    QVERIFY(g.diagnostics.isEmpty());
}

void TestGuideImporter::blockedAndDisconnectsNameFailures()
{
    // "blocked" and "disconnects" say what fails, as "refused" and "dropped" do: a plain
    // heading with them is an issue, and the error its text quotes finds it.
    const Guide g = importText(R"(# Network

## Port 5432 blocked to the reporting database

You get `psql: error: connection to server at "reports-db.internal", port 5432 failed: Connection refused`.

1. Check the port: `nc -z reports-db.internal 5432`
2. Ask #infra to add the VPN range to the security group.

## VPN disconnects every few minutes

Lower the tunnel MTU with `sudo ip link set dev tun0 mtu 1300`.
)");
    const GuideNode *blocked = findNode(g, NodeKind::Issue, QStringLiteral("Port 5432 blocked to the reporting database"));
    QVERIFY(blocked);
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("VPN disconnects every few minutes")));
    QCOMPARE(firstHit(g, QStringLiteral("psql: error: connection to server at \"reports-db.internal\", port 5432 failed: Connection refused")),
             blocked->id);
}

void TestGuideImporter::fixTableUnderAFixLabelIsOneFixARow()
{
    // A fix's label over a table of what is seen and what to do: each row is a fix of its own,
    // in order, titled by what to do; its text says when, and code of more than a word in it
    // is a command to copy. A table of other columns under the label stays the fix's text.
    const Guide g = importText(R"(# KB

## Installer fails with error 1603

**Symptom:** the installer rolls back.

**Resolution**

| If the log shows | Do this |
|---|---|
| `Error 1925` | Run the installer as administrator. |
| `Error 2503` | Re-register Windows Installer: `msiexec /unregister` then `msiexec /regserver`. |

## Upgrade fails

**Fix:**

| Version | Notes |
|---|---|
| 5.4 | Upgrade from 5.2 first. |
| 5.2 | Any. |
)");
    const GuideNode *msi = findNode(g, NodeKind::Issue, QStringLiteral("Installer fails with error 1603"));
    QVERIFY(msi);
    const auto fixes = childrenOfKind(g, msi->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), (QStringList{QStringLiteral("Run the installer as administrator."),
                                         QStringLiteral("Re-register Windows Installer: msiexec /unregister then msiexec /regserver.")}));
    QCOMPARE(fixes.at(0)->order, 1);
    QCOMPARE(fixes.at(1)->order, 2);
    QCOMPARE(g.body(*fixes.at(0)), QStringLiteral("Error 1925: Run the installer as administrator."));
    QCOMPARE(fixes.at(1)->commands, (QStringList{QStringLiteral("msiexec /unregister"), QStringLiteral("msiexec /regserver")}));

    const GuideNode *upgrade = findNode(g, NodeKind::Issue, QStringLiteral("Upgrade fails"));
    QVERIFY(upgrade);
    const auto upgradeFixes = childrenOfKind(g, upgrade->id, NodeKind::Solution);
    QCOMPARE(upgradeFixes.size(), 1);
    QVERIFY2(g.body(*upgradeFixes.first()).contains(QStringLiteral("| 5.4 |")), qPrintable(g.body(*upgradeFixes.first())));
}

void TestGuideImporter::howToConfirmIsADiagnosisPart()
{
    // "How to confirm" says how to look into the problem, as "How to check" does: as a fold's
    // summary or a bold label, it opens a diagnosis step, whose probe is a check.
    const Guide g = importText(R"(# VPN

## VPN disconnects every few minutes

Often caused by MTU problems on hotel networks.

<details>
<summary>How to confirm</summary>

Check that the gateway answers:

```bash
nc -z vpn-gw.internal 443
```

</details>

**Solution:** lower the tunnel MTU with `sudo ip link set dev tun0 mtu 1300`.

## Packets are dropped

**How to confirm:** `ping -c 3 10.20.0.1` loses packets.

**Fix:** reconnect.
)");
    const GuideNode *vpn = findNode(g, NodeKind::Issue, QStringLiteral("VPN disconnects every few minutes"));
    QVERIFY(vpn);
    const auto steps = childrenOfKind(g, vpn->id, NodeKind::Diagnosis);
    QCOMPARE(steps.size(), 1);
    QVERIFY(childrenOfKind(g, vpn->id, NodeKind::Info).isEmpty());
    QCOMPARE(childrenOfKind(g, steps.first()->id, NodeKind::Check).size(), 1);
    const GuideNode *dropped = findNode(g, NodeKind::Issue, QStringLiteral("Packets are dropped"));
    QVERIFY(dropped);
    QCOMPARE(childrenOfKind(g, dropped->id, NodeKind::Diagnosis).size(), 1);
    QCOMPARE(childrenOfKind(g, dropped->id, NodeKind::Solution).size(), 1);
}

void TestGuideImporter::checkingListEndsAStatedSymptom()
{
    // A symptom stated on its label's line, then a list whose items ask to check something:
    // the items are diagnosis steps whose commands are checks, not more symptoms. An item
    // that asks a question is never a fix, even one with a verb in it ("stop").
    const Guide g = importText(R"(# VPN

## Connections to internal services time out

**What you see:** web pages hang, `curl` times out.

Work through these in order:

1. Is the host reachable at all?
   ```bash
   nc -z -w 3 grafana.internal 443
   ```
2. Where does the route stop?
   ```bash
   traceroute -n grafana.internal
   ```
3. Does the service answer over HTTP?
   ```bash
   curl -sv https://grafana.internal/api/health
   ```

**Fix:** add the route with `sudo ip route add 10.20.0.0/16 dev tun0`.

## Login fails

**Symptoms:**

- Is slow to answer
- Does not accept the password
)");
    const GuideNode *timeout = findNode(g, NodeKind::Issue, QStringLiteral("Connections to internal services time out"));
    QVERIFY(timeout);
    QCOMPARE(titles(childrenOfKind(g, timeout->id, NodeKind::Symptom)), QStringList{QStringLiteral("web pages hang, curl times out.")});
    const auto steps = childrenOfKind(g, timeout->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), (QStringList{QStringLiteral("Is the host reachable at all?"), QStringLiteral("Does the service answer over HTTP?")}));
    QCOMPARE(childrenOfKind(g, steps.at(0)->id, NodeKind::Check).first()->checks.first().type, QStringLiteral("tcp"));
    QCOMPARE(childrenOfKind(g, steps.at(1)->id, NodeKind::Check).first()->checks.first().type, QStringLiteral("http"));
    QCOMPARE(titles(childrenOfKind(g, timeout->id, NodeKind::Solution)),
             QStringList{QStringLiteral("add the route with sudo ip route add 10.20.0.0/16 dev tun0.")});

    // A label with no text of its own over a list: the items are the symptoms.
    const GuideNode *login = findNode(g, NodeKind::Issue, QStringLiteral("Login fails"));
    QVERIFY(login);
    QCOMPARE(childrenOfKind(g, login->id, NodeKind::Symptom).size(), 2);
    QVERIFY(childrenOfKind(g, login->id, NodeKind::Diagnosis).isEmpty());
}

void TestGuideImporter::unlabelledStepsUnderANamedProblemThatQuotesItsError()
{
    // A heading that names a problem ("Database connection errors") is an issue once its text
    // quotes the error: the sentence that leads into a look at it is a diagnosis step, with
    // the checks of its commands, as under a heading that says what fails.
    const Guide g = importText(R"(# shipyard

## 3. Troubleshooting

### 3.2 Database connection errors

If the cache is unreachable, `shipyard build` prints:

```
shipyard: cache: dial tcp 10.0.4.12:5432: connect: connection refused
```

Check the database with:

```bash
pg_isready -h cache-db.internal -p 5432
nc -zv cache-db.internal 5432
```
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(titles(childrenOfKind(g, issues.first()->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("shipyard: cache: dial tcp 10.0.4.12:5432: connect: connection refused")});
    const auto diagnosis = childrenOfKind(g, issues.first()->id, NodeKind::Diagnosis);
    QCOMPARE(diagnosis.size(), 1);
    QCOMPARE(childrenOfKind(g, diagnosis.first()->id, NodeKind::Check).size(), 2);
}

void TestGuideImporter::lookAskedInAnIssuesProse()
{
    // A sentence of an issue's own text that asks to look, with a command in it: a diagnosis
    // step with that check. The paragraph stays the issue's text; the error it quotes is the
    // issue's symptom; a command in another sentence ("start it with `npm run dev`") is none.
    const Guide g = importText(R"(# Contributing

## Tests time out calling the dev server

Jest prints `Exceeded timeout of 5000 ms for a test.` for every test. Check it with
`curl -fsS http://localhost:8080/healthz`; if that fails, start it with `npm run dev`.

## Redis connection refused

The relay needs a local Redis. Check whether one runs with `redis-cli -a Sup3rSecret ping`.

## Setup

Check the version with `node --version`.
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QStringLiteral("Tests time out calling the dev server"), QStringLiteral("Redis connection refused")}));
    QCOMPARE(titles(childrenOfKind(g, issues.at(0)->id, NodeKind::Symptom)), QStringList{QStringLiteral("Exceeded timeout of 5000 ms for a test.")});
    const auto look = childrenOfKind(g, issues.at(0)->id, NodeKind::Diagnosis);
    QCOMPARE(titles(look), QStringList{QStringLiteral("Check it with curl -fsS http://localhost:8080/healthz")});
    const auto checks = childrenOfKind(g, look.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("http"));
    QVERIFY2(g.body(*issues.at(0)).contains(QStringLiteral("Check it with")), qPrintable(g.body(*issues.at(0))));
    // A password in the sentence is masked in the step and its check.
    const auto redis = childrenOfKind(g, issues.at(1)->id, NodeKind::Diagnosis);
    QCOMPARE(redis.size(), 1);
    QVERIFY(!redis.first()->title.contains(QStringLiteral("Sup3rSecret")));
    QVERIFY(!g.body(*redis.first()).contains(QStringLiteral("Sup3rSecret")));
    const auto redisCheck = childrenOfKind(g, redis.first()->id, NodeKind::Check);
    QCOMPARE(redisCheck.size(), 1);
    QVERIFY(!g.body(*redisCheck.first()).contains(QStringLiteral("Sup3rSecret")));
}

void TestGuideImporter::toFixItOpensTheFix()
{
    // "To fix it:" over numbered steps is a fix's label, as "To fix:" is: the steps are the
    // issue's solution, not more of the look before them.
    const Guide g = importText(R"(# shipyard

### Registry login fails

`shipyard push` prints `Error: unauthorized: authentication required`.

Check that the registry answers:

```bash
curl -sI https://registry.example.com/v2/
```

To fix it:

1. Create a new token in the registry UI.
2. Run `shipyard login` again.
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 1);
    const auto look = childrenOfKind(g, issues.first()->id, NodeKind::Diagnosis);
    QCOMPARE(look.size(), 1);
    QVERIFY2(!g.body(*look.first()).contains(QStringLiteral("Create a new token")), qPrintable(g.body(*look.first())));
    const auto fix = childrenOfKind(g, issues.first()->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("Create a new token in the registry UI.")});
    QVERIFY2(g.body(*fix.first()).contains(QStringLiteral("2. Run `shipyard login` again.")), qPrintable(g.body(*fix.first())));
}

void TestGuideImporter::fixAfterItsConditionLeadsIntoCode()
{
    // "If it doesn't, start one with Docker:" over a command is a fix, as "Start one with
    // Docker:" is; the look asked for before it in the same paragraph is a step before it.
    const Guide g = importText(R"(# Contributing

## Redis connection refused on startup

The relay needs a local Redis. Check whether one is running with `redis-cli ping`. If it
doesn't, start one with Docker:

```bash
docker run -d --name relay-redis -p 6379:6379 redis:7
```
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 1);
    const auto look = childrenOfKind(g, issues.first()->id, NodeKind::Diagnosis);
    QCOMPARE(titles(look), QStringList{QStringLiteral("Check whether one is running with redis-cli ping.")});
    QCOMPARE(childrenOfKind(g, look.first()->id, NodeKind::Check).size(), 1);
    const auto fix = childrenOfKind(g, issues.first()->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("If it doesn't, start one with Docker")});
    QVERIFY(fix.first()->commands.contains(QStringLiteral("docker run -d --name relay-redis -p 6379:6379 redis:7")));
    // The look comes first.
    QVERIFY(g.indexOf(look.first()->id) < g.indexOf(fix.first()->id));
}

void TestGuideImporter::checkingAdviceEndsALabelledSymptom()
{
    // "**What you see:**" states the symptom; a sentence after it that asks to check something
    // and leads into code is a diagnosis step, as it is with no label before it. Other text
    // and code after the label stay the symptom's.
    const Guide g = importText(R"(# VPN

## Internal names do not resolve

**What you see:** `ping jira.internal` prints `Name or service not known`.

Check which DNS server answers:

```bash
dig jira.internal
dig @10.20.0.2 jira.internal
```

If the second answers and the first does not, the resolver skips the VPN's DNS.

## Connections time out

**What you see:** pages hang and curl prints:

```
curl: (28) Failed to connect to grafana.internal port 443 after 75003 ms
```

Pages that do load are slow as well.
)");
    const GuideNode *dns = findNode(g, NodeKind::Issue, QStringLiteral("Internal names do not resolve"));
    QVERIFY(dns);
    const auto symptoms = childrenOfKind(g, dns->id, NodeKind::Symptom);
    QCOMPARE(symptoms.size(), 1);
    QVERIFY2(!g.body(*symptoms.first()).contains(QStringLiteral("dig")), qPrintable(g.body(*symptoms.first())));
    const auto steps = childrenOfKind(g, dns->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), QStringList{QStringLiteral("Check which DNS server answers")});
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 2);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("dns"));

    // No sentence that asks to check: the quoted output is the symptom's.
    const GuideNode *slow = findNode(g, NodeKind::Issue, QStringLiteral("Connections time out"));
    QVERIFY(slow);
    QVERIFY(childrenOfKind(g, slow->id, NodeKind::Diagnosis).isEmpty());
    const auto seen = childrenOfKind(g, slow->id, NodeKind::Symptom);
    QCOMPARE(seen.size(), 1);
    QVERIFY2(g.body(*seen.first()).contains(QStringLiteral("curl: (28)")), qPrintable(g.body(*seen.first())));
}

void TestGuideImporter::unlabelledDiagnosisInAnIssue()
{
    // An issue's own text, with no Diagnosis label: a sentence that asks to check something
    // and leads into a code block is a diagnosis step, and its probes are checks. Anything
    // else in the text stays the issue's.
    const Guide g = importText(R"(# Runbook

### `ECONNREFUSED 127.0.0.1:5432`

The API cannot reach the database.

Check that PostgreSQL accepts connections:

```bash
pg_isready -h localhost -p 5432
```

If it does not, start it.

### Issue: Port 3000 is taken

Restart the old server with:

```bash
lsof -i :3000
```

Look at the logs.

```bash
curl -s http://localhost:3000/health
```
)");
    const GuideNode *refused = findNode(g, NodeKind::Issue, QStringLiteral("ECONNREFUSED 127.0.0.1:5432"));
    QVERIFY(refused);
    QCOMPARE(g.body(*refused), QStringLiteral("The API cannot reach the database."));
    const auto steps = childrenOfKind(g, refused->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), QStringList{QStringLiteral("Check that PostgreSQL accepts connections")});
    QCOMPARE(steps.first()->location.line, 7);
    QVERIFY2(g.body(*steps.first()).startsWith(QStringLiteral("Check that PostgreSQL accepts connections:\n\n```bash")),
             qPrintable(g.body(*steps.first())));
    QVERIFY(g.body(*steps.first()).endsWith(QStringLiteral("If it does not, start it.")));
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("postgres"));
    QCOMPARE(checks.first()->checks.first().param(QStringLiteral("port")), QStringLiteral("5432"));

    // Advice to change something, or a sentence that does not lead into the code, is not a
    // diagnosis step: those commands stay commands to copy.
    const GuideNode *port = findNode(g, NodeKind::Issue, QStringLiteral("Port 3000 is taken"));
    QVERIFY(port);
    QVERIFY(childrenOfKind(g, port->id, NodeKind::Diagnosis).isEmpty());
    QVERIFY(port->checks.isEmpty());
    QCOMPARE(port->commands, (QStringList{QStringLiteral("lsof -i :3000"), QStringLiteral("curl -s http://localhost:3000/health")}));

    // After such a step, a sentence that asks to change something and leads into code is a
    // solution: its commands are never checks, even one that could be a probe.
    const Guide fix = importText(R"(# Runbook

### `ECONNREFUSED 127.0.0.1:5432`

Check that the database is running:

```bash
pg_isready -h localhost -p 5432
```

If it is not, restart it and clear the stale pid file:

```bash
sudo systemctl restart postgresql
curl -s http://localhost:9200/health
```

Then try again.
)");
    const GuideNode *issue = fix.nodesOfKind(NodeKind::Issue).first();
    QCOMPARE(childrenOfKind(fix, issue->id, NodeKind::Diagnosis).size(), 1);
    const auto solutions = childrenOfKind(fix, issue->id, NodeKind::Solution);
    QCOMPARE(titles(solutions), QStringList{QStringLiteral("If it is not, restart it and clear the stale pid file")});
    QCOMPARE(solutions.first()->order, 1);
    QVERIFY(childrenOfKind(fix, solutions.first()->id, NodeKind::Check).isEmpty());
    QCOMPARE(solutions.first()->commands.size(), 2);
    QVERIFY(fix.body(*solutions.first()).endsWith(QStringLiteral("Then try again.")));
    QVERIFY(!fix.body(*childrenOfKind(fix, issue->id, NodeKind::Diagnosis).first()).contains(QStringLiteral("restart")));
}

void TestGuideImporter::detailsSummariesAreHeadings()
{
    // GitHub folds <details>; a guide may use one per entry, nested, with the tags on their own
    // lines or run together.
    const Guide g = importText(R"(# Widget API

## Startup

Read this first.

<details>
<summary><code>Error: listen EADDRINUSE: address already in use :::3000</code></summary>

Check what holds the port:

```bash
lsof -i :3000
```

</details>
<details><summary>The server starts but <b>health</b> fails</summary>
Run the health check and read the body.
</details>

<details>
<summary>Database &amp; cache&#x2026;</summary>

<details>
<summary>Error: <code>ECONNREFUSED 127.0.0.1:6379</code></summary>

Check Redis:

```bash
redis-cli -p 6379 ping
```

</details>

Outer tail.

</details>

After the folds.

## Startup

Again.
)");
    const GuideNode *startup = findNode(g, NodeKind::Section, QStringLiteral("Startup"));
    QVERIFY(startup);
    // Its text before the folds and after them; the folds' text is theirs.
    QCOMPARE(g.body(*startup), QStringLiteral("Read this first.\n\nAfter the folds."));
    const GuideNode *inUse = findNode(g, NodeKind::Issue, QStringLiteral("EADDRINUSE"));
    QVERIFY(inUse);
    QCOMPARE(inUse->title, QStringLiteral("Error: listen EADDRINUSE: address already in use :::3000"));
    QCOMPARE(inUse->location.line, 8);
    QCOMPARE(g.parent(inUse->id), startup);
    QCOMPARE(titles(childrenOfKind(g, inUse->id, NodeKind::Symptom)), QStringList{inUse->title});
    const auto steps = childrenOfKind(g, inUse->id, NodeKind::Diagnosis);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(g.body(*steps.first()), QStringLiteral("Check what holds the port:\n\n```bash\nlsof -i :3000\n```"));
    QCOMPARE(childrenOfKind(g, steps.first()->id, NodeKind::Check).first()->checks.first().type, QStringLiteral("port"));

    // It says what fails, so it is an issue, though nothing under it says so.
    const GuideNode *health = findNode(g, NodeKind::Issue, QStringLiteral("The server starts but health fails"));
    QVERIFY(health);
    QCOMPARE(g.parent(health->id), startup);
    QCOMPARE(g.body(*health), QStringLiteral("Run the health check and read the body."));

    const GuideNode *group = findNode(g, NodeKind::Section, QStringLiteral("Database & cache\u2026"));
    QVERIFY(group);
    QCOMPARE(g.body(*group), QStringLiteral("Outer tail."));
    QCOMPARE(g.parent(group->id), startup);
    const auto nested = childrenOfKind(g, group->id, NodeKind::Issue);
    QCOMPARE(titles(nested), QStringList{QStringLiteral("ECONNREFUSED 127.0.0.1:6379")});
    QCOMPARE(titles(childrenOfKind(g, nested.first()->id, NodeKind::Symptom)), QStringList{QStringLiteral("ECONNREFUSED 127.0.0.1:6379")});
    const auto redisStep = childrenOfKind(g, nested.first()->id, NodeKind::Diagnosis);
    QCOMPARE(childrenOfKind(g, redisStep.first()->id, NodeKind::Check).first()->checks.first().type, QStringLiteral("redis"));

    // Summaries have no anchor on GitHub, so the second "Startup" heading is still #startup-1.
    const GuideNode *again = g.node(g.nodeForAnchor(QStringLiteral("startup-1")));
    QVERIFY(again);
    QCOMPARE(again->location.line, 41);
    QCOMPARE(g.body(*again), QStringLiteral("Again."));
    QCOMPARE(g.parent(again->id), &g.root());
    QVERIFY(g.nodeForAnchor(QStringLiteral("database--cache")).isEmpty());
    QVERIFY(g.diagnostics.isEmpty());

    // A summary's id lives under its container's, so a heading with the same words keeps the
    // id its anchor gives it; an unclosed '<' in a summary is text.
    const Guide same = importText("# T\n\n## A\n\n<details><summary>Setup a<b</summary>\n\nx\n\n</details>\n\n## Setup a<b\n\ny\n");
    const QList<const GuideNode *> both = same.nodesOfKind(NodeKind::Info);
    QCOMPARE(titles(both), (QStringList{QStringLiteral("Setup a<b"), QStringLiteral("Setup a<b")}));
    QCOMPARE(both.first()->id, QStringLiteral("a/setup-ab"));
    QCOMPARE(both.last()->id, QStringLiteral("setup-ab"));
    QCOMPARE(same.nodeForAnchor(QStringLiteral("setup-ab")), both.last()->id);

    // A fold written on one line keeps its text; so does one whose text starts on the
    // summary's line and goes on below it.
    const Guide oneLine = importText("# FAQ\n\n## Connections\n\n"
                                     "<details><summary>Why is it refused?</summary> The server is down; start it. </details>\n"
                                     "<details><summary>Can I use SSL?</summary>Yes, set <code>sslmode</code>.\n"
                                     "Then reconnect.\n</details>\n"
                                     "<details><summary>Empty</summary></details>\n\nAfter the folds.\n");
    const QList<const GuideNode *> folds = oneLine.nodesOfKind(NodeKind::Info);
    QCOMPARE(titles(folds), (QStringList{QStringLiteral("Can I use SSL?"), QStringLiteral("Empty")}));
    const GuideNode *refused = findNode(oneLine, NodeKind::Issue, QStringLiteral("Why is it refused?"));
    QVERIFY(refused);
    QCOMPARE(oneLine.body(*refused), QStringLiteral("The server is down; start it."));
    QCOMPARE(oneLine.body(*folds.at(0)), QStringLiteral("Yes, set <code>sslmode</code>.\nThen reconnect."));
    QCOMPARE(oneLine.body(*folds.at(1)), QString());
    const GuideNode *section = findNode(oneLine, NodeKind::Section, QStringLiteral("Connections"));
    QVERIFY(section);
    QCOMPARE(oneLine.body(*section), QStringLiteral("After the folds."));

    // Text after `</details>` on its line is the enclosing node's, not lost; when several
    // folds close on one line, the text after the last tag is, once.
    const Guide after = importText("# FAQ\n\n## Connections\n\nIntro.\n\n"
                                   "<details><summary>Why is it refused?</summary> Down. </details> See the runbook too.\n"
                                   "<details><summary>Multi</summary>\n\nLong answer.\n\n</details> And the wiki.\n\n"
                                   "Closing words.\n\n"
                                   "## Pools\n\n"
                                   "<details><summary>One</summary>First.</details><details><summary>Two</summary>Second.</details> Both.\n"
                                   "Then more.\n\n"
                                   "## Nested\n\n"
                                   "<details><summary>Outer</summary>\n\n<details><summary>Inner</summary>Deep.</details></details> Outside both.\n"
                                   "Still outside.\n\n"
                                   "## Between\n\n"
                                   "<details><summary>Three</summary>Third.</details> Or read this. <details><summary>Four</summary>Fourth.</details>\n"
                                   "- Listed\n"
                                   "  <details><summary>Five</summary>Fifth.</details> In the list. <details><summary>Six</summary>Sixth.</details>\n\n"
                                   "## Stray\n\n"
                                   "<details><summary>Seven</summary>Seventh.</details></details> After the stray one.\n"
                                   "<details><summary>Eight</summary>Eighth.</details> x <details>Unfolded</details> y\n\n"
                                   "## Listed\n\n- **Solutions**:\n\n"
                                   "\t<details><summary>Nine</summary>Ninth.</details> In the tab. <details><summary>Ten</summary>Tenth.</details>\n\n"
                                   "  <details><summary>Eleven</summary>Eleventh.</details> In spaces.\n\n"
                                   "## Closing lines\n\n<details>\n<summary>Why?</summary>\nBecause the pool is small.</details>\n"
                                   "<details>\n<summary>Outer two</summary>\n\n<details>\n<summary>Inner two</summary>\nInner text</details>\n"
                                   "Outer text</details>\nAfter.\nSee also: <details><summary>Linked</summary>linked.</details>\n\n"
                                   "## Summaries on lines of their own\n\n<details>\n<summary>More info</summary>Because too.</details>\n"
                                   "<details><summary>\nWhy not?\n</summary>Because.</details>\n"
                                   "<details><summary>Empty\nfold</summary></details>\n\n"
                                   "## Same line\n\n<details><summary>A</summary>First.</details> mid <details><summary>B</summary>\nB body.\n"
                                   "</details>\nAfter B.\n\n"
                                   "<details><summary>Outer one</summary>Intro <details><summary>Inner one</summary>Deep.</details></details> Tail.\n\n"
                                   "<details><summary>P</summary>p.</details> <details> </details> q <details><summary>R</summary>r.</details>\n");
    const GuideNode *connections = findNode(after, NodeKind::Section, QStringLiteral("Connections"));
    QVERIFY(connections);
    QCOMPARE(after.body(*connections), QStringLiteral("Intro.\n\nSee the runbook too.\n\nAnd the wiki.\n\nClosing words."));
    const GuideNode *down = findNode(after, NodeKind::Issue, QStringLiteral("Why is it refused?"));
    QVERIFY(down);
    QCOMPARE(after.body(*down), QStringLiteral("Down."));
    const GuideNode *multi = findNode(after, NodeKind::Info, QStringLiteral("Multi"));
    QVERIFY(multi);
    QCOMPARE(after.body(*multi), QStringLiteral("Long answer."));
    const GuideNode *pools = findNode(after, NodeKind::Section, QStringLiteral("Pools"));
    QVERIFY(pools);
    QCOMPARE(after.body(*pools), QStringLiteral("Both.\nThen more."));
    const GuideNode *one = findNode(after, NodeKind::Info, QStringLiteral("One"));
    QVERIFY(one);
    QCOMPARE(after.body(*one), QStringLiteral("First."));
    const GuideNode *two = findNode(after, NodeKind::Info, QStringLiteral("Two"));
    QVERIFY(two);
    QCOMPARE(after.body(*two), QStringLiteral("Second."));
    const GuideNode *nestedSection = findNode(after, NodeKind::Section, QStringLiteral("Nested"));
    QVERIFY(nestedSection);
    QCOMPARE(after.body(*nestedSection), QStringLiteral("Outside both.\nStill outside."));
    int nestedFolds = 0;
    for (const GuideNode &fold : after.nodes) {
        if (fold.title == QLatin1String("Outer") || fold.title == QLatin1String("Inner")) {
            ++nestedFolds;
            QVERIFY2(!after.body(fold).contains(QLatin1String("outside")), qPrintable(after.body(fold)));
        }
    }
    QCOMPARE(nestedFolds, 2);

    // Text between a fold's closing tag and the next fold on its line is the enclosing node's
    // too; so is the text after a `</details>` that closes nothing.
    const GuideNode *between = findNode(after, NodeKind::Section, QStringLiteral("Between"));
    QVERIFY(between);
    // "- Listed" is a line of the HTML block (no blank line ends it), so the section's; the
    // three lines follow each other in the source, and so they do in the body.
    QCOMPARE(after.body(*between), QStringLiteral("Or read this.\n- Listed\nIn the list."));
    for (const QString &title : {QStringLiteral("Three"), QStringLiteral("Four"), QStringLiteral("Five"), QStringLiteral("Six")}) {
        const GuideNode *fold = findNode(after, NodeKind::Info, title);
        QVERIFY2(fold, qPrintable(title));
        QVERIFY2(!after.body(*fold).contains(QLatin1String("read this")) && !after.body(*fold).contains(QLatin1String("In the list")),
                 qPrintable(after.body(*fold)));
    }
    const GuideNode *stray = findNode(after, NodeKind::Section, QStringLiteral("Stray"));
    QVERIFY(stray);
    // x and y share a line: one paragraph, as GitHub shows them.
    QCOMPARE(after.body(*stray), QStringLiteral("After the stray one.\nx y"));
    // Text on a fold's line, then a blank line: two paragraphs.
    const Guide blank = importText("# G\n\n## S\n\n<details><summary>A</summary>a</details> x <details><summary>B</summary>b</details>\n\n"
                                   "Next paragraph.\n");
    QCOMPARE(blank.body(*findNode(blank, NodeKind::Section, QStringLiteral("S"))), QStringLiteral("x\n\nNext paragraph."));
    const GuideNode *seven = findNode(after, NodeKind::Info, QStringLiteral("Seven"));
    QVERIFY(seven);
    QCOMPARE(after.body(*seven), QStringLiteral("Seventh."));

    // The body of the node with that kind and title; a missing node fails the comparison.
    auto bodyOf = [&](NodeKind kind, const QString &title) { return test::bodyOf(after, kind, title); };
    // In a list item the text's column counts the item's indent, written with a tab or spaces.
    QCOMPARE(bodyOf(NodeKind::Issue, QStringLiteral("Listed")), QStringLiteral("In the tab.\n\nIn spaces."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Nine")), QStringLiteral("Ninth."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Eleven")), QStringLiteral("Eleventh."));

    // A fold's text on its closing line, before `</details>`, is the fold's; a fold inside it
    // that closed on the line before does not take that line.
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Why?")), QStringLiteral("Because the pool is small."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Inner two")), QStringLiteral("Inner text"));
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Outer two")), QStringLiteral("Outer text"));
    // Text before the first fold on a line is the step's around it.
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Closing lines")), QStringLiteral("After.\nSee also:"));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Linked")), QStringLiteral("linked."));
    // A summary on a line after its `<details>`, or over several lines: the fold's text starts
    // after `</summary>`, and nothing of the summary shows in a body.
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("More info")), QStringLiteral("Because too."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Why not?")), QStringLiteral("Because."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Empty fold")), QString());
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Summaries on lines of their own")), QString());

    // A fold that opens on the line where another closed takes the lines after it; a fold
    // inside a one-line fold's text ends that text; text after a fold without a summary, on a
    // line where a fold closed, is the section's.
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("A")), QStringLiteral("First."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("B")), QStringLiteral("B body."));
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Outer one")), QStringLiteral("Intro"));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Inner one")), QStringLiteral("Deep."));
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Same line")), QStringLiteral("mid\n\nAfter B.\n\nTail.\n\nq"));
}

void TestGuideImporter::foldsNamedForPartsHoldTheirItems()
{
    // A fold whose summary names a part ("Solution", "Symptoms", "Root cause") holds that
    // part's item, whether its text is Markdown below a blank line or plain text in the fold's
    // HTML, on the summary's line or below it. The title line is in no item's body.
    const Guide g = importText(R"(# Guide

## Issue: Heading part

#### Solution

Stop the other process, then restart.

## Issue: Markdown in the fold

<details>
<summary>Solution</summary>

Kill it with `kill PID`.

</details>

## Issue: Text in the fold

<details>
<summary>Solution</summary>
Stop the other process, then restart.
</details>

## Issue: One line

<details><summary>Solution</summary>Restart the <code>api</code> service. It comes back.</details>

After one.

## Issue: Closing on the text line

<details>
<summary>Fix</summary>
Raise <b>max_connections</b>.
Then restart.</details>

After two.

## Issue: Every part in folds

<details>
<summary>Symptoms</summary>
The page shows a 502 error.
</details>

<details>
<summary>Root cause</summary>
<!-- The pool. -->The pool is too small.
</details>
)");
    auto solutionOf = [&](const QString &issueTitle) -> const GuideNode * {
        const GuideNode *issue = findNode(g, NodeKind::Issue, issueTitle);
        if (!issue)
            return nullptr;
        const auto solutions = childrenOfKind(g, issue->id, NodeKind::Solution);
        return solutions.size() == 1 ? solutions.first() : nullptr;
    };
    const GuideNode *heading = solutionOf(QStringLiteral("Heading part"));
    QVERIFY(heading);
    QCOMPARE(heading->title, QStringLiteral("Stop the other process, then restart."));
    QCOMPARE(g.body(*heading), QStringLiteral("Stop the other process, then restart."));
    const GuideNode *markdown = solutionOf(QStringLiteral("Markdown in the fold"));
    QVERIFY(markdown);
    QCOMPARE(markdown->title, QStringLiteral("Kill it with kill PID."));
    QCOMPARE(g.body(*markdown), QStringLiteral("Kill it with `kill PID`."));
    const GuideNode *text = solutionOf(QStringLiteral("Text in the fold"));
    QVERIFY(text);
    QCOMPARE(text->title, QStringLiteral("Stop the other process, then restart."));
    QCOMPARE(text->location.line, 21); // the summary's, as a part heading's item has the heading's
    QCOMPARE(g.body(*text), QStringLiteral("Stop the other process, then restart."));
    const GuideNode *oneLine = solutionOf(QStringLiteral("One line"));
    QVERIFY(oneLine);
    QCOMPARE(oneLine->title, QStringLiteral("Restart the api service."));
    QCOMPARE(g.body(*oneLine), QStringLiteral("Restart the <code>api</code> service. It comes back."));
    QCOMPARE(g.body(*findNode(g, NodeKind::Issue, QStringLiteral("One line"))), QStringLiteral("After one."));
    // The closing tag ends the paragraph it sits in; it does not split it in two.
    const GuideNode *closing = solutionOf(QStringLiteral("Closing on the text line"));
    QVERIFY(closing);
    QCOMPARE(closing->title, QStringLiteral("Raise max_connections."));
    QCOMPARE(g.body(*closing), QStringLiteral("Raise <b>max_connections</b>.\nThen restart."));
    QCOMPARE(g.body(*findNode(g, NodeKind::Issue, QStringLiteral("Closing on the text line"))), QStringLiteral("After two."));
    const GuideNode *parts = findNode(g, NodeKind::Issue, QStringLiteral("Every part in folds"));
    QVERIFY(parts);
    QCOMPARE(titles(childrenOfKind(g, parts->id, NodeKind::Symptom)), QStringList{QStringLiteral("The page shows a 502 error.")});
    // A comment shows nothing, in a title as on GitHub.
    QCOMPARE(titles(childrenOfKind(g, parts->id, NodeKind::Cause)), QStringList{QStringLiteral("The pool is too small.")});
    QVERIFY(g.diagnostics.isEmpty());

    // A `</details>` inside an HTML comment closes nothing: the fold keeps its text, and the
    // text after the fold's own closing tag is the issue's.
    const Guide commented = importText("# G\n\n## Issue: Cache cold\n\n<details>\n<summary>Why?</summary>\n\n"
                                       "<!-- old text: </details> -->\nBecause the cache was flushed.\n\nMore about it.\n\n"
                                       "</details>\n\nAfter the fold.\n\n"
                                       "<details><summary>Short</summary><!-- </details> -->Kept.<!--></details>--></details> Tail.\n");
    const GuideNode *why = findNode(commented, NodeKind::Info, QStringLiteral("Why?"));
    QVERIFY(why);
    QCOMPARE(commented.body(*why), QStringLiteral("<!-- old text: </details> -->\nBecause the cache was flushed.\n\nMore about it."));
    const GuideNode *cold = findNode(commented, NodeKind::Issue, QStringLiteral("Cache cold"));
    QVERIFY(cold);
    QVERIFY2(commented.body(*cold).startsWith(QLatin1String("After the fold.")), qPrintable(commented.body(*cold)));
    QVERIFY2(commented.body(*cold).endsWith(QLatin1String("Tail.")), qPrintable(commented.body(*cold)));
    QVERIFY2(!commented.body(*cold).contains(QLatin1String("Kept")), qPrintable(commented.body(*cold)));
}

void TestGuideImporter::foldsSharingLinesAndInLists()
{
    const Guide g = importText(R"(# Guide

## One

<details><summary>Parent</summary><details><summary>Child</summary>
Child text.
</details>
Parent text.
</details>

## Two

<details><summary>First</summary>First text.</details><details>
<summary>Second</summary>
Second text.
</details>

After.

## Three

- <details><summary>In a plain list</summary>

  Folded item text.

  </details>
- Other item
- <details><summary>Inline in an item</summary>Inline text.</details> after it
)");
    auto bodyOf = [&](NodeKind kind, const QString &title) { return test::bodyOf(g, kind, title); };
    // A fold that opens on its parent's summary line takes the lines below; the parent's text
    // goes on after the child closes.
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Parent")), QStringLiteral("Parent text."));
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Child")), QStringLiteral("Child text."));
    // A `<details>` after a `</details>` on one line, its summary on the next: the new fold
    // takes the lines below, not the section around it.
    QCOMPARE(bodyOf(NodeKind::Info, QStringLiteral("Second")), QStringLiteral("Second text."));
    QCOMPARE(bodyOf(NodeKind::Section, QStringLiteral("Two")), QStringLiteral("After."));
    // An item of a plain list that is a fold is read as one; the other items stay the
    // section's text.
    const GuideNode *three = findNode(g, NodeKind::Section, QStringLiteral("Three"));
    QVERIFY(three);
    const QList<const GuideNode *> listed = g.children(three->id);
    QCOMPARE(titles(listed), (QStringList{QStringLiteral("In a plain list"), QStringLiteral("Inline in an item")}));
    QCOMPARE(g.body(*listed.at(0)), QStringLiteral("Folded item text."));
    QCOMPARE(g.body(*listed.at(1)), QStringLiteral("Inline text."));
    QCOMPARE(g.body(*three), QStringLiteral("- Other item\nafter it"));

    // A fold in an item indented four columns ("10. ") loses that indent in its body, so the
    // text does not read as a code block; code indented within it stays code.
    QByteArray steps = "# G\n\n## Steps\n\n";
    for (int i = 1; i <= 9; ++i)
        steps += QByteArray::number(i) + ". Step " + QByteArray::number(i) + ".\n";
    steps += "10. <details><summary>If it fails</summary>\n\n    Do the fallback.\n\n        make clean\n\n    </details>\n";
    const Guide numbered = importText(steps);
    const GuideNode *fallback = findNode(numbered, NodeKind::Issue, QStringLiteral("If it fails"));
    QVERIFY(fallback);
    QCOMPARE(numbered.body(*fallback), QStringLiteral("Do the fallback.\n\n    make clean"));
}

void TestGuideImporter::closingTagsInParagraphs()
{
    // A `</details>` at the end of a paragraph's text closes the fold, as on GitHub: the text
    // after it is the section's, and the next fold is not nested in the first. A closing tag
    // written as code, escaped or as entities closes nothing.
    const Guide g = importText(R"(# Guide

## Section

<details><summary>Why?</summary>

Because the pool is small.</details>

After the fold.

<details><summary>Second</summary>

Line one
line two.</details> tail
line three

<details><summary>Third</summary>

Not closed by `</details>`, \</details> or &lt;/details&gt;.

Still the third's.
</details>

The end.
)");
    const GuideNode *section = findNode(g, NodeKind::Section, QStringLiteral("Section"));
    QVERIFY(section);
    QCOMPARE(titles(g.children(section->id)), (QStringList{QStringLiteral("Why?"), QStringLiteral("Second"), QStringLiteral("Third")}));
    auto bodyOf = [&](const QString &title) { return test::bodyOf(g, NodeKind::Info, title); };
    QCOMPARE(bodyOf(QStringLiteral("Why?")), QStringLiteral("Because the pool is small."));
    QCOMPARE(bodyOf(QStringLiteral("Second")), QStringLiteral("Line one\nline two."));
    QCOMPARE(bodyOf(QStringLiteral("Third")),
             QStringLiteral("Not closed by `</details>`, \\</details> or &lt;/details&gt;.\n\nStill the third's."));
    QCOMPARE(g.body(*section), QStringLiteral("After the fold.\n\ntail\nline three\n\nThe end."));

    // A fold written inside a paragraph is no node, and its closing tag closes only it; two
    // closing tags on one line, or on two lines of one paragraph, close two folds.
    const Guide nested = importText("# G\n\n## One\n\n<details><summary>Solution steps</summary>\n\n"
                                    "Run it. <details><summary>Output</summary>ok</details> then check.\n\n"
                                    "Still in the fold.\n\n</details>\n\nAfter one.\n\n"
                                    "## Two\n\n<details><summary>Outer</summary>\n\nOuter text.\n\n"
                                    "<details><summary>Inner</summary>\n\nInner text.</details></details> Tail.\n\nAfter two.\n\n"
                                    "## Three\n\n<details><summary>Outer three</summary>\n\nOuter text.\n\n"
                                    "<details><summary>Inner three</summary>\n\nInner text.</details>\nOuter tail.</details>\nAfter three.\n");
    auto bodyIn = [&](NodeKind kind, const QString &title) { return test::bodyOf(nested, kind, title); };
    QCOMPARE(bodyIn(NodeKind::Info, QStringLiteral("Solution steps")),
             QStringLiteral("Run it. <details><summary>Output</summary>ok</details> then check.\n\nStill in the fold."));
    QCOMPARE(bodyIn(NodeKind::Section, QStringLiteral("One")), QStringLiteral("After one."));
    QCOMPARE(bodyIn(NodeKind::Section, QStringLiteral("Outer")), QStringLiteral("Outer text."));
    QCOMPARE(bodyIn(NodeKind::Info, QStringLiteral("Inner")), QStringLiteral("Inner text."));
    QCOMPARE(bodyIn(NodeKind::Section, QStringLiteral("Two")), QStringLiteral("Tail.\n\nAfter two."));
    QCOMPARE(bodyIn(NodeKind::Section, QStringLiteral("Outer three")), QStringLiteral("Outer text.\n\nOuter tail."));
    QCOMPARE(bodyIn(NodeKind::Info, QStringLiteral("Inner three")), QStringLiteral("Inner text."));
    QCOMPARE(bodyIn(NodeKind::Section, QStringLiteral("Three")), QStringLiteral("After three."));

    // Raw HTML is markup: a title taken from a paragraph shows none of it.
    const Guide cause = importText("# G\n\n## Issue: Pool\n\n<details><summary>Root cause</summary>\n\n"
                                   "The pool opens a <b>connection</b> per request.</details>\n\n"
                                   "**Solution**: Use<br>a pool.\n");
    const GuideNode *pool = findNode(cause, NodeKind::Issue, QStringLiteral("Pool"));
    QVERIFY(pool);
    QCOMPARE(titles(childrenOfKind(cause, pool->id, NodeKind::Cause)), QStringList{QStringLiteral("The pool opens a connection per request.")});
    QCOMPARE(titles(childrenOfKind(cause, pool->id, NodeKind::Solution)), QStringList{QStringLiteral("Use a pool.")});
}

void TestGuideImporter::partHeadingsBesideTheirIssue()
{
    // A part heading at the level of the problem heading before it is that problem's, as a
    // reader takes it; so is the next part heading after a part heading in a guide about one
    // problem. Neither makes an issue named after the page. Saved with CRLF, with emoji.
    QByteArray text = "# Beacon troubleshooting\n\n"
                      "### \xe2\x9d\x8c Port already in use\n\n**Symptom**\nBeacon exits with `EADDRINUSE`.\n\n"
                      "### \xe2\x9c\x85 Fix\n\nStop the other process.\n\n"
                      "### \xe2\x9d\x8c Webhooks never arrive\n\n**Symptom**\nNothing in the Deliveries tab.\n\n"
                      "### Fix\n\nAllow outbound HTTPS.\n";
    text.replace("\n", "\r\n");
    const Guide g = importText(text);
    const QList<const GuideNode *> issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QString::fromUtf8("\xe2\x9d\x8c Port already in use"), QString::fromUtf8("\xe2\x9d\x8c Webhooks never arrive")}));
    QCOMPARE(titles(childrenOfKind(g, issues.at(0)->id, NodeKind::Solution)), QStringList{QStringLiteral("Stop the other process.")});
    QCOMPARE(titles(childrenOfKind(g, issues.at(1)->id, NodeKind::Solution)), QStringList{QStringLiteral("Allow outbound HTTPS.")});

    const Guide one = importText("# Redis is down\n\n## Symptoms\n\n- Requests time out\n\n## Solutions\n\n- Restart Redis\n\n## Root cause\n\nThe disk filled up.\n");
    const QList<const GuideNode *> only = one.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(only), QStringList{QStringLiteral("Redis is down")});
    QCOMPARE(titles(childrenOfKind(one, only.first()->id, NodeKind::Symptom)), QStringList{QStringLiteral("Requests time out")});
    QCOMPARE(titles(childrenOfKind(one, only.first()->id, NodeKind::Solution)), QStringList{QStringLiteral("Restart Redis")});
    QCOMPARE(titles(childrenOfKind(one, only.first()->id, NodeKind::Cause)), QStringList{QStringLiteral("The disk filled up.")});

    // A runbook: Triage is the diagnosis (its commands become checks), Mitigation and
    // Remediation are solutions (theirs do not), and an item with no sentence of its own is
    // titled by its heading.
    const Guide runbook = importText(R"(# Payments runbook

## Alert: HighErrorRate

### Triage

```bash
pg_isready -h payments-db -p 5432
```

### Mitigation

```bash
kubectl -n payments rollout undo deployment/payments-api
```

### Remediation

Add an index on transactions.created_at.

**Why it happens**
A migration locked the transactions table.
)");
    const GuideNode *alert = findNode(runbook, NodeKind::Issue, QStringLiteral("Alert: HighErrorRate"));
    QVERIFY(alert);
    const auto triage = childrenOfKind(runbook, alert->id, NodeKind::Diagnosis);
    QCOMPARE(titles(triage), QStringList{QStringLiteral("Triage")});
    const auto checks = childrenOfKind(runbook, triage.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().param(QStringLiteral("host")), QStringLiteral("payments-db"));
    const auto fixes = childrenOfKind(runbook, alert->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), (QStringList{QStringLiteral("Mitigation"), QStringLiteral("Add an index on transactions.created_at.")}));
    QCOMPARE(fixes.first()->commands, QStringList{QStringLiteral("kubectl -n payments rollout undo deployment/payments-api")});
    QVERIFY(childrenOfKind(runbook, fixes.first()->id, NodeKind::Check).isEmpty());
    QCOMPARE(titles(childrenOfKind(runbook, alert->id, NodeKind::Cause)), QStringList{QStringLiteral("A migration locked the transactions table.")});

    // A runbook's "Alert" section says what fired: the symptom on-call staff paste.
    const Guide alerts = importText(R"(# Runbook: checkout-api

## CheckoutApiHighErrorRate

### Alert

More than 5% of `POST /v1/checkout` requests return 5xx for 5 minutes.

### Resolution

Roll back: `kubectl -n checkout rollout undo deploy/checkout-api`.

## CheckoutApiLatencyHigh

### Alert

p99 latency of `POST /v1/checkout` above 2 s for 10 minutes.

### Resolution

Scale out: `kubectl -n checkout scale deploy/checkout-api --replicas=12`.
)");
    const GuideNode *latency = findNode(alerts, NodeKind::Issue, QStringLiteral("CheckoutApiLatencyHigh"));
    QVERIFY(latency);
    QCOMPARE(titles(childrenOfKind(alerts, latency->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("p99 latency of POST /v1/checkout above 2 s for 10 minutes.")});
    QCOMPARE(firstHit(alerts, QStringLiteral("p99 latency of POST /v1/checkout above 2 s for 10 minutes")), latency->id);
}

void TestGuideImporter::labelsOnLinesOfOneParagraph()
{
    // Bold labels on the lines of one paragraph, or of one list item, each start their part,
    // as plain ones do: the fix is not read as more of the symptom.
    const Guide g = importText(R"(# Guide

## Issue: Port in use

**Symptom**: The server exits with `EADDRINUSE`.
**Fix:** Stop the other process with `kill PID`.
**Root cause**: A second instance is still running.

## Issue: Setup problems

1. **Problem**: `docker compose up` fails with `port is already allocated`.
   **Fix**: Stop the other service.
2. **Problem**: Hot reload does not work on macOS.
   **Fix**: Set `CHOKIDAR_USEPOLLING=true`.
)");
    const GuideNode *port = findNode(g, NodeKind::Issue, QStringLiteral("Port in use"));
    QVERIFY(port);
    QCOMPARE(titles(childrenOfKind(g, port->id, NodeKind::Symptom)), QStringList{QStringLiteral("The server exits with EADDRINUSE.")});
    const auto fix = childrenOfKind(g, port->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("Stop the other process with kill PID.")});
    QCOMPARE(g.body(*fix.first()), QStringLiteral("Stop the other process with `kill PID`."));
    QCOMPARE(titles(childrenOfKind(g, port->id, NodeKind::Cause)), QStringList{QStringLiteral("A second instance is still running.")});
    const GuideNode *setup = findNode(g, NodeKind::Issue, QStringLiteral("Setup problems"));
    QVERIFY(setup);
    QCOMPARE(titles(childrenOfKind(g, setup->id, NodeKind::Symptom)),
             (QStringList{QStringLiteral("docker compose up fails with port is already allocated."),
                          QStringLiteral("Hot reload does not work on macOS.")}));
    QCOMPARE(titles(childrenOfKind(g, setup->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Stop the other service."), QStringLiteral("Set CHOKIDAR_USEPOLLING=true.")}));

    // The same list under a heading that names no issue is a "Common problems" list: each item
    // is an issue of its own, with its problem as symptom and its fix and cause.
    const Guide common = importText(R"(# Guide

## Setup

1. **Problem**: `docker compose up` fails with `port is already allocated`.
   **Fix**: Stop the other service.
2. **Problem**: `make test` hangs at `Waiting for database...`
   **Cause**: The database container never became healthy.
   **Fix**: Run `docker compose logs db`.

After the list.
)");
    const GuideNode *section = findNode(common, NodeKind::Section, QStringLiteral("Setup"));
    QVERIFY(section);
    const QList<const GuideNode *> problems = common.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(problems), (QStringList{QStringLiteral("docker compose up fails with port is already allocated."),
                                            QStringLiteral("make test hangs at Waiting for database...")}));
    for (const GuideNode *p : problems)
        QCOMPARE(common.parent(p->id), section);
    QCOMPARE(titles(childrenOfKind(common, problems.at(0)->id, NodeKind::Solution)), QStringList{QStringLiteral("Stop the other service.")});
    QCOMPARE(titles(childrenOfKind(common, problems.at(1)->id, NodeKind::Cause)),
             QStringList{QStringLiteral("The database container never became healthy.")});
    QCOMPARE(titles(childrenOfKind(common, problems.at(1)->id, NodeKind::Solution)), QStringList{QStringLiteral("Run docker compose logs db.")});
    QCOMPARE(common.body(*section), QStringLiteral("After the list."));
    QCOMPARE(common.body(*problems.at(0)), QString()); // the symptom holds the problem's text
    // Pasting the error finds its own item.
    QCOMPARE(titles(childrenOfKind(common, problems.at(1)->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("make test hangs at Waiting for database...")});
}

void TestGuideImporter::checkingStepsWithoutLabels()
{
    // In an issue's own text, a list of things to check is its diagnosis steps, and their
    // commands become checks; so does a sentence leading into a code block under a heading
    // that asks why something fails, in a fold as under a heading. A list of things to do
    // stays the issue's text.
    const Guide g = importText(R"(# Guide

### Error: `ECONNREFUSED 127.0.0.1:6379`

1. Check that Redis is running: `redis-cli -h 127.0.0.1 -p 6379 ping`
2. Check the port: `lsof -i :6379`

After the list.

## FAQ

<details>
<summary>Why does the app fail with ETIMEDOUT?</summary>

Check that PostgreSQL answers:

```bash
pg_isready -h db.internal -p 5432
```

</details>

## Deploying

- Build the image: `docker build .`
- Push it: `docker push registry/app`
)");
    const GuideNode *refused = findNode(g, NodeKind::Issue, QStringLiteral("ECONNREFUSED"));
    QVERIFY(refused);
    const auto steps = childrenOfKind(g, refused->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), (QStringList{QStringLiteral("Check that Redis is running"), QStringLiteral("Check the port")}));
    QCOMPARE(childrenOfKind(g, steps.at(0)->id, NodeKind::Check).first()->checks.first().type, QStringLiteral("redis"));
    QCOMPARE(childrenOfKind(g, steps.at(1)->id, NodeKind::Check).first()->checks.first().param(QStringLiteral("port")), QStringLiteral("6379"));
    QCOMPARE(g.body(*steps.at(0)), QStringLiteral("Check that Redis is running: `redis-cli -h 127.0.0.1 -p 6379 ping`"));
    QVERIFY2(g.body(*refused).contains(QLatin1String("After the list.")), qPrintable(g.body(*refused)));

    const GuideNode *timeout = findNode(g, NodeKind::Issue, QStringLiteral("ETIMEDOUT"));
    QVERIFY(timeout);
    const auto foldSteps = childrenOfKind(g, timeout->id, NodeKind::Diagnosis);
    QCOMPARE(titles(foldSteps), QStringList{QStringLiteral("Check that PostgreSQL answers")});
    QCOMPARE(childrenOfKind(g, foldSteps.first()->id, NodeKind::Check).first()->checks.first().param(QStringLiteral("host")),
             QStringLiteral("db.internal"));

    QVERIFY(g.nodesOfKind(NodeKind::Diagnosis).size() == 3);
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Deploying")));
}

void TestGuideImporter::checkingSentenceEndsAParagraph()
{
    // A paragraph that explains first and asks to check last, leading into a code block: the
    // same diagnosis step as when the asking sentence opens it, titled by that sentence.
    const Guide g = importText(R"(# Blob store

## `Error: connection refused (os error 111)`

The client could not open a TCP connection. Check whether anything listens on the port:

```bash
nc -z localhost 7480
```

If nothing listens, start the store.

## `Error: 403 Forbidden: SignatureDoesNotMatch`

Signatures are valid for five minutes. Compare your clock with the server's:

```bash
curl -sI https://blob.example.net
```

## Upload is slow

Uploads go through one connection. Raise the part count:

```bash
blobctl config set parts 8
```

## FAQ

#### Q: `Error: invalid peer certificate: UnknownIssuer`

A: The server's certificate comes from a private CA. Find the CA that signed it:

```bash
openssl s_client -connect blob.example.net:443 -showcerts
```
)");
    const GuideNode *refused = findNode(g, NodeKind::Issue, QStringLiteral("connection refused (os error 111)"));
    QVERIFY(refused);
    const auto steps = childrenOfKind(g, refused->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), QStringList{QStringLiteral("Check whether anything listens on the port")});
    QCOMPARE(steps.first()->location.line, 5);
    QVERIFY2(g.body(*steps.first()).startsWith(QStringLiteral("The client could not open a TCP connection. Check whether")),
             qPrintable(g.body(*steps.first())));
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("tcp"));
    QCOMPARE(checks.first()->checks.first().param(QStringLiteral("port")), QStringLiteral("7480"));

    const GuideNode *forbidden = findNode(g, NodeKind::Issue, QStringLiteral("SignatureDoesNotMatch"));
    QVERIFY(forbidden);
    QCOMPARE(titles(childrenOfKind(g, forbidden->id, NodeKind::Diagnosis)),
             QStringList{QStringLiteral("Compare your clock with the server's")});

    // A last sentence that asks to change something is no diagnosis step.
    const GuideNode *slow = findNode(g, NodeKind::Issue, QStringLiteral("Upload is slow"));
    QVERIFY(slow);
    QVERIFY(childrenOfKind(g, slow->id, NodeKind::Diagnosis).isEmpty());

    // In a FAQ answer, as anywhere in an issue's text; the step's text loses the "A:" marker.
    const GuideNode *certificate = findNode(g, NodeKind::Issue, QStringLiteral("UnknownIssuer"));
    QVERIFY(certificate);
    const auto answerSteps = childrenOfKind(g, certificate->id, NodeKind::Diagnosis);
    QCOMPARE(titles(answerSteps), QStringList{QStringLiteral("Find the CA that signed it")});
    QVERIFY2(g.body(*answerSteps.first()).startsWith(QStringLiteral("The server's certificate comes from a private CA.")),
             qPrintable(g.body(*answerSteps.first())));

    QCOMPARE(firstHit(g, QStringLiteral("Error: connection refused (os error 111)")), refused->id);
}

void TestGuideImporter::checklistsOfChecksAndFixes()
{
    // A playbook of task-list items per problem: the items that ask to look are diagnosis
    // steps, those that ask to change something are solutions, in order, as in a list of
    // "**Label**: advice". No fix is the text of the check before it.
    const Guide g = importText(R"(# Support playbook

## Problem: agent cannot sign in

- [ ] Check the sign-in page answers: `curl -sI https://desk.example.com/login`
- [ ] Look the agent up in the directory. Is the account enabled?
- [ ] If the account is locked, unlock it in the directory.
- [ ] Send a new invitation from the admin page.

After the list.

## Problem: tickets are not assigned

- [ ] Restart the routing worker.
- [ ] Verify the worker picked up the queue: `curl -s http://localhost:9400/health`
)");
    const GuideNode *signIn = findNode(g, NodeKind::Issue, QStringLiteral("agent cannot sign in"));
    QVERIFY(signIn);
    const auto steps = childrenOfKind(g, signIn->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), (QStringList{QStringLiteral("Check the sign-in page answers"),
                                         QStringLiteral("Look the agent up in the directory.")}));
    QCOMPARE(childrenOfKind(g, steps.first()->id, NodeKind::Check).first()->checks.first().type, QStringLiteral("http"));
    QVERIFY2(!g.body(*steps.at(1)).contains(QLatin1String("unlock")), qPrintable(g.body(*steps.at(1))));
    const auto fixes = childrenOfKind(g, signIn->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), (QStringList{QStringLiteral("If the account is locked, unlock it in the directory."),
                                         QStringLiteral("Send a new invitation from the admin page.")}));
    QCOMPARE(fixes.at(0)->order, 1);
    QCOMPARE(fixes.at(1)->order, 2);
    QVERIFY2(g.body(*fixes.at(1)).contains(QLatin1String("Send a new invitation")), qPrintable(g.body(*fixes.at(1))));
    QVERIFY2(!g.body(*fixes.at(1)).contains(QLatin1String("After the list.")), qPrintable(g.body(*fixes.at(1))));
    QVERIFY2(g.body(*signIn).contains(QLatin1String("After the list.")), qPrintable(g.body(*signIn)));

    // A fix may come first.
    const GuideNode *tickets = findNode(g, NodeKind::Issue, QStringLiteral("tickets are not assigned"));
    QVERIFY(tickets);
    QCOMPARE(titles(childrenOfKind(g, tickets->id, NodeKind::Solution)), QStringList{QStringLiteral("Restart the routing worker.")});
    QCOMPARE(titles(childrenOfKind(g, tickets->id, NodeKind::Diagnosis)),
             QStringList{QStringLiteral("Verify the worker picked up the queue")});
}

void TestGuideImporter::checkLabelsAreDiagnosis()
{
    // "**Check:**" and "**Verify:**" name the diagnosis part as "**Diagnosis:**" does, so
    // their probes are checks; "**Fix:**" stays a solution whose commands are not.
    const Guide g = importText(R"(# Cache

## Redis refuses connections

**Check:** is it listening?

```bash
redis-cli -h cache.internal -p 6380 ping
```

**Verify:** the port is open: `nc -z cache.internal 6380`

**Fix:** start it with `redis-server --port 6380`.
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Redis refuses connections"));
    QVERIFY(issue);
    const auto steps = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), (QStringList{QStringLiteral("is it listening?"), QStringLiteral("the port is open: nc -z cache.internal 6380")}));
    const auto redis = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(redis.size(), 1);
    QCOMPARE(redis.first()->checks.first().type, QStringLiteral("redis"));
    QCOMPARE(redis.first()->checks.first().param(QStringLiteral("port")), QStringLiteral("6380"));
    const auto tcp = childrenOfKind(g, steps.last()->id, NodeKind::Check);
    QCOMPARE(tcp.size(), 1);
    QCOMPARE(tcp.first()->checks.first().param(QStringLiteral("host")), QStringLiteral("cache.internal"));
    const auto fixes = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 1);
    QVERIFY(childrenOfKind(g, fixes.first()->id, NodeKind::Check).isEmpty());
}

void TestGuideImporter::listsOfErrorsAreIssues()
{
    const Guide g = importText(R"(# Client library

## Common errors

Most of these come from the network.

- **`ECONNRESET` on every request** — the load balancer drops idle connections; lower the keep-alive.
- **`TypeError: fetch failed`**: Node 18 without a proxy setting. Set `HTTPS_PROXY`.
- **Slow responses** — see the performance guide.

Report anything else on the tracker.

## Settings

- **Timeout**: 30 s by default.
- **Retries**: 3, with back-off.

## More settings

- **`timeout`**: 30 seconds
- **CONNECT_TIMEOUT**: 10 seconds
- **EMAIL**: where alerts go
)");
    const GuideNode *section = findNode(g, NodeKind::Section, QStringLiteral("Common errors"));
    QVERIFY(section);
    const auto issues = childrenOfKind(g, section->id, NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QStringLiteral("ECONNRESET on every request"), QStringLiteral("TypeError: fetch failed")}));
    QCOMPARE(issues.first()->location.line, 7);
    QCOMPARE(titles(childrenOfKind(g, issues.first()->id, NodeKind::Symptom)), QStringList{QStringLiteral("ECONNRESET")});
    QCOMPARE(titles(childrenOfKind(g, issues.last()->id, NodeKind::Symptom)), QStringList{QStringLiteral("TypeError: fetch failed")});
    QCOMPARE(g.body(*issues.first()), QStringLiteral("the load balancer drops idle connections; lower the keep-alive."));
    QCOMPARE(g.body(*issues.last()), QStringLiteral("Node 18 without a proxy setting. Set `HTTPS_PROXY`."));
    // Text around the list stays the section's; an item that is not an error is a step to read.
    QCOMPARE(g.body(*section), QStringLiteral("Most of these come from the network.\n\nReport anything else on the tracker."));
    const auto other = childrenOfKind(g, section->id, NodeKind::Info);
    QCOMPARE(titles(other), QStringList{QStringLiteral("Slow responses")});
    QCOMPARE(g.body(*other.first()), QStringLiteral("see the performance guide."));
    // A list of settings is not a list of errors.
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
    // Pasting the error finds its entry.
    const QList<const GuideNode *> all = g.nodesOfKind(NodeKind::Symptom);
    QCOMPARE(all.size(), 2);
}

void TestGuideImporter::faqEntriesAndEmojiHeadings()
{
    const Guide g = importText(R"(# Dev environment

## ❌ Error: `docker: permission denied while trying to connect to the Docker daemon socket`

Add yourself to the docker group.

## 🔴 Issue: Hot reload does not work

### ✅ Solution

Raise `fs.inotify.max_user_watches`.

## 🐳 Containers

Notes.

## Q: Why is `npm install` so slow?

A: The registry mirror is far away.

## FAQ

**Q: How do I reset the database?**

A: Run `make db-reset`.

**Q: Where are the logs?**

A: In `./logs`.

**Quick links**

See the wiki.
)");
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("docker: permission denied while trying to connect to the Docker daemon socket"),
                          QStringLiteral("Hot reload does not work"), QStringLiteral("Why is npm install so slow?"),
                          QStringLiteral("How do I reset the database?"), QStringLiteral("Where are the logs?")}));
    // Emoji say nothing about the kind; a heading with no kind word keeps its emoji.
    const GuideNode *reload = findNode(g, NodeKind::Issue, QStringLiteral("Hot reload does not work"));
    QCOMPARE(titles(childrenOfKind(g, reload->id, NodeKind::Solution)).size(), 1);
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("\U0001F433 Containers")));
    // FAQ entries: the answer is the issue's text, or its fix when it says what to do; the next
    // question starts the next issue.
    const GuideNode *reset = findNode(g, NodeKind::Issue, QStringLiteral("How do I reset the database?"));
    QCOMPARE(reset->location.line, 23);
    QCOMPARE(titles(childrenOfKind(g, reset->id, NodeKind::Solution)), QStringList{QStringLiteral("Run make db-reset.")});
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Run make db-reset.")), QStringLiteral("Run `make db-reset`."));
    QCOMPARE(g.parent(reset->id)->title, QStringLiteral("FAQ"));
    const GuideNode *logs = findNode(g, NodeKind::Issue, QStringLiteral("Where are the logs?"));
    QVERIFY2(g.body(*logs).startsWith(QStringLiteral("A: In `./logs`.")), qPrintable(g.body(*logs)));
    // A bold line that is not a question is not an entry.
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Quick links")));
}

void TestGuideImporter::faqEntriesAsParagraphs()
{
    const Guide g = importText(R"(# FAQ

### Q: Why does `helm upgrade` fail with "another operation is in progress"?

**A:** A previous upgrade was interrupted. Run `helm rollback myapp 3`.

**Question:** The ingress returns `404 default backend` even though the service works.

**Answer:** Set `ingress.className: nginx` in `values.yaml`.

Q: Pods are `Pending` with `0/3 nodes are available: 3 Insufficient memory.`
A: Lower `resources.requests.memory` or add nodes.
)");
    // Each question is an entry of its own, beside the one the heading made, with its answer as
    // its text; before, the two later ones were the first one's text.
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("Why does helm upgrade fail with \"another operation is in progress\"?"),
                          QStringLiteral("The ingress returns 404 default backend even though the service works."),
                          QStringLiteral("Pods are Pending with 0/3 nodes are available: 3 Insufficient memory.")}));
    for (const GuideNode *issue : g.nodesOfKind(NodeKind::Issue))
        QCOMPARE(g.parent(issue->id)->kind, NodeKind::Root);
    // Answers that say what to do are the entries' fixes, without their markers.
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Run helm rollback myapp 3.")),
             QStringLiteral("A previous upgrade was interrupted. Run `helm rollback myapp 3`."));
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Lower resources.requests.memory or add nodes.")),
             QStringLiteral("Lower `resources.requests.memory` or add nodes."));
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Set ingress.className: nginx in values.yaml.")),
             QStringLiteral("Set `ingress.className: nginx` in `values.yaml`."));
    const GuideNode *pending = findNode(g, NodeKind::Issue, QStringLiteral("Pods are Pending with 0/3 nodes are available: 3 Insufficient memory."));
    QCOMPARE(pending->location.line, 11);

    // The message a support person pastes finds its own entry first.
    QCOMPARE(firstHit(g, QStringLiteral("0/3 nodes are available: 3 Insufficient memory.")), pending->id);
}

void TestGuideImporter::faqAnswersThatSayWhatToDoAreSolutions()
{
    const Guide g = importText(R"(# Tool FAQ

## Installing

#### Q: `cargo install tool` fails with `error: linker 'cc' not found`

A: The Rust toolchain is there but no C linker is. Install one:
`sudo apt install build-essential`.

#### Q: How do I get more logs?

**A:** Set `RUST_LOG=tool=debug`. Logs go to stderr.

#### Q: Is there a build for Windows?

A: Not yet; it is planned for 1.0.

Q: Uploads stop at `5 GiB`
A: Either pass `--multipart` or raise `TOOL_PART_SIZE`.
)");
    // An answer that says what to do is the entry's fix, titled by the sentence that says it,
    // without the "A:" marker; its text is the whole answer.
    const GuideNode *linker = findNode(g, NodeKind::Issue, QStringLiteral("error: linker 'cc' not found"));
    QVERIFY(linker);
    const auto fixes = childrenOfKind(g, linker->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), QStringList{QStringLiteral("Install one: sudo apt install build-essential.")});
    QCOMPARE(g.body(*fixes.first()),
             QStringLiteral("The Rust toolchain is there but no C linker is. Install one:\n`sudo apt install build-essential`."));
    QVERIFY2(!g.body(*linker).contains(QStringLiteral("A:")), qPrintable(g.body(*linker)));
    // A bold marker is dropped as a plain one is.
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Set RUST_LOG=tool=debug.")),
             QStringLiteral("Set `RUST_LOG=tool=debug`. Logs go to stderr."));
    // An answer that only informs stays the entry's text.
    const GuideNode *windows = findNode(g, NodeKind::Issue, QStringLiteral("Is there a build for Windows?"));
    QVERIFY(windows);
    QVERIFY(childrenOfKind(g, windows->id, NodeKind::Solution).isEmpty());
    QCOMPARE(g.body(*windows), QStringLiteral("A: Not yet; it is planned for 1.0."));
    // "Q: …" and "A: …" in one paragraph: the same.
    const GuideNode *uploads = findNode(g, NodeKind::Issue, QStringLiteral("Uploads stop at 5 GiB"));
    QVERIFY(uploads);
    QCOMPARE(titles(childrenOfKind(g, uploads->id, NodeKind::Solution)),
             QStringList{QStringLiteral("Either pass --multipart or raise TOOL_PART_SIZE.")});
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)).size(), 4);
    // The pasted error still finds its entry first.
    QCOMPARE(firstHit(g, QStringLiteral("error: linker 'cc' not found")), linker->id);
}

void TestGuideImporter::boldFaqQuestionEndsTheEntryBefore()
{
    const Guide g = importText(R"(# CI FAQ

**Q: My workflow fails with "Resource not accessible by integration". Why?**

A: The token is read-only for forks. Add the permission to the workflow:

```yaml
permissions:
  pull-requests: write
```

**Q: GitLab job fails with `exit code 137`**

A: The container was killed by the OOM killer. Increase the memory limit of the job:

```yaml
variables:
  KUBERNETES_MEMORY_LIMIT: 4Gi
```

**Q: Where are the build artifacts kept?**

A: In the job's panel for 7 days.

**Q: Docker build fails with "toomanyrequests"**

A: Docker Hub limits anonymous pulls. Log in before building.
)");
    // Each bold question is an entry of its own, so its answer is read as the first one's is,
    // not as more text of the fix before it.
    const GuideNode *oom = findNode(g, NodeKind::Issue, QStringLiteral("GitLab job fails with exit code 137"));
    QVERIFY(oom);
    QCOMPARE(titles(childrenOfKind(g, oom->id, NodeKind::Solution)),
             QStringList{QStringLiteral("Increase the memory limit of the job")});
    const GuideNode *pulls = findNode(g, NodeKind::Issue, QStringLiteral("Docker build fails with \"toomanyrequests\""));
    QVERIFY(pulls);
    QCOMPARE(titles(childrenOfKind(g, pulls->id, NodeKind::Solution)), QStringList{QStringLiteral("Log in before building.")});
    // The fix before keeps its own text only.
    const GuideNode *token = findNode(g, NodeKind::Issue, QStringLiteral("My workflow fails with \"Resource not accessible by integration\". Why?"));
    QVERIFY(token);
    const auto tokenFixes = childrenOfKind(g, token->id, NodeKind::Solution);
    QCOMPARE(tokenFixes.size(), 1);
    QVERIFY2(!g.body(*tokenFixes.first()).contains(QStringLiteral("137")), qPrintable(g.body(*tokenFixes.first())));
    // An answer that only informs stays the entry's text.
    const GuideNode *artifacts = findNode(g, NodeKind::Issue, QStringLiteral("Where are the build artifacts kept?"));
    QVERIFY(artifacts);
    QVERIFY(childrenOfKind(g, artifacts->id, NodeKind::Solution).isEmpty());
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 4);
}

void TestGuideImporter::faqAnswerThatAsksToCheckIsADiagnosisStep()
{
    // An answer under a bold question that asks to check something and leads into code is a
    // diagnosis step, as it is under a `#### Q:` heading; a paragraph after it that asks to
    // change something and leads into code is the fix.
    const Guide g = importText(R"(# CI FAQ

**Q: The job hangs at "Waiting for a runner to pick up this job..."**

A: No self-hosted runner with the requested labels is online. Check that the runner answers:

```bash
curl -s http://runner-01.internal:8080/health
```

If it does not, restart the runner service on the build host:

```bash
sudo systemctl restart actions.runner.service
```

**Q: Where are the build artifacts kept?**

A: In the job's panel for 7 days. Its path is shown as:

```text
Artifacts → Browse
```
)");
    const GuideNode *hangs = findNode(g, NodeKind::Issue, QStringLiteral("The job hangs at \"Waiting for a runner to pick up this job...\""));
    QVERIFY(hangs);
    const auto steps = childrenOfKind(g, hangs->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), QStringList{QStringLiteral("Check that the runner answers")});
    QVERIFY2(!g.body(*steps.first()).contains(QStringLiteral("A:")), qPrintable(g.body(*steps.first())));
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("http"));
    QCOMPARE(titles(childrenOfKind(g, hangs->id, NodeKind::Solution)),
             QStringList{QStringLiteral("If it does not, restart the runner service on the build host")});
    // An answer that only informs, even one that leads into code, stays the entry's text.
    const GuideNode *artifacts = findNode(g, NodeKind::Issue, QStringLiteral("Where are the build artifacts kept?"));
    QVERIFY(artifacts);
    QVERIFY(childrenOfKind(g, artifacts->id, NodeKind::Diagnosis).isEmpty());
    QVERIFY(childrenOfKind(g, artifacts->id, NodeKind::Solution).isEmpty());
}

void TestGuideImporter::errorOutputInAnIssuesText()
{
    const Guide g = importText(R"(# Guide

## Worker exits on boot

The worker stops on boot with:

```
Error: listen EADDRINUSE: address already in use 0.0.0.0:9090
```

Another process still holds port 9090. Kill it with `fuser -k 9090/tcp`.

## Issue: The API cannot log in to the database

It logs, then stops:

```text
2026-11-24 10:00:01 starting
FATAL: password authentication failed for user "app"
```

**Solution**: Reset the password.

## Segfault when building an index from threads

Run it again with one thread:

```bash
geoindex build --threads 1
```

## Reading the logs

```
2026-11-24 10:00:01 INFO starting
```

## Login error

You see `401 Unauthorized: token expired` after a few hours, or `403 Forbidden: missing scope`. Run `acme login` again.

## Login problems

See the wiki.
)");
    // Output that reads as an error, in an issue's own text, is the symptom a pasted message finds.
    const GuideNode *worker = findNode(g, NodeKind::Issue, QStringLiteral("Worker exits on boot"));
    QVERIFY(worker);
    const auto symptoms = childrenOfKind(g, worker->id, NodeKind::Symptom);
    QCOMPARE(titles(symptoms), QStringList{QStringLiteral("Error: listen EADDRINUSE: address already in use 0.0.0.0:9090")});
    QCOMPARE(symptoms.first()->location.line, 8);
    // Only its first line is judged: a log line first is no error.
    const GuideNode *database = findNode(g, NodeKind::Issue, QStringLiteral("The API cannot log in to the database"));
    QVERIFY(childrenOfKind(g, database->id, NodeKind::Symptom).isEmpty());
    // A command is no symptom, and a heading that fails no one stays information.
    const GuideNode *segfault = findNode(g, NodeKind::Issue, QStringLiteral("Segfault when building an index from threads"));
    QVERIFY(segfault);
    QVERIFY(childrenOfKind(g, segfault->id, NodeKind::Symptom).isEmpty());
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Reading the logs")));
    // "verification" in a question about a problem makes no diagnosis step of it.
    const Guide question = importText("# Login problems\n\n### Why do I get \"Invalid verification code\" when I sign in?\n\n"
                                      "Your phone's clock is out of sync.\n");
    QCOMPARE(titles(question.nodesOfKind(NodeKind::Issue)), QStringList{QStringLiteral("Why do I get \"Invalid verification code\" when I sign in?")});
    QVERIFY(question.nodesOfKind(NodeKind::Diagnosis).isEmpty());
    // A heading that names a problem is one when its text quotes the error, in code.
    const GuideNode *login = findNode(g, NodeKind::Issue, QStringLiteral("Login error"));
    QVERIFY(login);
    QCOMPARE(titles(childrenOfKind(g, login->id, NodeKind::Symptom)),
             (QStringList{QStringLiteral("401 Unauthorized: token expired"), QStringLiteral("403 Forbidden: missing scope")}));
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Login problems")));

    QCOMPARE(firstHit(g, QStringLiteral("Error: listen EADDRINUSE: address already in use 0.0.0.0:9090")), worker->id);
}

void TestGuideImporter::errorOutputBeforeAFixLabelIsTheSymptom()
{
    // A plain heading that a fix label makes an issue: the error output its text quoted before
    // the label is its symptom, as in an issue's text, whichever words the error is written in.
    const Guide g = importText(R"(# Mobile builds

## Gradle sync

You are running Gradle with JDK 21.

```
FAILURE: Build failed with an exception.
* What went wrong:
```

**Fix:** set the Gradle JDK to 17.

## Duplicate classes

```
Duplicate class kotlin.collections.jdk8.CollectionsJDK8Kt found in modules
```

**Fix:** add the Kotlin BOM.

## Pods

```
[!] CocoaPods could not find compatible versions for pod "Firebase/Analytics"
```

**Fix:** run `pod repo update`.

## Release notes

```
2026-11-24 build 812 published
```

**Fix:** none of the builds before 812 had the crash reporter.
)");
    const GuideNode *gradle = findNode(g, NodeKind::Issue, QStringLiteral("Gradle sync"));
    QVERIFY(gradle);
    const auto symptoms = childrenOfKind(g, gradle->id, NodeKind::Symptom);
    QCOMPARE(titles(symptoms), QStringList{QStringLiteral("FAILURE: Build failed with an exception.")});
    QCOMPARE(symptoms.first()->location.line, 8);
    QCOMPARE(childrenOfKind(g, gradle->id, NodeKind::Solution).size(), 1);
    const GuideNode *duplicates = findNode(g, NodeKind::Issue, QStringLiteral("Duplicate classes"));
    QVERIFY(duplicates);
    QCOMPARE(titles(childrenOfKind(g, duplicates->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("Duplicate class kotlin.collections.jdk8.CollectionsJDK8Kt found in modules")});
    const GuideNode *pods = findNode(g, NodeKind::Issue, QStringLiteral("Pods"));
    QVERIFY(pods);
    QCOMPARE(childrenOfKind(g, pods->id, NodeKind::Symptom).size(), 1);
    // Output that is no error stays the issue's text.
    const GuideNode *notes = findNode(g, NodeKind::Issue, QStringLiteral("Release notes"));
    QVERIFY(notes);
    QVERIFY(childrenOfKind(g, notes->id, NodeKind::Symptom).isEmpty());

    QCOMPARE(firstHit(g, QStringLiteral("FAILURE: Build failed with an exception.")), gradle->id);
    QCOMPARE(firstHit(g, QStringLiteral("CocoaPods could not find compatible versions for pod")), pods->id);
}

void TestGuideImporter::adviceToChangeOverCommandsIsASolution()
{
    // In an issue's opening text, a sentence that asks to change something, then the commands
    // that do it: a solution, titled by that sentence. Showing the failure, looking into it,
    // or a procedure under a heading that names no problem stays text.
    const Guide g = importText(R"(# Device guide

## Installation fails with INSTALL_FAILED_UPDATE_INCOMPATIBLE

The device has a release build signed with a different key. Uninstall it first:

```bash
adb uninstall com.acme.shop
```

## Port 8080 already in use

Another process holds the port. To fix it, stop that process:

```bash
fuser -k 8080/tcp
```

## Export job fails at night

Run the job again to reproduce it:

```bash
acme export --since yesterday
```

## Report page crashes

Run this to see the full trace:

```bash
acme report --verbose
```

## Database connection refused

Restart the database:

```bash
pg_isready -h db.internal -p 5432
```

## Installing the CLI

Install it with Homebrew:

```bash
brew install acme
```
)");
    auto solutionsOf = [&](const QString &title) {
        const GuideNode *issue = findNode(g, NodeKind::Issue, title);
        return issue ? childrenOfKind(g, issue->id, NodeKind::Solution) : QList<const GuideNode *>{};
    };
    const auto uninstall = solutionsOf(QStringLiteral("Installation fails with INSTALL_FAILED_UPDATE_INCOMPATIBLE"));
    QCOMPARE(titles(uninstall), QStringList{QStringLiteral("Uninstall it first")});
    QCOMPARE(uninstall.first()->commands, QStringList{QStringLiteral("adb uninstall com.acme.shop")});
    QVERIFY(uninstall.first()->checks.isEmpty());
    QCOMPARE(titles(solutionsOf(QStringLiteral("Port 8080 already in use"))), QStringList{QStringLiteral("To fix it, stop that process")});
    // Reproducing and looking are no fixes; a command that checks is a diagnosis's.
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Export job fails at night")));
    QVERIFY(solutionsOf(QStringLiteral("Export job fails at night")).isEmpty());
    QVERIFY(solutionsOf(QStringLiteral("Report page crashes")).isEmpty());
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Database connection refused")));
    QVERIFY(solutionsOf(QStringLiteral("Database connection refused")).isEmpty());
    // A procedure under a heading that names no problem is no issue.
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Installing the CLI")));
    QVERIFY(g.nodesOfKind(NodeKind::Solution).size() == 2);
}

void TestGuideImporter::labelsInHtmlParagraphsAndQuickAnswersInQuotes()
{
    // Labels in HTML paragraphs start their parts as in Markdown ones, the colon inside the
    // bold element or after it; a `<code>` in a fix is a command to copy, in a diagnosis a
    // check. A quick answer in a quote is split at its arrow as one outside.
    const Guide g = importText(R"(# Agent guide

## Agent crashes on start

<p><strong>Symptom:</strong> the agent exits at once.</p>

<p>It started after the 2.3 upgrade.</p>
<p><b>Solution</b>: downgrade with <code>sudo apt install acme-agent=2.2</code>.</p>

## Database refused

<p><strong>Diagnosis:</strong> run <code>pg_isready -h db.internal -p 5432</code>.</p>
<p><strong>Note:</strong> nothing else is known.</p>

## Common problems

> **Build is slow** → enable the cache with `make CACHE=1`.
)");
    const GuideNode *crash = findNode(g, NodeKind::Issue, QStringLiteral("Agent crashes on start"));
    QVERIFY(crash);
    QCOMPARE(titles(childrenOfKind(g, crash->id, NodeKind::Symptom)), QStringList{QStringLiteral("the agent exits at once.")});
    const auto fixes = childrenOfKind(g, crash->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), QStringList{QStringLiteral("downgrade with sudo apt install acme-agent=2.2.")});
    QCOMPARE(fixes.first()->commands, QStringList{QStringLiteral("sudo apt install acme-agent=2.2")});
    QVERIFY(fixes.first()->checks.isEmpty());
    QCOMPARE(g.body(*fixes.first()), QStringLiteral("<p><b>Solution</b>: downgrade with <code>sudo apt install acme-agent=2.2</code>.</p>"));
    // The text between two labels is the first part's, as between Markdown paragraphs.
    QCOMPARE(g.body(*childrenOfKind(g, crash->id, NodeKind::Symptom).first()),
             QStringLiteral("<p><strong>Symptom:</strong> the agent exits at once.</p>\n\n<p>It started after the 2.3 upgrade.</p>"));

    const GuideNode *database = findNode(g, NodeKind::Issue, QStringLiteral("Database refused"));
    QVERIFY(database);
    const auto steps = childrenOfKind(g, database->id, NodeKind::Diagnosis);
    QCOMPARE(steps.size(), 1);
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().params.value(QStringLiteral("host")).toString(), QStringLiteral("db.internal"));
    // "Note" labels no step.
    QCOMPARE(g.nodesOfKind(NodeKind::Diagnosis).size(), 1);

    const GuideNode *slow = findNode(g, NodeKind::Issue, QStringLiteral("Build is slow"));
    QVERIFY(slow);
    const auto cache = childrenOfKind(g, slow->id, NodeKind::Solution);
    QCOMPARE(titles(cache), QStringList{QStringLiteral("enable the cache with make CACHE=1.")});
    QCOMPARE(g.body(*cache.first()), QStringLiteral("enable the cache with `make CACHE=1`."));
    QCOMPARE(g.body(*slow), QStringLiteral("> **Build is slow**"));
}

void TestGuideImporter::alternativesUnderAFixLabelAreSolutionsEach()
{
    // Items under one fix label that are alternatives, each for its own case ("If …"), are a
    // solution each, with its own commands; steps done in turn stay one solution.
    const Guide g = importText(R"(# Runbook

## DAG is stuck in queued

**Resolution**

1. If the scheduler is unhealthy, restart it:
   ```bash
   kubectl -n airflow rollout restart deployment/airflow-scheduler
   ```
2. If the pool is full, raise its size:
   ```bash
   airflow pools set etl_pool 32 "raised during incident"
   ```
3. Escalate to Data Platform if neither helps.

## Desktop app crashes on start

**Resolution**

1. Close the app.
2. Delete the shader cache:
   ```bash
   rm -rf ~/.cache/acme/shaders
   ```
3. Start the app again. If it still crashes, force software rendering.
)");
    const GuideNode *dag = findNode(g, NodeKind::Issue, QStringLiteral("DAG is stuck in queued"));
    QVERIFY(dag);
    const auto fixes = childrenOfKind(g, dag->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), (QStringList{QStringLiteral("If the scheduler is unhealthy, restart it"),
                                         QStringLiteral("If the pool is full, raise its size"),
                                         QStringLiteral("Escalate to Data Platform if neither helps.")}));
    QCOMPARE(fixes.at(0)->commands, QStringList{QStringLiteral("kubectl -n airflow rollout restart deployment/airflow-scheduler")});
    QCOMPARE(fixes.at(1)->commands, QStringList{QStringLiteral("airflow pools set etl_pool 32 \"raised during incident\"")});
    QCOMPARE(fixes.at(1)->order, 2);
    QVERIFY(fixes.at(2)->commands.isEmpty());
    const GuideNode *desktop = findNode(g, NodeKind::Issue, QStringLiteral("Desktop app crashes on start"));
    QVERIFY(desktop);
    const auto steps = childrenOfKind(g, desktop->id, NodeKind::Solution);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first()->commands, QStringList{QStringLiteral("rm -rf ~/.cache/acme/shaders")});
}

void TestGuideImporter::unlabelledBlocksOfCommandsAreShell()
{
    // A block with no language whose first line runs a program people type: its lines are
    // commands, checks in a diagnosis step, commands to copy in a fix.
    const Guide g = importText(R"(# DNS

## Issue: Lookups of internal names fail

**Diagnosis**:

```
kubectl -n kube-system get pods -l k8s-app=kube-dns
dig @10.96.0.10 api.internal
```

**Fix**:

```
kubectl -n kube-system rollout restart deployment/coredns
```
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Lookups of internal names fail"));
    QVERIFY(issue);
    const auto steps = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(steps.size(), 1);
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("dns"));
    QCOMPARE(steps.first()->commands, QStringList{QStringLiteral("kubectl -n kube-system get pods -l k8s-app=kube-dns")});
    const auto fixes = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(fixes.size(), 1);
    QCOMPARE(fixes.first()->commands, QStringList{QStringLiteral("kubectl -n kube-system rollout restart deployment/coredns")});
    QVERIFY(fixes.first()->checks.isEmpty());
}

void TestGuideImporter::headingsThatSayWhatFailsAreIssues()
{
    // A heading with only text under it is something to read, unless it says what fails:
    // then pasting the failure should find it.
    const Guide g = importText(R"(# Build guide

## Installing

Run `make`.

## Build fails on CI

The runner is out of disk. Clear the cache.

## Tests are slow

Use `-j`.

## Login page keeps restarting

Check the session store.

## Error handling in the API

We wrap errors in a problem+json body.

## Shutting down the server

Send SIGTERM.

## Timeouts

Each client sets its own.

## Q-learning basics

Not a FAQ.

## Why does the server refuse connections?

It listens on 127.0.0.1 only.

## Why use Redis?

It is fast.

## Error: `ENOSPC: no space left on device`

### Why the build fails

The cache grows without bound.
)");
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Issue)), (QStringList{QStringLiteral("Build fails on CI"), QStringLiteral("Tests are slow"),
                                                                  QStringLiteral("Login page keeps restarting"),
                                                                  QStringLiteral("Why does the server refuse connections?"),
                                                                  QStringLiteral("ENOSPC: no space left on device")}));
    // Topics, words that only look like FAQ markers, and a heading that explains the issue
    // it sits in are text to read.
    QCOMPARE(titles(g.nodesOfKind(NodeKind::Info)),
             (QStringList{QStringLiteral("Installing"), QStringLiteral("Error handling in the API"), QStringLiteral("Shutting down the server"),
                          QStringLiteral("Timeouts"), QStringLiteral("Q-learning basics"), QStringLiteral("Why use Redis?"),
                          QStringLiteral("Why the build fails")}));
    QCOMPARE(g.body(*findNode(g, NodeKind::Issue, QStringLiteral("Build fails on CI"))),
             QStringLiteral("The runner is out of disk. Clear the cache."));
}

void TestGuideImporter::plainLabelsStartParts()
{
    // Labels written without bold, one a line, in one paragraph.
    const Guide g = importText(R"(# Cache runbook

## Cache misses spike

Symptom: the hit rate drops below 50% after a deploy.
Cause: keys are written with a 10 s TTL.
Diagnosis: read the stats with `redis-cli -p 6380 info stats`
and compare keyspace_hits with keyspace_misses.
Fix: raise the TTL in `cache.yml`.

Note: asides stay text.

## Tuning

The **Solution:** is not at the start of the line, and Cause: is mid-sentence.
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Cache misses spike"));
    QVERIFY(issue);
    const auto symptoms = childrenOfKind(g, issue->id, NodeKind::Symptom);
    QCOMPARE(titles(symptoms), QStringList{QStringLiteral("the hit rate drops below 50% after a deploy.")});
    QCOMPARE(symptoms.first()->location.line, 5);
    QCOMPARE(g.body(*symptoms.first()), QString()); // its one line is its title
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Cause)), QStringList{QStringLiteral("keys are written with a 10 s TTL.")});
    const auto steps = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), QStringList{QStringLiteral("read the stats with redis-cli -p 6380 info stats and compare keyspace_hits with keyspace_misses.")});
    QCOMPARE(g.body(*steps.first()), QStringLiteral("read the stats with `redis-cli -p 6380 info stats`\nand compare keyspace_hits with keyspace_misses."));
    const auto checks = childrenOfKind(g, steps.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("redis"));
    const auto fixes = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), QStringList{QStringLiteral("raise the TTL in cache.yml.")});
    QVERIFY(childrenOfKind(g, fixes.first()->id, NodeKind::Check).isEmpty());
    QVERIFY2(g.body(*fixes.first()).endsWith(QStringLiteral("Note: asides stay text.")), qPrintable(g.body(*fixes.first())));
    // Not at the start of a line: not a label.
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Tuning")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 1);
}

void TestGuideImporter::definitionListTermsAreLabels()
{
    // Pandoc and MkDocs definition lists: a line holding only a part word, then a line opening
    // with ": ", is that part, as "Cause: …" is. md4c reads them as paragraphs.
    const Guide g = importText(R"(# Deploys

## Release tag rejected

Symptom
: `error: tag 'v2.4.0' already exists`

Cause
: The release job ran twice for one merge.

Fix
: Delete the remote tag and run the job once more.

## Deploy hangs at "waiting for lock"

Check
: Find who holds the deploy lock:

  ```sql
  SELECT pid, usename FROM pg_stat_activity WHERE wait_event_type = 'Lock';
  ```

Fix
: End that session: `SELECT pg_terminate_backend(<pid>);`

## Glossary

Canary
: A release sent to a few hosts first.
)");
    const GuideNode *tag = findNode(g, NodeKind::Issue, QStringLiteral("Release tag rejected"));
    QVERIFY(tag);
    QCOMPARE(titles(childrenOfKind(g, tag->id, NodeKind::Symptom)), QStringList{QStringLiteral("error: tag 'v2.4.0' already exists")});
    QCOMPARE(titles(childrenOfKind(g, tag->id, NodeKind::Cause)), QStringList{QStringLiteral("The release job ran twice for one merge.")});
    const auto fixes = childrenOfKind(g, tag->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), QStringList{QStringLiteral("Delete the remote tag and run the job once more.")});
    // The text is the definition, without the term and its ": ".
    QCOMPARE(g.body(*fixes.first()), QStringLiteral("Delete the remote tag and run the job once more."));
    QCOMPARE(test::bodyOf(g, NodeKind::Cause, QStringLiteral("The release job ran twice for one merge.")),
             QStringLiteral("The release job ran twice for one merge."));
    QVERIFY2(!g.body(*tag).contains(QLatin1String("Cause")), qPrintable(g.body(*tag)));

    // A fix after a diagnosis is its own step, not the diagnosis's text.
    const GuideNode *lock = findNode(g, NodeKind::Issue, QStringLiteral("waiting for lock"));
    QVERIFY(lock);
    const auto steps = childrenOfKind(g, lock->id, NodeKind::Diagnosis);
    QCOMPARE(titles(steps), QStringList{QStringLiteral("Find who holds the deploy lock")});
    QCOMPARE(childrenOfKind(g, steps.first()->id, NodeKind::Check).size(), 1);
    QVERIFY2(!g.body(*steps.first()).contains(QLatin1String("pg_terminate_backend")), qPrintable(g.body(*steps.first())));
    QVERIFY2(g.body(*steps.first()).startsWith(QLatin1String("Find who holds the deploy lock:\n\n```sql\nSELECT")),
             qPrintable(g.body(*steps.first())));
    const auto lockFixes = childrenOfKind(g, lock->id, NodeKind::Solution);
    QCOMPARE(titles(lockFixes), QStringList{QStringLiteral("End that session: SELECT pg_terminate_backend(<pid>);")});
    QCOMPARE(g.body(*lockFixes.first()), QStringLiteral("End that session: `SELECT pg_terminate_backend(<pid>);`"));

    // A term that is no part word is a definition like any other.
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Glossary")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);

    QCOMPARE(firstHit(g, QStringLiteral("error: tag 'v2.4.0' already exists")), tag->id);
}

void TestGuideImporter::partListsUnderTitles_data()
{
    // Known problems written as a bold title with its cause and fix listed under it: as a bold
    // paragraph or a bold list item, the labels bold or plain.
    QTest::addColumn<QString>("guide");
    const QString paragraphs = QStringLiteral(R"(# Auth problems

## Known issues

**Login fails with 401**

- %1 the token expired.
- %2 refresh the token with `auth refresh`.

**Uploads are rejected with 413**

- %1 the proxy limits the body size.
- %2 raise `client_max_body_size` in nginx.
)");
    const QString bullets = QStringLiteral(R"(# Auth problems

## Known issues

- **Login fails with 401**
  - %1 the token expired.
  - %2 refresh the token with `auth refresh`.
- **Uploads are rejected with 413**
  - %1 the proxy limits the body size.
  - %2 raise `client_max_body_size` in nginx.

Ask in #auth when neither fits.
)");
    const QString boldCause = QStringLiteral("**Cause**:"), boldFix = QStringLiteral("**Fix**:");
    const QString plainCause = QStringLiteral("Cause:"), plainFix = QStringLiteral("Fix:");
    QTest::newRow("bold paragraph, bold labels") << paragraphs.arg(boldCause, boldFix);
    QTest::newRow("bold paragraph, plain labels") << paragraphs.arg(plainCause, plainFix);
    QTest::newRow("bold item, bold labels") << bullets.arg(boldCause, boldFix);
    QTest::newRow("bold item, plain labels") << bullets.arg(plainCause, plainFix);
}

void TestGuideImporter::partListsUnderTitles()
{
    QFETCH(QString, guide);
    const Guide g = importText(guide.toUtf8());
    const GuideNode *section = findNode(g, NodeKind::Section, QStringLiteral("Known issues"));
    QVERIFY(section);
    const auto issues = childrenOfKind(g, section->id, NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QStringLiteral("Login fails with 401"), QStringLiteral("Uploads are rejected with 413")}));
    QCOMPARE(titles(childrenOfKind(g, issues.first()->id, NodeKind::Cause)), QStringList{QStringLiteral("the token expired.")});
    const auto fixes = childrenOfKind(g, issues.last()->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), QStringList{QStringLiteral("raise client_max_body_size in nginx.")});
    // The label and the list marker are no part of what the fix says, nor is the text after the list.
    QCOMPARE(g.body(*fixes.first()), QStringLiteral("raise `client_max_body_size` in nginx."));
    // Text after a list of titled items is the section's again. (After a list of parts under
    // a bold paragraph it goes on with the last part, as it does after any labelled part.)
    if (guide.contains(QStringLiteral("Ask in #auth")))
        QVERIFY2(g.body(*section).contains(QStringLiteral("Ask in #auth when neither fits.")), qPrintable(g.body(*section)));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
}

void TestGuideImporter::causeQuestionsAndEmojiLabels()
{
    const Guide g = importText(R"(# Guide

## Redis connection refused

**Symptoms**

- `Error: connect ECONNREFUSED 127.0.0.1:6379`

**Solution**

Start Redis: `sudo systemctl start redis-server`.

**Why this happens**

The service is not enabled at boot, so it is down after every reboot.

## 💳 Card payments declined

**❗ Problem:** Customers see `PSP_TIMEOUT after 30000ms`.

**🔍 Cause:** The proxy drops idle connections after 25 s.

**✅ Resolution:** Lower `psp.timeout.ms` to `20000`.

## Use a connection pool

<details><summary>Why?</summary>Opening a connection per request is slow.</details>
)");
    // "Why this happens" is the cause, not more of the solution.
    const GuideNode *redis = findNode(g, NodeKind::Issue, QStringLiteral("Redis connection refused"));
    QVERIFY(redis);
    QCOMPARE(titles(childrenOfKind(g, redis->id, NodeKind::Cause)),
             QStringList{QStringLiteral("The service is not enabled at boot, so it is down after every reboot.")});
    QCOMPARE(test::bodyOf(g, NodeKind::Solution, QStringLiteral("Start Redis: sudo systemctl start redis-server.")),
             QStringLiteral("Start Redis: `sudo systemctl start redis-server`."));
    // Labels opening with an emoji, as Notion exports write them.
    const GuideNode *card = findNode(g, NodeKind::Issue, QString::fromUtf8("\xf0\x9f\x92\xb3 Card payments declined"));
    QVERIFY(card);
    QCOMPARE(titles(childrenOfKind(g, card->id, NodeKind::Symptom)), QStringList{QStringLiteral("Customers see PSP_TIMEOUT after 30000ms.")});
    QCOMPARE(titles(childrenOfKind(g, card->id, NodeKind::Cause)), QStringList{QStringLiteral("The proxy drops idle connections after 25 s.")});
    const auto fix = childrenOfKind(g, card->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("Lower psp.timeout.ms to 20000.")});
    QCOMPARE(g.body(*fix.first()), QStringLiteral("Lower `psp.timeout.ms` to `20000`."));
    // "Why?" alone asks why a step is advised: no cause, and no issue made of the advice.
    QVERIFY(findNode(g, NodeKind::Section, QStringLiteral("Use a connection pool")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
}

void TestGuideImporter::knownIssuesLists()
{
    const Guide g = importText(R"(# fastgeo

### Known issues

- `GeoIndex.save()` on Windows raises `PermissionError: [WinError 32] The process cannot access the file`.
  - Workaround: close any other handle on the file.
- Segfault when building an index from multiple threads.
  - Workaround: guard `insert()` with a `threading.Lock`.

### Setting up

- Install PostgreSQL.
  - Verify: `psql --version`
- Create the database.
  - Verify: `psql -l`
)");
    // Each item of a known-issues list is an issue: its sentence the title, the error it quotes
    // the symptom, its workaround the fix.
    const GuideNode *known = findNode(g, NodeKind::Section, QStringLiteral("Known issues"));
    QVERIFY(known);
    const auto issues = childrenOfKind(g, known->id, NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QStringLiteral("GeoIndex.save() on Windows raises PermissionError: [WinError 32] The process "
                                                         "cannot access the file."),
                                          QStringLiteral("Segfault when building an index from multiple threads.")}));
    QCOMPARE(titles(childrenOfKind(g, issues.first()->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("PermissionError: [WinError 32] The process cannot access the file")});
    const auto fix = childrenOfKind(g, issues.first()->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("close any other handle on the file.")});
    QCOMPARE(g.body(*fix.first()), QString());
    QVERIFY(childrenOfKind(g, issues.last()->id, NodeKind::Symptom).isEmpty());
    // Steps with something to verify under them are a procedure, not problems.
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Setting up")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);

    QCOMPARE(firstHit(g, QStringLiteral("PermissionError: [WinError 32] The process cannot access the file because it is being used")), issues.first()->id);
}

void TestGuideImporter::numberedStepsOfOneSolution()
{
    const Guide g = importText(R"(# Build server

## Agent goes offline during long builds

Cause: The power plan puts the NIC to sleep after 30 minutes.

Solution:

1. Set the power plan to High performance: `powercfg /setactive SCHEME_MIN`
2. In Device Manager, uncheck "Allow the computer to turn off this device".

## Git checkout fails with "Filename too long"

### Solution

1. Enable long paths in Git:

   ```bash
   git config --system core.longpaths true
   ```

2. Re-run the job.

## Uploads fail

### Solutions

1. Raise the body size limit.
2. Upload in chunks.

## Downloads fail

### Fix

- Clear the cache.
- Use the mirror.
)");
    // "Solution:" and its steps: one solution, titled by its first step, without the label.
    const GuideNode *offline = findNode(g, NodeKind::Issue, QStringLiteral("Agent goes offline during long builds"));
    const auto power = childrenOfKind(g, offline->id, NodeKind::Solution);
    QCOMPARE(titles(power), QStringList{QStringLiteral("Set the power plan to High performance: powercfg /setactive SCHEME_MIN")});
    QCOMPARE(g.body(*power.first()), QStringLiteral("1. Set the power plan to High performance: `powercfg /setactive SCHEME_MIN`\n"
                                                    "2. In Device Manager, uncheck \"Allow the computer to turn off this device\"."));
    // Numbered steps under a singular heading are one procedure; its commands are its own.
    const GuideNode *checkout = findNode(g, NodeKind::Issue, QStringLiteral("Git checkout fails with \"Filename too long\""));
    const auto paths = childrenOfKind(g, checkout->id, NodeKind::Solution);
    QCOMPARE(titles(paths), QStringList{QStringLiteral("Solution")});
    QCOMPARE(paths.first()->commands, QStringList{QStringLiteral("git config --system core.longpaths true")});
    QVERIFY2(g.body(*paths.first()).endsWith(QStringLiteral("2. Re-run the job.")), qPrintable(g.body(*paths.first())));
    // Under a plural heading, or as bullets, each item is a solution of its own.
    const GuideNode *uploads = findNode(g, NodeKind::Issue, QStringLiteral("Uploads fail"));
    QCOMPARE(titles(childrenOfKind(g, uploads->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Raise the body size limit."), QStringLiteral("Upload in chunks.")}));
    const GuideNode *downloads = findNode(g, NodeKind::Issue, QStringLiteral("Downloads fail"));
    QCOMPARE(titles(childrenOfKind(g, downloads->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Clear the cache."), QStringLiteral("Use the mirror.")}));
}

void TestGuideImporter::decisionTreesAskAndBranch()
{
    const Guide g = importText(R"(# VPN

## VPN does not connect

### Step 1: Is the client running?

Open the tray icon. Does it show **Connected**?

- Yes → go to [Step 3](#step-3-can-you-resolve-internal-names)
- No → go to [Step 2](#step-2-does-the-client-start)

### Step 2: Does the client start?

- If you see `Status: Stopped`, start it and return to [Step 1](#step-1-is-the-client-running).
- If you see `Error 1067`, reinstall the client.

### Step 3: Can you resolve internal names?

- If you see `NXDOMAIN`, run `sudo resolvectl flush-caches` and reconnect.
- If it returns an address, the VPN works.

## Which client do you use?

- Yes, the new one.
- No idea.
)");
    // A step that asks, answered by a list of answers that link on, is a question; the answers
    // are its branches, labelled by the answer given.
    const GuideNode *step1 = g.node(QStringLiteral("step-1-is-the-client-running"));
    QVERIFY(step1);
    QCOMPARE(step1->kind, NodeKind::Question);
    QStringList answers;
    for (const GuideEdge *e : g.outgoing(step1->id)) {
        if (e->kind == GuideEdge::Kind::Answer)
            answers.append(e->label + QStringLiteral(" -> ") + e->to);
    }
    QCOMPARE(answers, (QStringList{QStringLiteral("Yes -> step-3-can-you-resolve-internal-names"),
                                   QStringLiteral("No -> step-2-does-the-client-start")}));
    // "If you see …, return to step 1": the condition is the answer.
    const GuideNode *step2 = g.node(QStringLiteral("step-2-does-the-client-start"));
    QCOMPARE(step2->kind, NodeKind::Question);
    const auto back = g.outgoing(step2->id);
    QVERIFY(std::any_of(back.cbegin(), back.cend(), [](const GuideEdge *e) {
        return e->kind == GuideEdge::Kind::Answer && e->label == QLatin1String("If you see Status: Stopped")
               && e->to == QLatin1String("step-1-is-the-client-running");
    }));
    // "If you see `Error 1067`, reinstall the client.": an answer that says what to do leads to
    // that fix, a solution of the issue.
    const GuideEdge *reinstall = edge(g, step2->id, QStringLiteral("If you see Error 1067"));
    QVERIFY(reinstall);
    QCOMPARE(reinstall->kind, GuideEdge::Kind::Answer);
    QCOMPARE(g.node(reinstall->to)->kind, NodeKind::Solution);
    QCOMPARE(g.node(reinstall->to)->title, QStringLiteral("Reinstall the client"));
    // One answer that leads somewhere makes no question: a step that asks is a look the reader
    // takes, then reads on. The problem the steps are for is an issue.
    const GuideNode *step3 = g.node(QStringLiteral("step-3-can-you-resolve-internal-names"));
    QCOMPARE(step3->kind, NodeKind::Diagnosis);
    const GuideEdge *flush = edge(g, step3->id, QStringLiteral("If you see NXDOMAIN"));
    QVERIFY(flush);
    QCOMPARE(g.node(flush->to)->kind, NodeKind::Solution);
    QCOMPARE(g.node(flush->to)->commands, QStringList{QStringLiteral("sudo resolvectl flush-caches")});
    QVERIFY(!edge(g, step3->id, QStringLiteral("If it returns an address")));
    QCOMPARE(g.node(QStringLiteral("vpn-does-not-connect"))->kind, NodeKind::Issue);
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Which client do you use?")));
    QVERIFY(g.diagnostics.isEmpty());
}

void TestGuideImporter::proceduresLeadOnInPlainText()
{
    // A decision procedure written as prose: "Step N" headings, and sentences that say where
    // each answer leads, without a single link.
    const Guide g = importText(R"(# Checkout outage: diagnostic procedure

Follow the steps in order. Shoppers report `HTTP 502 Bad Gateway` at checkout.

## Step 1: Is the service running?

    systemctl status checkout.service

If it shows `active (running)`, go to Step 3.
If it shows `inactive (dead)` or `failed`, go to Step 2.

## Step 2: Why did it stop?

    journalctl -u checkout.service -n 50

- If you see `Error: listen EADDRINUSE: address already in use :::8443`, another process holds the port. Find it with `ss -ltnp 'sport = :8443'` and kill it.
- If you see `FATAL: password authentication failed for user "shop"`, go to Step 4.
- Otherwise restart it with `sudo systemctl restart checkout.service` and go back to Step 1.

## Step 3: Does it answer on its port?

    curl -s http://127.0.0.1:8443/healthz

If the answer is `200`, go to Step 5.
If curl prints `Connection refused, retry later`, wait and repeat Step 3. After three tries, go to Step 2.
If you get `No route to host`, the firewall blocks the port. Open it:

    sudo firewall-cmd --add-port=8443/tcp

Then repeat Step 3.

## Step 4: Is the database reachable?

    pg_isready -h shop-db.internal -p 5432
    PGPASSWORD=Kq7v2Lm9Xw psql -h shop-db.internal -U shop -c 'select 1'

If it prints `no response`, go to Step 9.
If it prints `accepting connections`, reset the password in `/etc/shop/env` and restart the service:

    sudo systemctl restart checkout.service

## Step 5: Escalate

Page the owning team.
)");
    // The page's title names the problem: the procedure is its issue, and the error its
    // opening text quotes is a symptom, as are the errors the answers quote.
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Checkout outage: diagnostic procedure"));
    QVERIFY(issue);
    const QStringList symptoms = titles(childrenOfKind(g, issue->id, NodeKind::Symptom));
    QVERIFY2(symptoms.contains(QStringLiteral("HTTP 502 Bad Gateway")), qPrintable(symptoms.join(u'|')));
    QVERIFY2(symptoms.contains(QStringLiteral("Error: listen EADDRINUSE: address already in use :::8443")), qPrintable(symptoms.join(u'|')));
    QCOMPARE(symptoms.count(QStringLiteral("FATAL: password authentication failed for user \"shop\"")), 1);
    QCOMPARE(firstHit(g, QStringLiteral("Error: listen EADDRINUSE: address already in use :::8443")), issue->id);

    auto answers = [&](const QString &from) {
        QStringList result;
        for (const GuideEdge *e : g.outgoing(from)) {
            if (e->kind == GuideEdge::Kind::Answer)
                result.append(e->label + QStringLiteral(" -> ") + e->to);
        }
        return result;
    };
    // Each step is in the issue, in order; a step answered two ways or more is a question.
    const GuideNode *step1 = g.node(QStringLiteral("step-1-is-the-service-running"));
    QVERIFY(step1);
    QCOMPARE(step1->kind, NodeKind::Question);
    QCOMPARE(g.parent(step1->id)->id, issue->id);
    QCOMPARE(answers(step1->id), (QStringList{QStringLiteral("If it shows active (running) -> step-3-does-it-answer-on-its-port"),
                                              QStringLiteral("If it shows inactive (dead) or failed -> step-2-why-did-it-stop")}));
    // A list of answers: one leads to a fix of its own (its commands to copy), one to a step,
    // "Otherwise" back to the first.
    const GuideNode *step2 = g.node(QStringLiteral("step-2-why-did-it-stop"));
    QCOMPARE(step2->kind, NodeKind::Question);
    const QStringList two = answers(step2->id);
    QCOMPARE(two.size(), 3);
    QVERIFY(two.contains(QStringLiteral("If you see FATAL: password authentication failed for user \"shop\" -> step-4-is-the-database-reachable")));
    // "Otherwise restart it … and go back to Step 1": the answer leads to that fix, which
    // leads back.
    const GuideEdge *otherwise = edge(g, step2->id, QStringLiteral("Otherwise"));
    QVERIFY(otherwise);
    QCOMPARE(g.node(otherwise->to)->kind, NodeKind::Solution);
    QCOMPARE(g.node(otherwise->to)->commands, QStringList{QStringLiteral("sudo systemctl restart checkout.service")});
    const auto fromRestart = g.outgoing(otherwise->to);
    QVERIFY(std::any_of(fromRestart.cbegin(), fromRestart.cend(), [&](const GuideEdge *e) {
        return e->kind == GuideEdge::Kind::Link && e->to == step1->id;
    }));
    const GuideEdge *port = edge(g, step2->id, QStringLiteral("If you see Error: listen EADDRINUSE: address already in use :::8443"));
    QVERIFY(port);
    const GuideNode *kill = g.node(port->to);
    QCOMPARE(kill->kind, NodeKind::Solution);
    QCOMPARE(kill->title, QStringLiteral("Another process holds the port: find it with ss -ltnp 'sport = :8443' and kill it"));
    QVERIFY(kill->commands.contains(QStringLiteral("ss -ltnp 'sport = :8443'")));
    QVERIFY(kill->checks.isEmpty());
    // A step's commands are its own checks: run on its page, before the reader answers.
    const GuideNode *step3 = g.node(QStringLiteral("step-3-does-it-answer-on-its-port"));
    QCOMPARE(step3->kind, NodeKind::Question);
    QCOMPARE(step3->checks.size(), 1);
    QCOMPARE(step3->checks.first().type, QStringLiteral("http"));
    // A comma inside quoted output ends no condition; a loop back to the step itself is an answer.
    QVERIFY(answers(step3->id).contains(QStringLiteral("If curl prints Connection refused, retry later -> step-3-does-it-answer-on-its-port")));
    QVERIFY(answers(step3->id).contains(QStringLiteral("After three tries -> step-2-why-did-it-stop")));
    // "If you get …, the firewall blocks the port. Open it:" and the commands: a fix, whose
    // "Then repeat Step 3" leads back.
    const GuideEdge *firewall = edge(g, step3->id, QStringLiteral("If you get No route to host"));
    QVERIFY(firewall);
    const GuideNode *open = g.node(firewall->to);
    QCOMPARE(open->kind, NodeKind::Solution);
    QCOMPARE(open->title, QStringLiteral("The firewall blocks the port: open it"));
    QCOMPARE(open->commands, QStringList{QStringLiteral("sudo firewall-cmd --add-port=8443/tcp")});
    const auto fromFix = g.outgoing(open->id);
    QVERIFY(std::any_of(fromFix.cbegin(), fromFix.cend(), [&](const GuideEdge *e) {
        return e->kind == GuideEdge::Kind::Link && e->to == step3->id;
    }));
    QCOMPARE(g.body(*open).contains(QLatin1String("Then repeat Step 3")), true);
    QCOMPARE(g.body(*step3).contains(QLatin1String("If the answer is")), true);
    // A step answered once is a check the reader runs, then reads on; a credential written in
    // its command is masked, and lint says where.
    const GuideNode *step4 = g.node(QStringLiteral("step-4-is-the-database-reachable"));
    QCOMPARE(step4->kind, NodeKind::Check);
    QCOMPARE(step4->checks.size(), 2);
    QVERIFY(!QJsonDocument(g.toJson()).toJson().contains("Kq7v2Lm9Xw"));
    QVERIFY(!g.body(*step4).contains(QLatin1String("Kq7v2Lm9Xw")));
    // A step that leads to a number no heading has: lint says where.
    const auto dangling = std::find_if(g.diagnostics.cbegin(), g.diagnostics.cend(),
                                       [](const GuideDiagnostic &d) { return d.code == QLatin1String("dangling-step"); });
    QVERIFY(dangling != g.diagnostics.cend());
    QCOMPARE(dangling->location.line, 37);
    QVERIFY(dangling->message.contains(QLatin1String("Step 9")));
    // The step that hands the problem over ends the procedure: an outcome, not a fix.
    QCOMPARE(g.node(QStringLiteral("step-5-escalate"))->kind, NodeKind::Outcome);
}

void TestGuideImporter::procedureAnswersInOtherWords()
{
    // A runbook's procedure: steps that are looks, not questions, answers after arrows, a step
    // named in parentheses, a fix said in one sentence.
    const Guide g = importText(R"(# Payments API returns 5xx

### Step 1 — Check the pods

```bash
kubectl -n payments get pods -l app=payments-api
```

If all pods are `Running`, skip to Step 3. If any pod is in `CrashLoopBackOff`, continue with Step 2.

### Step 2 — Read the crash logs

* `OOMKilled` → raise the memory limit in `values.yaml`, then return to Step 1.
* `dial tcp 10.0.3.4:5432: connect: connection refused` → the database is down; go to Step 4.

### Step 3 — Check the upstream

```bash
curl -sf https://payments-api.internal/healthz
```

When it answers `ok`, escalate to the gateway team (Step 5).
If it times out, restart the ingress controller:

```bash
kubectl -n ingress rollout restart deploy/ingress-nginx
```

### Step 4 — Database

```bash
pg_isready -h payments-db.internal -p 5432
```

If it says `no response`, restart the replica with `sudo systemctl restart postgresql@15-replica`, then go back to Step 1.

### Step 5 — Escalate

Page `#gateway-oncall` with the alert link.
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Payments API returns 5xx"));
    QVERIFY(issue);
    auto target = [&](const QString &from, const QString &answer) -> const GuideNode * {
        const GuideEdge *e = edge(g, from, answer);
        return e && e->kind == GuideEdge::Kind::Answer ? g.node(e->to) : nullptr;
    };
    auto leadsBackTo = [&](const GuideNode *from, const QString &to) {
        const auto out = g.outgoing(from->id);
        return std::any_of(out.cbegin(), out.cend(), [&](const GuideEdge *e) { return e->kind == GuideEdge::Kind::Link && e->to == to; });
    };
    const QString step1 = QStringLiteral("step-1--check-the-pods");
    QCOMPARE(g.node(step1)->kind, NodeKind::Question);
    QCOMPARE(target(step1, QStringLiteral("If all pods are Running"))->id, QStringLiteral("step-3--check-the-upstream"));
    QCOMPARE(target(step1, QStringLiteral("If any pod is in CrashLoopBackOff"))->id, QStringLiteral("step-2--read-the-crash-logs"));
    // What an arrow answers; the sentence's condition before a ';'.
    const QString step2 = QStringLiteral("step-2--read-the-crash-logs");
    QCOMPARE(g.node(step2)->kind, NodeKind::Question);
    const GuideNode *raise = target(step2, QStringLiteral("OOMKilled"));
    QVERIFY(raise);
    QCOMPARE(raise->kind, NodeKind::Solution);
    QVERIFY(leadsBackTo(raise, step1));
    QCOMPARE(target(step2, QStringLiteral("dial tcp 10.0.3.4:5432: connect: connection refused"))->id, QStringLiteral("step-4--database"));
    // "(Step 5)" leads there; a fix with its commands after the answer.
    const QString step3 = QStringLiteral("step-3--check-the-upstream");
    QCOMPARE(g.node(step3)->checks.first().type, QStringLiteral("http"));
    QCOMPARE(target(step3, QStringLiteral("When it answers ok"))->id, QStringLiteral("step-5--escalate"));
    const GuideNode *ingress = target(step3, QStringLiteral("If it times out"));
    QVERIFY(ingress);
    QCOMPARE(ingress->title, QStringLiteral("Restart the ingress controller"));
    QCOMPARE(ingress->commands, QStringList{QStringLiteral("kubectl -n ingress rollout restart deploy/ingress-nginx")});
    // A step that only looks ("Database") runs its command; a fix said in one sentence is one,
    // and leads back from there.
    const GuideNode *database = g.node(QStringLiteral("step-4--database"));
    QCOMPARE(database->kind, NodeKind::Check);
    QCOMPARE(database->checks.first().type, QStringLiteral("postgres"));
    const GuideNode *replica = target(database->id, QStringLiteral("If it says no response"));
    QVERIFY(replica);
    QCOMPARE(replica->kind, NodeKind::Solution);
    QCOMPARE(replica->commands, QStringList{QStringLiteral("sudo systemctl restart postgresql@15-replica")});
    QVERIFY(leadsBackTo(replica, step1));
    QVERIFY(!edge(g, database->id, QString()) || edge(g, database->id, QString())->to != step1);
    QVERIFY(g.body(*database).contains(QLatin1String("restart the replica")));
    QCOMPARE(g.node(QStringLiteral("step-5--escalate"))->kind, NodeKind::Outcome); // it hands the problem over
    // The error an answer quotes finds the procedure.
    QCOMPARE(firstHit(g, QStringLiteral("dial tcp 10.0.3.4:5432: connect: connection refused")), issue->id);
}

void TestGuideImporter::stepTablesAreAnswers()
{
    // A table of what a step may show and where each leads: its rows are the step's answers,
    // in the order of the rows, to a step by link or by name, or to the fix the row says.
    const Guide g = importText(R"(# VPN does not connect

## Step 1: Is the route there?

```bash
ip route get 10.20.0.5
```

| Output contains | Meaning | Next |
|---|---|---|
| `dev tun0` | Traffic goes through the VPN | [Step 2](#step-2-firewall) |
| `dev eth0` | The split tunnel lacks the route | Ask #it-help to add `10.20.0.0/16` |
| `unreachable` | No VPN at all | Step 3 |

## Step 2: Firewall

Open a ticket with the network team.

## Step 3: Reconnect

Reconnect the VPN client.
)");
    const GuideNode *step1 = g.node(QStringLiteral("step-1-is-the-route-there"));
    QVERIFY(step1);
    QCOMPARE(step1->kind, NodeKind::Question);
    QStringList answers;
    for (const GuideEdge *e : g.outgoing(step1->id)) {
        if (e->kind == GuideEdge::Kind::Answer)
            answers.append(e->label + QStringLiteral(" -> ") + g.node(e->to)->title);
    }
    QCOMPARE(answers, (QStringList{QStringLiteral("Output contains dev tun0 -> Step 2: Firewall"),
                                   QStringLiteral("Output contains dev eth0 -> Ask #it-help to add 10.20.0.0/16"),
                                   QStringLiteral("Output contains unreachable -> Step 3: Reconnect")}));
    QVERIFY(g.body(*step1).contains(QLatin1String("Traffic goes through the VPN")));
    QVERIFY(g.diagnostics.isEmpty());
}

void TestGuideImporter::procedureAnswersHoldNoSecret()
{
    // A credential written where an answer's label, a fix's title or a table row comes from is
    // masked there too: in the model, its JSON and every body.
    const Guide g = importText(R"(# DB down

## Step 1: Check the service

Run `systemctl status pg`.

If it shows `password=Hq7vLm2Xw9`, go to Step 2.

`token=ghp_Zq8Vt3Lm9Xw2Rb7Nc4Kd6Pf1Sg5Hj0Ya2Ue8` → set PGPASSWORD=Hq7vLm2Xw9, then return to Step 1

## Step 2: Is the route there?

| Output | Meaning | Next |
|---|---|---|
| password=Hq7vLm2Xw9 | bad | Step 1 |
| ok | good | set PGPASSWORD=Hq7vLm2Xw9 |
)");
    const QByteArray json = QJsonDocument(g.toJson()).toJson();
    QVERIFY(json.contains("\"label\": \"If it shows password=****\""));
    for (const QByteArray &secret : {QByteArray("Hq7vLm2Xw9"), QByteArray("ghp_Zq8Vt3Lm9Xw2Rb7Nc4Kd6Pf1Sg5Hj0Ya2Ue8")}) {
        QVERIFY2(!json.contains(secret), secret.constData());
        for (const GuideEdge &e : g.edges)
            QVERIFY2(!e.label.contains(QString::fromLatin1(secret)), qPrintable(e.label));
        for (const GuideNode &n : g.nodes) {
            QVERIFY2(!n.title.contains(QString::fromLatin1(secret)), qPrintable(n.title));
            QVERIFY2(!g.body(n).contains(QString::fromLatin1(secret)), qPrintable(n.id));
        }
    }
    // The arrow's fix is titled by what to do, not where it then leads.
    const GuideEdge *fix = nullptr;
    for (const GuideEdge *e : g.outgoing(QStringLiteral("step-1-check-the-service"))) {
        if (e->kind == GuideEdge::Kind::Answer && e->label.startsWith(QLatin1String("token=")))
            fix = e;
    }
    QVERIFY(fix);
    QCOMPARE(g.node(fix->to)->kind, NodeKind::Solution);
    QCOMPARE(g.node(fix->to)->title, QStringLiteral("Set PGPASSWORD=****"));
}

void TestGuideImporter::eachAnswerOfAParagraphKeepsItsFix()
{
    // A paragraph of answers, one a line: each that says what to change is a fix of its own,
    // with its own way on; one that only leads on stays a way on from the step.
    const Guide g = importText(R"(# Orders database outage: diagnostic procedure

## Step 1: Is the primary up?

```bash
pg_isready -h db-primary -p 5432
```

If it says `no response`, fail over to the replica, then go to Step 2.
If it says `rejecting connections`, restart PgBouncer with `sudo systemctl restart pgbouncer` and retry Step 1. Otherwise go to Step 3.

## Step 2: Check the replica

```bash
pg_isready -h db-replica -p 5432
```

## Step 3: Check the pool

Look at the pool.
)");
    const QString step1 = QStringLiteral("step-1-is-the-primary-up");
    QCOMPARE(g.node(step1)->kind, NodeKind::Question);
    auto answer = [&](const QString &label) -> const GuideNode * {
        const GuideEdge *e = edge(g, step1, label);
        return e && e->kind == GuideEdge::Kind::Answer ? g.node(e->to) : nullptr;
    };
    const GuideNode *failOver = answer(QStringLiteral("If it says no response"));
    QVERIFY(failOver);
    QCOMPARE(failOver->kind, NodeKind::Solution);
    QCOMPARE(failOver->title, QStringLiteral("Fail over to the replica"));
    QCOMPARE(failOver->presetBody, QStringLiteral("If it says no response, fail over to the replica, then go to Step 2."));
    // The fix leads on to Step 2; the step itself does not (that way on is the fix's).
    const auto fromFix = g.outgoing(failOver->id);
    QCOMPARE(fromFix.size(), 1);
    QCOMPARE(fromFix.first()->to, QStringLiteral("step-2-check-the-replica"));
    const auto fromStep = g.outgoing(step1);
    QVERIFY(std::none_of(fromStep.cbegin(), fromStep.cend(), [](const GuideEdge *e) { return e->to == QStringLiteral("step-2-check-the-replica"); }));
    // Two answers on one line: the fix has the ways on of its own sentence, the step the other's.
    QCOMPARE(answer(QStringLiteral("Otherwise"))->id, QStringLiteral("step-3-check-the-pool"));
    const GuideNode *restart = answer(QStringLiteral("If it says rejecting connections"));
    QVERIFY(restart);
    QCOMPARE(restart->kind, NodeKind::Solution);
    QCOMPARE(restart->title, QStringLiteral("Restart PgBouncer with sudo systemctl restart pgbouncer"));
    QCOMPARE(restart->commands, QStringList{QStringLiteral("sudo systemctl restart pgbouncer")});
    const auto fromRestart = g.outgoing(restart->id);
    QCOMPARE(fromRestart.size(), 1);
    QCOMPARE(fromRestart.first()->to, step1);
    // The answers are offered in the order the text gives them.
    QStringList labels;
    for (const GuideEdge *e : fromStep) {
        if (e->kind == GuideEdge::Kind::Answer)
            labels.append(e->label);
    }
    QCOMPARE(labels, (QStringList{QStringLiteral("If it says no response"), QStringLiteral("If it says rejecting connections"),
                                  QStringLiteral("Otherwise")}));
    // Both are the issue's fixes, in the order the text gives them.
    QCOMPARE(failOver->order, 1);
    QCOMPARE(restart->order, 2);
}

void TestGuideImporter::numberedLooksAnsweredInListsAreAProcedure()
{
    // A support runbook's decision list: numbered questions, each with its command, answered
    // in a list of its own that leads to another item by its number or says what to do.
    const Guide g = importText(R"(# Checkout API troubleshooting

## Checkout returns 502

1. Is the checkout pod running? `kubectl -n shop get pods -l app=checkout`
   - **Yes** → go to step 2.
   - **No** → scale it up: `kubectl -n shop scale deploy/checkout --replicas=2`.
2. Does the health endpoint answer? `curl -sf http://checkout.shop.svc:8080/healthz`
   - **Yes** → the gateway is at fault; restart it with `kubectl -n shop rollout restart deploy/gateway`.
   - **No** → go to step 3.
3. Is the database reachable? `pg_isready -h checkout-db -p 5432`
   - If it prints `no response`, page the DBA on call.
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Checkout returns 502"));
    QVERIFY(issue);
    const GuideNode *pod = findNode(g, NodeKind::Question, QStringLiteral("Is the checkout pod running?"));
    const GuideNode *health = findNode(g, NodeKind::Question, QStringLiteral("Does the health endpoint answer?"));
    const GuideNode *database = findNode(g, NodeKind::Check, QStringLiteral("Is the database reachable?"));
    QVERIFY(pod && health && database);
    auto target = [&](const GuideNode *from, const QString &answer) { return answerTarget(g, from, answer); };
    QCOMPARE(target(pod, QStringLiteral("Yes")), health);
    const GuideNode *scale = target(pod, QStringLiteral("No"));
    QVERIFY(scale);
    QCOMPARE(scale->kind, NodeKind::Solution);
    QCOMPARE(scale->title, QStringLiteral("Scale it up"));
    QCOMPARE(scale->commands, QStringList{QStringLiteral("kubectl -n shop scale deploy/checkout --replicas=2")});
    const GuideNode *gateway = target(health, QStringLiteral("Yes"));
    QVERIFY(gateway);
    QCOMPARE(gateway->kind, NodeKind::Solution);
    QVERIFY2(gateway->title.startsWith(QStringLiteral("The gateway is at fault: restart it")), qPrintable(gateway->title));
    QCOMPARE(target(health, QStringLiteral("No")), database);
    // The commands Triage can run are the steps' own checks, run before the reader answers (a
    // step answered once or never is a check); the fixes are the issue's, in order.
    QCOMPARE(health->checks.size(), 1);
    QCOMPARE(health->checks.first().type, QStringLiteral("http"));
    QCOMPARE(database->checks.first().type, QStringLiteral("postgres"));
    QCOMPARE(scale->order, 1);
    QCOMPARE(gateway->order, 2);
    // Answers after a colon, an item that asks with no verb that looks, and answers in an
    // item's own text.
    const Guide redis = importText(R"(# Redis troubleshooting

## Cache misses spike after deploy

1. Can you reach Redis? Run `redis-cli -h cache.internal -p 6379 ping`.
   - Yes: continue with step 2.
   - No: start it with `sudo systemctl start redis-server` and retry step 1.
2. Is the hit rate low? Run `redis-cli -h cache.internal -p 6379 info stats`.
   If `keyspace_misses` grows faster than `keyspace_hits`, raise `maxmemory` in `redis.conf`. Otherwise go to step 3.
3. Check the eviction policy with `redis-cli -h cache.internal config get maxmemory-policy`.
)");
    const GuideNode *reach = findNode(redis, NodeKind::Question, QStringLiteral("Can you reach Redis?"));
    const GuideNode *hits = findNode(redis, NodeKind::Question, QStringLiteral("Is the hit rate low?"));
    const GuideNode *eviction = findNode(redis, NodeKind::Check, QStringLiteral("Check the eviction policy"));
    QVERIFY(reach && hits && eviction);
    QCOMPARE(reach->checks.first().type, QStringLiteral("redis"));
    auto answerTo = [&](const GuideNode *from, const QString &answer) -> const GuideNode * {
        const GuideEdge *e = edge(redis, from->id, answer);
        return e && e->kind == GuideEdge::Kind::Answer ? redis.node(e->to) : nullptr;
    };
    QCOMPARE(answerTo(reach, QStringLiteral("Yes")), hits);
    const GuideNode *start = answerTo(reach, QStringLiteral("No"));
    QVERIFY(start);
    QCOMPARE(start->title, QStringLiteral("Start it with sudo systemctl start redis-server"));
    const auto fromStart = redis.outgoing(start->id);
    QVERIFY(std::any_of(fromStart.cbegin(), fromStart.cend(), [&](const GuideEdge *e) { return e->to == reach->id; }));
    const GuideNode *raise = answerTo(hits, QStringLiteral("If keyspace_misses grows faster than keyspace_hits"));
    QVERIFY(raise);
    QCOMPARE(raise->title, QStringLiteral("Raise maxmemory in redis.conf"));
    QCOMPARE(answerTo(hits, QStringLiteral("Otherwise")), eviction);

    // A way on to an item the list does not have: lint says where, and what is missing.
    const Guide missing = importText("# Redis troubleshooting\n\n## Cache misses spike\n\n"
                                     "1. Can you reach Redis? Run `redis-cli ping`.\n   - Yes: continue with step 9.\n"
                                     "   - No: start it with `sudo systemctl start redis-server`.\n"
                                     "2. Check the eviction policy with `redis-cli config get maxmemory-policy`.\n");
    const auto dangling = std::find_if(missing.diagnostics.cbegin(), missing.diagnostics.cend(),
                                       [](const GuideDiagnostic &d) { return d.code == QLatin1String("dangling-step"); });
    QVERIFY(dangling != missing.diagnostics.cend());
    QCOMPARE(dangling->location.line, 6);
    QVERIFY2(dangling->message.contains(QLatin1String("has no item 9")), qPrintable(dangling->message));

    // A step whose command Triage cannot run stays a look the reader takes, its answers still
    // leading to their fixes.
    const Guide node = importText(R"(# Setup troubleshooting

## Build fails on a fresh clone

1. Check your Node version with `node --version`.
   - If it prints v16, upgrade to Node 20 with `nvm install 20`.
   - If it prints v20, you're fine.
2. Run the build again with `npm run build`.
)");
    const GuideNode *version = findNode(node, NodeKind::Diagnosis, QStringLiteral("Check your Node version"));
    QVERIFY(version);
    const GuideEdge *v16 = edge(node, version->id, QStringLiteral("If it prints v16"));
    QVERIFY(v16);
    QCOMPARE(node.node(v16->to)->title, QStringLiteral("Upgrade to Node 20 with nvm install 20"));

    // The same looks with no answers under them are diagnosis steps, no procedure.
    const Guide plain = importText(R"(# Checkout

## Checkout returns 502

1. Is the checkout pod running? `kubectl -n shop get pods`
2. Does the health endpoint answer? `curl -sf http://checkout.shop.svc:8080/healthz`
)");
    QVERIFY(findNode(plain, NodeKind::Diagnosis, QStringLiteral("Is the checkout pod running?")));
    QVERIFY(!findNode(plain, NodeKind::Question, QString()));
}

void TestGuideImporter::nestedQuestionsAreATree()
{
    // A decision tree in nested bullets: an answer that asks the next question, with answers of
    // its own under it, leads to that question, a step that runs its own command.
    const Guide g = importText(R"(# Intranet access troubleshooting

## Intranet pages do not load

- Is the VPN connected? Check with `nc -z vpn.corp.example 443`.
  - **Yes** → Does the intranet name resolve? `dig intranet.corp.example`
    - **No** → flush the DNS cache: `sudo resolvectl flush-caches`.
    - **Yes** → open a ticket with the output of `curl -v https://intranet.corp.example/health`.
  - **No** → connect the VPN from the tray icon.
)");
    const GuideNode *vpn = findNode(g, NodeKind::Question, QStringLiteral("Is the VPN connected?"));
    const GuideNode *dns = findNode(g, NodeKind::Question, QStringLiteral("Does the intranet name resolve?"));
    QVERIFY(vpn && dns);
    auto target = [&](const GuideNode *from, const QString &answer) { return answerTarget(g, from, answer); };
    QCOMPARE(vpn->checks.size(), 1);
    QCOMPARE(vpn->checks.first().type, QStringLiteral("tcp"));
    QCOMPARE(target(vpn, QStringLiteral("Yes")), dns);
    const GuideNode *connect = target(vpn, QStringLiteral("No"));
    QVERIFY(connect);
    QCOMPARE(connect->title, QStringLiteral("Connect the VPN from the tray icon"));
    // The follow-up runs its own command, not the commands of the fixes its answers lead to.
    QCOMPARE(dns->checks.size(), 1);
    QCOMPARE(dns->checks.first().type, QStringLiteral("dns"));
    const GuideNode *flush = target(dns, QStringLiteral("No"));
    QVERIFY(flush);
    QCOMPARE(flush->title, QStringLiteral("Flush the DNS cache"));
    QCOMPARE(flush->commands, QStringList{QStringLiteral("sudo resolvectl flush-caches")});
    const GuideNode *ticket = target(dns, QStringLiteral("Yes"));
    QVERIFY(ticket);
    QCOMPARE(ticket->kind, NodeKind::Solution);
    // Each question's text is its own: the follow-up's starts at its question, and the answers
    // after it are the first question's again.
    QVERIFY2(g.body(*dns).startsWith(QLatin1String("Does the intranet name resolve?")), qPrintable(g.body(*dns)));
    QVERIFY2(g.body(*dns).contains(QStringLiteral("\n- **No** → flush the DNS cache")), qPrintable(g.body(*dns)));
    QVERIFY2(!g.body(*dns).contains(QLatin1String("tray icon")), qPrintable(g.body(*dns)));
    QVERIFY2(g.body(*vpn).contains(QLatin1String("tray icon")), qPrintable(g.body(*vpn)));
    QVERIFY2(!g.body(*vpn).contains(QLatin1String("flush")), qPrintable(g.body(*vpn)));
    QVERIFY(g.diagnostics.isEmpty() || std::none_of(g.diagnostics.cbegin(), g.diagnostics.cend(), [](const GuideDiagnostic &d) { return d.isError(); }));
}

void TestGuideImporter::decisionTablesAreProcedures()
{
    // A table of checks and where each result leads: a step a row, running its command, its
    // condition columns its answers.
    const Guide g = importText(R"(# Payments troubleshooting

## Payments API times out

| # | What to check | Command | If yes | If no |
|---|---------------|---------|--------|-------|
| 1 | Is the API healthy? | `curl -sf http://payments:8080/healthz` | Go to step 2 | Restart the pod: `kubectl rollout restart deploy/payments` |
| 2 | Is the database up? | `PGPASSWORD=Zq81xv pg_isready -h payments-db -p 5432` | Escalate to #payments-oncall | Fail over to the replica |
)");
    const GuideNode *api = findNode(g, NodeKind::Question, QStringLiteral("Is the API healthy?"));
    const GuideNode *db = findNode(g, NodeKind::Question, QStringLiteral("Is the database up?"));
    QVERIFY(api && db);
    QCOMPARE(api->checks.first().type, QStringLiteral("http"));
    QCOMPARE(db->checks.first().type, QStringLiteral("postgres"));
    QCOMPARE(db->checks.first().param(QStringLiteral("host")), QStringLiteral("payments-db"));
    auto target = [&](const GuideNode *from, const QString &answer) { return answerTarget(g, from, answer); };
    QCOMPARE(target(api, QStringLiteral("If yes")), db);
    const GuideNode *restart = target(api, QStringLiteral("If no"));
    QVERIFY(restart);
    QCOMPARE(restart->title, QStringLiteral("Restart the pod"));
    QCOMPARE(restart->commands, QStringList{QStringLiteral("kubectl rollout restart deploy/payments")});
    QCOMPARE(target(db, QStringLiteral("If no"))->title, QStringLiteral("Fail over to the replica"));
    // "Escalate to #payments-oncall" hands the problem over: the way ends at an outcome.
    const GuideNode *escalate = target(db, QStringLiteral("If yes"));
    QVERIFY(escalate);
    QCOMPARE(escalate->kind, NodeKind::Outcome);
    QCOMPARE(escalate->title, QStringLiteral("Escalate to #payments-oncall"));
    // The step's page says what it checks and where each answer leads; the credential in the
    // command is masked there and in the JSON.
    QVERIFY2(db->presetBody.contains(QStringLiteral("If no: Fail over to the replica")), qPrintable(db->presetBody));
    QVERIFY2(api->presetBody.contains(QStringLiteral("If no: Restart the pod: `kubectl rollout restart deploy/payments`")), qPrintable(api->presetBody));
    QVERIFY2(db->presetBody.contains(QStringLiteral("pg_isready -h payments-db -p 5432`")), qPrintable(db->presetBody));
    QVERIFY(!db->presetBody.contains(QStringLiteral("Zq81xv")));
    QVERIFY(!QJsonDocument(g.toJson()).toJson().contains("Zq81xv"));
    // Columns that name the check's result are its branches too: running it chooses the way on.
    const Guide branching = importText(R"(# Payments troubleshooting

## Payments API times out

| Step | Check | If it passes | If it fails |
|------|-------|--------------|-------------|
| 1 | `curl -sf http://127.0.0.1:9/healthz` | Go to step 2 | Restart the pod: `kubectl rollout restart deploy/payments` |
| 2 | `pg_isready -h 127.0.0.1 -p 9` | Escalate to the on-call | Fail over to the replica |
)");
    const GuideNode *health = findNode(branching, NodeKind::Question, QStringLiteral("curl -sf http://127.0.0.1:9/healthz"));
    QVERIFY(health);
    const CheckSpec &spec = health->checks.first();
    const GuideNode *pod = findNode(branching, NodeKind::Solution, QStringLiteral("Restart the pod"));
    const GuideNode *database = findNode(branching, NodeKind::Question, QStringLiteral("pg_isready -h 127.0.0.1 -p 9"));
    const GuideNode *oncall = findNode(branching, NodeKind::Outcome, QStringLiteral("Escalate to the on-call"));
    const GuideNode *replica = findNode(branching, NodeKind::Solution, QStringLiteral("Fail over to the replica"));
    QVERIFY(pod && database && oncall && replica);
    // Both of the database step's results are named: its check branches to them.
    QCOMPARE(database->checks.first().branches.value(QStringLiteral("pass")), oncall->id);
    QCOMPARE(database->checks.first().branches.value(QStringLiteral("fail")), replica->id);
    QCOMPARE(spec.branches.value(QStringLiteral("pass")), database->id);
    QCOMPARE(spec.branches.value(QStringLiteral("fail")), pod->id);
    auto after = [&](CheckOutcome outcome) {
        return ReverseTriage::nextNode(branching, health->id, spec, CheckResult::make(outcome, QStringLiteral("…")));
    };
    QCOMPARE(after(CheckOutcome::Ok), database->id);
    QCOMPARE(after(CheckOutcome::HttpError), pod->id);
    QCOMPARE(after(CheckOutcome::ConnectionRefused), pod->id); // nothing listens: "it fails" to a reader
    QVERIFY(after(CheckOutcome::NotTrusted).isEmpty());         // Triage's own refusal: the reader judges
    // Lint takes the branches as a check block's: known results, targets that exist.
    const GuideDiagnostics lint = GuideLinter::lint(branching);
    QVERIFY(!GuideLinter::hasErrors(lint));

    // A table with no column of results is no procedure.
    const Guide plain = importText("# P\n\n## Payments API times out\n\n| Check | Meaning |\n|---|---|\n"
                                   "| `curl -sf http://payments:8080/healthz` | the API answers |\n");
    // It stays the issue's text: no step is made of its row, and the issue keeps the table.
    QVERIFY(plain.nodesOfKind(NodeKind::Question).isEmpty());
    QVERIFY(plain.nodesOfKind(NodeKind::Check).isEmpty());
    const GuideNode *timesOut = findNode(plain, NodeKind::Issue, QStringLiteral("Payments API times out"));
    QVERIFY(timesOut);
    QVERIFY(plain.body(*timesOut).contains(QLatin1String("| Check | Meaning |")));
}

void TestGuideImporter::answersKeepToTheirOwnWords()
{
    // What an answer's fix takes is its own sentence and what goes on saying what to change;
    // a sentence for everyone ("Then continue with Step 3.") stays the step's way on, written
    // in words or as a link, and "retry step 1" changes nothing.
    const Guide g = importText(R"(# Web server returns 502

## Step 1: Check the upstream

Run `curl -sS http://localhost:8080/health`. If you use Docker, restart the container first with `docker restart app`. Then continue with Step 3.

## Step 2: Is the primary up?

```bash
pg_isready -h db-primary -p 5432
```

If it says `no response`, fail over to the replica, then [go to Step 3](#step-3-check-the-load-balancer). If it says `accepting connections`, [go to Step 4](#step-4-done).

## Step 3: Check the load balancer

```bash
curl -sS http://lb.internal/health
```

If it fails, retry step 1. If it passes, go to Step 4.

## Step 4: Done

Close the ticket.
)");
    const QString step1 = QStringLiteral("step-1-check-the-upstream");
    const QString step3 = QStringLiteral("step-3-check-the-load-balancer");
    const GuideNode *docker = findNode(g, NodeKind::Solution, QStringLiteral("Restart the container first"));
    QVERIFY(docker);
    QVERIFY(g.outgoing(docker->id).isEmpty());
    const GuideEdge *onward = edge(g, step1, QString());
    QVERIFY(onward);
    QCOMPARE(onward->to, step3);
    QCOMPARE(onward->kind, GuideEdge::Kind::Link);
    // A way on written as a link in a fix's words is the fix's, plain; the step's own answers
    // stay answers.
    const QString step2 = QStringLiteral("step-2-is-the-primary-up");
    const GuideNode *failOver = findNode(g, NodeKind::Solution, QStringLiteral("Fail over to the replica"));
    QVERIFY(failOver);
    QCOMPARE(edge(g, step2, QStringLiteral("If it says no response"))->to, failOver->id);
    const auto fromFix = g.outgoing(failOver->id);
    QCOMPARE(fromFix.size(), 1);
    QCOMPARE(fromFix.first()->to, step3);
    QCOMPARE(fromFix.first()->kind, GuideEdge::Kind::Link);
    QCOMPARE(edge(g, step2, QStringLiteral("If it says accepting connections"))->to, QStringLiteral("step-4-done"));
    const auto fromStep2 = g.outgoing(step2);
    QVERIFY(std::none_of(fromStep2.cbegin(), fromStep2.cend(), [&](const GuideEdge *e) { return e->to == step3; }));
    // "If it fails, retry step 1": an answer back to Step 1, no fix titled "Retry step 1"; and
    // both results named make the check branch on them.
    QVERIFY(!findNode(g, NodeKind::Solution, QStringLiteral("Retry")));
    QCOMPARE(edge(g, step3, QStringLiteral("If it fails"))->to, step1);
    const GuideNode *lb = g.node(step3);
    QCOMPARE(lb->checks.first().branches.value(QStringLiteral("fail")), step1);
    QCOMPARE(lb->checks.first().branches.value(QStringLiteral("pass")), QStringLiteral("step-4-done"));

    // Only the failure named: no branches, so that a pass reads on as before.
    const Guide oneSided = importText("# DB outage: diagnostic procedure\n\n## Step 1: Is it up?\n\n```bash\npg_isready -h db -p 5432\n```\n\n"
                                      "If it fails, restart it with `sudo systemctl restart postgresql`.\n\n## Step 2: Check the pool\n\nLook.\n");
    const GuideNode *up = oneSided.node(QStringLiteral("step-1-is-it-up"));
    QVERIFY(up && !up->checks.isEmpty());
    QVERIFY(up->checks.first().branches.isEmpty());
}

void TestGuideImporter::eachListIsAProcedureOfItsOwn()
{
    // Two numbered procedures under one heading: each "go to step N" is to its own list's item.
    const Guide g = importText(R"(# Acme runbook

## Cache is down

On the primary:

1. Can you reach Redis? Run `redis-cli ping`.
   - Yes: go to step 2.
   - No: start it with `sudo systemctl start redis`.
2. Is memory full? Run `redis-cli info memory`.
   - Yes: raise `maxmemory`.
   - No: open a ticket.

On the replica:

1. Is replication running? Run `redis-cli -p 6380 info replication`.
   - Yes: go to step 2.
   - No: restart it with `sudo systemctl restart redis-replica`.
2. Is lag high? Check `redis-cli -p 6380 info replication`.
   - Yes: fail over to the primary.
   - No: go to step 1.
)");
    const GuideNode *reach = findNode(g, NodeKind::Question, QStringLiteral("Can you reach Redis?"));
    const GuideNode *memory = findNode(g, NodeKind::Question, QStringLiteral("Is memory full?"));
    const GuideNode *replication = findNode(g, NodeKind::Question, QStringLiteral("Is replication running?"));
    const GuideNode *lag = findNode(g, NodeKind::Question, QStringLiteral("Is lag high?"));
    QVERIFY(reach && memory && replication && lag);
    QCOMPARE(edge(g, reach->id, QStringLiteral("Yes"))->to, memory->id);
    QCOMPARE(edge(g, replication->id, QStringLiteral("Yes"))->to, lag->id);
    QCOMPARE(edge(g, lag->id, QStringLiteral("No"))->to, replication->id);
    // A table of tasks with a "When" column is no procedure: its cells are no answers.
    const Guide tasks = importText("# DB\n\n## Database is down\n\n| Task | Command | When |\n|---|---|---|\n"
                                   "| Restart | `sudo systemctl restart postgresql` | Only on the primary |\n"
                                   "| Vacuum | `psql -c 'VACUUM'` | If connections pile up |\n");
    QVERIFY(tasks.nodesOfKind(NodeKind::Solution).isEmpty());
    QVERIFY(tasks.nodesOfKind(NodeKind::Question).isEmpty());
}

void TestGuideImporter::diagnosesAnsweredInListsAreProcedures_data()
{
    QTest::addColumn<QString>("opening");
    QTest::addRow("bold label") << QStringLiteral("**Diagnosis:**");
    QTest::addRow("label without colon") << QStringLiteral("**Diagnosis**");
    QTest::addRow("heading") << QStringLiteral("### Diagnosis");
}

void TestGuideImporter::diagnosesAnsweredInListsAreProcedures()
{
    // A diagnosis whose numbered looks are answered in lists of their own: the answers lead on,
    // as they do in an issue's own text, and the fixes they name are the issue's solutions.
    QFETCH(QString, opening);
    const Guide g = importText(QStringLiteral(R"(# Payments API troubleshooting

## Checkout returns 502

**Symptom:** Customers see `502 Bad Gateway` at checkout.

%1

1. Check the health endpoint: `curl -s http://localhost:8080/healthz`
   - If it says `ok`, go to step 2.
   - If it times out, restart the pod: `kubectl rollout restart deploy/payments`.
2. Check the database: `pg_isready -h localhost -p 5432`
   - If it says `accepting connections`, escalate to #payments-oncall with the request id.
   - If not, fail over to the replica.
)").arg(opening).toUtf8());
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Checkout returns 502"));
    const GuideNode *health = findNode(g, NodeKind::Question, QStringLiteral("Check the health endpoint"));
    const GuideNode *database = findNode(g, NodeKind::Question, QStringLiteral("Check the database"));
    QVERIFY(issue && health && database);
    auto target = [&](const GuideNode *from, const QString &answer) { return answerTarget(g, from, answer); };
    QCOMPARE(target(health, QStringLiteral("If it says ok")), database);
    const GuideNode *restart = target(health, QStringLiteral("If it times out"));
    QVERIFY(restart);
    QCOMPARE(restart->kind, NodeKind::Solution);
    QCOMPARE(restart->title, QStringLiteral("Restart the pod"));
    QCOMPARE(restart->commands, QStringList{QStringLiteral("kubectl rollout restart deploy/payments")});
    QCOMPARE(target(database, QStringLiteral("If not"))->title, QStringLiteral("Fail over to the replica"));
    QCOMPARE(target(database, QStringLiteral("If it says accepting connections"))->kind, NodeKind::Outcome);
    // The steps run their commands; no empty "Diagnosis" item stands over them.
    QCOMPARE(health->checks.first().type, QStringLiteral("http"));
    QCOMPARE(database->checks.first().type, QStringLiteral("postgres"));
    QVERIFY(!findNode(g, NodeKind::Diagnosis, QString()));
    QVERIFY(!GuideLinter::hasErrors(GuideLinter::lint(g)));
}

void TestGuideImporter::handingOverEndsTheFlow()
{
    // Escalating, paging, contacting: where an answer hands the problem over, the flow ends at
    // an outcome titled by what to do, with nothing after it, and no solution is counted.
    const Guide g = importText(R"(# Cache runbook

## Cache is down

1. Can you reach Redis? Run `redis-cli ping`.
   - Yes: go to step 2.
   - No: page the platform on-call in #platform-oncall.
2. Is memory full? Run `redis-cli info memory`.
   - Yes: raise `maxmemory`.
   - No: contact the vendor with the output of `redis-cli info`.

## VPN does not connect

### Step 1: Can you reach the gateway?

Run `nc -z vpn.example.com 443`. If it succeeds, go to Step 2. If it times out, go to Step 3.

### Step 2: Is your certificate valid?

Run `openssl x509 -in ~/.vpn/client.crt -noout -enddate`. If the date is in the past, renew it from the portal.

### Step 3: Escalate

Open a ticket with the client log attached.
)");
    const GuideNode *reach = findNode(g, NodeKind::Question, QStringLiteral("Can you reach Redis?"));
    const GuideNode *memory = findNode(g, NodeKind::Question, QStringLiteral("Is memory full?"));
    const GuideNode *gateway = findNode(g, NodeKind::Question, QStringLiteral("Step 1: Can you reach the gateway?"));
    QVERIFY(reach && memory && gateway);
    const GuideEdge *page = edge(g, reach->id, QStringLiteral("No"));
    const GuideEdge *vendor = edge(g, memory->id, QStringLiteral("No"));
    const GuideEdge *escalate = edge(g, gateway->id, QStringLiteral("If it times out"));
    QVERIFY(page && vendor && escalate);
    QCOMPARE(g.node(page->to)->kind, NodeKind::Outcome);
    QCOMPARE(g.node(page->to)->title, QStringLiteral("Page the platform on-call in #platform-oncall"));
    QCOMPARE(g.node(vendor->to)->kind, NodeKind::Outcome);
    QCOMPARE(g.node(escalate->to)->kind, NodeKind::Outcome);
    QCOMPARE(g.node(escalate->to)->title, QStringLiteral("Step 3: Escalate"));
    for (const GuideEdge *end : {page, vendor, escalate}) {
        QVERIFY(std::none_of(g.edges.cbegin(), g.edges.cend(), [&](const GuideEdge &e) {
            return e.from == end->to && (e.kind == GuideEdge::Kind::Answer || e.kind == GuideEdge::Kind::Branch);
        }));
    }
    // The fixes are still solutions, numbered without the outcomes.
    const GuideNode *raise = g.node(edge(g, memory->id, QStringLiteral("Yes"))->to);
    QCOMPARE(raise->kind, NodeKind::Solution);
    QCOMPARE(raise->order, 1);
    QVERIFY(!GuideLinter::hasErrors(GuideLinter::lint(g)));

    // Telling people is no hand-over: a step that notifies, or contacts somebody who does not
    // take the problem, is a step on the way, and the steps after it stay reachable.
    const Guide failover = importText(R"(# Database runbook

## Primary database is down

### Step 1: Is the primary up?

Run `pg_isready -h db-primary -p 5432`. If it times out, go to Step 2.

### Step 2: Notify the team

Post in #db that a failover starts.

### Step 3: Promote the replica

Run `sudo -u postgres pg_ctl promote`. If it fails, contact the team lead and retry Step 3.
)");
    const GuideNode *notify = findNode(failover, NodeKind::Info, QStringLiteral("Step 2: Notify the team"));
    QVERIFY(notify);
    QVERIFY(failover.nodesOfKind(NodeKind::Outcome).isEmpty());
}

void TestGuideImporter::wikiLinksLeadToNotes()
{
    // A guide in an Obsidian vault: its wiki links lead to the notes beside it, to notes
    // elsewhere in the vault by their name, and to headings, as Markdown links do; lint says
    // which note is missing. Double brackets that name no note stay text.
    QTemporaryDir vault;
    QVERIFY(vault.isValid());
    auto write = [&](const QString &name, const QByteArray &text) {
        QVERIFY(QDir(vault.path()).mkpath(QFileInfo(vault.filePath(name)).path()));
        QFile f(vault.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    QVERIFY(QDir(vault.path()).mkdir(QStringLiteral(".obsidian")));
    write(QStringLiteral("payments/Kafka.md"), "# Kafka\n\n## Consumer lag\n\nLag grows when consumers fall behind.\n");
    write(QStringLiteral("ops/queues/Refund queue.md"), "# Refund queue\n\nThe refunds worker reads it.\n");
    // Two notes of one name: the nearer the vault's root is the one, and of two as near, the
    // first by path, however the folders are read.
    write(QStringLiteral("ops/queues/deep/Runbook.md"), "# Runbook (old)\n");
    write(QStringLiteral("teams/b/Runbook.md"), "# Runbook (b)\n");
    write(QStringLiteral("teams/a/Runbook.md"), "# Runbook (a)\n");
    write(QStringLiteral("payments/payments.md"), R"(# Payments

[[_TOC_]]

## Refunds are slow

If refunds take more than a minute, see [[Kafka#Consumer lag|the lag notes]], [[Refund queue]] and [[#Checkout fails]].
The ledger is in [[Ledger notes]]; the steps are in the [[Runbook]].

## Checkout fails

Run `[[ -f /etc/payments.env ]]` first; in prose, [[ -f x ]] is shell too, and [[nodiscard]] is C++.
)");
    const Guide g = GuideImporter::importFile(vault.filePath(QStringLiteral("payments/payments.md")));
    const GuideNode *refunds = findNode(g, NodeKind::Issue, QStringLiteral("Refunds are slow"));
    const GuideNode *checkout = findNode(g, NodeKind::Issue, QStringLiteral("Checkout fails"));
    QVERIFY(refunds && checkout);
    const GuideEdge *lag = edge(g, refunds->id, QStringLiteral("the lag notes"));
    QVERIFY(lag);
    QCOMPARE(lag->kind, GuideEdge::Kind::Guide);
    QCOMPARE(lag->to, QStringLiteral("Kafka.md#consumer-lag"));
    QCOMPARE(QFileInfo(lag->targetFile), QFileInfo(vault.filePath(QStringLiteral("payments/Kafka.md"))));
    const GuideEdge *queue = edge(g, refunds->id, QStringLiteral("Refund queue"));
    QVERIFY(queue);
    QCOMPARE(QFileInfo(queue->targetFile), QFileInfo(vault.filePath(QStringLiteral("ops/queues/Refund queue.md"))));
    const GuideEdge *runbook = edge(g, refunds->id, QStringLiteral("Runbook"));
    QVERIFY(runbook);
    QCOMPARE(QFileInfo(runbook->targetFile), QFileInfo(vault.filePath(QStringLiteral("teams/a/Runbook.md"))));
    const GuideEdge *here = edge(g, refunds->id, QStringLiteral("#Checkout fails"));
    QVERIFY(here);
    QCOMPARE(here->to, checkout->id);
    for (const GuideEdge &e : g.edges)
        QVERIFY2(e.kind == GuideEdge::Kind::Contains || e.from == refunds->id, qPrintable(e.to));
    QVERIFY(g.body(*checkout).contains(QLatin1String("[[nodiscard]]")));
    // The one note that is nowhere in the vault is lint's one error, on its line.
    const GuideDiagnostics lint = GuideLinter::lint(g);
    QCOMPARE(std::count_if(lint.cbegin(), lint.cend(), [](const GuideDiagnostic &d) { return d.isError(); }), 1);
    const auto missing = std::find_if(lint.cbegin(), lint.cend(), [](const GuideDiagnostic &d) { return d.isError(); });
    QVERIFY2(missing->message.contains(QLatin1String("Ledger notes.md")), qPrintable(missing->message));
    QCOMPARE(missing->location.line, 8);
}

void TestGuideImporter::otherwiseNamesTheOtherResult()
{
    // "If it succeeds, go to Step 2." with "If not, start it": one result named, the other
    // answer its opposite. The step's check branches on both, so running it chooses the way.
    const Guide g = importText(R"(# Redis

## Cache is down

### Step 1: Can you reach Redis?

Run `redis-cli -h 127.0.0.1 -p 6379 ping`.

- If it succeeds, go to Step 2.
- If not, start it with `sudo systemctl start redis`.

### Step 2: Is memory full?

Run `redis-cli info memory`. If it fails, restart it. Otherwise, go to Step 1.

### Step 3: Is the replica in sync?

Run `redis-cli -p 6380 info replication`. If it says `master_link_status:up`, go to Step 1. If not, resync it.
)");
    const GuideNode *reach = findNode(g, NodeKind::Question, QStringLiteral("Step 1: Can you reach Redis?"));
    const GuideNode *memory = findNode(g, NodeKind::Question, QStringLiteral("Step 2: Is memory full?"));
    const GuideNode *replica = findNode(g, NodeKind::Question, QStringLiteral("Step 3: Is the replica in sync?"));
    QVERIFY(reach && memory && replica);
    const GuideNode *start = answerTarget(g, reach, QStringLiteral("If not"));
    const GuideNode *restart = answerTarget(g, memory, QStringLiteral("If it fails"));
    QVERIFY(start && restart);
    const CheckSpec &ping = reach->checks.first();
    QCOMPARE(ping.branches.value(QStringLiteral("pass")), memory->id);
    QCOMPARE(ping.branches.value(QStringLiteral("fail")), start->id);
    const CheckSpec &info = memory->checks.first();
    QCOMPARE(info.branches.value(QStringLiteral("fail")), restart->id);
    QCOMPARE(info.branches.value(QStringLiteral("pass")), reach->id);
    QCOMPARE(ReverseTriage::nextNode(g, reach->id, ping, CheckResult::make(CheckOutcome::ConnectionRefused, QStringLiteral("…"))), start->id);
    QCOMPARE(ReverseTriage::nextNode(g, reach->id, ping, CheckResult::make(CheckOutcome::Ok, QStringLiteral("PONG"))), memory->id);
    // "If it says `master_link_status:up`" names no result: the reader tells, the check does not branch.
    QVERIFY(replica->checks.first().branches.isEmpty());
    QVERIFY(!GuideLinter::hasErrors(GuideLinter::lint(g)));
}

void TestGuideImporter::stepsThatLeadNowhereStayAProcedure()
{
    // "Step N" headings of a set-up procedure, under a title that names no problem, and steps
    // that only mention each other: no issue, no question, no answer.
    const Guide g = importText(R"(# Setting up the SDK

## Step 1: Install the toolchain

Run `make toolchain`. Step 2 takes longer.

## Step 2: Configure the project

See Step 1 if `make` is missing. If you use Windows, follow the notes in Step 1.
)");
    QVERIFY(!findNode(g, NodeKind::Issue, QString()));
    for (const GuideNode &n : g.nodes)
        QVERIFY2(n.kind != NodeKind::Question && n.kind != NodeKind::Issue, qPrintable(n.title));
    for (const GuideEdge &e : g.edges)
        QVERIFY2(e.kind != GuideEdge::Kind::Answer, qPrintable(e.label));
}

void TestGuideImporter::admonitionsNamedForParts()
{
    const Guide g = importText(R"(# Troubleshooting

## Rate limited (`429 Too Many Requests`)

:::caution Symptom
`Error: 429 Too Many Requests – retry after 60s`
:::

:::tip[Fix]
1. Wait 60 seconds.
2. Use a personal token (`ACME_TOKEN`) instead of the shared CI token.
:::

:::note
Limits reset every hour.
:::

```markdown
:::tip Fix
Shown as written, inside code.
:::
```
)");
    // A Docusaurus admonition titled with a part word holds that part; its fences are no text.
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Rate limited (429 Too Many Requests)"));
    QVERIFY(issue);
    QVERIFY(titles(childrenOfKind(g, issue->id, NodeKind::Symptom)).contains(QStringLiteral("Error: 429 Too Many Requests – retry after 60s")));
    const auto fix = childrenOfKind(g, issue->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("Wait 60 seconds.")});
    const QString body = g.body(*fix.first());
    QVERIFY2(body.startsWith(QStringLiteral("1. Wait 60 seconds.\n2. Use a personal token")), qPrintable(body));
    QVERIFY2(!body.contains(QStringLiteral(":::note")) && !body.contains(QStringLiteral(":::tip[Fix]")), qPrintable(body));
    QCOMPARE(body.count(QStringLiteral(":::")), 2); // only in the code block
    // An admonition with no part word is text; one inside a code block is left as written.
    QVERIFY2(body.contains(QStringLiteral("Limits reset every hour.")), qPrintable(body));
    QVERIFY2(body.contains(QStringLiteral(":::tip Fix\nShown as written, inside code.\n:::")), qPrintable(body));
    QCOMPARE(fix.size(), 1);
}

void TestGuideImporter::indentedAdmonitionsAreMarkdown()
{
    // MkDocs-Material: each admonition's text is indented four spaces, which plain Markdown
    // reads as code. A failure's title names an issue; a title with a part word holds that
    // part; a note's is no text.
    const Guide g = importText(R"(# Ingest

!!! note
    Be on the VPN first.

## Cache

!!! failure "Workers crash with `ECONNREFUSED 10.0.0.5:6379`"
    The API returns `503` on every request.

??? question "Diagnose"
    ```bash
    redis-cli -h cache -p 6379 ping
    ```

???+ tip "Fix"
    1. Restart the cache: `kubectl rollout restart statefulset/cache`
    2. Wait for it: `kubectl rollout status statefulset/cache`

## Upstream

!!! warning "Requests to the partner API time out"
	Requests fail after 30 s.

!!! warning "Back up first"
    Keep a copy of the data.

```text
!!! failure "Shown as written, inside code"
    still code
```
)");
    const GuideNode *crash = findNode(g, NodeKind::Issue, QStringLiteral("Workers crash with ECONNREFUSED"));
    QVERIFY(crash);
    QVERIFY2(g.body(*crash).startsWith(QStringLiteral("The API returns `503`")), qPrintable(g.body(*crash)));
    const auto diagnosis = childrenOfKind(g, crash->id, NodeKind::Diagnosis);
    QCOMPARE(diagnosis.size(), 1);
    QCOMPARE(childrenOfKind(g, diagnosis.first()->id, NodeKind::Check).size(), 1);
    const auto fix = childrenOfKind(g, crash->id, NodeKind::Solution);
    QCOMPARE(fix.size(), 1);
    QCOMPARE(fix.first()->commands, (QStringList{QStringLiteral("kubectl rollout restart statefulset/cache"),
                                                 QStringLiteral("kubectl rollout status statefulset/cache")}));
    // The next section is a section of its own, not text of the fix; a warning that states a
    // failure is an issue (its text indented by a tab), one that cautions is text.
    QVERIFY(findNode(g, NodeKind::Section, QStringLiteral("Upstream")) || findNode(g, NodeKind::Info, QStringLiteral("Upstream")));
    const GuideNode *timeouts = findNode(g, NodeKind::Issue, QStringLiteral("Requests to the partner API time out"));
    QVERIFY(timeouts);
    QVERIFY2(g.body(*timeouts).contains(QStringLiteral("Requests fail after 30 s.")), qPrintable(g.body(*timeouts)));
    QVERIFY(!findNode(g, NodeKind::Issue, QStringLiteral("Back up first")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
    QVERIFY(!g.body(g.nodes.first()).contains(QStringLiteral("!!! note")));
    // In a code block, an admonition is shown as written.
    bool kept = false;
    for (const GuideNode &n : g.nodes)
        kept = kept || g.body(n).contains(QStringLiteral("!!! failure \"Shown as written, inside code\"\n    still code"));
    QVERIFY(kept);
}

void TestGuideImporter::indentedAdmonitionTitlesAndText()
{
    // The blanks that keep offsets when an admonition's text moves out of its indent are no
    // text: a body line ending in spaces would read as a hard line break. A warning whose title
    // names a problem ("Timeouts …") is an issue; any other title is shown as a line of text.
    const Guide g = importText(R"(# Ingest

!!! info "Before you start"
    Be on the VPN first.

## Upstream API

!!! warning "Timeouts talking to `partner-api.example.com`"
    Requests fail after 30 s with `ReadTimeout: Read timed out.`

??? tip "Workaround"
    Set `PARTNER_TIMEOUT=90`
    and redeploy.

    ```bash
    kubectl rollout restart deploy/ingest
    ```
)");
    const GuideNode *timeouts = findNode(g, NodeKind::Issue, QStringLiteral("Timeouts talking to partner-api.example.com"));
    QVERIFY(timeouts);
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 1);
    QVERIFY2(g.body(g.nodes.first()).contains(QStringLiteral("Before you start:\nBe on the VPN first.")), qPrintable(g.body(g.nodes.first())));
    const auto fix = childrenOfKind(g, timeouts->id, NodeKind::Solution);
    QCOMPARE(fix.size(), 1);
    QCOMPARE(g.body(*fix.first()), QStringLiteral("Set `PARTNER_TIMEOUT=90`\nand redeploy.\n\n```bash\nkubectl rollout restart deploy/ingest\n```"));
    for (const GuideNode &n : g.nodes) {
        const QString body = g.body(n);
        for (QStringView line : QStringView(body).tokenize(QLatin1Char('\n')))
            QVERIFY2(!line.endsWith(QLatin1Char(' ')), qPrintable(n.id + QStringLiteral(": ") + body));
    }
    // A Docusaurus admonition's title shows the same way.
    const Guide docusaurus = importText("# Guide\n\n:::caution Data loss ahead\n\nBack up first.\n\n:::\n");
    QVERIFY2(docusaurus.body(docusaurus.nodes.first()).startsWith(QStringLiteral("Data loss ahead:\n\nBack up first.")),
             qPrintable(docusaurus.body(docusaurus.nodes.first())));
    // A hard line break the guide wrote stays.
    const Guide plain = importText("# Guide\n\n## Disk full\n\nFirst line  \nsecond line.\n");
    const GuideNode *disk = findNode(plain, NodeKind::Issue, QStringLiteral("Disk full"));
    QVERIFY(disk);
    QCOMPARE(plain.body(*disk), QStringLiteral("First line  \nsecond line."));
}

void TestGuideImporter::filingNumbersAreNoPartOfTitles()
{
    // A help centre's export files each article under a number nobody searches for; the
    // heading's anchor keeps it, so links to it still work. An error's code stays.
    const Guide g = importText(R"(# Help Center export

## Article 360012345: Cannot connect to the reporting database

### Problem

Dashboards show "could not connect to server: Connection timed out".

### Solution

Connect to the VPN.

## KB0012346 - VPN connection fails every hour

The client logs `session expired`. Reconnect with `vpn connect`.

## Error 1040: Too many connections

Raise `max_connections`.
)");
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Cannot connect to the reporting database")));
    for (const GuideNode *issue : g.nodesOfKind(NodeKind::Issue)) {
        QVERIFY2(!issue->title.startsWith(QLatin1String("Article")), qPrintable(issue->title));
        QVERIFY2(!issue->title.startsWith(QLatin1String("KB")), qPrintable(issue->title));
    }
    const GuideNode *article = findNode(g, NodeKind::Issue, QStringLiteral("Cannot connect to the reporting database"));
    QCOMPARE(article->title, QStringLiteral("Cannot connect to the reporting database"));
    QCOMPARE(article->id, QStringLiteral("article-360012345-cannot-connect-to-the-reporting-database"));
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("VPN connection fails every hour")));
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Error 1040: Too many connections")));
}

void TestGuideImporter::bulletedFixesAreSolutions()
{
    // Bullets that each ask to change something, in an issue's own text, are fixes to try:
    // a solution each. Bullets that describe stay text.
    const Guide g = importText(R"(# shipyard

## Troubleshooting

### 3.3 Build is very slow on macOS

Docker Desktop's file sharing is slow with many small files.

- Enable VirtioFS in Docker Desktop → Settings → General.
- Add `node_modules` and `.git` to `.dockerignore`.

### 3.4 Push fails with `denied`

It happens when:

- the token expired,
- the repository is private.
)");
    const GuideNode *slow = findNode(g, NodeKind::Issue, QStringLiteral("Build is very slow on macOS"));
    QVERIFY(slow);
    QCOMPARE(titles(childrenOfKind(g, slow->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Enable VirtioFS in Docker Desktop → Settings → General."),
                          QStringLiteral("Add node_modules and .git to .dockerignore.")}));
    QVERIFY(g.body(*slow).startsWith(QStringLiteral("Docker Desktop's file sharing is slow")));
    QVERIFY(!g.body(*slow).contains(QStringLiteral("VirtioFS")));
    const GuideNode *push = findNode(g, NodeKind::Issue, QStringLiteral("Push fails"));
    QVERIFY(push);
    QVERIFY(childrenOfKind(g, push->id, NodeKind::Solution).isEmpty());
    QVERIFY(g.body(*push).contains(QStringLiteral("the token expired")));
}

void TestGuideImporter::numberedFaqQuestions()
{
    // "**Q1. …?**" then "**A.** …": a FAQ that numbers its questions answers with "A.".
    const Guide g = importText(R"(# Data platform FAQ

## Warehouse

**Q1. My dbt run fails with `could not connect to server: Connection refused`. What do I do?**

**A.** The warehouse only accepts connections through the bastion. Check that your tunnel is up:

```bash
nc -zv localhost 15432
```

**Q2. Why does my query get cancelled after 5 minutes?**

**A.** The `analyst` role has `statement_timeout = 300s`.

**Q3. The export job fails with `disk full`.**

**A.** Free space on the worker: `docker system prune -af`.
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QStringLiteral("My dbt run fails with could not connect to server: Connection refused. What do I do?"),
                                          QStringLiteral("Why does my query get cancelled after 5 minutes?"),
                                          QStringLiteral("The export job fails with disk full.")}));
    const auto look = childrenOfKind(g, issues.at(0)->id, NodeKind::Diagnosis);
    QCOMPARE(look.size(), 1);
    QCOMPARE(look.first()->title, QStringLiteral("Check that your tunnel is up"));
    QCOMPARE(childrenOfKind(g, look.first()->id, NodeKind::Check).size(), 1);
    QVERIFY(g.body(*issues.at(1)).contains(QStringLiteral("statement_timeout")));
    QCOMPARE(titles(childrenOfKind(g, issues.at(2)->id, NodeKind::Solution)), (QStringList{QStringLiteral("Free space on the worker: docker system prune -af.")}));
    // "Q-learning" and "Q3 results" are no questions.
    const Guide notes = importText("# Notes\n\nQ3 results are in.\n\nQ-learning converges slowly.\n");
    QVERIFY(notes.nodesOfKind(NodeKind::Issue).isEmpty());
}

void TestGuideImporter::mystDirectivesAreMarkdown()
{
    // MyST (Sphinx, Jupyter Book): an admonition directive's text is Markdown, its title a part
    // when it names one; options and reference targets are no text; a code directive is code
    // in its language; any other directive stays code.
    const Guide g = importText(R"((troubleshooting)=
# Troubleshooting

```{contents}
:local:
```

```{note}
Run `tw doctor` first.
```

(tw-db-refused)=
## The scheduler cannot reach PostgreSQL

```{code-block} text
:caption: scheduler log
psycopg2.OperationalError: connection to server at "db.internal" (10.1.2.3), port 5432 failed: Connection refused
```

````{admonition} Check
:class: tip

```bash
pg_isready -h db.internal -p 5432
```
````

:::{admonition} Fix
:class: caution
Start the database, or point `TW_DB_URL` at the right host.
:::

```{warning}
Do not restart the broker while jobs run.
```
)");
    const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("The scheduler cannot reach PostgreSQL"));
    QVERIFY(issue);
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 1);
    QVERIFY(findNode(g, NodeKind::Symptom, QStringLiteral("Connection refused")));
    const auto look = childrenOfKind(g, issue->id, NodeKind::Diagnosis);
    QCOMPARE(look.size(), 1);
    const auto checks = childrenOfKind(g, look.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("postgres"));
    QCOMPARE(titles(childrenOfKind(g, issue->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Start the database, or point TW_DB_URL at the right host.")}));
    const QString root = g.body(g.nodes.first());
    QVERIFY2(root.contains(QStringLiteral("```{contents}")), qPrintable(root));
    QVERIFY2(root.contains(QStringLiteral("Run `tw doctor` first.")) && !root.contains(QStringLiteral("{note}")), qPrintable(root));
    for (const GuideNode &n : g.nodes) {
        QVERIFY2(!g.body(n).contains(QStringLiteral(":class:")), qPrintable(g.body(n)));
        QVERIFY2(!g.body(n).contains(QStringLiteral("tw-db-refused")), qPrintable(g.body(n)));
    }
    QVERIFY(g.body(*issue).contains(QStringLiteral("```text")));
}

void TestGuideImporter::looksAmongAFixsBullets()
{
    // A runbook's "#### Resolution" over bullets that look and bullets that change: the looks
    // are diagnosis steps, whose commands are checks. Under "Solutions", the writer listed
    // fixes, and each item stays one.
    const Guide g = importText(R"(# Gitaly alerts

## GitalyLatencyHigh

#### Symptoms

- Rails logs `GRPC::DeadlineExceeded: 4:Deadline Exceeded`.

#### Resolution

- Check the disk: `df -h /var/opt/gitlab/git-data`
- Check the load: `uptime`
- Move the noisy repository to another storage.

## Cache misses are high

**Solutions:**

- Check the eviction policy: `redis-cli config get maxmemory-policy`
- Raise `maxmemory`.
)");
    const GuideNode *latency = findNode(g, NodeKind::Issue, QStringLiteral("GitalyLatencyHigh"));
    QVERIFY(latency);
    const auto look = childrenOfKind(g, latency->id, NodeKind::Diagnosis);
    QCOMPARE(titles(look), (QStringList{QStringLiteral("Check the disk"), QStringLiteral("Check the load")}));
    const auto checks = childrenOfKind(g, look.first()->id, NodeKind::Check);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first()->checks.first().type, QStringLiteral("system"));
    // A lone word after the step's colon is the command it asks for; in prose it names a tool.
    const auto load = childrenOfKind(g, look.at(1)->id, NodeKind::Check);
    QCOMPARE(load.size(), 1);
    QCOMPARE(load.first()->checks.first().param(QStringLiteral("resource")), QStringLiteral("load"));
    const Guide prose = importText("# Host\n\n## Host is slow\n\nCheck whether `uptime` reports a high load.\n");
    const GuideNode *slow = findNode(prose, NodeKind::Issue, QStringLiteral("Host is slow"));
    QVERIFY(slow);
    for (const GuideNode *step : childrenOfKind(prose, slow->id, NodeKind::Diagnosis))
        QVERIFY(childrenOfKind(prose, step->id, NodeKind::Check).isEmpty());
    QCOMPARE(titles(childrenOfKind(g, latency->id, NodeKind::Solution)),
             QStringList{QStringLiteral("Move the noisy repository to another storage.")});
    const GuideNode *misses = findNode(g, NodeKind::Issue, QStringLiteral("Cache misses are high"));
    QVERIFY(misses);
    QCOMPARE(childrenOfKind(g, misses->id, NodeKind::Solution).size(), 2);
    QVERIFY(childrenOfKind(g, misses->id, NodeKind::Diagnosis).isEmpty());
}

void TestGuideImporter::inlineFixAfterALook()
{
    // After a look and its commands, a paragraph that asks to change something with a command
    // in its text is what to do when the look fails: a solution. One that leads into code is
    // read as before, and one without a command stays the look's text.
    const Guide g = importText(R"(# order-service

## `RedisConnectionFailureException`

Check that Redis answers:

```bash
redis-cli -h redis.internal -p 6379 ping
```

If it does not, restart it: `kubectl rollout restart statefulset/redis`.

## Kafka consumer is stuck

Check the lag of your group:

```bash
kafka-consumer-groups --bootstrap-server kafka-1:9092 --describe --group orders
```

If it keeps growing, add partitions. Check the brokers answer first:

```bash
kafka-broker-api-versions --bootstrap-server kafka-1:9092
```

## Port 8080 already in use

Find what holds the port:

```bash
lsof -i :8080
```

Stop that process. It is usually an old instance.
)");
    const GuideNode *redis = findNode(g, NodeKind::Issue, QStringLiteral("RedisConnectionFailureException"));
    QVERIFY(redis);
    const auto fixes = childrenOfKind(g, redis->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), QStringList{QStringLiteral("If it does not, restart it: kubectl rollout restart statefulset/redis.")});
    QCOMPARE(fixes.first()->commands, QStringList{QStringLiteral("kubectl rollout restart statefulset/redis")});
    QCOMPARE(childrenOfKind(g, redis->id, NodeKind::Diagnosis).size(), 1);
    const GuideNode *lag = findNode(g, NodeKind::Issue, QStringLiteral("Kafka consumer is stuck"));
    QVERIFY(lag);
    QCOMPARE(titles(childrenOfKind(g, lag->id, NodeKind::Diagnosis)),
             (QStringList{QStringLiteral("Check the lag of your group"), QStringLiteral("Check the brokers answer first")}));
    const GuideNode *port = findNode(g, NodeKind::Issue, QStringLiteral("Port 8080 already in use"));
    QVERIFY(port);
    QVERIFY(childrenOfKind(g, port->id, NodeKind::Solution).isEmpty());
}

void TestGuideImporter::errorOutputUnderABanner()
{
    // Spring Boot prints its failure under a rule of asterisks: the rule is no line of the
    // message, and the error under it is the symptom a pasted message finds.
    const Guide g = importText(R"(# order-service

## Port 8080 is already in use

```
***************************
APPLICATION FAILED TO START
***************************

Description:

Web server failed to start. Port 8080 was already in use.
```

Find what holds the port:

```bash
lsof -i :8080
```
)");
    const GuideNode *port = findNode(g, NodeKind::Issue, QStringLiteral("Port 8080 is already in use"));
    QVERIFY(port);
    QCOMPARE(titles(childrenOfKind(g, port->id, NodeKind::Symptom)), QStringList{QStringLiteral("APPLICATION FAILED TO START")});
    QCOMPARE(firstHit(g, QStringLiteral("APPLICATION FAILED TO START")), port->id);
}

void TestGuideImporter::contentTabsAreMarkdown()
{
    // MkDocs-Material content tabs indent their text as admonitions do: each tab's commands
    // are the fix's, each under the tab's name.
    const Guide g = importText(R"(# Redis

## Redis refuses connections

The app logs `Error: connect ECONNREFUSED 127.0.0.1:6379`.

### Fix

Restart Redis:

=== "macOS"

    ```bash
    brew services restart redis
    ```

===+ "Linux"
    ```bash
    sudo systemctl restart redis-server
    ```

Title
===
)");
    const auto issues = g.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 1);
    const auto fix = childrenOfKind(g, issues.first()->id, NodeKind::Solution);
    QCOMPARE(fix.size(), 1);
    QCOMPARE(fix.first()->commands,
             (QStringList{QStringLiteral("brew services restart redis"), QStringLiteral("sudo systemctl restart redis-server")}));
    const QString body = g.body(*fix.first());
    QVERIFY2(body.contains(QStringLiteral("macOS:")) && body.contains(QStringLiteral("Linux:")), qPrintable(body));
    QVERIFY2(!body.contains(QStringLiteral("===")), qPrintable(body));
    // A setext heading's underline is no tab.
    QVERIFY(findNode(g, NodeKind::Section, QStringLiteral("Title")) || findNode(g, NodeKind::Info, QStringLiteral("Title")));
}

void TestGuideImporter::headingsUnderAResolution()
{
    // A knowledge-base article about one problem: "Method 1", "Method 2" under its Resolution
    // are its fixes, not problems of their own.
    const Guide methods = importText(R"(# Outlook keeps asking for a password
## Symptoms
Outlook shows "Need password" repeatedly.
## Cause
Modern Authentication is disabled.
## Resolution
### Method 1: Enable ADAL
Set `EnableADAL` to `1` and restart Outlook.
### Method 2: Clear cached credentials
Remove `MicrosoftOffice16_Data` entries in Credential Manager.
)");
    const auto issues = methods.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(titles(childrenOfKind(methods, issues.first()->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Method 1: Enable ADAL"), QStringLiteral("Method 2: Clear cached credentials")}));
    QCOMPARE(titles(childrenOfKind(methods, issues.first()->id, NodeKind::Cause)), QStringList{QStringLiteral("Modern Authentication is disabled.")});

    // An article about several errors: each error heading under the Resolution is a problem,
    // with the error as its symptom and its steps as its fix.
    const Guide errors = importText(R"(# How do I troubleshoot connection errors to my RDS MySQL instance?
## Short description
Connection errors can have several causes.
## Resolution
### ERROR 2003 (HY000): Can't connect to MySQL server
1. Allow inbound port 3306 in the security group.
### ERROR 1040 (HY000): Too many connections
1. Increase `max_connections` in the parameter group.
)");
    QCOMPARE(titles(errors.nodesOfKind(NodeKind::Issue)),
             (QStringList{QStringLiteral("ERROR 2003 (HY000): Can't connect to MySQL server"),
                          QStringLiteral("ERROR 1040 (HY000): Too many connections")}));
    const GuideNode *tooMany = findNode(errors, NodeKind::Issue, QStringLiteral("ERROR 1040 (HY000): Too many connections"));
    QCOMPARE(titles(childrenOfKind(errors, tooMany->id, NodeKind::Symptom)), QStringList{QStringLiteral("ERROR 1040 (HY000): Too many connections")});
    const auto fix = childrenOfKind(errors, tooMany->id, NodeKind::Solution);
    QCOMPARE(titles(fix), QStringList{QStringLiteral("Increase max_connections in the parameter group.")});
    QCOMPARE(errors.body(*fix.first()), QStringLiteral("1. Increase `max_connections` in the parameter group."));
    QCOMPARE(firstHit(errors, QStringLiteral("ERROR 1040 (HY000): Too many connections")), tooMany->id);
}

void TestGuideImporter::partWordsInGermanAndFrench()
{
    const Guide g = importText(R"(# Drucker und VPN

## Scannen an E-Mail schlägt fehl

### Problem
Am Gerät erscheint `SMTP-Fehler 535 5.7.3 Authentication unsuccessful`.

### Ursache
Das Dienstkonto hat kein gültiges App-Kennwort mehr.

### Lösung
Neues App-Kennwort erstellen.

## VPN : échec d'authentification

### Symptôme
Le client affiche `Authentication failed: Invalid username or password`.

### Contournement
Utiliser le portail web en attendant.
)");
    const GuideNode *scan = findNode(g, NodeKind::Issue, QStringLiteral("Scannen an E-Mail schlägt fehl"));
    QVERIFY(scan);
    QCOMPARE(titles(childrenOfKind(g, scan->id, NodeKind::Cause)), QStringList{QStringLiteral("Das Dienstkonto hat kein gültiges App-Kennwort mehr.")});
    QCOMPARE(titles(childrenOfKind(g, scan->id, NodeKind::Solution)), QStringList{QStringLiteral("Neues App-Kennwort erstellen.")});
    const GuideNode *vpn = findNode(g, NodeKind::Issue, QStringLiteral("VPN : échec d'authentification"));
    QVERIFY(vpn);
    QCOMPARE(titles(childrenOfKind(g, vpn->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("Le client affiche Authentication failed: Invalid username or password.")});
    QCOMPARE(titles(childrenOfKind(g, vpn->id, NodeKind::Solution)), QStringList{QStringLiteral("Utiliser le portail web en attendant.")});

    // Spanish; and the German words for a check, a possible cause and a remedy.
    const Guide es = importText(R"(# Guía de problemas

## No se puede conectar a PostgreSQL

**Síntoma:** `Error: connect ECONNREFUSED 127.0.0.1:5432`

**Diagnóstico:** `pg_isready -h localhost -p 5432`

**Causa:** el contenedor `pedidos-db` está parado.

**Solución:** `docker compose up -d pedidos-db`.

## Keine Verbindung zum Cache

**Fehlerbild:** `Could not connect to Redis at 127.0.0.1:6379`

**Prüfung:** `redis-cli -h 127.0.0.1 -p 6379 ping`

**Mögliche Ursache:** der Container `cache` läuft nicht.

**Abhilfe:** `docker compose up -d cache` ausführen.
)");
    for (const char *title : {"No se puede conectar a PostgreSQL", "Keine Verbindung zum Cache"}) {
        const GuideNode *issue = findNode(es, NodeKind::Issue, QString::fromUtf8(title));
        QVERIFY2(issue, title);
        for (NodeKind kind : {NodeKind::Symptom, NodeKind::Diagnosis, NodeKind::Cause, NodeKind::Solution})
            QVERIFY2(childrenOfKind(es, issue->id, kind).size() == 1, qPrintable(QString::fromUtf8(title) + QLatin1Char(' ') + nodeKindName(kind)));
        const GuideNode *diagnosis = childrenOfKind(es, issue->id, NodeKind::Diagnosis).first();
        QCOMPARE(childrenOfKind(es, diagnosis->id, NodeKind::Check).size(), 1);
    }
    QCOMPARE(firstHit(es, QStringLiteral("connect ECONNREFUSED 127.0.0.1:5432")),
             findNode(es, NodeKind::Issue, QStringLiteral("No se puede conectar a PostgreSQL"))->id);
}

void TestGuideImporter::knowledgeBaseAndTemplateSections()
{
    // A Red Hat style article: "## Issue" states the problem, "## Diagnostic Steps" are its steps.
    const Guide kb = importText(R"(# NFS mounts hang after upgrading to RHEL 9.2
## Issue
* `df -h` hangs and the log shows `nfs: server filer01 not responding, still trying`.
## Environment
* Red Hat Enterprise Linux 9.2
## Resolution
* Update the kernel to `kernel-5.14.0-284.30.1.el9_2` or later.
## Root Cause
A regression in NFSv4.1 session trunking.
## Diagnostic Steps
1. Check the kernel version with `uname -r`.
)");
    const auto issues = kb.nodesOfKind(NodeKind::Issue);
    QCOMPARE(issues.size(), 1);
    const QString nfs = issues.first()->id;
    QCOMPARE(titles(childrenOfKind(kb, nfs, NodeKind::Symptom)),
             QStringList{QStringLiteral("df -h hangs and the log shows nfs: server filer01 not responding, still trying.")});
    QCOMPARE(childrenOfKind(kb, nfs, NodeKind::Diagnosis).size(), 1);
    QCOMPARE(childrenOfKind(kb, nfs, NodeKind::Solution).size(), 1);
    QCOMPARE(childrenOfKind(kb, nfs, NodeKind::Cause).size(), 1);

    // Issue-template sections, with blank lines between them or without: the bug is the symptom,
    // the workaround the fix, and "Additional context" no part of the fix.
    for (const char *separator : {"\n\n", "\n"}) {
        const QString text = QStringLiteral("# Troubleshooting\n\n### Uploads fail behind a corporate proxy\n\n"
                                            "**Describe the bug**\nUploads fail with `unable to get local issuer certificate`.%1"
                                            "**Workaround**\nRun `export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp-root.pem`.%1"
                                            "**Additional context**\nFixed in v2.3.0.\n")
                                 .arg(QLatin1String(separator));
        const Guide g = importText(text.toUtf8());
        const GuideNode *uploads = findNode(g, NodeKind::Issue, QStringLiteral("Uploads fail behind a corporate proxy"));
        QVERIFY(uploads);
        QCOMPARE(titles(childrenOfKind(g, uploads->id, NodeKind::Symptom)),
                 QStringList{QStringLiteral("Uploads fail with unable to get local issuer certificate.")});
        const auto fix = childrenOfKind(g, uploads->id, NodeKind::Solution);
        QCOMPARE(fix.size(), 1);
        QVERIFY2(!g.body(*fix.first()).contains(QStringLiteral("Fixed in v2.3.0")), qPrintable(g.body(*fix.first())));
    }
}

void TestGuideImporter::repeatedProblemHeadingsSplit_data()
{
    // Several problems on one page, each stated under the same part heading and followed by its
    // fix: "### Issue" / "### Solution", twice.
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("fix");
    QTest::addColumn<QString>("firstId"); // the first issue's id: its heading's GitHub anchor
    QTest::newRow("Issue, Solution") << QStringLiteral("Issue") << QStringLiteral("Solution") << QStringLiteral("issue");
    QTest::newRow("Problem, Fix") << QStringLiteral("Problem") << QStringLiteral("Fix") << QStringLiteral("problem");
    QTest::newRow("Symptom, Resolution") << QStringLiteral("Symptom") << QStringLiteral("Resolution") << QStringLiteral("symptom");
    QTest::newRow("with colons and emoji") << QStringLiteral("\U0001F534 Issue:") << QStringLiteral("\u2705 Solution:") << QString();
}

void TestGuideImporter::repeatedProblemHeadingsSplit()
{
    QFETCH(QString, problem);
    QFETCH(QString, fix);
    QFETCH(QString, firstId);
    const QString text = QStringLiteral(R"(# Service notes

## Database

### %1
Connections are refused: `psql: error: connection refused`

### %2
Start the server: `sudo systemctl start postgresql`

### %1
Queries are slow.

### %2
Add an index on `orders.created_at`.

## Backups

They run nightly at 02:00.
)")
                             .arg(problem, fix);
    const Guide g = importText(text.toUtf8());
    // A person sees two problems, each with its fix: two issues in the section, not one issue
    // named after it with two symptoms and two unpaired fixes.
    const GuideNode *database = findNode(g, NodeKind::Section, QStringLiteral("Database"));
    QVERIFY(database);
    const auto issues = childrenOfKind(g, database->id, NodeKind::Issue);
    QCOMPARE(titles(issues), (QStringList{QStringLiteral("Connections are refused: psql: error: connection refused"),
                                          QStringLiteral("Queries are slow.")}));
    QCOMPARE(issues.first()->location.line, 5);
    if (!firstId.isEmpty()) {
        QCOMPARE(issues.first()->id, firstId);
        QCOMPARE(issues.last()->id, firstId + QStringLiteral("-1"));
    }
    // Each issue's text states it (its symptom, which a pasted error finds) and the part
    // heading after it holds its fix.
    QCOMPARE(titles(childrenOfKind(g, issues.first()->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("Connections are refused: psql: error: connection refused")});
    const auto start = childrenOfKind(g, issues.first()->id, NodeKind::Solution);
    QCOMPARE(titles(start), QStringList{QStringLiteral("Start the server: sudo systemctl start postgresql")});
    QCOMPARE(g.body(*start.first()), QStringLiteral("Start the server: `sudo systemctl start postgresql`"));
    QCOMPARE(titles(childrenOfKind(g, issues.last()->id, NodeKind::Symptom)), QStringList{QStringLiteral("Queries are slow.")});
    QCOMPARE(titles(childrenOfKind(g, issues.last()->id, NodeKind::Solution)),
             QStringList{QStringLiteral("Add an index on orders.created_at.")});
    QCOMPARE(firstHit(g, QStringLiteral("psql: error: connection refused")), issues.first()->id);
    QCOMPARE(firstHit(g, QStringLiteral("queries are slow")), issues.last()->id);
    // The section after them is untouched.
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Backups")));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 2);
    QVERIFY(g.diagnostics.isEmpty());
}

void TestGuideImporter::repeatedProblemHeadingsTrickyCases()
{
    // An "### Issue" heading with no text before the next heading: an issue all the same, named
    // by its heading, with the fix after it and no symptom. The one after it is read as usual.
    const Guide empty = importText(R"(# Cache notes

## Redis

### Issue

### Solution
Flush the cache with `redis-cli FLUSHDB`.

### Issue
Keys expire too early.

### Solution
Raise the TTL.
)");
    const GuideNode *redis = findNode(empty, NodeKind::Section, QStringLiteral("Redis"));
    QVERIFY(redis);
    const auto cacheIssues = childrenOfKind(empty, redis->id, NodeKind::Issue);
    QCOMPARE(titles(cacheIssues), (QStringList{QStringLiteral("Issue"), QStringLiteral("Keys expire too early.")}));
    QVERIFY(childrenOfKind(empty, cacheIssues.first()->id, NodeKind::Symptom).isEmpty());
    QCOMPARE(titles(childrenOfKind(empty, cacheIssues.first()->id, NodeKind::Solution)),
             QStringList{QStringLiteral("Flush the cache with redis-cli FLUSHDB.")});
    QCOMPARE(titles(childrenOfKind(empty, cacheIssues.last()->id, NodeKind::Solution)), QStringList{QStringLiteral("Raise the TTL.")});

    // Pairs under a heading that is itself an issue: each pair is a problem of its own inside
    // it, so that a pasted error finds the pair whose fix answers it.
    const Guide nested = importText(R"(# Proxy guide

## Issue: Uploads fail

Uploads fail in one of two ways.

### Issue
The proxy answers `413 Request Entity Too Large`.

### Solution
Raise `client_max_body_size` in nginx.

### Issue
The proxy answers `504 Gateway Timeout` after 60 seconds.

### Solution
Raise `proxy_read_timeout`.
)");
    const GuideNode *uploads = findNode(nested, NodeKind::Issue, QStringLiteral("Uploads fail"));
    QVERIFY(uploads);
    QCOMPARE(nested.body(*uploads), QStringLiteral("Uploads fail in one of two ways."));
    QVERIFY(childrenOfKind(nested, uploads->id, NodeKind::Solution).isEmpty());
    const auto inner = childrenOfKind(nested, uploads->id, NodeKind::Issue);
    QCOMPARE(titles(inner), (QStringList{QStringLiteral("The proxy answers 413 Request Entity Too Large."),
                                         QStringLiteral("The proxy answers 504 Gateway Timeout after 60 seconds.")}));
    QCOMPARE(titles(childrenOfKind(nested, inner.last()->id, NodeKind::Solution)), QStringList{QStringLiteral("Raise proxy_read_timeout.")});
    QCOMPARE(firstHit(nested, QStringLiteral("504 Gateway Timeout")), inner.last()->id);

    // Numbered ("### Problem 1", "### Solution 1"), with an aside between them: each numbered
    // heading is titled by its text, and the aside belongs to the problem before it.
    const Guide numbered = importText(R"(# Mail relay

## Delivery

### Problem 1
Mail bounces with `550 5.7.1 Relaying denied`.

### Solution 1
Add the sender's network to `mynetworks`.

### Environment
Postfix 3.7 on Debian 12.

### Problem 2
Messages arrive twice.

### Solution 2
Turn off the duplicate filter.
)");
    const auto mail = numbered.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(mail), (QStringList{QStringLiteral("Mail bounces with 550 5.7.1 Relaying denied."), QStringLiteral("Messages arrive twice.")}));
    QCOMPARE(titles(childrenOfKind(numbered, mail.first()->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("Mail bounces with 550 5.7.1 Relaying denied.")});
    QCOMPARE(titles(childrenOfKind(numbered, mail.first()->id, NodeKind::Solution)),
             QStringList{QStringLiteral("Add the sender's network to mynetworks.")});
    QCOMPARE(titles(childrenOfKind(numbered, mail.first()->id, NodeKind::Info)), QStringList{QStringLiteral("Postfix 3.7 on Debian 12.")});
    QCOMPARE(titles(childrenOfKind(numbered, mail.last()->id, NodeKind::Solution)), QStringList{QStringLiteral("Turn off the duplicate filter.")});
    QCOMPARE(firstHit(numbered, QStringLiteral("550 5.7.1 Relaying denied")), mail.first()->id);

    // One pair under an issue heading states that issue and its fix, as before.
    const Guide single = importText(R"(# Auth guide

## Issue: Login fails

### Issue
Users see `401 Unauthorized` after signing in.

### Solution
Renew the signing key.
)");
    const auto login = single.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(login), QStringList{QStringLiteral("Login fails")});
    QCOMPARE(titles(childrenOfKind(single, login.first()->id, NodeKind::Symptom)),
             QStringList{QStringLiteral("Users see 401 Unauthorized after signing in.")});
    QCOMPARE(titles(childrenOfKind(single, login.first()->id, NodeKind::Solution)), QStringList{QStringLiteral("Renew the signing key.")});

    // Different words that state a problem are one problem's parts, not a repeat ("## Problem",
    // then "## Symptom"); and the same heading in two sections is one issue in each.
    const Guide article = importText(R"(# Printer shows offline
## Problem
The print dialog shows the printer as "Offline".
## Symptom
Jobs stay in the queue.
## Resolution
Restart the print spooler.
)");
    const auto printer = article.nodesOfKind(NodeKind::Issue);
    QCOMPARE(titles(printer), QStringList{QStringLiteral("Printer shows offline")});
    QCOMPARE(childrenOfKind(article, printer.first()->id, NodeKind::Symptom).size(), 2);
    QCOMPARE(childrenOfKind(article, printer.first()->id, NodeKind::Solution).size(), 1);

    const Guide sections = importText(R"(# Platform notes

## Database

### Issue
Connections are refused.

### Solution
Start PostgreSQL.

## Cache

### Issue
Keys expire too early.

### Solution
Raise the TTL.
)");
    QCOMPARE(titles(sections.nodesOfKind(NodeKind::Issue)), (QStringList{QStringLiteral("Database"), QStringLiteral("Cache")}));
}

void TestGuideImporter::githubAlertsHoldParts()
{
    // GitHub alerts: a quote that opens with `[!TIP]` (NOTE, IMPORTANT, WARNING, CAUTION) alone
    // on its line, which GitHub shows as a titled callout without the marker. Saved with LF and
    // with CRLF.
    for (const char *lineEnd : {"\n", "\r\n"}) {
        QByteArray text = R"(# Worker guide

## Worker hangs

Jobs stop moving and the log shows `worker timeout after 30s`.

> [!TIP]
> **Fix:** restart the worker with `systemctl restart worker`.

## Queue fills up

### Solution

Purge the queue with `queue purge --all`.

> [!WARNING]
> This deletes every queued job.

## Reports are late

> [!note]
> **Cause:** the report job shares a node with the backups.
> **Workaround:** start it by hand with `reports run --now`.

```markdown
> [!TIP]
> **Fix:** shown as written, inside code.
```
)";
        text.replace("\n", lineEnd);
        const Guide g = importText(text);
        // The marker is in no title, and GitHub's title of the callout is no node either.
        for (const GuideNode &n : g.nodes) {
            QVERIFY2(!n.title.contains(QStringLiteral("[!")), qPrintable(n.title));
            QVERIFY2(n.title != QStringLiteral("Tip") && n.title != QStringLiteral("Warning") && n.title != QStringLiteral("Note"),
                     qPrintable(n.title));
        }
        // A part label the alert opens with is that part of the issue around it, as without the quote.
        const GuideNode *worker = findNode(g, NodeKind::Issue, QStringLiteral("Worker hangs"));
        QVERIFY(worker);
        QCOMPARE(titles(childrenOfKind(g, worker->id, NodeKind::Solution)),
                 QStringList{QStringLiteral("restart the worker with systemctl restart worker.")});
        QCOMPARE(g.body(*worker), QStringLiteral("Jobs stop moving and the log shows `worker timeout after 30s`."));
        QCOMPARE(firstHit(g, QStringLiteral("worker timeout after 30s")), worker->id);
        // An alert with no label is text of the step it sits in, titled as GitHub titles it.
        const GuideNode *queue = findNode(g, NodeKind::Issue, QStringLiteral("Queue fills up"));
        QVERIFY(queue);
        const auto purge = childrenOfKind(g, queue->id, NodeKind::Solution);
        QCOMPARE(titles(purge), QStringList{QStringLiteral("Purge the queue with queue purge --all.")});
        const QString purgeBody = g.body(*purge.first());
        QVERIFY2(purgeBody.contains(QStringLiteral("Warning")) && purgeBody.contains(QStringLiteral("> This deletes every queued job."))
                     && !purgeBody.contains(QStringLiteral("[!WARNING]")),
                 qPrintable(purgeBody));
        // Several labels on the lines of one alert (its marker in lower case): each its part. The
        // code block after them is the last part's text, left as written, and holds no part.
        const GuideNode *reports = findNode(g, NodeKind::Issue, QStringLiteral("Reports are late"));
        QVERIFY(reports);
        QCOMPARE(titles(childrenOfKind(g, reports->id, NodeKind::Cause)),
                 QStringList{QStringLiteral("the report job shares a node with the backups.")});
        const auto workaround = childrenOfKind(g, reports->id, NodeKind::Solution);
        QCOMPARE(titles(workaround), QStringList{QStringLiteral("start it by hand with reports run --now.")});
        const QString workaroundBody = g.body(*workaround.first());
        QVERIFY2(workaroundBody.contains(QStringLiteral("```markdown\n> [!TIP]\n> **Fix:** shown as written, inside code.\n```")),
                 qPrintable(workaroundBody));
        QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 3);
        QVERIFY(g.diagnostics.isEmpty());
    }
}

void TestGuideImporter::githubAlertsInListsAndCode()
{
    // Alerts in list items: one under a known issue's title holds its workaround; one in a fix
    // stays that fix's text, and the list goes on after it.
    const Guide lists = importText(R"(# Exports

## Known issues

- **Exports time out**
  - Cause: the export runs inside the web request.
  > [!TIP]
  > **Workaround:** export smaller date ranges.
- **Exports are empty**
  - Cause: the date range lies in the future.

## Imports fail

### Solutions

- Re-run the import with `import --resume`.
  > [!WARNING]
  > Resuming skips rows that failed validation.
- Split the file into smaller files.
)");
    const GuideNode *timeout = findNode(lists, NodeKind::Issue, QStringLiteral("Exports time out"));
    QVERIFY(timeout);
    QCOMPARE(titles(childrenOfKind(lists, timeout->id, NodeKind::Cause)), QStringList{QStringLiteral("the export runs inside the web request.")});
    QCOMPARE(titles(childrenOfKind(lists, timeout->id, NodeKind::Solution)), QStringList{QStringLiteral("export smaller date ranges.")});
    const GuideNode *empty = findNode(lists, NodeKind::Issue, QStringLiteral("Exports are empty"));
    QVERIFY(empty);
    QVERIFY(childrenOfKind(lists, empty->id, NodeKind::Solution).isEmpty());
    const GuideNode *imports = findNode(lists, NodeKind::Issue, QStringLiteral("Imports fail"));
    QVERIFY(imports);
    const auto fixes = childrenOfKind(lists, imports->id, NodeKind::Solution);
    QCOMPARE(titles(fixes), (QStringList{QStringLiteral("Re-run the import with import --resume."), QStringLiteral("Split the file into smaller files.")}));
    const QString resume = lists.body(*fixes.first());
    QVERIFY2(resume.contains(QStringLiteral("Resuming skips rows that failed validation.")) && !resume.contains(QStringLiteral("[!")),
             qPrintable(resume));
    for (const GuideNode &n : lists.nodes)
        QVERIFY2(!n.title.contains(QStringLiteral("[!")), qPrintable(n.title));

    // In code, fenced or indented, a marker is code; a quote whose first line is no marker, or
    // whose marker has emphasis after it (no callout's title), is no alert: all stay as
    // written, and hold no part.
    const Guide code = importText(R"(# Markdown help

## Deploys fail

Write the tip like this:

```markdown
> [!TIP]
> **Fix:** restart the worker.
```

Or indented:

    > [!CAUTION]
    > **Cause:** shown as code too.

> Remember:
> [!TIP]
> **Fix:** not an alert.

> [!TIP] **Fix:** not an alert either.
)");
    const GuideNode *deploys = findNode(code, NodeKind::Issue, QStringLiteral("Deploys fail"));
    QVERIFY(deploys);
    QCOMPARE(code.children(deploys->id).size(), 0);
    const QString body = code.body(*deploys);
    for (const QString &kept : {QStringLiteral("```markdown\n> [!TIP]\n> **Fix:** restart the worker.\n```"),
                                QStringLiteral("    > [!CAUTION]\n    > **Cause:** shown as code too."),
                                QStringLiteral("> Remember:\n> [!TIP]\n> **Fix:** not an alert."),
                                QStringLiteral("> [!TIP] **Fix:** not an alert either.")})
        QVERIFY2(body.contains(kept), qPrintable(body));
}

void TestGuideImporter::obsidianCalloutsHoldParts()
{
    // Obsidian callouts: any type, folded or not, titled after the marker. A title that names a
    // part makes the callout that part; any other titles the quote; none, its type does.
    const Guide g = importText(R"(# Payments

## Checkout returns 502

> [!failure] Symptom
> The ingress log shows `upstream prematurely closed connection`.

> [!question]- How to confirm
> ```bash
> curl -s https://payments.internal/healthz
> ```

> [!tip] Fix
> Roll back: `helm rollback payments-api 0`.

## Refunds stuck in `PENDING`

> [!bug]
> The job log ends with `could not obtain lock on row`.

> [!warning] Ask the DBA first
> Cancelling a backend loses its transaction.
)");
    const GuideNode *checkout = findNode(g, NodeKind::Issue, QStringLiteral("Checkout returns 502"));
    QVERIFY(checkout);
    QCOMPARE(childrenOfKind(g, checkout->id, NodeKind::Symptom).size(), 1);
    QVERIFY(findNode(g, NodeKind::Symptom, QStringLiteral("ingress log shows")));
    const auto look = childrenOfKind(g, checkout->id, NodeKind::Diagnosis);
    QCOMPARE(look.size(), 1);
    QCOMPARE(childrenOfKind(g, look.first()->id, NodeKind::Check).size(), 1);
    QCOMPARE(titles(childrenOfKind(g, checkout->id, NodeKind::Solution)), (QStringList{QStringLiteral("Roll back: helm rollback payments-api 0.")}));
    const GuideNode *refunds = findNode(g, NodeKind::Issue, QStringLiteral("Refunds stuck"));
    QVERIFY(refunds);
    const QString body = g.body(*refunds);
    QVERIFY2(body.contains(QStringLiteral("### Bug")) && body.contains(QStringLiteral("### Ask the DBA first")), qPrintable(body));
    QVERIFY(childrenOfKind(g, refunds->id, NodeKind::Solution).isEmpty());
    for (const GuideNode &n : g.nodes) {
        QVERIFY2(!n.title.contains(QStringLiteral("[!")), qPrintable(n.title));
        QVERIFY2(!g.body(n).contains(QStringLiteral("[!")), qPrintable(g.body(n)));
    }
}

void TestGuideImporter::newRulesLeaveOrdinaryTextAlone()
{
    // What a reviewer found this session's rules misread, each read as a person would.
    const Guide g = importText(R"(# Service guide

## Worker queue is stuck

Jobs stay queued for hours.

### Solutions

#### Delete failed jobs

Run `rq empty failed`.

#### Raise the job timeout

Set `job_timeout: 600`.

## Uploads fail

Look for the cause with `docker logs app | grep -i error` and retry.

## nginx errors after upgrade

```nginx
error_log /var/log/nginx/error.log debug;
```

## Release notes for 2.3

- Fix: the agent no longer crashes on empty config files.
- Fix: log rotation keeps 7 files.

## Glossary

- Check: a probe that Triage runs against a service.
- Symptom: what the user reports.

## Database connection fails

**Fix:** Start PostgreSQL.

## Environment

Variables the service reads.

## Alert

Pages go to #ops.

## Install fails after an upgrade

1. Update the lockfile.

   :::tip Fix
   Run `npm ci` again.
   :::

2. Push again.
)");
    // Fixes named with a failing word are still fixes.
    const GuideNode *queue = findNode(g, NodeKind::Issue, QStringLiteral("Worker queue is stuck"));
    QVERIFY(queue);
    QCOMPARE(titles(childrenOfKind(g, queue->id, NodeKind::Solution)),
             (QStringList{QStringLiteral("Delete failed jobs"), QStringLiteral("Raise the job timeout")}));
    // A command to run and a configuration line are no symptoms.
    const GuideNode *uploads = findNode(g, NodeKind::Issue, QStringLiteral("Uploads fail"));
    QVERIFY(uploads);
    QVERIFY(childrenOfKind(g, uploads->id, NodeKind::Symptom).isEmpty());
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("nginx errors after upgrade")));
    // Release notes and a glossary use the part words without being problems.
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Release notes for 2.3")));
    QVERIFY(findNode(g, NodeKind::Info, QStringLiteral("Glossary")));
    // An aside and an alert beside an issue are headings of their own.
    const GuideNode *database = findNode(g, NodeKind::Issue, QStringLiteral("Database connection fails"));
    QVERIFY(database);
    QCOMPARE(childrenOfKind(g, database->id, NodeKind::Symptom).size(), 0);
    QCOMPARE(g.parent(g.node(QStringLiteral("environment"))->id)->kind, NodeKind::Root);
    QCOMPARE(g.parent(g.node(QStringLiteral("alert"))->id)->kind, NodeKind::Root);
    // An admonition inside a list item stays in it, indented: the list goes on after it.
    const GuideNode *install = findNode(g, NodeKind::Issue, QStringLiteral("Install fails after an upgrade"));
    QVERIFY(install);
    const QString body = g.body(*install);
    QVERIFY2(body.contains(QStringLiteral("\n   **Fix**:")) && body.contains(QStringLiteral("\n2. Push again.")), qPrintable(body));
    QCOMPARE(g.nodesOfKind(NodeKind::Issue).size(), 4);
}

void TestGuideImporter::secretsInTitlesAreMasked()
{
    // A summary, a FAQ question, an error label, a diagnosis sentence, a heading and an error
    // table row each become a title and an id: neither may spell the credential written there.
    const Guide g = importText(R"(# Guide

## Database

<details>
<summary>Login fails with password=hunter2 on db.internal</summary>

Reset it.

</details>

## API

**Q: Why does curl -H "Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789" fail?**

Because the token expired.

## Errors seen

- **`ECONNREFUSED` with postgres://admin:S3cretPass@db:5432/app** — start it.

## Issue: Replica lags

Check the replica with PGPASSWORD=hunter2 psql:

```bash
pg_isready -h replica -p 5432
```

## Issue: Login fails with password=hunter2

| Error | Cause |
|---|---|
| `psql postgres://admin:S3cretPass@db/app` refused | Wrong host |
)");
    const QByteArray json = QJsonDocument(g.toJson()).toJson();
    for (const char *secret : {"hunter2", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "S3cretPass"}) {
        QVERIFY2(!json.contains(secret), secret);
        for (const GuideNode &n : g.nodes)
            QVERIFY2(!g.body(n).contains(QLatin1String(secret)), qPrintable(n.id));
    }
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Login fails with password=****")));
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Authorization: Bearer ****")));
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("postgres://admin:****@db:5432/app")));
    QVERIFY(findNode(g, NodeKind::Diagnosis, QStringLiteral("PGPASSWORD=****")));
    QList<int> noted;
    for (const GuideDiagnostic &d : g.diagnostics) {
        if (d.code == QLatin1String("secret-in-guide"))
            noted.append(d.location.line);
    }
    QVERIFY(findNode(g, NodeKind::Issue, QStringLiteral("Login fails with password=****")));
    for (int line : {6, 14, 20, 24, 30, 34})
        QVERIFY2(noted.contains(line), qPrintable(QString::number(line)));
}

void TestGuideImporter::hugeAndBinaryInputDoesNotCrash()
{
    // Every byte value but NUL (a NUL makes it a binary file, which TestHostileGuides covers),
    // so that the parser reads it all.
    QByteArray binary;
    for (int i = 0; i < 20000; ++i)
        binary.append(char(1 + (i * 7919) % 255));
    const Guide b = importText(binary);
    QCOMPARE(b.nodes.first().kind, NodeKind::Root);
    QByteArray deep;
    for (int i = 0; i < 3000; ++i)
        deep.append(QByteArray(i % 40, ' ') + "- item\n");
    deep.append(QByteArray(5000, '>') + " quote\n");
    const Guide d = importText(deep);
    QCOMPARE(d.nodes.first().kind, NodeKind::Root);
    const Guide big = importText(QByteArray(GuideImporter::kMaxBytes + 1, 'a'));
    QCOMPARE(big.diagnostics.first().code, QStringLiteral("too-large"));
}

void TestGuideImporter::jsonHasTheDocumentedShape()
{
    const Guide g = importText("# T\n\n### Issue: X\n\n**Symptom**: boom\n\n**Diagnosis**:\n```bash\npg_isready -h db -p 5433\n```\n");
    const QJsonObject json = g.toJson();
    const QJsonObject guide = json.value(QStringLiteral("guide")).toObject();
    for (const char *key : {"id", "title", "path"})
        QVERIFY2(guide.contains(QLatin1String(key)), key);
    const QJsonArray nodes = json.value(QStringLiteral("nodes")).toArray();
    QVERIFY(!nodes.isEmpty());
    QJsonObject check;
    for (const QJsonValue &v : nodes) {
        const QJsonObject n = v.toObject();
        for (const char *key : {"id", "kind", "title", "file", "line", "checks"})
            QVERIFY2(n.contains(QLatin1String(key)), key);
        if (n.value(QStringLiteral("kind")).toString() == QLatin1String("check"))
            check = n.value(QStringLiteral("checks")).toArray().first().toObject();
    }
    QCOMPARE(check.value(QStringLiteral("type")).toString(), QStringLiteral("postgres"));
    QCOMPARE(check.value(QStringLiteral("host")).toString(), QStringLiteral("db"));
    QCOMPARE(check.value(QStringLiteral("port")).toInt(), 5433);
    for (const QJsonValue &v : json.value(QStringLiteral("edges")).toArray()) {
        const QJsonObject e = v.toObject();
        for (const char *key : {"from", "to", "label"})
            QVERIFY2(e.contains(QLatin1String(key)), key);
    }
}

QTEST_GUILESS_MAIN(TestGuideImporter)
#include "TestGuideImporter.moc"
