#include "Logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <QDir>
#include <QMutex>
#include <QStandardPaths>
#include <QStringList>

#include <mutex>
#include <string>
#include <vector>

namespace triage::log {

namespace {

// Forwards every message to the real sinks with registered secrets replaced.
class MaskingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    void setTargets(std::vector<spdlog::sink_ptr> targets)
    {
        std::lock_guard lock(mutex_);
        m_targets = std::move(targets);
    }

    void addSecret(std::string secret)
    {
        std::lock_guard lock(mutex_);
        if (std::find(m_secrets.begin(), m_secrets.end(), secret) == m_secrets.end())
            m_secrets.push_back(std::move(secret));
        // Longest first, so that a secret containing another is masked whole.
        std::sort(m_secrets.begin(), m_secrets.end(), [](const auto &a, const auto &b) { return a.size() > b.size(); });
    }

    std::string mask(std::string text)
    {
        std::lock_guard lock(mutex_);
        for (const std::string &secret : m_secrets) {
            for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 8))
                text.replace(pos, secret.size(), "********");
        }
        return text;
    }

    bool hasSecrets()
    {
        std::lock_guard lock(mutex_);
        return !m_secrets.empty();
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        std::string text(msg.payload.data(), msg.payload.size());
        for (const std::string &secret : m_secrets) {
            for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 8))
                text.replace(pos, secret.size(), "********");
        }
        spdlog::details::log_msg masked = msg;
        masked.payload = text;
        for (const auto &target : m_targets) {
            if (target->should_log(msg.level))
                target->log(masked);
        }
    }

    void flush_() override
    {
        for (const auto &target : m_targets)
            target->flush();
    }

private:
    std::vector<spdlog::sink_ptr> m_targets;
    std::vector<std::string> m_secrets;
};

struct State {
    std::shared_ptr<MaskingSink> sink = std::make_shared<MaskingSink>();
    QString filePath;
    bool initialized = false;
};

State &state()
{
    static State s;
    return s;
}

QMutex &setupMutex()
{
    static QMutex m;
    return m;
}

const char *const kLoggerNames[] = {"guides", "checks", "db", "keychain", "ui", "qt"};

std::shared_ptr<spdlog::logger> named(const char *name)
{
    if (auto existing = spdlog::get(name))
        return existing;
    QMutexLocker lock(&setupMutex());
    if (auto existing = spdlog::get(name))
        return existing;
    if (!state().initialized) {
        // Before initialize() (in tests, say): warnings and worse to stderr.
        state().sink->setTargets({std::make_shared<spdlog::sinks::stderr_color_sink_mt>()});
        state().sink->set_level(spdlog::level::warn);
        state().initialized = true;
    }
    auto logger = std::make_shared<spdlog::logger>(name, state().sink);
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    spdlog::level::level_enum level = spdlog::level::info;
    switch (type) {
    case QtDebugMsg:
        level = spdlog::level::debug;
        break;
    case QtInfoMsg:
        level = spdlog::level::info;
        break;
    case QtWarningMsg:
        level = spdlog::level::warn;
        break;
    case QtCriticalMsg:
    case QtFatalMsg:
        level = spdlog::level::critical;
        break;
    }
    const char *category = context.category ? context.category : "default";
    named("qt")->log(level, "[{}] {}", category, message.toStdString());
    if (type == QtFatalMsg) {
        flush();
        std::abort();
    }
}

} // namespace

bool parseLevel(const QString &name, spdlog::level::level_enum *level)
{
    const QString n = name.trimmed().toLower();
    static const std::pair<const char *, spdlog::level::level_enum> levels[] = {
        {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},       {"info", spdlog::level::info},
        {"warn", spdlog::level::warn},   {"warning", spdlog::level::warn},      {"error", spdlog::level::err},
        {"critical", spdlog::level::critical}, {"off", spdlog::level::off},
    };
    for (const auto &[text, value] : levels) {
        if (n == QLatin1String(text)) {
            *level = value;
            return true;
        }
    }
    return false;
}

void initialize(const Options &options)
{
    QMutexLocker lock(&setupMutex());
    std::vector<spdlog::sink_ptr> targets;
    auto stderrSink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    stderrSink->set_level(options.stderrLevel);
    stderrSink->set_pattern("%^%l%$ [%n] %v");
    targets.push_back(stderrSink);

    State &s = state();
    s.filePath.clear();
    if (options.toFile) {
        QString directory = options.directory;
        if (directory.isEmpty())
            directory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/logs");
        if (QDir().mkpath(directory)) {
            const QString path = QDir(directory).filePath(QStringLiteral("triage.log"));
            try {
                auto fileSink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path.toStdString(), 5 * 1024 * 1024, 3);
                fileSink->set_level(options.fileLevel);
                fileSink->set_pattern("%Y-%m-%d %H:%M:%S.%e %l [%n] [%t] %v");
                targets.push_back(fileSink);
                s.filePath = path;
            } catch (const spdlog::spdlog_ex &e) {
                stderrSink->log(spdlog::details::log_msg("triage", spdlog::level::warn,
                                                         std::string("cannot open log file: ") + e.what()));
            }
        }
    }
    s.sink->setTargets(std::move(targets));
    s.sink->set_level(std::min(options.stderrLevel, options.toFile ? options.fileLevel : spdlog::level::off));
    s.initialized = true;
    lock.unlock();
    for (const char *name : kLoggerNames)
        named(name);
    qInstallMessageHandler(qtMessageHandler);
}

QString logFilePath()
{
    return state().filePath;
}

void flush()
{
    state().sink->flush();
}

QString maskSecrets(const QString &text)
{
    if (text.isEmpty() || !state().sink->hasSecrets())
        return text;
    return QString::fromStdString(state().sink->mask(text.toStdString()));
}

void addSecret(const QString &value)
{
    if (value.size() < 4)
        return;
    state().sink->addSecret(value.toStdString());
}

std::shared_ptr<spdlog::logger> guides() { return named("guides"); }
std::shared_ptr<spdlog::logger> checks() { return named("checks"); }
std::shared_ptr<spdlog::logger> db() { return named("db"); }
std::shared_ptr<spdlog::logger> keychain() { return named("keychain"); }
std::shared_ptr<spdlog::logger> ui() { return named("ui"); }

} // namespace triage::log
