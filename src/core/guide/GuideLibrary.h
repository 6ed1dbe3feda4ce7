#pragma once

#include "Guide.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

// A set of imported guides: the bundled ones, a team's folder, or the files named on a command
// line. Guides are imported in parallel on the global thread pool.
//
// Value type; immutable after load(), so it may be read from any thread.
class GuideLibrary {
public:
    // Where the guides that ship with Triage live (a Qt resource folder).
    static QString bundledLocation() { return QStringLiteral(":/guides"); }

    // Files named directly, and the `.md`/`.markdown` files found (recursively) in folders,
    // in a stable order. Paths that do not exist are reported in `errors`.
    static QStringList expandPaths(const QStringList &paths, QStringList *errors);

    // Whether a file is FORMAT.md, which documents the guide format and is no guide itself.
    static bool documentsTheFormat(const QString &file);

    static GuideLibrary load(const QStringList &files);
    static GuideLibrary loadBundled();

    const QList<Guide> &guides() const { return m_guides; }
    bool isEmpty() const { return m_guides.isEmpty(); }
    int size() const { return int(m_guides.size()); }

private:
    QList<Guide> m_guides;
};

} // namespace triage
