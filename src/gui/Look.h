#pragma once

#include "checks/CheckOutcome.h"
#include "guide/GuideNode.h"
#include "guide/SourceLocation.h"

#include <QColor>
#include <QIcon>
#include <QString>

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

} // namespace triage::look
