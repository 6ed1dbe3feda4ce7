#pragma once

#include "CheckProbe.h"

namespace triage {

// `env`: a variable of this process's environment is set, non-empty, or matches `pattern:`.
// The value is compared but never shown when the name is a credential's (…_PASSWORD, …_TOKEN).
class EnvProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

protected:
    void run() override;
};

} // namespace triage
