#include "EnvProbe.h"

#include "secrets/SecretRedaction.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

namespace triage {

QString EnvProbe::target() const
{
    return QStringLiteral("env %1").arg(param(QStringLiteral("name")));
}

void EnvProbe::run()
{
    const QString name = param(QStringLiteral("name"));
    if (name.isEmpty()) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("env check needs `name:`")));
        return;
    }
    const QString match = param(QStringLiteral("match")).isEmpty() ? QStringLiteral("exact") : param(QStringLiteral("match"));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString found;
    if (match == QLatin1String("exact")) {
        if (env.contains(name))
            found = name;
    } else {
        for (const QString &key : env.keys()) {
            if (match == QLatin1String("prefix") ? key.startsWith(name) : key.contains(name)) {
                found = key;
                break;
            }
        }
    }
    CheckResult r;
    r.values.insert(QStringLiteral("SET"), !found.isEmpty());
    if (found.isEmpty()) {
        r = CheckResult::make(CheckOutcome::ConditionFalse,
                              QStringLiteral("%1 is not set in Triage's environment. Export it in the shell that starts the "
                                             "app, or put it in .env")
                                  .arg(name),
                              QStringLiteral("unset"));
        r.values.insert(QStringLiteral("SET"), false);
        finishAnswered(r);
        return;
    }
    const QString value = env.value(found);
    // DATABASE_URL=postgres://app:hunter2@… is a credential too, whatever its name says.
    const bool secret = SecretRedaction::isCredentialName(found) || SecretRedaction::containsSecret(value);
    r.valuesAreSecret = secret;
    r.values.insert(QStringLiteral("VALUE"), value);
    if (value.trimmed().isEmpty()) {
        r = CheckResult::make(CheckOutcome::ConditionFalse, QStringLiteral("%1 is set but empty").arg(found), QStringLiteral("empty"));
        r.valuesAreSecret = secret;
        r.values.insert(QStringLiteral("SET"), true);
        r.values.insert(QStringLiteral("VALUE"), value);
        finishAnswered(r);
        return;
    }
    const QString pattern = param(QStringLiteral("pattern"));
    if (!pattern.isEmpty()) {
        const QRegularExpression re(pattern);
        if (!re.isValid()) {
            finish(CheckResult::make(CheckOutcome::InvalidSpec,
                                     QStringLiteral("`pattern: %1` is not a valid regular expression: %2").arg(pattern, re.errorString())));
            return;
        }
        if (!re.match(value).hasMatch()) {
            const QString shown = secret ? SecretRedaction::mask() : QStringLiteral("\"%1\"").arg(SecretRedaction::redact(value.left(80)));
            r = CheckResult::make(CheckOutcome::ConditionFalse,
                                  QStringLiteral("%1 is %2, which does not match /%3/").arg(found, shown, pattern),
                                  QStringLiteral("mismatch"));
            r.values.insert(QStringLiteral("SET"), true);
            r.values.insert(QStringLiteral("VALUE"), value);
            r.valuesAreSecret = secret;
            finishAnswered(r);
            return;
        }
    }
    const QString shown = secret ? QStringLiteral("set (value hidden)") : QStringLiteral("\"%1\"").arg(SecretRedaction::redact(value.left(80)));
    CheckResult ok = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1 is %2").arg(found, shown));
    ok.values = r.values;
    ok.valuesAreSecret = secret;
    ok.values.insert(QStringLiteral("SET"), true);
    finishAnswered(ok);
}

} // namespace triage
