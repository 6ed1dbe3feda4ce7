#include "MetricsPanel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

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
    m_watchText = new QLabel(this);
    m_watchText->setWordWrap(true);
    layout->addWidget(m_watchText);

    m_view = new QChartView(new QChart, this);
    m_view->setObjectName(QStringLiteral("metricsChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(90);
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
    m_replot.setSingleShot(true);
    m_replot.setInterval(150);
    connect(&m_replot, &QTimer::timeout, this, &MetricsPanel::replot);
    connect(m_metric, &QComboBox::currentTextChanged, this, [this] { replot(); });
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
    if (added.isEmpty())
        return;
    const QString current = currentMetric();
    const QStringList names = m_history.metrics();
    if (names.size() != m_metric->count()) {
        const QSignalBlocker block(m_metric);
        m_metric->clear();
        for (const QString &n : names)
            m_metric->addItem(metricTitle(n), n);
        const int keep = m_metric->findData(current);
        m_metric->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    if (added.contains(currentMetric()))
        m_replot.start();
}

void MetricsPanel::setCandidates(const QList<CheckJob> &jobs, const QString &stepTitle)
{
    m_candidates = jobs;
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
    const int i = m_metric->findData(metric);
    if (i >= 0)
        m_metric->setCurrentIndex(i);
}

void MetricsPanel::replot()
{
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    const QString metric = currentMetric();
    // The metric's name is in the chooser above; the chart keeps its height for the lines.
    chart->setTitle(metric.isEmpty() ? tr("No figures yet: run a check") : QString());
    if (metric.isEmpty())
        return;
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("HH:mm:ss"));
    x->setTickCount(5);
    auto *y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    QHash<QString, double> limits;
    // A chart of a few lines reads; one of two hundred does not. The latest few are drawn,
    // the rest are in the CSV.
    QList<const MetricHistory::Series *> all = m_history.seriesFor(metric);
    std::stable_sort(all.begin(), all.end(), [](const MetricHistory::Series *a, const MetricHistory::Series *b) {
        return (a->points.isEmpty() ? 0 : a->points.last().msecs) > (b->points.isEmpty() ? 0 : b->points.last().msecs);
    });
    constexpr int kMaxLines = 10;
    if (all.size() > kMaxLines) {
        chart->setTitle(tr("The %1 checks measured last, of %2 (all of them in the CSV)").arg(kMaxLines).arg(all.size()));
        all = all.mid(0, kMaxLines);
    }
    for (const MetricHistory::Series *s : std::as_const(all)) {
        auto *line = new QLineSeries;
        line->setName(s->label);
        for (const MetricHistory::Point &p : s->points) {
            line->append(double(p.msecs), p.value);
            first = std::min(first, p.msecs);
            last = std::max(last, p.msecs);
            low = std::min(low, p.value);
            high = std::max(high, p.value);
        }
        line->setPointsVisible(s->points.size() < 40);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        for (const MetricHistory::Threshold &t : s->thresholds)
            limits.insert(t.label, t.value);
    }
    if (first > last)
        return;
    if (first == last) {
        first -= 5000;
        last += 5000;
    }
    for (auto it = limits.cbegin(); it != limits.cend(); ++it) {
        auto *line = new QLineSeries;
        line->setName(tr("limit: %1").arg(it.key()));
        line->append(double(first), it.value());
        line->append(double(last), it.value());
        QPen pen(QColor(0xc6, 0x28, 0x28), 1.5, Qt::DashLine);
        line->setPen(pen);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        low = std::min(low, it.value());
        high = std::max(high, it.value());
    }
    x->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
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
    const QByteArray bytes = m_history.csv(currentMetric()).toUtf8();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        emit exported(path, watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([bytes, path] { return writeFile(path, bytes); }));
}

} // namespace triage
