#include "ProfileCommands.h"

#include "CommandLine.h"
#include "LibpqDefaults.h"
#include "PostgresProbe.h"
#include "checks/DotenvProbe.h"
#include "checks/CheckProbe.h"
#include "checks/ProbeRegistry.h"
#include "profiles/EnvironmentBinding.h"
#include "profiles/ProfileStore.h"
#include "secrets/SecretStore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <termios.h>
#include <unistd.h>

#include <memory>

namespace triage::cli {

namespace {

QCommandLineParser *parserFor(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addOption({QStringLiteral("log-level"), QStringLiteral("stderr log level."), QStringLiteral("level")});
    parser.addOption({QStringLiteral("session-secrets"), QStringLiteral("Keep secrets in memory for this run; no keychain.")});
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
    return &parser;
}

// The check that says whether a profile's service answers and takes its credential.

} // namespace

ProfileCommands::ProfileCommands(QTextStream &out, QTextStream &err, QTextStream &in)
    : m_out(out)
    , m_err(err)
    , m_in(in)
{
}

int ProfileCommands::runAsync(const std::function<void(std::function<void(int)>)> &start)
{
    int code = 0;
    QTimer::singleShot(0, [&] {
        start([&](int c) {
            code = c;
            QCoreApplication::exit(0);
        });
    });
    QCoreApplication::exec();
    return code;
}

int ProfileCommands::usage(const QString &problem)
{
    m_err << "triage: " << problem << "\nTry `triage --help`.\n";
    m_err.flush();
    return Usage;
}

QString ProfileCommands::readSecretLine(const QString &prompt)
{
    // Typed at a terminal, the secret is not echoed; piped in, it is read as it comes.
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        m_err << prompt << ": ";
        m_err.flush();
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QString line = m_in.readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        m_err << "\n";
        m_err.flush();
    }
    while (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    return line;
}

int ProfileCommands::env(const QStringList &arguments)
{
    QCommandLineParser parser;
    parserFor(parser);
    parser.addOption({QStringLiteral("production"), QStringLiteral("Mark the environment as production.")});
    if (!parser.parse(QStringList{QStringLiteral("env")} + arguments))
        return usage(parser.errorText());
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help")) || args.isEmpty()) {
        m_out << "Usage: triage env list [--json] | env add NAME [--production] | env remove NAME\n";
        return args.isEmpty() && !parser.isSet(QStringLiteral("help")) ? Usage : Ok;
    }
    ProfileStore store;
    QString error;
    const auto held = store.lock(&error);
    if (!held || !store.load(&error)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    const QString verb = args.first();
    if (verb == QLatin1String("list")) {
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray envs;
            for (const Environment &e : std::as_const(store.environments))
                envs.append(QJsonObject{{QStringLiteral("name"), e.name}, {QStringLiteral("production"), e.production},
                                        {QStringLiteral("profiles"), int(e.profiles.size())}});
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("environments"), envs}}).toJson(QJsonDocument::Indented);
        } else if (store.environments.isEmpty()) {
            m_out << "No environments yet: `triage env add dev`.\n";
        } else {
            for (const Environment &e : std::as_const(store.environments))
                m_out << e.name << (e.production ? "  [PRODUCTION]" : "") << "  " << e.profiles.size() << " profile(s)\n";
        }
        return Ok;
    }
    if (args.size() != 2)
        return usage(QStringLiteral("env %1 takes one NAME").arg(verb));
    const QString name = args.at(1);
    if (!ProfileStore::isValidName(name))
        return usage(QStringLiteral("`%1` is not an environment name: letters, digits, '.', '_' or '-'").arg(name));
    if (verb == QLatin1String("add")) {
        if (store.environment(name))
            return usage(QStringLiteral("environment `%1` exists already").arg(name));
        store.environments.append({name, parser.isSet(QStringLiteral("production")), {}});
    } else if (verb == QLatin1String("remove")) {
        const Environment *e = store.environment(name);
        if (!e)
            return usage(QStringLiteral("no environment `%1`; `triage env list` shows them").arg(name));
        if (!e->profiles.isEmpty())
            return usage(QStringLiteral("environment `%1` still has profiles; remove them first (`triage profile remove %1/NAME`)").arg(name));
        store.environments.removeIf([&](const Environment &x) { return x.name == name; });
    } else {
        return usage(QStringLiteral("env has list, add and remove; not `%1`").arg(verb));
    }
    if (!store.save(&error)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    m_out << (verb == QLatin1String("add") ? "Added" : "Removed") << " environment " << name << ".\n";
    return Ok;
}

int ProfileCommands::profile(const QStringList &arguments)
{
    QCommandLineParser parser;
    parserFor(parser);
    parser.addOption({QStringLiteral("password-stdin"), QStringLiteral("Read the profile's password or token from stdin.")});
    parser.addOption({QStringLiteral("libpq"), QStringLiteral("import: take a postgres profile from PG* variables and pg_service.conf.")});
    parser.addOption({QStringLiteral("service"), QStringLiteral("import --libpq: the pg_service.conf service to take (default: PGSERVICE)."),
                      QStringLiteral("NAME")});
    if (!parser.parse(QStringList{QStringLiteral("profile")} + arguments))
        return usage(parser.errorText());
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help")) || args.isEmpty()) {
        m_out << "Usage: triage profile add ENV/NAME URL [--password-stdin] | list [--json] | remove ENV/NAME | test ENV/NAME\n"
                 "       triage profile import ENV FILE.env | import ENV --libpq [--service NAME]\n";
        return args.isEmpty() && !parser.isSet(QStringLiteral("help")) ? Usage : Ok;
    }
    ProfileStore store;
    QString error;
    const auto held = store.lock(&error);
    if (!held || !store.load(&error)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    const QString verb = args.first();
    if (parser.isSet(QStringLiteral("session-secrets")) && verb != QLatin1String("list") && verb != QLatin1String("test"))
        return usage(QStringLiteral("--session-secrets keeps secrets only for one run, so `profile %1` would lose them; use it with "
                                    "`check` or `profile test`").arg(verb));
    SecretStore secrets(parser.isSet(QStringLiteral("session-secrets")));

    if (verb == QLatin1String("list")) {
        // Whether each secret is present, never what it is.
        struct Row {
            QString env;
            ConnectionProfile profile;
            int present = -1; // -1 unknown (keychain unreachable), 0 no, 1 yes
        };
        auto rows = std::make_shared<QList<Row>>();
        for (const Environment &e : std::as_const(store.environments)) {
            for (const ConnectionProfile &p : e.profiles)
                rows->append({e.name, p, -1});
        }
        QString keychainError;
        runAsync([&](std::function<void(int)> finish) {
            if (rows->isEmpty()) {
                finish(0);
                return;
            }
            auto left = std::make_shared<int>(int(rows->size()));
            for (int i = 0; i < rows->size(); ++i) {
                const Row &row = rows->at(i);
                secrets.read(SecretStore::key(row.env, row.profile.name, row.profile.secretField()),
                             [rows, i, left, finish, &keychainError](const SecretStore::Result &r) {
                                 (*rows)[i].present = r.ok ? 1 : r.notFound ? 0 : -1;
                                 if (r.unreachable && keychainError.isEmpty())
                                     keychainError = r.error;
                                 if (--*left == 0)
                                     finish(0);
                             });
            }
        });
        if (!keychainError.isEmpty())
            m_err << "triage: " << keychainError << "\n";
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray envs;
            for (const Environment &e : std::as_const(store.environments)) {
                QJsonArray profiles;
                for (const Row &row : std::as_const(*rows)) {
                    if (row.env != e.name)
                        continue;
                    QJsonObject o = row.profile.toJson();
                    o.insert(QStringLiteral("secret"), QJsonObject{{QStringLiteral("field"), row.profile.secretField()},
                                                                   {QStringLiteral("present"), row.present < 0 ? QJsonValue() : QJsonValue(row.present == 1)}});
                    profiles.append(o);
                }
                envs.append(QJsonObject{{QStringLiteral("name"), e.name}, {QStringLiteral("production"), e.production},
                                        {QStringLiteral("profiles"), profiles}});
            }
            m_out << QJsonDocument(QJsonObject{{QStringLiteral("environments"), envs}}).toJson(QJsonDocument::Indented);
        } else {
            for (const Row &row : std::as_const(*rows))
                m_out << row.env << "/" << row.profile.name << "  " << row.profile.display() << "  " << row.profile.secretField() << ": "
                      << (row.present == 1 ? "in the keychain" : row.present == 0 ? "not set" : "unknown (keychain unreachable)") << "\n";
            if (rows->isEmpty())
                m_out << "No profiles yet: `triage profile add dev/db postgresql://app@localhost:5432/app --password-stdin`.\n";
        }
        return keychainError.isEmpty() ? Ok : InputError;
    }

    if (verb == QLatin1String("import"))
        return importProfiles(args.mid(1), parser.isSet(QStringLiteral("libpq")) || parser.isSet(QStringLiteral("service")),
                              parser.value(QStringLiteral("service")), store, secrets);
    if (args.size() < 2)
        return usage(QStringLiteral("profile %1 takes ENV/NAME").arg(verb));
    QString envName;
    QString name;
    if (!ProfileStore::splitReference(args.at(1), &envName, &name))
        return usage(QStringLiteral("`%1` is not ENV/NAME, like dev/db").arg(args.at(1).section(QLatin1Char(':'), 0, 0)));
    Environment *env = store.environment(envName);
    if (!env)
        return usage(QStringLiteral("no environment `%1`; create it with `triage env add %1`").arg(envName));

    if (verb == QLatin1String("add")) {
        if (args.size() != 3)
            return usage(QStringLiteral("profile add takes ENV/NAME and a URL"));
        if (env->profile(name))
            return usage(QStringLiteral("profile %1/%2 exists already; remove it first").arg(envName, name));
        QString password;
        const auto profile = ConnectionProfile::fromUrl(name, args.at(2), &password, &error);
        if (!profile)
            return usage(error);
        if (!password.isEmpty())
            m_err << "triage: warning: the URL carried a password; it goes to the keychain, not into the stored profile. "
                     "Next time use --password-stdin, so that it is not in your shell history\n";
        if (parser.isSet(QStringLiteral("password-stdin")))
            password = readSecretLine(QStringLiteral("Password or token for %1/%2").arg(envName, name));
        // Secrets first, and none left over from an earlier profile of this name: if the keychain
        // refuses, nothing is stored at all.
        int code = forgetSecrets(secrets, envName, name);
        if (code != Ok)
            return code;
        QHash<QString, QString> fields;
        if (!password.isEmpty())
            fields.insert(profile->type == QLatin1String("http") && !userOf(args.at(2)).isEmpty() ? QStringLiteral("password")
                                                                                                 : profile->secretField(),
                          password);
        if (!userOf(args.at(2)).isEmpty() && (profile->type == QLatin1String("http") || profile->type == QLatin1String("redis")))
            fields.insert(QStringLiteral("user"), userOf(args.at(2)));
        code = storeSecrets(secrets, envName, name, fields);
        password.fill(QLatin1Char('\0'));
        if (code != Ok)
            return code;
        env->profiles.append(*profile);
        if (!store.save(&error)) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        m_out << "Added " << envName << "/" << name << ": " << profile->display() << "\n";
        return Ok;
    }
    const ConnectionProfile *existing = env->profile(name);
    if (!existing)
        return usage(QStringLiteral("no profile %1/%2; `triage profile list` shows them").arg(envName, name));

    if (verb == QLatin1String("remove")) {
        // The secrets first: a profile added later under this name must not inherit them.
        const int code = forgetSecrets(secrets, envName, name, existing->extraSecretFields);
        if (code != Ok)
            return code;
        env->profiles.removeIf([&](const ConnectionProfile &p) { return p.name == name; });
        if (!store.save(&error)) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        m_out << "Removed " << envName << "/" << name << " and its secrets.\n";
        return Ok;
    }
    if (verb == QLatin1String("test")) {
        Environment only = *env;
        only.profiles = {*existing};
        EnvironmentBinding binding(only, &secrets);
        QString keychainError;
        const int loaded = runAsync([&](std::function<void(int)> finish) {
            binding.load([&, finish](bool ok, const QString &e) {
                keychainError = e;
                finish(ok ? Ok : InputError);
            });
        });
        if (loaded != Ok) {
            m_err << "triage: " << keychainError << "\n";
            return InputError;
        }
        CheckContext context;
        binding.apply(&context);
        ProbeRegistry registry = ProbeRegistry::withCoreProbes();
        PostgresProbe::registerIn(registry);
        std::unique_ptr<CheckProbe> probe(registry.create(existing->testSpec(), context, nullptr));
        CheckResult result;
        runAsync([&](std::function<void(int)> finish) {
            QObject::connect(probe.get(), &CheckProbe::finished, probe.get(), [&, finish](const CheckResult &r) {
                result = r;
                finish(0);
            });
            probe->start();
        });
        if (env->production)
            m_err << "triage: " << envName << " is a PRODUCTION environment\n";
        if (parser.isSet(QStringLiteral("json")))
            m_out << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
        else
            m_out << (result.passed() ? "PASS  " : "FAIL  ") << result.message << "\n";
        return result.passed() ? Ok : Findings;
    }
    return usage(QStringLiteral("profile has add, list, remove and test; not `%1`").arg(verb));
}

int ProfileCommands::secret(const QStringList &arguments)
{
    QCommandLineParser parser;
    parserFor(parser);
    if (!parser.parse(QStringList{QStringLiteral("secret")} + arguments))
        return usage(parser.errorText());
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help")) || args.size() != 3) {
        m_out << "Usage: triage secret set ENV/NAME FIELD   (reads the value from stdin)\n"
                 "       triage secret delete ENV/NAME FIELD\n";
        return parser.isSet(QStringLiteral("help")) ? Ok : Usage;
    }
    const QString verb = args.at(0);
    QString envName;
    QString name;
    if (!ProfileStore::splitReference(args.at(1), &envName, &name))
        return usage(QStringLiteral("`%1` is not ENV/NAME, like dev/db").arg(args.at(1).left(40)));
    const QString field = args.at(2);
    // Only known fields: a value typed where the field goes must not become a key (keys are
    // not secret: they show in keychain browsers and debug logs).
    static const QRegularExpression fieldShape(QStringLiteral("^(password|token|user|(header|query):[A-Za-z0-9_-]{1,64})$"));
    if (!fieldShape.match(field).hasMatch())
        return usage(QStringLiteral("FIELD is password, token, user, header:NAME or query:NAME; the secret itself is read from stdin"));
    if (parser.isSet(QStringLiteral("session-secrets")))
        return usage(QStringLiteral("--session-secrets keeps secrets only for one run; `secret` stores them in the keychain"));
    ProfileStore store;
    QString error;
    const auto held = store.lock(&error);
    if (!held || !store.load(&error)) {
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    Environment *env = store.environment(envName);
    ConnectionProfile *profile = nullptr;
    if (env) {
        for (ConnectionProfile &p : env->profiles) {
            if (p.name == name)
                profile = &p;
        }
    }
    if (!profile)
        return usage(QStringLiteral("no profile %1/%2; add it first (`triage profile add %1/%2 URL`)").arg(envName, name));
    // header: and query: fields are listed in the profile (their names only), so that a bound
    // run knows to read them.
    const bool extra = field.startsWith(QLatin1String("header:")) || field.startsWith(QLatin1String("query:"));
    SecretStore secrets;
    const QString key = SecretStore::key(envName, name, field);
    if (verb == QLatin1String("set")) {
        QString value = readSecretLine(QStringLiteral("%1 for %2/%3").arg(field, envName, name));
        if (value.isEmpty())
            return usage(QStringLiteral("no value on stdin; pipe it in, e.g. `secret-tool lookup … | triage secret set %1 %2`").arg(args.at(1), field));
        const int code = runAsync([&](std::function<void(int)> finish) {
            secrets.write(key, value, [&, finish](const SecretStore::Result &r) {
                if (!r.ok)
                    m_err << "triage: " << r.error << "\n";
                finish(r.ok ? Ok : InputError);
            });
        });
        value.fill(QLatin1Char('\0'));
        if (code == Ok && extra && !profile->extraSecretFields.contains(field)) {
            profile->extraSecretFields.append(field);
            if (!store.save(&error)) {
                m_err << "triage: " << error << "\n";
                return InputError;
            }
        }
        if (code == Ok)
            m_out << "Stored " << field << " for " << envName << "/" << name << " in the "
                  << (secrets.isSessionOnly() ? "session (it ends with this run)" : "OS keychain") << ".\n";
        return code;
    }
    if (verb == QLatin1String("delete")) {
        const int code = runAsync([&](std::function<void(int)> finish) {
            secrets.remove(key, [&, finish](const SecretStore::Result &r) {
                if (r.ok || r.notFound)
                    m_out << (r.ok ? "Deleted " : "Nothing stored for ") << field << " of " << envName << "/" << name << ".\n";
                else
                    m_err << "triage: " << r.error << "\n";
                finish(r.ok || r.notFound ? Ok : InputError);
            });
        });
        if (code == Ok && profile->extraSecretFields.removeAll(field) > 0 && !store.save(&error)) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        return code;
    }
    return usage(QStringLiteral("secret has set and delete; not `%1`").arg(verb));
}

QString ProfileCommands::userOf(const QString &url)
{
    return QUrl(url).userName();
}

int ProfileCommands::forgetSecrets(SecretStore &secrets, const QString &env, const QString &profile, const QStringList &extraFields)
{
    const QStringList fields = QStringList{QStringLiteral("password"), QStringLiteral("token"), QStringLiteral("user")} + extraFields;
    return runAsync([&](std::function<void(int)> finish) {
        auto left = std::make_shared<int>(int(fields.size()));
        auto failed = std::make_shared<QString>();
        for (const QString &field : fields) {
            secrets.remove(SecretStore::key(env, profile, field), [this, left, failed, finish](const SecretStore::Result &r) {
                if (!r.ok && !r.notFound && failed->isEmpty())
                    *failed = r.error;
                if (--*left == 0) {
                    if (!failed->isEmpty())
                        m_err << "triage: " << *failed << "\n";
                    finish(failed->isEmpty() ? Ok : InputError);
                }
            });
        }
    });
}

int ProfileCommands::storeSecrets(SecretStore &secrets, const QString &env, const QString &profile, const QHash<QString, QString> &fields)
{
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        const int code = runAsync([&](std::function<void(int)> finish) {
            secrets.write(SecretStore::key(env, profile, it.key()), it.value(), [this, finish](const SecretStore::Result &r) {
                if (!r.ok)
                    m_err << "triage: " << r.error << "\n";
                finish(r.ok ? Ok : InputError);
            });
        });
        if (code != Ok) {
            forgetSecrets(secrets, env, profile); // none half-written
            return code;
        }
    }
    return Ok;
}

int ProfileCommands::importProfiles(const QStringList &args, bool fromLibpq, const QString &service, ProfileStore &store, SecretStore &secrets)
{
    if (args.isEmpty() || (!fromLibpq && args.size() != 2) || (fromLibpq && args.size() != 1))
        return usage(QStringLiteral("profile import takes ENV and a .env file, or ENV --libpq [--service NAME]"));
    Environment *env = store.environment(args.at(0));
    if (!env)
        return usage(QStringLiteral("no environment `%1`; create it with `triage env add %1`").arg(args.at(0)));
    struct Found {
        ConnectionProfile profile;
        QString password;
        QString from;
    };
    QList<Found> found;
    QString error;
    if (fromLibpq) {
        QString password;
        const auto p = LibpqDefaults::profile(QStringLiteral("db"), service, &password, &error);
        if (!p) {
            m_err << "triage: " << error << "\n";
            return InputError;
        }
        const QString from = service.isEmpty() && qEnvironmentVariable("PGSERVICE").isEmpty()
                                 ? QStringLiteral("libpq (PG* variables)")
                                 : QStringLiteral("libpq service `%1`").arg(service.isEmpty() ? qEnvironmentVariable("PGSERVICE") : service);
        found.append({*p, password, from});
    } else {
        const QString path = args.at(1);
        QFile file(path);
        if (!QFileInfo(path).isFile() || QFileInfo(path).size() > 1024 * 1024 || !file.open(QIODevice::ReadOnly)) {
            m_err << "triage: " << path << ": cannot read it as a .env file\n";
            return InputError;
        }
        const DotenvProbe::Parsed parsed = DotenvProbe::parse(file.readAll());
        if (parsed.errorLine > 0) {
            m_err << "triage: " << path << ":" << parsed.errorLine << ": " << parsed.error << "\n";
            return InputError;
        }
        // The names teams use for their service URLs, in order of preference per profile.
        const QList<QPair<QString, QStringList>> wanted{
            {QStringLiteral("db"), {QStringLiteral("DATABASE_URL"), QStringLiteral("POSTGRES_URL"), QStringLiteral("POSTGRESQL_URL"), QStringLiteral("PG_URL")}},
            {QStringLiteral("cache"), {QStringLiteral("REDIS_URL"), QStringLiteral("CACHE_URL")}},
            {QStringLiteral("api"), {QStringLiteral("API_URL"), QStringLiteral("API_BASE_URL"), QStringLiteral("BASE_URL")}},
            {QStringLiteral("kafka"), {QStringLiteral("KAFKA_URL"), QStringLiteral("KAFKA_BROKERS"), QStringLiteral("KAFKA_BOOTSTRAP_SERVERS")}},
            {QStringLiteral("metrics"), {QStringLiteral("PROMETHEUS_URL")}},
        };
        for (const auto &[name, keys] : wanted) {
            for (const QString &key : keys) {
                QString value = parsed.values.value(key);
                if (value.isEmpty())
                    continue;
                if (name == QLatin1String("kafka") && !value.contains(QLatin1String("://")))
                    value = QStringLiteral("kafka://") + value.section(QLatin1Char(','), 0, 0);
                if (name == QLatin1String("metrics"))
                    value = QStringLiteral("prometheus+") + value;
                QString password;
                const auto p = ConnectionProfile::fromUrl(name, value, &password, &error);
                if (p)
                    found.append({*p, password, QStringLiteral("%1 in %2").arg(key, path)});
                else
                    m_err << "triage: " << path << ": " << key << " is not a URL Triage reads (" << error << ")\n";
                break;
            }
        }
    }
    if (found.isEmpty()) {
        m_err << "triage: no service URLs found (DATABASE_URL, REDIS_URL, API_URL, KAFKA_BROKERS, PROMETHEUS_URL)\n";
        return Findings;
    }
    QStringList imported;
    QStringList written;
    auto undo = [&] {
        for (const QString &name : std::as_const(written))
            forgetSecrets(secrets, env->name, name);
    };
    for (const Found &f : std::as_const(found)) {
        if (env->profile(f.profile.name)) {
            m_err << "triage: " << env->name << "/" << f.profile.name << " exists already; kept as it is\n";
            continue;
        }
        if (!f.password.isEmpty()) {
            m_err << "triage: warning: " << f.from << " carries a password; it goes to the keychain, not into the stored profile\n";
            if (forgetSecrets(secrets, env->name, f.profile.name) != Ok
                || storeSecrets(secrets, env->name, f.profile.name, {{f.profile.secretField(), f.password}}) != Ok) {
                undo(); // nothing saved, no secret left behind
                return InputError;
            }
            written.append(f.profile.name);
        }
        env->profiles.append(f.profile);
        imported.append(QStringLiteral("Imported %1/%2: %3  (from %4)").arg(env->name, f.profile.name, f.profile.display(), f.from));
    }
    if (!store.save(&error)) {
        undo();
        m_err << "triage: " << error << "\n";
        return InputError;
    }
    for (const QString &line : std::as_const(imported))
        m_out << line << "\n";
    return Ok;
}

} // namespace triage::cli
