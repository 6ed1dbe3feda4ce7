#pragma once

#include "Session.h"

#include <QByteArray>
#include <QString>

namespace triage {

// A ticket-ready account of a guided session: the verdict, the guide and environment, the path
// taken with every answer, the checks with their results and timings. Written as Markdown (for
// a ticket), HTML (for mail or a browser) or JSON (for tools), from the session alone.
//
// Every text goes through the secret masking once more on the way out, so that a secret
// registered after the session recorded it is masked too.
//
// Stateless; reentrant.
class SessionReport {
public:
    enum class Format { Markdown, Html, Json };

    static QByteArray render(const Session &session, Format format);
    static QString markdown(const Session &session);
    static QString html(const Session &session);
    static QByteArray json(const Session &session);

    // "md", "markdown", "html", "json", or a file name ending in one of them.
    static bool formatFromName(const QString &name, Format *format);
    static QString extension(Format format);
};

} // namespace triage
