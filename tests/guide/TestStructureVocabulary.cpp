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

QTEST_GUILESS_MAIN(TestStructureVocabulary)
#include "TestStructureVocabulary.moc"
