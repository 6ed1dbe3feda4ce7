// Writes batches of 1,000 samples to the metric store named on the command line, without end,
// printing "committed N" (N samples in all) after each commit. TestMetricStore kills it at a
// random moment and checks what it left behind.

#include "metrics/MetricStore.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

using namespace triage;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: metric_store_writer PATH\n");
        return 2;
    }
    MetricStore store(QString::fromLocal8Bit(argv[1]));
    QString error;
    if (!store.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    qint64 written = 0;
    for (int batch = 0;; ++batch) {
        QList<MetricSample> samples;
        samples.reserve(1000);
        for (int i = 0; i < 1000; ++i) {
            const qint64 n = written + i;
            samples.append({QStringLiteral("crash"), QStringLiteral("node-%1").arg(n % 4), QStringLiteral("Check %1").arg(n % 4),
                            QStringLiteral("latency_ms"), QString(), start + n, double(n % 97)});
        }
        QList<CheckRecord> results{{start + written, QStringLiteral("crash"), QStringLiteral("node-0"), QStringLiteral("Check"),
                                    QStringLiteral("tcp"), QStringLiteral("127.0.0.1:1"), QString(), QStringLiteral("pass"),
                                    QStringLiteral("ok"), QStringLiteral("batch %1").arg(batch), 1.0}};
        if (!store.append(samples, results, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        written += 1000;
        std::printf("committed %lld\n", static_cast<long long>(written));
        std::fflush(stdout);
    }
}
