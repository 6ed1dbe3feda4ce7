#include "StructureVocabulary.h"

#include <QHash>

#include <cstring>
#include <QSet>
#include <QRegularExpression>

namespace triage {

namespace {

struct PartWord {
    NodeKind kind;
    bool plural;
};

const QHash<QString, PartWord> &partWords()
{
    static const QHash<QString, PartWord> words{
        {QStringLiteral("symptom"), {NodeKind::Symptom, false}},
        {QStringLiteral("symptoms"), {NodeKind::Symptom, true}},
        {QStringLiteral("problem"), {NodeKind::Symptom, false}},
        {QStringLiteral("problems"), {NodeKind::Symptom, true}},
        {QStringLiteral("error"), {NodeKind::Symptom, false}},
        {QStringLiteral("errors"), {NodeKind::Symptom, true}},
        {QStringLiteral("error message"), {NodeKind::Symptom, false}},
        {QStringLiteral("signs"), {NodeKind::Symptom, true}},
        {QStringLiteral("what you see"), {NodeKind::Symptom, true}},
        {QStringLiteral("observed behavior"), {NodeKind::Symptom, false}},
        {QStringLiteral("observed behaviour"), {NodeKind::Symptom, false}},
        {QStringLiteral("diagnosis"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("diagnostics"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("diagnose"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("investigation"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("how to diagnose"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("how to check"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("how to verify"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("verification"), {NodeKind::Diagnosis, false}},
        {QStringLiteral("solution"), {NodeKind::Solution, false}},
        {QStringLiteral("solutions"), {NodeKind::Solution, true}},
        {QStringLiteral("fix"), {NodeKind::Solution, false}},
        {QStringLiteral("fixes"), {NodeKind::Solution, true}},
        {QStringLiteral("resolution"), {NodeKind::Solution, false}},
        {QStringLiteral("workaround"), {NodeKind::Solution, false}},
        {QStringLiteral("workarounds"), {NodeKind::Solution, true}},
        {QStringLiteral("remedy"), {NodeKind::Solution, false}},
        {QStringLiteral("how to fix"), {NodeKind::Solution, false}},
        {QStringLiteral("possible solutions"), {NodeKind::Solution, true}},
        {QStringLiteral("quick fix"), {NodeKind::Solution, false}},
        {QStringLiteral("root cause"), {NodeKind::Cause, false}},
        {QStringLiteral("root causes"), {NodeKind::Cause, false}},
        {QStringLiteral("cause"), {NodeKind::Cause, false}},
        {QStringLiteral("causes"), {NodeKind::Cause, false}},
        {QStringLiteral("likely cause"), {NodeKind::Cause, false}},
        {QStringLiteral("possible causes"), {NodeKind::Cause, false}},
        {QStringLiteral("reason"), {NodeKind::Cause, false}},
        {QStringLiteral("why"), {NodeKind::Cause, false}},
        {QStringLiteral("impact"), {NodeKind::Info, false}},
        {QStringLiteral("prevention"), {NodeKind::Info, false}},
        {QStringLiteral("lessons learned"), {NodeKind::Info, false}},
        {QStringLiteral("notes"), {NodeKind::Info, false}},
    };
    return words;
}

} // namespace

StructureVocabulary::PartLabel StructureVocabulary::partLabel(const QString &text)
{
    PartLabel label;
    QStringView t = QStringView(text).trimmed();
    while (!t.isEmpty() && (t.endsWith(QLatin1Char(':')) || t.endsWith(QLatin1Char('.'))))
        t.chop(1);
    t = t.trimmed();
    if (t.isEmpty() || t.size() > 40)
        return label;
    // "Solution 2", "Solution #2"
    qsizetype digits = t.size();
    while (digits > 0 && t.at(digits - 1).isDigit())
        --digits;
    if (digits < t.size() && digits > 0) {
        label.number = t.mid(digits).toInt();
        t = t.left(digits).trimmed();
        if (t.endsWith(QLatin1Char('#')))
            t = t.chopped(1).trimmed();
    }
    // Every part word is short and starts with one of these letters; most labels are not parts.
    if (t.size() < 3 || t.size() > 20 || !QStringView(u"sSpPeEdDiIhHvVfFrRwWcClLnNqQoO").contains(t.front()))
        return label;
    const auto it = partWords().constFind(t.toString().toLower());
    if (it == partWords().cend())
        return label;
    label.valid = true;
    label.kind = it->kind;
    label.plural = it->plural && label.number == 0;
    return label;
}

bool StructureVocabulary::explicitKind(const QString &heading, NodeKind *kind, QString *title)
{
    struct Prefix {
        QLatin1StringView word;
        NodeKind kind;
    };
    static const Prefix prefixes[] = {
        {QLatin1StringView("issue"), NodeKind::Issue},       {QLatin1StringView("problem"), NodeKind::Issue},
        {QLatin1StringView("symptom"), NodeKind::Symptom},   {QLatin1StringView("diagnosis"), NodeKind::Diagnosis},
        {QLatin1StringView("check"), NodeKind::Check},       {QLatin1StringView("question"), NodeKind::Question},
        {QLatin1StringView("solution"), NodeKind::Solution}, {QLatin1StringView("fix"), NodeKind::Solution},
        {QLatin1StringView("root cause"), NodeKind::Cause},  {QLatin1StringView("cause"), NodeKind::Cause},
        {QLatin1StringView("outcome"), NodeKind::Outcome},   {QLatin1StringView("result"), NodeKind::Outcome},
        {QLatin1StringView("info"), NodeKind::Info},         {QLatin1StringView("note"), NodeKind::Info},
    };
    const QStringView h = QStringView(heading).trimmed();
    for (const Prefix &p : prefixes) {
        if (!h.startsWith(p.word, Qt::CaseInsensitive))
            continue;
        // "Solution 2: …", "Issue – …": an optional number, then a colon or a dash.
        qsizetype i = p.word.size();
        while (i < h.size() && (h.at(i).isSpace() || h.at(i).isDigit()))
            ++i;
        if (i >= h.size() || (h.at(i) != QLatin1Char(':') && h.at(i) != QChar(0x2013) && h.at(i) != QChar(0x2014)))
            continue;
        const QStringView rest = h.mid(i + 1).trimmed();
        if (rest.isEmpty())
            continue;
        *kind = p.kind;
        *title = rest.toString();
        return true;
    }
    return false;
}

bool StructureVocabulary::isDiagnosisHeading(const QString &text)
{
    const QStringView t(text);
    for (const char *word : {"diagnos", "debugging", "health check", "health-check", "healthcheck", "troubleshooting steps",
                             "verif", "inspect"}) {
        if (t.contains(QLatin1StringView(word), Qt::CaseInsensitive))
            return true;
    }
    // "check" or "checks" as a whole word ("System Resources Check"), not "checklist".
    for (qsizetype i = t.indexOf(QLatin1String("check"), 0, Qt::CaseInsensitive); i >= 0;
         i = t.indexOf(QLatin1String("check"), i + 1, Qt::CaseInsensitive)) {
        qsizetype end = i + 5;
        if (end < t.size() && (t.at(end) == QLatin1Char('s') || t.at(end) == QLatin1Char('S')))
            ++end;
        const bool startsWord = i == 0 || !t.at(i - 1).isLetterOrNumber();
        const bool endsWord = end >= t.size() || !t.at(end).isLetterOrNumber();
        if (startsWord && endsWord)
            return true;
    }
    return false;
}

bool StructureVocabulary::isCheckingAdvice(const QString &text)
{
    // The first word, or the first two for "make sure", "double check", "see if".
    static const QSet<QString> verbs{
        QStringLiteral("verify"),  QStringLiteral("check"),    QStringLiteral("confirm"),  QStringLiteral("ensure"),
        QStringLiteral("inspect"), QStringLiteral("view"),     QStringLiteral("validate"), QStringLiteral("decode"),
        QStringLiteral("look"),    QStringLiteral("monitor"),  QStringLiteral("test"),     QStringLiteral("review"),
        QStringLiteral("examine"), QStringLiteral("compare"),  QStringLiteral("watch"),    QStringLiteral("search"),
        QStringLiteral("find"),    QStringLiteral("list"),     QStringLiteral("print"),    QStringLiteral("query"),
        QStringLiteral("measure"), QStringLiteral("observe"),  QStringLiteral("determine"), QStringLiteral("identify"),
        QStringLiteral("is"),      QStringLiteral("are"),      QStringLiteral("does"),     QStringLiteral("do"),
        QStringLiteral("double-check"),
    };
    const QStringView t = QStringView(text).trimmed();
    qsizetype end = 0;
    while (end < t.size() && (t.at(end).isLetter() || t.at(end) == QLatin1Char('-')))
        ++end;
    if (end == 0)
        return false;
    const QString first = t.left(end).toString().toLower();
    if (verbs.contains(first))
        return true;
    const QStringView rest = t.mid(end).trimmed();
    return (first == QLatin1String("make") && rest.startsWith(QLatin1String("sure"), Qt::CaseInsensitive))
           || (first == QLatin1String("double") && rest.startsWith(QLatin1String("check"), Qt::CaseInsensitive))
           || (first == QLatin1String("see") && rest.startsWith(QLatin1String("if"), Qt::CaseInsensitive));
}

bool StructureVocabulary::namesProblem(const QString &heading)
{
    static const QRegularExpression words(QStringLiteral(
        "error|issue|problem|pitfall|fail|crash|broken|not work|can'?t|cannot|troubleshoot|bug|slow|timeout|refused"
        "|\\bdown\\b|leak|exhaust|denied|unavailable"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(heading).hasMatch();
}

bool StructureVocabulary::readsAsAdvice(const QString &text)
{
    // Count words made of lower-case letters (with trailing punctuation): prose has them,
    // lists of product names do not.
    int lowercaseWords = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && lowercaseWords < 2) {
        while (i < n && text.at(i).isSpace())
            ++i;
        const qsizetype start = i;
        while (i < n && text.at(i).isLower() && text.at(i).unicode() < 0x80)
            ++i;
        const qsizetype letters = i - start;
        while (i < n && std::strchr(".,;:!?)", text.at(i).toLatin1()) != nullptr && text.at(i).unicode() < 0x80
               && text.at(i).unicode() != 0)
            ++i;
        const bool wordEnds = i >= n || text.at(i).isSpace();
        if (letters > 0 && wordEnds)
            ++lowercaseWords;
        while (i < n && !text.at(i).isSpace())
            ++i;
    }
    return lowercaseWords >= 2;
}

QString StructureVocabulary::stripNumbering(const QString &title)
{
    // "1. Foo", "2.3) Foo"
    const QStringView t = QStringView(title).trimmed();
    qsizetype i = 0;
    while (i < t.size() && (t.at(i).isDigit() || (i > 0 && t.at(i) == QLatin1Char('.') && i + 1 < t.size() && t.at(i + 1).isDigit())))
        ++i;
    if (i > 0 && i + 1 < t.size() && (t.at(i) == QLatin1Char('.') || t.at(i) == QLatin1Char(')')) && t.at(i + 1).isSpace())
        return t.mid(i + 1).trimmed().toString();
    return t.toString();
}

StructureVocabulary::Column StructureVocabulary::tableColumn(const QString &header)
{
    const QString h = header.trimmed().toLower();
    static const QRegularExpression error(QStringLiteral("\\b(error|message|symptom|exception|code|status)"));
    static const QRegularExpression cause(QStringLiteral("\\b(cause|reason|why|meaning)"));
    static const QRegularExpression solution(QStringLiteral("\\b(solution|fix|resolution|action|remedy|what to do|workaround)"));
    if (solution.match(h).hasMatch())
        return Column::Solution;
    if (cause.match(h).hasMatch())
        return Column::Cause;
    if (error.match(h).hasMatch())
        return Column::Error;
    return Column::Other;
}

} // namespace triage
