#include "SourceText.h"

#include <QByteArrayView>
#include <QStringDecoder>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace triage {

namespace {

// Positions of repaired or invalid characters kept for notes; a binary file has thousands.
constexpr qsizetype kMaxPendingNotes = 4096;

// What bytes 0x80..0xFF mean in the two encodings that UTF-8 guides are most often misread
// as. Used in reverse: a run of these characters is turned back into the bytes it came from.
constexpr std::array<char16_t, 128> kWindows1252 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

constexpr std::array<char16_t, 128> kMacRoman = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,
    0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
    0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
    0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,
    0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
    0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
    0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
    0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,
    0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,
    0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
    0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};

// Reverse maps: for every UTF-16 code unit, the byte it stands for in each encoding (0: none).
struct ReverseTables {
    std::array<uchar, 65536> windows1252{};
    std::array<uchar, 65536> macRoman{};
    ReverseTables()
    {
        for (int i = 0; i < 128; ++i) {
            windows1252[kWindows1252[size_t(i)]] = uchar(0x80 + i);
            macRoman[kMacRoman[size_t(i)]] = uchar(0x80 + i);
        }
    }
};

const ReverseTables &reverseTables()
{
    static const ReverseTables tables;
    return tables;
}

bool mappableInEither(QChar c)
{
    // Both tables map to U+00A0..U+00FF and to a few dozen characters between U+0131 and
    // U+25CA, plus three above; emoji, CJK and most text never reach the (large) tables.
    const char16_t u = c.unicode();
    if (u < 0x80 || (u >= 0x100 && u < 0x131) || (u > 0x25CA && u != 0xF8FF && u != 0xFB01 && u != 0xFB02))
        return false;
    const ReverseTables &r = reverseTables();
    return r.windows1252[u] != 0 || r.macRoman[u] != 0;
}

// Reads a run of misdecoded characters back into the bytes it came from, and decodes those
// as UTF-8. Returns an empty string when the run is not such a misreading in this encoding.
QString undoMisreading(QStringView run, const std::array<char16_t, 128> &table)
{
    const ReverseTables &r = reverseTables();
    const std::array<uchar, 65536> &reverse = (&table == &kWindows1252) ? r.windows1252 : r.macRoman;
    QVarLengthArray<char, 64> bytes; // runs are a few characters long
    for (QChar c : run) {
        const uchar b = reverse[c.unicode()];
        if (b == 0)
            return {};
        bytes.append(char(b));
    }
    const QByteArrayView view(bytes.constData(), bytes.size());
    if (!view.isValidUtf8())
        return {};
    QString repaired = QString::fromUtf8(view);
    // A real misreading always shrinks: several Latin characters stood for one code point.
    return repaired.size() < run.size() ? repaired : QString();
}

bool hasNonAscii(QByteArrayView bytes)
{
    // Thirty-two bytes at a time where SSE2 is there, then eight: any high bit set means a
    // non-ASCII byte.
    const char *p = bytes.data();
    const char *end = p + bytes.size();
#if defined(__SSE2__)
    for (; end - p >= 32; p += 32) {
        const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16));
        if (_mm_movemask_epi8(_mm_or_si128(first, second)) != 0)
            return true;
    }
#endif
    for (; end - p >= 8; p += 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        if (word & 0x8080808080808080ULL)
            return true;
    }
    for (; p < end; ++p) {
        if (uchar(*p) & 0x80)
            return true;
    }
    return false;
}

} // namespace

bool SourceText::isUtf16(QByteArrayView raw)
{
    return raw.startsWith("\xFF\xFE") || raw.startsWith("\xFE\xFF");
}

namespace {

bool hasLoneSurrogate(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text.at(i + 1).unicode()))
            ++i;
        else if (QChar::isSurrogate(c))
            return true;
    }
    return false;
}

// The offset of the first carriage return at or after `from` that no line feed follows, or -1.
qsizetype bareCarriageReturn(QByteArrayView bytes, qsizetype from)
{
    const char *const begin = bytes.data();
    const char *const end = begin + bytes.size();
    for (const char *p = begin + from; p < end;) {
        p = static_cast<const char *>(std::memchr(p, '\r', size_t(end - p)));
        if (!p)
            return -1;
        if (p + 1 == end || p[1] != '\n')
            return p - begin;
        p += 2;
    }
    return -1;
}

} // namespace

SourceText SourceText::fromBytes(const QByteArray &raw)
{
    if (isUtf16(raw)) {
        // Windows editors save UTF-16 with a byte-order mark. Read it as such, then go on as for
        // UTF-8: every offset and line below is the UTF-8 text's.
        QStringDecoder decoder(raw.startsWith("\xFF\xFE") ? QStringConverter::Utf16LE : QStringConverter::Utf16BE,
                               QStringConverter::Flag::Stateless); // an odd last byte is replaced, not held back
        const QString decoded = decoder.decode(QByteArrayView(raw).sliced(2));
        SourceText text = fromBytes(decoded.toUtf8());
        // Qt 6.4 replaces an odd last byte without flagging an error, and passes a surrogate
        // with no partner through (UTF-8 cannot hold it, so it is replaced there): count both.
        const bool invalid = decoder.hasError() || raw.size() % 2 != 0 || hasLoneSurrogate(decoded);
        text.m_notes.prepend({1, invalid
                                     ? QStringLiteral("saved as UTF-16 with invalid sequences (replaced with U+FFFD); "
                                                      "re-save the file as UTF-8")
                                     : QStringLiteral("saved as UTF-16 (it starts with a byte-order mark) and read as such; "
                                                      "most Markdown tools expect UTF-8, so consider re-saving it as UTF-8")});
        return text;
    }
    // CommonMark ends a line at LF, CR or CRLF, and so does md4c; the line index knows only LF.
    // A carriage return on its own (classic Mac OS files) becomes a newline, one byte for one,
    // so that offsets stay put and md4c and the index agree on every line.
    if (const qsizetype cr = bareCarriageReturn(raw, 0); cr >= 0) {
        QByteArray unified = raw;
        char *data = unified.data();
        for (qsizetype at = cr; at >= 0; at = bareCarriageReturn(unified, at + 1))
            data[at] = '\n';
        return fromBytes(unified);
    }
    SourceText text;
    QByteArrayView view(raw);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);

    if (!hasNonAscii(view)) {
        text.m_utf8 = view.size() == raw.size() ? raw : view.toByteArray();
        text.m_text = QString::fromLatin1(text.m_utf8);
        text.indexLines();
        return text;
    }

    // Decode once, then walk the non-ASCII characters: U+FFFD marks bytes that were not UTF-8,
    // and a run of two or more characters that Windows-1252 or Mac Roman could have produced
    // from UTF-8 is tried as a misreading. Neither touches line breaks, so lines stay put.
    // Whether the bytes are UTF-8: the decoder writes U+FFFD for every sequence that is not,
    // so text without one is, and only text with one (it may be written as such) is checked,
    // once, when the walk meets the first.
    std::optional<bool> valid;
    auto isValid = [&] {
        if (!valid)
            valid = view.isValidUtf8();
        return *valid;
    };
    const QString decoded = QString::fromUtf8(view);
    QString repaired;
    qsizetype copied = 0;
    const qsizetype n = decoded.size();
    const char16_t *chars = reinterpret_cast<const char16_t *>(decoded.utf16());
    // Where the notes go, as positions in the final text; turned into lines once it is indexed.
    struct PendingNote {
        qsizetype at;
        bool invalid;
    };
    QList<PendingNote> pending;
    auto note = [&](qsizetype i, bool invalid) {
        if (pending.size() < kMaxPendingNotes)
            pending.append({repaired.size() + (i - copied), invalid});
    };
#if defined(__SSE2__)
    const __m128i nonAscii = _mm_set1_epi16(short(0xFF80));
    const __m128i zero = _mm_setzero_si128();
#endif
    for (qsizetype i = 0; i < n; ++i) {
        // Skip ASCII sixteen characters at a time where SSE2 is there, then four at a time.
#if defined(__SSE2__)
        while (i + 16 <= n) {
            const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars + i));
            const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars + i + 8));
            const __m128i high = _mm_and_si128(_mm_or_si128(first, second), nonAscii);
            if (_mm_movemask_epi8(_mm_cmpeq_epi16(high, zero)) != 0xFFFF)
                break;
            i += 16;
        }
#endif
        while (i + 4 <= n) {
            quint64 word;
            std::memcpy(&word, chars + i, 8);
            if (word & 0xFF80FF80FF80FF80ULL)
                break;
            i += 4;
        }
        if (i >= n || chars[i] < 0x80)
            continue;
        const QChar c(chars[i]);
        if (c.unicode() == 0xFFFD && !isValid()) {
            note(i, true);
            continue;
        }
        if (!mappableInEither(c))
            continue;
        qsizetype end = i + 1;
        while (end < n && mappableInEither(decoded.at(end)))
            ++end;
        const QStringView run = QStringView(decoded).mid(i, end - i);
        QString fixed;
        // Inside `inline code` the characters are meant as written: a guide about encodings
        // quotes mojibake on purpose.
        auto inCode = [&] {
            qsizetype lineStart = i;
            while (lineStart > 0 && chars[lineStart - 1] != u'\n')
                --lineStart;
            return std::count(chars + lineStart, chars + i, u'`') % 2 == 1;
        };
        if (run.size() >= 2 && !inCode()) {
            fixed = undoMisreading(run, kWindows1252);
            if (fixed.isEmpty())
                fixed = undoMisreading(run, kMacRoman);
        }
        if (!fixed.isEmpty()) {
            if (repaired.isEmpty())
                repaired.reserve(n);
            note(i, false);
            repaired.append(QStringView(decoded).mid(copied, i - copied)).append(fixed);
            copied = end;
        }
        i = end - 1;
    }
    if (copied > 0) {
        repaired.append(QStringView(decoded).mid(copied));
        text.m_text = std::move(repaired);
        text.m_utf8 = text.m_text.toUtf8();
    } else {
        text.m_text = decoded;
        text.m_utf8 = valid.value_or(true) ? (view.size() == raw.size() ? raw : view.toByteArray()) : decoded.toUtf8();
    }
    text.indexLines();
    // One note per line, at most twenty of each kind; the rest of a kind are counted in one
    // more note, at the first line not listed.
    constexpr int listed = 20;
    int lastNoted = 0;
    int invalidLines = 0;
    int repairedLines = 0;
    int firstUnlistedInvalid = 0;
    int firstUnlistedRepaired = 0;
    for (const PendingNote &p : std::as_const(pending)) {
        const int line = int(std::upper_bound(text.m_textStarts.cbegin(), text.m_textStarts.cend(), p.at) - text.m_textStarts.cbegin());
        if (line == lastNoted)
            continue;
        lastNoted = line;
        int &count = p.invalid ? invalidLines : repairedLines;
        if (count++ == listed) {
            (p.invalid ? firstUnlistedInvalid : firstUnlistedRepaired) = line;
            continue;
        }
        if (count > listed)
            continue;
        if (p.invalid)
            text.m_notes.append({line, QStringLiteral("invalid UTF-8 bytes replaced with U+FFFD")});
        else
            text.m_notes.append({line, QStringLiteral("text looked double-encoded (UTF-8 read as Windows-1252 or Mac Roman); repaired")});
    }
    // Past the cap on pending notes, the count is a lower bound.
    const QString more = pending.size() == kMaxPendingNotes ? QStringLiteral("at least ") : QString();
    if (firstUnlistedInvalid > 0)
        text.m_notes.append({firstUnlistedInvalid, QStringLiteral("invalid UTF-8 on %1%2 more lines, not listed; the file may be in "
                                                                  "another encoding: re-save it as UTF-8")
                                                       .arg(more)
                                                       .arg(invalidLines - listed)});
    if (firstUnlistedRepaired > 0)
        text.m_notes.append({firstUnlistedRepaired, QStringLiteral("double-encoded text repaired on %1%2 more lines, not listed")
                                                        .arg(more)
                                                        .arg(repairedLines - listed)});
    return text;
}

void SourceText::indexLines()
{
    // Two passes over the UTF-8, many bytes at a time: one counts the lines, the other finds
    // the line breaks and, for text that is not all ASCII, the UTF-16 offset of each line
    // start as well: m_text is exactly m_utf8 decoded, so a UTF-16 offset is the byte offset
    // less one for every continuation byte before it, plus one for every four-byte sequence
    // (a surrogate pair).
    constexpr quint64 highs = 0x8080808080808080ULL;
    constexpr quint64 sevens = 0x7F7F7F7F7F7F7F7FULL;
    constexpr quint64 breaks = 0x0A0A0A0A0A0A0A0AULL;
    // The high bit of each byte of `word` that is a '\n', exactly (no false positives).
    auto breakBits = [](quint64 word) {
        const quint64 x = word ^ breaks;
        return ~(((x & sevens) + sevens) | x) & highs;
    };
    // How many bytes have their high bit set in a word of high bits (no popcnt instruction
    // is assumed: the multiplication adds the eight flags into the top byte).
    auto countHighs = [](quint64 bits) { return qsizetype(((bits >> 7) * 0x0101010101010101ULL) >> 56); };
    const char *data = m_utf8.constData();
    const qsizetype size = m_utf8.size();
    const bool ascii = m_text.size() == size;

    qsizetype breakCount = 0;
    qsizetype i = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time where SSE2 is there (every x86-64); the words below finish off.
    // Each lane counts its breaks (a match is -1, subtracted); the lanes are summed before any
    // can pass 255.
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i zero = _mm_setzero_si128();
    auto laneSum = [&](__m128i lanes) {
        const __m128i sums = _mm_sad_epu8(lanes, zero);
        return qsizetype(_mm_cvtsi128_si32(sums)) + qsizetype(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
    };
    while (size - i >= 16) {
        const qsizetype stop = i + 16 * std::min<qsizetype>(255, (size - i) / 16);
        __m128i lanes = zero;
        for (; i < stop; i += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, newline));
        }
        breakCount += laneSum(lanes);
    }
#endif
    for (; size - i >= 8; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        breakCount += countHighs(breakBits(word));
    }
    for (; i < size; ++i)
        breakCount += data[i] == '\n';
    // A break at the very end starts no further line.
    const qsizetype lines = 1 + breakCount - (size > 0 && data[size - 1] == '\n' ? 1 : 0);
    m_lineStarts.resize(lines);
    m_textStarts.resize(ascii ? 0 : lines);
    qsizetype *starts = m_lineStarts.data();
    qsizetype *textStarts = ascii ? nullptr : m_textStarts.data();
    starts[0] = 0;
    if (textStarts)
        textStarts[0] = 0;
    qsizetype k = 1;
    qsizetype shrink = 0; // bytes so far minus UTF-16 units so far
    auto atByte = [&](qsizetype at) {
        const uchar c = uchar(data[at]);
        if (c == '\n') {
            if (at + 1 < size && k < lines) {
                starts[k] = at + 1;
                if (textStarts)
                    textStarts[k] = at + 1 - shrink;
                ++k;
            }
        } else if ((c & 0xC0) == 0x80) {
            ++shrink;
        } else if ((c & 0xF8) == 0xF0) {
            --shrink;
        }
    };
    i = 0;
#if defined(__SSE2__)
    // std::popcount becomes a library call where the CPU baseline has no POPCNT instruction.
    auto bits16 = [](unsigned x) {
        x = x - ((x >> 1) & 0x5555u);
        x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
        x = (x + (x >> 4)) & 0x0F0Fu;
        return qsizetype((x + (x >> 8)) & 0x1Fu);
    };
    const __m128i topTwo = _mm_set1_epi8(char(0xC0));
    const __m128i continuationByte = _mm_set1_epi8(char(0x80));
    const __m128i topFive = _mm_set1_epi8(char(0xF8));
    const __m128i fourByteLead = _mm_set1_epi8(char(0xF0));
    for (; size - i >= 16; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
        unsigned breakAt = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
        const unsigned high = ascii ? 0 : unsigned(_mm_movemask_epi8(v));
        if (breakAt == 0 && high == 0)
            continue;
        // One bit per byte: continuation bytes (10xxxxxx) and four-byte leads (11110xxx).
        const unsigned continuation = high ? unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, topTwo), continuationByte))) : 0;
        const unsigned fourByteLeads = high ? unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, topFive), fourByteLead))) : 0;
        for (; breakAt != 0; breakAt &= breakAt - 1) {
            const int byte = std::countr_zero(breakAt);
            const qsizetype at = i + byte;
            if (at + 1 >= size || k >= lines)
                continue;
            const unsigned before = (1u << byte) - 1; // the bytes before the break
            starts[k] = at + 1;
            // Most chunks with a break are ASCII, where nothing before it in the chunk shrinks.
            if (textStarts)
                textStarts[k] = at + 1 - (high == 0 ? shrink : shrink + bits16(continuation & before) - bits16(fourByteLeads & before));
            ++k;
        }
        shrink += bits16(continuation) - bits16(fourByteLeads);
    }
#endif
    for (; size - i >= 8; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        quint64 breakAt = breakBits(word);
        const quint64 high = ascii ? 0 : word & highs;
        if (breakAt == 0 && high == 0)
            continue;
        // Continuation bytes (10xxxxxx) and four-byte leads (11110xxx), as high bits.
        const quint64 continuation = high & ~(word << 1) & highs;
        const quint64 fourByteLeads = high & (word << 1) & (word << 2) & (word << 3) & ~(word << 4) & highs;
        for (; breakAt != 0; breakAt &= breakAt - 1) {
            const int byte = std::countr_zero(breakAt) / 8;
            const qsizetype at = i + byte;
            if (at + 1 >= size || k >= lines)
                continue;
            const quint64 before = byte == 0 ? 0 : ~quint64(0) >> (64 - 8 * byte); // the bytes before the break
            starts[k] = at + 1;
            if (textStarts)
                textStarts[k] = at + 1 - (shrink + countHighs(continuation & before) - countHighs(fourByteLeads & before));
            ++k;
        }
        shrink += countHighs(continuation) - countHighs(fourByteLeads);
    }
    for (; i < size; ++i)
        atByte(i);
    if (ascii)
        m_textStarts = m_lineStarts; // the same offsets, shared
}

int SourceText::lineAt(qsizetype offset) const
{
    const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
    return int(it - m_lineStarts.cbegin());
}

int SourceText::lineAt(qsizetype offset, int hint) const
{
    const qsizetype n = m_lineStarts.size();
    const qsizetype *starts = m_lineStarts.constData();
    if (hint < 1 || hint > n || starts[hint - 1] > offset)
        return lineAt(offset);
    // Nearly always the offset is on the hint's line or a few after it: step to it. Past
    // those, gallop forward to a line that starts past the offset, then search between.
    for (const qsizetype near = std::min<qsizetype>(n, hint + 4); hint < near; ++hint) {
        if (starts[hint] > offset)
            return hint;
    }
    if (hint == n)
        return hint;
    qsizetype below = hint - 1; // a line index that starts at or before the offset
    qsizetype step = 1;
    qsizetype above = below + 1;
    while (above < n && m_lineStarts.at(above) <= offset) {
        below = above;
        above = below + step;
        step *= 2;
    }
    above = std::min(above, n);
    const auto first = m_lineStarts.cbegin();
    return int(std::upper_bound(first + below + 1, first + above, offset) - first);
}

int SourceText::columnAt(qsizetype offset) const
{
    const qsizetype start = lineStart(lineAt(offset));
    int column = 1;
    for (qsizetype i = start; i < offset && i < m_utf8.size(); ++i) {
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        if ((uchar(m_utf8.at(i)) & 0xC0) != 0x80)
            ++column;
    }
    return column;
}

qsizetype SourceText::lineStart(int line) const
{
    if (m_lineStarts.isEmpty())
        return 0;
    line = std::clamp(line, 1, lineCount());
    return m_lineStarts.at(line - 1);
}

QByteArrayView SourceText::lineBytes(int line) const
{
    if (line < 1 || line > lineCount())
        return {};
    const qsizetype begin = m_lineStarts.at(line - 1);
    qsizetype end = line < lineCount() ? m_lineStarts.at(line) - 1 : m_utf8.size();
    if (end > begin && m_utf8.at(end - 1) == '\n')
        --end;
    if (end > begin && m_utf8.at(end - 1) == '\r')
        --end;
    return QByteArrayView(m_utf8).sliced(begin, end - begin);
}

QString SourceText::lineText(int line) const
{
    return QString::fromUtf8(lineBytes(line));
}

QString SourceText::lines(int first, int last) const
{
    first = std::max(first, 1);
    last = std::min(last, lineCount());
    if (first > last)
        return {};
    const qsizetype begin = m_lineStarts.at(first - 1);
    const QByteArrayView lastLine = lineBytes(last);
    const qsizetype end = (lastLine.data() - m_utf8.constData()) + lastLine.size();
    QString result = QString::fromUtf8(QByteArrayView(m_utf8).sliced(begin, end - begin));
    result.remove(QLatin1Char('\r'));
    return result;
}

void SourceText::blankOut(qsizetype begin, qsizetype end)
{
    end = std::min(end, m_utf8.size());
    begin = std::max<qsizetype>(begin, 0);
    if (begin >= end)
        return;
    const int firstLine = lineAt(begin);
    const int lastLine = lineAt(end - 1);
    // Through data pointers, taken once: QByteArray's and QString's operator[] check for
    // sharing on every write.
    char *bytes = m_utf8.data();
    for (qsizetype i = begin; i < end; ++i) {
        if (bytes[i] != '\n')
            bytes[i] = ' ';
    }
    // Blank the same lines in the UTF-16 copy.
    const qsizetype textBegin = m_textStarts.at(firstLine - 1);
    const qsizetype textEnd = lastLine < lineCount() ? m_textStarts.at(lastLine) : m_text.size();
    if (textBegin >= textEnd)
        return;
    char16_t *chars = reinterpret_cast<char16_t *>(m_text.data());
    for (qsizetype i = textBegin; i < textEnd; ++i) {
        if (chars[i] != u'\n')
            chars[i] = u' ';
    }
}

void SourceText::overwriteLine(int line, QByteArrayView ascii)
{
    if (line < 1 || line > lineCount())
        return;
    // The line's own characters, in each form: UTF-8 and UTF-16 lengths differ past ASCII.
    const qsizetype begin = lineStart(line);
    const qsizetype end = begin + lineBytes(line).size();
    const qsizetype textBegin = m_textStarts.at(line - 1);
    const qsizetype textEnd = textBegin + (line < lineCount() ? m_textStarts.at(line) - textBegin : m_text.size() - textBegin);
    const qsizetype fits = std::min({ascii.size(), end - begin});
    noteFiller(line, end - begin - fits);
    for (qsizetype i = begin; i < end; ++i)
        m_utf8[i] = i - begin < fits ? ascii.at(i - begin) : ' ';
    for (qsizetype i = textBegin; i < textEnd && m_text.at(i) != QLatin1Char('\n') && m_text.at(i) != QLatin1Char('\r'); ++i)
        m_text[i] = i - textBegin < fits ? QLatin1Char(ascii.at(i - textBegin)) : QLatin1Char(' ');
}

bool SourceText::rewriteLine(int line, QByteArrayView utf8)
{
    if (line < 1 || line > lineCount())
        return false;
    const QByteArray bytes = utf8.toByteArray(); // `utf8` may be a view into this text
    const QString decoded = QString::fromUtf8(bytes);
    const qsizetype begin = lineStart(line);
    const qsizetype end = begin + lineBytes(line).size();
    const qsizetype textBegin = m_textStarts.at(line - 1);
    qsizetype textEnd = textBegin;
    while (textEnd < m_text.size() && m_text.at(textEnd) != QLatin1Char('\n') && m_text.at(textEnd) != QLatin1Char('\r'))
        ++textEnd;
    // Both forms shrink by as much only when what was dropped is ASCII: then offsets and
    // columns before it stay put.
    const qsizetype pad = end - begin - bytes.size();
    if (pad < 0 || textEnd - textBegin - decoded.size() != pad)
        return false;
    noteFiller(line, pad);
    for (qsizetype i = begin; i < end; ++i)
        m_utf8[i] = i - begin < bytes.size() ? bytes.at(i - begin) : ' ';
    for (qsizetype i = textBegin; i < textEnd; ++i)
        m_text[i] = i - textBegin < decoded.size() ? decoded.at(i - textBegin) : QLatin1Char(' ');
    return true;
}

void SourceText::noteFiller(int line, qsizetype blanks)
{
    // Lines are rewritten nearly always in order: appended, else put in their place.
    const auto at = std::lower_bound(m_filler.begin(), m_filler.end(), line,
                                     [](const std::pair<int, qsizetype> &f, int l) { return f.first < l; });
    if (at != m_filler.end() && at->first == line)
        at->second = blanks;
    else if (blanks > 0)
        m_filler.insert(at, {line, blanks});
}

qsizetype SourceText::filler(int line) const
{
    if (m_filler.isEmpty())
        return 0;
    const auto at = std::lower_bound(m_filler.cbegin(), m_filler.cend(), line,
                                     [](const std::pair<int, qsizetype> &f, int l) { return f.first < l; });
    return at != m_filler.cend() && at->first == line ? at->second : 0;
}

QStringView SourceText::linesView(int first, int last) const
{
    first = std::max(first, 1);
    last = std::min(last, lineCount());
    if (first > last || m_textStarts.isEmpty())
        return {};
    const qsizetype begin = m_textStarts.at(first - 1);
    const qsizetype end = last < lineCount() ? m_textStarts.at(last) : m_text.size();
    return QStringView(m_text).mid(begin, end - begin);
}

} // namespace triage
