#pragma once

#include "CheckSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

// `--set KEY=VALUE` overrides of what guides name literally: `postgres.port=55432`,
// `redis.host=127.0.0.1`, `http.base=http://127.0.0.1:8080` (replaces scheme, host and port
// of every http URL, keeping its path), `tcp.port=…`, `dotenv.path=…`, `*.host=…` (every type).
// A check recognised in a plain guide keeps its literal target until something overrides it.
//
// This is also where profiles will bind a check to an environment: they produce the same
// overrides. Secrets are refused here: they never travel on a command line.
//
// Value type.
class CheckOverrides {
public:
    // Parses "type.key=value" strings. Returns false and sets `error` on the first bad one.
    bool add(const QString &assignment, QString *error);
    bool isEmpty() const { return m_entries.isEmpty(); }
    // Adds another set after these: where both set a key, `later` wins.
    void append(const CheckOverrides &later) { m_entries += later.m_entries; }

    // The spec with every matching override applied.
    CheckSpec apply(const CheckSpec &spec) const;
    // The hosts these overrides point checks at: the user chose them, so credentials may go
    // there (see CheckContext::trustedHosts).
    QStringList hosts() const;

private:
    struct Entry {
        QString type; // "*" for every type
        QString key;
        QString value;
    };
    QList<Entry> m_entries;
};

} // namespace triage
