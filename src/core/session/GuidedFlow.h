#pragma once

#include "guide/Guide.h"

#include <QList>
#include <QString>

namespace triage {

// How a guided session moves through a guide, one step at a time. A reader who reads on goes
// through an issue in document order (symptoms, diagnosis, its checks, then the solutions);
// a check's result may pick a branch instead; a question is answered by its Answer edges; a
// solution asks "Did this fix it?", and No leads to the issue's next solution, then to
// escalation. Sections and the guide's root offer their children to choose from.
//
// Stateless; reentrant. Node ids are those of the guide given.
class GuidedFlow {
public:
    struct Choice {
        QString label;  // the answer, or the child's title
        QString target; // node id in this guide, or a link into another guide (Kind::Guide)
        bool leavesGuide = false;
    };

    // The node a reader reaches by reading on: the next node of the same issue in document
    // order, or a section's (root's) first child. Empty at the end of an issue.
    static QString readOn(const Guide &guide, const QString &nodeId);
    // A question's answers, or the children of a section or the root to choose from.
    static QList<Choice> choices(const Guide &guide, const QString &nodeId);
    // After "No, that did not fix it": the issue's next solution, or empty (escalate).
    static QString nextSolution(const Guide &guide, const QString &solutionId);
    // The issue a node belongs to (itself when it is one), or empty.
    static QString issueOf(const Guide &guide, const QString &nodeId);
    // The node a reader starts at when the guided mode opens on `nodeId`: the node itself.
    // Kept apart so that a later format can name an explicit start.
    static QString startAt(const Guide &guide, const QString &nodeId);
};

} // namespace triage
