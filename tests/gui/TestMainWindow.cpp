#include "CheckGuide.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "gui/GuideTreeModel.h"
#include "gui/MainWindow.h"

#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSettings>
#include <QTest>
#include <QTextBrowser>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTcpServer>
#include <QTreeView>
#include <QTreeWidget>

using namespace triage;
using namespace triage::test;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void showsTheBundledGuidesAsATree();
    void selectingANodeRendersIt();
    void pastingAnErrorJumpsToTheIssue();
    void badPathsAreReportedNotFatal();
    void runAllShowsResultsAndRanksIssues();

private:
    static void waitLoaded(MainWindow &window);
};

void TestMainWindow::initTestCase()
{
    // These tests are about the guides' page; TestWelcome covers the welcome page that a
    // start with no connection profile opens on.
    QSettings().setValue(QStringLiteral("welcome/showAtStart"), false);
}

void TestMainWindow::waitLoaded(MainWindow &window)
{
    if (!window.isLoaded()) {
        QSignalSpy loaded(&window, &MainWindow::loaded);
        QVERIFY(loaded.wait(20000));
    }
}

void TestMainWindow::showsTheBundledGuidesAsATree()
{
    MainWindow window;
    window.resize(1180, 760);
    window.show();
    // Loading happens on a worker: the window is up and says so before the guides arrive,
    // which can only happen once the event loop runs.
    QVERIFY(!window.isLoaded());
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Loading")));
    QVERIFY(!window.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->isEnabled());
    waitLoaded(window);
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
    QVERIFY(tree);
    const int guides = tree->model()->rowCount();
    QVERIFY2(guides >= 8, qPrintable(QString::number(guides)));
    QStringList titles;
    for (int row = 0; row < guides; ++row)
        titles.append(tree->model()->index(row, 0).data().toString());
    QVERIFY2(titles.join(QLatin1Char('|')).contains(QStringLiteral("PostgreSQL")), qPrintable(titles.join(QLatin1Char('|'))));
    // Issues are one level down, under each guide.
    bool sawIssue = false;
    for (int row = 0; row < guides && !sawIssue; ++row) {
        const QModelIndex g = tree->model()->index(row, 0);
        for (int c = 0; c < tree->model()->rowCount(g); ++c)
            sawIssue = sawIssue || tree->model()->index(c, 0, g).data(GuideTreeModel::KindRole).toString() == QLatin1String("issue");
    }
    QVERIFY(sawIssue);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("issue")));
    window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/main-window.png"));
}

void TestMainWindow::selectingANodeRendersIt()
{
    GuideFiles files;
    const QString path = files.write(QStringLiteral("ports.md"),
                                     "# Ports\n\n### Issue: Port in use\n\n**Symptom**: `Address already in use`\n\n"
                                     "**Diagnosis**:\n```bash\n# Who listens?\nlsof -i :8000\n```\n\n**Solution**: Stop it.\n");
    MainWindow window({path});
    window.show();
    waitLoaded(window);
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
    auto *model = static_cast<GuideTreeModel *>(tree->model());
    const QModelIndex check = model->indexOf(0, QStringLiteral("issue-port-in-use/diagnosis/check-1"));
    QVERIFY(check.isValid());
    tree->setCurrentIndex(check);
    auto *detail = window.findChild<QTextBrowser *>(QStringLiteral("detailView"));
    const QString text = detail->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Who listens?")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("port :8000")));
    QVERIFY2(text.contains(path + QStringLiteral(":10")), qPrintable(text));
}

void TestMainWindow::pastingAnErrorJumpsToTheIssue()
{
    MainWindow window;
    window.show();
    waitLoaded(window);
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    auto *results = window.findChild<QListWidget *>(QStringLiteral("resultsList"));
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
    QVERIFY(search->isEnabled());
    QVERIFY(!results->isVisible());
    search->setText(QStringLiteral("Could not connect to Redis at 127.0.0.1:6379: Connection refused"));
    QTRY_VERIFY(results->isVisible());
    QVERIFY(results->count() > 0);
    QVERIFY2(results->item(0)->text().contains(QStringLiteral("Redis"), Qt::CaseInsensitive), qPrintable(results->item(0)->text()));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(tree->currentIndex().data(GuideTreeModel::KindRole).toString(), QStringLiteral("issue"));
    QVERIFY(tree->currentIndex().data().toString().contains(QStringLiteral("Redis"), Qt::CaseInsensitive));
    window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/main-window-search.png"));
    search->clear();
    QTRY_VERIFY(!results->isVisible());
}

void TestMainWindow::badPathsAreReportedNotFatal()
{
    MainWindow window({QStringLiteral("/no/such/folder")});
    window.show();
    waitLoaded(window);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("/no/such/folder")));
    QCOMPARE(window.findChild<QTreeView *>(QStringLiteral("guideTree"))->model()->rowCount(), 0);
}

void TestMainWindow::runAllShowsResultsAndRanksIssues()
{
    // The service guide's tcp check points at port 1 (refused); its redis check at port 1 too.
    GuideFiles files;
    const QString guide = files.write(QStringLiteral("service.md"), kCheckGuide);
    MainWindow window({guide});
    window.resize(1180, 760);
    window.show();
    waitLoaded(window);
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
    auto *runAll = window.findChild<QPushButton *>(QStringLiteral("runAllButton"));
    auto *runHere = window.findChild<QPushButton *>(QStringLiteral("runHereButton"));
    auto *results = window.findChild<QTreeWidget *>(QStringLiteral("checkResults"));
    auto *status = window.findChild<QLabel *>(QStringLiteral("runStatus"));
    tree->setCurrentIndex(tree->model()->index(0, 0)); // the guide itself
    QVERIFY(runAll->isEnabled());
    QVERIFY(runHere->isEnabled()); // the guide's root holds every step
    QSignalSpy finished(&window, &MainWindow::checksFinished);
    auto *progress = window.findChild<QProgressBar *>(QStringLiteral("runProgress"));
    QVERIFY(progress && !progress->isVisible());
    QSignalSpy progressed(progress, &QProgressBar::valueChanged);
    QTest::mouseClick(runAll, Qt::LeftButton);
    QVERIFY(window.isRunning() || finished.size() == 1);
    QVERIFY(finished.size() == 1 || finished.wait(15000));
    // The bar went to the end, and goes away when the run is over.
    QVERIFY(!progressed.isEmpty());
    QCOMPARE(progressed.last().first().toInt(), 2);
    QCOMPARE(progress->maximum(), 2);
    QVERIFY(!progress->isVisible());
    QVERIFY(!results->topLevelItem(0)->icon(0).isNull()); // the status reads without colour too
    // One row per check, then the ranking.
    QVERIFY2(results->topLevelItemCount() >= 2, qPrintable(QString::number(results->topLevelItemCount())));
    QCOMPARE(results->topLevelItem(0)->text(0), QStringLiteral("ERROR"));
    QVERIFY2(results->topLevelItem(0)->text(2).contains(QStringLiteral("connection refused")), qPrintable(results->topLevelItem(0)->text(2)));
    QVERIFY(status->text().contains(QStringLiteral("0 of 2 checks passed")));
    QVERIFY(status->text().contains(QStringLiteral("most likely")));
    bool ranked = false;
    for (int i = 0; i < results->topLevelItemCount(); ++i)
        ranked = ranked || results->topLevelItem(i)->text(0) == QLatin1String("LIKELY");
    QVERIFY(ranked);
    // A result opens its step, which now shows how it went; double-click follows its branch.
    QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, results->visualItemRect(results->topLevelItem(0)).center());
    QCOMPARE(tree->currentIndex().data(GuideTreeModel::NodeIdRole).toString(), QStringLiteral("check-is-its-port-open"));
    auto *detail = window.findChild<QTextBrowser *>(QStringLiteral("detailView"));
    QVERIFY2(detail->toPlainText().contains(QStringLiteral("Last run: ERROR")), qPrintable(detail->toPlainText().left(400)));
    // Guided mode, now on that step, shows what Run all found there and where it leads.
    auto *guidedResult = window.findChild<QLabel *>(QStringLiteral("checkResult"));
    QVERIFY2(guidedResult->text().contains(QStringLiteral("connection_refused")), qPrintable(guidedResult->text()));
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("nextButton"))->text().contains(QStringLiteral("Start the service")));
    window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/main-window-checks.png"));
    QTest::mouseDClick(results->viewport(), Qt::LeftButton, {}, results->visualItemRect(results->topLevelItem(0)).center());
    QCOMPARE(tree->currentIndex().data(GuideTreeModel::NodeIdRole).toString(), QStringLiteral("solution-start-the-service"));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
