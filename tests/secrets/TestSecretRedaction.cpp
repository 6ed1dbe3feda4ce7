#include "secrets/SecretRedaction.h"

#include <QTest>

using namespace triage;

class TestSecretRedaction : public QObject {
    Q_OBJECT
private slots:
    void masksCredentials_data();
    void masksCredentials();
    void theScanMissesNoRuleThatMatches_data() { masksCredentials_data(); }
    void theScanMissesNoRuleThatMatches();
    void leavesOrdinaryTextAlone_data();
    void leavesOrdinaryTextAlone();
    void masksColumnsNamedForACredential();
    void masksColumnsThroughEitherEntryPoint_data();
    void masksColumnsThroughEitherEntryPoint();
    void credentialNames_data();
    void credentialNames();
    void linesThatDefeatAnExpressionStayMasked_data();
    void linesThatDefeatAnExpressionStayMasked();
    // A label that names a credential and says which one ("Token for Vault:"): a value after it
    // is masked, prose and placeholders are shown as written.
    void labelsThatNameACredential_data();
    void labelsThatNameACredential();
    // What a token flag takes that is no secret ("-token anonymous") is shown; a token is not.
    void wellKnownValuesAfterATokenFlag_data();
    void wellKnownValuesAfterATokenFlag();
    // A column titled for a credential ("Password", "PIN"): every cell but a placeholder is masked.
    void masksEveryCellOfAColumnTitledForACredential_data();
    void masksEveryCellOfAColumnTitledForACredential();
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
    // In a code span in prose: the backtick opens the span, it does not hide the name.
    QTest::newRow("assignment in a code span") << QStringLiteral("Fix: run `FLYWAY_PASSWORD=b1ll1ng-dev-only ./gradlew flywayMigrate`")
                                               << QStringLiteral("Fix: run `FLYWAY_PASSWORD=**** ./gradlew flywayMigrate`");
    QTest::newRow("lower-case assignment in a code span") << QStringLiteral("If you find `db_password = \"Prod-Pa55word-2023\"` in a file")
                                                          << QStringLiteral("If you find `db_password = \"****\"` in a file");
    QTest::newRow("whole code span is the assignment") << QStringLiteral("The default is `DB_PASSWORD=Lab-Radius-2024` in `.env`.")
                                                       << QStringLiteral("The default is `DB_PASSWORD=****` in `.env`.");
    QTest::newRow("header in a code span") << QStringLiteral("Send `X-Api-Key: k3y-9f8a` with it.") << QStringLiteral("Send `X-Api-Key: ****` with it.");
    QTest::newRow("assignment in HTML code") << QStringLiteral("<p>Set <code>radius_secret=Lab-Radius-2024!</code>; then retry.</p>")
                                             << QStringLiteral("<p>Set <code>radius_secret=****</code>; then retry.</p>");
    QTest::newRow("header in HTML code") << QStringLiteral("<td><code>api_key: k3y-9f8a</code></td>")
                                         << QStringLiteral("<td><code>api_key: ****</code></td>");
    // The value ends where its code span does.
    QTest::newRow("option value ends at the span") << QStringLiteral("Or register with `agent register --token fs_enr_9f8a7b6c`.")
                                                   << QStringLiteral("Or register with `agent register --token ****`.");
    // A literal that merely looks like a word is still a secret.
    QTest::newRow("literal with digits") << QStringLiteral("password = s3cr3tValue") << QStringLiteral("password = ****");
    QTest::newRow("dashed token") << QStringLiteral("API_TOKEN=dev-token-123") << QStringLiteral("API_TOKEN=****");
    // Quoted values (YAML, .env), JSON, and a comment after a value.
    QTest::newRow("yaml quoted") << QStringLiteral("    password: \"hunter2abc\"") << QStringLiteral("    password: \"****\"");
    QTest::newRow("yaml single-quoted") << QStringLiteral("token: 'abc123def'") << QStringLiteral("token: '****'");
    QTest::newRow("compose env quoted") << QStringLiteral("      DB_PASSWORD: \"hunter2abc\"") << QStringLiteral("      DB_PASSWORD: \"****\"");
    QTest::newRow("json") << QStringLiteral("{\"password\":\"hunter2abc\",\"user\":\"app\"}")
                          << QStringLiteral("{\"password\":\"****\",\"user\":\"app\"}");
    QTest::newRow("json spaced") << QStringLiteral("  \"api_key\": \"k-2f9a8b7c\",") << QStringLiteral("  \"api_key\": \"****\",");
    QTest::newRow("comment after a value") << QStringLiteral("  password: hunter2abc  # dev only") << QStringLiteral("  password: ****  # dev only");
    // docker login -p, and tokens known by their shape wherever they stand.
    QTest::newRow("docker login -p") << QStringLiteral("docker login -u bot -p dckr_pat_ABC123 registry.example")
                                     << QStringLiteral("docker login -u bot -p **** registry.example");
    QTest::newRow("github token") << QStringLiteral("Use ghp_A1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvWx here")
                                  << QStringLiteral("Use **** here");
    QTest::newRow("github fine-grained") << QStringLiteral("github_pat_11ABCDEFG0123456789_abcdefghijklmnop")
                                         << QStringLiteral("****");
    QTest::newRow("slack") << QStringLiteral("SLACK=xoxb-1234-5678-abcdefgh") << QStringLiteral("SLACK=****");
    QTest::newRow("openai") << QStringLiteral("key sk-proj-abcdefghijklmnop1234 works") << QStringLiteral("key **** works");
    QTest::newRow("stripe") << QStringLiteral("curl https://api.stripe.com/v1/charges -u sk_live_abcdef123456:")
                            << QStringLiteral("curl https://api.stripe.com/v1/charges -u ****:");
    QTest::newRow("private key") << QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\nxyz==\n-----END RSA PRIVATE KEY-----\nafter")
                                 << QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\n****\n-----END RSA PRIVATE KEY-----\nafter");
    // A password named in prose or a heading, with the shape of one (a letter and a digit).
    QTest::newRow("password in a heading") << QStringLiteral("Login as admin with password Headl1ne-Pw-77 fails")
                                           << QStringLiteral("Login as admin with password **** fails");
    QTest::newRow("pwd: in prose") << QStringLiteral("(user: queue, pwd: Qu3uePwdAbbr) expired")
                                   << QStringLiteral("(user: queue, pwd: ****) expired");
    QTest::newRow("password in code in prose") << QStringLiteral("log in with password `Qu3uePr0se2`; the password is hunter2.")
                                               << QStringLiteral("log in with password `****`; the password is ****.");
    // More shapes of the same.
    QTest::newRow("sshpass") << QStringLiteral("sshpass -p 'Bast10n-Root!' ssh admin@bastion") << QStringLiteral("sshpass -p '****' ssh admin@bastion");
    QTest::newRow("sshpass attached") << QStringLiteral("sshpass -pBast10n ssh admin@bastion") << QStringLiteral("sshpass -p**** ssh admin@bastion");
    QTest::newRow("aws access key id") << QStringLiteral("the key AKIAIOSFODNN7EXAMPLE is old") << QStringLiteral("the key **** is old");
    QTest::newRow("hcl secret_key") << QStringLiteral("  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCY\"")
                                    << QStringLiteral("  secret_key = \"****\"");
    QTest::newRow("assignment in parentheses") << QStringLiteral("(db_password = \"tfvars-Pw-2024\")") << QStringLiteral("(db_password = \"****\")");
    QTest::newRow("rediss empty user") << QStringLiteral("REDIS_URL=rediss://:Zx81mNq0PaRk@cache.internal:6380/0")
                                       << QStringLiteral("REDIS_URL=rediss://:****@cache.internal:6380/0");
    QTest::newRow("redis AUTH") << QStringLiteral("in redis-cli, run `AUTH R3disAuthCmd`") << QStringLiteral("in redis-cli, run `AUTH ****`");
    QTest::newRow("requirepass") << QStringLiteral("redis-cli CONFIG SET requirepass R3disConfSet") << QStringLiteral("redis-cli CONFIG SET requirepass ****");
    QTest::newRow("slack webhook") << QStringLiteral("curl -d '{}' https://hooks.slack.com/services/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")
                                   << QStringLiteral("curl -d '{}' https://hooks.slack.com/services/****");
    QTest::newRow("sentry dsn") << QStringLiteral("DSN https://8f7e6d5c4b3a29180f7e6d5c4b3a2918@o412345.ingest.sentry.io/5501234")
                                << QStringLiteral("DSN https://****@o412345.ingest.sentry.io/5501234");
    QTest::newRow("google api key") << QStringLiteral("the Maps key is AIzaSyB4reG00gleApiKeyAbCdEfGhIjKlMnOpQ.")
                                    << QStringLiteral("the Maps key is ****.");
    QTest::newRow("azure account key") << QStringLiteral("AccountName=acme;AccountKey=Qm9ndXNBenVyZQ==;EndpointSuffix=core.windows.net")
                                       << QStringLiteral("AccountName=acme;AccountKey=****;EndpointSuffix=core.windows.net");
    QTest::newRow("service bus key") << QStringLiteral("SharedAccessKeyName=Root;SharedAccessKey=SbKeyAbc123=")
                                     << QStringLiteral("SharedAccessKeyName=Root;SharedAccessKey=****");
    QTest::newRow("ado Pwd") << QStringLiteral("Data Source=sql01;User ID=sa;Pwd=SaAdm1n2019;") << QStringLiteral("Data Source=sql01;User ID=sa;Pwd=****;");
    QTest::newRow("sqlcmd -P") << QStringLiteral("sqlcmd -S sql01 -U billing -P 'Bi11ing#Corp9' -Q \"SELECT 1\"")
                               << QStringLiteral("sqlcmd -S sql01 -U billing -P '****' -Q \"SELECT 1\"");
    QTest::newRow("sql role password") << QStringLiteral("CREATE ROLE app LOGIN PASSWORD 'SqlCreat3Role';")
                                       << QStringLiteral("CREATE ROLE app LOGIN PASSWORD '****';");
    QTest::newRow("sql with password") << QStringLiteral("ALTER USER app WITH PASSWORD 'SqlAlt3rUser';")
                                       << QStringLiteral("ALTER USER app WITH PASSWORD '****';");
    QTest::newRow("mysql identified by") << QStringLiteral("CREATE USER 'app'@'%' IDENTIFIED BY 'My5qlPw';")
                                         << QStringLiteral("CREATE USER 'app'@'%' IDENTIFIED BY '****';");
    // camelCase and short keys (Helm values, Spring, JS), XML, Oracle.
    QTest::newRow("camelCase key") << QStringLiteral("  postgresPassword: H3lmPgAdm1n") << QStringLiteral("  postgresPassword: ****");
    QTest::newRow("camelCase key quoted") << QStringLiteral("secretKey: \"YamlSecretK3yVal\"") << QStringLiteral("secretKey: \"****\"");
    QTest::newRow("pwd key") << QStringLiteral("pwd: S3cretPwd1") << QStringLiteral("pwd: ****");
    QTest::newRow("xml password") << QStringLiteral("<password>MavenS3ttingsPw</password>") << QStringLiteral("<password>****</password>");
    QTest::newRow("nuget cleartext") << QStringLiteral("<add key=\"ClearTextPassword\" value=\"NuGetCl3arText\" />")
                                     << QStringLiteral("<add key=\"ClearTextPassword\" value=\"****\" />");
    QTest::newRow("sqlplus") << QStringLiteral("sqlplus scott/T1gerOracl3@orcl") << QStringLiteral("sqlplus scott/****@orcl");
    // From the review: quoted Authorization values, PowerShell, headers without a space,
    // cookies, Redis AUTH with a user, query names by suffix.
    QTest::newRow("json authorization") << QStringLiteral("{\"Authorization\": \"Bearer abcdef123\"}")
                                        << QStringLiteral("{\"Authorization\": \"Bearer ****\"}");
    QTest::newRow("python headers") << QStringLiteral("requests.get(u, headers={'Authorization': 'Bearer abcdef123'})")
                                    << QStringLiteral("requests.get(u, headers={'Authorization': 'Bearer ****'})");
    QTest::newRow("powershell hashtable") << QStringLiteral("-Headers @{Authorization=\"Bearer abcdef123\"}")
                                          << QStringLiteral("-Headers @{Authorization=\"Bearer ****\"}");
    QTest::newRow("powershell env") << QStringLiteral("$env:PGPASSWORD = \"hunter2x\"; psql -h db") << QStringLiteral("$env:PGPASSWORD = \"****\"; psql -h db");
    QTest::newRow("header without a space") << QStringLiteral("curl --header \"X-Auth-Token:abcdef123456\" https://a/")
                                            << QStringLiteral("curl --header \"X-Auth-Token:****\" https://a/");
    QTest::newRow("cookie assignment") << QStringLiteral("Cookie: JSESSIONID=abc123def456") << QStringLiteral("Cookie: ****");
    QTest::newRow("redis AUTH with a user") << QStringLiteral("AUTH default hunter2x") << QStringLiteral("AUTH default ****");
    QTest::newRow("query client_secret") << QStringLiteral("https://a/token?client_secret=abc123&grant=x")
                                         << QStringLiteral("https://a/token?client_secret=****&grant=x");
    QTest::newRow("quoted sentence is a value") << QStringLiteral("password: \"the quick brown fox\"") << QStringLiteral("password: \"****\"");
    QTest::newRow("value ends before &") << QStringLiteral("jdbc:postgresql://db/app?user=a&password=abc123&useSSL=false")
                                         << QStringLiteral("jdbc:postgresql://db/app?user=a&password=****&useSSL=false");
    // mysql -pPASSWORD: the password written against the option.
    QTest::newRow("mysql -p attached") << QStringLiteral("mysql -u root -pS3cretRoot! shop") << QStringLiteral("mysql -u root -p**** shop");
    QTest::newRow("mysqldump -p attached") << QStringLiteral("mysqldump -h db -p'S3 cret' shop > a.sql")
                                           << QStringLiteral("mysqldump -h db -p'****' shop > a.sql");
    // Markup around a name or a value: bold, HTML, a fold's summary, a footnote.
    QTest::newRow("bold name") << QStringLiteral("**Password:** b0ldPw-1 as written") << QStringLiteral("**Password:** **** as written");
    QTest::newRow("bold name, colon after it") << QStringLiteral("**Password**: b0ldPw-2") << QStringLiteral("**Password**: ****");
    QTest::newRow("underscored name") << QStringLiteral("__Password:__ b0ldPw-3") << QStringLiteral("__Password:__ ****");
    QTest::newRow("html bold name") << QStringLiteral("<b>Password:</b> b0ldPw-4") << QStringLiteral("<b>Password:</b> ****");
    QTest::newRow("bold around name and value") << QStringLiteral("Or **password: b0ldPw-5** as written.")
                                                << QStringLiteral("Or **password: ****** as written.");
    QTest::newRow("summary, bold name") << QStringLiteral("<summary><b>Password:</b> sumPw-123</summary>")
                                        << QStringLiteral("<summary><b>Password:</b> ****</summary>");
    QTest::newRow("summary, value in code") << QStringLiteral("<summary>Password: <code>sumPw-456</code></summary>")
                                            << QStringLiteral("<summary>Password: <code>****</code></summary>");
    QTest::newRow("summary, no space") << QStringLiteral("<summary>Password:sumPw-789</summary>")
                                       << QStringLiteral("<summary>Password:****</summary>");
    QTest::newRow("footnote") << QStringLiteral("[^pw]: **Password:** footPw-1") << QStringLiteral("[^pw]: **Password:** ****");
    // Connection strings without a scheme: Go's DSN, a .pgpass line.
    QTest::newRow("go dsn") << QStringLiteral("db, err := sql.Open(\"mysql\", \"app:s3cretpw@tcp(127.0.0.1:3306)/db\")")
                            << QStringLiteral("db, err := sql.Open(\"mysql\", \"app:****@tcp(127.0.0.1:3306)/db\")");
    QTest::newRow("go dsn bare") << QStringLiteral("app:s3cretpw@tcp(127.0.0.1:3306)/db") << QStringLiteral("app:****@tcp(127.0.0.1:3306)/db");
    QTest::newRow("pgpass") << QStringLiteral("localhost:5432:mydb:app:s3cretpw") << QStringLiteral("localhost:5432:mydb:app:****");
    QTest::newRow("pgpass echoed") << QStringLiteral("echo 'db.internal:5432:*:replicator:R3pl-pw' >> ~/.pgpass")
                                   << QStringLiteral("echo 'db.internal:5432:*:replicator:****' >> ~/.pgpass");
    // Commands that take a credential as an argument of their own.
    QTest::newRow("httpie -a") << QStringLiteral("http -a admin:h77pie-pw GET https://api.example.com/me")
                               << QStringLiteral("http -a admin:**** GET https://api.example.com/me");
    QTest::newRow("httpie --auth") << QStringLiteral("https --auth admin:h77pie-pw api.example.com/me")
                                   << QStringLiteral("https --auth admin:**** api.example.com/me");
    QTest::newRow("vault login") << QStringLiteral("vault login s.AbCdEf123456") << QStringLiteral("vault login ****");
    QTest::newRow("vault login with a flag") << QStringLiteral("vault login -no-print hvs.CAESIabc123") << QStringLiteral("vault login -no-print ****");
    QTest::newRow("vault login token=") << QStringLiteral("vault login token=s.AbC123") << QStringLiteral("vault login token=****");
    QTest::newRow("consul -token=") << QStringLiteral("consul acl policy list -token=c0nsul-t0k") << QStringLiteral("consul acl policy list -token=****");
    QTest::newRow("mc alias set") << QStringLiteral("mc alias set myminio http://localhost:9000 minioadmin M1nio-s3cret")
                                  << QStringLiteral("mc alias set myminio http://localhost:9000 minioadmin ****");
    QTest::newRow("net use") << QStringLiteral("net use \\\\fs01\\share Sh4re-Pw /user:CORP\\bob")
                             << QStringLiteral("net use \\\\fs01\\share **** /user:CORP\\bob");
    QTest::newRow("NET use, two spaces") << QStringLiteral("NET  use \\\\fs01\\share Sh4re-Pw3 /user:CORP\\bob")
                                         << QStringLiteral("NET  use \\\\fs01\\share **** /user:CORP\\bob");
    QTest::newRow("net use, password last") << QStringLiteral("NET USE Z: \\\\fs01\\share /USER:CORP\\bob Sh4re-Pw2 /persistent:yes")
                                            << QStringLiteral("NET USE Z: \\\\fs01\\share /USER:CORP\\bob **** /persistent:yes");
    QTest::newRow("cmdkey /pass:") << QStringLiteral("cmdkey /add:fs01 /user:CORP\\bob /pass:Cmdk3y-pw")
                                   << QStringLiteral("cmdkey /add:fs01 /user:CORP\\bob /pass:****");
    QTest::newRow("ConvertTo-SecureString") << QStringLiteral("$pw = ConvertTo-SecureString \"Ps-Pl4in\" -AsPlainText -Force")
                                            << QStringLiteral("$pw = ConvertTo-SecureString \"****\" -AsPlainText -Force");
    QTest::newRow("ConvertTo-SecureString -String") << QStringLiteral("ConvertTo-SecureString -String 'Ps-Pl4in2' -asplaintext -Force")
                                                    << QStringLiteral("ConvertTo-SecureString -String '****' -asplaintext -Force");
    QTest::newRow("piped to ConvertTo-SecureString") << QStringLiteral("\"Ps-Pl4in3\" | ConvertTo-SecureString -AsPlainText -Force")
                                                     << QStringLiteral("\"****\" | ConvertTo-SecureString -AsPlainText -Force");
    // JavaScript and TypeScript constants named for a credential.
    QTest::newRow("js const") << QStringLiteral("const API_KEY = \"abc123def456\";") << QStringLiteral("const API_KEY = \"****\";");
    QTest::newRow("js const single-quoted") << QStringLiteral("const dbPassword = 'x';") << QStringLiteral("const dbPassword = '****';");
    QTest::newRow("js template literal") << QStringLiteral("const API_KEY = `jsK3y-tmpl`;") << QStringLiteral("const API_KEY = ****;");
    QTest::newRow("ts annotated const") << QStringLiteral("const apiKey: string = \"tsK3y-789\";") << QStringLiteral("const apiKey: string = \"****\";");
    QTest::newRow("js camelCase key") << QStringLiteral("export const stripeKey = 'rk3y-abc123';") << QStringLiteral("export const stripeKey = '****';");
    // A key/value table: the first cell names the credential.
    QTest::newRow("key/value table row") << QStringLiteral("Accounts:\n| DB_PASSWORD | tblPw-42x |") << QStringLiteral("Accounts:\n| DB_PASSWORD | **** |");
    QTest::newRow("key/value table row in code") << QStringLiteral("Accounts:\n| `API_TOKEN` | `tblTok-9` | the CI token |")
                                                 << QStringLiteral("Accounts:\n| `API_TOKEN` | `****` | the CI token |");
    // Labels in bold or HTML name a token, an API key, a secret or an access key as they name a
    // password: the value has a letter and a digit.
    QTest::newRow("bold token label") << QStringLiteral("**Token:** abc123XYZ") << QStringLiteral("**Token:** ****");
    QTest::newRow("bold API key, colon after") << QStringLiteral("- **API key**: k3y-abc123") << QStringLiteral("- **API key**: ****");
    QTest::newRow("HTML secret label") << QStringLiteral("<b>Secret:</b> s3cr3t-val") << QStringLiteral("<b>Secret:</b> ****");
    QTest::newRow("HTML access key, value in code") << QStringLiteral("<strong>Access key:</strong> <code>aK9-xyz1</code>")
                                                    << QStringLiteral("<strong>Access key:</strong> <code>****</code>");
    QTest::newRow("bold secret access key with a slash") << QStringLiteral("**Secret access key:** wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz")
                                                         << QStringLiteral("**Secret access key:** ****");
    QTest::newRow("underscored bold secret") << QStringLiteral("__Client secret__: cl1ent-s3c") << QStringLiteral("__Client secret__: ****");
    // An environment variable's row holds its value whatever its shape.
    QTest::newRow("env table row, a word") << QStringLiteral("Accounts:\n| DB_PASSWORD | hunter |") << QStringLiteral("Accounts:\n| DB_PASSWORD | **** |");
    QTest::newRow("env table row, in code") << QStringLiteral("Accounts:\n| `API_TOKEN` | `abcdef` |") << QStringLiteral("Accounts:\n| `API_TOKEN` | `****` |");
    QTest::newRow("env table row, three cells") << QStringLiteral("Keys:\n| STRIPE_SECRET_KEY | sekrit | the live key |")
                                                << QStringLiteral("Keys:\n| STRIPE_SECRET_KEY | **** | the live key |");
    // Names ending in PWD, which the rules name, reach them: MySQL reads MYSQL_PWD.
    QTest::newRow("MYSQL_PWD") << QStringLiteral("export MYSQL_PWD=hunter2x") << QStringLiteral("export MYSQL_PWD=****");
    QTest::newRow("env table row, PWD") << QStringLiteral("Accounts:\n| DB_PWD | hunter2x |") << QStringLiteral("Accounts:\n| DB_PWD | **** |");
    QTest::newRow("camelCase Pwd") << QStringLiteral("dbPwd: hunter2x") << QStringLiteral("dbPwd: ****");
    // Vault's tokens by their shape, wherever they stand.
    QTest::newRow("vault service token in prose") << QStringLiteral("Token for Vault: `hvs.CAESIJx8Qz3kQp9aVb2n`")
                                                  << QStringLiteral("Token for Vault: `****`");
    QTest::newRow("vault batch token") << QStringLiteral("use hvb.AAAAAQKx8Qz3kQp9aVb2nXyZ now") << QStringLiteral("use **** now");
    QTest::newRow("db_pwd key") << QStringLiteral("db_pwd: hunter2x") << QStringLiteral("db_pwd: ****");
    QTest::newRow("quoted DB-PWD key") << QStringLiteral("DB-PWD: \"hunter 2x\"") << QStringLiteral("DB-PWD: \"****\"");
    QTest::newRow("js PWD constant") << QStringLiteral("const DB_PWD = \"hunter2x\";") << QStringLiteral("const DB_PWD = \"****\";");
    QTest::newRow("env table row, digits") << QStringLiteral("Accounts:\n| PIN_PASSWORD | 123456 |") << QStringLiteral("Accounts:\n| PIN_PASSWORD | **** |");
    // A value in an HTML code element after a key's colon.
    QTest::newRow("token in <code>") << QStringLiteral("Token: <code>abc123XYZ</code>") << QStringLiteral("Token: <code>****</code>");
    // JavaScript's private class fields.
    QTest::newRow("js private field") << QStringLiteral("  #apiKey = \"pr1v-f1eld\";") << QStringLiteral("  #apiKey = \"****\";");
    QTest::newRow("js static private field") << QStringLiteral("class C { static #token = 'st4tic-f1eld'; }")
                                             << QStringLiteral("class C { static #token = '****'; }");
    QTest::newRow("ts typed private field") << QStringLiteral("{ #dbPassword: string = \"typ3d-f1eld\"; }")
                                            << QStringLiteral("{ #dbPassword: string = \"****\"; }");
    // vault login takes its first argument as the token, whatever its shape.
    QTest::newRow("vault login, a word") << QStringLiteral("Log in:\nvault login root") << QStringLiteral("Log in:\nvault login ****");
    QTest::newRow("vault login after a prompt") << QStringLiteral("Log in:\n$ vault login -no-print root") << QStringLiteral("Log in:\n$ vault login -no-print ****");
    QTest::newRow("vault login in a code span") << QStringLiteral("Run `vault login devroot` first.") << QStringLiteral("Run `vault login ****` first.");
    // consul and nomad take -token and --token with a space too.
    QTest::newRow("consul -token, spaced") << QStringLiteral("List:\nconsul acl policy list -token c0nsul-t0k") << QStringLiteral("List:\nconsul acl policy list -token ****");
    QTest::newRow("consul -token, a word") << QStringLiteral("List:\nconsul members -token secretword") << QStringLiteral("List:\nconsul members -token ****");
    QTest::newRow("nomad --token") << QStringLiteral("nomad job status --token n0mad-t0k web") << QStringLiteral("nomad job status --token **** web");
    // …and after what runs a command for another: sudo and its options, doas, env and
    // assignments, time, exec, a container's "--".
    QTest::newRow("sudo consul -token") << QStringLiteral("Log in with `sudo consul acl token read -token 7f3c9a21-55aa-4b1e-9e0c-2d1f0b6c7e11 -self`.")
                                        << QStringLiteral("Log in with `sudo consul acl token read -token **** -self`.");
    QTest::newRow("sudo with options") << QStringLiteral("List:\nsudo -E -u consul consul members -token c0nsul-t0k")
                                       << QStringLiteral("List:\nsudo -E -u consul consul members -token ****");
    QTest::newRow("sudo -u vault vault login") << QStringLiteral("Log in:\nsudo -u vault vault login devroot")
                                               << QStringLiteral("Log in:\nsudo -u vault vault login ****");
    QTest::newRow("sudo --preserve-env=") << QStringLiteral("Log in:\n$ sudo --preserve-env=VAULT_ADDR vault login devroot")
                                          << QStringLiteral("Log in:\n$ sudo --preserve-env=VAULT_ADDR vault login ****");
    QTest::newRow("doas vault login") << QStringLiteral("Log in:\ndoas vault login devroot") << QStringLiteral("Log in:\ndoas vault login ****");
    QTest::newRow("env, then nomad") << QStringLiteral("List:\nenv NOMAD_ADDR=http://127.0.0.1:4646 nomad job status -token n0mad-t0k web")
                                     << QStringLiteral("List:\nenv NOMAD_ADDR=http://127.0.0.1:4646 nomad job status -token **** web");
    QTest::newRow("an assignment, then vault login") << QStringLiteral("Log in:\nVAULT_ADDR=https://vault:8200 vault login devroot")
                                                     << QStringLiteral("Log in:\nVAULT_ADDR=https://vault:8200 vault login ****");
    QTest::newRow("time consul") << QStringLiteral("List:\ntime consul kv get -token c0nsul-t0k app/config")
                                 << QStringLiteral("List:\ntime consul kv get -token **** app/config");
    QTest::newRow("exec consul") << QStringLiteral("List:\nexec consul members -token c0nsul-t0k") << QStringLiteral("List:\nexec consul members -token ****");
    QTest::newRow("consul in a container") << QStringLiteral("kubectl exec -it consul-0 -- consul members -token c0nsul-t0k")
                                           << QStringLiteral("kubectl exec -it consul-0 -- consul members -token ****");
    // TypeScript class fields and object literals.
    QTest::newRow("ts private field") << QStringLiteral("  private apiKey = \"pr1v-k3y\";") << QStringLiteral("  private apiKey = \"****\";");
    QTest::newRow("ts readonly field") << QStringLiteral("  readonly clientSecret = 'r0-s3cret';") << QStringLiteral("  readonly clientSecret = '****';");
    QTest::newRow("ts typed field") << QStringLiteral("  private readonly apiKey: string = \"typ3d-k3y\";")
                                    << QStringLiteral("  private readonly apiKey: string = \"****\";");
    QTest::newRow("js object literal") << QStringLiteral("const client = new Client({ apiKey: \"obj-k3y-1\", region: \"eu\" });")
                                       << QStringLiteral("const client = new Client({ apiKey: \"****\", region: \"eu\" });");
    // Names that hold a credential word and still name one.
    QTest::newRow("yaml secret_key") << QStringLiteral("secret_key: s3cr3tK3y") << QStringLiteral("secret_key: ****");
    QTest::newRow("yaml access_token") << QStringLiteral("access_token: acc3ssT0k") << QStringLiteral("access_token: ****");
    // Shapes found in onboarding and wiki guides: a dotted or quoted assignment (helm's --set,
    // terraform's -var, ansible's --extra-vars), a signing key's variable, az login -p,
    // openssl's pass:, htpasswd's batch mode, a password echoed into --password-stdin.
    QTest::newRow("helm --set-string dotted") << QStringLiteral("helm install pay ./chart --set-string auth.token=HelmTok12 --wait")
                                              << QStringLiteral("helm install pay ./chart --set-string auth.token=**** --wait");
    QTest::newRow("terraform -var quoted") << QStringLiteral("terraform apply -var \"db_password=TfVarPw13\"")
                                           << QStringLiteral("terraform apply -var \"db_password=****\"");
    QTest::newRow("ansible --extra-vars") << QStringLiteral("ansible-playbook site.yml --extra-vars 'ansible_become_pass=AnsBecome14'")
                                          << QStringLiteral("ansible-playbook site.yml --extra-vars 'ansible_become_pass=****'");
    QTest::newRow("signing key variable") << QStringLiteral("JWT_SIGNING_KEY=jwtKeyXyz9") << QStringLiteral("JWT_SIGNING_KEY=****");
    QTest::newRow("az login -p") << QStringLiteral("az login --service-principal -u app-id -p AzSpPw18 --tenant t1")
                                 << QStringLiteral("az login --service-principal -u app-id -p **** --tenant t1");
    QTest::newRow("openssl -passout pass:") << QStringLiteral("openssl pkcs12 -export -in c.pem -out b.p12 -passout pass:P12Pass15")
                                            << QStringLiteral("openssl pkcs12 -export -in c.pem -out b.p12 -passout pass:****");
    QTest::newRow("htpasswd -b") << QStringLiteral("htpasswd -b -c /etc/nginx/.htpasswd admin HtPassPw8")
                                 << QStringLiteral("htpasswd -b -c /etc/nginx/.htpasswd admin ****");
    QTest::newRow("htpasswd -bc") << QStringLiteral("htpasswd -bcB .htpasswd admin hunter") << QStringLiteral("htpasswd -bcB .htpasswd admin ****");
    QTest::newRow("echo into --password-stdin") << QStringLiteral("echo \"NpmTok12\" | docker login -u bot --password-stdin ghcr.io")
                                                << QStringLiteral("echo \"****\" | docker login -u bot --password-stdin ghcr.io");
    // aws configure set takes the secret key as an argument; a wiki's "user …, password …".
    QTest::newRow("aws configure set") << QStringLiteral("aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz")
                                       << QStringLiteral("aws configure set aws_secret_access_key ****");
    QTest::newRow("aws configure set, a profile's") << QStringLiteral("aws configure set profile.prod.aws_session_token FwoGZXIvYXdz --profile prod")
                                                    << QStringLiteral("aws configure set profile.prod.aws_session_token **** --profile prod");
    QTest::newRow("user, then password in code") << QStringLiteral("- Grafana: user `admin`, password `grafAdmin`")
                                                 << QStringLiteral("- Grafana: user `admin`, password `****`");
    // A PIN is digits alone: after a label that says PIN, or in a key/value row.
    QTest::newRow("PIN:") << QStringLiteral("PIN: 482913") << QStringLiteral("PIN: ****");
    QTest::newRow("bold PIN:") << QStringLiteral("**PIN:** 4829 (the door)") << QStringLiteral("**PIN:** **** (the door)");
    QTest::newRow("bold PIN, colon after") << QStringLiteral("- **PIN**: 4829") << QStringLiteral("- **PIN**: ****");
    QTest::newRow("door PIN: in code") << QStringLiteral("Door PIN: `4829`, then the lift.") << QStringLiteral("Door PIN: `****`, then the lift.");
    QTest::newRow("PIN code:") << QStringLiteral("SIM PIN code: 0000") << QStringLiteral("SIM PIN code: ****");
    QTest::newRow("key/value row, PIN") << QStringLiteral("Accounts:\n| PIN | 482913 |") << QStringLiteral("Accounts:\n| PIN | **** |");
    QTest::newRow("key/value row, PIN in code") << QStringLiteral("Accounts:\n| SIM PIN | `1234` | the spare phone |")
                                                << QStringLiteral("Accounts:\n| SIM PIN | `****` | the spare phone |");
    // A password in prose, one word in a code span: the span says where the value is, whatever
    // its shape.
    QTest::newRow("password is, a word in code") << QStringLiteral("The dev database password is `relaydev`. Connect with it.")
                                                 << QStringLiteral("The dev database password is `****`. Connect with it.");
    QTest::newRow("password is, a word in <code>") << QStringLiteral("The password is <code>relaydev</code> on dev.")
                                                   << QStringLiteral("The password is <code>****</code> on dev.");
    QTest::newRow("with the password, a word in code") << QStringLiteral("Log in with the password `relaydev` and retry.")
                                                       << QStringLiteral("Log in with the password `****` and retry.");
    QTest::newRow("bold password label, a word in code") << QStringLiteral("**Password:** `relaydev` (dev only)")
                                                         << QStringLiteral("**Password:** `****` (dev only)");
    // A credential named in prose, its value in code after "is" or "was".
    QTest::newRow("api key is, in code") << QStringLiteral("The API key is `Zt8qLm2Rw`. Rotate it monthly.")
                                        << QStringLiteral("The API key is `****`. Rotate it monthly.");
    QTest::newRow("token was, in code") << QStringLiteral("Until Monday the token was `tok_91ab27cd38ef`.")
                                       << QStringLiteral("Until Monday the token was `****`.");
    QTest::newRow("client secret is") << QStringLiteral("The client secret is `qV7-xx2Lp`, from the portal.")
                                     << QStringLiteral("The client secret is `****`, from the portal.");
    // Commands that take a password as an argument.
    QTest::newRow("keytool -storepass") << QStringLiteral("keytool -list -keystore app.jks -storepass Vq8ersT2x")
                                       << QStringLiteral("keytool -list -keystore app.jks -storepass ****");
    QTest::newRow("keytool import passwords")
        << QStringLiteral("keytool -importkeystore -srckeystore a.p12 -srcstorepass Vq8ersT2x -deststorepass 'Wq9 ersT3y' -destkeypass Kp4x")
        << QStringLiteral("keytool -importkeystore -srckeystore a.p12 -srcstorepass **** -deststorepass '****' -destkeypass ****");
    QTest::newRow("rabbitmqctl add_user") << QStringLiteral("sudo rabbitmqctl add_user deploy Hx72kPq9w")
                                         << QStringLiteral("sudo rabbitmqctl add_user deploy ****");
    QTest::newRow("rabbitmqctl change_password") << QStringLiteral("rabbitmqctl -n rabbit@mq1 change_password \"ops team\" s3cr3tPass")
                                                << QStringLiteral("rabbitmqctl -n rabbit@mq1 change_password \"ops team\" ****");
    QTest::newRow("fish set -x") << QStringLiteral("set -x DB_PASSWORD Lm3nq8Zt") << QStringLiteral("set -x DB_PASSWORD ****");
    QTest::newRow("fish set -gx") << QStringLiteral("; set -gx GITHUB_TOKEN 'ghx-91ab27'") << QStringLiteral("; set -gx GITHUB_TOKEN '****'");
    // A passphrase is words; a tab before the colon is a space.
    QTest::newRow("passphrase of words") << QStringLiteral("passphrase: correct horse battery staple") << QStringLiteral("passphrase: ****");
    QTest::newRow("tab before the colon") << QStringLiteral("token\t: abc123x") << QStringLiteral("token\t: ****");
    QTest::newRow("PIN said in prose") << QStringLiteral("The door PIN is 4829, the backup PIN was 7713.")
                                      << QStringLiteral("The door PIN is ****, the backup PIN was ****.");
    // A tab is a space wherever the rules allow one.
    QTest::newRow("token<tab>is, in code") << QStringLiteral("The token\tis `Zt8qLm2RwCC`.") << QStringLiteral("The token\tis `****`.");
    QTest::newRow("rabbitmqctl add_user<tab>") << QStringLiteral("rabbitmqctl add_user\tdeploy Hx72kPq9wAA")
                                              << QStringLiteral("rabbitmqctl add_user\tdeploy ****");
    QTest::newRow("set<tab>-x") << QStringLiteral("set\t-x DB_PASSWORD Lm3nq8ZtQQ") << QStringLiteral("set\t-x DB_PASSWORD ****");
}

void TestSecretRedaction::theScanMissesNoRuleThatMatches()
{
    // The scan that picks which rules to run only saves work: with every rule run, the text is
    // masked the same, also with tabs for spaces and in capitals, which the rules take alike.
    QFETCH(QString, text);
    const QStringList variants{text, QString(text).replace(QLatin1Char(' '), QLatin1Char('\t')), text.toUpper()};
    for (const QString &variant : variants)
        QCOMPARE(SecretRedaction::redact(variant), SecretRedaction::redactTryingEveryRule(variant));
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
    QTest::newRow("where the token is") << QStringLiteral("The token is stored in `~/.vault-token`.");
    QTest::newRow("how long a PIN is") << QStringLiteral("The PIN is 6 digits long; the PIN was 2024-era policy.");
    QTest::newRow("a token's state in code") << QStringLiteral("The token is `expired`; the API key is `required`; the token was `Revoked`.");
    QTest::newRow("fish, a name that holds PASS") << QStringLiteral("set -x COMPASS_URL http://compass.internal:8080");
    QTest::newRow("fish, where the password is") << QStringLiteral("set -gx DB_PASSWORD_FILE /run/secrets/db");
    QTest::newRow("a config key is") << QStringLiteral("The config key is `spring.datasource.url`.");
    QTest::newRow("a secret's name is") << QStringLiteral("The secret is `payments-db-credentials` in the `payments` namespace.");
    QTest::newRow("the token is a variable") << QStringLiteral("The token is `$VAULT_TOKEN` in CI.");
    QTest::newRow("keytool password from env") << QStringLiteral("keytool -list -keystore app.jks -storepass:env STOREPASS");
    QTest::newRow("keytool asks") << QStringLiteral("keytool -list -keystore app.jks -storepass");
    QTest::newRow("set -e") << QStringLiteral("set -e\nset -x PATH $PATH /usr/local/bin");
    QTest::newRow("rabbitmqctl list_users") << QStringLiteral("rabbitmqctl list_users");
    QTest::newRow("variable") << QStringLiteral("curl -H \"Authorization: Bearer $TOKEN\" http://x/");
    QTest::newRow("placeholder") << QStringLiteral("curl -H 'X-Api-Key: <your key>' https://a/");
    QTest::newRow("url without password") << QStringLiteral("psql postgresql://app@db:5432/orders");
    QTest::newRow("redis url without password") << QStringLiteral("redis://localhost:6379/0");
    QTest::newRow("kcat broker") << QStringLiteral("kcat -b localhost:9092 -L");
    QTest::newRow("env name only") << QStringLiteral("echo $DATABASE_PASSWORD");
    QTest::newRow("vault token prefix named") << QStringLiteral("Service tokens start with hvs. and batch tokens with hvb.");
    QTest::newRow("pwd not found") << QStringLiteral("bash: pwd: command not found");
    QTest::newRow("pwd output") << QStringLiteral("pwd: /home/app");
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
    // Prose after a credential word and a colon is a sentence, not a value.
    QTest::newRow("a sentence after token:") << QStringLiteral("The API never saw a token: the client did not attach it.");
    QTest::newRow("a sentence after password:") << QStringLiteral("Reset the password: if it has expired, the login page says so.");
    // A scheme or a mode named after a credential word is no credential (Triage's check blocks).
    QTest::newRow("auth: password") << QStringLiteral("auth: password");
    QTest::newRow("auth: bearer") << QStringLiteral("auth: bearer");
    QTest::newRow("python annotation") << QStringLiteral("def decode_token(token: str) -> dict:");
    QTest::newRow("typescript field") << QStringLiteral("  apiKey: string;");
    // Code that takes a credential from elsewhere, and placeholders that name it.
    QTest::newRow("a call") << QStringLiteral("  const refreshToken = getRefreshToken();");
    QTest::newRow("an arrow function") << QStringLiteral("const refreshAccessToken = async () => {");
    QTest::newRow("a variable named for it") << QStringLiteral("    refresh_token: refreshToken");
    QTest::newRow("a setting") << QStringLiteral("DB_PASSWORD = settings.dbPassword");
    QTest::newRow("environ") << QStringLiteral("password = os.environ[\"DB_PASSWORD\"]");
    QTest::newRow("f-string field") << QStringLiteral("    print(f\"Invalid token: {e}\")");
    QTest::newRow("helm template") << QStringLiteral("password: {{ .Values.db.password }}");
    QTest::newRow("the word password as the password") << QStringLiteral("DATABASE_URL = \"postgresql://user:password@localhost:5432/app\"");
    QTest::newRow("a reference by name") << QStringLiteral("| `jwt` | `source` (env:NAME, secret:KEY, file:PATH), `audience` |");
    // -a is redis-cli's password; elsewhere it means "all".
    QTest::newRow("docker prune -a") << QStringLiteral("docker image prune -a          # images not used by any container");
    QTest::newRow("docker ps -a | grep") << QStringLiteral("docker ps -a | grep api");
    QTest::newRow("git commit -a -m") << QStringLiteral("git commit -a -m 'fix'");
    QTest::newRow("mysql -p alone prompts") << QStringLiteral("mysql -u root -p shop");
    QTest::newRow("psql -p port") << QStringLiteral("psql -h db -p5432 -U app");
    QTest::newRow("ssh -p port") << QStringLiteral("ssh -p 2222 deploy@host");
    // From the review: keys that hold no credential, technical words after "password".
    QTest::newRow("sortKey") << QStringLiteral("  sortKey: createdAt");
    QTest::newRow("pageToken") << QStringLiteral("  nextToken: abc123");
    QTest::newRow("password hash") << QStringLiteral("The password SHA256 hash is stored.");
    QTest::newRow("scram verifier") << QStringLiteral("the password scram-sha-256 verifier");
    QTest::newRow("pwd command") << QStringLiteral("run pwd x86_64");
    QTest::newRow("a key mentioned in prose") << QStringLiteral("The file starts with\n-----BEGIN OPENSSH PRIVATE KEY-----\n\nConvert it with ssh-keygen first.");
    QTest::newRow("camelCase non-secret") << QStringLiteral("  passwordPolicy: strict");
    QTest::newRow("monkey") << QStringLiteral("  monkeyKeyboard: yes please");
    QTest::newRow("xml placeholder") << QStringLiteral("<password>${env.MAVEN_PASSWORD}</password>");
    // The mask stops where its code span does, or takes nothing.
    QTest::newRow("a header's name in code") << QStringLiteral("grep for `Authorization: Bearer` in the log. Then check the ingress.");
    QTest::newRow("a key's BEGIN line in prose") << QStringLiteral("a line reading -----BEGIN OPENSSH PRIVATE KEY----- in the ticket means rotate it.");
    // Numbers, versions, paths and references are no credentials.
    QTest::newRow("token lifetime") << QStringLiteral("set `ACCESS_TOKEN_TTL=3600` (seconds) and `MAX_PASSWORD_LENGTH=128`.");
    QTest::newRow("image tag") << QStringLiteral("deploy `auth:2024.06.3` which has the fix, then `docker pull auth:2024.06.3`.");
    QTest::newRow("an option in an error") << QStringLiteral("Please provide a token with --token or set ACME_TOKEN");
    QTest::newRow("env reference") << QStringLiteral("`config.js` reads `password: process.env.DB_PASSWORD`");
    QTest::newRow("a secret's file") << QStringLiteral("compose sets `POSTGRES_PASSWORD_FILE=/run/secrets/pg`.");
    QTest::newRow("prose about passwords") << QStringLiteral("The password authentication failed because the password expired.");
    QTest::newRow("password policy") << QStringLiteral("A password must have 12 characters; see the password policy.");
    QTest::newRow("docker run -p") << QStringLiteral("docker run -p 8080:80 nginx");
    QTest::newRow("json placeholder") << QStringLiteral("{\"password\": \"<secret>\", \"token\": \"${TOKEN}\"}");
    QTest::newRow("json scheme") << QStringLiteral("{\"auth\": \"bearer\"}");
    QTest::newRow("quoted placeholder") << QStringLiteral("password: 'your-password'");
    QTest::newRow("empty quotes") << QStringLiteral("password: \"\"");
    QTest::newRow("short sk-") << QStringLiteral("task-runner sk-8 short");
    QTest::newRow("public key") << QStringLiteral("-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----");
    // Names that start or end with a credential word and name a key column, an endpoint or a
    // method.
    QTest::newRow("primary_key") << QStringLiteral("primary_key: id");
    QTest::newRow("token_endpoint") << QStringLiteral("token_endpoint: https://idp.example.com/token");
    QTest::newRow("auth_method") << QStringLiteral("auth_method: scram-sha-256");
    QTest::newRow("password_encryption") << QStringLiteral("password_encryption = scram-sha-256");
    QTest::newRow("json sort key") << QStringLiteral("{\"sort_key\": \"created_at\"}");
    // A bold label before a sentence, as lists of checks write them.
    QTest::newRow("bold label, then prose") << QStringLiteral("* **API Key**: Confirm `AZURE_OPENAI_API_KEY` / `OPENAI_API_KEY` is set.");
    QTest::newRow("bold password label, then prose") << QStringLiteral("* **Password**: rotate it every 90 days.");
    // Placeholders and prompts where a command takes a credential; a clock is no .pgpass line.
    QTest::newRow("vault login in prose") << QStringLiteral("Run vault login first, then retry.");
    QTest::newRow("mc placeholders") << QStringLiteral("mc alias set myminio http://localhost:9000 ACCESS_KEY SECRET_KEY");
    QTest::newRow("net use prompts") << QStringLiteral("net use Z: \\\\fs01\\share /user:CORP\\bob *");
    QTest::newRow("httpie prompts") << QStringLiteral("http -a admin GET https://api.example.com/me");
    QTest::newRow("a clock time") << QStringLiteral("at 10:30:45 the job ran");
    // A table's header row, words, a variable's name, a method, an outcome; code that reads a
    // key from elsewhere, a type.
    QTest::newRow("table header, Token") << QStringLiteral("| Token | Meaning |");
    QTest::newRow("table header, Key") << QStringLiteral("| Key | Action |");
    QTest::newRow("table header, key") << QStringLiteral("| key | meaning |");
    QTest::newRow("table row of words") << QStringLiteral("| DB_PASSWORD | set by the operator |");
    QTest::newRow("table row of a variable") << QStringLiteral("| API_TOKEN | `CI_API_TOKEN` |");
    QTest::newRow("table row of a method") << QStringLiteral("Settings:\n| auth_method | scram-sha-256 |");
    QTest::newRow("table row of an outcome") << QStringLiteral("| `auth_failed` | fail | the server refused the credentials |");
    QTest::newRow("table row of a file") << QStringLiteral("| PASSWORD_FILE | /run/secrets/db1 |");
    QTest::newRow("table row of a lifetime") << QStringLiteral("| token_ttl | 30s |");
    // A bold or HTML label before prose.
    QTest::newRow("bold token label, then prose") << QStringLiteral("**Token:** the one from the dashboard");
    QTest::newRow("HTML secret label, then prose") << QStringLiteral("<b>Secret:</b> stored in Vault under kv/payments");
    QTest::newRow("bold secret label, a path") << QStringLiteral("**Secret:** `kv/data/app1`");
    // An environment variable's row: a placeholder, a variable, nothing, a description, a type,
    // a well-known default; a header row.
    QTest::newRow("env table row, placeholder") << QStringLiteral("| DB_PASSWORD | <password> |");
    QTest::newRow("env table row, variable") << QStringLiteral("| DB_PASSWORD | $DB_PASSWORD |");
    QTest::newRow("env table row, braced variable") << QStringLiteral("| API_TOKEN | ${API_TOKEN} |");
    QTest::newRow("env table row, changeme") << QStringLiteral("| DB_PASSWORD | changeme |");
    QTest::newRow("env table row, empty") << QStringLiteral("| DB_PASSWORD |  |");
    QTest::newRow("env table row, description") << QStringLiteral("| DB_PASSWORD | The database user's password |");
    QTest::newRow("env table row, type") << QStringLiteral("| API_TOKEN | string | required |");
    QTest::newRow("env table row, a shape cut short") << QStringLiteral("| OPENAI_API_KEY | sk-... |\n| STRIPE_SECRET_KEY | sk_live_… |");
    QTest::newRow("env table row, a mark") << QStringLiteral("| API_TOKEN | ✓ |");
    QTest::newRow("env table row, how it is set") << QStringLiteral("| API_TOKEN | automatic |\n| DB_PASSWORD | generated |");
    QTest::newRow("table row of a lifetime in seconds") << QStringLiteral("| TOKEN_TTL | 3600 |");
    QTest::newRow("js private field from the environment") << QStringLiteral("  #apiKey = process.env.API_KEY;");
    QTest::newRow("working directory") << QStringLiteral("PWD=/home/app OLDPWD=$HOME ./run.sh");
    QTest::newRow("anchor link") << QStringLiteral("See [the key](#apiKey) = \"below\".");
    QTest::newRow("env table row, in emphasis") << QStringLiteral("| `DB_PASSWORD` | **required** |\n| GITHUB_TOKEN | *automatic* |");
    QTest::newRow("env table header") << QStringLiteral("| API_TOKEN | MEANING |\n|---|---|\n| `x` | y |");
    QTest::newRow("table row, a word under a plain name") << QStringLiteral("| Password | hunter |");
    // vault login with a method, a variable, a placeholder; -token in prose.
    QTest::newRow("vault login with a method") << QStringLiteral("vault login -method=userpass username=admin");
    QTest::newRow("vault login, method then a word") << QStringLiteral("vault login -method=oidc role");
    QTest::newRow("vault login, a variable") << QStringLiteral("vault login $VAULT_TOKEN");
    QTest::newRow("vault login, a placeholder") << QStringLiteral("vault login TOKEN");
    QTest::newRow("vault login, continued") << QStringLiteral("vault login \\\n  -method=oidc");
    QTest::newRow("consul -token, a variable") << QStringLiteral("consul members -token $CONSUL_HTTP_TOKEN");
    QTest::newRow("consul's -token in prose") << QStringLiteral("Pass consul's -token flag or set CONSUL_HTTP_TOKEN.");
    // Code that reads a credential from the environment or a configuration.
    QTest::newRow("js process.env") << QStringLiteral("const authToken = process.env.AUTH_TOKEN;");
    QTest::newRow("js process.env, bracketed") << QStringLiteral("const authToken = process.env[\"AUTH_TOKEN\"];");
    QTest::newRow("python os.environ") << QStringLiteral("token = os.environ[\"API_TOKEN\"]");
    QTest::newRow("python os.getenv") << QStringLiteral("password = os.getenv(\"DB_PASSWORD\", \"\")");
    QTest::newRow("java System.getenv") << QStringLiteral("String secret = System.getenv(\"APP_SECRET\");");
    QTest::newRow("ruby ENV") << QStringLiteral("api_key = ENV[\"API_KEY\"]");
    QTest::newRow("js process.env, another name") << QStringLiteral("const authToken = process.env.GH_PAT;");
    QTest::newRow("js process.env, non-null") << QStringLiteral("const authToken = process.env.AUTH_TOKEN!;");
    QTest::newRow("js process.env after a colon") << QStringLiteral("  api_key: process.env.STRIPE,");
    QTest::newRow("vite import.meta.env") << QStringLiteral("export const API_TOKEN = import.meta.env.VITE_TOK;");
    QTest::newRow("js config.get") << QStringLiteral("const apiKey = config.get('apiKey');");
    QTest::newRow("ts field from the environment") << QStringLiteral("  private readonly apiKey: string = process.env.API_KEY ?? \"\";");
    QTest::newRow("object literal from the environment") << QStringLiteral("new Client({ apiKey: process.env.OPENAI_API_KEY })");
    QTest::newRow("js from the environment") << QStringLiteral("const API_KEY = process.env.API_KEY;");
    QTest::newRow("ts type, then a call") << QStringLiteral("const apiKey: string = readKey();");
    // Placeholders in a code span after "password is": a variable, a prompt, a default that
    // says "change me", a variable's name.
    QTest::newRow("password is, a variable in code") << QStringLiteral("The password is `$DB_PASSWORD`.");
    QTest::newRow("password is, a braced variable in code") << QStringLiteral("The password is `${PASSWORD}`.");
    QTest::newRow("password is, a prompt in code") << QStringLiteral("The password is `<your password>`.");
    QTest::newRow("password is, changeme in code") << QStringLiteral("The default password is `changeme`; change it.");
    QTest::newRow("password is, xxxx in code") << QStringLiteral("The password is `xxxx` in the example.");
    QTest::newRow("password is, a variable's name in code") << QStringLiteral("The password is `DB_PASSWORD` from the vault.");
    QTest::newRow("password is, none in code") << QStringLiteral("The password is `none` for the guest user.");
    // sudo in prose, and what sudo runs that takes no token.
    QTest::newRow("sudo vault login in prose") << QStringLiteral("Run sudo vault login first, then retry.");
    QTest::newRow("sudo vault login with a method") << QStringLiteral("sudo vault login -method=oidc role");
    QTest::newRow("sudo consul, anonymous") << QStringLiteral("sudo consul members -token anonymous");
    QTest::newRow("sudo -u consul, a placeholder") << QStringLiteral("sudo -u consul consul members -token TOKEN");
    QTest::newRow("sudo consul's -token in prose") << QStringLiteral("Use sudo consul with the -token flag set.");
    // "pin" that names no PIN: a YAML switch, a version, a GPIO pin's number, a PIN's length.
    QTest::newRow("pin: true") << QStringLiteral("pin: true");
    QTest::newRow("pin: a number in YAML") << QStringLiteral("  pin: 1234");
    QTest::newRow("pinned version") << QStringLiteral("Use the pinned version: 1.2.3, not 1.3.0.");
    QTest::newRow("GPIO PIN") << QStringLiteral("GPIO PIN: 17");
    QTest::newRow("PIN's length") << QStringLiteral("PIN length: 6");
    QTest::newRow("PIN: words") << QStringLiteral("PIN: 4 digits, sent by SMS");
    QTest::newRow("key/value row, PIN words") << QStringLiteral("| PIN | 4 digits |");
    QTest::newRow("key/value row, a pin's number") << QStringLiteral("| gpio_pin | 1234 |");
    QTest::newRow("key/value row, a version's pin") << QStringLiteral("| Pin | 2.31.0 |");
    // Without a delimiter row there is no table; a rule under a line is a heading's.
    QTest::newRow("pipes without a delimiter row") << QStringLiteral("User | Password\nadmin | hunter2x\n");
    QTest::newRow("a heading's rule") << QStringLiteral("User | Password\n---\nadmin | hunter2x\n");
    QTest::newRow("without outer pipes, a policy") << QStringLiteral("Setting | Password policy\n--- | ---\nmin length | 12\n");
    QTest::newRow("a pipeline, then a rule") << QStringLiteral("ps aux | grep password\n\n---\n\nadmin | hunter2x\n");
    // …and what those commands take that is no credential.
    QTest::newRow("helm --set, no credential") << QStringLiteral("helm upgrade pay ./chart --set image.tag=v1.2.3");
    QTest::newRow("terraform -var, no credential") << QStringLiteral("terraform apply -var \"region=eu-west-1\"");
    QTest::newRow("a signing key's file") << QStringLiteral("JWT_SIGNING_KEY_FILE=/run/secrets/jwt");
    QTest::newRow("openssl pass: a variable") << QStringLiteral("openssl pkcs12 -export -out b.p12 -passout pass:$P12_PASS");
    QTest::newRow("openssl pass: from a file") << QStringLiteral("openssl rsa -in k.pem -passin file:/run/secrets/pass");
    QTest::newRow("htpasswd prompts") << QStringLiteral("htpasswd -c /etc/nginx/.htpasswd admin");
    QTest::newRow("htpasswd -B prompts") << QStringLiteral("htpasswd -B /etc/nginx/.htpasswd bob");
    QTest::newRow("a variable into --password-stdin") << QStringLiteral("echo \"$CR_PAT\" | docker login ghcr.io -u bot --password-stdin");
    QTest::newRow("a file into --password-stdin") << QStringLiteral("cat ~/token.txt | docker login -u bot --password-stdin");
    QTest::newRow("az login, no password") << QStringLiteral("az login --tenant t1");
    QTest::newRow("aws configure set, a region") << QStringLiteral("aws configure set region eu-west-1");
    QTest::newRow("aws configure set, a variable") << QStringLiteral("aws configure set aws_secret_access_key \"$AWS_SECRET\"");
    QTest::newRow("a comma, then password in prose") << QStringLiteral("Unlock the user, password reset links expire in 1 hour.");
    // A table, and no column of it named for a credential.
    QTest::newRow("table") << QStringLiteral("| Error | Fix |\n|---|---|\n| 502 | Restart |\n");
}

void TestSecretRedaction::leavesOrdinaryTextAlone()
{
    QFETCH(QString, text);
    QCOMPARE(SecretRedaction::redact(text), text);
    // Shared, not copied.
    QCOMPARE(SecretRedaction::redact(text).constData(), text.constData());
    QString same = text;
    QString before = QStringLiteral("untouched");
    QVERIFY(!SecretRedaction::redactInPlace(&same, &before));
    QCOMPARE(same, text);
    QCOMPARE(before, QStringLiteral("untouched"));
}

void TestSecretRedaction::masksColumnsNamedForACredential()
{
    const QString text = QStringLiteral("Known accounts:\n\n"
                                        "| Environment | User | Password |\n"
                                        "|---|---|---|\n"
                                        "| dev | crm | T4bleDevPw1 |\n"
                                        "| uat | crm | `T4bleUatPw2` |\n"
                                        "| prod | crm | <ask the DBA> |\n"
                                        "\n"
                                        "| Key | Action |\n"
                                        "|---|---|\n"
                                        "| F5 | Reload |\n");
    QList<int> lines;
    const QString masked = SecretRedaction::maskCredentialColumns(text, &lines);
    QVERIFY(!masked.contains(QStringLiteral("T4ble")));
    QVERIFY(masked.contains(QStringLiteral("| dev | crm | **** |")));
    QVERIFY(masked.contains(QStringLiteral("| uat | crm | `****` |")));
    QVERIFY(masked.contains(QStringLiteral("<ask the DBA>")));     // a placeholder stays
    QVERIFY(masked.contains(QStringLiteral("| F5 | Reload |"))); // no credential column there
    QCOMPARE(lines, (QList<int>{4, 5}));
    // redact() applies it to a body.
    QVERIFY(!SecretRedaction::redact(text).contains(QStringLiteral("T4ble")));
    // Under a title that only ends with a credential's name, words and variables are no values.
    const QString names = QStringLiteral("| Setting | Admin password |\n|---|---|\n| Max age | 90 days |\n| Variable | `DB_PASSWORD` |\n");
    QCOMPARE(SecretRedaction::maskCredentialColumns(names), names);
    const QString tokens = QStringLiteral("| Token | Meaning |\n|---|---|\n| `%h` | host |\n");
    QCOMPARE(SecretRedaction::maskCredentialColumns(tokens), tokens);
    QVERIFY(!SecretRedaction::maskCredentialColumns(QStringLiteral("| Env | Passwords (prod) |\n|---|---|\n| db | Pr0dPw |\n"))
                 .contains(QStringLiteral("Pr0dPw")));
    // And a table without such a column is left as it is.
    const QString plain = QStringLiteral("| Error | Fix |\n|---|---|\n| 502 | Restart |\n");
    QCOMPARE(SecretRedaction::maskCredentialColumns(plain), plain);
}

void TestSecretRedaction::credentialNames_data()
{
    // Names whose value a check compares but never shows (env variables, headers, parameters).
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("credential");
    QTest::newRow("API_TOKEN") << QStringLiteral("API_TOKEN") << true;
    QTest::newRow("DB_PASSWORD") << QStringLiteral("DB_PASSWORD") << true;
    QTest::newRow("MYSQL_PWD") << QStringLiteral("MYSQL_PWD") << true;
    QTest::newRow("dbPwd") << QStringLiteral("dbPwd") << true;
    QTest::newRow("GPG_PASSPHRASE") << QStringLiteral("GPG_PASSPHRASE") << true;
    QTest::newRow("the shell's PWD") << QStringLiteral("PWD") << false;
    QTest::newRow("the shell's OLDPWD") << QStringLiteral("OLDPWD") << false;
    QTest::newRow("DB_HOST") << QStringLiteral("DB_HOST") << false;
}

void TestSecretRedaction::credentialNames()
{
    QFETCH(QString, name);
    QFETCH(bool, credential);
    QCOMPARE(SecretRedaction::isCredentialName(name), credential);
}

void TestSecretRedaction::masksColumnsThroughEitherEntryPoint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("password column") << QStringLiteral("| User | Password |\n|---|---|\n| app | hunter2xyz |\n")
                                     << QStringLiteral("| User | Password |\n|---|---|\n| app | **** |\n");
    QTest::newRow("in capitals") << QStringLiteral("Accounts:\n\n| Account | PASSWORD |\n| --- | --- |\n| app | `hunter2xyz` |")
                                 << QStringLiteral("Accounts:\n\n| Account | PASSWORD |\n| --- | --- |\n| app | `****` |");
    // A delimiter row that aligns its cells.
    QTest::newRow("aligned") << QStringLiteral("| User | Password |\n| :--- | :--- |\n| app | hunter2xyz |")
                             << QStringLiteral("| User | Password |\n| :--- | :--- |\n| app | **** |");
    // GFM's tables without pipes at the ends of a row: the delimiter row makes it a table.
    QTest::newRow("without outer pipes") << QStringLiteral("Setting | Password\n--- | ---\nstaging | hunter2staging\n\nThen deploy.")
                                         << QStringLiteral("Setting | Password\n--- | ---\nstaging | ****\n\nThen deploy.");
    QTest::newRow("without outer pipes, aligned") << QStringLiteral("User | Password | Note\n:-- | :-: | --:\napp | hunter2xyz | dev only")
                                                  << QStringLiteral("User | Password | Note\n:-- | :-: | --:\napp | **** | dev only");
    QTest::newRow("a trailing pipe only") << QStringLiteral("User | Password |\n---|---|\napp | `hunter2xyz` |\nops | h0nter |")
                                          << QStringLiteral("User | Password |\n---|---|\napp | `****` |\nops | **** |");
}

void TestSecretRedaction::masksColumnsThroughEitherEntryPoint()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedaction::redact(text), expected);
    QVERIFY(SecretRedaction::containsSecret(text));
    QString masked = text;
    QString before;
    QVERIFY(SecretRedaction::redactInPlace(&masked, &before));
    QCOMPARE(masked, expected);
    QCOMPARE(before, text);
}

void TestSecretRedaction::linesThatDefeatAnExpressionStayMasked_data()
{
    QTest::addColumn<QString>("text");
    // A value followed by 10,000 spaces and more text: an expression that backtracks over the
    // spaces for each character of the value gives up, and must not then show the value.
    const QString spaces(10000, QLatin1Char(' '));
    QTest::newRow("authorization") << QStringLiteral("Authorization: Bearer h0stileTok") + spaces + QStringLiteral("x");
    QTest::newRow("cookie") << QStringLiteral("Cookie: session=h0stileTok") + spaces + QStringLiteral("x");
    QTest::newRow("header") << QStringLiteral("password: h0stileTok") + spaces + QStringLiteral("x");
    QTest::newRow("camelCase key") << QStringLiteral("apiKey: h0stileTok") + spaces + QStringLiteral("x");
    QTest::newRow("second line") << QStringLiteral("Ready.\nAuthorization: Bearer h0stileTok") + spaces + QStringLiteral("x\nDone.");
    // Text that is not valid UTF-16 (a lone surrogate): PCRE refuses to read it at all.
    QTest::newRow("lone surrogate") << QStringLiteral("Ready.\npassword: h0stileTok ") + QChar(0xD800) + QStringLiteral("\nDone.");
    // A private key spans lines, so no line on its own can be read as one: a text PCRE cannot
    // read must not show the key's body line by line.
    QTest::newRow("private key, surrogate elsewhere")
        << QStringLiteral("Ready.\n-----BEGIN RSA PRIVATE KEY-----\nMIIEh0stileTokAAKCAQEA\nq8h0stileTokZ\n-----END RSA PRIVATE KEY-----\nnote ")
               + QChar(0xD800) + QStringLiteral("\nDone.");
}

void TestSecretRedaction::linesThatDefeatAnExpressionStayMasked()
{
    QFETCH(QString, text);
    const QString masked = SecretRedaction::redact(text);
    QVERIFY(!masked.contains(QStringLiteral("h0stileTok")));
    QVERIFY(SecretRedaction::containsSecret(text));
    // Lines it could read are as they were.
    if (text.startsWith(QStringLiteral("Ready.\n"))) {
        QVERIFY(masked.startsWith(QStringLiteral("Ready.\n")));
        QVERIFY(masked.endsWith(QStringLiteral("\nDone.")));
    }
}

void TestSecretRedaction::labelsThatNameACredential_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    // A value: a letter and a digit, or one word in a code span or quotes.
    QTest::newRow("token for a service") << QStringLiteral("Token for Vault: abc123") << QStringLiteral("Token for Vault: ****");
    QTest::newRow("api key for an environment") << QStringLiteral("API key for staging: q8Zr2mXa") << QStringLiteral("API key for staging: ****");
    QTest::newRow("password for several words") << QStringLiteral("Password for the admin UI: Adm1n-ui-pw.")
                                                << QStringLiteral("Password for the admin UI: ****.");
    QTest::newRow("api key with a qualifier") << QStringLiteral("API key (prod): Pr0dK3yzz") << QStringLiteral("API key (prod): ****");
    QTest::newRow("for, then a qualifier") << QStringLiteral("Token for Vault (prod): abc123x") << QStringLiteral("Token for Vault (prod): ****");
    QTest::newRow("password with a qualifier") << QStringLiteral("Password (staging): st4ging") << QStringLiteral("Password (staging): ****");
    QTest::newRow("tokens for, in bold") << QStringLiteral("**Tokens for CI:** c1-tok3n") << QStringLiteral("**Tokens for CI:** ****");
    QTest::newRow("bold qualifier, colon after") << QStringLiteral("- **API key (dev)**: d3v-k3y") << QStringLiteral("- **API key (dev)**: ****");
    QTest::newRow("a word in a code span") << QStringLiteral("Token for Vault: `root`") << QStringLiteral("Token for Vault: `****`");
    QTest::newRow("a word in quotes") << QStringLiteral("Secret for the webhook: \"whsecret\"") << QStringLiteral("Secret for the webhook: \"****\"");
    QTest::newRow("a value in <code>") << QStringLiteral("Access key for S3: <code>s3acc3ss</code>")
                                       << QStringLiteral("Access key for S3: <code>****</code>");
    // A name that ends in a credential word, then a colon, was masked before: it stays so.
    QTest::newRow("vault token:") << QStringLiteral("Vault token: s3cr3tvalue") << QStringLiteral("Vault token: ****");
    QTest::newRow("vault token:, a token's shape") << QStringLiteral("Vault token: s.abc123XYZ") << QStringLiteral("Vault token: ****");
    QTest::newRow("token:, a word in code") << QStringLiteral("Token: `abc`") << QStringLiteral("Token: ****");
    QTest::newRow("password:, words") << QStringLiteral("password: correct horse battery staple") << QStringLiteral("password: ****");
    // After a name that ends in a credential word, a sentence is prose too: its words hold one
    // that prose is made of ("the", "in", "by").
    QTest::newRow("vault token:, prose") << QStringLiteral("Vault token: ask the platform team.") << QStringLiteral("Vault token: ask the platform team.");
    QTest::newRow("token:, prose") << QStringLiteral("Token: stored in the team vault") << QStringLiteral("Token: stored in the team vault");
    QTest::newRow("password:, prose") << QStringLiteral("Admin password: managed by the SRE team") << QStringLiteral("Admin password: managed by the SRE team");
    // Prose, placeholders and names are shown as written.
    QTest::newRow("prose") << QStringLiteral("Token for Vault: ask the platform team") << QStringLiteral("Token for Vault: ask the platform team");
    QTest::newRow("prose, qualifier") << QStringLiteral("API key (prod): stored in 1Password") << QStringLiteral("API key (prod): stored in 1Password");
    QTest::newRow("angle placeholder") << QStringLiteral("Token for Vault: <your-token>") << QStringLiteral("Token for Vault: <your-token>");
    QTest::newRow("variable") << QStringLiteral("Token for Vault: $VAULT_TOKEN") << QStringLiteral("Token for Vault: $VAULT_TOKEN");
    QTest::newRow("braced variable in code") << QStringLiteral("Token for Vault: `${TOKEN}`") << QStringLiteral("Token for Vault: `${TOKEN}`");
    QTest::newRow("xxxx") << QStringLiteral("Password for admin: `xxxx`") << QStringLiteral("Password for admin: `xxxx`");
    QTest::newRow("changeme") << QStringLiteral("Password for admin: changeme") << QStringLiteral("Password for admin: changeme");
    QTest::newRow("your placeholder") << QStringLiteral("Token for Vault: `YOUR_TOKEN1`") << QStringLiteral("Token for Vault: `YOUR_TOKEN1`");
    QTest::newRow("variable's name") << QStringLiteral("Token for Vault: `VAULT_TOKEN`") << QStringLiteral("Token for Vault: `VAULT_TOKEN`");
    QTest::newRow("secret store path") << QStringLiteral("Secret for payments: `kv/data/pay1`") << QStringLiteral("Secret for payments: `kv/data/pay1`");
    // "for" after a word that names no credential.
    QTest::newRow("reason for") << QStringLiteral("The reason for v2: abc123 broke") << QStringLiteral("The reason for v2: abc123 broke");
    QTest::newRow("a lifetime") << QStringLiteral("Token for Vault: 8h") << QStringLiteral("Token for Vault: 8h");
    QTest::newRow("a qualifier, then a count") << QStringLiteral("Password (see below): 3 attempts") << QStringLiteral("Password (see below): 3 attempts");
}

void TestSecretRedaction::labelsThatNameACredential()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedaction::redact(text), expected);
    QCOMPARE(SecretRedaction::containsSecret(text), expected != text);
    // Wherever it falls in the scan's blocks of eight, and on a line after others.
    for (int shift = 1; shift <= 9; ++shift) {
        const QString before = QStringLiteral("Note.\n") + QString(shift, QLatin1Char(' '));
        QCOMPARE(SecretRedaction::redact(before + text), before + expected);
    }
}

void TestSecretRedaction::wellKnownValuesAfterATokenFlag_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const auto shown = [](const char *name, const char *text) { QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(text); };
    shown("consul's anonymous token", "consul members -token anonymous");
    shown("after a prompt", "$ consul members -token anonymous");
    shown("nomad, then an argument", "nomad job status -token anonymous web");
    shown("-token=anonymous", "consul members -token=anonymous");
    shown("--token anonymous", "nomad job status --token anonymous web");
    shown("quoted", "consul members -token \"anonymous\"");
    shown("none", "consul members -token none");
    shown("null", "consul members -token null");
    shown("true", "consul acl bootstrap -token true");
    shown("false", "consul members -token=false");
    shown("the standard input", "consul members -token -");
    shown("a placeholder in angle brackets", "consul members -token <token>");
    shown("a variable", "consul members -token $CONSUL_HTTP_TOKEN");
    shown("a braced variable", "consul members -token ${CONSUL_HTTP_TOKEN}");
    shown("a long option's none", "psql-tool --password none");
    // A token is masked, whichever way the flag takes it, and so is a word that only starts like one.
    QTest::newRow("a uuid") << QStringLiteral("consul members -token 3f1c9a7e-5b2d-4c8e-9a1f-0e6d7c5b4a39")
                            << QStringLiteral("consul members -token ****");
    QTest::newRow("a uuid after =") << QStringLiteral("consul members -token=3f1c9a7e-5b2d-4c8e-9a1f-0e6d7c5b4a39")
                                    << QStringLiteral("consul members -token=****");
    QTest::newRow("a uuid after --token") << QStringLiteral("nomad job status --token 3f1c9a7e-5b2d-4c8e-9a1f-0e6d7c5b4a39 web")
                                          << QStringLiteral("nomad job status --token **** web");
    QTest::newRow("a word like anonymous") << QStringLiteral("consul members -token anonymous2") << QStringLiteral("consul members -token ****");
    QTest::newRow("a word like none") << QStringLiteral("consul members -token nonesuch") << QStringLiteral("consul members -token ****");
}

void TestSecretRedaction::wellKnownValuesAfterATokenFlag()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedaction::redact(text), expected);
    QCOMPARE(SecretRedaction::containsSecret(text), expected != text);
    const QString inBlock = QStringLiteral("List:\n") + text + QStringLiteral("\ndone");
    QCOMPARE(SecretRedaction::redact(inBlock), QStringLiteral("List:\n") + expected + QStringLiteral("\ndone"));
}

void TestSecretRedaction::masksEveryCellOfAColumnTitledForACredential_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const auto table = [](const char *header, const char *row) { return QStringLiteral("Accounts:\n\n%1\n|---|---|\n%2\n").arg(QLatin1String(header), QString::fromUtf8(row)); };
    const auto masked = [&](const char *name, const char *header, const char *row, const char *expected) {
        QTest::newRow(name) << table(header, row) << table(header, expected);
    };
    const auto shown = [&](const char *name, const char *header, const char *row) { QTest::newRow(name) << table(header, row) << table(header, row); };
    masked("digits", "| user | password |", "| admin | 123456 |", "| admin | **** |");
    masked("digits in code", "| User | Password |", "| admin | `1234` |", "| admin | `****` |");
    masked("a word", "| User | Passwords |", "| admin | hunter |", "| admin | **** |");
    masked("words", "| User | Passphrase |", "| svc | correct horse battery staple |", "| svc | **** |");
    masked("a qualifier", "| Database | Password (prod) |", "| orders | 4711 |", "| orders | **** |");
    masked("default password", "| Device | Default password |", "| router | admin |", "| router | **** |");
    masked("PIN", "| Card | PIN |", "| visa | 4821 |", "| visa | **** |");
    masked("token after a name", "| Service | Token |", "| vault | root |", "| vault | **** |");
    masked("secret after a name", "| App | Secret |", "| billing | whsec |", "| billing | **** |");
    masked("changeme is the default", "| Device | Default password |", "| nas | changeme |", "| nas | **** |");
    // Digits under a title that ends with "password" are the password too.
    masked("digits, named", "| Env | Admin password |", "| dev | 123456 |", "| dev | **** |");
    // Placeholders say where the credential is, or that there is none.
    shown("angle placeholder", "| user | password |", "| admin | <ask the DBA> |");
    shown("variable", "| user | password |", "| admin | $DB_PASSWORD |");
    shown("braced variable", "| user | password |", "| admin | ${DB_PASSWORD} |");
    shown("variable's name", "| user | password |", "| admin | `DB_PASSWORD` |");
    shown("dash", "| user | password |", "| guest | - |");
    shown("n/a", "| user | password |", "| guest | n/a |");
    shown("none", "| user | password |", "| guest | none |");
    shown("empty", "| user | password |", "| guest |  |");
    shown("masked", "| user | password |", "| guest | **** |");
    // Titles that name no credential column, and a glossary's terms.
    shown("password policy", "| Setting | Password policy |", "| min length | 12 |");
    shown("password length", "| Account | Password length |", "| admin | 16 |");
    shown("a version's pin", "| Package | Pin |", "| requests | 2.31.0 |");
    shown("a glossary of tokens", "| Token | Meaning |", "| `%h` | host |");
    shown("words, named", "| Setting | Admin password |", "| Max age | 90 days |");
}

void TestSecretRedaction::masksEveryCellOfAColumnTitledForACredential()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(SecretRedaction::redact(text), expected);
    QCOMPARE(SecretRedaction::containsSecret(text), expected != text);
    QList<int> lines;
    QCOMPARE(SecretRedaction::maskCredentialColumns(text, &lines), expected);
    QCOMPARE(lines, expected != text ? QList<int>{4} : QList<int>{});
}

QTEST_GUILESS_MAIN(TestSecretRedaction)
#include "TestSecretRedaction.moc"
