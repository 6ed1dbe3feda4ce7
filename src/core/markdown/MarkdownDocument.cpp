#include "MarkdownDocument.h"

#include "HeadingSlugger.h"
#include "MarkdownEscape.h"

#include <md4c.h>

#include <QStringDecoder>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace triage {

QString MarkdownDocument::decodeEntity(QByteArrayView entity)
{
    static const struct {
        const char *name;
        char16_t ch;
    } named[] = {{"&amp;", u'&'}, {"&lt;", u'<'}, {"&gt;", u'>'}, {"&quot;", u'"'},
                 {"&apos;", u'\''}, {"&nbsp;", 0x00A0}, {"&copy;", 0x00A9}, {"&mdash;", 0x2014},
                 {"&ndash;", 0x2013}, {"&hellip;", 0x2026}, {"&rarr;", 0x2192},
                 // What Confluence and Word exports write for punctuation.
                 {"&rsquo;", 0x2019}, {"&lsquo;", 0x2018}, {"&rdquo;", 0x201D}, {"&ldquo;", 0x201C},
                 {"&times;", 0x00D7}, {"&middot;", 0x00B7}, {"&bull;", 0x2022}, {"&laquo;", 0x00AB},
                 {"&raquo;", 0x00BB}, {"&deg;", 0x00B0}, {"&euro;", 0x20AC}, {"&larr;", 0x2190},
                 {"&harr;", 0x2194}, {"&ge;", 0x2265}, {"&le;", 0x2264}, {"&ne;", 0x2260}};
    for (const auto &n : named) {
        if (entity == QByteArrayView(n.name))
            return QString(QChar(n.ch));
    }
    if (entity.startsWith("&#") && entity.endsWith(";")) {
        bool ok = false;
        const QByteArrayView digits = entity.sliced(2, entity.size() - 3);
        const uint code = (digits.startsWith('x') || digits.startsWith('X'))
                              ? digits.sliced(1).toUInt(&ok, 16)
                              : digits.toUInt(&ok, 10);
        if (ok && code > 0 && code <= 0x10FFFF) {
            const char32_t c = code;
            return QString::fromUcs4(&c, 1);
        }
    }
    return QString::fromUtf8(entity);
}

namespace {

// What double brackets hold that names no note: shell's test ("[[ -f /etc/hosts ]]", after a
// space), GitLab's and Azure DevOps' table of contents ("[[_TOC_]]"), C++ attributes
// ("[[nodiscard]]", "[[gnu::always_inline]]", "[[deprecated("use g")]]").
bool isWikiTarget(const MD_ATTRIBUTE &target)
{
    if (target.size == 0 || target.text[0] == ' ' || target.text[0] == '\t')
        return false;
    const std::string_view name(target.text, target.size);
    static constexpr std::string_view notNotes[] = {"_TOC_",    "_TOSP_",       "noreturn", "carries_dependency", "deprecated",
                                                    "fallthrough", "nodiscard", "maybe_unused", "likely", "unlikely",
                                                    "no_unique_address", "assume"};
    return std::find(std::begin(notNotes), std::end(notNotes), name) == std::end(notNotes)
           && name.find("::") == std::string_view::npos && name.find('(') == std::string_view::npos;
}

} // namespace

unsigned MarkdownDocument::md4cFlags()
{
    // Bare-URL autolinks are left out on purpose: a URL inside prose stays prose, and links
    // are what authors wrote as links; Obsidian's "[[wiki links]]" are such links.
    return MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_WIKILINKS;
}

QString MarkdownDocument::wikiLinkHref(const QString &target)
{
    const qsizetype hash = target.indexOf(QLatin1Char('#'));
    const QString name = target.left(hash < 0 ? target.size() : hash).trimmed();
    QString heading = hash < 0 ? QString() : target.mid(hash + 1).trimmed();
    if (heading.startsWith(QLatin1Char('^')))
        heading.clear(); // a block reference ("#^a1b2c3"): no heading has its anchor
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    const QStringView suffix = dot < 0 ? QStringView() : QStringView(name).sliced(dot + 1);
    const bool hasExtension = !suffix.isEmpty() && suffix.size() <= 5
                              && std::all_of(suffix.begin(), suffix.end(), [](QChar c) { return c.unicode() < 0x80 && c.isLetterOrNumber(); })
                              && !std::all_of(suffix.begin(), suffix.end(), [](QChar c) { return c.isDigit(); });
    QString href = name.isEmpty() || hasExtension ? name : name + QLatin1String(".md");
    if (!heading.isEmpty())
        href += QLatin1Char('#') + HeadingSlugger::slugify(heading);
    return href;
}

QString MarkdownDocument::withWikiLinksWritten(const QString &markdown)
{
    if (!markdown.contains(QLatin1String("[[")))
        return markdown;
    // md4c finds them (not in code, not escaped); its target points into the text parsed, so
    // each link's brackets are found around it.
    struct Found {
        const char *target;
        MD_SIZE size;
    };
    QVarLengthArray<Found, 8> found;
    MD_PARSER parser{};
    parser.flags = md4cFlags();
    parser.enter_block = [](MD_BLOCKTYPE, void *, void *) { return 0; };
    parser.leave_block = [](MD_BLOCKTYPE, void *, void *) { return 0; };
    parser.enter_span = [](MD_SPANTYPE type, void *detail, void *found) {
        if (type == MD_SPAN_WIKILINK) {
            const MD_ATTRIBUTE &target = static_cast<MD_SPAN_WIKILINK_DETAIL *>(detail)->target;
            if (isWikiTarget(target))
                static_cast<QVarLengthArray<Found, 8> *>(found)->append({target.text, target.size});
        }
        return 0;
    };
    parser.leave_span = [](MD_SPANTYPE, void *, void *) { return 0; };
    parser.text = [](MD_TEXTTYPE, const MD_CHAR *, MD_SIZE, void *) { return 0; };
    const QByteArray utf8 = markdown.toUtf8();
    if (utf8.size() > qsizetype(std::numeric_limits<MD_SIZE>::max()) / 2)
        return markdown;
    md_parse(utf8.constData(), MD_SIZE(utf8.size()), &parser, &found);
    QString result;
    qsizetype copied = 0;
    for (const Found &link : found) {
        const qsizetype at = link.target - utf8.constData();
        const qsizetype end = at + qsizetype(link.size);
        const qsizetype close = utf8.indexOf("]]", end);
        if (at < 2 + copied || at > utf8.size() || utf8.mid(at - 2, 2) != "[[" || close < 0)
            continue;
        const QString target = QString::fromUtf8(utf8.constData() + at, link.size);
        QString label = utf8.at(end) == '|' ? QString::fromUtf8(utf8.mid(end + 1, close - end - 1)).trimmed() : QString();
        if (label.isEmpty()) // "[[Note]]", or "[[Note|]]" with nothing to show
            label = target.startsWith(QLatin1Char('#')) ? target.mid(1) : target;
        // Inside <…> a destination may hold spaces, not its own brackets unescaped.
        QString href = wikiLinkHref(target);
        href.replace(QLatin1Char('<'), QLatin1String("\\<")).replace(QLatin1Char('>'), QLatin1String("\\>"));
        result += QString::fromUtf8(utf8.mid(copied, at - 2 - copied));
        result += QLatin1Char('[') + markdown::escapedInline(label) + QLatin1String("](<") + href + QLatin1String(">)");
        copied = close + 2;
    }
    return result + QString::fromUtf8(utf8.mid(copied));
}

// Receives md4c's callbacks and collects the blocks, their text and spans. Internal to
// MarkdownDocument.
class BlockCollector {
public:
    explicit BlockCollector(MarkdownDocument &doc)
        : m_doc(doc)
        , m_base(doc.m_source.utf8().constData())
        , m_size(doc.m_source.utf8().size())
        , m_asciiDocument(doc.m_source.text().size() == doc.m_source.utf8().size())
    {
        // Rough sizes from real guides, so that the pools rarely grow.
        m_doc.m_blocks.reserve(m_size / 40 + 16);
        m_doc.m_spans.reserve(m_size / 80 + 16);
        m_doc.m_attributes.reserve(m_size / 20 + 64);
        reserveText(m_size + 16);
        m_extents.reserve(size_t(m_size / 40 + 16));
    }

    int enterBlock(MD_BLOCKTYPE type, void *detail)
    {
        closeImplicitParagraph();
        switch (type) {
        case MD_BLOCK_DOC:
            open(MdBlockKind::Document);
            break;
        case MD_BLOCK_QUOTE:
            open(MdBlockKind::Quote);
            break;
        case MD_BLOCK_UL:
            open(MdBlockKind::List);
            break;
        case MD_BLOCK_OL: {
            MdBlock &b = open(MdBlockKind::List);
            b.ordered = true;
            b.start = int(static_cast<MD_BLOCK_OL_DETAIL *>(detail)->start);
            break;
        }
        case MD_BLOCK_LI:
            open(MdBlockKind::ListItem);
            break;
        case MD_BLOCK_HR:
            open(MdBlockKind::Rule);
            break;
        case MD_BLOCK_H:
            open(MdBlockKind::Heading).level = int(static_cast<MD_BLOCK_H_DETAIL *>(detail)->level);
            break;
        case MD_BLOCK_CODE: {
            const auto *d = static_cast<MD_BLOCK_CODE_DETAIL *>(detail);
            const auto [infoBegin, infoEnd] = appendAttribute(d->info.text, d->info.size, true);
            MdBlock &b = open(MdBlockKind::Code);
            b.fenced = d->fence_char != 0;
            b.infoBegin = infoBegin;
            b.infoEnd = infoEnd;
            break;
        }
        case MD_BLOCK_HTML:
            open(MdBlockKind::Html);
            break;
        case MD_BLOCK_P:
            open(MdBlockKind::Paragraph);
            break;
        case MD_BLOCK_TABLE:
            open(MdBlockKind::Table);
            break;
        case MD_BLOCK_THEAD:
            m_inTableHead = true;
            break;
        case MD_BLOCK_TBODY:
            m_inTableHead = false;
            break;
        case MD_BLOCK_TR:
            open(MdBlockKind::TableRow).header = m_inTableHead;
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            open(MdBlockKind::TableCell);
            break;
        }
        return 0;
    }

    int leaveBlock(MD_BLOCKTYPE type)
    {
        if (type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY)
            return 0;
        closeImplicitParagraph();
        close();
        return 0;
    }

    int enterSpan(MD_SPANTYPE type, void *detail)
    {
        const int index = textTarget();
        if (index < 0)
            return 0;
        MdSpan span;
        span.begin = int(m_used) - m_blocks[index].textBegin;
        switch (type) {
        case MD_SPAN_STRONG:
            span.kind = MdSpan::Strong;
            break;
        case MD_SPAN_EM:
            span.kind = MdSpan::Emphasis;
            break;
        case MD_SPAN_A:
        case MD_SPAN_IMG: {
            span.kind = type == MD_SPAN_A ? MdSpan::Link : MdSpan::Image;
            const MD_ATTRIBUTE &target = type == MD_SPAN_A ? static_cast<MD_SPAN_A_DETAIL *>(detail)->href
                                                           : static_cast<MD_SPAN_IMG_DETAIL *>(detail)->src;
            std::tie(span.hrefBegin, span.hrefEnd) = appendAttribute(target.text, target.size, false);
            break;
        }
        case MD_SPAN_CODE:
            span.kind = MdSpan::Code;
            break;
        case MD_SPAN_WIKILINK: {
            // Obsidian's "[[Refund queue]]", "[[Kafka#Consumer lag|the lag notes]]": a link as
            // any other, to the note's file beside this one and its heading's anchor. Inside
            // double brackets after a space ("[[ -f /etc/hosts ]]") it is shell, not a note.
            const MD_ATTRIBUTE &target = static_cast<MD_SPAN_WIKILINK_DETAIL *>(detail)->target;
            if (!isWikiTarget(target)) {
                // Text as written, brackets and all: md4c gives only what is inside them (the
                // part after a '|'), and its brackets are no markup here.
                appendRun("[[", 2);
                if (target.text[target.size] == '|')
                    appendRun(target.text, target.size + 1);
                m_openSpans.append(kBracketsKept);
                return 0;
            }
            span.kind = MdSpan::Link;
            span.wiki = true;
            std::tie(span.hrefBegin, span.hrefEnd) = appendWikiTarget(QString::fromUtf8(target.text, qsizetype(target.size)));
            break;
        }
        default:
            // Strikethrough, underline, math: their text still counts, the
            // markup does not matter to a troubleshooting reader.
            m_openSpans.append(-1);
            return 0;
        }
        m_doc.m_spans.append(span);
        m_openSpans.append(int(m_doc.m_spans.size() - 1));
        ++m_unplacedSpans;
        return 0;
    }

    int leaveSpan()
    {
        if (m_openSpans.isEmpty())
            return 0;
        const int spanIndex = m_openSpans.back();
        m_openSpans.pop_back();
        if (spanIndex == kBracketsKept)
            appendRun("]]", 2);
        if (spanIndex >= 0) {
            MdSpan &span = m_doc.m_spans.data()[spanIndex];
            span.end = int(m_used) - m_blocks[m_stack.last()].textBegin;
            if (span.sourceOffset < 0)
                --m_unplacedSpans;
        }
        return 0;
    }

    int text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size)
    {
        const int index = textTarget();
        if (index < 0)
            return 0;
        MdBlock &b = m_blocks[index];
        // One unsigned comparison for "inside the source": what is before it wraps around.
        if (const quintptr at = quintptr(text) - quintptr(m_base); at < quintptr(m_size) && size > 0) {
            const qsizetype offset = qsizetype(at);
            if (b.firstOffset < 0)
                b.firstOffset = offset;
            qsizetype &lastEnd = m_extents[size_t(index)].lastEnd;
            lastEnd = std::max(lastEnd, offset + qsizetype(size));
            if (m_unplacedSpans > 0)
                placeSpans(offset);
        }
        switch (type) {
        case MD_TEXT_NULLCHAR:
            appendChar(0xFFFD);
            break;
        case MD_TEXT_BR:
            appendChar(u'\n');
            break;
        case MD_TEXT_SOFTBR:
            appendChar(u' ');
            break;
        case MD_TEXT_ENTITY:
            appendEntity(text, size);
            break;
        case MD_TEXT_HTML:
            appendHtml(index, text, size);
            break;
        case MD_TEXT_CODE:
            if (b.kind == MdBlockKind::TableCell && std::memchr(text, '|', size)) {
                appendTableCode(text, size);
                break;
            }
            [[fallthrough]];
        default:
            appendRun(text, size);
            break;
        }
        return 0;
    }

    // The rarer kinds of text, out of line: text() runs for every run md4c reports, and its
    // common path saves fewer registers without them.
    Q_NEVER_INLINE void placeSpans(qsizetype offset)
    {
        MdSpan *spans = m_doc.m_spans.data();
        for (int spanIndex : std::as_const(m_openSpans)) {
            if (spanIndex >= 0 && spans[spanIndex].sourceOffset < 0) {
                spans[spanIndex].sourceOffset = offset;
                --m_unplacedSpans;
            }
        }
    }
    Q_NEVER_INLINE void appendEntity(const MD_CHAR *text, MD_SIZE size)
    {
        const QString decoded = MarkdownDocument::decodeEntity(QByteArrayView(text, size));
        append(reinterpret_cast<const char16_t *>(decoded.constData()), decoded.size());
    }
    Q_NEVER_INLINE void appendHtml(int index, const MD_CHAR *text, MD_SIZE size)
    {
        // Raw HTML is markup, not text: a reader on GitHub sees none of "<b>" or
        // "</details>", so titles taken from the text show none either. It is noted, with
        // where it stands, for the tags that matter (a `</details>` closes a fold); a
        // `<br>` reads as a space. An HTML block's text is its HTML.
        MdBlock &b = m_blocks[index];
        if (b.kind == MdBlockKind::Html) {
            appendRun(text, size);
            return;
        }
        b.inlineHtml = true;
        const qsizetype offset = text >= m_base && text + size <= m_base + m_size ? text - m_base : -1;
        m_doc.m_inlineHtml.append({index, int(m_used) - b.textBegin, offset, int(size)});
        if (isLineBreakTag(text, size))
            appendChar(u' ');
    }

    // "<br>", "<br/>", "<BR >": a line break written in HTML.
    static bool isLineBreakTag(const char *text, MD_SIZE size)
    {
        return size >= 4 && text[0] == '<' && (text[1] == 'b' || text[1] == 'B') && (text[2] == 'r' || text[2] == 'R')
               && (text[3] == '>' || text[3] == '/' || text[3] == ' ' || text[3] == '\t' || text[3] == '\n');
    }

    // Gives the text pool its final size; the views handed out stay valid.
    void finish()
    {
        m_doc.m_blocks.resize(m_blockCount);
        m_doc.m_text.truncate(m_used);
        // By block, for inlineHtml()'s search: a tight list item's text may go on after an
        // item nested in it took some.
        auto byBlock = [](const MarkdownDocument::InlineHtml &a, const MarkdownDocument::InlineHtml &b) { return a.block < b.block; };
        if (!std::is_sorted(m_doc.m_inlineHtml.cbegin(), m_doc.m_inlineHtml.cend(), byBlock))
            std::stable_sort(m_doc.m_inlineHtml.begin(), m_doc.m_inlineHtml.end(), byBlock);
    }

private:
    // The text pool is written in place: its QString is sized ahead (new characters are left
    // uninitialised) and m_used counts what is written, so an append is a copy, with no
    // size bookkeeping or detach check inside QString.
    Q_NEVER_INLINE void reserveText(qsizetype capacity)
    {
        // reserve() first: it allocates exactly what is asked, where resize() alone rounds up.
        m_capacity = capacity;
        m_doc.m_text.reserve(capacity);
        m_doc.m_text.resize(capacity);
        m_out = reinterpret_cast<char16_t *>(m_doc.m_text.data());
    }
    char16_t *grow(qsizetype more)
    {
        if (m_used + more > m_capacity)
            reserveText(std::max(m_used + more, m_capacity * 2));
        char16_t *at = m_out + m_used;
        m_used += more;
        return at;
    }
    // The block pool is sized ahead, thirty-two blocks as MdBlock() makes them at a time (its
    // room is reserved for the whole document), and m_blockCount counts those in use: opening
    // a block writes its fields in place, with no copy of a whole block and no size
    // bookkeeping inside QList. finish() cuts it to size.
    Q_NEVER_INLINE void sizeBlocks(qsizetype size)
    {
        m_doc.m_blocks.resize(size);
        m_blocks = m_doc.m_blocks.data();
    }
    // Appends an attribute (an info string, a link target) to the attribute pool and returns
    // where it lies there, without its surrounding white space when `trim`: CommonMark trims an
    // info string's spaces and tabs, md4c only its spaces. ASCII, nearly all of them, is widened
    // straight into the pool, with no string of its own.
    std::pair<int, int> appendAttribute(const char *chars, MD_SIZE size, bool trim)
    {
        QString &pool = m_doc.m_attributes;
        int begin = int(pool.size());
        if (isAscii(chars, size))
            pool.append(QLatin1StringView(chars, qsizetype(size)));
        else
            pool.append(QString::fromUtf8(chars, qsizetype(size)));
        int end = int(pool.size());
        while (trim && begin < end && pool.at(begin).isSpace())
            ++begin;
        while (trim && end > begin && pool.at(end - 1).isSpace())
            --end;
        return {begin, end};
    }

    std::pair<int, int> appendWikiTarget(const QString &target)
    {
        QString &pool = m_doc.m_attributes;
        const int begin = int(pool.size());
        pool.append(MarkdownDocument::wikiLinkHref(target));
        return {begin, int(pool.size())};
    }

    // A run of the source's text. Inlined: text() calls it for nearly every run md4c reports.
    Q_ALWAYS_INLINE void appendRun(const char *text, MD_SIZE size)
    {
        // In an all-ASCII document the UTF-16 text has the same offsets: copy it, no
        // conversion. Otherwise most runs are still ASCII: widen them byte by byte, and
        // decode the few that are not.
        if (m_asciiDocument && text >= m_base && text + size <= m_base + m_size)
            append(reinterpret_cast<const char16_t *>(m_doc.m_source.text().constData()) + (text - m_base), size);
        else if (!appendIfAscii(text, size))
            appendUtf8(text, size);
    }
    // Code in a table cell: GFM splits a row into cells before it reads code spans, so a
    // backslash before a pipe escapes it there too (`` `a \| b` `` shows "a | b"). md4c keeps
    // that backslash inside code; it goes here, every other one stays.
    Q_NEVER_INLINE void appendTableCode(const char *text, MD_SIZE size)
    {
        MD_SIZE run = 0;
        for (MD_SIZE i = 0; i + 1 < size; ++i) {
            if (text[i] == '\\' && text[i + 1] == '|') {
                appendRun(text + run, i - run);
                run = i + 1;
                ++i;
            }
        }
        appendRun(text + run, size - run);
    }

    void appendChar(char16_t c) { *grow(1) = c; }
    void append(const char16_t *chars, qsizetype n) { std::memcpy(grow(n), chars, size_t(n) * sizeof(char16_t)); }
    // Widens `chars` into the pool when they are all ASCII, and says whether they were; when
    // not, the pool is left as it was. The bytes are checked as they are widened, in one pass.
    Q_ALWAYS_INLINE bool appendIfAscii(const char *chars, qsizetype n)
    {
        char16_t *out = grow(n);
#if defined(__SSE2__)
        // Most runs are short. A run of four bytes or more goes in whole loads, the last of
        // which ends at its last byte and may overlap the one before: those characters are
        // written twice, the same both times. Only the few shorter runs go byte by byte.
        if (n >= 4) {
            const __m128i zero = _mm_setzero_si128();
            __m128i seen = zero;
            if (n >= 16) {
                auto widen16 = [&](qsizetype at) {
                    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars + at));
                    seen = _mm_or_si128(seen, bytes);
                    _mm_storeu_si128(reinterpret_cast<__m128i *>(out + at), _mm_unpacklo_epi8(bytes, zero));
                    _mm_storeu_si128(reinterpret_cast<__m128i *>(out + at + 8), _mm_unpackhi_epi8(bytes, zero));
                };
                for (qsizetype i = 0; n - i >= 16; i += 16)
                    widen16(i);
                if (n % 16 != 0)
                    widen16(n - 16);
            } else if (n >= 8) {
                auto widen8 = [&](qsizetype at) {
                    const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(chars + at));
                    seen = _mm_or_si128(seen, bytes);
                    _mm_storeu_si128(reinterpret_cast<__m128i *>(out + at), _mm_unpacklo_epi8(bytes, zero));
                };
                widen8(0);
                widen8(n - 8);
            } else {
                auto widen4 = [&](qsizetype at) {
                    quint32 word;
                    std::memcpy(&word, chars + at, 4);
                    const __m128i bytes = _mm_cvtsi32_si128(int(word));
                    seen = _mm_or_si128(seen, bytes);
                    _mm_storel_epi64(reinterpret_cast<__m128i *>(out + at), _mm_unpacklo_epi8(bytes, zero));
                };
                widen4(0);
                widen4(n - 4);
            }
            if (_mm_movemask_epi8(seen) == 0)
                return true;
            m_used -= n;
            return false;
        }
#endif
        unsigned high = 0;
        for (qsizetype i = 0; i < n; ++i) {
            high |= uchar(chars[i]) & 0x80u;
            out[i] = char16_t(uchar(chars[i]));
        }
        if (high == 0)
            return true;
        m_used -= n;
        return false;
    }
    void appendUtf8(const char *chars, qsizetype n)
    {
        // UTF-8 never takes fewer bytes than UTF-16 takes units; give back what was not used.
        char16_t *out = grow(n);
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QChar *end = decoder.appendToBuffer(reinterpret_cast<QChar *>(out), QByteArrayView(chars, n));
        m_used -= n - (reinterpret_cast<const char16_t *>(end) - out);
    }

    static bool isAscii(const char *p, MD_SIZE size)
    {
        const char *end = p + size;
        for (; end - p >= 8; p += 8) {
            quint64 word;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ULL)
                return false;
        }
        for (; p < end; ++p) {
            if (uchar(*p) & 0x80)
                return false;
        }
        return true;
    }

    MdBlock &open(MdBlockKind kind, bool implicit = false)
    {
        if (m_blockCount == m_doc.m_blocks.size())
            sizeBlocks(m_blockCount + 32);
        const int index = m_blockCount++;
        MdBlock &block = m_blocks[index]; // as MdBlock() makes it
        block.kind = kind;
        block.parent = m_stack.isEmpty() ? -1 : m_stack.last();
        block.textBegin = block.textEnd = int(m_used);
        block.spanBegin = block.spanEnd = int(m_doc.m_spans.size());
        m_extents.emplace_back();
        if (block.parent >= 0) {
            MdBlock &parent = m_blocks[block.parent];
            if (parent.lastChild >= 0)
                m_blocks[parent.lastChild].nextSibling = index;
            else
                parent.firstChild = index;
            parent.lastChild = index;
        }
        m_stack.append(index);
        m_implicit = implicit;
        retarget();
        return m_blocks[index];
    }

    void close()
    {
        if (m_stack.isEmpty())
            return;
        const int index = m_stack.back();
        m_stack.pop_back();
        m_implicit = false;
        retarget();
        MdBlock &b = m_blocks[index];
        switch (b.kind) {
        case MdBlockKind::Heading:
        case MdBlockKind::Paragraph:
        case MdBlockKind::Code:
        case MdBlockKind::TableCell:
        case MdBlockKind::Html:
            b.textEnd = int(m_used);
            b.spanEnd = int(m_doc.m_spans.size());
            break;
        default:
            break;
        }
        finishLines(index);
    }

    void closeImplicitParagraph()
    {
        if (m_implicit)
            close();
    }

    // The block that receives text: the innermost open block, or an implicit paragraph when
    // a tight list item carries text directly. -1 when none does.
    int textTarget()
    {
        if (m_target == kOpensParagraph)
            open(MdBlockKind::Paragraph, true);
        return m_target;
    }
    // Works out textTarget() once for every block opened or closed, not for every run of text.
    void retarget()
    {
        if (m_stack.isEmpty()) {
            m_target = -1;
            return;
        }
        const int top = m_stack.last();
        switch (m_blocks[top].kind) {
        case MdBlockKind::ListItem:
            m_target = kOpensParagraph;
            break;
        case MdBlockKind::Document:
        case MdBlockKind::List:
        case MdBlockKind::Quote:
        case MdBlockKind::Table:
        case MdBlockKind::TableRow:
            m_target = -1;
            break;
        default:
            m_target = top;
            break;
        }
    }

    bool isFenceLine(int line, char fence) const { return isFence(content(m_doc.m_source.lineBytes(line)), fence); }

    void finishLines(int index)
    {
        MdBlock &b = m_blocks[index];
        const SourceText &src = m_doc.m_source;
        const Extent &extent = m_extents[size_t(index)];
        if (b.firstOffset >= 0) {
            // Blocks close in document order, so the last line found is a good place to start.
            b.firstLine = src.lineAt(b.firstOffset, m_lineHint);
            const qsizetype lastByte = std::max(b.firstOffset, extent.lastEnd - 1);
            b.lastLine = src.lineAt(lastByte, b.firstLine); // at once when it ends on its first line
            m_lineHint = b.firstLine;
        }
        if (extent.childrenBegin > 0) {
            b.firstLine = b.firstLine > 0 ? std::min(b.firstLine, extent.childrenBegin) : extent.childrenBegin;
            b.lastLine = std::max(b.lastLine, extent.childrenEnd);
            if (extent.childrenOffset >= 0 && (b.firstOffset < 0 || extent.childrenOffset < b.firstOffset))
                b.firstOffset = extent.childrenOffset;
        }
        if (b.kind == MdBlockKind::Code && b.fenced && b.firstLine > 0) {
            const QByteArrayView opening = content(src.lineBytes(b.firstLine - 1));
            const char fence = opening.startsWith('~') ? '~' : '`';
            b.firstLine -= 1; // the opening fence
            if (b.lastLine < src.lineCount() && isFenceLine(b.lastLine + 1, fence))
                b.lastLine += 1;
        }
        if (b.kind == MdBlockKind::Heading && b.lastLine > 0 && b.lastLine < src.lineCount()) {
            const QByteArrayView next = src.lineBytes(b.lastLine + 1).trimmed();
            const bool setext = !next.isEmpty()
                                && (std::all_of(next.begin(), next.end(), [](char c) { return c == '='; })
                                    || std::all_of(next.begin(), next.end(), [](char c) { return c == '-'; }));
            if (setext && !src.lineBytes(b.lastLine).trimmed().startsWith('#'))
                b.lastLine += 1;
        }
        if (b.firstLine <= 0)
            placeWithoutText(b);
        if (b.parent >= 0 && b.firstLine > 0) {
            // What the parent takes from its children when it closes in turn.
            Extent &parent = m_extents[size_t(b.parent)];
            parent.childrenBegin = parent.childrenBegin > 0 ? std::min(parent.childrenBegin, b.firstLine) : b.firstLine;
            parent.childrenEnd = std::max(parent.childrenEnd, b.lastLine);
            if (b.firstOffset >= 0 && (parent.childrenOffset < 0 || b.firstOffset < parent.childrenOffset))
                parent.childrenOffset = b.firstOffset;
        }
    }

    // A line's content without the indentation and the `>` markers of block quotes.
    static QByteArrayView content(QByteArrayView line)
    {
        for (;;) {
            line = line.trimmed();
            if (!line.startsWith('>'))
                return line;
            line = line.sliced(1);
        }
    }

    static bool isRuleLine(QByteArrayView line)
    {
        int marks = 0;
        for (const char c : line) {
            if (c == line.front())
                ++marks;
            else if (c != ' ' && c != '\t')
                return false;
        }
        return marks >= 3 && (line.front() == '-' || line.front() == '*' || line.front() == '_');
    }

    static bool isFence(QByteArrayView line, char fence)
    {
        return line.size() >= 3 && line.at(0) == fence && line.at(1) == fence && line.at(2) == fence;
    }

    // Where a block that holds no text (a rule, an empty fenced block, an empty heading) is:
    // md4c gives no position for it, so it is the first line after its previous siblings
    // that is written like it. Only blank lines and lines that make no block (link reference
    // definitions) can come between, so the search is short.
    void placeWithoutText(MdBlock &b)
    {
        const SourceText &src = m_doc.m_source;
        const int lines = std::max(1, src.lineCount());
        const int from = std::min(b.parent >= 0 ? std::max(1, m_extents[size_t(b.parent)].childrenEnd + 1) : 1, lines);
        b.firstLine = b.lastLine = from;
        for (int line = from; line <= src.lineCount() && line < from + 64; ++line) {
            const QByteArrayView text = content(src.lineBytes(line));
            bool match = false;
            switch (b.kind) {
            case MdBlockKind::Rule:
                match = isRuleLine(text);
                break;
            case MdBlockKind::Code:
                match = isFence(text, '`') || isFence(text, '~');
                break;
            case MdBlockKind::Heading:
                match = text.startsWith('#');
                break;
            default:
                match = !text.isEmpty();
                break;
            }
            if (!match)
                continue;
            b.firstLine = b.lastLine = line;
            if (b.kind == MdBlockKind::Code) {
                // Its closing fence, if it has one before the next text.
                const char fence = text.front();
                for (int next = line + 1; next <= src.lineCount(); ++next) {
                    const QByteArrayView after = content(src.lineBytes(next));
                    if (isFence(after, fence))
                        b.lastLine = next;
                    if (!after.isEmpty())
                        break;
                }
            }
            return;
        }
    }

    MarkdownDocument &m_doc;
    // The document's blocks, written through this pointer: the list is the collector's alone
    // while it reads, so writes need none of QList's checks for sharing. sizeBlocks() renews it.
    MdBlock *m_blocks = nullptr;
    int m_blockCount = 0;
    const char *m_base;
    qsizetype m_size;
    QVarLengthArray<int, 64> m_stack; // open blocks, innermost last; on the heap only past 64 deep
    static constexpr int kOpensParagraph = -2;
    int m_target = -1; // what textTarget() gives: a block, -1, or kOpensParagraph
    // By block, what is known of its extent while it is read. A std::vector: these grow by one
    // for every block md4c opens and are written for every run of text, with none of QList's
    // sharing to check on each write.
    struct Extent {
        qsizetype lastEnd = -1;        // the byte after its text read so far
        qsizetype childrenOffset = -1; // the first byte of text of its children closed so far
        int childrenBegin = 0;         // the first line of its children closed so far
        int childrenEnd = 0;           // the last line of its children closed so far
    };
    std::vector<Extent> m_extents;
    QVarLengthArray<int, 16> m_openSpans; // indexes into m_spans; -1 for spans that are not kept
    static constexpr int kBracketsKept = -2; // a wiki link that names no note: its "]]" is text
    int m_unplacedSpans = 0; // open spans still waiting for their first source offset
    int m_lineHint = 1;      // the first line of the block closed last
    bool m_implicit = false;
    bool m_inTableHead = false;
    bool m_asciiDocument = false; // UTF-8 and UTF-16 offsets agree
    char16_t *m_out = nullptr;    // the text pool's characters
    qsizetype m_used = 0;         // how many of them are written
    qsizetype m_capacity = 0;     // how many there is room for
};

MarkdownDocument::BlockIndexes MarkdownDocument::childList(int index) const
{
    BlockIndexes list;
    for (int child : children(index))
        list.append(child);
    return list;
}

QByteArrayView MarkdownDocument::inlineHtmlText(const InlineHtml &run) const
{
    if (run.sourceOffset < 0)
        return {};
    return QByteArrayView(m_source.utf8()).sliced(run.sourceOffset, run.sourceLength);
}

std::span<const MarkdownDocument::InlineHtml> MarkdownDocument::inlineHtml(int blockIndex) const
{
    if (!m_blocks.at(blockIndex).inlineHtml)
        return {};
    const auto [first, last] = std::equal_range(m_inlineHtml.cbegin(), m_inlineHtml.cend(), InlineHtml{blockIndex},
                                                [](const InlineHtml &a, const InlineHtml &b) { return a.block < b.block; });
    return {first, last};
}

MarkdownDocument MarkdownDocument::parse(const SourceText &source)
{
    MarkdownDocument doc;
    doc.m_source = source;
    BlockCollector builder(doc);

    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = md4cFlags();
    parser.enter_block = [](MD_BLOCKTYPE t, void *d, void *u) {
        return static_cast<BlockCollector *>(u)->enterBlock(t, d);
    };
    parser.leave_block = [](MD_BLOCKTYPE t, void *, void *u) { return static_cast<BlockCollector *>(u)->leaveBlock(t); };
    parser.enter_span = [](MD_SPANTYPE t, void *d, void *u) { return static_cast<BlockCollector *>(u)->enterSpan(t, d); };
    parser.leave_span = [](MD_SPANTYPE, void *, void *u) { return static_cast<BlockCollector *>(u)->leaveSpan(); };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *u) {
        return static_cast<BlockCollector *>(u)->text(t, s, n);
    };

    const QByteArray &bytes = doc.m_source.utf8();
    if (bytes.size() <= qsizetype(std::numeric_limits<MD_SIZE>::max()) / 2)
        md_parse(bytes.constData(), MD_SIZE(bytes.size()), &parser, &builder);
    builder.finish();
    if (doc.m_blocks.isEmpty()) {
        MdBlock root;
        root.kind = MdBlockKind::Document;
        root.firstLine = root.lastLine = 1;
        doc.m_blocks.append(root);
    }
    return doc;
}

} // namespace triage
