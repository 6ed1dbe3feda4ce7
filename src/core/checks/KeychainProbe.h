#pragma once

#include "CheckProbe.h"
#include "secrets/SecretStore.h"

namespace triage {

// `keychain`: the OS keychain Triage keeps credentials in (Secret Service, macOS Keychain,
// Windows Credential Manager) can store a secret and give it back. The probe writes a random
// value under `triage/.keychain-check`, reads it back, compares, and removes it: the same three
// calls a profile's password goes through. One fixed key, so an interrupted run leaves at most
// that one entry, which the next run replaces.
//
// Outcomes: ok; connection_refused (reason no_keychain: nothing answers on the session bus);
// auth_failed (reason locked: it refused access); condition_false (reason mismatch: it gave back
// something else, or nothing); timeout (an unlock prompt nobody answered).
//
// Keychain checks of one process take turns, since they share the key; one that waits for its
// turn still ends within its time limit.
class KeychainProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    ~KeychainProbe() override;
    QString target() const override;
    static QString probeKey();

protected:
    void run() override;
    void abort() override;
    QString timeoutHint() const override;

private:
    void roundTrip();
    void failed(const QString &step, const SecretStore::Result &r);
    void release();
    SecretStore *m_store = nullptr;
    bool m_holdsTurn = false;
};

} // namespace triage
