#include "NodeMarkdown.h"

#include "checks/CommandRecognizer.h"
#include "markdown/MarkdownEscape.h"

#include <QCoreApplication>

namespace triage::nodemarkdown {

QString symptoms(const Guide &guide, const GuideNode &issue, const QString &heading)
{
    QStringList items;
    for (const GuideNode *child : guide.children(issue.id)) {
        if (child->kind == NodeKind::Symptom)
            items.append(QStringLiteral("- ") + markdown::codeSpan(child->title));
    }
    if (items.isEmpty())
        return {};
    return heading + QStringLiteral("\n\n") + items.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
}

QString outline(const Guide &guide, const GuideNode &issue, const QString &heading)
{
    // A long procedure's map stays a screenful: its first steps say where to start.
    static constexpr int kMaxItems = 12;
    QStringList items;
    int more = 0;
    for (const GuideNode *child : guide.children(issue.id)) {
        if (child->kind == NodeKind::Symptom)
            continue;
        if (items.size() == kMaxItems) {
            ++more;
            continue;
        }
        items.append(QStringLiteral("- [%1](node:%2) \u00b7 %3").arg(markdown::escapedInline(child->title), child->id, nodeKindName(child->kind)));
    }
    if (items.isEmpty())
        return {};
    if (more > 0)
        items.append(QStringLiteral("- ") + QCoreApplication::translate("NodeMarkdown", "…and %n more", nullptr, more));
    return heading + QStringLiteral("\n\n") + items.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
}

QString nativeChecks(const GuideNode &node)
{
    if (node.checks.isEmpty())
        return {};
    QString md = QCoreApplication::translate("NodeMarkdown", "**Runs natively:**") + QStringLiteral("\n\n");
    for (const CheckSpec &c : node.checks)
        md += QStringLiteral("- ") + markdown::codeSpan(c.summary()) + QLatin1Char('\n');
    return md + QLatin1Char('\n');
}

namespace {
// Whether a line of `text` is the command, after a prompt and before a comment.
bool showsOnALine(QStringView text, const QString &command)
{
    for (QStringView line : text.tokenize(QLatin1Char('\n'))) {
        line = line.trimmed();
        line = line.sliced(CommandRecognizer::promptLength(line)).trimmed();
        if (line == command)
            return true;
        if (line.startsWith(command) && line.size() > command.size() && line.at(command.size()).isSpace()
            && line.sliced(command.size()).trimmed().startsWith(QLatin1Char('#')))
            return true;
    }
    return false;
}
} // namespace

QString commandsToCopy(const GuideNode &node, QStringView shownBody)
{
    QStringList commands;
    for (const QString &command : node.commands) {
        if (shownBody.isEmpty() || !showsOnALine(shownBody, command))
            commands.append(command);
    }
    if (commands.isEmpty())
        return {};
    // One block each, so that the guided view's Copy link under it copies that command alone:
    // "start the service" and "follow its log" are two things to paste.
    QString md = QCoreApplication::translate("NodeMarkdown", "**Commands to copy** (shown, never run):") + QStringLiteral("\n\n");
    for (const QString &command : std::as_const(commands))
        md += markdown::codeBlock(command) + QStringLiteral("\n\n");
    return md;
}

} // namespace triage::nodemarkdown
