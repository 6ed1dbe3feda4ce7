#include "MarkdownEscape.h"

#include <algorithm>

namespace triage::markdown {

QString escapedText(QStringView text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u > 0x20 && u < 0x7F && !c.isLetterOrNumber())
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString escapedInline(QStringView text)
{
    static constexpr QStringView special = u"\\`*_[]!|<>~#&";
    const QString t = text.toString().simplified();
    QString out;
    out.reserve(t.size() + 8);
    for (const QChar c : t) {
        if (special.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

namespace {

// The longest run of backticks in the text: a fence must be longer.
qsizetype longestBacktickRun(QStringView text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

} // namespace

QString codeSpan(QStringView text, bool inTable)
{
    QString t = text.toString().simplified();
    if (inTable)
        t.replace(QLatin1Char('|'), QLatin1String("\\|"));
    const qsizetype longest = longestBacktickRun(t);
    const QString fence(longest + 1, QLatin1Char('`'));
    // A text with backticks is padded, so that one at either end does not join the fence;
    // CommonMark strips one space from each end of a span that has both.
    return longest == 0 ? QString(fence + t + fence) : QString(fence + QLatin1Char(' ') + t + QLatin1Char(' ') + fence);
}

QString codeBlock(QStringView text, QStringView language)
{
    const QString fence(std::max<qsizetype>(3, longestBacktickRun(text) + 1), QLatin1Char('`'));
    QString block = fence + language + QLatin1Char('\n') + text;
    if (!text.endsWith(QLatin1Char('\n')))
        block += QLatin1Char('\n');
    return block + fence + QStringLiteral("\n\n");
}

} // namespace triage::markdown
