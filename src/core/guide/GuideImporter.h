#pragma once

#include "Guide.h"

#include <QByteArray>
#include <QString>

namespace triage {

// Reads a guide file and turns it into a Guide, whatever its shape: a team's existing
// TROUBLESHOOTING.md, or a guide in Triage's own format (front matter with `triage:`, check
// blocks, questions). See guides/FORMAT.md.
//
// Importing never fails outright: unreadable files, bad bytes, malformed front matter or check
// blocks become diagnostics on the returned guide, each with `file:line` and what to try.
//
// Stateless and reentrant: guides may be imported on worker threads in parallel.
class GuideImporter {
public:
    // Files larger than this are refused with a diagnostic instead of being read.
    static constexpr qint64 kMaxBytes = 16 * 1024 * 1024;

    static Guide importFile(const QString &path);
    // `path` names the guide in locations and anchors relative links; nothing is read from it.
    static Guide importBytes(const QString &path, const QByteArray &bytes);
};

} // namespace triage
