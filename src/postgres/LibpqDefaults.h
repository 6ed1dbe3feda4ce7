#pragma once

#include "profiles/ConnectionProfile.h"

#include <optional>

namespace triage {

// A postgres profile from libpq's own sources: the PG* environment variables and
// pg_service.conf, as libpq itself resolves them (PQconndefaults). A service is named by
// `service` or else by PGSERVICE. The password is returned apart (PGPASSWORD) for the
// keychain; ~/.pgpass stays libpq's to read at connect time, for the hosts it names.
class LibpqDefaults {
public:
    static std::optional<ConnectionProfile> profile(const QString &name, const QString &service, QString *password, QString *error);

    // The service files libpq reads, in its order: PGSERVICEFILE or ~/.pg_service.conf, then
    // pg_service.conf in PGSYSCONFDIR (or libpq's compiled-in folder, which it does not expose).
    static QStringList serviceFiles();
};

} // namespace triage
