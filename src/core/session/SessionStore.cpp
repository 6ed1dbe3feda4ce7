#include "SessionStore.h"

#include <QDir>
#include <QHash>
#include <QLockFile>
#include <QMutex>
#include <QMutexLocker>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <memory>

namespace triage {

namespace {

constexpr qint64 kMaxSessionBytes = 16 * 1024 * 1024;

// A session that is open in a window holds `<id>.lock` (QLockFile: the process id inside, stale
// when that process is gone), so that another window does not offer to resume a live session.
QMutex g_locksMutex;
QHash<QString, std::shared_ptr<QLockFile>> g_locks; // held by this process

QString lockPath(const QString &sessionId)
{
    return QDir(SessionStore::folder()).filePath(sessionId + QStringLiteral(".lock"));
}

void hold(const QString &sessionId, bool closed)
{
    QMutexLocker locker(&g_locksMutex);
    if (closed) {
        if (const std::shared_ptr<QLockFile> lock = g_locks.take(sessionId))
            lock->unlock();
        return;
    }
    if (g_locks.contains(sessionId))
        return;
    auto lock = std::make_shared<QLockFile>(lockPath(sessionId));
    lock->setStaleLockTime(0); // only a dead process makes it stale, never its age
    if (lock->tryLock(0))
        g_locks.insert(sessionId, lock);
}

// Whether a window (this process's or another live one's) has the session open.
bool isLive(const QString &sessionId)
{
    {
        QMutexLocker locker(&g_locksMutex);
        if (g_locks.contains(sessionId))
            return true;
    }
    QLockFile probe(lockPath(sessionId));
    probe.setStaleLockTime(0);
    if (!probe.tryLock(0))
        return probe.error() == QLockFile::LockFailedError;
    probe.unlock();
    return false;
}

std::optional<QJsonObject> readObject(const QString &path, QString *error)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("%1: %2").arg(path, info.exists() ? QStringLiteral("is not a file") : QStringLiteral("no such file"));
        return std::nullopt;
    }
    if (info.size() > kMaxSessionBytes) {
        *error = QStringLiteral("%1: %2 MB is more than a session can be").arg(path).arg(info.size() / (1024 * 1024));
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(kMaxSessionBytes);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Say where: the line of the offset, as an editor counts it.
        const int line = int(bytes.left(parseError.offset).count('\n')) + 1;
        *error = QStringLiteral("%1:%2: not a session file: %3").arg(path).arg(line).arg(doc.isObject() || parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

QString SessionStore::folder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(QStringLiteral("triage/sessions"));
}

QString SessionStore::pathFor(const QString &sessionId)
{
    return QDir(folder()).filePath(sessionId + QStringLiteral(".json"));
}

bool SessionStore::save(const Session &session, bool closed, QString *error)
{
    // Sessions hold what checks found on a user's systems (masked, but theirs): the folder and
    // the files are the user's alone.
    if (!QDir().mkpath(folder())) {
        *error = QStringLiteral("cannot create %1").arg(folder());
        return false;
    }
    QFile::setPermissions(folder(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QJsonObject o = session.toJson();
    o.insert(QStringLiteral("closed"), closed);
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Indented);
    QSaveFile file(pathFor(session.id));
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("%1: %2").arg(pathFor(session.id), file.errorString());
        return false;
    }
    hold(session.id, closed);
    prune();
    return true;
}

std::optional<Session> SessionStore::read(const QString &path, QString *error)
{
    const std::optional<QJsonObject> o = readObject(path, error);
    if (!o)
        return std::nullopt;
    QString why;
    std::optional<Session> s = Session::fromJson(*o, &why);
    if (!s)
        *error = QStringLiteral("%1: %2").arg(path, why);
    return s;
}

void SessionStore::prune(int keep)
{
    // The newest sessions stay; older closed ones go.
    const QFileInfoList files = QDir(folder()).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time);
    for (qsizetype i = keep; i < files.size(); ++i) {
        QFile f(files.at(i).filePath());
        if (f.size() > kMaxSessionBytes || !f.open(QIODevice::ReadOnly))
            continue;
        const bool closed = f.read(kMaxSessionBytes).contains("\"closed\": true");
        f.close();
        if (closed)
            f.remove();
    }
}

std::optional<Session> SessionStore::unfinished(QString *path)
{
    const QDir dir(folder());
    const QFileInfoList files = dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time);
    const QDateTime recent = QDateTime::currentDateTimeUtc().addDays(-14);
    for (const QFileInfo &f : files) {
        if (f.lastModified() < recent)
            break; // older than two weeks: not worth resuming, and the list is newest first
        {
            // A cheap look first: most files are closed sessions.
            QFile peek(f.filePath());
            if (f.size() > kMaxSessionBytes || !peek.open(QIODevice::ReadOnly) || !peek.read(kMaxSessionBytes).contains("\"closed\": false"))
                continue;
        }
        QString error;
        const std::optional<QJsonObject> o = readObject(f.filePath(), &error);
        if (!o || o->value(QStringLiteral("closed")).toBool(true) || isLive(f.completeBaseName()))
            continue;
        std::optional<Session> s = Session::fromJson(*o, &error);
        if (!s)
            continue;
        if (path)
            *path = f.filePath();
        return s;
    }
    return std::nullopt;
}

bool SessionStore::close(const QString &sessionId, QString *error)
{
    const std::optional<Session> s = read(pathFor(sessionId), error);
    return s && save(*s, true, error);
}

} // namespace triage
