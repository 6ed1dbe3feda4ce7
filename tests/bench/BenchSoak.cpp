// Soak: monitor mode's work, headless. 50 checks every second (http and tcp, against a server
// that goes down and comes back every 5 s, and one that stays up), one round at a time as the
// window's watch runs them, every result into the metric store through the recorder, for
// TRIAGE_SOAK_SECONDS (default 600, the ten minutes; tests/run runs 60).
//
// It prints the resident size and the open file descriptors after the first 10 s and at the
// end, the rounds run and skipped, and how many of the results and samples handed to the
// recorder the store holds afterwards. Figures only; it never fails (machines are shared).
#include "TestServers.h"
#include "checks/CheckRunner.h"
#include "metrics/MetricRecorder.h"
#include "metrics/MetricStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <malloc.h>

#include <cstdio>

using namespace triage;
using namespace triage::test;

namespace {

qint64 residentKiB()
{
    malloc_trim(0); // what is live, not what the allocator keeps
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    return statm.readAll().split(' ').value(1).toLongLong() * 4;
}

int openFiles()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

CheckJob job(int i, const QString &type, const QString &target)
{
    CheckJob j;
    j.guideId = QStringLiteral("soak");
    j.nodeId = QStringLiteral("check-%1").arg(i);
    j.title = QStringLiteral("Check %1").arg(i);
    j.spec.type = type;
    j.spec.params.insert(QStringLiteral("timeout"), 800);
    if (type == QLatin1String("http"))
        j.spec.params.insert(QStringLiteral("url"), target);
    else {
        j.spec.params.insert(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        j.spec.params.insert(QStringLiteral("port"), target.toInt());
    }
    return j;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int seconds = qEnvironmentVariableIntValue("TRIAGE_SOAK_SECONDS") > 0 ? qEnvironmentVariableIntValue("TRIAGE_SOAK_SECONDS") : 600;
    QTemporaryDir dir;

    // The flapping server: an HTTP responder that stops listening and comes back on the same
    // port every 5 s. And one that stays up.
    HttpResponder flapping;
    flapping.respond(QStringLiteral("/health"), 200, "{\"status\":\"ok\"}");
    const quint16 flappingPort = flapping.serverPort();
    HttpResponder steady;
    steady.respond(QStringLiteral("/health"), 200, "{\"status\":\"ok\"}");
    QTimer flap;
    int downFlips = 0;
    QObject::connect(&flap, &QTimer::timeout, &flapping, [&] {
        if (flapping.isListening()) {
            flapping.close();
            ++downFlips;
        } else {
            flapping.listen(QHostAddress::LocalHost, flappingPort);
        }
    });
    flap.start(5000);

    QList<CheckJob> jobs;
    for (int i = 0; i < 50; ++i) {
        switch (i % 4) {
        case 0: jobs.append(job(i, QStringLiteral("http"), QStringLiteral("http://127.0.0.1:%1/health").arg(flappingPort))); break;
        case 1: jobs.append(job(i, QStringLiteral("tcp"), QString::number(flappingPort))); break;
        case 2: jobs.append(job(i, QStringLiteral("http"), steady.url(QStringLiteral("/health")))); break;
        default: jobs.append(job(i, QStringLiteral("tcp"), QString::number(steady.serverPort()))); break;
        }
    }

    const QString storePath = dir.filePath(QStringLiteral("metrics.sqlite"));
    auto recorder = std::make_unique<MetricRecorder>(storePath);
    qint64 resultsQueued = 0, samplesQueued = 0, writeFailures = 0;
    QObject::connect(recorder.get(), &MetricRecorder::failed, recorder.get(), [&](const QString &) { ++writeFailures; });
    const ProbeRegistry registry = ProbeRegistry::withCoreProbes();
    CheckRunner *runner = nullptr;
    int rounds = 0, skipped = 0;
    qint64 passed = 0, failed = 0;
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        // One round at a time, as the window's watch does: a round still running is not doubled.
        if (runner && runner->isRunning()) {
            ++skipped;
            return;
        }
        if (runner)
            runner->deleteLater();
        runner = new CheckRunner(registry, CheckContext(), &app);
        runner->setConcurrency(50);
        QObject::connect(runner, &CheckRunner::jobFinished, runner, [&, r = runner](int row, const CheckResult &result) {
            const CheckJob &j = r->jobs().at(row);
            recorder->record(j, result, QString());
            ++resultsQueued;
            samplesQueued += MetricRecorder::samplesOf(j, result, QString(), 0).size();
            (result.passed() ? passed : failed)++;
        });
        ++rounds;
        runner->start(jobs);
    });
    tick.start(1000);

    qint64 rssStart = 0;
    int fdStart = 0;
    QTimer::singleShot(10000, &app, [&] {
        rssStart = residentKiB();
        fdStart = openFiles();
    });
    // A reading a minute, so that a plateau and a slope look different.
    QStringList trend;
    QTimer minute;
    QObject::connect(&minute, &QTimer::timeout, &app, [&] { trend << QStringLiteral("%1/%2").arg(residentKiB() / 1024.0, 0, 'f', 1).arg(openFiles()); });
    minute.start(60000);
    QTimer::singleShot(seconds * 1000, &app, [&] {
        tick.stop();
        flap.stop();
        if (runner && runner->isRunning()) {
            QObject::connect(runner, &CheckRunner::finished, &app, &QCoreApplication::quit);
            return;
        }
        app.quit();
    });
    app.exec();
    const qint64 rssEnd = residentKiB();
    const int fdEnd = openFiles();
    const QString writeError = recorder->finish();
    recorder.reset();

    MetricStore store(storePath);
    QString error;
    qint64 resultsStored = -1, samplesStored = -1;
    if (store.open(&error, true)) {
        resultsStored = store.results(started - 1000, &error).size();
        samplesStored = 0;
        for (const MetricExportRow &row : store.exportRows(started - 1000, &error))
            samplesStored += row.count;
    }
    std::printf("soak        %d s, 50 checks a round, a round a second: %d rounds (%d skipped while one ran); "
                "the flapping server went down %d times\n",
                seconds, rounds, skipped, downFlips);
    std::printf("            %lld results (%lld passed, %lld failed); store: %lld of %lld results and %lld of %lld samples kept "
                "(%lld lost)%s%s\n",
                qlonglong(resultsQueued), qlonglong(passed), qlonglong(failed), qlonglong(resultsStored), qlonglong(resultsQueued),
                qlonglong(samplesStored), qlonglong(samplesQueued), qlonglong(resultsQueued - resultsStored),
                writeError.isEmpty() ? "" : "; last write error: ", qPrintable(writeError + error));
    std::printf("            resident %.1f MB after 10 s, %.1f MB at the end (%+.1f MB); open files %d after 10 s, %d at the end (%+d)\n",
                rssStart / 1024.0, rssEnd / 1024.0, (rssEnd - rssStart) / 1024.0, fdStart, fdEnd, fdEnd - fdStart);
    if (!trend.isEmpty())
        std::printf("            each minute, MB/open files: %s\n", qPrintable(trend.join(QLatin1Char(' '))));
    return 0;
}
