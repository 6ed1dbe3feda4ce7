#include "CheckCatalog.h"

#include "CommandProbe.h"
#include "secrets/SecretRedaction.h"

#include "CheckOutcome.h"
#include "CheckSpec.h"
#include "Condition.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

namespace triage {

namespace {

using K = CheckParam::Kind;

CheckParam p(const char *name, K kind, bool required, const char *help, QStringList choices = {})
{
    return CheckParam{QLatin1String(name), kind, required, std::move(choices), QLatin1String(help)};
}

QList<CheckTypeInfo> buildTypes()
{
    const CheckParam timeout = p("timeout", K::Integer, false, "milliseconds before the check gives up (default 5000)");
    const CheckParam host = p("host", K::Text, false, "host name or address");
    const CheckParam port = p("port", K::Port, false, "TCP port");

    QList<CheckTypeInfo> t;
    t.append({QStringLiteral("tcp"), QStringLiteral("connect to host:port and measure latency"),
              {p("host", K::Text, true, "host name or address"), p("port", K::Port, true, "TCP port"), timeout},
              {QStringLiteral("refused"), QStringLiteral("nxdomain"), QStringLiteral("unreachable"), QStringLiteral("closed")},
              {QStringLiteral("CONNECTED"), QStringLiteral("RESPONSE_TIME")}});
    t.append({QStringLiteral("http"), QStringLiteral("request a URL and read status, headers and body"),
              {p("url", K::Url, true, "http:// or https:// URL"),
               p("method", K::Choice, false, "HTTP method", {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}),
               p("headers", K::Map, false, "extra request headers (never secrets: use auth)"),
               p("auth", K::Choice, false, "credential bound from the keychain", {"none", "bearer", "basic"}),
               p("secret_headers", K::List, false, "headers whose values come from the keychain"),
               p("secret_query", K::List, false, "query parameters whose values come from the keychain"),
               p("insecure", K::Boolean, false, "accept TLS errors"),
               p("max_body", K::Integer, false, "largest body read, in bytes"),
               p("filter", K::Text, false, "only body lines containing this text (from `| grep`)"), timeout},
              {QStringLiteral("refused"), QStringLiteral("nxdomain"), QStringLiteral("tls"), QStringLiteral("too_large")},
              {QStringLiteral("STATUS"), QStringLiteral("BODY"), QStringLiteral("HEADER"), QStringLiteral("RESPONSE_TIME"),
               QStringLiteral("CONNECTED")}});
    t.append({QStringLiteral("postgres"), QStringLiteral("PostgreSQL readiness, login, or a read-only query"),
              {p("mode", K::Choice, false, "what to do", {"ready", "connect", "query"}), host, port,
               p("dbname", K::Text, false, "database name"), p("user", K::Text, false, "role name"),
               p("query", K::Text, false, "read-only SQL (SELECT, SHOW, EXPLAIN, WITH)"),
               p("sslmode", K::Choice, false, "libpq sslmode", {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}),
               p("auth", K::Choice, false, "password bound from the keychain", {"none", "password"}),
               p("metrics", K::Choice, false, "what a query charts: its first value, or every numeric column of its first row",
                 {"value", "columns"}),
               timeout},
              {QStringLiteral("refused"), QStringLiteral("nxdomain"), QStringLiteral("tls"), QStringLiteral("no_password"),
               QStringLiteral("wrong_password"), QStringLiteral("no_database"), QStringLiteral("too_many_connections"),
               QStringLiteral("rejecting"), QStringLiteral("read_only"), QStringLiteral("not_read_only")},
              {QStringLiteral("CONNECTED"), QStringLiteral("VALUE"), QStringLiteral("ROWS"), QStringLiteral("ROW_COUNT"),
               QStringLiteral("SQLSTATE"), QStringLiteral("RESPONSE_TIME")}});
    t.append({QStringLiteral("redis"), QStringLiteral("Redis PING, INFO or another read-only command"),
              {host, port, p("db", K::Integer, false, "database number"),
               p("command", K::Text, false, "read-only command: PING, INFO, GET, …"),
               p("section", K::Text, false, "INFO section (memory, stats, clients, …)"),
               p("filter", K::Text, false, "only reply lines containing this text (from `| grep`)"),
               p("auth", K::Choice, false, "password bound from the keychain", {"none", "password"}), timeout},
              {QStringLiteral("refused"), QStringLiteral("nxdomain"), QStringLiteral("noauth"), QStringLiteral("wrongpass"),
               QStringLiteral("not_allowed"), QStringLiteral("not_resp"), QStringLiteral("too_large")},
              {QStringLiteral("CONNECTED"), QStringLiteral("VALUE"), QStringLiteral("INFO"), QStringLiteral("RESPONSE_TIME")}});
    t.append({QStringLiteral("port"), QStringLiteral("whether a local port is free or in use, and by whom"),
              {p("port", K::Port, true, "TCP port"), host, timeout},
              {QStringLiteral("in_use"), QStringLiteral("free")},
              {QStringLiteral("IN_USE"), QStringLiteral("PID"), QStringLiteral("PROCESS")}});
    t.append({QStringLiteral("env"), QStringLiteral("an environment variable is set, non-empty, or matches a pattern"),
              {p("name", K::Text, true, "variable name, or a part of one with match: contains"),
               p("match", K::Choice, false, "how name is compared", {"exact", "contains", "prefix"}),
               p("pattern", K::Text, false, "regular expression the value must match")},
              {QStringLiteral("unset"), QStringLiteral("empty"), QStringLiteral("mismatch")},
              {QStringLiteral("SET"), QStringLiteral("VALUE")}});
    t.append({QStringLiteral("dotenv"), QStringLiteral("a .env file exists, is a file, parses, and defines keys"),
              {p("path", K::Text, false, "path of the .env file (default .env)"), p("keys", K::List, false, "keys it must define")},
              {QStringLiteral("missing"), QStringLiteral("is_directory"), QStringLiteral("parse_error"),
               QStringLiteral("missing_keys"), QStringLiteral("not_readable")},
              {QStringLiteral("EXISTS"), QStringLiteral("KEYS"), QStringLiteral("VALUE")}});
    t.append({QStringLiteral("file"), QStringLiteral("a file or folder exists and is readable"),
              {p("path", K::Text, true, "path"), p("kind", K::Choice, false, "what it must be", {"any", "file", "dir"}),
               p("readable", K::Boolean, false, "must be readable")},
              {QStringLiteral("missing"), QStringLiteral("wrong_type"), QStringLiteral("not_readable")},
              {QStringLiteral("EXISTS"), QStringLiteral("TYPE"), QStringLiteral("SIZE")}});
    t.append({QStringLiteral("dns"), QStringLiteral("a host name resolves"),
              {p("host", K::Text, true, "name to resolve"), p("record", K::Choice, false, "record type", {"A", "AAAA", "ANY"}),
               p("server", K::Text, false, "DNS server to ask, by address or name (default: the system resolver)"), timeout},
              {QStringLiteral("nxdomain"), QStringLiteral("no_answer")},
              {QStringLiteral("ADDRESSES"), QStringLiteral("RESPONSE_TIME")}});
    t.append({QStringLiteral("jwt"), QStringLiteral("a token decoded offline: expiry, audience, scopes"),
              {p("source", K::Text, true, "where the token is: env:NAME, secret:KEY or file:PATH"),
               p("audience", K::Text, false, "expected aud"), p("scope", K::Text, false, "scope the token must carry"),
               p("leeway", K::Integer, false, "clock skew allowed, in seconds")},
              {QStringLiteral("expired"), QStringLiteral("not_yet_valid"), QStringLiteral("bad_audience"),
               QStringLiteral("missing_scope"), QStringLiteral("malformed")},
              {QStringLiteral("CLAIMS"), QStringLiteral("EXPIRES_IN")}});
    t.append({QStringLiteral("prometheus"),
              QStringLiteral("scrape /metrics and compare a sample with a threshold, or ask a Prometheus server a PromQL query"),
              {p("url", K::Url, true, "metrics URL to scrape; with `query:`, the Prometheus server"),
               p("metric", K::Text, false, "sample name to scrape (or give `query:`)"),
               p("labels", K::Map, false, "label values the sample must have"),
               p("query", K::Text, false, "PromQL for the server's /api/v1/query; [VALUE] is the first series' value"), timeout},
              {QStringLiteral("refused"), QStringLiteral("nxdomain"), QStringLiteral("parse_error"), QStringLiteral("missing_metric"),
               QStringLiteral("bad_data")},
              {QStringLiteral("VALUE"), QStringLiteral("SERIES"), QStringLiteral("RESPONSE_TIME")}});
    t.append({QStringLiteral("kafka"), QStringLiteral("a broker is reachable and answers ApiVersions"),
              {p("host", K::Text, true, "broker host"), p("port", K::Port, true, "broker port"), timeout},
              {QStringLiteral("refused"), QStringLiteral("nxdomain"), QStringLiteral("not_kafka")},
              {QStringLiteral("CONNECTED"), QStringLiteral("RESPONSE_TIME"), QStringLiteral("API_VERSIONS")}});
    t.append({QStringLiteral("system"), QStringLiteral("CPU, memory, load or disk use of this machine"),
              {p("resource", K::Choice, true, "what to measure", {"cpu", "memory", "load", "disk"}),
               p("path", K::Text, false, "folder whose disk is measured")},
              {},
              {QStringLiteral("VALUE"), QStringLiteral("CPU"), QStringLiteral("MEMORY"), QStringLiteral("LOAD"),
               QStringLiteral("DISK")}});
    t.append({QStringLiteral("keychain"),
              QStringLiteral("the OS keychain can store a secret, give it back and remove it (a test entry, never a real secret)"),
              {timeout},
              {QStringLiteral("no_keychain"), QStringLiteral("locked"), QStringLiteral("mismatch")},
              {QStringLiteral("AVAILABLE"), QStringLiteral("RESPONSE_TIME")}});
    t.append({QStringLiteral("command"), QStringLiteral("run a program (trusted guides only, after confirmation)"),
              {p("command", K::Text, true, "program and arguments, split like a shell would, never run by one"),
               p("cwd", K::Text, false, "working folder"),
               p("vars", K::Map, false, "defaults for the command's ${name} placeholders; --var name=value replaces one"), timeout},
              {QStringLiteral("exit_code")},
              {QStringLiteral("EXIT_CODE"), QStringLiteral("STDOUT"), QStringLiteral("STDERR")}});
    return t;
}

bool isInteger(const QVariant &value, qlonglong *out = nullptr)
{
    bool ok = false;
    const qlonglong v = value.toString().toLongLong(&ok);
    if (out)
        *out = v;
    return ok;
}

} // namespace

const QList<CheckTypeInfo> &CheckCatalog::types()
{
    static const QList<CheckTypeInfo> types = buildTypes();
    return types;
}

const CheckTypeInfo *CheckCatalog::find(const QString &type)
{
    for (const CheckTypeInfo &info : types()) {
        if (info.type == type)
            return &info;
    }
    return nullptr;
}

bool CheckCatalog::isBranchKey(const QString &type, const QString &key)
{
    CheckOutcome outcome;
    if (generalBranches().contains(key) || checkOutcomeFromName(key, &outcome))
        return true;
    const CheckTypeInfo *info = find(type);
    if (info && info->outcomes.contains(key, Qt::CaseInsensitive))
        return true;
    // HTTP statuses ("503") and SQLSTATEs ("3D000") name themselves.
    static const QRegularExpression status(QStringLiteral("^[1-5][0-9][0-9]$"));
    static const QRegularExpression sqlstate(QStringLiteral("^[0-9A-Z]{5}$"));
    return (type == QLatin1String("http") && status.match(key).hasMatch())
           || (type == QLatin1String("postgres") && sqlstate.match(key).hasMatch());
}

QString CheckCatalog::reasonAlias(const QString &type, const QString &reason)
{
    if (type == QLatin1String("postgres")) {
        static const QHash<QString, QString> names{
            {QStringLiteral("28P01"), QStringLiteral("wrong_password")}, {QStringLiteral("28000"), QStringLiteral("wrong_password")},
            {QStringLiteral("3D000"), QStringLiteral("no_database")},    {QStringLiteral("53300"), QStringLiteral("too_many_connections")},
            {QStringLiteral("57P03"), QStringLiteral("rejecting")},      {QStringLiteral("25006"), QStringLiteral("read_only")},
        };
        return names.value(reason);
    }
    return reason.toLower() == reason ? QString() : reason.toLower(); // Redis NOAUTH → noauth
}

QStringList CheckCatalog::typeNames()
{
    QStringList names;
    for (const CheckTypeInfo &info : types())
        names.append(info.type);
    return names;
}

QList<CheckCatalog::Problem> CheckCatalog::validate(const CheckSpec &spec)
{
    QList<Problem> problems;
    const CheckTypeInfo *info = find(spec.type);
    if (!info) {
        problems.append({QStringLiteral("type"), spec.type.isEmpty()
                                                     ? QStringLiteral("check block has no `type:`; use one of: %1").arg(typeNames().join(QStringLiteral(", ")))
                                                     : QStringLiteral("unknown check type `%1`; known types: %2")
                                                           .arg(spec.type, typeNames().join(QStringLiteral(", ")))});
        return problems;
    }
    for (const CheckParam &cp : info->params) {
        if (cp.required && !spec.params.contains(cp.name))
            problems.append({QString(), QStringLiteral("%1 check needs `%2:` (%3)").arg(spec.type, cp.name, cp.help)});
    }
    for (auto it = spec.params.cbegin(); it != spec.params.cend(); ++it) {
        const CheckParam *cp = info->param(it.key());
        if (!cp) {
            QStringList known;
            for (const CheckParam &k : info->params)
                known.append(k.name);
            problems.append({it.key(), QStringLiteral("%1 check has no parameter `%2`; it takes: %3")
                                           .arg(spec.type, it.key(), known.join(QStringLiteral(", ")))});
            continue;
        }
        const QVariant &value = it.value();
        qlonglong n = 0;
        switch (cp->kind) {
        case K::Port:
            if (!isInteger(value, &n) || n < 1 || n > 65535)
                problems.append({it.key(), QStringLiteral("`%1: %2` is not a port (1-65535)").arg(it.key(), value.toString())});
            break;
        case K::Integer:
            if (!isInteger(value, &n) || n < 0)
                problems.append({it.key(), QStringLiteral("`%1: %2` must be a whole number").arg(it.key(), value.toString())});
            break;
        case K::Url: {
            const QUrl url(value.toString(), QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
                || url.host().isEmpty()) {
                problems.append({it.key(), QStringLiteral("`%1: %2` is not an http:// or https:// URL").arg(it.key(), value.toString())});
            }
            break;
        }
        case K::Boolean: {
            const QString s = value.toString().toLower();
            if (s != QLatin1String("true") && s != QLatin1String("false"))
                problems.append({it.key(), QStringLiteral("`%1` must be true or false").arg(it.key())});
            break;
        }
        case K::Choice:
            if (!cp->choices.contains(value.toString(), Qt::CaseInsensitive))
                problems.append({it.key(), QStringLiteral("`%1: %2` is not one of: %3")
                                               .arg(it.key(), value.toString(), cp->choices.join(QStringLiteral(", ")))});
            break;
        case K::List:
            if (value.typeId() != QMetaType::QVariantList && value.typeId() != QMetaType::QStringList
                && value.toString().isEmpty())
                problems.append({it.key(), QStringLiteral("`%1` must be a list").arg(it.key())});
            break;
        case K::Map:
            if (value.typeId() != QMetaType::QVariantMap)
                problems.append({it.key(), QStringLiteral("`%1` must be a mapping of `name: value` lines").arg(it.key())});
            break;
        case K::Text:
            if (value.toString().trimmed().isEmpty() && value.typeId() != QMetaType::QVariantMap)
                problems.append({it.key(), QStringLiteral("`%1` is empty").arg(it.key())});
            break;
        }
    }
    for (auto it = spec.branches.cbegin(); it != spec.branches.cend(); ++it) {
        if (!isBranchKey(spec.type, it.key())) {
            problems.append({QStringLiteral("on"), QStringLiteral("%1 checks have no outcome `%2`; use pass, fail, error, an outcome "
                                                                  "class (%3) or one of this type's reasons (%4)")
                                                      .arg(spec.type, it.key(), checkOutcomeNames().join(QStringLiteral(", ")),
                                                           info->outcomes.isEmpty() ? QStringLiteral("none")
                                                                                    : info->outcomes.join(QStringLiteral(", ")))});
        }
    }
    for (const QString &text : spec.expect) {
        const Condition condition = Condition::parse(text);
        if (!condition.isValid()) {
            problems.append({QStringLiteral("expect"),
                             QStringLiteral("condition `%1`: %2 (at column %3 of the condition)").arg(text, condition.error()).arg(condition.errorColumn()),
                             text, condition.errorColumn()});
            continue;
        }
        for (const QString &placeholder : condition.placeholders()) {
            if (!info->placeholders.contains(placeholder))
                problems.append({QStringLiteral("expect"), QStringLiteral("condition `%1`: %2 checks have no [%3]; they provide: %4")
                                                               .arg(text, spec.type, placeholder,
                                                                    info->placeholders.join(QStringLiteral(", "))),
                                 text, int(text.indexOf(QLatin1Char('[') + placeholder + QLatin1Char(']'))) + 1});
        }
    }
    if (spec.type == QLatin1String("command") && spec.params.contains(QStringLiteral("command"))) {
        // The command as it would run with its defaults: the same rules as at run time, found
        // while the guide is written rather than when someone runs it.
        const QVariantMap defaults = spec.params.value(QStringLiteral("vars")).toMap();
        for (auto it = defaults.cbegin(); it != defaults.cend(); ++it) {
            if (SecretRedaction::isCredentialName(it.key()))
                problems.append({QStringLiteral("vars"), QStringLiteral("`vars: %1` names a secret; secrets never go on a command line")
                                                             .arg(it.key())});
        }
        QString error;
        if (!CommandProbe::argv(spec.param(QStringLiteral("command")), {}, defaults, &error))
            problems.append({QStringLiteral("command"), error});
    }
    return problems;
}

} // namespace triage
