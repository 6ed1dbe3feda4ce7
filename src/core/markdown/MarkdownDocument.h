#pragma once

#include "MdBlock.h"
#include "MdSpan.h"
#include "SourceText.h"

#include <QList>
#include <QString>
#include <QStringView>
#include <QVarLengthArray>

#include <span>

namespace triage {

// A Markdown document parsed by md4c (GitHub tables, strikethrough, task lists) into a flat
// list of blocks in document order that know their source lines. Block 0 is the document.
//
// md4c reports no positions, so lines are recovered from the text pointers it hands out, which
// point into the parsed buffer. Tight list items get an implicit paragraph, so that readers
// see the same shape whether a list is tight or loose. All text sits in one pool, so building
// a document costs a handful of allocations, not several per block.
//
// Value type; the views it returns live as long as the document. Parsing is reentrant.
class MarkdownDocument {
public:
    static MarkdownDocument parse(const SourceText &source);
    // "&amp;", "&#39;", "&#x2192;" … as the character it stands for; an entity it does not
    // know comes back as written.
    static QString decodeEntity(QByteArrayView entity);
    // The md4c extensions a guide is parsed with: GitHub's tables, strikethrough and task lists,
    // and wiki links.
    static unsigned md4cFlags();
    // Obsidian's wiki link target as the link Markdown would write: "Kafka#Consumer lag" is
    // "Kafka.md#consumer-lag", "#Local heading" is "#local-heading". A name with an extension
    // of its own ("runbook.md", "diagram.png") keeps it; "v1.2 release notes" has none.
    static QString wikiLinkHref(const QString &target);
    // `markdown` with each "[[Note#Heading|label]]" written as the Markdown link it stands for
    // ("[label](<Note.md#heading>)"), for renderers that know no wiki links. Code is left as is.
    static QString withWikiLinksWritten(const QString &markdown);

    const QList<MdBlock> &blocks() const { return m_blocks; }
    const MdBlock &block(int index) const { return m_blocks.at(index); }
    const SourceText &source() const { return m_source; }

    QStringView text(const MdBlock &b) const { return QStringView(m_text).mid(b.textBegin, b.textEnd - b.textBegin); }
    QStringView info(const MdBlock &b) const { return QStringView(m_attributes).mid(b.infoBegin, b.infoEnd - b.infoBegin); }
    // The language an info string names: its first word, up to a space or a tab. md4c splits
    // only at a space, so ```` ```bash<TAB>title ```` would read as the language "bash<TAB>title".
    static QStringView infoLanguage(QStringView info)
    {
        qsizetype end = 0;
        while (end < info.size() && info.at(end) != QLatin1Char(' ') && info.at(end) != QLatin1Char('\t'))
            ++end;
        return info.left(end);
    }
    QStringView language(const MdBlock &b) const { return infoLanguage(info(b)); }
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

    // A run of raw HTML inside a block ("<b>", "</details>"). It is markup, not part of the
    // block's text: `at` is where it stands there; the tag itself is in the source.
    struct InlineHtml {
        int block = -1;
        int at = 0;
        qsizetype sourceOffset = -1; // byte offset in the source; -1 if md4c gave it from elsewhere
        int sourceLength = 0;
    };
    // The raw HTML runs of a block, in order (none unless MdBlock::inlineHtml).
    std::span<const InlineHtml> inlineHtml(int blockIndex) const;
    // A run's tag as written (UTF-8), or nothing when its place in the source is unknown.
    QByteArrayView inlineHtmlText(const InlineHtml &run) const;

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
    // A block's children as a list; a few dozen fit without a heap allocation.
    using BlockIndexes = QVarLengthArray<int, 32>;
    BlockIndexes childList(int index) const;

private:
    friend class BlockCollector;
    QList<MdBlock> m_blocks;
    QList<MdSpan> m_spans;
    QList<InlineHtml> m_inlineHtml; // by block, in document order
    QString m_text;
    QString m_attributes;
    SourceText m_source;
};

} // namespace triage
