// The secrets audit: one known secret goes through every path that could leak it, and then
// every file written, and everything printed, is searched for it. The paths:
//  - the command line: --set, --var and a password inside a profile URL;
//  - a profile test whose PostgreSQL login fails (libpq's error names the connection);
//  - a check whose PostgreSQL login fails, bound to an environment;
//  - an HTTP 401 whose server echoes the Authorization header in its body and headers;
//  - a guided session with that 401 in it, exported as Markdown, HTML and JSON;
//  - all of it at the trace log level, so the log file has everything it ever would.
// Needs tests/run: the real keychain (gnome-keyring) and the real PostgreSQL.
#include "TestServers.h"
#include "TestSupport.h"
#include "checks/HttpProbe.h"
#include "guide/GuideImporter.h"
#include "session/Session.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace triage;
using namespace triage::test;

namespace {

const char *kGuide = R"(---
triage: 1
id: audit
title: Audit
---

# Audit

## Issue: The API refuses us

**Symptoms**

- `401 Unauthorized`

### Check: Does the database let us in

```check
type: postgres
host: localhost
port: 5432
dbname: postgres
user: postgres
query: SELECT 1
pass: "#outcome-fine"
fail: "#outcome-fine"
```

### Check: Does the API take our token

```check
type: http
url: http://localhost:8080/echo
auth: bearer
expect: "[BODY] == 'welcome'"
pass: "#outcome-fine"
fail: "#outcome-fine"
```

### Outcome: Fine

Fine.
)";

} // namespace

class TestSecretsAudit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void theCommandLineRefusesSecrets();
    void aFailedLoginInAProfileTest();
    void failedLoginAndEchoed401InACheck();
    void aSessionReportWithTheEcho();
    void nothingWrittenOrPrintedHoldsTheSecret();

private:
    ProcessRun run(const QStringList &args, const QByteArray &input = {});
    QTemporaryDir m_home;
    GuideFiles m_files;
    QString m_secret;
    QString m_env;
    QString m_guide;
    HttpResponder m_api;
    QDateTime m_started;
    QStringList m_printed; // every stdout and stderr, for the search at the end
};

ProcessRun TestSecretsAudit::run(const QStringList &args, const QByteArray &input)
{
    // Everything at the trace level, so the log holds all it ever could.
    const ProcessRun r = runTriage(QStringList{QStringLiteral("--log-level"), QStringLiteral("trace")} + args,
homeEnvironment(m_home.path()), 60000, input);
    m_printed << r.out << r.err;
    return r;
}

void TestSecretsAudit::initTestCase()
{
    if (qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty())
        QFAIL("no D-Bus session with a keychain: run the suite with tests/run, which starts gnome-keyring");
    if (serviceEnv("TRIAGE_TEST_PG_PORT").isEmpty())
        QFAIL("TRIAGE_TEST_PG_* are not set: run the suite with tests/run");
    m_started = QDateTime::currentDateTime().addSecs(-1);
    m_secret = QStringLiteral("Aud1t%1Zq").arg(QRandomGenerator::global()->generate64(), 0, 36);
    m_env = QStringLiteral("audit%1").arg(QRandomGenerator::global()->generate(), 0, 36);
    m_guide = m_files.write(QStringLiteral("audit.md"), kGuide);
    QVERIFY(m_api.isListening()); // it listens on 127.0.0.1 from the start
    m_api.echoUnauthorized(QStringLiteral("/echo"));
    QCOMPARE(run({QStringLiteral("env"), QStringLiteral("add"), m_env}).code, 0);
}

void TestSecretsAudit::cleanupTestCase()
{
    for (const char *name : {"db", "api"}) {
        for (const char *field : {"password", "token"})
            run({QStringLiteral("secret"), QStringLiteral("delete"), m_env + QLatin1Char('/') + QLatin1String(name), QLatin1String(field)});
    }
}

void TestSecretsAudit::theCommandLineRefusesSecrets()
{
    const ProcessRun set = run({QStringLiteral("check"), m_guide, QStringLiteral("--set"), QStringLiteral("http.token=") + m_secret});
    QCOMPARE(set.code, 2);
    QVERIFY2(set.err.contains(QLatin1String("secrets never go on the command line")), qPrintable(set.err));
    const ProcessRun var = run({QStringLiteral("check"), m_guide, QStringLiteral("--var"), QStringLiteral("api_token=") + m_secret});
    QCOMPARE(var.code, 2);
    // A password inside a profile URL is not kept in the profile, whatever becomes of it.
    const ProcessRun inUrl = run({QStringLiteral("profile"), QStringLiteral("add"), m_env + QStringLiteral("/inurl"),
                                  QStringLiteral("postgresql://postgres:%1@127.0.0.1:%2/postgres").arg(m_secret, serviceEnv("TRIAGE_TEST_PG_PORT"))});
    QVERIFY2(inUrl.code == 0 || inUrl.code == 2, qPrintable(inUrl.err)); // kept without it, or refused: never stored
    run({QStringLiteral("secret"), QStringLiteral("delete"), m_env + QStringLiteral("/inurl"), QStringLiteral("password")});
    run({QStringLiteral("profile"), QStringLiteral("remove"), m_env + QStringLiteral("/inurl")});
}

void TestSecretsAudit::aFailedLoginInAProfileTest()
{
    // The secret is a wrong password: PostgreSQL refuses it, and libpq says so.
    const ProcessRun add = run({QStringLiteral("profile"), QStringLiteral("add"), m_env + QStringLiteral("/db"),
                                QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(serviceEnv("TRIAGE_TEST_PG_PORT")),
                                QStringLiteral("--password-stdin")},
                               m_secret.toUtf8() + '\n');
    QVERIFY2(add.code == 0, qPrintable(add.err));
    const ProcessRun test = run({QStringLiteral("profile"), QStringLiteral("test"), m_env + QStringLiteral("/db")});
    QVERIFY2(test.code != 0, qPrintable(test.out + test.err));
    QVERIFY2((test.out + test.err).contains(QLatin1String("password authentication failed")), qPrintable(test.out + test.err));
}

void TestSecretsAudit::failedLoginAndEchoed401InACheck()
{
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), m_env + QStringLiteral("/api"),
                  QStringLiteral("http://127.0.0.1:%1").arg(m_api.serverPort())})
                 .code,
             0);
    const ProcessRun token = run({QStringLiteral("secret"), QStringLiteral("set"), m_env + QStringLiteral("/api"), QStringLiteral("token")},
                                 m_secret.toUtf8() + '\n');
    QVERIFY2(token.code == 0, qPrintable(token.err));

    const ProcessRun check = run({QStringLiteral("check"), m_guide, QStringLiteral("--env"), m_env, QStringLiteral("--json")});
    QCOMPARE(check.code, 1);
    const QJsonObject json = QJsonDocument::fromJson(check.out.toUtf8()).object();
    QStringList outcomes;
    for (const QJsonValue &r : json.value(QStringLiteral("results")).toArray())
        outcomes << r.toObject().value(QStringLiteral("outcome")).toString();
    // The login is refused; the API answers 401, and the guide's condition on its body fails.
    QCOMPARE(outcomes, (QStringList{QStringLiteral("auth_failed"), QStringLiteral("condition_false")}));
    // Not vacuous: the token did go out, and the server did send it back.
    QCOMPARE(m_api.lastHeaders().value("authorization"), QByteArray("Bearer ") + m_secret.toUtf8());
}

void TestSecretsAudit::aSessionReportWithTheEcho()
{
    // The app's path: a guided session records the 401 result, is saved, and is exported.
    const Guide guide = GuideImporter::importFile(m_guide);
    const GuideNode *node = guide.node(QStringLiteral("check-does-the-api-take-our-token"));
    QVERIFY(node);
    CheckSpec spec = node->checks.first();
    spec.params.insert(QStringLiteral("url"), m_api.url(QStringLiteral("/echo")));
    CheckContext context;
    const QString secret = m_secret;
    context.secret = [secret](const QString &type, const QString &field) {
        return type == QLatin1String("http") && field == QLatin1String("token") ? secret : QString();
    };
    HttpProbe probe(spec, context);
    const CheckResult result = runProbe(&probe);
    QCOMPARE(result.outcome, CheckOutcome::ConditionFalse);
    QVERIFY2(result.values.value(QStringLiteral("BODY")).toString().contains(QLatin1String("is not a key we know")), qPrintable(result.message));

    Session session = Session::begin(guide, node->id);
    session.recordResult(node->id, spec, result, QStringLiteral("outcome-fine"));
    const QString path = m_home.filePath(QStringLiteral("session.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(session.toJson()).toJson());
    file.close();
    for (const char *format : {"md", "html", "json"}) {
        const QString out = m_home.filePath(QStringLiteral("report.") + QLatin1String(format));
        const ProcessRun report = run({QStringLiteral("report"), path, QStringLiteral("--output"), out});
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray text = written.readAll();
        QVERIFY2(text.contains("401"), format); // the report does tell of the refusal
    }
}

void TestSecretsAudit::nothingWrittenOrPrintedHoldsTheSecret()
{
    // The forms a secret travels in: as is, in Basic auth, base64'd, percent-encoded.
    const QByteArray raw = m_secret.toUtf8();
    const QList<QByteArray> forms{raw, raw.toBase64(), ("postgres:" + raw).toBase64(), (":" + raw).toBase64(),
                                  QUrl::toPercentEncoding(m_secret)};
    for (const QString &printed : std::as_const(m_printed)) {
        for (const QByteArray &form : forms)
            QVERIFY2(!printed.toUtf8().contains(form), qPrintable(printed.left(400)));
    }
    // Every file under this test's home (config, data with the log and the history, the
    // reports), and every file in the temporary folder written since the test began. The
    // keychain's own files are where the secret belongs (gnome-keyring encrypts them).
    QStringList roots{m_home.path(), QDir::tempPath()};
    int searched = 0;
    bool sawLog = false;
    for (const QString &root : roots) {
        QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString name = files.next();
            const QFileInfo info(name);
            if (root != m_home.path() && info.lastModified() < m_started)
                continue;
            if (name.contains(QLatin1String("/keyrings/")) || info.size() > 64 * 1024 * 1024 || !info.isReadable())
                continue;
            QFile f(name);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            for (const QByteArray &form : forms)
                QVERIFY2(!bytes.contains(form), qPrintable(name));
            ++searched;
            sawLog = sawLog || (name.endsWith(QLatin1String(".log")) && bytes.contains("auth_failed"));
        }
    }
    qInfo("searched %d files and %lld outputs for the secret in %lld forms", searched, qlonglong(m_printed.size()), qlonglong(forms.size()));
    QVERIFY2(sawLog, "no trace-level log recorded the checks: the search would miss what a log leaks");
    QVERIFY(searched >= 5);
}

QTEST_GUILESS_MAIN(TestSecretsAudit)
#include "TestSecretsAudit.moc"
