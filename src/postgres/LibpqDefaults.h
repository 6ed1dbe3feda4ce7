#pragma once

#include "profiles/ConnectionProfile.h"

#include <optional>

namespace triage {

// A postgres profile from libpq's own sources: the PG* environment variables and, through
// PGSERVICE, pg_service.conf, as libpq itself resolves them (PQconndefaults). The password is
// returned apart (PGPASSWORD) for the keychain; ~/.pgpass stays libpq's to read at connect time.
class LibpqDefaults {
public:
    static std::optional<ConnectionProfile> profile(const QString &name, QString *password, QString *error);
};

} // namespace triage
