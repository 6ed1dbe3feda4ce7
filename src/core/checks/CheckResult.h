#pragma once

#include "CheckOutcome.h"

#include <QJsonObject>
#include <QString>
#include <QVariantMap>

namespace triage {

// What one run of a check found: its status and outcome class, a finer type-specific reason
// (an SQLSTATE, `missing_keys`, `in_use`), a message a person can act on (what was tried,
// where, and what to try next), how long it took, and what it measured.
//
// `values` feed the check's conditions ([STATUS], [BODY], [VALUE], …); `metrics` are the
// figures shown to the user and charted (latency, hit rate, used memory, …). Neither ever
// holds a credential.
//
// Value type; safe to copy across threads.
struct CheckResult {
    CheckStatus status = CheckStatus::Error;
    CheckOutcome outcome = CheckOutcome::InvalidSpec;
    QString reason;        // type-specific detail, e.g. "28P01", "3D000", "missing_keys", "in_use"
    QString message;
    QString target;        // "postgres 127.0.0.1:5432/app", "http GET https://…/health", "env DATABASE_URL"
    double durationMs = 0;
    QVariantMap values;
    QVariantMap metrics;
    bool valuesAreSecret = false; // conditions may compare them, messages never show them

    bool passed() const { return status == CheckStatus::Pass; }
    // Sets outcome and message, and the status the outcome means.
    static CheckResult make(CheckOutcome outcome, const QString &message, const QString &reason = QString());

    // {"type"…} is added by the runner; this is the result part of `triage check --json`:
    // status, outcome, reason (when any), message, duration_ms, metrics.
    QJsonObject toJson() const;
};

} // namespace triage

Q_DECLARE_METATYPE(triage::CheckResult)
