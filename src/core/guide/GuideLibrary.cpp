#include "GuideLibrary.h"

#include "GuideImporter.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace triage {

namespace {
bool isGuideFile(const QString &name)
{
    return name.endsWith(QLatin1String(".md"), Qt::CaseInsensitive) || name.endsWith(QLatin1String(".markdown"), Qt::CaseInsensitive);
}
} // namespace

QStringList GuideLibrary::expandPaths(const QStringList &paths, QStringList *errors)
{
    QStringList files;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            if (errors)
                errors->append(QStringLiteral("%1: no such file or folder").arg(path));
            continue;
        }
        if (info.isFile()) {
            files.append(path);
            continue;
        }
        QStringList found;
        QDirIterator it(path, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (isGuideFile(file))
                found.append(file);
        }
        // A folder's index or README comes first: it is where a reader starts.
        std::sort(found.begin(), found.end(), [](const QString &a, const QString &b) {
            auto rank = [](const QString &f) {
                const QString name = QFileInfo(f).completeBaseName().toLower();
                return (name == QLatin1String("index") || name == QLatin1String("readme")) ? 0 : 1;
            };
            const QString dirA = QFileInfo(a).path(), dirB = QFileInfo(b).path();
            if (dirA != dirB)
                return dirA < dirB;
            if (rank(a) != rank(b))
                return rank(a) < rank(b);
            return a < b;
        });
        if (found.isEmpty() && errors)
            errors->append(QStringLiteral("%1: folder holds no .md guides").arg(path));
        files += found;
    }
    return files;
}

GuideLibrary GuideLibrary::load(const QStringList &files)
{
    GuideLibrary library;
    library.m_guides = QtConcurrent::blockingMapped<QList<Guide>>(files, [](const QString &file) {
        return GuideImporter::importFile(file);
    });
    return library;
}

bool GuideLibrary::documentsTheFormat(const QString &file)
{
    return QFileInfo(file).fileName() == QLatin1String("FORMAT.md");
}

GuideLibrary GuideLibrary::loadBundled()
{
    QStringList files = expandPaths({bundledLocation()}, nullptr);
    files.removeIf(&documentsTheFormat);
    return load(files);
}

} // namespace triage
