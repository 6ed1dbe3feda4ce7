#include "Guide.h"

#include <QJsonArray>

namespace triage {

const GuideNode *Guide::node(const QString &nodeId) const
{
    const int i = indexOf(nodeId);
    return i < 0 ? nullptr : &nodes.at(i);
}

QList<const GuideEdge *> Guide::outgoing(const QString &nodeId) const
{
    QList<const GuideEdge *> result;
    for (int i : m_outgoing.value(nodeId))
        result.append(&edges.at(i));
    return result;
}

QList<const GuideNode *> Guide::children(const QString &nodeId) const
{
    QList<const GuideNode *> result;
    for (int i : m_outgoing.value(nodeId)) {
        const GuideEdge &e = edges.at(i);
        if (e.kind != GuideEdge::Kind::Contains && e.kind != GuideEdge::Kind::Start)
            continue;
        if (const GuideNode *n = node(e.to))
            result.append(n);
    }
    return result;
}

const GuideNode *Guide::parent(const QString &nodeId) const
{
    const auto it = m_parent.constFind(nodeId);
    return it == m_parent.cend() ? nullptr : node(*it);
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

void Guide::rebuildIndex()
{
    m_index.clear();
    m_outgoing.clear();
    m_parent.clear();
    m_index.reserve(nodes.size());
    for (int i = 0; i < nodes.size(); ++i)
        m_index.insert(nodes.at(i).id, i);
    for (int i = 0; i < edges.size(); ++i) {
        const GuideEdge &e = edges.at(i);
        m_outgoing[e.from].append(i);
        if (e.kind == GuideEdge::Kind::Contains && !m_parent.contains(e.to))
            m_parent.insert(e.to, e.from);
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
        o.insert(QStringLiteral("body"), n.body);
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
