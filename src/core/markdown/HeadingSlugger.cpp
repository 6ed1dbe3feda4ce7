#include "HeadingSlugger.h"

namespace triage {

QString HeadingSlugger::slugify(const QString &text)
{
    QString slug;
    slug.reserve(text.size());
    for (QChar c : text) {
        c = c.toLower();
        if (c == QLatin1Char(' '))
            slug.append(QLatin1Char('-'));
        else if (c.isLetterOrNumber() || c.isMark() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            slug.append(c);
        // Everything else (punctuation, symbols, emoji, control characters) is dropped,
        // which is what GitHub's slugger does.
    }
    return slug;
}

QString HeadingSlugger::next(const QString &text)
{
    const QString base = slugify(text);
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
