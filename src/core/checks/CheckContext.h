#pragma once

#include <QHash>
#include <QString>

#include <functional>

namespace triage {

// What a check needs besides its spec to run: where relative paths start, whether the guide
// may run commands, and the credentials bound to it. Credentials come from a lookup supplied
// by whoever runs the checks (the keychain and profiles in the app; environment variables in
// `triage check`); probes ask for them by type and field ("postgres", "password") and hold them
// only as long as a connection needs them. They never reach a result, a log or a report.
//
// Value type; the lookup must be callable from the thread the probes run on.
struct CheckContext {
    QString workingDirectory;   // relative `path:`s of file and dotenv checks start here
    bool trustedGuide = false;  // command checks run only when true
    int defaultTimeoutMs = 5000;
    std::function<QString(const QString &type, const QString &field)> secret;

    QString secretFor(const QString &type, const QString &field) const { return secret ? secret(type, field) : QString(); }

    // A lookup that reads TRIAGE_SECRET_<TYPE>_<FIELD> from the environment
    // (TRIAGE_SECRET_POSTGRES_PASSWORD, TRIAGE_SECRET_HTTP_TOKEN, …): what `triage check` uses,
    // and the app until profiles bind the keychain.
    static QString secretFromEnvironment(const QString &type, const QString &field);
};

} // namespace triage
