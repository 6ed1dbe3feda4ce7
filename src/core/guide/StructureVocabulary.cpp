#include "StructureVocabulary.h"

#include <QRegularExpression>

namespace triage {

StructureVocabulary::PartLabel StructureVocabulary::partLabel(const QString &text)
{
    static const QRegularExpression numbered(QStringLiteral("^(.*?)\\s*(?:#\\s*)?(\\d+)$"));
    QString t = text.trimmed();
    while (t.endsWith(QLatin1Char(':')) || t.endsWith(QLatin1Char('.')))
        t.chop(1);
    t = t.trimmed().toLower();
    PartLabel label;
    if (t.isEmpty() || t.size() > 40)
        return label;
    const auto m = numbered.match(t);
    if (m.hasMatch() && !m.captured(1).isEmpty()) {
        label.number = m.captured(2).toInt();
        t = m.captured(1).trimmed();
    }
    struct Word {
        const char *text;
        NodeKind kind;
        bool plural;
    };
    static const Word words[] = {
        {"symptom", NodeKind::Symptom, false},        {"symptoms", NodeKind::Symptom, true},
        {"problem", NodeKind::Symptom, false},        {"problems", NodeKind::Symptom, true},
        {"error", NodeKind::Symptom, false},          {"errors", NodeKind::Symptom, true},
        {"error message", NodeKind::Symptom, false},  {"signs", NodeKind::Symptom, true},
        {"what you see", NodeKind::Symptom, true},    {"observed behavior", NodeKind::Symptom, false},
        {"observed behaviour", NodeKind::Symptom, false},
        {"diagnosis", NodeKind::Diagnosis, false},    {"diagnostics", NodeKind::Diagnosis, false},
        {"diagnose", NodeKind::Diagnosis, false},     {"investigation", NodeKind::Diagnosis, false},
        {"how to diagnose", NodeKind::Diagnosis, false}, {"how to check", NodeKind::Diagnosis, false},
        {"how to verify", NodeKind::Diagnosis, false}, {"verification", NodeKind::Diagnosis, false},
        {"solution", NodeKind::Solution, false},      {"solutions", NodeKind::Solution, true},
        {"fix", NodeKind::Solution, false},           {"fixes", NodeKind::Solution, true},
        {"resolution", NodeKind::Solution, false},    {"workaround", NodeKind::Solution, false},
        {"workarounds", NodeKind::Solution, true},    {"remedy", NodeKind::Solution, false},
        {"how to fix", NodeKind::Solution, false},    {"possible solutions", NodeKind::Solution, true},
        {"quick fix", NodeKind::Solution, false},
        {"root cause", NodeKind::Cause, false},       {"root causes", NodeKind::Cause, false},
        {"cause", NodeKind::Cause, false},            {"causes", NodeKind::Cause, false},
        {"likely cause", NodeKind::Cause, false},     {"possible causes", NodeKind::Cause, false},
        {"reason", NodeKind::Cause, false},           {"why", NodeKind::Cause, false},
        {"impact", NodeKind::Info, false},            {"prevention", NodeKind::Info, false},
        {"lessons learned", NodeKind::Info, false},   {"notes", NodeKind::Info, false},
    };
    for (const Word &w : words) {
        if (t == QLatin1String(w.text)) {
            label.valid = true;
            label.kind = w.kind;
            label.plural = w.plural && label.number == 0;
            return label;
        }
    }
    return label;
}

bool StructureVocabulary::explicitKind(const QString &heading, NodeKind *kind, QString *title)
{
    static const QRegularExpression prefix(QStringLiteral(
        "^\\s*(issue|problem|symptom|diagnosis|check|question|solution|fix|root cause|cause|outcome|result|info|note)"
        "\\s*(?:\\d+\\s*)?[:\\x{2013}\\x{2014}]\\s*(.+)$"),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = prefix.match(heading);
    if (!m.hasMatch())
        return false;
    const QString word = m.captured(1).toLower();
    if (word == QLatin1String("issue") || word == QLatin1String("problem"))
        *kind = NodeKind::Issue;
    else if (word == QLatin1String("fix"))
        *kind = NodeKind::Solution;
    else if (word == QLatin1String("root cause"))
        *kind = NodeKind::Cause;
    else if (word == QLatin1String("result"))
        *kind = NodeKind::Outcome;
    else if (word == QLatin1String("note"))
        *kind = NodeKind::Info;
    else
        nodeKindFromName(word, kind);
    *title = m.captured(2).trimmed();
    return true;
}

bool StructureVocabulary::isDiagnosisHeading(const QString &text)
{
    static const QRegularExpression words(QStringLiteral(
        "diagnos|debugging|health[- ]?checks?|troubleshooting steps|\\bchecks?\\b|\\bverif|\\binspect"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(text).hasMatch();
}

bool StructureVocabulary::isCheckingAdvice(const QString &text)
{
    static const QRegularExpression verbs(QStringLiteral(
        "^\\s*(verify|check|confirm|ensure|make sure|inspect|view|validate|double[- ]check|decode|look|monitor|test|"
        "review|examine|compare|watch|search|find|list|print|query|measure|observe|determine|identify|see if|"
        "is|are|does|do)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return verbs.match(text).hasMatch();
}

bool StructureVocabulary::readsAsAdvice(const QString &text)
{
    static const QRegularExpression proseWord(QStringLiteral("^[a-z]+[.,;:!?)]*$"));
    int lowercaseWords = 0;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (proseWord.match(word).hasMatch())
            ++lowercaseWords;
    }
    return lowercaseWords >= 2;
}

QString StructureVocabulary::stripNumbering(const QString &title)
{
    static const QRegularExpression numbering(QStringLiteral("^\\s*\\d+(?:\\.\\d+)*[.)]\\s+"));
    QString t = title;
    t.remove(numbering);
    return t.trimmed();
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
