#pragma once

#include "checks/CheckRunner.h"
#include "metrics/MetricHistory.h"
#include "metrics/MetricRecord.h"

#include <QTimer>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
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

    // One drawn line.
    struct Line {
        QString label;
        QString nodeId;
        QList<MetricPoint> points;
    };

signals:
    void pollRequested(const QList<triage::CheckJob> &jobs);
    void exported(const QString &path, const QString &error);

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
    bool m_paused = false;
    QComboBox *m_metric = nullptr;
    QPushButton *m_watchButton = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QLabel *m_watchText = nullptr;
    QComboBox *m_range = nullptr;
    QChartView *m_view = nullptr;
    QString m_storePath;
    QString m_wantedMetric; // chosen by the user (or a test), kept while a read is on its way
    int m_fetchGeneration = 0;
    bool m_fetching = false;
    bool m_fetchAgain = false;
};

} // namespace triage
