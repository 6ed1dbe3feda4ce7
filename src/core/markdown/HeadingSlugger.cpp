#include "HeadingSlugger.h"

#include <array>

namespace triage {

namespace {

// What each ASCII character becomes in a slug: letters in lower case, digits, '-' and '_' as
// they are, a space '-', anything else nothing (0).
constexpr std::array<char16_t, 128> kAsciiSlug = [] {
    std::array<char16_t, 128> slug{};
    for (char16_t c = 0; c < 128; ++c) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_')
            slug[c] = c;
        else if (c >= u'A' && c <= u'Z')
            slug[c] = char16_t(c + 32);
        else if (c == u' ')
            slug[c] = u'-';
    }
    return slug;
}();

} // namespace

QString HeadingSlugger::slugify(const QString &text)
{
    QString slug(text.size(), Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(slug.data());
    qsizetype n = 0;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80) {
            // Written either way, kept only when it counts: no branch on the character.
            out[n] = kAsciiSlug[u];
            n += out[n] != 0;
            continue;
        }
        c = c.toLower();
        if (c.isLetterOrNumber() || c.isMark())
            out[n++] = c.unicode();
        // Everything else (punctuation, symbols, emoji, control characters) is dropped,
        // which is what GitHub's slugger does.
    }
    slug.truncate(n);
    return slug;
}

QString HeadingSlugger::nextForSlug(const QString &base)
{
    QString slug = base;
    int &count = m_used[base];
    if (count > 0) {
        do {
            slug = base + QLatin1Char('-') + QString::number(count++);
        } while (m_used.contains(slug));
        m_used.insert(slug, 1);
    } else {
        count = 1;
    }
    return slug;
}

} // namespace triage
