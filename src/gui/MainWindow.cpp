#include "MainWindow.h"

#include "GuideTreeModel.h"
#include "GuidedView.h"
#include "Look.h"
#include "DecisionMapView.h"
#include "MetricsPanel.h"
#include "NodeMarkdown.h"
#include "markdown/MarkdownDocument.h"
#include "metrics/MetricRecorder.h"
#include "metrics/MetricStore.h"
#include "metrics/PrometheusClient.h"
#include "metrics/DashboardSampler.h"
#include "metrics/ServiceDashboard.h"
#include "DashboardView.h"
#include "ConnectionsDialog.h"
#include "WelcomePage.h"
#include "lint/GuideLinter.h"
#include "session/SessionReport.h"
#include "session/SessionStore.h"
#include "checks/ReverseTriage.h"
#include "profiles/EnvironmentBinding.h"
#include "secrets/SecretStore.h"
#include "log/Logging.h"
#include "ui_MainWindow.h"
#include "markdown/MarkdownEscape.h"
#include "markdown/YamlMapping.h"

#include <QBrush>
#include <QComboBox>
#include <QDir>
#include <QTreeWidgetItem>

#include <QFileDialog>
#include <QToolBar>
#include <QProgressBar>
#include <QMenuBar>
#include <QMessageBox>
#include <QCloseEvent>
#include <qt6keychain/keychain.h>
#include <spdlog/version.h>
#include <QFileSystemWatcher>
#include <QSettings>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QDockWidget>
#include <QAction>
#include <QLabel>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QHeaderView>
#include <QListWidgetItem>
#include <QTextDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace triage {

using look::displayLocation;
using look::statusColor;
using look::statusIcon;
using look::statusWord;

namespace {

QString kindBadge(NodeKind kind)
{
    return kind == NodeKind::Root ? QStringLiteral("GUIDE") : nodeKindName(kind).toUpper();
}

QString counted(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

QString resultKey(int guideIndex, const QString &nodeId)
{
    return QString::number(guideIndex) + QLatin1Char('/') + nodeId;
}

} // namespace

MainWindow::MainWindow(QStringList paths, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_paths(std::move(paths))
{
    m_ui->setupUi(this);
    m_model = new GuideTreeModel(this);
    m_ui->guideTree->setModel(m_model);
    m_ui->splitter->setStretchFactor(0, 2);
    m_ui->splitter->setStretchFactor(1, 3);
    m_ui->splitter->setSizes({440, 700});
    m_ui->detailView->setPlaceholderText(tr("Choose an issue, a check or a solution on the left to read it here."));
    m_ui->resultsList->setVisible(false);
    m_ui->searchEdit->setEnabled(false);
    statusBar()->showMessage(tr("Loading guides\u2026"));

    connect(m_ui->guideTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                showNode(current);
                updateRunButtons();
                if (m_syncingSelection || !current.isValid())
                    return;
                // The tree and the guided mode show the same step: a click in the tree is a jump.
                const int guideIndex = current.data(GuideTreeModel::GuideIndexRole).toInt();
                if (guideIndex < 0)
                    return; // a folder or tag
                const QString nodeId = current.data(GuideTreeModel::NodeIdRole).toString();
                GuidedView *guided = m_ui->guidedView;
                if (guided->guideIndex() != guideIndex || guided->session().isEmpty()) {
                    guided->start(&m_model->library().guides().at(guideIndex), guideIndex, nodeId);
                } else {
                    guided->goTo(nodeId);
                }
            });

    // Guided mode: its steps move the tree along; it asks for runs and exports.
    GuidedView *guided = m_ui->guidedView;
    connect(guided, &GuidedView::nodeShown, this, [this](int guideIndex, const QString &nodeId) {
        m_syncingSelection = true;
        selectNode(guideIndex, nodeId);
        m_syncingSelection = false;
        // The map follows the guided path.
        DecisionMapView *map = m_ui->mapView;
        if (map->guideIndex() != guideIndex) {
            map->setGuide(m_ui->guidedView->guide(), guideIndex);
            for (auto it = m_lastResults.cbegin(); it != m_lastResults.cend(); ++it) {
                if (it.key().section(QLatin1Char('/'), 0, 0).toInt() == guideIndex)
                    map->setStatus(it.key().section(QLatin1Char('/'), 1), it->status);
            }
            if (m_ui->centreTabs->currentWidget() == map)
                map->fit();
        }
        QStringList path;
        for (const SessionStep &step : m_ui->guidedView->session().path())
            path.append(step.nodeId);
        map->setPath(path);
        // The metrics dock can watch this step's checks.
        QList<CheckJob> jobs;
        const Guide *guide = m_ui->guidedView->guide();
        if (const GuideNode *node = guide ? guide->node(nodeId) : nullptr) {
            for (const CheckSpec &spec : node->checks)
                jobs.append({guide->id, node->id, node->title, spec});
            m_metrics->setCandidates(jobs, node->title);
        }
    });
    // A click on the map goes there in guided mode.
    connect(m_ui->mapView, &DecisionMapView::nodeActivated, this, [this](int guideIndex, const QString &nodeId) {
        GuidedView *g = m_ui->guidedView;
        if (g->guideIndex() == guideIndex)
            g->goTo(nodeId);
        else
            g->start(&m_model->library().guides().at(guideIndex), guideIndex, nodeId);
        m_ui->centreTabs->setCurrentWidget(g);
    });
    connect(m_ui->centreTabs, &QTabWidget::currentChanged, this, [this] {
        if (m_ui->centreTabs->currentWidget() == m_ui->mapView && !m_mapFitted.contains(m_ui->mapView->guideIndex())) {
            m_mapFitted.insert(m_ui->mapView->guideIndex());
            m_ui->mapView->fit();
        }
    });
    connect(guided, &GuidedView::runRequested, this, &MainWindow::runNode);
    connect(guided, &GuidedView::guideLinkActivated, this, &MainWindow::openGuideLink);
    connect(guided, &GuidedView::sessionChanged, this, &MainWindow::scheduleAutosave);
    connect(guided, &GuidedView::sessionEnding, this, [this](const Session &session) { saveSession(session, true); });
    connect(guided, &GuidedView::resumeAccepted, this, [this](const Session &session) {
        // The guide as the library has it now (it may have been reloaded since the offer).
        const int g = guideIndexFor(session);
        if (g < 0) {
            statusBar()->showMessage(tr("%1 is no longer among the guides; the session cannot continue").arg(session.guidePath));
            return;
        }
        m_ui->guidedView->resume(&m_model->library().guides().at(g), g, keptSteps(session, m_model->library().guides().at(g)));
        emit m_ui->guidedView->sessionChanged();
    });
    connect(guided, &GuidedView::resumeDeclined, this, [](const QString &id) {
        (void)QtConcurrent::run([id] {
            QString error;
            SessionStore::close(id, &error);
        });
    });
    connect(guided, &GuidedView::exportRequested, this, [this] {
        const Session &session = m_ui->guidedView->session();
        const QString suggested = QDir::home().filePath(QStringLiteral("triage-report-%1.md").arg(session.guideId.isEmpty() ? QStringLiteral("session") : session.guideId));
        const QString path = QFileDialog::getSaveFileName(this, tr("Export report"), suggested,
                                                          tr("Markdown (*.md);;HTML (*.html);;JSON (*.json)"));
        if (!path.isEmpty())
            exportReport(path);
    });
    m_autosaveDelay.setSingleShot(true);
    m_autosaveDelay.setInterval(300);
    connect(&m_autosaveDelay, &QTimer::timeout, this, [this] { autosave(false); });
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::showSearchResults);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        showSearchResults();
        if (!m_hits.isEmpty())
            openSearchResult(0);
    });
    connect(m_ui->resultsList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openSearchResult(m_ui->resultsList->row(item)); });
    connect(m_ui->resultsList, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { openSearchResult(m_ui->resultsList->row(item)); });

    m_ui->rightSplitter->setStretchFactor(0, 3);
    m_ui->rightSplitter->setStretchFactor(1, 2);
    // Fixed widths, not ResizeToContents: that measures every row at every change, and a "Run
    // all" of hundreds of checks changes a row per result.
    const QFontMetrics metrics(m_ui->checkResults->font());
    QFont boldFont = m_ui->checkResults->font();
    boldFont.setBold(true);
    const int statusWidth = QFontMetrics(boldFont).horizontalAdvance(QStringLiteral("SKIPPED")) + 24;
    m_ui->checkResults->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_ui->checkResults->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_ui->checkResults->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_ui->checkResults->header()->setSectionResizeMode(3, QHeaderView::Interactive);
    m_ui->checkResults->setColumnWidth(0, statusWidth);
    m_ui->checkResults->setColumnWidth(3, metrics.horizontalAdvance(QStringLiteral("99999 ms")) + 16);
    m_ui->checkResults->header()->setStretchLastSection(false);
    m_ui->checkResults->setColumnWidth(1, 220);
    m_ui->runStatus->setText(tr("Select a step with checks, then run them."));
    // Progress of a run, beside the buttons; hidden when nothing runs.
    m_progress = new QProgressBar(m_ui->runPanel);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("%v of %m"));
    m_progress->setMaximumWidth(260);
    m_progress->setVisible(false);
    m_ui->runButtons->insertWidget(m_ui->runButtons->count() - 1, m_progress);
    connect(m_ui->runHereButton, &QPushButton::clicked, this, [this] { runChecks(false); });
    connect(m_ui->runAllButton, &QPushButton::clicked, this, [this] { runChecks(true); });
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &MainWindow::cancelChecks);
    // A result leads to its step; double-clicking it follows where the result points next.
    connect(m_ui->checkResults, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        if (m_runGuide >= 0 && !item->data(0, Qt::UserRole).toString().isEmpty())
            selectNode(m_runGuide, item->data(0, Qt::UserRole).toString());
    });
    connect(m_ui->checkResults, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const QString next = item->data(0, Qt::UserRole + 1).toString();
        if (m_runGuide >= 0 && !next.isEmpty())
            selectNode(m_runGuide, next);
    });
    updateRunButtons();

    // Environments are read from disk on a worker; until then the checks run as the guide says.
    m_secrets = new SecretStore(false, this);
    m_ui->environmentCombo->addItem(tr("As the guide says"), QString());
    // Production stays visible while it is chosen, not only in the open list.
    connect(m_ui->environmentCombo, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = m_ui->environmentCombo->currentData().toString();
        bool production = false;
        for (const Environment &e : std::as_const(m_environments))
            production = production || (e.name == name && e.production);
        m_ui->environmentCombo->setStyleSheet(production ? QStringLiteral("QComboBox { color: #c62828; font-weight: bold; }") : QString());
    });
    // The checks panel docks at the bottom, so the centre keeps the window's height.
    auto *checksDock = new QDockWidget(tr("Checks"), this);
    checksDock->setObjectName(QStringLiteral("checksDock"));
    checksDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    checksDock->setWidget(m_ui->runPanel);
    m_ui->checkResults->setMinimumHeight(60); // the dock may be a thin strip
    addDockWidget(Qt::BottomDockWidgetArea, checksDock);

    m_metrics = new MetricsPanel(this);
    m_metrics->setObjectName(QStringLiteral("metricsPanel"));
    auto *metricsDock = new QDockWidget(tr("Metrics"), this);
    metricsDock->setObjectName(QStringLiteral("metricsDock"));
    metricsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    metricsDock->setWidget(m_metrics);
    addDockWidget(Qt::BottomDockWidgetArea, metricsDock);
    tabifyDockWidget(checksDock, metricsDock);
    checksDock->raise();
    connect(m_metrics, &MetricsPanel::pollRequested, this, &MainWindow::pollJobs);
    // Every result is kept in the history, written on the recorder's own thread.
    m_recorder = new MetricRecorder(MetricStore::defaultPath(), this);
    m_metrics->setStorePath(m_recorder->path());
    connect(m_recorder, &MetricRecorder::written, m_metrics, &MetricsPanel::historyChanged);
    connect(m_recorder, &MetricRecorder::failed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("History not kept: %1").arg(error), 15000);
    });
    // The Dashboard tab: a profile's figures, live. Its credential is that profile's own, read
    // from the keychain, and may go only to that profile's host.
    m_dashboard = new DashboardView(this);
    m_dashboard->setObjectName(QStringLiteral("dashboardView"));
    m_ui->centreTabs->addTab(m_dashboard, tr("Dashboard"));
    m_dashboard->setStarter([this](const QString &environment, const ConnectionProfile &profile, auto done) {
        // An HTTP profile's endpoints: its base, and the paths the guides' http checks ask.
        QStringList paths;
        for (const Guide &g : library().guides()) {
            for (const GuideNode &n : g.nodes) {
                for (const CheckSpec &c : n.checks) {
                    if (c.type == QLatin1String("http") && !QUrl(c.param(QStringLiteral("url"))).path().isEmpty())
                        paths.append(QUrl(c.param(QStringLiteral("url"))).path());
                }
            }
        }
        paths.removeDuplicates();
        const std::optional<ServiceDashboard> dashboard = ServiceDashboard::forProfile(profile, paths);
        if (!dashboard) {
            done(nullptr, tr("%1 profiles have no dashboard").arg(profile.type));
            return;
        }
        m_secrets->read(SecretStore::key(environment, profile.name, profile.secretField()),
                        [this, environment, profile, dashboard, done](const SecretStore::Result &r) {
                            if (!r.ok && !r.notFound) {
                                done(nullptr, r.error);
                                return;
                            }
                            CheckContext context = baseContext();
                            const QString secret = r.ok ? r.value : QString();
                            const QString field = profile.secretField();
                            context.secret = [secret, field, type = profile.type](const QString &t, const QString &f) {
                                return t == type && f == field ? secret : QString();
                            };
                            const QString host = profile.base.isEmpty() ? profile.host : QUrl(profile.base).host();
                            context.trustedHostsByType[profile.type] = {host};
                            auto *sampler = new DashboardSampler(*dashboard, m_registry, context);
                            sampler->setRecorder(m_recorder, environment, profile.name);
                            done(sampler, QString());
                        });
    });
    m_metrics->setAuthResolver([this](const MetricsPanel::PrometheusSource &source, auto done) {
        PrometheusClient::authFor(source.environment, source.profile, m_secrets, done);
    });
    m_metrics->setRange(MetricsPanel::Range(std::clamp(QSettings().value(QStringLiteral("metrics/range"), int(MetricsPanel::Range::Day)).toInt(), 0, 4)));

    // The environment checks bind to, always in sight: a toolbar, with the connections beside it.
    auto *toolbar = addToolBar(tr("Environment"));
    toolbar->setObjectName(QStringLiteral("environmentToolBar"));
    toolbar->setMovable(false);
    auto *envLabel = new QLabel(tr("Environment: "), toolbar);
    envLabel->setBuddy(m_ui->environmentCombo);
    toolbar->addWidget(envLabel);
    toolbar->addWidget(m_ui->environmentCombo);
    auto *connections = toolbar->addAction(tr("Connections…"));
    connections->setObjectName(QStringLiteral("connectionsAction"));
    connections->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connections->setToolTip(tr("Environments, connection profiles and their secrets (Ctrl+,)"));
    connect(connections, &QAction::triggered, this, [this] { openConnections(); });
    addAction(connections); // its shortcut works while the welcome page hides the toolbar
    reloadEnvironments();
    m_trustIo.setMaxThreadCount(1);
    m_trustReload.setSingleShot(true);
    m_trustReload.setInterval(150);
    connect(&m_trustReload, &QTimer::timeout, this, &MainWindow::reloadTrust);
    connect(&m_trustWatcher, &QFileSystemWatcher::directoryChanged, &m_trustReload, qOverload<>(&QTimer::start));
    reloadTrust();
    buildMenus(checksDock, metricsDock);

    // The library's own bar over the tree: how to group it, and more folders.
    auto *libraryBox = new QWidget(m_ui->splitter);
    auto *libraryLayout = new QVBoxLayout(libraryBox);
    libraryLayout->setContentsMargins(0, 0, 0, 0);
    auto *libraryBar = new QHBoxLayout;
    auto *groupLabel = new QLabel(tr("Group by"), libraryBox);
    auto *group = new QComboBox(libraryBox);
    group->setObjectName(QStringLiteral("groupCombo"));
    group->addItem(tr("Folder"));
    group->addItem(tr("Tag"));
    groupLabel->setBuddy(group);
    auto *addFolder = new QPushButton(tr("Add folder\u2026"), libraryBox);
    addFolder->setObjectName(QStringLiteral("addFolderButton"));
    addFolder->setToolTip(tr("Add a folder of your team's guides; Triage watches it for changes"));
    libraryBar->addWidget(groupLabel);
    libraryBar->addWidget(group);
    libraryBar->addStretch(1);
    libraryBar->addWidget(addFolder);
    libraryLayout->addLayout(libraryBar);
    m_ui->splitter->insertWidget(0, libraryBox);
    libraryLayout->addWidget(m_ui->guideTree);
    m_ui->splitter->setStretchFactor(0, 2);
    m_ui->splitter->setStretchFactor(1, 3);
    m_ui->splitter->setSizes({430, 850});
    connect(group, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_model->setGrouping(index == 1 ? GuideTreeModel::Grouping::Tag : GuideTreeModel::Grouping::Folder);
        for (int row = 0; row < m_model->rowCount(); ++row)
            m_ui->guideTree->expand(m_model->index(row, 0));
    });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder of guides"), QDir::homePath());
        if (!folder.isEmpty())
            addGuideFolder(folder);
    });

    // Guide files and folders are watched; a change reloads the library a moment later.
    m_watcher = new QFileSystemWatcher(this);
    m_reloadDelay.setSingleShot(true);
    m_reloadDelay.setInterval(400);
    connect(&m_reloadDelay, &QTimer::timeout, this, &MainWindow::reloadLibrary);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_reloadDelay.start(); });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_reloadDelay.start(); });
    // The window as the user left it: size, place, docks.
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: the docks take a strip at the bottom, the centre the rest. Docks can
        // only be sized once the window has its size.
        m_docksUnsized = true;
        QTimer::singleShot(0, this, &MainWindow::sizeDocksFirstTime);
    }

    // The welcome page and the window's usual content share the centre.
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addWidget(takeCentralWidget());
    m_welcome = new WelcomePage(m_pages);
    m_pages->addWidget(m_welcome);
    setCentralWidget(m_pages);
    connect(m_welcome, &WelcomePage::tourRequested, this, &MainWindow::startTour);
    connect(m_welcome, &WelcomePage::guideRequested, this, &MainWindow::openGuide);
    connect(m_welcome, &WelcomePage::openFolderRequested, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a folder of guides"), QDir::homePath());
        if (folder.isEmpty())
            return;
        showWelcome(false);
        addGuideFolder(folder);
    });
    connect(m_welcome, &WelcomePage::connectionsRequested, this, [this] { openConnections(); });
    connect(m_welcome, &WelcomePage::continueRequested, this, [this] { showWelcome(false); });
    // A click's setting, kept in order with the next click's: written here, as the window's
    // geometry is at close (QSettings writes a few bytes to its own file).
    connect(m_welcome, &WelcomePage::showAtStartChanged, this,
            [](bool show) { QSettings().setValue(QStringLiteral("welcome/showAtStart"), show); });
    // Before any profile exists: whether one does is known once the environments are read (on a
    // worker); until then the last start's answer decides, so that the page does not flash.
    const bool showAtStart = settings.value(QStringLiteral("welcome/showAtStart"), true).toBool();
    m_welcome->setShowAtStart(showAtStart);
    if (m_paths.isEmpty() && showAtStart && !settings.value(QStringLiteral("welcome/hadProfiles"), false).toBool()) {
        m_welcomeAtStart = true;
        showWelcome(true);
    }
    reloadLibrary();
}

void MainWindow::sizeDocksFirstTime()
{
    // Docks can only be sized once the window has its size and they are in it.
    if (!m_docksUnsized || isWelcomeShown())
        return; // leaving the welcome page does it
    m_docksUnsized = false;
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("checksDock")))
        resizeDocks({dock}, {std::max(150, height() / 5)}, Qt::Vertical);
}

bool MainWindow::isWelcomeShown() const
{
    return m_pages->currentWidget() == m_welcome;
}

void MainWindow::showWelcome(bool show)
{
    if (show == isWelcomeShown())
        return;
    if (show) {
        // The docks and the toolbar belong to the guides; the page stands alone. The layout is
        // kept whole (which dock is in front, sizes) and put back when the page goes.
        m_layoutBeforeWelcome = saveState();
        for (QDockWidget *dock : findChildren<QDockWidget *>())
            dock->hide();
        for (QToolBar *bar : findChildren<QToolBar *>())
            bar->hide();
        m_pages->setCurrentWidget(m_welcome);
        m_welcome->setFocus();
        return;
    }
    m_welcomeAtStart = false;
    m_welcomeLeft = true;
    restoreState(m_layoutBeforeWelcome);
    m_pages->setCurrentIndex(0);
    if (m_docksUnsized)
        QTimer::singleShot(0, this, &MainWindow::sizeDocksFirstTime);
    m_ui->searchEdit->setFocus();
}

int MainWindow::tourIndex() const
{
    const QList<Guide> &guides = m_model->library().guides();
    for (int i = 0; i < guides.size(); ++i) {
        if (guides.at(i).id == QLatin1String("tour") && guides.at(i).path.startsWith(GuideLibrary::bundledLocation()))
            return i;
    }
    return -1;
}

void MainWindow::startTour()
{
    if (!m_loaded) {
        m_tourPending = true; // started by showLoaded()
        return;
    }
    m_tourPending = false;
    const int tour = tourIndex();
    if (tour < 0) {
        statusBar()->showMessage(tr("The tour is one of the bundled guides, which are not loaded: Triage was started on "
                                    "guides named on its command line. Start it without them to take the tour."),
                                 10000);
        return;
    }
    openGuide(tour);
}

void MainWindow::openGuide(int guideIndex)
{
    const QList<Guide> &guides = m_model->library().guides();
    if (guideIndex < 0 || guideIndex >= guides.size())
        return;
    showWelcome(false);
    m_ui->guidedView->start(&guides.at(guideIndex), guideIndex);
    m_ui->centreTabs->setCurrentWidget(m_ui->guidedView);
}

void MainWindow::offerGuidesOnWelcome()
{
    QList<WelcomePage::GuideEntry> entries;
    const QList<Guide> &guides = m_model->library().guides();
    const int tour = tourIndex();
    for (int i = 0; i < guides.size(); ++i) {
        const Guide &g = guides.at(i);
        if (i == tour || !g.path.startsWith(GuideLibrary::bundledLocation()))
            continue;
        WelcomePage::GuideEntry entry{i, g.title, g.frontMatter.value(QStringLiteral("summary")).toString()};
        // "Start here" leads; the rest keep the library's order.
        if (g.id == QLatin1String("index"))
            entries.prepend(entry);
        else
            entries.append(entry);
    }
    m_welcome->setGuides(entries, tour);
}

void MainWindow::buildMenus(QDockWidget *checksDock, QDockWidget *metricsDock)
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Add guide folder\u2026"), QKeySequence::Open, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder of guides"), QDir::homePath());
        if (!folder.isEmpty())
            addGuideFolder(folder);
    });
    file->addAction(tr("&Export report\u2026"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        showWelcome(false);
        emit m_ui->guidedView->exportRequested();
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QList<QPair<QString, QWidget *>> tabs{{tr("&Guided"), m_ui->guidedView},
                                                {tr("&Map"), m_ui->mapView},
                                                {tr("&Read"), m_ui->detailView},
                                                {tr("&Dashboard"), m_dashboard}};
    for (int i = 0; i < tabs.size(); ++i) {
        QWidget *tab = tabs.at(i).second;
        view->addAction(tabs.at(i).first, QKeySequence(Qt::CTRL | (Qt::Key_1 + i)), this, [this, tab] {
            showWelcome(false);
            m_ui->centreTabs->setCurrentWidget(tab);
        });
    }
    view->addAction(tr("&Find an issue"), QKeySequence::Find, this, [this] {
        showWelcome(false);
        m_ui->searchEdit->setFocus();
        m_ui->searchEdit->selectAll();
    });
    view->addSeparator();
    view->addAction(checksDock->toggleViewAction());
    view->addAction(metricsDock->toggleViewAction());

    QMenu *checks = menuBar()->addMenu(tr("&Checks"));
    checks->addAction(tr("Run checks &here"), QKeySequence(Qt::Key_F5), this, [this] {
        showWelcome(false);
        runChecks(false);
    });
    checks->addAction(tr("Run &all in this guide"), QKeySequence(Qt::SHIFT | Qt::Key_F5), this, [this] {
        showWelcome(false);
        runChecks(true);
    });
    checks->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this, &MainWindow::cancelChecks);
    checks->addSeparator();
    checks->addAction(tr("&Trust this guide\u2026"), this, [this] { trustCurrentGuide(false); });
    checks->addAction(tr("&Stop trusting this guide"), this, [this] { trustCurrentGuide(true); });
    checks->addSeparator();
    checks->addAction(tr("C&onnections\u2026"), this, [this] { openConnections(); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Welcome"), this, [this] { showWelcome(true); });
    help->addAction(tr("Take the &tour"), this, &MainWindow::startTour);
    help->addSeparator();
    help->addAction(tr("&About Triage"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout()
{
    QStringList lines{tr("<b>Triage %1</b>").arg(QCoreApplication::applicationVersion().toHtmlEscaped()),
                      tr("Turns a team's troubleshooting guides into decision trees, and runs their checks live."),
                      QString(),
                      tr("Qt %1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)),
                      tr("QtKeychain %1.%2.%3").arg(QTKEYCHAIN_VERSION >> 16).arg((QTKEYCHAIN_VERSION >> 8) & 0xff).arg(QTKEYCHAIN_VERSION & 0xff),
                      tr("spdlog %1.%2.%3").arg(SPDLOG_VER_MAJOR).arg(SPDLOG_VER_MINOR).arg(SPDLOG_VER_PATCH),
                      tr("md4c (Markdown), LibYAML %1 (YAML)").arg(YamlMapping::parserVersion())};
    lines += m_aboutExtra;
    QMessageBox::about(this, tr("About Triage"), lines.join(QStringLiteral("<br>")));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    // The layout the user keeps is the one behind the welcome page, not the page's; a layout
    // never sized (closed on the page at a first start) is not kept, so the next start sizes it.
    if (!m_docksUnsized)
        settings.setValue(QStringLiteral("window/state"), isWelcomeShown() ? m_layoutBeforeWelcome : saveState());
    settings.setValue(QStringLiteral("metrics/range"), int(m_metrics->range()));
    QMainWindow::closeEvent(event);
}

void MainWindow::reloadLibrary()
{
    // The watcher is a child of the window: if the window closes first, the result is dropped.
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
        showLoaded(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&MainWindow::loadInBackground, m_paths, m_foldersToSave));
    m_foldersToSave.reset();
}

void MainWindow::addGuideFolder(const QString &folder)
{
    const QString clean = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (!m_userFolders.contains(clean)) {
        m_userFolders.append(clean);
        m_foldersToSave = m_userFolders; // the loader keeps them in the settings, on its thread
    }
    if (!m_paths.isEmpty() && !m_paths.contains(clean))
        m_paths.append(clean);
    reloadLibrary();
}

MainWindow::~MainWindow()
{
    if (m_runner)
        m_runner->disconnect(this);
    if (m_pollRunner) {
        m_pollRunner->disconnect(this);
        m_pollRunner->cancel();
    }
    // A clean close: the session is saved as closed, so the next start does not offer it back.
    if (!m_ui->guidedView->session().isEmpty())
        autosave(true);
    m_lastSave.waitForFinished();
}

void MainWindow::reloadEnvironments()
{
    auto *envWatcher = new QFutureWatcher<QPair<QList<Environment>, QString>>(this);
    connect(envWatcher, &QFutureWatcher<QPair<QList<Environment>, QString>>::finished, this, [this, envWatcher] {
        showEnvironments(envWatcher->result().first, envWatcher->result().second);
        envWatcher->deleteLater();
    });
    envWatcher->setFuture(QtConcurrent::run([] {
        ProfileStore store;
        QString error;
        store.load(&error);
        // What the next start guesses before it has read them: whether to open on the welcome page.
        if (error.isEmpty()) {
            bool anyProfile = false;
            for (const Environment &e : std::as_const(store.environments))
                anyProfile = anyProfile || !e.profiles.isEmpty();
            QSettings settings;
            if (settings.value(QStringLiteral("welcome/hadProfiles"), false).toBool() != anyProfile)
                settings.setValue(QStringLiteral("welcome/hadProfiles"), anyProfile);
        }
        return qMakePair(store.environments, error);
    }));
}

ConnectionsDialog *MainWindow::openConnections()
{
    if (auto *open = findChild<ConnectionsDialog *>())
        return open;
    auto *dialog = new ConnectionsDialog(m_secrets, m_registry, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionsDialog::changed, this, &MainWindow::reloadEnvironments);
    dialog->open();
    return dialog;
}

GuidedView *MainWindow::guidedView() const
{
    return m_ui->guidedView;
}

const GuideLibrary &MainWindow::library() const
{
    return m_model->library();
}

void MainWindow::scheduleAutosave()
{
    m_autosaveDelay.start();
}

void MainWindow::autosave(bool closed)
{
    m_autosaveDelay.stop();
    saveSession(m_ui->guidedView->session(), closed);
}

void MainWindow::saveSession(const Session &session, bool closed)
{
    // A session that has only opened a page is not worth a file, nor a resume offer; one that
    // has a file is always written when it ends, so that it is not offered back.
    if (session.isEmpty() || (session.steps.size() < 2 && session.runs.isEmpty() && !m_savedSessions.contains(session.id)))
        return;
    m_savedSessions.insert(session.id);
    // Saves run one after another on a worker, so that an older one never lands last.
    QFuture<void> previous = m_lastSave;
    m_lastSave = QtConcurrent::run([previous, session, closed]() mutable {
        previous.waitForFinished();
        QString error;
        if (!SessionStore::save(session, closed, &error))
            log::ui()->warn("could not save the session: {}", error.toStdString());
    });
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher] {
        watcher->deleteLater();
        emit sessionSaved();
    });
    watcher->setFuture(m_lastSave);
}

void MainWindow::exportReport(const QString &path)
{
    SessionReport::Format format = SessionReport::Format::Markdown;
    if (!SessionReport::formatFromName(path, &format)) {
        statusBar()->showMessage(tr("Not exported: end the file name in .md, .html or .json"));
        emit reportExported(path, tr("unknown format"));
        return;
    }
    const QByteArray text = SessionReport::render(m_ui->guidedView->session(), format);
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        statusBar()->showMessage(error.isEmpty() ? tr("Report written to %1").arg(QDir::toNativeSeparators(path))
                                                 : tr("Report not written: %1").arg(error));
        emit reportExported(path, error);
    });
    watcher->setFuture(QtConcurrent::run([path, text]() -> QString {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
            return QStringLiteral("%1: %2").arg(path, file.errorString());
        return QString();
    }));
}

void MainWindow::openGuideLink(const QString &link)
{
    const QString filePart = link.section(QLatin1Char('#'), 0, 0);
    const QString anchor = link.section(QLatin1Char('#'), 1);
    const QList<Guide> &guides = m_model->library().guides();
    // The file the link names, next to the guide it is in; only if that is not open, a guide of
    // the same name elsewhere.
    const Guide *from = m_ui->guidedView->guide();
    const QString beside = from ? QDir::cleanPath(QDir(QFileInfo(from->path).path()).filePath(filePart)) : QString();
    int target = -1;
    for (int g = 0; g < guides.size() && target < 0; ++g) {
        if (QDir::cleanPath(guides.at(g).path) == beside)
            target = g;
    }
    for (int g = 0; g < guides.size() && target < 0; ++g) {
        if (QFileInfo(guides.at(g).path).fileName() == QFileInfo(filePart).fileName())
            target = g;
    }
    if (target < 0) {
        statusBar()->showMessage(tr("%1 is not among the open guides; add its folder to follow the link").arg(filePart));
        return;
    }
    const Guide &guide = guides.at(target);
    QString node = anchor.isEmpty() ? guide.root().id : guide.nodeForAnchor(anchor);
    if (node.isEmpty()) {
        statusBar()->showMessage(tr("%1 has no #%2; opened at its start").arg(QFileInfo(guide.path).fileName(), anchor), 8000);
        node = guide.root().id;
    }
    m_ui->guidedView->continueIn(&guide, target, node);
}

int MainWindow::guideIndexFor(const Session &session) const
{
    const QList<Guide> &guides = m_model->library().guides();
    for (int g = 0; g < guides.size(); ++g) {
        if (guides.at(g).path == session.guidePath)
            return g;
    }
    for (int g = 0; g < guides.size(); ++g) {
        if (!session.guideId.isEmpty() && guides.at(g).id == session.guideId)
            return g;
    }
    return -1;
}

Session MainWindow::keptSteps(const Session &session, const Guide &guide)
{
    // Steps whose node is gone from the guide (an edit removed it) are dropped; the reader stays
    // on the same step, or on the nearest kept one before it.
    Session kept = session;
    kept.steps.clear();
    int current = -1;
    for (int i = 0; i < session.steps.size(); ++i) {
        if (!guide.node(session.steps.at(i).nodeId))
            continue;
        kept.steps.append(session.steps.at(i));
        if (i <= session.current)
            current = int(kept.steps.size()) - 1;
    }
    kept.current = kept.steps.isEmpty() ? -1 : std::max(0, current);
    return kept;
}

void MainWindow::offerResume()
{
    auto *watcher = new QFutureWatcher<std::optional<Session>>(this);
    connect(watcher, &QFutureWatcher<std::optional<Session>>::finished, this, [this, watcher] {
        const std::optional<Session> session = watcher->result();
        watcher->deleteLater();
        if (!session)
            return;
        if (guideIndexFor(*session) < 0)
            return;
        // Someone who was in the middle of a guide is not new here: the offer comes first, and
        // the welcome page does not come back over it.
        if (m_welcomeAtStart)
            showWelcome(false);
        m_welcomeLeft = true;
        m_ui->guidedView->offerResume(*session);
    });
    watcher->setFuture(QtConcurrent::run([] { return SessionStore::unfinished(); }));
}

MainWindow::Loaded MainWindow::loadInBackground(const QStringList &paths, const std::optional<QStringList> &foldersToSave)
{
    Loaded result;
    // The folders the user added live in the settings; read (or written) here, off the GUI thread.
    QSettings settings;
    if (foldersToSave)
        settings.setValue(QStringLiteral("library/folders"), *foldersToSave);
    const QStringList userFolders = foldersToSave ? *foldersToSave : settings.value(QStringLiteral("library/folders")).toStringList();
    result.userFolders = userFolders;
    QStringList files;
    if (paths.isEmpty()) {
        files = GuideLibrary::expandPaths({GuideLibrary::bundledLocation()}, nullptr);
        files.removeIf(&GuideLibrary::documentsTheFormat);
        files += GuideLibrary::expandPaths(userFolders, &result.errors);
        result.watch = userFolders;
    } else {
        files = GuideLibrary::expandPaths(paths, &result.errors);
        result.watch = paths;
    }
    result.library = GuideLibrary::load(files);
    // Folders and the files in them: an edit, a new file or a removed one is seen.
    for (const QString &f : std::as_const(files)) {
        if (!f.startsWith(QLatin1String(":/")))
            result.watch.append(f);
    }
    result.watch.removeIf([](const QString &w) { return !QFileInfo::exists(w); });
    // What import and lint say, by guide, shown on its row.
    const GuideDiagnostics all = GuideLinter::lint(result.library.guides());
    for (const Guide &g : result.library.guides()) {
        GuideDiagnostics mine;
        for (const GuideDiagnostic &d : all) {
            if (d.location.file == g.path)
                mine.append(d);
        }
        result.warnings.append(mine);
    }
    result.index = std::make_shared<SearchIndex>();
    for (const Guide &g : result.library.guides())
        result.index->addGuide(g);
    return result;
}

void MainWindow::showLoaded(const Loaded &result)
{
    // The guided session and the map point into the library: keep what they show across a
    // reload, by the guide's path.
    const Session session = m_ui->guidedView->session();
    // A run in progress points into the old library: it stops, and says why.
    if (m_runner && m_runner->isRunning()) {
        m_runner->disconnect(this);
        m_runner->cancel();
        m_progress->setVisible(false);
        m_ui->runStatus->setText(tr("The guides changed on disk; the run was stopped. Run it again."));
        updateRunButtons();
    }
    m_ui->mapView->setGuide(nullptr, -1);
    m_mapFitted.clear();
    m_userFolders = result.userFolders;
    m_model->setLibrary(result.library, result.warnings);
    m_index = result.index;
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_ui->guideTree->expand(m_model->index(row, 0));
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    if (!result.watch.isEmpty())
        m_watcher->addPaths(result.watch); // only paths that existed when the worker looked
    if (m_loaded) {
        const QList<Guide> &guides = m_model->library().guides();
        // Positions in the library changed: what was keyed by them is dropped.
        m_lastResults.clear();
        m_runGuide = -1;
        const int g = session.isEmpty() ? -1 : guideIndexFor(session);
        const Session again = g >= 0 ? keptSteps(session, guides.at(g)) : Session();
        if (!again.steps.isEmpty())
            m_ui->guidedView->resume(&guides.at(g), g, again);
        else if (!guides.isEmpty())
            m_ui->guidedView->start(&guides.first(), 0);
        else
            m_ui->guidedView->clear();
        statusBar()->showMessage(tr("Guides reloaded: %1").arg(counted(guides.size(), "guide", "guides")), 5000);
        offerGuidesOnWelcome();
        emit loaded();
        return;
    }
    int issues = 0;
    for (const Guide &g : result.library.guides())
        issues += int(g.nodesOfKind(NodeKind::Issue).size());
    QString message = counted(result.library.size(), "guide", "guides") + QStringLiteral(", ") + counted(issues, "issue", "issues");
    if (!result.errors.isEmpty())
        message += QStringLiteral(" \u2014 ") + result.errors.join(QStringLiteral("; "));
    statusBar()->showMessage(message);
    m_ui->searchEdit->setEnabled(true);
    m_ui->searchEdit->setFocus();
    if (m_model->rowCount() > 0) {
        QModelIndex first = m_model->index(0, 0);
        if (first.data(GuideTreeModel::IsGroupRole).toBool() && m_model->rowCount(first) > 0)
            first = m_model->index(0, 0, first);
        m_ui->guideTree->setCurrentIndex(first);
    }
    m_loaded = true;
    offerGuidesOnWelcome();
    if (m_tourPending)
        startTour();
    offerResume();
    log::ui()->info("loaded {} guides with {} issues", result.library.size(), issues);
    emit loaded();
}

void MainWindow::search(const QString &text)
{
    m_ui->searchEdit->setText(text);
    m_searchDelay.stop();
    showSearchResults();
}

void MainWindow::openFirstSearchResult(const QString &text)
{
    search(text);
    if (!m_hits.isEmpty())
        openSearchResult(0);
}

void MainWindow::showSearchResults()
{
    const QString text = m_ui->searchEdit->text().trimmed();
    m_ui->resultsList->clear();
    m_hits = (text.isEmpty() || !m_index) ? QList<SearchHit>() : m_index->find(text, 8);
    for (const SearchHit &hit : std::as_const(m_hits)) {
        auto *item = new QListWidgetItem(QStringLiteral("%1   \u2014 %2").arg(hit.title, hit.guideTitle), m_ui->resultsList);
        item->setToolTip(displayLocation(hit.location));
    }
    if (!text.isEmpty() && m_hits.isEmpty())
        new QListWidgetItem(tr("No issue matches. Try a line of the error message, or fewer words."), m_ui->resultsList);
    // As tall as its rows, up to eight: one match should not push the tree down by half a screen.
    const int rows = std::min(m_ui->resultsList->count(), 8);
    if (rows > 0) {
        m_ui->resultsList->setFixedHeight(rows * m_ui->resultsList->sizeHintForRow(0) + 2 * m_ui->resultsList->frameWidth()
                                          + 4);
    }
    m_ui->resultsList->setVisible(!text.isEmpty());
}

void MainWindow::openSearchResult(int row)
{
    if (row < 0 || row >= m_hits.size())
        return;
    const SearchHit &hit = m_hits.at(row);
    int guideIndex = -1;
    for (int g = 0; g < m_model->library().size(); ++g) {
        if (m_model->library().guides().at(g).path == hit.guidePath)
            guideIndex = g;
    }
    const QModelIndex index = m_model->indexOf(guideIndex, hit.nodeId);
    if (!index.isValid())
        return;
    m_ui->guideTree->setCurrentIndex(index);
    m_ui->guideTree->expand(index);
    m_ui->guideTree->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::showNode(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int guideIndex = index.data(GuideTreeModel::GuideIndexRole).toInt();
    if (guideIndex < 0) {
        m_ui->detailView->setMarkdown(tr("**%1**\n\nOpen a guide under it to read its issues.").arg(index.data().toString()));
        return;
    }
    const Guide &guide = m_model->library().guides().at(guideIndex);
    const GuideNode *node = guide.node(index.data(GuideTreeModel::NodeIdRole).toString());
    if (!node)
        return;

    QString md;
    md += QStringLiteral("%1 \u00b7 `%2`\n\n").arg(kindBadge(node->kind), displayLocation(node->location));
    md += QStringLiteral("## %1\n\n").arg(node->kind == NodeKind::Root ? guide.title : node->title);
    if (!node->checks.isEmpty()) {
        md += nodemarkdown::nativeChecks(*node);
        const auto last = m_lastResults.constFind(resultKey(guideIndex, node->id));
        if (last != m_lastResults.cend()) {
            md += tr("**Last run: %1** (%2, %3 ms): %4").arg(statusWord(last->status), checkOutcomeName(last->outcome))
                      .arg(qRound(last->durationMs))
                      .arg(markdown::escapedInline(last->message)) // a server's own words: text, never markup
                  + QStringLiteral("\n\n");
        }
    }
    const QString body = guide.body(*node);
    if (!body.isEmpty())
        md += MarkdownDocument::withWikiLinksWritten(body) + QStringLiteral("\n\n");
    if (node->kind == NodeKind::Issue)
        md += nodemarkdown::symptoms(guide, *node, tr("**Symptoms:**"));
    md += nodemarkdown::commandsToCopy(*node, body);
    const QList<const GuideEdge *> edges = guide.outgoing(node->id);
    QStringList next;
    for (const GuideEdge *e : edges) {
        if (e->kind == GuideEdge::Kind::Contains)
            continue;
        const GuideNode *target = guide.node(e->to);
        next.append(QStringLiteral("- %1 \u2192 %2").arg(e->label.isEmpty() ? edgeKindName(e->kind) : e->label,
                                                           target ? target->title : e->to));
    }
    if (!next.isEmpty())
        md += tr("**Where it leads:**") + QStringLiteral("\n\n") + next.join(QLatin1Char('\n')) + QLatin1Char('\n');
    m_ui->detailView->setMarkdown(md);
}

void MainWindow::selectNode(int guideIndex, const QString &nodeId)
{
    QString id = nodeId;
    if (guideIndex < 0 || guideIndex >= m_model->library().size())
        return;
    const Guide &guide = m_model->library().guides().at(guideIndex);
    if (!guide.node(id) && id.startsWith(QLatin1Char('#')))
        id = guide.nodeForAnchor(id.mid(1));
    const QModelIndex index = m_model->indexOf(guideIndex, id);
    if (!index.isValid())
        return;
    m_ui->guideTree->setCurrentIndex(index);
    m_ui->guideTree->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::updateRunButtons()
{
    const QModelIndex current = m_ui->guideTree->currentIndex();
    bool here = false;
    bool all = false;
    if (current.isValid() && !isRunning() && current.data(GuideTreeModel::GuideIndexRole).toInt() >= 0) {
        const Guide &guide = m_model->library().guides().at(current.data(GuideTreeModel::GuideIndexRole).toInt());
        QStringList scope;
        scope = guide.subtree(current.data(GuideTreeModel::NodeIdRole).toString());
        for (const GuideNode &n : guide.nodes) {
            if (n.checks.isEmpty())
                continue;
            all = true;
            here = here || scope.contains(n.id);
        }
    }
    m_ui->runHereButton->setEnabled(here);
    m_ui->runAllButton->setEnabled(all);
    m_ui->cancelButton->setEnabled(isRunning());
    m_ui->guidedView->setRunning(isRunning());
}

void MainWindow::runChecks(bool wholeGuide)
{
    const QModelIndex current = m_ui->guideTree->currentIndex();
    if (!current.isValid() || isRunning() || current.data(GuideTreeModel::GuideIndexRole).toInt() < 0)
        return;
    m_runGuide = current.data(GuideTreeModel::GuideIndexRole).toInt();
    const Guide &guide = m_model->library().guides().at(m_runGuide);
    QStringList scope;
    if (!wholeGuide)
        scope = guide.subtree(current.data(GuideTreeModel::NodeIdRole).toString());
    QList<CheckJob> jobs;
    for (const GuideNode &node : guide.nodes) {
        if (node.checks.isEmpty() || (!wholeGuide && !scope.contains(node.id)))
            continue;
        for (const CheckSpec &spec : node.checks)
            jobs.append({guide.id, node.id, node.title, spec});
    }
    runJobs(m_runGuide, jobs);
}

void MainWindow::runNode(int guideIndex, const QString &nodeId)
{
    if (isRunning() || guideIndex < 0 || guideIndex >= m_model->library().size())
        return;
    const Guide &guide = m_model->library().guides().at(guideIndex);
    const GuideNode *node = guide.node(nodeId);
    if (!node || node->checks.isEmpty())
        return;
    QList<CheckJob> jobs;
    for (const CheckSpec &spec : node->checks)
        jobs.append({guide.id, node->id, node->title, spec});
    runJobs(guideIndex, jobs);
}

CheckContext MainWindow::baseContext() const
{
    CheckContext context;
    context.workingDirectory = QDir::currentPath();
    context.secret = &CheckContext::secretFromEnvironment;
    context.trustedHosts = qEnvironmentVariable("TRIAGE_SECRET_HOSTS").split(QLatin1Char(','), Qt::SkipEmptyParts);
    context.trustedHosts += m_overrides.hosts();
    return context;
}

const Environment *MainWindow::chosenEnvironment() const
{
    // The chosen environment by name, never by position in the list.
    const QString name = m_ui->environmentCombo->currentData().toString();
    for (const Environment &e : m_environments) {
        if (!name.isEmpty() && e.name == name)
            return &e;
    }
    return nullptr;
}

EnvironmentBinding *MainWindow::bind(const Environment &env, std::function<void(const CheckContext &, const CheckOverrides &)> ready,
                                     std::function<void(const QString &)> failed)
{
    // Its secrets come from the keychain first (asynchronously); the overrides it makes are
    // checked before anything runs, and --set goes over them.
    auto *binding = new EnvironmentBinding(env, m_secrets, this);
    CheckContext context = baseContext();
    binding->load([this, binding, context, env, ready, failed](bool ok, const QString &error) mutable {
        binding->deleteLater();
        if (!ok) {
            failed(error);
            return;
        }
        binding->apply(&context, &CheckContext::secretFromEnvironment);
        QStringList bindErrors;
        CheckOverrides overrides = env.overrides(&bindErrors);
        overrides.append(m_overrides);
        if (!bindErrors.isEmpty()) {
            failed(bindErrors.join(QStringLiteral("; ")));
            return;
        }
        ready(context, overrides);
    });
    return binding;
}

void MainWindow::runJobs(int guideIndex, const QList<CheckJob> &jobs)
{
    // A guide's command checks run programs: only with the user's trust in these exact bytes.
    m_runTrusted = false;
    const bool runsCommands = std::any_of(jobs.cbegin(), jobs.cend(), [](const CheckJob &j) { return j.spec.type == QLatin1String("command"); });
    if (runsCommands && guideIndex >= 0 && guideIndex < m_model->library().size()) {
        // A copy (cheap: shared data): the question below runs an event loop, during which the
        // library may be reloaded from disk.
        const Guide guide = m_model->library().guides().at(guideIndex);
        m_runTrusted = m_trust.state(guide) == GuideTrust::State::Trusted;
        if (!m_runTrusted) {
            const TrustAnswer answer = askTrust(guide, true);
            if (answer == TrustAnswer::Cancel)
                return;
            // The jobs were made from the guide as shown; if the file changed meanwhile, they
            // are not what the user just agreed to.
            if (guideIndex >= m_model->library().size()
                || GuideTrust::hashOf(m_model->library().guides().at(guideIndex)) != GuideTrust::hashOf(guide)) {
                m_ui->runStatus->setText(tr("Not run: %1 changed on disk while you were deciding; run it again")
                                             .arg(QFileInfo(guide.path).fileName()));
                return;
            }
            m_runTrusted = answer == TrustAnswer::Trust;
        }
    }
    m_runGuide = guideIndex;
    const Environment *boundTo = chosenEnvironment();
    m_runEnvironment = boundTo ? boundTo->name : QString(); // what the history files this run's results under
    m_ui->checkResults->clear();
    for (const CheckJob &job : std::as_const(jobs)) {
        auto *item = new QTreeWidgetItem(m_ui->checkResults, {tr("\u2026"), job.title, job.spec.summary(), QString()});
        item->setData(0, Qt::UserRole, job.nodeId);
        item->setToolTip(1, job.nodeId);
    }
    const Environment *chosen = chosenEnvironment();
    if (!chosen) {
        m_ui->guidedView->setEnvironment(QString(), false);
        m_bindingNote.clear();
        m_ui->runStatus->setToolTip(QString());
        startRun(jobs, baseContext(), m_overrides);
        return;
    }
    const Environment env = *chosen;
    m_ui->runStatus->setText(tr("Reading %1's secrets from the keychain\u2026").arg(env.name));
    m_ui->runHereButton->setEnabled(false);
    m_ui->runAllButton->setEnabled(false);
    auto stillWanted = std::make_shared<QPointer<EnvironmentBinding>>();
    EnvironmentBinding *binding = bind(
        env,
        [this, jobs, env, stillWanted](const CheckContext &context, const CheckOverrides &overrides) {
            if (m_pendingBinding != *stillWanted)
                return; // cancelled, or superseded
            m_pendingBinding = nullptr;
            m_ui->guidedView->setEnvironment(env.name, env.production);
            log::ui()->info("running {} checks bound to {}", jobs.size(), env.name.toStdString());
            // The binding is said, not silent: in the status line and in full in its tooltip.
            m_bindingNote = env.production ? tr("Bound to %1 (PRODUCTION)").arg(env.name) : tr("Bound to %1").arg(env.name);
            startRun(jobs, context, overrides);
            m_ui->runStatus->setToolTip(env.bindingLines().join(QLatin1Char('\n')));
        },
        [this, stillWanted](const QString &error) {
            if (m_pendingBinding != *stillWanted)
                return;
            m_pendingBinding = nullptr;
            m_ui->runStatus->setText(tr("Not run: %1").arg(error));
            updateRunButtons();
        });
    *stillWanted = binding;
    m_pendingBinding = binding;
}

void MainWindow::pollJobs(const QList<CheckJob> &jobs)
{
    // One round at a time: a round still running when the next is due is not doubled.
    if ((m_pollRunner && m_pollRunner->isRunning()) || m_pollBinding)
        return;
    // Kept in the history under the environment the round is bound to, whatever the
    // chooser says by the time results arrive.
    const Environment *boundTo = chosenEnvironment();
    const QString environment = boundTo ? boundTo->name : QString();
    auto go = [this, jobs, environment](CheckContext context, const CheckOverrides &overrides) {
        if (m_pollRunner)
            m_pollRunner->deleteLater();
        // Watching runs no programs: its jobs may come from several guides and from earlier
        // versions of them, so command checks run only when the user runs them.
        context.trustedGuide = false;
        m_pollRunner = new CheckRunner(m_registry, context, this);
        m_pollRunner->setOverrides(overrides);
        CheckRunner *runner = m_pollRunner;
        connect(runner, &CheckRunner::jobFinished, this, [this, runner, environment](int row, const CheckResult &result) {
            const CheckJob &job = runner->jobs().at(row);
            m_metrics->addResult(job, result);
            m_recorder->record(job, result, environment);
        });
        runner->start(jobs);
    };
    const Environment *chosen = chosenEnvironment();
    if (!chosen) {
        go(baseContext(), m_overrides);
        return;
    }
    m_pollBinding = bind(
        *chosen,
        [this, go](const CheckContext &context, const CheckOverrides &overrides) {
            m_pollBinding = nullptr;
            go(context, overrides);
        },
        [this](const QString &error) {
            m_pollBinding = nullptr;
            statusBar()->showMessage(tr("Watching paused: %1").arg(error));
            m_metrics->setPaused(true);
        });
}

void MainWindow::startRun(const QList<CheckJob> &jobs, const CheckContext &context, const CheckOverrides &overrides)
{
    if (m_runner) {
        // The previous run says nothing more: its rows are gone.
        m_runner->disconnect(this);
        m_runner->cancel();
        m_runner->deleteLater();
    }
    CheckContext runContext = context;
    runContext.trustedGuide = m_runTrusted;
    m_runner = new CheckRunner(m_registry, runContext, this);
    m_runner->setOverrides(overrides);
    connect(m_runner, &CheckRunner::jobFinished, this, &MainWindow::showResult);
    m_progress->setRange(0, int(jobs.size()));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    connect(m_runner, &CheckRunner::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_ui->runStatus->setText(tr("%1 of %2 checks done").arg(done).arg(total));
    });
    connect(m_runner, &CheckRunner::finished, this, [this] {
        m_progress->setVisible(false);
        showRanking();
        updateRunButtons();
        emit checksFinished();
    });
    m_runner->start(jobs);
    updateRunButtons();
}

void MainWindow::showEnvironments(const QList<Environment> &environments, const QString &error)
{
    m_environments = environments;
    QList<MetricsPanel::PrometheusSource> prometheus;
    for (const Environment &e : environments) {
        for (const ConnectionProfile &p : e.profiles) {
            if (p.type == QLatin1String("prometheus"))
                prometheus.append({e.name, p});
        }
    }
    m_metrics->setPrometheusSources(prometheus);
    m_dashboard->setEnvironments(environments);
    const QString chosen = m_ui->environmentCombo->currentData().toString();
    m_ui->environmentCombo->clear();
    m_ui->environmentCombo->addItem(tr("As the guide says"), QString());
    for (const Environment &e : environments) {
        m_ui->environmentCombo->addItem(e.production ? tr("%1 \u2014 PRODUCTION").arg(e.name) : e.name, e.name);
        const int row = m_ui->environmentCombo->count() - 1;
        m_ui->environmentCombo->setItemData(row, e.bindingLines().join(QLatin1Char('\n')), Qt::ToolTipRole);
        if (e.production)
            m_ui->environmentCombo->setItemData(row, QBrush(QColor(0xc6, 0x28, 0x28)), Qt::ForegroundRole);
    }
    const int again = m_ui->environmentCombo->findData(chosen);
    m_ui->environmentCombo->setCurrentIndex(std::max(0, again));
    // The welcome page is for a Triage with no connections yet. The first answer corrects the
    // guess made at start; a profile made from the page (Set up connections) leaves it.
    bool anyProfile = false;
    for (const Environment &e : environments)
        anyProfile = anyProfile || !e.profiles.isEmpty();
    if (error.isEmpty()) {
        if (anyProfile && m_welcomeAtStart)
            showWelcome(false);
        else if (!anyProfile && !m_environmentsKnown && !m_welcomeLeft && m_paths.isEmpty() && m_welcome->showAtStart()
                 && !isWelcomeShown() && m_ui->guidedView->session().isEmpty()) {
            m_welcomeAtStart = true;
            showWelcome(true);
        }
    }
    m_environmentsKnown = true;
    if (!error.isEmpty())
        statusBar()->showMessage(error);
}

bool MainWindow::chooseEnvironment(const QString &name)
{
    const int index = m_ui->environmentCombo->findData(name);
    if (index < 0)
        return false;
    m_ui->environmentCombo->setCurrentIndex(index);
    return true;
}

void MainWindow::cancelChecks()
{
    if (m_pendingBinding) {
        m_pendingBinding = nullptr; // its keychain answer will be dropped
        m_ui->runStatus->setText(tr("Cancelled before any check ran."));
        updateRunButtons();
        return;
    }
    if (m_runner)
        m_runner->cancel();
}

void MainWindow::showResult(int row, const CheckResult &result)
{
    QTreeWidgetItem *item = m_ui->checkResults->topLevelItem(row);
    if (!item || !m_runner || m_runGuide < 0 || m_runGuide >= m_model->library().size())
        return;
    const CheckJob &job = m_runner->jobs().at(row);
    const Guide &guide = m_model->library().guides().at(m_runGuide);
    item->setText(0, statusWord(result.status));
    item->setIcon(0, statusIcon(result.status));
    item->setForeground(0, QBrush(statusColor(result.status)));
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setText(2, result.message);
    item->setToolTip(2, result.message);
    item->setText(3, result.durationMs < 10 ? QStringLiteral("%1 ms").arg(result.durationMs, 0, 'f', 1)
                                            : QStringLiteral("%1 ms").arg(qRound(result.durationMs)));
    const QString next = ReverseTriage::nextNode(guide, job.nodeId, job.spec, result);
    item->setData(0, Qt::UserRole + 1, next);
    if (const GuideNode *target = next.isEmpty() ? nullptr : guide.node(next))
        item->setToolTip(0, tr("Double-click to go to \u201c%1\u201d").arg(target->title));
    m_lastResults.insert(resultKey(m_runGuide, job.nodeId), result);
    if (m_ui->guidedView->guideIndex() == m_runGuide)
        m_ui->guidedView->showResult(job.nodeId, job.spec, result, next);
    if (m_ui->mapView->guideIndex() == m_runGuide)
        m_ui->mapView->setStatus(job.nodeId, result.status);
    m_metrics->addResult(job, result);
    m_recorder->record(job, result, m_runEnvironment);
    // The open step shows its result as soon as it arrives.
    const QModelIndex current = m_ui->guideTree->currentIndex();
    if (current.isValid() && current.data(GuideTreeModel::GuideIndexRole).toInt() == m_runGuide
        && current.data(GuideTreeModel::NodeIdRole).toString() == job.nodeId)
        showNode(current);
}

void MainWindow::showRanking()
{
    if (!m_runner || m_runGuide < 0 || m_runGuide >= m_model->library().size())
        return;
    const Guide &guide = m_model->library().guides().at(m_runGuide);
    const QList<CheckResult> &results = m_runner->results();
    int passed = 0;
    for (const CheckResult &r : results)
        passed += r.passed() ? 1 : 0;
    const QList<ReverseTriage::Rank> ranking = ReverseTriage::rank(guide, m_runner->jobs(), results);
    QString status = tr("%1 of %2 checks passed").arg(passed).arg(results.size());
    if (!m_bindingNote.isEmpty())
        status = m_bindingNote + QStringLiteral(": ") + status;
    if (!ranking.isEmpty())
        status += tr(" \u2014 most likely: %1").arg(ranking.first().title);
    m_ui->runStatus->setText(status);
    if (ranking.isEmpty())
        return;
    auto *header = new QTreeWidgetItem(m_ui->checkResults, {tr("LIKELY"), tr("Issues, most likely first"),
                                                             tr("scored by the checks that failed under them or lead to them")});
    header->setFirstColumnSpanned(false);
    QFont bold = header->font(1);
    bold.setBold(true);
    header->setFont(0, bold);
    header->setFont(1, bold);
    for (const ReverseTriage::Rank &r : ranking) {
        auto *item = new QTreeWidgetItem(m_ui->checkResults, {QString::number(r.score, 'f', 2), r.title, tr("issue"), QString()});
        item->setData(0, Qt::UserRole, r.node);
    }
}

void MainWindow::useTrust(QFuture<QPair<GuideTrust, QString>> future, const QString &failure)
{
    // The pool has one thread, so reads and writes finish in the order they were asked for
    // and the last snapshot to arrive is the newest.
    auto *watcher = new QFutureWatcher<QPair<GuideTrust, QString>>(this);
    connect(watcher, &QFutureWatcher<QPair<GuideTrust, QString>>::finished, this, [this, watcher, failure] {
        watcher->deleteLater();
        const auto &[store, error] = watcher->result();
        m_trust = store;
        if (!error.isEmpty())
            statusBar()->showMessage(failure.arg(error));
        const QString folder = QFileInfo(GuideTrust::defaultPath()).path();
        if (m_trustWatcher.directories().isEmpty() && QFileInfo(folder).isDir())
            m_trustWatcher.addPath(folder);
    });
    watcher->setFuture(future);
}

void MainWindow::reloadTrust()
{
    useTrust(QtConcurrent::run(&m_trustIo,
                               [] {
                                   GuideTrust trust;
                                   QString error;
                                   QDir().mkpath(QFileInfo(trust.path()).path()); // so that it can be watched
                                   trust.load(&error);
                                   return qMakePair(trust, error);
                               }),
             tr("Trusted guides not read: %1"));
}

MainWindow::TrustAnswer MainWindow::askTrust(const Guide &guide, bool offerWithout)
{
    const GuideTrust::State state = m_trust.state(guide);
    QMessageBox box(this);
    box.setObjectName(QStringLiteral("trustBox"));
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Trust this guide?"));
    const QString name = QFileInfo(guide.path).fileName().toHtmlEscaped();
    QString text = state == GuideTrust::State::Changed
                       ? tr("<b>%1 changed</b> since you trusted it on %2. Read it again before you let it run programs.")
                             .arg(name, QLocale().toString(m_trust.trustedAt(guide).toLocalTime(), QLocale::ShortFormat))
                       : tr("<b>%1</b> wants to run programs on this machine.").arg(name);
    text += QStringLiteral("<p>")
            + tr("Its command checks run, without a shell, as you:").toHtmlEscaped() + QStringLiteral("</p><ul>");
    for (const GuideTrust::Command &c : GuideTrust::commands(guide)) {
        text += QStringLiteral("<li>%1<br><code>%2</code>").arg(c.step.toHtmlEscaped(), c.command.toHtmlEscaped());
        QStringList defaults;
        for (auto it = c.vars.cbegin(); it != c.vars.cend(); ++it)
            defaults.append(QStringLiteral("<code>%1</code> = <code>%2</code>").arg(it.key().toHtmlEscaped(), it.value().toString().toHtmlEscaped()));
        if (!defaults.isEmpty())
            text += QStringLiteral("<br>") + tr("with %1").arg(defaults.join(QStringLiteral(", ")));
        text += QStringLiteral("</li>");
    }
    text += QStringLiteral("</ul><p>")
            + tr("Trust is kept for this exact file (SHA-256 %1\u2026); if it changes, Triage asks again.")
                  .arg(GuideTrust::hashOf(guide).left(16))
                  .toHtmlEscaped()
            + QStringLiteral("</p>");
    box.setTextFormat(Qt::RichText);
    box.setText(text);
    QPushButton *trust = box.addButton(tr("Trust and Run"), QMessageBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustButton"));
    QPushButton *without = nullptr;
    if (offerWithout) {
        without = box.addButton(tr("Run Without Commands"), QMessageBox::RejectRole);
        without->setObjectName(QStringLiteral("withoutButton"));
    } else {
        trust->setText(tr("Trust"));
    }
    box.addButton(QMessageBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    box.setDefaultButton(without ? without : nullptr);
    box.exec();
    if (box.clickedButton() == trust) {
        m_trust.trust(guide);
        persistTrust(guide, false);
        return TrustAnswer::Trust;
    }
    if (without && box.clickedButton() == without)
        return TrustAnswer::WithoutCommands;
    return TrustAnswer::Cancel;
}

void MainWindow::persistTrust(const Guide &guide, bool revoke)
{
    // A load-change-save under the store's lock: a `triage trust` in a terminal meanwhile is kept.
    useTrust(QtConcurrent::run(&m_trustIo,
                               [guide, revoke] {
                                   GuideTrust store;
                                   QString error;
                                   const auto lock = store.lock(&error);
                                   QString readError;
                                   if (!store.load(&readError) && error.isEmpty())
                                       error = readError;
                                   // Unsaved, the choice still holds in this window until it closes.
                                   if (revoke)
                                       store.revoke(guide);
                                   else
                                       store.trust(guide);
                                   if (lock && readError.isEmpty())
                                       store.save(&error);
                                   return qMakePair(store, error);
                               }),
             tr("Trust not saved: %1"));
}

void MainWindow::trustCurrentGuide(bool revoke)
{
    showWelcome(false);
    const QModelIndex current = m_ui->guideTree->currentIndex();
    const int index = current.isValid() ? current.data(GuideTreeModel::GuideIndexRole).toInt() : -1;
    if (index < 0 || index >= m_model->library().size()) {
        statusBar()->showMessage(tr("Choose a guide first"), 4000);
        return;
    }
    const Guide &guide = m_model->library().guides().at(index);
    if (revoke) {
        m_trust.revoke(guide);
        persistTrust(guide, true);
        statusBar()->showMessage(tr("%1 is no longer trusted; its command checks will not run").arg(QFileInfo(guide.path).fileName()), 6000);
        return;
    }
    if (!GuideTrust::runsCommands(guide)) {
        statusBar()->showMessage(tr("%1 has no command checks; it runs no programs, so it needs no trust").arg(QFileInfo(guide.path).fileName()),
                                 6000);
        return;
    }
    if (m_trust.state(guide) == GuideTrust::State::Trusted) {
        statusBar()->showMessage(tr("%1 is trusted already").arg(QFileInfo(guide.path).fileName()), 4000);
        return;
    }
    if (askTrust(guide, false) == TrustAnswer::Trust)
        statusBar()->showMessage(tr("%1 is trusted; its command checks may run").arg(QFileInfo(guide.path).fileName()), 6000);
}

} // namespace triage
