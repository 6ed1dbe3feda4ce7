#pragma once

#include "CheckProbe.h"

namespace triage {

// `dns`: a host name resolves ([ADDRESSES], [RESPONSE_TIME]), through the system resolver as
// the app itself would.
class DnsProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

protected:
    void run() override;
    void abort() override;

private:
    int m_lookup = -1;
};

} // namespace triage
