#include "GuideImporter.h"

#include "StructureReader.h"
#include "StructureVocabulary.h"
#include "log/Logging.h"
#include "markdown/MarkdownDocument.h"
#include "markdown/SourceText.h"
#include "markdown/YamlMapping.h"
#include "secrets/SecretRedaction.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cctype>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

namespace triage {

namespace {

// A guide with only its root and one error about the file as a whole (line 0): what callers
// such as `triage tree` treat as input they could not read.
Guide failedGuide(const QString &path, const QString &message, const QString &code)
{
    Guide guide;
    guide.path = path;
    guide.id = QFileInfo(path).completeBaseName();
    guide.title = guide.id;
    GuideNode root;
    root.id = QStringLiteral("root");
    root.kind = NodeKind::Root;
    root.title = guide.title;
    root.location = {path, 0, 0};
    guide.nodes.append(root);
    guide.diagnostics.append({GuideDiagnostic::Severity::Error, {path, 0, 0}, message, code});
    guide.rebuildIndex();
    return guide;
}

struct FrontMatter {
    bool present = false;
    qsizetype endOffset = 0; // first byte after the closing fence line
    int contentLine = 2;     // line where the YAML starts
    QString yaml;
};

FrontMatter findFrontMatter(const SourceText &text)
{
    FrontMatter fm;
    if (text.lineCount() < 2 || text.lineBytes(1).trimmed() != "---")
        return fm;
    // Look for the closing fence within a reasonable distance; a `---` rule much further down
    // is a horizontal rule, not the end of front matter.
    const int limit = std::min(text.lineCount(), 200);
    for (int line = 2; line <= limit; ++line) {
        const QByteArrayView l = text.lineBytes(line).trimmed();
        if (l == "---" || l == "...") {
            fm.present = true;
            fm.yaml = text.lines(2, line - 1);
            fm.endOffset = line < text.lineCount() ? text.lineStart(line + 1) : text.utf8().size();
            return fm;
        }
    }
    return fm;
}

// Whether a trimmed line opens or closes a code fence, or lies inside one; `fence` keeps the
// open fence's characters ("```", "~~~~") from line to line.
bool insideFence(QByteArrayView t, QByteArray *fence)
{
    if (t.startsWith("```") || t.startsWith("~~~")) {
        qsizetype run = 0;
        while (run < t.size() && t.at(run) == t.at(0))
            ++run;
        if (fence->isEmpty())
            *fence = t.first(run).toByteArray();
        else if (t.at(0) == fence->at(0) && run >= fence->size() && t.sliced(run).trimmed().isEmpty())
            fence->clear();
        return true;
    }
    return !fence->isEmpty();
}

// The line a titled admonition's opening line becomes: a part's bold label when the title
// names one ("**Fix**:"), else the title as a line of text ("Before you start:"); nothing when
// it has no title. At the opening line's indentation, so that one in a list item stays in it.
QByteArray admonitionTitleLine(QByteArrayView indent, QByteArrayView title)
{
    if (title.isEmpty())
        return {};
    const StructureVocabulary::PartLabel part = StructureVocabulary::partLabel(QString::fromUtf8(title));
    if (part.valid && part.kind != NodeKind::Info)
        return indent.toByteArray() + "**" + title.toByteArray() + "**:";
    return indent.toByteArray() + title.toByteArray() + (title.endsWith(':') ? "" : ":");
}

// MyST (Sphinx, Jupyter Book) directives: a fence whose language is a name in braces,
// ```` ```{admonition} Fix ````, ```` ```{note} ````, `:::{tip}`, then `:class: …` options.
// GitHub shows them as code, but an admonition's text is Markdown: its fences and options
// become blank, its title the line admonitionTitleLine() writes. A code directive
// (```` ```{code-block} bash ````) is a code block in that language. Any other directive
// (`{contents}`, `{toctree}`) stays code. A cross-reference target alone on its line,
// `(install-guide)=`, is no text. Offsets stay put; code blocks are left alone.
void rewriteDirectives(SourceText &text)
{
    // Nearly every guide has none: a brace right after a fence's marks is looked for first.
    const char *data = text.utf8().constData();
    const char *const end = data + text.utf8().size();
    bool any = false;
    for (const char *at = data; !any && (at = static_cast<const char *>(std::memchr(at, '{', size_t(end - at)))) != nullptr; ++at)
        any = at - data >= 3 && (at[-1] == '`' || at[-1] == ':' || at[-1] == '~') && at[-2] == at[-1] && at[-3] == at[-1];
    if (!any)
        return;
    static constexpr std::string_view admonitions[] = {"admonition", "note",    "warning", "tip",      "hint",    "important",
                                                       "caution",    "attention", "danger", "error",   "seealso", "todo",
                                                       "dropdown",   "topic"};
    static constexpr std::string_view codes[] = {"code-block", "code", "sourcecode", "code-cell"};
    auto isOneOf = [](QByteArrayView name, std::span<const std::string_view> words) {
        return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
            return QByteArrayView(w.data(), qsizetype(w.size())).compare(name, Qt::CaseInsensitive) == 0;
        });
    };
    auto blankOptions = [&](int line) {
        // ":class: tip", ":name: fix-it": the directive's options, right under its first line.
        for (int option = line + 1; option <= text.lineCount(); ++option) {
            const QByteArrayView o = text.lineBytes(option).trimmed();
            if (o.size() < 3 || o.at(0) != ':' || o.indexOf(':', 1) < 2)
                return;
            text.overwriteLine(option, {});
        }
    };
    QByteArray fence;              // an open code fence, as insideFence() keeps it
    QList<QByteArray> directives;  // the fences of the admonitions open around this line
    for (int line = 1; line <= text.lineCount(); ++line) {
        const QByteArrayView raw = text.lineBytes(line);
        const QByteArrayView t = raw.trimmed();
        if (!fence.isEmpty()) {
            insideFence(t, &fence);
            continue;
        }
        const bool marks = t.startsWith("```") || t.startsWith("~~~") || t.startsWith(":::");
        if (!marks) {
            if (t.size() > 3 && t.startsWith('(') && t.endsWith(")=") && raw.startsWith('(')
                && std::none_of(t.begin(), t.end(), [](char c) { return c == ' ' || c == '`'; }))
                text.overwriteLine(line, {});
            continue;
        }
        qsizetype run = 0;
        while (run < t.size() && t.at(run) == t.at(0))
            ++run;
        const QByteArrayView rest = t.sliced(run);
        if (!directives.isEmpty() && rest.trimmed().isEmpty() && t.at(0) == directives.last().at(0)
            && run >= directives.last().size()) {
            text.overwriteLine(line, {}); // the admonition closes
            directives.removeLast();
            continue;
        }
        const qsizetype close = rest.startsWith('{') ? rest.indexOf('}') : -1;
        if (close < 2) {
            if (t.at(0) != ':')
                insideFence(t, &fence);
            continue;
        }
        const QByteArray opener = t.first(run).toByteArray(); // `t` sees the line as it is rewritten
        const QByteArrayView name = rest.sliced(1, close - 1);
        const QByteArrayView argument = rest.sliced(close + 1).trimmed();
        const QByteArrayView indent = raw.first(raw.indexOf(t.at(0)));
        if (isOneOf(name, codes) && t.at(0) != ':') {
            const QByteArray opening = indent.toByteArray() + opener + argument.toByteArray();
            text.rewriteLine(line, opening);
            blankOptions(line);
            insideFence(opener, &fence);
        } else if (isOneOf(name, admonitions)) {
            // An admonition's argument is its title; a note's or a tip's is its first words.
            QByteArray written;
            if (name.compare("admonition", Qt::CaseInsensitive) == 0 || name.compare("dropdown", Qt::CaseInsensitive) == 0)
                written = admonitionTitleLine(indent, argument);
            else if (!argument.isEmpty())
                written = indent.toByteArray() + argument.toByteArray();
            if (written.isEmpty() || !text.rewriteLine(line, written))
                text.overwriteLine(line, {});
            blankOptions(line);
            directives.append(opener);
        } else if (t.at(0) != ':') {
            insideFence(t, &fence);
        }
    }
}

// Docusaurus admonitions, `:::tip Fix` … `:::` (or `:::tip[Fix]`): GitHub shows the fence lines
// as text, and a title that names a part says what the text inside is. Such an opening line
// becomes that part's bold label, of the same length ("**Fix**:" and spaces), any other title a
// line of text ("Before you start:"), and the other fence lines become blank, so that every
// offset and line stays put. Lines in code blocks are left as written.
void rewriteAdmonitions(SourceText &text)
{
    // Nearly every guide has none: one pass from colon to colon, no walk over its lines.
    // (QByteArray::contains() costs some twelve instructions a byte here; memchr() a fraction.)
    const char *data = text.utf8().constData();
    const char *const end = data + text.utf8().size();
    bool any = false;
    for (const char *at = data; !any && (at = static_cast<const char *>(std::memchr(at, ':', size_t(end - at)))) != nullptr; ++at)
        any = end - at >= 3 && at[1] == ':' && at[2] == ':';
    if (!any)
        return;
    QByteArray fence; // the open code fence's characters, if any
    for (int line = 1; line <= text.lineCount(); ++line) {
        const QByteArrayView raw = text.lineBytes(line);
        const QByteArrayView t = raw.trimmed();
        if (insideFence(t, &fence) || !t.startsWith(":::"))
            continue;
        qsizetype i = 0;
        while (i < t.size() && t.at(i) == ':')
            ++i;
        QByteArrayView rest = t.sliced(i);
        qsizetype type = 0;
        while (type < rest.size() && ((rest.at(type) >= 'a' && rest.at(type) <= 'z') || (rest.at(type) >= 'A' && rest.at(type) <= 'Z')))
            ++type;
        if (type == 0 && !rest.trimmed().isEmpty())
            continue; // ":::" then something that is no admonition
        QByteArrayView title = rest.sliced(type).trimmed();
        if (title.startsWith('[') && title.endsWith(']'))
            title = title.sliced(1, title.size() - 2).trimmed();
        // At the fence's own indentation, so that one inside a list item stays in it.
        const QByteArray label = title.contains('*') ? QByteArray() : admonitionTitleLine(raw.first(raw.indexOf(t.at(0))), title);
        if (label.isEmpty() || !text.rewriteLine(line, label))
            text.overwriteLine(line, {});
    }
}

// Whether a line opens a MkDocs or Python-Markdown admonition: `!!! type "Title"`, or `???` /
// `???+` for one that folds, at most three spaces in. `title` gets the quoted title, without
// its quotes (empty when there is none), `type` the first word.
bool indentedAdmonition(QByteArrayView line, qsizetype *indent, QByteArrayView *type, QByteArrayView *title)
{
    qsizetype i = 0;
    while (i < line.size() && line.at(i) == ' ')
        ++i;
    if (i > 3)
        return false;
    // A content tab, `=== "Linux"` (`===!`, `===+`), indents its text the same way. Its type
    // is its marker; its title, which it must have, is the tab's name.
    const QByteArrayView marker = line.sliced(i);
    if (marker.startsWith("=== ") || marker.startsWith("===! ") || marker.startsWith("===+ ")) {
        const QByteArrayView rest = marker.sliced(3).sliced(marker.at(3) == ' ' ? 0 : 1).trimmed();
        if (rest.size() < 3 || !rest.startsWith('"') || !rest.endsWith('"'))
            return false;
        *indent = i;
        *type = marker.first(3);
        *title = rest.sliced(1, rest.size() - 2).trimmed();
        return !title->isEmpty();
    }
    if (!(marker.startsWith("!!! ") || marker.startsWith("??? ") || marker.startsWith("???+ ")))
        return false;
    *indent = i;
    QByteArrayView rest = line.sliced(i + (line.at(i + 3) == '+' ? 4 : 3)).trimmed();
    qsizetype word = 0;
    while (word < rest.size() && (std::isalnum(uchar(rest.at(word))) || rest.at(word) == '-' || rest.at(word) == '_'))
        ++word;
    if (word == 0)
        return false;
    *type = rest.first(word);
    // More class words may follow the type ("inline end"), then the title.
    const qsizetype quote = rest.indexOf('"');
    *title = {};
    if (quote >= 0) {
        if (!rest.endsWith('"') || quote == rest.size() - 1)
            return false;
        *title = rest.sliced(quote + 1, rest.size() - quote - 2).trimmed();
    }
    return true;
}

// MkDocs-Material admonitions, `!!! failure "Workers crash"` (`???` and `???+` fold), and its
// content tabs (`=== "Linux"`): their text is indented four spaces, which plain Markdown reads
// as code. Their text moves out by
// four, the indent blanked at each line's end, so that it is Markdown again. The title line
// becomes what the title says: a part's bold label when it names one ("**Fix**:"); a heading
// one level under the last one when the admonition states a problem (a failure, a bug, a
// question, or a warning whose title reads as a failure or names a problem); any other title a
// line of text ("Before you start:"), as a tab's name is ("Linux:"); no title, a blank line, as
// a Docusaurus admonition's is.
// Offsets stay put on every line; code blocks are left alone.
void rewriteIndentedAdmonitions(SourceText &text)
{
    // Nearly every guide has none: found as the Docusaurus ones are, without a walk over lines.
    // A marker opens its line (after spaces) with three marks, then a space or '+' ("!!! note",
    // "???+ tip", `=== "macOS"`): not "=====" under a heading, nor `a === 401` in code.
    auto holdsThree = [&](char mark) {
        const char *data = text.utf8().constData();
        const char *const end = data + text.utf8().size();
        for (const char *at = data; (at = static_cast<const char *>(std::memchr(at, mark, size_t(end - at)))) != nullptr; ++at) {
            if (end - at < 4 || at[1] != mark || at[2] != mark || (at[3] != ' ' && at[3] != '+'))
                continue;
            const char *start = at;
            while (start > data && start[-1] == ' ')
                --start;
            if (start == data || start[-1] == '\n')
                return true;
        }
        return false;
    };
    if (!holdsThree('!') && !holdsThree('?') && !holdsThree('='))
        return;
    static constexpr std::string_view problemTypes[] = {"failure", "fail", "missing", "bug", "error", "question", "help", "faq"};
    static constexpr std::string_view cautionTypes[] = {"warning", "caution", "attention", "danger"};
    auto isOneOf = [](QByteArrayView type, std::span<const std::string_view> words) {
        return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
            return QByteArrayView(w.data(), qsizetype(w.size())).compare(type, Qt::CaseInsensitive) == 0;
        });
    };
    QByteArray fence;
    int headingLevel = 1; // of the last heading written as one
    for (int line = 1; line <= text.lineCount(); ++line) {
        const QByteArrayView t = text.lineBytes(line).trimmed();
        if (insideFence(t, &fence))
            continue;
        if (t.startsWith('#') && text.lineBytes(line).indexOf('#') < 4) {
            qsizetype level = 0;
            while (level < t.size() && t.at(level) == '#')
                ++level;
            if (level <= 6 && (level == t.size() || t.at(level) == ' '))
                headingLevel = int(level);
            continue;
        }
        qsizetype indent = 0;
        QByteArrayView type, title;
        if (!indentedAdmonition(text.lineBytes(line), &indent, &type, &title))
            continue;
        // Its text: the lines indented past its marker, and the blank lines among them.
        for (int body = line + 1; body <= text.lineCount(); ++body) {
            const QByteArrayView raw = text.lineBytes(body);
            if (raw.trimmed().isEmpty())
                continue;
            qsizetype spaces = 0;
            while (spaces < raw.size() && raw.at(spaces) == ' ')
                ++spaces;
            const qsizetype drop = spaces >= indent + 4 ? 4 : spaces == indent && raw.at(spaces) == '\t' ? 1 : 0;
            if (drop == 0)
                break;
            QByteArray moved = raw.first(indent).toByteArray();
            moved += raw.sliced(indent + drop);
            text.rewriteLine(body, moved);
        }
        const QByteArray lead(indent, ' ');
        const QString words = QString::fromUtf8(title);
        const StructureVocabulary::PartLabel part = StructureVocabulary::partLabel(words);
        QByteArray written;
        if (type == "===") {
            // A tab's name says for what its text is ("macOS", "Linux"): a line of text, "macOS:".
            written = lead + title.toByteArray() + (title.endsWith(':') ? "" : ":");
        } else if (!title.isEmpty() && !(part.valid && part.kind != NodeKind::Info)
                   && (isOneOf(type, problemTypes)
                       || (isOneOf(type, cautionTypes)
                           && (StructureVocabulary::describesFailure(words) || StructureVocabulary::readsAsError(words)
                               || StructureVocabulary::namesProblem(words))))) {
            written = lead + QByteArray(std::min(headingLevel + 1, 6), '#') + ' ' + title.toByteArray();
        } else {
            written = admonitionTitleLine(lead, title);
        }
        if (written.isEmpty() || !text.rewriteLine(line, written))
            text.overwriteLine(line, {});
    }
}

// GitHub alerts: a quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
// `[!CAUTION]` alone (in any case). GitHub hides the marker and titles the quote "Note", "Tip", …
// Obsidian's callouts have the same marker, of any type ("[!bug]", "[!failure]"), which may fold
// ("[!faq]-", "[!tip]+") and be followed by a title ("> [!tip] Fix").
struct AlertMarker {
    qsizetype quote = -1; // where the quote's `>` is on the line
    QByteArray title;     // what the quote is titled instead of the marker
    bool titled = false;  // the title was written after the marker, not taken from its type
};

AlertMarker alertMarker(QByteArrayView line)
{
    static constexpr std::pair<std::string_view, std::string_view> kinds[] = {
        {"note", "Note"}, {"tip", "Tip"}, {"important", "Important"}, {"warning", "Warning"}, {"caution", "Caution"}};
    // Before the `>`: indentation, or the marker of the list item the quote opens.
    auto holdsQuote = [](char c) {
        return c == ' ' || c == '\t' || c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9');
    };
    qsizetype i = 0;
    while (i < line.size() && holdsQuote(line.at(i)))
        ++i;
    if (i >= line.size() || line.at(i) != '>')
        return {};
    const QByteArrayView marker = line.sliced(i + 1).trimmed();
    const qsizetype close = marker.indexOf(']');
    if (close < 3 || !marker.startsWith("[!"))
        return {};
    const QByteArrayView word = marker.sliced(2, close - 2);
    if (!std::all_of(word.begin(), word.end(), [](char c) { return std::isalpha(uchar(c)) || c == '-'; }))
        return {};
    QByteArrayView rest = marker.sliced(close + 1);
    if (rest.startsWith('-') || rest.startsWith('+'))
        rest = rest.sliced(1);
    if (!rest.isEmpty() && rest.at(0) != ' ')
        return {}; // "[!NOTE]text" is no marker
    // A callout's title is plain words; "> [!TIP] **Fix:** …" is text GitHub shows as written.
    if (const QByteArrayView after = rest.trimmed(); after.startsWith('*') || after.startsWith('_'))
        return {};
    AlertMarker found;
    found.quote = i;
    found.title = rest.trimmed().toByteArray();
    found.titled = !found.title.isEmpty();
    if (!found.titled) {
        for (const auto &[kind, title] : kinds) {
            if (QByteArrayView(kind).compare(word, Qt::CaseInsensitive) == 0)
                found.title = QByteArray(title.data(), qsizetype(title.size()));
        }
        // Obsidian shows any other type by its name: "[!bug]" is "Bug".
        if (found.title.isEmpty()) {
            found.title = word.toByteArray().toLower();
            found.title[0] = char(std::toupper(uchar(found.title.at(0))));
        }
    }
    return found;
}

// Rewrites the marker line of each alert as its title, a heading inside the quote of the same
// length ("> [!TIP]" becomes ">### Tip"), so that the text under it is a paragraph of its own,
// where StructureReader reads a part label ("**Fix:** …"), and the marker is in no title. A
// callout titled with a part word ("> [!tip] Fix") gets that part's bold label instead
// ("> **Fix**:"), so that the quote is that part, as one written with the label is. Only
// quotes md4c found count, so a marker in code, fenced or indented, is left as written; so is
// one inside a quote that started before it, which GitHub shows as text. Returns the lines of
// the alerts' titles; `relabelled` says whether a callout became a label.
QList<int> rewriteAlerts(SourceText &text, const MarkdownDocument &doc, bool *relabelled)
{
    QList<int> lines;
    for (const MdBlock &b : doc.blocks()) {
        if (b.kind != MdBlockKind::Quote || b.firstLine <= 0 || b.firstChild < 0)
            continue;
        const MdBlock &first = doc.block(b.firstChild);
        if (first.kind != MdBlockKind::Paragraph || first.firstLine != b.firstLine
            || (b.parent >= 0 && doc.block(b.parent).kind == MdBlockKind::Quote))
            continue;
        const QByteArrayView line = text.lineBytes(b.firstLine);
        const AlertMarker marker = alertMarker(line);
        if (marker.quote < 0)
            continue;
        const QByteArray quote = line.first(marker.quote + 1).toByteArray();
        if (marker.titled) {
            const QByteArray label = admonitionTitleLine(" ", marker.title);
            if (label.endsWith("**:") && text.rewriteLine(b.firstLine, QByteArray(quote + label))) {
                *relabelled = true;
                continue;
            }
        }
        // As many '#' as fit, up to three: the marker is three characters longer than its title,
        // with one space after the `>` or none.
        const qsizetype room = line.size() - marker.quote - 1 - marker.title.size() - 1;
        if (room < 1)
            continue;
        const QByteArray heading = quote + QByteArray(std::min<qsizetype>(room, 3), '#') + ' ' + marker.title;
        if (!text.rewriteLine(b.firstLine, heading))
            continue;
        lines.append(b.firstLine);
    }
    return lines;
}

// Whether any line may open an alert ("> [!TIP]"), found without a walk over the lines: nearly
// every guide has no "[!" at all.
bool mayHoldAlerts(const QByteArray &utf8)
{
    const char *data = utf8.constData();
    const char *const end = data + utf8.size();
    for (const char *at = data; (at = static_cast<const char *>(std::memchr(at, '!', size_t(end - at)))) != nullptr; ++at) {
        if (at > data && at[-1] == '[')
            return true;
    }
    return false;
}

} // namespace

Guide GuideImporter::importFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return failedGuide(path, QStringLiteral("guide file not found; check the path"), QStringLiteral("missing-file"));
    if (info.isDir())
        return failedGuide(path, QStringLiteral("this is a folder, not a guide file; pass the .md files inside it"),
                           QStringLiteral("not-a-file"));
    if (info.size() > kMaxBytes)
        return failedGuide(path,
                           QStringLiteral("guide is %1 MB, more than the %2 MB Triage reads; split it into several guides")
                               .arg(info.size() / (1024 * 1024))
                               .arg(kMaxBytes / (1024 * 1024)),
                           QStringLiteral("too-large"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failedGuide(path, QStringLiteral("cannot read the guide: %1").arg(file.errorString()), QStringLiteral("unreadable"));
    return importBytes(path, file.read(kMaxBytes + 1));
}

Guide GuideImporter::importBytes(const QString &path, const QByteArray &bytes)
{
    if (bytes.size() > kMaxBytes)
        return failedGuide(path, QStringLiteral("guide is larger than %1 MB; split it").arg(kMaxBytes / (1024 * 1024)),
                           QStringLiteral("too-large"));
    // Git's test for binary content: a NUL byte early on. Text in UTF-8 never has one, and
    // UTF-16 (which does) is recognised by its byte-order mark.
    const QByteArrayView head = QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 8000));
    if (const qsizetype nul = head.indexOf('\0'); nul >= 0 && !SourceText::isUtf16(bytes)) {
        const int line = int(head.first(nul).count('\n')) + 1;
        return failedGuide(path,
                           QStringLiteral("this is not a text file (a NUL byte on line %1, at offset %2); a guide is a "
                                          "Markdown file in UTF-8: check the path")
                               .arg(line)
                               .arg(nul),
                           QStringLiteral("binary-file"));
    }
    SourceText text = SourceText::fromBytes(bytes);
    // The limit holds for the text read too: UTF-16 grows by up to half as UTF-8, and each
    // invalid byte becomes a three-byte replacement character.
    if (text.utf8().size() > kMaxBytes) {
        const QString why = SourceText::isUtf16(bytes) ? QStringLiteral("once decoded from UTF-16; split it")
                                                       : QStringLiteral("once its invalid bytes are replaced; is it really a UTF-8 "
                                                                        "text file? If so, split it");
        return failedGuide(path, QStringLiteral("guide is larger than %1 MB %2").arg(kMaxBytes / (1024 * 1024)).arg(why),
                           QStringLiteral("too-large"));
    }
    GuideDiagnostics diagnostics;
    for (const DecodeNote &note : text.notes())
        diagnostics.append({GuideDiagnostic::Severity::Warning, {path, note.line, 1}, note.message, QStringLiteral("encoding")});

    QVariantMap frontMatter;
    const FrontMatter fm = findFrontMatter(text);
    if (fm.present) {
        const YamlMapping yaml = YamlMapping::parse(fm.yaml);
        // A guide may also open with a `---` rule and meet another further down. Only YAML that
        // reads as keys, or that starts like it, is front matter.
        static const QRegularExpression keyLine(QStringLiteral("^\\s*[A-Za-z_][\\w-]*\\s*:"));
        const bool looksLikeKeys = keyLine.match(fm.yaml).hasMatch();
        if (yaml.ok && (looksLikeKeys || fm.yaml.trimmed().isEmpty())) {
            frontMatter = yaml.values;
            text.blankOut(0, fm.endOffset); // md4c must not see it, but every offset after it stays put
        } else if (looksLikeKeys) {
            diagnostics.append({GuideDiagnostic::Severity::Error,
                                {path, fm.contentLine + std::max(yaml.errorLine, 1) - 1, std::max(yaml.errorColumn, 1)},
                                SecretRedaction::redact(QStringLiteral("front matter is not valid YAML: %1").arg(yaml.error)),
                                QStringLiteral("bad-front-matter")});
            text.blankOut(0, fm.endOffset);
        }
    }
    const bool explicitFormat = frontMatter.contains(QStringLiteral("triage"));
    if (explicitFormat) {
        const QString version = frontMatter.value(QStringLiteral("triage")).toString();
        if (version != QLatin1String("1"))
            diagnostics.append({GuideDiagnostic::Severity::Error, {path, fm.contentLine, 1},
                                SecretRedaction::redact(QStringLiteral("unsupported format version `triage: %1`; this Triage reads version 1").arg(version)),
                                QStringLiteral("bad-front-matter")});
    }

    if (!explicitFormat) {
        rewriteDirectives(text);
        rewriteAdmonitions(text);
        rewriteIndentedAdmonitions(text);
    }
    MarkdownDocument doc = MarkdownDocument::parse(text);
    // Alerts are found in the parsed document, so that one in code stays code; rewriting their
    // marker lines asks for a second parse, which only a guide with alerts pays.
    QList<int> alerts;
    if (!explicitFormat && mayHoldAlerts(text.utf8())) {
        bool relabelled = false;
        alerts = rewriteAlerts(text, doc, &relabelled);
        if (!alerts.isEmpty() || relabelled)
            doc = MarkdownDocument::parse(text);
    }
    StructureReader reader(path, doc, explicitFormat);
    reader.setDiagnostics(std::move(diagnostics));
    reader.setAlertTitles(std::move(alerts));
    const QString fmTitle = frontMatter.value(QStringLiteral("title")).toString().trimmed();
    if (!fmTitle.isEmpty())
        reader.setTitleHint(fmTitle);
    Guide guide = reader.build();
    guide.frontMatter = frontMatter;
    guide.bytes = bytes;
    if (!fmTitle.isEmpty()) {
        guide.title = fmTitle;
        guide.nodes[0].title = fmTitle;
    }
    if (guide.title.isEmpty())
        guide.title = QFileInfo(path).completeBaseName();
    if (guide.nodes[0].title.isEmpty())
        guide.nodes[0].title = guide.title;

    guide.id = frontMatter.value(QStringLiteral("id")).toString().trimmed();
    if (guide.id.isEmpty())
        guide.id = QFileInfo(path).completeBaseName();
    static const QRegularExpression idShape(QStringLiteral("^[a-z0-9][a-z0-9._-]*$"));
    if (explicitFormat && !idShape.match(guide.id).hasMatch()) {
        guide.diagnostics.append({GuideDiagnostic::Severity::Error, {path, fm.contentLine, 1},
                                  SecretRedaction::redact(QStringLiteral("guide id `%1` must be lower-case letters, digits, '.', '_' or '-'").arg(guide.id)),
                                  QStringLiteral("bad-front-matter")});
    }
    static const auto logger = log::guides();
    if (logger->should_log(spdlog::level::debug)) {
        logger->debug("imported {} ({} nodes, {} edges, {} diagnostics)", path.toStdString(), guide.nodes.size(), guide.edges.size(),
                      guide.diagnostics.size());
    }
    return guide;
}

} // namespace triage
