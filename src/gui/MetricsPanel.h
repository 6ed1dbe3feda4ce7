#pragma once

#include "checks/CheckRunner.h"
#include "metrics/MetricHistory.h"
#include "metrics/MetricRecord.h"
#include "metrics/PrometheusClient.h"
#include "profiles/ConnectionProfile.h"

#include <functional>

#include <QTimer>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace triage {

// The metrics dock: live line charts (Qt Charts) of the figures checks report, one metric at
// a time (latency of every check, Redis hit rate and memory, PostgreSQL query values, CPU and
// memory, Prometheus samples…), with the thresholds the guide states drawn as dashed lines.
// "Watch" adds the current step's checks to a list run again every interval, until paused.
// The chart exports to PNG and the figures to CSV, written on a worker.
//
// The range chooser shows either this session's figures (kept in memory) or the kept history
// of the last hour, day, week or month, read from the metric store on a worker and decimated
// to the chart's width, so a month of samples draws as fast as a minute.
//
// It runs nothing itself: it asks (pollRequested) and is told every result (addResult), and
// when the store has new figures (historyChanged). GUI thread only.
//
// The source chooser adds the Prometheus servers of the environments' profiles: the panel then
// asks the chosen one for a PromQL expression over the range (Prometheus is the store; nothing
// is copied) and charts every series it returns, one line per instance.
class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MetricsPanel(QWidget *parent = nullptr);

    void addResult(const CheckJob &job, const CheckResult &result);
    // The checks the Watch button would add: the guided step's, set by the window.
    void setCandidates(const QList<CheckJob> &jobs, const QString &stepTitle);
    void watch(const QList<CheckJob> &jobs);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void setIntervalSeconds(int seconds);
    const QList<CheckJob> &watched() const { return m_watched; }
    const MetricHistory &history() const { return m_history; }
    QString currentMetric() const;
    void showMetric(const QString &metric);
    // The chart's line series for the current metric: name → point count; thresholds start "limit". For tests.
    QHash<QString, int> plotted() const;

    void exportPng(const QString &path);
    void exportCsv(const QString &path);

    // The history file; none: only this session's figures.
    void setStorePath(const QString &path);
    // Range choices: 0 this session, then the last hour, day, week and month.
    enum class Range { Session, Hour, Day, Week, Month };
    void setRange(Range range);
    Range range() const;
    // The store has new figures: a history chart redraws.
    void historyChanged();

    // Prometheus servers to offer, from the environments' prometheus profiles.
    struct PrometheusSource {
        QString environment;
        ConnectionProfile profile;
        QString label() const { return environment + QLatin1Char('/') + profile.name; }
    };
    void setPrometheusSources(const QList<PrometheusSource> &sources);
    // How the panel gets a source's credential (the window reads the keychain).
    using AuthResolver = std::function<void(const PrometheusSource &, std::function<void(const PrometheusAuth &, const QString &)>)>;
    void setAuthResolver(AuthResolver resolver) { m_authResolver = std::move(resolver); }
    // Chooses a source by its label ("prod/prom"); empty: this computer's checks.
    void setSource(const QString &label);
    QString source() const;
    // Asks the chosen Prometheus server for `promql` over the range and charts the answer.
    void queryPrometheus(const QString &promql);
    // The last answer's outcome and message, for the status line and tests.
    QString prometheusStatus() const { return m_promStatus; }

    // One drawn line.
    struct Line {
        QString label;
        QString nodeId;
        QList<MetricPoint> points;
    };

signals:
    void pollRequested(const QList<triage::CheckJob> &jobs);
    void exported(const QString &path, const QString &error);
    // A Prometheus answer (or its failure) has been drawn.
    void prometheusAnswered(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void replot();
    void fetchHistory();
    void draw(const QList<Line> &lines, const QList<MetricHistory::Threshold> &limits, qint64 from, qint64 to, const QString &title);
    void setMetricChoices(const QStringList &names);
    void updateWatchText();
    int plotWidth() const;

    MetricHistory m_history;
    QList<CheckJob> m_watched;
    QList<CheckJob> m_candidates;
    QTimer m_poll;
    QTimer m_replot;
    QTimer m_historyRefresh;
    bool m_paused = false;
    QComboBox *m_metric = nullptr;
    QPushButton *m_watchButton = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QLabel *m_watchText = nullptr;
    QComboBox *m_range = nullptr;
    QChartView *m_view = nullptr;
    QString m_storePath;
    QComboBox *m_source = nullptr;
    QWidget *m_promBar = nullptr;
    QLineEdit *m_promql = nullptr;
    QList<PrometheusSource> m_promSources;
    AuthResolver m_authResolver;
    PrometheusClient *m_promClient = nullptr;
    int m_promQuery = 0;
    QString m_promStatus;
    QString m_wantedMetric; // chosen by the user (or a test), kept while a read is on its way
    int m_fetchGeneration = 0;
    bool m_fetching = false;
    bool m_fetchAgain = false;
};

} // namespace triage
