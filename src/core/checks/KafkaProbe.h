#pragma once

#include "CheckProbe.h"

#include <QTcpSocket>

namespace triage {

// `kafka`: the broker accepts a connection and answers an ApiVersions request (API key 18,
// version 0), which every Kafka broker since 0.10 does. [API_VERSIONS] counts the APIs it offers.
class KafkaProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    static QByteArray apiVersionsRequest(qint32 correlationId);

protected:
    void run() override;
    void abort() override;

private:
    void onReadyRead();
    QTcpSocket *m_socket = nullptr;
    QByteArray m_buffer;
};

} // namespace triage
