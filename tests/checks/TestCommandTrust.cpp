// The trust model for guides: command checks run only in a guide the user trusted by its
// bytes, and a value put into a command can never become a second argument, an option, the
// program, shell syntax or a secret. Each rule is shown with a real program run.
#include "CommandGuide.h"
#include "TestServers.h"
#include "TestSupport.h"
#include "checks/CheckCatalog.h"
#include "checks/CommandProbe.h"
#include "guide/GuideImporter.h"
#include "guide/GuideTrust.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {

CheckSpec commandSpec(const QString &command, const QVariantMap &vars = {})
{
    CheckSpec s;
    s.type = QStringLiteral("command");
    s.params.insert(QStringLiteral("command"), command);
    if (!vars.isEmpty())
        s.params.insert(QStringLiteral("vars"), vars);
    return s;
}

CheckContext trustedContext(const QHash<QString, QString> &variables = {})
{
    CheckContext c;
    c.trustedGuide = true;
    c.variables = variables;
    return c;
}


} // namespace

class TestCommandTrust : public QObject {
    Q_OBJECT
private slots:
    void aValueIsOneArgumentAndNoShellReadsIt_data();
    void aValueIsOneArgumentAndNoShellReadsIt();
    void valuesThatWouldChangeTheCommandAreRefused_data();
    void valuesThatWouldChangeTheCommandAreRefused();
    void anOptionMayCarryAValueThatStartsWithADash();
    void valuesAreNotReadAgain();
    void lintFindsTheSameRulesInTheGuide();
    void aSecretInVarsIsReportedAndDropped();
    void untrustedGuidesRunNoProgram();
    void trustIsKeptByTheFileBytes();
    void trustSurvivesASaveAndIgnoresForgedEntries();

private:
    QTemporaryDir m_dir;
};

void TestCommandTrust::aValueIsOneArgumentAndNoShellReadsIt_data()
{
    // Values are names: letters, digits and . _ : / @ , + = ~ - (see the refusals below).
    QTest::addColumn<QString>("value");
    QTest::newRow("a namespace") << QStringLiteral("kube-system");
    QTest::newRow("a path") << QStringLiteral("/var/log/app.log");
    QTest::newRow("a selector") << QStringLiteral("app=api,tier=web");
    QTest::newRow("a host and port") << QStringLiteral("db.internal:5432");
    QTest::newRow("an address") << QStringLiteral("ops+alerts@example.com");
    QTest::newRow("a tilde, not a home") << QStringLiteral("~root");
}

void TestCommandTrust::aValueIsOneArgumentAndNoShellReadsIt()
{
    QFETCH(QString, value);
    const QString filled = value;

    QString error;
    const auto argv = CommandProbe::argv(QStringLiteral("printf '%s|' ${ns} last"), {{QStringLiteral("ns"), filled}}, {}, &error);
    QVERIFY2(argv, qPrintable(error));
    QCOMPARE(*argv, (QStringList{QStringLiteral("printf"), QStringLiteral("%s|"), filled, QStringLiteral("last")}));

    // Run for real: printf sees exactly two arguments, and nothing the value names happens.
    CommandProbe probe(commandSpec(QStringLiteral("printf '%s|' ${ns} last")), trustedContext({{QStringLiteral("ns"), filled}}));
    probe.setObjectName(QStringLiteral("probe"));
    const CheckResult r = runProbe(&probe);
    QVERIFY2(r.outcome == CheckOutcome::Ok, qPrintable(r.message));
    QCOMPARE(r.values.value(QStringLiteral("STDOUT")).toString(), filled + QStringLiteral("|last|"));
}

void TestCommandTrust::valuesThatWouldChangeTheCommandAreRefused_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("said");
    QTest::newRow("an option") << QStringLiteral("rm ${file}") << QStringLiteral("-rf") << QStringLiteral("read it as an option");
    QTest::newRow("a long option") << QStringLiteral("curl ${url}") << QStringLiteral("--output=/etc/passwd") << QStringLiteral("as an option");
    QTest::newRow("a line break") << QStringLiteral("echo ${v}") << QStringLiteral("a\nb") << QStringLiteral("control character");
    QTest::newRow("a NUL") << QStringLiteral("echo ${v}") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << QStringLiteral("control character");
    QTest::newRow("the program") << QStringLiteral("${v} --version") << QStringLiteral("sh") << QStringLiteral("stands for the program");
    QTest::newRow("the program, in part") << QStringLiteral("/usr/bin/${v}") << QStringLiteral("sh") << QStringLiteral("stands for the program");
    QTest::newRow("a script beside the guide") << QStringLiteral("./diag.sh ${v}") << QStringLiteral("x") << QStringLiteral("relative path to a program");
    QTest::newRow("a secret") << QStringLiteral("psql --password=${password}") << QStringLiteral("hunter2") << QStringLiteral("names a secret");
    QTest::newRow("a token") << QStringLiteral("curl -H ${api_token}") << QStringLiteral("x") << QStringLiteral("names a secret");
    QTest::newRow("bare $NAME") << QStringLiteral("echo $HOME") << QString() << QStringLiteral("`$NAME` would stay as written");
    QTest::newRow("no value") << QStringLiteral("echo ${missing}") << QString() << QStringLiteral("has no value");
    QTest::newRow("a space") << QStringLiteral("echo ${v}") << QStringLiteral("kube system") << QStringLiteral("may hold only letters");
    QTest::newRow("a semicolon") << QStringLiteral("echo ${v}") << QStringLiteral("x;touch") << QStringLiteral("may hold only letters");
    QTest::newRow("a substitution") << QStringLiteral("echo ${v}") << QStringLiteral("$(id)") << QStringLiteral("may hold only letters");
    QTest::newRow("backquotes") << QStringLiteral("echo ${v}") << QStringLiteral("`id`") << QStringLiteral("may hold only letters");
    QTest::newRow("a pipe") << QStringLiteral("echo ${v}") << QStringLiteral("a|b") << QStringLiteral("may hold only letters");
    QTest::newRow("a quote") << QStringLiteral("echo ${v}") << QStringLiteral("a'b") << QStringLiteral("may hold only letters");
    QTest::newRow("a glob") << QStringLiteral("ls ${v}") << QStringLiteral("*") << QStringLiteral("may hold only letters");
    QTest::newRow("ssh joins its arguments") << QStringLiteral("ssh web1 systemctl status ${unit}") << QStringLiteral("api")
                                             << QStringLiteral("runs or parses its arguments as a command");
    QTest::newRow("sh -c") << QStringLiteral("sh -c ${v}") << QStringLiteral("reboot") << QStringLiteral("runs or parses its arguments");
    QTest::newRow("sudo") << QStringLiteral("/usr/bin/sudo ${v}") << QStringLiteral("id") << QStringLiteral("runs or parses its arguments");
    QTest::newRow("xargs") << QStringLiteral("xargs ${v}") << QStringLiteral("rm") << QStringLiteral("runs or parses its arguments");
    QTest::newRow("a pipe in the guide") << QStringLiteral("ls ${v} | wc -l") << QStringLiteral("x") << QStringLiteral("without a shell");
    QTest::newRow("a substitution in the guide") << QStringLiteral("echo $(id) ${v}") << QStringLiteral("x") << QStringLiteral("without a shell");
}

void TestCommandTrust::valuesThatWouldChangeTheCommandAreRefused()
{
    QFETCH(QString, command);
    QFETCH(QString, value);
    QFETCH(QString, said);
    QHash<QString, QString> variables;
    for (const QString &name : CommandProbe::placeholders(command)) {
        if (name != QLatin1String("missing"))
            variables.insert(name, value);
    }
    QString error;
    QVERIFY(!CommandProbe::argv(command, variables, {}, &error));
    QVERIFY2(error.contains(said), qPrintable(error));
    // Nor does the probe start anything: it ends as an invalid spec, saying the same.
    CommandProbe probe(commandSpec(command), trustedContext(variables));
    const CheckResult r = runProbe(&probe);
    QCOMPARE(r.outcome, CheckOutcome::InvalidSpec);
    QVERIFY2(r.message.contains(said), qPrintable(r.message));
    if (!value.isEmpty() && !value.contains(QChar(0)) && command.contains(QLatin1String("${password}")))
        QVERIFY2(!r.message.contains(value), "the refusal repeats the secret");
}

void TestCommandTrust::anOptionMayCarryAValueThatStartsWithADash()
{
    // Inside `--flag=${v}` the value is the option's value, whatever it starts with.
    QString error;
    const auto argv = CommandProbe::argv(QStringLiteral("kubectl get pods --selector=${sel}"), {{QStringLiteral("sel"), QStringLiteral("-x,y")}}, {}, &error);
    QVERIFY2(argv, qPrintable(error));
    QCOMPARE(argv->last(), QStringLiteral("--selector=-x,y"));
}

void TestCommandTrust::valuesAreNotReadAgain()
{
    // A value cannot carry a placeholder to be filled again: `$`, `{` and `}` are not name
    // characters, so `${a}` = `${b}` is refused rather than expanded.
    QString error;
    QVERIFY(!CommandProbe::argv(QStringLiteral("echo ${a} ${b}"), {{QStringLiteral("a"), QStringLiteral("${b}")}},
                                {{QStringLiteral("b"), QStringLiteral("from-the-guide")}}, &error));
    QVERIFY2(error.contains(QLatin1String("`$` is not one of them")), qPrintable(error));
    // --var wins over the guide's default.
    const auto over = CommandProbe::argv(QStringLiteral("echo ${b}"), {{QStringLiteral("b"), QStringLiteral("mine")}},
                                         {{QStringLiteral("b"), QStringLiteral("from-the-guide")}}, &error);
    QVERIFY2(over, qPrintable(error));
    QCOMPARE(over->last(), QStringLiteral("mine"));
}

void TestCommandTrust::lintFindsTheSameRulesInTheGuide()
{
    const Guide guide = importText(R"(---
triage: 1
id: bad
title: Bad
---

# Bad

## Issue: Things

**Symptoms**

- `x`

### Check: Program from a value

```check
type: command
command: ${tool} --version
vars:
  tool: sh
pass: "#outcome-done"
```

### Check: No default

```check
type: command
command: echo ${nothing}
pass: "#outcome-done"
```

### Check: A default that is an option

```check
type: command
command: rm ${target}
vars:
  target: -rf
pass: "#outcome-done"
```

### Outcome: Done

Done.
)");
    QStringList errors;
    for (const GuideDiagnostic &d : guide.diagnostics) {
        if (d.severity == GuideDiagnostic::Severity::Error)
            errors.append(QStringLiteral("%1: %2").arg(d.location.line).arg(d.message));
    }
    QCOMPARE(errors.size(), 3);
    QVERIFY2(errors.at(0).startsWith(QLatin1String("19:")) && errors.at(0).contains(QLatin1String("stands for the program")), qPrintable(errors.at(0)));
    QVERIFY2(errors.at(1).startsWith(QLatin1String("29:")) && errors.at(1).contains(QLatin1String("has no value")), qPrintable(errors.at(1)));
    QVERIFY2(errors.at(2).startsWith(QLatin1String("37:")) && errors.at(2).contains(QLatin1String("as an option")), qPrintable(errors.at(2)));
}

void TestCommandTrust::aSecretInVarsIsReportedAndDropped()
{
    QByteArray text = kCommandGuide;
    text.replace("  pod: api\n", "  pod: api\n  password: Tr0ub4dor-3\n");
    const Guide guide = importText(text);
    bool reported = false;
    for (const GuideDiagnostic &d : guide.diagnostics)
        reported = reported || (d.severity == GuideDiagnostic::Severity::Error && d.message.contains(QLatin1String("names a secret")));
    QVERIFY(reported);
    const QByteArray json = QJsonDocument(guide.toJson()).toJson();
    QVERIFY2(!json.contains("Tr0ub4dor-3"), "a password under vars: reached the tree");
    QVERIFY(json.contains("\"namespace\""));
}

void TestCommandTrust::untrustedGuidesRunNoProgram()
{
    const QString canary = m_dir.filePath(QStringLiteral("ran"));
    CheckContext untrusted;
    CommandProbe probe(commandSpec(QStringLiteral("touch ") + canary), untrusted);
    const CheckResult r = runProbe(&probe);
    QCOMPARE(r.outcome, CheckOutcome::NotTrusted);
    QVERIFY2(r.message.contains(QLatin1String("triage trust")), qPrintable(r.message));
    QVERIFY(!QFile::exists(canary));
}

void TestCommandTrust::trustIsKeptByTheFileBytes()
{
    GuideFiles files;
    const QString path = files.write(QStringLiteral("pods.md"), kCommandGuide);
    const QString other = files.write(QStringLiteral("other.md"), kCommandGuide + "\nMore.\n");
    GuideTrust trust(m_dir.filePath(QStringLiteral("trust.json")));
    const Guide guide = GuideImporter::importFile(path);
    QVERIFY(GuideTrust::runsCommands(guide));
    QCOMPARE(GuideTrust::commandsOf(guide), QStringList{QStringLiteral("Which pod: printf '%s|' ${namespace} ${pod}")});
    QCOMPARE(trust.state(guide), GuideTrust::State::Untrusted);

    const QDateTime when = QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
    trust.trust(guide, when);
    QCOMPARE(trust.state(guide), GuideTrust::State::Trusted);
    QCOMPARE(trust.state(GuideImporter::importFile(other)), GuideTrust::State::Untrusted);

    // One byte more: the same path, other bytes. It asks again, and says since when.
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write(" ");
    f.close();
    const Guide changed = GuideImporter::importFile(path);
    QCOMPARE(trust.state(changed), GuideTrust::State::Changed);
    QCOMPARE(trust.trustedAt(changed), when);
    const QString refusal = GuideTrust::refusal(changed, GuideTrust::State::Changed, when);
    QVERIFY2(refusal.contains(QLatin1String("changed since you trusted it")), qPrintable(refusal));

    // Trusting the new bytes replaces the old entry; revoking forgets it.
    trust.trust(changed);
    QCOMPARE(trust.entries().size(), 1);
    QCOMPARE(trust.state(guide), GuideTrust::State::Changed); // the old bytes are no longer trusted
    QCOMPARE(trust.revoke(changed), 1);
    QCOMPARE(trust.state(changed), GuideTrust::State::Untrusted);
}

void TestCommandTrust::trustSurvivesASaveAndIgnoresForgedEntries()
{
    GuideFiles files;
    const Guide guide = GuideImporter::importFile(files.write(QStringLiteral("pods.md"), kCommandGuide));
    const QString store = m_dir.filePath(QStringLiteral("saved/trusted-guides.json"));
    {
        GuideTrust trust(store);
        QString error;
        QVERIFY2(trust.load(&error), qPrintable(error)); // no file yet: nothing trusted
        trust.trust(guide);
        QVERIFY2(trust.save(&error), qPrintable(error));
    }
    GuideTrust again(store);
    QString error;
    QVERIFY2(again.load(&error), qPrintable(error));
    QCOMPARE(again.state(guide), GuideTrust::State::Trusted);

    // An entry whose hash is not a SHA-256 trusts nothing, and a broken file says where.
    QFile f(store);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"version":1,"guides":[{"sha256":"*","path":"/x.md"},{"sha256":")" + QByteArray(64, 'z') + R"("}]})");
    f.close();
    QVERIFY(again.load(&error));
    QVERIFY(again.entries().isEmpty());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ not json");
    f.close();
    QVERIFY(!again.load(&error));
    QVERIFY2(error.contains(store) && error.contains(QLatin1String("offset")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCommandTrust)
#include "TestCommandTrust.moc"
