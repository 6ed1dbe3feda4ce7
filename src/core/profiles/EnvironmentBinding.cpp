#include "EnvironmentBinding.h"

#include <QPointer>

#include <QUrl>

#include <memory>

namespace triage {

EnvironmentBinding::EnvironmentBinding(Environment environment, SecretStore *store, QObject *parent)
    : QObject(parent)
    , m_environment(std::move(environment))
    , m_store(store)
{
}

void EnvironmentBinding::load(std::function<void(bool, const QString &)> done)
{
    struct Pending {
        int left = 0;
        bool failed = false;
        QString error;
    };
    auto pending = std::make_shared<Pending>();
    QList<const ConnectionProfile *> bound;
    for (const QString &type : ConnectionProfile::types()) {
        if (const ConnectionProfile *p = m_environment.profileFor(type))
            bound.append(p);
    }
    pending->left = int(bound.size());
    if (bound.isEmpty()) {
        done(true, QString());
        return;
    }
    struct Wanted {
        QString type;
        QString profile;
        QString field;
    };
    QList<Wanted> wanted;
    for (const ConnectionProfile *p : std::as_const(bound)) {
        for (const QString &field : QStringList{QStringLiteral("password"), QStringLiteral("token"), QStringLiteral("user")} + p->extraSecretFields)
            wanted.append({p->type, p->name, field});
    }
    pending->left = int(wanted.size());
    for (const Wanted &w : std::as_const(wanted)) {
        const QString type = w.type;
        const QString field = w.field;
        // The keychain may answer after this binding is gone (its window closed): then the
        // answer is dropped.
        m_store->read(SecretStore::key(m_environment.name, w.profile, field), [self = QPointer<EnvironmentBinding>(this), pending, done, type, field](const SecretStore::Result &r) {
            if (!self)
                return;
            EnvironmentBinding *const binding = self.data();
            if (r.ok)
                binding->m_secrets.insert(type + QLatin1Char('/') + field, r.value);
            else if (!r.notFound && !pending->failed) {
                pending->failed = true;
                pending->error = r.error;
            }
            if (--pending->left == 0)
                done(!pending->failed, pending->error);
        });
    }
}

void EnvironmentBinding::apply(CheckContext *context, std::function<QString(const QString &, const QString &)> fallback) const
{
    const QHash<QString, QString> secrets = m_secrets;
    context->secret = [secrets, fallback](const QString &type, const QString &field) {
        const auto it = secrets.constFind(type + QLatin1Char('/') + field);
        if (it != secrets.cend())
            return *it;
        return fallback ? fallback(type, field) : QString();
    };
    for (const QString &type : ConnectionProfile::types()) {
        if (const ConnectionProfile *p = m_environment.profileFor(type)) {
            const QString host = p->base.isEmpty() ? p->host : QUrl(p->base).host();
            if (!host.isEmpty())
                context->trustedHostsByType[type].append(host);
        }
    }
}

} // namespace triage
