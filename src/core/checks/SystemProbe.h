#pragma once

#include "CheckProbe.h"

namespace triage {

// `system`: CPU, memory, load or disk use of this machine, each as a fraction in [VALUE]
// (0.85 is 85 %; a condition reads `[VALUE] < 90%`). CPU is sampled over 200 ms from
// /proc/stat; memory from /proc/meminfo (MemAvailable); load is the 1-minute load per core;
// disk is the used share of the filesystem holding `path:` (default /).
class SystemProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

protected:
    void run() override;
};

} // namespace triage
