#pragma once

#include <QString>
#include <QStringList>

namespace triage {

// Why a check ended as it did: a fixed, documented set of classes that every check type
// reports, so that a guide can name a branch per class (`on: connection_refused: "#start-it"`).
// Types add a finer `reason` (SQLSTATE 28P01, `missing_keys`, …) but never a new class.
enum class CheckOutcome {
    Ok,                // it answered and every condition held
    ConditionFalse,    // it answered, but a condition did not hold (or the thing checked is absent/wrong)
    ConnectionRefused, // nothing listens on host:port
    Timeout,           // no answer within the time limit
    DnsFailure,        // the host name does not resolve
    TlsError,          // the TLS handshake or certificate failed
    AuthFailed,        // the server refused the credentials (or asked for some)
    NotFound,          // the database, key, file or URL path does not exist
    HttpError,         // an HTTP status of 400 or more
    ProtocolError,     // the server answered something that is not its protocol
    RefusedUnsafe,     // Triage refused to send it: it could write or change state
    NotTrusted,        // a command check in a guide the user has not marked trusted
    InvalidSpec,       // the check itself is wrong: missing parameter, bad URL, bad condition
    Cancelled,         // the user or the runner stopped it
};

// Whether a check passed, failed (the service answered: something is wrong with it), ended in
// an error (it could not be asked), or was skipped.
enum class CheckStatus { Pass, Fail, Error, Skipped };

QString checkOutcomeName(CheckOutcome outcome);             // "connection_refused"
bool checkOutcomeFromName(const QString &name, CheckOutcome *outcome);
QStringList checkOutcomeNames();
QString checkStatusName(CheckStatus status);                // "pass"
// The status an outcome means: Ok passes; ConditionFalse, AuthFailed, NotFound and HttpError
// fail (something answered); Cancelled is skipped; the rest are errors.
CheckStatus statusForOutcome(CheckOutcome outcome);

} // namespace triage
