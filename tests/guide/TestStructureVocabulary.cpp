#include "guide/StructureVocabulary.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace triage;

// The word heuristics that used to be regular expressions are written out by hand, because a
// match through QRegularExpression costs thousands of instructions before it looks at a
// character. The patterns they replaced are kept here as the definition: every heading, real or
// generated, must be judged as the pattern judges it.
class TestStructureVocabulary : public QObject {
    Q_OBJECT
private slots:
    void describesFailure_data();
    void describesFailure();
    void statesFailure_data();
    void statesFailure();
    void statesBadOutcome_data();
    void statesBadOutcome();
    void isCheckingAdvice_data();
    void isCheckingAdvice();
    void saysNoActionNeeded_data();
    void saysNoActionNeeded();
    void namesProblem_data();
    void namesProblem();
    void asksAboutAProblem_data();
    void asksAboutAProblem();
    void stripNumbering_data();
    void stripNumbering();
    void tableColumn_data();
    void tableColumn();
    void codesAndSuccess_data();
    void codesAndSuccess();
    void answerWord_data();
    void answerWord();
    void stepNumbers_data();
    void stepNumbers();
    void resultOf_data();
    void resultOf();
    void stepReferences_data();
    void stepReferences();
    void generatedHeadingsAgreeWithThePatterns();
    void errorShapes_data();
    void errorShapes();
    void generatedErrorsAgreeWithThePatterns();
};

namespace {

bool describesFailurePattern(const QString &heading)
{
    static const QRegularExpression words(QStringLiteral(
        "\\b(fail(s|ed|ing)?|not work(ing)?|(does|do|is|are)n'?t|does not|do not|is not|are not|can'?t|cannot|won'?t"
        "|slow|crash(es|ed|ing)?|hang(s|ing)?|stall(s|ed|ing)?|freez(es|ing)|refused|denied|time(s|d)? out|broken|missing|stuck"
        "|leak(s|ing)?|out of|too many|unavailable|(is|are|goes|went|go) down|not found|unreachable|exhausted"
        "|keeps? restarting|exit(s|ed|ing)|segfaults?|segmentation fault|core dumped|rejected|declined|stays pending|pil(e|es|ing) up"
        "|expired|corrupted|dropped|blocked|disconnect(s|ed)|could ?n'?t|could not|unable to|reset by peer|invalid|wrong password|already in use"
        "|no space|disk full|is full|blank (page|screen)|not responding|unresponsive|mismatch|forbidden|unauthori[sz]ed)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    // An HTTP error status: any 5xx on its own, a 4xx after a word that makes it a response's.
    static const QRegularExpression status(QStringLiteral(
        "(?<!\\p{L})(returns?|returned|returning|gets?|got|getting|gives|throws|answers|responds|with|http|status)"
        "\\P{L}*(?:an?(?!\\p{L})\\P{L}*)?(?<![\\p{L}\\p{N}.:-])(?<status>[45]\\d\\d)(?![\\p{L}\\p{N}:-]|\\.\\d)"
        "|(?<![\\p{L}\\p{N}.:-])(?<code>5\\d\\d)(?![\\p{L}\\p{N}:-]|\\.\\d)\\P{L}*"
        "(bad|service|internal|gateway|errors?|responses?|status)(?!\\p{L})"),
        QRegularExpression::CaseInsensitiveOption);
    // …unless a condition comes before it: "when the upstream answers 502".
    static const QRegularExpression condition(QStringLiteral("(?<!\\p{L})(if|when|whenever|unless|once)(?!\\p{L})"),
                                              QRegularExpression::CaseInsensitiveOption);
    if (words.match(heading).hasMatch())
        return true;
    const QRegularExpressionMatch m = status.match(heading);
    if (!m.hasMatch())
        return false;
    const qsizetype at = m.capturedStart(QStringLiteral("code")) >= 0 ? m.capturedStart(QStringLiteral("code")) : m.capturedStart(QStringLiteral("status"));
    return !condition.match(heading.left(at)).hasMatch();
}

bool namesProblemPattern(const QString &heading)
{
    static const QRegularExpression words(QStringLiteral(
        "error|issue|problem|pitfall|fail|crash|broken|not work|can'?t|cannot|troubleshoot|bug|slow|timeout|refused"
        "|\\bdown\\b|leak|exhaust|denied|unavailable|outage|\\b5xx\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(heading).hasMatch();
}

StructureVocabulary::Column tableColumnPattern(const QString &header)
{
    const QString h = header.trimmed().toLower();
    static const QRegularExpression error(QStringLiteral("\\b(error|message|symptom|exception|code|status|problem|issue)"));
    static const QRegularExpression cause(QStringLiteral("\\b(cause|reason|why|meaning)"));
    static const QRegularExpression solution(QStringLiteral("\\b(solution|fix|resolution|action|remedy|what to do|do this|workaround)"));
    if (solution.match(h).hasMatch())
        return StructureVocabulary::Column::Solution;
    if (cause.match(h).hasMatch())
        return StructureVocabulary::Column::Cause;
    if (error.match(h).hasMatch())
        return StructureVocabulary::Column::Error;
    return StructureVocabulary::Column::Other;
}

bool hasErrorShapePattern(QStringView text)
{
    static const QRegularExpression shapes(QStringLiteral(
        "\\bE(NO[A-Z]{2,}|CONN[A-Z]+|ADDR[A-Z]+|ACCES|PERM|TIMEDOUT|HOSTUNREACH|NETUNREACH|HOSTDOWN|AGAIN|PIPE|EXIST|INVAL"
        "|MFILE|NFILE|BUSY|ROFS|LOOP|RESOLVE|INTEGRITY|LIFECYCLE|PROTO|BADF|SRCH|DQUOT|NAMETOOLONG|AI_[A-Z]+)\\b"
        "|[a-z](Error|Exception)\\b|\\b[45]\\d\\d [A-Z][a-z]|\\bERR?_[A-Z]"
        "|[A-Z]_(FAILED|FAILURE|ERROR|DENIED|REFUSED|TIMED_OUT|NOT_FOUND|EXCEEDED|UNAVAILABLE)\\b"));
    return shapes.match(text).hasMatch();
}

bool readsAsErrorPattern(QStringView text)
{
    static const QRegularExpression words(QStringLiteral(
        "\\b(error|exception|fail(ed|s|ure)?|fatal|panic|refused|denied|timed out|time ?out|not found|no such|cannot|can'?t"
        "|unable to|invalid|unauthori[sz]ed|forbidden|already in use|too many|killed|out of memory|segmentation fault"
        "|does not exist|not allowed|unknown|unreachable|err!?|could not|couldn't|incompatible|duplicate|mismatch|violates)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return hasErrorShapePattern(text) || words.match(text).hasMatch();
}

} // namespace

void TestStructureVocabulary::describesFailure_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<bool>("failure");
    QTest::newRow("fails") << QStringLiteral("Build fails on CI") << true;
    QTest::newRow("5xx status") << QStringLiteral("Checkout returns 502") << true;
    QTest::newRow("5xx first") << QStringLiteral("503 Service Unavailable from the gateway") << true;
    QTest::newRow("4xx status") << QStringLiteral("Login gets HTTP 401 after the upgrade") << true;
    QTest::newRow("4xx returned") << QStringLiteral("Search returns 404 for new products") << true;
    QTest::newRow("4xx count") << QStringLiteral("Migrating 404 tables") << false;
    QTest::newRow("port") << QStringLiteral("Connecting to port 5432") << false;
    QTest::newRow("version") << QStringLiteral("Upgrading to 1.502") << false;
    QTest::newRow("time") << QStringLiteral("The 10:503 batch") << false;
    QTest::newRow("5xx count") << QStringLiteral("Tuning the pool for 500 connections") << false;
    QTest::newRow("5xx size") << QStringLiteral("Archiving 550 GB of logs") << false;
    QTest::newRow("5xx with an article") << QStringLiteral("Checkout got a 502 after the deploy") << true;
    QTest::newRow("a duration") << QStringLiteral("Set a 500 ms timeout") << false;
    QTest::newRow("status in a condition") << QStringLiteral("How retries behave when the upstream answers 502") << false;
    QTest::newRow("slow") << QStringLiteral("Tests are SLOW") << true;
    QTest::newRow("hangs") << QStringLiteral("Login page hangs") << true;
    QTest::newRow("declined") << QStringLiteral("Card declined: do_not_honor") << true;
    QTest::newRow("contraction") << QStringLiteral("Server doesn't start") << true;
    QTest::newRow("no apostrophe") << QStringLiteral("Server doesnt start") << true;
    QTest::newRow("curly apostrophe") << QStringLiteral("Server doesn\u2019t start") << false;
    QTest::newRow("times out") << QStringLiteral("Request times out") << true;
    QTest::newRow("goes down") << QStringLiteral("Redis goes down at night") << true;
    QTest::newRow("keeps restarting") << QStringLiteral("Pod keeps restarting") << true;
    QTest::newRow("exits") << QStringLiteral("Worker exits on boot") << true;
    QTest::newRow("segfault") << QStringLiteral("Segfault when building an index from threads") << true;
    QTest::newRow("timeouts, a topic") << QStringLiteral("Timeouts") << false;
    QTest::newRow("pile up") << QStringLiteral("Messages pile up in the queue") << true;
    QTest::newRow("stays pending") << QStringLiteral("My Pod stays Pending") << true;
    QTest::newRow("expired") << QStringLiteral("Token expired after an hour") << true;
    QTest::newRow("exit as a noun") << QStringLiteral("Exit codes") << false;
    QTest::newRow("timeout setting") << QStringLiteral("Timeout settings") << false;
    QTest::newRow("topic") << QStringLiteral("Error handling in the API") << false;
    QTest::newRow("inside a word") << QStringLiteral("Failover setup") << false;
    QTest::newRow("underscore joins") << QStringLiteral("slow_query_log") << false;
    QTest::newRow("accent is a boundary") << QStringLiteral("éfailé") << true;
    QTest::newRow("freeze alone") << QStringLiteral("Screen freeze") << false;
    QTest::newRow("two spaces") << QStringLiteral("It does  not start") << false;
    // Problems named without a verb of failing (a helper's guides, read as topics before).
    QTest::newRow("could not") << QStringLiteral("Could not connect to Redis") << true;
    QTest::newRow("unable to") << QStringLiteral("Unable to log in") << true;
    QTest::newRow("couldn't") << QStringLiteral("Couldn't find the config file") << true;
    QTest::newRow("reset by peer") << QStringLiteral("Connection reset by peer") << true;
    QTest::newRow("invalid") << QStringLiteral("Invalid token") << true;
    QTest::newRow("wrong password") << QStringLiteral("Wrong password") << true;
    QTest::newRow("in use") << QStringLiteral("Port 3000 already in use") << true;
    QTest::newRow("no space") << QStringLiteral("No space left on device") << true;
    QTest::newRow("disk full") << QStringLiteral("Disk full") << true;
    QTest::newRow("blank page") << QStringLiteral("Blank page after login") << true;
    QTest::newRow("mismatch") << QStringLiteral("Migration checksum mismatch") << true;
    QTest::newRow("blocked") << QStringLiteral("Port 5432 blocked to the reporting database") << true;
    QTest::newRow("disconnects") << QStringLiteral("VPN disconnects every few minutes") << true;
    QTest::newRow("disconnected") << QStringLiteral("Client disconnected after login") << true;
    QTest::newRow("disconnect, a topic") << QStringLiteral("Disconnect handling") << false;
    QTest::newRow("validation, a topic") << QStringLiteral("Input validation") << false;
    QTest::newRow("what can go wrong, a topic") << QStringLiteral("What can go wrong") << false;
    QTest::newRow("fullness, a topic") << QStringLiteral("Full backups") << false;
}

void TestStructureVocabulary::describesFailure()
{
    QFETCH(QString, heading);
    QFETCH(bool, failure);
    QCOMPARE(StructureVocabulary::describesFailure(heading), failure);
    QCOMPARE(describesFailurePattern(heading), failure);
}

void TestStructureVocabulary::statesFailure_data()
{
    // Every heading here has a failure word (describesFailure): whether it says on its own
    // that something is wrong, or names a condition or a kind of thing, which is a problem only
    // when the text under it handles one.
    QTest::addColumn<QString>("heading");
    QTest::addColumn<bool>("stated");
    QTest::newRow("fails") << QStringLiteral("Build fails on CI") << true;
    QTest::newRow("5xx status") << QStringLiteral("Checkout returns 502") << true;
    QTest::newRow("5xx first") << QStringLiteral("503 Service Unavailable from the gateway") << true;
    QTest::newRow("4xx status") << QStringLiteral("Login gets HTTP 401 after the upgrade") << true;
    QTest::newRow("4xx returned") << QStringLiteral("Search returns 404 for new products") << true;
    QTest::newRow("could not") << QStringLiteral("Could not connect to Redis") << true;
    QTest::newRow("in use") << QStringLiteral("Port 3000 already in use") << true;
    QTest::newRow("disk full") << QStringLiteral("Disk full") << true;
    QTest::newRow("is full") << QStringLiteral("The disk is full") << true;
    QTest::newRow("mismatch last") << QStringLiteral("Checksum mismatch") << true;
    QTest::newRow("mismatch then a preposition") << QStringLiteral("Version mismatch between client and server") << true;
    QTest::newRow("expired after") << QStringLiteral("Token expired after an hour") << true;
    QTest::newRow("missing from") << QStringLiteral("Config missing from the image") << true;
    QTest::newRow("invalid, one thing") << QStringLiteral("Invalid token") << true;
    QTest::newRow("invalid, a code") << QStringLiteral("Invalid 2FA code") << true;
    QTest::newRow("invalid status") << QStringLiteral("Invalid status") << true;
    QTest::newRow("missing, one thing") << QStringLiteral("Missing config file") << true;
    QTest::newRow("when, not first") << QStringLiteral("Segfault when building an index from threads") << true;
    QTest::newRow("emoji first") << QStringLiteral("❌ Login fails") << true;
    QTest::newRow("a kind of thing") << QStringLiteral("Invalid characters in names") << false;
    QTest::newRow("a plural") << QStringLiteral("Expired sessions") << false;
    QTest::newRow("plural credentials") << QStringLiteral("Invalid credentials") << false;
    QTest::newRow("a noun that qualifies") << QStringLiteral("Version mismatch policy") << false;
    QTest::newRow("when") << QStringLiteral("When the queue is full") << false;
    QTest::newRow("if") << QStringLiteral("If the build fails") << false;
    QTest::newRow("once") << QStringLiteral("Once the pool is exhausted") << false;
    QTest::newRow("in case") << QStringLiteral("In case the token expired") << false;
    QTest::newRow("blocked") << QStringLiteral("Port 5432 blocked to the reporting database") << true;
    QTest::newRow("whenever, upper case") << QStringLiteral("WHENEVER A WORKER CRASHES") << false;
}

void TestStructureVocabulary::statesFailure()
{
    QFETCH(QString, heading);
    QFETCH(bool, stated);
    QVERIFY(StructureVocabulary::describesFailure(heading));
    QCOMPARE(StructureVocabulary::statesFailure(heading), stated);
}

void TestStructureVocabulary::statesBadOutcome_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<bool>("bad");
    QTest::newRow("becomes NaN") << QStringLiteral("Loss becomes NaN after a few hundred steps") << true;
    QTest::newRow("goes to zero") << QStringLiteral("Gradients go to zero") << true;
    QTest::newRow("is empty") << QStringLiteral("The export is empty") << true;
    QTest::newRow("returns nothing") << QStringLiteral("Query returns nothing") << true;
    QTest::newRow("spikes") << QStringLiteral("Memory spikes at startup") << true;
    QTest::newRow("returns rows") << QStringLiteral("Query returns rows in order") << false;
    QTest::newRow("a word inside another") << QStringLiteral("Thesis nanometres") << false;
    QTest::newRow("emptying") << QStringLiteral("Emptying the trash") << false;
}

void TestStructureVocabulary::statesBadOutcome()
{
    QFETCH(QString, heading);
    QFETCH(bool, bad);
    QCOMPARE(StructureVocabulary::statesBadOutcome(heading), bad);
}

void TestStructureVocabulary::isCheckingAdvice_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("checking");
    QTest::newRow("check") << QStringLiteral("Check the LoadBehavior value:") << true;
    QTest::newRow("see if") << QStringLiteral("See if the port is open") << true;
    QTest::newRow("see which") << QStringLiteral("See which dependency pulls it in") << true;
    QTest::newRow("see whether") << QStringLiteral("See whether it listens") << true;
    QTest::newRow("to see which") << QStringLiteral("To see which dependency pulls the old one in:") << true;
    QTest::newRow("to check") << QStringLiteral("To check whether anything listens:") << true;
    QTest::newRow("see the docs") << QStringLiteral("See the docs for more") << false;
    QTest::newRow("see whatever") << QStringLiteral("See whatever is there") << false;
    QTest::newRow("to fix") << QStringLiteral("To fix it, restart the worker:") << false;
    QTest::newRow("diagnose") << QStringLiteral("Diagnose it with:") << true;
    QTest::newRow("to diagnose") << QStringLiteral("To diagnose a slow build, run:") << true;
    QTest::newRow("you can test") << QStringLiteral("You can test the connection with `pg_isready`.") << true;
    QTest::newRow("you should verify") << QStringLiteral("You should verify that it listens") << true;
    QTest::newRow("you can restart") << QStringLiteral("You can restart it with `systemctl restart redis`") << false;
    QTest::newRow("you") << QStringLiteral("You see a 502") << false;
    QTest::newRow("restart") << QStringLiteral("Restart the worker") << false;
}

void TestStructureVocabulary::isCheckingAdvice()
{
    QFETCH(QString, text);
    QFETCH(bool, checking);
    QCOMPARE(StructureVocabulary::isCheckingAdvice(text), checking);
}

void TestStructureVocabulary::saysNoActionNeeded_data()
{
    // The text after a fix's label ("Try:", "Action:", "Fix:").
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("nothing");
    QTest::newRow("fine to ignore") << QStringLiteral("it is fine to ignore this warning.") << true;
    QTest::newRow("safely be ignored") << QStringLiteral("The deprecation notice can safely be ignored; it goes away in 3.0.") << true;
    QTest::newRow("harmless") << QStringLiteral("This message is harmless.") << true;
    QTest::newRow("none needed") << QStringLiteral("none needed if the user can log in after clearing cookies.") << true;
    QTest::newRow("none") << QStringLiteral("None.") << true;
    QTest::newRow("no action") << QStringLiteral("No action required: the job retries by itself.") << true;
    QTest::newRow("n/a") << QStringLiteral("N/A") << true;
    QTest::newRow("a fix") << QStringLiteral("restart the worker with `systemctl restart worker`.") << false;
    QTest::newRow("ignore, then act") << QStringLiteral("Ignore the lockfile and run `pnpm install`.") << false;
    QTest::newRow("ignored later") << QStringLiteral("Rebuild the index. Errors about stale entries can be ignored.") << false;
    QTest::newRow("a word like none") << QStringLiteral("Nonexistent keys are created on first write; set a default.") << false;
    QTest::newRow("no fixed address") << QStringLiteral("No fixed IP is needed; use DHCP.") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestStructureVocabulary::saysNoActionNeeded()
{
    QFETCH(QString, text);
    QFETCH(bool, nothing);
    QCOMPARE(StructureVocabulary::saysNoActionNeeded(text), nothing);
}

void TestStructureVocabulary::namesProblem_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<bool>("problem");
    QTest::newRow("errors") << QStringLiteral("Import Errors") << true;
    QTest::newRow("pitfalls") << QStringLiteral("Async Pitfalls") << true;
    QTest::newRow("inside a word") << QStringLiteral("Troubleshooting") << true;
    QTest::newRow("timeouts") << QStringLiteral("TIMEOUTS") << true;
    QTest::newRow("down as a word") << QStringLiteral("When the API is down") << true;
    QTest::newRow("down inside a word") << QStringLiteral("Markdown export") << false;
    QTest::newRow("setup") << QStringLiteral("Setting up the project") << false;
}

void TestStructureVocabulary::namesProblem()
{
    QFETCH(QString, heading);
    QFETCH(bool, problem);
    QCOMPARE(StructureVocabulary::namesProblem(heading), problem);
    QCOMPARE(namesProblemPattern(heading), problem);
}

void TestStructureVocabulary::asksAboutAProblem_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<bool>("problem");
    QTest::newRow("why does") << QStringLiteral("Why does the server refuse connections?") << true;
    QTest::newRow("why can't") << QStringLiteral("Why can't I log in?") << true;
    QTest::newRow("curly apostrophe") << QString::fromUtf8("Why can\xe2\x80\x99t I log in?") << true;
    QTest::newRow("why is my") << QStringLiteral("WHY IS MY DATA GONE after a restart?") << true;
    QTest::newRow("how do I fix") << QStringLiteral("How do I fix `EACCES` errors?") << true;
    QTest::newRow("how to resolve") << QStringLiteral("How to resolve a merge conflict?") << true;
    QTest::newRow("how can we debug") << QStringLiteral("How can we debug a slow query?") << true;
    QTest::newRow("why and a name") << QStringLiteral("Why Triage?") << false;
    QTest::newRow("why not") << QStringLiteral("Why not?") << false;
    QTest::newRow("why use") << QStringLiteral("Why use Redis?") << false;
    QTest::newRow("how to install") << QStringLiteral("How to install on Windows?") << false;
    QTest::newRow("how do I install") << QStringLiteral("How do I install it?") << false;
    QTest::newRow("no question mark") << QStringLiteral("Why does it matter") << false;
    QTest::newRow("what is") << QStringLiteral("What is tinykv?") << false;
}

void TestStructureVocabulary::asksAboutAProblem()
{
    QFETCH(QString, heading);
    QFETCH(bool, problem);
    QCOMPARE(StructureVocabulary::asksAboutAProblem(heading), problem);
}

void TestStructureVocabulary::codesAndSuccess_data()
{
    // A row of a table of codes: the code cell, and whether it is a bare code; the meaning
    // cell, and whether it says all went well.
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("bare");
    QTest::addColumn<QString>("meaning");
    QTest::addColumn<bool>("success");
    QTest::newRow("exit 0") << QStringLiteral("0") << true << QStringLiteral("Success") << true;
    QTest::newRow("exit 3") << QStringLiteral(" 3 ") << true << QStringLiteral("Cannot connect to the repository") << false;
    QTest::newRow("negative") << QStringLiteral("-1") << true << QStringLiteral("Killed by a signal") << false;
    QTest::newRow("hex") << QStringLiteral("0x80070005") << true << QStringLiteral("Access denied") << false;
    QTest::newRow("http ok") << QStringLiteral("200") << true << QStringLiteral("OK") << true;
    QTest::newRow("ok, with more") << QStringLiteral("204") << true << QStringLiteral("OK, nothing to return.") << true;
    QTest::newRow("success: why") << QStringLiteral("0") << true << QStringLiteral("Success: the backup was written") << true;
    QTest::newRow("emoji first") << QStringLiteral("0") << true << QString::fromUtf8("\xe2\x9c\x85 Completed successfully") << true;
    QTest::newRow("no error") << QStringLiteral("0") << true << QStringLiteral("No error.") << true;
    QTest::newRow("completed with warnings") << QStringLiteral("1") << true << QStringLiteral("Completed with warnings") << false;
    QTest::newRow("not ok") << QStringLiteral("2") << true << QStringLiteral("Not OK: the lock is held") << false;
    QTest::newRow("okay-ish word") << QStringLiteral("5") << true << QStringLiteral("Okta login failed") << false;
    QTest::newRow("named code") << QStringLiteral("E1234") << false << QStringLiteral("Disk full") << false;
    QTest::newRow("status with words") << QStringLiteral("502 Bad Gateway") << false << QStringLiteral("Upstream down") << false;
    QTest::newRow("hex prefix alone") << QStringLiteral("0x") << false << QString() << false;
    QTest::newRow("sign alone") << QStringLiteral("-") << false << QString() << false;
    QTest::newRow("empty") << QString() << false << QString() << false;
    QTest::newRow("version") << QStringLiteral("1.2") << false << QStringLiteral("OK") << true;
}

void TestStructureVocabulary::codesAndSuccess()
{
    QFETCH(QString, code);
    QFETCH(bool, bare);
    QFETCH(QString, meaning);
    QFETCH(bool, success);
    QCOMPARE(StructureVocabulary::isBareCode(code), bare);
    QCOMPARE(StructureVocabulary::meansSuccess(meaning), success);
}

void TestStructureVocabulary::answerWord_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QString>("answer");
    // Every arrow a quick answer may take ends the answer, as it does after a bold problem.
    QTest::newRow("arrow") << QStringLiteral("Yes \u2192 go to step 2") << QStringLiteral("Yes");
    QTest::newRow("double arrow") << QStringLiteral("Yes \u21D2 go to step 2") << QStringLiteral("Yes");
    QTest::newRow("ascii arrow") << QStringLiteral("No -> start it") << QStringLiteral("No");
    QTest::newRow("ascii double arrow") << QStringLiteral("no => start it") << QStringLiteral("no");
    QTest::newRow("colon") << QStringLiteral("No: start it") << QStringLiteral("No");
    QTest::newRow("alone") << QStringLiteral(" Yes ") << QStringLiteral("Yes");
    QTest::newRow("condition") << QStringLiteral("If you see `NXDOMAIN`, go to step 4") << QStringLiteral("If you see `NXDOMAIN`");
    QTest::newRow("a longer word") << QStringLiteral("Yesterday \u2192 step 2") << QString();
    QTest::newRow("an equals sign") << QStringLiteral("No = zero") << QString();
}

void TestStructureVocabulary::answerWord()
{
    QFETCH(QString, item);
    QFETCH(QString, answer);
    QCOMPARE(StructureVocabulary::answerWord(item).toString(), answer);
}

void TestStructureVocabulary::stepNumbers_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<int>("number");
    QTest::addColumn<QString>("words");
    QTest::newRow("colon") << QStringLiteral("Step 3: Is the service running?") << 3 << QStringLiteral("Is the service running?");
    QTest::newRow("dash") << QStringLiteral("STEP 12 \u2014 Escalate") << 12 << QStringLiteral("Escalate");
    QTest::newRow("alone") << QStringLiteral("Step 4") << 4 << QString();
    QTest::newRow("emoji") << QStringLiteral("\u2699\ufe0f Step 2. Fix DNS") << 2 << QStringLiteral("Fix DNS");
    QTest::newRow("steps") << QStringLiteral("Steps to reproduce") << 0 << QString();
    QTest::newRow("lettered") << QStringLiteral("Step 3a: Retry") << 0 << QString();
    QTest::newRow("numbered") << QStringLiteral("1. Install") << 0 << QString();
    QTest::newRow("four digits") << QStringLiteral("Step 1000: Done") << 0 << QString();
}

void TestStructureVocabulary::stepNumbers()
{
    QFETCH(QString, heading);
    QFETCH(int, number);
    QFETCH(QString, words);
    QStringView rest;
    QCOMPARE(StructureVocabulary::stepNumber(heading, &rest), number);
    QCOMPARE(rest.toString(), words);
}

void TestStructureVocabulary::resultOf_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<QString>("result");
    QTest::newRow("if it passes") << QStringLiteral("If it passes") << QStringLiteral("pass");
    QTest::newRow("on success") << QStringLiteral("On success:") << QStringLiteral("pass");
    QTest::newRow("ok") << QStringLiteral("OK") << QStringLiteral("pass");
    QTest::newRow("if it fails") << QStringLiteral("If it fails") << QStringLiteral("fail");
    QTest::newRow("fail") << QStringLiteral("Fail") << QStringLiteral("fail");
    QTest::newRow("does not work") << QStringLiteral("If it doesn't work") << QStringLiteral("fail");
    QTest::newRow("yes is the reader's") << QStringLiteral("If yes") << QString();
    QTest::newRow("a failure of one kind") << QStringLiteral("If it fails with connection refused") << QString();
    QTest::newRow("output") << QStringLiteral("If it prints PONG") << QString();
}

void TestStructureVocabulary::resultOf()
{
    QFETCH(QString, condition);
    QFETCH(QString, result);
    QCOMPARE(QString(StructureVocabulary::resultOf(condition)), result);
}

void TestStructureVocabulary::stepReferences_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("leads"); // "number: condition"
    QTest::newRow("if") << QStringLiteral("If it shows active (running), go to Step 3.") << QStringList{QStringLiteral("3: If it shows active (running)")};
    QTest::newRow("retry") << QStringLiteral("If it times out, open port 443 and retry Step 1.") << QStringList{QStringLiteral("1: If it times out")};
    QTest::newRow("re-run") << QStringLiteral("If the file is missing, enrol again, then re-run Step 2.") << QStringList{QStringLiteral("2: If the file is missing")};
    QTest::newRow("two sentences")
        << QStringLiteral("If the answer is 200, go to Step 4. If curl prints refused, wait and repeat Step 3. After three tries, go to Step 2.")
        << QStringList{QStringLiteral("4: If the answer is 200"), QStringLiteral("3: If curl prints refused"), QStringLiteral("2: After three tries")};
    QTest::newRow("otherwise") << QStringLiteral("Otherwise start it with systemctl and go back to step 1.") << QStringList{QStringLiteral("1: Otherwise")};
    QTest::newRow("see, in parentheses") << QStringLiteral("If it prints no response, the database is down: page the DBA (see Step 7).")
                                         << QStringList{QStringLiteral("7: If it prints no response")};
    QTest::newRow("then") << QStringLiteral("Then, repeat Step 4.") << QStringList{QStringLiteral("4: ")};
    QTest::newRow("yes") << QStringLiteral("Yes \u2192 go to Step 2") << QStringList{QStringLiteral("2: Yes")};
    QTest::newRow("a number with a comma") << QStringLiteral("When over 1,000 rows are locked, skip to step 5.")
                                           << QStringList{QStringLiteral("5: When over 1,000 rows are locked")};
    QTest::newRow("named, not led to") << QStringLiteral("Step 2 takes a minute. As step 3 showed, it is slow.") << QStringList{};
    QTest::newRow("inside a word") << QStringLiteral("Go to footstep 2.") << QStringList{};
    QTest::newRow("steps") << QStringLiteral("Go to Steps 2 and 3.") << QStringList{};
    QTest::newRow("another document's") << QStringLiteral("If it fails, see step 3 of the install guide, or step 2 in the Kubernetes docs.")
                                        << QStringList{};
}

void TestStructureVocabulary::stepReferences()
{
    QFETCH(QString, text);
    QFETCH(QStringList, leads);
    QStringList found;
    for (const StructureVocabulary::StepReference &r : StructureVocabulary::stepReferences(text))
        found.append(QStringLiteral("%1: %2").arg(r.number).arg(r.condition.toString()));
    QCOMPARE(found, leads);
}

void TestStructureVocabulary::stripNumbering_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("stripped");
    QTest::newRow("dot") << QStringLiteral("1. Database issues") << QStringLiteral("Database issues");
    QTest::newRow("parenthesis") << QStringLiteral("2.3) Foo") << QStringLiteral("Foo");
    QTest::newRow("section number") << QStringLiteral("3.2 Database connection errors") << QStringLiteral("Database connection errors");
    QTest::newRow("three parts") << QStringLiteral("4.1.2 Cache misses") << QStringLiteral("Cache misses");
    QTest::newRow("one part, no dot") << QStringLiteral("3 nodes down") << QStringLiteral("3 nodes down");
    QTest::newRow("year version") << QStringLiteral("2024.1 upgrade") << QStringLiteral("2024.1 upgrade");
    QTest::newRow("then a number") << QStringLiteral("0.125 500 ms") << QStringLiteral("0.125 500 ms");
    QTest::newRow("step") << QStringLiteral("Step 2: Foo") << QStringLiteral("Step 2: Foo");
    QTest::newRow("article") << QStringLiteral("Article 360012345: Login fails") << QStringLiteral("Login fails");
    QTest::newRow("kb number") << QStringLiteral("KB0012345 - VPN drops") << QStringLiteral("VPN drops");
    QTest::newRow("chapter") << QStringLiteral("Chapter 3. Backups") << QStringLiteral("Backups");
    QTest::newRow("ticket hash") << QStringLiteral("Ticket #42: Export is empty") << QStringLiteral("Export is empty");
    QTest::newRow("article, no number") << QStringLiteral("Article about backups") << QStringLiteral("Article about backups");
    QTest::newRow("section alone") << QStringLiteral("Section 2") << QStringLiteral("Section 2");
    QTest::newRow("error code") << QStringLiteral("Error 1040: Too many connections") << QStringLiteral("Error 1040: Too many connections");
}

void TestStructureVocabulary::stripNumbering()
{
    QFETCH(QString, title);
    QFETCH(QString, stripped);
    QCOMPARE(StructureVocabulary::stripNumbering(title), stripped);
}

void TestStructureVocabulary::tableColumn_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("column");
    using C = StructureVocabulary::Column;
    QTest::newRow("error message") << QStringLiteral(" Error Message ") << int(C::Error);
    QTest::newRow("likely cause") << QStringLiteral("Likely cause") << int(C::Cause);
    QTest::newRow("fix") << QStringLiteral("Fix") << int(C::Solution);
    QTest::newRow("what to do") << QStringLiteral("What to do") << int(C::Solution);
    QTest::newRow("do this") << QStringLiteral("Do this") << int(C::Solution);
    QTest::newRow("solution wins") << QStringLiteral("Error / Solution") << int(C::Solution);
    QTest::newRow("prefix only") << QStringLiteral("Statuses") << int(C::Error);
    QTest::newRow("problem") << QStringLiteral("Problem") << int(C::Error);
    QTest::newRow("known issue") << QStringLiteral("Known issue") << int(C::Error);
    QTest::newRow("not at a word start") << QStringLiteral("Barcode") << int(C::Other);
    QTest::newRow("other") << QStringLiteral("Notes") << int(C::Other);
    QTest::newRow("accented") << QStringLiteral("Raison d\u2019être") << int(C::Other);
    // Lower-cased as Unicode first: the Kelvin sign becomes an ASCII k.
    QTest::newRow("kelvin sign") << QStringLiteral("WOR\u212AAROUND") << int(C::Solution);
}

void TestStructureVocabulary::tableColumn()
{
    QFETCH(QString, header);
    QFETCH(int, column);
    QCOMPARE(int(StructureVocabulary::tableColumn(header)), column);
    QCOMPARE(int(tableColumnPattern(header)), column);
}

namespace {

// Every phrase the patterns above can match, each form spelled out, and the shapes' pieces. The
// generated texts below are made of these, changed and joined in ways that move word
// boundaries, so a phrase the hand-written matchers lack, or a boundary they misplace, shows.
const QStringList &phrases()
{
    static const QStringList list = [] {
        QStringList l;
        for (const char *p : {
                 // describesFailure: HTTP error statuses, and numbers that are none
                 "returns 502", "503", "HTTP 401", "got 429", "404", "429 rows", "5432", "v1.502", "10:503", "with a 400",
                 "503 Service Unavailable", "500 connections", "a 500 ms", "550 GB", "500 errors",
                 "fail", "fails", "failed", "failing", "not work", "not working", "doesnt", "doesn't", "dont", "don't", "isnt",
                 "isn't", "arent", "aren't", "does not", "do not", "is not", "are not", "cant", "can't", "cannot", "wont",
                 "won't", "slow", "crash", "crashes", "crashed", "crashing", "hang", "hangs", "hanging", "freezes", "freezing",
                 "refused", "denied", "times out", "timed out", "broken", "missing", "stuck", "leak", "leaks", "leaking",
                 "out of", "too many", "unavailable", "is down", "are down", "goes down", "went down", "go down", "not found",
                 "unreachable", "exhausted", "keep restarting", "keeps restarting", "exits", "exited", "exiting", "segfault",
                 "segfaults", "core dumped", "rejected", "declined", "stays pending", "pile up", "piles up", "piling up", "expired",
                 "corrupted", "dropped", "could not", "couldnt", "couldn't", "reset by peer", "wrong password",
                 "no space", "disk full", "is full", "blank page", "blank screen", "not responding", "unresponsive", "mismatch",
                 // namesProblem
                 "error", "issue", "problem", "pitfall", "troubleshoot", "bug", "timeout", "exhaust", "down",
                 // readsAsError
                 "exception", "failure", "fatal", "panic", "time out", "no such", "unable to", "invalid", "unauthorised",
                 "unauthorized", "forbidden", "already in use", "killed", "out of memory", "segmentation fault",
                 "does not exist", "not allowed", "unknown", "err", "err!", "incompatible", "duplicate", "violates",
                 // tableColumn
                 "message", "symptom", "code", "status", "cause", "reason", "why", "meaning", "solution", "fix", "resolution",
                 "action", "remedy", "what to do", "do this", "workaround",
                 // hasErrorShape
                 "ENOENT", "ENOX", "ECONNRESET", "ECONN", "EADDRINUSE", "EACCES", "EACCESS", "EPERM", "ETIMEDOUT",
                 "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "EAGAIN", "EPIPE", "EEXIST", "EINVAL", "EMFILE", "ENFILE",
                 "EBUSY", "EROFS", "ELOOP", "ERESOLVE", "EINTEGRITY", "ELIFECYCLE", "EPROTO", "EBADF", "ESRCH", "EDQUOT",
                 "ENAMETOOLONG", "EAI_AGAIN", "EAI_", "TypeError", "SQLException", "Error", "502 Bad", "404 Not", "5xx Bad",
                 "ERR_X", "ER_X", "ERRR_X", "A_FAILED", "A_FAILURE", "A_ERROR", "A_DENIED", "A_REFUSED", "A_TIMED_OUT",
                 "A_NOT_FOUND", "A_EXCEEDED", "A_UNAVAILABLE", "CONNECT_TIMEOUT"})
            l.append(QString::fromUtf8(p));
        return l;
    }();
    return list;
}

// A text of one to three phrases, each perhaps cut short, lengthened, or cased differently,
// joined by what may stand next to a word: nothing, spaces, punctuation, digits, '_', an
// apostrophe straight or curly, an accented letter, an emoji.
QString generatedText(QRandomGenerator &random)
{
    static const QStringList joins = {QString(), QStringLiteral(" "), QStringLiteral("  "), QStringLiteral("-"),
                                      QStringLiteral("_"), QStringLiteral("."), QStringLiteral(":"), QStringLiteral("1"),
                                      QStringLiteral("x"), QStringLiteral("'"), QStringLiteral("\u2019"), QStringLiteral("é"),
                                      QStringLiteral("🔴"), QStringLiteral("\t"), QStringLiteral("!")};
    const QStringList &list = phrases();
    QString text = joins.at(random.bounded(int(joins.size())));
    const int count = 1 + int(random.bounded(3));
    for (int i = 0; i < count; ++i) {
        QString piece = list.at(random.bounded(int(list.size())));
        switch (random.bounded(8)) {
        case 0:
            piece.chop(1);
            break;
        case 1:
            piece += QStringLiteral("s");
            break;
        case 2:
            piece = piece.toUpper();
            break;
        case 3:
            piece = piece.toLower();
            break;
        case 4:
            piece[0] = piece.at(0).toUpper();
            break;
        default:
            break;
        }
        text += piece + joins.at(random.bounded(int(joins.size())));
    }
    return text;
}

} // namespace

void TestStructureVocabulary::generatedHeadingsAgreeWithThePatterns()
{
    // Fixed seed: a failure names the heading.
    QRandomGenerator random(20261124);
    int failures = 0;
    int problems = 0;
    int columns = 0;
    for (int round = 0; round < 40000; ++round) {
        const QString heading = generatedText(random);
        const QByteArray named = "heading \"" + heading.toUtf8() + '"';
        QVERIFY2(StructureVocabulary::describesFailure(heading) == describesFailurePattern(heading), named.constData());
        QVERIFY2(StructureVocabulary::namesProblem(heading) == namesProblemPattern(heading), named.constData());
        QVERIFY2(StructureVocabulary::tableColumn(heading) == tableColumnPattern(heading), named.constData());
        failures += describesFailurePattern(heading);
        problems += namesProblemPattern(heading);
        columns += tableColumnPattern(heading) != StructureVocabulary::Column::Other;
    }
    // The generator must produce both answers often, or the comparison proves little.
    QVERIFY2(failures > 4000 && failures < 36000, qPrintable(QString::number(failures)));
    QVERIFY2(problems > 4000 && problems < 36000, qPrintable(QString::number(problems)));
    QVERIFY2(columns > 4000 && columns < 36000, qPrintable(QString::number(columns)));
}

void TestStructureVocabulary::errorShapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("shape");
    QTest::addColumn<bool>("error");
    QTest::newRow("errno") << QStringLiteral("ECONNREFUSED 127.0.0.1:5432") << true << true;
    QTest::newRow("errno stem needs two") << QStringLiteral("ENOX") << false << false;
    QTest::newRow("errno stem") << QStringLiteral("ENOENT: no such file") << true << true;
    QTest::newRow("not an errno") << QStringLiteral("EMAIL_FROM") << false << false;
    QTest::newRow("gai") << QStringLiteral("getaddrinfo EAI_AGAIN db") << true << true;
    QTest::newRow("exception type") << QStringLiteral("sqlalchemy.exc.TimeoutError") << true << true;
    QTest::newRow("exception word alone") << QStringLiteral("Error") << false << true;
    QTest::newRow("http status") << QStringLiteral("502 Bad Gateway") << true << true;
    QTest::newRow("status inside a number") << QStringLiteral("1502 Bad Gateway") << false << false;
    QTest::newRow("err constant") << QStringLiteral("ERR_CONNECTION_REFUSED") << true << true;
    QTest::newRow("mysql constant") << QStringLiteral("ER_ACCESS_DENIED_ERROR") << true << true;
    QTest::newRow("setting") << QStringLiteral("CONNECT_TIMEOUT") << false << false;
    QTest::newRow("failed constant") << QStringLiteral("CERTIFICATE_VERIFY_FAILED") << true << true;
    QTest::newRow("one letter constant") << QStringLiteral("E_FAILED") << true << true;
    QTest::newRow("command") << QStringLiteral("lsof -i :3000") << false << false;
    QTest::newRow("err!") << QStringLiteral("npm ERR! code ELIFECYCLE") << true << true;
    QTest::newRow("words") << QStringLiteral("Unable to connect: unauthorised") << false << true;
}

void TestStructureVocabulary::errorShapes()
{
    QFETCH(QString, text);
    QFETCH(bool, shape);
    QFETCH(bool, error);
    QCOMPARE(StructureVocabulary::hasErrorShape(text), shape);
    QCOMPARE(hasErrorShapePattern(text), shape);
    QCOMPARE(StructureVocabulary::readsAsError(text), error);
    QCOMPARE(readsAsErrorPattern(text), error);
}

void TestStructureVocabulary::generatedErrorsAgreeWithThePatterns()
{
    // Fixed seed; a failure names the text.
    QRandomGenerator random(20261125);
    int shapes = 0;
    int errors = 0;
    for (int round = 0; round < 40000; ++round) {
        const QString text = generatedText(random);
        const QByteArray named = "text \"" + text.toUtf8() + '"';
        QVERIFY2(StructureVocabulary::hasErrorShape(text) == hasErrorShapePattern(text), named.constData());
        QVERIFY2(StructureVocabulary::readsAsError(text) == readsAsErrorPattern(text), named.constData());
        shapes += hasErrorShapePattern(text);
        errors += readsAsErrorPattern(text);
    }
    QVERIFY2(shapes > 4000 && shapes < 36000, qPrintable(QString::number(shapes)));
    QVERIFY2(errors > 4000 && errors < 36000, qPrintable(QString::number(errors)));
}

QTEST_GUILESS_MAIN(TestStructureVocabulary)
#include "TestStructureVocabulary.moc"
