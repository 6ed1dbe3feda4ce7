#pragma once

#include <QStringView>

#include <string_view>

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
        for (qsizetype i = 0; i < n; ++i) {
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
