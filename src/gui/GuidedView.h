#pragma once

#include "checks/CheckResult.h"
#include "guide/Guide.h"
#include "session/Session.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QHBoxLayout;

namespace triage {

class NodeView;

// Guided mode: one step of a guide at a time. The step's Markdown is rendered (code blocks
// with a Copy link); a question offers its answers as buttons; a check has a Run button and
// shows its result inline, then highlights the branch the result picks so that Next takes it; a
// solution asks "Did this fix it?" (Yes records the verdict, No goes to the next solution and,
// after the last, to escalation). Back, Forward, Restart and a breadcrumb of the path taken
// move around; every move is recorded in a Session, which the window autosaves and exports.
//
// Runs nothing itself: it asks the window to run a step's checks (runRequested) and is told the
// results (showResult). GUI thread only; the guide it shows must outlive it or be replaced.
class GuidedView : public QWidget {
    Q_OBJECT
public:
    explicit GuidedView(QWidget *parent = nullptr);

    // Starts a new session on `guide` at `nodeId` (the guide's root when empty).
    void start(const Guide *guide, int guideIndex, const QString &nodeId = QString());
    // A link led from this session into another guide: the session says so, and the new one
    // (started next) says where it came from.
    void continueIn(const Guide *guide, int guideIndex, const QString &nodeId);
    // Continues a saved session on its guide.
    void resume(const Guide *guide, int guideIndex, const Session &session);
    // Moves to a node of the current guide, as a jump (the tree, the map, a search result).
    void goTo(const QString &nodeId);
    void setEnvironment(const QString &name, bool production);
    // Offers, in a bar above the step, to continue a session that did not close (a crash).
    // The window resumes it (resumeAccepted) on the guide it finds for it then.
    void offerResume(const Session &session);
    // Empties the view (the library it showed is gone).
    void clear();
    bool isOfferingResume() const;
    void acceptResume();

    // A check of `nodeId` finished; `next` is where its result leads (ReverseTriage::nextNode).
    void showResult(const QString &nodeId, const CheckSpec &spec, const CheckResult &result, const QString &next);
    void setRunning(bool running);

    const Session &session() const { return m_session; }
    int guideIndex() const { return m_guideIndex; }
    const Guide *guide() const { return m_guide; }
    QString currentNode() const;
    // Where Next goes from here, and whether a check result chose it. For tests.
    QString nextTarget() const { return m_next; }
    bool nextIsBranch() const { return m_nextIsBranch; }

    // The buttons a user presses, by what they do. For tests and keyboard shortcuts.
    void next();
    void back();
    void forward();
    void restart();
    // False when the step has no check to run (or one is running).
    bool run();
    void answer(int index);
    void fixed(bool yes);

signals:
    void runRequested(int guideIndex, const QString &nodeId);
    void nodeShown(int guideIndex, const QString &nodeId);
    // A link or branch into another guide file: "app-startup.md#issue-…".
    void guideLinkActivated(const QString &link);
    void sessionChanged();
    void exportRequested();
    void resumeDeclined(const QString &sessionId);
    void resumeAccepted(const triage::Session &session);
    // The session shown until now is being replaced (another guide, Restart, Resume).
    void sessionEnding(const triage::Session &session);

private:
    void show();
    void rebuildActions();
    void showBreadcrumb();
    QString bodyMarkdown(const GuideNode &node) const;
    void follow(const QString &target, const QString &how);
    void linkActivated(const QUrl &url);

    const Guide *m_guide = nullptr;
    int m_guideIndex = -1;
    Session m_session;
    QString m_next;
    bool m_nextIsBranch = false;
    QString m_nextReason;
    bool m_running = false;
    QStringList m_codeBlocks; // what each Copy link copies

    QWidget *m_resumeBar = nullptr;
    QLabel *m_resumeText = nullptr;
    Session m_resumeSession;
    QLabel *m_breadcrumb = nullptr;
    QLabel *m_kind = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_location = nullptr;
    NodeView *m_body = nullptr;
    QLabel *m_result = nullptr;
    QLabel *m_verdict = nullptr;
    QWidget *m_actions = nullptr;
    QHBoxLayout *m_actionLayout = nullptr;
    QList<QPushButton *> m_answerButtons;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_yesButton = nullptr;
    QPushButton *m_noButton = nullptr;
    QPushButton *m_backButton = nullptr;
    QPushButton *m_forwardButton = nullptr;
    QPushButton *m_restartButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QPushButton *m_nextButton = nullptr;
};

} // namespace triage
