#include "DashboardView.h"

#include "Look.h"

#include "metrics/DashboardSampler.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSpinBox>
#include <QValueAxis>

#include <algorithm>
#include <limits>

namespace triage {

namespace {

QString figureName(const QString &figure)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("sessions"), DashboardView::tr("all")},
        {QStringLiteral("sessions_active"), DashboardView::tr("active")},
        {QStringLiteral("sessions_idle"), DashboardView::tr("idle")},
        {QStringLiteral("sessions_idle_in_transaction"), DashboardView::tr("in tx")},
        {QStringLiteral("max_connections"), DashboardView::tr("max")},
        {QStringLiteral("tps"), DashboardView::tr("transactions/s")},
        {QStringLiteral("cache_hit_ratio"), DashboardView::tr("cache hit ratio")},
        {QStringLiteral("longest_query_s"), DashboardView::tr("longest query (s)")},
        {QStringLiteral("locks_waiting"), DashboardView::tr("locks waiting")},
        {QStringLiteral("ops_per_sec"), DashboardView::tr("commands/s")},
        {QStringLiteral("hit_rate_interval"), DashboardView::tr("hit rate")},
        {QStringLiteral("used_memory"), DashboardView::tr("used memory")},
        {QStringLiteral("maxmemory"), DashboardView::tr("limit")},
        {QStringLiteral("connected_clients"), DashboardView::tr("clients")},
        {QStringLiteral("evictions_per_sec"), DashboardView::tr("evictions/s")},
        {QStringLiteral("latency_ms"), DashboardView::tr("latency (ms)")},
        {QStringLiteral("status"), DashboardView::tr("HTTP status")},
    };
    // An HTTP endpoint's lines are named by its path.
    for (const char *suffix : {" latency_ms", " status"}) {
        if (figure.endsWith(QLatin1String(suffix)))
            return figure.chopped(int(qstrlen(suffix)));
    }
    return names.value(figure, figure);
}

constexpr qint64 kWindow = 10 * 60 * 1000; // the charts show the last ten minutes

} // namespace

DashboardView::DashboardView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("Service:"), this);
    m_profiles = new QComboBox(this);
    m_profiles->setObjectName(QStringLiteral("dashboardProfile"));
    m_profiles->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_profiles->setPlaceholderText(tr("No PostgreSQL, Redis or HTTP profile yet"));
    label->setBuddy(m_profiles);
    auto *every = new QLabel(tr("every"), this);
    m_interval = new QSpinBox(this);
    m_interval->setObjectName(QStringLiteral("dashboardInterval"));
    m_interval->setRange(1, 600);
    m_interval->setValue(2);
    m_interval->setSuffix(tr(" s"));
    every->setBuddy(m_interval);
    m_startButton = new QPushButton(tr("Start"), this);
    m_startButton->setObjectName(QStringLiteral("dashboardStart"));
    m_startButton->setEnabled(false);
    bar->addWidget(label);
    bar->addWidget(m_profiles);
    bar->addWidget(every);
    bar->addWidget(m_interval);
    bar->addWidget(m_startButton);
    bar->addStretch(1);
    layout->addLayout(bar);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_grid = new QWidget(this);
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(4);
    layout->addWidget(m_grid, 1);
    m_placeholder = new QLabel(tr("Add a PostgreSQL, Redis or HTTP profile to an environment (Connections\u2026), choose it above and press "
                                  "Start: its figures are charted here as they come, and kept in the history."),
                               this);
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_gridLayout->addWidget(m_placeholder, 0, 0);

    connect(m_startButton, &QPushButton::clicked, this, [this] { isRunning() || m_starting ? stop() : start(); });
    connect(m_profiles, &QComboBox::currentIndexChanged, this, [this] {
        stop();
        const auto it = m_choices.constFind(chosen());
        if (it == m_choices.cend())
            return;
        if (const std::optional<ServiceDashboard> d = ServiceDashboard::forProfile(it->second))
            buildPanels(*d);
        setStatus(tr("Press Start to follow %1").arg(chosen()));
    });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int s) {
        if (m_sampler)
            m_sampler->setInterval(s * 1000);
    });
}

DashboardView::~DashboardView() = default;

void DashboardView::setEnvironments(const QList<Environment> &environments)
{
    const QString was = chosen();
    m_choices.clear();
    const QSignalBlocker block(m_profiles);
    m_profiles->clear();
    for (const Environment &e : environments) {
        for (const ConnectionProfile &p : e.profiles) {
            if (!ServiceDashboard::types().contains(p.type))
                continue;
            const QString reference = e.name + QLatin1Char('/') + p.name;
            m_choices.insert(reference, {e.name, p});
            m_profiles->addItem(QStringLiteral("%1 \u2014 %2").arg(reference, p.display()), reference);
        }
    }
    m_startButton->setEnabled(m_profiles->count() > 0);
    const int keep = m_profiles->findData(was);
    m_profiles->setCurrentIndex(keep >= 0 ? keep : (m_profiles->count() ? 0 : -1));
    if (keep < 0) {
        // The profile followed is gone (or changed name): stop asking it.
        stop();
        if (m_profiles->count() > 0) {
            if (const std::optional<ServiceDashboard> d = ServiceDashboard::forProfile(m_choices.value(chosen()).second))
                buildPanels(*d);
        }
    } else if (isRunning() && m_choices.value(was).second.toJson() != m_sampler->property("profile").toJsonObject()) {
        stop(); // the same name, but edited (another host or port): start again to follow it
        setStatus(tr("%1 changed; press Start to follow it again").arg(was));
    }
}

void DashboardView::choose(const QString &reference)
{
    const int i = m_profiles->findData(reference);
    if (i >= 0)
        m_profiles->setCurrentIndex(i);
}

QString DashboardView::chosen() const
{
    return m_profiles->currentData().toString();
}

bool DashboardView::isRunning() const
{
    return m_sampler && m_sampler->isRunning();
}

void DashboardView::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #c62828;") : QString());
}

QString DashboardView::status() const
{
    return m_status->text();
}

void DashboardView::start()
{
    const auto it = m_choices.constFind(chosen());
    if (it == m_choices.cend() || !m_starter)
        return;
    stop();
    const int attempt = ++m_attempt;
    m_starting = true;
    const QString reference = chosen();
    m_startButton->setText(tr("Stop"));
    setStatus(tr("Reading %1's credential from the keychain\u2026").arg(reference));
    m_starter(it->first, it->second, [this, attempt, reference](DashboardSampler *sampler, const QString &error) {
        if (attempt != m_attempt || !m_starting || reference != chosen()) {
            delete sampler; // the user moved on (or stopped) while the keychain answered
            return;
        }
        m_starting = false;
        if (!sampler) {
            m_startButton->setText(tr("Start"));
            setStatus(error, true);
            return;
        }
        m_sampler = sampler;
        sampler->setParent(this);
        sampler->setProperty("profile", m_choices.value(reference).second.toJson());
        sampler->setInterval(m_interval->value() * 1000);
        buildPanels(sampler->dashboard());
        connect(sampler, &DashboardSampler::sampled, this, [this, reference](const QHash<QString, double> &figures) {
            QString text = tr("Following %1: %n round(s)", nullptr, m_sampler->rounds()).arg(reference);
            if (figures.value(QStringLiteral("sees_all_sessions"), 1) == 0)
                text += tr(" \u2014 this role sees only its own sessions: grant it pg_read_all_stats for the whole picture");
            setStatus(text);
            redraw();
            emit sampled();
        });
        connect(sampler, &DashboardSampler::failed, this, [this](const QString &message) { setStatus(message, true); });
        sampler->start();
        setStatus(tr("Asking %1\u2026").arg(reference));
    });
}

void DashboardView::stop()
{
    m_starting = false;
    if (m_sampler) {
        m_sampler->stop();
        m_sampler->deleteLater();
        m_sampler = nullptr;
    }
    m_startButton->setText(tr("Start"));
}

void DashboardView::buildPanels(const ServiceDashboard &dashboard)
{
    for (const auto &[panel, view] : std::as_const(m_panels))
        delete view;
    m_panels.clear();
    m_placeholder->hide();
    const int columns = dashboard.panels.size() > 4 ? 3 : 2;
    for (int i = 0; i < dashboard.panels.size(); ++i) {
        const ServiceDashboard::Panel &panel = dashboard.panels.at(i);
        auto *view = new QChartView(new QChart, m_grid);
        view->setObjectName(QStringLiteral("dashboardPanel%1").arg(i));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(220, 150);
        QChart *chart = view->chart();
        const QString unit = panel.unit == QLatin1String("bytes") ? tr("MB") : panel.unit;
        chart->setTitle(unit.isEmpty() ? panel.title : QStringLiteral("%1 (%2)").arg(panel.title, unit));
        chart->legend()->setVisible(panel.figures.size() > 1 || !panel.limit.isEmpty());
        chart->legend()->setAlignment(Qt::AlignBottom);
        QFont small = chart->legend()->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        chart->legend()->setFont(small);
        chart->setMargins(QMargins(2, 2, 2, 2));
        chart->layout()->setContentsMargins(0, 0, 0, 0);
        chart->setBackgroundRoundness(0);
        m_gridLayout->addWidget(view, i / columns, i % columns);
        m_panels.append({panel, view});
    }
    redraw();
}

void DashboardView::redraw()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &[panel, view] : std::as_const(m_panels)) {
        QChart *chart = view->chart();
        look::clearChart(chart);
        if (!m_sampler)
            continue;
        auto *x = new QDateTimeAxis;
        x->setFormat(QStringLiteral("HH:mm:ss"));
        x->setTickCount(3);
        auto *y = new QValueAxis;
        y->setLabelFormat(QStringLiteral("%.4g"));
        y->setTickCount(4);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        qint64 first = now;
        double low = 0; // figures here are counts and rates: the axis starts at zero
        double high = std::numeric_limits<double>::lowest();
        const double scale = panel.unit == QLatin1String("bytes") ? 1.0 / (1024 * 1024) : 1.0; // memory in MB
        QStringList drawn = panel.figures;
        if (!panel.limit.isEmpty())
            drawn.append(panel.limit);
        for (const QString &figure : std::as_const(drawn)) {
            const QList<MetricPoint> points = m_sampler->points(figure);
            if (points.isEmpty())
                continue;
            auto *line = new QLineSeries;
            line->setName(figureName(figure));
            QList<QPointF> xy;
            for (const MetricPoint &p : points) {
                if (p.msecs < now - kWindow)
                    continue;
                const double v = p.value * scale;
                xy.append(QPointF(double(p.msecs), v));
                first = std::min(first, p.msecs);
                low = std::min(low, v);
                high = std::max(high, v);
            }
            line->replace(xy);
            if (figure == panel.limit)
                line->setPen(QPen(QColor(0xc6, 0x28, 0x28), 1.5, Qt::DashLine));
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
        if (high < low)
            high = 1;
        // Half a minute at least, so that the first rounds do not stretch across the panel.
        x->setRange(QDateTime::fromMSecsSinceEpoch(std::min(first, now - 30'000)), QDateTime::fromMSecsSinceEpoch(now));
        const bool ratio = panel.figures.size() == 1
                           && (panel.figures.first() == QLatin1String("cache_hit_ratio") || panel.figures.first() == QLatin1String("hit_rate_interval"));
        if (ratio) {
            y->setRange(0, 1); // a share is read against the whole
            y->setTickCount(3);
        } else {
            y->setRange(low, high > low ? high * 1.1 : low + 1);
            y->applyNiceNumbers();
        }
    }
}

QHash<QString, int> DashboardView::plotted() const
{
    QHash<QString, int> out;
    for (const auto &[panel, view] : std::as_const(m_panels)) {
        const QList<QAbstractSeries *> series = view->chart()->series();
        out.insert(panel.title, series.isEmpty() ? 0 : int(static_cast<QLineSeries *>(series.first())->count()));
    }
    return out;
}

} // namespace triage
