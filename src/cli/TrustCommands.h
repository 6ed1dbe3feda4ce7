#pragma once

#include <QStringList>
#include <QTextStream>

namespace triage::cli {

// `triage trust PATH…`, `triage trust --revoke PATH…` and `triage trust --list`: which guides
// may run programs through their `command` checks (see GuideTrust). Trusting prints the
// programs the guide can run and the SHA-256 it is trusted by; a changed file is untrusted
// again. Exit codes as CommandLine's.
class TrustCommands {
public:
    TrustCommands(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments);

private:
    int usage(const QString &problem);
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace triage::cli
