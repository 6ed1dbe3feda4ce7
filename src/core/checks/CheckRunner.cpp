#include "CheckRunner.h"

#include "CheckCatalog.h"
#include "CheckProbe.h"

#include <QTimer>

namespace triage {

CheckRunner::CheckRunner(ProbeRegistry registry, CheckContext context, QObject *parent)
    : QObject(parent)
    , m_registry(std::move(registry))
    , m_context(std::move(context))
{
    qRegisterMetaType<triage::CheckResult>();
}

CheckRunner::~CheckRunner()
{
    for (const QPointer<CheckProbe> &probe : std::as_const(m_probes)) {
        if (probe) {
            probe->disconnect(this);
            probe->cancel();
        }
    }
}

void CheckRunner::start(const QList<CheckJob> &jobs)
{
    if (m_running)
        cancel();
    m_jobs = jobs;
    m_results = QList<CheckResult>(jobs.size());
    m_done = QList<bool>(jobs.size(), false);
    m_probes = QList<QPointer<CheckProbe>>(jobs.size());
    m_next = 0;
    m_finishedCount = 0;
    m_running = true;
    emit progress(0, int(jobs.size()));
    if (jobs.isEmpty()) {
        m_running = false;
        emit finished();
        return;
    }
    launchMore();
}

void CheckRunner::launchMore()
{
    // Starting a probe costs a socket, a request or a libpq connection. Probes start from a
    // zero timer, a few per turn of the event loop, so that hundreds of checks (or a burst of
    // results, each freeing a slot) never hold the loop for a frame.
    if (!m_launchScheduled && m_running && m_next < m_jobs.size()) {
        m_launchScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_launchScheduled = false;
            launchSome();
        });
    }
}

void CheckRunner::launchSome()
{
    int inFlight = 0;
    for (int i = 0; i < m_next; ++i)
        inFlight += (!m_done.at(i)) ? 1 : 0;
    int startedNow = 0;
    while (m_running && m_next < m_jobs.size() && inFlight < m_concurrency && startedNow < kStartsPerTurn) {
        ++startedNow;
        const int index = m_next++;
        const CheckSpec spec = effectiveSpec(index);
        emit jobStarted(index);
        if (m_overrides.apply(m_jobs.at(index).spec).params != m_jobs.at(index).spec.params) {
            // An override can break a spec the guide wrote correctly (`--set http.timeout=-1`).
            const QList<CheckCatalog::Problem> problems = CheckCatalog::validate(spec);
            if (!problems.isEmpty()) {
                CheckResult r = CheckResult::make(CheckOutcome::InvalidSpec,
                                                  QStringLiteral("%1: after --set, %2").arg(spec.summary(), problems.first().message));
                r.target = spec.summary();
                record(index, r);
                continue;
            }
        }
        CheckProbe *probe = m_registry.create(spec, m_context, this);
        if (!probe) {
            CheckResult r = CheckResult::make(CheckOutcome::InvalidSpec,
                                              QStringLiteral("%1: this version of Triage cannot run `%2` checks yet")
                                                  .arg(spec.summary(), spec.type));
            r.status = CheckStatus::Skipped;
            r.target = spec.summary();
            record(index, r);
            continue;
        }
        m_probes[index] = probe;
        connect(probe, &CheckProbe::finished, this, [this, index, probe](const CheckResult &result) {
            probe->deleteLater();
            record(index, result);
            launchMore();
        });
        ++inFlight;
        probe->start();
    }
    if (inFlight < m_concurrency)
        launchMore();
}

void CheckRunner::record(int index, const CheckResult &result)
{
    if (m_done.at(index))
        return;
    m_done[index] = true;
    m_results[index] = result;
    ++m_finishedCount;
    emit jobFinished(index, result);
    emit progress(m_finishedCount, int(m_jobs.size()));
    if (m_finishedCount == m_jobs.size() && m_running) {
        m_running = false;
        emit finished();
    }
}

void CheckRunner::cancel()
{
    if (!m_running)
        return;
    // Queued jobs first, so that a probe finishing below does not launch another.
    const int queuedFrom = m_next;
    m_next = int(m_jobs.size());
    for (int i = queuedFrom; i < m_jobs.size(); ++i) {
        CheckResult r = CheckResult::make(CheckOutcome::Cancelled, QStringLiteral("%1: cancelled before it started").arg(m_jobs.at(i).spec.summary()));
        r.target = effectiveSpec(i).summary();
        record(i, r);
    }
    for (int i = 0; i < queuedFrom; ++i) {
        if (m_probes.at(i) && !m_done.at(i))
            m_probes.at(i)->cancel();
    }
}

} // namespace triage
