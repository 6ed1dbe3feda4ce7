#include "SecretStore.h"

#include "log/Logging.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

#include <memory>

namespace triage {

namespace {

const QString kService = QStringLiteral("triage");

SecretStore::Result fromJob(const QKeychain::Job &job)
{
    SecretStore::Result r;
    switch (job.error()) {
    case QKeychain::NoError:
        r.ok = true;
        break;
    case QKeychain::EntryNotFound:
        r.notFound = true;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.unreachable = true;
        r.error = QStringLiteral("no OS keychain is reachable (%1). On Linux, Triage needs the Secret Service on the D-Bus "
                                 "session bus (gnome-keyring or KWallet): log in to a desktop session or start one, or run "
                                 "with --session-secrets to keep secrets in memory for this run only")
                      .arg(job.errorString());
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.unreachable = true;
        r.denied = true;
        r.error = QStringLiteral("the keychain refused access (%1); unlock it and try again").arg(job.errorString());
        break;
    default:
        r.unreachable = true;
        if (job.errorString().contains(QLatin1String("connect"), Qt::CaseInsensitive)
            || job.errorString().contains(QLatin1String("D-Bus"), Qt::CaseInsensitive)
            || job.errorString().contains(QLatin1String("DBus"), Qt::CaseInsensitive))
            r.error = QStringLiteral("no OS keychain is reachable: %1. Triage needs the Secret Service on the D-Bus session bus "
                                     "(gnome-keyring or KWallet, in a desktop session or `dbus-run-session`); or run with "
                                     "--session-secrets to keep secrets in memory for this run only")
                          .arg(job.errorString());
        else
            r.error = QStringLiteral("the keychain failed: %1. Is it unlocked? --session-secrets keeps secrets in memory instead")
                          .arg(job.errorString());
        break;
    }
    return r;
}

// Ends a keychain request once: with its answer, or after kKeychainTimeoutMs when none came
// (an unlock prompt nobody answers must not hang a command or the window).
constexpr int kKeychainTimeoutMs = 30000;

SecretStore::Done once(QObject *context, SecretStore::Done done)
{
    auto called = std::make_shared<bool>(false);
    auto guarded = [called, done](const SecretStore::Result &r) {
        if (*called)
            return;
        *called = true;
        done(r);
    };
    QTimer::singleShot(kKeychainTimeoutMs, context, [guarded] {
        SecretStore::Result r;
        r.unreachable = true;
        r.timedOut = true;
        r.error = QStringLiteral("the keychain did not answer within %1 s; is an unlock prompt waiting?").arg(kKeychainTimeoutMs / 1000);
        guarded(r);
    });
    return guarded;
}

} // namespace

SecretStore::SecretStore(bool sessionOnly, QObject *parent)
    : QObject(parent)
    , m_sessionOnly(sessionOnly)
{
}

QString SecretStore::key(const QString &environment, const QString &profile, const QString &field)
{
    return QStringLiteral("triage/%1/%2/%3").arg(environment, profile, field);
}

void SecretStore::read(const QString &key, Done done)
{
    done = once(this, std::move(done));
    if (m_sessionOnly) {
        Result r;
        r.ok = m_session.contains(key);
        r.notFound = !r.ok;
        r.value = m_session.value(key);
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done, key](QKeychain::Job *finished) {
        Result r = fromJob(*finished);
        if (r.ok) {
            r.value = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
            log::addSecret(r.value);
        }
        log::keychain()->debug("read {}: {}", key.toStdString(), r.ok ? "found" : r.notFound ? "not set" : "failed");
        done(r);
    });
    job->start();
}

void SecretStore::write(const QString &key, const QString &value, Done done)
{
    done = once(this, std::move(done));
    log::addSecret(value);
    if (m_sessionOnly) {
        m_session.insert(key, value);
        Result r;
        r.ok = true;
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [done, key](QKeychain::Job *finished) {
        const Result r = fromJob(*finished);
        log::keychain()->debug("stored {}: {}", key.toStdString(), r.ok ? "ok" : "failed");
        done(r);
    });
    job->start();
}

void SecretStore::remove(const QString &key, Done done)
{
    done = once(this, std::move(done));
    if (m_sessionOnly) {
        Result r;
        r.ok = m_session.remove(key) > 0;
        r.notFound = !r.ok;
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(kService);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done, key](QKeychain::Job *finished) {
        const Result r = fromJob(*finished);
        log::keychain()->debug("deleted {}: {}", key.toStdString(), r.ok ? "ok" : r.notFound ? "was not set" : "failed");
        done(r);
    });
    job->start();
}

} // namespace triage
