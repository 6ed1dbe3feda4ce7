#pragma once

#include "guide/Guide.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace triage::test {

QString sourceDir();
QString guidesDir();
// The triage executable built alongside the tests.
QString triageExecutable();
// ../shared/seeds next to the checkout, or $TRIAGE_SEEDS_DIR; empty when absent.
QString seedsDir();
// The seed file whose name starts with `prefix` ("003"), or empty.
QString seedFile(const QString &prefix);

// Writes `text` to `name` inside a fresh temporary folder kept alive by the returned object.
class GuideFiles {
public:
    GuideFiles();
    QString write(const QString &name, const QByteArray &text);
    QString path(const QString &name) const;
    QString dir() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

// Imports Markdown written in a test, as if it were the file `name`.
Guide importText(const QByteArray &text, const QString &name = QStringLiteral("guide.md"));

// Nodes of a kind under an issue (by Contains edges), in document order.
QList<const GuideNode *> childrenOfKind(const Guide &guide, const QString &nodeId, NodeKind kind);
// The first node whose title contains `text`, or nullptr.
const GuideNode *findNode(const Guide &guide, NodeKind kind, const QString &text);
// The body of the node of a kind titled exactly `title`, or "(no <kind> <title>)", so that a
// missing node fails the comparison with its name in the message.
QString bodyOf(const Guide &guide, NodeKind kind, const QString &title);

} // namespace triage::test
