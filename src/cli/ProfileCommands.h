#pragma once

#include <QHash>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace triage {
class ProfileStore;
class SecretStore;
} // namespace triage

namespace triage::cli {

// `triage env …`, `triage profile …` and `triage secret …`: environments and their connection
// profiles (stored without secrets, see ProfileStore) and their secrets (the OS keychain, see
// SecretStore). No subcommand prints a secret; secrets are read from stdin, never from
// arguments. Exit codes as CommandLine's; 3 when the keychain cannot be reached.
//
// Runs the main event loop while keychain jobs are out. Writes to streams it does not own.
class ProfileCommands {
public:
    ProfileCommands(QTextStream &out, QTextStream &err, QTextStream &in);

    int env(const QStringList &arguments);
    int profile(const QStringList &arguments);
    int secret(const QStringList &arguments);

    // Runs `start` from the event loop and returns the code it finishes with.
    static int runAsync(const std::function<void(std::function<void(int)>)> &start);

private:
    int usage(const QString &problem);
    int importProfiles(const QStringList &args, bool fromLibpq, const QString &service, ProfileStore &store, SecretStore &secrets);
    QString readSecretLine(const QString &prompt);
    static QString userOf(const QString &url);
    // Removes the profile's password, token and user from the keychain (3 when it refuses).
    int forgetSecrets(SecretStore &secrets, const QString &env, const QString &profile, const QStringList &extraFields = {});
    // Writes each field; on a failure removes what was written and returns 3.
    int storeSecrets(SecretStore &secrets, const QString &env, const QString &profile, const QHash<QString, QString> &fields);

    QTextStream &m_out;
    QTextStream &m_err;
    QTextStream &m_in;
};

} // namespace triage::cli
