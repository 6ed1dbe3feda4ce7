#include "checks/CheckCatalog.h"
#include "checks/CheckSpec.h"

#include <QTest>

using namespace triage;

namespace {
CheckSpec spec(const QString &type, const QVariantMap &params)
{
    CheckSpec s;
    s.type = type;
    s.params = params;
    return s;
}
QString problems(const CheckSpec &s)
{
    QStringList messages;
    for (const auto &p : CheckCatalog::validate(s))
        messages.append(p.message);
    return messages.join(QLatin1Char('\n'));
}
} // namespace

class TestCheckCatalog : public QObject {
    Q_OBJECT
private slots:
    void everyTypeTheProductNeedsIsKnown();
    void validSpecsPass();
    void problemsAreNamed_data();
    void problemsAreNamed();
};

void TestCheckCatalog::everyTypeTheProductNeedsIsKnown()
{
    for (const char *type : {"tcp", "http", "postgres", "redis", "port", "env", "dotenv", "file", "dns", "jwt", "prometheus",
                             "kafka", "system", "keychain", "command"}) {
        const CheckTypeInfo *info = CheckCatalog::find(QLatin1String(type));
        QVERIFY2(info, type);
        QVERIFY(!info->description.isEmpty());
        QVERIFY(!info->placeholders.isEmpty());
    }
}

void TestCheckCatalog::validSpecsPass()
{
    CheckSpec s = spec(QStringLiteral("http"), {{QStringLiteral("url"), QStringLiteral("https://api.example.com/health")}});
    s.expect = {QStringLiteral("[STATUS] == 200"), QStringLiteral("[RESPONSE_TIME] < 800ms")};
    s.branches = {{QStringLiteral("pass"), QStringLiteral("#ok")}, {QStringLiteral("tls"), QStringLiteral("#cert")}};
    QCOMPARE(problems(s), QString());
    QCOMPARE(problems(spec(QStringLiteral("postgres"), {{QStringLiteral("mode"), QStringLiteral("ready")},
                                                        {QStringLiteral("port"), 5432}})),
             QString());
}

void TestCheckCatalog::problemsAreNamed_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QVariantMap>("params");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown type") << QStringLiteral("postgress") << QVariantMap{} << QString() << QString()
                                  << QStringLiteral("unknown check type `postgress`");
    QTest::newRow("missing url") << QStringLiteral("http") << QVariantMap{} << QString() << QString() << QStringLiteral("needs `url:`");
    QTest::newRow("bad port") << QStringLiteral("tcp") << QVariantMap{{QStringLiteral("host"), QStringLiteral("db")}, {QStringLiteral("port"), 70000}}
                              << QString() << QString() << QStringLiteral("not a port");
    QTest::newRow("unknown param") << QStringLiteral("tcp")
                                   << QVariantMap{{QStringLiteral("host"), QStringLiteral("db")}, {QStringLiteral("port"), 5432}, {QStringLiteral("colour"), QStringLiteral("red")}}
                                   << QString() << QString() << QStringLiteral("no parameter `colour`");
    QTest::newRow("bad choice") << QStringLiteral("postgres") << QVariantMap{{QStringLiteral("mode"), QStringLiteral("write")}}
                                << QString() << QString() << QStringLiteral("not one of");
    QTest::newRow("bad url") << QStringLiteral("http") << QVariantMap{{QStringLiteral("url"), QStringLiteral("ftp://x")}}
                             << QString() << QString() << QStringLiteral("not an http");
    QTest::newRow("placeholder of another type") << QStringLiteral("tcp")
                                                 << QVariantMap{{QStringLiteral("host"), QStringLiteral("db")}, {QStringLiteral("port"), 1}}
                                                 << QStringLiteral("[STATUS] == 200") << QString() << QStringLiteral("have no [STATUS]");
    QTest::newRow("malformed condition") << QStringLiteral("tcp")
                                         << QVariantMap{{QStringLiteral("host"), QStringLiteral("db")}, {QStringLiteral("port"), 1}}
                                         << QStringLiteral("[CONNECTED] = true") << QString() << QStringLiteral("operator");
    QTest::newRow("unknown outcome") << QStringLiteral("redis") << QVariantMap{} << QString() << QStringLiteral("exploded")
                                     << QStringLiteral("no outcome `exploded`");
}

void TestCheckCatalog::problemsAreNamed()
{
    QFETCH(QString, type);
    QFETCH(QVariantMap, params);
    QFETCH(QString, expect);
    QFETCH(QString, outcome);
    QFETCH(QString, message);
    CheckSpec s = spec(type, params);
    if (!expect.isEmpty())
        s.expect.append(expect);
    if (!outcome.isEmpty())
        s.branches.insert(outcome, QStringLiteral("#x"));
    const QString text = problems(s);
    QVERIFY2(text.contains(message), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestCheckCatalog)
#include "TestCheckCatalog.moc"
