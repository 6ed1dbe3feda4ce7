#pragma once

#include "guide/Guide.h"

#include <QList>

namespace triage {

// Checks guides the way a compiler checks code, so that teams can keep their guides healthy in
// CI. Reports, each at `file:line:col`:
//  - what the importer found: dangling links and anchors, links to missing files, malformed
//    or misplaced check blocks, unknown check types, bad conditions, duplicate ids;
//  - nodes that no start, branch, answer or link reaches;
//  - branch cycles with no way out;
//  - every line that holds what looks like a password or token (Triage masks it in all it
//    shows; the warning asks for it to be removed from the guide);
//  - guide ids used twice, and anchors missing in the other guide a link points to;
//  - in Triage-format guides: questions with fewer than two answers, Check: steps with nothing
//    to run, and issues without symptoms (a pasted error cannot find them);
//  - in plain guides: no issue found at all (at line 1), unless the page is an index of guides.
//
// Stateless; lint() may run on any thread.
class GuideLinter {
public:
    static GuideDiagnostics lint(const QList<Guide> &guides);
    static GuideDiagnostics lint(const Guide &guide) { return lint(QList<Guide>{guide}); }
    static bool hasErrors(const GuideDiagnostics &diagnostics);
};

} // namespace triage
