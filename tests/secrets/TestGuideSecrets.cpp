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

} // namespace

class TestGuideSecrets : public QObject {
    Q_OBJECT
private slots:
    void importedGuideHoldsNoSecret();
    void lintNamesTheLinesWithoutRepeatingThem();
    void cliOutputHoldsNoSecret();
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

QTEST_GUILESS_MAIN(TestGuideSecrets)
#include "TestGuideSecrets.moc"
