#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

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
    // Values for the `${name}` placeholders of command checks (`--var name=value`); they win
    // over a check's `vars:` defaults. Filled in as single arguments, never through a shell.
    QHash<QString, QString> variables;
    std::function<QString(const QString &type, const QString &field)> secret;
    // Hosts the user chose, to which bound credentials may travel: the targets of --set (and,
    // later, of profiles) and TRIAGE_SECRET_HOSTS. This machine (localhost, 127.0.0.0/8, ::1)
    // always may. A guide cannot add to it: a guide that names another host gets no secret.
    QStringList trustedHosts;
    // Hosts chosen for one type only: an environment's postgres profile host receives the
    // postgres password, not the Redis one.
    QHash<QString, QStringList> trustedHostsByType;

    // The credential for a check of `type` going to `host` (empty for one that never leaves
    // this machine, such as a JWT decoded offline), or an empty string. `withheld` is set when
    // one is bound but `host` may not have it. A value handed out is registered with the log
    // masker, so that it never appears in a log line either.
    QString secretFor(const QString &type, const QString &field, const QString &host = QString(), bool *withheld = nullptr) const;
    bool mayReceiveSecrets(const QString &host, const QString &type = QString()) const;
    static bool isLoopback(const QString &host);

    // A lookup that reads TRIAGE_SECRET_<TYPE>_<FIELD> from the environment
    // (TRIAGE_SECRET_POSTGRES_PASSWORD, TRIAGE_SECRET_HTTP_TOKEN, …): what `triage check` uses,
    // and the app until profiles bind the keychain.
    static QString secretFromEnvironment(const QString &type, const QString &field);
};

} // namespace triage
