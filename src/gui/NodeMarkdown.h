#pragma once

#include "guide/Guide.h"

#include <QString>

namespace triage::nodemarkdown {

// The parts of a step's page that the reading view and guided mode both show, as Markdown
// paragraphs ending in a blank line; each is empty when the step has nothing for it. Titles
// and commands are the guide author's text and show as written, never as markup.

// The issue's symptoms, one code span each, under `heading` (Markdown, one line).
QString symptoms(const Guide &guide, const GuideNode &issue, const QString &heading);
// What an issue holds besides its symptoms, in the guide's order, one link (`node:ID`) each
// with its kind, under `heading`: the map of an issue that has no text of its own.
QString outline(const Guide &guide, const GuideNode &issue, const QString &heading);
// What the step runs natively: a one-line summary of each check.
QString nativeChecks(const GuideNode &node);
// The commands shown for copying, one code block each (no command can close its block
// early), leaving out those `shownBody` already shows on a line of their own (a code block of
// the step's text, where guided mode puts a Copy link too).
QString commandsToCopy(const GuideNode &node, QStringView shownBody = {});

} // namespace triage::nodemarkdown
