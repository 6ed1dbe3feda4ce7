#pragma once

#include "CheckProbe.h"

namespace triage {

// `file`: a path exists, is a file or a folder (`kind:`), and is readable. Relative paths
// start at the context's working directory.
class FileProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;
    static QString resolvePath(const QString &path, const QString &workingDirectory);

protected:
    void run() override;

private:
    static CheckResult inspect(const QString &resolved, const QString &kind, bool mustRead);
};

} // namespace triage
