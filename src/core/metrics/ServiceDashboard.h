#pragma once

#include "checks/CheckSpec.h"
#include "profiles/ConnectionProfile.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace triage {

// A dashboard for one service profile, in the spirit of pgAdmin's and RedisInsight's, built
// from the same engine as everything else: the checks it polls (one read-only query, one INFO,
// one GET) and the panels it draws from their figures.
//  - PostgreSQL: sessions by state against max_connections, transactions per second, cache
//    hit ratio, the longest-running query, locks waiting;
//  - Redis: commands per second, hit rate, used memory against maxmemory, connected clients,
//    evictions per second;
//  - HTTP: latency and status per endpoint: the profile's base URL and the paths the guides'
//    http checks ask (/health, /ready, …), each a line.
// Rates come from counters read twice (derive()), so a figure is over the last interval, not
// since the server started.
//
// Value type.
class ServiceDashboard {
public:
    struct Panel {
        QString title;
        QString unit;
        QStringList figures;   // lines drawn, by figure name
        QString limit;         // a figure drawn as a dashed limit line (max_connections), or empty
    };

    QString type;   // postgres, redis, http
    QString title;  // "PostgreSQL app@127.0.0.1:5432/app"
    QList<CheckSpec> checks;
    // Per check, a name its figures are filed under ("/health" → "/health latency_ms"); empty
    // when the checks' figures do not collide.
    QStringList checkNames;
    QList<Panel> panels;

    // The dashboard for a profile; nullopt for types without one (kafka, prometheus).
    // `httpPaths`: for an http profile, the endpoints to follow besides its base URL.
    static std::optional<ServiceDashboard> forProfile(const ConnectionProfile &profile, const QStringList &httpPaths = {});
    // The figure a check's metric is filed under.
    QString figureFor(int check, const QString &metric) const;
    static QStringList types();

    // The figures of one round: `raw` holds this round's metrics (all checks merged), `previous`
    // the last round's with its time; counters become per-second rates and interval ratios.
    // Figures that need two rounds are absent from the first.
    QHash<QString, double> derive(const QHash<QString, double> &previous, qint64 previousMsecs, const QHash<QString, double> &raw,
                                  qint64 msecs) const;
    // Every figure a panel draws, for tests and legends.
    QStringList figures() const;
};

} // namespace triage
