#include "StructureReader.h"

#include "checks/CheckCatalog.h"
#include "checks/CheckOutcome.h"
#include "checks/CommandRecognizer.h"
#include "markdown/AsciiFold.h"
#include "markdown/MarkdownEscape.h"
#include "markdown/YamlMapping.h"
#include "secrets/SecretRedaction.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QUrl>
#include <QVarLengthArray>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>

namespace triage {

namespace {

// "Fix DNS", "Repair the index": a step that says it fixes, without saying how.
bool namesFix(QStringView words)
{
    static constexpr std::string_view verbs[] = {"fix", "repair", "resolve", "solve", "mitigate", "recover"};
    const AsciiFold<12> start(words);
    const std::string_view t = start.view();
    return std::any_of(std::begin(verbs), std::end(verbs), [&](std::string_view w) {
        return t.starts_with(w) && (t.size() == w.size() || !isAsciiWordChar(t[w.size()]));
    });
}

// Whether a sentence opens with the answer it is for: "If …", "When …", "Otherwise …", "No: …".
bool opensWithCondition(QStringView sentence)
{
    static constexpr std::string_view words[] = {"if", "when", "whenever", "once", "unless", "otherwise", "else", "yes", "no", "in case"};
    const AsciiFold<12> start(sentence.trimmed());
    const std::string_view t = start.view();
    return std::any_of(std::begin(words), std::end(words), [&](std::string_view w) {
        return t.starts_with(w) && (t.size() == w.size() || !isAsciiWordChar(t[w.size()]));
    });
}

// The answer a sentence opens with ("If you see `…`", "Otherwise", "`OOMKilled`" before an
// arrow), and in `rest` what it says then; empty when it opens with none.
QStringView givenAnswer(QStringView sentence, QStringView *rest)
{
    const QStringView condition = StructureVocabulary::answerCondition(sentence);
    if (condition.isEmpty())
        return {};
    QStringView after = sentence.sliced(condition.data() - sentence.data() + condition.size()).trimmed();
    const qsizetype arrow = StructureVocabulary::arrowWidth(after);
    if (arrow == 0 && !opensWithCondition(sentence))
        return {};
    after = after.sliced(arrow);
    while (!after.isEmpty() && (after.front() == QLatin1Char(',') || after.front() == QLatin1Char(':') || after.front().isSpace()))
        after = after.sliced(1);
    *rest = after;
    return condition;
}

// Where a list item's text starts on its first line: after its indent, its marker ("-", "*",
// "12." or "3)") and the spaces after it.
qsizetype listMarkerEnd(QStringView line)
{
    qsizetype k = 0;
    while (k < line.size() && line.at(k) == QLatin1Char(' '))
        ++k;
    while (k < line.size() && (line.at(k).isDigit() || QStringView(u"-*+.)").contains(line.at(k))))
        ++k;
    while (k < line.size() && line.at(k) == QLatin1Char(' '))
        ++k;
    return k;
}

// The same characters of `source` as `view` is of `masked`, a copy of it at the same offsets
// (proseOnly()).
QStringView sameIn(QStringView source, QStringView masked, QStringView view)
{
    return source.sliced(view.data() - masked.data(), view.size());
}

// The source line of a position in an HTML block's text, counted on from the last position
// asked for: tags come in document order, and one block may hold thousands.
struct LineCounter {
    QStringView text;
    int line;
    qsizetype counted = 0;
    int operator()(qsizetype at)
    {
        line += int(text.mid(counted, at - counted).count(QLatin1Char('\n')));
        counted = at;
        return line;
    }
};

bool isContainedPart(NodeKind kind)
{
    return kind == NodeKind::Symptom || kind == NodeKind::Cause;
}

// An id's numbered suffix ("-2", "/check-3") in `buffer`: std::to_chars, as snprintf's format
// parsing cost more than building the rest of the id.
QLatin1StringView numberedSuffix(char (&buffer)[24], std::string_view prefix, int number)
{
    std::memcpy(buffer, prefix.data(), prefix.size());
    const char *end = std::to_chars(buffer + prefix.size(), std::end(buffer), number).ptr;
    return QLatin1StringView(buffer, end - buffer);
}

bool runsChecks(NodeKind kind)
{
    return kind == NodeKind::Diagnosis || kind == NodeKind::Check;
}

// A code block that shows output rather than a program or a configuration: no language, or
// one that names text ("text", "log", "output"). An nginx or YAML block is configuration.
bool isOutputBlock(QStringView language)
{
    static constexpr std::string_view output[] = {"text", "txt", "log", "logs", "output", "plaintext", "plain", "stderr", "stdout"};
    const AsciiFold<16> lang(language);
    return language.isEmpty() || (lang.complete() && std::find(std::begin(output), std::end(output), lang.view()) != std::end(output));
}

// Inline code that reads as a command line, not as what a program printed: a pipe, an option
// ("docker logs app | grep -i error", "curl --fail …").
bool looksLikeCommand(QStringView code)
{
    return code.contains(QLatin1String(" | ")) || code.contains(QLatin1String(" -")) || code.startsWith(QLatin1String("$ "));
}

// Whether text quoted in code is an error message. One word in code ("`timeout`") may name a
// setting; a message has more words, or an error's shape ("ECONNRESET").
bool quotesAnError(QStringView code)
{
    return StructureVocabulary::hasErrorShape(code) || (code.contains(QLatin1Char(' ')) && StructureVocabulary::readsAsError(code));
}

// Whether a command that ends at `end` in a block's text is what the sentence is about rather
// than a step to take: "`kubectl logs` shows the current container", "`npm ci` fails when …".
// One written out with its options ("`journalctl -u redis -n 50` shows why") is meant to be run.
bool isSubjectOfSentence(QStringView text, qsizetype end, QStringView command)
{
    if (command.contains(QLatin1String(" -")))
        return false;
    static constexpr std::string_view verbs[] = {"can",    "cannot", "does",  "exits", "expects", "fails",   "gives",  "hangs",
                                                 "is",     "keeps",  "lists", "may",   "might",   "needs",   "only",   "outputs",
                                                 "prints", "reads",  "reports", "returns", "runs", "says", "shows", "succeeds",
                                                 "takes",  "uses",   "was",   "will",  "works",   "writes"};
    qsizetype at = end;
    while (at < text.size() && text.at(at) == QLatin1Char(' '))
        ++at;
    if (at == end)
        return false; // "`x`," or "`x`." ends a clause: an instruction as often as not
    qsizetype stop = at;
    while (stop < text.size() && text.at(stop).isLetter())
        ++stop;
    const AsciiFold<12> word(text.sliced(at, stop - at));
    return word.complete() && std::find(std::begin(verbs), std::end(verbs), word.view()) != std::end(verbs);
}

int editDistance(const QString &a, const QString &b)
{
    QList<int> prev(b.size() + 1), cur(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The scheme QUrl would read from a link ("https" in "https://…"), without building a QUrl:
// the text before the first ':' that comes before any '?' or '#', when it is a letter followed
// by letters, digits, '+', '-' or '.'. Empty when there is none.
QStringView urlScheme(QStringView href)
{
    qsizetype colon = -1;
    for (qsizetype i = 0; i < href.size(); ++i) {
        const char16_t c = href.at(i).unicode();
        if (c == u'#' || c == u'?')
            break;
        if (c == u':') {
            colon = i;
            break;
        }
    }
    if (colon <= 0)
        return {};
    for (qsizetype i = 0; i < colon; ++i) {
        const char16_t c = href.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
        const bool other = (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
        if (!letter && (i == 0 || !other))
            return {};
    }
    return href.left(colon);
}

// The variable a code span names: `DB_HOST`, `$DB_HOST` or `${DB_HOST}` (upper case, three
// characters or more, starting with a letter). Empty for anything else.
QStringView envVariableName(QStringView code)
{
    QStringView name = code;
    if (name.startsWith(QLatin1Char('$')))
        name = name.mid(1);
    if (name.startsWith(QLatin1Char('{')))
        name = name.mid(1);
    if (name.endsWith(QLatin1Char('}')))
        name.chop(1);
    if (name.size() < 3 || name.at(0) < QLatin1Char('A') || name.at(0) > QLatin1Char('Z'))
        return {};
    for (const QChar c : name) {
        if (!((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')))
            return {};
    }
    return name;
}

// Masks in `title` each of `secrets` (what its source line masks) that it holds as a word of its
// own; returns whether there was any. A title loses the line's code spans and HTML code, and
// with them what made a word a value ("The password is `relaydev`") or a command's start ("Log
// in with `sudo consul … -token …`").
bool maskSecretsOfLine(QString *title, const QStringList &secrets)
{
    bool masked = false;
    const auto isWordChar = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-'); };
    for (const QString &secret : secrets) {
        for (qsizetype at = title->indexOf(secret); at >= 0 && !secret.isEmpty(); at = title->indexOf(secret, at + 1)) {
            const qsizetype end = at + secret.size();
            if ((at > 0 && isWordChar(title->at(at - 1))) || (end < title->size() && isWordChar(title->at(end))))
                continue;
            title->replace(at, secret.size(), SecretRedaction::mask());
            masked = true;
        }
    }
    return masked;
}

} // namespace

StructureReader::StructureReader(const QString &path, const MarkdownDocument &doc, bool explicitFormat)
    : m_path(path)
    , m_doc(doc)
    , m_explicit(explicitFormat)
{
}

Guide StructureReader::build()
{
    m_guide.path = m_path;
    m_guide.explicitFormat = m_explicit;
    // Real guides make fewer nodes than half their blocks, and about as many edges as nodes;
    // a guide of many short issues (seed 003) makes up to two thirds. Reserve so that nothing
    // regrows.
    const qsizetype expected = m_doc.blocks().size() / 2 + 8;
    const qsizetype most = m_doc.blocks().size() * 2 / 3 + 8;
    m_guide.nodes.reserve(most);
    m_guide.edges.reserve(most);
    m_ids.reserve(most);
    m_states.reserve(most);
    m_links.reserve(expected / 4);
    m_anchors.reserve(expected / 2);
    m_regions.reserve(expected);
    m_breaks.reserve(expected);

    GuideNode root;
    root.id = QStringLiteral("root");
    root.kind = NodeKind::Root;
    root.location = {m_path, 1, 0};
    m_guide.nodes.append(root);
    m_ids.insert(root.id, 0);
    startRegion(0, 1, 1, false);

    walk(m_doc.childList(0));
    flushPendingTitle();
    endPart();

    if (m_guide.nodes[0].title.isEmpty())
        m_guide.nodes[0].title = m_titleHint;
    resolveSteps();
    resolveKinds();
    addStepSymptoms();
    registerExplicitIds();
    resolveLinks();
    orderAnswers();
    assignBodies();
    labelEdges();
    m_guide.title = m_guide.nodes[0].title;
    for (auto it = m_anchors.cbegin(); it != m_anchors.cend(); ++it)
        m_guide.anchors.insert(it.key(), m_guide.nodes.at(it.value()).id);
    m_guide.source = m_doc.source();
    m_guide.rebuildIndex(std::move(m_ids));
    return std::move(m_guide);
}

// ---------------------------------------------------------------- blocks

void StructureReader::walk(const MarkdownDocument::BlockIndexes &blocks)
{
    for (int index : blocks) {
        const MdBlock &b = m_doc.block(index);
        const bool labelledQuote = b.kind == MdBlockKind::Quote && isLabelledQuote(index);
        // A bold or link paragraph titles an issue only when a part follows it directly.
        if (m_pendingTitle >= 0 && b.kind != MdBlockKind::Paragraph && b.kind != MdBlockKind::List && !labelledQuote)
            flushPendingTitle();
        switch (b.kind) {
        case MdBlockKind::Heading:
            onHeading(b);
            break;
        case MdBlockKind::Paragraph:
            onParagraph(index);
            if (b.inlineHtml && !m_explicit)
                closeInlineFolds(index);
            break;
        case MdBlockKind::List:
            onList(index);
            break;
        case MdBlockKind::Table:
            onTable(index);
            break;
        case MdBlockKind::Code:
            onCode(index);
            break;
        case MdBlockKind::Html:
            if (!m_explicit && (onDetails(b) || onHtml(b)))
                break;
            attachContent(index, contentNode(QString()));
            break;
        case MdBlockKind::Quote:
            if (labelledQuote)
                onLabelledQuote(index);
            else
                attachContent(index, contentNode(QString()));
            break;
        case MdBlockKind::Rule:
            onRule(b);
            break;
        default:
            break;
        }
    }
}

void StructureReader::onHeading(const MdBlock &b)
{
    HeadingText h;
    h.level = b.level;
    h.line = b.firstLine;
    h.regionLine = b.firstLine;
    h.bodyFirst = b.lastLine + 1;
    h.text = m_doc.text(b).trimmed().toString();
    h.block = &b;
    h.blockBefore = int(&b - m_doc.blocks().constData());
    openHeading(h);
}

bool StructureReader::onDetails(const MdBlock &b)
{
    // GitHub folds `<details>` with a `<summary>` line; guides use it for one entry each. The
    // summary titles a node one level below the heading it sits under, and `</details>` closes
    // it. The tags come in any mix within an HTML block, in document order.
    const QStringView html = m_doc.text(b);
    LineCounter lineOf{html, b.firstLine};
    // The next of each tag from a position on (-1: none left), found again only once passed.
    // Positions asked for only grow, so each tag is searched for once over the block.
    static constexpr QLatin1StringView tags[] = {QLatin1StringView("<details"), QLatin1StringView("<summary"),
                                                 QLatin1StringView("</details")};
    enum { Open, Summary, Close };
    qsizetype next[3] = {-2, -2, -2};
    auto nextTag = [&](int k, qsizetype from) {
        if (next[k] != -1 && next[k] < from)
            next[k] = html.indexOf(tags[k], from, Qt::CaseInsensitive);
        return next[k];
    };
    // The line of the block that holds a position: [lineStart, lineEnd), its '\n' at lineEnd.
    // Positions asked for only grow, and a block may be one line of thousands of folds, so
    // both ends are found by searching on from where the last search stopped.
    qsizetype lineStart = 0;
    qsizetype lineEnd = -1;
    auto lineAround = [&](qsizetype from) {
        if (from > lineEnd) {
            const qsizetype newline = html.mid(lineEnd + 1, from - lineEnd - 1).lastIndexOf(QLatin1Char('\n'));
            lineStart = lineEnd + 1 + (newline >= 0 ? newline + 1 : 0);
            lineEnd = html.indexOf(QLatin1Char('\n'), from);
            if (lineEnd < 0)
                lineEnd = html.size();
        }
    };
    // The column in the source of a position on the line lineAround() found last, which is
    // source line `sourceLineNumber`. The block's line is the source line less what holds it (a
    // list's indent, which md4c may give with its tabs as spaces), and without trailing spaces;
    // what lies between is as written. So both are lined up at the end of that text: the
    // position lies as far before it in one as in the other. Found once per line.
    struct LineEnds {
        qsizetype lineEnd = -2; // the block's line they are for
        qsizetype blockTextEnd = 0;
        qsizetype sourceTextEnd = 0;
    } ends;
    auto sourceColumn = [&](int sourceLineNumber, qsizetype position) {
        if (ends.lineEnd != lineEnd) {
            const QStringView sourceLine = m_doc.source().linesView(sourceLineNumber, sourceLineNumber);
            ends = {lineEnd, lineEnd, sourceLine.size()};
            while (ends.blockTextEnd > lineStart && html.at(ends.blockTextEnd - 1).isSpace())
                --ends.blockTextEnd;
            while (ends.sourceTextEnd > 0 && sourceLine.at(ends.sourceTextEnd - 1).isSpace())
                --ends.sourceTextEnd;
        }
        return int(std::clamp<qsizetype>(ends.sourceTextEnd - (ends.blockTextEnd - position), 0, ends.sourceTextEnd));
    };
    // After a fold closes, the node around it goes on from the next line; a later closing tag
    // on the same line decides which node that is (an outer fold may close there too), so the
    // run is added once the tags of the line are read.
    struct Resume {
        int node = -1;
        int line = 0;
        bool afterClose = false;
        qsizetype lineEnd = 0;
    } resume;
    auto resumeNow = [&] {
        if (resume.node >= 0)
            resumeRegion(resume.node, resume.line, resume.afterClose);
        resume.node = -1;
    };
    // HTML comments, met in order: a tag inside one is no tag, as GitHub shows none of it.
    // [commentOpen, commentEnd) is the first comment that does not end before the position
    // last asked about (commentOpen -1: none left); positions asked about only grow.
    qsizetype commentOpen = -2;
    qsizetype commentEnd = 0;
    auto commentEndAround = [&](qsizetype position) -> qsizetype {
        while (commentOpen != -1 && (commentOpen == -2 || commentEnd <= position)) {
            commentOpen = html.indexOf(QLatin1String("<!--"), commentOpen == -2 ? 0 : commentEnd);
            if (commentOpen >= 0) {
                // "<!-->" is a whole comment, as for the HTML block that holds it.
                const qsizetype close = html.indexOf(QLatin1String("-->"), commentOpen + 2);
                commentEnd = close < 0 ? html.size() : close + 3;
            }
        }
        return commentOpen >= 0 && commentOpen <= position && position < commentEnd ? commentEnd : -1;
    };
    qsizetype at = 0;
    qsizetype openedAt = -1; // the `<details>` tag just before, if the last tag read was one
    bool structure = false;
    // Whether a tag is the first of its line, and the text before it there: when the tag opens
    // or closes a fold, that text is no longer part of a run of whole lines.
    qsizetype lastTagLineEnd = -1;
    struct Lead {
        int line = 0;
        int column = 0;    // where the text starts (the line's start)
        int endColumn = 0; // where the tag starts; 0: no text before it
    };
    auto firstOnLine = [&](qsizetype position) {
        lineAround(position);
        const bool first = lastTagLineEnd != lineEnd;
        lastTagLineEnd = lineEnd;
        return first;
    };
    // The text before a tag on its line, if it is the line's first (lineAround() found its line).
    auto leadOf = [&](qsizetype position, bool first) {
        if (!first || html.mid(lineStart, position - lineStart).trimmed().isEmpty())
            return Lead{};
        const int leadLine = lineOf(position);
        return Lead{leadLine, sourceColumn(leadLine, lineStart), sourceColumn(leadLine, position)};
    };
    auto leadBefore = [&](qsizetype position) { return leadOf(position, firstOnLine(position)); };
    Lead openedLead; // the text before the `<details>` tag just before
    for (;;) {
        int tag = -1;
        for (int k = 0; k < 3; ++k) {
            if (nextTag(k, at) >= 0 && (tag < 0 || next[k] < next[tag]))
                tag = k;
        }
        if (tag < 0)
            break;
        const qsizetype pos = next[tag];
        if (const qsizetype end = commentEndAround(pos); end >= 0) {
            at = end;
            continue;
        }
        // A `<details>` that opened on the closing line holds the resume back until its summary
        // comes ("</details><details>", "<summary>…" below): the new fold takes the lines.
        if (pos > resume.lineEnd && !(tag == Summary && openedAt >= 0 && openedAt <= resume.lineEnd))
            resumeNow();
        if (tag == Open) {
            // Not a node until its summary comes; a `<details>` without one closes nothing.
            m_details.append(0);
            openedAt = pos;
            openedLead = leadBefore(pos);
            at = pos + tags[Open].size();
            continue;
        }
        if (tag == Close) {
            at = pos + tags[Close].size();
            openedAt = -1;
            const bool closeFirst = firstOnLine(pos);
            const Lead lead = leadOf(pos, closeFirst);
            // The next tag on the line (-1: none), and where this one ends before it (-1: it does
            // not). The '>' is looked for only that far: a line of thousands of tags without one
            // is read once, not once for each. (firstOnLine() found the tag's line.)
            const qsizetype eol = lineEnd;
            qsizetype following = -1;
            for (int k = 0; k < 3; ++k) {
                const qsizetype later = nextTag(k, at);
                if (later >= 0 && later < eol && (following < 0 || later < following))
                    following = later;
            }
            const qsizetype limit = following < 0 ? eol : following;
            const qsizetype gt = html.mid(pos, limit - pos).indexOf(QLatin1Char('>'));
            const qsizetype tagEnd = gt < 0 ? -1 : pos + gt;
            auto hasText = [&](qsizetype from, qsizetype to) { return !html.mid(from, to - from).trimmed().isEmpty(); };
            // The last tag on a line has the text after it ("…</details> See also the FAQ."); a
            // tag before another has the text up to it ("</details> Or: <details>…").
            const bool textAfter = tagEnd >= 0 && following < 0 && hasText(tagEnd + 1, eol);
            const bool textBetween = tagEnd >= 0 && following > tagEnd && hasText(tagEnd + 1, following);
            const int level = m_details.isEmpty() ? 0 : m_details.takeLast();
            if (level == 0) {
                // It closes no node (a stray `</details>`, or a fold without a summary). When a
                // fold closed before it on its line, the line is no node's text any more: what
                // follows it is the enclosing node's, as after a fold's own closing tag.
                if (resume.node >= 0 && textAfter)
                    resume.afterClose = true;
                if (resume.node >= 0 && textBetween)
                    resumeBetween(resume.node, lineOf(pos), sourceColumn(lineOf(pos), tagEnd + 1), sourceColumn(lineOf(pos), following));
                continue;
            }
            structure = true;
            const int closeLine = lineOf(pos);
            closeFold(level, closeLine, closeFirst, lead.line, lead.column, lead.endColumn);
            // What follows the fold is the enclosing node's text again: text before the next tag
            // on the closing line ("</details> Or: <details>…"), text after the line's last tag,
            // and the lines after it. A later closing tag on the line decides whose the tail is.
            if (textBetween)
                resumeBetween(headingNode(), closeLine, sourceColumn(closeLine, tagEnd + 1), sourceColumn(closeLine, following));
            resume = {headingNode(), closeLine + 1, textAfter, eol};
            continue;
        }
        const qsizetype open = html.indexOf(QLatin1Char('>'), pos);
        const qsizetype end = open < 0 ? -1 : html.indexOf(QLatin1String("</summary>"), open, Qt::CaseInsensitive);
        if (end < 0)
            break;
        at = end + 10;
        const qsizetype detailsTag = std::exchange(openedAt, -1);
        const bool summaryFirst = firstOnLine(pos);
        HeadingText h;
        h.anchored = false;
        summaryText(html.mid(open + 1, end - open - 1), &h);
        // Past a sane depth (hostile input nests without end), a summary is text of the node
        // it is in: every open level costs a step in finding the current issue.
        if (h.text.isEmpty() || m_openSummaries >= kMaxDetailsDepth || (!m_details.isEmpty() && m_details.last() != 0))
            continue;
        structure = true;
        // A fold that opens on the line where another closed takes the lines after it: the
        // node around them goes on only after this one closes.
        resume.node = -1;
        // Text before the fold on its first line ("See also: <details>…") is the node around
        // it, whose run of lines ends before that line.
        if (const Lead lead = detailsTag >= 0 ? openedLead : leadOf(pos, summaryFirst); lead.endColumn > 0)
            resumeBetween(headingNode(), lead.line, lead.column, lead.endColumn);
        h.level = (m_headings.isEmpty() ? 1 : m_headings.last().level) + 1;
        h.regionLine = lineOf(detailsTag >= 0 ? detailsTag : pos);
        h.line = lineOf(pos);
        // In a list item, the fold's lines are indented as far as the item's text. (lineOf()
        // is asked in document order only: it counts on from the last position.)
        if (b.parent >= 0 && m_doc.block(b.parent).kind == MdBlockKind::ListItem)
            h.indent = sourceColumn(h.line, lineStart);
        // `<summary>Why?</summary>Because …</details>` on one line: the text is on the title's line.
        lineAround(at);
        lastTagLineEnd = lineEnd; // `</summary>` is a tag on its line, which may not be `<summary`'s
        const qsizetype eol = lineEnd;
        const qsizetype close = nextTag(Close, at);
        h.textAfterSummary = !html.mid(at, (close >= 0 && close < eol ? close : eol) - at).trimmed().isEmpty();
        h.bodyFirst = lineOf(end) + (h.textAfterSummary ? 0 : 1);
        // Its text is the blocks after this one when it starts below and the fold goes on.
        if (!h.textAfterSummary && close < 0)
            h.blockBefore = int(&b - m_doc.blocks().constData());
        if (h.textAfterSummary)
            h.textColumn = sourceColumn(h.bodyFirst, at);
        if (m_details.isEmpty())
            m_details.append(h.level); // a summary with no `<details>` before it: its own close
        else
            m_details.last() = h.level;
        // A fold that opens on the line where the fold around it starts ("<summary>Parent
        // </summary><details><summary>Child</summary>"): the lines below are the inner fold's,
        // and the outer one's text goes on only after the inner one closes.
        if (!m_headings.isEmpty() && m_headings.last().node >= 0 && m_headings.last().region >= 0) {
            Region &outer = m_regions[m_headings.last().region];
            if (outer.titleLine == h.regionLine && outer.bodyFirst == h.regionLine && outer.lastLine == 0)
                outer.lastLine = h.regionLine;
        }
        ++m_openSummaries;
        openHeading(h);
        // A part's summary ("Solution", "Symptoms"): text of the fold in this block, after the
        // summary and before the next tag, is the part's first item, as a paragraph under a
        // "#### Solution" heading is. Only its first sentence is read here, for the title.
        if (m_inPart && m_part.node < 0 && !m_headings.isEmpty() && m_headings.last().node < 0) {
            qsizetype stop = html.size();
            for (qsizetype from = at;;) {
                stop = html.size();
                for (int k = 0; k < 3; ++k) {
                    if (const qsizetype t = nextTag(k, from); t >= 0 && t < stop)
                        stop = t;
                }
                const qsizetype end = stop < html.size() ? commentEndAround(stop) : -1;
                if (end < 0)
                    break;
                from = end;
            }
            HeadingText own;
            summaryText(html.mid(at, std::min<qsizetype>(stop - at, kMaxTitleSource)), &own);
            if (!own.text.isEmpty()) {
                partNode(firstSentence(own.text));
                m_headings.last().region = int(m_regions.size() - 1);
            }
        }
    }
    resumeNow();
    return structure;
}

void StructureReader::closeFold(int level, int closeLine, bool closeFirst, int leadLine, int leadColumn, int leadEndColumn)
{
    --m_openSummaries;
    flushPendingTitle();
    endPart();
    m_titleIssue = -1;
    regionBreak(closeLine);
    // The fold's own text ends on this line: with the text before the tag, when the tag is the
    // first on its line ("Because the pool is small.</details>"), or with its summary's line
    // when it closes there.
    while (!m_headings.isEmpty() && m_headings.last().level >= level) {
        const OpenHeading fold = m_headings.takeLast();
        if (fold.level != level || fold.region < 0)
            continue;
        // The fold's node, or the first item of the part its summary named.
        Region &own = m_regions[fold.region];
        const int foldNode = own.node;
        if (own.titleLine == closeLine || (own.textColumn > 0 && own.bodyFirst == closeLine)) {
            // Its text starts on this line, after `</summary>`: that is all of it.
            own.lastLine = closeLine;
            continue;
        }
        // A run of its text that resumed on this very line (a fold inside it closed on the
        // line before) stops before it when the tag is the line's first: then this line's text
        // is the one before the tag.
        if (Region &resumed = m_regions.last(); closeFirst && resumed.node == foldNode && resumed.resume && resumed.endColumn == 0
                                                && resumed.titleLine == closeLine)
            resumed.lastLine = closeLine - 1;
        if (leadEndColumn > 0)
            resumeBetween(foldNode, leadLine, leadColumn, leadEndColumn);
    }
}

void StructureReader::closeInlineFolds(int blockIndex)
{
    // "Because the pool is small.</details>": a closing tag inside a paragraph's text closes
    // the fold as one on a line of its own does. A fold opened inside the paragraph ("Run it.
    // <details>…</details> then check.") is no node, and its closing tag closes only it. The
    // text before a closing tag on its line, back to the tag before it, is the closed fold's;
    // the text after the line's last tag, and the lines below, the enclosing node's.
    const SourceText &src = m_doc.source();
    auto startsWith = [](QByteArrayView tag, const char *name) {
        const QByteArrayView n(name);
        return tag.size() > n.size() && QByteArrayView(tag.first(n.size())).compare(n, Qt::CaseInsensitive) == 0
               && !std::isalnum(uchar(tag.at(n.size())));
    };
    int tagLine = 0; // the line of the last fold tag read, and where it ends (UTF-16 column)
    int tagEnd = 0;
    struct Resume {
        int node = -1;
        int line = 0;
    } resume; // after a fold closed: the enclosing node goes on after the line's last tag
    auto resumeNow = [&] {
        if (resume.node < 0)
            return;
        const bool textAfter = !src.linesView(resume.line, resume.line).mid(tagEnd).trimmed().isEmpty();
        resumeRegion(resume.node, resume.line + 1, textAfter);
        resume.node = -1;
    };
    for (const MarkdownDocument::InlineHtml &run : m_doc.inlineHtml(blockIndex)) {
        const QByteArrayView tag = m_doc.inlineHtmlText(run);
        const bool open = startsWith(tag, "<details");
        if (!open && !startsWith(tag, "</details"))
            continue;
        const int line = src.lineAt(run.sourceOffset);
        if (line != tagLine)
            resumeNow();
        const QStringView sourceLine = src.linesView(line, line);
        // The tag's place on its line in UTF-16, as bodies are cut.
        const int column = int(QString::fromUtf8(src.lineBytes(line).first(run.sourceOffset - src.lineStart(line))).size());
        const int end = std::min<int>(int(sourceLine.size()), column + int(QString::fromUtf8(tag).size()));
        const bool firstOnLine = line != tagLine;
        int leadStart = firstOnLine ? 0 : tagEnd;
        while (firstOnLine && leadStart < column && sourceLine.at(leadStart).isSpace())
            ++leadStart;
        tagLine = line;
        tagEnd = end;
        if (open) {
            m_details.append(0); // no summary it could have makes a node inside a paragraph
            continue;
        }
        const int level = m_details.isEmpty() ? 0 : m_details.takeLast();
        if (level == 0)
            continue; // a fold without a summary: no node to close
        const bool lead = !sourceLine.mid(leadStart, column - leadStart).trimmed().isEmpty();
        closeFold(level, line, firstOnLine, line, leadStart, lead ? column : 0);
        resume = {headingNode(), line};
    }
    resumeNow();
}

void StructureReader::summaryText(QStringView html, HeadingText *h)
{
    // Tags go, `<code>` keeps its text as a code span would, and entities are decoded.
    QString text;
    int codes = 0;
    qsizetype codeStart = -1;
    // The next '>' from where the text is read, found again only once passed: a run of '<'
    // with no '>' after it is searched once, not once for each.
    qsizetype nextGt = -2;
    for (qsizetype i = 0; i < html.size(); ++i) {
        const QChar c = html.at(i);
        if (c == QLatin1Char('<') && html.mid(i, 4) == QLatin1String("<!--")) {
            // A comment shows nothing.
            const qsizetype close = html.indexOf(QLatin1String("-->"), i + 2);
            i = close < 0 ? html.size() : close + 2;
            continue;
        }
        if (c == QLatin1Char('<') && nextGt != -1 && nextGt < i)
            nextGt = html.indexOf(QLatin1Char('>'), i);
        if (c == QLatin1Char('<') && nextGt >= 0) {
            const qsizetype close = nextGt;
            const QStringView tag = html.mid(i + 1, close - i - 1).trimmed();
            if (tag.compare(QLatin1String("code"), Qt::CaseInsensitive) == 0) {
                codeStart = text.size();
            } else if (tag.compare(QLatin1String("/code"), Qt::CaseInsensitive) == 0 && codeStart >= 0) {
                h->codes.append(text.mid(codeStart).trimmed());
                codeStart = -1;
                ++codes;
            }
            i = close;
            continue;
        }
        if (c == QLatin1Char('&')) {
            // An entity is short and ASCII; the document's own decoder reads it.
            const qsizetype semicolon = html.mid(i, 12).indexOf(QLatin1Char(';'));
            if (semicolon > 1) {
                const QByteArray entity = html.mid(i, semicolon + 1).toLatin1();
                const QString decoded = MarkdownDocument::decodeEntity(entity);
                if (decoded != QLatin1StringView(entity)) {
                    text += decoded;
                    i += semicolon;
                    continue;
                }
            }
        }
        text += c.isSpace() ? QChar(QLatin1Char(' ')) : c;
    }
    h->text = text.simplified();
    h->allCode = codes == 1 && h->codes.first() == h->text;
}

void StructureReader::openHeading(const HeadingText &h)
{
    flushPendingTitle();
    const int partIssue = m_inPart ? m_part.issue : -1; // the issue of the part this heading ends
    endPart();
    m_titleIssue = -1;
    const int line = h.line;
    const QString &text = h.text;
    regionBreak(h.regionLine);

    OpenHeading sibling; // the heading at this one's level that it ends, if any
    while (!m_headings.isEmpty() && m_headings.last().level >= h.level) {
        if (m_headings.last().level == h.level)
            sibling = m_headings.last();
        m_headings.removeLast();
    }

    // The first top-level heading titles the guide.
    if (h.level == 1 && !m_rootTitled && m_guide.nodes.size() == 1) {
        m_rootTitled = true;
        m_rootNamesProblem = !m_explicit
                             && (StructureVocabulary::namesProblem(text) || StructureVocabulary::describesFailure(text)
                                 || StructureVocabulary::statesBadOutcome(text));
        m_guide.nodes[0].title = text;
        m_guide.nodes[0].location.line = line;
        m_anchors.insert(m_slugger.next(text), 0);
        m_headings.append({1, 0, NodeKind::Root});
        m_regions.first().titleLine = line;
        m_regions.first().bodyFirst = h.bodyFirst;
        return;
    }
    if (!m_rootTitled && m_titleHint.isEmpty())
        m_titleHint = StructureVocabulary::stripNumbering(text);

    // A summary has no anchor on GitHub: its id comes from its text under its container's
    // (which a heading's anchor never has: no '/'), so a heading further on keeps its id.
    // The text's slug is made once: the anchor, the id and the check for a repeat share it.
    const QString textSlug = HeadingSlugger::slugify(text);
    const QString slug = h.anchored ? m_slugger.nextForSlug(textSlug)
                                    : m_guide.nodes.at(headingNode()).id + QLatin1Char('/') + textSlug;
    if (m_explicit && slug != textSlug) {
        addDiagnostic(GuideDiagnostic::Severity::Warning, line, 1, QStringLiteral("duplicate-heading"),
                      QStringLiteral("heading \"%1\" repeats an earlier one; links to #%2 reach only the first. "
                                     "Give it a distinct title")
                          .arg(text, textSlug));
    }
    const int container = headingNode();
    int node = -1;
    NodeKind kind = NodeKind::Section;
    QString title;

    const OpenHeading *partHeading = (!m_headings.isEmpty() && m_headings.last().node < 0) ? &m_headings.last() : nullptr;
    bool resolvesBelow = false; // an issue whose text below is its fix
    // Its kind is read past any emoji it opens with: "🔴 Issue: …", "✅ Solution".
    const QStringView plainView = StructureVocabulary::withoutLeadingSymbols(text);
    const bool symbols = plainView.size() != text.size();
    const QString plain = symbols ? plainView.toString() : text;
    const StructureVocabulary::PartLabel label = StructureVocabulary::partLabel(plain);
    HeadingText stripped;
    if (symbols) {
        stripped = h;
        stripped.text = plain;
    }
    const HeadingText &plainHeading = symbols ? stripped : h;

    // "### Issue", "### Solution", then "### Issue" again in one section: a page of several
    // problems, each stated under the same heading with its parts after it. Each such heading
    // opens an issue of its own, named by what its text says, which is also its symptom. A
    // single one, as in a knowledge-base article ("## Issue", "## Environment", "## Resolution"),
    // states the issue around it, as before.
    const bool oneOfSeveral = !m_explicit && h.block && label.valid && label.kind == NodeKind::Symptom && !label.plural
                              && statesOneOfSeveralProblems(*h.block, label);
    if (oneOfSeveral) {
        const int issue = addNode(NodeKind::Issue, problemTitle(*h.block, plain), line, container, slug);
        state(issue).fromHeading = true;
        m_anchors.insert(slug, issue);
        m_headings.append({h.level, issue, NodeKind::Issue, -1, -1, true});
    }

    if (StructureVocabulary::explicitKind(plain, &kind, &title)) {
        if (kind == NodeKind::Issue) {
            node = addNode(NodeKind::Issue, title, line, container, slug);
            m_awaitingStart = node;
        } else if (isContainedPart(kind) && currentIssue() >= 0) {
            node = newPartItem(kind, title, line, currentIssue(), slug);
        } else {
            const int owner = currentIssue() >= 0 ? currentIssue() : container;
            node = addNode(kind, title, line, owner, slug, !m_explicit);
            if (kind == NodeKind::Solution) {
                const int issue = currentIssue();
                m_guide.nodes[node].order = ++state(issue >= 0 ? issue : owner).solutions;
            }
            noteFlowNode(node);
        }
    } else if (label.valid
               && (oneOfSeveral || sibling.statesProblem || (!m_headings.isEmpty() && !asideOutsideAnIssue(label, plain, sibling, partIssue)))) {
        // "#### Symptoms" under an issue heading: the part's items follow, their text from
        // below the title. A part heading at the level of the heading before it goes on with
        // that heading's issue, as a reader takes it: "### Port already in use" then "### Fix",
        // or "## Symptoms" then "## Solutions" in a guide about one problem. After one of
        // several "### Issue" headings, the part headings at its level are that problem's,
        // asides ("### Environment") too, even inside an issue around them all.
        if (sibling.statesProblem && !oneOfSeveral) {
            m_headings.append(sibling);
        } else if (currentIssue() < 0 && sibling.level == h.level) {
            if (sibling.node > 0 && m_guide.nodes.at(sibling.node).kind == NodeKind::Issue) {
                m_headings.append(sibling);
            } else if (sibling.node < 0 && partIssue >= 0) {
                m_titleIssue = partIssue;
            }
        }
        startPart(label, QString(), line, true);
        m_part.title = plain;
        m_part.bodyFirst = h.bodyFirst;
        m_part.textColumn = h.textAfterSummary ? h.textColumn : 0;
        if (m_part.node >= 0) {
            m_regions.last().bodyFirst = h.bodyFirst;
            m_regions.last().textColumn = m_part.textColumn;
        }
        m_headings.append({h.level, -1, label.kind, -1, m_part.issue});
        return;
    } else if (QString error, issueTitle; partHeading && partHeading->partKind == NodeKind::Solution && !m_explicit
                                          && (quotesError(plainHeading, &issueTitle, &error) || StructureVocabulary::hasErrorShape(plain)
                                              || StructureVocabulary::opensWithErrorWord(plain))) {
        // "## Resolution" then "### ERROR 1040 (HY000): Too many connections": each error under
        // the resolution is a problem of its own, its text that problem's fix. Only an error's
        // shape or a quoted one counts: "#### Delete failed jobs" is a fix.
        if (issueTitle.isEmpty())
            issueTitle = error = plain;
        kind = NodeKind::Issue;
        // "## 2. `PSQLException: …`": the number orders the page; it is no part of the title.
        node = addNode(NodeKind::Issue, StructureVocabulary::stripNumbering(issueTitle), line, container, slug);
        addErrorSymptom(node, error, line);
        resolvesBelow = true;
    } else if (partHeading && (partHeading->partKind == NodeKind::Solution || partHeading->partKind == NodeKind::Symptom)) {
        // "### Method 1: …" under "## Resolution": one of the fixes of the part's issue, which
        // goes on under the headings of its part.
        node = newPartItem(partHeading->partKind, StructureVocabulary::stripNumbering(text), line,
                           partHeading->issue >= 0 ? partHeading->issue : currentIssue(), slug);
    } else if (m_explicit && currentIssue() >= 0) {
        node = addNode(NodeKind::Info, StructureVocabulary::stripNumbering(text), line, currentIssue(), slug, false);
        noteFlowNode(node);
    } else if (QString question; !m_explicit && StructureVocabulary::faqQuestion(plain, &question)) {
        // "## Q: Why is `npm install` so slow?": a FAQ entry is a problem someone had.
        kind = NodeKind::Issue;
        node = addNode(NodeKind::Issue, question, line, container, slug);
        state(node).faqEntry = true;
    } else if (QString error, issueTitle; !m_explicit && quotesError(plainHeading, &issueTitle, &error)) {
        // "### `ECONNREFUSED 127.0.0.1:5432`", "### Error: `Cannot find module`": the error is
        // the symptom of an issue, which its text below diagnoses and solves.
        kind = NodeKind::Issue;
        // "## 2. `PSQLException: …`": the number orders the page; it is no part of the title.
        node = addNode(NodeKind::Issue, StructureVocabulary::stripNumbering(issueTitle), line, container, slug);
        addErrorSymptom(node, error, line);
    } else {
        // "Why do I get "Invalid verification code"?" asks about a problem: no diagnosis step,
        // for all its "verif".
        kind = StructureVocabulary::isDiagnosisHeading(text) && !StructureVocabulary::asksAboutAProblem(text) ? NodeKind::Diagnosis
                                                                                                             : NodeKind::Section;
        // "## Step 1: Is the service running?": a step of a procedure. One that asks or looks
        // is a check, its commands the checks it runs (a question, once answers lead on from it).
        QStringView stepWords;
        const int step = m_explicit ? 0 : StructureVocabulary::stepNumber(plain, &stepWords);
        const int owner = step > 0 ? procedureIssue(h.level, line) : container;
        const bool inProcedure = step > 0 && m_guide.nodes.at(owner).kind == NodeKind::Issue;
        // "### Step 4: Fix DNS" in a procedure for a problem: one of its fixes.
        const bool fix = inProcedure && kind == NodeKind::Section
                         && (StructureVocabulary::sentenceOfFix(stepWords) == 0 || namesFix(stepWords));
        // "### Step 5: Escalate" hands the problem over: the procedure ends there.
        if (fix)
            kind = StructureVocabulary::handsOver(stepWords) ? NodeKind::Outcome : NodeKind::Solution;
        else if (step > 0 && (kind == NodeKind::Diagnosis || plain.endsWith(QLatin1Char('?')) || inProcedure))
            kind = NodeKind::Check; // any other step of a procedure looks ("Step 4 — Database")
        node = addNode(kind, StructureVocabulary::stripNumbering(text), line, owner, slug);
        if (kind == NodeKind::Solution)
            m_guide.nodes[node].order = ++state(owner).solutions;
        if (step > 0) {
            m_steps.append({node, owner, step});
            m_headingSteps = true;
            state(node).step = step;
            state(node).stepContainer = owner;
        }
        if (m_explicit)
            m_awaitingStart = -1;
    }
    state(node).fromHeading = true;
    state(node).blockBefore = h.blockBefore;
    if (h.anchored)
        m_anchors.insert(slug, node);
    m_headings.append({h.level, node, kind});
    startRegion(node, h.regionLine, h.bodyFirst, false);
    m_regions.last().textColumn = h.textAfterSummary ? h.textColumn : 0;
    m_regions.last().indent = h.indent;
    m_headings.last().region = int(m_regions.size() - 1);
    if (resolvesBelow) {
        startPart({true, NodeKind::Solution, 0, false}, QString(), line, true);
        m_part.bodyFirst = h.bodyFirst;
    }
}

bool StructureReader::statesOneOfSeveralProblems(const MdBlock &heading, const StructureVocabulary::PartLabel &label)
{
    if (const auto known = m_severalProblems.constFind(heading.firstLine); known != m_severalProblems.cend())
        return *known;
    // The headings at its level with its word ("Issue", "Issue 2"), up to the end of its
    // section. What is found is kept for each of them: a section is looked through once.
    QVarLengthArray<int, 8> same{heading.firstLine};
    for (int next = heading.nextSibling; next >= 0; next = m_doc.block(next).nextSibling) {
        const MdBlock &b = m_doc.block(next);
        if (b.kind != MdBlockKind::Heading || b.level > heading.level)
            continue;
        if (b.level < heading.level)
            break;
        const StructureVocabulary::PartLabel other = StructureVocabulary::partLabel(m_doc.text(b));
        if (other.valid && other.word == label.word)
            same.append(b.firstLine);
    }
    for (int line : same)
        m_severalProblems.insert(line, same.size() > 1);
    return same.size() > 1;
}

QString StructureReader::problemTitle(const MdBlock &heading, const QString &headingWords) const
{
    // What its text says first, as the symptom it becomes is titled: a sentence, a list's first
    // item, the first line of quoted output.
    QString title;
    if (heading.nextSibling >= 0) {
        const MdBlock &next = m_doc.block(heading.nextSibling);
        if (next.kind == MdBlockKind::Paragraph) {
            title = firstSentence(m_doc.text(next));
        } else if (next.kind == MdBlockKind::List) {
            const MarkdownDocument::BlockIndexes items = m_doc.childList(heading.nextSibling);
            Label label;
            if (!items.isEmpty())
                title = firstSentence(itemLeadText(items.first(), &label));
        } else if (next.kind == MdBlockKind::Code) {
            title = firstCodeLine(m_doc.text(next), false);
        }
    }
    // An "### Issue" with no text before the next heading is named by its own words.
    return shorten(title.isEmpty() ? StructureVocabulary::stripNumbering(headingWords) : title);
}

bool StructureReader::asideOutsideAnIssue(const StructureVocabulary::PartLabel &label, QStringView text, const OpenHeading &sibling,
                                         int partIssue) const
{
    // "## Environment" (an aside) or "## Alert" beside an issue, or an alert with no heading
    // above it: a heading of its own, not a part of the issue before it. Under an alert's own
    // heading ("## HighErrorRate" / "### Alert") it is that alert's symptom.
    const bool alert = text.compare(QLatin1String("alert"), Qt::CaseInsensitive) == 0;
    if ((label.kind != NodeKind::Info && !alert) || currentIssue() >= 0)
        return false;
    if (alert && headingNode() <= 0)
        return true;
    if (sibling.level <= 0)
        return false;
    if ((sibling.node > 0 && m_guide.nodes.at(sibling.node).kind == NodeKind::Issue) || (sibling.node < 0 && partIssue >= 0))
        return true;
    // "## Escalation" after sections that hold issues ("## Connectivity", "## Queues"): the
    // page's own aside, not a part of one problem the page would be about.
    return !alert && sibling.node > 0 && m_guide.nodes.at(sibling.node).kind == NodeKind::Section && m_pageIssue < 0
           && std::any_of(m_guide.nodes.cbegin(), m_guide.nodes.cend(), [](const GuideNode &n) { return n.kind == NodeKind::Issue; });
}

bool StructureReader::quotesError(const HeadingText &h, QString *title, QString *error) const
{
    const QString &text = h.text;
    // The code spans in it; a summary brings its own.
    QVarLengthArray<QStringView, 4> codes;
    bool allCode = h.allCode;
    if (h.block) {
        const MarkdownDocument::Spans spans = m_doc.spans(*h.block);
        const QStringView raw = m_doc.text(*h.block);
        for (const MdSpan &s : spans) {
            if (s.kind == MdSpan::Code)
                codes.append(m_doc.spanText(*h.block, s).trimmed());
        }
        const MdSpan first = spans.isEmpty() ? MdSpan() : spans.first();
        allCode = spans.e - spans.b == 1 && first.kind == MdSpan::Code && raw.left(first.begin).trimmed().isEmpty()
                  && raw.mid(first.end).trimmed().isEmpty();
    } else {
        for (const QString &c : h.codes)
            codes.append(c);
    }
    // The whole heading is one code span that reads as an error, not a command or a name.
    if (allCode) {
        if (!StructureVocabulary::readsAsError(codes.first()))
            return false;
        *error = codes.first().toString();
        *title = text;
        return true;
    }
    // "If you see `SSL: CERTIFICATE_VERIFY_FAILED`": a few words around one quoted error.
    auto aroundOneError = [&] {
        if (codes.size() != 1 || text.size() - codes.first().size() > 40 || !StructureVocabulary::readsAsError(codes.first()))
            return false;
        *error = codes.first().toString();
        *title = text;
        return true;
    };
    // "Error: …" (or "Error – …"): the quoted part, if any, is the message.
    const AsciiFold<6> start(text);
    if (!start.view().starts_with("error"))
        return aroundOneError();
    qsizetype i = 5;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    if (i >= text.size() || (text.at(i) != QLatin1Char(':') && text.at(i) != QChar(0x2013) && text.at(i) != QChar(0x2014)))
        return aroundOneError();
    const QString rest = text.mid(i + 1).trimmed();
    if (rest.isEmpty())
        return false;
    *title = rest;
    *error = rest;
    // The quoted message, when one is: "Error: `Cannot find module 'x'` on start". A quoted
    // state or name ("Celery tasks stay `PENDING` forever") leaves the whole line the message.
    for (QStringView code : std::as_const(codes)) {
        if (!code.isEmpty() && StructureVocabulary::readsAsError(code)) {
            *error = code.toString();
            break;
        }
    }
    return true;
}

StructureVocabulary::PartLabel StructureReader::plainLabelOf(int line, QString *word, bool *bold, bool *definition) const
{
    if (definition)
        *definition = false;
    QByteArrayView bytes = m_doc.source().lineBytes(line).trimmed();
    // A line of a quote ("> **Fix:** …"): past the quote's marker. (Only a quote that opens
    // with a label is read for them: see isLabelledQuote().)
    while (bytes.startsWith('>'))
        bytes = bytes.sliced(1).trimmed();
    // A list item's first line: past its marker ("- ", "1. ").
    if (bytes.size() > 2 && (bytes.at(0) == '-' || bytes.at(0) == '*' || bytes.at(0) == '+') && bytes.at(1) == ' ') {
        bytes = bytes.sliced(2).trimmed();
    } else {
        qsizetype digits = 0;
        while (digits < bytes.size() && digits < 9 && bytes.at(digits) >= '0' && bytes.at(digits) <= '9')
            ++digits;
        if (digits > 0 && digits + 1 < bytes.size() && (bytes.at(digits) == '.' || bytes.at(digits) == ')') && bytes.at(digits + 1) == ' ')
            bytes = bytes.sliced(digits + 2).trimmed();
    }
    QByteArrayView label;
    bool alone = false; // a bold label alone on its line, no colon
    *bold = bytes.size() > 4 && (bytes.startsWith("**") || bytes.startsWith("__"));
    if (*bold) {
        // In bold, its colon inside or just after: "**Fix**: …", "**Fix:** …".
        const qsizetype close = bytes.indexOf(bytes.first(2), 2);
        if (close < 3 || close > 27)
            return {};
        label = bytes.sliced(2, close - 2).trimmed();
        if (label.endsWith(':'))
            label.chop(1);
        else if (bytes.sliced(close + 2).trimmed().isEmpty())
            alone = true; // alone on its line ("**Workaround**"): a label
        else if (!bytes.sliced(close + 2).trimmed().startsWith(':'))
            return {}; // bold words in a sentence
    } else if (const qsizetype colon = bytes.first(std::min<qsizetype>(bytes.size(), 25)).indexOf(':'); colon >= 3) {
        // A short label at the start, then a colon: "Root cause:", "Solution 2:".
        label = bytes.first(colon);
    } else if (colon < 0 && bytes.size() <= 24 && line < m_doc.source().lineCount()
               && m_doc.source().lineBytes(line + 1).trimmed().startsWith(": ")) {
        // A definition list's term, its definition on the next line: "Cause" / ": The job ran
        // twice." (Pandoc, MkDocs). md4c knows no definition lists: both lines are one paragraph.
        label = bytes;
        if (definition)
            *definition = true;
    } else {
        return {};
    }
    // Labels are ASCII words, so the bytes are enough to look.
    if (label.size() < 3 || label.size() > 24 || label.at(0) < 'A' || label.at(0) > 'Z')
        return {};
    char16_t chars[24];
    for (qsizetype i = 0; i < label.size(); ++i) {
        if (uchar(label.at(i)) >= 0x80)
            return {};
        chars[i] = char16_t(label.at(i));
    }
    const QStringView text(chars, label.size());
    StructureVocabulary::PartLabel part = StructureVocabulary::partLabel(text);
    // "Note:", "Impact:" are asides, not parts, unless a line of their own in bold marks them
    // as labels ("**Additional context**" in an issue template).
    if (!part.valid || (part.kind == NodeKind::Info && !alone))
        return {};
    *word = text.trimmed().toString();
    return part;
}

int StructureReader::labelledLines(const MdBlock &paragraph, int enough) const
{
    int count = 0;
    for (int line = paragraph.firstLine; line > 0 && line <= paragraph.lastLine && count < enough; ++line) {
        QString word;
        bool bold = false;
        count += plainLabelOf(line, &word, &bold).valid;
    }
    return count;
}

bool StructureReader::readPlainLabels(const MdBlock &paragraph, int minimumLabels, const StructureVocabulary::PartLabel *opening)
{
    if (m_pendingTitle >= 0 || paragraph.firstLine <= 0)
        return false;
    struct Labelled {
        int line;
        StructureVocabulary::PartLabel label;
        QString word;
        bool bold;
        bool definition; // a definition list's term: the text starts on the next line, after ": "
    };
    QVarLengthArray<Labelled, 8> parts;
    for (int line = paragraph.firstLine; line <= paragraph.lastLine; ++line) {
        QString word;
        bool bold = false;
        bool definition = false;
        const StructureVocabulary::PartLabel label = plainLabelOf(line, &word, &bold, &definition);
        if (label.valid)
            parts.append({line, label, std::move(word), bold, definition});
        else if (line == paragraph.firstLine && opening)
            parts.append({line, *opening, QString(), true, false}); // no label to find, or to cut
        else if (line == paragraph.firstLine)
            return false;
    }
    if (parts.size() < minimumLabels)
        return false;
    // The lines of a paragraph are one text, joined by spaces: each label is found in it in
    // turn, and what follows it up to the next label is its part's tail, markup removed.
    const QStringView text = m_doc.text(paragraph);
    QVarLengthArray<qsizetype, 8> labelAt, tailAt;
    qsizetype cursor = 0;
    for (const Labelled &p : parts) {
        if (p.word.isEmpty()) {
            labelAt.append(cursor);
            tailAt.append(cursor);
            continue;
        }
        qsizetype at = text.indexOf(p.word, cursor);
        if (p.definition) {
            // "Cause : The job ran twice.": the term, a space where the lines joined, the ':'.
            at = at < 0 ? cursor : at;
            labelAt.append(at);
            cursor = std::min(text.size(), at + p.word.size());
            while (cursor < text.size() && text.at(cursor).isSpace())
                ++cursor;
            if (cursor < text.size() && text.at(cursor) == QLatin1Char(':'))
                ++cursor;
            tailAt.append(cursor);
            continue;
        }
        // The label is near: a few occurrences of its word in the text before it at most. A bold
        // label alone on its line ("**Workaround**") has no colon after it; it is the first.
        for (int tries = 0; at >= 0 && (at + p.word.size() >= text.size() || text.at(at + p.word.size()) != QLatin1Char(':'));
             ++tries)
            at = tries < 16 ? text.indexOf(p.word, at + 1) : -1;
        if (at < 0 && p.bold)
            at = text.indexOf(p.word, cursor);
        if (at < 0)
            at = cursor;
        labelAt.append(at);
        cursor = std::min(text.size(), at + p.word.size() + 1);
        tailAt.append(cursor);
    }
    for (int i = 0; i < parts.size(); ++i) {
        const qsizetype end = i + 1 < parts.size() ? labelAt.at(i + 1) : text.size();
        const QStringView tail = text.mid(tailAt.at(i), std::max<qsizetype>(0, end - tailAt.at(i))).trimmed();
        startPart(parts.at(i).label, tail, parts.at(i).line, false);
        m_part.plainLabel = !parts.at(i).bold;
        if (m_part.node >= 0 && parts.at(i).definition) {
            // The text is the definition: from the next line, past its ": ". Its continuation
            // lines (a code block under it) are indented as far as its text starts.
            Region &r = m_regions.last();
            const QByteArrayView next = m_doc.source().lineBytes(parts.at(i).line + 1);
            qsizetype column = next.indexOf(':') + 1;
            while (column < next.size() && next.at(column) == ' ')
                ++column;
            r.bodyFirst = parts.at(i).line + 1;
            r.stripLead = false;
            r.textColumn = int(column);
            r.indent = int(column);
        } else if (m_part.node >= 0) {
            m_regions.last().plainLabel = !parts.at(i).bold;
            const int last = i + 1 < parts.size() ? parts.at(i + 1).line - 1 : paragraph.lastLine;
            attachInline(paragraph, m_part.node, GuideEdge::Kind::Link, parts.at(i).line, last);
        }
    }
    return true;
}

bool StructureReader::headingNamesIssue() const
{
    const int owner = headingNode();
    if (owner <= 0)
        return false;
    // The heading is an issue, or will be one: it says what fails or asks why ("Why does the
    // app fail with ECONNREFUSED?"), nothing under it is a heading yet, and it is not inside
    // an issue.
    const GuideNode &heading = m_guide.nodes.at(owner);
    if (heading.kind == NodeKind::Issue)
        return true;
    if (heading.kind != NodeKind::Section || m_headings.last().node != owner)
        return false;
    // A bad outcome with no failure word ("Loss becomes NaN after a few hundred steps") names
    // one under a guide or a section about problems ("ML Training Troubleshooting").
    auto underProblems = [&] {
        return StructureVocabulary::namesProblem(m_guide.nodes.at(0).title) || std::any_of(m_headings.cbegin(), m_headings.cend(), [&](const OpenHeading &o) {
                   return o.node > 0 && o.node != owner && StructureVocabulary::namesProblem(m_guide.nodes.at(o.node).title);
               });
    };
    // A heading that names a problem ("Database connection errors") is one once its text has
    // quoted the error, as resolveKinds() will find.
    if (!(StructureVocabulary::describesFailure(heading.title) || StructureVocabulary::asksAboutAProblem(heading.title)
          || (StructureVocabulary::statesBadOutcome(heading.title) && underProblems())
          || (m_quotedErrors.contains(owner) && StructureVocabulary::namesProblem(heading.title))))
        return false;
    return std::none_of(m_headings.cbegin(), m_headings.cend(), [&](const OpenHeading &o) {
        return o.node >= 0 && o.node != owner && m_guide.nodes.at(o.node).kind == NodeKind::Issue;
    });
}

NodeKind StructureReader::unlabelledStep(const MdBlock &paragraph, qsizetype *stepAt) const
{
    *stepAt = 0;
    // A labelled part takes the text after it, but what a reader sees ("**What you see:** …")
    // ends where the text asks to check something: that is a step of its own.
    const bool afterSymptom = m_inPart && !m_part.unlabelled && m_part.kind == NodeKind::Symptom;
    // A FAQ entry's answer ("A: No runner is online. Check the runner status:") has its steps
    // as an issue's own text has; other issues a bold title made do not.
    const bool faqAnswer = m_titleIssue >= 0 && faqEntry(m_titleIssue);
    // A fix's heading still waiting for its text ("### Resolution") may open with a look before
    // the change: "Check resolution from a pod:", its commands, then "Then restart CoreDNS:"
    // and its own. The look is a diagnosis step, as the looks before a numbered fix are.
    const bool fixAwaitingText = m_inPart && !m_part.unlabelled && m_part.kind == NodeKind::Solution && m_part.node < 0
                                 && m_part.bodyFirst > 0;
    if (m_explicit || (m_inPart && !m_part.unlabelled && !afterSymptom && !fixAwaitingText) || (m_titleIssue >= 0 && !faqAnswer))
        return NodeKind::Info;
    if (fixAfterLook(paragraph)) {
        // "If it does not answer `OK`, page the on-call": the look's last word, an outcome.
        QStringView rest;
        const QStringView text = m_doc.text(paragraph).trimmed();
        return StructureVocabulary::handsOver(givenAnswer(text, &rest).isEmpty() ? text : rest) ? NodeKind::Outcome : NodeKind::Solution;
    }
    if (paragraph.nextSibling < 0 || (!faqAnswer && !headingNamesIssue()))
        return NodeKind::Info;
    const MdBlock &next = m_doc.block(paragraph.nextSibling);
    if (next.kind != MdBlockKind::Code || m_doc.language(next) == QLatin1String("check"))
        return NodeKind::Info;
    const QStringView text = m_doc.text(paragraph).trimmed();
    if (!text.endsWith(QLatin1Char(':')))
        return NodeKind::Info;
    if (fixAwaitingText) {
        // Only when the change follows, in the same shape: a sentence that leads into code.
        const int after = next.nextSibling;
        if (!StructureVocabulary::isCheckingAdvice(text) || after < 0 || m_doc.block(after).kind != MdBlockKind::Paragraph
            || m_doc.block(after).nextSibling < 0 || m_doc.block(m_doc.block(after).nextSibling).kind != MdBlockKind::Code
            || !m_doc.text(m_doc.block(after)).trimmed().endsWith(QLatin1Char(':'))
            || StructureVocabulary::isCheckingAdvice(m_doc.text(m_doc.block(after))))
            return NodeKind::Info;
        return NodeKind::Diagnosis;
    }
    if (StructureVocabulary::isCheckingAdvice(text))
        return NodeKind::Diagnosis;
    // "dwarfctl could not open a TCP connection. Check whether anything listens there:": what
    // leads into the code is the last sentence, after what the paragraph explains first.
    if (const qsizetype last = lastSentenceAt(text); last > 0 && StructureVocabulary::isCheckingAdvice(text.mid(last))) {
        *stepAt = last;
        return NodeKind::Diagnosis;
    }
    // Advice to change something is a solution once a diagnosis step came before it: the
    // issue's opening text may as well show what the failure looks like.
    if (m_inPart && !afterSymptom)
        return NodeKind::Solution;
    // In the opening text, only a sentence that asks to change something, over commands that
    // check nothing: "The device has a build signed with another key. Uninstall it first:".
    // "Run the job again to reproduce it:" shows the failure; "Run `lsof …`" looks into it.
    const qsizetype last = std::max<qsizetype>(lastSentenceAt(text), 0);
    const QStringView sentence = text.mid(last);
    if (m_inPart || StructureVocabulary::sentenceOfFix(sentence) != 0 || sentence.contains(QLatin1String("reproduce"), Qt::CaseInsensitive)
        || sentence.contains(QLatin1String(" to see"), Qt::CaseInsensitive) || sentence.contains(QLatin1String(" to check"), Qt::CaseInsensitive))
        return NodeKind::Info;
    const QList<FoundCommand> commands = CommandRecognizer::scan(m_doc.info(next), m_doc.text(next), true);
    if (commands.isEmpty() || std::any_of(commands.cbegin(), commands.cend(), [](const FoundCommand &c) { return c.check.has_value(); }))
        return NodeKind::Info;
    *stepAt = last;
    return NodeKind::Solution;
}

bool StructureReader::fixAfterLook(const MdBlock &paragraph) const
{
    // Only right after a look with no label ("Check that Redis answers:" and its commands), in
    // whose text it would otherwise stay: the fix is what to do when the look fails.
    if (!m_inPart || !m_part.unlabelled || m_part.kind != NodeKind::Diagnosis || m_part.node < 0)
        return false;
    const QStringView text = m_doc.text(paragraph).trimmed();
    // One that leads into code is a step of the shape read after this ("Check the brokers:").
    if (text.endsWith(QLatin1Char(':')) && paragraph.nextSibling >= 0 && m_doc.block(paragraph.nextSibling).kind == MdBlockKind::Code)
        return false;
    QStringView rest;
    if (givenAnswer(text, &rest).isEmpty())
        rest = text;
    if (StructureVocabulary::sentenceOfFix(rest) != 0 || StructureVocabulary::isCheckingAdvice(rest))
        return false;
    // With the command to run: a sentence alone ("Restart it.") may as well explain.
    const MarkdownDocument::Spans spans = m_doc.spans(paragraph);
    return std::any_of(spans.begin(), spans.end(), [](const MdSpan &span) { return span.kind == MdSpan::Code; });
}

bool StructureReader::openHtmlHeading(int index)
{
    // md4c reads a line such as `<h3>Issue: …</h3>` as a paragraph whose text is wrapped in
    // two tags, not as an HTML block: a heading, as the same words after `###` are.
    const std::span<const MarkdownDocument::InlineHtml> runs = m_doc.inlineHtml(index);
    if (runs.empty() || runs.front().at != 0)
        return false;
    const QByteArrayView tag = m_doc.inlineHtmlText(runs.front());
    if (tag.size() < 4 || (tag.at(1) != 'h' && tag.at(1) != 'H') || tag.at(2) < '1' || tag.at(2) > '6'
        || (tag.at(3) != '>' && tag.at(3) != ' ' && tag.at(3) != '\t' && tag.at(3) != '\n'))
        return false;
    const auto close = std::find_if(runs.begin() + 1, runs.end(), [&](const MarkdownDocument::InlineHtml &run) {
        const QByteArrayView t = m_doc.inlineHtmlText(run);
        return t.size() >= 4 && t.first(2) == "</" && (t.at(2) == 'h' || t.at(2) == 'H') && t.at(3) == tag.at(2);
    });
    if (close == runs.end())
        return false;
    const MdBlock &b = m_doc.block(index);
    const SourceText &src = m_doc.source();
    const QStringView text = m_doc.text(b);
    HeadingText h;
    h.level = tag.at(2) - '0';
    h.line = h.regionLine = b.firstLine;
    h.text = text.left(close->at).toString().simplified();
    h.anchored = false; // GitHub gives a raw HTML heading no anchor
    for (const MdSpan &span : m_doc.spans(b)) {
        if (span.kind == MdSpan::Code && span.begin < close->at)
            h.codes.append(m_doc.spanText(b, span).trimmed().toString());
    }
    h.allCode = h.codes.size() == 1 && h.codes.first() == h.text;
    if (h.text.isEmpty())
        return false;
    // Its text starts after the closing tag: on the next line, or on its own line after it
    // ("<h3>Why?</h3> Because …").
    const int closeLine = src.lineAt(close->sourceOffset);
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), close->at);
    h.bodyFirst = closeLine + 1;
    if (!text.mid(close->at, (lineEnd < 0 ? text.size() : lineEnd) - close->at).trimmed().isEmpty()) {
        h.bodyFirst = closeLine;
        h.textAfterSummary = true;
        const qsizetype tagEnd = close->sourceOffset + close->sourceLength - src.lineStart(closeLine);
        h.textColumn = int(QString::fromUtf8(src.lineBytes(closeLine).first(tagEnd)).size());
    }
    openHeading(h);
    attachInline(b, headingNode(), GuideEdge::Kind::Link, closeLine, b.lastLine);
    return true;
}

void StructureReader::onParagraph(int index)
{
    const MdBlock &b = m_doc.block(index);
    if (b.inlineHtml && !m_explicit && openHtmlHeading(index))
        return;
    const Label label = leadingLabel(b);
    if (label.found) {
        const StructureVocabulary::PartLabel part = StructureVocabulary::partLabel(label.text);
        // "**Symptom**: …" with "**Fix**: …" on the next line of the same paragraph: each
        // labelled line starts its part.
        if (part.valid && !m_explicit && b.lastLine > b.firstLine && readPlainLabels(b, 2))
            return;
        if (part.valid) {
            // "**Diagnosis:**" over a procedure: its steps are the diagnosis, with no item titled
            // "Diagnosis" over them.
            const bool procedure = part.kind == NodeKind::Diagnosis && label.tail.isEmpty() && isDiagnosisProcedure(b.nextSibling);
            startPart(part, label.tail, b.firstLine, false, procedure);
            if (m_part.node >= 0)
                attachInline(b, m_part.node, GuideEdge::Kind::Link);
            return;
        }
        // "**Option A – raise the memory limit:**", then "**Option B – scale out:**", under one
        // fix's label ("### Resolution"): alternatives, each a solution of its own, titled by
        // what its label says to do. Asked only inside a fix, where such labels stand.
        QStringView alternative;
        if (!m_explicit && m_inPart && m_part.kind == NodeKind::Solution && m_pendingTitle < 0
            && StructureVocabulary::namesAlternative(label.text, &alternative)) {
            const QStringView title = !alternative.isEmpty() ? alternative : !label.tail.isEmpty() ? label.tail : label.text;
            startPart({true, NodeKind::Solution, 0, false}, title, b.firstLine, false);
            if (m_part.node >= 0)
                attachInline(b, m_part.node, GuideEdge::Kind::Link);
            return;
        }
    }
    flushPendingTitle();
    if (QString problem; !m_explicit) {
        if (qsizetype answerAt = 0; arrowEntry(b, &problem, &answerAt)) {
            openFaqEntry(b, problem, m_doc.text(b).mid(answerAt));
            return;
        }
    }
    // "Q: Why are pods Pending?" or "**Question:** …" in plain text: the next entry of a FAQ.
    if (QString question; !m_explicit && !isTitleParagraph(b)) {
        if (StructureVocabulary::faqQuestion(m_doc.text(b), &question)
            || (label.found && label.text.compare(QLatin1String("Question"), Qt::CaseInsensitive) == 0 && !label.tail.isEmpty()
                && (question = label.tail.toString(), true))) {
            openFaqEntry(b, question);
            return;
        }
    }
    // "A: …" under a FAQ entry: the answer, which is its fix when it says what to do.
    if (qsizetype answerAt = 0; !m_explicit && !m_inPart && faqEntry(currentIssue())
                                && StructureVocabulary::faqAnswer(m_doc.text(b), &answerAt)
                                && readFaqAnswer(b, b.firstLine, m_doc.text(b).mid(answerAt)))
        return;
    if (isTitleParagraph(b)) {
        m_pendingTitle = index;
        // "**Q: Where are the logs?**": a FAQ entry is an issue whether or not a label follows.
        // It ends the entry before, whose fix would otherwise go on and take this answer as
        // its text.
        if (!m_explicit && StructureVocabulary::faqQuestion(m_doc.text(b), nullptr)) {
            endPart();
            ensureIssue(b.firstLine);
        }
        return;
    }
    if (!m_explicit && readPlainLabels(b))
        return;
    if (m_headingSteps) {
        // After a fix's commands, the next answer ("If Redis answers `…`, …") is the step's again.
        if (m_inPart && m_part.stepFix && opensWithCondition(m_doc.text(b))) {
            endPart();
            resumeRegion(headingNode(), b.firstLine);
        }
        if (readStepFix(index, headingNode()))
            return;
    }
    qsizetype stepAt = 0;
    if (const NodeKind step = unlabelledStep(b, &stepAt); step != NodeKind::Info) {
        // "Check the database:" and a code block, in an issue's own text: a diagnosis step
        // with no label, whose commands become checks, titled by the sentence that asks. "If
        // it is down, start it:" and a code block after it: a solution. A look the sentences
        // before it ask for comes first.
        if (!m_explicit && !m_inPart && m_titleIssue < 0 && stepAt > 0)
            readInlineLook(b, stepAt);
        startPart({true, step, 0, false}, m_doc.text(b).trimmed().mid(stepAt), b.firstLine, false);
        m_part.unlabelled = true;
        // No label to strip: the sentence is the body's start. A FAQ answer loses its marker.
        qsizetype answerAt = 0;
        const bool answer = faqEntry(currentIssue()) && StructureVocabulary::faqAnswer(m_doc.text(b), &answerAt);
        m_regions.last().stripLead = answer;
        m_regions.last().plainLabel = answer && !m_doc.source().lineBytes(b.firstLine).trimmed().startsWith("**");
        attachInline(b, m_part.node, GuideEdge::Kind::Link);
        return;
    }
    // "### Diagnosis" over "Check that the pods are ready:" and its commands, then "Check that
    // the service answers:" and its own: each sentence that asks to look and leads into code
    // is a step of its own. The first titles the heading's step; each after it starts one.
    if (!m_explicit && m_inPart && m_part.kind == NodeKind::Diagnosis && m_part.node >= 0 && m_part.bodyFirst > 0
        && b.nextSibling >= 0 && m_doc.block(b.nextSibling).kind == MdBlockKind::Code) {
        const QStringView text = m_doc.text(b).trimmed();
        if (text.endsWith(QLatin1Char(':')) && StructureVocabulary::isCheckingAdvice(text)) {
            const int step = newPartItem(NodeKind::Diagnosis, firstSentenceTitle(text.chopped(1)), b.firstLine, m_part.issue);
            m_part.node = step;
            attachInline(b, step, GuideEdge::Kind::Link);
            return;
        }
    }
    // Only a part still waiting for its node takes a title from this paragraph.
    const bool titles = m_inPart && m_part.node < 0;
    const bool issueText = !m_explicit && !m_inPart && m_titleIssue < 0 && headingNamesIssue();
    attachContent(index, contentNode(titles ? firstSentence(m_doc.text(b)) : QString()));
    // After its text is the heading's, so that an error it quotes is the issue's symptom.
    if (issueText)
        readInlineLook(b);
}

bool StructureReader::readInlineLook(const MdBlock &paragraph, qsizetype until)
{
    const QStringView text = until >= 0 ? m_doc.text(paragraph).first(std::min(until, m_doc.text(paragraph).size())) : m_doc.text(paragraph);
    const std::span<const MdSpan> spans = m_doc.spans(paragraph);
    auto inCode = [&](qsizetype at) {
        return std::any_of(spans.begin(), spans.end(), [&](const MdSpan &s) { return s.kind == MdSpan::Code && at >= s.begin && at < s.end; });
    };
    bool found = false;
    qsizetype start = 0;
    while (start < text.size()) {
        // The sentence ends at a '.', '!', '?' or ';' that ends a word outside code.
        qsizetype end = start;
        while (end < text.size()
               && !(QStringView(u".!?;").contains(text.at(end)) && (end + 1 == text.size() || text.at(end + 1).isSpace()) && !inCode(end)))
            ++end;
        end = std::min(end + 1, text.size());
        const QStringView sentence = text.sliced(start, end - start).trimmed();
        if (StructureVocabulary::isCheckingAdvice(sentence)) {
            int step = -1;
            for (const MdSpan &span : spans) {
                if (span.kind != MdSpan::Code || span.begin < start || span.end > end)
                    continue;
                const QString code = text.sliced(span.begin, span.end - span.begin).trimmed().toString();
                const auto spec = code.contains(QLatin1Char(' ')) ? CommandRecognizer::recogniseShell(code) : std::nullopt;
                if (!spec)
                    continue;
                const int line = span.sourceOffset >= 0 ? m_doc.source().lineAt(span.sourceOffset) : paragraph.firstLine;
                if (step < 0) {
                    const int issue = ensureIssue(line);
                    const QStringView said = sentence.endsWith(QLatin1Char(';')) ? sentence.chopped(1) : sentence;
                    step = addNode(NodeKind::Diagnosis, firstSentenceTitle(said), line, issue,
                                   m_guide.nodes.at(issue).id + QStringLiteral("/diagnosis"));
                    m_guide.nodes[step].presetBody = SecretRedaction::redact(sentence);
                }
                addInlineCheck(step, *spec, code, line);
            }
            found = found || step >= 0;
        }
        start = end;
    }
    return found;
}

void StructureReader::onList(int index)
{
    const MdBlock &list = m_doc.block(index);
    const MarkdownDocument::BlockIndexes items = m_doc.childList(index);
    if (items.isEmpty())
        return;

    // Which items start with a bold label, and is it a part word?
    int adviceLabels = 0;
    int errorLabels = 0;
    QVarLengthArray<Label, 32> labels;
    // The part word each label is, read once: the list is asked about it several times below.
    QVarLengthArray<StructureVocabulary::PartLabel, 32> parts;
    QVarLengthArray<QString, 32> errors; // the error each label quotes, if any
    QVarLengthArray<QStringView, 32> leads;
    leads.reserve(items.size());
    labels.reserve(items.size());
    parts.reserve(items.size());
    for (int item : items) {
        Label l;
        leads.append(itemLeadText(item, &l));
        labels.append(l);
        parts.append(l.found ? StructureVocabulary::partLabel(l.text) : StructureVocabulary::PartLabel{});
        errors.append(QString());
        if (parts.last().valid)
            continue;
        if (l.found)
            errors.last() = labelError(item, l);
        if (!errors.last().isEmpty())
            ++errorLabels;
        else if (l.found && StructureVocabulary::readsAsAdvice(l.tail))
            ++adviceLabels;
    }

    // "- Cause: …", "- Fix: …": part labels in plain text, read as bold ones are when the list
    // opens with one and holds at least two.
    QVarLengthArray<bool, 32> plain(items.size(), false);
    // Inside a part they are its items, unless a bold title before the list starts an issue.
    const bool titled = m_pendingTitle >= 0 || m_titleIssue >= 0;
    if (!m_explicit && (!m_inPart || m_pendingTitle >= 0) && !labels.first().found && plainPartLabels(items) >= (titled ? 1 : 2)
        && (titled || headingNamesAProblem())) {
        for (int i = 0; i < items.size(); ++i) {
            QString word;
            bool bold = false;
            const QStringView lead = leads.at(i);
            if (labels.at(i).found || !plainLabelOf(m_doc.block(items.at(i)).firstLine, &word, &bold).valid || bold
                || !lead.startsWith(word) || !lead.mid(word.size()).startsWith(QLatin1Char(':')))
                continue;
            labels[i] = {true, lead.left(word.size()), lead.mid(word.size() + 1).trimmed()};
            parts[i] = StructureVocabulary::partLabel(labels.at(i).text);
            plain[i] = true;
        }
    }

    // "**Possible causes:**" (or "### Causes") over a list whose items hold a part label under
    // their first line ("- The session store is down." then "  **Fix:** start Redis"): each
    // item is a cause of its own, its text up to that label, and the labels under it start
    // their parts, as after a "**Cause:**" label.
    const bool causeList = !m_explicit && m_inPart && m_part.kind == NodeKind::Cause && m_part.node < 0
                           && std::any_of(items.cbegin(), items.cend(), [this](int item) { return holdsPartLabel(item); });
    static constexpr StructureVocabulary::PartLabel kCause{true, NodeKind::Cause, 0, false, "cause"};

    // A list of parts: "- **Problem**: …", "- **Root Cause**: …".
    if (causeList || parts.first().valid) {
        // "1. **Problem**: … / **Fix**: …" in every item, under a heading that is no issue: a
        // "Common problems" list, each item a problem of its own with its parts.
        const int container = headingNode();
        bool problemList = !m_explicit && !m_inPart && m_titleIssue < 0 && m_pendingTitle < 0 && items.size() >= 2
                           && m_guide.nodes.at(container).kind != NodeKind::Issue;
        for (int i = 0; problemList && i < items.size(); ++i) {
            const int lead = leadParagraph(items.at(i));
            problemList = labels.at(i).found && parts.at(i).kind == NodeKind::Symptom
                          && lead >= 0 && labelledLines(m_doc.block(lead), 2) >= 2;
        }
        if (problemList) {
            for (int i = 0; i < items.size(); ++i) {
                const MdBlock &item = m_doc.block(items.at(i));
                const QString title = firstSentenceTitle(labels.at(i).tail);
                const int issue = addNode(NodeKind::Issue, title, item.firstLine, container, HeadingSlugger::slugify(title));
                regionBreak(item.firstLine);
                // Its parts go to it, and its text with them: the problem (its symptom), the
                // fix, the cause. It has no text of its own.
                m_titleIssue = issue;
                const int lead = leadParagraph(items.at(i));
                readPlainLabels(m_doc.block(lead));
                walkItemRest(items.at(i), lead);
                endPart();
                m_titleIssue = -1;
            }
            // What follows the list is the heading's text again.
            resumeRegion(container, list.lastLine + 1);
            return;
        }
        for (int i = 0; i < items.size(); ++i) {
            const MdBlock &item = m_doc.block(items.at(i));
            StructureVocabulary::PartLabel part = parts.at(i);
            const int lead = leadParagraph(items.at(i));
            // An item of a list of causes with no label of its own is a cause.
            const bool unlabelledCause = causeList && !part.valid && lead >= 0;
            if (unlabelledCause)
                part = kCause;
            if (part.valid) {
                // "1. **Problem**: …" with "**Fix**: …" on the item's next line: each labelled
                // line starts its part.
                const bool split = lead >= 0 && m_doc.block(lead).lastLine > m_doc.block(lead).firstLine
                                   && readPlainLabels(m_doc.block(lead), 2, unlabelledCause ? &part : nullptr);
                if (!split)
                    startPart(part, unlabelledCause ? leads.at(i) : labels.at(i).tail, item.firstLine, false);
                if (!split && m_part.node >= 0) {
                    m_regions.last().stripLead = true;
                    m_regions.last().plainLabel = plain.at(i);
                    attachInline(m_doc.block(lead), m_part.node, GuideEdge::Kind::Link);
                }
                // What the item holds besides its label (code, a nested list) belongs to the part.
                walkItemRest(items.at(i), lead);
            } else {
                attachContent(items.at(i), contentNode(QString()));
            }
        }
        return;
    }

    // "- **Login fails with 401**" with "- Cause: …" and "- Fix: …" nested under it: each item
    // is an issue titled by its bold line, as a bold paragraph before a list of parts is.
    if (!m_explicit && !m_inPart && std::all_of(items.cbegin(), items.cend(), [this](int item) { return titlesPartList(item); })) {
        flushPendingTitle();
        const int container = headingNode();
        for (int item : items) {
            const int lead = leadParagraph(item);
            m_titleIssue = -1;
            m_pendingTitle = lead;
            const int issue = ensureIssue(m_doc.block(item).firstLine);
            // The error its title quotes is its first symptom.
            if (const QString error = quotedError(m_doc.block(lead)); !error.isEmpty())
                addErrorSymptom(issue, error, m_doc.block(lead).firstLine);
            walkItemRest(item, lead);
            endPart();
        }
        m_titleIssue = -1;
        // What follows the list is the heading's text again, not the last issue's.
        resumeRegion(container, list.lastLine + 1);
        return;
    }

    // "1. Is the host reachable? `nc -z …`": a list whose items mostly ask to check something.
    // Counted only for the lists that may be one, most lists are not asked, and once: after a
    // stated symptom both branches below ask.
    // So is a list that mixes the two kinds of advice, each item asking to check or to change
    // something ("- [x] Check that it answers: `curl …`", "- [ ] Raise the timeout"): a
    // procedure to look and then fix, whatever the share of looking steps.
    std::optional<bool> checking;
    auto checkingList = [&] {
        if (!checking) {
            int count = 0;
            for (int i = 0; i < items.size(); ++i)
                count += !labels.at(i).found && StructureVocabulary::isCheckingAdvice(leads.at(i));
            checking = count > 0 && count * 2 >= int(items.size());
            if (!*checking && count > 0 && items.size() >= 2) {
                checking = std::all_of(leads.cbegin(), leads.cend(), [&](QStringView lead) {
                    return StructureVocabulary::isCheckingAdvice(lead)
                           || (!firstSentence(lead).endsWith(QLatin1Char('?')) && StructureVocabulary::readsAsAdvice(lead));
                }) && std::none_of(labels.cbegin(), labels.cend(), [](const Label &l) { return l.found; });
            }
        }
        return *checking;
    };
    // "- Enable VirtioFS in Docker Desktop.", "- Add `node_modules` to `.dockerignore`.": bullets
    // that each ask to change something are fixes to try, one an item, as the fixes among a
    // checking list's items are. Numbered, they are one procedure (orderedSolution()).
    auto fixingList = [&] {
        return !list.ordered && items.size() >= 2 && std::none_of(labels.cbegin(), labels.cend(), [](const Label &l) { return l.found; })
               && std::all_of(leads.cbegin(), leads.cend(), [](QStringView lead) {
                      return StructureVocabulary::sentenceOfFix(lead) == 0 && !firstSentence(lead).endsWith(QLatin1Char('?'));
                  });
    };
    // After a symptom its label stated ("**What you see:** pages hang"), such a list ends the
    // symptom: it says how to look into it, not more of what is seen.
    const bool afterStatedSymptom = m_inPart && !m_part.unlabelled && m_part.kind == NodeKind::Symptom && m_part.node >= 0;

    // Items of a plural part: each symptom or solution is its own node. So are the items of a
    // fix's label that waits for its text when they are alternatives ("1. If the scheduler is
    // unhealthy, restart it: … 2. If the pool is full, raise its size: …"), numbered or not.
    auto alternatives = [&] {
        if (m_part.kind != NodeKind::Solution || m_part.node >= 0 || items.size() < 2)
            return false;
        const auto conditional = std::count_if(leads.cbegin(), leads.cend(), [](QStringView lead) {
            return lead.startsWith(QLatin1String("If "), Qt::CaseInsensitive);
        });
        return conditional >= 2 && conditional * 2 >= items.size();
    };
    // So are the items of a plural cause's label or heading ("**Possible causes:**"): each
    // cause its own; a singular one ("### Root cause") keeps its list as its text.
    const bool causes = m_part.kind == NodeKind::Cause && m_part.splitItems && !m_part.stepsInOrder;
    if (m_inPart && (m_part.kind == NodeKind::Symptom || m_part.kind == NodeKind::Solution || causes)
        && ((m_part.splitItems && !(list.ordered && m_part.stepsInOrder) && !(afterStatedSymptom && checkingList())) || alternatives())) {
        flushPendingTitle();
        // "### Resolution" over "- Check the disk: `df -h`": an item that asks to look, not to
        // change, is a diagnosis step, whose commands are checks. Only under one fix's heading
        // or label, beside items that change something, so that the fix keeps one; a list
        // under "Solutions" is the writer's list of fixes.
        auto looks = [&](qsizetype i) { return !labels.at(i).found && StructureVocabulary::isCheckingAdvice(leads.at(i)); };
        bool looksApart = false;
        if (m_part.kind == NodeKind::Solution && m_part.stepsInOrder) {
            qsizetype looking = 0;
            for (qsizetype i = 0; i < items.size(); ++i)
                looking += looks(i);
            looksApart = looking > 0 && looking < items.size();
        }
        for (int i = 0; i < items.size(); ++i) {
            const MdBlock &item = m_doc.block(items.at(i));
            const Label &l = labels.at(i);
            if (looksApart && looks(i)) {
                addLookItem(items.at(i), leads.at(i), m_part.issue);
                continue;
            }
            const QString title = l.found ? l.text.toString() : firstSentenceTitle(leads.at(i));
            m_part.node = newPartItem(m_part.kind, title, item.firstLine, m_part.issue);
            m_regions.last().stripLead = true;
            attachContent(items.at(i), m_part.node);
        }
        return;
    }

    // "- **`ECONNRESET` on every request** — the balancer drops idle connections …": a list
    // of errors, each with what to know or do about it, is one issue per error, as the rows
    // of an error table are. Items that do not quote an error are steps to read.
    if (!m_inPart && errorLabels >= 1 && errorLabels * 2 >= int(items.size())) {
        flushPendingTitle();
        const int container = headingNode();
        for (int i = 0; i < items.size(); ++i) {
            const MdBlock &item = m_doc.block(items.at(i));
            const Label &l = labels.at(i);
            const QString &message = errors.at(i);
            if (message.isEmpty()) {
                // Its own step, so that its text is not read as the error's before it.
                const QString title = l.found ? l.text.toString() : firstSentenceTitle(leads.at(i));
                const int info = addNode(NodeKind::Info, title, item.firstLine, container,
                                         m_guide.nodes.at(container).id + QLatin1Char('/') + HeadingSlugger::slugify(title));
                regionBreak(item.firstLine);
                startRegion(info, item.firstLine, item.firstLine, l.found);
                attachContent(items.at(i), info);
                continue;
            }
            const QString title = l.text.toString();
            const int issue = addNode(NodeKind::Issue, shorten(title, 140), item.firstLine, container, HeadingSlugger::slugify(title));
            regionBreak(item.firstLine);
            startRegion(issue, item.firstLine, item.firstLine, true);
            addErrorSymptom(issue, message, item.firstLine);
            attachContent(items.at(i), issue);
        }
        // What follows the list is the heading's text again, not the last error's.
        resumeRegion(container, list.lastLine + 1);
        return;
    }

    // `**Label**: advice` items under a heading: steps and fixes of the issue the heading names.
    // A numbered list of them is a procedure ("1. **Use the template**: …") unless the heading
    // names a problem.
    const bool adviceList = adviceLabels * 2 >= int(items.size()) && adviceLabels >= 2
                            && (!list.ordered || StructureVocabulary::namesProblem(m_guide.nodes.at(headingNode()).title));
    if (!m_inPart && adviceList) {
        const int issue = ensureIssue(list.firstLine);
        for (int i = 0; i < items.size(); ++i) {
            const MdBlock &item = m_doc.block(items.at(i));
            const Label &l = labels.at(i);
            if (!l.found) {
                attachContent(items.at(i), issue);
                continue;
            }
            const NodeKind kind = StructureVocabulary::isCheckingAdvice(l.tail) ? NodeKind::Diagnosis : NodeKind::Solution;
            const int node = newPartItem(kind, l.text.toString(), item.firstLine, issue);
            m_regions.last().stripLead = true;
            attachContent(items.at(i), node);
        }
        // What follows the list is the issue's text again, as its commands and links already
        // are (contentNode() gives the issue), not the last item's.
        resumeRegion(issue, list.lastLine + 1);
        return;
    }

    // "1. Check that Redis is running: `redis-cli ping`": in an issue's own text, a list whose
    // items ask to check something holds its diagnosis steps, one an item; their commands
    // become checks. Its items that ask to change something ("- [ ] Restart the worker.") are
    // solutions, by their verb as in a list of "**Label**: advice"; any other item is the
    // issue's text again, not the step's before it; after a stated symptom, it ends it.
    if ((!m_inPart || afterStatedSymptom) && !m_explicit && m_titleIssue < 0 && m_pendingTitle < 0 && adviceLabels == 0
        && errorLabels == 0) {
        if ((checkingList() || fixingList()) && headingNamesIssue()) {
            endPart();
            const int issue = ensureIssue(list.firstLine);
            readStepItems(index, items, labels, leads, issue, !isStep(headingNode()));
            resumeRegion(issue, list.lastLine + 1);
            return;
        }
    }

    // "### Diagnosis" or "**Diagnosis:**" over "1. Check the health endpoint: `curl …`" with
    // "- If it times out, restart the pod: …" under it: a diagnosis whose looks are answered in
    // lists of their own is a procedure, as one in an issue's own text is, its answers leading
    // on and its fixes solutions.
    if (m_inPart && m_part.kind == NodeKind::Diagnosis && m_part.node < 0 && adviceLabels == 0 && errorLabels == 0 && isDiagnosisProcedure(index)) {
        const int issue = m_part.issue;
        endPart();
        readStepItems(index, items, labels, leads, issue, true);
        resumeRegion(issue, list.lastLine + 1);
        return;
    }

    // "### Triage" over "1. Check lag on the replica: … 2. Check for long transactions: … 3. Look
    // for `…` in the log": under a diagnosis heading still waiting for its text, a list whose
    // every item asks to look holds a diagnosis step an item, each with its own checks, as a
    // plural fix's heading holds a solution an item.
    if (!m_explicit && m_inPart && m_part.kind == NodeKind::Diagnosis && m_part.node < 0 && m_part.bodyFirst > 0 && items.size() >= 2
        && adviceLabels == 0 && errorLabels == 0
        && std::all_of(leads.cbegin(), leads.cend(), [](QStringView lead) { return StructureVocabulary::isCheckingAdvice(lead); })) {
        const int issue = m_part.issue;
        for (int i = 0; i < items.size(); ++i)
            addLookItem(items.at(i), leads.at(i), issue);
        endPart();
        resumeRegion(issue, list.lastLine + 1);
        return;
    }

    // "1. Update the spec repo … 2. Then install again …": numbered steps that ask to change
    // something, in an issue's own text or under a fix's label that no text titled yet, are
    // one solution, titled by its first step. The steps before it that only ask to look ("1.
    // Check the LoadBehavior value:", then the fix) are diagnosis steps of their own.
    if (list.ordered && !m_explicit && m_titleIssue < 0 && m_pendingTitle < 0 && adviceLabels == 0 && errorLabels == 0
        && orderedSolution(index, items, labels, leads))
        return;

    // "- `0/12 nodes are available: 12 Insufficient cpu.` → go to Mitigation step 1": a look's
    // list of the messages it may show, each leading on. Each message is one the issue shows,
    // a symptom a pasted message finds; the list stays the step's text.
    if (!m_explicit && m_inPart && m_part.kind == NodeKind::Diagnosis)
        messagesLeadingOn(items);
    flushPendingTitle();
    // A part still waiting for its item ("Solution:" then the steps) is titled by the first step,
    // unless a heading or a summary titled it ("### Mitigation").
    QString hint;
    if (m_inPart && m_part.node < 0 && m_part.title.isEmpty() && !leads.first().isEmpty()) {
        hint = firstSentenceTitle(leads.first());
        if (hint.endsWith(QLatin1Char(':')))
            hint.chop(1);
    }
    int node = contentNode(hint);
    bool answers = node >= 0 && m_guide.nodes.at(node).kind == NodeKind::Question;
    // "### Step 1: Is the client running?" with "- Yes → go to [Step 2](#step-2-…)" and
    // "- No → start it": a heading that asks, answered by a list, is a question whose answers
    // lead to the steps they link to, labelled by the answer given.
    QVarLengthArray<QStringView, 32> answerWords(items.size(), QStringView()); // a view is "primitive": sized alone, left unset
    if (!answers && !m_explicit && !m_inPart && node > 0 && fromHeading(node)
        && (m_guide.nodes.at(node).kind == NodeKind::Section || (m_guide.nodes.at(node).kind == NodeKind::Check && isStep(node)))
        && m_guide.nodes.at(node).title.endsWith(QLatin1Char('?'))) {
        int answered = 0;
        bool leadsOn = false; // some answer links to where it leads
        for (int i = 0; i < items.size(); ++i) {
            answerWords[i] = StructureVocabulary::answerWord(leads.at(i));
            if (answerWords.at(i).isEmpty())
                continue;
            ++answered;
            const int lead = leadParagraph(items.at(i));
            const MarkdownDocument::Spans spans = m_doc.spans(m_doc.block(lead));
            leadsOn = leadsOn || std::any_of(spans.begin(), spans.end(), [](const MdSpan &span) { return span.kind == MdSpan::Link; });
        }
        if (answered >= 2 && answered * 2 >= int(items.size()) && leadsOn) {
            m_guide.nodes[node].kind = NodeKind::Question;
            answers = true;
        }
    }
    // "- If you see `EADDRINUSE`, … kill it" among a step's answers: a fix of its own too.
    const bool stepFixes = !answers && !m_explicit && !m_inPart && isStep(node) && node == headingNode() && currentIssue() >= 0;
    for (int i = 0; i < items.size(); ++i) {
        const int item = items.at(i);
        if (!answers && !m_explicit && m_walkDepth < kMaxWalkDepth && opensFold(item)) {
            // "- <details><summary>Why?</summary>…": an item that is a fold is read as one, its
            // blocks in the fold's context; the items after it go where the text then goes.
            ++m_walkDepth;
            walk(m_doc.childList(item));
            --m_walkDepth;
            node = contentNode(QString());
            continue;
        }
        if (answers) {
            const int lead = leadParagraph(item);
            const qsizetype before = m_links.size();
            if (lead >= 0)
                attachInline(m_doc.block(lead), node, GuideEdge::Kind::Answer);
            for (qsizetype k = before; k < m_links.size() && !answerWords.at(i).isEmpty(); ++k)
                m_links[k].label = answerWords.at(i).toString();
            // An answer that links nowhere may say what to do: "If you see `Error 1067`, reinstall it".
            if (m_links.size() == before && isStep(node) && currentIssue() >= 0)
                readStepFixItem(node, item);
            for (int child : m_doc.children(item)) {
                if (child != lead)
                    attachContent(child, node);
            }
        } else {
            const qsizetype leadsBefore = m_stepLeads.size();
            attachContent(item, node);
            // The ways on of an item that is a fix are the fix's ("… and go back to Step 1").
            const qsizetype leadsAfter = m_stepLeads.size();
            if (stepFixes && readStepFixItem(node, item) >= 0)
                m_stepLeads.remove(leadsBefore, leadsAfter - leadsBefore);
        }
    }
}

QString StructureReader::stepTitle(QStringView lead)
{
    // "Update the spec repo:": the step's first sentence, without the colon that leads on.
    QString title = firstSentenceTitle(lead);
    if (title.endsWith(QLatin1Char(':')))
        title.chop(1);
    return title;
}

void StructureReader::addLookItem(int item, QStringView lead, int issue)
{
    // "Check lag on the replica: `psql …`": titled by what it asks, before the colon.
    if (const qsizetype colon = lead.indexOf(QLatin1String(": ")); colon > 0)
        lead = lead.left(colon);
    const int step = newPartItem(NodeKind::Diagnosis, stepTitle(lead), m_doc.block(item).firstLine, issue);
    m_regions.last().stripLead = true;
    attachContent(item, step);
}

void StructureReader::readStepItems(int index, const MarkdownDocument::BlockIndexes &items, std::span<const Label> labels,
                                    std::span<const QStringView> leads, int issue, bool mayBeProcedure)
{
    const MdBlock &list = m_doc.block(index);
    bool afterStep = false; // the issue's text was interrupted by a step
    // "1. Is the pod running? … - **Yes** → go to step 2. - **No** → scale it up: …": a
    // numbered list of looks answered in lists of their own is a procedure, its items
    // steps by their numbers, as "Step N" headings are.
    QVarLengthArray<int, 16> answerLists(items.size(), -1); // each item's list of answers, if any
    bool procedure = false;
    if (mayBeProcedure) {
        for (int i = 0; i < items.size(); ++i)
            procedure = (answerLists[i] = answerList(items.at(i))) >= 0 || procedure;
    }
    // Its steps are numbered within it: another list's "go to step 2" is not to this one.
    const ProcedureScope scope(this, procedure ? listProcedureKey(index) : m_listProcedure, issue);
    for (int i = 0; i < items.size(); ++i) {
        const MdBlock &item = m_doc.block(items.at(i));
        // A procedure's item answered in a list of its own asks to look, whatever its words
        // ("Can you reach Redis? Run `redis-cli ping`." with "- Yes: …" and "- No: …").
        const bool looks = !labels[i].found && (StructureVocabulary::isCheckingAdvice(leads[i]) || answerLists.at(i) >= 0);
        // A question ("Where does the route stop?") asks to look, never to change.
        const bool fix = !looks && !labels[i].found && !firstSentence(leads[i]).endsWith(QLatin1Char('?'))
                         && (StructureVocabulary::readsAsAdvice(leads[i]) || StructureVocabulary::sentenceOfFix(leads[i]) == 0);
        if (!looks && !fix) {
            if (afterStep)
                resumeRegion(issue, item.firstLine);
            afterStep = false;
            attachContent(items.at(i), issue);
            continue;
        }
        // Titled by what it asks, up to the command after a colon.
        QStringView lead = leads[i];
        if (const qsizetype colon = lead.indexOf(QLatin1String(": ")); colon > 0)
            lead = lead.left(colon);
        // A procedure's step runs its commands itself, as a "Step N" heading's does.
        const NodeKind kind = !looks ? NodeKind::Solution : procedure ? NodeKind::Check : NodeKind::Diagnosis;
        const int step = newPartItem(kind, firstSentenceTitle(lead), item.firstLine, issue);
        m_regions.last().stripLead = true;
        if (procedure && looks)
            addListStep(items.at(i), answerLists.at(i), step, list.ordered ? list.start + i : i + 1);
        else
            attachContent(items.at(i), step);
        afterStep = true;
    }
}

int StructureReader::answerList(int item) const
{
    // A list among the item's blocks whose items mostly open with an answer ("**Yes** → …",
    // "If it prints `no response`, …").
    for (const int child : m_doc.children(item)) {
        const MdBlock &b = m_doc.block(child);
        if (b.kind != MdBlockKind::List)
            continue;
        const MarkdownDocument::BlockIndexes answers = m_doc.childList(child);
        int answered = 0;
        for (const int answer : answers) {
            const int lead = leadParagraph(answer);
            answered += lead >= 0 && !StructureVocabulary::answerCondition(m_doc.text(m_doc.block(lead))).isEmpty();
        }
        if (answered > 0 && answered * 2 >= int(answers.size()))
            return child;
    }
    return -1;
}

void StructureReader::addListStep(int item, int answers, int step, int number)
{
    const int container = stepContainer();
    m_steps.append({step, container, number});
    state(step).step = number;
    state(step).stepContainer = container;
    readListAnswers(item, answers, step, 0);
}

void StructureReader::readListAnswers(int item, int answers, int step, int depth)
{
    for (const int child : m_doc.children(item)) {
        if (child != answers) {
            // "If `keyspace_misses` grows, raise `maxmemory`. Otherwise go to step 3." in the
            // item's own text: fixes its answers lead to, as in a step heading's text.
            if (m_doc.block(child).kind != MdBlockKind::Paragraph || !readStepFix(child, step, true))
                attachContent(child, step);
            continue;
        }
        // Each answer leads on ("go to step 2"), asks the next question ("**Yes** → Does the name
        // resolve? `dig …`", with or without answers of its own under it), or says what to do,
        // a fix it leads to, whose own ways on are the fix's ("… and retry step 1").
        const MarkdownDocument::BlockIndexes items = m_doc.childList(child);
        for (qsizetype i = 0; i < items.size(); ++i) {
            const int answer = items.at(i);
            if (depth < kMaxWalkDepth && followUpQuestion(answer, step, depth)) {
                // The answers after it are this step's text again.
                if (i + 1 < items.size())
                    resumeRegion(step, m_doc.block(items.at(i + 1)).firstLine);
                continue;
            }
            // A fix's commands are the fix's: "open a ticket with the output of `curl -v …`" is
            // no check of the step that asks.
            if (const int fix = readStepFixItem(step, answer); fix >= 0) {
                const int lead = leadParagraph(answer);
                for (const int block : m_doc.children(answer)) {
                    if (block != lead)
                        attachContent(block, fix);
                }
                continue;
            }
            attachContent(answer, step);
        }
    }
}

bool StructureReader::followUpQuestion(int answer, int step, int depth)
{
    const int lead = leadParagraph(answer);
    if (lead < 0)
        return false;
    const MdBlock &p = m_doc.block(lead);
    const QStringView text = m_doc.text(p).trimmed();
    QStringView question;
    const QStringView condition = givenAnswer(text, &question);
    if (condition.isEmpty() || question.isEmpty())
        return false;
    // It asks (its first sentence a question), or answers of its own follow it.
    const int answers = answerList(answer);
    if (answers < 0 && !firstSentence(question).endsWith(QLatin1Char('?')))
        return false;
    // Titled by what it asks, before the command it runs: "Does the name resolve?".
    QString title = stepTitle(question);
    if (const qsizetype colon = title.indexOf(QLatin1String(": ")); colon > 0)
        title.truncate(colon);
    const int line = m_doc.block(answer).firstLine;
    const int next = newPartItem(NodeKind::Check, title, line, currentIssue());
    const QStringView source = m_doc.source().linesView(line, line);
    // Its text starts with the question, after the answer that leads to it; the lines under
    // it lose the item's indent (its marker's width: "  - " is 4).
    if (const qsizetype at = source.indexOf(question.first(std::min<qsizetype>(question.size(), 16))); at > 0) {
        m_regions.last().textColumn = int(at);
        m_regions.last().indent = int(listMarkerEnd(source));
    } else {
        m_regions.last().stripLead = true;
    }
    // Not a step by number: none leads to it but this answer.
    m_steps.append({next, m_states.at(step).stepContainer, 0});
    state(next).stepContainer = m_states.at(step).stepContainer;
    noteConditionErrors(p, step, condition.data() - m_doc.text(p).data(), condition.size(), line);
    m_stepLeads.append({step, -1, 0, condition.toString(), line, next, condition.data() - m_doc.text(p).data()});
    readListAnswers(answer, answers, next, depth + 1);
    return true;
}

void StructureReader::messagesLeadingOn(const MarkdownDocument::BlockIndexes &items)
{
    QVarLengthArray<std::pair<QStringView, int>, 8> messages;
    for (int item : items) {
        const int lead = leadParagraph(item);
        if (lead < 0)
            return;
        const MdBlock &b = m_doc.block(lead);
        const MarkdownDocument::Spans spans = m_doc.spans(b);
        const QStringView text = m_doc.text(b);
        if (spans.isEmpty() || spans.first().kind != MdSpan::Code || !text.left(spans.first().begin).trimmed().isEmpty())
            return;
        const QStringView code = text.mid(spans.first().begin, spans.first().end - spans.first().begin).trimmed();
        if (StructureVocabulary::arrowWidth(text.mid(spans.first().end).trimmed()) == 0
            || (CommandRecognizer::looksLikeCommandLine(code) && !quotesAnError(code)))
            return;
        messages.append({code, b.firstLine});
    }
    const int issue = m_part.issue;
    for (const auto &[message, line] : messages)
        addErrorSymptom(issue, message.toString(), line);
}

bool StructureReader::orderedSolution(int index, const MarkdownDocument::BlockIndexes &items, std::span<const Label> labels,
                                      std::span<const QStringView> leads)
{
    // A fix's label waiting for its text, or a fix's heading ("### Resolution") whose list is
    // its first text.
    const bool underFix = m_inPart && m_part.kind == NodeKind::Solution && m_part.node < 0
                          && ((m_part.title.isEmpty() && m_part.bodyFirst <= 0) || (m_part.bodyFirst > 0 && m_part.stepsInOrder));
    if (!underFix && (m_inPart || !headingNamesIssue()))
        return false;
    auto fix = [&](qsizetype i) { return !labels[i].found && StructureVocabulary::sentenceOfFix(leads[i]) == 0; };
    qsizetype first = 0; // the first step to change something, after the steps that look
    while (first < items.size() && !labels[first].found && StructureVocabulary::isCheckingAdvice(leads[first]))
        ++first;
    if (first == items.size())
        return false;
    if (underFix) {
        // Under a fix's label, the label says the rest changes something; only the steps that
        // look before it are new.
        if (first == 0)
            return false;
    } else {
        if (!fix(first))
            return false;
        // In the issue's own text, most steps ask to change something: a procedure, not notes.
        int fixes = 0;
        for (qsizetype i = first; i < items.size(); ++i)
            fixes += fix(i);
        if (fixes < 2 || fixes * 2 < int(items.size()))
            return false;
    }
    const int issue = underFix ? m_part.issue : ensureIssue(m_doc.block(index).firstLine);
    for (qsizetype i = 0; i < first; ++i)
        addLookItem(items.at(i), leads[i], issue);
    const QString title = stepTitle(leads[first]);
    // Its text is its steps, numbers and all.
    const int solution = newPartItem(NodeKind::Solution, title, m_doc.block(items.at(first)).firstLine, issue);
    for (qsizetype i = first; i < items.size(); ++i)
        attachContent(items.at(i), solution);
    if (underFix) {
        // What follows the list under the label is more of the fix.
        m_part.node = solution;
    } else {
        resumeRegion(issue, m_doc.block(index).lastLine + 1);
    }
    return true;
}

void StructureReader::walkItemRest(int itemIndex, int lead)
{
    MarkdownDocument::BlockIndexes rest = m_doc.childList(itemIndex);
    rest.removeAll(lead);
    // Hostile input can nest labelled lists without end: past a sane depth, the rest is
    // content of the current node, read without recursion.
    if (m_walkDepth < kMaxWalkDepth) {
        ++m_walkDepth;
        walk(rest);
        --m_walkDepth;
    } else {
        for (int child : std::as_const(rest))
            attachContent(child, contentNode(QString()));
    }
}

int StructureReader::plainPartLabels(const MarkdownDocument::BlockIndexes &items) const
{
    int count = 0;
    for (int i = 0; i < items.size() && count < 2; ++i) {
        QString word;
        bool bold = false;
        const bool labelled = plainLabelOf(m_doc.block(items.at(i)).firstLine, &word, &bold).valid && !bold;
        if (i == 0 && !labelled)
            return 0;
        count += labelled;
    }
    return count;
}

bool StructureReader::headingNamesAProblem() const
{
    // Release notes ("- Fix: the agent no longer crashes") and glossaries ("- Symptom: what
    // the user reports") use the same words: a problem's list sits under a heading that names
    // one ("## Login fails", "## Known issues").
    const int heading = headingNode();
    return heading > 0
           && (StructureVocabulary::namesProblem(m_guide.nodes.at(heading).title)
               || StructureVocabulary::describesFailure(m_guide.nodes.at(heading).title));
}

bool StructureReader::holdsPartLabel(int itemIndex) const
{
    // On a line of its text after the first ("  **Fix:** start Redis"), or opening a paragraph
    // or a list under it.
    const int lead = leadParagraph(itemIndex);
    if (lead < 0)
        return false;
    const MdBlock &text = m_doc.block(lead);
    for (int line = text.firstLine + 1; text.firstLine > 0 && line <= text.lastLine && line <= text.firstLine + 8; ++line) {
        QString word;
        bool bold = false;
        if (plainLabelOf(line, &word, &bold).valid)
            return true;
    }
    for (int next = text.nextSibling; next >= 0; next = m_doc.block(next).nextSibling) {
        const int paragraph = m_doc.block(next).kind == MdBlockKind::List ? leadParagraph(m_doc.block(next).firstChild)
                              : m_doc.block(next).kind == MdBlockKind::Paragraph ? next
                                                                                 : -1;
        if (paragraph < 0)
            continue;
        const Label label = leadingLabel(m_doc.block(paragraph));
        const StructureVocabulary::PartLabel part = label.found ? StructureVocabulary::partLabel(label.text) : StructureVocabulary::PartLabel{};
        if (part.valid && part.kind != NodeKind::Info)
            return true;
    }
    return false;
}

bool StructureReader::titlesPartList(int itemIndex) const
{
    // The title: a bold line, or a sentence or two ("`save()` on Windows raises `PermissionError`").
    const int lead = leadParagraph(itemIndex);
    if (lead < 0 || m_doc.text(m_doc.block(lead)).size() > 300)
        return false;
    const int next = m_doc.block(lead).nextSibling;
    if (next < 0 || m_doc.block(next).kind != MdBlockKind::List)
        return false;
    const MarkdownDocument::BlockIndexes nested = m_doc.childList(next);
    if (nested.isEmpty())
        return false;
    Label label;
    itemLeadText(nested.first(), &label);
    StructureVocabulary::PartLabel part = label.found ? StructureVocabulary::partLabel(label.text) : StructureVocabulary::PartLabel{};
    if (!part.valid && plainPartLabels(nested) >= 1) {
        QString word;
        bool bold = false;
        part = plainLabelOf(m_doc.block(nested.first()).firstLine, &word, &bold);
    }
    // Under a sentence rather than a bold title, a step to check ("- Install it. / - Verify: …")
    // is a procedure, not a problem: it takes a fix, a cause or a symptom.
    return part.valid && (part.kind != NodeKind::Diagnosis || isTitleParagraph(m_doc.block(lead)));
}

QString StructureReader::quotedError(const MdBlock &paragraph) const
{
    for (const MdSpan &span : m_doc.spans(paragraph)) {
        if (span.kind != MdSpan::Code)
            continue;
        const QStringView code = m_doc.spanText(paragraph, span).trimmed();
        if (quotesAnError(code))
            return code.toString();
    }
    return {};
}

bool StructureReader::opensFold(int itemIndex) const
{
    const MdBlock &item = m_doc.block(itemIndex);
    if (item.firstChild < 0)
        return false;
    const MdBlock &first = m_doc.block(item.firstChild);
    return first.kind == MdBlockKind::Html && m_doc.text(first).contains(QLatin1String("<summary"), Qt::CaseInsensitive);
}

StructureReader::ErrorColumns StructureReader::errorColumns(const QStringList &headers)
{
    QVarLengthArray<StructureVocabulary::Column, 8> columns;
    for (const QString &header : headers)
        columns.append(StructureVocabulary::tableColumn(header));
    ErrorColumns found;
    found.error = int(columns.indexOf(StructureVocabulary::Column::Error));
    found.cause = int(columns.indexOf(StructureVocabulary::Column::Cause));
    found.solution = int(columns.indexOf(StructureVocabulary::Column::Solution));
    for (int i = 0; i < headers.size() && found.check < 0; ++i) {
        if (columns.at(i) == StructureVocabulary::Column::Other && StructureVocabulary::isDiagnosisHeading(headers.at(i)))
            found.check = i;
    }
    return found;
}

void StructureReader::onTable(int index)
{
    flushPendingTitle();
    const MarkdownDocument::BlockIndexes rows = m_doc.childList(index);
    QStringList headers;
    int bodyStart = 0;
    for (int i = 0; i < rows.size(); ++i) {
        if (!m_doc.block(rows.at(i)).header)
            break;
        bodyStart = i + 1;
        for (int cell : m_doc.children(rows.at(i)))
            headers.append(m_doc.text(m_doc.block(cell)).trimmed().toString());
    }
    if (m_headingSteps && readStepTable(index, rows, headers, bodyStart))
        return;
    if (readDecisionTable(index, rows, headers, bodyStart))
        return;
    const ErrorColumns columns = errorColumns(headers);
    // "**Resolution**" over a table of what is seen and what to do ("If the log shows | Fix"):
    // each row is a fix of its own, in order, titled by what the row says to do.
    if (!m_explicit && m_inPart && m_part.kind == NodeKind::Solution && m_part.node < 0 && headers.size() == 2
        && columns.solution == 1 && columns.cause < 0 && rows.size() - bodyStart >= 2) {
        const int issue = m_part.issue;
        for (int i = bodyStart; i < rows.size(); ++i) {
            const MarkdownDocument::BlockIndexes cells = m_doc.childList(rows.at(i));
            if (cells.size() < 2)
                continue;
            const MdBlock &when = m_doc.block(cells.at(0));
            const MdBlock &fix = m_doc.block(cells.at(1));
            const QString what = m_doc.text(fix).trimmed().toString();
            if (what.isEmpty())
                continue;
            const int line = m_doc.block(rows.at(i)).firstLine;
            const int n = newPartItem(NodeKind::Solution, firstSentenceTitle(what), line, issue);
            m_guide.nodes[n].presetBody = SecretRedaction::redact(
                QStringLiteral("%1: %2").arg(m_doc.text(when).trimmed().toString(), what));
            for (const MdSpan &span : m_doc.spans(fix)) {
                if (span.kind == MdSpan::Code && m_doc.spanText(fix, span).contains(QLatin1Char(' ')))
                    addInlineCommand(n, m_doc.spanText(fix, span), line);
            }
        }
        endPart();
        resumeRegion(issue, m_doc.block(index).lastLine + 1);
        return;
    }
    if (m_inPart || !columns.listErrors()) {
        attachContent(index, contentNode(QString()));
        return;
    }

    // An error table: every row is an issue a pasted message can find.
    const int container = headingNode();
    for (int i = bodyStart; i < rows.size(); ++i) {
        const MarkdownDocument::BlockIndexes cells = m_doc.childList(rows.at(i));
        auto cellText = [&](int column) -> QString {
            return column >= 0 && column < cells.size() ? m_doc.text(m_doc.block(cells.at(column))).trimmed().toString() : QString();
        };
        auto cellCodes = [&](int column) {
            QStringList codes;
            if (column < 0 || column >= cells.size())
                return codes;
            const MdBlock &cell = m_doc.block(cells.at(column));
            for (const MdSpan &span : m_doc.spans(cell)) {
                if (span.kind == MdSpan::Code)
                    codes.append(m_doc.spanText(cell, span).trimmed().toString());
            }
            return codes;
        };
        ErrorRow row{m_doc.block(rows.at(i)).firstLine, cellText(columns.error), cellText(columns.cause), cellText(columns.solution), {},
                     cellText(columns.check), {}};
        if (!row.solution.isEmpty())
            row.codes = cellCodes(columns.solution);
        if (!row.check.isEmpty())
            row.checkCodes = cellCodes(columns.check);
        addErrorRow(container, headers.at(columns.error), columns, row);
    }
}

void StructureReader::addErrorRow(int container, const QString &errorHeader, const ErrorColumns &columns, const ErrorRow &row)
{
    QString message = row.message;
    if (message.isEmpty())
        return;
    QString title = message;
    const QString &cause = row.cause;
    if (StructureVocabulary::isBareCode(message)) {
        // A table of codes ("Code | Meaning"): a code alone says nothing, so the row is
        // named by its column ("Exit code 3") and titled by its meaning. A code that means
        // success is no problem, and no issue.
        if (StructureVocabulary::meansSuccess(columns.cause >= 0 ? cause : row.solution))
            return;
        message = errorHeader + QLatin1Char(' ') + message;
        title = cause.isEmpty() ? message : message + QStringLiteral(": ") + cause;
    }
    const int issue = addNode(NodeKind::Issue, shorten(title, 140), row.line, container, HeadingSlugger::slugify(message));
    // The message is shown twice, in the issue's body and in its symptom's: masked once.
    const QString shown = SecretRedaction::redact(message);
    m_guide.nodes[issue].presetBody = QStringLiteral("`%1`").arg(shown);
    addErrorSymptom(issue, message, shown, row.line);
    if (!cause.isEmpty()) {
        const int n = addNode(NodeKind::Cause, shorten(cause), row.line, issue, m_guide.nodes.at(issue).id + QStringLiteral("/cause"));
        m_guide.nodes[n].presetBody = SecretRedaction::redact(cause);
    }
    if (!row.check.isEmpty()) {
        // "Check: `pg_isready -h pay-db`": how to tell it is this row's problem, before its fix.
        const int n = addNode(NodeKind::Diagnosis, shorten(row.check), row.line, issue, m_guide.nodes.at(issue).id + QStringLiteral("/diagnosis"));
        m_guide.nodes[n].presetBody = SecretRedaction::redact(row.check);
        for (const QString &code : row.checkCodes) {
            if (!code.contains(QLatin1Char(' ')))
                continue;
            if (const auto spec = CommandRecognizer::recogniseShell(code))
                addInlineCheck(n, *spec, code, row.line);
            else if (CommandRecognizer::looksLikeCommandLine(code))
                addInlineCommand(n, code, row.line);
        }
    }
    if (!row.solution.isEmpty()) {
        const int n = addNode(NodeKind::Solution, shorten(row.solution), row.line, issue,
                              m_guide.nodes.at(issue).id + QStringLiteral("/solution-1"));
        m_guide.nodes[n].order = ++state(issue).solutions;
        m_guide.nodes[n].presetBody = SecretRedaction::redact(row.solution);
        // Code of more than a word in the fix ("`sudo systemctl start redis`") is a command to copy.
        for (const QString &code : row.codes) {
            if (code.contains(QLatin1Char(' ')))
                addInlineCommand(n, code, row.line);
        }
    }
}

bool StructureReader::onHtml(const MdBlock &b)
{
    // A guide written in HTML: `<h3>Issue: …</h3>` is a heading as `### Issue: …` is, and a
    // `<table>` whose first row names an error and a cause or a fix is an error table, as in
    // Markdown. GitHub gives a raw HTML heading no anchor, so it takes none here either (its
    // id is made under its container's, as a summary's is). Tags inside comments are text.
    const QStringView html = m_doc.text(b);
    LineCounter lineOf{html, b.firstLine};
    // Whether a tag's name ends at `at`: "<td>", "<td class=…>", not "<tdx>" or "<thead>".
    auto nameEnds = [&](qsizetype at) { return at < html.size() && (html.at(at) == QLatin1Char('>') || html.at(at).isSpace()); };
    // The next tag `name` ("<tr", "</td") from `from` before `stop` whose name ends there, or -1.
    // Looked for up to `stop` only: a table of thousands of rows is read once, not once a row.
    auto nextTag = [&](QLatin1StringView name, qsizetype from, qsizetype stop) {
        const QStringView within = html.first(stop);
        for (qsizetype at = within.indexOf(name, from, Qt::CaseInsensitive); at >= 0;
             at = within.indexOf(name, at + 1, Qt::CaseInsensitive)) {
            if (nameEnds(at + name.size()))
                return at;
        }
        return qsizetype(-1);
    };
    const bool topLevel = b.parent >= 0 && m_doc.block(b.parent).kind == MdBlockKind::Document;
    bool structure = false;
    qsizetype paragraphClose = -2; // the next `</p>` looked for: -2 not yet, -1 none
    // The next '>' from `at`, found again only once passed: thousands of `<p ` or `<h3 ` with no
    // '>' after them are searched once, not once each.
    qsizetype gt = -2;
    auto tagEnd = [&](qsizetype at) {
        if (gt != -1 && gt < at)
            gt = html.indexOf(QLatin1Char('>'), at);
        return gt;
    };
    for (qsizetype at = html.indexOf(QLatin1Char('<')); at >= 0 && at + 3 < html.size(); at = html.indexOf(QLatin1Char('<'), at + 1)) {
        if (html.mid(at, 4) == QLatin1String("<!--")) {
            const qsizetype close = html.indexOf(QLatin1String("-->"), at + 4);
            if (close < 0)
                break;
            at = close + 2;
            continue;
        }
        const QChar level = html.at(at + 2);
        if ((html.at(at + 1) == QLatin1Char('h') || html.at(at + 1) == QLatin1Char('H')) && level >= QLatin1Char('1')
            && level <= QLatin1Char('6') && nameEnds(at + 3)) {
            const qsizetype open = tagEnd(at);
            const QString closing = QStringLiteral("</h") + level;
            const qsizetype close = open < 0 ? -1 : html.indexOf(closing, open, Qt::CaseInsensitive);
            const qsizetype closeEnd = close < 0 ? -1 : html.indexOf(QLatin1Char('>'), close);
            if (closeEnd < 0)
                break; // no heading closes after it: none after it does either
            HeadingText h;
            h.anchored = false;
            summaryText(html.mid(open + 1, close - open - 1), &h);
            if (!h.text.isEmpty()) {
                h.level = level.digitValue();
                h.line = h.regionLine = lineOf(at);
                h.bodyFirst = lineOf(close) + 1;
                // "<h3>Why?</h3><p>Because …</p>": its text starts on its line. Columns are the
                // source's where the block's lines are written as they are (not in a list item).
                const qsizetype newline = html.indexOf(QLatin1Char('\n'), closeEnd);
                const qsizetype lineEnd = newline < 0 ? html.size() : newline;
                if (topLevel && !html.mid(closeEnd + 1, lineEnd - closeEnd - 1).trimmed().isEmpty()) {
                    h.textAfterSummary = true;
                    h.textColumn = int(closeEnd + 1 - (html.first(closeEnd).lastIndexOf(QLatin1Char('\n')) + 1));
                    h.bodyFirst = lineOf(close);
                }
                openHeading(h);
                structure = true;
            }
            at = closeEnd;
            continue;
        }
        // "<p><strong>Fix:</strong> restart the agent.</p>": a labelled part, as the same words
        // in a Markdown paragraph are.
        if ((html.at(at + 1) == QLatin1Char('p') || html.at(at + 1) == QLatin1Char('P')) && nameEnds(at + 2)) {
            const qsizetype open = tagEnd(at);
            // The next `</p>`, found again only once passed: thousands of unclosed `<p>` are
            // searched once, not once each.
            if (open >= 0 && paragraphClose != -1 && paragraphClose < open)
                paragraphClose = nextTag(QLatin1StringView("</p"), open, html.size());
            const qsizetype close = open < 0 ? -1 : paragraphClose;
            if (close < 0)
                continue;
            if (openHtmlPart(html.mid(open + 1, close - open - 1), lineOf(at)))
                structure = true;
            at = close;
            continue;
        }
        if (html.mid(at, 6).compare(QLatin1String("<table"), Qt::CaseInsensitive) != 0 || !nameEnds(at + 6))
            continue;
        const qsizetype tableEnd = nextTag(QLatin1StringView("</table"), at, html.size());
        const qsizetype stop = tableEnd < 0 ? html.size() : tableEnd;
        // Its rows, each the cells up to the next row: a `<th>` or `<td>` cell's text runs to its
        // closing tag, or to the next cell.
        struct Row {
            int line = 0;
            QStringList texts;
            QList<QStringList> codes; // each cell's `<code>` elements
        };
        QList<Row> rows;
        for (qsizetype row = nextTag(QLatin1StringView("<tr"), at, stop); row >= 0;) {
            const qsizetype nextRow = nextTag(QLatin1StringView("<tr"), row + 3, stop);
            const qsizetype rowEnd = nextRow < 0 ? stop : nextRow;
            // The next `<td>` and `<th>` from a position on (-1: none left), each found again
            // only once passed: a row of thousands of one kind is searched once for the other.
            qsizetype td = -2;
            qsizetype th = -2;
            auto nextCell = [&](qsizetype from) {
                if (td != -1 && td < from)
                    td = nextTag(QLatin1StringView("<td"), from, rowEnd);
                if (th != -1 && th < from)
                    th = nextTag(QLatin1StringView("<th"), from, rowEnd);
                return td < 0 ? th : th < 0 ? td : std::min(td, th);
            };
            Row &cells = rows.emplaceBack();
            cells.line = lineOf(row);
            for (qsizetype cell = nextCell(row); cell >= 0;) {
                const qsizetype following = nextCell(cell + 3);
                const qsizetype cellEnd = following < 0 ? rowEnd : following;
                const qsizetype open = html.first(cellEnd).indexOf(QLatin1Char('>'), cell);
                if (open < 0)
                    break;
                qsizetype close = nextTag(QLatin1StringView("</td"), open, cellEnd);
                if (const qsizetype th = nextTag(QLatin1StringView("</th"), open, cellEnd); th >= 0 && (close < 0 || th < close))
                    close = th;
                HeadingText text;
                summaryText(html.mid(open + 1, (close < 0 ? cellEnd : close) - open - 1), &text);
                cells.texts.append(text.text);
                cells.codes.append(text.codes);
                cell = following;
            }
            row = nextRow;
        }
        at = std::max(at, stop - 1);
        // The first row names the columns, as a Markdown table's header does.
        const ErrorColumns columns = rows.isEmpty() ? ErrorColumns{} : errorColumns(rows.first().texts);
        if (m_inPart || !columns.listErrors())
            continue;
        structure = true;
        const int container = headingNode();
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const Row &cells = rows.at(i);
            auto cellText = [&](int column) { return column >= 0 && column < cells.texts.size() ? cells.texts.at(column) : QString(); };
            ErrorRow row{cells.line, cellText(columns.error), cellText(columns.cause), cellText(columns.solution), {},
                         cellText(columns.check), {}};
            if (columns.solution >= 0 && columns.solution < cells.codes.size())
                row.codes = cells.codes.at(columns.solution);
            if (columns.check >= 0 && columns.check < cells.codes.size())
                row.checkCodes = cells.codes.at(columns.check);
            addErrorRow(container, rows.first().texts.at(columns.error), columns, row);
        }
    }
    return structure;
}

bool StructureReader::openHtmlPart(QStringView content, int line)
{
    // The label is the bold element the paragraph opens with; its colon is inside it or after it.
    const QStringView text = content.trimmed();
    QLatin1StringView closing;
    if (text.startsWith(QLatin1String("<strong>"), Qt::CaseInsensitive))
        closing = QLatin1StringView("</strong>");
    else if (text.startsWith(QLatin1String("<b>"), Qt::CaseInsensitive))
        closing = QLatin1StringView("</b>");
    else
        return false;
    const qsizetype labelEnd = text.indexOf(closing, 0, Qt::CaseInsensitive);
    if (labelEnd < 0)
        return false;
    HeadingText label;
    summaryText(text.first(labelEnd), &label);
    HeadingText tail;
    summaryText(text.mid(labelEnd + closing.size()), &tail);
    QStringView word = QStringView(label.text).trimmed();
    QStringView said = QStringView(tail.text).trimmed();
    if (word.endsWith(QLatin1Char(':')))
        word.chop(1);
    else if (said.startsWith(QLatin1Char(':')))
        said = said.sliced(1).trimmed();
    else
        return false;
    const StructureVocabulary::PartLabel part = StructureVocabulary::partLabel(word.trimmed());
    if (!part.valid || part.kind == NodeKind::Info)
        return false;
    startPart(part, said, line, false);
    if (m_part.node < 0)
        return true;
    // Its `<code>` elements: commands to copy in a fix, checks where a step looks.
    const NodeKind kind = m_guide.nodes.at(m_part.node).kind;
    for (const QString &code : std::as_const(tail.codes)) {
        if (!CommandRecognizer::looksLikeCommandLine(code) || quotesAnError(code))
            continue;
        if (const auto spec = runsChecks(kind) ? CommandRecognizer::recogniseShell(code) : std::nullopt) {
            addInlineCheck(m_part.node, *spec, code, line);
        } else {
            addInlineCommand(m_part.node, code, line);
        }
    }
    return true;
}

void StructureReader::onRule(const MdBlock &b)
{
    // A thematic break ends the step it follows: what comes after it ("Last reviewed …", a
    // note for the next section) is no part of that solution or diagnosis. It is its issue's
    // text again, up to the next heading or step.
    if (!m_inPart)
        return;
    const int item = m_part.node;
    const int owner = m_part.issue >= 0 ? m_part.issue : headingNode();
    endPart();
    // A heading right after the rule starts the next node anyway: no text to resume.
    if (item >= 0 && b.nextSibling >= 0 && m_doc.block(b.nextSibling).kind != MdBlockKind::Heading)
        resumeRegion(owner, b.lastLine + 1);
}

bool StructureReader::isLabelledQuote(int index) const
{
    const MdBlock &quote = m_doc.block(index);
    if (m_explicit || quote.firstChild < 0)
        return false;
    // An alert's title (the heading its marker became), then the text; any other quote's text
    // from its start. A paragraph, or a list whose first item opens with the label.
    const bool alert = std::binary_search(m_alertTitles.cbegin(), m_alertTitles.cend(), quote.firstLine);
    int text = quote.firstChild;
    if (alert) {
        if (m_doc.block(text).kind != MdBlockKind::Heading || m_doc.block(text).nextSibling < 0)
            return false;
        text = m_doc.block(text).nextSibling;
    }
    if (m_doc.block(text).kind == MdBlockKind::List)
        text = leadParagraph(m_doc.block(text).firstChild);
    if (text < 0 || m_doc.block(text).kind != MdBlockKind::Paragraph)
        return false;
    // "> **Build is slow** → enable the cache": a quick answer, read as one outside the quote.
    if (QString problem; !alert && arrowEntry(m_doc.block(text), &problem, nullptr))
        return true;
    const Label label = leadingLabel(m_doc.block(text));
    StructureVocabulary::PartLabel part = label.found ? StructureVocabulary::partLabel(label.text) : StructureVocabulary::PartLabel{};
    // A plain label ("> Error: connection refused") opens quoted output as often as a part:
    // only an alert's is read.
    if (!part.valid && alert) {
        QString word;
        bool bold = false;
        part = plainLabelOf(m_doc.block(text).firstLine, &word, &bold);
    }
    return part.valid && part.kind != NodeKind::Info;
}

void StructureReader::onLabelledQuote(int index)
{
    // What comes before the quote ends above it, and an alert's title is no step's text. The
    // text is read as it would be outside the quote, so that its labels start their parts.
    // Each part's text is the quote as written, label and all: its lines keep their `>`, and a
    // label is cut only from the start of a line, so a plain one ("Fix:") is left too.
    const MdBlock &quote = m_doc.block(index);
    regionBreak(quote.firstLine);
    MarkdownDocument::BlockIndexes text = m_doc.childList(index);
    if (std::binary_search(m_alertTitles.cbegin(), m_alertTitles.cend(), quote.firstLine))
        text.remove(0);
    const qsizetype firstRegion = m_regions.size();
    if (m_walkDepth < kMaxWalkDepth) {
        ++m_walkDepth;
        walk(text);
        --m_walkDepth;
    } else {
        for (int child : std::as_const(text))
            attachContent(child, contentNode(QString()));
    }
    for (qsizetype i = firstRegion; i < m_regions.size(); ++i) {
        Region &r = m_regions[i];
        if (r.titleLine >= quote.firstLine && r.titleLine <= quote.lastLine)
            r.plainLabel = false;
    }
}

void StructureReader::onCode(int index)
{
    const MdBlock &b = m_doc.block(index);
    QString hint;
    if (m_inPart && m_part.node < 0) {
        hint = firstCodeLine(m_doc.text(b), m_part.kind != NodeKind::Symptom);
        // "**How to fix:**" over a block with no comment: the fix is its first command, a
        // better name than "Solution 2" (masked: a title is shown everywhere).
        if (hint.isEmpty() && m_part.kind == NodeKind::Solution && m_part.title.isEmpty()
            && CommandRecognizer::languageOf(m_doc.info(b), m_doc.text(b)) == CommandRecognizer::Language::Shell) {
            for (QStringView line : m_doc.text(b).tokenize(QLatin1Char('\n'))) {
                line = line.trimmed();
                if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                    continue;
                line = line.sliced(CommandRecognizer::promptLength(line)).trimmed();
                hint = SecretRedaction::redact(line);
                break;
            }
        }
    }
    attachContent(index, contentNode(hint));
}

// ---------------------------------------------------------------- structure

QString StructureReader::uniqueId(const QString &hint)
{
    const QString base = hint.isEmpty() ? QStringLiteral("node") : hint;
    const int index = int(m_guide.nodes.size()); // the node about to be added
    // One hash look-up when the id is free, as it nearly always is: operator[] adds it.
    const qsizetype known = m_ids.size();
    if (int &slot = m_ids[base]; m_ids.size() > known) {
        slot = index;
        return base;
    }
    // The smallest free suffix from 2 on. Every suffix below the one this base last got is
    // taken, so the search starts there: a title repeated thousands of times costs one step
    // each, not one for every copy before it.
    int &next = m_nextSuffix[base];
    for (int n = std::max(next, 2);; ++n) {
        QString id = base + QLatin1Char('-') + QString::number(n);
        if (!m_ids.contains(id)) {
            next = n + 1;
            m_ids.insert(id, index);
            return id;
        }
    }
}

int StructureReader::addNode(NodeKind kind, const QString &title, int line, int container, const QString &idHint, bool contained)
{
    GuideNode node;
    node.kind = kind;
    node.title = title.trimmed();
    if (node.title.isEmpty())
        node.title = nodeKindName(kind);
    // A credential written where a title comes from (a heading, a summary, a label, a table
    // row) is masked there as it is in bodies, and an id made from the title loses it too.
    // A title with nothing a rule starts from ("password", "-token", a colon after a credential's
    // name) holds no value its line masks either; most titles cost no look at their line.
    QString spelled = node.title;
    bool mayHoldSecret = false;
    const bool redacted = SecretRedaction::redactInPlace(&node.title, nullptr, &mayHoldSecret);
    if ((mayHoldSecret && maskSecretsOfLine(&node.title, secretsOfLine(line))) || redacted) {
        QString id = idHint;
        const QString slug = HeadingSlugger::slugify(spelled);
        if (!slug.isEmpty() && id.contains(slug))
            id.replace(slug, HeadingSlugger::slugify(node.title));
        noteSecret(line);
        node.id = uniqueId(id);
    } else {
        node.id = uniqueId(idHint);
    }
    node.location = {m_path, line, 0};
    const int index = int(m_guide.nodes.size());
    if (contained && container >= 0) {
        GuideEdge e;
        e.from = m_guide.nodes.at(container).id;
        e.to = node.id;
        e.fromIndex = container;
        e.toIndex = index;
        e.kind = GuideEdge::Kind::Contains;
        e.location = node.location;
        m_guide.edges.append(std::move(e));
    }
    m_guide.nodes.append(std::move(node));
    return index;
}

void StructureReader::noteFlowNode(int node)
{
    if (!m_explicit || m_awaitingStart < 0)
        return;
    GuideEdge e;
    e.from = m_guide.nodes.at(m_awaitingStart).id;
    e.to = m_guide.nodes.at(node).id;
    e.fromIndex = m_awaitingStart;
    e.toIndex = node;
    e.kind = GuideEdge::Kind::Start;
    e.label = QStringLiteral("start");
    e.location = m_guide.nodes.at(node).location;
    m_guide.edges.append(e);
    m_awaitingStart = -1;
}

void StructureReader::startRegion(int node, int titleLine, int bodyFirst, bool stripLead)
{
    if (!m_regions.isEmpty() && m_regions.last().node == node && !m_regions.last().resume) {
        m_regions.last() = {node, titleLine, bodyFirst, stripLead};
        return;
    }
    m_regions.append({node, titleLine, bodyFirst, stripLead});
}

void StructureReader::resumeRegion(int node, int line, bool afterClose)
{
    if (node < 0 || line <= 0)
        return;
    m_regions.append({node, line, afterClose ? line - 1 : line, false, false, true, false, afterClose});
}

void StructureReader::resumeBetween(int node, int line, int column, int endColumn)
{
    if (node < 0 || line <= 0 || endColumn <= column)
        return;
    m_regions.append({node, line, line, false, false, true, column, false, endColumn});
}

int StructureReader::headingNode() const
{
    for (auto it = m_headings.crbegin(); it != m_headings.crend(); ++it) {
        if (it->node >= 0)
            return it->node;
    }
    return 0;
}

int StructureReader::currentIssue() const
{
    if (m_titleIssue >= 0)
        return m_titleIssue;
    for (auto it = m_headings.crbegin(); it != m_headings.crend(); ++it) {
        if (it->node >= 0 && m_guide.nodes.at(it->node).kind == NodeKind::Issue)
            return it->node;
    }
    return -1;
}

void StructureReader::noteQuotedError(int node, const QString &message, int line)
{
    QList<QuotedError> &errors = m_quotedErrors[node];
    if (errors.size() < kMaxQuotedErrors
        && std::none_of(errors.cbegin(), errors.cend(), [&](const QuotedError &e) { return e.message == message; }))
        errors.append({message, line});
}

bool StructureReader::arrowEntry(const MdBlock &b, QString *problem, qsizetype *answerAt) const
{
    const MarkdownDocument::Spans spans = m_doc.spans(b);
    if (spans.isEmpty() || spans.first().kind != MdSpan::Strong)
        return false;
    const QStringView text = m_doc.text(b);
    const MdSpan &bold = spans.first();
    if (!text.left(bold.begin).trimmed().isEmpty())
        return false;
    qsizetype at = bold.end;
    while (at < text.size() && text.at(at).isSpace())
        ++at;
    const qsizetype arrow = StructureVocabulary::arrowWidth(text.mid(at));
    if (arrow == 0)
        return false;
    at += arrow;
    while (at < text.size() && text.at(at).isSpace())
        ++at;
    const QStringView said = m_doc.spanText(b, bold).trimmed();
    if (at >= text.size() || said.isEmpty())
        return false;
    // A problem, or a question: "**Note** → see the SSO page" and "**Retries** → 3" are not.
    const QString words = said.toString();
    if (!StructureVocabulary::describesFailure(words) && !StructureVocabulary::readsAsError(said)
        && !StructureVocabulary::hasErrorShape(said) && !said.endsWith(QLatin1Char('?'))
        && !(said.size() >= 6 && said.contains(QLatin1Char('_')) // a code: INSTALL_FAILED_UPDATE_INCOMPATIBLE
             && std::all_of(said.begin(), said.end(), [](QChar c) { return c.isUpper() || c.isDigit() || c == QLatin1Char('_'); })))
        return false;
    *problem = said.toString();
    if (answerAt)
        *answerAt = at;
    return true;
}

void StructureReader::openFaqEntry(const MdBlock &b, QString question, QStringView answerOnFirstLine)
{
    // "Q: …" with "A: …" on the next line of the same paragraph: the question is the first
    // line, and the answer is the entry's text. "**Problem** → answer": the answer starts on
    // the problem's line.
    int bodyFirst = b.lastLine + 1;
    QString answer;
    if (!answerOnFirstLine.isEmpty()) {
        answer = answerOnFirstLine.trimmed().toString();
        bodyFirst = b.firstLine;
    } else if (b.lastLine > b.firstLine) {
        for (const QLatin1StringView marker : {QLatin1StringView(" A: "), QLatin1StringView(" Answer: ")}) {
            if (const qsizetype at = question.indexOf(marker); at > 0) {
                answer = question.mid(at + marker.size()).trimmed();
                question.truncate(at);
                bodyFirst = b.firstLine + 1;
                break;
            }
        }
    }
    endPart();
    m_titleIssue = -1;
    question = question.trimmed();
    // Entries sit beside the issue a `### Q:` heading made, not inside it.
    int container = 0;
    for (auto it = m_headings.crbegin(); it != m_headings.crend(); ++it) {
        if (it->node >= 0 && m_guide.nodes.at(it->node).kind != NodeKind::Issue) {
            container = it->node;
            break;
        }
    }
    const int issue = addNode(NodeKind::Issue, shorten(question, 140), b.firstLine, container, HeadingSlugger::slugify(question));
    startRegion(issue, b.firstLine, bodyFirst, false);
    const qsizetype issueRegion = m_regions.size() - 1;
    regionBreak(b.firstLine);
    m_titleIssue = issue;
    state(issue).faqEntry = true;
    if (answer.isEmpty() || !readFaqAnswer(b, bodyFirst, answer)) {
        attachInline(b, issue, GuideEdge::Kind::Link);
        return;
    }
    attachInline(b, issue, GuideEdge::Kind::Link, b.firstLine, b.firstLine);
    if (!answerOnFirstLine.isEmpty())
        cutAtArrow(b, issueRegion);
}

void StructureReader::cutAtArrow(const MdBlock &b, qsizetype issueRegion)
{
    // Found in the source as written: the bold problem from the paragraph's start, its closing
    // marker, and the arrow after it. A source that reads otherwise keeps the whole lines.
    // A quote's marker ("> **Build is slow** → …") stays with the problem, as a quote's text
    // keeps its `>`.
    const QStringView text = m_doc.source().linesView(b.firstLine, b.lastLine);
    qsizetype at = 0;
    while (at < text.size() && (text.at(at).isSpace() || text.at(at) == QLatin1Char('>')))
        ++at;
    const QStringView marker = text.mid(at, 2);
    if (marker != QLatin1String("**") && marker != QLatin1String("__"))
        return;
    const qsizetype close = text.indexOf(marker, at + 2);
    if (close < 0)
        return;
    qsizetype arrow = close + 2;
    while (arrow < text.size() && text.at(arrow).isSpace())
        ++arrow;
    const qsizetype width = StructureVocabulary::arrowWidth(text.mid(arrow));
    if (width == 0)
        return;
    qsizetype answer = arrow + width;
    while (answer < text.size() && text.at(answer).isSpace())
        ++answer;
    auto lineOf = [&](qsizetype position) { return b.firstLine + int(text.first(position).count(QLatin1Char('\n'))); };
    auto columnOf = [&](qsizetype position) { return int(position - text.first(position).lastIndexOf(QLatin1Char('\n')) - 1); };
    // The issue's text is the problem, up to the arrow…
    const int arrowLine = lineOf(arrow);
    Region &problem = m_regions[issueRegion];
    if (arrowLine == b.firstLine) {
        problem.lastLine = arrowLine;
        problem.endColumn = columnOf(arrow);
    } else {
        problem.lastLine = arrowLine - 1;
        resumeBetween(problem.node, arrowLine, 0, columnOf(arrow));
    }
    // …and its solution's the answer after it.
    Region &fix = m_regions[issueRegion + 1];
    fix.titleLine = fix.bodyFirst = lineOf(answer);
    fix.textColumn = columnOf(answer);
    fix.stripLead = false;
    fix.plainLabel = false;
}

bool StructureReader::readFaqAnswer(const MdBlock &paragraph, int line, QStringView answer)
{
    const qsizetype fix = StructureVocabulary::sentenceOfFix(answer);
    if (fix < 0)
        return false;
    startPart({true, NodeKind::Solution, 0, false}, answer.mid(fix), line, false);
    // The body starts at the marker, which it loses: "A:" as a plain label, "**A:**" as a bold one.
    const bool bold = m_doc.source().lineBytes(line).trimmed().startsWith("**");
    m_part.plainLabel = !bold;
    m_regions.last().plainLabel = !bold;
    attachInline(paragraph, m_part.node, GuideEdge::Kind::Link, line, paragraph.lastLine);
    return true;
}

int StructureReader::ensureIssue(int line)
{
    if (m_pendingTitle >= 0) {
        // The bold or link paragraph just before names the issue.
        const MdBlock &t = m_doc.block(m_pendingTitle);
        m_pendingTitle = -1;
        QString title = m_doc.text(t).trimmed().toString();
        QString question;
        const bool faq = !m_explicit && StructureVocabulary::faqQuestion(title, &question);
        if (faq)
            title = question;
        const int issue = addNode(NodeKind::Issue, title, t.firstLine, headingNode(), HeadingSlugger::slugify(title));
        state(issue).faqEntry = faq;
        startRegion(issue, t.firstLine, t.lastLine + 1, false);
        regionBreak(t.firstLine);
        attachInline(t, issue, GuideEdge::Kind::Link);
        m_titleIssue = issue;
        return issue;
    }
    const int existing = currentIssue();
    if (existing >= 0)
        return existing;
    const int heading = headingNode();
    if (heading > 0) {
        // Parts under a plain heading: the heading names an issue.
        m_guide.nodes[heading].kind = NodeKind::Issue;
        for (OpenHeading &h : m_headings) {
            if (h.node == heading)
                h.partKind = NodeKind::Issue;
        }
        // The error output its text quoted before the parts ("```\nFAILURE: Build failed…```"
        // then "**Fix:** …") is the symptom a pasted message should find, as in an issue's text.
        const QList<QuotedError> quoted = m_quotedErrors.take(heading);
        if (state(heading).symptoms == 0) {
            for (const QuotedError &error : quoted)
                addErrorSymptom(heading, error.message, error.line);
        }
        return heading;
    }
    // Parts outside any issue are the page's: one issue, named by its title, takes them all.
    if (m_pageIssue >= 0) {
        m_titleIssue = m_pageIssue;
        return m_pageIssue;
    }
    const QString title = m_guide.nodes.at(0).title.isEmpty() ? m_titleHint : m_guide.nodes.at(0).title;
    const int issue = addNode(NodeKind::Issue, title, line, 0, QStringLiteral("issue"));
    m_titleIssue = issue;
    m_pageIssue = issue;
    return issue;
}

int StructureReader::procedureIssue(int level, int line)
{
    const int container = headingNode();
    if (currentIssue() >= 0 || m_pageIssue >= 0)
        return container;
    // "## VPN does not connect" over "### Step 1: …": the heading names the problem the steps
    // are for, an issue from here on, as it is once parts follow it.
    const QString &title = m_guide.nodes.at(container).title;
    if (container > 0) {
        if (m_guide.nodes.at(container).kind == NodeKind::Section
            && (StructureVocabulary::describesFailure(title) || StructureVocabulary::asksAboutAProblem(title)))
            ensureIssue(line);
        m_titleIssue = -1;
        return container;
    }
    // "# Order service outage: diagnostic procedure" over "## Step 1: …": the page's issue.
    if (level < 2 || !m_rootNamesProblem)
        return 0;
    const int issue = ensureIssue(m_guide.nodes.at(0).location.line);
    m_titleIssue = -1;
    // Its steps' headings, and what follows them, are inside it, as under an issue heading.
    m_headings.append({level - 1, issue, NodeKind::Issue});
    // The error the page's opening text quotes ("Users see `HTTP 503`") is what it is about.
    for (const QuotedError &error : m_quotedErrors.take(0))
        addErrorSymptom(issue, error.message, error.line);
    return issue;
}


int StructureReader::lineOf(const MdBlock &b, QStringView text, qsizetype at) const
{
    // A soft line break is a space in a block's text: the line is found in the source, by the
    // word that starts there, counting its repeats before `at`.
    QStringView word = text.sliced(at);
    qsizetype n = 0;
    while (n < word.size() && n < 24 && word.at(n).isLetterOrNumber())
        ++n;
    word = word.first(n);
    if (word.isEmpty() || b.lastLine <= b.firstLine)
        return b.firstLine;
    const qsizetype repeats = text.first(at).count(word);
    const QStringView source = m_doc.source().linesView(b.firstLine, b.lastLine);
    qsizetype found = -1;
    for (qsizetype k = 0; k <= repeats; ++k) {
        found = source.indexOf(word, found + 1);
        if (found < 0)
            return b.firstLine;
    }
    return b.firstLine + int(source.first(found).count(QLatin1Char('\n')));
}

QString StructureReader::proseOnly(const MdBlock &b) const
{
    // Its code spans' punctuation becomes a mark that ends no clause, at the same offsets.
    QString text = m_doc.text(b).toString();
    for (const MdSpan &span : m_doc.spans(b)) {
        if (span.kind != MdSpan::Code)
            continue;
        for (qsizetype i = span.begin; i < span.end && i < text.size(); ++i) {
            const char16_t c = text.at(i).unicode();
            if (c == u',' || c == u'.' || c == u';' || c == u'!' || c == u'?' || c == u':')
                text[i] = QChar(0xA4);
        }
    }
    return text;
}

QVarLengthArray<StructureReader::SentenceAnswer, 4> StructureReader::sentenceAnswers(const MdBlock &b, QStringView source, QStringView text,
                                                                                     bool intoCode) const
{
    // The sentences that open with the answer they are for, last first, each with what it says
    // then up to the next such sentence. Into code, only the last, and what follows it to the
    // code: "If you see `…`, the firewall blocks the port. Open it:".
    QVarLengthArray<SentenceAnswer, 4> answers;
    for (qsizetype end = text.size(), restEnd = text.size(); answers.size() < kMaxStepFixes;) {
        QStringView head = text.first(end);
        while (!head.isEmpty() && head.back().isSpace())
            head.chop(1);
        if (head.isEmpty())
            break;
        const qsizetype start = lastSentenceAt(head);
        QStringView after;
        const QStringView condition = givenAnswer(head.sliced(start), &after);
        if (!condition.isEmpty()) {
            const qsizetype from = after.data() - text.data();
            answers.append({start, condition, text.sliced(from, std::max<qsizetype>(0, restEnd - from)), lineOf(b, source, start)});
            restEnd = start;
            if (intoCode)
                break;
        } else if (intoCode) {
            if (opensWithCondition(head.sliced(start)) || start == 0)
                break;
        } else if (answers.isEmpty() && !continuesFix(head.sliced(start))) {
            // Without code, what follows the last answer is its own when it goes on saying what
            // to change ("… blocks your VPN pool. Open a ticket with the network team."), not
            // when it says what everyone does next: "If you use Docker, restart it first. Then
            // continue with Step 3." (or "Then read the logs.").
            restEnd = start;
        }
        if (start == 0)
            break;
        end = start;
    }
    return answers;
}

bool StructureReader::readStepFix(int index, int step, bool inItem)
{
    const MdBlock &b = m_doc.block(index);
    if (m_explicit || !isStep(step) || currentIssue() < 0)
        return false;
    const QStringView source = m_doc.text(b).trimmed();
    // Into its commands ("… Open it:" and a code block), or sentences each of which may be a
    // whole fix ("If it says `no response`, fail over to the replica. If …, go to Step 3.").
    // A list item's commands are its step's: no fix opens there to take the blocks after it.
    const bool intoCode = !inItem && b.nextSibling >= 0 && m_doc.block(b.nextSibling).kind == MdBlockKind::Code
                          && m_doc.language(m_doc.block(b.nextSibling)) != QLatin1String("check") && source.endsWith(QLatin1Char(':'));
    const QString prose = proseOnly(b);
    const QStringView text = QStringView(prose).trimmed(); // offsets as in `source`
    auto same = [&](QStringView view) { return sameIn(source, text, view); };
    const QVarLengthArray<SentenceAnswer, 4> answers = sentenceAnswers(b, source, text, intoCode);
    QVarLengthArray<std::pair<qsizetype, qsizetype>, 4> fixes; // (answer, where its fix starts in its rest)
    for (qsizetype k = answers.size() - 1; k >= 0; --k) {
        if (const qsizetype fix = fixIn(answers.at(k).rest); fix >= 0)
            fixes.append({k, fix});
    }
    if (fixes.isEmpty())
        return false;
    // The text of the fix of answer k, whose ways on are the fix's: from its sentence to the
    // end of what it says (offsets in the block's text).
    const qsizetype base = source.data() - m_doc.text(b).data();
    auto fixText = [&](qsizetype k) {
        const QStringView rest = answers.at(k).rest;
        return std::pair(base + answers.at(k).at, base + (rest.data() + rest.size() - text.data()));
    };
    if (intoCode) {
        // The fix's text runs on from here, its commands and what follows them ("Then repeat
        // Step 4."), up to the next answer.
        const SentenceAnswer &answer = answers.first();
        if (answer.line > b.firstLine)
            attachInline(b, step, GuideEdge::Kind::Link, b.firstLine, answer.line - 1);
        startPart({true, NodeKind::Solution, 0, false}, fixTitle(same(answer.rest), fixes.first().second), answer.line, false);
        m_part.unlabelled = true;
        m_part.stepFix = true;
        attachInline(b, m_part.node, GuideEdge::Kind::Link, answer.line, b.lastLine);
        addFixAnswer(b, step, m_part.node, same(answer.condition), answer.line, base + answer.at);
        return true;
    }
    // "If it says `no response`, fail over to the replica, then go back to Step 1.": the step
    // keeps the sentences, and each fix is made of its own; its way on is the fix's.
    const qsizetype leadsBefore = m_stepLeads.size();
    const qsizetype linksBefore = m_links.size();
    attachContent(index, step);
    auto inAFix = [&](qsizetype at) {
        return std::any_of(fixes.begin(), fixes.end(), [&](const auto &f) {
            const auto [from, to] = fixText(f.first);
            return at >= from && at < to;
        });
    };
    // The ways on in a fix's text are the fix's, written in words or as links.
    for (qsizetype k = m_stepLeads.size() - 1; k >= leadsBefore; --k) {
        if (inAFix(m_stepLeads.at(k).at))
            m_stepLeads.removeAt(k);
    }
    for (qsizetype k = m_links.size() - 1; k >= linksBefore; --k) {
        if (inAFix(m_links.at(k).at))
            m_links.removeAt(k);
    }
    for (const auto &[k, fix] : fixes) {
        const SentenceAnswer &answer = answers.at(k);
        const QStringView sentence = text.sliced(answer.at, answer.rest.data() + answer.rest.size() - (text.data() + answer.at));
        const int solution = addStepFix(fixTitle(same(answer.rest), fix), answer.line, same(sentence));
        const auto [from, to] = fixText(k);
        attachInline(b, solution, GuideEdge::Kind::Link, 0, INT_MAX, from, to);
        addFixAnswer(b, step, solution, same(answer.condition), answer.line, from);
    }
    return true;
}

void StructureReader::addFixAnswer(const MdBlock &b, int step, int fix, QStringView condition, int line, qsizetype at)
{
    plainLeadsFrom(fix);
    noteConditionErrors(b, step, condition.data() - m_doc.text(b).data(), condition.size(), line);
    m_stepLeads.append({step, -1, 0, condition.toString(), line, fix, at});
}

bool StructureReader::readStepTable(int index, const MarkdownDocument::BlockIndexes &rows, const QStringList &headers, int bodyStart)
{
    // "| Output contains | Meaning | Next |" under a step: each row an answer, labelled by what
    // its first cell says is seen, leading where its last column says: a link, a step, or a fix.
    const int step = headingNode();
    if (m_explicit || m_inPart || !isStep(step) || currentIssue() < 0 || headers.size() < 2)
        return false;
    static constexpr std::string_view kNext[] = {"next", "next step", "go to", "then", "where to go", "action", "what to do", "do this"};
    const AsciiFold<16> last(headers.last());
    if (std::none_of(std::begin(kNext), std::end(kNext), [&](std::string_view w) { return last == w; }))
        return false;
    qsizetype link = m_links.size();
    qsizetype lead = m_stepLeads.size();
    attachContent(index, step);
    const qsizetype linksEnd = m_links.size();
    const qsizetype leadsEnd = m_stepLeads.size();
    for (int i = bodyStart; i < rows.size(); ++i) {
        const MarkdownDocument::BlockIndexes cells = m_doc.childList(rows.at(i));
        if (cells.size() < 2)
            continue;
        const MdBlock &seen = m_doc.block(cells.first());
        const MdBlock &next = m_doc.block(cells.last());
        const QString what = m_doc.text(seen).trimmed().toString();
        if (what.isEmpty())
            continue;
        const int line = m_doc.block(rows.at(i)).firstLine;
        const QString condition = headers.first().isEmpty() ? what : headers.first() + QLatin1Char(' ') + what;
        noteConditionErrors(seen, step, 0, m_doc.text(seen).size(), line);
        // The row's links and ways on, made in row order by attachContent(): one cursor each.
        bool leads = false;
        for (; link < linksEnd && m_links.at(link).line <= line; ++link) {
            if (m_links.at(link).line == line && m_links.at(link).from == step) {
                m_links[link].kind = GuideEdge::Kind::Answer;
                m_links[link].label = condition;
                leads = true;
            }
        }
        for (; lead < leadsEnd && m_stepLeads.at(lead).line <= line; ++lead) {
            if (m_stepLeads.at(lead).line == line && m_stepLeads.at(lead).from == step) {
                m_stepLeads[lead].condition = condition;
                leads = true;
            }
        }
        const QStringView then = m_doc.text(next).trimmed();
        if (leads || then.isEmpty())
            continue;
        // "Step 6" alone, or what to do: a column of where to go says it in any words ("Ask
        // #it-help to add the route"), unless they only look.
        const qsizetype fix = fixIn(then);
        if (const int number = StructureVocabulary::stepNumber(then); number > 0) {
            m_stepLeads.append({step, stepContainer(), number, condition, line});
        } else if (fix >= 0 || (StructureVocabulary::readsAsAdvice(then) && !StructureVocabulary::isCheckingAdvice(then))) {
            const int solution = addStepFix(fixTitle(then, std::max<qsizetype>(fix, 0)), line, QString(condition + QStringLiteral(": ") + then));
            attachInline(next, solution, GuideEdge::Kind::Link);
            m_stepLeads.append({step, -1, 0, condition, line, solution});
        }
    }
    return true;
}

StructureReader::DecisionColumns StructureReader::decisionColumns(const MarkdownDocument::BlockIndexes &rows, const QStringList &headers,
                                                                   int bodyStart) const
{
    DecisionColumns columns;
    // Its result columns name a check's result ("If it passes", "Fail") or answer a question
    // ("If yes", "No"); "When" or "If applicable" head columns of circumstances.
    for (int c = 0; c < headers.size(); ++c) {
        static constexpr std::string_view answers[] = {"yes", "no", "if yes", "if no", "if so", "if not"};
        const AsciiFold<16> header(headers.at(c));
        if (!StructureVocabulary::resultOf(headers.at(c)).isEmpty()
            || (header.complete() && std::find(std::begin(answers), std::end(answers), header.view()) != std::end(answers)))
            columns.results.append(c);
        else if (header.complete() && (header.view() == "step" || header.view() == "#" || header.view() == "no."))
            columns.number = c;
    }
    if (columns.results.isEmpty())
        return columns;
    // The check column: the first other one whose cells hold commands, in most rows.
    auto commandIn = [&](const MdBlock &cell) {
        const MarkdownDocument::Spans spans = m_doc.spans(cell);
        return std::any_of(spans.begin(), spans.end(), [&](const MdSpan &span) {
            return span.kind == MdSpan::Code && CommandRecognizer::looksLikeCommandLine(m_doc.spanText(cell, span));
        });
    };
    auto other = [&](int c) { return c != columns.number && c != columns.check && !columns.results.contains(c); };
    for (int c = 0; c < headers.size() && columns.check < 0; ++c) {
        if (!other(c))
            continue;
        int commands = 0;
        for (int i = bodyStart; i < rows.size(); ++i) {
            const MarkdownDocument::BlockIndexes cells = m_doc.childList(rows.at(i));
            commands += c < cells.size() && commandIn(m_doc.block(cells.at(c)));
        }
        if (commands * 2 >= int(rows.size() - bodyStart) && commands > 0)
            columns.check = c;
    }
    // What a step asks, when a column says it in words ("| What | Check | If yes | If no |").
    for (int c = 0; c < headers.size() && columns.check >= 0 && columns.asks < 0; ++c) {
        if (other(c))
            columns.asks = c;
    }
    return columns;
}

bool StructureReader::readDecisionTable(int index, const MarkdownDocument::BlockIndexes &rows, const QStringList &headers, int bodyStart)
{
    // "| Step | Check | If it passes | If it fails |" under a heading that names a problem: each
    // row a step that runs the commands of its check column, each result column an answer,
    // leading to the step its cell names or to the fix it says.
    if (m_explicit || m_inPart || isStep(headingNode()) || headers.size() < 2 || rows.size() - bodyStart < 1)
        return false;
    const DecisionColumns columns = decisionColumns(rows, headers, bodyStart);
    if (columns.check < 0 || !headingNamesIssue())
        return false;
    const int issue = ensureIssue(m_doc.block(index).firstLine);
    attachContent(index, issue); // the table stays the issue's text, its links the issue's
    const ProcedureScope scope(this, listProcedureKey(index), issue);
    for (int i = bodyStart; i < rows.size(); ++i)
        addDecisionRow(m_doc.childList(rows.at(i)), m_doc.block(rows.at(i)).firstLine, i - bodyStart + 1, columns, headers, issue);
    return true;
}

void StructureReader::addDecisionRow(const MarkdownDocument::BlockIndexes &cells, int line, int place, const DecisionColumns &columns,
                                     const QStringList &headers, int issue)
{
    if (columns.check >= cells.size())
        return;
    const MdBlock &checkCell = m_doc.block(cells.at(columns.check));
    const QString what = m_doc.text(checkCell).trimmed().toString();
    int number = place;
    if (columns.number >= 0 && columns.number < cells.size()) {
        bool ok = false;
        const int n = m_doc.text(m_doc.block(cells.at(columns.number))).trimmed().toInt(&ok);
        if (ok && n > 0 && n < 1000)
            number = n;
    }
    const QString question = columns.asks >= 0 && columns.asks < cells.size() ? m_doc.text(m_doc.block(cells.at(columns.asks))).trimmed().toString()
                                                                              : QString();
    char suffix[24];
    const int step = addNode(NodeKind::Check, shorten(firstSentence(question.isEmpty() ? what : question), 80), line, issue,
                             m_guide.nodes.at(issue).id + numberedSuffix(suffix, "/step-", number));
    QString body = question.isEmpty() ? QString() : markdown::escapedInline(question) + QStringLiteral("\n\n");
    body += markdown::escapedInline(headers.at(columns.check)) + QStringLiteral(": ") + cellMarkdown(checkCell);
    const int container = stepContainer();
    m_steps.append({step, container, number});
    state(step).step = number;
    state(step).stepContainer = container;
    attachInline(checkCell, step, GuideEdge::Kind::Link);
    for (const int c : columns.results) {
        if (c >= cells.size())
            continue;
        const MdBlock &cell = m_doc.block(cells.at(c));
        const QStringView then = m_doc.text(cell).trimmed();
        if (then.isEmpty())
            continue;
        body += QStringLiteral("\n\n") + markdown::escapedInline(headers.at(c)) + QStringLiteral(": ") + cellMarkdown(cell);
        if (const auto leads = StructureVocabulary::stepReferences(then); !leads.isEmpty()) {
            m_stepLeads.append({step, container, leads.first().number, headers.at(c), line});
        } else if (const qsizetype fix = fixIn(then); fix >= 0) {
            const int solution = addStepFix(fixTitle(then, fix), line, then);
            attachInline(cell, solution, GuideEdge::Kind::Link);
            m_stepLeads.append({step, -1, 0, headers.at(c), line, solution});
        }
    }
    m_guide.nodes[step].presetBody = SecretRedaction::redact(body);
}

QString StructureReader::cellMarkdown(const MdBlock &cell) const
{
    // Its words as words, its code as code: "Restart the pod: `kubectl rollout restart …`".
    const QStringView text = m_doc.text(cell);
    QString md;
    // escapedInline() trims; the spaces around code are kept.
    auto words = [&](QStringView piece) {
        if (!piece.isEmpty() && piece.front().isSpace())
            md += QLatin1Char(' ');
        md += markdown::escapedInline(piece);
        if (!piece.trimmed().isEmpty() && piece.back().isSpace())
            md += QLatin1Char(' ');
    };
    qsizetype at = 0;
    for (const MdSpan &span : m_doc.spans(cell)) {
        if (span.kind != MdSpan::Code || span.begin < at)
            continue;
        words(text.sliced(at, span.begin - at));
        md += markdown::codeSpan(text.sliced(span.begin, span.end - span.begin));
        at = span.end;
    }
    words(text.sliced(at));
    return md.trimmed();
}

int StructureReader::addStepFix(const QString &title, int line, QStringView body)
{
    const int issue = currentIssue();
    // "If it still fails, escalate to #oncall": where the answer hands the problem over, the
    // flow ends, at an outcome rather than a fix.
    if (StructureVocabulary::handsOver(title)) {
        const int outcome = addNode(NodeKind::Outcome, title, line, issue, m_guide.nodes.at(issue).id + QLatin1String("/outcome"));
        m_guide.nodes[outcome].presetBody = SecretRedaction::redact(body.trimmed().toString());
        return outcome;
    }
    const int order = ++state(issue).solutions;
    char number[24];
    const int solution = addNode(NodeKind::Solution, title, line, issue,
                                 m_guide.nodes.at(issue).id + QLatin1String("/solution") + numberedSuffix(number, "-", order));
    m_guide.nodes[solution].order = order;
    m_guide.nodes[solution].presetBody = SecretRedaction::redact(body.trimmed().toString());
    return solution;
}

int StructureReader::readStepFixItem(int step, int item)
{
    // "- If you see `EADDRINUSE`, another process holds the port. Find it with `ss …` and kill
    // it": a fix the answer leads to, which stays the step's text too.
    const int lead = leadParagraph(item);
    if (lead < 0)
        return -1;
    const MdBlock &p = m_doc.block(lead);
    const QStringView source = m_doc.text(p).trimmed();
    const QString prose = proseOnly(p);
    const QStringView text = QStringView(prose).trimmed();
    auto same = [&](QStringView view) { return sameIn(source, text, view); };
    // "If you see `…`, kill it", "Otherwise restart it", or "`OOMKilled` → raise the limit".
    QStringView rest;
    const QStringView condition = givenAnswer(text, &rest);
    if (condition.isEmpty())
        return -1;
    const qsizetype fix = fixIn(rest);
    if (fix < 0)
        return -1;
    const MdBlock &b = m_doc.block(item);
    // Its text is the item's, without the list marker: the lines stay the step's too.
    const QString lines = m_doc.source().lines(b.firstLine, b.lastLine);
    const QStringView body = QStringView(lines).sliced(listMarkerEnd(lines));
    const int solution = addStepFix(fixTitle(same(rest), fix), b.firstLine, body);
    attachInline(p, solution, GuideEdge::Kind::Link);
    plainLeadsFrom(solution);
    noteConditionErrors(p, step, source.data() - m_doc.text(p).data(), condition.size(), b.firstLine);
    m_stepLeads.append({step, -1, 0, same(condition).toString(), b.firstLine, solution});
    return solution;
}

void StructureReader::plainLeadsFrom(int fix)
{
    // "If you see `OOMKilled`, raise the limit, then return to Step 1": the condition is the
    // answer that leads to the fix; from the fix, the way on is plain.
    for (auto it = m_stepLeads.rbegin(); it != m_stepLeads.rend() && it->from == fix; ++it)
        it->condition.clear();
    for (auto it = m_links.rbegin(); it != m_links.rend() && it->from == fix; ++it) {
        if (it->kind == GuideEdge::Kind::Answer) {
            it->kind = GuideEdge::Kind::Link;
            it->label.clear();
        }
    }
}

bool StructureReader::continuesFix(QStringView sentence)
{
    return StructureVocabulary::sentenceOfFix(sentence) == 0 && !StructureVocabulary::isCheckingAdvice(sentence)
           && StructureVocabulary::stepReferences(sentence).isEmpty();
}

qsizetype StructureReader::fixIn(QStringView rest)
{
    // A sentence that opens asking to change something ("Open it", "Restart Redis"), or that
    // looks first and then changes ("Find it with `ss …` and kill it", "…, then restart it"),
    // or a clause that does after one that says why ("the gateway is at fault; restart it").
    if (const qsizetype fix = StructureVocabulary::sentenceOfFix(rest); fix >= 0) {
        // "Retry step 1", "then re-run Step 2": a way on in a fix's words, which changes nothing.
        const auto leads = StructureVocabulary::stepReferences(rest.sliced(fix));
        const bool onlyLeadsOn = !leads.isEmpty() && rest.sliced(fix).first(leads.first().at).trimmed().count(QLatin1Char(' ')) <= 1;
        return StructureVocabulary::isCheckingAdvice(rest.sliced(fix)) || onlyLeadsOn ? -1 : fix;
    }
    for (const QLatin1StringView joint : {QLatin1StringView(" and "), QLatin1StringView(" then "), QLatin1StringView("; ")}) {
        for (qsizetype at = rest.indexOf(joint), tries = 0; at > 0 && tries < 4; at = rest.indexOf(joint, at + 1), ++tries) {
            if (StructureVocabulary::sentenceOfFix(rest.sliced(at + joint.size())) == 0)
                return joint == QLatin1String("; ") ? at + joint.size() : lastSentenceAt(rest.first(at));
        }
    }
    return -1;
}

QString StructureReader::fixTitle(QStringView rest, qsizetype fix)
{
    // "Restart Redis", or what the answer means then what to do: "The firewall blocks the port: open it".
    // Where it then leads is no part of it: "Raise the limit, then return to Step 1".
    QStringView what = rest.sliced(fix);
    if (const auto leads = StructureVocabulary::stepReferences(what); !leads.isEmpty()) {
        const QStringView before = what.first(leads.first().at);
        const qsizetype cut = std::max({before.lastIndexOf(QLatin1String(", ")), before.lastIndexOf(QLatin1String(" and ")),
                                        before.lastIndexOf(QLatin1String("; "))});
        if (cut > 0)
            what = what.first(cut);
    }
    // "Scale it up: `kubectl … scale …`": the command is the fix's to copy, not its title.
    if (const qsizetype colon = what.indexOf(QLatin1String(": ")); colon > 0 && CommandRecognizer::looksLikeCommandLine(what.sliced(colon + 2).trimmed()))
        what = what.first(colon);
    QString title = stepTitle(what);
    if (fix > 0) {
        QString why = firstSentenceTitle(rest.first(fix));
        while (why.endsWith(QLatin1Char('.')) || why.endsWith(QLatin1Char(':')) || why.endsWith(QLatin1Char(';')))
            why.chop(1);
        if (!title.isEmpty())
            title[0] = title.at(0).toLower();
        title = shorten(why + QStringLiteral(": ") + title);
    }
    while (title.endsWith(QLatin1Char('.')))
        title.chop(1);
    if (!title.isEmpty())
        title[0] = title.at(0).toUpper();
    return title;
}

void StructureReader::noteConditionErrors(const MdBlock &b, int step, qsizetype begin, qsizetype size, int line)
{
    // "If you see `FATAL: password authentication failed`": the error is one the issue shows.
    for (const MdSpan &span : m_doc.spans(b)) {
        if (span.kind != MdSpan::Code || span.begin < begin || span.end > begin + size)
            continue;
        const QStringView code = m_doc.text(b).sliced(span.begin, span.end - span.begin).trimmed();
        if (quotesAnError(code) && !looksLikeCommand(code))
            noteQuotedError(step, code.toString(), line);
    }
}

void StructureReader::addAnswer(int from, int to, const QString &label, int line)
{
    GuideEdge e;
    e.from = m_guide.nodes.at(from).id;
    e.fromIndex = from;
    e.to = m_guide.nodes.at(to).id;
    e.toIndex = to;
    e.kind = label.isEmpty() ? GuideEdge::Kind::Link : GuideEdge::Kind::Answer;
    e.label = SecretRedaction::redact(label); // "If it shows `password=…`": the reader sees it masked
    e.location = {m_path, line, 1};
    m_guide.edges.append(std::move(e));
}

int StructureReader::stepContainer() const
{
    if (m_listProcedure != kNoList)
        return m_listProcedure;
    for (auto it = m_headings.crbegin(); it != m_headings.crend(); ++it) {
        if (isStep(it->node))
            return m_states.at(it->node).stepContainer;
    }
    return headingNode();
}

void StructureReader::noteStepLeads(const MdBlock &b, int node, qsizetype linksBefore, int first, int last, qsizetype from, qsizetype to)
{
    const QStringView text = m_doc.text(b);
    if (!text.contains(QLatin1String("step"), Qt::CaseInsensitive))
        return;
    const QString prose = proseOnly(b);
    const auto leads = StructureVocabulary::stepReferences(prose);
    if (leads.isEmpty())
        return;
    const MarkdownDocument::Spans spans = m_doc.spans(b);
    const int container = stepContainer();
    for (const StructureVocabulary::StepReference &lead : leads) {
        if (lead.at < from || lead.at >= to)
            continue;
        const int line = lineOf(b, text, lead.at);
        if (line < first || line > last)
            continue;
        const QStringView condition = text.sliced(lead.condition.data() - prose.constData(), lead.condition.size());
        // "go to [Step 3](#step-3-…)": the link is the way on; the condition before it is its answer.
        qsizetype link = linksBefore; // the links attachInline() made, in order: those in range
        bool linked = false;
        for (const MdSpan &span : spans) {
            if (span.kind != MdSpan::Link || !inRange(b, span, first, last, from, to))
                continue;
            if (lead.at >= span.begin && lead.at < span.end) {
                linked = true;
                break;
            }
            ++link;
        }
        if (linked) {
            if (link < m_links.size() && !condition.isEmpty() && m_links.at(link).kind == GuideEdge::Kind::Link) {
                m_links[link].kind = GuideEdge::Kind::Answer;
                m_links[link].label = condition.toString();
            }
            continue;
        }
        m_stepLeads.append({node, container, lead.number, condition.toString(), line, -1, lead.at});
    }
}

void StructureReader::resolveSteps()
{
    if (m_steps.isEmpty())
        return;
    // (container, number) → the first such step; (-1, number) → the first anywhere, for text
    // outside any procedure ("## Appendix: see Step 3").
    QHash<std::pair<int, int>, int> steps;
    for (const StepHeading &step : std::as_const(m_steps)) {
        // A list's or a table's steps are numbered within it alone.
        for (const int container : {step.container, m_listProcedures.contains(step.container) ? step.container : -1}) {
            if (!steps.contains({container, step.number}))
                steps.insert({container, step.number}, step.node);
        }
    }
    // Answers in the order the text gives them: a fix's is made after the ways on of its
    // paragraph ("If …, renew it. Otherwise go to Step 3.").
    std::stable_sort(m_stepLeads.begin(), m_stepLeads.end(),
                     [](const StepLead &a, const StepLead &b) { return std::pair(a.line, a.at) < std::pair(b.line, b.at); });
    QSet<std::pair<qint64, QString>> made; // (from, to) and the answer: each edge once
    // (step, result) → where the answer that names that result leads; -1 when two do.
    QHash<std::pair<int, QString>, int> results;
    QHash<int, int> otherwise; // by step, where its "Otherwise" or "If not" leads; -1 for two of them
    for (const StepLead &lead : std::as_const(m_stepLeads)) {
        const int anywhere = m_listProcedures.contains(lead.container) ? -1 : steps.value({-1, lead.number}, -1);
        const int target = lead.target >= 0 ? lead.target : steps.value({lead.container, lead.number}, anywhere);
        if (target < 0) {
            addDiagnostic(GuideDiagnostic::Severity::Warning, lead.line, 1, QStringLiteral("dangling-step"),
                          // The procedure's steps are headings or a numbered list's items: say which is missing.
                          (!m_listProcedures.contains(lead.container)
                               ? QStringLiteral("the text leads on to Step %1, but no \"Step %1\" heading is among the steps here: "
                                                "add it, or correct the number")
                               : QStringLiteral("the text leads on to step %1, but the numbered list of steps here has no item %1: "
                                                "add it, or correct the number"))
                              .arg(lead.number));
            continue;
        }
        const std::pair<qint64, QString> key{(qint64(lead.from) << 32) | quint32(target), lead.condition};
        if ((target == lead.from && lead.condition.isEmpty()) || made.contains(key))
            continue;
        made.insert(key);
        addAnswer(lead.from, target, lead.condition, lead.line);
        if (const QLatin1StringView result = StructureVocabulary::resultOf(lead.condition); !result.isEmpty()) {
            const std::pair<int, QString> step{lead.from, result};
            results.insert(step, results.contains(step) ? -1 : target);
        } else if (StructureVocabulary::isOtherwise(lead.condition)) {
            otherwise.insert(lead.from, otherwise.contains(lead.from) ? -1 : target);
        }
    }
    // "If it succeeds, go to Step 2. If not, start it": the other answer names the other result.
    for (auto it = otherwise.cbegin(); it != otherwise.cend(); ++it) {
        const bool pass = results.contains({it.key(), QStringLiteral("pass")});
        const bool fail = results.contains({it.key(), QStringLiteral("fail")});
        if (it.value() >= 0 && pass != fail)
            results.insert({it.key(), pass ? QStringLiteral("fail") : QStringLiteral("pass")}, it.value());
    }
    // "If it passes, go to Step 3": a step that runs one check branches on its result as a
    // check block does, so running it chooses the way on; with several checks, or two answers
    // for one result, the reader chooses.
    // A guide in prose means by "fails" any way the service does not answer as it should: no
    // one listening, no answer, no such host, a broken handshake. Not what is Triage's own
    // doing (a guide not trusted, a check it refuses): that stays the reader's to judge.
    static constexpr CheckOutcome kServiceErrors[] = {CheckOutcome::ConnectionRefused, CheckOutcome::Timeout, CheckOutcome::DnsFailure,
                                                      CheckOutcome::TlsError, CheckOutcome::ProtocolError};
    for (auto it = results.cbegin(); it != results.cend(); ++it) {
        GuideNode &step = m_guide.nodes[it.key().first];
        // Both ways, or none: a check with only a fail branch would leave a pass nowhere to go,
        // where reading on went before.
        const QString other = it.key().second == QLatin1String("pass") ? QStringLiteral("fail") : QStringLiteral("pass");
        if (it.value() < 0 || step.checks.size() != 1 || results.value({it.key().first, other}, -1) < 0)
            continue;
        const QString &target = m_guide.nodes.at(it.value()).id;
        QMap<QString, QString> &branches = step.checks.first().branches;
        branches.insert(it.key().second, target);
        if (it.key().second == QLatin1String("fail")) {
            for (const CheckOutcome outcome : kServiceErrors)
                branches.insert(checkOutcomeName(outcome), target);
        }
    }
    // A step that the text answers two ways or more asks a question; a check step with no
    // command to run is a diagnosis step the reader does.
    QList<int> answers(m_guide.nodes.size(), 0);
    for (const GuideEdge &e : std::as_const(m_guide.edges))
        answers[e.fromIndex] += e.kind == GuideEdge::Kind::Answer;
    for (const PendingLink &link : std::as_const(m_links))
        answers[link.from] += link.kind == GuideEdge::Kind::Answer;
    for (const StepHeading &step : std::as_const(m_steps)) {
        GuideNode &n = m_guide.nodes[step.node];
        if (answers.at(step.node) >= 2 && (n.kind == NodeKind::Check || n.kind == NodeKind::Section)) {
            n.kind = NodeKind::Question;
        } else if (n.kind == NodeKind::Check && n.checks.isEmpty()) {
            // A step that asks or says it looks is one the reader takes; any other ("Step 7:
            // Escalate") is text to read.
            QStringView words;
            // A list's step ("Check your Node version with `node --version`") has no number in
            // its title, and was made a step because it asks to look.
            const bool numbered = StructureVocabulary::stepNumber(n.title, &words) > 0;
            n.kind = n.title.endsWith(QLatin1Char('?')) || !numbered || StructureVocabulary::isDiagnosisHeading(words.toString())
                         ? NodeKind::Diagnosis
                         : NodeKind::Section;
        }
    }
}

void StructureReader::orderAnswers()
{
    // Answers come from links, from text that leads on and from fixes, each made at its own
    // time: in the places answers hold among the edges, they go in the order the guide gives
    // them, which is the order a reader is offered them in.
    QVarLengthArray<qsizetype, 32> at;
    for (qsizetype i = 0; i < m_guide.edges.size(); ++i) {
        if (m_guide.edges.at(i).kind == GuideEdge::Kind::Answer)
            at.append(i);
    }
    if (at.size() < 2 || m_steps.isEmpty())
        return;
    QList<GuideEdge> answers;
    answers.reserve(at.size());
    for (qsizetype i : at)
        answers.append(m_guide.edges.at(i));
    std::stable_sort(answers.begin(), answers.end(), [](const GuideEdge &a, const GuideEdge &b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
    });
    for (qsizetype k = 0; k < at.size(); ++k)
        m_guide.edges[at.at(k)] = std::move(answers[k]);
}

void StructureReader::addStepSymptoms()
{
    QHash<int, QStringList> shown; // each issue's errors so far: one symptom each
    for (const StepHeading &step : std::as_const(m_steps)) {
        const QList<QuotedError> quoted = m_quotedErrors.take(step.node);
        const int issue = m_listProcedures.value(step.container, step.container);
        if (quoted.isEmpty() || issue < 0 || m_guide.nodes.at(issue).kind != NodeKind::Issue || m_guide.nodes.at(step.node).kind == NodeKind::Issue)
            continue;
        QStringList &messages = shown[issue];
        for (const QuotedError &error : quoted) {
            if (state(issue).symptoms >= kMaxQuotedErrors)
                break;
            if (messages.contains(error.message))
                continue;
            messages.append(error.message);
            addErrorSymptom(issue, error.message, error.line);
        }
    }
}

int StructureReader::newPartItem(NodeKind kind, const QString &title, int line, int issue, const QString &idHint)
{
    if (issue < 0)
        issue = ensureIssue(line);
    int order = 0;
    if (kind == NodeKind::Solution)
        order = ++state(issue).solutions;
    else if (kind == NodeKind::Symptom)
        ++state(issue).symptoms;
    QString id = idHint;
    if (id.isEmpty()) {
        // "<issue>/symptom", "<issue>/solution-2", built in one allocation.
        char number[24];
        const QLatin1StringView suffix = order > 0 ? numberedSuffix(number, "-", order) : QLatin1StringView();
        id = m_guide.nodes.at(issue).id + QLatin1Char('/') + nodeKindName(kind) + suffix;
    }
    const int node = addNode(kind, title, line, issue, id);
    m_guide.nodes[node].order = order;
    regionBreak(line);
    startRegion(node, line, line, false);
    return node;
}

bool StructureReader::isDiagnosisProcedure(int list) const
{
    if (list < 0 || m_doc.block(list).kind != MdBlockKind::List || m_explicit || isStep(headingNode()))
        return false;
    for (const int item : m_doc.children(list)) {
        if (answerList(item) >= 0)
            return true;
    }
    return false;
}

void StructureReader::startPart(const StructureVocabulary::PartLabel &label, QStringView tail, int line, bool fromHeading, bool itemsFollow)
{
    endPart();
    const int issue = ensureIssue(line);
    m_inPart = true;
    m_part = Part{};
    m_part.kind = label.kind;
    // "Try: it is fine to ignore this warning": a fix's label over text that says nothing needs
    // doing is an aside.
    if (label.kind == NodeKind::Solution && !tail.isEmpty() && StructureVocabulary::saysNoActionNeeded(tail))
        m_part.kind = NodeKind::Info;
    m_part.issue = issue;
    m_part.line = line;
    m_part.splitItems = label.plural || (fromHeading && label.number == 0 && tail.isEmpty());
    m_part.stepsInOrder = !label.plural;
    regionBreak(line);
    // A numbered label ("**Solution 2**") makes its item at once; a numbered heading ("### Problem
    // 2", "### Solution 2") waits, as an unnumbered one does, to be titled by its text.
    const bool eager = !tail.isEmpty() || label.kind == NodeKind::Diagnosis || (label.number > 0 && !fromHeading);
    if (eager && !((m_part.splitItems || itemsFollow) && tail.isEmpty())) {
        const QString title = !tail.isEmpty() ? firstSentenceTitle(tail)
                              : label.kind == NodeKind::Diagnosis ? QStringLiteral("Diagnosis")
                                                                  : QString();
        m_part.node = newPartItem(m_part.kind, title, line, issue);
        m_regions.last().stripLead = !fromHeading;
        if (fromHeading)
            m_regions.last().bodyFirst = line + 1;
    }
}

int StructureReader::partNode(const QString &titleHint)
{
    if (m_part.node >= 0)
        return m_part.node;
    QString title = titleHint.isEmpty() ? m_part.title : titleHint;
    if (title.isEmpty())
        title = m_part.kind == NodeKind::Solution ? QStringLiteral("Solution %1").arg(state(m_part.issue).solutions + 1)
                                                  : nodeKindName(m_part.kind);
    m_part.node = newPartItem(m_part.kind, shorten(title), m_part.line, m_part.issue);
    if (m_part.bodyFirst > 0) {
        // Under a heading or a summary: the body starts below it.
        m_regions.last().bodyFirst = m_part.bodyFirst;
        m_regions.last().textColumn = m_part.textColumn;
    } else {
        // The body starts at the label; the label itself is stripped.
        m_regions.last().stripLead = true;
        m_regions.last().plainLabel = m_part.plainLabel;
    }
    return m_part.node;
}

void StructureReader::endPart()
{
    m_inPart = false;
    m_part = Part{};
}

int StructureReader::contentNode(const QString &titleHint)
{
    if (m_inPart)
        return partNode(titleHint);
    if (m_titleIssue >= 0)
        return m_titleIssue;
    return headingNode();
}

void StructureReader::flushPendingTitle()
{
    if (m_pendingTitle < 0)
        return;
    const int index = m_pendingTitle;
    m_pendingTitle = -1;
    attachContent(index, contentNode(QString()));
}

// ---------------------------------------------------------------- content

void StructureReader::attachContent(int blockIndex, int node)
{
    // Depth first, in document order, with an explicit stack: quotes and lists may nest
    // thousands deep in hostile input.
    QVarLengthArray<int, 64> pending{blockIndex};
    while (!pending.isEmpty()) {
        const int index = pending.back();
        pending.pop_back();
        const MdBlock &b = m_doc.block(index);
        switch (b.kind) {
        case MdBlockKind::Code:
            attachCode(b, node);
            break;
        case MdBlockKind::Paragraph:
        case MdBlockKind::Heading:
        case MdBlockKind::TableCell:
            attachInline(b, node, GuideEdge::Kind::Link);
            break;
        default: {
            const qsizetype at = pending.size();
            for (int child : m_doc.children(index))
                pending.append(child);
            std::reverse(pending.begin() + at, pending.end()); // the first child comes off the stack first
            break;
        }
        }
    }
}

void StructureReader::addErrorSymptom(int issue, const QString &message, int line)
{
    addErrorSymptom(issue, message, SecretRedaction::redact(message), line);
}

void StructureReader::addErrorSymptom(int issue, const QString &message, const QString &shown, int line)
{
    ++state(issue).symptoms;
    const int symptom = addNode(NodeKind::Symptom, shorten(message, 140), line, issue, m_guide.nodes.at(issue).id + QStringLiteral("/symptom"));
    m_guide.nodes[symptom].presetBody = QStringLiteral("```\n%1\n```").arg(shown);
}

void StructureReader::addCheckNode(int parent, const CheckSpec &spec, const QString &title, const QString &body, int line)
{
    GuideNode &owner = m_guide.nodes[parent];
    if (owner.kind == NodeKind::Check) {
        // A Check: heading with a command under it is itself the check.
        owner.checks.append(spec);
        return;
    }
    // "<parent>/check-2", built in one allocation.
    char number[24];
    const int node = addNode(NodeKind::Check, title, line, parent, owner.id + numberedSuffix(number, "/check-", ++state(parent).checks));
    GuideNode &check = m_guide.nodes[node];
    check.checks.append(spec);
    check.checks.last().location = {m_path, line, 0};
    check.presetBody = body;
}

void StructureReader::attachCode(const MdBlock &b, int node)
{
    if (node < 0)
        return;
    const QStringView info = m_doc.info(b);
    const QStringView language = MarkdownDocument::infoLanguage(info);
    if (language == QLatin1String("check")) {
        readCheckBlock(b, node);
        return;
    }
    const NodeKind kind = m_guide.nodes.at(node).kind;
    if (kind == NodeKind::Symptom || kind == NodeKind::Cause)
        return; // error output and explanations, not commands
    const bool checks = runsChecks(kind);
    const int contentLine = b.fenced ? b.firstLine + 1 : b.firstLine;
    const QStringView code = m_doc.text(b);
    CommandRecognizer::Language codeLanguage = CommandRecognizer::Language::Other;
    const QList<FoundCommand> commands = CommandRecognizer::scan(info, code, checks, &codeLanguage);
    // "The worker crashes on boot with:" and the output: in an issue's own text, before any
    // symptom, output that reads as an error is the symptom a pasted message should find.
    // A plain heading's text is read the same way; resolveKinds() adds the symptom if it
    // makes that heading an issue.
    const bool headingText = (kind == NodeKind::Section && fromHeading(node)) || isStep(node) || (node == 0 && m_rootNamesProblem);
    if (!m_explicit && isOutputBlock(language) && codeLanguage == CommandRecognizer::Language::Other
        && ((kind == NodeKind::Issue && state(node).symptoms == 0) || headingText)) {
        for (QStringView line : code.tokenize(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            line = line.trimmed();
            // A banner's rule ("*****", "-----") over "APPLICATION FAILED TO START" says nothing.
            if (std::none_of(line.begin(), line.end(), [](QChar c) { return c.isLetterOrNumber(); }))
                continue;
            if (StructureVocabulary::hasErrorShape(line) || StructureVocabulary::readsAsError(line)) {
                const int at = contentLine + int(code.left(line.data() - code.data()).count(QLatin1Char('\n')));
                if (kind == NodeKind::Issue)
                    addErrorSymptom(node, line.toString(), at);
                else
                    noteQuotedError(node, line.toString(), at);
            }
            break;
        }
    }
    const QStringView fence = language.isEmpty() ? QStringView(u"bash") : language;
    const bool sql = checks && codeLanguage == CommandRecognizer::Language::Sql
                     && std::any_of(commands.cbegin(), commands.cend(), [](const FoundCommand &fc) { return fc.check.has_value(); });
    for (const FoundCommand &fc : commands) {
        // What Triage shows and prints of a command never carries the credential written in it.
        // A recognised shell command carries its masked text already, as the check's source.
        QString text = fc.text;
        const bool masked = fc.check && !fc.check->source.isEmpty() ? (text = fc.check->source) != fc.text
                                                                    : SecretRedaction::redactInPlace(&text);
        if (masked)
            noteSecret(contentLine + fc.lineOffset);
        if (fc.check) {
            // Only a check shows the comment (as its title, and in its body).
            QString comment = fc.comment;
            SecretRedaction::redactInPlace(&comment);
            const QLatin1StringView commentMark = sql ? QLatin1StringView("-- ") : QLatin1StringView("# ");
            const QLatin1StringView end = sql ? QLatin1StringView(";\n```") : QLatin1StringView("\n```");
            QString body;
            if (comment.isEmpty())
                body = QLatin1StringView("```") + fence + QLatin1Char('\n') + text + end;
            else
                body = QLatin1StringView("```") + fence + QLatin1Char('\n') + commentMark + comment + QLatin1Char('\n') + text + end;
            const QString title = comment.isEmpty() ? shorten(text, 80) : shorten(comment, 100);
            addCheckNode(node, *fc.check, title, body, contentLine + fc.lineOffset);
        } else {
            m_guide.nodes[node].commands.append(text);
        }
    }
}

bool StructureReader::inRange(const MdBlock &b, const MdSpan &span, int first, int last, qsizetype from, qsizetype to) const
{
    if (span.begin < from || span.begin >= to)
        return false;
    if (first <= b.firstLine && last >= b.lastLine)
        return true;
    const int line = span.sourceOffset >= 0 ? m_doc.source().lineAt(span.sourceOffset) : b.firstLine;
    return line >= first && line <= last;
}

void StructureReader::attachInline(const MdBlock &b, int node, GuideEdge::Kind linkKind, int first, int last, qsizetype from, qsizetype to)
{
    if (node < 0)
        return;
    const SourceText &src = m_doc.source();
    QStringList envNames;
    QString dotenvPath;
    const QStringView blockText = m_doc.text(b);
    const qsizetype linksBefore = m_links.size();
    // What a plain heading's text quotes may make it an issue; what a step's or the page's
    // opening text quotes is a symptom of the procedure's issue.
    const bool notesErrors = !m_explicit && ((m_guide.nodes.at(node).kind == NodeKind::Section && fromHeading(node)) || isStep(node)
                                             || (node == 0 && m_rootNamesProblem));
    for (const MdSpan &span : m_doc.spans(b)) {
        if (span.kind != MdSpan::Link && span.kind != MdSpan::Code)
            continue;
        if (!inRange(b, span, first, last, from, to))
            continue;
        const QStringView text = blockText.mid(span.begin, span.end - span.begin);
        if (span.kind == MdSpan::Link) {
            PendingLink link;
            link.from = node;
            link.href = m_doc.href(span).toString();
            link.label = text.trimmed().toString();
            link.kind = linkKind;
            link.line = span.sourceOffset >= 0 ? src.lineAt(span.sourceOffset) : b.firstLine;
            link.column = span.sourceOffset >= 0 ? std::max(1, src.columnAt(span.sourceOffset) - 1) : 1;
            link.at = span.begin;
            link.wiki = span.wiki;
            m_links.append(link);
            continue;
        }
        // "You see `401 Unauthorized: token expired` …" under a plain heading: kept, in case the
        // heading names a problem and resolveKinds() makes it an issue.
        if (span.kind == MdSpan::Code && notesErrors) {
            const QStringView code = text.trimmed();
            if (quotesAnError(code) && !looksLikeCommand(code))
                noteQuotedError(node, code.toString(), span.sourceOffset >= 0 ? src.lineAt(span.sourceOffset) : b.firstLine);
        }
        if (span.kind != MdSpan::Code)
            continue;
        const NodeKind kind = m_guide.nodes.at(node).kind;
        const QStringView codeView = text.trimmed();
        // "Restart it with `sudo systemctl restart postgresql`": a command written in a step's
        // prose is one to copy, as one in a code block is. (A diagnosis step's may be a check;
        // that is decided below.)
        if ((kind == NodeKind::Solution || (kind == NodeKind::Diagnosis && m_explicit)) && CommandRecognizer::looksLikeCommandLine(codeView)
            && !quotesAnError(codeView) && !isSubjectOfSentence(blockText, span.end, codeView)) {
            addInlineCommand(node, codeView, span.sourceOffset >= 0 ? src.lineAt(span.sourceOffset) : b.firstLine);
            continue;
        }
        // In Triage's own format, checks come from check blocks and code only, never from prose.
        if (m_explicit || !runsChecks(kind))
            continue;
        if (const QStringView name = envVariableName(codeView); !name.isEmpty()) {
            envNames.append(name.toString());
            continue;
        }
        const QString code = codeView.toString();
        if (code == QLatin1String(".env") || code.endsWith(QLatin1String("/.env"))) {
            dotenvPath = code;
            continue;
        }
        const int line = span.sourceOffset >= 0 ? src.lineAt(span.sourceOffset) : b.firstLine;
        if (!code.contains(QLatin1Char(' '))) {
            // A lone word names a tool; it is no command, unless the step gives it as what to
            // run, after its colon: "Check the load: `uptime`".
            if (blockText.first(std::min<qsizetype>(span.begin, blockText.size())).trimmed().endsWith(QLatin1Char(':'))) {
                if (const auto spec = CommandRecognizer::recogniseShell(code))
                    addInlineCheck(node, *spec, code, line);
            }
            continue;
        }
        if (const auto spec = CommandRecognizer::recogniseShell(code)) {
            addInlineCheck(node, *spec, code, line);
        } else if (CommandRecognizer::looksLikeCommandLine(codeView) && !quotesAnError(codeView) && !isSubjectOfSentence(blockText, span.end, codeView)) {
            addInlineCommand(node, codeView, line);
        }
    }
    if ((m_headingSteps || m_listProcedure != kNoList) && !m_explicit)
        noteStepLeads(b, node, linksBefore, first, last, from, to);
    if (envNames.isEmpty())
        return;
    // "Verify `DB_HOST` and `DB_PORT` in `.env`" and "Confirm `API_KEY` is set" name
    // variables to check; prose alone decides between the file and the environment.
    static const QRegularExpression setWords(QStringLiteral("\\b(is|are) set\\b|\\bdefined\\b|\\bexported\\b"),
                                             QRegularExpression::CaseInsensitiveOption);
    const int line = b.firstLine;
    if (!dotenvPath.isEmpty() || blockText.contains(QLatin1String(".env"))) {
        CheckSpec spec;
        spec.type = QStringLiteral("dotenv");
        spec.params.insert(QStringLiteral("path"), dotenvPath.isEmpty() ? QStringLiteral(".env") : dotenvPath);
        spec.params.insert(QStringLiteral("keys"), envNames);
        addCheckNode(node, spec, QStringLiteral("%1 defines %2").arg(spec.param(QStringLiteral("path")), envNames.join(QStringLiteral(", "))),
                     QString(), line);
    } else if (setWords.match(blockText).hasMatch()) {
        for (const QString &name : std::as_const(envNames)) {
            CheckSpec spec;
            spec.type = QStringLiteral("env");
            spec.params.insert(QStringLiteral("name"), name);
            addCheckNode(node, spec, QStringLiteral("%1 is set").arg(name), QString(), line);
        }
    }
}

void StructureReader::addInlineCheck(int node, const CheckSpec &spec, const QString &code, int line)
{
    const QString shown = SecretRedaction::redact(code);
    if (shown != code)
        noteSecret(line);
    addCheckNode(node, spec, shorten(shown, 80), QStringLiteral("```bash\n%1\n```").arg(shown), line);
}

void StructureReader::addInlineCommand(int node, QStringView code, int line)
{
    QString text = code.sliced(CommandRecognizer::promptLength(code)).trimmed().toString();
    if (SecretRedaction::redactInPlace(&text))
        noteSecret(line);
    QStringList &commands = m_guide.nodes[node].commands;
    if (!commands.contains(text))
        commands.append(text);
}

void StructureReader::readCheckBlock(const MdBlock &b, int node)
{
    const int firstLine = b.firstLine + 1;
    GuideNode &owner = m_guide.nodes[node];
    switch (owner.kind) {
    case NodeKind::Check:
        break;
    case NodeKind::Diagnosis:
    case NodeKind::Info:
    case NodeKind::Section:
        if (fromHeading(node)) {
            owner.kind = NodeKind::Check;
            break;
        }
        [[fallthrough]];
    default:
        addDiagnostic(GuideDiagnostic::Severity::Error, b.firstLine, 1, QStringLiteral("misplaced-check"),
                      QStringLiteral("a check block belongs under a `Check:` heading, not inside the %1 \"%2\"")
                          .arg(nodeKindName(owner.kind), owner.title));
        return;
    }

    const YamlMapping yaml = YamlMapping::parse(m_doc.text(b).toString());
    if (!yaml.ok) {
        addDiagnostic(GuideDiagnostic::Severity::Error, firstLine + std::max(yaml.errorLine, 1) - 1, std::max(yaml.errorColumn, 1),
                      QStringLiteral("malformed-check"),
                      QStringLiteral("check block is not valid `key: value` YAML: %1").arg(yaml.error));
        return;
    }
    auto lineOf = [&](const QString &key) { return firstLine + yaml.keyLines.value(key, 1) - 1; };

    CheckSpec spec;
    spec.location = {m_path, firstLine, 0};
    for (const QString &key : yaml.keyOrder) {
        const QVariant value = yaml.values.value(key);
        if (key == QLatin1String("type")) {
            spec.type = value.toString().trimmed();
        } else if (key == QLatin1String("id")) {
            spec.id = value.toString().trimmed();
        } else if (key == QLatin1String("expect")) {
            if (value.typeId() == QMetaType::QVariantList) {
                for (const QVariant &v : value.toList())
                    spec.expect.append(v.toString());
            } else if (!value.toString().isEmpty()) {
                spec.expect.append(value.toString());
            }
        } else if (key == QLatin1String("pass") || key == QLatin1String("fail") || key == QLatin1String("error")) {
            spec.branches.insert(key, value.toString().trimmed());
        } else if (key == QLatin1String("on")) {
            if (value.typeId() != QMetaType::QVariantMap) {
                addDiagnostic(GuideDiagnostic::Severity::Error, lineOf(key), 1, QStringLiteral("malformed-check"),
                              QStringLiteral("`on:` maps outcomes to links, one per line, like `refused: \"#start-it\"`"));
                continue;
            }
            const QVariantMap outcomes = value.toMap();
            for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it)
                spec.branches.insert(it.key(), it.value().toString().trimmed());
        } else {
            spec.params.insert(key, value.typeId() == QMetaType::QString && value.toString() == QLatin1String("~") ? QVariant() : value);
        }
    }
    // Numbers arrive from YAML as text; keep them as numbers where the catalog says so.
    if (const CheckTypeInfo *info = CheckCatalog::find(spec.type)) {
        for (auto it = spec.params.begin(); it != spec.params.end(); ++it) {
            const CheckParam *p = info->param(it.key());
            bool ok = false;
            if (p && (p->kind == CheckParam::Kind::Port || p->kind == CheckParam::Kind::Integer)) {
                const int n = it.value().toString().toInt(&ok);
                if (ok)
                    it.value() = n;
            } else if (p && p->kind == CheckParam::Kind::Boolean) {
                const QString s = it.value().toString().toLower();
                if (s == QLatin1String("true") || s == QLatin1String("false"))
                    it.value() = s == QLatin1String("true");
            }
        }
    }
    for (const CheckCatalog::Problem &problem : CheckCatalog::validate(spec)) {
        const QString code = problem.key == QLatin1String("type") ? QStringLiteral("unknown-check-type")
                             : problem.key == QLatin1String("expect") ? QStringLiteral("bad-condition")
                                                                      : QStringLiteral("malformed-check");
        // A key that is there: its line. One that is missing: the block's opening fence.
        int line = problem.key.isEmpty() || !yaml.keyLines.contains(problem.key) ? b.firstLine : lineOf(problem.key);
        int column = 1;
        if (!problem.subject.isEmpty() && problem.column > 0) {
            // Place the column inside the condition as it is written: on the `expect:` line or
            // on one of the list items under it.
            for (int l = line; l <= b.lastLine && l <= m_doc.source().lineCount(); ++l) {
                const QString text = m_doc.source().lineText(l);
                const qsizetype at = text.indexOf(problem.subject);
                if (at >= 0) {
                    line = l;
                    column = int(at) + problem.column;
                    break;
                }
            }
        }
        addDiagnostic(GuideDiagnostic::Severity::Error, line, column, code, problem.message);
    }
    // Whatever the catalog does not know is reported above and not kept: it could be a
    // `password:` line. Credentials inside known parameters are refused the same way.
    if (const CheckTypeInfo *info = CheckCatalog::find(spec.type)) {
        for (auto it = spec.params.begin(); it != spec.params.end();) {
            const CheckParam *param = info->param(it.key());
            if (!param) {
                it = spec.params.erase(it);
                continue;
            }
            if (param->kind == CheckParam::Kind::Url) {
                const QUrl url(it.value().toString());
                if (!url.password().isEmpty()) {
                    addDiagnostic(GuideDiagnostic::Severity::Error, lineOf(it.key()), 1, QStringLiteral("secret-in-guide"),
                                  QStringLiteral("`%1:` carries a password; remove it and use `auth: basic`, which takes it "
                                                 "from the keychain")
                                      .arg(it.key()));
                    it.value() = url.adjusted(QUrl::RemovePassword).toString();
                }
            }
            if (param->kind == CheckParam::Kind::Map && it.key() == QLatin1String("headers")) {
                QVariantMap headers = it.value().toMap();
                for (auto h = headers.begin(); h != headers.end();) {
                    if (!SecretRedaction::isCredentialName(h.key())) {
                        ++h;
                        continue;
                    }
                    addDiagnostic(GuideDiagnostic::Severity::Error, lineOf(it.key()), 1, QStringLiteral("secret-in-guide"),
                                  QStringLiteral("header `%1` holds a credential; use `auth: bearer` or list it in "
                                                 "`secret_headers:` so that its value comes from the keychain")
                                      .arg(h.key()));
                    h = headers.erase(h);
                }
                it.value() = headers;
            }
            if (param->kind == CheckParam::Kind::Map && it.key() == QLatin1String("vars")) {
                // The catalog has reported a credential-named variable; its value is not kept.
                QVariantMap vars = it.value().toMap();
                vars.removeIf([](const auto &v) { return SecretRedaction::isCredentialName(v.key()); });
                it.value() = vars;
            }
            ++it;
        }
    }
    if (!spec.branches.contains(QStringLiteral("pass")) && !spec.branches.contains(QStringLiteral("fail")))
        addDiagnostic(GuideDiagnostic::Severity::Warning, b.firstLine, 1, QStringLiteral("check-without-branches"),
                      QStringLiteral("check block names no `pass:` or `fail:` branch, so its result cannot choose the next step"));

    if (!spec.id.isEmpty())
        m_explicitIds.append({spec.id, node, lineOf(QStringLiteral("id"))});
    // Edges in reading order: pass, fail, error, then the typed outcomes.
    QStringList order = CheckCatalog::generalBranches();
    for (auto it = spec.branches.cbegin(); it != spec.branches.cend(); ++it) {
        if (!order.contains(it.key()))
            order.append(it.key());
    }
    for (const QString &key : std::as_const(order)) {
        if (!spec.branches.contains(key))
            continue;
        PendingLink link;
        link.from = node;
        link.href = spec.branches.value(key);
        link.label = key;
        link.kind = GuideEdge::Kind::Branch;
        link.line = lineOf(CheckCatalog::generalBranches().contains(key) ? key : QStringLiteral("on"));
        link.column = 1;
        m_links.append(link);
    }
    m_guide.nodes[node].checks.append(spec);
}

// ---------------------------------------------------------------- labels, titles, ids

StructureReader::Label StructureReader::leadingLabel(const MdBlock &b) const
{
    Label label;
    const MarkdownDocument::Spans spans = m_doc.spans(b);
    if (spans.isEmpty())
        return label;
    const MdSpan &first = spans.first();
    const QStringView text = m_doc.text(b);
    if (first.kind != MdSpan::Strong || !text.left(first.begin).trimmed().isEmpty())
        return label;
    QStringView inner = text.mid(first.begin, first.end - first.begin).trimmed();
    QStringView after = text.mid(first.end).trimmed();
    bool colon = false;
    if (inner.endsWith(QLatin1Char(':'))) {
        inner = inner.chopped(1).trimmed();
        colon = true;
    }
    if (after.startsWith(QLatin1Char(':')) || after.startsWith(QChar(0x2014)) || after.startsWith(QLatin1String("- "))) {
        colon = true;
        after = after.mid(1).trimmed();
    } else if (!colon && !after.isEmpty()) {
        // "1. **Start PostgreSQL**" with its text on the next line: md4c joins the lines with a
        // soft break, so the source line says whether the bold words stood alone.
        const QString line = b.firstLine > 0 ? m_doc.source().lineText(b.firstLine).trimmed() : QString();
        const bool alone = (line.endsWith(QLatin1String("**")) || line.endsWith(QLatin1String("__"))) && line.contains(inner)
                           && !line.contains(after.left(std::min<qsizetype>(after.size(), 12)));
        if (!alone)
            return label; // bold words inside a sentence, not a label
        colon = true;
    }
    label.found = !inner.isEmpty();
    label.text = inner;
    if (colon)
        label.tail = after;
    return label;
}

bool StructureReader::isTitleParagraph(const MdBlock &b) const
{
    const MarkdownDocument::Spans spans = m_doc.spans(b);
    const QStringView blockText = m_doc.text(b);
    if (spans.isEmpty() || blockText.size() > 160)
        return false;
    const MdSpan &first = spans.first();
    if (first.kind != MdSpan::Strong && first.kind != MdSpan::Link)
        return false;
    const QStringView text = blockText.trimmed();
    const QStringView covered = blockText.mid(first.begin, first.end - first.begin).trimmed();
    return !text.isEmpty() && covered == text && !text.endsWith(QLatin1Char(':'));
}

int StructureReader::leadParagraph(int itemIndex) const
{
    const int first = m_doc.block(itemIndex).firstChild;
    return first >= 0 && m_doc.block(first).kind == MdBlockKind::Paragraph ? first : -1;
}

QString StructureReader::labelError(int itemIndex, const Label &label) const
{
    // A code span in the label that reads as an error: "**`ECONNRESET` on every request**".
    const int lead = leadParagraph(itemIndex);
    if (lead >= 0) {
        const MdBlock &p = m_doc.block(lead);
        const MdSpan &bold = m_doc.spans(p).first();
        for (const MdSpan &span : m_doc.spans(p)) {
            if (span.begin >= bold.end)
                break;
            if (span.kind != MdSpan::Code || span.begin < bold.begin)
                continue;
            const QStringView code = m_doc.spanText(p, span).trimmed();
            if (quotesAnError(code))
                return code.toString();
        }
    }
    // Else the label itself, only when it has the shape of an error: a label of words
    // ("Timeout", "Connection limit") may as well name a setting.
    return StructureVocabulary::hasErrorShape(label.text) ? label.text.toString() : QString();
}

QStringView StructureReader::itemLeadText(int itemIndex, Label *label) const
{
    const int lead = leadParagraph(itemIndex);
    if (lead < 0)
        return {};
    const MdBlock &p = m_doc.block(lead);
    *label = leadingLabel(p);
    return m_doc.text(p).trimmed();
}

namespace {
// Whether simplified() would leave the text as it is, which most titles are.
bool isSimple(QStringView text)
{
    const qsizetype n = text.size();
    if (n == 0)
        return true;
    const char16_t *chars = text.utf16();
    auto space = [](char16_t c) { return c < 128 ? c == u' ' || (c >= u'\t' && c <= u'\r') : QChar::isSpace(c); };
    if (space(chars[0]) || space(chars[n - 1]))
        return false;
    for (qsizetype i = 1; i < n - 1; ++i) {
        const char16_t c = chars[i];
        if (c > u' ' && c < 128)
            continue;
        if (c == u' ' ? space(chars[i + 1]) : space(c))
            return false;
    }
    return true;
}

QString simplifiedCopy(QStringView text)
{
    return isSimple(text) ? text.toString() : text.toString().simplified();
}
} // namespace

QString StructureReader::shorten(const QString &text, int max)
{
    // Most titles need nothing done: hand back the same string rather than a copy.
    if (text.size() <= max && !text.endsWith(QLatin1Char(':')) && isSimple(text))
        return text;
    return shorten(QStringView(text), max);
}

QString StructureReader::shorten(QStringView text, int max)
{
    QString simplified;
    QStringView t = text;
    if (!isSimple(t)) {
        simplified = t.toString().simplified();
        t = simplified;
    }
    while (t.endsWith(QLatin1Char(':')))
        t.chop(1);
    if (t.size() <= max)
        return t.size() == simplified.size() && !simplified.isEmpty() ? simplified : t.toString();
    const qsizetype cut = t.lastIndexOf(QLatin1Char(' '), max - 1);
    return t.left(cut > max / 2 ? cut : max - 1) + QChar(0x2026);
}

QString StructureReader::firstSentence(QStringView text)
{
    // The first '.', '!' or '?' that ends a word, past the first few characters ("e.g." stays),
    // counted in the simplified text. Only that sentence is simplified: a sentence end in the
    // text as written is one in the simplified text, where it sits at its simplified length.
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if ((c == QLatin1Char('.') || c == QLatin1Char('!') || c == QLatin1Char('?')) && (i + 1 == n || text.at(i + 1).isSpace())) {
            // Most candidates are simplified already: one too short ("e.g.") costs no copy.
            const QStringView candidate = text.left(i + 1);
            if (isSimple(candidate)) {
                if (candidate.size() > 10)
                    return candidate.toString();
                continue;
            }
            QString sentence = candidate.toString().simplified();
            if (sentence.size() > 10)
                return sentence;
        }
    }
    return simplifiedCopy(text);
}

QString StructureReader::firstSentenceTitle(QStringView text)
{
    constexpr int max = 100;
    QString sentence = firstSentence(text);
    // "Then restart CoreDNS:" after a look: a step is titled by what it asks, not by when.
    if (sentence.size() > 6 && sentence.startsWith(QLatin1String("Then ")) && sentence.at(5).isLower()) {
        sentence.remove(0, 5);
        sentence[0] = sentence.at(0).toUpper();
    }
    if (sentence.size() <= max && !sentence.endsWith(QLatin1Char(':')))
        return sentence;
    return shorten(QStringView(sentence), max);
}

qsizetype StructureReader::lastSentenceAt(QStringView text)
{
    // Back from the end to a '.', '!' or '?' that ends a word; a request to look is a sentence
    // of a few words, so a long way back is no sentence of that kind.
    static constexpr qsizetype kMaxSentence = 400;
    const qsizetype stop = std::max<qsizetype>(1, text.size() - kMaxSentence);
    for (qsizetype i = text.size() - 2; i >= stop; --i) {
        const QChar c = text.at(i);
        if ((c == QLatin1Char('.') || c == QLatin1Char('!') || c == QLatin1Char('?')) && text.at(i + 1).isSpace()) {
            qsizetype start = i + 1;
            while (start < text.size() && text.at(start).isSpace())
                ++start;
            return start < text.size() ? start : 0;
        }
    }
    return 0;
}

QString StructureReader::firstCodeLine(QStringView code, bool preferComment)
{
    for (QStringView line : code.tokenize(QLatin1Char('\n'))) {
        const QStringView t = line.trimmed();
        if (t.isEmpty())
            continue;
        if (!preferComment)
            return t.toString();
        if (t.startsWith(QLatin1Char('#')) && !t.startsWith(QLatin1String("#!")))
            return t.mid(1).trimmed().toString();
        if (t.startsWith(QLatin1String("--")) || t.startsWith(QLatin1String("//")))
            return t.mid(2).trimmed().toString();
        break;
    }
    return {};
}

const QStringList &StructureReader::secretsOfLine(int line)
{
    if (line != m_secretsLine) {
        m_secretsLine = line;
        const QStringView text = m_doc.source().linesView(line, line);
        // A code span's backtick, or the '<' of an HTML tag: two searches of a character.
        const bool code = text.contains(u'`') || text.contains(u'<');
        m_lineSecrets = code ? SecretRedaction::secretsIn(text) : QStringList();
    }
    return m_lineSecrets;
}

void StructureReader::noteSecret(int line)
{
    // One warning a line, though its secret is masked twice (a step's title and its check).
    if (!m_guide.diagnostics.isEmpty() && m_guide.diagnostics.last().code == QLatin1String("secret-in-guide")
        && m_guide.diagnostics.last().location.line == line)
        return;
    m_guide.diagnostics.append(secretInGuide(m_path, line));
}

void StructureReader::addDiagnostic(GuideDiagnostic::Severity severity, int line, int column, const QString &code,
                                 const QString &message)
{
    // A message may quote the guide ("`match: redis://:…@cache` is not one of …"): what lint
    // prints reaches CI logs, and never with a credential.
    m_guide.diagnostics.append({severity, {m_path, line, column}, SecretRedaction::redact(message), code});
}

// ---------------------------------------------------------------- finishing

void StructureReader::resolveKinds()
{
    // A heading that holds other headings or issues is a section; a plain heading that holds
    // nothing is information to read, or, when it says what fails, an issue.
    QList<int> structuralChildren(m_guide.nodes.size(), 0);
    QList<int> anyChildren(m_guide.nodes.size(), 0);
    QList<int> parent(m_guide.nodes.size(), -1);
    QList<int> madeIssues;
    QList<int> questions(m_guide.nodes.size(), 0); // question steps among a node's children…
    QList<int> issues(m_guide.nodes.size(), 0);    // …and issues
    for (const GuideEdge &e : std::as_const(m_guide.edges)) {
        if (e.kind != GuideEdge::Kind::Contains || e.fromIndex < 0 || e.toIndex < 0)
            continue;
        anyChildren[e.fromIndex] += 1;
        parent[e.toIndex] = e.fromIndex;
        const NodeKind childKind = m_guide.nodes.at(e.toIndex).kind;
        if (fromHeading(e.toIndex) || childKind == NodeKind::Issue)
            structuralChildren[e.fromIndex] += 1;
        questions[e.fromIndex] += childKind == NodeKind::Question;
        issues[e.fromIndex] += childKind == NodeKind::Issue;
    }
    for (int i = 1; i < m_guide.nodes.size(); ++i) {
        GuideNode &n = m_guide.nodes[i];
        if (!fromHeading(i))
            continue;
        if (n.kind == NodeKind::Diagnosis && structuralChildren.at(i) > 0)
            n.kind = NodeKind::Section;
        else if (n.kind == NodeKind::Section && !m_explicit && questions.at(i) > 0 && issues.at(i) == 0
                 && StructureVocabulary::describesFailure(n.title))
            n.kind = NodeKind::Issue; // "## VPN does not connect" and its steps that ask: a decision tree
        else if (n.kind == NodeKind::Section && anyChildren.at(i) == 0) {
            // A plain heading with text but nothing under it: an issue when it describes a
            // failure, unless it is already inside one ("### Why the build fails" under an
            // error heading explains that error).
            bool inIssue = false;
            for (int p = parent.at(i); p > 0 && !inIssue; p = parent.at(p))
                inIssue = m_guide.nodes.at(p).kind == NodeKind::Issue;
            // A condition or a kind of thing ("When the queue is full", "Invalid characters in
            // names") is one when its text handles it as a problem. It is also an issue when it
            // names a problem ("Login error") and its text quotes the error.
            // A bad outcome with no failure word ("Loss becomes NaN after a few hundred
            // steps", "Query returns nothing") is one under a section or a guide about problems
            // ("ML Training Troubleshooting"), when its text handles it.
            auto underProblems = [&] {
                for (int p = parent.at(i); p >= 0; p = parent.at(p)) {
                    if (StructureVocabulary::namesProblem(m_guide.nodes.at(p).title))
                        return true;
                }
                return false;
            };
            const bool problem = (StructureVocabulary::describesFailure(n.title)
                                  && (StructureVocabulary::statesFailure(n.title) || textTreatsAsProblem(i)))
                                 || StructureVocabulary::asksAboutAProblem(n.title)
                                 || (m_quotedErrors.contains(i) && StructureVocabulary::namesProblem(n.title))
                                 || (StructureVocabulary::statesBadOutcome(n.title) && underProblems() && textTreatsAsProblem(i));
            // "Still stuck?" closing a guide asks no problem of its own: where to get help.
            n.kind = (!m_explicit && !inIssue && problem && !StructureVocabulary::asksIfStillStuck(n.title)) ? NodeKind::Issue
                                                                                                          : NodeKind::Info;
            if (n.kind == NodeKind::Issue && m_quotedErrors.contains(i))
                madeIssues.append(i);
        }
    }
    // The page's own issue, made when a part opened outside any issue ("## Resolution"), that
    // ended with nothing in it: the problems under it took their parts. It is text to read.
    if (m_pageIssue >= 0 && anyChildren.at(m_pageIssue) == 0)
        m_guide.nodes[m_pageIssue].kind = NodeKind::Info;
    // The error output such an issue quotes is its symptom (added last: nodes grow).
    for (int issue : std::as_const(madeIssues)) {
        for (const QuotedError &quoted : m_quotedErrors.value(issue))
            addErrorSymptom(issue, quoted.message, quoted.line);
    }
}

bool StructureReader::textTreatsAsProblem(int node) const
{
    if (m_quotedErrors.contains(node) || !m_guide.nodes.at(node).commands.isEmpty())
        return true;
    const int before = node < m_states.size() ? m_states.at(node).blockBefore : -1;
    if (before < 0)
        return false;
    auto asks = [](QStringView text) {
        return StructureVocabulary::sentenceOfFix(text) >= 0 || StructureVocabulary::isCheckingAdvice(text);
    };
    // Its text runs to the next heading, or to the HTML that closes its fold; a plain heading
    // with nothing under it has little.
    int blocks = 0;
    for (int next = m_doc.block(before).nextSibling; next >= 0 && blocks < 16; next = m_doc.block(next).nextSibling, ++blocks) {
        const MdBlock &b = m_doc.block(next);
        if (b.kind == MdBlockKind::Heading || b.kind == MdBlockKind::Html)
            break;
        if (b.kind == MdBlockKind::Paragraph && asks(m_doc.text(b)))
            return true;
        if (b.kind == MdBlockKind::List) {
            for (int item : m_doc.children(next)) {
                if (const int lead = leadParagraph(item); lead >= 0 && asks(m_doc.text(m_doc.block(lead))))
                    return true;
            }
        }
    }
    return false;
}

void StructureReader::registerExplicitIds()
{
    // Check ids are anchors too. They are checked once every heading is known, so that an id
    // clashing with a heading further down is caught as well.
    for (const ExplicitId &e : std::as_const(m_explicitIds)) {
        const int other = m_anchors.value(e.id, -1);
        if (other >= 0 && other != e.node) {
            const int otherLine = m_idLines.value(e.id, m_guide.nodes.at(other).location.line);
            addDiagnostic(GuideDiagnostic::Severity::Error, e.line, 1, QStringLiteral("duplicate-id"),
                          QStringLiteral("id `%1` is already used by \"%2\" at line %3; ids must be unique in a guide")
                              .arg(e.id, m_guide.nodes.at(other).title)
                              .arg(otherLine));
            continue;
        }
        m_anchors.insert(e.id, e.node);
        m_idLines.insert(e.id, e.line);
    }
}

void StructureReader::resolveLinks()
{
    std::optional<QDir> dir;        // the guide's folder, once a link to a file asks
    std::optional<QDir> repository; // the nearest folder up with a .git, once a link asks
    enum class Target { File, Folder, Missing };
    QHash<QString, Target> targets;
    for (const PendingLink &link : std::as_const(m_links)) {
        const QString href = link.href.trimmed();
        if (href.isEmpty())
            continue;
        GuideEdge e;
        e.from = m_guide.nodes.at(link.from).id;
        e.fromIndex = link.from;
        // A label is the guide's words ("If it shows `token=…`", a link's text, a wiki link's
        // note): masked as titles are.
        e.label = SecretRedaction::redact(link.label);
        e.kind = link.kind;
        e.location = {m_path, link.line, link.column};
        // A file's target that holds a credential ("[[ghp_…]]", "creds.md?token=…") leads to no
        // guide: it is shown masked, and neither resolved nor named in a diagnostic. (An anchor
        // leads to a node, shown by its id, which is masked as its title is.)
        if (const QString shown = href.startsWith(QLatin1Char('#')) ? href : SecretRedaction::redact(href); shown != href) {
            noteSecret(link.line);
            e.to = shown;
            m_guide.edges.append(e);
            continue;
        }
        if (href.startsWith(QLatin1Char('#'))) {
            const QString anchor = Guide::decodeAnchor(href.mid(1));
            // As written first; GitHub's anchors are lower case, so then folded.
            int target = m_anchors.value(anchor, -1);
            if (target < 0)
                target = m_anchors.value(anchor.toLower(), -1);
            if (target < 0) {
                QString suggestion;
                int best = 4;
                for (auto it = m_anchors.cbegin(); it != m_anchors.cend(); ++it) {
                    const int d = editDistance(anchor, it.key());
                    if (d < best) {
                        best = d;
                        suggestion = it.key();
                    }
                }
                addDiagnostic(GuideDiagnostic::Severity::Error, link.line, link.column, QStringLiteral("dangling-anchor"),
                              QStringLiteral("link to #%1 leads nowhere: no heading or check id has that anchor%2")
                                  .arg(anchor, suggestion.isEmpty() ? QString() : QStringLiteral("; did you mean #%1?").arg(suggestion)));
                continue;
            }
            if (target == link.from && link.kind == GuideEdge::Kind::Link)
                continue;
            e.to = m_guide.nodes.at(target).id;
            e.toIndex = target;
            m_guide.edges.append(e);
            continue;
        }
        if (urlScheme(href).size() > 1)
            continue; // http:, mailto:, … : outside the guides (one letter is a Windows drive)
        const qsizetype fragment = href.indexOf(QLatin1Char('#'));
        const QString filePart = fragment < 0 ? href : href.left(fragment);
        if (!filePart.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
            && !filePart.endsWith(QLatin1String(".markdown"), Qt::CaseInsensitive)) {
            if (link.kind == GuideEdge::Kind::Branch || link.kind == GuideEdge::Kind::Answer) {
                addDiagnostic(GuideDiagnostic::Severity::Error, link.line, link.column, QStringLiteral("dangling-link"),
                              QStringLiteral("branch target `%1` is neither #anchor nor a .md guide").arg(href));
            }
            continue;
        }
        // "/docs/x.md" is relative to the repository, as on GitHub: the nearest folder up with a .git.
        QString relative = filePart.contains(QLatin1Char('%')) ? QUrl::fromPercentEncoding(filePart.toUtf8()) : filePart;
        if (!dir)
            dir = QFileInfo(m_path).dir();
        const QDir *base = &*dir;
        if (relative.startsWith(QLatin1Char('/'))) {
            relative.remove(0, 1);
            // Found once per guide: each step up asks the file system.
            if (!repository) {
                repository = *dir;
                QDir up(dir->absolutePath());
                for (int level = 0; level < 64; ++level) {
                    if (up.exists(QStringLiteral(".git"))) {
                        repository = up;
                        break;
                    }
                    if (up.isRoot() || !up.cdUp())
                        break;
                }
            }
            base = &*repository;
        }
        const QString target = QDir::cleanPath(base->filePath(relative));
        // A branch or an answer keeps its role; a plain link becomes a guide link.
        if (link.kind == GuideEdge::Kind::Link)
            e.kind = GuideEdge::Kind::Guide;
        e.to = href;
        e.targetFile = target;
        // QFileInfo, not the file system alone: bundled guides live in Qt resources (":/guides").
        // Asking exists() first costs one stat for a missing file, which isDir() and isFile()
        // would each make again.
        // Guides link to the same index many times: each target is asked about once.
        auto known = targets.constFind(target);
        if (known == targets.cend()) {
            const QFileInfo targetInfo(target);
            const bool exists = targetInfo.exists();
            known = targets.insert(target, !exists ? Target::Missing : targetInfo.isDir() ? Target::Folder
                                                                   : targetInfo.isFile() ? Target::File
                                                                                         : Target::Missing);
        }
        // "[[Refund queue]]" names a note wherever it is in an Obsidian vault.
        bool missing = *known == Target::Missing;
        if (missing && link.wiki && !relative.contains(QLatin1Char('/'))) {
            if (const QString note = noteInVault(relative); !note.isEmpty()) {
                e.targetFile = note;
                missing = false;
            }
        }
        if (*known == Target::Folder) {
            addDiagnostic(GuideDiagnostic::Severity::Error, link.line, link.column, QStringLiteral("missing-file"),
                          QStringLiteral("link to `%1` points to a folder (%2), not a guide; link to a .md file in it")
                              .arg(filePart, QDir::toNativeSeparators(target)));
        } else if (missing) {
            addDiagnostic(GuideDiagnostic::Severity::Error, link.line, link.column, QStringLiteral("missing-file"),
                          QStringLiteral("link to `%1` points to a file that does not exist (%2); fix the path or add the guide")
                              .arg(filePart, QDir::toNativeSeparators(target)));
        }
        m_guide.edges.append(e);
    }
}

namespace {

// The notes of the Obsidian vaults read lately, by the vault's root: a lint or a load of many
// guides in one vault walks it once, not once a guide. An index serves a few seconds, so that a
// window that reloads a guide after an edit sees the notes added since.
struct VaultIndex {
    QElapsedTimer age;
    QHash<QString, QString> notes; // file name in lower case → path
};
constexpr qint64 kVaultIndexMs = 5000;
QMutex vaultMutex;
QHash<QString, VaultIndex> vaultIndexes;

// Each note by its name, the nearest to the vault's root first as Obsidian takes it, and of two
// as near the first by path, so that the choice does not hang on the order folders are read in.
// Every entry counts towards the bound, files and folders, so that a guide kept in a large tree
// (a home folder, a repository with node_modules) costs a bounded walk.
QHash<QString, QString> readVault(const QString &root)
{
    constexpr int kMaxEntries = 20000;
    QHash<QString, QString> notes;
    QDirIterator it(root, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    for (int seen = 0; it.hasNext() && seen < kMaxEntries; ++seen) {
        const QString path = it.next();
        if (!path.endsWith(QLatin1String(".md"), Qt::CaseInsensitive))
            continue;
        QString &known = notes[it.fileName().toLower()];
        const qsizetype depth = path.count(QLatin1Char('/'));
        const qsizetype knownDepth = known.count(QLatin1Char('/'));
        if (known.isEmpty() || depth < knownDepth || (depth == knownDepth && path < known))
            known = path;
    }
    return notes;
}

QHash<QString, QString> vaultNotes(const QString &root)
{
    const QMutexLocker lock(&vaultMutex);
    if (const auto known = vaultIndexes.constFind(root); known != vaultIndexes.cend() && known->age.elapsed() < kVaultIndexMs)
        return known->notes;
    vaultIndexes.removeIf([](const auto &entry) { return entry.value().age.elapsed() >= kVaultIndexMs; });
    VaultIndex &index = vaultIndexes[root];
    index.notes = readVault(root);
    index.age.start();
    return index.notes;
}

} // namespace

QString StructureReader::noteInVault(const QString &fileName)
{
    if (!m_vaultNotes) {
        // The vault is the nearest folder up with Obsidian's settings, else the guide's own.
        const QDir guideDir = QFileInfo(m_path).dir();
        QDir root = guideDir;
        for (QDir up(guideDir.absolutePath()); ; ) {
            if (up.exists(QStringLiteral(".obsidian"))) {
                root = up;
                break;
            }
            if (up.isRoot() || !up.cdUp())
                break;
        }
        m_vaultNotes = vaultNotes(root.absolutePath());
    }
    return m_vaultNotes->value(fileName.toLower());
}

void StructureReader::assignBodies()
{
    // A node's body runs from below its title to the next title or part label; Guide::body()
    // reads it from the source when somebody asks, so that importing a guide does not copy
    // (and scan for secrets) text that nobody reads.
    // Breaks and titles each come nearly always in document order: sorted only when they are
    // not, then merged.
    QList<int> titles;
    titles.reserve(m_regions.size());
    for (const Region &r : std::as_const(m_regions))
        titles.append(r.titleLine);
    for (QList<int> *lines : {&m_breaks, &titles}) {
        if (!std::is_sorted(lines->cbegin(), lines->cend()))
            std::sort(lines->begin(), lines->end());
    }
    QList<int> boundaries(m_breaks.size() + titles.size());
    std::merge(m_breaks.cbegin(), m_breaks.cend(), titles.cbegin(), titles.cend(), boundaries.begin());
    boundaries.erase(std::unique(boundaries.begin(), boundaries.end()), boundaries.end());
    const int lineCount = m_doc.source().lineCount();
    // Where a node's own text starts: a resumed run that starts there too ("</details>" and
    // the next "<details>" on consecutive lines of one block) has no text of its own.
    QList<int> starts;
    if (std::any_of(m_regions.cbegin(), m_regions.cend(), [](const Region &r) { return r.resume; })) {
        for (const Region &r : std::as_const(m_regions)) {
            if (!r.resume)
                starts.append(r.titleLine);
        }
        std::sort(starts.begin(), starts.end());
    }
    for (const Region &r : std::as_const(m_regions)) {
        GuideNode &node = m_guide.nodes[r.node];
        if (!node.presetBody.isEmpty())
            continue;
        if (r.endColumn > 0 && r.resume) {
            // Text between two fold tags on one line: where it is was found when it was read.
            node.moreBody.append({r.bodyFirst, r.bodyFirst, false, false, r.textColumn, false, r.endColumn});
            continue;
        }
        const auto next = std::upper_bound(boundaries.cbegin(), boundaries.cend(), r.titleLine);
        int last = next == boundaries.cend() ? lineCount : *next - 1;
        if (r.lastLine > 0)
            last = r.lastLine; // known when it was read: where the fold closed
        if (!r.resume) {
            node.bodyLines = {r.bodyFirst, last, r.stripLead, r.plainLabel, r.textColumn, false, r.endColumn};
            node.bodyLines.indent = r.indent;
        } else if (r.bodyFirst <= last && !std::binary_search(starts.cbegin(), starts.cend(), r.titleLine)) {
            node.moreBody.append({r.bodyFirst, last, false, false, false, r.afterClose});
        } else if (r.afterClose) {
            // Another node starts on the next line: the text after the tag is all there is.
            node.moreBody.append({r.bodyFirst, r.bodyFirst, false, false, false, true});
        }
    }
}

namespace {
// "solution", "solution 1", "solution 2", …: the first few made once and shared by every edge.
QString solutionLabel(int order)
{
    static const QList<QString> common = [] {
        QList<QString> labels{QStringLiteral("solution")};
        for (int n = 1; n <= 20; ++n)
            labels.append(QStringLiteral("solution ") + QString::number(n));
        return labels;
    }();
    if (order >= 0 && order < common.size())
        return common.at(order);
    return QStringLiteral("solution ") + QString::number(order);
}
} // namespace

void StructureReader::labelEdges()
{
    for (GuideEdge &e : m_guide.edges) {
        if (e.kind != GuideEdge::Kind::Contains || !e.label.isEmpty())
            continue;
        const GuideNode &child = m_guide.nodes.at(e.toIndex);
        switch (child.kind) {
        case NodeKind::Solution:
            e.label = solutionLabel(child.order);
            break;
        case NodeKind::Cause:
            e.label = QStringLiteral("root cause");
            break;
        default:
            e.label = nodeKindName(child.kind);
            break;
        }
    }
}

} // namespace triage
