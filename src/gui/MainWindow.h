#pragma once

#include "checks/CheckResult.h"
#include "checks/CheckRunner.h"
#include "checks/ProbeRegistry.h"
#include "guide/GuideLibrary.h"
#include "guide/GuideTrust.h"
#include "profiles/EnvironmentBinding.h"
#include "profiles/ProfileStore.h"
#include "search/SearchIndex.h"
#include "session/Session.h"

#include <QHash>
#include <QSet>
#include <QPointer>

#include <QMainWindow>
#include <QStringList>
#include <QTimer>
#include <QFuture>
#include <QFileSystemWatcher>
#include <QThreadPool>
#include <QProgressBar>

class QStackedWidget;

#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}

namespace triage {

class GuideTreeModel;

// The desktop window: the guides as a tree, the selected step rendered beside it, a box where
// an error message can be pasted to jump to the matching issues, and a panel that runs the
// checks of a step or of a whole guide and lists what they found, with the issues the
// failures point to.
//
// Guides are loaded and indexed on a worker thread; checks run on the event loop without
// blocking it (their probes never wait). GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `paths`: guide files or folders; empty means the bundled guides.
    explicit MainWindow(QStringList paths = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // True once the guides are loaded and shown. For tests and for --screenshot.
    bool isLoaded() const { return m_loaded; }
    void search(const QString &text);
    // Searches and opens the best match, as Enter in the search box does.
    void openFirstSearchResult(const QString &text);
    // Which probes run which check types; the core's unless the app adds more (PostgreSQL).
    void setProbeRegistry(ProbeRegistry registry) { m_registry = std::move(registry); }
    // Lines for the About box about libraries only the app links (libpq's version).
    void setAboutExtra(const QStringList &lines) { m_aboutExtra = lines; }
    // `--set` given at launch: applied to every run, over an environment's binding.
    void setOverrides(const CheckOverrides &overrides) { m_overrides = overrides; }
    // Runs the checks under the selected node, or of its whole guide.
    void runChecks(bool wholeGuide);
    // Runs the checks of one node (the guided mode's Run button).
    void runNode(int guideIndex, const QString &nodeId);
    // Writes the guided session's report; the format follows the file's extension (.md,
    // .html, .json). The file is written on a worker; reportExported() says how it went.
    void exportReport(const QString &path);
    class GuidedView *guidedView() const;
    class MetricsPanel *metricsPanel() const { return m_metrics; }
    class DashboardView *dashboardView() const { return m_dashboard; }
    const GuideLibrary &library() const;
    // Adds a folder of guides to the library (kept in the settings) and loads it.
    void addGuideFolder(const QString &folder);
    QStringList guideFolders() const { return m_userFolders; }
    // Opens the connections dialog (environments, profiles, keychain secrets).
    class ConnectionsDialog *openConnections();
    // The welcome page: shown at start before any connection profile exists (unless the user
    // turned it off), and from Help > Welcome. Showing it hides the docks and the toolbar.
    void showWelcome(bool show);
    bool isWelcomeShown() const;
    class WelcomePage *welcomePage() const { return m_welcome; }
    // Opens the bundled Tour guide in guided mode (as soon as the guides are loaded).
    void startTour();
    // Selects a node in the tree (and so in both centre views).
    void selectNode(int guideIndex, const QString &nodeId);
    void cancelChecks();
    // Chooses the environment for the next run by name; false while it is not (yet) listed.
    bool chooseEnvironment(const QString &name);
    bool isRunning() const { return m_pendingBinding || (m_runner && m_runner->isRunning()); }
    // The last result of each check node, by "guide index/node id". For tests.
    const QHash<QString, CheckResult> &lastResults() const { return m_lastResults; }

signals:
    void loaded();
    void checksFinished();
    void reportExported(const QString &path, const QString &error);
    void sessionSaved();

private:
    struct Loaded {
        GuideLibrary library;
        std::shared_ptr<SearchIndex> index;
        QStringList errors;
        QList<GuideDiagnostics> warnings; // per guide, import and lint
        QStringList watch;                // folders and files to watch for changes
        QStringList userFolders;          // the folders the user added, from the settings
    };
    static Loaded loadInBackground(const QStringList &paths, const std::optional<QStringList> &foldersToSave);
    void reloadLibrary();
    void showLoaded(const Loaded &result);
    void showNode(const QModelIndex &index);
    void showSearchResults();
    void openSearchResult(int row);
    void updateRunButtons();
    void runJobs(int guideIndex, const QList<CheckJob> &jobs);
    void pollJobs(const QList<CheckJob> &jobs);
    CheckContext baseContext() const;
    const Environment *chosenEnvironment() const;
    EnvironmentBinding *bind(const Environment &env, std::function<void(const CheckContext &, const CheckOverrides &)> ready,
                             std::function<void(const QString &)> failed);
    void openGuideLink(const QString &link);
    void scheduleAutosave();
    void autosave(bool closed);
    void saveSession(const Session &session, bool closed);
    void offerResume();
    void reloadEnvironments();
    int guideIndexFor(const Session &session) const;
    static Session keptSteps(const Session &session, const Guide &guide);
    void showResult(int row, const CheckResult &result);
    void showRanking();
    void startRun(const QList<CheckJob> &jobs, const CheckContext &context, const CheckOverrides &overrides);
    void showEnvironments(const QList<Environment> &environments, const QString &error);

    // Trust for command checks (see GuideTrust): asked for before a run that holds command
    // checks. The store is read and written on one worker thread, in order, and read again
    // whenever its folder changes (a `triage trust --revoke` in a terminal reaches the window).
    enum class TrustAnswer { Trust, WithoutCommands, Cancel };
    void reloadTrust();
    TrustAnswer askTrust(const Guide &guide, bool offerWithout);
    void persistTrust(const Guide &guide, bool revoke);
    void trustCurrentGuide(bool revoke);
    void useTrust(QFuture<QPair<GuideTrust, QString>> future, const QString &failure);
    GuideTrust m_trust{QString()}; // the store as last read or written
    QThreadPool m_trustIo;
    QFileSystemWatcher m_trustWatcher;
    QTimer m_trustReload;
    bool m_runTrusted = false; // the run being started may run command checks

    std::unique_ptr<Ui::MainWindow> m_ui;
    GuideTreeModel *m_model = nullptr;
    std::shared_ptr<SearchIndex> m_index;
    QList<SearchHit> m_hits;
    QTimer m_searchDelay;
    QStringList m_paths;
    bool m_loaded = false;
    ProbeRegistry m_registry = ProbeRegistry::withCoreProbes();
    CheckRunner *m_runner = nullptr;
    int m_runGuide = -1;
    QHash<QString, CheckResult> m_lastResults;
    QList<Environment> m_environments;
    QString m_bindingNote;
    QPointer<EnvironmentBinding> m_pendingBinding; // a bound run waiting for the keychain
    class SecretStore *m_secrets = nullptr;
    CheckOverrides m_overrides;
    class MetricsPanel *m_metrics = nullptr;
    class MetricRecorder *m_recorder = nullptr;
    class DashboardView *m_dashboard = nullptr;
    QString m_runEnvironment;
    QProgressBar *m_progress = nullptr;
    CheckRunner *m_pollRunner = nullptr;
    QPointer<EnvironmentBinding> m_pollBinding;
    QTimer m_autosaveDelay;
    bool m_syncingSelection = false;
    QFuture<void> m_lastSave;
    QSet<int> m_mapFitted; // guides whose map was fitted to the view once
    QStringList m_userFolders;
    std::optional<QStringList> m_foldersToSave; // set by Add folder, written by the next load
    QSet<QString> m_savedSessions; // ids of sessions that have a file
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_reloadDelay;
    QStringList m_aboutExtra;
    QStackedWidget *m_pages = nullptr;
    class WelcomePage *m_welcome = nullptr;
    bool m_welcomeAtStart = false;   // shown because no profile existed, not because it was asked for
    bool m_environmentsKnown = false;
    bool m_tourPending = false;
    bool m_welcomeLeft = false;  // the user went past it (or a resume offer did) this run
    bool m_docksUnsized = false; // a first start: the docks get their strip once they are shown
    void sizeDocksFirstTime();
    QByteArray m_layoutBeforeWelcome; // saveState() as the welcome page found it
    int tourIndex() const;
    void offerGuidesOnWelcome();
    void openGuide(int guideIndex);
    void buildMenus(class QDockWidget *checksDock, class QDockWidget *metricsDock);
    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;
};

} // namespace triage
