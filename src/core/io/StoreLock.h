#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

namespace triage {

// Holds `path`.lock for one load-change-save of a small JSON store (profiles, trusted guides),
// so that two Triage processes changing it at once do not lose one edit. Null, with a message,
// when another process keeps it for 10 s. Creates the store's folder. Does file I/O.
std::unique_ptr<QLockFile> lockStore(const QString &path, QString *error);

} // namespace triage
