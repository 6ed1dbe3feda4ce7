#pragma once

#include "CheckProbe.h"

#include <QPointer>

class QNetworkReply;

namespace triage {

// `prometheus`: scrapes a /metrics URL, parses the text exposition format and reads one sample
// by name and labels into [VALUE], for a condition such as `[VALUE] < 0.8`. With `query:`, asks
// the Prometheus server at `url` that PromQL instead (its /api/v1/query, the environment's
// prometheus profile token as a bearer token) and reads the first series' value, so that a
// guide can state a fleet-wide question: `sum(rate(http_requests_total{code=~"5.."}[5m]))`.
class PrometheusProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    struct Sample {
        QString name;
        QHash<QString, QString> labels;
        double value = 0;
    };
    // Samples of the text format; `errorLine` is set (1-based) on the first line it cannot read.
    static QList<Sample> parse(const QByteArray &text, int *errorLine);

protected:
    void run() override;
    void abort() override;

private:
    void runQuery(const QUrl &server, const QString &promql);

    QPointer<QNetworkReply> m_reply;
    QPointer<class PrometheusClient> m_client;
};

} // namespace triage
