#include "CheckResult.h"

#include <QJsonValue>

#include <cmath>

namespace triage {

CheckResult CheckResult::make(CheckOutcome outcome, const QString &message, const QString &reason)
{
    CheckResult r;
    r.outcome = outcome;
    r.status = statusForOutcome(outcome);
    r.message = message;
    r.reason = reason;
    return r;
}

QJsonObject CheckResult::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("target"), target);
    json.insert(QStringLiteral("status"), checkStatusName(status));
    json.insert(QStringLiteral("outcome"), checkOutcomeName(outcome));
    if (!reason.isEmpty())
        json.insert(QStringLiteral("reason"), reason);
    json.insert(QStringLiteral("message"), message);
    json.insert(QStringLiteral("duration_ms"), std::round(durationMs * 10) / 10);
    json.insert(QStringLiteral("metrics"), QJsonObject::fromVariantMap(metrics));
    return json;
}

} // namespace triage
