// The window binds a run to an environment chosen in the run panel, reading its secrets from
// the real keychain first, and marks production. Needs tests/run's D-Bus session.

#include "CheckGuide.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "gui/MainWindow.h"
#include "profiles/ProfileStore.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace triage;
using namespace triage::test;

class TestWindowEnvironments : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty())
            QFAIL("no D-Bus session with a keychain: run the suite with tests/run");
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        ProfileStore store;
        QString password;
        QString error;
        Environment dev{QStringLiteral("dev"), false, {}};
        dev.profiles.append(*ConnectionProfile::fromUrl(QStringLiteral("cache"), QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port), &password, &error));
        store.environments = {dev, Environment{QStringLiteral("prod"), true, {}}};
        QVERIFY2(store.save(&error), qPrintable(error));
    }

    void runBoundToAnEnvironment()
    {
        const QString guide = m_files.write(QStringLiteral("service.md"), kCheckGuide);
        MainWindow window({guide});
        window.resize(1180, 760);
        window.show();
        if (!window.isLoaded()) {
            QSignalSpy loaded(&window, &MainWindow::loaded);
            QVERIFY(loaded.wait(20000));
        }
        auto *combo = window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        QTRY_COMPARE(combo->count(), 3);
        // Moving around the tree changes nothing in the list.
        auto *moving = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
        for (int i = 0; i < 3; ++i)
            moving->setCurrentIndex(moving->model()->index(0, 0).model()->index(i % 2, 0, moving->model()->index(0, 0)));
        QTest::qWait(200);
        QCOMPARE(combo->count(), 3);
        QVERIFY(combo->itemText(2).contains(QStringLiteral("PRODUCTION")));
        combo->setCurrentIndex(1); // dev
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
        tree->setCurrentIndex(tree->model()->index(0, 0));
        QSignalSpy finished(&window, &MainWindow::checksFinished);
        window.runChecks(true);
        QVERIFY(finished.wait(15000));
        auto *results = window.findChild<QTreeWidget *>(QStringLiteral("checkResults"));
        // The guide's redis check names port 1; bound to dev it went to the profile's port.
        bool bound = false;
        for (int i = 0; i < results->topLevelItemCount(); ++i)
            bound = bound || results->topLevelItem(i)->text(2).contains(QStringLiteral("127.0.0.1:%1").arg(m_port));
        QVERIFY(bound);
        auto *status = window.findChild<QLabel *>(QStringLiteral("runStatus"));
        QVERIFY2(status->toolTip().contains(QStringLiteral("redis checks")), qPrintable(status->toolTip()));
        QVERIFY2(status->text().startsWith(QStringLiteral("Bound to dev")), qPrintable(status->text()));
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/main-window-environment.png"));
    }

private:
    QTemporaryDir m_home;
    GuideFiles m_files;
    quint16 m_port = closedPort();
};

QTEST_MAIN(TestWindowEnvironments)
#include "TestWindowEnvironments.moc"
