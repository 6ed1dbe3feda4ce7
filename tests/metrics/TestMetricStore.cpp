// The metric history store: schema and migrations, WAL, privacy, tiers and retention, charts
// that keep spikes, export, the recorder's writer thread, and a writer killed mid-write.

#include "metrics/MetricDecimator.h"
#include "metrics/MetricRecorder.h"
#include "metrics/MetricStore.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <limits>

using namespace triage;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
// A fixed "now" on a minute boundary, so that bucket edges are where the test expects them.
constexpr qint64 kNow = 1'790'000'000'000LL - (1'790'000'000'000LL % kHour);

MetricSample sample(const QString &node, qint64 msecs, double value, const QString &metric = QStringLiteral("latency_ms"))
{
    return {QStringLiteral("guide"), node, QStringLiteral("Check ") + node, metric, QStringLiteral("dev"), msecs, value};
}

// Runs SQL on a file outside the store, as another program (or an older Triage) would.
void rawSql(const QString &path, const QStringList &statements)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const QString &s : statements) {
            QSqlQuery q(db);
            QVERIFY2(q.exec(s), qPrintable(s));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

QByteArray filesOf(const QString &path)
{
    QByteArray all;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile f(path + suffix);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestMetricStore : public QObject {
    Q_OBJECT

private slots:
    void newStoreIsVersionedWalAndPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deep/folder/metrics.sqlite"));
        {
            MetricStore store(path);
            QString error;
            QVERIFY2(store.open(&error), qPrintable(error));
            QCOMPARE(store.versionFound(), 0);
            QCOMPARE(store.journalMode(), QStringLiteral("wal"));
            QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
            QVERIFY(store.append({sample(QStringLiteral("a"), kNow, 1)}, {}, &error));
        }
        // Nobody but the owner may read what checks measured: 0600 and 0700.
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                                                | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        for (const QString &file : {path, path + QStringLiteral("-wal"), QFileInfo(path).absolutePath()}) {
            if (QFile::exists(file))
                QVERIFY2(!(QFile::permissions(file) & others), qPrintable(file));
        }
        QVERIFY(QFile::permissions(path).testFlag(QFileDevice::ReadOwner));
        MetricStore again(path);
        QString error;
        QVERIFY2(again.open(&error), qPrintable(error));
        QCOMPARE(again.versionFound(), MetricStore::schemaVersion());
        QCOMPARE(again.counts().raw, 1);
    }

    void storeFromTheFirstSchemaIsUpgradedWithItsSamples()
    {
        // What Triage's first metric store wrote: a row per raw sample.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        QStringList v1{
            QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE series(id INTEGER PRIMARY KEY, guide TEXT NOT NULL, node TEXT NOT NULL, metric TEXT NOT NULL, "
                           "environment TEXT NOT NULL, label TEXT NOT NULL, UNIQUE(guide, node, metric, environment))"),
            QStringLiteral("CREATE TABLE samples(series INTEGER NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY(series, t)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE samples_1m(series INTEGER NOT NULL, t INTEGER NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, "
                           "total REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(series, t)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE samples_1h(series INTEGER NOT NULL, t INTEGER NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, "
                           "total REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(series, t)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE results(id INTEGER PRIMARY KEY, t INTEGER NOT NULL, guide TEXT NOT NULL, node TEXT NOT NULL, "
                           "title TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, environment TEXT NOT NULL, status TEXT NOT NULL, "
                           "outcome TEXT NOT NULL, message TEXT NOT NULL, duration_ms REAL NOT NULL)"),
            QStringLiteral("CREATE INDEX results_by_time ON results(t)"),
            QStringLiteral("INSERT INTO series VALUES (1, 'g', 'a', 'latency_ms', '', 'Check a'), (2, 'g', 'b', 'latency_ms', 'prod', 'Check b')"),
            // Two series, a sample every 4 s each for 3 hours: 5,400 rows across hour boundaries.
            QStringLiteral("WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 5399) "
                           "INSERT INTO samples SELECT 1 + (i %% 2), %1 + (i / 2) * 4000, i FROM c").arg(kNow - 3 * kHour),
            QStringLiteral("PRAGMA user_version = 1"),
        };
        v1.last().replace(QLatin1String("%%"), QLatin1String("%"));
        v1[v1.size() - 2].replace(QLatin1String("%%"), QLatin1String("%"));
        rawSql(path, v1);

        MetricStore store(path);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        QCOMPARE(store.versionFound(), 1);
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
        const MetricStore::Counts c = store.counts();
        QCOMPARE(c.raw, 5400);
        QCOMPARE(c.chunks, 2 * 3); // one per series per clock hour
        const QList<MetricExportRow> rows = store.exportRows(0, &error);
        QCOMPARE(rows.size(), 5400);
        double sum = 0;
        for (const MetricExportRow &r : rows)
            sum += r.value;
        QCOMPARE(sum, 5399.0 * 5400 / 2); // every value, once
        QCOMPARE(store.series(0, &error).size(), 2);
    }

    void storeFromANewerTriageIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        rawSql(path, {QStringLiteral("PRAGMA user_version = 99")});
        MetricStore store(path);
        QString error;
        QVERIFY(!store.open(&error));
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("newer Triage")) && error.contains(QLatin1String("schema 99")),
                 qPrintable(error));
    }

    void failedMigrationLeavesTheFileAsItWas()
    {
        // Not ours: a file that already has a `series` table of another shape.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        rawSql(path, {QStringLiteral("CREATE TABLE meta(x)"), QStringLiteral("INSERT INTO meta VALUES (42)")});
        MetricStore store(path);
        QString error;
        QVERIFY(!store.open(&error));
        QVERIFY2(error.contains(QLatin1String("schema 1 failed")) && error.contains(QLatin1String("unchanged")), qPrintable(error));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'samples'")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            QVERIFY(q.exec(QStringLiteral("SELECT x FROM meta")) && q.next());
            QCOMPARE(q.value(0).toInt(), 42);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void fileThatIsNotADatabaseIsNamed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        MetricStore store(path);
        QString error;
        QVERIFY(!store.open(&error));
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("not a Triage metrics store")), qPrintable(error));
        QCOMPARE(QFileInfo(path).size(), 4096); // not overwritten
    }

    void readOnlyOpenNeedsAnExistingStore()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("none.sqlite"));
        MetricStore store(path);
        QString error;
        QVERIFY(!store.open(&error, true));
        QVERIFY2(error.contains(QLatin1String("no metrics history yet")), qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }

    void resultsAreKeptMaskedAndSamplesRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        MetricStore store(path);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        const QString secret = QStringLiteral("s3cr3t-Hunter-42");
        CheckRecord r{kNow, QStringLiteral("guide"), QStringLiteral("db"), QStringLiteral("Database answers"), QStringLiteral("postgres"),
                      QStringLiteral("postgresql://app:%1@db:5432/app").arg(secret), QStringLiteral("dev"), QStringLiteral("error"),
                      QStringLiteral("auth_failed"), QStringLiteral("login failed with password=%1 at db:5432").arg(secret), 12.5};
        QVERIFY2(store.append({sample(QStringLiteral("db"), kNow, 12.5), sample(QStringLiteral("db"), kNow + 1000, 14)}, {r}, &error),
                 qPrintable(error));
        QVERIFY(!filesOf(path).contains(secret.toUtf8()));
        const QList<CheckRecord> kept = store.results(0, &error);
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().outcome, QStringLiteral("auth_failed"));
        QVERIFY(kept.first().message.contains(QLatin1String("db:5432")));
        QVERIFY(!kept.first().message.contains(secret));
        QVERIFY(!kept.first().target.contains(secret));

        const QList<MetricSeries> series = store.series(0, &error);
        QCOMPARE(series.size(), 1);
        QCOMPARE(series.first().label, QStringLiteral("Check db"));
        QCOMPARE(series.first().environment, QStringLiteral("dev"));
        QCOMPARE(series.first().lastMsecs, kNow + 1000);
        const QList<MetricPoint> points = store.chart(series.first().id, kNow - kMinute, kNow + kMinute, 600, &error);
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.at(0).value, 12.5);
        QCOMPARE(points.at(1).value, 14.0);
    }

    void compactionRollsUpAndKeepsEachTierAsLongAsItShould()
    {
        QTemporaryDir dir;
        MetricStore store(dir.filePath(QStringLiteral("metrics.sqlite")));
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        // Every 10 s for the last 26 hours; and one sample a minute 40 days ago, for an hour.
        QList<MetricSample> samples;
        for (qint64 t = kNow - 26 * kHour; t < kNow; t += 10'000)
            samples.append(sample(QStringLiteral("a"), t, double((t / 10'000) % 6 + 1))); // 1..6 within each minute
        for (qint64 t = kNow - 40 * kDay; t < kNow - 40 * kDay + kHour; t += kMinute)
            samples.append(sample(QStringLiteral("a"), t, 7));
        QVERIFY2(store.append(samples, {}, &error), qPrintable(error));

        const MetricRetention retention; // 24 h raw, 30 days of minutes, a year of hours
        QVERIFY2(store.compact(kNow, retention, &error), qPrintable(error));
        const MetricStore::Counts c = store.counts();
        QCOMPARE(c.raw, 24 * 360);                 // only the last 24 hours stay raw
        QCOMPARE(c.minute, 26 * 60 - 2);           // every settled minute of the 26 hours; the 40-day-old ones are gone
        QCOMPARE(c.hour, 26 - 1 + 1);              // 25 complete hours of the recent data, and the old hour

        // Idempotent: a second run changes nothing.
        QVERIFY(store.compact(kNow, retention, &error));
        const MetricStore::Counts again = store.counts();
        QCOMPARE(again.raw, c.raw);
        QCOMPARE(again.minute, c.minute);
        QCOMPARE(again.hour, c.hour);

        // Export: raw for the last day, minutes before that, and the old hour as one bucket of 60.
        const QList<MetricExportRow> rows = store.exportRows(0, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(rows.first().resolution, QStringLiteral("1h"));
        QCOMPARE(rows.first().count, 60);
        QCOMPARE(rows.first().value, 7.0);
        int minutes = 0, raws = 0;
        for (const MetricExportRow &row : rows) {
            if (row.resolution == QLatin1String("1m")) {
                ++minutes;
                QCOMPARE(row.min, 1.0);
                QCOMPARE(row.max, 6.0);
                QCOMPARE(row.value, 3.5);
                QCOMPARE(row.count, 6);
                QVERIFY(row.msecs < kNow - 24 * kHour);
            } else if (row.resolution == QLatin1String("raw")) {
                ++raws;
            }
        }
        QCOMPARE(minutes, 2 * 60);
        QCOMPARE(raws, 24 * 360);

        // Shorter retention, later: hours older than it go too.
        MetricRetention shortYear;
        shortYear.hourDays = 10;
        QVERIFY(store.compact(kNow, shortYear, &error));
        QCOMPARE(store.counts().hour, 25);
    }

    void smallBatchesAreMergedOnceTheirHourHasSettled()
    {
        // The recorder's way: a sample per series per second, each batch its own chunk.
        QTemporaryDir dir;
        MetricStore store(dir.filePath(QStringLiteral("metrics.sqlite")));
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        const qint64 start = kNow - 3 * kHour;
        for (int second = 0; second < 2 * 3600; second += 5)
            QVERIFY(store.append({sample(QStringLiteral("a"), start + second * 1000LL, second), sample(QStringLiteral("b"), start + second * 1000LL, -second)},
                                 {}, &error));
        QCOMPARE(store.counts().chunks, 2 * 2 * 720);
        QVERIFY2(store.compact(kNow, MetricRetention(), &error), qPrintable(error));
        const MetricStore::Counts c = store.counts();
        QCOMPARE(c.raw, 2 * 1440);
        QCOMPARE(c.chunks, 2 * 2); // one per series per hour
        // Nothing lost, order kept: the export lists every sample of "a" rising.
        const QList<MetricExportRow> rows = store.exportRows(0, &error);
        QList<double> a;
        for (const MetricExportRow &r : rows) {
            if (r.node == QLatin1String("a") && r.resolution == QLatin1String("raw"))
                a.append(r.value);
        }
        QCOMPARE(a.size(), 1440);
        QVERIFY(std::is_sorted(a.cbegin(), a.cend()));
        QCOMPARE(a.last(), 7195.0);
    }

    void notANumberIsLeftOutAndCompactionGoesOn()
    {
        // Prometheus answers NaN for an empty quantile; a sum with it would be NULL, which the
        // buckets refuse, and every later compaction would fail on the same samples.
        QTemporaryDir dir;
        MetricStore store(dir.filePath(QStringLiteral("metrics.sqlite")));
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        QVERIFY(store.append({sample(QStringLiteral("q"), kNow - kHour, std::numeric_limits<double>::quiet_NaN()),
                              sample(QStringLiteral("q"), kNow - kHour + 1000, std::numeric_limits<double>::infinity()),
                              sample(QStringLiteral("q"), kNow - kHour + 2000, 4.0)},
                             {}, &error));
        QCOMPARE(store.counts().raw, 1);
        QVERIFY2(store.compact(kNow, MetricRetention(), &error), qPrintable(error));
        QCOMPARE(store.counts().minute, 1);
    }

    void chartsKeepSpikesAndReadCoarseTiersForLongRanges()
    {
        QTemporaryDir dir;
        MetricStore store(dir.filePath(QStringLiteral("metrics.sqlite")));
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        QList<MetricSample> samples;
        for (qint64 t = kNow - 3 * kHour; t < kNow; t += 1000)
            samples.append(sample(QStringLiteral("a"), t, t == kNow - kHour ? 900.0 : 10.0 + (t / 1000) % 3));
        QVERIFY(store.append(samples, {}, &error));
        const qint64 id = store.series(0, &error).first().id;

        // Two hours at 200 px: 7,200 samples become at most four per pixel, and the spike stays.
        QList<MetricPoint> points = store.chart(id, kNow - 2 * kHour, kNow, 200, &error);
        QVERIFY(points.size() <= 800);
        QVERIFY(points.size() >= 200);
        double highest = 0;
        for (const MetricPoint &p : points)
            highest = std::max(highest, p.value);
        QCOMPARE(highest, 900.0);

        // Once rolled up, a day at 100 px (a pixel is 14 minutes) reads minute buckets, and
        // still shows the spike.
        QVERIFY(store.compact(kNow + 10 * kMinute, MetricRetention(), &error));
        points = store.chart(id, kNow - 24 * kHour, kNow, 100, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!points.isEmpty() && points.size() <= 400);
        highest = 0;
        for (const MetricPoint &p : points)
            highest = std::max(highest, p.value);
        QCOMPARE(highest, 900.0);
    }

    void decimationKeepsFirstLastLowAndHighPerPixel()
    {
        QList<MetricPoint> in;
        for (int i = 0; i < 10'000; ++i)
            in.append({i, i == 5'000 ? -50.0 : i == 7'777 ? 99.0 : 1.0});
        const QList<MetricPoint> out = MetricDecimator::decimate(in, 0, 10'000, 50);
        QVERIFY(out.size() <= 200);
        QCOMPARE(out.first().msecs, 0);
        QCOMPARE(out.last().msecs, 9'999);
        bool low = false, high = false;
        for (int i = 1; i < out.size(); ++i)
            QVERIFY(out.at(i - 1).msecs <= out.at(i).msecs);
        for (const MetricPoint &p : out) {
            low = low || (p.msecs == 5'000 && p.value == -50.0);
            high = high || (p.msecs == 7'777 && p.value == 99.0);
        }
        QVERIFY(low);
        QVERIFY(high);
    }

    void recorderWritesResultsOnItsOwnThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        {
            MetricRecorder recorder(path);
            QSignalSpy written(&recorder, &MetricRecorder::written);
            CheckJob job{QStringLiteral("redis-guide"), QStringLiteral("hit-rate"), QStringLiteral("Cache hit rate"), {}};
            job.spec.type = QStringLiteral("redis");
            CheckResult result = CheckResult::make(CheckOutcome::Ok, QStringLiteral("hit rate 0.93"));
            result.metrics = {{QStringLiteral("hit_rate"), 0.93},
                              {QStringLiteral("latency_ms"), 1.5},
                              {QStringLiteral("role"), QStringLiteral("master")},
                              {QStringLiteral("loading"), false}};
            recorder.record(job, result, QStringLiteral("staging"));
            recorder.flush();
            QVERIFY(written.wait(5000));
            QCOMPARE(written.first().at(0).toInt(), 2); // the two numbers; text and flags are not charted
            QCOMPARE(written.first().at(1).toInt(), 1);
        }
        MetricStore store(path);
        QString error;
        QVERIFY2(store.open(&error, true), qPrintable(error));
        const QList<MetricSeries> series = store.series(0, &error);
        QCOMPARE(series.size(), 2);
        QCOMPARE(series.first().environment, QStringLiteral("staging"));
        const QList<CheckRecord> results = store.results(0, &error);
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().type, QStringLiteral("redis"));
        QCOMPARE(results.first().status, QStringLiteral("pass"));
    }

    void recorderWritesWhatIsQueuedWhenItIsDestroyed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        {
            MetricRecorder recorder(path);
            CheckJob job{QStringLiteral("g"), QStringLiteral("n"), QStringLiteral("T"), {}};
            CheckResult result = CheckResult::make(CheckOutcome::Ok, QStringLiteral("ok"));
            result.metrics = {{QStringLiteral("latency_ms"), 3}};
            // Now, not kNow: the writer compacts with the real clock, and would trim the past.
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (int i = 0; i < 120; ++i)
                recorder.record(job, result, QString(), QDateTime::fromMSecsSinceEpoch(now + i, Qt::UTC));
        } // no flush, no event loop: the destructor must still write all of it
        MetricStore store(path);
        QString error;
        QVERIFY2(store.open(&error, true), qPrintable(error));
        QCOMPARE(store.counts().raw, 120);
        QCOMPARE(store.counts().results, 120);
    }

    void recorderSaysWhenTheStoreCannotOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        MetricRecorder recorder(path);
        QSignalSpy failed(&recorder, &MetricRecorder::failed);
        CheckJob job{QStringLiteral("g"), QStringLiteral("n"), QStringLiteral("T"), {}};
        recorder.record(job, CheckResult::make(CheckOutcome::Ok, QStringLiteral("ok")), QString());
        recorder.flush();
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().toString().contains(path));
    }

    void writerKilledMidWriteLeavesEveryCommittedBatch()
    {
        QTemporaryDir dir;
        for (int round = 0; round < 3; ++round) {
            const QString path = dir.filePath(QStringLiteral("metrics-%1.sqlite").arg(round));
            QProcess writer;
            writer.start(QStringLiteral(TRIAGE_METRIC_STORE_WRITER), {path});
            QVERIFY2(writer.waitForStarted(5000), qPrintable(writer.errorString()));
            // Let it commit a few batches, then kill it at whatever point it has reached.
            qint64 committed = 0;
            const int wanted = 3 + round * 4;
            QElapsedTimer clock;
            clock.start();
            int batches = 0;
            while (batches < wanted && clock.elapsed() < 20'000) {
                if (!writer.canReadLine() && !writer.waitForReadyRead(2000))
                    continue;
                while (writer.canReadLine()) {
                    const QByteArray line = writer.readLine().trimmed();
                    if (line.startsWith("committed ")) {
                        committed = line.mid(10).toLongLong();
                        ++batches;
                    }
                }
            }
            QVERIFY2(batches >= wanted, writer.readAllStandardError().constData());
            QTest::qWait(round * 7); // a different moment of the next batch each round
            ::kill(pid_t(writer.processId()), SIGKILL);
            QVERIFY(writer.waitForFinished(5000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

            MetricStore store(path);
            QString error;
            QVERIFY2(store.open(&error), qPrintable(error));
            QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
            const MetricStore::Counts c = store.counts();
            // Whole batches only, and at least every one it reported committed.
            QCOMPARE(c.raw % 1000, 0);
            QCOMPARE(c.raw / 1000, c.results);
            QVERIFY2(c.raw >= committed, qPrintable(QStringLiteral("%1 stored, %2 reported committed").arg(c.raw).arg(committed)));
        }
    }
};

QTEST_GUILESS_MAIN(TestMetricStore)
#include "TestMetricStore.moc"
