#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QLockFile>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>

namespace triage {

class Guide;

// Which guides the user has allowed to run programs (`command` checks), remembered by the
// SHA-256 of the file's bytes. Trust goes to what the user read, not to a path: a changed file
// is untrusted again, and the user is told that it changed since they trusted it.
//
// Kept in trusted-guides.json under the app's config folder; saves are atomic (QSaveFile) and a
// load-change-save holds a lock file, as the profiles do.
//
// Value type; load() and save() do file I/O (keep them off the GUI thread).
class GuideTrust {
public:
    enum class State {
        Trusted,   // these exact bytes were trusted
        Untrusted, // never trusted (or trust was revoked)
        Changed,   // this path was trusted with other bytes: it changed since
    };
    struct Entry {
        QString sha256;     // hex
        QString path;       // absolute, as it was when trusted; for display and "changed"
        QDateTime trustedAt;
    };

    explicit GuideTrust(QString path = defaultPath());
    static QString defaultPath();
    QString path() const { return m_path; }

    std::unique_ptr<QLockFile> lock(QString *error) const;
    // False, with a message, when the file exists but cannot be read or parsed.
    bool load(QString *error);
    bool save(QString *error) const;

    State state(const Guide &guide) const;
    // When the guide's path was last trusted (with these or other bytes); invalid if never.
    QDateTime trustedAt(const Guide &guide) const;
    void trust(const Guide &guide, const QDateTime &when = QDateTime::currentDateTimeUtc());
    // Forgets every entry for the guide's path and for its bytes. Returns how many went.
    int revoke(const Guide &guide);
    const QList<Entry> &entries() const { return m_entries; }

    static QString hashOf(const Guide &guide);
    // The same for bytes read some other way (a file, to see whether it changed).
    static QString hashOf(const QByteArray &bytes);
    struct Command {
        QString step;       // the node's title
        QString command;    // as written, with its ${name} placeholders
        QVariantMap vars;   // the placeholders' defaults
    };
    static QList<Command> commands(const Guide &guide);
    // The programs a guide's command checks would run, "node title: command", in document
    // order: what the user is shown before trusting it.
    static QStringList commandsOf(const Guide &guide);
    static bool runsCommands(const Guide &guide);
    // One line for a guide whose command checks will not run: why, and what to do.
    static QString refusal(const Guide &guide, State state, const QDateTime &trustedAt);

private:
    static QString absolutePath(const Guide &guide);
    QString m_path;
    QList<Entry> m_entries;
};

} // namespace triage
