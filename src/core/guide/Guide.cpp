#include "Guide.h"

#include <QJsonArray>
#include <QUrl>

namespace triage {

const GuideNode *Guide::node(const QString &nodeId) const
{
    const int i = indexOf(nodeId);
    return i < 0 ? nullptr : &nodes.at(i);
}

QList<const GuideEdge *> Guide::outgoing(const QString &nodeId) const
{
    QList<const GuideEdge *> result;
    const int i = indexOf(nodeId);
    if (i < 0 || i >= m_outgoing.size())
        return result;
    result.reserve(m_outgoing.at(i).size());
    for (int e : m_outgoing.at(i))
        result.append(&edges.at(e));
    return result;
}

QString Guide::decodeAnchor(const QString &anchor)
{
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

const QList<int> &Guide::edgesFrom(int nodeIndex) const
{
    static const QList<int> none;
    return nodeIndex >= 0 && nodeIndex < m_outgoing.size() ? m_outgoing.at(nodeIndex) : none;
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
    m_outgoing = QList<QList<int>>(nodes.size());
    m_parent = QList<int>(nodes.size(), -1);
    for (int i = 0; i < edges.size(); ++i) {
        const GuideEdge &e = edges.at(i);
        // The importer knows the positions; an edited guide may not.
        const int from = e.fromIndex >= 0 ? e.fromIndex : m_index.value(e.from, -1);
        if (from < 0)
            continue;
        m_outgoing[from].append(i);
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
