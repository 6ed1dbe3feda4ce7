// Guided mode in the real window on the bundled guides: answering a question, Back and
// Forward, "Did this fix it?", autosave after every step, and resuming a session that did not
// close.

#include "CheckGuide.h"
#include "TestSupport.h"
#include "gui/DecisionMapView.h"
#include "gui/GuideTreeModel.h"
#include "gui/GuidedView.h"
#include "gui/MetricsPanel.h"
#include "metrics/MetricStore.h"
#include "gui/MainWindow.h"
#include "session/GuidedFlow.h"
#include "session/SessionReport.h"
#include "session/SessionStore.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QTabWidget>
#include <QTreeView>
#include <QTcpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStatusBar>
#include <QRandomGenerator>

#include <cmath>
#include <QSettings>
#include <QTest>
#include <QFileInfo>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>

using namespace triage;
using namespace triage::test;

namespace {

int guideIndex(const MainWindow &window, const QString &id)
{
    for (int i = 0; i < window.library().size(); ++i) {
        if (window.library().guides().at(i).id == id)
            return i;
    }
    return -1;
}

void waitLoaded(MainWindow &window)
{
    if (!window.isLoaded()) {
        QSignalSpy loaded(&window, &MainWindow::loaded);
        QVERIFY(loaded.wait(20000));
    }
}

} // namespace

class TestGuidedWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QDir(SessionStore::folder()).removeRecursively();
        // These tests are about the guides' page; TestWelcome covers the welcome page.
        QSettings().setValue(QStringLiteral("welcome/showAtStart"), false);
    }

    void answersBackForwardAndTheVerdict()
    {
        MainWindow window;
        window.resize(1280, 860);
        window.show();
        waitLoaded(window);
        const int pg = guideIndex(window, QStringLiteral("postgres"));
        QVERIFY(pg >= 0);
        const Guide &guide = window.library().guides().at(pg);
        const GuideNode *question = findNode(guide, NodeKind::Question, QStringLiteral("How do you run PostgreSQL"));
        QVERIFY(question);
        window.selectNode(pg, question->id);
        GuidedView *guided = window.guidedView();
        QCOMPARE(guided->currentNode(), question->id);
        // A question waits for its answer: Next has nowhere to go.
        QVERIFY(!guided->findChild<QPushButton *>(QStringLiteral("nextButton"))->isEnabled());
        QList<QPushButton *> answers;
        for (QPushButton *b : guided->findChildren<QPushButton *>(QStringLiteral("answerButton")))
            answers.append(b);
        QCOMPARE(answers.size(), 3);
        QPushButton *docker = nullptr;
        for (QPushButton *b : answers)
            docker = b->text().contains(QStringLiteral("Docker")) ? b : docker;
        QVERIFY(docker);
        QTest::mouseClick(docker, Qt::LeftButton);
        QCOMPARE(guide.node(guided->currentNode())->title, QStringLiteral("Start the database container"));
        QCOMPARE(guided->session().path().last().how, QStringLiteral("answer: A Docker or Docker Compose container"));

        // Back and Forward, as in a browser.
        guided->back();
        QCOMPARE(guided->currentNode(), question->id);
        guided->forward();
        QCOMPARE(guide.node(guided->currentNode())->title, QStringLiteral("Start the database container"));

        // Yes: resolved, and said so.
        QTest::mouseClick(guided->findChild<QPushButton *>(QStringLiteral("yesButton")), Qt::LeftButton);
        QCOMPARE(guided->session().verdict, Session::Verdict::Resolved);
        auto *verdict = guided->findChild<QLabel *>(QStringLiteral("verdict"));
        QVERIFY(verdict->isVisible());
        QVERIFY2(verdict->text().contains(QStringLiteral("Resolved by")), qPrintable(verdict->text()));

        // Every step is saved on a worker; the file has the path and the verdict.
        QString error;
        std::optional<Session> onDisk;
        QTRY_VERIFY_WITH_TIMEOUT((onDisk = SessionStore::read(SessionStore::pathFor(guided->session().id), &error))
                                     && onDisk->verdict == Session::Verdict::Resolved,
                                 5000);
        QCOMPARE(onDisk->path().size(), guided->session().path().size());
    }

    void theMapShowsThePathAndAClickJumps()
    {
        MainWindow window;
        window.resize(1280, 860);
        window.show();
        waitLoaded(window);
        const int pg = guideIndex(window, QStringLiteral("postgres"));
        const Guide &guide = window.library().guides().at(pg);
        const GuideNode *issue = findNode(guide, NodeKind::Issue, QStringLiteral("refuses connections"));
        QVERIFY(issue);
        window.selectNode(pg, issue->id);
        GuidedView *guided = window.guidedView();
        guided->next();
        const QString check = guided->currentNode();
        QCOMPARE(guide.node(check)->kind, NodeKind::Check);

        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("centreTabs"));
        auto *map = window.findChild<DecisionMapView *>(QStringLiteral("mapView"));
        tabs->setCurrentWidget(map);
        QCOMPARE(map->guideIndex(), pg);
        QVERIFY(map->nodeCount() >= guide.nodes.size() / 2);
        // Every node of the guide's tree has a place, none on top of another.
        const QRectF issueBox = map->nodeRect(issue->id);
        const QRectF checkBox = map->nodeRect(check);
        QVERIFY(!issueBox.isNull() && !checkBox.isNull());
        QVERIFY(!issueBox.intersects(checkBox));
        QVERIFY(checkBox.left() > issueBox.left()); // deeper steps to the right

        // A click on a solution box jumps there in guided mode.
        const GuideNode *solution = findNode(guide, NodeKind::Solution, QStringLiteral("Start the PostgreSQL service"));
        QVERIFY(solution);
        map->centerOn(map->nodeRect(solution->id).center());
        const QPoint at = map->mapFromScene(map->nodeRect(solution->id).center());
        QVERIFY(map->viewport()->rect().contains(at));
        QTest::mouseClick(map->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(guided->currentNode(), solution->id);
        QCOMPARE(tabs->currentWidget(), guided);
        QCOMPARE(guided->session().path().last().how, QStringLiteral("chosen"));
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/map-jump.png"));
    }

    void metricsChartWatchedChecksAndExport()
    {
        // A port that answers, so that the check has a latency to chart.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray guideText(kCheckGuide);
        guideText.replace("port: 1\npass:", "port: 1\nexpect: \"[RESPONSE_TIME] < 250ms\"\npass:");
        const QString path = m_files.write(QStringLiteral("svc.md"), guideText);
        CheckOverrides overrides;
        QString error;
        QVERIFY(overrides.add(QStringLiteral("tcp.port=%1").arg(server.serverPort()), &error));
        MainWindow window({path});
        window.setOverrides(overrides);
        window.resize(1280, 860);
        window.show();
        waitLoaded(window);
        const Guide &guide = window.library().guides().at(0);
        const GuideNode *check = findNode(guide, NodeKind::Check, QStringLiteral("port open"));
        QVERIFY(check);
        window.selectNode(0, check->id);
        MetricsPanel *metrics = window.metricsPanel();
        // This session's figures, from memory; the history range has its own test below.
        metrics->setRange(MetricsPanel::Range::Session);
        auto *watchButton = metrics->findChild<QPushButton *>(QStringLiteral("watchButton"));
        QVERIFY(watchButton->isEnabled());
        metrics->setIntervalSeconds(1);
        QTest::mouseClick(watchButton, Qt::LeftButton);
        QCOMPARE(metrics->watched().size(), 1);
        // A first round at once, then one a second.
        QTRY_VERIFY_WITH_TIMEOUT(metrics->history().pointCount() >= 3, 8000);
        QCOMPARE(metrics->currentMetric(), QStringLiteral("latency_ms"));
        QTRY_VERIFY_WITH_TIMEOUT(metrics->plotted().value(check->title) >= 3, 2000); // the chart redraws a moment later
        const QHash<QString, int> lines = metrics->plotted();
        QVERIFY2(lines.contains(QStringLiteral("limit: [RESPONSE_TIME] < 250ms")), qPrintable(QStringList(lines.keys()).join(QLatin1Char(','))));

        // Paused, nothing more arrives.
        metrics->setPaused(true);
        QTest::qWait(300); // a round already started may finish
        const int frozen = metrics->history().pointCount();
        QTest::qWait(1800);
        QCOMPARE(metrics->history().pointCount(), frozen);

        // Exports: a PNG image and CSV rows, one per point.
        QSignalSpy exported(metrics, &MetricsPanel::exported);
        const QString png = m_files.path(QStringLiteral("latency.png"));
        const QString csv = m_files.path(QStringLiteral("latency.csv"));
        metrics->exportPng(png);
        QVERIFY(exported.wait(5000));
        metrics->exportCsv(csv);
        QVERIFY(exported.wait(5000));
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QCOMPARE(exported.at(1).at(1).toString(), QString());
        QVERIFY(!QImage(png).isNull());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(file.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(rows.first(), QStringLiteral("time,check,metric,value"));
        QCOMPARE(rows.size() - 1, frozen);
        QVERIFY(rows.at(1).contains(QStringLiteral(",latency_ms,")));
        window.findChild<QWidget *>(QStringLiteral("metricsDock"))->raise();
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/metrics.png"));
    }

    void metricsHistoryOutlivesTheWindow()
    {
        // A day of figures kept from earlier: one sample every 10 s for 20 hours, ending now.
        const QString label = QStringLiteral("Queue depth %1").arg(QRandomGenerator::global()->generate(), 0, 16);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            MetricStore store(MetricStore::defaultPath());
            QString error;
            QVERIFY2(store.open(&error), qPrintable(error));
            QList<MetricSample> samples;
            for (qint64 t = now - 20LL * 3600 * 1000; t <= now; t += 10'000)
                samples.append({QStringLiteral("earlier"), label.toLower().replace(QLatin1Char(' '), QLatin1Char('-')), label, QStringLiteral("queue_depth"), QString(), t,
                                   40 + 25 * std::sin(double(t % (6 * 3600'000)) / (6 * 3600'000) * 2 * M_PI) + double(t % 5)});
            QVERIFY2(store.append(samples, {}, &error), qPrintable(error));
        }
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        // A check title of its own, so that figures kept by earlier runs cannot stand in for this one's.
        QByteArray guideText(kCheckGuide);
        guideText.replace("Check: Is its port open?", "Check: Is its port open " + label.toUtf8().right(8) + "?");
        const QString path = m_files.write(QStringLiteral("svc-history.md"), guideText);
        CheckOverrides overrides;
        QString error;
        QVERIFY(overrides.add(QStringLiteral("tcp.port=%1").arg(server.serverPort()), &error));
        QString checkTitle;
        {
            MainWindow window({path});
            window.setOverrides(overrides);
            window.resize(1280, 860);
            window.show();
            waitLoaded(window);
            MetricsPanel *metrics = window.metricsPanel();
            metrics->setRange(MetricsPanel::Range::Day);
            window.findChild<QWidget *>(QStringLiteral("metricsDock"))->raise();
            // 7,200 stored samples arrive decimated to the chart's width.
            metrics->showMetric(QStringLiteral("queue_depth"));
            QTRY_VERIFY_WITH_TIMEOUT(metrics->currentMetric() == QLatin1String("queue_depth") && metrics->plotted().value(label) > 0, 5000);
            const int drawn = metrics->plotted().value(label);
            QVERIFY2(drawn >= 100 && drawn <= 4 * 4000 && drawn < 7200, qPrintable(QString::number(drawn)));
            window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/metrics-history-day.png"));

            // Watched checks land in the history and show in the hour's chart a moment later
            // (a day's chart follows every ten seconds: its pixels are minutes wide).
            metrics->setRange(MetricsPanel::Range::Hour);
            const GuideNode *check = findNode(window.library().guides().at(0), NodeKind::Check, QStringLiteral("port open"));
            QVERIFY(check);
            checkTitle = check->title;
            window.selectNode(0, check->id);
            metrics->setIntervalSeconds(1);
            QTest::mouseClick(metrics->findChild<QPushButton *>(QStringLiteral("watchButton")), Qt::LeftButton);
            metrics->showMetric(QStringLiteral("latency_ms"));
            QTRY_VERIFY_WITH_TIMEOUT(metrics->currentMetric() == QLatin1String("latency_ms") && metrics->plotted().value(checkTitle) >= 2, 10000);
            window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/metrics-history.png"));
            metrics->setPaused(true);
            window.close();
        }
        // Reopened: the chart shows what was kept, with nothing run.
        MainWindow again({path});
        again.resize(1280, 860);
        again.show();
        waitLoaded(again);
        MetricsPanel *metrics = again.metricsPanel();
        QCOMPARE(metrics->range(), MetricsPanel::Range::Hour); // the range chosen last time
        metrics->showMetric(QStringLiteral("latency_ms"));
        QTRY_VERIFY_WITH_TIMEOUT(metrics->plotted().value(checkTitle) >= 2, 5000);
        QCOMPARE(metrics->history().pointCount(), 0);
    }

    void libraryGroupsWarnsAndFollowsEdits()
    {
        GuideFiles files;
        const QString a = files.write(QStringLiteral("payments/pay.md"), "---\ntriage: 1\nid: pay\ntags: [payments, api]\n---\n# Payments\n\n"
                                                                          "## Issue: Charges fail\n\nSee [the ledger](ledger.md).\n");
        files.write(QStringLiteral("search/find.md"), "---\ntriage: 1\nid: find\ntags: [api]\n---\n# Search\n\n## Issue: Results are empty\n\nReindex.\n");
        MainWindow window({files.path(QStringLiteral("payments")), files.path(QStringLiteral("search"))});
        window.show();
        waitLoaded(window);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("guideTree"));
        QAbstractItemModel *model = tree->model();
        // Two folders: a group for each, the guides under them.
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(model->index(0, 0).data(GuideTreeModel::IsGroupRole).toBool());
        QVERIFY2(model->index(0, 0).data().toString().endsWith(QStringLiteral("payments  (1)")), qPrintable(model->index(0, 0).data().toString()));
        // The broken link is a warning on the guide's row, with the lint message in its tooltip.
        const QModelIndex pay = model->index(0, 0, model->index(0, 0));
        QVERIFY2(pay.data().toString().contains(QStringLiteral("\u26a0 2")), qPrintable(pay.data().toString())); // the broken link, and no symptoms
        QVERIFY2(pay.data(Qt::ToolTipRole).toString().contains(QStringLiteral("ledger.md")), qPrintable(pay.data(Qt::ToolTipRole).toString()));

        // By tag: api holds both guides, payments one.
        window.findChild<QComboBox *>(QStringLiteral("groupCombo"))->setCurrentIndex(1);
        QStringList groups;
        for (int r = 0; r < model->rowCount(); ++r)
            groups.append(model->index(r, 0).data().toString());
        QCOMPARE(groups, (QStringList{QStringLiteral("api  (2)"), QStringLiteral("payments  (1)")}));

        // An edit on disk is picked up: a new issue appears without a restart.
        QSignalSpy reloaded(&window, &MainWindow::loaded);
        files.write(QStringLiteral("payments/pay.md"), "---\ntriage: 1\nid: pay\ntags: [payments, api]\n---\n# Payments\n\n"
                                                       "## Issue: Charges fail\n\nRetry.\n\n## Issue: Refunds are late\n\nWait.\n");
        QVERIFY(reloaded.wait(5000));
        bool found = false;
        for (const Guide &g : window.library().guides())
            found = found || findNode(g, NodeKind::Issue, QStringLiteral("Refunds are late"));
        QVERIFY(found);

        // Add folder: its guides join the library, and the folder is remembered.
        files.write(QStringLiteral("more/queue.md"), "---\ntriage: 1\nid: queue\ntags: [ops]\n---\n# Queue\n\n## Issue: Jobs pile up\n\nScale out.\n");
        window.addGuideFolder(files.path(QStringLiteral("more")));
        QVERIFY(reloaded.wait(5000));
        bool added = false;
        for (const Guide &g : window.library().guides())
            added = added || g.id == QLatin1String("queue");
        QVERIFY(added);
        QVERIFY(window.guideFolders().contains(QDir::cleanPath(files.path(QStringLiteral("more")))));
        QTRY_VERIFY_WITH_TIMEOUT(QSettings().value(QStringLiteral("library/folders")).toStringList().size() == 1, 2000);
        QSettings().remove(QStringLiteral("library/folders"));
    }

    void aFileThatIsNotAGuideSaysWhy()
    {
        // A binary file named .md among the guides: its page gives the reason, not an empty page.
        GuideFiles files;
        files.write(QStringLiteral("docs/logo.md"), QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR_*`x`*", 24));
        files.write(QStringLiteral("docs/api.md"), "# API\n\n## Issue: Timeouts\n\nRetry.\n");
        MainWindow window({files.path(QStringLiteral("docs"))});
        window.show();
        waitLoaded(window);
        const int logo = guideIndex(window, QStringLiteral("logo"));
        QVERIFY(logo >= 0);
        window.selectNode(logo, QStringLiteral("root"));
        const QString shown = window.guidedView()->findChild<QTextBrowser *>(QStringLiteral("guidedBody"))->toPlainText();
        QVERIFY2(shown.startsWith(QStringLiteral("This file could not be read as a guide.")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("This is not a text file (a NUL byte on line 3, at offset 8); a guide is a Markdown "
                                               "file in UTF-8: check the path")),
                 qPrintable(shown));
        // The other guide is read as usual.
        const int api = guideIndex(window, QStringLiteral("api"));
        QVERIFY(api >= 0);
        QCOMPARE(window.library().guides().at(api).nodesOfKind(NodeKind::Issue).size(), 1);
    }

    void symptomsWithBackticksShowAsWritten()
    {
        // A symptom that quotes shell output with backticks, and a check whose command has a
        // pipe: the page shows both as written. Backslashes do not escape inside Markdown code,
        // so the window used to show "sh: " and a stray backslash for the first.
        GuideFiles files;
        files.write(QStringLiteral("docs/shell.md"), "# Shell\n\n### Issue: Substitution fails\n\n"
                                                     "**Symptom**: ``sh: `date`: not found``\n\n"
                                                     "**Diagnosis**:\n\n```bash\nenv | grep DATE_FORMAT\n```\n");
        MainWindow window({files.path(QStringLiteral("docs"))});
        window.show();
        waitLoaded(window);
        const int shell = guideIndex(window, QStringLiteral("shell"));
        QVERIFY(shell >= 0);
        const Guide &g = window.library().guides().at(shell);
        const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Substitution fails"));
        QVERIFY(issue);
        window.selectNode(shell, issue->id);
        const QString shown = window.guidedView()->findChild<QTextBrowser *>(QStringLiteral("guidedBody"))->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("sh: `date`: not found")), qPrintable(shown));
        QVERIFY2(!shown.contains(QStringLiteral("\\`")), qPrintable(shown));
    }

    void eachCommandOfAFixHasItsOwnCopyLink()
    {
        // "Start it with `sudo systemctl start redis-server`, then watch the log with
        // `journalctl -u redis-server -f`": two commands written in the fix's prose, each to be
        // pasted on its own.
        GuideFiles files;
        files.write(QStringLiteral("docs/worker.md"), "# Worker\n\n## Could not connect to Redis\n\n"
                                                      "The worker log shows `redis: connection refused`.\n\n"
                                                      "**Solution**: Start it with `sudo systemctl start redis-server`, then watch "
                                                      "the log with `journalctl -u redis-server -f`.\n\n"
                                                      "```bash\nredis-cli ping\n```\n");
        MainWindow window({files.path(QStringLiteral("docs"))});
        window.show();
        waitLoaded(window);
        const int worker = guideIndex(window, QStringLiteral("worker"));
        QVERIFY(worker >= 0);
        const Guide &g = window.library().guides().at(worker);
        const GuideNode *fix = nullptr;
        for (const GuideNode &n : g.nodes) {
            if (n.kind == NodeKind::Solution)
                fix = &n;
        }
        QVERIFY(fix);
        window.selectNode(worker, fix->id);
        auto *body = window.guidedView()->findChild<QTextBrowser *>(QStringLiteral("guidedBody"));
        QVERIFY(body);
        // The block in the text has its link (copy:0); the commands written inline follow,
        // and the block's command is not listed a second time.
        const QString html = body->toHtml();
        QVERIFY2(html.contains(QStringLiteral("copy:2")) && !html.contains(QStringLiteral("copy:3")), qPrintable(html));
        QCOMPARE(body->toPlainText().count(QStringLiteral("redis-cli ping")), 1);
        emit body->anchorClicked(QUrl(QStringLiteral("copy:0")));
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("redis-cli ping"));
        emit body->anchorClicked(QUrl(QStringLiteral("copy:2")));
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("journalctl -u redis-server -f"));
        emit body->anchorClicked(QUrl(QStringLiteral("copy:1")));
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("sudo systemctl start redis-server"));
    }

    void aProcedurePageSaysWhatItHoldsAndWhereToStart()
    {
        // A page that is one procedure ("# Orders database outage: diagnostic procedure" over
        // its steps): the guide's page leads on to its one issue, and the issue's page, which
        // has no text of its own, lists its steps and fixes, each a link.
        GuideFiles files;
        files.write(QStringLiteral("docs/outage.md"), "# Orders database outage: diagnostic procedure\n\n"
                                                      "## Step 1: Is the primary up?\n\n```bash\npg_isready -h db-primary -p 5432\n```\n\n"
                                                      "If it says `no response`, fail over to the replica, then go to Step 2.\n"
                                                      "If it says `accepting connections`, go to Step 3.\n\n"
                                                      "## Step 2: Check the replica\n\n```bash\npg_isready -h db-replica -p 5432\n```\n\n"
                                                      "## Step 3: Check the pool\n\nLook at the pool.\n");
        MainWindow window({files.path(QStringLiteral("docs"))});
        window.show();
        waitLoaded(window);
        const int outage = guideIndex(window, QStringLiteral("outage"));
        QVERIFY(outage >= 0);
        const Guide &g = window.library().guides().at(outage);
        const GuideNode *issue = findNode(g, NodeKind::Issue, QStringLiteral("Orders database outage"));
        QVERIFY(issue);
        window.selectNode(outage, g.nodes.first().id);
        GuidedView *guided = window.guidedView();
        auto *next = guided->findChild<QPushButton *>(QStringLiteral("nextButton"));
        QVERIFY(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(guided->currentNode(), issue->id);

        auto *body = guided->findChild<QTextBrowser *>(QStringLiteral("guidedBody"));
        const QString shown = body->toPlainText();
        for (const QString &part : {QStringLiteral("Step 1: Is the primary up?"), QStringLiteral("Fail over to the replica"),
                                    QStringLiteral("Step 2: Check the replica"), QStringLiteral("Step 3: Check the pool")})
            QVERIFY2(shown.contains(part), qPrintable(shown));
        QVERIFY2(shown.indexOf(QStringLiteral("Step 1")) < shown.indexOf(QStringLiteral("Step 3")), qPrintable(shown));
        const GuideNode *failOver = findNode(g, NodeKind::Solution, QStringLiteral("Fail over to the replica"));
        QVERIFY(failOver);
        emit body->anchorClicked(QUrl(QStringLiteral("node:") + failOver->id));
        QCOMPARE(guided->currentNode(), failOver->id);
    }

    void aLinkIntoAnotherGuideOpensItThere()
    {
        MainWindow window;
        window.show();
        waitLoaded(window);
        const int pg = guideIndex(window, QStringLiteral("postgres"));
        window.selectNode(pg, window.library().guides().at(pg).root().id);
        GuidedView *guided = window.guidedView();
        // What a branch such as `unset: "app-startup.md#issue-…"` leads to.
        guided->goTo(QStringLiteral("app-startup.md#issue-environment-variables-are-not-loaded"));
        QVERIFY(guided->guide());
        QCOMPARE(guided->guide()->id, QStringLiteral("app-startup"));
        QCOMPARE(guided->guide()->node(guided->currentNode())->kind, NodeKind::Issue);
        QVERIFY(guided->guide()->node(guided->currentNode())->title.contains(QStringLiteral("Environment variables")));
        // The new session says where it came from, and its report too.
        QVERIFY2(guided->session().cameFrom.startsWith(QStringLiteral("postgres.md: ")), qPrintable(guided->session().cameFrom));
        QVERIFY(SessionReport::markdown(guided->session()).contains(QStringLiteral("Came here from postgres.md: ")));
        // A missing anchor opens the guide at its start, and says so.
        guided->goTo(QStringLiteral("postgres.md#no-such-place"));
        QCOMPARE(guided->guide()->id, QStringLiteral("postgres"));
        QCOMPARE(guided->currentNode(), guided->guide()->root().id);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("no-such-place")));
    }

    void aWikiLinkShowsAsALinkAndOpensItsNote()
    {
        // An Obsidian vault: "[[Kafka#Consumer lag|the lag notes]]" reads as its label, and a
        // click on it opens the note, in another folder of the vault, at that heading.
        GuideFiles files;
        files.write(QStringLiteral("vault/.obsidian/app.json"), "{}\n");
        files.write(QStringLiteral("vault/ops/Kafka.md"), "# Kafka\n\n## Consumer lag\n\nLag grows when consumers fall behind.\n");
        files.write(QStringLiteral("vault/payments/payments.md"),
                    "# Payments\n\n## Refunds are slow\n\nIf refunds take more than a minute, see [[Kafka#Consumer lag|the lag notes]].\n");
        MainWindow window({files.path(QStringLiteral("vault"))});
        window.show();
        waitLoaded(window);
        const int payments = guideIndex(window, QStringLiteral("payments"));
        QVERIFY(payments >= 0);
        const GuideNode *refunds = findNode(window.library().guides().at(payments), NodeKind::Issue, QStringLiteral("Refunds are slow"));
        QVERIFY(refunds);
        window.selectNode(payments, refunds->id);
        auto *body = window.guidedView()->findChild<QTextBrowser *>(QStringLiteral("guidedBody"));
        QVERIFY2(body->toPlainText().contains(QStringLiteral("see the lag notes.")), qPrintable(body->toPlainText()));
        QVERIFY(!body->toPlainText().contains(QStringLiteral("[[")));
        // The link the reader clicks is the one the page holds.
        QTextCursor link = body->document()->find(QStringLiteral("the lag notes"));
        QVERIFY(!link.isNull());
        const QString href = link.charFormat().anchorHref();
        QCOMPARE(href, QStringLiteral("Kafka.md#consumer-lag"));
        emit body->anchorClicked(QUrl(href));
        GuidedView *guided = window.guidedView();
        QCOMPARE(QFileInfo(guided->guide()->path).fileName(), QStringLiteral("Kafka.md"));
        QCOMPARE(guided->guide()->node(guided->currentNode())->title, QStringLiteral("Consumer lag"));
    }

    void anOutcomeEndsTheWayAndOffersTheReport()
    {
        // "No: escalate to #queue-oncall": the answer ends the way. The page says so, Next is
        // off, and the report is the default action.
        GuideFiles files;
        files.write(QStringLiteral("docs/queue.md"), "# Queue runbook\n\n## Jobs pile up\n\n"
                                                    "1. Is the worker running? Check `systemctl status worker`.\n"
                                                    "   - Yes: go to step 2.\n"
                                                    "   - No: escalate to #queue-oncall with the worker log.\n"
                                                    "2. Is the queue over its limit? Run `redis-cli llen jobs`.\n"
                                                    "   - Yes: restart the worker.\n"
                                                    "   - No: go to step 1.\n");
        MainWindow window({files.path(QStringLiteral("docs"))});
        window.show();
        waitLoaded(window);
        const int queue = guideIndex(window, QStringLiteral("queue"));
        QVERIFY(queue >= 0);
        const Guide &g = window.library().guides().at(queue);
        const GuideNode *worker = findNode(g, NodeKind::Question, QStringLiteral("Is the worker running?"));
        QVERIFY(worker);
        window.selectNode(queue, worker->id);
        GuidedView *guided = window.guidedView();
        auto *verdict = guided->findChild<QLabel *>(QStringLiteral("verdict"));
        auto *next = guided->findChild<QPushButton *>(QStringLiteral("nextButton"));
        QVERIFY(!verdict->isVisible());
        const QList<GuidedFlow::Choice> answers = GuidedFlow::choices(g, worker->id);
        const auto no = std::find_if(answers.cbegin(), answers.cend(), [](const GuidedFlow::Choice &c) { return c.label == QLatin1String("No"); });
        QVERIFY(no != answers.cend());
        guided->answer(int(no - answers.cbegin()));
        QCOMPARE(g.node(guided->currentNode())->kind, NodeKind::Outcome);
        QVERIFY(verdict->isVisible());
        QVERIFY2(verdict->text().contains(QStringLiteral("The guide ends here")), qPrintable(verdict->text()));
        QVERIFY(!next->isEnabled());
        auto *exportButton = guided->findChild<QPushButton *>(QStringLiteral("exportButton"));
        QVERIFY(exportButton->isEnabled());
        QVERIFY(exportButton->isDefault());
    }

    void aSessionThatDidNotCloseIsOfferedBack()
    {
        QDir(SessionStore::folder()).removeRecursively();
        QString savedId;
        QString savedNode;
        {
            MainWindow window;
            window.show();
            waitLoaded(window);
            const int redis = guideIndex(window, QStringLiteral("redis"));
            QVERIFY(redis >= 0);
            const Guide &guide = window.library().guides().at(redis);
            const GuideNode *issue = guide.nodesOfKind(NodeKind::Issue).first();
            window.selectNode(redis, issue->id);
            window.guidedView()->next();
            savedId = window.guidedView()->session().id;
            savedNode = window.guidedView()->currentNode();
            // Autosaved, but live in this window: not offered to another.
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(SessionStore::pathFor(savedId)), 5000);
            QVERIFY(!SessionStore::unfinished());
        }
        QVERIFY(!SessionStore::unfinished()); // a clean close marks it closed
        QString error;
        std::optional<Session> s = SessionStore::read(SessionStore::pathFor(savedId), &error);
        QVERIFY(s);
        {
            // As a process that died leaves it: not closed, and nobody holding it.
            QJsonObject o = s->toJson();
            o.insert(QStringLiteral("closed"), false);
            QFile f(SessionStore::pathFor(savedId));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QJsonDocument(o).toJson());
        }

        MainWindow window;
        window.show();
        waitLoaded(window);
        GuidedView *guided = window.guidedView();
        QTRY_VERIFY_WITH_TIMEOUT(guided->isOfferingResume(), 5000);
        guided->acceptResume();
        QCOMPARE(guided->session().id, savedId);
        QCOMPARE(guided->currentNode(), savedNode);
        QVERIFY(guided->session().canGoBack());
    }

private:
    GuideFiles m_files;
};

QTEST_MAIN(TestGuidedWindow)
#include "TestGuidedWindow.moc"
