#pragma once

#include "CheckContext.h"
#include "CheckSpec.h"

#include <QHash>
#include <QString>

#include <functional>

class QObject;

namespace triage {

class CheckProbe;

// Which probe runs which check type. The core registers the types it implements (tcp, http,
// redis, port, env, dotenv, file, dns, jwt, prometheus, kafka, system, keychain, command); other layers add theirs (the PostgreSQL library adds
// `postgres`), so the core never links libpq.
//
// Fill it before use; reading it from several threads afterwards is safe.
class ProbeRegistry {
public:
    using Factory = std::function<CheckProbe *(const CheckSpec &, const CheckContext &, QObject *parent)>;

    // A registry with the core's probes.
    static ProbeRegistry withCoreProbes();

    void add(const QString &type, Factory factory) { m_factories.insert(type, std::move(factory)); }
    bool supports(const QString &type) const { return m_factories.contains(type); }
    // A new probe, or nullptr when no probe runs this type.
    CheckProbe *create(const CheckSpec &spec, const CheckContext &context, QObject *parent) const;

private:
    QHash<QString, Factory> m_factories;
};

} // namespace triage
