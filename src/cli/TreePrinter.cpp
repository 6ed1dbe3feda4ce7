#include "TreePrinter.h"

#include <QFileInfo>

namespace triage::cli {


void TreePrinter::print(const Guide &guide)
{
    m_printed.clear();
    m_out << guide.title << "  [" << guide.path << "]\n";
    m_printed.insert(guide.root().id);
    QList<const GuideEdge *> edges;
    for (const GuideEdge *e : guide.outgoing(guide.root().id)) {
        if (e->isCrossGuide() || guide.leadsOnward(*e))
            edges.append(e);
    }
    for (int i = 0; i < edges.size(); ++i) {
        const GuideEdge *e = edges.at(i);
        const bool last = i == edges.size() - 1;
        if (e->isCrossGuide()) {
            m_out << (last ? "└── " : "├── ") << (e->label.isEmpty() ? QString() : "[" + e->label + "] ") << "guide → " << e->to
                  << (QFileInfo(e->targetFile).isFile() ? QString() : QStringLiteral("  (missing)")) << "\n";
            continue;
        }
        if (const GuideNode *n = guide.node(e->to))
            printNode(guide, *n, e->kind == GuideEdge::Kind::Contains ? QString() : e->label, QString(), last,
                      e->kind == GuideEdge::Kind::Contains, 1);
    }
}

void TreePrinter::printNode(const Guide &guide, const GuideNode &node, const QString &label, const QString &prefix, bool last,
                            bool structural, int depth)
{
    if (depth > kMaxDepth) {
        m_out << prefix << (last ? "└── " : "├── ") << "… deeper steps not shown; `triage tree --json` lists them all\n";
        return;
    }
    m_out << prefix << (last ? "└── " : "├── ");
    if (!label.isEmpty())
        m_out << "[" << label << "] ";
    const bool placedElsewhere = !structural && guide.parent(node.id) != nullptr;
    if (m_printed.contains(node.id) || placedElsewhere) {
        m_out << "↪ " << nodeKindName(node.kind) << ": " << node.title << "  (see :" << node.location.line << ")\n";
        return;
    }
    m_printed.insert(node.id);
    m_out << nodeKindName(node.kind) << ": " << node.title;
    for (const CheckSpec &c : node.checks)
        m_out << "  {" << c.summary() << "}";
    m_out << "  (:" << node.location.line << ")\n";

    QList<const GuideEdge *> edges;
    for (const GuideEdge *e : guide.outgoing(node.id)) {
        if (e->isCrossGuide() || guide.leadsOnward(*e))
            edges.append(e);
    }
    const QString childPrefix = prefix + (last ? QStringLiteral("    ") : QStringLiteral("│   "));
    for (int i = 0; i < edges.size(); ++i) {
        const GuideEdge *e = edges.at(i);
        const bool lastChild = i == edges.size() - 1;
        if (e->isCrossGuide()) {
            m_out << childPrefix << (lastChild ? "└── " : "├── ") << (e->label.isEmpty() ? QString() : "[" + e->label + "] ")
                  << "guide → " << e->to << (QFileInfo(e->targetFile).isFile() ? QString() : QStringLiteral("  (missing)"))
                  << "\n";
            continue;
        }
        const GuideNode *child = guide.node(e->to);
        if (!child)
            continue;
        const bool showLabel = e->kind != GuideEdge::Kind::Contains || child->kind == NodeKind::Solution;
        printNode(guide, *child, showLabel ? e->label : QString(), childPrefix, lastChild, e->kind == GuideEdge::Kind::Contains,
                  depth + 1);
    }
}

} // namespace triage::cli
