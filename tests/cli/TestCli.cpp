#include "CheckGuide.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "session/Session.h"
#include "session/SessionStore.h"
#include "guide/GuideImporter.h"

#include <QDir>
#include <QDirIterator>
#include <QRandomGenerator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QUrlQuery>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTcpServer>
#include <QTest>

using namespace triage::test;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

} // namespace

// Runs the real `triage` executable, as scripts and CI would.
class TestCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void treeJsonHasTheDocumentedShape();
    void treeTextShowsTheTree();
    void findRanksBundledGuides();
    void findJsonOverGivenPaths();
    void findWithNoMatchExitsOne();
    void lintExitCodes();
    void lintJson();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void logLevelAndLogFile();
    void helpListsTheCommands();
    void checkJsonBranchesAndExitCodes();
    void checkUsageErrors_data();
    void checkUsageErrors();
    void checkSecretsReachNoOutputOrLog();
    void reportFromASavedSession();
    void checkResultsAreKeptAndExported();
    void metricsQueryAsksPrometheus();

private:
    Run run(const QStringList &args);
    QTemporaryDir m_home;
    GuideFiles m_files;
    QString m_guide;
    QString m_broken;
    QString m_checkGuide;
};

Run TestCli::run(const QStringList &args)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("HOME"), m_home.path());
    process.setProcessEnvironment(env);
    process.start(triageExecutable(), args);
    if (!process.waitForFinished(60000)) {
        process.kill();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo(triageExecutable()).isExecutable(), qPrintable(triageExecutable()));
    m_checkGuide = m_files.write(QStringLiteral("checks/service.md"), kCheckGuide);
    m_guide = m_files.write(QStringLiteral("ports.md"), R"(# Ports

## Startup

### Issue: Port already in use

**Symptom**: `OSError: [Errno 98] Address already in use`

**Diagnosis**:
```bash
# Who listens on 8000?
lsof -i :8000
```

**Solution**: Stop the other process.
)");
    m_broken = m_files.write(QStringLiteral("broken/broken.md"), R"(---
triage: 1
id: broken
---
# Broken

### Check: Is it up?

```check
type: tcpp
host: localhost
port: 1
pass: "#nowhere"
```
)");
}

void TestCli::treeJsonHasTheDocumentedShape()
{
    const Run r = run({QStringLiteral("tree"), m_guide, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject guide = json.value(QStringLiteral("guide")).toObject();
    QCOMPARE(guide.value(QStringLiteral("id")).toString(), QStringLiteral("ports"));
    QCOMPARE(guide.value(QStringLiteral("title")).toString(), QStringLiteral("Ports"));
    QCOMPARE(guide.value(QStringLiteral("path")).toString(), m_guide);
    QJsonObject check;
    QStringList kinds;
    for (const QJsonValue &v : json.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject n = v.toObject();
        kinds.append(n.value(QStringLiteral("kind")).toString());
        QCOMPARE(n.value(QStringLiteral("file")).toString(), m_guide);
        QVERIFY(n.value(QStringLiteral("line")).toInt() > 0);
        QVERIFY(n.value(QStringLiteral("checks")).isArray());
        if (n.value(QStringLiteral("kind")).toString() == QLatin1String("check")) {
            check = n.value(QStringLiteral("checks")).toArray().first().toObject();
            QCOMPARE(n.value(QStringLiteral("title")).toString(), QStringLiteral("Who listens on 8000?"));
            QCOMPARE(n.value(QStringLiteral("line")).toInt(), 12);
        }
    }
    QCOMPARE(kinds, (QStringList{QStringLiteral("root"), QStringLiteral("section"), QStringLiteral("issue"), QStringLiteral("symptom"),
                                 QStringLiteral("diagnosis"), QStringLiteral("check"), QStringLiteral("solution")}));
    QCOMPARE(check.value(QStringLiteral("type")).toString(), QStringLiteral("port"));
    QCOMPARE(check.value(QStringLiteral("port")).toInt(), 8000);
    QStringList edges;
    for (const QJsonValue &v : json.value(QStringLiteral("edges")).toArray()) {
        const QJsonObject e = v.toObject();
        edges.append(e.value(QStringLiteral("label")).toString());
        QVERIFY(!e.value(QStringLiteral("from")).toString().isEmpty());
        QVERIFY(!e.value(QStringLiteral("to")).toString().isEmpty());
    }
    QCOMPARE(edges, (QStringList{QStringLiteral("section"), QStringLiteral("issue"), QStringLiteral("symptom"), QStringLiteral("diagnosis"),
                                 QStringLiteral("check"), QStringLiteral("solution 1")}));
}

void TestCli::treeTextShowsTheTree()
{
    const Run r = run({QStringLiteral("tree"), m_guide});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("issue: Port already in use")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("check: Who listens on 8000?  {port :8000}")));
    QVERIFY(r.out.contains(QStringLiteral("[solution 1] solution: Stop the other process.")));
}

void TestCli::findRanksBundledGuides()
{
    const Run r = run({QStringLiteral("find"), QStringLiteral("FATAL:  sorry, too many clients already"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const QJsonArray results = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("results")).toArray();
    QVERIFY2(!results.isEmpty(), qPrintable(r.out + r.err));
    const QJsonObject best = results.first().toObject();
    for (const char *key : {"guide", "node", "title", "score"})
        QVERIFY2(best.contains(QLatin1String(key)), key);
    QCOMPARE(best.value(QStringLiteral("guide")).toString(), QStringLiteral("postgres"));
    QVERIFY2(best.value(QStringLiteral("title")).toString().contains(QStringLiteral("connection"), Qt::CaseInsensitive),
             qPrintable(best.value(QStringLiteral("title")).toString()));
    double previous = 1e9;
    for (const QJsonValue &v : results) {
        QVERIFY(v.toObject().value(QStringLiteral("score")).toDouble() <= previous);
        previous = v.toObject().value(QStringLiteral("score")).toDouble();
    }
}

void TestCli::findJsonOverGivenPaths()
{
    const Run r = run({QStringLiteral("find"), QStringLiteral("--json"), QStringLiteral("[Errno 98] Address already in use"), m_files.dir()});
    QCOMPARE(r.code, 0);
    const QJsonObject first =
        QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("results")).toArray().first().toObject();
    QCOMPARE(first.value(QStringLiteral("guide")).toString(), QStringLiteral("ports"));
    QCOMPARE(first.value(QStringLiteral("node")).toString(), QStringLiteral("issue-port-already-in-use"));
    QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("Port already in use"));
}

void TestCli::findWithNoMatchExitsOne()
{
    const Run r = run({QStringLiteral("find"), QStringLiteral("kerberos ticket granting"), m_guide});
    QCOMPARE(r.code, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.contains(QStringLiteral("No issue matches")));
}

void TestCli::lintExitCodes()
{
    const Run clean = run({QStringLiteral("lint"), m_guide});
    QCOMPARE(clean.code, 0);
    QVERIFY(clean.out.isEmpty());
    QVERIFY(clean.err.contains(QStringLiteral("1 guide checked: 0 errors, 0 warnings")));

    const Run broken = run({QStringLiteral("lint"), m_files.dir()});
    QCOMPARE(broken.code, 1);
    const QStringList lines = broken.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 2);
    static const QRegularExpression format(QStringLiteral("^(.+):(\\d+):(\\d+): (error|warning): (.+)$"));
    for (const QString &line : lines) {
        const auto m = format.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        QCOMPARE(m.captured(1), m_broken);
    }
    QVERIFY(broken.out.contains(m_broken + QStringLiteral(":10:1: error: unknown check type `tcpp`")));
    QVERIFY(broken.out.contains(QStringLiteral(":13:1: error: link to #nowhere leads nowhere")));

    QCOMPARE(run({QStringLiteral("lint"), QStringLiteral("/no/such/guides")}).code, 3);
    QCOMPARE(run({QStringLiteral("lint"), QStringLiteral("--werror"), m_guide}).code, 0);

    // Warnings alone pass, unless --werror.
    const QString warned = m_files.write(QStringLiteral("warned/warned.md"),
                                         "---\ntriage: 1\nid: warned\n---\n# W\n\n### Outcome: Fine\n\nOk.\n\n### Solution: Nobody links here\n\nx\n");
    const Run warnings = run({QStringLiteral("lint"), warned});
    QCOMPARE(warnings.code, 0);
    QVERIFY2(warnings.out.contains(QStringLiteral("warning: solution \"Nobody links here\" is never reached")), qPrintable(warnings.out));
    QCOMPARE(run({QStringLiteral("lint"), QStringLiteral("--werror"), warned}).code, 1);

    // A plain guide with no issue is warned at its first line; the warning alone fails nothing.
    const QString plain = m_files.write(QStringLiteral("plain/notes.md"), "# Notes\n\nSee the wiki.\n");
    const Run notes = run({QStringLiteral("lint"), plain});
    QCOMPARE(notes.code, 0);
    QVERIFY2(notes.out.startsWith(plain + QStringLiteral(":1:1: warning: no issue found")), qPrintable(notes.out));
}

void TestCli::lintJson()
{
    const Run r = run({QStringLiteral("lint"), QStringLiteral("--json"), m_broken});
    QCOMPARE(r.code, 1);
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("files")).toInt(), 1);
    QVERIFY(json.value(QStringLiteral("errors")).toInt() >= 2);
    const QJsonObject first = json.value(QStringLiteral("diagnostics")).toArray().first().toObject();
    for (const char *key : {"file", "line", "column", "severity", "code", "message"})
        QVERIFY2(first.contains(QLatin1String(key)), key);
}

void TestCli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("neither a command");
    QTest::newRow("tree without path") << QStringList{QStringLiteral("tree")} << QStringLiteral("exactly one guide file");
    QTest::newRow("find without text") << QStringList{QStringLiteral("find")} << QStringLiteral("needs the text");
    QTest::newRow("lint without path") << QStringList{QStringLiteral("lint")} << QStringLiteral("at least one");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("lint"), QStringLiteral("--colour"), QStringLiteral("x")}
                                    << QStringLiteral("colour");
    QTest::newRow("bad log level") << QStringList{QStringLiteral("--log-level"), QStringLiteral("chatty"), QStringLiteral("lint")}
                                   << QStringLiteral("unknown log level");
    QTest::newRow("bad limit") << QStringList{QStringLiteral("find"), QStringLiteral("--limit"), QStringLiteral("0"), QStringLiteral("x")}
                               << QStringLiteral("--limit");
}

void TestCli::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

void TestCli::logLevelAndLogFile()
{
    const Run r = run({QStringLiteral("--log-level"), QStringLiteral("debug"), QStringLiteral("tree"), m_guide});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains(QStringLiteral("debug [guides]")), qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("imported ") + m_guide));
    const Run quiet = run({QStringLiteral("tree"), m_guide});
    QVERIFY(!quiet.err.contains(QStringLiteral("[guides]")));
    QFile file(m_home.filePath(QStringLiteral("data/triage/logs/triage.log")));
    QVERIFY2(file.exists(), qPrintable(file.fileName()));
}

void TestCli::helpListsTheCommands()
{
    const Run r = run({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const char *word : {"lint", "tree", "find", "--json", "--log-level", "Exit codes"})
        QVERIFY2(r.out.contains(QLatin1String(word)), word);
}

void TestCli::checkJsonBranchesAndExitCodes()
{
    QTcpServer open;
    QVERIFY(open.listen(QHostAddress::LocalHost, 0));
    const QString tcpNode = QStringLiteral("check-is-its-port-open");
    // Port 1 on 127.0.0.1: refused, which leads to the solution and ranks the issue first.
    const Run down = run({QStringLiteral("check"), m_checkGuide, QStringLiteral("--node"), tcpNode, QStringLiteral("--json")});
    QCOMPARE(down.code, 1);
    const QJsonObject json = QJsonDocument::fromJson(down.out.toUtf8()).object();
    const QJsonArray results = json.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject r = results.first().toObject();
    QCOMPARE(r.value(QStringLiteral("node")).toString(), tcpNode);
    QCOMPARE(r.value(QStringLiteral("type")).toString(), QStringLiteral("tcp"));
    QCOMPARE(r.value(QStringLiteral("target")).toString(), QStringLiteral("tcp 127.0.0.1:1"));
    QCOMPARE(r.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    QCOMPARE(r.value(QStringLiteral("outcome")).toString(), QStringLiteral("connection_refused"));
    QCOMPARE(r.value(QStringLiteral("next")).toString(), QStringLiteral("solution-start-the-service"));
    QVERIFY(r.value(QStringLiteral("duration_ms")).isDouble());
    QVERIFY(r.value(QStringLiteral("metrics")).isObject());
    const QJsonArray ranking = json.value(QStringLiteral("ranking")).toArray();
    QVERIFY(!ranking.isEmpty());
    QCOMPARE(ranking.first().toObject().value(QStringLiteral("node")).toString(), QStringLiteral("issue-the-service-is-down"));

    // Retargeted with --set, the same check passes and the run exits 0.
    const Run up = run({QStringLiteral("check"), m_checkGuide, QStringLiteral("--node"), tcpNode, QStringLiteral("--set"),
                        QStringLiteral("tcp.port=%1").arg(open.serverPort())});
    QCOMPARE(up.code, 0);
    QVERIFY2(up.out.contains(QStringLiteral("PASS")) && up.out.contains(QStringLiteral("1 of 1 checks passed")), qPrintable(up.out));
}

void TestCli::checkUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("secret on the command line") << QStringList{QStringLiteral("--set"), QStringLiteral("redis.password=hunter2")}
                                                << QStringLiteral("TRIAGE_SECRET_REDIS_PASSWORD");
    QTest::newRow("bad set") << QStringList{QStringLiteral("--set"), QStringLiteral("port=5")} << QStringLiteral("TYPE.KEY=VALUE");
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("soon")} << QStringLiteral("--timeout");
    QTest::newRow("unknown node") << QStringList{QStringLiteral("--node"), QStringLiteral("no-such-node")} << QStringLiteral("no node");
}

void TestCli::checkUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(QStringList{QStringLiteral("check"), m_checkGuide} + args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!r.err.contains(QStringLiteral("hunter2")));
    // A guide with errors is not run.
    const Run broken = run({QStringLiteral("check"), m_broken});
    QCOMPARE(broken.code, 2);
    QVERIFY2(broken.err.contains(QStringLiteral("triage lint")), qPrintable(broken.err));
}

void TestCli::checkSecretsReachNoOutputOrLog()
{
    // A password bound through the environment is used (the probe sends AUTH) and never
    // written anywhere: not to stdout, stderr, the JSON, or the log file at trace level.
    const QString secret = QStringLiteral("pw-%1-zq").arg(QRandomGenerator::global()->generate64(), 0, 36);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("TRIAGE_SECRET_REDIS_PASSWORD"), secret);
    process.setProcessEnvironment(env);
    // Redis on a port where a listener never answers: the AUTH goes out, the check times out.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    process.start(triageExecutable(), {QStringLiteral("--log-level"), QStringLiteral("trace"), QStringLiteral("check"), m_checkGuide,
                                       QStringLiteral("--json"), QStringLiteral("--set"), QStringLiteral("redis.port=%1").arg(silent.serverPort())});
    QVERIFY(process.waitForFinished(30000));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(out.contains(QStringLiteral("\"outcome\"")), qPrintable(out.left(300)));
    QVERIFY(!out.contains(secret));
    QVERIFY(!err.contains(secret));
    QDirIterator logs(m_home.filePath(QStringLiteral("data")), QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (logs.hasNext()) {
        QFile f(logs.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        ++files;
    }
    QVERIFY(files > 0);
}

void TestCli::checkResultsAreKeptAndExported()
{
    QTcpServer open;
    QVERIFY(open.listen(QHostAddress::LocalHost, 0));
    const QString tcpNode = QStringLiteral("check-is-its-port-open");
    const QStringList check{QStringLiteral("check"), m_checkGuide, QStringLiteral("--node"), tcpNode, QStringLiteral("--set"),
                            QStringLiteral("tcp.port=%1").arg(open.serverPort())};
    auto exported = [&] {
        const Run r = run({QStringLiteral("metrics"), QStringLiteral("export"), QStringLiteral("--since"), QStringLiteral("10m"),
                           QStringLiteral("--json")});
        return std::make_pair(r.code, QJsonDocument::fromJson(r.out.toUtf8()).object());
    };
    const int resultsBefore = exported().second.value(QStringLiteral("results")).toArray().size();
    QCOMPARE(run(check).code, 0);
    QCOMPARE(run(check).code, 0);

    const auto [code, json] = exported();
    QCOMPARE(code, 0);
    const QJsonArray results = json.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), resultsBefore + 2);
    const QJsonObject last = results.last().toObject();
    QCOMPARE(last.value(QStringLiteral("node")).toString(), tcpNode);
    QCOMPARE(last.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
    QCOMPARE(last.value(QStringLiteral("type")).toString(), QStringLiteral("tcp"));
    int latencySamples = 0;
    for (const QJsonValue &v : json.value(QStringLiteral("samples")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("node")).toString() == tcpNode && o.value(QStringLiteral("metric")).toString() == QLatin1String("latency_ms")) {
            ++latencySamples;
            QCOMPARE(o.value(QStringLiteral("resolution")).toString(), QStringLiteral("raw"));
            QVERIFY(o.value(QStringLiteral("value")).toDouble() >= 0);
        }
    }
    QVERIFY2(latencySamples >= 2, qPrintable(QString::number(latencySamples)));

    // CSV: the documented header, and the check's rows.
    const Run csv = run({QStringLiteral("metrics"), QStringLiteral("export"), QStringLiteral("--since"), QStringLiteral("10m"), QStringLiteral("--csv")});
    QCOMPARE(csv.code, 0);
    QVERIFY(csv.out.startsWith(QStringLiteral("time,resolution,environment,guide,node,check,metric,value,min,max,count\n")));
    QVERIFY(csv.out.contains(QStringLiteral(",raw,,svc,%1,").arg(tcpNode)));

    // --no-history keeps nothing.
    QCOMPARE(run(check + QStringList{QStringLiteral("--no-history")}).code, 0);
    QCOMPARE(exported().second.value(QStringLiteral("results")).toArray().size(), resultsBefore + 2);

    // Retention is the user's to set, and said back.
    const Run set = run({QStringLiteral("metrics"), QStringLiteral("retention"), QStringLiteral("--raw-hours"), QStringLiteral("48"),
                         QStringLiteral("--hour-days"), QStringLiteral("0")});
    QCOMPARE(set.code, 0);
    QVERIFY2(set.out.contains(QStringLiteral("48 hours")) && set.out.contains(QStringLiteral("forever")), qPrintable(set.out));
    const QJsonObject kept = QJsonDocument::fromJson(run({QStringLiteral("metrics"), QStringLiteral("retention"), QStringLiteral("--json")}).out.toUtf8()).object();
    QCOMPARE(kept.value(QStringLiteral("raw_hours")).toInt(), 48);
    QCOMPARE(kept.value(QStringLiteral("minute_days")).toInt(), 30);
    const Run tooLong = run({QStringLiteral("metrics"), QStringLiteral("retention"), QStringLiteral("--raw-hours"), QStringLiteral("9999")});
    QCOMPARE(tooLong.code, 2);
    QVERIFY2(tooLong.err.contains(QStringLiteral("1 to 720")), qPrintable(tooLong.err));

    // Errors say what and where.
    const Run badSince = run({QStringLiteral("metrics"), QStringLiteral("export"), QStringLiteral("--since"), QStringLiteral("soon")});
    QCOMPARE(badSince.code, 2);
    QVERIFY2(badSince.err.contains(QStringLiteral("1h")), qPrintable(badSince.err));
    const QString missing = m_home.filePath(QStringLiteral("nowhere/metrics.sqlite"));
    const Run noStore = run({QStringLiteral("metrics"), QStringLiteral("export"), QStringLiteral("--store"), missing});
    QCOMPARE(noStore.code, 3);
    QVERIFY2(noStore.err.contains(missing) && noStore.err.contains(QStringLiteral("no metrics history yet")), qPrintable(noStore.err));
    QVERIFY(!QFile::exists(missing));
}

void TestCli::metricsQueryAsksPrometheus()
{
    HttpResponder prometheus;
    prometheus.respond(QStringLiteral("/api/v1/query_range"), 200,
                       R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"node_load1","instance":"web-1:9100"},"values":[[1795420800,"0.5"],[1795420860,"1.5"]]}]}})");
    prometheus.respond(QStringLiteral("/empty/api/v1/query"), 200, R"({"status":"success","data":{"resultType":"vector","result":[]}})");
    prometheus.respond(QStringLiteral("/bad/api/v1/query"), 400, R"({"status":"error","errorType":"bad_data","error":"1:6: parse error: unexpected <op:*>"})");
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(prometheus.serverPort());
    const QHash<QString, QString> home{{QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data"))}, {QStringLiteral("HOME"), m_home.path()}};
    const QStringList query{QStringLiteral("metrics"), QStringLiteral("query")};

    const ProcessRun range = runTriage(query + QStringList{QStringLiteral("node_load1"), QStringLiteral("--url"), url, QStringLiteral("--since"),
                                                           QStringLiteral("2h"), QStringLiteral("--step"), QStringLiteral("1m"), QStringLiteral("--json")},
                                       home);
    QCOMPARE(range.code, 0);
    const QJsonObject json = QJsonDocument::fromJson(range.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("resultType")).toString(), QStringLiteral("matrix"));
    const QJsonObject series = json.value(QStringLiteral("series")).toArray().first().toObject();
    QCOMPARE(series.value(QStringLiteral("labels")).toObject().value(QStringLiteral("instance")).toString(), QStringLiteral("web-1:9100"));
    QCOMPARE(series.value(QStringLiteral("points")).toArray().size(), 2);
    QCOMPARE(series.value(QStringLiteral("points")).toArray().last().toArray().last().toDouble(), 1.5);
    QCOMPARE(QUrlQuery(QString::fromUtf8(prometheus.lastBody())).queryItemValue(QStringLiteral("step")), QStringLiteral("60.000"));

    const ProcessRun empty = runTriage(query + QStringList{QStringLiteral("up"), QStringLiteral("--url"), url + QStringLiteral("/empty"), QStringLiteral("--instant")}, home);
    QCOMPARE(empty.code, 1);
    const ProcessRun bad = runTriage(query + QStringList{QStringLiteral("up *"), QStringLiteral("--url"), url + QStringLiteral("/bad"), QStringLiteral("--instant")}, home);
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("parse error")), qPrintable(bad.err));
    const ProcessRun secret = runTriage(query + QStringList{QStringLiteral("up"), QStringLiteral("--url"), QStringLiteral("http://u:hunter2@127.0.0.1:1")}, home);
    QCOMPARE(secret.code, 2);
    QVERIFY2(secret.err.contains(QStringLiteral("shell history")) && !secret.err.contains(QStringLiteral("hunter2")), qPrintable(secret.err));
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    const ProcessRun refused = runTriage(query + QStringList{QStringLiteral("up"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(port)}, home);
    QCOMPARE(refused.code, 3);
    QVERIFY2(refused.err.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(refused.err));
}

void TestCli::reportFromASavedSession()
{
    // A session as the window autosaves it: a path through a guide, a failed check, a verdict.
    const triage::Guide guide = triage::GuideImporter::importFile(m_checkGuide);
    QVERIFY(guide.nodes.size() > 2);
    triage::Session session = triage::Session::begin(guide, guide.nodes.at(1).id);
    const triage::GuideNode *check = nullptr;
    for (const triage::GuideNode &n : guide.nodes)
        check = check ? check : (n.checks.isEmpty() ? nullptr : &n);
    QVERIFY(check);
    QVERIFY(session.go(guide, check->id, QStringLiteral("read on")));
    session.recordResult(check->id, check->checks.first(),
                         triage::CheckResult::make(triage::CheckOutcome::Timeout, QStringLiteral("no answer from 10.0.0.9:5432 within 3000 ms")), QString());
    session.escalate(QString());
    const QString path = m_files.path(QStringLiteral("session.json"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(session.toJson()).toJson());
    }
    const Run md = run({QStringLiteral("report"), path});
    QCOMPARE(md.code, 0);
    QVERIFY2(md.out.startsWith(QStringLiteral("# Troubleshooting report: ") + guide.title), qPrintable(md.out.left(200)));
    QVERIFY(md.out.contains(QStringLiteral("no answer from 10.0.0.9:5432 within 3000 ms")));
    QVERIFY(md.out.contains(QStringLiteral("Escalated")));

    const Run json = run({QStringLiteral("report"), path, QStringLiteral("--json")});
    QCOMPARE(json.code, 0);
    QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("verdict")).toString(), QStringLiteral("escalated"));

    const QString html = m_files.path(QStringLiteral("out/report.html"));
    QDir().mkpath(QFileInfo(html).path());
    const Run written = run({QStringLiteral("report"), path, QStringLiteral("--output"), html});
    QCOMPARE(written.code, 0);
    QFile out(html);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QVERIFY(out.readAll().startsWith("<!DOCTYPE html>"));

    const Run missing = run({QStringLiteral("report"), m_files.path(QStringLiteral("nope.json"))});
    QCOMPARE(missing.code, 3);
    QVERIFY2(missing.err.contains(QStringLiteral("nope.json: no such file")), qPrintable(missing.err));
    const Run badFormat = run({QStringLiteral("report"), path, QStringLiteral("--format"), QStringLiteral("pdf")});
    QCOMPARE(badFormat.code, 2);
    QVERIFY2(badFormat.err.contains(QStringLiteral("md, html or json")), qPrintable(badFormat.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
