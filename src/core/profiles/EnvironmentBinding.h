#pragma once

#include "ProfileStore.h"
#include "checks/CheckContext.h"
#include "secrets/SecretStore.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace triage {

// Binds checks to an environment: its profiles become overrides (postgres.host=…, http.base=…),
// their hosts may receive credentials, and their secrets are read from the keychain once,
// before the checks run, so that probes can ask for them synchronously. The binding is
// described in bindingLines() for the user to see; it is never silent.
//
// Lives on one thread; load() is asynchronous and calls `done` on that thread's event loop.
class EnvironmentBinding : public QObject {
    Q_OBJECT
public:
    EnvironmentBinding(Environment environment, SecretStore *store, QObject *parent = nullptr);

    // Reads every bound profile's secret. `done(ok, error)`: false when the keychain cannot be
    // reached (a secret that is simply not set is fine).
    void load(std::function<void(bool ok, const QString &error)> done);

    const Environment &environment() const { return m_environment; }
    // Fills a context: the secret lookup (keychain values first, then `fallback`) and the
    // hosts that may receive them.
    void apply(CheckContext *context, std::function<QString(const QString &, const QString &)> fallback = {}) const;

private:
    Environment m_environment;
    SecretStore *m_store;
    QHash<QString, QString> m_secrets; // "type/field" → value
};

} // namespace triage
