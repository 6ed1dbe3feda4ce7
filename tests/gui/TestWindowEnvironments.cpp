// The window binds a run to an environment chosen in the run panel, reading its secrets from
// the real keychain first, and marks production. Needs tests/run's D-Bus session.

#include "CheckGuide.h"
#include "PostgresProbe.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "gui/MainWindow.h"
#include "gui/DashboardView.h"
#include "gui/MetricsPanel.h"
#include "metrics/MetricStore.h"
#include "secrets/SecretStore.h"
#include "profiles/ProfileStore.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QUrlQuery>
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
        // The real servers tests/run started, for the dashboards.
        dev.profiles.append(*ConnectionProfile::fromUrl(QStringLiteral("live"), QStringLiteral("redis://127.0.0.1:%1/0").arg(serviceEnv("TRIAGE_TEST_REDIS_PORT")),
                                                        &password, &error));
        dev.profiles.append(*ConnectionProfile::fromUrl(QStringLiteral("api"), QStringLiteral("http://127.0.0.1:%1").arg(m_prometheus.serverPort()),
                                                        &password, &error));
        for (const char *name : {"pg", "badpg"})
            dev.profiles.append(*ConnectionProfile::fromUrl(QLatin1String(name),
                                                            QStringLiteral("postgresql://%1@127.0.0.1:%2/postgres")
                                                                .arg(serviceEnv("TRIAGE_TEST_PG_USER"), serviceEnv("TRIAGE_TEST_PG_PORT")),
                                                            &password, &error));
        Environment prod{QStringLiteral("prod"), true, {}};
        prod.profiles.append(*ConnectionProfile::fromUrl(QStringLiteral("prom"), QStringLiteral("prometheus+http://127.0.0.1:%1").arg(m_prometheus.serverPort()),
                                                         &password, &error));
        store.environments = {dev, prod};
        QVERIFY2(store.save(&error), qPrintable(error));
        // A fleet of three: one line per instance.
        QByteArray matrix = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (int i = 0; i < 3; ++i) {
            matrix += QByteArray(i ? "," : "") + "{\"metric\":{\"instance\":\"api-" + QByteArray::number(i) + ":8080\",\"job\":\"api\"},\"values\":[";
            for (int k = 0; k < 240; ++k)
                matrix += QByteArray(k ? "," : "") + "[" + QByteArray::number(now - 3600 + k * 15) + ",\"" + QByteArray::number(10 * (i + 1) + (k % 20), 'f', 1) + "\"]";
            matrix += "]}";
        }
        matrix += "]}}";
        m_prometheus.respond(QStringLiteral("/api/v1/query_range"), 200, matrix);
        m_prometheus.respond(QStringLiteral("/bad/api/v1/query_range"), 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:6: parse error\"}");
        SecretStore secrets;
        const QList<QPair<QString, QString>> keys{{SecretStore::key(QStringLiteral("prod"), QStringLiteral("prom"), QStringLiteral("token")), m_token},
                                                  {SecretStore::key(QStringLiteral("dev"), QStringLiteral("pg"), QStringLiteral("password")),
                                                   serviceEnv("TRIAGE_TEST_PG_PASSWORD")},
                                                  {SecretStore::key(QStringLiteral("dev"), QStringLiteral("badpg"), QStringLiteral("password")),
                                                   QStringLiteral("not-the-password")}};
        for (const auto &[key, value] : keys) {
            bool done = false;
            secrets.write(key, value, [&](const SecretStore::Result &r) {
                QVERIFY2(r.ok, qPrintable(r.error));
                done = true;
            });
            QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        }
    }

    void cleanupTestCase()
    {
        SecretStore secrets;
        for (const QString &key : {SecretStore::key(QStringLiteral("prod"), QStringLiteral("prom"), QStringLiteral("token")),
                                   SecretStore::key(QStringLiteral("dev"), QStringLiteral("pg"), QStringLiteral("password")),
                                   SecretStore::key(QStringLiteral("dev"), QStringLiteral("badpg"), QStringLiteral("password"))}) {
            bool done = false;
            secrets.remove(key, [&](const SecretStore::Result &) { done = true; });
            QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        }
    }

    void dashboardsFollowTheRealPostgresAndRedis()
    {
        const QString guide = m_files.write(QStringLiteral("service-dash.md"), kCheckGuide);
        MainWindow window({guide});
        ProbeRegistry registry = ProbeRegistry::withCoreProbes();
        PostgresProbe::registerIn(registry); // as main() does
        window.setProbeRegistry(registry);
        window.resize(1280, 860);
        window.show();
        if (!window.isLoaded()) {
            QSignalSpy loaded(&window, &MainWindow::loaded);
            QVERIFY(loaded.wait(20000));
        }
        DashboardView *dashboard = window.dashboardView();
        window.findChild<QTabWidget *>(QStringLiteral("centreTabs"))->setCurrentWidget(dashboard);
        auto *profiles = dashboard->findChild<QComboBox *>(QStringLiteral("dashboardProfile"));
        QTRY_VERIFY(profiles->count() >= 5); // dev's cache, live, api, pg and badpg
        dashboard->findChild<QSpinBox *>(QStringLiteral("dashboardInterval"))->setValue(1);

        // PostgreSQL, its password from the keychain.
        dashboard->choose(QStringLiteral("dev/pg"));
        QSignalSpy sampled(dashboard, &DashboardView::sampled);
        dashboard->start();
        QTRY_VERIFY2_WITH_TIMEOUT(sampled.size() >= 3, qPrintable(dashboard->status()), 15000);
        QVERIFY2(dashboard->status().startsWith(QStringLiteral("Following dev/pg")), qPrintable(dashboard->status()));
        const QHash<QString, int> pg = dashboard->plotted();
        QVERIFY2(pg.value(QStringLiteral("Sessions")) >= 3, qPrintable(QString::number(pg.value(QStringLiteral("Sessions")))));
        // A rate needs two rounds, and a round where the server-wide count went down (another
        // test dropped a database) gives none: wait for two.
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->plotted().value(QStringLiteral("Transactions per second")) >= 2, 15000);
        QTest::qWait(300);
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/dashboard-postgres.png"));

        // Kept in the history, as series of the dashboard.
        QTRY_VERIFY_WITH_TIMEOUT(
            [] {
                MetricStore store;
                QString error;
                if (!store.open(&error, true))
                    return false;
                for (const MetricSeries &s : store.series(0, &error)) {
                    if (s.guide == QLatin1String("dashboard") && s.node == QLatin1String("dev/pg") && s.metric == QLatin1String("tps"))
                        return true;
                }
                return false;
            }(),
            10000);

        // A wrong password: said in red, with where.
        dashboard->choose(QStringLiteral("dev/badpg"));
        QVERIFY(!dashboard->isRunning());
        dashboard->start();
        QTRY_VERIFY2_WITH_TIMEOUT(dashboard->status().contains(QStringLiteral("127.0.0.1:%1").arg(serviceEnv("TRIAGE_TEST_PG_PORT"))),
                                  qPrintable(dashboard->status()), 15000);
        QVERIFY2(dashboard->status().contains(QStringLiteral("password"), Qt::CaseInsensitive), qPrintable(dashboard->status()));

        // Redis, no password.
        dashboard->choose(QStringLiteral("dev/live"));
        sampled.clear();
        dashboard->start();
        QTRY_VERIFY_WITH_TIMEOUT(sampled.size() >= 3, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->plotted().value(QStringLiteral("Commands per second")) >= 2, 15000);
        QVERIFY(dashboard->plotted().value(QStringLiteral("Used memory")) >= 3);
        QTest::qWait(300);
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/dashboard-redis.png"));

        // HTTP: a line per endpoint; one that answers 404 is a status to chart, not a failure.
        dashboard->choose(QStringLiteral("dev/api"));
        sampled.clear();
        dashboard->start();
        QTRY_VERIFY2_WITH_TIMEOUT(sampled.size() >= 2, qPrintable(dashboard->status()), 15000);
        QVERIFY(dashboard->plotted().value(QStringLiteral("Latency")) >= 2);
        QVERIFY(dashboard->sampler()->points(QStringLiteral("/ status")).last().value == 404.0);
        QTest::qWait(300);
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/dashboard-http.png"));
        dashboard->stop();
    }

    void prometheusChartsTheFleetWithTheKeychainsToken()
    {
        const QString guide = m_files.write(QStringLiteral("service-prom.md"), kCheckGuide);
        MainWindow window({guide});
        window.resize(1180, 760);
        window.show();
        if (!window.isLoaded()) {
            QSignalSpy loaded(&window, &MainWindow::loaded);
            QVERIFY(loaded.wait(20000));
        }
        MetricsPanel *metrics = window.metricsPanel();
        auto *sources = metrics->findChild<QComboBox *>(QStringLiteral("sourceCombo"));
        QTRY_COMPARE(sources->count(), 2);
        QCOMPARE(sources->itemText(1), QStringLiteral("Prometheus: prod/prom"));
        window.findChild<QWidget *>(QStringLiteral("metricsDock"))->raise();
        metrics->setRange(MetricsPanel::Range::Hour);
        metrics->setSource(QStringLiteral("prod/prom"));
        QVERIFY(metrics->findChild<QLineEdit *>(QStringLiteral("promqlEdit"))->isVisible());
        QSignalSpy answered(metrics, &MetricsPanel::prometheusAnswered);
        metrics->queryPrometheus(QStringLiteral("rate(http_requests_total[5m])"));
        QVERIFY(answered.wait(10000));
        QVERIFY2(answered.last().first().toBool(), qPrintable(metrics->prometheusStatus()));
        const QHash<QString, int> lines = metrics->plotted();
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.value(QStringLiteral("{instance=\"api-0:8080\", job=\"api\"}")) == 240, qPrintable(QStringList(lines.keys()).join(QLatin1Char(';'))));
        QCOMPARE(m_prometheus.lastHeaders().value("authorization"), "Bearer " + m_token.toUtf8());
        QVERIFY(QUrlQuery(QString::fromUtf8(m_prometheus.lastBody())).queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded)
                == QStringLiteral("rate(http_requests_total[5m])"));
        QVERIFY2(metrics->prometheusStatus().startsWith(QStringLiteral("3 series, 720 points from 127.0.0.1:")), qPrintable(metrics->prometheusStatus()));
        QTest::qWait(300); // the chart lays itself out on the event loop
        window.grab().save(QStringLiteral(TRIAGE_SCREENSHOT_DIR "/metrics-prometheus.png"));

        // Bad PromQL: Prometheus's own words, on the status line.
        metrics->setPrometheusSources({{QStringLiteral("prod"), *ConnectionProfile::fromUrl(QStringLiteral("prom"),
                                         QStringLiteral("prometheus+http://127.0.0.1:%1/bad").arg(m_prometheus.serverPort()), &m_unused, &m_unused)}});
        metrics->setSource(QStringLiteral("prod/prom"));
        metrics->queryPrometheus(QStringLiteral("rate(x[5m]) *"));
        QVERIFY(answered.wait(10000));
        QVERIFY(!answered.last().first().toBool());
        QVERIFY2(metrics->prometheusStatus().contains(QStringLiteral("parse error")), qPrintable(metrics->prometheusStatus()));

        // Back to this computer's checks: the chooser and the chart are the history again.
        metrics->setSource(QString());
        QVERIFY(!metrics->findChild<QLineEdit *>(QStringLiteral("promqlEdit"))->isVisible());
        QTRY_VERIFY(!metrics->plotted().contains(QStringLiteral("{instance=\"api-0:8080\", job=\"api\"}")));
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
    HttpResponder m_prometheus;
    QString m_unused;
    QString m_token = QStringLiteral("prom-ui-token-%1").arg(QDateTime::currentMSecsSinceEpoch());
};

QTEST_MAIN(TestWindowEnvironments)
#include "TestWindowEnvironments.moc"
