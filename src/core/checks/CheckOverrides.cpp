#include "CheckOverrides.h"

#include "CheckCatalog.h"
#include "secrets/SecretRedaction.h"

#include <QUrl>

namespace triage {

namespace {

// What a command check runs, where and with which defaults: the guide was trusted with these.
bool fixedByTrust(const QString &type, const QString &key)
{
    return type == QLatin1String("command")
           && (key == QLatin1String("command") || key == QLatin1String("cwd") || key == QLatin1String("vars"));
}

} // namespace

bool CheckOverrides::add(const QString &assignment, QString *error)
{
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    const QString lhs = eq > 0 ? assignment.left(eq).trimmed() : QString();
    const qsizetype dot = lhs.indexOf(QLatin1Char('.'));
    if (eq <= 0 || dot <= 0 || dot == lhs.size() - 1) {
        // The value is not repeated: a mistyped assignment may hold a password.
        *error = QStringLiteral("`--set %1…`: expected TYPE.KEY=VALUE, like postgres.port=5433 or http.base=http://127.0.0.1:8080")
                     .arg(eq > 0 ? assignment.left(eq) : assignment.left(std::min<qsizetype>(assignment.size(), 12)));
        return false;
    }
    Entry e{lhs.left(dot), lhs.mid(dot + 1), assignment.mid(eq + 1).trimmed()};
    if (e.type != QLatin1String("*") && !CheckCatalog::find(e.type)) {
        *error = QStringLiteral("`--set %1`: no check type `%2`; types: %3")
                     .arg(lhs, e.type, CheckCatalog::typeNames().join(QStringLiteral(", ")));
        return false;
    }
    const CheckTypeInfo *info = e.type == QLatin1String("*") ? nullptr : CheckCatalog::find(e.type);
    const bool knownParam = info ? info->param(e.key) != nullptr : e.key == QLatin1String("host") || e.key == QLatin1String("port");
    if (!knownParam && SecretRedaction::isCredentialName(e.key)) {
        *error = QStringLiteral("`--set %1=…`: secrets never go on the command line, where other users and shell history see "
                                "them. Put it in the environment as TRIAGE_SECRET_%2_%3 instead")
                     .arg(lhs, e.type.toUpper(), e.key.toUpper());
        return false;
    }
    if (fixedByTrust(e.type, e.key)) {
        *error = QStringLiteral("`--set %1`: what a command check runs is the trusted guide's to say; give its ${names} "
                                "values with `--var NAME=VALUE`")
                     .arg(lhs);
        return false;
    }
    if (e.key == QLatin1String("base")) {
        const QUrl base(e.value, QUrl::StrictMode);
        if (!base.isValid() || base.host().isEmpty() || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))) {
            *error = QStringLiteral("`--set %1=%2`: base must be an http:// or https:// URL").arg(lhs, SecretRedaction::redact(e.value));
            return false;
        }
    }
    m_entries.append(e);
    return true;
}

QStringList CheckOverrides::hosts() const
{
    QStringList hosts;
    for (const Entry &e : m_entries) {
        if (e.key == QLatin1String("host"))
            hosts.append(e.value);
        else if (e.key == QLatin1String("base") || e.key == QLatin1String("url"))
            hosts.append(QUrl(e.value).host());
    }
    hosts.removeAll(QString());
    hosts.removeDuplicates();
    return hosts;
}

CheckSpec CheckOverrides::apply(const CheckSpec &spec) const
{
    CheckSpec out = spec;
    for (const Entry &e : m_entries) {
        if (e.type != QLatin1String("*") && e.type != spec.type)
            continue;
        if (e.key == QLatin1String("base")) {
            const QString key = spec.params.contains(QStringLiteral("url")) ? QStringLiteral("url") : QString();
            if (key.isEmpty())
                continue;
            const QUrl base(e.value);
            QUrl url(spec.param(key));
            url.setScheme(base.scheme());
            url.setHost(base.host());
            url.setPort(base.port());
            if (!base.path().isEmpty() && base.path() != QLatin1String("/"))
                url.setPath(base.path().chopped(base.path().endsWith(QLatin1Char('/')) ? 1 : 0) + url.path());
            out.params.insert(key, url.toString());
            continue;
        }
        // Nothing overrides what a command check runs: the guide was trusted with it.
        if (fixedByTrust(spec.type, e.key))
            continue;
        if (e.type == QLatin1String("*") && !spec.params.contains(e.key)) {
            // A wildcard only replaces what a check has; it does not give `host` to an env check.
            const CheckTypeInfo *info = CheckCatalog::find(spec.type);
            if (!info || !info->param(e.key))
                continue;
        }
        out.params.insert(e.key, e.value);
    }
    return out;
}

} // namespace triage
