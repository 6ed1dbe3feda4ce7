#include "FileProbe.h"

#include <QDir>
#include <QFileInfo>

namespace triage {

QString FileProbe::resolvePath(const QString &path, const QString &workingDirectory)
{
    QString p = path;
    if (p.startsWith(QLatin1String("~/")))
        p = QDir::homePath() + p.mid(1);
    if (QDir::isRelativePath(p))
        p = QDir(workingDirectory.isEmpty() ? QDir::currentPath() : workingDirectory).filePath(p);
    return QDir::cleanPath(p);
}

QString FileProbe::target() const
{
    return QStringLiteral("file %1").arg(param(QStringLiteral("path")));
}

void FileProbe::run()
{
    const QString path = param(QStringLiteral("path"));
    if (path.isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("file check needs `path:`")));
        return;
    }
    const QString resolved = resolvePath(path, context().workingDirectory);
    const QString kind = param(QStringLiteral("kind")).isEmpty() ? QStringLiteral("any") : param(QStringLiteral("kind"));
    const bool mustRead = param(QStringLiteral("readable")).toLower() != QLatin1String("false");
    runInPool([resolved, kind, mustRead]() -> Work { return {inspect(resolved, kind, mustRead)}; });
}

CheckResult FileProbe::inspect(const QString &resolved, const QString &kind, bool mustRead)
{
    const QFileInfo info(resolved);
    CheckResult r;
    r.values.insert(QStringLiteral("EXISTS"), info.exists());
    if (!info.exists()) {
        r = CheckResult::make(CheckOutcome::NotFound, QStringLiteral("%1 does not exist").arg(resolved), QStringLiteral("missing"));
        r.values.insert(QStringLiteral("EXISTS"), false);
        return r;
    }
    const QString type = info.isDir() ? QStringLiteral("dir") : QStringLiteral("file");
    r.values.insert(QStringLiteral("TYPE"), type);
    r.values.insert(QStringLiteral("SIZE"), info.isFile() ? info.size() : 0);
    CheckResult out;
    if (kind != QLatin1String("any") && kind != type) {
        out = CheckResult::make(CheckOutcome::ConditionFalse,
                                QStringLiteral("%1 is a %2, not a %3").arg(resolved, type == QLatin1String("dir") ? QStringLiteral("folder") : type,
                                                                          kind == QLatin1String("dir") ? QStringLiteral("folder") : kind),
                                QStringLiteral("wrong_type"));
    } else if (mustRead && !info.isReadable()) {
        out = CheckResult::make(CheckOutcome::ConditionFalse,
                                QStringLiteral("%1 exists but this user cannot read it; check its permissions").arg(resolved),
                                QStringLiteral("not_readable"));
    } else {
        out = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1 is a readable %2").arg(resolved, type == QLatin1String("dir") ? QStringLiteral("folder") : type));
    }
    out.values = r.values;
    out.values.insert(QStringLiteral("EXISTS"), true);
    return out;
}

} // namespace triage
