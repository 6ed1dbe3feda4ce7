// The connections dialog against the real keychain (gnome-keyring in tests/run's D-Bus
// session) and the real password-protected PostgreSQL: a profile saved from the dialog puts its
// password in the keychain and nowhere else, tests its connection live, and appears in the
// window's environment selector.

#include "PostgresProbe.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "gui/ConnectionsDialog.h"
#include "gui/MainWindow.h"
#include "profiles/ProfileStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {

QString secretToolLookup(const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("user"), key});
    tool.waitForFinished(10000);
    return QString::fromUtf8(tool.readAllStandardOutput()).trimmed();
}

} // namespace

class TestConnectionsDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty() || QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
            QFAIL("no D-Bus session with a keychain: run the suite with tests/run");
        if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty())
            QFAIL("TRIAGE_TEST_PG_* are not set: run the suite with tests/run");
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
    }

    void saveAProfileFromTheDialog()
    {
        const QString env = QStringLiteral("gui%1").arg(QRandomGenerator::global()->generate(), 0, 36);
        const QString password = serviceEnv("TRIAGE_TEST_PG_PASSWORD");
        MainWindow window({m_files.write(QStringLiteral("empty.md"), "# Nothing yet\n")});
        ProbeRegistry registry = ProbeRegistry::withCoreProbes();
        PostgresProbe::registerIn(registry);
        window.setProbeRegistry(registry);
        window.show();
        ConnectionsDialog *dialog = window.openConnections();
        QVERIFY(dialog);
        QSignalSpy loaded(dialog, &ConnectionsDialog::loaded);
        QVERIFY(loaded.wait(5000));

        QSignalSpy saved(dialog, &ConnectionsDialog::saved);
        dialog->addEnvironment(env, false);
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.last().first().toString(), QString());
        QVERIFY(dialog->select(env));
        dialog->addProfile();
        dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("db"));
        dialog->findChild<QComboBox *>(QStringLiteral("typeCombo"))->setCurrentText(QStringLiteral("postgres"));
        dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(QStringLiteral("127.0.0.1"));
        dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(serviceEnv("TRIAGE_TEST_PG_PORT").toInt());
        dialog->findChild<QLineEdit *>(QStringLiteral("databaseEdit"))->setText(QStringLiteral("postgres"));
        dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(serviceEnv("TRIAGE_TEST_PG_USER"));
        auto *secret = dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit"));
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QTest::keyClicks(secret, password);
        dialog->saveProfile();
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.last().first().toString(), QString());
        QVERIFY(secret->text().isEmpty()); // not kept in the form

        // The keychain has it, under Triage's key; profiles.json has the profile and not it.
        QCOMPARE(secretToolLookup(QStringLiteral("triage/%1/db/password").arg(env)), password);
        QFile profiles(ProfileStore::defaultPath());
        QVERIFY(profiles.fileName().startsWith(m_home.path()));
        QVERIFY(profiles.open(QIODevice::ReadOnly));
        const QByteArray json = profiles.readAll();
        QVERIFY(json.contains(env.toUtf8()));
        QVERIFY(!json.contains(password.toUtf8()));

        // Test connection logs in with the keychain's password.
        QVERIFY(dialog->select(env + QStringLiteral("/db")));
        QSignalSpy tested(dialog, &ConnectionsDialog::tested);
        dialog->testConnection();
        QVERIFY(tested.wait(15000));
        const CheckResult result = tested.last().first().value<CheckResult>();
        QVERIFY2(result.passed(), qPrintable(result.message));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("testResult"))->text().contains(QStringLiteral("Connected")));
        dialog->grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/connections-dialog.png"));

        // The window's selector lists the new environment.
        auto *combo = window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        QTRY_VERIFY_WITH_TIMEOUT(combo->findData(env) >= 0, 5000);

        // No trace of the password in anything Triage wrote.
        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(password.toUtf8()), qPrintable(f.fileName()));
        }

        // Removing the environment takes its secret with it.
        QVERIFY(dialog->select(env));
        dialog->removeSelected();
        QVERIFY(saved.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(secretToolLookup(QStringLiteral("triage/%1/db/password").arg(env)), QString(), 5000);
    }

    void badFieldsAreRefusedWithAReason()
    {
        MainWindow window({m_files.write(QStringLiteral("empty2.md"), "# Nothing yet\n")});
        ConnectionsDialog *dialog = window.openConnections();
        QSignalSpy loaded(dialog, &ConnectionsDialog::loaded);
        QVERIFY(loaded.wait(5000));
        QSignalSpy saved(dialog, &ConnectionsDialog::saved);
        dialog->addEnvironment(QStringLiteral("has space"), false);
        QVERIFY(!saved.isEmpty());
        QVERIFY(saved.last().first().toString().contains(QStringLiteral("cannot name an environment")));
        const QString env = QStringLiteral("bad%1").arg(QRandomGenerator::global()->generate(), 0, 36);
        dialog->addEnvironment(env, true);
        QVERIFY(saved.wait(5000));
        QVERIFY(dialog->select(env));
        dialog->addProfile();
        dialog->findChild<QComboBox *>(QStringLiteral("typeCombo"))->setCurrentText(QStringLiteral("http"));
        dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("api"));
        dialog->findChild<QLineEdit *>(QStringLiteral("baseEdit"))->setText(QStringLiteral("https://user:pw@api.internal"));
        dialog->saveProfile();
        QVERIFY(saved.last().first().toString().contains(QStringLiteral("leave credentials out of the URL")));
        dialog->findChild<QLineEdit *>(QStringLiteral("baseEdit"))->setText(QStringLiteral("api.internal"));
        dialog->saveProfile();
        QVERIFY(saved.last().first().toString().contains(QStringLiteral("http:// or https://")));
        QVERIFY(dialog->select(env));
        dialog->removeSelected();
        QVERIFY(saved.wait(5000));
    }

private:
    QTemporaryDir m_home;
    GuideFiles m_files;
};

QTEST_MAIN(TestConnectionsDialog)
#include "TestConnectionsDialog.moc"
