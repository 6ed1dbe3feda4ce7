#pragma once

#include "SourceText.h"

#include <QList>
#include <QString>
#include <QStringView>

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

// An inline span inside a block's plain text: [begin, end) are indexes into the block's text.
struct MdSpan {
    enum Kind { Strong, Emphasis, Link, Code, Image };
    Kind kind = Strong;
    int begin = 0;
    int end = 0;
    int hrefBegin = 0;          // links and images: the target, in the document's attribute pool
    int hrefEnd = 0;
    qsizetype sourceOffset = -1; // byte offset of the span's first character, for columns
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

// A Markdown document parsed by md4c (GitHub tables, strikethrough, task lists) into a flat
// list of blocks in document order that know their source lines. Block 0 is the document.
//
// md4c reports no positions, so lines are recovered from the text pointers it hands out, which
// point into the parsed buffer. Tight list items get an implicit paragraph, so that readers
// see the same shape whether a list is tight or loose. All text sits in one pool, so building
// a document costs a handful of allocations, not several per block.
//
// Value type; the views it returns live as long as the document. Parsing is reentrant.
} // namespace triage

Q_DECLARE_TYPEINFO(triage::MdSpan, Q_PRIMITIVE_TYPE);
Q_DECLARE_TYPEINFO(triage::MdBlock, Q_PRIMITIVE_TYPE);

namespace triage {

class MarkdownDocument {
public:
    static MarkdownDocument parse(const SourceText &source);

    const QList<MdBlock> &blocks() const { return m_blocks; }
    const MdBlock &block(int index) const { return m_blocks.at(index); }
    const SourceText &source() const { return m_source; }

    QStringView text(const MdBlock &b) const { return QStringView(m_text).mid(b.textBegin, b.textEnd - b.textBegin); }
    QStringView info(const MdBlock &b) const { return QStringView(m_attributes).mid(b.infoBegin, b.infoEnd - b.infoBegin); }
    QStringView href(const MdSpan &s) const { return QStringView(m_attributes).mid(s.hrefBegin, s.hrefEnd - s.hrefBegin); }
    QStringView spanText(const MdBlock &b, const MdSpan &s) const { return text(b).mid(s.begin, s.end - s.begin); }

    // A block's spans, for range-for.
    struct Spans {
        const MdSpan *b;
        const MdSpan *e;
        const MdSpan *begin() const { return b; }
        const MdSpan *end() const { return e; }
        bool isEmpty() const { return b == e; }
        const MdSpan &first() const { return *b; }
    };
    Spans spans(const MdBlock &b) const { return {m_spans.constData() + b.spanBegin, m_spans.constData() + b.spanEnd}; }

    // The indexes of a block's children, for range-for.
    struct Children {
        const MarkdownDocument *doc;
        int first;
        struct Iterator {
            const MarkdownDocument *doc;
            int index;
            int operator*() const { return index; }
            Iterator &operator++()
            {
                index = doc->m_blocks.at(index).nextSibling;
                return *this;
            }
            bool operator!=(const Iterator &o) const { return index != o.index; }
        };
        Iterator begin() const { return {doc, first}; }
        Iterator end() const { return {doc, -1}; }
        bool isEmpty() const { return first < 0; }
    };
    Children children(int index) const { return {this, m_blocks.at(index).firstChild}; }
    QList<int> childList(int index) const;

private:
    friend class MarkdownBuilder;
    QList<MdBlock> m_blocks;
    QList<MdSpan> m_spans;
    QString m_text;
    QString m_attributes;
    SourceText m_source;
};

} // namespace triage
