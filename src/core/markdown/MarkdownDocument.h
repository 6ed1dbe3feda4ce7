#pragma once

#include "SourceText.h"

#include <QList>
#include <QString>

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

// An inline span inside a block's plain text: [begin, end) are indexes into MdBlock::text.
struct MdSpan {
    enum Kind { Strong, Emphasis, Link, Code, Image };
    Kind kind = Strong;
    qsizetype begin = 0;
    qsizetype end = 0;
    QString href;               // links and images
    qsizetype sourceOffset = -1; // byte offset of the span's first character, for columns
};

// One block of a Markdown document, with the source lines it came from.
struct MdBlock {
    MdBlockKind kind = MdBlockKind::Document;
    int parent = -1;
    QList<int> children;

    int level = 0;          // heading level 1..6
    bool ordered = false;   // lists
    int start = 1;          // first number of an ordered list
    bool header = false;    // table row in the header
    QString info;           // code block info string ("bash", "sql", "check")
    bool fenced = false;    // code block had a fence (not indented)

    QString text;           // plain text without markup; code verbatim
    QList<MdSpan> spans;

    int firstLine = 0;      // 1-based, inclusive
    int lastLine = 0;
    qsizetype firstOffset = -1; // byte offset of the first character md4c reported
};

// A Markdown document parsed by md4c (GitHub dialect: tables, autolinks, strikethrough) into a
// flat list of blocks that know their source lines. Block 0 is the document.
//
// md4c reports no positions, so lines are recovered from the text pointers it hands out, which
// point into the parsed buffer. Tight list items get an implicit paragraph, so that readers
// see the same shape whether a list is tight or loose.
//
// Value type. Parsing is reentrant; documents may be built on any thread.
class MarkdownDocument {
public:
    static MarkdownDocument parse(const SourceText &source);

    const QList<MdBlock> &blocks() const { return m_blocks; }
    const MdBlock &block(int index) const { return m_blocks.at(index); }
    const SourceText &source() const { return m_source; }

private:
    friend class MarkdownBuilder;
    QList<MdBlock> m_blocks;
    SourceText m_source;
};

} // namespace triage
