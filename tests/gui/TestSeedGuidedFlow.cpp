// The support person's flow on a real team guide (seed 003), through the real window: find the
// issue, run its readiness check against a port where nothing listens, follow the branch the
// result picks, say the first solution did not help, reach the next one, export the report.

#include "PostgresProbe.h"
#include "TestSupport.h"
#include "gui/GuidedView.h"
#include "gui/MainWindow.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>

#include <cstdio>

using namespace triage;
using namespace triage::test;

class TestSeedGuidedFlow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void connectionRefusedToTheNextSolution()
    {
        const QString seed = seedFile(QStringLiteral("003"));
        QVERIFY(!seed.isEmpty());
        // A port where nothing listens: taken, then let go.
        quint16 closedPort = 0;
        {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost, 0));
            closedPort = server.serverPort();
        }
        CheckOverrides overrides;
        QString error;
        QVERIFY(overrides.add(QStringLiteral("postgres.host=127.0.0.1"), &error));
        QVERIFY(overrides.add(QStringLiteral("postgres.port=%1").arg(closedPort), &error));

        MainWindow window({seed});
        ProbeRegistry registry = ProbeRegistry::withCoreProbes();
        PostgresProbe::registerIn(registry);
        window.setProbeRegistry(registry);
        window.setOverrides(overrides);
        window.resize(1280, 860);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loaded);
        QVERIFY(loaded.wait(20000));

        // The pasted error finds the issue; Enter opens it in guided mode.
        window.openFirstSearchResult(QStringLiteral("could not connect to server: Connection refused"));
        GuidedView *guided = window.guidedView();
        QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("centreTabs"))->currentWidget(), guided);
        const Guide *guide = guided->guide();
        QVERIFY(guide);
        QCOMPARE(guide->node(guided->currentNode())->title, QStringLiteral("\"Connection Refused\" (PostgreSQL)"));

        // Read on to its readiness check (symptoms are on the page).
        guided->next();
        QCOMPARE(guide->node(guided->currentNode())->kind, NodeKind::Diagnosis);
        guided->next();
        const GuideNode *check = guide->node(guided->currentNode());
        QCOMPARE(check->kind, NodeKind::Check);
        QVERIFY(check->title.contains(QStringLiteral("PostgreSQL is running")));
        auto *run = guided->findChild<QPushButton *>(QStringLiteral("runButton"));
        QVERIFY(run && run->isEnabled());

        QSignalSpy finished(&window, &MainWindow::checksFinished);
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(finished.wait(15000));
        const QString resultText = guided->findChild<QLabel *>(QStringLiteral("checkResult"))->text();
        QVERIFY2(resultText.contains(QStringLiteral("connection_refused")), qPrintable(resultText));
        QVERIFY2(resultText.contains(QStringLiteral("127.0.0.1:%1").arg(closedPort)), qPrintable(resultText));

        // The result chose the branch: Next is highlighted and leads to starting PostgreSQL.
        QVERIFY(guided->nextIsBranch());
        QCOMPARE(guide->node(guided->nextTarget())->title, QStringLiteral("Start PostgreSQL"));
        auto *next = guided->findChild<QPushButton *>(QStringLiteral("nextButton"));
        QVERIFY(next->text().contains(QStringLiteral("Start PostgreSQL")));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(guide->node(guided->currentNode())->title, QStringLiteral("Start PostgreSQL"));

        // "No" reaches the next solution.
        QTest::mouseClick(guided->findChild<QPushButton *>(QStringLiteral("noButton")), Qt::LeftButton);
        QCOMPARE(guide->node(guided->currentNode())->title, QStringLiteral("Check connection string"));
        QCOMPARE(guided->session().verdict, Session::Verdict::Open);

        // The report has the path, the result with its timing, and the answer.
        const QString reportPath = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation)).filePath(QStringLiteral("triage-guided-report.md"));
        QSignalSpy exported(&window, &MainWindow::reportExported);
        window.exportReport(reportPath);
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.first().at(1).toString(), QString());
        QFile file(reportPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(file.readAll());
        QVERIFY2(report.contains(QStringLiteral("# Troubleshooting report: Troubleshooting Guide")), qPrintable(report.left(300)));
        QVERIFY(report.contains(QStringLiteral("**Issue**: \"Connection Refused\" (PostgreSQL)")));
        QVERIFY(report.contains(QStringLiteral("**Check**: Check if PostgreSQL is running")));
        QVERIFY2(report.contains(QStringLiteral("connection\\_refused")), qPrintable(report));
        QVERIFY(report.contains(QStringLiteral("**Solution**: Start PostgreSQL")));
        QVERIFY(report.contains(QStringLiteral("Did this fix it? No")));
        QVERIFY(report.contains(QStringLiteral("**Solution**: Check connection string")));
        QVERIFY(report.contains(QStringLiteral("Open: not resolved yet")));
        QVERIFY(report.contains(QStringLiteral("| Checks run | 1 (1 not passed) |")));
        QFile::remove(reportPath);

        if (!qEnvironmentVariableIsEmpty("TRIAGE_SCREENSHOT_DIR"))
            window.grab().save(qEnvironmentVariable("TRIAGE_SCREENSHOT_DIR") + QStringLiteral("/guided-flow.png"));
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (seedsDir().isEmpty()) {
        std::fprintf(stderr, "SKIP: ../shared/seeds not found next to the checkout and TRIAGE_SEEDS_DIR is not set; seed tests skipped\n");
        return 77;
    }
    TestSeedGuidedFlow test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestSeedGuidedFlow.moc"
