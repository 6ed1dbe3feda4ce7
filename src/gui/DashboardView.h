#pragma once

#include "metrics/DashboardSampler.h"
#include "metrics/ServiceDashboard.h"
#include "profiles/ProfileStore.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QChartView;
class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;

namespace triage {

// The Dashboard tab: pick a PostgreSQL, Redis or HTTP profile of an environment, Start, and a
// grid of small charts follows it live (sessions against max_connections, transactions per
// second, hit rates, memory against its limit, …), every round also kept in the history.
//
// It runs nothing itself: the window makes the sampler (it holds the keychain and the probes)
// through the starter it is given. GUI thread only.
class DashboardView : public QWidget {
    Q_OBJECT
public:
    explicit DashboardView(QWidget *parent = nullptr);
    ~DashboardView() override;

    // Makes a sampler for a profile, asynchronously (the keychain is read first); calls back
    // with it, or with an error to show.
    using Starter = std::function<void(const QString &environment, const ConnectionProfile &profile,
                                       std::function<void(DashboardSampler *, const QString &error)>)>;
    void setStarter(Starter starter) { m_starter = std::move(starter); }
    void setEnvironments(const QList<Environment> &environments);

    // "env/profile" of the chosen profile; choosing one stops a running dashboard.
    void choose(const QString &reference);
    QString chosen() const;
    void start();
    void stop();
    bool isRunning() const;
    DashboardSampler *sampler() const { return m_sampler; }
    // Panel title → point count of its first line. For tests.
    QHash<QString, int> plotted() const;
    QString status() const;

signals:
    void sampled();

private:
    void buildPanels(const ServiceDashboard &dashboard);
    void redraw();
    void setStatus(const QString &text, bool problem = false);

    QComboBox *m_profiles = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_startButton = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_grid = nullptr;
    QGridLayout *m_gridLayout = nullptr;
    QLabel *m_placeholder = nullptr;
    QList<QPair<ServiceDashboard::Panel, QChartView *>> m_panels;
    QHash<QString, QPair<QString, ConnectionProfile>> m_choices; // reference → (environment, profile)
    QPointer<DashboardSampler> m_sampler;
    Starter m_starter;
    bool m_starting = false; // the keychain is being read for a Start
    int m_attempt = 0;       // counts Starts, so that a late answer to an old one is dropped
};

} // namespace triage
