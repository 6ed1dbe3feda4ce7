#include "PrometheusProbe.h"

#include "HttpProbe.h"
#include "metrics/PrometheusClient.h"
#include "TcpProbe.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QCoreApplication>
#include <QPointer>
#include <QThread>
#include <QThreadStorage>
#include <QUrl>

#include <cmath>
#include <limits>

namespace triage {

namespace {

constexpr qint64 kMaxScrape = 8 * 1024 * 1024;

double parseValue(const QByteArray &text, bool *ok)
{
    if (text == "+Inf") {
        *ok = true;
        return std::numeric_limits<double>::infinity();
    }
    if (text == "-Inf") {
        *ok = true;
        return -std::numeric_limits<double>::infinity();
    }
    if (text == "NaN") {
        *ok = true;
        return std::nan("");
    }
    return text.toDouble(ok);
}

} // namespace

QString PrometheusProbe::target() const
{
    if (!param(QStringLiteral("query")).isEmpty())
        return QStringLiteral("prometheus %1 %2").arg(QUrl(param(QStringLiteral("url"))).toDisplayString(QUrl::RemoveUserInfo),
                                                      param(QStringLiteral("query")).left(80));
    return QStringLiteral("prometheus %1 %2").arg(QUrl(param(QStringLiteral("url"))).toDisplayString(QUrl::RemoveUserInfo), param(QStringLiteral("metric")));
}

QList<PrometheusProbe::Sample> PrometheusProbe::parse(const QByteArray &text, int *errorLine)
{
    QList<Sample> samples;
    *errorLine = 0;
    int lineNumber = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++lineNumber;
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        Sample s;
        qsizetype i = 0;
        while (i < line.size() && (std::isalnum(uchar(line.at(i))) || line.at(i) == '_' || line.at(i) == ':'))
            ++i;
        s.name = QString::fromLatin1(line.left(i));
        if (s.name.isEmpty()) {
            *errorLine = lineNumber;
            return samples;
        }
        if (i < line.size() && line.at(i) == '{') {
            ++i;
            while (i < line.size() && line.at(i) != '}') {
                while (i < line.size() && (line.at(i) == ',' || line.at(i) == ' '))
                    ++i;
                if (i < line.size() && line.at(i) == '}')
                    break;
                const qsizetype eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= line.size() || line.at(eq + 1) != '"') {
                    *errorLine = lineNumber;
                    return samples;
                }
                const QString key = QString::fromUtf8(line.mid(i, eq - i)).trimmed();
                QByteArray value;
                qsizetype j = eq + 2;
                for (; j < line.size() && line.at(j) != '"'; ++j) {
                    if (line.at(j) == '\\' && j + 1 < line.size()) {
                        ++j;
                        value.append(line.at(j) == 'n' ? '\n' : line.at(j));
                    } else {
                        value.append(line.at(j));
                    }
                }
                if (j >= line.size()) {
                    *errorLine = lineNumber;
                    return samples;
                }
                s.labels.insert(key, QString::fromUtf8(value));
                i = j + 1;
            }
            if (i >= line.size()) {
                *errorLine = lineNumber;
                return samples;
            }
            ++i; // }
        }
        const QList<QByteArray> rest = line.mid(i).simplified().split(' ');
        bool ok = false;
        s.value = rest.isEmpty() ? 0 : parseValue(rest.first(), &ok);
        if (!ok) {
            *errorLine = lineNumber;
            return samples;
        }
        samples.append(s);
    }
    return samples;
}

void PrometheusProbe::run()
{
    const QUrl url(param(QStringLiteral("url")), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("prometheus `url:` must be an http:// or https:// URL")));
        return;
    }
    if (const QString query = param(QStringLiteral("query")); !query.trimmed().isEmpty()) {
        runQuery(url, query);
        return;
    }
    if (param(QStringLiteral("metric")).isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                 QStringLiteral("a prometheus check needs `metric:` (a sample to scrape from `url:`) or `query:` (PromQL for the "
                                                "Prometheus server at `url:`)")));
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(0);
    request.setRawHeader("Accept", "text/plain;version=0.0.4");
    m_reply = HttpProbe::networkManager()->get(request);
    m_reply->setParent(this);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_reply->bytesAvailable() > kMaxScrape || m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > kMaxScrape) {
            abort();
            finish(CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: the scrape is larger than 8 MB").arg(target()),
                                     QStringLiteral("too_large")));
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        if (isFinished())
            return;
        const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (!status.isValid()) {
            const auto error = m_reply->error();
            if (error == QNetworkReply::OperationCanceledError)
                return;
            const QAbstractSocket::SocketError socketError = error == QNetworkReply::ConnectionRefusedError ? QAbstractSocket::ConnectionRefusedError
                                                             : error == QNetworkReply::HostNotFoundError   ? QAbstractSocket::HostNotFoundError
                                                                                                           : QAbstractSocket::UnknownSocketError;
            finish(TcpProbe::socketFailure(socketError, target(), m_reply->errorString()));
            return;
        }
        if (status.toInt() >= 400) {
            finish(CheckResult::make(CheckOutcome::HttpError, QStringLiteral("%1: HTTP %2").arg(target()).arg(status.toInt()),
                                     QString::number(status.toInt())));
            return;
        }
        int errorLine = 0;
        const QList<Sample> samples = parse(m_reply->read(kMaxScrape), &errorLine);
        if (errorLine > 0) {
            finish(CheckResult::make(CheckOutcome::ProtocolError,
                                     QStringLiteral("%1: line %2 is not Prometheus text format; is this a /metrics endpoint?").arg(target()).arg(errorLine),
                                     QStringLiteral("parse_error")));
            return;
        }
        const QString metric = param(QStringLiteral("metric"));
        const QVariantMap wanted = spec().params.value(QStringLiteral("labels")).toMap();
        for (const Sample &s : samples) {
            if (s.name != metric)
                continue;
            bool matches = true;
            for (auto it = wanted.cbegin(); it != wanted.cend() && matches; ++it)
                matches = s.labels.value(it.key()) == it.value().toString();
            if (!matches)
                continue;
            CheckResult r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1 = %2").arg(target()).arg(s.value));
            r.values.insert(QStringLiteral("VALUE"), s.value);
            r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
            r.metrics.insert(QStringLiteral("value"), s.value);
            r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
            finishAnswered(r);
            return;
        }
        finish(CheckResult::make(CheckOutcome::NotFound,
                                 QStringLiteral("%1: no sample %2%3 among %4 samples").arg(target(), metric,
                                                                                          wanted.isEmpty() ? QString() : QStringLiteral(" with those labels"))
                                     .arg(samples.size()),
                                 QStringLiteral("missing_metric")));
    });
}

void PrometheusProbe::runQuery(const QUrl &server, const QString &promql)
{
    // The token may travel only to a host the user chose (the environment's profile, --set).
    bool withheld = false;
    const QString token = context().secretFor(QStringLiteral("prometheus"), QStringLiteral("token"), server.host(), &withheld);
    PrometheusAuth auth;
    if (!token.isEmpty())
        auth = {PrometheusAuth::Kind::Bearer, QString(), token};
    m_client = new PrometheusClient(server, auth, this);
    m_client->setTimeout(24 * 3600 * 1000); // the check's own time limit applies, and cancels
    connect(m_client, &PrometheusClient::finished, this, [this, promql, withheld](int, const PrometheusAnswer &answer) {
        if (isFinished())
            return;
        if (!answer.ok()) {
            QString message = answer.message;
            if (answer.outcome == CheckOutcome::AuthFailed && withheld)
                message += QStringLiteral(" (a token is bound, but not for this host: choose the environment whose Prometheus this is, "
                                          "or add the host to TRIAGE_SECRET_HOSTS)");
            finish(CheckResult::make(answer.outcome, message, answer.errorType));
            return;
        }
        if (answer.series.isEmpty() || answer.series.first().points.isEmpty()) {
            CheckResult r = CheckResult::make(CheckOutcome::ConditionFalse,
                                              QStringLiteral("%1: no series matched; check the metric and label names in the query").arg(target()),
                                              QStringLiteral("missing_metric"));
            r.values.insert(QStringLiteral("SERIES"), 0);
            finish(r);
            return;
        }
        const double value = answer.series.first().points.last().value;
        CheckResult r = CheckResult::make(CheckOutcome::Ok, answer.series.size() == 1
                                                                ? QStringLiteral("%1 = %2").arg(target()).arg(value)
                                                                : QStringLiteral("%1 = %2 (first of %3 series)").arg(target()).arg(value).arg(answer.series.size()));
        r.values.insert(QStringLiteral("VALUE"), value);
        r.values.insert(QStringLiteral("SERIES"), int(answer.series.size()));
        r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
        if (std::isfinite(value))
            r.metrics.insert(QStringLiteral("value"), value);
        r.metrics.insert(QStringLiteral("series"), int(answer.series.size()));
        r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
        finishAnswered(r);
    });
    m_client->query(promql);
}

void PrometheusProbe::abort()
{
    if (m_client)
        m_client->cancelAll();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

} // namespace triage
