#include "Guide.h"

#include "secrets/SecretRedaction.h"

#include <QJsonArray>
#include <QSet>
#include <QUrl>

namespace triage {

namespace {

bool isBlankOrRule(QStringView line)
{
    const QStringView t = line.trimmed();
    if (t.isEmpty())
        return true;
    const QChar c = t.front();
    if (c != QLatin1Char('-') && c != QLatin1Char('*') && c != QLatin1Char('_'))
        return false;
    int count = 0;
    for (QChar x : t) {
        if (x == c)
            ++count;
        else if (!x.isSpace())
            return false;
    }
    return count >= 3;
}

// Where a list item's content starts ("- ", "12. "), and where it starts once a leading bold
// label ("**Solution 1**:") is skipped too.
void leadOffsets(QStringView line, qsizetype *contentIndent, qsizetype *afterLabel, bool plainLabel)
{
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n && line.at(i) == QLatin1Char(' '))
        ++i;
    const QChar marker = i < n ? line.at(i) : QChar();
    if (i + 1 < n && (marker == QLatin1Char('-') || marker == QLatin1Char('*') || marker == QLatin1Char('+'))
        && line.at(i + 1) == QLatin1Char(' ')) {
        i += 2;
    } else {
        qsizetype j = i;
        while (j < n && line.at(j).isDigit())
            ++j;
        if (j > i && j + 1 < n && (line.at(j) == QLatin1Char('.') || line.at(j) == QLatin1Char(')')) && line.at(j + 1) == QLatin1Char(' '))
            i = j + 2;
    }
    while (i < n && line.at(i) == QLatin1Char(' '))
        ++i;
    *contentIndent = i;
    if (plainLabel) {
        // "Cause: the pool is too small": up to the colon.
        const qsizetype colon = line.indexOf(QLatin1Char(':'), i);
        if (colon > i) {
            i = colon + 1;
            while (i < n && line.at(i) == QLatin1Char(' '))
                ++i;
        }
        *afterLabel = i;
        return;
    }
    for (const QLatin1StringView marker : {QLatin1StringView("**"), QLatin1StringView("__")}) {
        if (line.mid(i).startsWith(marker)) {
            const qsizetype close = line.indexOf(marker, i + 2);
            if (close > i + 2) {
                i = close + 2;
                while (i < n && line.at(i) == QLatin1Char(' '))
                    ++i;
                // The separators StructureReader reads a label by: ':', '—', or '- '.
                if (i < n && (line.at(i) == QLatin1Char(':') || line.at(i) == QChar(0x2014)
                              || (line.at(i) == QLatin1Char('-') && i + 1 < n && line.at(i + 1) == QLatin1Char(' '))))
                    ++i;
                while (i < n && line.at(i) == QLatin1Char(' '))
                    ++i;
            }
            break;
        }
    }
    *afterLabel = i;
}

} // namespace

QStringList Guide::subtree(const QString &nodeId) const
{
    // Iterative, and each node once: hostile guides nest deeply and may loop.
    QStringList out;
    QSet<QString> seen;
    QList<QString> stack{nodeId};
    while (!stack.isEmpty()) {
        const QString id = stack.takeLast();
        if (seen.contains(id) || !node(id))
            continue;
        seen.insert(id);
        out.append(id);
        const QList<const GuideNode *> kids = children(id);
        for (auto it = kids.crbegin(); it != kids.crend(); ++it)
            stack.append((*it)->id);
    }
    return out;
}

QString Guide::body(const GuideNode &node) const
{
    if (!node.presetBody.isEmpty())
        return node.presetBody;
    QString body = bodyText(node, node.bodyLines);
    int lastLine = body.isEmpty() ? -1 : node.bodyLines.last;
    // Text of the node's that resumes after a fold or a list of errors inside it. A run on
    // the line where the one before ends ("x <details>…</details> y") or on the next line,
    // neither blank ("Raise it.\nThen restart.</details>": the closing tag split one
    // paragraph), goes on in the same paragraph; after a blank line or a fold's lines, a new
    // one starts.
    for (const BodyLines &range : node.moreBody) {
        const QString more = bodyText(node, range);
        if (more.isEmpty())
            continue;
        if (!body.isEmpty()) {
            if (range.first == lastLine)
                body += QLatin1Char(' ');
            else if (range.first == lastLine + 1 && range.first <= source.lineCount()
                     && !source.linesView(lastLine, lastLine).trimmed().isEmpty()
                     && !source.linesView(range.first, range.first).trimmed().isEmpty())
                body += QLatin1Char('\n');
            else
                body += QStringLiteral("\n\n");
        }
        body += more;
        lastLine = range.last;
    }
    return body;
}

QStringView Guide::withoutFiller(QStringView line, int number) const
{
    // An admonition's text moved out of its indent, or a marker rewritten shorter: the blanks
    // written to keep offsets are no text of the guide's.
    qsizetype blanks = source.filler(number);
    while (blanks-- > 0 && line.endsWith(QLatin1Char(' ')))
        line.chop(1);
    return line;
}

QString Guide::bodyText(const GuideNode &node, const BodyLines &range) const
{
    if (range.first <= 0 || range.first > range.last || range.first > source.lineCount())
        return {};
    const QStringView view = source.linesView(range.first, std::min(range.last, source.lineCount()));
    QList<QStringView> lines;
    if (range.first == range.last) {
        // One line, which may be long (a whole guide of folds on one line): not scanned for
        // breaks, and below only from where its text starts.
        QStringView line = view;
        if (line.endsWith(QLatin1Char('\n')))
            line.chop(1);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        lines.append(withoutFiller(line, range.first));
    } else {
        int number = range.first;
        for (QStringView line : view.tokenize(QLatin1Char('\n'))) {
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            lines.append(withoutFiller(line, number++));
        }
        if (!lines.isEmpty() && lines.last().isEmpty() && view.endsWith(QLatin1Char('\n')))
            lines.removeLast();
    }

    if (range.endColumn > 0 && !lines.isEmpty()) {
        // Text between two fold tags on one line: "</details> See also: <details>…".
        lines.first() = lines.first().mid(range.textColumn, range.endColumn - range.textColumn).trimmed();
    } else if (range.textColumn > 0 && !lines.isEmpty()) {
        // The summary's line: its text lies between its `</summary>` and the next fold tag, its
        // own `</details>` or a fold inside it.
        QStringView first = lines.first().mid(range.textColumn);
        for (const QLatin1StringView tag : {QLatin1StringView("</details"), QLatin1StringView("<details")}) {
            if (const qsizetype at = first.indexOf(tag, 0, Qt::CaseInsensitive); at >= 0)
                first = first.left(at);
        }
        lines.first() = first.trimmed();
    }
    if (range.afterClose && !lines.isEmpty()) {
        // A fold's closing line: the enclosing node's text goes on after the tag.
        const QStringView first = lines.first();
        const qsizetype close = first.lastIndexOf(QLatin1String("</details"), -1, Qt::CaseInsensitive);
        const qsizetype end = close < 0 ? -1 : first.indexOf(QLatin1Char('>'), close);
        lines.first() = end < 0 ? QStringView() : first.mid(end + 1).trimmed();
    }
    qsizetype dedent = 0;
    if (range.stripLead && !lines.isEmpty()) {
        qsizetype afterLabel = 0;
        leadOffsets(lines.first(), &dedent, &afterLabel, range.plainLabel);
        lines.first() = lines.first().mid(afterLabel);
        // "**Solution 1**: Kill the process" leaves "Kill the process", which is the title.
        if (lines.first().trimmed() == node.title)
            lines.removeFirst();
    }
    while (!lines.isEmpty() && isBlankOrRule(lines.last()))
        lines.removeLast();
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty())
        return {};

    QString body;
    qsizetype size = 0;
    for (QStringView line : std::as_const(lines))
        size += line.size() + 1;
    body.reserve(size);
    // A fold in a list item: every line lost the item's indent, the first too unless it was
    // cut already (text after `</summary>` or a closing tag).
    const bool wholeFirstLine = range.textColumn == 0 && range.endColumn == 0 && !range.afterClose;
    dedent = std::max<qsizetype>(dedent, range.indent);
    for (int i = 0; i < lines.size(); ++i) {
        QStringView line = lines.at(i);
        if (i > 0)
            body.append(QLatin1Char('\n'));
        if (i > 0 || (range.indent > 0 && wholeFirstLine)) {
            // Continuation lines of a list item lose the item's indent.
            qsizetype k = 0;
            while (k < dedent && k < line.size() && line.at(k) == QLatin1Char(' '))
                ++k;
            line = line.mid(k);
        }
        body.append(line);
    }
    return SecretRedaction::redact(body);
}

const GuideNode *Guide::node(const QString &nodeId) const
{
    const int i = indexOf(nodeId);
    return i < 0 ? nullptr : &nodes.at(i);
}

QList<const GuideEdge *> Guide::outgoing(const QString &nodeId) const
{
    QList<const GuideEdge *> result;
    const int i = indexOf(nodeId);
    const std::span<const int> from = edgesFrom(i);
    result.reserve(qsizetype(from.size()));
    for (int e : from)
        result.append(&edges.at(e));
    return result;
}

QString Guide::decodeAnchor(const QString &anchor)
{
    if (!anchor.contains(QLatin1Char('%')))
        return anchor; // nothing encoded: the same string, not a copy
    return QUrl::fromPercentEncoding(anchor.toUtf8());
}

QString Guide::nodeForAnchor(const QString &anchor) const
{
    const QString decoded = decodeAnchor(anchor);
    const auto it = anchors.constFind(decoded);
    if (it != anchors.cend())
        return *it;
    return anchors.value(decoded.toLower());
}

std::span<const int> Guide::edgesFrom(int nodeIndex) const
{
    if (nodeIndex < 0 || nodeIndex + 1 >= m_outgoingStart.size())
        return {};
    const int begin = m_outgoingStart.at(nodeIndex);
    return {m_outgoing.constData() + begin, size_t(m_outgoingStart.at(nodeIndex + 1) - begin)};
}

int Guide::targetIndex(const GuideEdge &edge) const
{
    if (edge.isCrossGuide())
        return -1;
    return edge.toIndex >= 0 ? edge.toIndex : indexOf(edge.to);
}

bool Guide::leadsOnward(const GuideEdge &edge) const
{
    if (edge.isCrossGuide())
        return false;
    switch (edge.kind) {
    case GuideEdge::Kind::Contains:
    case GuideEdge::Kind::Start:
    case GuideEdge::Kind::Branch:
    case GuideEdge::Kind::Answer:
        return true;
    case GuideEdge::Kind::Link:
        return explicitFormat;
    case GuideEdge::Kind::Guide:
        return false;
    }
    return false;
}

QList<const GuideNode *> Guide::children(const QString &nodeId) const
{
    QList<const GuideNode *> result;
    for (const GuideEdge *e : outgoing(nodeId)) {
        if (e->kind != GuideEdge::Kind::Contains && e->kind != GuideEdge::Kind::Start)
            continue;
        if (const GuideNode *n = node(e->to))
            result.append(n);
    }
    return result;
}

const GuideNode *Guide::parent(const QString &nodeId) const
{
    const int i = indexOf(nodeId);
    if (i < 0 || i >= m_parent.size() || m_parent.at(i) < 0)
        return nullptr;
    return &nodes.at(m_parent.at(i));
}

QList<const GuideNode *> Guide::nodesOfKind(NodeKind kind) const
{
    QList<const GuideNode *> result;
    for (const GuideNode &n : nodes) {
        if (n.kind == kind)
            result.append(&n);
    }
    return result;
}

void Guide::rebuildIndex(QHash<QString, int> index)
{
    if (index.size() != nodes.size()) {
        index.clear();
        index.reserve(nodes.size());
        for (int i = 0; i < nodes.size(); ++i)
            index.insert(nodes.at(i).id, i);
    }
    m_index = std::move(index);
    m_parent = QList<int>(nodes.size(), -1);
    // The importer knows the positions; an edited guide may not.
    QList<int> fromOf(edges.size(), -1);
    m_outgoingStart = QList<int>(nodes.size() + 1, 0);
    for (int i = 0; i < edges.size(); ++i) {
        const GuideEdge &e = edges.at(i);
        const int from = e.fromIndex >= 0 && e.fromIndex < nodes.size() ? e.fromIndex : m_index.value(e.from, -1);
        fromOf[i] = from;
        if (from >= 0)
            ++m_outgoingStart[from + 1];
    }
    for (int n = 0; n < nodes.size(); ++n)
        m_outgoingStart[n + 1] += m_outgoingStart.at(n);
    m_outgoing = QList<int>(m_outgoingStart.last(), -1);
    QList<int> filled = m_outgoingStart;
    for (int i = 0; i < edges.size(); ++i) {
        const GuideEdge &e = edges.at(i);
        const int from = fromOf.at(i);
        if (from < 0)
            continue;
        m_outgoing[filled[from]++] = i;
        if (e.kind == GuideEdge::Kind::Contains) {
            const int to = e.toIndex >= 0 ? e.toIndex : m_index.value(e.to, -1);
            if (to >= 0 && m_parent.at(to) < 0)
                m_parent[to] = from;
        }
    }
}

QJsonObject Guide::toJson() const
{
    QJsonObject guide{{QStringLiteral("id"), id}, {QStringLiteral("title"), title}, {QStringLiteral("path"), path}};
    guide.insert(QStringLiteral("format"), explicitFormat ? QStringLiteral("triage") : QStringLiteral("plain"));

    QJsonArray jsonNodes;
    for (const GuideNode &n : nodes) {
        QJsonObject o{{QStringLiteral("id"), n.id},
                      {QStringLiteral("kind"), nodeKindName(n.kind)},
                      {QStringLiteral("title"), n.title},
                      {QStringLiteral("file"), n.location.file},
                      {QStringLiteral("line"), n.location.line}};
        QJsonArray checks;
        for (const CheckSpec &c : n.checks)
            checks.append(c.toJson());
        o.insert(QStringLiteral("checks"), checks);
        if (!n.commands.isEmpty())
            o.insert(QStringLiteral("commands"), QJsonArray::fromStringList(n.commands));
        if (n.order > 0)
            o.insert(QStringLiteral("order"), n.order);
        o.insert(QStringLiteral("body"), body(n));
        jsonNodes.append(o);
    }

    QJsonArray jsonEdges;
    for (const GuideEdge &e : edges) {
        QJsonObject o{{QStringLiteral("from"), e.from},
                      {QStringLiteral("to"), e.to},
                      {QStringLiteral("label"), e.label},
                      {QStringLiteral("kind"), edgeKindName(e.kind)}};
        if (!e.targetFile.isEmpty())
            o.insert(QStringLiteral("target_file"), e.targetFile);
        jsonEdges.append(o);
    }

    QJsonArray diagnostics;
    for (const GuideDiagnostic &d : this->diagnostics) {
        diagnostics.append(QJsonObject{{QStringLiteral("severity"), d.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                                       {QStringLiteral("file"), d.location.file},
                                       {QStringLiteral("line"), d.location.line},
                                       {QStringLiteral("column"), d.location.column},
                                       {QStringLiteral("code"), d.code},
                                       {QStringLiteral("message"), d.message}});
    }

    return QJsonObject{{QStringLiteral("guide"), guide},
                       {QStringLiteral("nodes"), jsonNodes},
                       {QStringLiteral("edges"), jsonEdges},
                       {QStringLiteral("diagnostics"), diagnostics}};
}

} // namespace triage
