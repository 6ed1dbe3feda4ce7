#pragma once

#include "checks/CheckOutcome.h"
#include "guide/GuideNode.h"
#include "guide/SourceLocation.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QChart;

namespace triage::look {

// One visual language for every view: the colour of each node kind (tree dots, map boxes,
// guided-mode chips) and of each check status, with words and icons that read without colour.
// Colours are mid-tones that read on light and dark palettes. GUI thread only (icons).
QColor kindColor(NodeKind kind);
QIcon kindIcon(NodeKind kind);
QColor statusColor(CheckStatus status);
QString statusWord(CheckStatus status); // "PASS", translated
QIcon statusIcon(CheckStatus status);   // a round mark with a tick, cross, bang or dash

// file:line, with bundled guides (":/guides/x.md") said as "bundled x.md".
QString displayLocation(const SourceLocation &location);

// Empties a chart for a redraw: deletes its series and its axes. (QChart::removeAxis() only
// lets go of an axis; the caller owns it then, so removing without deleting leaks two axes
// a redraw, which LeakSanitizer found in the dashboard and the metrics panel.)
void clearChart(QChart *chart);

} // namespace triage::look
