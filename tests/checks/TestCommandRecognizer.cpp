#include "checks/CommandRecognizer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace triage;

namespace {
// The spec as compact JSON without the `source` echo, so that rows read like what a user sees.
QString specJson(const CheckSpec &spec)
{
    QJsonObject json = spec.toJson();
    json.remove(QStringLiteral("source"));
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}
// Expected JSON written with single quotes, which keeps the table readable (and moc happy).
QString j(const char *json)
{
    return QString::fromUtf8(json).replace(QLatin1Char('\''), QLatin1Char('"'));
}
} // namespace

class TestCommandRecognizer : public QObject {
    Q_OBJECT
private slots:
    void recognisesDiagnosisCommands_data();
    void recognisesDiagnosisCommands();
    void leavesOtherCommandsAlone_data();
    void leavesOtherCommandsAlone();
    void dropsSecrets_data();
    void dropsSecrets();
    void sqlBlocksSplitIntoQueries();
    void shellBlocksKeepTheirComments();
    void powerShellPromptsAndBlocks();
    void solutionsAreNeverChecks();
    void languageIsGuessedForUnlabelledBlocks();
    void readOnlySqlSeesThroughQuotesAndKnowsStatefulFunctions_data();
    void readOnlySqlSeesThroughQuotesAndKnowsStatefulFunctions();
};

void TestCommandRecognizer::recognisesDiagnosisCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pg_isready") << QStringLiteral("pg_isready -h localhost -p 5432")
                                << j("{'host':'localhost','mode':'ready','port':5432,'type':'postgres'}");
    QTest::newRow("pg_isready long opts") << QStringLiteral("pg_isready --host=db.internal --port=6543 -U app -d orders")
                                          << j("{'dbname':'orders','host':'db.internal','mode':'ready','port':6543,'type':'postgres','user':'app'}");
    QTest::newRow("psql connect") << QStringLiteral("psql -h localhost -U postgres -d rwa_prime")
                                  << j("{'dbname':'rwa_prime','host':'localhost','mode':'connect','type':'postgres','user':'postgres'}");
    QTest::newRow("psql -c select") << QStringLiteral("psql -h 127.0.0.1 -p 5433 -U app -c \"SELECT count(*) FROM pg_stat_activity;\"")
                                    << j("{'host':'127.0.0.1','mode':'query','port':5433,'query':'SELECT count(*) FROM pg_stat_activity','type':'postgres','user':'app'}");
    QTest::newRow("psql uri") << QStringLiteral("psql postgresql://app@db:5432/orders -c 'SHOW max_connections'")
                              << j("{'dbname':'orders','host':'db','mode':'query','port':5432,'query':'SHOW max_connections','type':'postgres','user':'app'}");
    QTest::newRow("psql quoted identifier") << QStringLiteral("psql -h db -c 'SELECT \"a--b\" FROM t'")
                                            << j("{'host':'db','mode':'query','query':'SELECT \\\"a--b\\\" FROM t','type':'postgres'}");
    QTest::newRow("pg_isready uri") << QStringLiteral("pg_isready -d postgresql://app:pw@db:6432/orders")
                                    << j("{'auth':'password','dbname':'orders','host':'db','mode':'ready','port':6432,'type':'postgres','user':'app'}");
    QTest::newRow("psql conninfo") << QStringLiteral("psql \"host=db port=5433 user=app password=pw dbname=orders\" -c 'SHOW server_version'")
                                   << j("{'auth':'password','dbname':'orders','host':'db','mode':'query','port':5433,'query':'SHOW server_version','type':'postgres','user':'app'}");
    QTest::newRow("redis ping") << QStringLiteral("redis-cli ping")
                                << j("{'command':'PING','type':'redis'}");
    QTest::newRow("redis host port ping") << QStringLiteral("redis-cli -h cache -p 6380 PING")
                                          << j("{'command':'PING','host':'cache','port':6380,'type':'redis'}");
    QTest::newRow("redis info section") << QStringLiteral("redis-cli info memory")
                                        << j("{'command':'INFO','section':'memory','type':'redis'}");
    QTest::newRow("redis info grep") << QStringLiteral("redis-cli INFO stats | grep keyspace")
                                     << j("{'command':'INFO','filter':'keyspace','section':'stats','type':'redis'}");
    QTest::newRow("redis config get") << QStringLiteral("redis-cli config get maxmemory")
                                      << j("{'command':'CONFIG GET maxmemory','type':'redis'}");
    QTest::newRow("curl") << QStringLiteral("curl http://localhost:8000/health")
                          << j("{'method':'GET','type':'http','url':'http://localhost:8000/health'}");
    QTest::newRow("curl flags") << QStringLiteral("curl -sS -m 3 -H 'Accept: application/json' https://api.example.com/v1/status")
                                << j("{'headers':{'Accept':'application/json'},'method':'GET','timeout':3000,'type':'http','url':'https://api.example.com/v1/status'}");
    QTest::newRow("curl write-out") << QStringLiteral("curl -s -o /dev/null -w \"%{http_code}\" https://checkout.internal/healthz")
                                    << j("{'method':'GET','type':'http','url':'https://checkout.internal/healthz'}");
    QTest::newRow("curl no scheme") << QStringLiteral("curl localhost:8000/health/db")
                                    << j("{'method':'GET','type':'http','url':'http://localhost:8000/health/db'}");
    QTest::newRow("curl empty user info") << QStringLiteral("curl http://@localhost:8000/health")
                                          << j("{'method':'GET','type':'http','url':'http://localhost:8000/health'}");
    QTest::newRow("curl with query") << QStringLiteral("curl 'http://localhost:8000/search?q=disk&limit=5'")
                                     << j("{'method':'GET','type':'http','url':'http://localhost:8000/search?q=disk&limit=5'}");
    QTest::newRow("curl head") << QStringLiteral("curl -I https://example.com/")
                               << j("{'method':'HEAD','type':'http','url':'https://example.com/'}");
    QTest::newRow("curl metrics grep") << QStringLiteral("curl http://your-api-url/metrics | grep error")
                                       << j("{'filter':'error','method':'GET','type':'http','url':'http://your-api-url/metrics'}");
    QTest::newRow("wget") << QStringLiteral("wget -qO- http://localhost:9090/-/ready")
                          << j("{'method':'GET','type':'http','url':'http://localhost:9090/-/ready'}");
    QTest::newRow("lsof") << QStringLiteral("lsof -i :8000") << j("{'port':8000,'type':'port'}");
    QTest::newRow("lsof joined") << QStringLiteral("sudo lsof -iTCP:5432 -sTCP:LISTEN")
                                 << j("{'port':5432,'type':'port'}");
    QTest::newRow("netstat grep") << QStringLiteral("netstat -anv | grep 8000") << j("{'port':8000,'type':'port'}");
    QTest::newRow("ss grep") << QStringLiteral("ss -ltnp | grep :5432") << j("{'port':5432,'type':'port'}");
    QTest::newRow("nc -z") << QStringLiteral("nc -zv db.internal 5432")
                           << j("{'host':'db.internal','port':5432,'type':'tcp'}");
    QTest::newRow("echo var") << QStringLiteral("echo $DATABASE_URL") << j("{'name':'DATABASE_URL','type':'env'}");
    QTest::newRow("echo braced") << QStringLiteral("echo \"${REDIS_URL}\"") << j("{'name':'REDIS_URL','type':'env'}");
    QTest::newRow("printenv") << QStringLiteral("printenv JWT_AUDIENCE") << j("{'name':'JWT_AUDIENCE','type':'env'}");
    QTest::newRow("env grep") << QStringLiteral("env | grep DATABASE")
                              << j("{'match':'contains','name':'DATABASE','type':'env'}");
    QTest::newRow("env grep anchored") << QStringLiteral("env | grep '^APP_'")
                                       << j("{'match':'prefix','name':'APP_','type':'env'}");
    QTest::newRow("ls") << QStringLiteral("ls -la .env") << j("{'path':'.env','type':'file'}");
    QTest::newRow("test -f") << QStringLiteral("test -f config/settings.yaml")
                             << j("{'kind':'file','path':'config/settings.yaml','type':'file'}");
    QTest::newRow("[ -d ]") << QStringLiteral("[ -d /var/lib/postgresql ]")
                            << j("{'kind':'dir','path':'/var/lib/postgresql','type':'file'}");
    QTest::newRow("dig") << QStringLiteral("dig +short db.internal") << j("{'host':'db.internal','type':'dns'}");
    QTest::newRow("dig server type") << QStringLiteral("dig @8.8.8.8 api.example.com AAAA")
                                     << j("{'host':'api.example.com','record':'AAAA','server':'8.8.8.8','type':'dns'}");
    QTest::newRow("nslookup") << QStringLiteral("nslookup kafka.internal 10.0.0.2")
                              << j("{'host':'kafka.internal','server':'10.0.0.2','type':'dns'}");
    QTest::newRow("host server") << QStringLiteral("host db.internal ns1.corp.example")
                                 << j("{'host':'db.internal','server':'ns1.corp.example','type':'dns'}");
    // The record type may come first, in either case, or as nslookup's -type=.
    QTest::newRow("dig type first") << QStringLiteral("dig +short AAAA api.example.com")
                                    << j("{'host':'api.example.com','record':'AAAA','type':'dns'}");
    QTest::newRow("dig lower-case type") << QStringLiteral("dig api.example.com a +short")
                                         << j("{'host':'api.example.com','record':'A','type':'dns'}");
    QTest::newRow("nslookup -type=") << QStringLiteral("nslookup -type=AAAA api.example.com")
                                     << j("{'host':'api.example.com','record':'AAAA','type':'dns'}");
    QTest::newRow("kafka api versions") << QStringLiteral("kafka-broker-api-versions.sh --bootstrap-server localhost:9092")
                                        << j("{'host':'localhost','port':9092,'type':'kafka'}");
    QTest::newRow("free") << QStringLiteral("free -h") << j("{'resource':'memory','type':'system'}");
    // PowerShell's probes, cmdlets and parameters in any case, prefixes allowed.
    QTest::newRow("Test-NetConnection") << QStringLiteral("Test-NetConnection sync.example.com -Port 443")
                                        << j("{'host':'sync.example.com','port':443,'type':'tcp'}");
    QTest::newRow("tnc named") << QStringLiteral("tnc -ComputerName db01 -port:5432 | Select-Object TcpTestSucceeded")
                               << j("{'host':'db01','port':5432,'type':'tcp'}");
    QTest::newRow("Test-NetConnection common port") << QStringLiteral("Test-NetConnection web01 -CommonTCPPort HTTP")
                                                    << j("{'host':'web01','port':80,'type':'tcp'}");
    QTest::newRow("Invoke-WebRequest") << QStringLiteral("Invoke-WebRequest https://sync.example.com/health -UseBasicParsing")
                                       << j("{'method':'GET','type':'http','url':'https://sync.example.com/health'}");
    QTest::newRow("irm -Uri -Method Head") << QStringLiteral("irm -Uri http://localhost:8080/ready -Method Head -TimeoutSec 5")
                                           << j("{'method':'HEAD','timeout':5000,'type':'http','url':'http://localhost:8080/ready'}");
    QTest::newRow("Resolve-DnsName") << QStringLiteral("Resolve-DnsName sync.example.com -Type AAAA")
                                     << j("{'host':'sync.example.com','record':'AAAA','type':'dns'}");
    QTest::newRow("Resolve-DnsName -Server") << QStringLiteral("Resolve-DnsName -Name sync.example.com -Server 10.1.0.53")
                                             << j("{'host':'sync.example.com','server':'10.1.0.53','type':'dns'}");
    QTest::newRow("Test-Path") << QStringLiteral("Test-Path \"C:\\Program Files\\FieldSync\\fsagent.exe\" -PathType Leaf")
                               << j("{'kind':'file','path':'C:\\\\Program Files\\\\FieldSync\\\\fsagent.exe','type':'file'}");
    QTest::newRow("df path") << QStringLiteral("df -h /var/lib/docker")
                             << j("{'path':'/var/lib/docker','resource':'disk','type':'system'}");
}

void TestCommandRecognizer::recognisesDiagnosisCommands()
{
    QFETCH(QString, command);
    QFETCH(QString, expected);
    const auto spec = CommandRecognizer::recogniseShell(command);
    QVERIFY2(spec.has_value(), qPrintable(command));
    QCOMPARE(specJson(*spec), expected);
}

void TestCommandRecognizer::leavesOtherCommandsAlone_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("unknown tool") << QStringLiteral("docker-compose logs postgres");
    QTest::newRow("kill") << QStringLiteral("kill -9 1234");
    QTest::newRow("placeholder") << QStringLiteral("kill -9 <PID>");
    QTest::newRow("brace placeholder") << QStringLiteral("redis-cli get \"rate_limit:{user_id}\"");
    QTest::newRow("redis write") << QStringLiteral("redis-cli flushall");
    QTest::newRow("redis config set") << QStringLiteral("redis-cli config set maxmemory 2gb");
    QTest::newRow("redis monitor") << QStringLiteral("redis-cli monitor");
    QTest::newRow("psql write") << QStringLiteral("psql -c \"DELETE FROM sessions\"");
    QTest::newRow("psql terminate") << QStringLiteral("psql -U postgres -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity\"");
    QTest::newRow("psql file") << QStringLiteral("psql -f migrate.sql");
    QTest::newRow("curl post") << QStringLiteral("curl -X POST http://localhost:8000/auth/refresh");
    QTest::newRow("curl data") << QStringLiteral("curl -d '{\"a\":1}' http://localhost:8000/items");
    QTest::newRow("curl upload") << QStringLiteral("curl -T dump.sql http://files.local/");
    QTest::newRow("redirect to file") << QStringLiteral("curl http://localhost:8000/health > out.json");
    QTest::newRow("chained") << QStringLiteral("pg_isready && psql -c 'SELECT 1'");
    QTest::newRow("lsof listing") << QStringLiteral("lsof -p 1234");
    QTest::newRow("netstat without port") << QStringLiteral("netstat -tulpn");
    QTest::newRow("nc without -z") << QStringLiteral("nc localhost 6379");
    QTest::newRow("echo text") << QStringLiteral("echo hello world");
    QTest::newRow("env in container") << QStringLiteral("docker exec api env | grep DATABASE_URL");
    QTest::newRow("ls glob") << QStringLiteral("ls *.log");
    QTest::newRow("bare ls") << QStringLiteral("ls");
    QTest::newRow("assignment") << QStringLiteral("KAFKA_BOOTSTRAP_SERVERS=localhost:9092");
    // Values only the reader's shell knows: a check would run against the variable's name.
    QTest::newRow("psql url in a variable") << QStringLiteral("psql \"$CHECKOUT_DB_URL\" -c \"SELECT 1;\"");
    QTest::newRow("redis host in a variable") << QStringLiteral("redis-cli -h $REDIS_HOST ping");
    QTest::newRow("braced variable") << QStringLiteral("pg_isready -h \"${PGHOST}\"");
    QTest::newRow("nc host in a variable") << QStringLiteral("nc -z $HOST 5432");
    QTest::newRow("path from home") << QStringLiteral("ls -la $HOME/.config/app");
    // Records the dns check does not look up: the check would ask for an address instead and
    // send the reader the wrong way.
    QTest::newRow("dig TXT") << QStringLiteral("dig +short TXT brightdesk.example");
    QTest::newRow("dig MX after the name") << QStringLiteral("dig brightdesk.example MX");
    QTest::newRow("host -t MX") << QStringLiteral("host -t MX brightdesk.example");
    QTest::newRow("nslookup -type=mx") << QStringLiteral("nslookup -type=mx brightdesk.example");
    QTest::newRow("nslookup -query=txt") << QStringLiteral("nslookup -query=txt brightdesk.example");
    // UDP: the tcp check would test another protocol.
    QTest::newRow("nc -u") << QStringLiteral("nc -z -u 10.10.0.5 1812");
    QTest::newRow("nc -zu") << QStringLiteral("nc -zvu 10.10.0.5 1812");
    QTest::newRow("Test-NetConnection ping") << QStringLiteral("Test-NetConnection sync.example.com");
    QTest::newRow("Invoke-WebRequest POST") << QStringLiteral("Invoke-WebRequest -Uri https://a.example/api -Method Post -Body '{}'");
    QTest::newRow("Invoke-RestMethod body") << QStringLiteral("irm https://a.example/api -Body @{a=1}");
    QTest::newRow("Resolve-DnsName MX") << QStringLiteral("Resolve-DnsName example.com -Type MX");
    QTest::newRow("Test-Path registry") << QStringLiteral("Test-Path HKLM:\\SOFTWARE\\FieldSync");
    QTest::newRow("PowerShell variable") << QStringLiteral("Test-NetConnection $env:DB_HOST -Port 5432");
    QTest::newRow("Get-Service") << QStringLiteral("Get-Service FieldSyncAgent");
    QTest::newRow("iwr -CustomMethod") << QStringLiteral("iwr https://x.io/api/restart -CustomMethod DELETE");
    QTest::newRow("irm -Form") << QStringLiteral("irm https://x.io/api/items -Form @{a=1}");
    QTest::newRow("curl alias posting") << QStringLiteral("curl https://x.io/api/restart -Method Post");
    QTest::newRow("Test-Path Cert:") << QStringLiteral("Test-Path Cert:\\LocalMachine\\My");
    QTest::newRow("dig -x") << QStringLiteral("dig -x 10.0.0.1");
    QTest::newRow("PowerShell redirect") << QStringLiteral("Invoke-WebRequest https://a.example/x > out.html");
}

void TestCommandRecognizer::leavesOtherCommandsAlone()
{
    QFETCH(QString, command);
    const auto spec = CommandRecognizer::recogniseShell(command);
    QVERIFY2(!spec.has_value(), qPrintable(specJson(spec.value_or(CheckSpec{}))));
}

void TestCommandRecognizer::dropsSecrets_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("auth");
    QTest::newRow("redis -a") << QStringLiteral("redis-cli -a s3cr3t-redis-pw ping") << QStringLiteral("s3cr3t-redis-pw") << QStringLiteral("password");
    QTest::newRow("psql uri password") << QStringLiteral("psql postgresql://app:pg-Secret-99@db:5432/orders")
                                       << QStringLiteral("pg-Secret-99") << QString();
    QTest::newRow("PGPASSWORD prefix") << QStringLiteral("PGPASSWORD=hunter2-pg psql -h db -c 'SELECT 1'")
                                       << QStringLiteral("hunter2-pg") << QString();
    QTest::newRow("bearer header") << QStringLiteral("curl -H \"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig\" http://localhost:8000/me")
                                   << QStringLiteral("eyJhbGciOiJIUzI1NiJ9") << QStringLiteral("bearer");
    QTest::newRow("api key header") << QStringLiteral("curl -H 'X-Api-Key: abcd-1234-key' https://api.example.com/usage")
                                    << QStringLiteral("abcd-1234-key") << QString();
    QTest::newRow("basic auth") << QStringLiteral("curl -u admin:pa55word http://localhost:15672/api/overview")
                                << QStringLiteral("pa55word") << QStringLiteral("basic");
    QTest::newRow("url user info") << QStringLiteral("curl https://bob:tok-xyz-123@registry.local/v2/")
                                   << QStringLiteral("tok-xyz-123") << QStringLiteral("basic");
}

void TestCommandRecognizer::dropsSecrets()
{
    QFETCH(QString, command);
    QFETCH(QString, secret);
    QFETCH(QString, auth);
    const auto spec = CommandRecognizer::recogniseShell(command);
    QVERIFY(spec.has_value());
    const QString json = QString::fromUtf8(QJsonDocument(spec->toJson()).toJson());
    QVERIFY2(!json.contains(secret), qPrintable(json));
    if (!auth.isEmpty())
        QCOMPARE(spec->param(QStringLiteral("auth")), auth);
}

void TestCommandRecognizer::sqlBlocksSplitIntoQueries()
{
    const QString sql = QStringLiteral(
        "-- Check active connections\nSELECT count(*) FROM pg_stat_activity;\n\n"
        "-- Check max connections\nSHOW max_connections;\n\n"
        "-- Kill idle ones\nSELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle';\n\n"
        "-- Query performance\nEXPLAIN (ANALYZE, BUFFERS) SELECT ...;\n"
        "SELECT 'a;b' AS semi, $$x;y$$ AS dollar;\n");
    const QList<FoundCommand> found = CommandRecognizer::scan(QStringLiteral("sql"), sql, true);
    QCOMPARE(found.size(), 5);
    QCOMPARE(found.at(0).comment, QStringLiteral("Check active connections"));
    QVERIFY(found.at(0).check.has_value());
    QCOMPARE(found.at(0).check->param(QStringLiteral("query")), QStringLiteral("SELECT count(*) FROM pg_stat_activity"));
    QCOMPARE(found.at(0).lineOffset, 1);
    QCOMPARE(found.at(1).check->param(QStringLiteral("query")), QStringLiteral("SHOW max_connections"));
    QVERIFY2(!found.at(2).check.has_value(), "pg_terminate_backend changes server state");
    QVERIFY2(!found.at(3).check.has_value(), "`...` is a placeholder to fill in");
    QVERIFY(found.at(4).check.has_value());
    QCOMPARE(found.at(4).check->param(QStringLiteral("query")), QStringLiteral("SELECT 'a;b' AS semi, $$x;y$$ AS dollar"));
    // Comment markers inside quotes are text.
    QCOMPARE(CommandRecognizer::recogniseSql(QStringLiteral("SELECT $$--x$$ AS v, '/*' AS w -- why\n;"))->param(QStringLiteral("query")),
             QStringLiteral("SELECT $$--x$$ AS v, '/*' AS w"));
    // MySQL's SQL is no PostgreSQL check: running it would report PostgreSQL missing.
    for (const char *mysql : {"SHOW VARIABLES LIKE 'max_connections';", "SHOW PROCESSLIST;", "SHOW GLOBAL STATUS LIKE 'Threads%'",
                              "SELECT @@max_connections;", "show full processlist"}) {
        QVERIFY2(!CommandRecognizer::recogniseSql(QLatin1String(mysql)).has_value(), mysql);
    }
    for (const char *postgres : {"SHOW max_connections;", "SHOW ALL", "show \"TimeZone\"", "SHOW TRANSACTION ISOLATION LEVEL",
                                 "SELECT count(*) FROM docs WHERE tsv @@ to_tsquery('english', 'error')"})
        QVERIFY2(CommandRecognizer::recogniseSql(QLatin1String(postgres)).has_value(), postgres);
}

void TestCommandRecognizer::shellBlocksKeepTheirComments()
{
    const QString code = QStringLiteral("# Check if PostgreSQL is running\npg_isready -h localhost -p 5432\n\n"
                                        "# Check Docker container (if using Docker)\ndocker ps | grep postgres\n"
                                        "curl -s \\\n  http://localhost:8000/health  # API health\n");
    const QList<FoundCommand> found = CommandRecognizer::scan(QStringLiteral("bash"), code, true);
    QCOMPARE(found.size(), 3);
    QCOMPARE(found.at(0).comment, QStringLiteral("Check if PostgreSQL is running"));
    QCOMPARE(found.at(0).lineOffset, 1);
    QVERIFY(found.at(0).check.has_value());
    QVERIFY(!found.at(1).check.has_value());
    QCOMPARE(found.at(1).text, QStringLiteral("docker ps | grep postgres"));
    QCOMPARE(found.at(2).text, QStringLiteral("curl -s http://localhost:8000/health"));
    QCOMPARE(found.at(2).comment, QStringLiteral("API health"));
    QCOMPARE(found.at(2).check->param(QStringLiteral("url")), QStringLiteral("http://localhost:8000/health"));
}

void TestCommandRecognizer::powerShellPromptsAndBlocks()
{
    // "PS>" and "PS C:\app>" prompts mark the commands; the lines after them are output.
    const QString code = QStringLiteral("PS> Get-Service FieldSyncAgent\n"
                                        "Status   Name\n"
                                        "Stopped  FieldSyncAgent\n"
                                        "PS C:\\Users\\tech> Test-NetConnection sync.example.com -Port 443\n");
    const QList<FoundCommand> found = CommandRecognizer::scan(QStringLiteral("powershell"), code, true);
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).text, QStringLiteral("Get-Service FieldSyncAgent"));
    QVERIFY(!found.at(0).check.has_value());
    QCOMPARE(found.at(1).text, QStringLiteral("Test-NetConnection sync.example.com -Port 443"));
    QVERIFY(found.at(1).check.has_value());
    QCOMPARE(found.at(1).check->type, QStringLiteral("tcp"));
    QCOMPARE(found.at(1).lineOffset, 3);
    // Unlabelled, the prompt says it is a terminal session.
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("PS> Get-Service x")), CommandRecognizer::Language::Shell);
    // A solution's PowerShell is shown to copy, never run.
    // A backtick continues a line: the write on the next one keeps it from being a check.
    const QList<FoundCommand> continued = CommandRecognizer::scan(
        QStringLiteral("powershell"), QStringLiteral("Invoke-WebRequest -Uri https://x.io/api/restart `\n  -Method Post\n"), true);
    QCOMPARE(continued.size(), 1);
    QVERIFY(!continued.first().check.has_value());
    QCOMPARE(CommandRecognizer::scan(QStringLiteral("powershell"), QStringLiteral("PS /home/me> Test-NetConnection db -Port 5432\n"), true)
                 .first().text,
             QStringLiteral("Test-NetConnection db -Port 5432"));
    const QList<FoundCommand> fix = CommandRecognizer::scan(QStringLiteral("ps1"), QStringLiteral("Test-Path C:\\app\\x.exe"), false);
    QCOMPARE(fix.size(), 1);
    QVERIFY(!fix.first().check.has_value());
}

void TestCommandRecognizer::solutionsAreNeverChecks()
{
    const QList<FoundCommand> found = CommandRecognizer::scan(QStringLiteral("bash"), QStringLiteral("redis-cli ping\npg_isready\n"), false);
    QCOMPARE(found.size(), 2);
    for (const FoundCommand &fc : found)
        QVERIFY(!fc.check.has_value());
}

void TestCommandRecognizer::languageIsGuessedForUnlabelledBlocks()
{
    using L = CommandRecognizer::Language;
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("SELECT 1;")), L::Sql);
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("# comment\nredis-cli ping")), L::Shell);
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("Error: [Errno 48] Address already in use")), L::Other);
    QCOMPARE(CommandRecognizer::languageOf(QStringLiteral("python"), QStringLiteral("import os")), L::Other);
    QCOMPARE(CommandRecognizer::languageOf(QStringLiteral("console"), QStringLiteral("$ ls")), L::Shell);
    // A program people type, though no check: the block's commands are commands to copy.
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("kubectl -n kube-system get pods\ndig @10.96.0.10 api.internal")), L::Shell);
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("aws s3 ls s3://drop/exports/")), L::Shell);
    // What a program printed, named by it, is no command.
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("docker: permission denied while trying to connect")), L::Other);
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("kubectl")), L::Other);
    // …and so is its log, named by it before its level.
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve")), L::Other);
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("npm WARN deprecated inflight@1.0.6")), L::Other);
    QCOMPARE(CommandRecognizer::languageOf(QString(), QStringLiteral("npm error code E404")), L::Other);
    QVERIFY(!CommandRecognizer::looksLikeCommandLine(u"npm ERR! code ERESOLVE"));
    QVERIFY(CommandRecognizer::looksLikeCommandLine(u"npm ci --no-audit"));
    QVERIFY(CommandRecognizer::looksLikeCommandLine(u"grep ERROR /var/log/app.log"));
    // The language is the info string's first word, whether a space or a tab ends it.
    QCOMPARE(CommandRecognizer::languageOf(QStringLiteral("bash title=x"), QStringLiteral("make")), L::Shell);
    QCOMPARE(CommandRecognizer::languageOf(QStringLiteral("bash\ttitle=x"), QStringLiteral("make")), L::Shell);
    QCOMPARE(CommandRecognizer::languageOf(QStringLiteral("sql\tread-only"), QStringLiteral("select 1")), L::Sql);
    // "text" names no language: the code decides, tab or not.
    QCOMPARE(CommandRecognizer::languageOf(QStringLiteral("text\tnotes"), QStringLiteral("redis-cli ping")), L::Shell);
}

void TestCommandRecognizer::readOnlySqlSeesThroughQuotesAndKnowsStatefulFunctions_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("plain select") << QStringLiteral("SELECT count(*) FROM pg_stat_activity") << true;
    QTest::newRow("quoted table name") << QStringLiteral("SELECT * FROM \"Orders\" LIMIT 5") << true;
    QTest::newRow("quoted terminate") << QStringLiteral("SELECT \"pg_terminate_backend\"(pid) FROM pg_stat_activity") << false;
    QTest::newRow("quoted dblink_exec") << QStringLiteral("SELECT \"dblink_exec\"('dbname=x', 'DROP TABLE t')") << false;
    QTest::newRow("quoted advisory lock") << QStringLiteral("SELECT \"pg_advisory_lock\"(1)") << false;
    QTest::newRow("unicode escape name") << QStringLiteral("SELECT U&\"pg_terminat\\0065_backend\"(1)") << false;
    QTest::newRow("statements reset") << QStringLiteral("SELECT pg_stat_statements_reset()") << false;
    QTest::newRow("any stats reset") << QStringLiteral("SELECT pg_stat_reset_shared('bgwriter')") << false;
    QTest::newRow("wal replay pause") << QStringLiteral("SELECT pg_wal_replay_pause()") << false;
    QTest::newRow("file write") << QStringLiteral("SELECT pg_file_write('/tmp/x', 'y', false)") << false;
    QTest::newRow("notify") << QStringLiteral("SELECT pg_notify('chan', 'hi')") << false;
    // Every word and prefix the recogniser knows to change state, called from a SELECT, in
    // any case: the lookup must not lose one.
    const char *const changesState[] = {
        "insert", "update", "delete", "merge", "truncate", "drop", "alter", "create", "grant", "revoke", "copy", "vacuum",
        "cluster", "reindex", "lock", "call", "do", "into", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
        "pg_rotate_logfile", "set_config", "nextval", "setval", "pg_switch_wal", "pg_promote", "pg_read_file",
        "pg_read_binary_file", "pg_ls_dir", "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_file_write", "pg_file_unlink",
        "pg_file_rename", "pg_file_sync", "pg_notify", "pg_logical_emit_message", "pg_import_system_collations",
        "pg_log_backend_memory_contexts", "pg_create_restore_point", "pg_backup_start", "pg_backup_stop", "pg_start_backup",
        "pg_stop_backup", "pg_advisory_xact_lock", "pg_try_advisory_lock", "pg_create_logical_replication_slot",
        "pg_drop_replication_slot", "pg_stat_reset", "lo_import", "dblink_exec", "pg_sleep_for",
        "pg_replication_origin_create", "pg_replication_slot_advance", "pg_stat_statements_reset", "pg_file_settings_x",
    };
    for (const char *word : changesState) {
        QTest::addRow("%s", word) << QStringLiteral("SELECT %1(1) FROM t").arg(QLatin1String(word)) << false;
        QTest::addRow("%s upper", word) << QStringLiteral("SELECT %1(1) FROM t").arg(QString::fromLatin1(word).toUpper()) << false;
    }
    // Words that only look like them stay readable.
    for (const char *word : {"inserted_at", "updates", "pg_stat_activity", "pg_settings", "lock_timeout", "dos", "pg_is_in_recovery"})
        QTest::addRow("reads %s", word) << QStringLiteral("SELECT %1 FROM t").arg(QLatin1String(word)) << true;
}

void TestCommandRecognizer::readOnlySqlSeesThroughQuotesAndKnowsStatefulFunctions()
{
    QFETCH(QString, sql);
    QFETCH(bool, readOnly);
    QCOMPARE(CommandRecognizer::isReadOnlySql(sql), readOnly);
}

QTEST_GUILESS_MAIN(TestCommandRecognizer)
#include "TestCommandRecognizer.moc"
