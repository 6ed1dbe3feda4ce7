#pragma once

#include "checks/CheckResult.h"
#include "checks/CheckSpec.h"
#include "guide/Guide.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace triage {

// One step of a guided session: the node the reader was on, how they got there, and what
// they did there (ran its check, answered, said whether a solution fixed it).
struct SessionStep {
    QString nodeId;
    QString title;
    QString kind;     // nodeKindName()
    QString location; // file:line in the guide
    QDateTime at;
    QString how;      // "start", "read on", "answer: Yes", "branch: connection_refused", "not fixed", "chosen"
    QString answer;   // a question's answer, or "fixed" / "not fixed" for a solution
    std::optional<CheckResult> result;
    QString check;    // the check as run, summarised and masked
};

// A check run during the session, in the order they ran, wherever the reader went after.
struct SessionRun {
    QString nodeId;
    QString title;
    QString check;
    CheckResult result;
    QDateTime at;
    QString next;        // the node the result pointed to, if any
    QString environment; // where it ran: the environment bound then, or empty (as the guide says)
    bool production = false;
};

// A troubleshooting session in guided mode: the path taken through one guide (with Back and
// Forward as in a browser: taking a new step after going back drops the steps ahead), the
// checks run, and the verdict. Saved as JSON for autosave, for resuming, and for
// `triage report`; the report is written from the session alone, without the guide.
//
// Everything it records is masked on the way in: check messages and summaries carry no
// registered secret and no credential a command line showed.
//
// Value type; not thread-safe, but may be copied to a worker to be saved.
class Session {
public:
    enum class Verdict { Open, Resolved, Escalated };

    QString id;          // a UUID, also the autosave file's name
    QString guidePath;
    QString guideId;
    QString guideTitle;
    QString environment; // the environment the next checks are bound to, or empty; each run keeps its own
    bool production = false;
    QDateTime started;
    QDateTime updated;
    Verdict verdict = Verdict::Open;
    QString verdictNode; // the solution that fixed it, or the last one tried
    QList<SessionStep> steps;
    int current = -1;
    QList<SessionRun> runs;
    QString continuedIn; // "app-startup.md: Environment variables are not loaded" when a link led on
    QString cameFrom;    // the guide a link came from, for a session that started there

    static Session begin(const Guide &guide, const QString &nodeId);

    bool isEmpty() const { return steps.isEmpty(); }
    const SessionStep *currentStep() const { return current >= 0 && current < steps.size() ? &steps.at(current) : nullptr; }
    // Moves to a node; the steps after the current one are dropped. A move to the node already
    // shown changes nothing and returns false.
    bool go(const Guide &guide, const QString &nodeId, const QString &how);
    bool canGoBack() const { return current > 0; }
    bool canGoForward() const { return current + 1 < steps.size(); }
    bool back();
    bool forward();
    // The path from the start to the current step.
    QList<SessionStep> path() const { return steps.mid(0, current + 1); }

    void recordResult(const QString &nodeId, const CheckSpec &spec, const CheckResult &result, const QString &next);
    void recordAnswer(const QString &answer);
    void resolve(const QString &solutionId);
    void escalate(const QString &lastSolutionId);
    void reopen();

    QJsonObject toJson() const;
    static std::optional<Session> fromJson(const QJsonObject &json, QString *error);

    static QString verdictName(Verdict verdict);
};

} // namespace triage
