#include "HttpProbe.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QCoreApplication>
#include <QPointer>
#include <QThread>
#include <QThreadStorage>
#include <QUrl>
#include <QUrlQuery>

namespace triage {

namespace {

} // namespace

// One manager per thread, so that keep-alive connections are reused, and a second one for
// `insecure: true` checks: a connection that has ignored a TLS error stays that way, and must
// never serve a check that expects verification.
QNetworkAccessManager *HttpProbe::networkManager(bool insecure)
{
    // On the application's thread the managers are children of the application, so that
    // they go before it does; on other threads they go with the thread.
    if (QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread()) {
        static QPointer<QNetworkAccessManager> strictMain;
        static QPointer<QNetworkAccessManager> laxMain;
        QPointer<QNetworkAccessManager> &m = insecure ? laxMain : strictMain;
        if (!m)
            m = new QNetworkAccessManager(QCoreApplication::instance());
        return m;
    }
    static QThreadStorage<QNetworkAccessManager *> strict;
    static QThreadStorage<QNetworkAccessManager *> lax;
    QThreadStorage<QNetworkAccessManager *> &managers = insecure ? lax : strict;
    if (!managers.hasLocalData())
        managers.setLocalData(new QNetworkAccessManager);
    return managers.localData();
}

namespace {

bool isSafeMethod(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

QVariant bodyValue(const QByteArray &body, const QString &contentType)
{
    const QByteArray trimmed = body.trimmed();
    if (contentType.contains(QLatin1String("json")) || trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
        if (error.error == QJsonParseError::NoError)
            return doc.toVariant();
    }
    return QString::fromUtf8(body);
}

} // namespace

QString HttpProbe::target() const
{
    const QString method = param(QStringLiteral("method")).isEmpty() ? QStringLiteral("GET") : param(QStringLiteral("method")).toUpper();
    return QStringLiteral("http %1 %2").arg(method, QUrl(param(QStringLiteral("url"))).toDisplayString(QUrl::RemoveUserInfo));
}

void HttpProbe::run()
{
    const QUrl url(param(QStringLiteral("url")), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                 QStringLiteral("`url: %1` is not an http:// or https:// URL").arg(param(QStringLiteral("url")))));
        return;
    }
    bool ok = false;
    const qint64 max = spec().params.value(QStringLiteral("max_body")).toString().toLongLong(&ok);
    if (ok && max > 0)
        m_maxBody = max;

    const QByteArray method = param(QStringLiteral("method")).isEmpty() ? QByteArrayLiteral("GET") : param(QStringLiteral("method")).toUpper().toLatin1();
    if (!isSafeMethod(method) && !context().trustedGuide) {
        finish(CheckResult::make(CheckOutcome::RefusedUnsafe,
                                 QStringLiteral("%1: not sent: a %2 request can change the service, and this guide is not marked "
                                                "trusted. Checks send GET, HEAD and OPTIONS")
                                     .arg(target(), QString::fromLatin1(method)),
                                 QStringLiteral("not_read_only")));
        return;
    }

    QNetworkRequest request(url);
    request.setTransferTimeout(0); // the probe's own deadline covers the whole exchange
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Triage/0.1 (troubleshooting check)"));
    // Checks neither keep nor send cookies: one check's session is not another's.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    const QVariantMap headers = spec().params.value(QStringLiteral("headers")).toMap();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        request.setRawHeader(it.key().toUtf8(), it.value().toString().toUtf8());

    // Credentials go only to a host the user chose (or this machine), only over https unless
    // it is this machine, and never along a redirect to another origin.
    const QString host = url.host();
    bool withheld = false;
    bool credentials = false;
    auto credential = [&](const QString &field) {
        const QString value = context().secretFor(QStringLiteral("http"), field, host, &withheld);
        credentials = credentials || !value.isEmpty();
        return value;
    };
    auto refuse = [&](const QString &what) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                 withheld ? QStringLiteral("%1 needs %2, which is bound but not released to %3: Triage sends "
                                                           "credentials only to this machine or to hosts you chose (--set, "
                                                           "TRIAGE_SECRET_HOSTS)")
                                                .arg(target(), what, host)
                                          : QStringLiteral("%1 needs %2, and none is bound to this check (TRIAGE_SECRET_HTTP_… for "
                                                           "`triage check`)")
                                                .arg(target(), what)));
    };
    for (const QVariant &name : spec().params.value(QStringLiteral("secret_headers")).toList()) {
        const QString value = credential(QStringLiteral("header:") + name.toString());
        if (value.isEmpty()) {
            refuse(QStringLiteral("the header `%1`").arg(name.toString()));
            return;
        }
        request.setRawHeader(name.toString().toUtf8(), value.toUtf8());
    }
    const QStringList secretQuery = spec().params.value(QStringLiteral("secret_query")).toStringList();
    if (!secretQuery.isEmpty()) {
        QUrl withQuery = url;
        QUrlQuery query(withQuery);
        for (const QString &name : secretQuery) {
            const QString value = credential(QStringLiteral("query:") + name);
            if (value.isEmpty()) {
                refuse(QStringLiteral("the query parameter `%1`").arg(name));
                return;
            }
            query.removeAllQueryItems(name);
            query.addQueryItem(name, value);
        }
        withQuery.setQuery(query);
        request.setUrl(withQuery);
    }
    const QString auth = param(QStringLiteral("auth")).toLower();
    if (auth == QLatin1String("bearer")) {
        const QString token = credential(QStringLiteral("token"));
        if (token.isEmpty()) {
            refuse(QStringLiteral("a bearer token"));
            return;
        }
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    } else if (auth == QLatin1String("basic")) {
        const QString user = credential(QStringLiteral("user"));
        const QString password = credential(QStringLiteral("password"));
        if (password.isEmpty()) {
            refuse(QStringLiteral("a password"));
            return;
        }
        request.setRawHeader("Authorization", "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64());
    }
    if (credentials) {
        if (url.scheme() != QLatin1String("https") && !CheckContext::isLoopback(host)) {
            finish(CheckResult::make(CheckOutcome::RefusedUnsafe,
                                     QStringLiteral("%1: not sent: it carries a credential, and plain http:// to %2 would show it to "
                                                    "the network. Use https://")
                                         .arg(target(), host),
                                     QStringLiteral("plain_http")));
            return;
        }
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    }

    const bool insecure = param(QStringLiteral("insecure")).toLower() == QLatin1String("true");
    m_reply = networkManager(insecure)->sendCustomRequest(request, method);
    m_reply->setParent(this);
    m_reply->setReadBufferSize(0);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const qint64 announced = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (announced > m_maxBody)
            tooLarge(announced);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (isFinished())
            return;
        m_body += m_reply->read(m_maxBody + 1 - m_body.size());
        if (m_body.size() > m_maxBody)
            tooLarge(m_body.size());
    });
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        m_tlsErrors = texts.join(QStringLiteral("; "));
        if (param(QStringLiteral("insecure")).toLower() == QLatin1String("true"))
            m_reply->ignoreSslErrors();
    });
    connect(m_reply, &QNetworkReply::finished, this, &HttpProbe::onFinished);
}

void HttpProbe::tooLarge(qint64 size)
{
    if (isFinished())
        return;
    abort();
    finish(CheckResult::make(CheckOutcome::ProtocolError,
                             QStringLiteral("%1: the body is larger than %2 bytes (%3 so far); Triage stops reading there. Point the "
                                            "check at a smaller endpoint, or raise `max_body:`")
                                 .arg(target())
                                 .arg(m_maxBody)
                                 .arg(size),
                             QStringLiteral("too_large")));
}

void HttpProbe::onFinished()
{
    if (isFinished() || !m_reply)
        return;
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid()) {
        const QNetworkReply::NetworkError error = m_reply->error();
        const QString detail = m_reply->errorString();
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            finish(CheckResult::make(CheckOutcome::ConnectionRefused,
                                     QStringLiteral("%1: connection refused, so nothing listens on %2:%3. Start the service, or "
                                                    "fix the URL the check uses")
                                         .arg(target(), m_reply->url().host())
                                         .arg(m_reply->url().port(m_reply->url().scheme() == QLatin1String("https") ? 443 : 80)),
                                     QStringLiteral("refused")));
            return;
        case QNetworkReply::HostNotFoundError:
            finish(CheckResult::make(CheckOutcome::DnsFailure,
                                     QStringLiteral("%1: host %2 does not resolve; check the URL, /etc/hosts or DNS")
                                         .arg(target(), m_reply->url().host()),
                                     QStringLiteral("nxdomain")));
            return;
        case QNetworkReply::SslHandshakeFailedError:
            finish(CheckResult::make(CheckOutcome::TlsError,
                                     QStringLiteral("%1: TLS failed: %2. Check the certificate (expired, wrong host name, "
                                                    "unknown CA)")
                                         .arg(target(), m_tlsErrors.isEmpty() ? detail : m_tlsErrors),
                                     QStringLiteral("tls")));
            return;
        case QNetworkReply::OperationCanceledError:
            return; // our own abort: a timeout or a cancel already reported
        default:
            if (!m_tlsErrors.isEmpty()) {
                finish(CheckResult::make(CheckOutcome::TlsError, QStringLiteral("%1: TLS failed: %2").arg(target(), m_tlsErrors),
                                         QStringLiteral("tls")));
                return;
            }
            finish(CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: %2").arg(target(), detail)));
            return;
        }
    }
    m_body += m_reply->read(m_maxBody + 1 - m_body.size());
    if (m_body.size() > m_maxBody) {
        tooLarge(m_body.size());
        return;
    }
    const int status = statusAttribute.toInt();
    const double ms = elapsedMs();
    const QString contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    QByteArray body = m_body;
    const QString filter = param(QStringLiteral("filter"));
    if (!filter.isEmpty()) {
        QByteArrayList kept;
        for (const QByteArray &line : body.split('\n')) {
            if (line.contains(filter.toUtf8()))
                kept.append(line);
        }
        body = kept.join('\n');
    }
    QVariantMap headerValues;
    for (const QNetworkReply::RawHeaderPair &h : m_reply->rawHeaderPairs())
        headerValues.insert(QString::fromLatin1(h.first).toLower(), QString::fromUtf8(h.second));

    CheckResult r = CheckResult::make(status >= 400 ? CheckOutcome::HttpError : CheckOutcome::Ok,
                                      status >= 400 ? QStringLiteral("%1: HTTP %2 %3")
                                                          .arg(target())
                                                          .arg(status)
                                                          .arg(m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                                                    : QStringLiteral("%1: HTTP %2 in %3 ms").arg(target()).arg(status).arg(qRound(ms)),
                                      QString::number(status));
    r.values.insert(QStringLiteral("STATUS"), status);
    r.values.insert(QStringLiteral("HEADER"), headerValues);
    r.values.insert(QStringLiteral("BODY"), bodyValue(body, contentType));
    r.values.insert(QStringLiteral("RESPONSE_TIME"), ms);
    r.values.insert(QStringLiteral("CONNECTED"), true);
    r.metrics.insert(QStringLiteral("status"), status);
    r.metrics.insert(QStringLiteral("latency_ms"), ms);
    r.metrics.insert(QStringLiteral("body_bytes"), m_body.size());
    finishAnswered(r);
}

void HttpProbe::abort()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

} // namespace triage
