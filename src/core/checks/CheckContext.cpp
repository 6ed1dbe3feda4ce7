#include "CheckContext.h"

#include <QRegularExpression>

namespace triage {

QString CheckContext::secretFromEnvironment(const QString &type, const QString &field)
{
    QString name = QStringLiteral("TRIAGE_SECRET_%1_%2").arg(type, field).toUpper();
    static const QRegularExpression notName(QStringLiteral("[^A-Z0-9_]"));
    name.replace(notName, QStringLiteral("_"));
    return qEnvironmentVariable(name.toLatin1().constData());
}

} // namespace triage
