#pragma once

#include "guide/SourceLocation.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace triage {

// What one check should do, before anything runs: its type (see CheckCatalog), its
// parameters, the conditions that make it pass, and where each result leads.
//
// Parameters use the catalog's names (`host`, `port`, `url`, `method`, `name`, `path`,
// `query`, `command`, `dbname`, `user`, …). Secrets never live here: a password or token
// written in a guide is dropped when the spec is made, and bound from the keychain later.
//
// Value type: copy it freely; safe to read from any thread.
struct CheckSpec {
    QString type;
    QVariantMap params;
    QStringList expect;                 // conditions, all of which must hold to pass
    QMap<QString, QString> branches;    // "pass", "fail", "error" or an outcome name → link target
    QString id;                         // explicit id from a check block, if any
    QString source;                     // the command it was recognised from, if any (never with a secret)
    SourceLocation location;

    bool isValid() const { return !type.isEmpty(); }
    QString param(const QString &name) const { return params.value(name).toString(); }

    // {"type": …, params…}, plus "source", "expect" and "branches" when present.
    QJsonObject toJson() const;
    // A one-line human summary: "postgres ready localhost:5432".
    QString summary() const;
};

} // namespace triage
