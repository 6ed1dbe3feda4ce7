#pragma once

#include <QStringList>
#include <QTextStream>

namespace triage::cli {

// Exit codes shared by every subcommand; documented in the README.
enum ExitCode {
    Ok = 0,          // success; lint found no errors; find found matches
    Findings = 1,    // lint found errors; find found nothing
    Usage = 2,       // bad arguments
    InputError = 3,  // a file or folder could not be read
};

// The headless side of `triage`: `lint`, `tree`, `find`, `check`, with `--json` and the exit
// codes above. `check` runs the main event loop until its checks are done.
// Runs inside a QCoreApplication on the main thread; needs no display. Writes to the streams it
// is given, which it does not own.
class CommandLine {
public:
    CommandLine(QTextStream &out, QTextStream &err);

    // Names of the subcommands; main() uses it to choose between the CLI and the GUI.
    static QStringList subcommands();
    // argv without the program name: {"lint", "guides/"}.
    int run(const QStringList &arguments);

private:
    int lint(const QStringList &arguments);
    int tree(const QStringList &arguments);
    int find(const QStringList &arguments);
    int check(const QStringList &arguments);
    int report(const QStringList &arguments);
    int usage(const QString &problem);
    void printHelp();

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace triage::cli
