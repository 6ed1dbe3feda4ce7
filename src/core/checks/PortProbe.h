#pragma once

#include "CheckProbe.h"

namespace triage {

// `port`: whether a local TCP port is free or in use, and by which process where /proc tells
// (other users' processes may not say). Passes when the port is free, which is what "address
// already in use" needs; `expect: [IN_USE]` turns it round for "is the server listening?".
class PortProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    struct Listener {
        bool inUse = false;
        qint64 pid = 0;        // 0 when /proc does not say
        QString process;       // comm of that pid
    };
    // Reads /proc/net/tcp and tcp6 (and /proc/*/fd for the owner). Blocking; call off the GUI thread.
    static Listener findListener(int port);

protected:
    void run() override;
};

} // namespace triage
