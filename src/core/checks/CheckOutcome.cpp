#include "CheckOutcome.h"

#include <iterator>

namespace triage {

namespace {

struct OutcomeName {
    CheckOutcome outcome;
    const char *name;
};

constexpr OutcomeName kNames[] = {
    {CheckOutcome::Ok, "ok"},
    {CheckOutcome::ConditionFalse, "condition_false"},
    {CheckOutcome::ConnectionRefused, "connection_refused"},
    {CheckOutcome::Timeout, "timeout"},
    {CheckOutcome::DnsFailure, "dns_failure"},
    {CheckOutcome::TlsError, "tls_error"},
    {CheckOutcome::AuthFailed, "auth_failed"},
    {CheckOutcome::NotFound, "not_found"},
    {CheckOutcome::HttpError, "http_error"},
    {CheckOutcome::ProtocolError, "protocol_error"},
    {CheckOutcome::RefusedUnsafe, "refused_unsafe"},
    {CheckOutcome::NotTrusted, "not_trusted"},
    {CheckOutcome::InvalidSpec, "invalid_spec"},
    {CheckOutcome::Cancelled, "cancelled"},
};

} // namespace

QString checkOutcomeName(CheckOutcome outcome)
{
    for (const OutcomeName &n : kNames) {
        if (n.outcome == outcome)
            return QLatin1String(n.name);
    }
    return QStringLiteral("invalid_spec");
}

bool checkOutcomeFromName(const QString &name, CheckOutcome *outcome)
{
    for (const OutcomeName &n : kNames) {
        if (name == QLatin1String(n.name)) {
            *outcome = n.outcome;
            return true;
        }
    }
    return false;
}

QStringList checkOutcomeNames()
{
    QStringList names;
    for (const OutcomeName &n : kNames)
        names.append(QLatin1String(n.name));
    return names;
}

QString checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return QStringLiteral("pass");
    case CheckStatus::Fail:
        return QStringLiteral("fail");
    case CheckStatus::Error:
        return QStringLiteral("error");
    case CheckStatus::Skipped:
        return QStringLiteral("skipped");
    }
    return QStringLiteral("error");
}

CheckStatus statusForOutcome(CheckOutcome outcome)
{
    switch (outcome) {
    case CheckOutcome::Ok:
        return CheckStatus::Pass;
    case CheckOutcome::ConditionFalse:
    case CheckOutcome::AuthFailed:
    case CheckOutcome::NotFound:
    case CheckOutcome::HttpError:
        return CheckStatus::Fail;
    case CheckOutcome::Cancelled:
        return CheckStatus::Skipped;
    default:
        return CheckStatus::Error;
    }
}

} // namespace triage
