#pragma once

#include "Session.h"

#include <QString>

#include <optional>

namespace triage {

// Where guided sessions are kept: one JSON file per session in the app's data folder
// (~/.local/share/triage/sessions, mode 0700, files 0600), written atomically (QSaveFile) after
// every step; closed ones beyond the newest 200 are removed. A file
// whose session the window did not close cleanly is what "resume after a crash" offers.
//
// Blocking file I/O: call it from a worker thread, never from the GUI thread. Reentrant.
class SessionStore {
public:
    static QString folder();
    static QString pathFor(const QString &sessionId);

    // `closed`: the window was done with it (closed, or a new session started).
    static bool save(const Session &session, bool closed, QString *error);
    static std::optional<Session> read(const QString &path, QString *error);
    // The most recently updated session that was never closed, if any.
    static std::optional<Session> unfinished(QString *path = nullptr);
    // Marks a session closed without changing anything else.
    static bool close(const QString &sessionId, QString *error);
    // Removes closed sessions beyond the newest `keep`.
    static void prune(int keep = 200);
};

} // namespace triage
