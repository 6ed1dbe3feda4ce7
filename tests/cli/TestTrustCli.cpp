// `triage trust` and `triage check` together, as a user at a terminal would use them: command
// checks wait for trust, trust follows the file's bytes, `--var` values stay single arguments.
#include "CommandGuide.h"
#include "TestServers.h"
#include "TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace triage::test;

namespace {

struct Run : ProcessRun {
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QJsonObject firstResult() const { return json().value(QStringLiteral("results")).toArray().first().toObject(); }
};


} // namespace

class TestTrustCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void commandChecksWaitForTrust();
    void trustFollowsTheBytes();
    void varsAreSingleArgumentsAndNeverSecrets();
    void revokeAndList();
    void aGuideWithErrorsIsNotTrusted();

private:
    Run run(const QStringList &args);
    QTemporaryDir m_home;
    GuideFiles m_files;
    QString m_guide;
};

Run TestTrustCli::run(const QStringList &args)
{
    return {runTriage(args, homeEnvironment(m_home.path()))};
}

void TestTrustCli::initTestCase()
{
    QVERIFY2(QFileInfo(triageExecutable()).isExecutable(), qPrintable(triageExecutable()));
    m_guide = m_files.write(QStringLiteral("pods.md"), kCommandGuide);
}

void TestTrustCli::commandChecksWaitForTrust()
{
    const Run untrusted = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), m_guide});
    QCOMPARE(untrusted.code, 1);
    QCOMPARE(untrusted.firstResult().value(QStringLiteral("outcome")).toString(), QStringLiteral("not_trusted"));
    QVERIFY2(untrusted.err.contains(QLatin1String("pods.md is not trusted")) && untrusted.err.contains(QLatin1String("triage trust")),
             qPrintable(untrusted.err));

    // --trusted: this run only.
    const Run once = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), QStringLiteral("--trusted"), m_guide});
    QCOMPARE(once.code, 0);
    QCOMPARE(once.firstResult().value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
    QCOMPARE(run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), m_guide}).code, 1);

    const Run trust = run({QStringLiteral("trust"), m_guide});
    QCOMPARE(trust.code, 0);
    QVERIFY2(trust.out.contains(QLatin1String("trusted (sha256 ")) && trust.out.contains(QLatin1String("Which pod: printf '%s|' ${namespace} ${pod}")),
             qPrintable(trust.out));
    const Run trusted = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), m_guide});
    QCOMPARE(trusted.code, 0);
    QCOMPARE(trusted.firstResult().value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
    QVERIFY2(!trusted.err.contains(QLatin1String("not trusted")), qPrintable(trusted.err));
}

void TestTrustCli::trustFollowsTheBytes()
{
    const QString path = m_files.write(QStringLiteral("edited.md"), kCommandGuide);
    QCOMPARE(run({QStringLiteral("trust"), path}).code, 0);
    QCOMPARE(run({QStringLiteral("check"), QStringLiteral("--no-history"), path}).code, 0);

    // Someone edits the command after it was trusted: it does not run, and the user is told why.
    QByteArray edited = kCommandGuide;
    edited.replace("printf '%s|'", "printf '%s+'");
    m_files.write(QStringLiteral("edited.md"), edited);
    const Run changed = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), path});
    QCOMPARE(changed.code, 1);
    QCOMPARE(changed.firstResult().value(QStringLiteral("outcome")).toString(), QStringLiteral("not_trusted"));
    QVERIFY2(changed.err.contains(QLatin1String("edited.md changed since you trusted it on")), qPrintable(changed.err));

    // Putting the old bytes back makes it trusted again: trust belongs to the content.
    m_files.write(QStringLiteral("edited.md"), kCommandGuide);
    QCOMPARE(run({QStringLiteral("check"), QStringLiteral("--no-history"), path}).code, 0);
}

void TestTrustCli::varsAreSingleArgumentsAndNeverSecrets()
{
    QCOMPARE(run({QStringLiteral("trust"), m_guide}).code, 0);
    // A value reaches the program as itself, one argument: printf prints it back, and the
    // guide's condition (which wants pod api) reads what it printed.
    const Run named = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), QStringLiteral("--var"),
                           QStringLiteral("namespace=kube-system"), QStringLiteral("--var"), QStringLiteral("pod=web-1"), m_guide});
    QCOMPARE(named.code, 1);
    QCOMPARE(named.firstResult().value(QStringLiteral("outcome")).toString(), QStringLiteral("condition_false"));
    QVERIFY2(named.firstResult().value(QStringLiteral("message")).toString().contains(QLatin1String("kube-system|web-1|")), qPrintable(named.out));
    // Shell syntax in a value is refused before anything runs, and nothing ran.
    const QString canary = m_home.filePath(QStringLiteral("canary"));
    const Run injected = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), QStringLiteral("--var"),
                              QStringLiteral("namespace=x;touch %1").arg(canary), m_guide});
    QCOMPARE(injected.code, 1);
    QCOMPARE(injected.firstResult().value(QStringLiteral("outcome")).toString(), QStringLiteral("invalid_spec"));
    QVERIFY2(injected.firstResult().value(QStringLiteral("message")).toString().contains(QLatin1String("may hold only letters")),
             qPrintable(injected.out));
    QVERIFY(!QFile::exists(canary));
    // Nor can --set replace what the trusted guide runs.
    const Run replaced = run({QStringLiteral("check"), QStringLiteral("--no-history"), QStringLiteral("--set"),
                              QStringLiteral("command.command=touch %1").arg(canary), m_guide});
    QCOMPARE(replaced.code, 2);
    QVERIFY2(replaced.err.contains(QLatin1String("trusted guide's to say")), qPrintable(replaced.err));
    QVERIFY(!QFile::exists(canary));

    const Run option = run({QStringLiteral("check"), QStringLiteral("--json"), QStringLiteral("--no-history"), QStringLiteral("--var"),
                            QStringLiteral("pod=--help"), m_guide});
    QCOMPARE(option.code, 1);
    QCOMPARE(option.firstResult().value(QStringLiteral("outcome")).toString(), QStringLiteral("invalid_spec"));
    QVERIFY2(option.firstResult().value(QStringLiteral("message")).toString().contains(QLatin1String("as an option")), qPrintable(option.out));

    const Run secret = run({QStringLiteral("check"), QStringLiteral("--no-history"), QStringLiteral("--var"), QStringLiteral("db_password=Sw0rdfish-77"), m_guide});
    QCOMPARE(secret.code, 2);
    QVERIFY2(secret.err.contains(QLatin1String("secrets never go on a command line")), qPrintable(secret.err));
    QVERIFY(!secret.err.contains(QLatin1String("Sw0rdfish-77")) && !secret.out.contains(QLatin1String("Sw0rdfish-77")));

    const Run malformed = run({QStringLiteral("check"), QStringLiteral("--no-history"), QStringLiteral("--var"), QStringLiteral("no-equals"), m_guide});
    QCOMPARE(malformed.code, 2);
    QVERIFY2(malformed.err.contains(QLatin1String("expected NAME=VALUE")), qPrintable(malformed.err));
}

void TestTrustCli::revokeAndList()
{
    const QString path = m_files.write(QStringLiteral("listed.md"), kCommandGuide);
    QCOMPARE(run({QStringLiteral("trust"), path}).code, 0);
    Run list = run({QStringLiteral("trust"), QStringLiteral("--list"), QStringLiteral("--json")});
    QCOMPARE(list.code, 0);
    QJsonObject entry;
    for (const QJsonValue &v : list.json().value(QStringLiteral("trusted")).toArray()) {
        if (v.toObject().value(QStringLiteral("path")).toString() == QFileInfo(path).absoluteFilePath())
            entry = v.toObject();
    }
    QCOMPARE(entry.value(QStringLiteral("file")).toString(), QStringLiteral("unchanged"));
    QCOMPARE(entry.value(QStringLiteral("sha256")).toString().size(), 64);

    m_files.write(QStringLiteral("listed.md"), kCommandGuide + "\nEdited.\n");
    list = run({QStringLiteral("trust"), QStringLiteral("--list")});
    QVERIFY2(list.out.contains(QFileInfo(path).absoluteFilePath()) && list.out.contains(QLatin1String("(changed)")), qPrintable(list.out));

    const Run revoke = run({QStringLiteral("trust"), QStringLiteral("--revoke"), path});
    QCOMPARE(revoke.code, 0);
    QVERIFY2(revoke.out.contains(QLatin1String("no longer trusted")), qPrintable(revoke.out));
    list = run({QStringLiteral("trust"), QStringLiteral("--list")});
    QVERIFY2(!list.out.contains(QFileInfo(path).absoluteFilePath()), qPrintable(list.out));
}

void TestTrustCli::aGuideWithErrorsIsNotTrusted()
{
    QByteArray broken = kCommandGuide;
    broken.replace("command: printf '%s|' ${namespace} ${pod}", "command: ${namespace} ${pod}");
    const QString path = m_files.write(QStringLiteral("broken.md"), broken);
    const Run trust = run({QStringLiteral("trust"), path});
    QCOMPARE(trust.code, 2);
    QVERIFY2(trust.err.contains(QLatin1String("broken.md:")) && trust.err.contains(QLatin1String("stands for the program")), qPrintable(trust.err));
    const Run missing = run({QStringLiteral("trust"), m_home.filePath(QStringLiteral("nope.md"))});
    QCOMPARE(missing.code, 3);
    QVERIFY2(missing.err.contains(QLatin1String("no such file")), qPrintable(missing.err));
}

QTEST_GUILESS_MAIN(TestTrustCli)
#include "TestTrustCli.moc"
