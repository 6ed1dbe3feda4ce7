// The metric history's figures, printed (never asserted: machines are shared and noisy):
//  - ingest: samples per second into the store, in the batches the recorder writes;
//  - query: reading and decimating 1 M stored samples for one chart (target < 50 ms), from
//    raw samples (a 3-hour chart, where every sample counts) and from minute buckets (a day);
//  - redraw: a 100 k-point series after decimation, against the same series drawn whole
//    (target < 16 ms);
//  - memory: 10 M stored samples, on disk and in this process's resident set.
// Usage: bench_metrics [--quick]  (--quick: 2 M samples instead of 10 M for the memory figure)

#include "metrics/MetricDecimator.h"
#include "metrics/MetricStore.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace triage;

namespace {

constexpr qint64 kHour = 3600 * 1000;

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

double value(qint64 i)
{
    return 50 + 30 * std::sin(double(i) / 5000.0) + double(i % 17) * 0.5 + (i % 100'003 == 0 ? 400 : 0);
}

// Writes `count` samples of one series ending at `end`, evenly spaced over `span`, in batches
// of 500 (the recorder's size). Returns samples per second.
double fill(MetricStore &store, const QString &node, qint64 count, qint64 end, qint64 span, int series = 1)
{
    QElapsedTimer clock;
    clock.start();
    QString error;
    QList<MetricSample> batch;
    batch.reserve(500);
    const qint64 step = std::max<qint64>(1, span / std::max<qint64>(1, count / series));
    for (qint64 i = 0; i < count; ++i) {
        const qint64 k = i / series;
        batch.append({QStringLiteral("bench"), node + QString::number(i % series), QStringLiteral("Bench check"), QStringLiteral("latency_ms"),
                      QString(), end - span + k * step, value(i)});
        if (batch.size() == 500 || i + 1 == count) {
            if (!store.append(batch, {}, &error)) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 0;
            }
            batch.clear();
        }
    }
    return count / (clock.nsecsElapsed() / 1e9);
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

qint64 peakKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

qint64 fileBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
}

double redrawMs(QChartView &view, const QList<QPointF> &points)
{
    auto *series = static_cast<QLineSeries *>(view.chart()->series().first());
    QList<double> times;
    for (int i = 0; i < 7; ++i) {
        QElapsedTimer clock;
        clock.start();
        series->replace(points);
        view.grab(); // lays out and paints the whole chart into a pixmap, as a repaint would
        times.append(clock.nsecsElapsed() / 1e6);
    }
    return median(times);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / kHour * kHour;

    // Ingest, and the 1 M samples the query figures read: one series over three hours.
    QString error;
    const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
    MetricStore store(path);
    if (!store.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double rate = fill(store, QStringLiteral("dense"), 1'000'000, now, 3 * kHour);
    std::printf("ingest      1,000,000 samples in batches of 500: %.0f samples/s\n", rate);
    {
        // The recorder's usual batch: a second of watching, a sample for each of 20 checks.
        MetricStore small(dir.filePath(QStringLiteral("small.sqlite")));
        if (!small.open(&error))
            return 1;
        QElapsedTimer clock;
        clock.start();
        constexpr int kBatches = 5000;
        for (int b = 0; b < kBatches; ++b) {
            QList<MetricSample> batch;
            for (int k = 0; k < 20; ++k)
                batch.append({QStringLiteral("bench"), QStringLiteral("check-%1").arg(k), QStringLiteral("Check"), QStringLiteral("latency_ms"),
                              QString(), now - 3 * kHour + b * 1000LL, value(b * 20 + k)});
            small.append(batch, {}, &error);
        }
        const double smallRate = kBatches * 20 / (clock.nsecsElapsed() / 1e9);
        const qint64 before = small.storedBytes();
        small.compact(now, MetricRetention(), &error);
        std::printf("ingest      %d batches of 20 samples (one per check): %.0f samples/s, %.0f commits/s; %.0f bytes a sample, %.0f once "
                    "compaction packs settled hours\n",
                    kBatches, smallRate, smallRate / 20, double(before) / (kBatches * 20), double(small.storedBytes()) / (kBatches * 20));
    }

    const qint64 id = store.series(0, &error).first().id;
    const int width = 1200;
    QList<double> raw;
    int points = 0;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer clock;
        clock.start();
        points = int(store.chart(id, now - 3 * kHour, now, width, &error).size());
        raw.append(clock.nsecsElapsed() / 1e6);
    }
    std::printf("query       1 M raw samples (3 h at %d px, every sample read): %.1f ms median -> %d points (target < 50 ms)\n", width,
                median(raw), points);

    // The same million as a day's chart once rolled into minute buckets.
    MetricStore dayStore(dir.filePath(QStringLiteral("day.sqlite")));
    if (!dayStore.open(&error))
        return 1;
    fill(dayStore, QStringLiteral("day"), 1'000'000, now - 10 * 60 * 1000, 24 * kHour);
    QElapsedTimer compactClock;
    compactClock.start();
    dayStore.compact(now, MetricRetention(), &error);
    const double compactMs = compactClock.nsecsElapsed() / 1e6;
    const qint64 dayId = dayStore.series(0, &error).first().id;
    QList<double> day;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer clock;
        clock.start();
        points = int(dayStore.chart(dayId, now - 24 * kHour, now, width, &error).size());
        day.append(clock.nsecsElapsed() / 1e6);
    }
    std::printf("query       1 M samples over 24 h at %d px, from minute buckets: %.1f ms median -> %d points (rolling them up took %.0f ms)\n",
                width, median(day), points, compactMs);

    // Redraw: 100 k points decimated to the chart's width, against the whole series.
    QList<MetricPoint> series;
    series.reserve(100'000);
    for (int i = 0; i < 100'000; ++i)
        series.append({now - 100'000 + i, value(i * 10)});
    QElapsedTimer decimateClock;
    decimateClock.start();
    const QList<MetricPoint> reduced = MetricDecimator::decimate(series, now - 100'000, now, width);
    const double decimateMs = decimateClock.nsecsElapsed() / 1e6;
    QList<QPointF> whole, shown;
    for (const MetricPoint &p : series)
        whole.append(QPointF(double(p.msecs), p.value));
    for (const MetricPoint &p : reduced)
        shown.append(QPointF(double(p.msecs), p.value));
    QChartView view;
    view.resize(width + 200, 400);
    auto *line = new QLineSeries;
    view.chart()->addSeries(line);
    view.chart()->createDefaultAxes();
    view.chart()->axes(Qt::Horizontal).first()->setRange(double(now - 100'000), double(now));
    view.chart()->axes(Qt::Vertical).first()->setRange(0, 500);
    view.setRenderHint(QPainter::Antialiasing);
    const double decimated = redrawMs(view, shown);
    const double full = redrawMs(view, whole);
    std::printf("redraw      100 k points decimated to %lld in %.1f ms, then drawn in %.1f ms; drawn whole %.1f ms (%.0fx) (target < 16 ms)\n",
                qlonglong(shown.size()), decimateMs, decimated, full, full / std::max(0.01, decimated));

    // Memory: 10 M samples in one store, four series.
    const qint64 many = quick ? 2'000'000 : 10'000'000;
    const QString bigPath = dir.filePath(QStringLiteral("big.sqlite"));
    MetricStore big(bigPath);
    if (!big.open(&error))
        return 1;
    const qint64 before = residentKiB();
    const double bigRate = fill(big, QStringLiteral("big"), many, now, 24 * kHour, 4);
    const qint64 bigId = big.series(0, &error).first().id;
    QElapsedTimer bigClock;
    bigClock.start();
    big.chart(bigId, now - 24 * kHour, now, width, &error);
    const double bigQuery = bigClock.nsecsElapsed() / 1e6;
    std::printf("memory      %lld M samples (4 series): %.0f MB on disk (%.1f bytes a sample), process resident %+.0f MB (peak %.0f MB); "
                "written at %.0f/s; a raw day chart of one series (%lld k samples) %.0f ms\n",
                qlonglong(many / 1'000'000), fileBytes(bigPath) / 1e6, double(fileBytes(bigPath)) / double(many),
                (residentKiB() - before) / 1024.0, peakKiB() / 1024.0, bigRate, qlonglong(many / 4 / 1000), bigQuery);
    return error.isEmpty() ? 0 : 1;
}
