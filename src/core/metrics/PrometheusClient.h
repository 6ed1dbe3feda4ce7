#pragma once

#include "MetricRecord.h"
#include "checks/CheckOutcome.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace triage {

struct ConnectionProfile;
class SecretStore;

// How Triage proves itself to a Prometheus server; the secret comes from the keychain and is
// only ever put in a request header.
struct PrometheusAuth {
    enum class Kind { None, Bearer, Basic };
    Kind kind = Kind::None;
    QString user;   // basic
    QString secret; // the token (bearer) or the password (basic)
};

// One series of an answer: its labels and its points (one for an instant query).
struct PrometheusSeries {
    QMap<QString, QString> labels;
    QList<MetricPoint> points;
    // `name{label="value", …}`, as Prometheus writes it.
    QString displayName() const;
};

// What a query found, or why it found nothing: an outcome class from the checks' set, a
// message that says what failed, where (host:port) and what to try.
struct PrometheusAnswer {
    CheckOutcome outcome = CheckOutcome::Ok;
    QString message;
    QString errorType;   // Prometheus's own class on an error: bad_data, execution, timeout, …
    QString resultType;  // vector, matrix or scalar
    QList<PrometheusSeries> series;
    QStringList warnings;
    qint64 bytes = 0;
    double durationMs = 0;
    bool ok() const { return outcome == CheckOutcome::Ok; }
};

// A client for Prometheus's HTTP API: instant queries (/api/v1/query) and range queries
// (/api/v1/query_range). Every request has a time limit and a size limit and can be
// cancelled; answers are parsed on a worker thread, so a matrix of millions of points never
// stalls the caller's event loop. Prometheus is the store: nothing is copied into the history.
//
// Lives on one thread (normally the GUI's) and uses that thread's event loop.
class PrometheusClient : public QObject {
    Q_OBJECT
public:
    explicit PrometheusClient(QUrl base, PrometheusAuth auth = {}, QObject *parent = nullptr);
    ~PrometheusClient() override;

    void setTimeout(int msecs) { m_timeout = msecs; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    const QUrl &base() const { return m_base; }

    // Each returns an id that finished() reports with.
    int query(const QString &promql, qint64 atMsecs = 0);
    int queryRange(const QString &promql, qint64 fromMsecs, qint64 toMsecs, qint64 stepMsecs);
    void cancel(int id);
    void cancelAll();
    int pending() const { return int(m_requests.size()); }

    // Reads an answer (JSON) for `where` ("host:port"). Reentrant; used on a worker.
    static PrometheusAnswer parse(const QByteArray &json, int httpStatus, const QString &where);

    // The credential of a prometheus profile, from the keychain: its `token` as a bearer token,
    // else, when the profile names a user, its `password` for basic auth, else none.
    // `done(auth, error)` runs on the caller's event loop; `error` when the keychain failed.
    static void authFor(const QString &environment, const ConnectionProfile &profile, SecretStore *secrets,
                        std::function<void(const PrometheusAuth &, const QString &)> done);

signals:
    void finished(int id, const triage::PrometheusAnswer &answer);

private:
    struct Request {
        QPointer<QNetworkReply> reply;
        bool cancelled = false;
        bool tooLarge = false;
        qint64 started = 0;
    };
    int send(const QString &endpoint, const QList<QPair<QString, QString>> &parameters);
    void done(int id);
    void deliver(int id, PrometheusAnswer answer, qint64 started);
    QString where() const;

    QUrl m_base;
    PrometheusAuth m_auth;
    QNetworkAccessManager *m_network = nullptr;
    QHash<int, Request> m_requests;
    int m_nextId = 1;
    int m_timeout = 10000;
    qint64 m_maxBytes = 256LL * 1024 * 1024;
};

} // namespace triage

Q_DECLARE_METATYPE(triage::PrometheusAnswer)
