#include "MetricStore.h"

#include "MetricDecimator.h"
#include "log/Logging.h"
#include "secrets/SecretRedaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include <sqlite3.h>

#include <QMap>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

namespace triage {

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kNever = std::numeric_limits<qint64>::max();

// Each step takes the schema from the version before it to its own. A step that has shipped is
// never edited: a change is a new step. `convert` runs after the statements, for what SQL
// alone cannot do.
struct Migration {
    int version;
    QList<const char *> statements;
    bool (*convert)(QSqlDatabase &db, QString *error) = nullptr;
};

bool packVersion1Samples(QSqlDatabase &db, QString *error);

const QList<Migration> &migrations()
{
    static const QList<Migration> steps{
        {1,
         {
             "CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
             "CREATE TABLE series(id INTEGER PRIMARY KEY, guide TEXT NOT NULL, node TEXT NOT NULL, metric TEXT NOT NULL, "
             "environment TEXT NOT NULL, label TEXT NOT NULL, UNIQUE(guide, node, metric, environment))",
             "CREATE TABLE samples(series INTEGER NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL, "
             "PRIMARY KEY(series, t)) WITHOUT ROWID",
             "CREATE TABLE samples_1m(series INTEGER NOT NULL, t INTEGER NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, "
             "total REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(series, t)) WITHOUT ROWID",
             "CREATE TABLE samples_1h(series INTEGER NOT NULL, t INTEGER NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL, "
             "total REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(series, t)) WITHOUT ROWID",
             "CREATE TABLE results(id INTEGER PRIMARY KEY, t INTEGER NOT NULL, guide TEXT NOT NULL, node TEXT NOT NULL, "
             "title TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, environment TEXT NOT NULL, status TEXT NOT NULL, "
             "outcome TEXT NOT NULL, message TEXT NOT NULL, duration_ms REAL NOT NULL)",
             "CREATE INDEX results_by_time ON results(t)",
         }},
        // Raw samples in chunks: one row holds up to 4,096 samples of one series within one
        // clock hour, packed as little-endian (int64 ms, double) pairs, so that a dense series
        // reads at memory speed instead of a row per sample (SQLite steps about a million rows
        // in 64 ms; a chart must draw in less).
        {2,
         {
             "ALTER TABLE samples RENAME TO samples_v1",
             "CREATE TABLE samples(series INTEGER NOT NULL, t0 INTEGER NOT NULL, t1 INTEGER NOT NULL, n INTEGER NOT NULL, "
             "data BLOB NOT NULL)",
             "CREATE INDEX samples_by_time ON samples(series, t0)",
         },
         packVersion1Samples},
    };
    return steps;
}

// The tables of the bucket tiers, by width.
struct Tier {
    const char *table;
    qint64 width; // 0 for raw samples
    const char *rolledKey;
};
const Tier kTiers[] = {{"samples", 0, nullptr}, {"samples_1m", kMinute, "rolled_1m"}, {"samples_1h", kHour, "rolled_1h"}};

QString masked(const QString &text)
{
    return SecretRedaction::redact(log::maskSecrets(text));
}

QString seriesKey(const MetricSample &s)
{
    return s.guide + QChar(0x1f) + s.node + QChar(0x1f) + s.metric + QChar(0x1f) + s.environment;
}

// SQLite keeps a null QString as NULL, which the NOT NULL columns refuse.
QString nonNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

qint64 floorTo(qint64 msecs, qint64 unit)
{
    return msecs >= 0 ? msecs / unit * unit : -((-msecs + unit - 1) / unit) * unit;
}

constexpr int kChunkSamples = 4096;
constexpr qint64 kChunkSpan = kHour; // a chunk never spans more, so a range query can bound its index scan
constexpr int kSampleBytes = 16;

QByteArray packChunk(const MetricSample *const *begin, const MetricSample *const *end)
{
    QByteArray data(qsizetype(end - begin) * kSampleBytes, Qt::Uninitialized);
    char *out = data.data();
    for (auto it = begin; it != end; ++it, out += kSampleBytes) {
        qToLittleEndian<qint64>((*it)->msecs, out);
        quint64 bits;
        std::memcpy(&bits, &(*it)->value, sizeof bits);
        qToLittleEndian<quint64>(bits, out + 8);
    }
    return data;
}

// Schema 2: the rows of schema 1's samples table, packed into chunks like append() writes them.
bool packVersion1Samples(QSqlDatabase &db, QString *error)
{
    QSqlQuery read(db);
    read.setForwardOnly(true);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO samples(series, t0, t1, n, data) VALUES(?, ?, ?, ?, ?)"));
    if (!read.exec(QStringLiteral("SELECT series, t, value FROM samples_v1 ORDER BY series, t"))) {
        *error = read.lastError().text();
        return false;
    }
    QList<MetricSample> pending;
    qint64 series = -1;
    auto flush = [&]() {
        if (pending.isEmpty())
            return true;
        QList<const MetricSample *> order;
        for (const MetricSample &m : std::as_const(pending))
            order.append(&m);
        const QVariantList values{series, pending.first().msecs, pending.last().msecs, qsizetype(pending.size()),
                                  packChunk(order.constData(), order.constData() + order.size())};
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        pending.clear();
        if (insert.exec())
            return true;
        *error = insert.lastError().text();
        return false;
    };
    while (read.next()) {
        const qint64 s = read.value(0).toLongLong();
        const qint64 t = read.value(1).toLongLong();
        if (s != series || pending.size() == kChunkSamples || (!pending.isEmpty() && floorTo(t, kChunkSpan) != floorTo(pending.first().msecs, kChunkSpan))) {
            if (!flush())
                return false;
            series = s;
        }
        pending.append({{}, {}, {}, {}, {}, t, read.value(2).toDouble()});
    }
    if (!flush())
        return false;
    read.finish();
    QSqlQuery drop(db);
    if (!drop.exec(QStringLiteral("DROP TABLE samples_v1"))) {
        *error = drop.lastError().text();
        return false;
    }
    return true;
}

// Calls found(t, value) for each sample of a chunk in [from, to).
template<typename Found>
void unpackChunk(const void *blob, int bytes, qint64 from, qint64 to, Found found)
{
    const char *p = static_cast<const char *>(blob);
    const char *end = p + (bytes / kSampleBytes) * kSampleBytes;
    for (; p < end; p += kSampleBytes) {
        const qint64 t = qFromLittleEndian<qint64>(p);
        if (t < from || t >= to)
            continue;
        const quint64 bits = qFromLittleEndian<quint64>(p + 8);
        double v;
        std::memcpy(&v, &bits, sizeof v);
        found(t, v);
    }
}

} // namespace

int MetricStore::schemaVersion()
{
    return migrations().last().version;
}

QString MetricStore::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(QStringLiteral("triage/metrics.sqlite"));
}

MetricRetention MetricStore::retention()
{
    const QSettings settings;
    MetricRetention r;
    r.rawHours = std::clamp(settings.value(QStringLiteral("history/rawHours"), r.rawHours).toInt(), 1, 24 * 30);
    r.minuteDays = std::clamp(settings.value(QStringLiteral("history/minuteDays"), r.minuteDays).toInt(), 1, 365);
    r.hourDays = std::clamp(settings.value(QStringLiteral("history/hourDays"), r.hourDays).toInt(), 0, 3650);
    r.resultDays = std::clamp(settings.value(QStringLiteral("history/resultDays"), r.resultDays).toInt(), 1, 3650);
    return r;
}

void MetricStore::setRetention(const MetricRetention &retention)
{
    QSettings settings;
    settings.setValue(QStringLiteral("history/rawHours"), retention.rawHours);
    settings.setValue(QStringLiteral("history/minuteDays"), retention.minuteDays);
    settings.setValue(QStringLiteral("history/hourDays"), retention.hourDays);
    settings.setValue(QStringLiteral("history/resultDays"), retention.resultDays);
}

MetricStore::MetricStore(QString path)
    : m_path(std::move(path))
    , m_connection(QStringLiteral("triage-metrics-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

MetricStore::~MetricStore()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

QString MetricStore::failure(const QString &what, const QString &detail) const
{
    return QStringLiteral("%1: %2 (%3)").arg(QDir::toNativeSeparators(m_path), what, detail);
}

bool MetricStore::exec(const QString &sql, QString *error) const
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    *error = failure(QStringLiteral("the metrics store refused a statement"), q.lastError().text());
    return false;
}

bool MetricStore::open(QString *error, bool readOnly)
{
    const QFileInfo info(m_path);
    if (readOnly && !info.exists()) {
        *error = QStringLiteral("%1: no metrics history yet; it is written when checks run in the app or with `triage check`")
                     .arg(QDir::toNativeSeparators(m_path));
        return false;
    }
    if (!readOnly) {
        // What checks measured on a user's systems is theirs alone: folder 0700, file 0600,
        // set before SQLite writes a byte (it gives the -wal and -shm files the same mode).
        if (!QDir().mkpath(info.absolutePath())) {
            *error = QStringLiteral("%1: cannot create the folder; check that it is writable").arg(QDir::toNativeSeparators(info.absolutePath()));
            return false;
        }
        QFile::setPermissions(info.absolutePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (!info.exists()) {
            QFile file(m_path);
            if (!file.open(QIODevice::WriteOnly)) {
                *error = failure(QStringLiteral("cannot create the metrics store"), file.errorString());
                return false;
            }
        }
        QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                                    : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        *error = failure(QStringLiteral("cannot open the metrics store"), m_db.lastError().text());
        return false;
    }
    QSqlQuery version(m_db);
    if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next()) {
        // "file is not a database": somebody else's file, or one damaged outside SQLite.
        *error = failure(QStringLiteral("is not a Triage metrics store; move it aside and Triage starts a new one"),
                         version.lastError().text());
        return false;
    }
    m_versionFound = version.value(0).toInt();
    version.finish();
    if (m_versionFound > schemaVersion()) {
        *error = QStringLiteral("%1: written by a newer Triage (schema %2; this one knows up to %3); update Triage, or move the "
                                "file aside to start a new history")
                     .arg(QDir::toNativeSeparators(m_path))
                     .arg(m_versionFound)
                     .arg(schemaVersion());
        return false;
    }
    if (readOnly) {
        if (m_versionFound != schemaVersion()) {
            *error = QStringLiteral("%1: schema %2 needs upgrading to %3; open the app (or run a check) once to upgrade it")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(m_versionFound)
                         .arg(schemaVersion());
            return false;
        }
        m_open = true;
        return true;
    }
    // WAL: readers (charts, export) never wait for the writer, and a batch is one commit.
    // synchronous=NORMAL in WAL keeps every commit across a killed process; only a power cut
    // may lose the last few.
    QSqlQuery journal(m_db);
    if (!journal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !journal.next()
        || journal.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        *error = failure(QStringLiteral("cannot switch the metrics store to WAL"), journal.lastError().text());
        return false;
    }
    journal.finish();
    if (!exec(QStringLiteral("PRAGMA synchronous=NORMAL"), error) || !migrate(error))
        return false;
    m_open = true;
    return true;
}

bool MetricStore::migrate(QString *error)
{
    for (const Migration &step : migrations()) {
        if (step.version <= m_versionFound)
            continue;
        // One transaction per step: a step that fails leaves the file as it was.
        if (!exec(QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
        QString why;
        bool ok = true;
        for (const char *statement : step.statements) {
            if (!exec(QString::fromLatin1(statement), &why)) {
                ok = false;
                break;
            }
        }
        if (ok && step.convert)
            ok = step.convert(m_db, &why);
        if (ok)
            ok = exec(QStringLiteral("PRAGMA user_version = %1").arg(step.version), &why);
        if (ok)
            ok = exec(QStringLiteral("COMMIT"), &why);
        if (!ok) {
            QString ignored;
            exec(QStringLiteral("ROLLBACK"), &ignored);
            *error = QStringLiteral("%1: upgrading the metrics store to schema %2 failed, and the file is unchanged: %3")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(step.version)
                         .arg(why);
            return false;
        }
        log::db()->info("metrics store {} upgraded to schema {}", m_path.toStdString(), step.version);
    }
    return true;
}

qint64 MetricStore::meta(const QString &key, qint64 fallback) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return fallback;
}

bool MetricStore::setMeta(const QString &key, qint64 value, QString *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (q.exec())
        return true;
    *error = failure(QStringLiteral("cannot write to the metrics store"), q.lastError().text());
    return false;
}

std::optional<qint64> MetricStore::seriesId(const MetricSample &sample, QString *error)
{
    const QString key = seriesKey(sample);
    if (const auto it = m_seriesIds.constFind(key); it != m_seriesIds.cend())
        return *it;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO series(guide, node, metric, environment, label) VALUES(?, ?, ?, ?, ?) "
                             "ON CONFLICT(guide, node, metric, environment) DO UPDATE SET label = excluded.label RETURNING id"));
    q.addBindValue(nonNull(sample.guide));
    q.addBindValue(nonNull(sample.node));
    q.addBindValue(nonNull(sample.metric));
    q.addBindValue(nonNull(sample.environment));
    q.addBindValue(nonNull(sample.label));
    if (!q.exec() || !q.next()) {
        *error = failure(QStringLiteral("cannot write to the metrics store"), q.lastError().text());
        return std::nullopt;
    }
    const qint64 id = q.value(0).toLongLong();
    m_seriesIds.insert(key, id);
    return id;
}

bool MetricStore::append(const QList<MetricSample> &samples, const QList<CheckRecord> &results, QString *error)
{
    if (!m_open) {
        *error = QStringLiteral("%1: the metrics store is not open").arg(m_path);
        return false;
    }
    if (samples.isEmpty() && results.isEmpty())
        return true;
    // IMMEDIATE: take the write lock now (waiting up to the busy timeout), not at the first
    // write, where another process's commit would fail the batch at once.
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    const QHash<QString, qint64> knownIds = m_seriesIds;
    auto fail = [&](const QString &why) {
        QString ignored;
        exec(QStringLiteral("ROLLBACK"), &ignored);
        m_seriesIds = knownIds; // series made in the rolled-back transaction are gone
        *error = why;
        return false;
    };
    // Group by series, in time order; then cut into chunks of at most 4,096 samples that stay
    // within one clock hour.
    QHash<qint64, QList<const MetricSample *>> bySeries;
    for (const MetricSample &s : samples) {
        if (!std::isfinite(s.value))
            continue; // NaN and infinities chart as nothing, and would poison every sum they enter
        QString why;
        const std::optional<qint64> id = seriesId(s, &why);
        if (!id)
            return fail(why);
        bySeries[*id].append(&s);
    }
    QSqlQuery insertChunk(m_db);
    insertChunk.prepare(QStringLiteral("INSERT INTO samples(series, t0, t1, n, data) VALUES(?, ?, ?, ?, ?)"));
    for (auto it = bySeries.begin(); it != bySeries.end(); ++it) {
        QList<const MetricSample *> &list = it.value();
        std::stable_sort(list.begin(), list.end(), [](const MetricSample *a, const MetricSample *b) { return a->msecs < b->msecs; });
        for (qsizetype first = 0; first < list.size();) {
            qsizetype last = first + 1;
            const qint64 hour = floorTo(list.at(first)->msecs, kChunkSpan);
            while (last < list.size() && last - first < kChunkSamples && floorTo(list.at(last)->msecs, kChunkSpan) == hour)
                ++last;
            insertChunk.bindValue(0, it.key());
            insertChunk.bindValue(1, list.at(first)->msecs);
            insertChunk.bindValue(2, list.at(last - 1)->msecs);
            insertChunk.bindValue(3, last - first);
            insertChunk.bindValue(4, packChunk(list.constData() + first, list.constData() + last));
            if (!insertChunk.exec())
                return fail(failure(QStringLiteral("cannot write to the metrics store"), insertChunk.lastError().text()));
            first = last;
        }
    }
    QSqlQuery insertResult(m_db);
    insertResult.prepare(QStringLiteral("INSERT INTO results(t, guide, node, title, type, target, environment, status, outcome, message, "
                                        "duration_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const CheckRecord &r : results) {
        const QVariantList values{r.msecs, nonNull(r.guide), nonNull(r.node), nonNull(masked(r.title)), nonNull(r.type),
                                  nonNull(masked(r.target)), nonNull(r.environment), nonNull(r.status), nonNull(r.outcome),
                                  nonNull(masked(r.message)), r.durationMs};
        for (int i = 0; i < values.size(); ++i)
            insertResult.bindValue(i, values.at(i));
        if (!insertResult.exec())
            return fail(failure(QStringLiteral("cannot write to the metrics store"), insertResult.lastError().text()));
    }
    if (QString why; !exec(QStringLiteral("COMMIT"), &why))
        return fail(why);
    return true;
}

bool MetricStore::compact(qint64 nowMsecs, const MetricRetention &retention, QString *error, const std::atomic_bool *stop)
{
    if (!m_open) {
        *error = QStringLiteral("%1: the metrics store is not open").arg(m_path);
        return false;
    }
    if (!exec(QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    auto fail = [&](const QString &why) {
        QString ignored;
        exec(QStringLiteral("ROLLBACK"), &ignored);
        *error = why;
        return false;
    };
    QString why;
    const qint64 settled = nowMsecs - retention.graceMsecs;
    // Roll up: raw → minutes, minutes → hours, each up to the last complete bucket that has
    // settled. ON CONFLICT merges a bucket that an earlier run already started.
    QList<qint64> ids;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id FROM series")))
            return fail(failure(QStringLiteral("cannot read the metrics store"), q.lastError().text()));
        while (q.next())
            ids.append(q.value(0).toLongLong());
    }
    const QString upsert = QStringLiteral("ON CONFLICT(series, t) DO UPDATE SET lo = min(lo, excluded.lo), hi = max(hi, excluded.hi), "
                                          "total = total + excluded.total, n = n + excluded.n");
    {
        // Raw chunks are read and summed here, a minute at a time.
        const qint64 rolled = meta(QStringLiteral("rolled_1m"), kNever);
        const qint64 from = rolled == kNever ? std::numeric_limits<qint64>::min() : rolled;
        const qint64 end = floorTo(settled, kMinute);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO samples_1m(series, t, lo, hi, total, n) VALUES(?, ?, ?, ?, ?, ?) ") + upsert);
        struct Bucket {
            double lo = std::numeric_limits<double>::max();
            double hi = std::numeric_limits<double>::lowest();
            double total = 0;
            qint64 n = 0;
        };
        for (qint64 id : std::as_const(ids)) {
            QMap<qint64, Bucket> buckets;
            if (stop && stop->load())
                return fail(QStringLiteral("%1: compaction stopped").arg(m_path));
            if (!readRaw(id, from, end, error, [&](qint64 t, double v) {
                    if (!std::isfinite(v))
                        return; // written by a store from before they were refused
                    Bucket &b = buckets[floorTo(t, kMinute)];
                    b.lo = std::min(b.lo, v);
                    b.hi = std::max(b.hi, v);
                    b.total += v;
                    ++b.n;
                })) {
                return fail(*error);
            }
            for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
                const QVariantList values{id, it.key(), it->lo, it->hi, it->total, it->n};
                for (int i = 0; i < values.size(); ++i)
                    q.bindValue(i, values.at(i));
                if (!q.exec())
                    return fail(failure(QStringLiteral("cannot roll up samples"), q.lastError().text()));
            }
        }
        if ((rolled == kNever || end > rolled) && !setMeta(QStringLiteral("rolled_1m"), end, &why))
            return fail(why);
    }
    {
        const qint64 rolled = meta(QStringLiteral("rolled_1h"), kNever);
        const qint64 end = floorTo(settled, kHour);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO samples_1h(series, t, lo, hi, total, n) "
                                 "SELECT series, (t / %1) * %1 AS b, min(lo), max(hi), sum(total), sum(n) FROM samples_1m "
                                 "WHERE t >= ? AND t < ? GROUP BY series, b ")
                      .arg(kHour)
                  + upsert);
        // The first run rolls everything before `end`; later runs start where the last stopped.
        q.addBindValue(rolled == kNever ? std::numeric_limits<qint64>::min() : rolled);
        q.addBindValue(end);
        if (!q.exec())
            return fail(failure(QStringLiteral("cannot roll up minute buckets"), q.lastError().text()));
        if ((rolled == kNever || end > rolled) && !setMeta(QStringLiteral("rolled_1h"), end, &why))
            return fail(why);
    }
    // Small chunks into big ones: the recorder writes a second's samples at a time, a few per
    // series, and a row per sample costs three times its 16 bytes. Settled hours only.
    {
        QSqlQuery find(m_db);
        find.setForwardOnly(true);
        find.prepare(QStringLiteral("SELECT series, t0 / %1 AS h FROM samples WHERE t0 < ? GROUP BY series, h "
                                    "HAVING count(*) > (sum(n) + %2 - 1) / %2").arg(kChunkSpan).arg(kChunkSamples));
        find.addBindValue(floorTo(settled, kChunkSpan));
        if (!find.exec())
            return fail(failure(QStringLiteral("cannot read the metrics store"), find.lastError().text()));
        QList<QPair<qint64, qint64>> hours;
        while (find.next())
            hours.append({find.value(0).toLongLong(), find.value(1).toLongLong() * kChunkSpan});
        find.finish();
        QSqlQuery drop(m_db);
        drop.prepare(QStringLiteral("DELETE FROM samples WHERE series = ? AND t0 >= ? AND t0 < ?"));
        QSqlQuery insert(m_db);
        insert.prepare(QStringLiteral("INSERT INTO samples(series, t0, t1, n, data) VALUES(?, ?, ?, ?, ?)"));
        for (const auto &[series, hour] : std::as_const(hours)) {
            QList<MetricSample> merged;
            if (!readRaw(series, hour, hour + kChunkSpan, error, [&](qint64 t, double v) { merged.append({{}, {}, {}, {}, {}, t, v}); }))
                return fail(*error);
            std::stable_sort(merged.begin(), merged.end(), [](const MetricSample &a, const MetricSample &b) { return a.msecs < b.msecs; });
            drop.bindValue(0, series);
            drop.bindValue(1, hour);
            drop.bindValue(2, hour + kChunkSpan);
            if (!drop.exec())
                return fail(failure(QStringLiteral("cannot merge samples"), drop.lastError().text()));
            QList<const MetricSample *> order;
            order.reserve(merged.size());
            for (const MetricSample &m : std::as_const(merged))
                order.append(&m);
            for (qsizetype first = 0; first < order.size(); first += kChunkSamples) {
                const qsizetype last = std::min<qsizetype>(order.size(), first + kChunkSamples);
                const QVariantList values{series, order.at(first)->msecs, order.at(last - 1)->msecs, last - first,
                                          packChunk(order.constData() + first, order.constData() + last)};
                for (int i = 0; i < values.size(); ++i)
                    insert.bindValue(i, values.at(i));
                if (!insert.exec())
                    return fail(failure(QStringLiteral("cannot merge samples"), insert.lastError().text()));
            }
        }
    }
    // Retention, at bucket boundaries, and never past what has been rolled up: a raw sample
    // goes only once its minute is kept.
    const qint64 rolledMinutes = meta(QStringLiteral("rolled_1m"), std::numeric_limits<qint64>::min());
    const qint64 rolledHours = meta(QStringLiteral("rolled_1h"), std::numeric_limits<qint64>::min());
    const qint64 rawCut = std::min(floorTo(nowMsecs - retention.rawHours * kHour, kMinute), rolledMinutes);
    const qint64 minuteCut = std::min(floorTo(nowMsecs - retention.minuteDays * kDay, kHour), rolledHours);
    QList<QPair<QString, qint64>> cuts{{QStringLiteral("samples_1m"), minuteCut}};
    if (retention.hourDays > 0)
        cuts.append({QStringLiteral("samples_1h"), floorTo(nowMsecs - retention.hourDays * kDay, kHour)});
    {
        // A chunk goes once its newest sample is past the cut; one that straddles it stays.
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("DELETE FROM samples WHERE series = ? AND t0 < ? AND t1 < ?"));
        for (qint64 id : std::as_const(ids)) {
            q.bindValue(0, id);
            q.bindValue(1, rawCut);
            q.bindValue(2, rawCut);
            if (!q.exec())
                return fail(failure(QStringLiteral("cannot trim samples"), q.lastError().text()));
        }
    }
    for (const auto &[table, cut] : std::as_const(cuts)) {
        // Per series, so that each delete walks the (series, t) key instead of the whole table.
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE series = ? AND t < ?").arg(table));
        for (qint64 id : std::as_const(ids)) {
            q.bindValue(0, id);
            q.bindValue(1, cut);
            if (!q.exec())
                return fail(failure(QStringLiteral("cannot trim %1").arg(table), q.lastError().text()));
        }
    }
    if (!setMeta(QStringLiteral("compacted_at"), nowMsecs, &why))
        return fail(why);
    QSqlQuery trimResults(m_db);
    trimResults.prepare(QStringLiteral("DELETE FROM results WHERE t < ?"));
    trimResults.addBindValue(nowMsecs - retention.resultDays * kDay);
    if (!trimResults.exec())
        return fail(failure(QStringLiteral("cannot trim results"), trimResults.lastError().text()));
    if (QString why; !exec(QStringLiteral("COMMIT"), &why))
        return fail(why);
    return true;
}

QList<MetricSeries> MetricStore::series(qint64 since, QString *error) const
{
    QList<MetricSeries> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, guide, node, label, metric, environment, "
                               "max(coalesce((SELECT t1 FROM samples WHERE series = s.id ORDER BY t0 DESC LIMIT 1), 0), "
                               "coalesce((SELECT max(t) FROM samples_1m WHERE series = s.id), 0), "
                               "coalesce((SELECT max(t) FROM samples_1h WHERE series = s.id), 0)) AS last "
                               "FROM series s ORDER BY last DESC, id"))) {
        *error = failure(QStringLiteral("cannot read the metrics store"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        MetricSeries s{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                       q.value(4).toString(), q.value(5).toString(), q.value(6).toLongLong()};
        if (s.lastMsecs >= since)
            out.append(s);
    }
    return out;
}

QList<MetricPoint> MetricStore::chart(qint64 seriesId, qint64 from, qint64 to, int width, QString *error) const
{
    if (to <= from || width <= 0)
        return {};
    // Where each tier has data for this series: raw from its oldest sample on; buckets from
    // their oldest up to where they have been rolled.
    struct Span {
        qint64 begin = kNever;
        qint64 end = kNever;
    };
    Span spans[3];
    for (int tier = 0; tier < 3; ++tier) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT min(%1) FROM %2 WHERE series = ?").arg(tier == 0 ? QLatin1String("t0") : QLatin1String("t"), QLatin1String(kTiers[tier].table)));
        q.addBindValue(seriesId);
        if (!q.exec()) {
            *error = failure(QStringLiteral("cannot read the metrics store"), q.lastError().text());
            return {};
        }
        if (q.next() && !q.value(0).isNull())
            spans[tier] = {q.value(0).toLongLong(), tier == 0 ? kNever : meta(QString::fromLatin1(kTiers[tier].rolledKey), kNever)};
        if (spans[tier].begin >= spans[tier].end)
            spans[tier] = {};
    }
    const qint64 pixel = (to - from) / width;
    const int preferred = pixel >= kHour ? 2 : pixel >= kMinute ? 1 : 0;
    auto covers = [&](int tier, qint64 t) { return spans[tier].begin != kNever && spans[tier].begin <= t && t < spans[tier].end; };

    MetricDecimator decimator(from, to, width);
    qint64 cursor = from;
    while (cursor < to) {
        int pick = covers(preferred, cursor) ? preferred : -1;
        for (int tier = preferred - 1; pick < 0 && tier >= 0; --tier) // finer first
            pick = covers(tier, cursor) ? tier : -1;
        for (int tier = preferred + 1; pick < 0 && tier < 3; ++tier)
            pick = covers(tier, cursor) ? tier : -1;
        if (pick < 0) {
            // Nothing here: skip to where the next tier begins.
            qint64 next = kNever;
            for (const Span &s : spans) {
                if (s.begin != kNever && s.begin > cursor)
                    next = std::min(next, s.begin);
            }
            if (next == kNever || next >= to)
                break;
            cursor = next;
            continue;
        }
        qint64 end = std::min(to, spans[pick].end);
        if (pick != preferred && spans[preferred].begin != kNever && spans[preferred].begin > cursor)
            end = std::min(end, spans[preferred].begin);
        if (pick == 0) {
            // A dense series has a million samples here: they come packed, a chunk at a time.
            if (!readRaw(seriesId, cursor, end, error, [&](qint64 t, double v) { decimator.add(t, v); }))
                return {};
        } else {
            QSqlQuery q(m_db);
            q.setForwardOnly(true);
            q.prepare(QStringLiteral("SELECT t, lo, hi FROM %1 WHERE series = ? AND t >= ? AND t < ? ORDER BY t").arg(QLatin1String(kTiers[pick].table)));
            q.addBindValue(seriesId);
            q.addBindValue(cursor);
            q.addBindValue(end);
            if (!q.exec()) {
                *error = failure(QStringLiteral("cannot read the metrics store"), q.lastError().text());
                return {};
            }
            while (q.next())
                decimator.addRange(q.value(0).toLongLong(), q.value(1).toDouble(), q.value(2).toDouble());
        }
        cursor = end;
    }
    return decimator.points();
}

bool MetricStore::readRaw(qint64 seriesId, qint64 from, qint64 to, QString *error, const std::function<void(qint64, double)> &found) const
{
    const QVariant handle = m_db.driver()->handle();
    sqlite3 *db = handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0 ? *static_cast<sqlite3 *const *>(handle.data()) : nullptr;
    if (!db) {
        *error = failure(QStringLiteral("cannot read the metrics store"), QStringLiteral("the Qt SQLite driver gave no handle"));
        return false;
    }
    // Stepped through SQLite's own API: QSqlQuery would copy every blob into a QVariant.
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT data FROM samples WHERE series = ?1 AND t0 >= ?2 AND t0 < ?3 AND t1 >= ?4 ORDER BY t0", -1, &statement,
                           nullptr)
        != SQLITE_OK) {
        *error = failure(QStringLiteral("cannot read the metrics store"), QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> guard(statement, sqlite3_finalize);
    sqlite3_bind_int64(statement, 1, seriesId);
    // A chunk lies within one clock hour, so none that starts before `from`'s hour reaches it.
    sqlite3_bind_int64(statement, 2, from == std::numeric_limits<qint64>::min() ? from : floorTo(from, kChunkSpan));
    sqlite3_bind_int64(statement, 3, to);
    sqlite3_bind_int64(statement, 4, from);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
        unpackChunk(sqlite3_column_blob(statement, 0), sqlite3_column_bytes(statement, 0), from, to, found);
    if (rc != SQLITE_DONE) {
        *error = failure(QStringLiteral("cannot read the metrics store"), QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    }
    return true;
}

QList<MetricExportRow> MetricStore::exportRows(qint64 since, QString *error) const
{
    QList<MetricExportRow> rows;
    QString why;
    const QList<MetricSeries> all = series(since, &why);
    if (!why.isEmpty()) {
        *error = why;
        return rows;
    }
    for (const MetricSeries &s : all) {
        // Each stretch of time from the finest tier that still holds it; a coarser tier takes
        // over at its own bucket boundary, so no bucket repeats samples listed raw.
        qint64 oldest = kNever;
        if (!readRaw(s.id, since, kNever, error, [&](qint64 t, double v) {
                oldest = std::min(oldest, t);
                rows.append({t, QStringLiteral("raw"), s.environment, s.guide, s.node, s.label, s.metric, v, v, v, 1});
            })) {
            return {};
        }
        qint64 finerBegins = oldest == kNever ? kNever : floorTo(oldest, kMinute);
        for (int tier = 1; tier < 3; ++tier) {
            QSqlQuery q(m_db);
            q.setForwardOnly(true);
            q.prepare(QStringLiteral("SELECT t, total / n, lo, hi, n FROM %1 WHERE series = ? AND t >= ? AND t < ? ORDER BY t")
                          .arg(QLatin1String(kTiers[tier].table)));
            q.addBindValue(s.id);
            q.addBindValue(since);
            q.addBindValue(finerBegins);
            if (!q.exec()) {
                *error = failure(QStringLiteral("cannot read the metrics store"), q.lastError().text());
                return {};
            }
            const QString resolution = tier == 1 ? QStringLiteral("1m") : QStringLiteral("1h");
            qint64 first = kNever;
            while (q.next()) {
                const qint64 t = q.value(0).toLongLong();
                first = std::min(first, t);
                rows.append({t, resolution, s.environment, s.guide, s.node, s.label, s.metric, q.value(1).toDouble(), q.value(2).toDouble(),
                             q.value(3).toDouble(), q.value(4).toLongLong()});
            }
            if (first != kNever)
                finerBegins = floorTo(first, kHour);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const MetricExportRow &a, const MetricExportRow &b) { return a.msecs < b.msecs; });
    return rows;
}

QList<CheckRecord> MetricStore::results(qint64 since, QString *error) const
{
    QList<CheckRecord> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t, guide, node, title, type, target, environment, status, outcome, message, duration_ms FROM results "
                             "WHERE t >= ? ORDER BY t, id"));
    q.addBindValue(since);
    if (!q.exec()) {
        *error = failure(QStringLiteral("cannot read the metrics store"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                    q.value(5).toString(), q.value(6).toString(), q.value(7).toString(), q.value(8).toString(), q.value(9).toString(),
                    q.value(10).toDouble()});
    }
    return out;
}

MetricStore::Counts MetricStore::counts() const
{
    Counts c;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT (SELECT coalesce(sum(n), 0) FROM samples), (SELECT count(*) FROM samples), (SELECT count(*) FROM samples_1m), "
                              "(SELECT count(*) FROM samples_1h), (SELECT count(*) FROM results), (SELECT count(*) FROM series)"))
        && q.next())
        c = {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toLongLong(), q.value(4).toLongLong(),
             q.value(5).toLongLong()};
    return c;
}

qint64 MetricStore::lastCompacted() const
{
    return meta(QStringLiteral("compacted_at"), 0);
}

qint64 MetricStore::storedBytes() const
{
    QSqlQuery q(m_db);
    qint64 pages = 0, free = 0, size = 0;
    if (q.exec(QStringLiteral("PRAGMA page_count")) && q.next())
        pages = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA freelist_count")) && q.next())
        free = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA page_size")) && q.next())
        size = q.value(0).toLongLong();
    return (pages - free) * size;
}

QString MetricStore::integrityCheck() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return q.lastError().text();
    QStringList lines;
    while (q.next())
        lines.append(q.value(0).toString());
    return lines.join(QLatin1Char('\n'));
}

QString MetricStore::journalMode() const
{
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next() ? q.value(0).toString() : QString();
}

} // namespace triage
