#pragma once

#include "CheckProbe.h"

#include <QPointer>
#include <QProcess>

namespace triage {

// `command`: runs one program, only for a guide the user marked trusted. The command line is
// split into argv as a shell would split it, but no shell runs it: pipes, redirects and
// `$(…)` are refused. Output is captured up to 1 MiB per stream; the time limit kills it.
// [EXIT_CODE], [STDOUT], [STDERR]; a non-zero exit fails unless `expect` says otherwise.
class CommandProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

protected:
    void run() override;
    void abort() override;

private:
    QPointer<QProcess> m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace triage
