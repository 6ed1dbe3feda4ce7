#include "DashboardSampler.h"

#include "MetricRecorder.h"
#include "checks/CheckRunner.h"

#include <QDateTime>

namespace triage {

DashboardSampler::DashboardSampler(ServiceDashboard dashboard, ProbeRegistry registry, CheckContext context, CheckOverrides overrides,
                                   QObject *parent)
    : QObject(parent)
    , m_dashboard(std::move(dashboard))
    , m_registry(std::move(registry))
    , m_context(std::move(context))
    , m_overrides(std::move(overrides))
{
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &DashboardSampler::round);
}

DashboardSampler::~DashboardSampler()
{
    if (m_runner) {
        m_runner->disconnect(this); // a cancelled round is not a failure to report
        m_runner->cancel();
    }
}

void DashboardSampler::setInterval(int msecs)
{
    m_timer.setInterval(std::max(250, msecs));
}

void DashboardSampler::setRecorder(MetricRecorder *recorder, const QString &environment, const QString &profile)
{
    m_recorder = recorder;
    m_environment = environment;
    m_profile = profile;
}

void DashboardSampler::start()
{
    if (m_timer.isActive())
        return;
    m_timer.start();
    round(); // a first round now, not after a whole interval
}

void DashboardSampler::stop()
{
    m_timer.stop();
    if (m_runner) {
        m_runner->disconnect(this); // stopping is not a failure to report
        m_runner->cancel();
    }
}

void DashboardSampler::round()
{
    if (m_runner && m_runner->isRunning())
        return;
    if (m_runner)
        m_runner->deleteLater();
    QList<CheckJob> jobs;
    for (const CheckSpec &spec : std::as_const(m_dashboard.checks))
        jobs.append({QStringLiteral("dashboard"), m_environment + QLatin1Char('/') + m_profile, m_dashboard.title, spec});
    m_runner = new CheckRunner(m_registry, m_context, this);
    m_runner->setOverrides(m_overrides);
    CheckRunner *runner = m_runner;
    connect(runner, &CheckRunner::finished, this, [this, runner] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QHash<QString, double> raw;
        QStringList problems;
        const QList<CheckResult> &results = runner->results();
        const bool http = m_dashboard.type == QLatin1String("http");
        for (int i = 0; i < results.size(); ++i) {
            const CheckResult &r = results.at(i);
            // A dashboard's checks state no conditions: anything but a pass (a refused login is
            // a fail: the server answered) means the figures could not be read. Except an
            // endpoint that answers 503: that is a status to chart.
            const bool answered = r.status == CheckStatus::Pass || (http && r.outcome == CheckOutcome::HttpError);
            if (!answered) {
                problems.append(r.message);
                continue;
            }
            for (auto it = r.metrics.cbegin(); it != r.metrics.cend(); ++it) {
                bool ok = false;
                const double v = it.value().toDouble(&ok);
                if (ok && it.value().typeId() != QMetaType::QString && it.value().typeId() != QMetaType::Bool)
                    raw.insert(m_dashboard.figureFor(i, it.key()), v);
            }
        }
        if (!problems.isEmpty()) {
            // The counters start over once the service answers again: no rate across a gap.
            m_previous.clear();
            emit failed(problems.join(QLatin1Char('\n')));
            return;
        }
        const QHash<QString, double> figures = m_dashboard.derive(m_previous, m_previousMsecs, raw, now);
        m_previous = raw;
        m_previousMsecs = now;
        ++m_rounds;
        for (auto it = figures.cbegin(); it != figures.cend(); ++it) {
            QList<MetricPoint> &points = m_points[it.key()];
            points.append({now, it.value()});
            if (points.size() > kCapacity)
                points.remove(0, points.size() - kCapacity);
        }
        if (m_recorder) {
            CheckResult kept = CheckResult::make(CheckOutcome::Ok, m_dashboard.title);
            for (auto it = figures.cbegin(); it != figures.cend(); ++it)
                kept.metrics.insert(it.key(), it.value());
            m_recorder->record({QStringLiteral("dashboard"), m_environment + QLatin1Char('/') + m_profile, m_dashboard.title, {}}, kept,
                               m_environment, QDateTime::fromMSecsSinceEpoch(now, Qt::UTC));
        }
        emit sampled(figures, now);
    });
    runner->start(jobs);
}

} // namespace triage
