#include "StoreLock.h"

#include <QDir>
#include <QFileInfo>

namespace triage {

std::unique_ptr<QLockFile> lockStore(const QString &path, QString *error)
{
    QDir().mkpath(QFileInfo(path).path());
    auto file = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    if (!file->tryLock(10000)) {
        *error = QStringLiteral("%1 is being changed by another Triage; try again in a moment").arg(path);
        return nullptr;
    }
    return file;
}

} // namespace triage
