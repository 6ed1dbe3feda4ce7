#pragma once

#include "CheckContext.h"
#include "CheckResult.h"
#include "CheckSpec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QThreadPool;

#include <functional>

namespace triage {

// One run of one check. start() begins it on the calling thread's event loop; it ends exactly
// once, with finished(), when the probe has an answer, when its time limit passes (outcome
// timeout) or when cancel() is called (outcome cancelled). Nothing in a probe blocks: sockets
// are Qt's non-blocking ones, libpq is driven by socket notifiers, file reads are bounded.
//
// Subclasses implement run() and, when they hold I/O, abort(). They end with finishAnswered()
// when the service answered (the spec's conditions then decide, if it has any) or finish()
// when it could not be asked.
//
// Owned by whoever created it (the runner deletes it after finished()). Lives on one thread.
class CheckProbe : public QObject {
    Q_OBJECT
public:
    CheckProbe(const CheckSpec &spec, const CheckContext &context, QObject *parent = nullptr);
    ~CheckProbe() override;

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    const CheckSpec &spec() const { return m_spec; }
    int timeoutMs() const { return m_timeoutMs; }
    // "tcp 127.0.0.1:5432", "http GET https://example.com/health", …
    virtual QString target() const = 0;

signals:
    void finished(const triage::CheckResult &result);

protected:
    virtual void run() = 0;
    // Stops any I/O in flight: called before a timeout or a cancel is reported.
    virtual void abort() {}
    // Something the timeout message should suggest, e.g. "is the server up? try `pg_isready`".
    virtual QString timeoutHint() const { return QString(); }

    void finish(CheckResult result);
    void finishAnswered(CheckResult result);
    // Runs `work` on the thread pool (file and /proc reads may block on a slow disk or mount)
    // and finishes with its result, through finishAnswered() when `answered` is set. A result
    // that arrives after a timeout or a cancel is dropped. `work` must not touch the probe.
    struct Work {
        CheckResult result;
        bool answered = true;
    };
    void runInPool(std::function<Work()> work);
    // Where runInPool work runs; also for other blocking calls (PQcancel).
    static QThreadPool *blockingPool();
    double elapsedMs() const { return m_clock.nsecsElapsed() / 1e6; }

    const CheckContext &context() const { return m_context; }
    QString param(const QString &name) const { return m_spec.param(name); }
    int intParam(const QString &name, int fallback) const;

private:
    CheckSpec m_spec;
    CheckContext m_context;
    int m_timeoutMs = 5000;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace triage
