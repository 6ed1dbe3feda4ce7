#include "MetricsPanel.h"

#include "Look.h"

#include "metrics/MetricDecimator.h"
#include "metrics/MetricExport.h"
#include "metrics/MetricStore.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace triage {

namespace {

QString metricTitle(const QString &metric)
{
    if (metric == QLatin1String("latency_ms"))
        return MetricsPanel::tr("Latency (ms)");
    if (metric == QLatin1String("hit_rate"))
        return MetricsPanel::tr("Redis hit rate");
    if (metric == QLatin1String("used_memory"))
        return MetricsPanel::tr("Redis used memory (bytes)");
    if (metric == QLatin1String("cpu"))
        return MetricsPanel::tr("CPU (fraction busy)");
    if (metric == QLatin1String("memory"))
        return MetricsPanel::tr("Memory (fraction used)");
    if (metric == QLatin1String("value"))
        return MetricsPanel::tr("Query or sample value");
    return metric;
}

QString writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return QString();
}

} // namespace

MetricsPanel::MetricsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("sourceCombo"));
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_source->addItem(tr("Checks on this computer"), QString());
    m_source->setToolTip(tr("Chart what checks measured here, or ask a Prometheus server of an environment"));
    m_source->setVisible(false); // until an environment has a Prometheus profile
    bar->addWidget(m_source);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("rangeCombo"));
    m_range->addItems({tr("This session"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days")});
    m_range->setToolTip(tr("This session's figures, or the history kept on this computer"));
    bar->addWidget(m_range);
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("metricCombo"));
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metric->setPlaceholderText(tr("No figures yet"));
    bar->addWidget(m_metric);
    m_watchButton = new QPushButton(tr("Watch this step"), this);
    m_watchButton->setObjectName(QStringLiteral("watchButton"));
    m_watchButton->setEnabled(false);
    bar->addWidget(m_watchButton);
    auto *every = new QLabel(tr("every"), this);
    bar->addWidget(every);
    m_interval = new QSpinBox(this);
    m_interval->setObjectName(QStringLiteral("pollInterval"));
    m_interval->setRange(1, 3600);
    m_interval->setValue(5);
    m_interval->setSuffix(tr(" s"));
    every->setBuddy(m_interval);
    bar->addWidget(m_interval);
    m_pauseButton = new QPushButton(tr("Pause"), this);
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    bar->addWidget(m_pauseButton);
    bar->addStretch(1);
    auto *png = new QPushButton(tr("PNG\u2026"), this);
    png->setToolTip(tr("Save the chart as a PNG image"));
    auto *csv = new QPushButton(tr("CSV\u2026"), this);
    csv->setToolTip(tr("Save the figures of this metric as CSV"));
    auto *clear = new QPushButton(tr("Stop watching"), this);
    bar->addWidget(png);
    bar->addWidget(csv);
    bar->addWidget(clear);
    layout->addLayout(bar);
    m_promBar = new QWidget(this);
    auto *promLayout = new QHBoxLayout(m_promBar);
    promLayout->setContentsMargins(0, 0, 0, 0);
    m_promql = new QLineEdit(m_promBar);
    m_promql->setObjectName(QStringLiteral("promqlEdit"));
    m_promql->setPlaceholderText(tr("PromQL, e.g. rate(http_requests_total[5m]) or pg_stat_activity_count"));
    m_promql->setClearButtonEnabled(true);
    auto *ask = new QPushButton(tr("Query"), m_promBar);
    ask->setObjectName(QStringLiteral("promqlRun"));
    promLayout->addWidget(m_promql, 1);
    promLayout->addWidget(ask);
    m_promBar->setVisible(false);
    layout->addWidget(m_promBar);
    connect(ask, &QPushButton::clicked, this, [this] { queryPrometheus(m_promql->text()); });
    connect(m_promql, &QLineEdit::returnPressed, this, [this] { queryPrometheus(m_promql->text()); });
    m_watchText = new QLabel(this);
    m_watchText->setWordWrap(true);
    layout->addWidget(m_watchText);

    m_view = new QChartView(new QChart, this);
    m_view->setObjectName(QStringLiteral("metricsChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(150); // room for both axes and a few lines
    m_view->chart()->legend()->setAlignment(Qt::AlignRight);
    m_view->chart()->setMargins(QMargins(2, 2, 2, 2));
    m_view->chart()->layout()->setContentsMargins(0, 0, 0, 0);
    m_view->chart()->setBackgroundRoundness(0);
    layout->addWidget(m_view, 1);

    m_poll.setInterval(5000);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (!m_paused && !m_watched.isEmpty())
            emit pollRequested(m_watched);
    });
    m_historyRefresh.setSingleShot(true);
    connect(&m_historyRefresh, &QTimer::timeout, this, &MetricsPanel::replot);
    m_replot.setSingleShot(true);
    m_replot.setInterval(150);
    connect(&m_replot, &QTimer::timeout, this, &MetricsPanel::replot);
    connect(m_metric, &QComboBox::activated, this, [this] { m_wantedMetric = currentMetric(); });
    connect(m_metric, &QComboBox::currentTextChanged, this, [this] { replot(); });
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        if (!source().isEmpty())
            queryPrometheus(m_promql->text());
        else
            replot();
    });
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        const bool prometheus = !source().isEmpty();
        m_promBar->setVisible(prometheus);
        m_metric->setVisible(!prometheus);
        m_promStatus.clear();
        updateWatchText();
        delete m_promClient; // a new server, a new client; what the old one was asked is dropped
        m_promClient = nullptr;
        if (prometheus && !m_promql->text().trimmed().isEmpty())
            queryPrometheus(m_promql->text());
        else if (prometheus)
            draw({}, {}, 0, 0, tr("Type a PromQL expression above and press Enter"));
        else
            replot();
    });
    connect(m_watchButton, &QPushButton::clicked, this, [this] { watch(m_watched + m_candidates); });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int s) { m_poll.setInterval(s * 1000); });
    connect(m_pauseButton, &QPushButton::toggled, this, &MetricsPanel::setPaused);
    connect(clear, &QPushButton::clicked, this, [this] { watch({}); });
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), QStringLiteral("triage-%1.png").arg(currentMetric()), tr("PNG image (*.png)"));
        if (!path.isEmpty())
            exportPng(path);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save figures"), QStringLiteral("triage-%1.csv").arg(currentMetric()), tr("CSV (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    updateWatchText();
    replot();
}

void MetricsPanel::addResult(const CheckJob &job, const CheckResult &result)
{
    const QStringList added = m_history.add(job.nodeId, job.title, job.spec, result);
    if (added.isEmpty() || range() != Range::Session)
        return; // a history chart redraws when the store has the figures (historyChanged)
    if (m_metric->count() != m_history.metrics().size() || added.contains(currentMetric()))
        m_replot.start();
}

void MetricsPanel::setCandidates(const QList<CheckJob> &jobs, const QString &stepTitle)
{
    m_candidates = jobs;
    // A step that states a PromQL question offers it to the Prometheus source, not yet asked.
    for (const CheckJob &j : jobs) {
        const QString query = j.spec.param(QStringLiteral("query"));
        if (j.spec.type == QLatin1String("prometheus") && !query.isEmpty() && m_promql->text().trimmed().isEmpty()) {
            m_promql->setText(query);
            break;
        }
    }
    m_watchButton->setEnabled(!jobs.isEmpty());
    m_watchButton->setToolTip(jobs.isEmpty() ? tr("The step shown has no check to watch")
                                             : tr("Run the checks of \u201c%1\u201d again every interval and chart them").arg(stepTitle));
}

void MetricsPanel::watch(const QList<CheckJob> &jobs)
{
    m_watched.clear();
    for (const CheckJob &j : jobs) {
        bool seen = false;
        for (const CheckJob &w : std::as_const(m_watched))
            seen = seen || (w.nodeId == j.nodeId && w.guideId == j.guideId && w.spec.summary() == j.spec.summary());
        if (!seen)
            m_watched.append(j);
    }
    if (m_watched.isEmpty())
        m_poll.stop();
    else if (!m_poll.isActive())
        m_poll.start();
    if (!m_watched.isEmpty() && !m_paused)
        emit pollRequested(m_watched); // a first point now, not after a whole interval
    updateWatchText();
}

void MetricsPanel::setPaused(bool paused)
{
    m_paused = paused;
    if (m_pauseButton->isChecked() != paused)
        m_pauseButton->setChecked(paused);
    m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    updateWatchText();
}

void MetricsPanel::setIntervalSeconds(int seconds)
{
    m_interval->setValue(seconds);
}

void MetricsPanel::updateWatchText()
{
    if (!source().isEmpty()) {
        // Prometheus mode: the line says what the server answered.
        m_watchText->setText(m_promStatus.isEmpty() ? tr("Ask %1 with a PromQL expression; the range sets the time span").arg(source()) : m_promStatus);
        return;
    }
    if (m_watched.isEmpty()) {
        m_watchText->setText(tr("Figures from every check run appear here. \u201cWatch this step\u201d runs a step's checks again every few seconds."));
        return;
    }
    QStringList titles;
    for (const CheckJob &j : std::as_const(m_watched))
        titles.append(j.title);
    titles.removeDuplicates();
    m_watchText->setText((m_paused ? tr("Paused: %1 (%2)") : tr("Watching every %2 s: %1"))
                             .arg(titles.join(QStringLiteral(", ")))
                             .arg(m_paused ? tr("%n check(s)", nullptr, int(m_watched.size())) : QString::number(m_interval->value())));
}

QString MetricsPanel::currentMetric() const
{
    return m_metric->currentData().toString();
}

void MetricsPanel::showMetric(const QString &metric)
{
    // Kept when the metric is not offered yet: a history read may still be on its way.
    m_wantedMetric = metric;
    const int i = m_metric->findData(metric);
    if (i >= 0)
        m_metric->setCurrentIndex(i);
    else if (range() != Range::Session)
        m_replot.start();
}

namespace {

constexpr int kMaxLines = 10;

qint64 rangeMsecs(MetricsPanel::Range range)
{
    constexpr qint64 hour = 3600 * 1000;
    switch (range) {
    case MetricsPanel::Range::Session:
        return 0;
    case MetricsPanel::Range::Hour:
        return hour;
    case MetricsPanel::Range::Day:
        return 24 * hour;
    case MetricsPanel::Range::Week:
        return 7 * 24 * hour;
    case MetricsPanel::Range::Month:
        return 30 * 24 * hour;
    }
    return 0;
}

// What a worker read from the store for one chart.
struct StoredChart {
    QStringList metrics;          // every metric with figures in the range, most series first
    QString metric;               // the one drawn
    QList<MetricsPanel::Line> lines;
    int seriesCount = 0;
    QString error;                // the store could not be read (not: there is none yet)
};

StoredChart readStored(const QString &path, const QString &wanted, qint64 from, qint64 to, int width)
{
    StoredChart out;
    MetricStore store(path);
    QString error;
    if (!store.open(&error, true)) {
        if (QFileInfo::exists(path))
            out.error = error;
        return out;
    }
    const QList<MetricSeries> all = store.series(from, &error);
    QHash<QString, int> perMetric;
    for (const MetricSeries &s : all)
        perMetric[s.metric] += 1;
    out.metrics = perMetric.keys();
    std::sort(out.metrics.begin(), out.metrics.end(), [&](const QString &a, const QString &b) {
        return perMetric.value(a) != perMetric.value(b) ? perMetric.value(a) > perMetric.value(b) : a < b;
    });
    out.metric = perMetric.contains(wanted) || out.metrics.isEmpty() ? wanted : out.metrics.first();
    for (const MetricSeries &s : all) { // most recent first
        if (s.metric != out.metric)
            continue;
        if (++out.seriesCount > kMaxLines)
            continue;
        const QString label = s.environment.isEmpty() ? s.label : QStringLiteral("%1 [%2]").arg(s.label, s.environment);
        out.lines.append({label, s.node, store.chart(s.id, from, to, width, &error)});
    }
    if (!error.isEmpty())
        out.error = error;
    return out;
}

} // namespace

void MetricsPanel::setStorePath(const QString &path)
{
    m_storePath = path;
    if (range() != Range::Session)
        m_replot.start();
}

void MetricsPanel::setRange(Range range)
{
    m_range->setCurrentIndex(int(range));
}

MetricsPanel::Range MetricsPanel::range() const
{
    return Range(std::max(0, m_range->currentIndex()));
}

void MetricsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (range() != Range::Session && source().isEmpty())
        m_replot.start(); // what was written while the chart was hidden
}

void MetricsPanel::historyChanged()
{
    // A batch lands every second while anything is watched: an hour's chart follows closely,
    // longer ranges (whose pixels are minutes wide) every ten seconds, a hidden chart not at all.
    if (range() == Range::Session || !source().isEmpty() || !isVisible() || m_historyRefresh.isActive())
        return;
    m_historyRefresh.start(range() == Range::Hour ? 1000 : 10000);
}

int MetricsPanel::plotWidth() const
{
    const int plot = int(m_view->chart()->plotArea().width());
    return std::clamp(plot > 10 ? plot : m_view->width() - 80, 100, 4000);
}

void MetricsPanel::setMetricChoices(const QStringList &names)
{
    const QString current = currentMetric();
    QStringList shown;
    for (int i = 0; i < m_metric->count(); ++i)
        shown.append(m_metric->itemData(i).toString());
    if (shown == names)
        return;
    const QSignalBlocker block(m_metric);
    m_metric->clear();
    for (const QString &n : names)
        m_metric->addItem(metricTitle(n), n);
    const int wanted = m_metric->findData(m_wantedMetric);
    const int keep = m_metric->findData(current);
    m_metric->setCurrentIndex(wanted >= 0 ? wanted : keep >= 0 ? keep : (names.isEmpty() ? -1 : 0));
}

void MetricsPanel::replot()
{
    if (!source().isEmpty())
        return; // the chart shows Prometheus's answer until the source changes back
    if (range() != Range::Session) {
        fetchHistory();
        return;
    }
    setMetricChoices(m_history.metrics());
    const QString metric = currentMetric();
    if (metric.isEmpty()) {
        draw({}, {}, 0, 0, tr("No figures yet: run a check"));
        return;
    }
    // A chart of a few lines reads; one of two hundred does not. The latest few are drawn,
    // the rest are in the CSV.
    QList<const MetricHistory::Series *> all = m_history.seriesFor(metric);
    std::stable_sort(all.begin(), all.end(), [](const MetricHistory::Series *a, const MetricHistory::Series *b) {
        return (a->points.isEmpty() ? 0 : a->points.last().msecs) > (b->points.isEmpty() ? 0 : b->points.last().msecs);
    });
    QString title;
    if (all.size() > kMaxLines) {
        title = tr("The %1 checks measured last, of %2 (all of them in the CSV)").arg(kMaxLines).arg(all.size());
        all = all.mid(0, kMaxLines);
    }
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (const MetricHistory::Series *s : std::as_const(all)) {
        if (!s->points.isEmpty()) {
            first = std::min(first, s->points.first().msecs);
            last = std::max(last, s->points.last().msecs);
        }
    }
    QList<Line> lines;
    QList<MetricHistory::Threshold> limits;
    for (const MetricHistory::Series *s : std::as_const(all)) {
        QList<MetricPoint> points;
        points.reserve(s->points.size());
        for (const MetricHistory::Point &p : s->points)
            points.append({p.msecs, p.value});
        lines.append({s->label, s->nodeId, MetricDecimator::decimate(points, first, last + 1, plotWidth())});
        limits += s->thresholds;
    }
    draw(lines, limits, first, last, title);
}

void MetricsPanel::fetchHistory()
{
    if (m_storePath.isEmpty()) {
        draw({}, {}, 0, 0, tr("No history is kept in this window"));
        return;
    }
    if (m_fetching) {
        m_fetchAgain = true; // one read at a time; the newest request wins
        return;
    }
    m_fetching = true;
    const int generation = ++m_fetchGeneration;
    const qint64 to = QDateTime::currentMSecsSinceEpoch();
    const qint64 from = to - rangeMsecs(range());
    auto *watcher = new QFutureWatcher<StoredChart>(this);
    connect(watcher, &QFutureWatcher<StoredChart>::finished, this, [this, watcher, generation, from, to] {
        watcher->deleteLater();
        m_fetching = false;
        const StoredChart chart = watcher->result();
        if (generation == m_fetchGeneration && range() != Range::Session && source().isEmpty()) {
            setMetricChoices(chart.metrics);
            // The guide's limits for the checks this session ran.
            QList<MetricHistory::Threshold> limits;
            for (const MetricHistory::Series *s : m_history.seriesFor(chart.metric)) {
                for (const Line &line : chart.lines) {
                    if (line.nodeId == s->nodeId)
                        limits += s->thresholds;
                }
            }
            QString title;
            if (!chart.error.isEmpty())
                title = tr("History unreadable: %1").arg(chart.error);
            else if (chart.metrics.isEmpty())
                title = tr("Nothing recorded in this time yet: run a check, or watch a step");
            else if (chart.seriesCount > kMaxLines)
                title = tr("The %1 checks measured last, of %2").arg(kMaxLines).arg(chart.seriesCount);
            draw(chart.lines, limits, from, to, title);
        }
        if (std::exchange(m_fetchAgain, false))
            fetchHistory();
    });
    watcher->setFuture(QtConcurrent::run(readStored, m_storePath, m_wantedMetric.isEmpty() ? currentMetric() : m_wantedMetric, from, to, plotWidth()));
}

void MetricsPanel::setPrometheusSources(const QList<PrometheusSource> &sources)
{
    m_promSources = sources;
    const QString chosen = source();
    const QSignalBlocker block(m_source);
    while (m_source->count() > 1)
        m_source->removeItem(1);
    for (const PrometheusSource &s : sources)
        m_source->addItem(tr("Prometheus: %1").arg(s.label()), s.label());
    m_source->setVisible(!sources.isEmpty());
    const int keep = m_source->findData(chosen);
    m_source->setCurrentIndex(keep >= 0 ? keep : 0);
    if (keep < 0 && !chosen.isEmpty()) {
        m_promBar->setVisible(false);
        m_metric->setVisible(true);
        replot();
    }
}

void MetricsPanel::setSource(const QString &label)
{
    const int i = m_source->findData(label);
    if (i >= 0)
        m_source->setCurrentIndex(i);
}

QString MetricsPanel::source() const
{
    return m_source->currentData().toString();
}

void MetricsPanel::queryPrometheus(const QString &promql)
{
    const QString label = source();
    const QString expression = promql.trimmed();
    if (label.isEmpty() || expression.isEmpty())
        return;
    if (m_promql->text() != promql)
        m_promql->setText(promql);
    const PrometheusSource *chosen = nullptr;
    for (const PrometheusSource &s : std::as_const(m_promSources)) {
        if (s.label() == label)
            chosen = &s;
    }
    if (!chosen)
        return;
    const qint64 to = QDateTime::currentMSecsSinceEpoch();
    const qint64 from = to - std::max<qint64>(rangeMsecs(range()), 3600 * 1000); // "this session" reads as the last hour
    const int width = plotWidth();
    m_promStatus = tr("Asking %1…").arg(chosen->profile.base);
    m_view->chart()->setTitle(m_promStatus);
    const int generation = ++m_fetchGeneration;
    auto ask = [this, label, expression, from, to, width, generation, base = chosen->profile.base](const PrometheusAuth &auth, const QString &error) {
        if (generation != m_fetchGeneration || source() != label)
            return; // the user moved on
        if (!error.isEmpty()) {
            m_promStatus = tr("The keychain did not give the credential for %1: %2").arg(label, error);
            updateWatchText();
            draw({}, {}, 0, 0, tr("No answer"));
            emit prometheusAnswered(false);
            return;
        }
        delete m_promClient;
        m_promClient = new PrometheusClient(QUrl(base), auth, this);
        connect(m_promClient, &PrometheusClient::finished, this, [this, from, to, width](int id, const PrometheusAnswer &answer) {
            if (id != m_promQuery)
                return;
            if (!answer.ok()) {
                m_promStatus = answer.message;
                updateWatchText();
                draw({}, {}, 0, 0, tr("No answer"));
                emit prometheusAnswered(false);
                return;
            }
            QList<Line> lines;
            for (const PrometheusSeries &s : answer.series) {
                if (lines.size() == kMaxLines)
                    break;
                QList<MetricPoint> finite;
                finite.reserve(s.points.size());
                for (const MetricPoint &p : s.points) {
                    if (std::isfinite(p.value))
                        finite.append(p);
                }
                lines.append({s.displayName(), QString(), MetricDecimator::decimate(finite, from, to, width)});
            }
            m_promStatus = answer.series.size() > kMaxLines ? tr("%1 (the first %2 drawn)").arg(answer.message).arg(kMaxLines) : answer.message;
            for (const QString &w : answer.warnings)
                m_promStatus += QStringLiteral(" \u2014 ") + w;
            updateWatchText();
            draw(lines, {}, from, to, answer.series.isEmpty() ? tr("Nothing matched") : QString());
            emit prometheusAnswered(true);
        });
        // About one point per pixel: Prometheus does the reducing, across the whole fleet.
        m_promQuery = m_promClient->queryRange(expression, from, to, std::max<qint64>(1000, (to - from) / std::max(1, width)));
    };
    if (m_authResolver)
        m_authResolver(*chosen, ask);
    else
        ask({}, QString());
}

void MetricsPanel::draw(const QList<Line> &lines, const QList<MetricHistory::Threshold> &limits, qint64 from, qint64 to, const QString &title)
{
    QChart *chart = m_view->chart();
    look::clearChart(chart);
    // The metric's name is in the chooser above; the chart keeps its height for the lines.
    chart->setTitle(title);
    if (lines.isEmpty())
        return;
    auto *x = new QDateTimeAxis;
    const qint64 span = to - from;
    x->setFormat(span > 2LL * 24 * 3600 * 1000 ? QStringLiteral("MMM d HH:mm") : span > 3600 * 1000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
    x->setTickCount(5);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.4g")); // short labels: the chart is often only a few lines tall
    y->setTickCount(std::clamp(int(m_view->height() / 40), 3, 6));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    for (const Line &l : lines) {
        auto *line = new QLineSeries;
        line->setName(l.label);
        QList<QPointF> points;
        points.reserve(l.points.size());
        for (const MetricPoint &p : l.points) {
            points.append(QPointF(double(p.msecs), p.value));
            low = std::min(low, p.value);
            high = std::max(high, p.value);
        }
        line->replace(points); // one update, not one per point
        line->setPointsVisible(l.points.size() < 40);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    if (from >= to) {
        from -= 5000;
        to += 5000;
    }
    QHash<QString, double> byLabel;
    for (const MetricHistory::Threshold &t : limits)
        byLabel.insert(t.label, t.value);
    for (auto it = byLabel.cbegin(); it != byLabel.cend(); ++it) {
        auto *line = new QLineSeries;
        line->setName(tr("limit: %1").arg(it.key()));
        line->append(double(from), it.value());
        line->append(double(to), it.value());
        QPen pen(QColor(0xc6, 0x28, 0x28), 1.5, Qt::DashLine);
        line->setPen(pen);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        low = std::min(low, it.value());
        high = std::max(high, it.value());
    }
    if (low > high) {
        low = 0;
        high = 1;
    }
    x->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(to));
    const double pad = high > low ? (high - low) * 0.1 : std::max(1.0, std::abs(high) * 0.1);
    y->setRange(low >= 0 ? std::max(0.0, low - pad) : low - pad, high + pad);
    y->applyNiceNumbers();
}

QHash<QString, int> MetricsPanel::plotted() const
{
    QHash<QString, int> out;
    for (QAbstractSeries *s : m_view->chart()->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(s))
            out.insert(line->name(), int(line->count()));
    }
    return out;
}

void MetricsPanel::exportPng(const QString &path)
{
    replot();
    const QImage image = m_view->grab().toImage();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        emit exported(path, watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([image, path] { return image.save(path, "PNG") ? QString() : QStringLiteral("%1: cannot write the image").arg(path); }));
}

void MetricsPanel::exportCsv(const QString &path)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        emit exported(path, watcher->result());
        watcher->deleteLater();
    });
    if (range() == Range::Session || m_storePath.isEmpty()) {
        const QByteArray bytes = m_history.csv(currentMetric()).toUtf8();
        watcher->setFuture(QtConcurrent::run([bytes, path] { return writeFile(path, bytes); }));
        return;
    }
    // The history of the range shown, as `triage metrics export` writes it, for this metric.
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - rangeMsecs(range());
    watcher->setFuture(QtConcurrent::run([store = m_storePath, metric = currentMetric(), since, path] {
        MetricStore history(store);
        QString error;
        if (!history.open(&error, true))
            return error;
        QList<MetricExportRow> rows = history.exportRows(since, &error);
        if (!error.isEmpty())
            return error;
        rows.removeIf([&](const MetricExportRow &r) { return r.metric != metric; });
        return writeFile(path, MetricExport::csv(rows));
    }));
}

} // namespace triage
