#pragma once

#include "GuideDiagnostic.h"
#include "GuideEdge.h"
#include "GuideNode.h"
#include "markdown/SourceText.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <span>

namespace triage {

// One imported guide: its nodes (node 0 is the root), its edges, and what the importer
// noticed on the way (decoding repairs, links to files that do not exist, malformed blocks).
//
// Value type. Immutable once GuideImporter has returned it, so it may be shared across threads.
class Guide {
public:
    QString id;             // front matter `id`, else the file's base name
    QString title;
    QString path;           // as given to the importer
    bool explicitFormat = false; // written in Triage's own format (front matter `triage:`)
    QVariantMap frontMatter;
    QList<GuideNode> nodes;
    QList<GuideEdge> edges;
    QHash<QString, QString> anchors; // link anchor (heading slug or check id) → node id
    GuideDiagnostics diagnostics;
    SourceText source;      // the decoded text node bodies are read from
    QByteArray bytes;       // the file exactly as read (shared, not copied): what trust is granted to

    // A node's Markdown body, without its title line, with any credential in it masked.
    // Computed from the source on each call; importing does not copy bodies nobody reads.
    QString body(const GuideNode &node) const;

    int indexOf(const QString &nodeId) const { return m_index.value(nodeId, -1); }
    // The node a link's `#anchor` names (percent-encoding decoded, case folded as GitHub does),
    // or an empty string.
    QString nodeForAnchor(const QString &anchor) const;
    static QString decodeAnchor(const QString &anchor);
    const GuideNode *node(const QString &nodeId) const;
    const GuideNode &root() const { return nodes.first(); }

    // Edges leaving a node, in document order.
    QList<const GuideEdge *> outgoing(const QString &nodeId) const;
    // The same by position: indexes into `edges` of the edges leaving nodes[nodeIndex].
    std::span<const int> edgesFrom(int nodeIndex) const;
    // The position of the node an edge leads to, or -1 when it leaves this guide.
    int targetIndex(const GuideEdge &edge) const;
    // Whether a reader following the guide goes along this edge to a node of this guide:
    // structure and starts always; branches, answers; and, in Triage-format guides, links in a
    // step's text. Tree views show exactly these edges as children.
    bool leadsOnward(const GuideEdge &edge) const;
    // Nodes under a node along Contains and Start edges: the tree a reader browses.
    QList<const GuideNode *> children(const QString &nodeId) const;
    // A node and every node under it along the tree a reader browses, in that order.
    QStringList subtree(const QString &nodeId) const;
    // The containing node (section, issue, …), or nullptr for the root.
    const GuideNode *parent(const QString &nodeId) const;

    QList<const GuideNode *> nodesOfKind(NodeKind kind) const;

    // The JSON that `triage tree --json` prints.
    QJsonObject toJson() const;

    // Called by the importer once nodes and edges are final. `index` may pass in the node id
    // → position map the importer already has.
    void rebuildIndex(QHash<QString, int> index = {});

private:
    // The text of one run of a node's lines, label stripped as `range` says, credentials masked.
    QString bodyText(const GuideNode &node, const BodyLines &range) const;
    QStringView withoutFiller(QStringView line, int number) const;

    QHash<QString, int> m_index;
    // Edge positions grouped by the node they leave, in document order: the edges leaving
    // nodes[i] are m_outgoing[m_outgoingStart[i] .. m_outgoingStart[i + 1]).
    QList<int> m_outgoingStart;
    QList<int> m_outgoing;
    QList<int> m_parent;          // by node position: containing node's position, or -1
};

} // namespace triage
