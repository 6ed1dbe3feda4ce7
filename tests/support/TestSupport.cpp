#include "TestSupport.h"

#include "guide/GuideImporter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace triage::test {

QString sourceDir()
{
    return QStringLiteral(TRIAGE_SOURCE_DIR);
}

QString guidesDir()
{
    return sourceDir() + QStringLiteral("/guides");
}

QString triageExecutable()
{
    return QStringLiteral(TRIAGE_BINARY_DIR) + QStringLiteral("/triage");
}

QString seedsDir()
{
    const QString fromEnv = qEnvironmentVariable("TRIAGE_SEEDS_DIR");
    const QString dir = fromEnv.isEmpty() ? QDir::cleanPath(sourceDir() + QStringLiteral("/../shared/seeds")) : fromEnv;
    return QFileInfo(dir).isDir() ? dir : QString();
}

QString seedFile(const QString &prefix)
{
    const QString dir = seedsDir();
    if (dir.isEmpty())
        return {};
    const QStringList names = QDir(dir).entryList({prefix + QStringLiteral("_*")}, QDir::Files, QDir::Name);
    return names.isEmpty() ? QString() : QDir(dir).filePath(names.first());
}

GuideFiles::GuideFiles() = default;

QString GuideFiles::write(const QString &name, const QByteArray &text)
{
    const QString file = path(name);
    QDir().mkpath(QFileInfo(file).path());
    QFile f(file);
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return file;
}

QString GuideFiles::path(const QString &name) const
{
    return m_dir.filePath(name);
}

Guide importText(const QByteArray &text, const QString &name)
{
    return GuideImporter::importBytes(name, text);
}

QList<const GuideNode *> childrenOfKind(const Guide &guide, const QString &nodeId, NodeKind kind)
{
    QList<const GuideNode *> result;
    for (const GuideNode *n : guide.children(nodeId)) {
        if (n->kind == kind)
            result.append(n);
    }
    return result;
}

const GuideNode *findNode(const Guide &guide, NodeKind kind, const QString &text)
{
    for (const GuideNode &n : guide.nodes) {
        if (n.kind == kind && n.title.contains(text, Qt::CaseInsensitive))
            return &n;
    }
    return nullptr;
}

QString bodyOf(const Guide &guide, NodeKind kind, const QString &title)
{
    for (const GuideNode &n : guide.nodes) {
        if (n.kind == kind && n.title == title)
            return guide.body(n);
    }
    return QStringLiteral("(no %1 %2)").arg(nodeKindName(kind), title);
}

} // namespace triage::test
