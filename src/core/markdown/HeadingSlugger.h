#pragma once

#include <QHash>
#include <QString>

namespace triage {

// Turns heading text into the anchors GitHub gives it (`## Kafka/Message Queue Issues` becomes
// `#kafkamessage-queue-issues`), so that links written for GitHub resolve the same here.
// Repeated headings get `-1`, `-2`, … in document order, as on GitHub.
//
// One slugger per document. Not thread-safe.
class HeadingSlugger {
public:
    static QString slugify(const QString &text);
    // The anchor for the next heading with this text, unique in this document.
    QString next(const QString &text) { return nextForSlug(slugify(text)); }
    // The same, for a heading whose slugify() the caller has already.
    QString nextForSlug(const QString &slug);

private:
    QHash<QString, int> m_used;
};

} // namespace triage
