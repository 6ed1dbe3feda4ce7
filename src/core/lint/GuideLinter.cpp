#include "GuideLinter.h"

#include "guide/GuideImporter.h"
#include "guide/GuideLibrary.h"
#include "secrets/SecretRedaction.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace triage {

namespace {

using Severity = GuideDiagnostic::Severity;

void add(GuideDiagnostics &out, Severity severity, const SourceLocation &where, const QString &code, const QString &message)
{
    out.append({severity, where, SecretRedaction::redact(message), code}); // messages may quote the guide
}

// What the importer noticed, and every line that holds a credential Triage would mask when it
// shows the guide: in a code block of any language, a config snippet, inline code, HTML or
// prose. The importer names the lines whose titles or commands it masked, as often as it
// masked them; each line is named once.
void importerAndSecrets(const Guide &guide, GuideDiagnostics &out)
{
    QSet<int> noted;
    for (const GuideDiagnostic &d : guide.diagnostics) {
        if (d.code == QLatin1String("secret-in-guide")) {
            if (noted.contains(d.location.line))
                continue;
            noted.insert(d.location.line);
        }
        out.append(d);
    }
    const SourceText &source = guide.source;
    // Cells under a column named for a credential (| User | Password |).
    QList<int> tableLines;
    SecretRedaction::maskCredentialColumns(source.text(), &tableLines);
    for (int index : std::as_const(tableLines)) {
        if (!noted.contains(index + 1)) {
            noted.insert(index + 1);
            out.append(secretInGuide(guide.path, index + 1));
        }
    }
    // Front matter is blanked out of the text Triage reads, valid YAML or not; its lines are
    // checked as written. Blanked, the first line is empty.
    const bool blanked = source.lineCount() > 0 && source.linesView(1, 1).trimmed().isEmpty() && !guide.bytes.isEmpty();
    const SourceText written = blanked ? SourceText::fromBytes(guide.bytes) : SourceText();
    for (int line = 1; line <= source.lineCount(); ++line) {
        if (noted.contains(line))
            continue;
        // A private key's lines are masked as one block; its BEGIN line names it.
        QStringView text = source.linesView(line, line);
        if (line <= written.lineCount() && text.trimmed().isEmpty())
            text = written.linesView(line, line);
        if (SecretRedaction::containsSecret(text)
            || (text.startsWith(QLatin1String("-----BEGIN ")) && text.contains(QLatin1String("PRIVATE KEY-----"))))
            out.append(secretInGuide(guide.path, line));
    }
}

QString describe(const GuideNode &n)
{
    return QStringLiteral("%1 \"%2\"").arg(nodeKindName(n.kind), n.title);
}

// Everything reachable from the root along edges inside the guide, by node position.
QList<bool> reachable(const Guide &guide)
{
    QList<bool> seen(guide.nodes.size(), false);
    QList<int> queue{0};
    seen[0] = true;
    for (qsizetype head = 0; head < queue.size(); ++head) {
        for (int e : guide.edgesFrom(queue.at(head))) {
            const int to = guide.targetIndex(guide.edges.at(e));
            if (to >= 0 && !seen.at(to)) {
                seen[to] = true;
                queue.append(to);
            }
        }
    }
    return seen;
}

// Strongly connected components (Tarjan), over edges inside the guide. Iterative, so that a
// guide that is one long chain of steps cannot exhaust the stack.
QList<QList<int>> components(const Guide &guide)
{
    const int n = int(guide.nodes.size());
    QList<int> index(n, -1), low(n, 0);
    QList<bool> onStack(n, false);
    QList<int> stack;
    QList<QList<int>> result;
    int counter = 0;
    struct Frame {
        int node;
        qsizetype next; // position in edgesFrom(node) to look at next
    };
    QList<Frame> frames;
    for (int start = 0; start < n; ++start) {
        if (index.at(start) >= 0)
            continue;
        frames.append({start, 0});
        index[start] = low[start] = counter++;
        stack.append(start);
        onStack[start] = true;
        while (!frames.isEmpty()) {
            Frame &f = frames.last();
            const std::span<const int> edges = guide.edgesFrom(f.node);
            if (size_t(f.next) < edges.size()) {
                const int to = guide.targetIndex(guide.edges.at(edges[size_t(f.next++)]));
                if (to < 0)
                    continue;
                if (index.at(to) < 0) {
                    index[to] = low[to] = counter++;
                    stack.append(to);
                    onStack[to] = true;
                    frames.append({to, 0});
                } else if (onStack.at(to)) {
                    low[f.node] = std::min(low.at(f.node), index.at(to));
                }
                continue;
            }
            const int v = f.node;
            frames.removeLast();
            if (!frames.isEmpty())
                low[frames.last().node] = std::min(low.at(frames.last().node), low.at(v));
            if (low.at(v) == index.at(v)) {
                QList<int> component;
                int w;
                do {
                    w = stack.takeLast();
                    onStack[w] = false;
                    component.append(w);
                } while (w != v);
                result.append(component);
            }
        }
    }
    return result;
}

void lintGraph(const Guide &guide, GuideDiagnostics &out)
{
    QHash<QString, QString> anchorOf; // node id → its anchor, for messages
    for (auto it = guide.anchors.cbegin(); it != guide.anchors.cend(); ++it)
        anchorOf.insert(it.value(), it.key());
    const QList<bool> seen = reachable(guide);
    for (int i = 0; i < guide.nodes.size(); ++i) {
        if (seen.at(i))
            continue;
        const GuideNode &n = guide.nodes.at(i);
        add(out, Severity::Warning, n.location, QStringLiteral("unreachable"),
            QStringLiteral("%1 is never reached: no start, branch, answer or link leads to it; link to #%2 from an earlier step")
                .arg(describe(n), anchorOf.value(n.id, n.id)));
    }

    for (const QList<int> &component : components(guide)) {
        bool selfLoop = false;
        for (int e : guide.edgesFrom(component.first()))
            selfLoop = selfLoop || guide.targetIndex(guide.edges.at(e)) == component.first();
        if (component.size() < 2 && !selfLoop)
            continue;
        const QSet<int> members(component.cbegin(), component.cend());
        // A solution or an outcome ends the reader's way where it stands ("Did this fix it?"):
        // a fix that says to retry the step that led to it is a loop one can leave.
        bool exit = std::any_of(component.cbegin(), component.cend(), [&](int v) {
            const NodeKind kind = guide.nodes.at(v).kind;
            return kind == NodeKind::Solution || kind == NodeKind::Outcome;
        });
        for (int v : component) {
            for (int e : guide.edgesFrom(v)) {
                const int to = guide.targetIndex(guide.edges.at(e));
                if (to < 0 || !members.contains(to))
                    exit = true;
            }
        }
        if (exit)
            continue;
        QList<const GuideNode *> nodes;
        for (int v : component)
            nodes.append(&guide.nodes.at(v));
        std::sort(nodes.begin(), nodes.end(), [](const GuideNode *a, const GuideNode *b) { return a->location.line < b->location.line; });
        QStringList names;
        for (const GuideNode *n : std::as_const(nodes)) {
            if (names.size() == 8) {
                names.append(QStringLiteral("… (%1 steps)").arg(nodes.size()));
                break;
            }
            names.append(QStringLiteral("\"%1\"").arg(n->title));
        }
        names.append(QStringLiteral("\"%1\"").arg(nodes.first()->title));
        add(out, Severity::Error, nodes.first()->location, QStringLiteral("cycle"),
            QStringLiteral("branch cycle with no exit: %1; give one of these steps a branch that leads out, "
                           "to a solution or an outcome")
                .arg(names.join(QStringLiteral(" -> "))));
    }
}

// A plain guide in which nothing reads as an issue shows its reader text only: say what was
// looked for. Not an index page (its links lead to the guides), a file that could not be read
// (an error says so) or the format's own documentation.
void lintNoIssue(const Guide &guide, GuideDiagnostics &out)
{
    if (std::any_of(guide.nodes.cbegin(), guide.nodes.cend(), [](const GuideNode &n) { return n.kind == NodeKind::Issue; })
        || std::any_of(guide.edges.cbegin(), guide.edges.cend(), [](const GuideEdge &e) { return e.isCrossGuide(); })
        || std::any_of(guide.diagnostics.cbegin(), guide.diagnostics.cend(), [](const GuideDiagnostic &d) { return d.location.line == 0; })
        || GuideLibrary::documentsTheFormat(guide.path))
        return;
    add(out, Severity::Warning, {guide.path, 1, 1}, QStringLiteral("no-issues"),
        QStringLiteral("no issue found: Triage looked for `Issue:` headings, headings that say what fails (\"Login fails\"), "
                       "labels such as **Symptom:**, **Cause:** and **Fix:**, Q:/A: entries and tables of error | cause | fix. "
                       "Write the problems in one of these shapes, or give the guide front matter (`triage: 1`, see FORMAT.md)"));
}

void lintExplicitFormat(const Guide &guide, GuideDiagnostics &out)
{
    for (const GuideNode &n : guide.nodes) {
        const QList<const GuideEdge *> edges = guide.outgoing(n.id);
        switch (n.kind) {
        case NodeKind::Question: {
            const auto answers = std::count_if(edges.cbegin(), edges.cend(), [](const GuideEdge *e) { return e->kind == GuideEdge::Kind::Answer; });
            if (answers < 2)
                add(out, Severity::Warning, n.location, QStringLiteral("question-answers"),
                    QStringLiteral("question \"%1\" has %2 answer(s); list at least two, each a link: `- [Yes](#next-step)`")
                        .arg(n.title)
                        .arg(answers));
            break;
        }
        case NodeKind::Check:
            if (n.checks.isEmpty())
                add(out, Severity::Warning, n.location, QStringLiteral("check-without-spec"),
                    QStringLiteral("check \"%1\" has nothing to run; add a ```check block or a command Triage recognises").arg(n.title));
            break;
        case NodeKind::Issue: {
            const auto symptoms = std::count_if(edges.cbegin(), edges.cend(), [&](const GuideEdge *e) {
                const GuideNode *child = guide.node(e->to);
                return e->kind == GuideEdge::Kind::Contains && child && child->kind == NodeKind::Symptom;
            });
            if (symptoms == 0)
                add(out, Severity::Warning, n.location, QStringLiteral("issue-without-symptoms"),
                    QStringLiteral("issue \"%1\" lists no symptoms, so a pasted error message cannot find it; add a `**Symptoms**` list")
                        .arg(n.title));
            break;
        }
        default:
            break;
        }
    }
}

} // namespace

GuideDiagnostics GuideLinter::lint(const QList<Guide> &guides)
{
    GuideDiagnostics out;
    QHash<QString, const Guide *> byId;
    QHash<QString, const Guide *> byPath;
    for (const Guide &g : guides)
        byPath.insert(QDir::cleanPath(QFileInfo(g.path).absoluteFilePath()), &g);
    QHash<QString, Guide> imported; // targets of cross-guide links that were not given to lint

    for (const Guide &guide : guides) {
        importerAndSecrets(guide, out);
        if (guide.nodes.isEmpty())
            continue;
        if (const Guide *other = byId.value(guide.id); other && guide.explicitFormat) {
            add(out, Severity::Error, {guide.path, 2, 1}, QStringLiteral("duplicate-id"),
                QStringLiteral("guide id `%1` is also the id of %2; guide ids must be unique").arg(guide.id, other->path));
        } else {
            byId.insert(guide.id, &guide);
        }

        lintGraph(guide, out);
        if (guide.explicitFormat)
            lintExplicitFormat(guide, out);
        else
            lintNoIssue(guide, out);

        // Anchors in other guides.
        for (const GuideEdge &e : guide.edges) {
            if (!e.isCrossGuide() || !e.to.contains(QLatin1Char('#')) || !QFileInfo(e.targetFile).isFile())
                continue;
            const QString anchor = e.to.section(QLatin1Char('#'), 1);
            const QString key = QDir::cleanPath(QFileInfo(e.targetFile).absoluteFilePath());
            const Guide *target = byPath.value(key);
            if (!target) {
                if (!imported.contains(key))
                    imported.insert(key, GuideImporter::importFile(e.targetFile));
                target = &imported[key];
            }
            if (target->nodeForAnchor(anchor).isEmpty()) {
                add(out, Severity::Error, e.location, QStringLiteral("dangling-anchor"),
                    QStringLiteral("link to %1 leads nowhere: %2 has no heading or check id `%3`").arg(e.to, target->path, anchor));
            }
        }
    }

    std::stable_sort(out.begin(), out.end(), [](const GuideDiagnostic &a, const GuideDiagnostic &b) {
        if (a.location.file != b.location.file)
            return a.location.file < b.location.file;
        if (a.location.line != b.location.line)
            return a.location.line < b.location.line;
        return a.location.column < b.location.column;
    });
    return out;
}

bool GuideLinter::hasErrors(const GuideDiagnostics &diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(), [](const GuideDiagnostic &d) { return d.isError(); });
}

} // namespace triage
