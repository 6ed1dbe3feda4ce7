#pragma once

#include "CheckProbe.h"

#include <QByteArray>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace triage {

// `http`: one request through QNetworkAccessManager (one shared manager per thread, so that
// keep-alive connections are reused). Reports [STATUS], [HEADER].name, [BODY] (parsed as JSON
// when it is JSON, walkable as [BODY].a.b[0]) and [RESPONSE_TIME].
//
// The body is read up to `max_body` bytes (1 MiB by default): a larger one ends the check as
// a protocol error instead of filling memory. TLS errors are reported as tls_error unless the
// spec says `insecure: true`. A bearer token or basic credentials come from the context's
// secret lookup, never from the spec.
class HttpProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    static constexpr qint64 kDefaultMaxBody = 1024 * 1024;
    // The calling thread's manager (keep-alive connections are reused), and a separate one for
    // `insecure: true`, whose connections may have ignored a TLS error. Also for PrometheusProbe.
    static QNetworkAccessManager *networkManager(bool insecure = false);

protected:
    void run() override;
    void abort() override;

private:
    void onFinished();
    void tooLarge(qint64 size);

    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    qint64 m_maxBody = kDefaultMaxBody;
    QString m_tlsErrors;
};

} // namespace triage
