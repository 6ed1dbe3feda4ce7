// Environments, profiles and secrets through the real `triage` executable and the real OS
// keychain (gnome-keyring's Secret Service, started by tests/run in a private D-Bus session),
// against the password-protected PostgreSQL and Redis that tests/run starts.

#include "ApiKeyGuide.h"
#include "TestServers.h"
#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace triage::test;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestKeychainCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty() || QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
            QFAIL("no D-Bus session with a keychain: run the suite with tests/run, which starts gnome-keyring in dbus-run-session");
        if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty() || serviceEnv("TRIAGE_TEST_REDIS_AUTH_PORT").isEmpty())
            QFAIL("TRIAGE_TEST_PG_* / TRIAGE_TEST_REDIS_* are not set: run the suite with tests/run");
        m_env = QStringLiteral("t%1").arg(QRandomGenerator::global()->generate(), 0, 36);
    }

    void cleanupTestCase()
    {
        for (const char *name : {"db", "cache"})
            run({QStringLiteral("secret"), QStringLiteral("delete"), m_env + QLatin1Char('/') + QLatin1String(name), QStringLiteral("password")});
    }

    void secretsGoToTheKeychainAndChecksUseThem()
    {
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), m_env}).code, 0);
        const Run db = run({QStringLiteral("profile"), QStringLiteral("add"), m_env + QStringLiteral("/db"),
                            QStringLiteral("postgresql://%1@127.0.0.1:%2/postgres").arg(serviceEnv("TRIAGE_TEST_PG_USER"), serviceEnv("TRIAGE_TEST_PG_PORT")),
                            QStringLiteral("--password-stdin")},
                           serviceEnv("TRIAGE_TEST_PG_PASSWORD") + QLatin1Char('\n'));
        QVERIFY2(db.code == 0, qPrintable(db.err));
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), m_env + QStringLiteral("/cache"),
                      QStringLiteral("redis://127.0.0.1:%1/0").arg(serviceEnv("TRIAGE_TEST_REDIS_AUTH_PORT"))})
                     .code,
                 0);
        const Run secret = run({QStringLiteral("secret"), QStringLiteral("set"), m_env + QStringLiteral("/cache"), QStringLiteral("password")},
                               serviceEnv("TRIAGE_TEST_REDIS_PASSWORD") + QLatin1Char('\n'));
        QVERIFY2(secret.code == 0, qPrintable(secret.err));

        // secret-tool sees what QtKeychain stored, under Triage's key.
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("user"),
                                                    QStringLiteral("triage/%1/db/password").arg(m_env)});
        QVERIFY(tool.waitForFinished(10000));
        const QString found = QString::fromUtf8(tool.readAllStandardOutput() + tool.readAllStandardError());
        QVERIFY2(found.contains(QStringLiteral("secret = ") + serviceEnv("TRIAGE_TEST_PG_PASSWORD")), qPrintable(found.left(300)));

        // list --json says whether each secret is there, never what it is.
        const Run list = run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.code, 0);
        QVERIFY(!list.out.contains(serviceEnv("TRIAGE_TEST_PG_PASSWORD")));
        QVERIFY(list.out.contains(QStringLiteral("\"present\": true")));

        // check --env binds the guide's literal localhost:5432 / localhost:6379 to the profiles
        // and logs in with the keychain's passwords.
        const QString guide = m_files.write(QStringLiteral("stack.md"), R"(# Stack

## Startup

### Issue: The app cannot reach its stores

**Symptoms**: `connection refused`

**Diagnosis**:
```bash
psql -h localhost -p 5432 -U postgres -d postgres -c "SELECT 1"
redis-cli -h localhost -p 6379 ping
```

**Solution**: Start them.
)");
        const Run check = run({QStringLiteral("--log-level"), QStringLiteral("trace"), QStringLiteral("check"), guide, QStringLiteral("--env"), m_env,
                               QStringLiteral("--json")});
        QVERIFY2(check.code == 0, qPrintable(check.out.left(800) + check.err.left(800)));
        const QJsonObject json = QJsonDocument::fromJson(check.out.toUtf8()).object();
        const QJsonArray results = json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        for (const QJsonValue &r : results)
            QCOMPARE(r.toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QVERIFY(check.err.contains(QStringLiteral("binding postgres checks")));
        QCOMPARE(json.value(QStringLiteral("environment")).toObject().value(QStringLiteral("name")).toString(), m_env);

        // No trace of either secret anywhere Triage writes, or in what it printed.
        for (const QString &value : {serviceEnv("TRIAGE_TEST_PG_PASSWORD"), serviceEnv("TRIAGE_TEST_REDIS_PASSWORD")}) {
            QVERIFY(!check.out.contains(value));
            QVERIFY(!check.err.contains(value));
            QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            int read = 0;
            while (files.hasNext()) {
                QFile f(files.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                QVERIFY2(!f.readAll().contains(value.toUtf8()), qPrintable(f.fileName()));
                ++read;
            }
            QVERIFY(read >= 2); // profiles.json and the log at least
        }
    }

    void importFromDotenvAndLibpq()
    {
        const QString env = m_env + QStringLiteral("i");
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), env}).code, 0);
        const QString dotenv = m_files.write(QStringLiteral("app/.env"),
                                             "DATABASE_URL=postgresql://app:imported-pw-42@db.internal:5433/orders\n"
                                             "REDIS_URL=redis://cache.internal:6379/0\nAPI_URL=https://api.internal\n");
        const Run imported = run({QStringLiteral("profile"), QStringLiteral("import"), env, dotenv});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY(imported.out.contains(QStringLiteral("/db: postgres app@db.internal:5433/orders")));
        QVERIFY(imported.out.contains(QStringLiteral("/cache: redis cache.internal:6379/0")));
        QVERIFY(imported.err.contains(QStringLiteral("warning")));
        QFile profiles(m_home.filePath(QStringLiteral("config/triage/profiles.json")));
        QVERIFY(profiles.open(QIODevice::ReadOnly));
        QVERIFY(!profiles.readAll().contains("imported-pw-42"));
        profiles.close();
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("user"), QStringLiteral("triage/%1/db/password").arg(env)});
        QVERIFY(tool.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(tool.readAllStandardOutput()).trimmed(), QStringLiteral("imported-pw-42"));

        // A password inside a URL given to `profile add` moves to the keychain the same way.
        const Run fromUrl = run({QStringLiteral("profile"), QStringLiteral("add"), env + QStringLiteral("/legacy"),
                                 QStringLiteral("postgresql://app:url-pw-93@legacy.internal:5432/app")});
        QVERIFY2(fromUrl.code == 0, qPrintable(fromUrl.err));
        QVERIFY(fromUrl.err.contains(QStringLiteral("warning: the URL carried a password")));
        QVERIFY(!fromUrl.out.contains(QStringLiteral("url-pw-93")) && !fromUrl.err.contains(QStringLiteral("url-pw-93")));
        QVERIFY(profiles.open(QIODevice::ReadOnly));
        QVERIFY(!profiles.readAll().contains("url-pw-93"));
        profiles.close();
        QProcess lookup;
        lookup.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("user"), QStringLiteral("triage/%1/legacy/password").arg(env)});
        QVERIFY(lookup.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(lookup.readAllStandardOutput()).trimmed(), QStringLiteral("url-pw-93"));
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("remove"), env + QStringLiteral("/legacy")}).code, 0);

        const QString env2 = m_env + QStringLiteral("l");
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), env2}).code, 0);
        const Run libpq = run({QStringLiteral("profile"), QStringLiteral("import"), env2, QStringLiteral("--libpq")}, QString(),
                              {{QStringLiteral("PGHOST"), QStringLiteral("pg.internal")}, {QStringLiteral("PGPORT"), QStringLiteral("6432")},
                               {QStringLiteral("PGDATABASE"), QStringLiteral("billing")}, {QStringLiteral("PGUSER"), QStringLiteral("ops")}});
        QVERIFY2(libpq.code == 0, qPrintable(libpq.err));
        QVERIFY2(libpq.out.contains(QStringLiteral("postgres ops@pg.internal:6432/billing")), qPrintable(libpq.out));
        run({QStringLiteral("secret"), QStringLiteral("delete"), env + QStringLiteral("/db"), QStringLiteral("password")});
    }

    void libpqServiceFileAndPgpass()
    {
        // A team's pg_service.conf names the database; its ~/.pgpass holds the password. Triage
        // imports the first through libpq and leaves the second to libpq at connect time.
        const QString env = m_env + QStringLiteral("s");
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), env}).code, 0);
        const QString port = serviceEnv("TRIAGE_TEST_PG_PORT");
        const QString services = m_files.write(QStringLiteral("pg/pg_service.conf"),
                                               QStringLiteral("# team services\n[other]\nhost=elsewhere.internal\n\n[billing]\nhost=127.0.0.1\nport=%1\n"
                                                              "dbname=postgres\nuser=%2\n")
                                                   .arg(port, serviceEnv("TRIAGE_TEST_PG_USER"))
                                                   .toUtf8());
        const QString pgpass = m_files.write(QStringLiteral("pg/pgpass"), QStringLiteral("127.0.0.1:%1:*:%2:%3\n")
                                                                              .arg(port, serviceEnv("TRIAGE_TEST_PG_USER"), serviceEnv("TRIAGE_TEST_PG_PASSWORD"))
                                                                              .toUtf8());
        QVERIFY(QFile::setPermissions(pgpass, QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // libpq ignores a readable one
        const QHash<QString, QString> libpqEnv{{QStringLiteral("PGSERVICEFILE"), services}, {QStringLiteral("PGSYSCONFDIR"), m_home.path()},
                                               {QStringLiteral("PGPASSFILE"), pgpass}};

        const Run typo = run({QStringLiteral("profile"), QStringLiteral("import"), env, QStringLiteral("--libpq"), QStringLiteral("--service"),
                              QStringLiteral("biling")},
                             QString(), libpqEnv);
        QCOMPARE(typo.code, 3); // input error: the service is not where libpq looks
        QVERIFY2(typo.err.contains(QStringLiteral("no service `biling` in ") + services), qPrintable(typo.err));

        const Run imported = run({QStringLiteral("profile"), QStringLiteral("import"), env, QStringLiteral("--libpq"), QStringLiteral("--service"),
                                  QStringLiteral("billing")},
                                 QString(), libpqEnv);
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY2(imported.out.contains(QStringLiteral("postgres %1@127.0.0.1:%2/postgres").arg(serviceEnv("TRIAGE_TEST_PG_USER"), port)),
                 qPrintable(imported.out));
        QVERIFY2(imported.out.contains(QStringLiteral("libpq service `billing`")), qPrintable(imported.out));

        // No password in the keychain: the check logs in because libpq reads the pgpass file...
        const QString guide = m_files.write(QStringLiteral("pg.md"), R"(# Database

### Issue: The app cannot log in

**Symptoms**: `password authentication failed`

**Diagnosis**:
```bash
psql -h localhost -p 5432 -U postgres -d postgres -c "SELECT 1"
```

**Solution**: Fix the password.
)");
        const Run check = run({QStringLiteral("check"), guide, QStringLiteral("--env"), env, QStringLiteral("--json")}, QString(), libpqEnv);
        QVERIFY2(check.code == 0, qPrintable(check.out.left(800) + check.err.left(800)));
        const QJsonArray results = QJsonDocument::fromJson(check.out.toUtf8()).object().value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));

        // ...and without it the server's refusal says so.
        QHash<QString, QString> noPass = libpqEnv;
        noPass.insert(QStringLiteral("PGPASSFILE"), m_home.filePath(QStringLiteral("no-such-pgpass")));
        const Run refused = run({QStringLiteral("check"), guide, QStringLiteral("--env"), env, QStringLiteral("--json")}, QString(), noPass);
        QCOMPARE(refused.code, 1);
        const QJsonObject failed = QJsonDocument::fromJson(refused.out.toUtf8()).object().value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(failed.value(QStringLiteral("outcome")).toString(), QStringLiteral("auth_failed"));

        // The password was read by libpq alone: it is nowhere in Triage's files or output.
        const QString password = serviceEnv("TRIAGE_TEST_PG_PASSWORD");
        for (const Run &r : {imported, check, refused})
            QVERIFY(!r.out.contains(password) && !r.err.contains(password));
        QFile profiles(m_home.filePath(QStringLiteral("config/triage/profiles.json")));
        QVERIFY(profiles.open(QIODevice::ReadOnly));
        QVERIFY(!profiles.readAll().contains(password.toUtf8()));
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("remove"), env + QStringLiteral("/db")}).code, 0);
    }

    void removingAProfileForgetsItsSecretsAndFieldsAreChecked()
    {
        const QString env = m_env + QStringLiteral("r");
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), env}).code, 0);
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), env + QStringLiteral("/db"), QStringLiteral("postgresql://app@old-host:5432/app"),
                      QStringLiteral("--password-stdin")},
                     QStringLiteral("old-secret-9\n"))
                     .code,
                 0);
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("remove"), env + QStringLiteral("/db")}).code, 0);
        // A new profile of the same name does not inherit the old host's password.
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), env + QStringLiteral("/db"), QStringLiteral("postgresql://app@new-host:5432/app")}).code, 0);
        const Run list = run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray envs = QJsonDocument::fromJson(list.out.toUtf8()).object().value(QStringLiteral("environments")).toArray();
        bool checked = false;
        for (const QJsonValue &e : envs) {
            if (e.toObject().value(QStringLiteral("name")).toString() != env)
                continue;
            const QJsonObject db = e.toObject().value(QStringLiteral("profiles")).toArray().first().toObject();
            QCOMPARE(db.value(QStringLiteral("secret")).toObject().value(QStringLiteral("present")).toBool(), false);
            checked = true;
        }
        QVERIFY(checked);
        // A secret typed where the FIELD goes is refused, never made into a key.
        const Run typo = run({QStringLiteral("secret"), QStringLiteral("set"), env + QStringLiteral("/db"), QStringLiteral("Hunter2Secret")},
                             QStringLiteral("x\n"));
        QCOMPARE(typo.code, 2);
        QVERIFY(!typo.out.contains(QStringLiteral("Stored")));
        // --session-secrets would lose a secret that is meant to be stored.
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), env + QStringLiteral("/x"), QStringLiteral("postgresql://a:b@h/d"),
                      QStringLiteral("--session-secrets")})
                     .code,
                 2);
        run({QStringLiteral("profile"), QStringLiteral("remove"), env + QStringLiteral("/db")});
    }

    void headerSecretsComeFromTheEnvironment()
    {
        const QString env = m_env + QStringLiteral("h");
        HttpResponder api;
        api.respond(QStringLiteral("/me"), 200, R"({"user":"svc"})");
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), env}).code, 0);
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), env + QStringLiteral("/api"), QStringLiteral("http://127.0.0.1:%1").arg(api.serverPort())}).code, 0);
        const Run set = run({QStringLiteral("secret"), QStringLiteral("set"), env + QStringLiteral("/api"), QStringLiteral("header:X-Api-Key")},
                            QStringLiteral("key-from-keychain-77\n"));
        QVERIFY2(set.code == 0, qPrintable(set.err));
        QFile profiles(m_home.filePath(QStringLiteral("config/triage/profiles.json")));
        QVERIFY(profiles.open(QIODevice::ReadOnly));
        const QByteArray stored = profiles.readAll();
        QVERIFY(stored.contains("header:X-Api-Key"));
        QVERIFY(!stored.contains("key-from-keychain-77"));
        // The check names localhost:8000; bound, it goes to the profile and carries the header.
        const QString guide = m_files.write(QStringLiteral("apikey.md"), kApiKeyGuide);
        const ProcessRun check = runTriage({QStringLiteral("check"), guide, QStringLiteral("--env"), env, QStringLiteral("--json")},
                                           {{QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config"))},
                                            {QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data"))}});
        QVERIFY2(check.code == 0, qPrintable(check.out.left(600) + check.err.left(600)));
        QCOMPARE(api.lastHeaders().value("x-api-key"), QByteArray("key-from-keychain-77"));
        QVERIFY(!check.out.contains(QStringLiteral("key-from-keychain-77")));
        run({QStringLiteral("profile"), QStringLiteral("remove"), env + QStringLiteral("/api")});
    }

    void prometheusQueriesCarryTheProfilesTokenFromTheKeychain()
    {
        const QString env = m_env + QStringLiteral("p");
        HttpResponder prometheus;
        prometheus.respond(QStringLiteral("/api/v1/query"), 200,
                           R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"db-1:9187"},"value":[1795420800,"1"]}]}})");
        QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), env}).code, 0);
        QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), env + QStringLiteral("/prom"),
                      QStringLiteral("prometheus+http://127.0.0.1:%1").arg(prometheus.serverPort())})
                     .code,
                 0);
        const QString token = QStringLiteral("prom-token-%1").arg(QRandomGenerator::global()->generate(), 0, 36);
        const Run set = run({QStringLiteral("secret"), QStringLiteral("set"), env + QStringLiteral("/prom"), QStringLiteral("token")}, token + QLatin1Char('\n'));
        QVERIFY2(set.code == 0, qPrintable(set.err));
        const QHash<QString, QString> home{{QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config"))},
                                           {QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data"))}};
        const ProcessRun query = runTriage({QStringLiteral("--log-level"), QStringLiteral("trace"), QStringLiteral("metrics"), QStringLiteral("query"),
                                            QStringLiteral("up"), QStringLiteral("--profile"), env + QStringLiteral("/prom"), QStringLiteral("--instant")},
                                           home);
        QVERIFY2(query.code == 0, qPrintable(query.out + query.err));
        QVERIFY2(query.out.contains(QStringLiteral("up{instance=\"db-1:9187\"}  1")), qPrintable(query.out));
        QCOMPARE(prometheus.lastHeaders().value("authorization"), "Bearer " + token.toUtf8());
        // The token is in the request header and nowhere else.
        QVERIFY(!query.out.contains(token) && !query.err.contains(token));
        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(token.toUtf8()), qPrintable(f.fileName()));
        }
        run({QStringLiteral("secret"), QStringLiteral("delete"), env + QStringLiteral("/prom"), QStringLiteral("token")});
        run({QStringLiteral("profile"), QStringLiteral("remove"), env + QStringLiteral("/prom")});
    }

    void withoutAKeychainNothingIsStored()
    {
        QHash<QString, QString> broken{{QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus")}};
        const Run set = run({QStringLiteral("secret"), QStringLiteral("set"), m_env + QStringLiteral("/db"), QStringLiteral("password")},
                            QStringLiteral("never-stored-123\n"), broken);
        QCOMPARE(set.code, 3);
        QVERIFY2(set.err.contains(QStringLiteral("--session-secrets")), qPrintable(set.err));
        const Run add = run({QStringLiteral("profile"), QStringLiteral("add"), m_env + QStringLiteral("/other"),
                             QStringLiteral("postgresql://x@127.0.0.1:5432/x"), QStringLiteral("--password-stdin")},
                            QStringLiteral("never-stored-123\n"), broken);
        QCOMPARE(add.code, 3);
        const Run list = run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(!list.out.contains(QStringLiteral("\"other\"")));
        QDirIterator files(m_home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(!f.readAll().contains("never-stored-123"));
        }
    }

    void theKeychainCheckAsksTheRealKeychain()
    {
        // A test entry left by an interrupted run is where the check writes; secret-tool sees it
        // under QtKeychain's attribute for the key (`user`).
        auto leftover = [] {
            QProcess search;
            search.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("user"),
                                                         QStringLiteral("triage/.keychain-check")});
            search.waitForFinished(10000);
            return search.readAllStandardOutput() + search.readAllStandardError();
        };
        QProcess store;
        // The attributes QtKeychain gives its entries, so that this is the entry it would find.
        store.start(QStringLiteral("secret-tool"), {QStringLiteral("store"), QStringLiteral("--label=triage"), QStringLiteral("xdg:schema"),
                                                    QStringLiteral("org.qt.keychain"), QStringLiteral("user"), QStringLiteral("triage/.keychain-check"),
                                                    QStringLiteral("server"), QStringLiteral("triage"), QStringLiteral("type"), QStringLiteral("plaintext")});
        store.write("from an interrupted run");
        store.closeWriteChannel();
        QVERIFY(store.waitForFinished(10000));
        QVERIFY(leftover().contains("triage/.keychain-check"));

        // The tour's check, as `triage check` runs it: a round trip through gnome-keyring.
        const QString tour = QDir(guidesDir()).filePath(QStringLiteral("tour.md"));
        const QStringList args{QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), QStringLiteral("--node"),
                               QStringLiteral("check-is-the-keychain-reachable"), tour};
        const Run ok = run(args);
        QVERIFY2(ok.code == 0, qPrintable(ok.out + ok.err));
        const QJsonObject passed = QJsonDocument::fromJson(ok.out.toUtf8()).object().value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(passed.value(QStringLiteral("type")).toString(), QStringLiteral("keychain"));
        QCOMPARE(passed.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        QCOMPARE(passed.value(QStringLiteral("next")).toString(), QStringLiteral("info-where-your-passwords-go"));
        // It replaced the leftover, then cleaned up after itself: no test entry is left.
        const QByteArray listed = leftover();
        QVERIFY2(!listed.contains("triage/.keychain-check"), listed.constData());

        // With no Secret Service on the bus, the check says so, names what to start, and the
        // result leads to the tour's "Start a keychain".
        const Run broken = run(args, QString(), {{QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus")}});
        QCOMPARE(broken.code, 1);
        const QJsonObject failed = QJsonDocument::fromJson(broken.out.toUtf8()).object().value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(failed.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QCOMPARE(failed.value(QStringLiteral("outcome")).toString(), QStringLiteral("connection_refused"));
        QCOMPARE(failed.value(QStringLiteral("reason")).toString(), QStringLiteral("no_keychain"));
        QCOMPARE(failed.value(QStringLiteral("next")).toString(), QStringLiteral("solution-start-a-keychain"));
        const QString message = failed.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("gnome-keyring")) && message.contains(QStringLiteral("--session-secrets")), qPrintable(message));
    }

private:
    Run run(const QStringList &args, const QString &stdinText = QString(), const QHash<QString, QString> &extra = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        for (auto it = extra.cbegin(); it != extra.cend(); ++it)
            env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        p.start(triageExecutable(), args);
        p.write(stdinText.toUtf8());
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QTemporaryDir m_home;
    GuideFiles m_files;
    QString m_env;
};

QTEST_GUILESS_MAIN(TestKeychainCli)
#include "TestKeychainCli.moc"
