// Guided sessions: how a reader moves through a guide, what a session records, and the report
// a support person attaches to a ticket. No display and no server: results are given.

#include "FlowGuide.h"
#include "TestSupport.h"
#include "guide/GuideImporter.h"
#include "log/Logging.h"
#include "session/GuidedFlow.h"
#include "session/Session.h"
#include "session/SessionReport.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {

CheckResult refused()
{
    CheckResult r = CheckResult::make(CheckOutcome::ConnectionRefused,
                                      QStringLiteral("postgres localhost:5432: connection refused, so no PostgreSQL listens there"),
                                      QStringLiteral("refused"));
    r.durationMs = 2.4;
    r.target = QStringLiteral("postgres localhost:5432");
    return r;
}

// A session file as a process that died mid-session leaves it: written, not closed, unlocked.
void writeCrashed(const Session &s)
{
    QJsonObject o = s.toJson();
    o.insert(QStringLiteral("closed"), false);
    QFile f(SessionStore::pathFor(s.id));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QDir(SessionStore::folder()).removeRecursively();
    }

    void readingOnFollowsTheIssueInOrder()
    {
        const Guide guide = importText(kFlowGuide);
        const GuideNode *issue = findNode(guide, NodeKind::Issue, QStringLiteral("Connection refused"));
        QVERIFY(issue);
        QStringList kinds;
        for (QString id = issue->id; !id.isEmpty(); id = GuidedFlow::readOn(guide, id))
            kinds.append(nodeKindName(guide.node(id)->kind));
        QCOMPARE(kinds.join(QLatin1Char(' ')), QStringLiteral("issue symptom diagnosis check solution solution cause"));
        const GuideNode *first = findNode(guide, NodeKind::Solution, QStringLiteral("Start PostgreSQL"));
        const GuideNode *second = findNode(guide, NodeKind::Solution, QStringLiteral("connection string"));
        QVERIFY(first && second);
        QCOMPARE(GuidedFlow::nextSolution(guide, first->id), second->id);
        QCOMPARE(GuidedFlow::nextSolution(guide, second->id), QString()); // then escalation
        QCOMPARE(GuidedFlow::issueOf(guide, second->id), issue->id);
        // The root offers its sections; a section its issues.
        const QList<GuidedFlow::Choice> top = GuidedFlow::choices(guide, guide.root().id);
        QVERIFY(!top.isEmpty());
    }

    void questionsOfferTheirAnswers()
    {
        const Guide guide = GuideImporter::importFile(guidesDir() + QStringLiteral("/postgres.md"));
        const GuideNode *question = findNode(guide, NodeKind::Question, QStringLiteral("How do you run PostgreSQL"));
        QVERIFY(question);
        const QList<GuidedFlow::Choice> answers = GuidedFlow::choices(guide, question->id);
        QCOMPARE(answers.size(), 3);
        QVERIFY(answers.first().label.contains(QStringLiteral("system package")));
        QCOMPARE(guide.node(answers.first().target)->kind, NodeKind::Solution);
    }

    void aStepAnsweredOnceOffersItsAnswer()
    {
        // A procedure's check step with one answer ("If it says `no response`, …") offers it
        // beside reading on; a fix offers none (it has fixed / not fixed).
        const Guide guide = importText(R"(# Payments API outage

## Step 1: Database

    pg_isready -h payments-db.internal -p 5432

If it says `no response`, restart the replica with `sudo systemctl restart pg-replica`, then go back to Step 1.

## Step 2: Escalate

Page the on-call.
)");
        const GuideNode *step = findNode(guide, NodeKind::Check, QStringLiteral("Step 1: Database"));
        QVERIFY(step);
        const QList<GuidedFlow::Choice> answers = GuidedFlow::choices(guide, step->id);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().label, QStringLiteral("If it says no response"));
        const GuideNode *fix = guide.node(answers.first().target);
        QCOMPARE(fix->kind, NodeKind::Solution);
        QVERIFY(GuidedFlow::choices(guide, fix->id).isEmpty());
        // Reading on passes the fix by: it is the answer's, not the next step.
        QCOMPARE(guide.node(GuidedFlow::readOn(guide, step->id))->title, QStringLiteral("Step 2: Escalate"));
    }

    void anOutcomeEndsTheWay()
    {
        // "If it is not, escalate to #queue-oncall": the outcome is the answer's, passed by when reading on from
        // the step, and the end of the way when the answer is taken.
        const Guide guide = importText(R"(# Queue runbook

## Jobs pile up in the queue

1. Is the worker running? Check `systemctl status worker`.
   - If it is active, go to step 2.
   - If it is not, escalate to #queue-oncall with the worker log.
2. Is the queue over its limit? Run `redis-cli llen jobs`.
   - If it is over 10000, restart the worker.
   - Otherwise go to step 1.
)");
        const GuideNode *worker = findNode(guide, NodeKind::Question, QStringLiteral("Is the worker running?"));
        const GuideNode *queue = findNode(guide, NodeKind::Question, QStringLiteral("Is the queue over its limit?"));
        QVERIFY(worker && queue);
        const QList<GuidedFlow::Choice> answers = GuidedFlow::choices(guide, worker->id);
        const auto page = std::find_if(answers.cbegin(), answers.cend(), [](const GuidedFlow::Choice &c) { return c.label == QLatin1String("If it is not"); });
        QVERIFY(page != answers.cend());
        QCOMPARE(guide.node(page->target)->kind, NodeKind::Outcome);
        QCOMPARE(GuidedFlow::readOn(guide, worker->id), queue->id);
        QVERIFY(GuidedFlow::readOn(guide, page->target).isEmpty());
        QVERIFY(GuidedFlow::choices(guide, page->target).isEmpty());
    }

    void backForwardAndANewStepDropsWhatWasAhead()
    {
        const Guide guide = importText(kFlowGuide);
        const GuideNode *issue = findNode(guide, NodeKind::Issue, QStringLiteral("Connection refused"));
        Session s = Session::begin(guide, issue->id);
        const QString diagnosis = findNode(guide, NodeKind::Diagnosis, QString())->id;
        const QString check = guide.nodesOfKind(NodeKind::Check).first()->id;
        QVERIFY(s.go(guide, diagnosis, QStringLiteral("read on")));
        QVERIFY(s.go(guide, check, QStringLiteral("read on")));
        QVERIFY(!s.go(guide, check, QStringLiteral("read on"))); // already there
        QVERIFY(s.back());
        QCOMPARE(s.currentStep()->nodeId, diagnosis);
        QVERIFY(s.canGoForward());
        QVERIFY(s.forward());
        QCOMPARE(s.currentStep()->nodeId, check);
        QVERIFY(s.back() && s.back());
        const QString solution = findNode(guide, NodeKind::Solution, QStringLiteral("Start PostgreSQL"))->id;
        QVERIFY(s.go(guide, solution, QStringLiteral("chosen")));
        QVERIFY(!s.canGoForward());
        QCOMPARE(s.path().size(), 2);
        QCOMPARE(s.path().last().nodeId, solution);
    }

    void theReportTellsThePathTheResultsAndTheVerdict()
    {
        const Guide guide = importText(kFlowGuide, QStringLiteral("db-guide.md"));
        const GuideNode *issue = findNode(guide, NodeKind::Issue, QStringLiteral("Connection refused"));
        const GuideNode *check = guide.nodesOfKind(NodeKind::Check).first();
        const GuideNode *first = findNode(guide, NodeKind::Solution, QStringLiteral("Start PostgreSQL"));
        const GuideNode *second = findNode(guide, NodeKind::Solution, QStringLiteral("connection string"));
        Session s = Session::begin(guide, issue->id);
        s.environment = QStringLiteral("prod");
        s.production = true;
        QVERIFY(s.go(guide, check->id, QStringLiteral("read on")));
        s.recordResult(check->id, check->checks.first(), refused(), first->id);
        QVERIFY(s.go(guide, first->id, QStringLiteral("branch: refused")));
        s.recordAnswer(QStringLiteral("not fixed"));
        QVERIFY(s.go(guide, second->id, QStringLiteral("not fixed")));
        s.recordAnswer(QStringLiteral("not fixed"));
        s.escalate(second->id);

        const QString md = SessionReport::markdown(s);
        QVERIFY2(md.startsWith(QStringLiteral("# Troubleshooting report: Database troubleshooting")), qPrintable(md.left(200)));
        QVERIFY2(md.contains(QStringLiteral("Escalated: no solution fixed it (the last tried was \u201cCheck the connection string\u201d)")), qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("**prod (PRODUCTION)**")));
        QVERIFY(md.contains(QStringLiteral("1. **Issue**: Connection refused by the database (`db-guide.md:")));
        QVERIFY(md.contains(QStringLiteral("**Check**: Check if PostgreSQL is running")));
        QVERIFY(md.contains(QStringLiteral("ERROR connection\\_refused (refused) in 2.4 ms: postgres localhost:5432: connection refused")));
        QVERIFY(md.contains(QStringLiteral("reached by branch: refused")));
        QVERIFY(md.contains(QStringLiteral("Did this fix it? No")));
        QVERIFY(md.contains(QStringLiteral("`pg_isready -h localhost -p 5432`")));
        QVERIFY(md.contains(QStringLiteral("| Checks run | 1 (1 not passed) |")));

        const QString html = SessionReport::html(s);
        QVERIFY(html.contains(QStringLiteral("<td class=\"error\">ERROR connection_refused (refused)</td>")));
        QVERIFY(html.contains(QStringLiteral("class=\"prod\">prod (PRODUCTION)")));

        const QJsonObject json = QJsonDocument::fromJson(SessionReport::json(s)).object();
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("escalated"));
        QCOMPARE(json.value(QStringLiteral("steps")).toArray().size(), 4);
        QCOMPARE(json.value(QStringLiteral("runs")).toArray().first().toObject().value(QStringLiteral("result")).toObject().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("connection_refused"));
        QCOMPARE(json.value(QStringLiteral("summary")).toObject().value(QStringLiteral("checks_not_passed")).toInt(), 1);
    }

    void secretsNeverReachAReportOrTheSavedSession()
    {
        const Guide guide = importText(kFlowGuide);
        const GuideNode *check = guide.nodesOfKind(NodeKind::Check).first();
        Session s = Session::begin(guide, check->id);
        const QString secret = QStringLiteral("Sup3r-Secret-Passw0rd");
        log::addSecret(secret);
        // Words no masking rule reads as a credential: the secret registered with the log is
        // what masks it.
        CheckResult r = CheckResult::make(CheckOutcome::AuthFailed, QStringLiteral("login refused, sent %1").arg(secret), QStringLiteral("28P01"));
        CheckSpec spec = check->checks.first();
        spec.source = QStringLiteral("psql postgresql://app:%1@db:5432/app -c 'SELECT 1'").arg(QStringLiteral("Another-Url-Secret"));
        s.recordResult(check->id, spec, r, QString());
        s.recordAnswer(QStringLiteral("<script>alert(1)</script>"));
        QString error;
        QVERIFY2(SessionStore::save(s, false, &error), qPrintable(error));
        QFile saved(SessionStore::pathFor(s.id));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray file = saved.readAll();
        for (const QByteArray &text : {file, SessionReport::render(s, SessionReport::Format::Markdown), SessionReport::render(s, SessionReport::Format::Html),
                                       SessionReport::render(s, SessionReport::Format::Json)}) {
            QVERIFY(!text.contains(secret.toUtf8()));
            QVERIFY(!text.contains("Another-Url-Secret"));
        }
        QVERIFY(file.contains("********"));
        // HTML shows markup from a guide or an answer as text, never as markup.
        QVERIFY(!SessionReport::html(s).contains(QStringLiteral("<script>")));

        // A server's words, or a session file from elsewhere, cannot put a link, an image or
        // HTML into the ticket.
        CheckResult hostile = CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("value: ![x](https://evil.example/?t) [click](https://evil.example) `` `x`"));
        s.recordResult(check->id, check->checks.first(), hostile, QString());
        QJsonObject json = s.toJson();
        json.insert(QStringLiteral("id"), QStringLiteral("</sub><img src=x onerror=alert(1)>"));
        QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
        QJsonObject first = steps.first().toObject();
        first.insert(QStringLiteral("kind"), QStringLiteral("<b>issue</b>"));
        steps.replace(0, first);
        json.insert(QStringLiteral("steps"), steps);
        QString why;
        const std::optional<Session> read = Session::fromJson(json, &why);
        QVERIFY2(read, qPrintable(why));
        const QString md = SessionReport::markdown(*read);
        QVERIFY2(!md.contains(QStringLiteral("![x](")) && !md.contains(QStringLiteral("[click](")), qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("\\!\\[x\\]")));
        QVERIFY(!md.contains(QStringLiteral("<img")) && !md.contains(QStringLiteral("<b>")));
        const QString html = SessionReport::html(*read);
        QVERIFY(!html.contains(QStringLiteral("<img")) && !html.contains(QStringLiteral("<b>issue")));
    }

    void aSavedFileWithImpossibleDurationsStillReports()
    {
        // FuzzSession's finding: a saved session is outside input, and a duration of 1e77 ms
        // went into the report's integer rounding. (The input it found is kept in
        // tests/fuzz/corpus/FuzzSession/regression-huge-duration.json.)
        const Guide guide = importText(kFlowGuide, QStringLiteral("db-guide.md"));
        const GuideNode *issue = findNode(guide, NodeKind::Issue, QStringLiteral("Connection refused"));
        const GuideNode *check = guide.nodesOfKind(NodeKind::Check).first();
        Session s = Session::begin(guide, issue->id);
        QVERIFY(s.go(guide, check->id, QStringLiteral("read on")));
        s.recordResult(check->id, check->checks.first(), refused(), QString());
        for (const double impossible : {1e77, -5.0, 1e300}) {
            QJsonObject json = s.toJson();
            QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
            QJsonObject step = steps.last().toObject();
            QJsonObject result = step.value(QStringLiteral("result")).toObject();
            result.insert(QStringLiteral("duration_ms"), impossible);
            step.insert(QStringLiteral("result"), result);
            steps.replace(steps.size() - 1, step);
            json.insert(QStringLiteral("steps"), steps);
            QString why;
            const std::optional<Session> read = Session::fromJson(json, &why);
            QVERIFY2(read, qPrintable(why));
            QCOMPARE(read->steps.last().result->durationMs, 0.0);
            const QString md = SessionReport::markdown(*read);
            QVERIFY2(md.contains(QStringLiteral("(0.0 ms)")) || md.contains(QStringLiteral("0.0 ms")), qPrintable(md));
            QVERIFY2(!md.contains(QStringLiteral("-2147483648")) && !md.contains(QStringLiteral("e+")), qPrintable(md));
            QVERIFY(!SessionReport::html(*read).isEmpty());
        }
    }

    void sessionsSaveReadAndAreOfferedBackAfterACrash()
    {
        const Guide guide = importText(kFlowGuide);
        const GuideNode *issue = findNode(guide, NodeKind::Issue, QStringLiteral("Connection refused"));
        QDir(SessionStore::folder()).removeRecursively();
        Session s = Session::begin(guide, issue->id);
        QVERIFY(s.go(guide, GuidedFlow::readOn(guide, issue->id), QStringLiteral("read on")));
        QString error;
        QVERIFY(SessionStore::save(s, false, &error));
        // The user's alone: rw for the owner, nothing for anyone else.
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
        QCOMPARE(QFileInfo(SessionStore::pathFor(s.id)).permissions() & others, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(SessionStore::folder()).permissions() & (others | QFileDevice::ExeGroup | QFileDevice::ExeOther), QFileDevice::Permissions());
        const std::optional<Session> back = SessionStore::read(SessionStore::pathFor(s.id), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->steps.size(), 2);
        QCOMPARE(back->current, 1);
        QCOMPARE(back->guideTitle, guide.title);
        // Open in this process's window: it is live, not something to resume.
        QVERIFY(!SessionStore::unfinished());
        QVERIFY(QFile::exists(SessionStore::folder() + QStringLiteral("/") + s.id + QStringLiteral(".lock")));
        // What a process that died leaves: the file, not closed, and no live lock on it.
        QVERIFY(SessionStore::close(s.id, &error));
        writeCrashed(s);
        QString path;
        const std::optional<Session> open = SessionStore::unfinished(&path);
        QVERIFY(open);
        QCOMPARE(open->id, s.id);
        QVERIFY(SessionStore::close(s.id, &error));
        QVERIFY(!SessionStore::unfinished());

        // A damaged file says where.
        GuideFiles files;
        const QString bad = files.write(QStringLiteral("bad.json"), "{\n  \"triage_session\": 1,\n  \"steps\": [ oops ]\n}\n");
        QVERIFY(!SessionStore::read(bad, &error));
        QVERIFY2(error.startsWith(bad + QStringLiteral(":3: not a session file")), qPrintable(error));
        const QString other = files.write(QStringLiteral("other.json"), "{\"name\": \"x\"}");
        QVERIFY(!SessionStore::read(other, &error));
        QVERIFY2(error.contains(QStringLiteral("not a Triage session")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "TestSession.moc"
