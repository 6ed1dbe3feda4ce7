#include "PrometheusClient.h"

#include "checks/CheckContext.h"
#include "profiles/ConnectionProfile.h"
#include "secrets/SecretStore.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <limits>

namespace triage {

namespace {

QString seconds(qint64 msecs)
{
    return QString::number(double(msecs) / 1000.0, 'f', 3);
}

bool sampleValue(const QJsonValue &v, double *out)
{
    // Prometheus sends values as strings, with NaN and infinities spelled out.
    const QString text = v.toString();
    if (text == QLatin1String("NaN")) {
        *out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (text == QLatin1String("+Inf") || text == QLatin1String("Inf")) {
        *out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == QLatin1String("-Inf")) {
        *out = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok;
}

bool samplePoint(const QJsonValue &pair, MetricPoint *out)
{
    const QJsonArray a = pair.toArray();
    double value = 0;
    if (a.size() != 2 || !a.at(0).isDouble() || !sampleValue(a.at(1), &value))
        return false;
    *out = {qint64(std::llround(a.at(0).toDouble() * 1000.0)), value};
    return true;
}

} // namespace

QString PrometheusSeries::displayName() const
{
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (it.key() != QLatin1String("__name__"))
            parts.append(QStringLiteral("%1=\"%2\"").arg(it.key(), it.value()));
    }
    const QString name = labels.value(QStringLiteral("__name__"));
    if (parts.isEmpty())
        return name.isEmpty() ? QStringLiteral("{}") : name;
    return name + QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

PrometheusClient::PrometheusClient(QUrl base, PrometheusAuth auth, QObject *parent)
    : QObject(parent)
    , m_base(std::move(base))
    , m_auth(std::move(auth))
    , m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<PrometheusAnswer>();
}

PrometheusClient::~PrometheusClient()
{
    // Nobody is left to tell: stop the transfers without reporting them.
    for (Request &r : m_requests) {
        if (r.reply) {
            r.reply->disconnect(this);
            r.reply->abort();
        }
    }
}

QString PrometheusClient::where() const
{
    return QStringLiteral("%1:%2").arg(m_base.host()).arg(m_base.port(m_base.scheme() == QLatin1String("https") ? 443 : 80));
}

int PrometheusClient::query(const QString &promql, qint64 atMsecs)
{
    QList<QPair<QString, QString>> parameters{{QStringLiteral("query"), promql}};
    if (atMsecs > 0)
        parameters.append({QStringLiteral("time"), seconds(atMsecs)});
    return send(QStringLiteral("query"), parameters);
}

int PrometheusClient::queryRange(const QString &promql, qint64 fromMsecs, qint64 toMsecs, qint64 stepMsecs)
{
    return send(QStringLiteral("query_range"), {{QStringLiteral("query"), promql},
                                                {QStringLiteral("start"), seconds(fromMsecs)},
                                                {QStringLiteral("end"), seconds(toMsecs)},
                                                {QStringLiteral("step"), seconds(std::max<qint64>(1, stepMsecs))}});
}

int PrometheusClient::send(const QString &endpoint, const QList<QPair<QString, QString>> &parameters)
{
    const int id = m_nextId++;
    QUrl url = m_base;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/api/v1/") + endpoint);
    url.setQuery(QString());
    QUrlQuery form;
    for (const auto &[key, value] : parameters)
        form.addQueryItem(key, value);
    if (m_auth.kind != PrometheusAuth::Kind::None && url.scheme() != QLatin1String("https") && !CheckContext::isLoopback(url.host())) {
        // Plain http would show the token or password to everyone on the way.
        PrometheusAnswer refused;
        refused.outcome = CheckOutcome::RefusedUnsafe;
        refused.message = QStringLiteral("not sent: the credential for %1 would travel in plain http; use https (prometheus+https://…) "
                                         "or a server without authentication")
                              .arg(where());
        m_requests.insert(id, {nullptr, false, false, QDateTime::currentMSecsSinceEpoch()});
        QMetaObject::invokeMethod(this, [this, id, refused] { deliver(id, refused, m_requests.value(id).started); }, Qt::QueuedConnection);
        return id;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeout);
    // Same origin only: Qt carries every header, Authorization too, along a redirect.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    if (m_auth.kind == PrometheusAuth::Kind::Bearer)
        request.setRawHeader("Authorization", "Bearer " + m_auth.secret.toUtf8());
    else if (m_auth.kind == PrometheusAuth::Kind::Basic)
        request.setRawHeader("Authorization", "Basic " + (m_auth.user + QLatin1Char(':') + m_auth.secret).toUtf8().toBase64());
    // POST: a long PromQL expression fits, and it stays out of proxies' URL logs.
    QNetworkReply *reply = m_network->post(request, form.query(QUrl::FullyEncoded).toUtf8());
    m_requests.insert(id, {reply, false, false, QDateTime::currentMSecsSinceEpoch()});
    connect(reply, &QNetworkReply::downloadProgress, this, [this, id](qint64 received, qint64 total) {
        Request &r = m_requests[id];
        if ((received > m_maxBytes || total > m_maxBytes) && r.reply && !r.tooLarge) {
            r.tooLarge = true;
            r.reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, id] { done(id); });
    return id;
}

void PrometheusClient::cancel(int id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->cancelled)
        return;
    it->cancelled = true;
    if (it->reply && it->reply->isRunning())
        it->reply->abort();
}

void PrometheusClient::cancelAll()
{
    for (int id : m_requests.keys())
        cancel(id);
}

void PrometheusClient::done(int id)
{
    const Request r = m_requests.value(id);
    if (!r.reply)
        return;
    r.reply->deleteLater();
    m_requests[id].reply = nullptr;
    PrometheusAnswer answer;
    const QString at = where();
    if (r.cancelled) {
        answer.outcome = CheckOutcome::Cancelled;
        answer.message = QStringLiteral("query to Prometheus at %1 cancelled").arg(at);
        deliver(id, answer, r.started);
        return;
    }
    if (r.tooLarge) {
        answer.outcome = CheckOutcome::ProtocolError;
        answer.message = QStringLiteral("Prometheus at %1 answered more than %2 MB; narrow the query (fewer series, a shorter range) or raise the step")
                             .arg(at)
                             .arg(m_maxBytes / (1024 * 1024));
        deliver(id, answer, r.started);
        return;
    }
    const int status = r.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        // The body says what went wrong, even on an error status: read it on a worker.
        const QByteArray body = r.reply->readAll();
        auto *watcher = new QFutureWatcher<PrometheusAnswer>(this);
        connect(watcher, &QFutureWatcher<PrometheusAnswer>::finished, this, [this, watcher, id, started = r.started] {
            watcher->deleteLater();
            PrometheusAnswer parsed = watcher->result();
            if (m_requests.value(id).cancelled) {
                parsed = {};
                parsed.outcome = CheckOutcome::Cancelled;
                parsed.message = QStringLiteral("query to Prometheus at %1 cancelled").arg(where());
            }
            deliver(id, parsed, started);
        });
        watcher->setFuture(QtConcurrent::run([body, status, at] { return parse(body, status, at); }));
        return;
    }
    switch (r.reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        answer.outcome = CheckOutcome::ConnectionRefused;
        answer.message = QStringLiteral("nothing listens at %1: start Prometheus, or check the profile's URL").arg(at);
        break;
    case QNetworkReply::HostNotFoundError:
        answer.outcome = CheckOutcome::DnsFailure;
        answer.message = QStringLiteral("%1 does not resolve: check the host name in the profile's URL").arg(m_base.host());
        break;
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        answer.outcome = CheckOutcome::Timeout;
        answer.message = QStringLiteral("Prometheus at %1 did not answer within %2 ms: is it overloaded, or is the query too heavy? "
                                        "Try a shorter range or a larger step")
                             .arg(at)
                             .arg(m_timeout);
        break;
    case QNetworkReply::SslHandshakeFailedError:
        answer.outcome = CheckOutcome::TlsError;
        answer.message = QStringLiteral("TLS with %1 failed: %2").arg(at, r.reply->errorString());
        break;
    default:
        answer.outcome = CheckOutcome::ProtocolError;
        answer.message = QStringLiteral("asking Prometheus at %1 failed: %2").arg(at, r.reply->errorString());
        break;
    }
    deliver(id, answer, r.started);
}

void PrometheusClient::deliver(int id, PrometheusAnswer answer, qint64 started)
{
    m_requests.remove(id);
    answer.durationMs = double(QDateTime::currentMSecsSinceEpoch() - started);
    emit finished(id, answer);
}

void PrometheusClient::authFor(const QString &environment, const ConnectionProfile &profile, SecretStore *secrets,
                               std::function<void(const PrometheusAuth &, const QString &)> done)
{
    secrets->read(SecretStore::key(environment, profile.name, QStringLiteral("token")), [=](const SecretStore::Result &token) {
        if (token.ok) {
            done({PrometheusAuth::Kind::Bearer, QString(), token.value}, QString());
            return;
        }
        if (!token.notFound) {
            done({}, token.error);
            return;
        }
        if (profile.user.isEmpty()) {
            done({}, QString());
            return;
        }
        secrets->read(SecretStore::key(environment, profile.name, QStringLiteral("password")), [=](const SecretStore::Result &password) {
            if (password.ok)
                done({PrometheusAuth::Kind::Basic, profile.user, password.value}, QString());
            else if (password.notFound)
                done({}, QString());
            else
                done({}, password.error);
        });
    });
}

PrometheusAnswer PrometheusClient::parse(const QByteArray &json, int httpStatus, const QString &where)
{
    PrometheusAnswer answer;
    answer.bytes = json.size();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject root = doc.object();
    const QString status = root.value(QStringLiteral("status")).toString();
    if (httpStatus == 401 || httpStatus == 403) {
        answer.outcome = CheckOutcome::AuthFailed;
        answer.message = QStringLiteral("Prometheus at %1 refused the credentials (HTTP %2): set the profile's token or password with "
                                        "`triage secret set ENV/NAME token` (or `password`)")
                             .arg(where)
                             .arg(httpStatus);
        return answer;
    }
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() || status.isEmpty()) {
        if (httpStatus == 404) {
            answer.outcome = CheckOutcome::NotFound;
            answer.message = QStringLiteral("%1 has no Prometheus API at /api/v1 (HTTP 404): check the profile's URL, and any path prefix "
                                            "Prometheus is served under")
                                 .arg(where);
        } else if (httpStatus >= 400) {
            answer.outcome = CheckOutcome::HttpError;
            answer.message = QStringLiteral("Prometheus at %1 answered HTTP %2 without an explanation: %3")
                                 .arg(where)
                                 .arg(httpStatus)
                                 .arg(QString::fromUtf8(json.left(200)).simplified());
        } else {
            answer.outcome = CheckOutcome::ProtocolError;
            answer.message = QStringLiteral("%1 answered something that is not Prometheus's JSON (%2 at byte %3): is the profile's URL a "
                                            "Prometheus server?")
                                 .arg(where, parseError.errorString())
                                 .arg(parseError.offset);
        }
        return answer;
    }
    for (const QJsonValue &w : root.value(QStringLiteral("warnings")).toArray())
        answer.warnings.append(w.toString());
    if (status != QLatin1String("success")) {
        answer.errorType = root.value(QStringLiteral("errorType")).toString();
        const QString error = root.value(QStringLiteral("error")).toString();
        if (answer.errorType == QLatin1String("bad_data")) {
            answer.outcome = CheckOutcome::InvalidSpec;
            answer.message = QStringLiteral("Prometheus at %1 rejected the query: %2").arg(where, error);
        } else if (answer.errorType == QLatin1String("timeout")) {
            answer.outcome = CheckOutcome::Timeout;
            answer.message = QStringLiteral("Prometheus at %1 gave up on the query (%2): try a shorter range or a larger step").arg(where, error);
        } else {
            answer.outcome = CheckOutcome::HttpError;
            answer.message = QStringLiteral("Prometheus at %1 could not answer (HTTP %2, %3): %4")
                                 .arg(where)
                                 .arg(httpStatus)
                                 .arg(answer.errorType.isEmpty() ? QStringLiteral("error") : answer.errorType, error);
        }
        return answer;
    }
    const QJsonObject data = root.value(QStringLiteral("data")).toObject();
    answer.resultType = data.value(QStringLiteral("resultType")).toString();
    const QJsonValue result = data.value(QStringLiteral("result"));
    int skipped = 0;
    if (answer.resultType == QLatin1String("scalar")) {
        PrometheusSeries s;
        MetricPoint p;
        if (samplePoint(result, &p))
            s.points.append(p);
        answer.series.append(s);
    } else if (answer.resultType == QLatin1String("vector") || answer.resultType == QLatin1String("matrix")) {
        const bool matrix = answer.resultType == QLatin1String("matrix");
        const QJsonArray items = result.toArray();
        answer.series.reserve(items.size());
        for (const QJsonValue &item : items) {
            const QJsonObject o = item.toObject();
            PrometheusSeries s;
            const QJsonObject metric = o.value(QStringLiteral("metric")).toObject();
            for (auto it = metric.constBegin(); it != metric.constEnd(); ++it)
                s.labels.insert(it.key(), it.value().toString());
            MetricPoint p;
            if (matrix) {
                const QJsonArray values = o.value(QStringLiteral("values")).toArray();
                s.points.reserve(values.size());
                for (const QJsonValue &v : values) {
                    if (samplePoint(v, &p))
                        s.points.append(p);
                    else
                        ++skipped;
                }
            } else if (samplePoint(o.value(QStringLiteral("value")), &p)) {
                s.points.append(p);
            } else {
                ++skipped;
            }
            answer.series.append(std::move(s));
        }
    } else {
        answer.outcome = CheckOutcome::ProtocolError;
        answer.message = QStringLiteral("Prometheus at %1 answered a %2 result, which cannot be charted; ask for a vector or a matrix")
                             .arg(where, answer.resultType.isEmpty() ? QStringLiteral("shapeless") : answer.resultType);
        return answer;
    }
    if (skipped > 0)
        answer.warnings.append(QStringLiteral("%1 samples were not numbers and were left out").arg(skipped));
    qsizetype points = 0;
    for (const PrometheusSeries &s : std::as_const(answer.series))
        points += s.points.size();
    answer.message = QStringLiteral("%1 series, %2 points from %3").arg(answer.series.size()).arg(points).arg(where);
    return answer;
}

} // namespace triage
