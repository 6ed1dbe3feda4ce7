#include "ServiceDashboard.h"

#include <QUrl>

namespace triage {

namespace {

// One row, every figure a column: read-only, cheap (a scan of pg_stat_activity and two small
// views), and the same on PostgreSQL 12 to 17.
constexpr char kPostgresQuery[] =
    "SELECT count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()) AS sessions_active, "
    "count(*) FILTER (WHERE state = 'idle') AS sessions_idle, "
    "count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS sessions_idle_in_transaction, "
    "count(*) AS sessions, "
    "current_setting('max_connections')::int AS max_connections, "
    "coalesce(extract(epoch FROM max(now() - query_start) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid())), 0) "
    "AS longest_query_s, "
    "(SELECT count(*) FROM pg_locks WHERE NOT granted) AS locks_waiting, "
    "(SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database) AS transactions, "
    "(SELECT sum(blks_hit) FROM pg_stat_database) AS blocks_hit, "
    "(SELECT sum(blks_read) FROM pg_stat_database) AS blocks_read, "
    // Without pg_read_all_stats (or superuser), other roles' sessions show no state: say so.
    "(pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))::int "
    "AS sees_all_sessions "
    "FROM pg_stat_activity WHERE backend_type = 'client backend'";

} // namespace

QStringList ServiceDashboard::types()
{
    return {QStringLiteral("postgres"), QStringLiteral("redis"), QStringLiteral("http")};
}

QString ServiceDashboard::figureFor(int check, const QString &metric) const
{
    const QString name = checkNames.value(check);
    return name.isEmpty() ? metric : name + QLatin1Char(' ') + metric;
}

std::optional<ServiceDashboard> ServiceDashboard::forProfile(const ConnectionProfile &profile, const QStringList &httpPaths)
{
    ServiceDashboard d;
    d.type = profile.type;
    if (profile.type == QLatin1String("postgres")) {
        d.title = QStringLiteral("PostgreSQL %1").arg(profile.display().section(QLatin1Char(' '), 1));
        CheckSpec query = profile.testSpec();
        query.params.insert(QStringLiteral("mode"), QStringLiteral("query"));
        query.params.insert(QStringLiteral("query"), QString::fromLatin1(kPostgresQuery));
        query.params.insert(QStringLiteral("metrics"), QStringLiteral("columns"));
        d.checks = {query};
        d.panels = {
            {QStringLiteral("Sessions"), QString(),
             {QStringLiteral("sessions"), QStringLiteral("sessions_active"), QStringLiteral("sessions_idle"),
              QStringLiteral("sessions_idle_in_transaction")},
             QStringLiteral("max_connections")},
            // pg_stat_database counts what backends report, and they report at most once a
            // second: sample every 2 s or more for a steady line.
            {QStringLiteral("Transactions per second"), QStringLiteral("tx/s"), {QStringLiteral("tps")}, QString()},
            {QStringLiteral("Cache hit ratio"), QString(), {QStringLiteral("cache_hit_ratio")}, QString()},
            {QStringLiteral("Longest running query"), QStringLiteral("s"), {QStringLiteral("longest_query_s")}, QString()},
            {QStringLiteral("Locks waiting"), QString(), {QStringLiteral("locks_waiting")}, QString()},
        };
        return d;
    }
    if (profile.type == QLatin1String("redis")) {
        d.title = QStringLiteral("Redis %1").arg(profile.display().section(QLatin1Char(' '), 1));
        CheckSpec info = profile.testSpec();
        info.params.insert(QStringLiteral("command"), QStringLiteral("INFO"));
        d.checks = {info};
        d.panels = {
            {QStringLiteral("Commands per second"), QStringLiteral("ops/s"), {QStringLiteral("ops_per_sec")}, QString()},
            {QStringLiteral("Hit rate"), QString(), {QStringLiteral("hit_rate_interval")}, QString()},
            {QStringLiteral("Used memory"), QStringLiteral("bytes"), {QStringLiteral("used_memory")}, QStringLiteral("maxmemory")},
            {QStringLiteral("Connected clients"), QString(), {QStringLiteral("connected_clients")}, QString()},
            {QStringLiteral("Evictions per second"), QStringLiteral("keys/s"), {QStringLiteral("evictions_per_sec")}, QString()},
        };
        return d;
    }
    if (profile.type == QLatin1String("http")) {
        d.title = QStringLiteral("HTTP %1").arg(profile.base);
        QUrl base(profile.base);
        QString prefix = base.path();
        while (prefix.endsWith(QLatin1Char('/')))
            prefix.chop(1);
        QStringList paths{QStringLiteral("/")};
        for (const QString &p : httpPaths) {
            const QString path = p.startsWith(QLatin1Char('/')) ? p : QLatin1Char('/') + p;
            if (!paths.contains(path) && paths.size() < 12) // a readable chart, not every URL of every guide
                paths.append(path);
        }
        Panel latency{QStringLiteral("Latency"), QStringLiteral("ms"), {}, QString()};
        Panel status{QStringLiteral("Status"), QString(), {}, QString()};
        for (const QString &path : std::as_const(paths)) {
            CheckSpec get = profile.testSpec();
            QUrl url = base;
            url.setPath(path == QLatin1String("/") && !prefix.isEmpty() ? prefix : prefix + path);
            get.params.insert(QStringLiteral("url"), url.toString());
            d.checks.append(get);
            d.checkNames.append(path);
            latency.figures.append(path + QStringLiteral(" latency_ms"));
            status.figures.append(path + QStringLiteral(" status"));
        }
        d.panels = {latency, status};
        return d;
    }
    return std::nullopt;
}

QStringList ServiceDashboard::figures() const
{
    QStringList out;
    if (type == QLatin1String("postgres"))
        out.append(QStringLiteral("sees_all_sessions")); // not drawn; the view says when it is 0
    for (const Panel &p : panels) {
        out += p.figures;
        if (!p.limit.isEmpty())
            out.append(p.limit);
    }
    out.removeDuplicates();
    return out;
}

QHash<QString, double> ServiceDashboard::derive(const QHash<QString, double> &previous, qint64 previousMsecs, const QHash<QString, double> &raw,
                                                qint64 msecs) const
{
    QHash<QString, double> out;
    // Figures read as they are.
    for (const QString &name : figures()) {
        if (raw.contains(name))
            out.insert(name, raw.value(name));
    }
    const double seconds = (msecs - previousMsecs) / 1000.0;
    const bool twoRounds = !previous.isEmpty() && seconds > 0;
    // A counter's growth per second; a counter that went down (the server restarted) starts over.
    auto rate = [&](const QString &counter, const QString &figure) {
        if (twoRounds && raw.contains(counter) && previous.contains(counter) && raw.value(counter) >= previous.value(counter))
            out.insert(figure, (raw.value(counter) - previous.value(counter)) / seconds);
    };
    // Of what was asked in the interval, the share that hit; nothing asked: no figure.
    auto ratio = [&](const QString &hits, const QString &misses, const QString &figure) {
        if (!twoRounds || !raw.contains(hits) || !previous.contains(hits) || !raw.contains(misses) || !previous.contains(misses))
            return;
        const double h = raw.value(hits) - previous.value(hits);
        const double m = raw.value(misses) - previous.value(misses);
        if (h >= 0 && m >= 0 && h + m > 0)
            out.insert(figure, h / (h + m));
    };
    if (type == QLatin1String("postgres")) {
        rate(QStringLiteral("transactions"), QStringLiteral("tps"));
        ratio(QStringLiteral("blocks_hit"), QStringLiteral("blocks_read"), QStringLiteral("cache_hit_ratio"));
    } else if (type == QLatin1String("redis")) {
        rate(QStringLiteral("total_commands_processed"), QStringLiteral("ops_per_sec"));
        rate(QStringLiteral("evicted_keys"), QStringLiteral("evictions_per_sec"));
        ratio(QStringLiteral("keyspace_hits"), QStringLiteral("keyspace_misses"), QStringLiteral("hit_rate_interval"));
        if (out.value(QStringLiteral("maxmemory")) <= 0)
            out.remove(QStringLiteral("maxmemory")); // 0: no limit set, so no line to draw
    }
    return out;
}

} // namespace triage
