#pragma once

#include <QtGlobal>

namespace triage {

// An inline span inside a block's plain text: [begin, end) are indexes into the block's text.
// Plain data owned by a MarkdownDocument.
struct MdSpan {
    enum Kind { Strong, Emphasis, Link, Code, Image };
    Kind kind = Strong;
    int begin = 0;
    int end = 0;
    int hrefBegin = 0;          // links and images: the target, in the document's attribute pool
    int hrefEnd = 0;
    qsizetype sourceOffset = -1; // byte offset of the span's first character, for columns
    bool wiki = false;          // a wiki link ("[[Note]]"): its note may be anywhere in the vault
};

} // namespace triage

Q_DECLARE_TYPEINFO(triage::MdSpan, Q_PRIMITIVE_TYPE);
