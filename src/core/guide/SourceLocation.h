#pragma once

#include <QString>

namespace triage {

// Where something came from in a guide: `file:line:column`, 1-based. Column 0 means "the line".
struct SourceLocation {
    QString file;
    int line = 0;
    int column = 0;

    QString toString() const
    {
        QString s = file;
        if (line > 0)
            s += QLatin1Char(':') + QString::number(line);
        if (line > 0 && column > 0)
            s += QLatin1Char(':') + QString::number(column);
        return s;
    }
};

} // namespace triage
