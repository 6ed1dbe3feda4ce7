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

} // namespace

class TestGuideSecrets : public QObject {
    Q_OBJECT
private slots:
    void importedGuideHoldsNoSecret();
    void lintNamesTheLinesWithoutRepeatingThem();
    void cliOutputHoldsNoSecret();
    void moreShapesHoldNoSecret();
    void thirdShapesHoldNoSecret();
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

void TestGuideSecrets::moreShapesHoldNoSecret()
{
    // The last line has a value, then 10,000 spaces: no expression may give up and show it.
    const QByteArray text = QByteArray(kMoreShapes) + "\nAuthorization: Bearer h0stile-16" + QByteArray(10000, ' ') + "x\n";
    const Guide g = importText(text, QStringLiteral("more.md"));
    const QString json = QString::fromUtf8(QJsonDocument(g.toJson()).toJson());
    for (const QString &secret : kMoreSecrets)
        QVERIFY2(!json.contains(secret), qPrintable(secret));
    // Names that hold a credential word without naming one are shown as written.
    for (const char *plain : {"| primary_key | id |", "token_endpoint: https://idp.example.com/token", "auth_method: scram-sha-256"})
        QVERIFY2(json.contains(QLatin1StringView(plain)), plain);
    QList<int> lines;
    for (const GuideDiagnostic &d : GuideLinter::lint(g)) {
        for (const QString &secret : kMoreSecrets)
            QVERIFY2(!d.message.contains(secret), qPrintable(d.toString()));
        if (d.code == QLatin1String("secret-in-guide"))
            lines.append(d.location.line);
    }
    for (int line : kMoreSecretLines)
        QVERIFY2(lines.contains(line), qPrintable(QString::number(line)));
    for (int line : {39, 42, 43})
        QVERIFY2(!lines.contains(line), qPrintable(QString::number(line)));
}

void TestGuideSecrets::thirdShapesHoldNoSecret()
{
    const Guide g = importText(kThirdShapes, QStringLiteral("third.md"));
    const QString json = QString::fromUtf8(QJsonDocument(g.toJson()).toJson());
    for (const QString &secret : kThirdSecrets)
        QVERIFY2(!json.contains(secret), qPrintable(secret));
    // What reads the environment, a placeholder and prose after a label are shown as written.
    for (const char *plain : {"process.env.GH_PAT!", "| API_TOKEN | <token> |", "**Token:** the one from the dashboard."})
        QVERIFY2(json.contains(QLatin1StringView(plain)), plain);
    QList<int> lines;
    for (const GuideDiagnostic &d : GuideLinter::lint(g)) {
        for (const QString &secret : kThirdSecrets)
            QVERIFY2(!d.message.contains(secret), qPrintable(d.toString()));
        if (d.code == QLatin1String("secret-in-guide"))
            lines.append(d.location.line);
    }
    for (int line : kThirdSecretLines)
        QVERIFY2(lines.contains(line), qPrintable(QString::number(line)));
    for (int line : {18, 25, 27})
        QVERIFY2(!lines.contains(line), qPrintable(QString::number(line)));
}

QTEST_GUILESS_MAIN(TestGuideSecrets)
#include "TestGuideSecrets.moc"
