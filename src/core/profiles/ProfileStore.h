#pragma once

#include "ConnectionProfile.h"
#include "checks/CheckOverrides.h"

#include <QList>
#include <QLockFile>
#include <QString>
#include <QStringList>

#include <memory>

namespace triage {

// One environment (dev, uat, prod, …) and its connection profiles.
struct Environment {
    QString name;
    bool production = false;
    QList<ConnectionProfile> profiles;

    const ConnectionProfile *profile(const QString &name) const;
    // The profile checks of `type` bind to: the one named like the type, else the first of it.
    const ConnectionProfile *profileFor(const QString &type) const;
    // What binding this environment does to checks: postgres.host=…, http.base=…, one per
    // type that has a profile. Shown to the user before checks run.
    // `errors` (when given) collects the profiles whose fields cannot bind (a hand-edited base
    // without a scheme, …); callers refuse to run rather than fall back to the guide silently.
    CheckOverrides overrides(QStringList *errors = nullptr) const;
    QStringList bindingLines() const;
    QStringList hosts() const;
};

// The environments and their profiles, non-secret fields only, in one JSON file
// (profiles.json under the app's config folder). Saves are atomic (QSaveFile): a crash leaves
// the old file whole.
//
// Value type; load() and save() do file I/O (keep them off the GUI thread).
class ProfileStore {
public:
    explicit ProfileStore(QString path = defaultPath());
    static QString defaultPath();
    QString path() const { return m_path; }

    // Holds the profiles for one load-change-save, so that two `triage profile add` at once
    // do not lose one edit. Null (with a message) when another process keeps it for 10 s.
    std::unique_ptr<QLockFile> lock(QString *error) const;
    // False, with a message, when the file exists but cannot be read or parsed.
    bool load(QString *error);
    bool save(QString *error) const;

    QList<Environment> environments;
    Environment *environment(const QString &name);
    const Environment *environment(const QString &name) const;

    // Splits "ENV/NAME"; false when it is not that shape.
    static bool splitReference(const QString &reference, QString *environment, QString *profile);
    static bool isValidName(const QString &name);

private:
    QString m_path;
    int m_dropped = 0; // entries load() could not read; save() refuses to overwrite them
};

} // namespace triage
