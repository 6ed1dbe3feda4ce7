#pragma once

#include "SourceLocation.h"

#include <QString>

namespace triage {

// A labelled edge. `Contains` edges give the tree its shape; the others are the decisions and
// references that lead from one node to another.
//
// Value type; owned by its Guide.
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

Q_DECLARE_TYPEINFO(triage::GuideEdge, Q_RELOCATABLE_TYPE);
