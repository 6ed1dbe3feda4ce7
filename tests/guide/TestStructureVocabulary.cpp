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
    void namesProblem_data();
    void namesProblem();
    void tableColumn_data();
    void tableColumn();
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
        "|slow|crash(es|ed|ing)?|hang(s|ing)?|freez(es|ing)|refused|denied|time(s|d) out|broken|missing|stuck"
        "|leak(s|ing)?|out of|too many|unavailable|(is|are|goes|went|go) down|not found|unreachable|exhausted"
        "|keeps? restarting)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(heading).hasMatch();
}

bool namesProblemPattern(const QString &heading)
{
    static const QRegularExpression words(QStringLiteral(
        "error|issue|problem|pitfall|fail|crash|broken|not work|can'?t|cannot|troubleshoot|bug|slow|timeout|refused"
        "|\\bdown\\b|leak|exhaust|denied|unavailable"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(heading).hasMatch();
}

StructureVocabulary::Column tableColumnPattern(const QString &header)
{
    const QString h = header.trimmed().toLower();
    static const QRegularExpression error(QStringLiteral("\\b(error|message|symptom|exception|code|status)"));
    static const QRegularExpression cause(QStringLiteral("\\b(cause|reason|why|meaning)"));
    static const QRegularExpression solution(QStringLiteral("\\b(solution|fix|resolution|action|remedy|what to do|workaround)"));
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
        "|does not exist|not allowed|unknown|unreachable|err!?)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return hasErrorShapePattern(text) || words.match(text).hasMatch();
}

} // namespace

void TestStructureVocabulary::describesFailure_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<bool>("failure");
    QTest::newRow("fails") << QStringLiteral("Build fails on CI") << true;
    QTest::newRow("slow") << QStringLiteral("Tests are SLOW") << true;
    QTest::newRow("hangs") << QStringLiteral("Login page hangs") << true;
    QTest::newRow("contraction") << QStringLiteral("Server doesn't start") << true;
    QTest::newRow("no apostrophe") << QStringLiteral("Server doesnt start") << true;
    QTest::newRow("curly apostrophe") << QStringLiteral("Server doesn\u2019t start") << false;
    QTest::newRow("times out") << QStringLiteral("Request times out") << true;
    QTest::newRow("goes down") << QStringLiteral("Redis goes down at night") << true;
    QTest::newRow("keeps restarting") << QStringLiteral("Pod keeps restarting") << true;
    QTest::newRow("topic") << QStringLiteral("Error handling in the API") << false;
    QTest::newRow("inside a word") << QStringLiteral("Failover setup") << false;
    QTest::newRow("underscore joins") << QStringLiteral("slow_query_log") << false;
    QTest::newRow("accent is a boundary") << QStringLiteral("éfailé") << true;
    QTest::newRow("freeze alone") << QStringLiteral("Screen freeze") << false;
    QTest::newRow("two spaces") << QStringLiteral("It does  not start") << false;
}

void TestStructureVocabulary::describesFailure()
{
    QFETCH(QString, heading);
    QFETCH(bool, failure);
    QCOMPARE(StructureVocabulary::describesFailure(heading), failure);
    QCOMPARE(describesFailurePattern(heading), failure);
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

void TestStructureVocabulary::tableColumn_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("column");
    using C = StructureVocabulary::Column;
    QTest::newRow("error message") << QStringLiteral(" Error Message ") << int(C::Error);
    QTest::newRow("likely cause") << QStringLiteral("Likely cause") << int(C::Cause);
    QTest::newRow("fix") << QStringLiteral("Fix") << int(C::Solution);
    QTest::newRow("what to do") << QStringLiteral("What to do") << int(C::Solution);
    QTest::newRow("solution wins") << QStringLiteral("Error / Solution") << int(C::Solution);
    QTest::newRow("prefix only") << QStringLiteral("Statuses") << int(C::Error);
    QTest::newRow("not at a word start") << QStringLiteral("Barcode") << int(C::Other);
    QTest::newRow("other") << QStringLiteral("Notes") << int(C::Other);
    // Lower-cased as Unicode: the Kelvin sign becomes an ASCII k, the dotted I an i.
    QTest::newRow("accented") << QStringLiteral("Raison d\u2019être") << int(C::Other);
}

void TestStructureVocabulary::tableColumn()
{
    QFETCH(QString, header);
    QFETCH(int, column);
    QCOMPARE(int(StructureVocabulary::tableColumn(header)), column);
    QCOMPARE(int(tableColumnPattern(header)), column);
}

void TestStructureVocabulary::generatedHeadingsAgreeWithThePatterns()
{
    // Headings assembled from the phrases, pieces of them, suffixes, and what may stand next to
    // them: spaces, punctuation, digits, underscores, apostrophes straight and curly, accented
    // letters, emoji, in any case. Fixed seed: a failure names the heading.
    const QStringList pieces = {
        QStringLiteral("fail"), QStringLiteral("failed"), QStringLiteral("failing"), QStringLiteral("not work"),
        QStringLiteral("working"), QStringLiteral("doesn't"), QStringLiteral("don"), QStringLiteral("isn"),
        QStringLiteral("are"), QStringLiteral("n't"), QStringLiteral("nt"), QStringLiteral("does not"),
        QStringLiteral("can't"), QStringLiteral("cannot"), QStringLiteral("won"), QStringLiteral("slow"),
        QStringLiteral("crash"), QStringLiteral("es"), QStringLiteral("ed"), QStringLiteral("ing"), QStringLiteral("hang"),
        QStringLiteral("freez"), QStringLiteral("refused"), QStringLiteral("denied"), QStringLiteral("time"),
        QStringLiteral("timed out"), QStringLiteral("times"), QStringLiteral(" out"), QStringLiteral("broken"),
        QStringLiteral("missing"), QStringLiteral("stuck"), QStringLiteral("leak"), QStringLiteral("out of"),
        QStringLiteral("too many"), QStringLiteral("unavailable"), QStringLiteral("goes"), QStringLiteral("went"),
        QStringLiteral(" down"), QStringLiteral("down"), QStringLiteral("not found"), QStringLiteral("unreachable"),
        QStringLiteral("exhausted"), QStringLiteral("keep"), QStringLiteral("s restarting"), QStringLiteral("error"),
        QStringLiteral("issue"), QStringLiteral("problem"), QStringLiteral("pitfall"), QStringLiteral("troubleshoot"),
        QStringLiteral("bug"), QStringLiteral("timeout"), QStringLiteral("exhaust"), QStringLiteral("message"),
        QStringLiteral("symptom"), QStringLiteral("exception"), QStringLiteral("code"), QStringLiteral("status"),
        QStringLiteral("cause"), QStringLiteral("reason"), QStringLiteral("why"), QStringLiteral("meaning"),
        QStringLiteral("solution"), QStringLiteral("fix"), QStringLiteral("resolution"), QStringLiteral("action"),
        QStringLiteral("remedy"), QStringLiteral("what to do"), QStringLiteral("workaround"), QStringLiteral("s"),
        QStringLiteral("un"), QStringLiteral("x"), QStringLiteral("1"), QStringLiteral("_"), QStringLiteral(" "),
        QStringLiteral("  "), QStringLiteral("-"), QStringLiteral("'"), QStringLiteral("\u2019"), QStringLiteral("."),
        QStringLiteral(":"), QStringLiteral("é"), QStringLiteral("Ä"), QStringLiteral("\u00a0"), QStringLiteral("🔴"),
        QStringLiteral("\t"),
    };
    QRandomGenerator random(20261124);
    int failures = 0;
    int problems = 0;
    int columns = 0;
    for (int round = 0; round < 20000; ++round) {
        QString heading;
        const int count = 1 + int(random.bounded(5));
        for (int i = 0; i < count; ++i) {
            QString piece = pieces.at(random.bounded(int(pieces.size())));
            switch (random.bounded(4)) {
            case 0:
                piece = piece.toUpper();
                break;
            case 1:
                if (!piece.isEmpty())
                    piece[0] = piece.at(0).toUpper();
                break;
            default:
                break;
            }
            heading += piece;
        }
        const QByteArray named = "heading \"" + heading.toUtf8() + '"';
        QVERIFY2(StructureVocabulary::describesFailure(heading) == describesFailurePattern(heading), named.constData());
        QVERIFY2(StructureVocabulary::namesProblem(heading) == namesProblemPattern(heading), named.constData());
        QVERIFY2(StructureVocabulary::tableColumn(heading) == tableColumnPattern(heading), named.constData());
        failures += describesFailurePattern(heading);
        problems += namesProblemPattern(heading);
        columns += tableColumnPattern(heading) != StructureVocabulary::Column::Other;
    }
    // The generator must produce both answers often, or the comparison proves little.
    QVERIFY2(failures > 2000 && failures < 18000, qPrintable(QString::number(failures)));
    QVERIFY2(problems > 2000 && problems < 18000, qPrintable(QString::number(problems)));
    QVERIFY2(columns > 2000 && columns < 18000, qPrintable(QString::number(columns)));
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
    // Messages assembled from errno stems and names, exception words, statuses, constants,
    // error words, and what may stand around them. Fixed seed; a failure names the text.
    const QStringList pieces = {
        QStringLiteral("E"), QStringLiteral("NO"), QStringLiteral("ENT"), QStringLiteral("CONN"), QStringLiteral("RESET"),
        QStringLiteral("ADDR"), QStringLiteral("INUSE"), QStringLiteral("ACCES"), QStringLiteral("S"), QStringLiteral("AI_"),
        QStringLiteral("AGAIN"), QStringLiteral("PIPE"), QStringLiteral("NAMETOOLONG"), QStringLiteral("LIFECYCLE"),
        QStringLiteral("ERR"), QStringLiteral("ER"), QStringLiteral("R"), QStringLiteral("_"), QStringLiteral("CONNECTION"),
        QStringLiteral("Type"), QStringLiteral("Error"), QStringLiteral("Exception"), QStringLiteral("SQL"), QStringLiteral("x"),
        QStringLiteral("502"), QStringLiteral("404"), QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("00"),
        QStringLiteral(" Bad"), QStringLiteral(" B"), QStringLiteral("Gateway"), QStringLiteral("FAILED"), QStringLiteral("FAILURE"),
        QStringLiteral("TIMED_OUT"), QStringLiteral("NOT_FOUND"), QStringLiteral("TIMEOUT"), QStringLiteral("error"),
        QStringLiteral("fail"), QStringLiteral("ure"), QStringLiteral("timed out"), QStringLiteral("time out"),
        QStringLiteral("timeout"), QStringLiteral("no such"), QStringLiteral("can't"), QStringLiteral("unable to"),
        QStringLiteral("unauthori"), QStringLiteral("zed"), QStringLiteral("sed"), QStringLiteral("already in use"),
        QStringLiteral("segmentation fault"), QStringLiteral("err"), QStringLiteral("!"), QStringLiteral("unknown"),
        QStringLiteral("1"), QStringLiteral(" "), QStringLiteral(":"), QStringLiteral("."), QStringLiteral("-"),
        QStringLiteral("é"), QStringLiteral("\u2019"), QStringLiteral("🔴"),
    };
    QRandomGenerator random(20261124);
    int shapes = 0;
    int errors = 0;
    for (int round = 0; round < 20000; ++round) {
        // Half start the way a shape does, so that both answers come often.
        static const QStringList starts = {QStringLiteral("E"), QStringLiteral("ERR_"), QStringLiteral("ER_"), QStringLiteral("X_"),
                                           QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("a")};
        QString text = random.bounded(2) == 0 ? starts.at(random.bounded(int(starts.size()))) : QString();
        const int count = 1 + int(random.bounded(4));
        for (int i = 0; i < count; ++i) {
            QString piece = pieces.at(random.bounded(int(pieces.size())));
            if (random.bounded(5) == 0)
                piece = piece.toLower();
            else if (random.bounded(5) == 0)
                piece = piece.toUpper();
            text += piece;
        }
        const QByteArray named = "text \"" + text.toUtf8() + '"';
        QVERIFY2(StructureVocabulary::hasErrorShape(text) == hasErrorShapePattern(text), named.constData());
        QVERIFY2(StructureVocabulary::readsAsError(text) == readsAsErrorPattern(text), named.constData());
        shapes += hasErrorShapePattern(text);
        errors += readsAsErrorPattern(text);
    }
    QVERIFY2(shapes > 1000 && shapes < 18000, qPrintable(QString::number(shapes)));
    QVERIFY2(errors > 2000 && errors < 18000, qPrintable(QString::number(errors)));
}

QTEST_GUILESS_MAIN(TestStructureVocabulary)
#include "TestStructureVocabulary.moc"
