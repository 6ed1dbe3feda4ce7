#pragma once

#include "SourceLocation.h"
#include "checks/CheckSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

enum class NodeKind {
    Root,
    Section,
    Issue,
    Symptom,
    Diagnosis,
    Check,
    Question,
    Solution,
    Cause,
    Outcome,
    Info,
};

QString nodeKindName(NodeKind kind);
// Parses "issue", "Solution", … ; returns false for anything else.
bool nodeKindFromName(const QString &name, NodeKind *kind);

// One step of a decision tree: an issue, a symptom, a check, an answerable question, …
// It keeps its source location and its Markdown body, ready for rendering.
struct GuideNode {
    QString id;             // unique in its guide; heading nodes use GitHub's anchor
    NodeKind kind = NodeKind::Info;
    QString title;          // one line of plain text
    QString body;           // Markdown source of the node, without its title line
    SourceLocation location;
    QList<CheckSpec> checks;  // only diagnosis-side nodes carry checks
    QStringList commands;     // shell commands shown for copying, never run
    int order = 0;            // position among solutions (1, 2, …), 0 otherwise
};

// A labelled edge. `Contains` edges give the tree its shape; the others are the decisions and
// references that lead from one node to another.
struct GuideEdge {
    enum class Kind {
        Contains,   // section → issue, issue → symptom, …
        Start,      // an issue's first step in an explicit flow
        Branch,     // a check result leads here
        Answer,     // a question's answer leads here
        Link,       // a link in a node's text
        Guide,      // a link in a node's text to another guide file
    };

    QString from;
    QString to;         // node id; for Kind::Guide the link as written ("db.md#pool")
    QString label;
    Kind kind = Kind::Contains;
    SourceLocation location;
    QString targetFile; // set when the edge leads into another guide file: the path it resolves to
    int fromIndex = -1; // positions of the two nodes in Guide::nodes (-1: not in this guide)
    int toIndex = -1;

    // Leads out of this guide: a link, branch or answer whose target is another file.
    bool isCrossGuide() const { return !targetFile.isEmpty(); }
};

QString edgeKindName(GuideEdge::Kind kind);

} // namespace triage

// Every member is a Qt value type that may be moved in memory as bytes, so lists of these grow
// with memmove rather than element by element.
Q_DECLARE_TYPEINFO(triage::SourceLocation, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::CheckSpec, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::GuideNode, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::GuideEdge, Q_RELOCATABLE_TYPE);

namespace triage {

} // namespace triage
