#pragma once

#include "MetricRecord.h"
#include "ServiceDashboard.h"
#include "checks/CheckContext.h"
#include "checks/CheckOverrides.h"
#include "checks/ProbeRegistry.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace triage {

class CheckRunner;
class MetricRecorder;

// Polls a service dashboard's checks every interval, turns each round's metrics into the
// dashboard's figures (rates and interval ratios from counters), keeps the last rounds for
// the charts and hands each round to the history (when a recorder is set). One round at a
// time: a round still running when the next is due is not doubled. Nothing blocks: the checks
// run on the probes' own I/O.
//
// Lives on one thread (normally the GUI's).
class DashboardSampler : public QObject {
    Q_OBJECT
public:
    DashboardSampler(ServiceDashboard dashboard, ProbeRegistry registry, CheckContext context, CheckOverrides overrides = {},
                     QObject *parent = nullptr);
    ~DashboardSampler() override;

    const ServiceDashboard &dashboard() const { return m_dashboard; }
    void setInterval(int msecs);
    int interval() const { return m_timer.interval(); }
    // Rounds are kept in history as series of `guide` "dashboard", node "<environment>/<profile>".
    void setRecorder(MetricRecorder *recorder, const QString &environment, const QString &profile);
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    // The points of one figure, oldest first: the last `capacity` rounds.
    QList<MetricPoint> points(const QString &figure) const { return m_points.value(figure); }
    int rounds() const { return m_rounds; }
    static constexpr int kCapacity = 1800; // an hour at 2 s

signals:
    void sampled(const QHash<QString, double> &figures, qint64 msecs);
    // A round could not read the service: what failed, where, and what to try.
    void failed(const QString &message);

private:
    void round();

    ServiceDashboard m_dashboard;
    ProbeRegistry m_registry;
    CheckContext m_context;
    CheckOverrides m_overrides;
    QTimer m_timer;
    QPointer<CheckRunner> m_runner;
    QHash<QString, double> m_previous;
    qint64 m_previousMsecs = 0;
    QHash<QString, QList<MetricPoint>> m_points;
    int m_rounds = 0;
    QPointer<MetricRecorder> m_recorder;
    QString m_environment;
    QString m_profile;
};

} // namespace triage
