#include "LeakyGuide.h"
#include "TestSupport.h"
#include "guide/GuideImporter.h"
#include "lint/GuideLinter.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace triage;
using namespace triage::test;

namespace {
// Every value here is a credential written into a guide by mistake. None may come out.
const QStringList kSecrets{
    QStringLiteral("rEd1s-pa55"),  QStringLiteral("Pg-Secr3t-1"),  QStringLiteral("EnvPw-77"),     QStringLiteral("cookie-V4L"),
    QStringLiteral("bearer-T0K"),  QStringLiteral("apiKey-9Z"),    QStringLiteral("basicPw-5"),    QStringLiteral("connPw-42"),
    QStringLiteral("queryKey-8"),  QStringLiteral("redisAuth-3"),  QStringLiteral("blockPw-11"),   QStringLiteral("urlPw-66"),
    QStringLiteral("headerTok-2"), QStringLiteral("tablePw-13"),   QStringLiteral("oauthTok-4"),   QStringLiteral("wgetPw-12"),
};

// The values of kMoreShapes, and the lines that hold them.
const QStringList kMoreSecrets{
    QStringLiteral("sumPw-1"),     QStringLiteral("boldPw-2"),   QStringLiteral("footPw-3"),  QStringLiteral("goDsn-4"),
    QStringLiteral("pgpass-5"),    QStringLiteral("httpie-6"),   QStringLiteral("vaultTok7"), QStringLiteral("consulTok-8"),
    QStringLiteral("minioSec-9"),  QStringLiteral("netUse-10"),  QStringLiteral("cmdKey-11"), QStringLiteral("psPlain-12"),
    QStringLiteral("jsKey-13"),    QStringLiteral("tsPw-14"),    QStringLiteral("tablePw-15"), QStringLiteral("h0stile-16"),
};
const QList<int> kMoreSecretLines{6, 11, 13, 17, 18, 19, 20, 21, 22, 23, 24, 28, 32, 33, 38, 46};

// The values of kThirdShapes, and the lines that hold them.
const QStringList kThirdSecrets{QStringLiteral("boldTok1"), QStringLiteral("htmlKey2"), QStringLiteral("rootword"),
                                QStringLiteral("consultoken"), QStringLiteral("tsField3"), QStringLiteral("tablepass")};
const QList<int> kThirdSecretLines{5, 7, 11, 12, 17, 24};

// The values of kFourthShapes, and the lines that hold them.
const QStringList kFourthSecrets{QStringLiteral("codeTok4a"), QStringLiteral("privField4"), QStringLiteral("staticField4"),
                                 QStringLiteral("493817")};
const QList<int> kFourthSecretLines{5, 9, 10, 17};

// The values of kLabelShapes, and the lines that hold them.
const QStringList kLabelSecrets{QStringLiteral("vaultLbl5a"), QStringLiteral("q8Zr2mXa"), QStringLiteral("prodLbl5b"), QStringLiteral("adminLbl")};
const QList<int> kLabelSecretLines{5, 7, 9, 11};

// The token of kFlagShapes, and its line.
const QStringList kFlagSecrets{QStringLiteral("3f1c9a7e-5b2d-4c8e-9a1f-0e6d7c5b4a39")};
const QList<int> kFlagSecretLines{8};

// The values of kColumnShapes, and the lines that hold them.
const QStringList kColumnSecrets{QStringLiteral("731942"), QStringLiteral("hunterword"), QStringLiteral("4821")};
const QList<int> kColumnSecretLines{7, 8, 13};

// The values of kFifthShapes, and the lines that hold them.
const QStringList kFifthSecrets{QStringLiteral("relaydev"), QStringLiteral("7f3c9a21-55aa-4b1e-9e0c-2d1f0b6c7e11"), QStringLiteral("482913"),
                                QStringLiteral("hunter2staging"), QStringLiteral("7315")};
const QList<int> kFifthSecretLines{5, 7, 13, 18, 20};

} // namespace

class TestGuideSecrets : public QObject {
    Q_OBJECT
private slots:
    void importedGuideHoldsNoSecret();
    void lintNamesTheLinesWithoutRepeatingThem();
    void cliOutputHoldsNoSecret();
    // Guides with the shapes found after the first: none of their values comes out, lint names
    // their lines, and look-alikes are shown as written.
    void shapesHoldNoSecret_data();
    void shapesHoldNoSecret();
    // The same guides through the command line: `tree`, `tree --json` and `lint` show none of
    // their values.
    void cliOutputOfShapesHoldsNoSecret_data();
    void cliOutputOfShapesHoldsNoSecret();
    // A check block's map parameters (headers, vars) are shown masked, value by value.
    void checkParametersAtAnyDepthHoldNoSecret();
};

void TestGuideSecrets::importedGuideHoldsNoSecret()
{
    const Guide g = importText(kGuide, QStringLiteral("leaky.md"));
    const QString json = QString::fromUtf8(QJsonDocument(g.toJson()).toJson());
    for (const QString &secret : kSecrets)
        QVERIFY2(!json.contains(secret), qPrintable(secret));
    // The checks are still there, and know they need a credential.
    QVERIFY(json.contains(QStringLiteral("\"auth\": \"password\"")));
    QVERIFY(json.contains(QStringLiteral("\"auth\": \"bearer\"")));
    QVERIFY(json.contains(QStringLiteral("\"auth\": \"basic\"")));
    QVERIFY(json.contains(QStringLiteral("\"secret_headers\"")));
    QVERIFY(json.contains(QStringLiteral("\"secret_query\"")));
    QVERIFY(json.contains(QStringLiteral("redis-cli -a **** ping")));
}

void TestGuideSecrets::lintNamesTheLinesWithoutRepeatingThem()
{
    const Guide g = importText(kGuide, QStringLiteral("leaky.md"));
    const GuideDiagnostics all = GuideLinter::lint(g);
    QList<int> lines;
    for (const GuideDiagnostic &d : all) {
        for (const QString &secret : kSecrets)
            QVERIFY2(!d.message.contains(secret), qPrintable(d.toString()));
        if (d.code == QLatin1String("secret-in-guide"))
            lines.append(d.location.line);
    }
    for (int line : {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 24, 28, 29, 40, 42})
        QVERIFY2(lines.contains(line), qPrintable(QString::number(line)));
}

void TestGuideSecrets::cliOutputHoldsNoSecret()
{
    GuideFiles files;
    const QString path = files.write(QStringLiteral("leaky.md"), kGuide);
    for (const QStringList &args : {QStringList{QStringLiteral("tree"), QStringLiteral("--json"), path},
                                    QStringList{QStringLiteral("tree"), path}, QStringList{QStringLiteral("lint"), path},
                                    QStringList{QStringLiteral("--log-level"), QStringLiteral("trace"), QStringLiteral("find"),
                                                QStringLiteral("password"), path}}) {
        QProcess p;
        p.start(triageExecutable(), args);
        QVERIFY(p.waitForFinished(30000));
        const QString output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        QVERIFY(!output.isEmpty());
        for (const QString &secret : kSecrets)
            QVERIFY2(!output.contains(secret), qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + secret));
    }
}

void TestGuideSecrets::shapesHoldNoSecret_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QList<int>>("secretLines");
    QTest::addColumn<QStringList>("plain");
    QTest::addColumn<QList<int>>("plainLines");
    // The last line has a value, then 10,000 spaces: no expression may give up and show it.
    // Names that hold a credential word without naming one are shown as written.
    QTest::newRow("more") << QByteArray(kMoreShapes) + "\nAuthorization: Bearer h0stile-16" + QByteArray(10000, ' ') + "x\n" << kMoreSecrets
                          << kMoreSecretLines
                          << QStringList{QStringLiteral("| primary_key | id |"), QStringLiteral("token_endpoint: https://idp.example.com/token"),
                                         QStringLiteral("auth_method: scram-sha-256")}
                          << QList<int>{39, 42, 43};
    // What reads the environment, a placeholder and prose after a label are shown as written.
    QTest::newRow("third") << QByteArray(kThirdShapes) << kThirdSecrets << kThirdSecretLines
                           << QStringList{QStringLiteral("process.env.GH_PAT!"), QStringLiteral("| API_TOKEN | <token> |"),
                                          QStringLiteral("**Token:** the one from the dashboard.")}
                           << QList<int>{18, 25, 27};
    // A field that is no credential, and a lifetime, are shown as written.
    QTest::newRow("fourth") << QByteArray(kFourthShapes) << kFourthSecrets << kFourthSecretLines
                            << QStringList{QStringLiteral("eu-west-1"), QStringLiteral("| TOKEN_TTL | 3600 |")}
                            << QList<int>{11, 18};
    // Prose and a variable after such a label are shown as written.
    QTest::newRow("labels") << QByteArray(kLabelShapes) << kLabelSecrets << kLabelSecretLines
                            << QStringList{QStringLiteral("Token for Vault: ask the platform team."), QStringLiteral("Token for Vault: `$VAULT_TOKEN`")}
                            << QList<int>{13, 15};
    // Consul's anonymous token is shown, and its lines are not named.
    QTest::newRow("flags") << QByteArray(kFlagShapes) << kFlagSecrets << kFlagSecretLines
                           << QStringList{QStringLiteral("consul members -token anonymous"), QStringLiteral("nomad job status --token anonymous web")}
                           << QList<int>{7, 9};
    // A placeholder under a password column, and a policy's number, are shown.
    QTest::newRow("columns") << QByteArray(kColumnShapes) << kColumnSecrets << kColumnSecretLines
                             << QStringList{QStringLiteral("| guest | <ask the DBA> |"), QStringLiteral("| min length | 12 |")} << QList<int>{9, 17};
    // Prose after a token's name, a YAML switch and a variable are shown, and their lines not
    // named; the titles around a masked value read as written.
    QTest::newRow("fifth") << QByteArray(kFifthShapes) << kFifthSecrets << kFifthSecretLines
                           << QStringList{QStringLiteral("Vault token: ask the platform team."), QStringLiteral("| pin | true |"),
                                          QStringLiteral("The password is `$DB_PASSWORD`."), QStringLiteral("The dev database password is ****."),
                                          QStringLiteral("Log in with sudo consul acl token read -token **** -self."),
                                          QStringLiteral("staging | ****")}
                           << QList<int>{9, 14, 22};
}

void TestGuideSecrets::shapesHoldNoSecret()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, secrets);
    QFETCH(QList<int>, secretLines);
    QFETCH(QStringList, plain);
    QFETCH(QList<int>, plainLines);
    const Guide g = importText(text, QStringLiteral("shapes.md"));
    const QString json = QString::fromUtf8(QJsonDocument(g.toJson()).toJson());
    for (const QString &secret : secrets)
        QVERIFY2(!json.contains(secret), qPrintable(secret));
    for (const QString &written : plain)
        QVERIFY2(json.contains(written), qPrintable(written));
    QList<int> lines;
    for (const GuideDiagnostic &d : GuideLinter::lint(g)) {
        for (const QString &secret : secrets)
            QVERIFY2(!d.message.contains(secret), qPrintable(d.toString()));
        if (d.code == QLatin1String("secret-in-guide"))
            lines.append(d.location.line);
    }
    for (int line : secretLines)
        QVERIFY2(lines.contains(line), qPrintable(QString::number(line)));
    for (int line : plainLines)
        QVERIFY2(!lines.contains(line), qPrintable(QString::number(line)));
}

void TestGuideSecrets::cliOutputOfShapesHoldsNoSecret_data()
{
    shapesHoldNoSecret_data();
}

void TestGuideSecrets::cliOutputOfShapesHoldsNoSecret()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, secrets);
    QFETCH(QList<int>, secretLines);
    GuideFiles files;
    const QString path = files.write(QStringLiteral("shapes.md"), text);
    for (const QStringList &args : {QStringList{QStringLiteral("tree"), QStringLiteral("--json"), path}, QStringList{QStringLiteral("tree"), path},
                                    QStringList{QStringLiteral("lint"), path}}) {
        QProcess p;
        p.start(triageExecutable(), args);
        QVERIFY(p.waitForFinished(30000));
        const QString output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        QVERIFY(!output.isEmpty());
        for (const QString &secret : secrets)
            QVERIFY2(!output.contains(secret), qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + secret));
        if (args.first() == QLatin1String("lint")) {
            for (int line : secretLines)
                QVERIFY2(output.contains(QStringLiteral("shapes.md:%1:").arg(line)), qPrintable(output));
        }
    }
}

void TestGuideSecrets::checkParametersAtAnyDepthHoldNoSecret()
{
    const Guide g = test::importText("---\ntriage: 1\nid: hdr\ntitle: Headers\n---\n\n# Headers\n\n## Issue: API fails\n\n"
                                     "### Check: Does it answer\n\n```check\ntype: http\nurl: http://localhost:8080/health\n"
                                     "headers:\n  X-Trace: \"Bearer eyJhbGciOiJIUzI1NiJ9.h0stileTok.sig\"\n"
                                     "  X-Db: \"postgres://app:h0stilePw@db/app\"\npass: \"#outcome-fine\"\n```\n\n"
                                     "### Outcome: Fine\n\nIt works.\n");
    const QString json = QString::fromUtf8(QJsonDocument(g.toJson()).toJson());
    QVERIFY2(json.contains(QStringLiteral("X-Trace")) && json.contains(QStringLiteral("postgres://app:")), qPrintable(json));
    QVERIFY2(!json.contains(QStringLiteral("h0stileTok")), qPrintable(json));
    QVERIFY2(!json.contains(QStringLiteral("h0stilePw")), qPrintable(json));
}

QTEST_GUILESS_MAIN(TestGuideSecrets)
#include "TestGuideSecrets.moc"
