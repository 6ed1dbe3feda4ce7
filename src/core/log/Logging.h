#pragma once

#include <spdlog/logger.h>

#include <QString>

#include <memory>

namespace triage::log {

// One logging module for the whole program: a rotating file under the app's data folder and
// stderr, shared by named loggers (`guides`, `checks`, `db`, `keychain`, `ui`). Qt's own
// messages are routed in. Every value registered with addSecret() is masked in every line,
// whichever logger wrote it.
//
// Thread-safe: sinks are spdlog's mutex-guarded sinks; loggers may be used from any thread.
struct Options {
    spdlog::level::level_enum stderrLevel = spdlog::level::warn;
    spdlog::level::level_enum fileLevel = spdlog::level::info;
    QString directory;  // empty: <AppLocalDataLocation>/logs
    bool toFile = true;
};

// Parses trace|debug|info|warn|warning|error|critical|off.
bool parseLevel(const QString &name, spdlog::level::level_enum *level);

// Sets up the sinks and installs the Qt message handler. Safe to call again (tests do).
void initialize(const Options &options);
// The file written to, or empty when logging to stderr only.
QString logFilePath();
void flush();

// Masks this value in all log output from now on. Empty and very short values are ignored,
// since masking them would hide ordinary text.
void addSecret(const QString &value);
// The text with every registered secret replaced: for what Triage shows or prints besides the
// log (check messages, libpq's error text, JSON).
QString maskSecrets(const QString &text);

std::shared_ptr<spdlog::logger> guides();
std::shared_ptr<spdlog::logger> checks();
std::shared_ptr<spdlog::logger> db();
std::shared_ptr<spdlog::logger> keychain();
std::shared_ptr<spdlog::logger> ui();

} // namespace triage::log
