#pragma once

#include "CheckProbe.h"

#include <QHash>

namespace triage {

// `dotenv`: a .env file exists, is a file and not a folder, parses (KEY=value lines, optional
// `export`, comments, single or double quotes) and defines every key in `keys:`. Values are
// never shown; [VALUE].KEY lets conditions compare them.
class DotenvProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    struct Parsed {
        QHash<QString, QString> values;
        int errorLine = 0;      // 0 when it parsed
        QString error;
    };
    static Parsed parse(const QByteArray &text);

protected:
    void run() override;
};

} // namespace triage
