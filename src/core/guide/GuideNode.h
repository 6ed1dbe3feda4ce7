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
//
// Value type; owned by its Guide. Safe to read from any thread once the guide is built.
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

} // namespace triage

// Every member is a Qt value type that may be moved in memory as bytes, so lists of these grow
// with memmove rather than element by element.
Q_DECLARE_TYPEINFO(triage::SourceLocation, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::CheckSpec, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(triage::GuideNode, Q_RELOCATABLE_TYPE);
