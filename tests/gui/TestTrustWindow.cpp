// The app asks before a guide's command checks run a program, keeps the answer for the file's
// bytes, and asks again once the file changes.
#include "TestSupport.h"
#include "gui/MainWindow.h"
#include "guide/GuideImporter.h"
#include "guide/GuideTrust.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace triage;
using namespace triage::test;

namespace {

QByteArray guideText(const QString &canary, const QString &extra = QString())
{
    return QStringLiteral(R"(---
triage: 1
id: touchy
title: Touchy
---

# Touchy

## Issue: The marker is missing

**Symptoms**

- `marker not found`

### Check: Make the marker

```check
type: command
command: touch ${marker}
vars:
  marker: %1
pass: "#outcome-made"
fail: "#outcome-made"
```

### Outcome: Made

It is there now.%2
)")
        .arg(canary, extra)
        .toUtf8();
}

// Answers the next trust question by pressing the button named `button`; keeps what it said.
// Watches from the moment it is made until it answers or goes out of scope.
struct TrustAnswerer {
    explicit TrustAnswerer(const QString &buttonName, const QString &shotPath = QString())
        : button(buttonName)
        , shot(shotPath)
    {
        timer.setInterval(20);
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("trustBox"))
                return;
            timer.stop();
            asked = true;
            text = box->text();
            if (!shot.isEmpty())
                box->grab().save(shot);
            box->findChild<QPushButton *>(button)->click();
        });
        timer.start();
    }
    QString button;
    QString shot;
    QString text;
    bool asked = false;
    QTimer timer;
};

} // namespace

class TestTrustWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void asksOnceAndAgainWhenTheFileChanges();

private:
    QTemporaryDir m_config;
};

void TestTrustWindow::initTestCase()
{
    // The trust store lives under the config folder: this test's own.
    qputenv("XDG_CONFIG_HOME", m_config.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", m_config.filePath(QStringLiteral("data")).toUtf8()); // the window's history and log
    QSettings().setValue(QStringLiteral("welcome/showAtStart"), false);
}

void TestTrustWindow::asksOnceAndAgainWhenTheFileChanges()
{
    GuideFiles files;
    const QString canary = files.path(QStringLiteral("marker"));
    const QString path = files.write(QStringLiteral("touchy.md"), guideText(canary));
    MainWindow window({path});
    window.resize(1180, 760);
    window.show();
    if (!window.isLoaded()) {
        QSignalSpy loaded(&window, &MainWindow::loaded);
        QVERIFY(loaded.wait(20000));
    }
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
    auto *runAll = window.findChild<QPushButton *>(QStringLiteral("runAllButton"));
    auto *results = window.findChild<QTreeWidget *>(QStringLiteral("checkResults"));
    tree->setCurrentIndex(tree->model()->index(0, 0));
    QVERIFY(runAll->isEnabled());
    QSignalSpy finished(&window, &MainWindow::checksFinished);

    // 1. Not trusted: the box says what would run. Without commands, nothing runs.
    TrustAnswerer without(QStringLiteral("withoutButton"), QStringLiteral(TRIAGE_SCREENSHOT_DIR "/trust-box.png"));
    QTest::mouseClick(runAll, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(without.asked, 10000);
    QVERIFY2(without.text.contains(QLatin1String("wants to run programs")), qPrintable(without.text));
    QVERIFY2(without.text.contains(QStringLiteral("touch ${marker}")), qPrintable(without.text));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!QFile::exists(canary));
    QVERIFY2(results->topLevelItem(0)->text(2).contains(QLatin1String("not trusted")), qPrintable(results->topLevelItem(0)->text(2)));

    // 2. Trust and run: the program runs, and the trust is written for these bytes.
    TrustAnswerer trust(QStringLiteral("trustButton"));
    QTest::mouseClick(runAll, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(trust.asked, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QVERIFY(QFile::exists(canary));
    const Guide onDisk = GuideImporter::importFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            GuideTrust store;
            QString error;
            return store.load(&error) && store.state(onDisk) == GuideTrust::State::Trusted;
        }(),
        10000);

    // 3. Trusted: no question.
    QFile::remove(canary);
    {
        TrustAnswerer unexpected(QStringLiteral("cancelButton"));
        QTest::mouseClick(runAll, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 10000);
        QVERIFY(!unexpected.asked);
        QVERIFY(QFile::exists(canary));
    }

    // 4. Trust taken back elsewhere (`triage trust --revoke` in a terminal does this): the
    // window reads the store again and asks before the next run.
    {
        GuideTrust store;
        QString error;
        const auto lock = store.lock(&error);
        QVERIFY2(lock && store.load(&error), qPrintable(error));
        QCOMPARE(store.revoke(onDisk), 1);
        QVERIFY2(store.save(&error), qPrintable(error));
    }
    QTest::qWait(1500); // the folder watch, its 150 ms pause and a read on the worker
    QFile::remove(canary);
    {
        TrustAnswerer revoked(QStringLiteral("cancelButton"));
        QTest::mouseClick(runAll, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(revoked.asked, 10000);
        QVERIFY2(revoked.text.contains(QLatin1String("wants to run programs")), qPrintable(revoked.text));
        QTest::qWait(300);
        QCOMPARE(finished.size(), 3);
        QVERIFY(!QFile::exists(canary));
    }
    // Trusted again from the window, for step 5.
    {
        TrustAnswerer again(QStringLiteral("trustButton"));
        QTest::mouseClick(runAll, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(again.asked, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
        QVERIFY(QFile::exists(canary));
    }

    // 5. The file changes: the app reloads it and asks again, saying so. Cancel runs nothing.
    QSignalSpy reloaded(&window, &MainWindow::loaded);
    files.write(QStringLiteral("touchy.md"), guideText(canary, QStringLiteral("\n\nEdited later.")));
    QVERIFY(reloaded.wait(10000));
    QFile::remove(canary);
    tree->setCurrentIndex(tree->model()->index(0, 0));
    TrustAnswerer changed(QStringLiteral("cancelButton"), QStringLiteral(TRIAGE_SCREENSHOT_DIR "/trust-box-changed.png"));
    QTest::mouseClick(runAll, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(changed.asked, 10000);
    QVERIFY2(changed.text.contains(QLatin1String("changed")) && changed.text.contains(QLatin1String("since you trusted it")),
             qPrintable(changed.text));
    QTest::qWait(300);
    QCOMPARE(finished.size(), 4);
    QVERIFY(!window.isRunning());
    QVERIFY(!QFile::exists(canary));
}

QTEST_MAIN(TestTrustWindow)
#include "TestTrustWindow.moc"
