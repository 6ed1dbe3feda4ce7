#include "secrets/SecretRedaction.h"

#include <QTest>

using namespace triage;

class TestSecretRedaction : public QObject {
    Q_OBJECT
private slots:
    void masksCredentials_data();
    void masksCredentials();
    void leavesOrdinaryTextAlone_data();
    void leavesOrdinaryTextAlone();
};

void TestSecretRedaction::masksCredentials_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("url password") << QStringLiteral("psql postgresql://app:S3cret-pg@db:5432/orders")
                                  << QStringLiteral("psql postgresql://app:****@db:5432/orders");
    QTest::newRow("auth token header") << QStringLiteral("X-Auth-Token: tok987") << QStringLiteral("X-Auth-Token: ****");
    QTest::newRow("yaml api_key") << QStringLiteral("api_key: zzz111") << QStringLiteral("api_key: ****");
    QTest::newRow("redis -a") << QStringLiteral("redis-cli -a hunter2 ping") << QStringLiteral("redis-cli -a **** ping");
    QTest::newRow("redis --pass=") << QStringLiteral("redis-cli --pass=hunter2 ping") << QStringLiteral("redis-cli --pass=**** ping");
    // Any long option named for a credential, not only the ones Triage knows.
    QTest::newRow("aws master password")
        << QStringLiteral("aws rds modify-db-instance --db-instance-identifier mydb --master-user-password 'NewPassw0rd!'")
        << QStringLiteral("aws rds modify-db-instance --db-instance-identifier mydb --master-user-password '****'");
    QTest::newRow("client secret") << QStringLiteral("login --client-secret=s3cr3t --client-id app")
                                   << QStringLiteral("login --client-secret=**** --client-id app");
    QTest::newRow("access token") << QStringLiteral("gh auth login --with-token ghp_abc123 && true")
                                  << QStringLiteral("gh auth login --with-token **** && true");
    QTest::newRow("env prefix") << QStringLiteral("PGPASSWORD=SECRETC psql -h db -c 'VACUUM'")
                                << QStringLiteral("PGPASSWORD=**** psql -h db -c 'VACUUM'");
    QTest::newRow("redis auth env") << QStringLiteral("REDISCLI_AUTH=abc123 redis-cli ping") << QStringLiteral("REDISCLI_AUTH=**** redis-cli ping");
    QTest::newRow("export token") << QStringLiteral("export API_TOKEN='tok-123'") << QStringLiteral("export API_TOKEN='****'");
    QTest::newRow("bearer header") << QStringLiteral("curl -H \"Authorization: Bearer abc.def\" http://x/me")
                                   << QStringLiteral("curl -H \"Authorization: Bearer ****\" http://x/me");
    QTest::newRow("attached header") << QStringLiteral("curl -H'Authorization: Bearer zzz' http://x/")
                                     << QStringLiteral("curl -H'Authorization: Bearer ****' http://x/");
    QTest::newRow("wget header=") << QStringLiteral("wget --header=\"Authorization: Bearer zzz\" http://x/")
                                  << QStringLiteral("wget --header=\"Authorization: Bearer ****\" http://x/");
    QTest::newRow("api key header") << QStringLiteral("curl -H 'X-Api-Key: abcd-1234' https://a/usage")
                                    << QStringLiteral("curl -H 'X-Api-Key: ****' https://a/usage");
    QTest::newRow("cookie header") << QStringLiteral("curl -H 'Cookie: session=abc' https://a/")
                                   << QStringLiteral("curl -H 'Cookie: ****' https://a/");
    QTest::newRow("curl -u") << QStringLiteral("curl -u admin:pa55word http://x/") << QStringLiteral("curl -u admin:**** http://x/");
    QTest::newRow("curl -b") << QStringLiteral("curl -b \"session=S\" http://x/") << QStringLiteral("curl -b \"****\" http://x/");
    QTest::newRow("oauth2 bearer") << QStringLiteral("curl --oauth2-bearer S0me http://x/") << QStringLiteral("curl --oauth2-bearer **** http://x/");
    QTest::newRow("wget password") << QStringLiteral("wget --password S http://x/") << QStringLiteral("wget --password **** http://x/");
    QTest::newRow("conninfo") << QStringLiteral("psql \"host=db user=app password=S dbname=orders\"")
                              << QStringLiteral("psql \"host=db user=app password=**** dbname=orders\"");
    QTest::newRow("query parameter") << QStringLiteral("curl \"https://a/v1?api_key=S&x=1\"") << QStringLiteral("curl \"https://a/v1?api_key=****&x=1\"");
    QTest::newRow("jwt") << QStringLiteral("token is eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc")
                         << QStringLiteral("token is ****");
    QTest::newRow("yaml password") << QStringLiteral("password: hunter2") << QStringLiteral("password: ****");
    // A command after a colon is read as a command: its own secret is still found.
    QTest::newRow("secret in a command after a colon") << QStringLiteral("Export the password: `export DATABASE_PASSWORD=hunter2`")
                                                       << QStringLiteral("Export the password: `export DATABASE_PASSWORD=****`");
    QTest::newRow("code span secret after a colon") << QStringLiteral("password: `hunter2`") << QStringLiteral("password: ****");
    QTest::newRow("words in a code span after a colon") << QStringLiteral("Default password: `correct horse battery`")
                                                        << QStringLiteral("Default password: ****");
    QTest::newRow("assignment after a colon in a title") << QStringLiteral("Set the password: DATABASE_PASSWORD=hunter2")
                                                         << QStringLiteral("Set the password: DATABASE_PASSWORD=****");
}

void TestSecretRedaction::masksCredentials()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedaction::redact(text), expected);
    QVERIFY(SecretRedaction::containsSecret(text));
    // The scan reads eight characters at a time: the credential is found wherever it falls in
    // a block, after ASCII or not.
    for (int shift = 1; shift <= 9; ++shift) {
        const QString ascii(shift, QLatin1Char(' '));
        QCOMPARE(SecretRedaction::redact(ascii + text), ascii + expected);
        const QString accented = QString(shift, QChar(0x00E9)) + QLatin1Char(' ');
        QCOMPARE(SecretRedaction::redact(accented + text), accented + expected);
    }
    QString masked = text;
    QString before;
    QVERIFY(SecretRedaction::redactInPlace(&masked, &before));
    QCOMPARE(masked, expected);
    QCOMPARE(before, text);
}

void TestSecretRedaction::leavesOrdinaryTextAlone_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("prose about tokens") << QStringLiteral("Refresh the token when it expires.");
    QTest::newRow("variable") << QStringLiteral("curl -H \"Authorization: Bearer $TOKEN\" http://x/");
    QTest::newRow("placeholder") << QStringLiteral("curl -H 'X-Api-Key: <your key>' https://a/");
    QTest::newRow("url without password") << QStringLiteral("psql postgresql://app@db:5432/orders");
    QTest::newRow("redis url without password") << QStringLiteral("redis://localhost:6379/0");
    QTest::newRow("kcat broker") << QStringLiteral("kcat -b localhost:9092 -L");
    QTest::newRow("env name only") << QStringLiteral("echo $DATABASE_PASSWORD");
    QTest::newRow("masked already") << QStringLiteral("redis-cli -a **** ping");
    QTest::newRow("psql user") << QStringLiteral("psql -U postgres -d app");
    // Words that merely contain a credential word before a colon.
    QTest::newRow("keychain") << QStringLiteral("Triage takes the password from your OS keychain: never write it here.");
    QTest::newRow("monkey") << QStringLiteral("monkey: bananas");
    // Error codes that hold a keyword are not header names.
    QTest::newRow("error code with auth") << QStringLiteral("ERR_AUTH_001: Invalid or expired access token");
    QTest::newRow("error code with token") << QStringLiteral("ERR_TOKEN_EXPIRED: The token has expired");
    QTest::newRow("author") << QStringLiteral("author: Jane Doe");
    QTest::newRow("keyboard") << QStringLiteral("Keyboard: press Ctrl+C");
    QTest::newRow("command after a colon") << QStringLiteral("Export the password: `export DATABASE_PASSWORD=<your-password>`");
    QTest::newRow("elided value") << QStringLiteral("Export it: `export DATABASE_PASSWORD=...`");
    QTest::newRow("command after a colon in a title") << QStringLiteral("Export the password: export DATABASE_PASSWORD=<your-password>");
    QTest::newRow("ellipsis value") << QString::fromUtf8("DATABASE_PASSWORD=\xe2\x80\xa6 ./run.sh");
    // A colon at the end of a line leads into what follows, which is no value of it.
    QTest::newRow("code block after password:") << QStringLiteral("Reset the password:\n\n```\nmysql -e \"SELECT 1\"\n```");
    QTest::newRow("secret: then a list") << QStringLiteral("Create an image pull secret:\n- kubectl create secret");
    // MySQL says whether a password was sent.
    QTest::newRow("using password: YES") << QStringLiteral("ERROR 1045 (28000): Access denied for user 'admin'@'10.0.1.25' (using password: YES)");
    QTest::newRow("password: none") << QStringLiteral("Default password: none.");
    QTest::newRow("a flag, then another option") << QStringLiteral("psql --no-password -h db -U app");
    QTest::newRow("a file of the token") << QStringLiteral("kubectl --token-file /run/secrets/token get pods");
    QTest::newRow("a flag that disables one") << QStringLiteral("adduser --disabled-password appuser");
    QTest::newRow("a flag at the end of a line") << QStringLiteral("psql --no-password\nSELECT 1;");
    QTest::newRow("YES inside a sentence") << QStringLiteral("The client prints `Access denied (using password: YES)` after the upgrade.");
}

void TestSecretRedaction::leavesOrdinaryTextAlone()
{
    QFETCH(QString, text);
    QCOMPARE(SecretRedaction::redact(text), text);
    QString same = text;
    QString before = QStringLiteral("untouched");
    QVERIFY(!SecretRedaction::redactInPlace(&same, &before));
    QCOMPARE(same, text);
    QCOMPARE(before, QStringLiteral("untouched"));
}

QTEST_GUILESS_MAIN(TestSecretRedaction)
#include "TestSecretRedaction.moc"
