// triage: one executable. With a subcommand it runs headless; without one it opens the app.

#include "PostgresProbe.h"
#include "checks/ProbeRegistry.h"
#include "cli/CommandLine.h"
#include "gui/GuidedView.h"
#include "gui/MainWindow.h"
#include "log/Logging.h"

#include <algorithm>
#include <QApplication>
#include <QIcon>
#include <QTabWidget>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>
#include <QElapsedTimer>
#include <QEvent>
#include <functional>

#include <cstdio>
#include <memory>

namespace {

void describeApplication()
{
    // No organisation name: data goes to ~/.local/share/triage, not …/triage/triage.
    QCoreApplication::setApplicationName(QStringLiteral("triage"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRIAGE_VERSION));
}

// The value of `--name VALUE` or `--name=VALUE`, removed from args.
QString takeOption(QStringList &args, const QString &name)
{
    for (int i = 0; i < args.size(); ++i) {
        if (args.at(i) == name && i + 1 < args.size()) {
            const QString value = args.at(i + 1);
            args.remove(i, 2);
            return value;
        }
        if (args.at(i).startsWith(name + QLatin1Char('='))) {
            const QString value = args.at(i).mid(name.size() + 1);
            args.removeAt(i);
            return value;
        }
    }
    return {};
}

bool isHeadless(const QStringList &args)
{
    for (const QString &a : args) {
        if (a == QLatin1String("--help") || a == QLatin1String("-h") || a == QLatin1String("--version"))
            return true;
        if (!a.startsWith(QLatin1Char('-')))
            return triage::cli::CommandLine::subcommands().contains(a);
    }
    return false;
}

// Calls `done` at the first paint of the window once its guides are shown.
class FirstPaint : public QObject {
public:
    FirstPaint(triage::MainWindow *window, std::function<void()> done)
        : QObject(window)
        , m_window(window)
        , m_done(std::move(done))
    {
        QObject::connect(window, &triage::MainWindow::loaded, window, [window] { window->update(); });
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::UpdateRequest && m_window->isLoaded() && m_done) {
            // The paint this request leads to is the one with the guides in it.
            QTimer::singleShot(0, this, [this] {
                if (m_done) {
                    auto done = std::move(m_done);
                    m_done = nullptr;
                    done();
                }
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    triage::MainWindow *m_window;
    std::function<void()> m_done;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    QStringList rest = args;
    const QString levelName = takeOption(rest, QStringLiteral("--log-level"));
    spdlog::level::level_enum level = spdlog::level::warn;
    if (!levelName.isEmpty() && !triage::log::parseLevel(levelName, &level)) {
        std::fprintf(stderr, "triage: unknown log level `%s`; use trace, debug, info, warn, error or off\n", qPrintable(levelName));
        return triage::cli::Usage;
    }

    if (isHeadless(rest)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        triage::log::initialize({level, std::min(level, spdlog::level::info), QString(), true});
        QTextStream out(stdout);
        QTextStream err(stderr);
        triage::cli::CommandLine cli(out, err);
        const int code = cli.run(args);
        triage::log::flush();
        return code;
    }

    // Developer aid: `triage --screenshot shot.png [PATH...]` saves the window once loaded.
    const QString screenshot = takeOption(rest, QStringLiteral("--screenshot"));
    const QString searchText = takeOption(rest, QStringLiteral("--search"));
    const bool runAll = rest.removeAll(QStringLiteral("--run-all")) > 0; // with --screenshot: run the first guide's checks first
    const QString runEnvironment = takeOption(rest, QStringLiteral("--env")); // with --run-all: bound to this environment
    // with --screenshot: guided-mode steps to take first, e.g. "next,run,next,no,yes"
    const QStringList guidedSteps = takeOption(rest, QStringLiteral("--guided")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    // `--set TYPE.KEY=VALUE`, as for `triage check`: every run in the window uses them.
    triage::CheckOverrides overrides;
    for (QString assignment = takeOption(rest, QStringLiteral("--set")); !assignment.isEmpty();
         assignment = takeOption(rest, QStringLiteral("--set"))) {
        QString error;
        if (!overrides.add(assignment, &error)) {
            std::fprintf(stderr, "triage: --set %s: %s\n", qPrintable(assignment), qPrintable(error));
            return triage::cli::Usage;
        }
    }
    QStringList paths;
    for (const QString &a : std::as_const(rest)) {
        if (a.startsWith(QLatin1Char('-'))) {
            std::fprintf(stderr, "triage: unknown option `%s`; try triage --help\n", qPrintable(a));
            return triage::cli::Usage;
        }
        if (!QFileInfo::exists(a)) {
            std::fprintf(stderr, "triage: `%s` is neither a command (%s) nor a guide file or folder; try triage --help\n",
                         qPrintable(a), qPrintable(triage::cli::CommandLine::subcommands().join(QStringLiteral(", "))));
            return triage::cli::Usage;
        }
        paths.append(a);
    }

    // Arguments are checked before the display is opened, so that a typo is a usage error
    // even where there is no display.
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Triage"));
    // The icon in every window's title bar and task switcher, and the .desktop file that
    // Wayland compositors match the window to.
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.triage.Triage"));
    triage::log::initialize({level, std::min(level, spdlog::level::info), QString(), true});

    triage::MainWindow window(paths);
    triage::ProbeRegistry registry = triage::ProbeRegistry::withCoreProbes();
    triage::PostgresProbe::registerIn(registry);
    window.setProbeRegistry(registry);
    window.setOverrides(overrides);
    window.setAboutExtra({triage::PostgresProbe::libpqVersion()});
    window.show();
    // For the launch benchmark: the time to the first paint that shows the guides, then exit.
    if (qEnvironmentVariableIsSet("TRIAGE_EXIT_AFTER_FIRST_PAINT")) {
        auto *probe = new FirstPaint(&window, [&window, sinceStart] {
            std::printf("first-paint-ms %.1f\n", sinceStart.nsecsElapsed() / 1e6);
            std::fflush(stdout);
            QTimer::singleShot(0, &window, [] { QCoreApplication::exit(0); });
        });
        window.installEventFilter(probe);
    }
    if (!screenshot.isEmpty()) {
        auto save = [&window, screenshot] {
            QTimer::singleShot(300, &window, [&window, screenshot] {
                const bool saved = window.grab().save(screenshot);
                if (!saved)
                    std::fprintf(stderr, "triage: cannot save screenshot to %s\n", qPrintable(screenshot));
                QCoreApplication::exit(saved ? 0 : 3);
            });
        };
        // Guided steps one at a time; "run" waits for its checks.
        auto steps = std::make_shared<QStringList>(guidedSteps);
        auto step = std::make_shared<std::function<void()>>();
        *step = [&window, steps, step, save] {
            while (!steps->isEmpty()) {
                const QString s = steps->takeFirst();
                triage::GuidedView *g = window.guidedView();
                if (s == QLatin1String("run")) {
                    if (g->run())
                        return; // checksFinished continues
                    std::fprintf(stderr, "triage: --guided run: the step shown has no check to run\n");
                    continue;
                }
                if (s == QLatin1String("next"))
                    g->next();
                else if (s == QLatin1String("back"))
                    g->back();
                else if (s == QLatin1String("yes") || s == QLatin1String("no"))
                    g->fixed(s == QLatin1String("yes"));
                else if (s.startsWith(QLatin1String("answer")))
                    g->answer(s.mid(6).toInt());
                else if (s == QLatin1String("map") || s == QLatin1String("read")) {
                    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("centreTabs"));
                    tabs->setCurrentIndex(s == QLatin1String("map") ? 1 : 2);
                }
            }
            save();
        };
        QObject::connect(&window, &triage::MainWindow::checksFinished, &window, [step, runAll, save] {
            if (runAll)
                save();
            else
                (*step)();
        });
        QObject::connect(&window, &triage::MainWindow::loaded, &window, [&window, searchText, runAll, runEnvironment, save, step] {
            if (!searchText.isEmpty())
                window.openFirstSearchResult(searchText);
            if (!runAll) {
                (*step)();
                return;
            }
            if (runEnvironment.isEmpty()) {
                window.runChecks(true);
                return;
            }
            // Environments load on a worker of their own: wait for this one to be listed.
            auto *wait = new QTimer(&window);
            auto tries = std::make_shared<int>(0);
            QObject::connect(wait, &QTimer::timeout, &window, [&window, wait, tries, runEnvironment] {
                if (window.chooseEnvironment(runEnvironment) || ++*tries > 100) {
                    wait->deleteLater();
                    window.runChecks(true);
                }
            });
            wait->start(50);
        });
    }
    const int code = app.exec();
    triage::log::flush();
    return code;
}
