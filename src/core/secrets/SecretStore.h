#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace triage {

// Where Triage keeps passwords and tokens: the OS keychain through QtKeychain (Secret Service
// on Linux, Keychain on macOS, Credential Manager on Windows), never a file. Keys look like
// `triage/<environment>/<profile>/<field>`. The insecure plaintext fallback is off.
//
// A store made with `sessionOnly` keeps secrets in memory for this run instead, for machines
// without a keychain, when the user asks for it (--session-secrets); nothing is written.
//
// Jobs are asynchronous; `done` runs on the calling thread's event loop. Every value read or
// written is registered with the log masker. Lives on one thread.
class SecretStore : public QObject {
    Q_OBJECT
public:
    struct Result {
        bool ok = false;
        bool notFound = false;   // no secret yet: not an error
        bool unreachable = false; // no keychain could be reached, or it refused: exit code 3
        bool denied = false;      // it was reached but refused access (locked, or the user said no)
        bool timedOut = false;    // no answer within 30 s (an unlock prompt nobody answered)
        QString value;
        QString error;           // what went wrong and how to fix it
    };
    using Done = std::function<void(const Result &)>;

    explicit SecretStore(bool sessionOnly = false, QObject *parent = nullptr);

    static QString key(const QString &environment, const QString &profile, const QString &field);
    bool isSessionOnly() const { return m_sessionOnly; }

    void read(const QString &key, Done done);
    void write(const QString &key, const QString &value, Done done);
    void remove(const QString &key, Done done);

private:
    bool m_sessionOnly = false;
    QHash<QString, QString> m_session;
};

} // namespace triage
