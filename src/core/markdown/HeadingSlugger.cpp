#include "HeadingSlugger.h"

namespace triage {

QString HeadingSlugger::slugify(const QString &text)
{
    QString slug(text.size(), Qt::Uninitialized);
    QChar *out = slug.data();
    qsizetype n = 0;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80) {
            if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_')
                out[n++] = c;
            else if (u >= u'A' && u <= u'Z')
                out[n++] = QChar(char16_t(u + 32));
            else if (u == u' ')
                out[n++] = QLatin1Char('-');
            continue;
        }
        c = c.toLower();
        if (c.isLetterOrNumber() || c.isMark())
            out[n++] = c;
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
