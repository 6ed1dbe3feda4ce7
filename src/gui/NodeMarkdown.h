#pragma once

#include "guide/Guide.h"

#include <QString>

namespace triage::nodemarkdown {

// The parts of a step's page that the reading view and guided mode both show, as Markdown
// paragraphs ending in a blank line; each is empty when the step has nothing for it. Titles
// and commands are the guide author's text and show as written, never as markup.

// The issue's symptoms, one code span each, under `heading` (Markdown, one line).
QString symptoms(const Guide &guide, const GuideNode &issue, const QString &heading);
// What the step runs natively: a one-line summary of each check.
QString nativeChecks(const GuideNode &node);
// The commands shown for copying, in one code block that no command can close early.
QString commandsToCopy(const GuideNode &node);

} // namespace triage::nodemarkdown
