#pragma once

#include <QString>
#include <QStringView>

namespace triage::markdown {

// Text that did not come from the author of the Markdown it goes into (a guide's title, a
// server's message, a file name) written so that it shows as written and never as markup.

// A paragraph of its own: every ASCII punctuation character is backslash-escaped, which
// CommonMark allows for all of them, so not even a line start ("- ", "1. ", "# ") is markup.
QString escapedText(QStringView text);

// One line inside a list item, a table cell or a link's text: whitespace collapsed, and the
// characters that start inline markup (emphasis, code, links, images, HTML, entities,
// strike-through, table cells) escaped. Reads better as raw Markdown than escapedText().
QString escapedInline(QStringView text);

// An inline code span that holds the text as written, on one line: fenced with a run of
// backticks longer than any inside it (backslashes do not escape inside code), and padded
// with a space inside the fence when it holds a backtick. In a GFM table cell the
// '|' must be escaped even inside code: pass inTable.
QString codeSpan(QStringView text, bool inTable = false);

// A fenced code block that holds the lines as written, ending in a blank line: fenced with a
// run of backticks longer than any in the text (three at least), so that no line closes it.
QString codeBlock(QStringView text, QStringView language = {});

} // namespace triage::markdown
