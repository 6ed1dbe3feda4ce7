#include "ConnectionsDialog.h"

#include "checks/CheckProbe.h"
#include "log/Logging.h"
#include "profiles/EnvironmentBinding.h"
#include "secrets/SecretStore.h"
#include "ui_ConnectionsDialog.h"

#include <QFutureWatcher>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace triage {

namespace {

constexpr int kEnvironmentRole = Qt::UserRole;
constexpr int kProfileRole = Qt::UserRole + 1;

struct Outcome {
    bool ok = false;
    QString error;
    QList<Environment> environments;
};

int defaultPort(const QString &type)
{
    if (type == QLatin1String("postgres"))
        return 5432;
    if (type == QLatin1String("redis"))
        return 6379;
    if (type == QLatin1String("kafka"))
        return 9092;
    if (type == QLatin1String("prometheus"))
        return 9090;
    return 443;
}

bool usesBase(const QString &type)
{
    return type == QLatin1String("http") || type == QLatin1String("prometheus");
}

} // namespace

ConnectionsDialog::ConnectionsDialog(SecretStore *secrets, ProbeRegistry registry, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectionsDialog>())
    , m_secrets(secrets)
    , m_registry(std::move(registry))
{
    m_ui->setupUi(this);
    m_ui->typeCombo->addItems(ConnectionProfile::types());
    m_ui->pages->setCurrentWidget(m_ui->emptyPage);
    connect(m_ui->environmentTree, &QTreeWidget::currentItemChanged, this, &ConnectionsDialog::showSelection);
    connect(m_ui->addEnvironmentButton, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Add environment"), tr("Name (letters, digits, '.', '_' or '-'):"), QLineEdit::Normal,
                                                   QString(), &ok)
                                 .trimmed();
        if (!ok || name.isEmpty())
            return;
        const bool production = QMessageBox::question(this, tr("Add environment"), tr("Is %1 a production environment?").arg(name),
                                                      QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                                == QMessageBox::Yes;
        addEnvironment(name, production);
    });
    connect(m_ui->addProfileButton, &QPushButton::clicked, this, &ConnectionsDialog::addProfile);
    connect(m_ui->removeButton, &QPushButton::clicked, this, [this] {
        const QString env = selectedEnvironment();
        const QString profile = selectedProfile();
        if (env.isEmpty())
            return;
        const QString what = profile.isEmpty() ? tr("the environment %1, its profiles and their secrets").arg(env)
                                               : tr("the profile %1/%2 and its secrets").arg(env, profile);
        if (QMessageBox::question(this, tr("Remove"), tr("Remove %1?").arg(what)) == QMessageBox::Yes)
            removeSelected();
    });
    connect(m_ui->saveButton, &QPushButton::clicked, this, &ConnectionsDialog::saveProfile);
    connect(m_ui->testButton, &QPushButton::clicked, this, &ConnectionsDialog::testConnection);
    connect(m_ui->typeCombo, &QComboBox::currentTextChanged, this, &ConnectionsDialog::typeChanged);
    connect(m_ui->productionCheck, &QCheckBox::clicked, this, [this](bool production) {
        const QString env = selectedEnvironment();
        apply([env, production](ProfileStore &store, QString *error) {
            Environment *e = store.environment(env);
            if (!e) {
                *error = tr("%1 is gone: another program removed it").arg(env);
                return false;
            }
            e->production = production;
            return true;
        });
    });
    reload();
}

ConnectionsDialog::~ConnectionsDialog()
{
    if (m_testProbe)
        m_testProbe->cancel();
    m_ui->secretEdit->clear();
}

void ConnectionsDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *w : {static_cast<QWidget *>(m_ui->saveButton), static_cast<QWidget *>(m_ui->addEnvironmentButton),
                       static_cast<QWidget *>(m_ui->addProfileButton), static_cast<QWidget *>(m_ui->removeButton)})
        w->setEnabled(!busy);
}

void ConnectionsDialog::reload()
{
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome o = watcher->result();
        watcher->deleteLater();
        m_environments = o.environments;
        m_ui->statusLabel->setText(o.error);
        populate(QString());
        emit loaded();
    });
    watcher->setFuture(QtConcurrent::run([] {
        Outcome o;
        ProfileStore store;
        o.ok = store.load(&o.error);
        o.environments = store.environments;
        return o;
    }));
}

void ConnectionsDialog::apply(Change change, std::function<void(bool ok)> then, bool announce)
{
    setBusy(true);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, then, announce] {
        const Outcome o = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (o.ok) {
            const QString keep = selectedProfile().isEmpty() ? selectedEnvironment() : selectedEnvironment() + QLatin1Char('/') + selectedProfile();
            m_environments = o.environments;
            populate(keep);
            emit changed();
        } else {
            showSelection(); // the form shows what is saved, not what was refused
        }
        m_ui->statusLabel->setText(o.ok ? tr("Saved.") : o.error);
        if (then)
            then(o.ok);
        if (announce)
            emit saved(o.ok ? QString() : o.error);
    });
    // The change is made to what is on disk now, under the lock that the CLI takes too.
    watcher->setFuture(QtConcurrent::run([change] {
        Outcome o;
        ProfileStore store;
        const auto held = store.lock(&o.error);
        if (!held || !store.load(&o.error) || !change(store, &o.error) || !store.save(&o.error))
            return o;
        o.ok = true;
        o.environments = store.environments;
        return o;
    }));
}

void ConnectionsDialog::populate(const QString &selectReference)
{
    QTreeWidget *tree = m_ui->environmentTree;
    const QSignalBlocker block(tree);
    tree->clear();
    QTreeWidgetItem *toSelect = nullptr;
    for (const Environment &e : std::as_const(m_environments)) {
        auto *envItem = new QTreeWidgetItem(tree, {e.production ? tr("%1 \u2014 PRODUCTION").arg(e.name) : e.name});
        envItem->setData(0, kEnvironmentRole, e.name);
        if (e.production) {
            envItem->setForeground(0, QBrush(QColor(0xc6, 0x28, 0x28)));
            QFont bold = envItem->font(0);
            bold.setBold(true);
            envItem->setFont(0, bold);
        }
        if (selectReference == e.name)
            toSelect = envItem;
        for (const ConnectionProfile &p : e.profiles) {
            auto *item = new QTreeWidgetItem(envItem, {QStringLiteral("%1  \u00b7  %2").arg(p.name, p.type)});
            item->setToolTip(0, p.display());
            item->setData(0, kEnvironmentRole, e.name);
            item->setData(0, kProfileRole, p.name);
            if (selectReference == e.name + QLatin1Char('/') + p.name)
                toSelect = item;
        }
        envItem->setExpanded(true);
    }
    if (toSelect)
        tree->setCurrentItem(toSelect);
    showSelection();
}

bool ConnectionsDialog::select(const QString &reference)
{
    QTreeWidgetItemIterator it(m_ui->environmentTree);
    for (; *it; ++it) {
        const QString env = (*it)->data(0, kEnvironmentRole).toString();
        const QString profile = (*it)->data(0, kProfileRole).toString();
        if ((profile.isEmpty() ? env : env + QLatin1Char('/') + profile) == reference) {
            m_ui->environmentTree->setCurrentItem(*it);
            return true;
        }
    }
    return false;
}

QString ConnectionsDialog::selectedEnvironment() const
{
    const QTreeWidgetItem *item = m_ui->environmentTree->currentItem();
    return item ? item->data(0, kEnvironmentRole).toString() : QString();
}

QString ConnectionsDialog::selectedProfile() const
{
    const QTreeWidgetItem *item = m_ui->environmentTree->currentItem();
    return item ? item->data(0, kProfileRole).toString() : QString();
}

void ConnectionsDialog::showSelection()
{
    const QString env = selectedEnvironment();
    const QString profile = selectedProfile();
    m_ui->addProfileButton->setEnabled(!env.isEmpty() && !m_busy);
    m_ui->removeButton->setEnabled(!env.isEmpty() && !m_busy);
    const Environment *e = nullptr;
    for (const Environment &candidate : std::as_const(m_environments))
        e = candidate.name == env ? &candidate : e;
    if (!e) {
        m_ui->pages->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    if (profile.isEmpty()) {
        m_ui->environmentName->setText(e->name);
        m_ui->productionCheck->setChecked(e->production);
        m_ui->pages->setCurrentWidget(m_ui->environmentPage);
        return;
    }
    showProfile(e->name, e->profile(profile));
}

void ConnectionsDialog::showProfile(const QString &environment, const ConnectionProfile *profile)
{
    m_editingEnvironment = environment;
    m_editingProfile = profile ? profile->name : QString();
    ConnectionProfile p = profile ? *profile : ConnectionProfile{};
    if (!profile) {
        p.name = QStringLiteral("db");
        p.type = QStringLiteral("postgres");
        p.host = QStringLiteral("localhost");
        p.port = 5432;
    }
    m_ui->nameEdit->setText(p.name);
    m_ui->nameEdit->setReadOnly(profile != nullptr); // its secrets are filed under the name
    m_ui->nameEdit->setToolTip(profile ? tr("The keychain files this profile's secrets under its name: to rename it, add a new one and remove this one")
                                       : QString());
    {
        const QSignalBlocker block(m_ui->typeCombo);
        m_ui->typeCombo->setCurrentText(p.type);
    }
    m_ui->hostEdit->setText(p.host);
    m_ui->portSpin->setValue(p.port > 0 ? p.port : defaultPort(p.type));
    m_ui->databaseEdit->setText(p.dbname);
    m_ui->userEdit->setText(p.user);
    m_ui->baseEdit->setText(p.base);
    m_ui->secretEdit->clear();
    m_ui->testResult->clear();
    typeChanged();
    m_ui->pages->setCurrentWidget(m_ui->profilePage);
    if (!profile) {
        m_ui->secretState->setText(tr("New profile: fill it in and Save."));
        return;
    }
    m_ui->secretState->setText(tr("Looking in the keychain\u2026"));
    const QString key = SecretStore::key(environment, p.name, p.secretField());
    m_secrets->read(key, [self = QPointer<ConnectionsDialog>(this), ref = environment + QLatin1Char('/') + p.name](const SecretStore::Result &r) {
        if (!self || self->selectedEnvironment() + QLatin1Char('/') + self->selectedProfile() != ref)
            return; // closed, or another profile chosen meanwhile
        ConnectionsDialog *const dialog = self.data();
        auto *m_ui = dialog->m_ui.get();
        m_ui->secretState->setText(r.ok         ? tr("A secret is in the OS keychain. Type a new one to replace it.")
                                   : r.notFound ? tr("No secret in the keychain yet.")
                                                : r.error);
    });
}

void ConnectionsDialog::typeChanged()
{
    const QString type = m_ui->typeCombo->currentText();
    const bool base = usesBase(type);
    for (QWidget *w : {static_cast<QWidget *>(m_ui->hostEdit), static_cast<QWidget *>(m_ui->hostLabel), static_cast<QWidget *>(m_ui->portSpin),
                       static_cast<QWidget *>(m_ui->portLabel)})
        w->setVisible(!base);
    m_ui->baseEdit->setVisible(base);
    m_ui->baseLabel->setVisible(base);
    const bool database = type == QLatin1String("postgres") || type == QLatin1String("redis");
    m_ui->databaseEdit->setVisible(database);
    m_ui->databaseLabel->setVisible(database);
    m_ui->userEdit->setVisible(type == QLatin1String("postgres"));
    m_ui->userLabel->setVisible(type == QLatin1String("postgres"));
    m_ui->secretLabel->setText(type == QLatin1String("http") ? tr("&Token:") : tr("&Password:"));
    if (m_editingProfile.isEmpty() && !base && m_ui->portSpin->value() != defaultPort(type))
        m_ui->portSpin->setValue(defaultPort(type));
}

std::optional<ConnectionProfile> ConnectionsDialog::profileFromForm(QString *error) const
{
    ConnectionProfile p;
    p.name = m_ui->nameEdit->text().trimmed();
    p.type = m_ui->typeCombo->currentText();
    if (!ProfileStore::isValidName(p.name)) {
        *error = tr("Name: letters, digits, '.', '_' or '-', like db or cache");
        return std::nullopt;
    }
    if (usesBase(p.type)) {
        const QUrl url(m_ui->baseEdit->text().trimmed(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty()) {
            *error = tr("Base URL: http:// or https:// and a host, like https://api.internal:8443");
            return std::nullopt;
        }
        if (!url.password().isEmpty() || !url.userName().isEmpty()) {
            *error = tr("Base URL: leave credentials out of the URL; type the token below, it goes to the keychain");
            return std::nullopt;
        }
        p.base = url.toString(QUrl::StripTrailingSlash);
        p.host = url.host();
        p.port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    } else {
        p.host = m_ui->hostEdit->text().trimmed();
        if (p.host.isEmpty() || p.host.contains(QLatin1Char(' ')) || p.host.contains(QLatin1Char(','))) {
            *error = tr("Host: one host name or address, like db.internal or 10.0.0.5");
            return std::nullopt;
        }
        p.port = m_ui->portSpin->value();
    }
    // By the type, not by what is on screen (the dialog may be hidden, or not shown yet).
    const bool database = p.type == QLatin1String("postgres") || p.type == QLatin1String("redis");
    p.dbname = database ? m_ui->databaseEdit->text().trimmed() : QString();
    p.user = p.type == QLatin1String("postgres") ? m_ui->userEdit->text().trimmed() : QString();
    // Fields this form does not show stay as they were.
    for (const Environment &e : m_environments) {
        if (e.name != m_editingEnvironment)
            continue;
        if (const ConnectionProfile *old = e.profile(m_editingProfile)) {
            p.sslmode = old->sslmode;
            p.extraSecretFields = old->extraSecretFields;
        }
    }
    return p;
}

void ConnectionsDialog::addEnvironment(const QString &name, bool production)
{
    if (!ProfileStore::isValidName(name)) {
        m_ui->statusLabel->setText(tr("`%1` cannot name an environment: use letters, digits, '.', '_' or '-'").arg(name));
        emit saved(m_ui->statusLabel->text());
        return;
    }
    apply(
        [name, production](ProfileStore &store, QString *error) {
            if (store.environment(name)) {
                *error = tr("There is an environment %1 already").arg(name);
                return false;
            }
            store.environments.append(Environment{name, production, {}});
            return true;
        },
        [this, name](bool ok) {
            if (ok)
                select(name);
        });
}

void ConnectionsDialog::addProfile()
{
    const QString env = selectedEnvironment();
    if (env.isEmpty())
        return;
    {
        const QSignalBlocker block(m_ui->environmentTree);
        // Stay on the environment; the form is for a profile not saved yet.
        select(env);
    }
    showProfile(env, nullptr);
    m_ui->nameEdit->setFocus();
    m_ui->nameEdit->selectAll();
}

void ConnectionsDialog::saveProfile()
{
    QString error;
    const std::optional<ConnectionProfile> profile = profileFromForm(&error);
    if (!profile) {
        m_ui->statusLabel->setText(error);
        emit saved(error);
        return;
    }
    const QString env = m_editingEnvironment;
    const bool isNew = m_editingProfile.isEmpty();
    if (isNew) {
        for (const Environment &e : std::as_const(m_environments)) {
            if (e.name == env && e.profile(profile->name)) {
                error = tr("%1/%2 exists already; choose another name").arg(env, profile->name);
                m_ui->statusLabel->setText(error);
                emit saved(error);
                return;
            }
        }
    }
    const ConnectionProfile p = *profile;
    const QString secret = m_ui->secretEdit->text();
    m_ui->secretEdit->clear();
    if (!secret.isEmpty())
        log::addSecret(secret);
    // The profile first, under the lock: a secret is written only for a profile that is saved
    // (never over the password of one another program added meanwhile under the same name).
    apply(
        [env, p, isNew](ProfileStore &store, QString *error) {
            Environment *e = store.environment(env);
            if (!e) {
                *error = tr("%1 is gone: another program removed it").arg(env);
                return false;
            }
            for (ConnectionProfile &existing : e->profiles) {
                if (existing.name == p.name) {
                    if (isNew) {
                        *error = tr("%1/%2 was added meanwhile by another program").arg(env, p.name);
                        return false;
                    }
                    existing = p;
                    return true;
                }
            }
            e->profiles.append(p);
            return true;
        },
        [this, env, p, secret](bool ok) {
            if (!ok) {
                emit saved(m_ui->statusLabel->text());
                return;
            }
            select(env + QLatin1Char('/') + p.name);
            if (secret.isEmpty()) {
                emit saved(QString());
                return;
            }
            setBusy(true);
            m_secrets->write(SecretStore::key(env, p.name, p.secretField()), secret,
                             [self = QPointer<ConnectionsDialog>(this)](const SecretStore::Result &r) {
                                 if (!self)
                                     return;
                                 self->setBusy(false);
                                 if (!r.ok) {
                                     const QString error = tr("The profile is saved, but not its secret: %1").arg(r.error);
                                     self->m_ui->statusLabel->setText(error);
                                     emit self->saved(error);
                                     return;
                                 }
                                 self->m_ui->secretState->setText(tr("A secret is in the OS keychain. Type a new one to replace it."));
                                 emit self->saved(QString());
                             });
        },
        false);
}

void ConnectionsDialog::removeSelected()
{
    const QString env = selectedEnvironment();
    const QString profile = selectedProfile();
    if (env.isEmpty())
        return;
    // What is removed is read from the file under the lock (another program may have added a
    // profile meanwhile); its secrets go once the file no longer names it.
    auto removed = std::make_shared<QList<ConnectionProfile>>();
    apply(
        [env, profile, removed](ProfileStore &store, QString *error) {
            Q_UNUSED(error);
            for (qsizetype i = 0; i < store.environments.size(); ++i) {
                Environment &e = store.environments[i];
                if (e.name != env)
                    continue;
                for (const ConnectionProfile &p : std::as_const(e.profiles)) {
                    if (profile.isEmpty() || p.name == profile)
                        removed->append(p);
                }
                if (profile.isEmpty())
                    store.environments.removeAt(i);
                else
                    e.profiles.removeIf([&](const ConnectionProfile &p) { return p.name == profile; });
                return true;
            }
            return true;
        },
        [this, env, removed](bool ok) {
            if (!ok)
                return;
            for (const ConnectionProfile &p : std::as_const(*removed)) {
                for (const QString &field : QStringList{QStringLiteral("password"), QStringLiteral("token"), QStringLiteral("user")} + p.extraSecretFields) {
                    m_secrets->remove(SecretStore::key(env, p.name, field), [self = QPointer<ConnectionsDialog>(this)](const SecretStore::Result &r) {
                        if (self && !r.ok && !r.notFound)
                            self->m_ui->statusLabel->setText(tr("Removed, but a secret stayed in the keychain: %1").arg(r.error));
                    });
                }
            }
        });
}

void ConnectionsDialog::testConnection()
{
    QString error;
    const std::optional<ConnectionProfile> profile = profileFromForm(&error);
    if (!profile) {
        m_ui->testResult->setText(error);
        return;
    }
    if (m_testProbe)
        m_testProbe->cancel();
    Environment only{m_editingEnvironment, false, {*profile}};
    for (const Environment &e : std::as_const(m_environments))
        only.production = e.name == m_editingEnvironment ? e.production : only.production;
    const QString typed = m_ui->secretEdit->text();
    if (!typed.isEmpty())
        log::addSecret(typed);
    // The saved secret goes only where the saved profile points: a host edited in the form and
    // not saved yet gets a secret only if one is typed for it.
    const ConnectionProfile *saved = nullptr;
    for (const Environment &e : std::as_const(m_environments)) {
        if (e.name == m_editingEnvironment)
            saved = e.profile(m_editingProfile);
    }
    const bool sameTarget = saved && saved->type == profile->type && saved->host == profile->host && saved->port == profile->port
                            && saved->base == profile->base;
    if (typed.isEmpty() && saved && !sameTarget) {
        m_ui->testResult->setText(tr("The form points elsewhere than the saved profile (%1). Save it first, or type the secret to "
                                     "test with: the saved one goes only to the saved host.")
                                      .arg(saved->display().toHtmlEscaped()));
        return;
    }
    m_ui->testResult->setText(tr("Testing %1\u2026").arg(profile->display()));
    m_ui->testButton->setEnabled(false);
    auto *binding = new EnvironmentBinding(only, m_secrets, this);
    const ConnectionProfile p = *profile;
    binding->load([this, binding, p, typed](bool ok, const QString &keychainError) {
        binding->deleteLater();
        if (!ok) {
            m_ui->testButton->setEnabled(true);
            m_ui->testResult->setText(keychainError);
            return;
        }
        CheckContext context;
        // A password typed and not saved yet is tried as it is; else the keychain's.
        binding->apply(&context, {});
        if (!typed.isEmpty()) {
            const QString type = p.type;
            const QString field = p.secretField();
            context.secret = [type, field, typed](const QString &t, const QString &f) { return t == type && f == field ? typed : QString(); };
        }
        CheckProbe *probe = m_registry.create(p.testSpec(), context, this);
        if (!probe) {
            m_ui->testButton->setEnabled(true);
            m_ui->testResult->setText(tr("This build cannot test %1 profiles").arg(p.type));
            return;
        }
        m_testProbe = probe;
        connect(probe, &CheckProbe::finished, this, [this, probe](const CheckResult &r) {
            probe->deleteLater();
            m_ui->testButton->setEnabled(true);
            const QString color = r.passed() ? QStringLiteral("#1b8a3a") : r.status == CheckStatus::Fail ? QStringLiteral("#c62828") : QStringLiteral("#c26a00");
            m_ui->testResult->setText(QStringLiteral("<b style=\"color:%1\">%2</b> %3 \u00b7 %4 ms<br>%5")
                                          .arg(color, r.passed() ? tr("Connected") : tr("Not connected"), checkOutcomeName(r.outcome).toHtmlEscaped())
                                          .arg(qRound(r.durationMs))
                                          .arg(log::maskSecrets(r.message).toHtmlEscaped()));
            emit tested(r);
        });
        probe->start();
    });
}

} // namespace triage
