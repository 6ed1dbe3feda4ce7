#pragma once

#include <QtGlobal>

namespace triage {

enum class MdBlockKind {
    Document,
    Heading,
    Paragraph,
    Code,
    List,
    ListItem,
    Quote,
    Table,
    TableRow,
    TableCell,
    Html,
    Rule,
};

// One block of a Markdown document, with the source lines it came from. Plain data: its text,
// info string and spans live in pools owned by the document.
struct MdBlock {
    MdBlockKind kind = MdBlockKind::Document;
    int parent = -1;
    int firstChild = -1;
    int lastChild = -1;
    int nextSibling = -1;

    int level = 0;          // heading level 1..6
    int start = 1;          // first number of an ordered list
    bool ordered = false;   // lists
    bool header = false;    // table row in the header
    bool fenced = false;    // code block had a fence (not indented)
    bool inlineHtml = false; // raw HTML (`<br>`, `</details>`) stood in its text: see MarkdownDocument::inlineHtml()

    int textBegin = 0;      // plain text without markup (code verbatim), in the text pool
    int textEnd = 0;
    int infoBegin = 0;      // code block info string ("bash", "check"), in the attribute pool
    int infoEnd = 0;
    int spanBegin = 0;      // this block's spans, in spans()
    int spanEnd = 0;

    int firstLine = 0;      // 1-based, inclusive
    int lastLine = 0;
    qsizetype firstOffset = -1; // byte offset of the first character md4c reported
};

} // namespace triage

Q_DECLARE_TYPEINFO(triage::MdBlock, Q_PRIMITIVE_TYPE);
