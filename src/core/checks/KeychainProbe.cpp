#include "KeychainProbe.h"

#include <QRandomGenerator>
#include <QTimer>

#include <atomic>

namespace triage {

namespace {
// Whether a keychain check of this process is between its write and its remove.
std::atomic<bool> s_turnTaken{false};
} // namespace

KeychainProbe::~KeychainProbe()
{
    release();
}

QString KeychainProbe::probeKey()
{
    return QStringLiteral("triage/.keychain-check");
}

QString KeychainProbe::target() const
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("keychain (macOS Keychain)");
#elif defined(Q_OS_WIN)
    return QStringLiteral("keychain (Windows Credential Manager)");
#else
    return QStringLiteral("keychain (Secret Service on the D-Bus session bus)");
#endif
}

QString KeychainProbe::timeoutHint() const
{
    return QStringLiteral("is an unlock prompt for the keychain waiting on the desktop? Unlock it and run the check again");
}

void KeychainProbe::release()
{
    if (m_holdsTurn) {
        m_holdsTurn = false;
        s_turnTaken = false;
    }
}

void KeychainProbe::abort()
{
    // Its pending callbacks are tied to the store: deleting it drops them.
    delete m_store;
    m_store = nullptr;
    release();
}

void KeychainProbe::failed(const QString &step, const SecretStore::Result &r)
{
    release();
    const QString message = QStringLiteral("%1: could not %2 a test entry: %3").arg(target(), step, r.error);
    if (r.timedOut) {
        finish(CheckResult::make(CheckOutcome::Timeout, message));
        return;
    }
    if (r.denied) {
        finish(CheckResult::make(CheckOutcome::AuthFailed, message, QStringLiteral("locked")));
        return;
    }
    finish(CheckResult::make(CheckOutcome::ConnectionRefused, message, QStringLiteral("no_keychain")));
}

void KeychainProbe::run()
{
    // Checks of this process take turns on the one key; the probe's deadline bounds the wait.
    bool expected = false;
    if (!s_turnTaken.compare_exchange_strong(expected, true)) {
        QTimer::singleShot(25, this, [this] {
            if (!isFinished())
                run();
        });
        return;
    }
    m_holdsTurn = true;
    roundTrip();
}

void KeychainProbe::roundTrip()
{
    // Always the OS keychain, whatever the app was started with: this check asks whether
    // credentials can be kept there.
    m_store = new SecretStore(false, this);
    // A value nobody could guess, so that reading back an old entry cannot pass.
    const QString value = QString::number(QRandomGenerator::system()->generate64(), 36);
    const QString key = probeKey();
    m_store->write(key, value, [this, key, value](const SecretStore::Result &written) {
        if (!written.ok) {
            failed(QStringLiteral("store"), written);
            return;
        }
        m_store->read(key, [this, key, value](const SecretStore::Result &read) {
            if (!read.ok && !read.notFound) {
                failed(QStringLiteral("read back"), read);
                return;
            }
            const bool same = read.ok && read.value == value;
            const bool missing = read.notFound;
            m_store->remove(key, [this, same, missing](const SecretStore::Result &removed) {
                if (!removed.ok && !removed.notFound) {
                    failed(QStringLiteral("remove"), removed);
                    return;
                }
                release();
                CheckResult r;
                if (same) {
                    r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1 stored a test entry, gave it back and removed it in %2 ms: "
                                                                           "Triage can keep your passwords and tokens there")
                                                                .arg(target())
                                                                .arg(elapsedMs(), 0, 'f', 0));
                } else {
                    r = CheckResult::make(CheckOutcome::ConditionFalse,
                                          QStringLiteral("%1 accepted a test entry but then %2. Another Triage running this check at "
                                                         "the same moment can do that: run it again. If it persists, look for entries "
                                                         "of the `triage` service in your keychain manager (Seahorse on GNOME)")
                                              .arg(target(), missing ? QStringLiteral("did not have it") : QStringLiteral("gave back something else")),
                                          QStringLiteral("mismatch"));
                }
                r.values.insert(QStringLiteral("AVAILABLE"), same);
                r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
                r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
                finishAnswered(r);
            });
        });
    });
}

} // namespace triage
