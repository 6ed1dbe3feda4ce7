#pragma once

#include <QStringView>

#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace triage {

// A short text lower-cased into a buffer on the stack, for matching English words without
// allocating: the importer asks "does this heading say diagnose?" thousands of times per guide.
// Characters outside ASCII become '\x7f', which no word contains; text past the capacity is cut
// off (`complete()` says whether it was).
template<qsizetype Capacity = 160>
class AsciiFold {
public:
    explicit AsciiFold(QStringView text)
    {
        const qsizetype n = std::min(text.size(), Capacity);
        const char16_t *chars = text.utf16();
        qsizetype i = 0;
#if defined(__SSE2__)
        // Eight characters at a time where SSE2 is there, as below: 'A'..'Z' gain the case bit,
        // anything past 0x7F becomes 0x7F, and the results are packed into bytes.
        const __m128i del = _mm_set1_epi16(0x7F), beforeA = _mm_set1_epi16('A' - 1), afterZ = _mm_set1_epi16('Z' + 1);
        for (; n - i >= 8; i += 8) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars + i));
            const __m128i ascii = _mm_cmpeq_epi16(_mm_subs_epu16(v, del), _mm_setzero_si128()); // v <= 0x7F
            const __m128i upper = _mm_and_si128(_mm_cmpgt_epi16(v, beforeA), _mm_cmplt_epi16(v, afterZ));
            const __m128i lower = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi16(0x20)));
            const __m128i folded = _mm_or_si128(_mm_and_si128(ascii, lower), _mm_andnot_si128(ascii, del));
            _mm_storel_epi64(reinterpret_cast<__m128i *>(m_buffer + i), _mm_packus_epi16(folded, folded));
        }
#endif
        for (; i < n; ++i) {
            const char16_t c = chars[i];
            m_buffer[i] = c >= 0x80 ? '\x7f' : (c >= u'A' && c <= u'Z') ? char(c + 32) : char(c);
        }
        m_size = n;
        m_complete = n == text.size();
    }

    std::string_view view() const { return {m_buffer, size_t(m_size)}; }
    bool complete() const { return m_complete; }
    bool contains(std::string_view word) const { return view().find(word) != std::string_view::npos; }
    bool operator==(std::string_view word) const { return m_complete && view() == word; }

private:
    char m_buffer[Capacity];
    qsizetype m_size = 0;
    bool m_complete = true;
};

inline bool isAsciiWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\x7f' || (c >= 'A' && c <= 'Z');
}

} // namespace triage
