#include "GuideLinter.h"

#include "guide/GuideImporter.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <functional>

namespace triage {

namespace {

using Severity = GuideDiagnostic::Severity;

void add(GuideDiagnostics &out, Severity severity, const SourceLocation &where, const QString &code, const QString &message)
{
    out.append({severity, where, message, code});
}

QString describe(const GuideNode &n)
{
    return QStringLiteral("%1 \"%2\"").arg(nodeKindName(n.kind), n.title);
}

// Everything reachable from the root along edges inside the guide.
QSet<QString> reachable(const Guide &guide)
{
    QSet<QString> seen{guide.root().id};
    QList<QString> queue{guide.root().id};
    while (!queue.isEmpty()) {
        const QString id = queue.takeFirst();
        for (const GuideEdge *e : guide.outgoing(id)) {
            if (e->isCrossGuide() || seen.contains(e->to))
                continue;
            seen.insert(e->to);
            queue.append(e->to);
        }
    }
    return seen;
}

// Strongly connected components (Tarjan), over edges inside the guide.
QList<QList<QString>> components(const Guide &guide)
{
    QHash<QString, int> index, low;
    QSet<QString> onStack;
    QList<QString> stack;
    QList<QList<QString>> result;
    int counter = 0;
    std::function<void(const QString &)> visit = [&](const QString &v) {
        index[v] = low[v] = counter++;
        stack.append(v);
        onStack.insert(v);
        for (const GuideEdge *e : guide.outgoing(v)) {
            if (e->isCrossGuide() || !guide.node(e->to))
                continue;
            if (!index.contains(e->to)) {
                visit(e->to);
                low[v] = std::min(low[v], low[e->to]);
            } else if (onStack.contains(e->to)) {
                low[v] = std::min(low[v], index[e->to]);
            }
        }
        if (low[v] == index[v]) {
            QList<QString> component;
            QString w;
            do {
                w = stack.takeLast();
                onStack.remove(w);
                component.append(w);
            } while (w != v);
            result.append(component);
        }
    };
    for (const GuideNode &n : guide.nodes) {
        if (!index.contains(n.id))
            visit(n.id);
    }
    return result;
}

void lintGraph(const Guide &guide, GuideDiagnostics &out)
{
    const QSet<QString> seen = reachable(guide);
    for (const GuideNode &n : guide.nodes) {
        if (seen.contains(n.id))
            continue;
        add(out, Severity::Warning, n.location, QStringLiteral("unreachable"),
            QStringLiteral("%1 is never reached: no start, branch, answer or link leads to it; link to #%2 from an earlier step")
                .arg(describe(n), guide.anchors.key(n.id, n.id)));
    }

    for (const QList<QString> &component : components(guide)) {
        const QList<const GuideEdge *> firstEdges = guide.outgoing(component.first());
        const bool selfLoop = component.size() == 1 && std::any_of(firstEdges.cbegin(), firstEdges.cend(), [&](const GuideEdge *e) {
                                  return e->to == component.first();
                              });
        if (component.size() < 2 && !selfLoop)
            continue;
        const QSet<QString> members(component.cbegin(), component.cend());
        bool exit = false;
        for (const QString &id : component) {
            for (const GuideEdge *e : guide.outgoing(id)) {
                if (e->isCrossGuide() || !members.contains(e->to))
                    exit = true;
            }
        }
        if (exit)
            continue;
        QList<const GuideNode *> nodes;
        for (const QString &id : component)
            nodes.append(guide.node(id));
        std::sort(nodes.begin(), nodes.end(), [](const GuideNode *a, const GuideNode *b) { return a->location.line < b->location.line; });
        QStringList names;
        for (const GuideNode *n : nodes)
            names.append(QStringLiteral("\"%1\"").arg(n->title));
        names.append(names.first());
        add(out, Severity::Error, nodes.first()->location, QStringLiteral("cycle"),
            QStringLiteral("branch cycle with no exit: %1; give one of these steps a branch that leads out, "
                           "to a solution or an outcome")
                .arg(names.join(QStringLiteral(" -> "))));
    }
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
        out += guide.diagnostics;
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
            if (!target->anchors.contains(anchor)) {
                add(out, Severity::Error, e.location, QStringLiteral("dangling-anchor"),
                    QStringLiteral("link to %1 leads nowhere: %2 has no heading or check id `%3`").arg(e.to, target->path, anchor));
            }
        }
    }

    std::stable_sort(out.begin(), out.end(), [](const GuideDiagnostic &a, const GuideDiagnostic &b) {
        if (a.location.file != b.location.file)
            return a.location.file < b.location.file;
        return a.location.line < b.location.line;
    });
    return out;
}

bool GuideLinter::hasErrors(const GuideDiagnostics &diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(), [](const GuideDiagnostic &d) { return d.isError(); });
}

} // namespace triage
