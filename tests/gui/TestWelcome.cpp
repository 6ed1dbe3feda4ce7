// The first run: with no connection profile the window opens on the welcome page, which offers
// the tour, the bundled guides, a folder of guides and the connections; the tour runs its own
// checks against the real keychain and tests/run's PostgreSQL. Needs tests/run's D-Bus session.

#include "PostgresProbe.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "gui/ConnectionsDialog.h"
#include "gui/GuidedView.h"
#include "gui/MainWindow.h"
#include "gui/WelcomePage.h"
#include "profiles/ProfileStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCommandLinkButton>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>

using namespace triage;
using namespace triage::test;

class TestWelcome : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty())
            QFAIL("no D-Bus session with a keychain: run the suite with tests/run");
        if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty())
            QFAIL("TRIAGE_TEST_PG_* are not set: run the suite with tests/run");
        // Settings, profiles and history of this test only: a first start.
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
    }

    // Each test starts as a machine that has never run Triage.
    void init()
    {
        QSettings().clear();
        QFile::remove(ProfileStore::defaultPath());
    }

    void aFirstStartOpensOnTheWelcomePage()
    {
        MainWindow window;
        window.resize(1280, 860);
        window.show();
        QVERIFY(window.isWelcomeShown());
        QTRY_VERIFY_WITH_TIMEOUT(window.isLoaded(), 10000);
        QVERIFY(window.isWelcomeShown());
        WelcomePage *page = window.welcomePage();
        QVERIFY(page->isVisible());
        // The guides' own furniture waits behind it.
        for (QDockWidget *dock : window.findChildren<QDockWidget *>())
            QVERIFY2(!dock->isVisible(), qPrintable(dock->objectName()));
        for (QToolBar *bar : window.findChildren<QToolBar *>())
            QVERIFY(!bar->isVisible());

        // What Triage does, in three sentences.
        const QString intro = page->findChild<QLabel *>(QStringLiteral("welcomeIntro"))->text();
        QCOMPARE(intro.count(QStringLiteral(". ")) + (intro.endsWith(QLatin1Char('.')) ? 1 : 0), 3);
        QVERIFY(intro.contains(QStringLiteral("decision trees")));
        QVERIFY(intro.contains(QStringLiteral("keychain")));

        // The three ways in, and every bundled guide but the tour, "Start here" first.
        for (const char *name : {"tourButton", "openFolderButton", "setUpConnectionsButton"}) {
            auto *button = page->findChild<QCommandLinkButton *>(QLatin1String(name));
            QVERIFY2(button && button->isVisible() && button->isEnabled(), name);
        }
        QStringList offered;
        for (QCommandLinkButton *b : page->findChildren<QCommandLinkButton *>(QStringLiteral("guideButton")))
            offered.append(b->text());
        int bundled = 0;
        for (const Guide &g : window.library().guides())
            bundled += g.path.startsWith(QLatin1String(":/guides")) ? 1 : 0;
        QCOMPARE(offered.size(), bundled - 1);
        QCOMPARE(offered.first(), QStringLiteral("Start here"));
        QVERIFY(offered.contains(QStringLiteral("PostgreSQL")));
        QVERIFY(offered.contains(QStringLiteral("Redis")));
        QVERIFY(!offered.contains(QStringLiteral("Tour of Triage")));
        QTest::qWait(50);
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/welcome.png"));

        // A bundled guide opens in guided mode, at its start, and the docks come back.
        QCommandLinkButton *redis = nullptr;
        for (QCommandLinkButton *b : page->findChildren<QCommandLinkButton *>(QStringLiteral("guideButton")))
            redis = b->text() == QLatin1String("Redis") ? b : redis;
        QTest::mouseClick(redis, Qt::LeftButton);
        QVERIFY(!window.isWelcomeShown());
        QCOMPARE(window.guidedView()->guide()->id, QStringLiteral("redis"));
        QVERIFY(window.guidedView()->isVisible());
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("checksDock"))->isVisible());
        QVERIFY(window.findChild<QToolBar *>(QStringLiteral("environmentToolBar"))->isVisible());

        // Help > Welcome brings it back.
        QAction *welcome = nullptr;
        for (QAction *a : window.menuBar()->findChildren<QAction *>())
            welcome = a->text() == QLatin1String("&Welcome") ? a : welcome;
        QVERIFY(welcome);
        welcome->trigger();
        QVERIFY(window.isWelcomeShown());
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("checksDock"))->isVisible());
        QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("continueButton")), Qt::LeftButton);
        QVERIFY(!window.isWelcomeShown());
        // A first start's docks get their strip at the bottom once they are shown.
        auto *checksDock = window.findChild<QDockWidget *>(QStringLiteral("checksDock"));
        QTRY_VERIFY2(checksDock->height() >= 150 && checksDock->height() <= window.height() / 3,
                     qPrintable(QStringLiteral("checks dock %1 px of %2").arg(checksDock->height()).arg(window.height())));
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/after-welcome.png"));
    }

    void theTourRunsItsOwnChecks()
    {
        MainWindow window;
        ProbeRegistry registry = ProbeRegistry::withCoreProbes();
        PostgresProbe::registerIn(registry);
        window.setProbeRegistry(registry);
        // The tour asks localhost:5432; tests/run's PostgreSQL is elsewhere, as a user's might be.
        CheckOverrides overrides;
        QString error;
        QVERIFY(overrides.add(QStringLiteral("postgres.host=127.0.0.1"), &error));
        QVERIFY(overrides.add(QStringLiteral("postgres.port=") + serviceEnv("TRIAGE_TEST_PG_PORT"), &error));
        window.setOverrides(overrides);
        window.resize(1280, 860);
        window.show();
        QVERIFY(window.isWelcomeShown());
        // The tour's button waits for the guides.
        auto *tour = window.welcomePage()->findChild<QCommandLinkButton *>(QStringLiteral("tourButton"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isLoaded(), 10000);
        QVERIFY(tour->isEnabled());
        QTest::mouseClick(tour, Qt::LeftButton);
        QVERIFY(!window.isWelcomeShown());
        GuidedView *guided = window.guidedView();
        QVERIFY(guided->guide());
        QCOMPARE(guided->guide()->id, QStringLiteral("tour"));
        QVERIFY(guided->guide()->path.startsWith(QLatin1String(":/guides")));

        // The guide's introduction offers its one issue; reading on reaches the keychain check.
        QCOMPARE(guided->currentNode(), QStringLiteral("root"));
        QTest::qWait(50);
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/tour-start.png"));
        guided->answer(0);
        QCOMPARE(guided->currentNode(), QStringLiteral("issue-you-are-new-to-triage"));
        for (int i = 0; i < 6 && guided->currentNode() != QLatin1String("check-is-the-keychain-reachable"); ++i)
            guided->next();
        QCOMPARE(guided->currentNode(), QStringLiteral("check-is-the-keychain-reachable"));
        QSignalSpy finished(&window, &MainWindow::checksFinished);
        QVERIFY(guided->run());
        QVERIFY(finished.wait(15000));
        const QString keychainKey = QString::number(guided->guideIndex()) + QStringLiteral("/check-is-the-keychain-reachable");
        QVERIFY(window.lastResults().contains(keychainKey));
        const CheckResult keychain = window.lastResults().value(keychainKey);
        QVERIFY2(keychain.passed(), qPrintable(keychain.message));
        QVERIFY(keychain.message.contains(QStringLiteral("gave it back")));
        QVERIFY(guided->nextIsBranch());
        QCOMPARE(guided->nextTarget(), QStringLiteral("info-where-your-passwords-go"));
        guided->next();
        QCOMPARE(guided->currentNode(), QStringLiteral("info-where-your-passwords-go"));

        // That step's one link onward is its Next; the PostgreSQL check: tests/run's server
        // answers, so the flow goes to connecting it.
        QCOMPARE(guided->nextTarget(), QStringLiteral("check-is-a-local-postgresql-running"));
        guided->next();
        QCOMPARE(guided->currentNode(), QStringLiteral("check-is-a-local-postgresql-running"));
        QVERIFY(guided->run());
        QVERIFY(finished.wait(15000));
        const CheckResult postgres = window.lastResults().value(QString::number(guided->guideIndex()) + QStringLiteral("/check-is-a-local-postgresql-running"));
        QVERIFY2(postgres.passed(), qPrintable(postgres.message));
        QCOMPARE(guided->nextTarget(), QStringLiteral("info-connect-triage-to-your-database"));
        QTest::qWait(50);
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/tour.png"));
        guided->next();
        guided->next();
        QCOMPARE(guided->currentNode(), QStringLiteral("question-what-would-you-like-to-do-next"));
    }

    void aNewProfileEndsTheWelcome()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(window.isWelcomeShown());
            QTest::mouseClick(window.welcomePage()->findChild<QCommandLinkButton *>(QStringLiteral("setUpConnectionsButton")), Qt::LeftButton);
            auto *dialog = window.findChild<ConnectionsDialog *>();
            QVERIFY(dialog);
            QTRY_VERIFY(dialog->isVisible());
            QSignalSpy loaded(dialog, &ConnectionsDialog::loaded);
            QVERIFY(loaded.wait(5000));
            QSignalSpy saved(dialog, &ConnectionsDialog::saved);
            dialog->addEnvironment(QStringLiteral("local"), false);
            QVERIFY(saved.wait(5000));
            QVERIFY(dialog->select(QStringLiteral("local")));
            dialog->addProfile();
            dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("db"));
            dialog->findChild<QComboBox *>(QStringLiteral("typeCombo"))->setCurrentText(QStringLiteral("postgres"));
            dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(QStringLiteral("127.0.0.1"));
            dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(serviceEnv("TRIAGE_TEST_PG_PORT").toInt());
            dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(serviceEnv("TRIAGE_TEST_PG_USER"));
            dialog->saveProfile();
            QVERIFY(saved.wait(10000));
            QCOMPARE(saved.last().first().toString(), QString());
            // With a profile, the welcome page has done its job.
            QTRY_VERIFY_WITH_TIMEOUT(!window.isWelcomeShown(), 5000);
            dialog->close();
        }
        // The next start opens on the guides.
        MainWindow again;
        again.show();
        QVERIFY(!again.isWelcomeShown());
        QTRY_VERIFY_WITH_TIMEOUT(again.isLoaded(), 10000);
        QTest::qWait(200); // the environments are read too
        QVERIFY(!again.isWelcomeShown());
    }

    void aFolderOfGuidesOpensFromThePage()
    {
        QTemporaryDir folder;
        QFile guide(folder.filePath(QStringLiteral("TROUBLESHOOTING.md")));
        QVERIFY(guide.open(QIODevice::WriteOnly));
        guide.write("# Billing service\n\n### Issue: Invoices are not sent\n\n**Symptom**: `SMTP 421 service not available`\n\n"
                    "**Solution 1**: Restart the mailer.\n");
        guide.close();

        MainWindow window;
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.isLoaded(), 10000);
        QVERIFY(window.isWelcomeShown());
        const int before = window.library().size();
        // The folder dialog is Qt's own here (no platform dialogs offscreen): choose and accept.
        QTimer::singleShot(200, this, [&folder] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog) {
                // Not the dialog expected: close whatever is modal, so the test fails, not hangs.
                if (QWidget *modal = QApplication::activeModalWidget())
                    modal->close();
                return;
            }
            dialog->setDirectory(folder.path());
            QMetaObject::invokeMethod(dialog, "accept");
        });
        QTest::mouseClick(window.welcomePage()->findChild<QCommandLinkButton *>(QStringLiteral("openFolderButton")), Qt::LeftButton);
        QVERIFY(!window.isWelcomeShown());
        QTRY_COMPARE_WITH_TIMEOUT(window.library().size(), before + 1, 10000);
        QVERIFY(window.guideFolders().contains(QDir(folder.path()).canonicalPath()) || window.guideFolders().contains(folder.path()));
    }

    void notShowingItAtStartIsKept()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(window.isWelcomeShown());
            window.welcomePage()->findChild<QCheckBox *>(QStringLiteral("showAtStartCheck"))->setChecked(false);
            window.close();
        }
        MainWindow again;
        again.show();
        QTRY_VERIFY_WITH_TIMEOUT(again.isLoaded(), 10000);
        QTest::qWait(200);
        QVERIFY(!again.isWelcomeShown());
        // The window kept its docks although it closed on the welcome page before.
        QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("checksDock"))->isVisible());
        // A start with guides named on the command line never opens on it either.
        QSettings().clear();
        MainWindow named({QStringLiteral(":/guides/redis.md")});
        named.show();
        QVERIFY(!named.isWelcomeShown());
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestWelcome)
#include "TestWelcome.moc"
