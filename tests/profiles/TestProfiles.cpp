// Connection profiles: parsing URLs without keeping passwords, binding checks to an
// environment, and saving atomically (a crash mid-save leaves the old file whole).

#include "TestSupport.h"
#include "profiles/ProfileStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace triage;
using namespace triage::test;

class TestProfiles : public QObject {
    Q_OBJECT

private slots:
    void urlsBecomeProfilesWithoutTheirPasswords_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("password");
        QTest::newRow("postgres") << QStringLiteral("postgresql://app:s3cret@db.internal:5433/orders?sslmode=require") << QStringLiteral("postgres")
                                  << QStringLiteral("postgres app@db.internal:5433/orders") << QStringLiteral("s3cret");
        QTest::newRow("postgres default port") << QStringLiteral("postgres://app@localhost/app") << QStringLiteral("postgres")
                                               << QStringLiteral("postgres app@localhost:5432/app") << QString();
        QTest::newRow("redis") << QStringLiteral("redis://:pw@cache:6380/2") << QStringLiteral("redis") << QStringLiteral("redis cache:6380/2")
                               << QStringLiteral("pw");
        QTest::newRow("https") << QStringLiteral("https://api.example.com/v2") << QStringLiteral("http")
                               << QStringLiteral("http https://api.example.com/v2") << QString();
        QTest::newRow("kafka") << QStringLiteral("kafka://broker:9093") << QStringLiteral("kafka") << QStringLiteral("kafka broker:9093") << QString();
        QTest::newRow("prometheus") << QStringLiteral("prometheus+http://prom:9090") << QStringLiteral("prometheus")
                                    << QStringLiteral("prometheus http://prom:9090") << QString();
    }

    void urlsBecomeProfilesWithoutTheirPasswords()
    {
        QFETCH(QString, url);
        QFETCH(QString, type);
        QFETCH(QString, display);
        QFETCH(QString, password);
        QString found;
        QString error;
        const auto p = ConnectionProfile::fromUrl(QStringLiteral("x"), url, &found, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->type, type);
        QCOMPARE(p->display(), display);
        QCOMPARE(found, password);
        if (!password.isEmpty())
            QVERIFY(!QString::fromUtf8(QJsonDocument(p->toJson()).toJson()).contains(password));
    }

    void badUrlsSayWhy()
    {
        QString password;
        QString error;
        QVERIFY(!ConnectionProfile::fromUrl(QStringLiteral("x"), QStringLiteral("mysql://a@b/c"), &password, &error));
        QVERIFY(error.contains(QStringLiteral("postgresql")));
        QVERIFY(!ConnectionProfile::fromUrl(QStringLiteral("x"), QStringLiteral("not a url"), &password, &error));
        // Redis over TLS would get its password in clear from a plain-RESP probe: refused.
        QVERIFY(!ConnectionProfile::fromUrl(QStringLiteral("x"), QStringLiteral("rediss://:pw@cache:6380/0"), &password, &error));
        QVERIFY(error.contains(QStringLiteral("TLS")));
        QVERIFY(!ConnectionProfile::fromUrl(QStringLiteral("x"), QStringLiteral("prometheus+ftp://prom:9090"), &password, &error));
    }

    void environmentsBindChecks()
    {
        Environment env{QStringLiteral("dev"), false, {}};
        QString pw, error;
        env.profiles.append(*ConnectionProfile::fromUrl(QStringLiteral("db"), QStringLiteral("postgresql://app@10.0.0.5:5433/orders"), &pw, &error));
        env.profiles.append(*ConnectionProfile::fromUrl(QStringLiteral("api"), QStringLiteral("https://api.dev.example.com"), &pw, &error));
        CheckSpec pg;
        pg.type = QStringLiteral("postgres");
        pg.params = {{QStringLiteral("host"), QStringLiteral("localhost")}, {QStringLiteral("port"), 5432}};
        const CheckSpec bound = env.overrides().apply(pg);
        QCOMPARE(bound.param(QStringLiteral("host")), QStringLiteral("10.0.0.5"));
        QCOMPARE(bound.param(QStringLiteral("port")), QStringLiteral("5433"));
        QCOMPARE(bound.param(QStringLiteral("dbname")), QStringLiteral("orders"));
        QCOMPARE(bound.param(QStringLiteral("user")), QStringLiteral("app"));
        CheckSpec http;
        http.type = QStringLiteral("http");
        http.params = {{QStringLiteral("url"), QStringLiteral("http://localhost:8000/health")}};
        QCOMPARE(env.overrides().apply(http).param(QStringLiteral("url")), QStringLiteral("https://api.dev.example.com/health"));
        QCOMPARE(env.bindingLines().size(), 2);
        QStringList errors;
        env.overrides(&errors);
        QVERIFY(errors.isEmpty());
        // A hand-edited base without a scheme cannot bind, and says so.
        Environment broken = env;
        broken.profiles[1].base = QStringLiteral("api.dev.example.com");
        broken.overrides(&errors);
        QCOMPARE(errors.size(), 1);
        QVERIFY(env.hosts().contains(QStringLiteral("10.0.0.5")));
    }

    void saveAndLoad()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(QStringLiteral("profiles.json")));
        store.environments.append({QStringLiteral("prod"), true, {}});
        QString error;
        QVERIFY2(store.save(&error), qPrintable(error));
        ProfileStore again(store.path());
        QVERIFY(again.load(&error));
        QCOMPARE(again.environments.size(), 1);
        QVERIFY(again.environment(QStringLiteral("prod"))->production);
    }

    void unreadableEntriesAreNotSavedOver()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("profiles.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"version":1,"environments":[{"name":"dev","profiles":[{"name":"q","type":"mqtt","host":"h"}]}]})");
        f.close();
        ProfileStore store(path);
        QString error;
        QVERIFY(store.load(&error));
        QVERIFY(!store.save(&error));
        QVERIFY(error.contains(QStringLiteral("cannot read")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"version":2,"environments":[]})");
        f.close();
        QVERIFY(!store.load(&error));
        QVERIFY(error.contains(QStringLiteral("newer")));
    }

    void aCrashDuringSaveLeavesTheOldFile()
    {
        QTemporaryDir home;
        const QString config = home.filePath(QStringLiteral("config"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        auto triage = [&](const QStringList &args, bool crash) {
            QProcess p;
            QProcessEnvironment e = env;
            if (crash)
                e.insert(QStringLiteral("TRIAGE_TEST_CRASH_BEFORE_COMMIT"), QStringLiteral("1"));
            p.setProcessEnvironment(e);
            p.start(triageExecutable(), args);
            p.waitForFinished(30000);
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QCOMPARE(triage({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("dev")}, false), 0);
        const QString file = config + QStringLiteral("/triage/profiles.json");
        QFile before(file);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray old = before.readAll();
        before.close();
        // The process dies between writing the new file and renaming it over the old one.
        QCOMPARE(triage({QStringLiteral("env"), QStringLiteral("add"), QStringLiteral("uat")}, true), -1);
        QFile after(file);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), old);
        ProfileStore store(file);
        QString error;
        QVERIFY(store.load(&error));
        QCOMPARE(store.environments.size(), 1);
        QVERIFY(!store.environment(QStringLiteral("uat")));
    }
};

QTEST_GUILESS_MAIN(TestProfiles)
#include "TestProfiles.moc"
