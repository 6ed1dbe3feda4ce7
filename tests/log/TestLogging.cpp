#include "log/Logging.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace triage;

class TestLogging : public QObject {
    Q_OBJECT
private slots:
    void writesTheRotatingFile();
    void levelsFilter();
    void qtMessagesAreRoutedIn();
    void secretsAreMasked();

private:
    QString readLog();
    QTemporaryDir m_dir;
};

QString TestLogging::readLog()
{
    log::flush();
    QFile f(log::logFilePath());
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void TestLogging::writesTheRotatingFile()
{
    log::initialize({spdlog::level::off, spdlog::level::info, m_dir.path(), true});
    QCOMPARE(log::logFilePath(), m_dir.filePath(QStringLiteral("triage.log")));
    log::guides()->info("imported {} guides", 9);
    const QString text = readLog();
    QVERIFY2(text.contains(QStringLiteral("info [guides]")) && text.contains(QStringLiteral("imported 9 guides")), qPrintable(text));
}

void TestLogging::levelsFilter()
{
    log::initialize({spdlog::level::off, spdlog::level::warn, m_dir.path(), true});
    log::checks()->info("quiet detail");
    log::checks()->warn("loud problem");
    const QString text = readLog();
    QVERIFY(!text.contains(QStringLiteral("quiet detail")));
    QVERIFY2(QRegularExpression(QStringLiteral("warning \\[checks\\] .*loud problem")).match(text).hasMatch(), qPrintable(text));
    spdlog::level::level_enum level;
    QVERIFY(log::parseLevel(QStringLiteral("DEBUG"), &level));
    QCOMPARE(level, spdlog::level::debug);
    QVERIFY(!log::parseLevel(QStringLiteral("chatty"), &level));
}

void TestLogging::qtMessagesAreRoutedIn()
{
    log::initialize({spdlog::level::off, spdlog::level::debug, m_dir.path(), true});
    qWarning("a Qt warning about %s", "sockets");
    const QString text = readLog();
    QVERIFY2(text.contains(QStringLiteral("[default] a Qt warning about sockets")), qPrintable(text));
}

void TestLogging::secretsAreMasked()
{
    log::initialize({spdlog::level::off, spdlog::level::debug, m_dir.path(), true});
    const QString secret = QStringLiteral("pa55-Secret-value");
    log::addSecret(secret);
    log::db()->info("connecting app@db:5432/orders with password {}", secret.toStdString());
    qWarning("token=%s", qPrintable(secret));
    const QString text = readLog();
    QVERIFY(text.contains(QStringLiteral("connecting app@db:5432/orders with password ********")));
    QVERIFY(!text.contains(secret));
    // The same masking for what is shown outside the log: check messages, JSON.
    QCOMPARE(log::maskSecrets(QStringLiteral("server said: bad password %1").arg(secret)), QStringLiteral("server said: bad password ********"));
    QCOMPARE(log::maskSecrets(QStringLiteral("nothing here")), QStringLiteral("nothing here"));
}

QTEST_GUILESS_MAIN(TestLogging)
#include "TestLogging.moc"
