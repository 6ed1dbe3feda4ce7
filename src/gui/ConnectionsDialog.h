#pragma once

#include "checks/CheckResult.h"
#include "checks/ProbeRegistry.h"
#include "profiles/ProfileStore.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <memory>

namespace Ui {
class ConnectionsDialog;
}

namespace triage {

class CheckProbe;
class SecretStore;

// Environments and their connection profiles, edited in the window: add and remove them, mark
// production, type a password or token (it goes to the OS keychain, never to a file) and test
// the connection live. What `triage env`, `triage profile` and `triage secret` do from the CLI.
//
// profiles.json is read and written on a worker thread, each change applied to a fresh read
// under the store's lock, so that a CLI edit made meanwhile is kept. GUI thread only.
class ConnectionsDialog : public QDialog {
    Q_OBJECT
public:
    ConnectionsDialog(SecretStore *secrets, ProbeRegistry registry, QWidget *parent = nullptr);
    ~ConnectionsDialog() override;

    const QList<Environment> &environments() const { return m_environments; }
    // Selects an environment or a profile ("dev" or "dev/db") in the list.
    bool select(const QString &reference);
    // What the buttons do, for the keyboard and for tests.
    void addEnvironment(const QString &name, bool production);
    void addProfile();
    void saveProfile();
    void testConnection();
    void removeSelected();

signals:
    void loaded();
    // A change was saved (error empty) or refused (what went wrong).
    void saved(const QString &error);
    void tested(const triage::CheckResult &result);
    void changed();

private:
    using Change = std::function<bool(ProfileStore &, QString *)>;
    void reload();
    // Applies a change to profiles.json on a worker. `then(ok)` runs after; `announce` emits
    // saved() (off when the caller has more to do first).
    void apply(Change change, std::function<void(bool ok)> then = {}, bool announce = true);
    void populate(const QString &selectReference);
    void showSelection();
    void showProfile(const QString &environment, const ConnectionProfile *profile);
    void typeChanged();
    std::optional<ConnectionProfile> profileFromForm(QString *error) const;
    QString selectedEnvironment() const;
    QString selectedProfile() const;
    void setBusy(bool busy);

    std::unique_ptr<Ui::ConnectionsDialog> m_ui;
    SecretStore *m_secrets;
    ProbeRegistry m_registry;
    QList<Environment> m_environments;
    QString m_editingEnvironment; // the profile page's environment
    QString m_editingProfile;     // empty: a new profile
    QPointer<CheckProbe> m_testProbe;
    bool m_busy = false;
};

} // namespace triage
