#pragma once

#include "CheckContext.h"
#include "CheckOverrides.h"
#include "CheckResult.h"
#include "CheckSpec.h"
#include "ProbeRegistry.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace triage {

class CheckProbe;

// One check to run: which guide node asked for it, and its spec as the guide wrote it.
struct CheckJob {
    QString guideId;
    QString nodeId;
    QString title;
    CheckSpec spec;
};

// Runs checks on the calling thread's event loop, at most `concurrency` at a time (8 by
// default), each with its own time limit. Reports each start and result, and progress, by
// signals; cancel() stops everything in flight and everything queued. Overrides (--set, and
// later profiles) are applied to each spec just before it runs.
//
// Lives on one thread (normally the GUI's: probes never block it). results() is complete after
// finished().
class CheckRunner : public QObject {
    Q_OBJECT
public:
    CheckRunner(ProbeRegistry registry, CheckContext context, QObject *parent = nullptr);
    ~CheckRunner() override;

    void setConcurrency(int n) { m_concurrency = std::max(1, n); }
    void setOverrides(const CheckOverrides &overrides) { m_overrides = overrides; }

    void start(const QList<CheckJob> &jobs);
    void cancel();
    bool isRunning() const { return m_running; }

    const QList<CheckJob> &jobs() const { return m_jobs; }
    const QList<CheckResult> &results() const { return m_results; }
    // The spec as it ran, overrides applied.
    CheckSpec effectiveSpec(int index) const { return m_overrides.apply(m_jobs.at(index).spec); }

signals:
    void jobStarted(int index);
    void jobFinished(int index, const triage::CheckResult &result);
    void progress(int done, int total);
    void finished();

private:
    void launchMore();
    void launchSome();
    void record(int index, const CheckResult &result);

    ProbeRegistry m_registry;
    CheckContext m_context;
    CheckOverrides m_overrides;
    int m_concurrency = 8;
    QList<CheckJob> m_jobs;
    QList<CheckResult> m_results;
    QList<bool> m_done;
    QList<QPointer<CheckProbe>> m_probes;
    int m_next = 0;
    int m_finishedCount = 0;
    bool m_running = false;
    bool m_launchScheduled = false;
    static constexpr int kStartsPerTurn = 8;
};

} // namespace triage
