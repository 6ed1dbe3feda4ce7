#pragma once

#include "CheckProbe.h"

namespace triage {

// `jwt`: decodes a token offline and checks `exp`/`nbf` (with `leeway:` seconds), `aud` and a
// scope. The token comes from `source:` (env:NAME, secret:KEY from the keychain, or file:PATH)
// and is never sent anywhere, logged or shown; only its claims are ([CLAIMS], [EXPIRES_IN]).
class JwtProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    // The claims of a compact JWS, or an empty map and `error` set.
    static QVariantMap decodeClaims(const QString &token, QString *error);

protected:
    void run() override;

private:
    struct Settings {
        QString target;
        qint64 leeway = 60;
        QString audience;
        QString scope;
    };
    static Work judge(QString token, const Settings &settings);
    void finishWork(Work work);
};

} // namespace triage
