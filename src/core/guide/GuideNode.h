#pragma once

#include "SourceLocation.h"
#include "checks/CheckSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

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

// Where a node's Markdown body lies in its guide's source (1-based lines, inclusive), when the
// importer did not compose the body itself. Guide::body() turns it into text.
struct BodyLines {
    int first = 0;          // 0: no body in the source
    int last = -1;
    bool stripLead = false; // the first line opens with a list marker and a bold label to drop
    bool plainLabel = false; // …a label in plain text ("Cause: …") rather than in bold
    int textColumn = 0;        // > 0: the text starts this far (UTF-16) into the first line, after a `</summary>`, up to the next fold tag
    bool afterClose = false;   // the first line closes a fold: the text starts after its last `</details>`
    int endColumn = 0;         // > 0: one line's text between two fold tags, from textColumn up to here
    int indent = 0;            // > 0: the text sits this far into a list item; each line loses up to that many spaces
};

// One step of a decision tree: an issue, a symptom, a check, an answerable question, …
// It keeps its source location and where its Markdown body is; Guide::body() renders it.
//
// Value type; owned by its Guide. Safe to read from any thread once the guide is built.
struct GuideNode {
    QString id;             // unique in its guide; heading nodes use GitHub's anchor
    NodeKind kind = NodeKind::Info;
    QString title;          // one line of plain text
    QString presetBody;     // a body the importer composed (error-table rows, checks); else…
    BodyLines bodyLines;    // …where the body is in the source. Read either through Guide::body().
    QList<BodyLines> moreBody; // where its text resumes after a fold or list inside it
    SourceLocation location;
    QList<CheckSpec> checks;  // only diagnosis-side nodes carry checks
    QStringList commands;     // shell commands shown for copying, never run
    int order = 0;            // position among solutions (1, 2, …), 0 otherwise
};

} // namespace triage

// Every member is a Qt value type that may be moved in memory as bytes, so lists of these grow
// with memmove rather than element by element.
Q_DECLARE_TYPEINFO(triage::SourceLocation, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::CheckSpec, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::GuideNode, Q_RELOCATABLE_TYPE);
