#include "CommandRecognizer.h"

#include "markdown/AsciiFold.h"
#include "markdown/MarkdownDocument.h"
#include "secrets/SecretRedaction.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace triage {

namespace {

const QChar kOp(QChar(0));

bool isOp(QStringView word, const char *op = nullptr)
{
    if (!word.startsWith(kOp))
        return false;
    return op == nullptr || word.mid(1) == QLatin1StringView(op);
}

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isAsciiDigits(QStringView text)
{
    return std::all_of(text.begin(), text.end(), isAsciiDigit);
}

// What a regular expression's \w matches: ASCII letters, digits and '_'.
bool isWordChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || isAsciiDigit(c)
           || c == QLatin1Char('_');
}

// What a regular expression's \s matches: ASCII white space.
bool isAsciiSpace(QChar c)
{
    return c == QLatin1Char(' ') || (c >= QLatin1Char('\t') && c <= QLatin1Char('\r'));
}

// Where a shell or C identifier ([A-Za-z_][A-Za-z0-9_]*) that starts at `from` ends; `from`
// when none starts there.
qsizetype identifierEnd(QStringView text, qsizetype from)
{
    if (from >= text.size() || isAsciiDigit(text.at(from)) || !isWordChar(text.at(from)))
        return from;
    qsizetype end = from + 1;
    while (end < text.size() && isWordChar(text.at(end)))
        ++end;
    return end;
}

// The small matchers below replace regular expressions that ended in `$`, which also matches
// just before a final newline; they accept that newline too.
QStringView withoutFinalNewline(QStringView text)
{
    return text.endsWith(QLatin1Char('\n')) ? text.chopped(1) : text;
}

// Whether `word` is in `sorted`, a list in order. The search compares first characters before
// the rest: they settle most of its steps, where comparing two string_views calls memcmp.
template<size_t N>
bool isAmong(const std::string_view (&sorted)[N], std::string_view word)
{
    if (word.empty())
        return false; // no list holds an empty word
    return std::binary_search(std::begin(sorted), std::end(sorted), word, [](std::string_view a, std::string_view b) {
        return a.front() != b.front() ? a.front() < b.front() : a < b;
    });
}

// The lines of a text one after another, as split('\n') gives them: an empty text is one empty
// line, and a text ending in '\n' ends with an empty one. QStringView::tokenize() and indexOf()
// run a general string search for each line, which cost more than reading its characters.
class Lines {
public:
    explicit Lines(QStringView text)
        : m_text(text)
    {
    }

    bool next(QStringView *line)
    {
        if (m_from > m_text.size())
            return false;
        const QChar *begin = m_text.data() + m_from;
        const QChar *end = std::find(begin, m_text.data() + m_text.size(), QLatin1Char('\n'));
        *line = QStringView(begin, end);
        m_from += line->size() + 1;
        return true;
    }

private:
    QStringView m_text;
    qsizetype m_from = 0;
};

// If sql[i] starts a comment, a string, a quoted identifier or a dollar-quoted body, the index
// just past it; otherwise -1. One lexer for every SQL scan here, so they agree on what is code.
qsizetype skipSqlNonCode(QStringView sql, qsizetype i)
{
    const qsizetype n = sql.size();
    const QChar c = sql.at(i);
    auto past = [&](QStringView close, qsizetype from) {
        const qsizetype end = sql.indexOf(close, from);
        return end < 0 ? n : end + close.size();
    };
    if (c == QLatin1Char('-') && i + 1 < n && sql.at(i + 1) == QLatin1Char('-')) {
        const qsizetype end = sql.indexOf(QLatin1Char('\n'), i);
        return end < 0 ? n : end;
    }
    if (c == QLatin1Char('/') && i + 1 < n && sql.at(i + 1) == QLatin1Char('*'))
        return past(u"*/", i + 2);
    if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
        return past(QStringView(&c, 1), i + 1);
    if (c == QLatin1Char('$')) {
        qsizetype j = i + 1;
        while (j < n && (sql.at(j).isLetterOrNumber() || sql.at(j) == QLatin1Char('_')))
            ++j;
        if (j < n && sql.at(j) == QLatin1Char('$') && (j == i + 1 || !sql.at(i + 1).isDigit()))
            return past(sql.mid(i, j - i + 1), j + 1);
    }
    return -1;
}

// Whether skipSqlNonCode() can skip anything from this character.
bool startsSqlNonCode(QChar c)
{
    return c == QLatin1Char('-') || c == QLatin1Char('/') || c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('$');
}

QString stripSqlComments(const QString &sql)
{
    // Copies the SQL in runs, leaving out `-- …` and `/* … */` comments; quoted text is copied whole.
    // Most statements have no comment: they are not copied at all.
    QString out;
    const qsizetype n = sql.size();
    qsizetype run = 0;
    for (qsizetype i = 0; i < n;) {
        const qsizetype skip = startsSqlNonCode(sql.at(i)) ? skipSqlNonCode(sql, i) : -1;
        if (skip < 0) {
            ++i;
            continue;
        }
        const bool comment = sql.at(i) == QLatin1Char('-') || sql.at(i) == QLatin1Char('/');
        if (comment) {
            if (run == 0)
                out.reserve(n); // the first comment
            out.append(QStringView(sql).mid(run, i - run)).append(QLatin1Char(' '));
            run = skip;
        }
        i = skip;
    }
    if (run == 0)
        return sql.trimmed();
    out.append(QStringView(sql).mid(run, n - run));
    return out.trimmed();
}

bool isPlaceholderText(const QString &text, bool shell)
{
    const qsizetype n = text.size();
    bool inString = false;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        // Only these characters start anything below; most characters are none of them.
        switch (c.unicode()) {
        case u'\'':
        case u'.':
        case u'<':
        case u'{':
        case u'\u2026':
            break;
        default:
            continue;
        }
        // In SQL, '...' inside a string literal is data ("asset_id = '123...'"), not a gap.
        if (!shell && c == QLatin1Char('\'')) {
            inString = !inString;
            continue;
        }
        if (inString)
            continue;
        if ((c == QLatin1Char('.') && i + 2 < n && text.at(i + 1) == QLatin1Char('.') && text.at(i + 2) == QLatin1Char('.'))
            || c.unicode() == 0x2026)
            return true; // "..." or "…": left for the reader to fill in
        // <PID>, <service name>: something the reader must fill in.
        if (c == QLatin1Char('<') && i + 1 < n && (text.at(i + 1).isLetter() || text.at(i + 1) == QLatin1Char('_'))) {
            qsizetype j = i + 1;
            while (j < n && (text.at(j).isLetterOrNumber() || text.at(j) == QLatin1Char('_') || text.at(j) == QLatin1Char(' ')
                             || text.at(j) == QLatin1Char('.') || text.at(j) == QLatin1Char('-')))
                ++j;
            if (j < n && text.at(j) == QLatin1Char('>'))
                return true;
        }
        // {user_id} in a shell command (but not ${VAR}, nor curl's -w "%{http_code}").
        if (shell && c == QLatin1Char('{') && (i == 0 || (text.at(i - 1) != QLatin1Char('$') && text.at(i - 1) != QLatin1Char('%'))) && i + 1 < n
            && (text.at(i + 1).isLetter() || text.at(i + 1) == QLatin1Char('_'))) {
            qsizetype j = i + 1;
            while (j < n && (text.at(j).isLetterOrNumber() || text.at(j) == QLatin1Char('_')))
                ++j;
            if (j < n && text.at(j) == QLatin1Char('}'))
                return true;
        }
    }
    return false;
}

// `$NAME`, `${NAME}`: a shell variable's value, which only the reader's shell knows.
bool refersToVariable(QStringView value)
{
    for (qsizetype at = value.indexOf(QLatin1Char('$')); at >= 0 && at + 1 < value.size();
         at = value.indexOf(QLatin1Char('$'), at + 1)) {
        const QChar next = value.at(at + 1);
        if (next.isLetter() || next == QLatin1Char('_') || next == QLatin1Char('{'))
            return true;
    }
    return false;
}

struct ParsedArgs {
    QHash<QString, QString> values; // canonical option → value
    QSet<QString> flags;             // options without a value, as written
    QStringList positionals;
};

// A small getopt: `names` maps every spelling that takes a value ("-h", "--host") to one
// canonical key. Accepts "-hVALUE", "--host=VALUE" and "--host VALUE".
ParsedArgs parseArgs(const QStringList &args, const QHash<QString, QString> &names)
{
    ParsedArgs parsed;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--")) {
            parsed.positionals += args.mid(i + 1);
            break;
        }
        if (a.startsWith(QLatin1String("--"))) {
            const qsizetype eq = a.indexOf(QLatin1Char('='));
            const QString name = eq < 0 ? a : a.left(eq);
            if (names.contains(name)) {
                if (eq >= 0)
                    parsed.values.insert(names.value(name), a.mid(eq + 1));
                else if (i + 1 < args.size())
                    parsed.values.insert(names.value(name), args.at(++i));
            } else {
                parsed.flags.insert(name);
            }
            continue;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            const QString shortName = a.left(2);
            if (names.contains(shortName)) {
                if (a.size() > 2)
                    parsed.values.insert(names.value(shortName), a.mid(2));
                else if (i + 1 < args.size())
                    parsed.values.insert(names.value(shortName), args.at(++i));
            } else {
                parsed.flags.insert(a);
            }
            continue;
        }
        parsed.positionals.append(a);
    }
    return parsed;
}

bool hasFlagLetter(const ParsedArgs &args, QChar letter)
{
    for (const QString &f : args.flags) {
        if (!f.startsWith(QLatin1String("--")) && f.contains(letter))
            return true;
    }
    return false;
}

void setPort(CheckSpec &spec, const QString &value)
{
    bool ok = false;
    const int port = value.toInt(&ok);
    if (ok && port > 0 && port < 65536)
        spec.params.insert(QStringLiteral("port"), port);
}

// "host:port" or "[::1]:port" → host and port; of a list ("a:9092,b:9092"), the first.
// The host may be empty, and has no white space, '/' or ']'.
bool splitHostPort(const QString &text, QString *host, QString *port)
{
    QStringView first(text);
    if (const qsizetype comma = first.indexOf(QLatin1Char(',')); comma >= 0)
        first = first.first(comma);
    first = withoutFinalNewline(first);
    const qsizetype colon = first.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    const QStringView digits = first.sliced(colon + 1);
    if (digits.isEmpty() || digits.size() > 5 || !isAsciiDigits(digits))
        return false;
    QStringView name = first.first(colon);
    if (name.startsWith(QLatin1Char('[')))
        name = name.sliced(1);
    if (name.endsWith(QLatin1Char(']')))
        name.chop(1);
    if (std::any_of(name.begin(), name.end(), [](QChar c) { return c == QLatin1Char(']') || c == QLatin1Char('/') || isAsciiSpace(c); }))
        return false;
    *host = name.toString();
    *port = digits.toString();
    return true;
}

CheckSpec makeSpec(const QString &type, const QString &command)
{
    CheckSpec spec;
    spec.type = type;
    spec.source = command;
    return spec;
}

// What libpq calls a connection target: a URI (postgresql://user:secret@host:port/db), a
// connection string (host=db user=app password=secret dbname=orders), or a database name.
// Fills host, port, user and dbname; a password marks the check as needing one from the
// keychain, and its value is dropped.
void applyConnectionTarget(CheckSpec &spec, const QString &target)
{
    if (target.contains(QLatin1String("://"))) {
        const QUrl url(target);
        if (!url.isValid())
            return;
        if (!url.host().isEmpty())
            spec.params.insert(QStringLiteral("host"), url.host());
        if (url.port() > 0)
            spec.params.insert(QStringLiteral("port"), url.port());
        if (!url.userName().isEmpty())
            spec.params.insert(QStringLiteral("user"), url.userName());
        if (!url.password().isEmpty())
            spec.params.insert(QStringLiteral("auth"), QStringLiteral("password"));
        const QString db = url.path().mid(1);
        if (!db.isEmpty())
            spec.params.insert(QStringLiteral("dbname"), db);
        return;
    }
    if (!target.contains(QLatin1Char('='))) {
        spec.params.insert(QStringLiteral("dbname"), target);
        return;
    }
    // key=value pairs, values optionally in single quotes.
    static const QRegularExpression pair(QStringLiteral("(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)"));
    for (const auto &m : pair.globalMatch(target)) {
        const QString key = m.captured(1).toLower();
        QString value = m.captured(2);
        if (value.startsWith(QLatin1Char('\'')))
            value = value.mid(1, value.size() - 2);
        if (key == QLatin1String("host") || key == QLatin1String("hostaddr"))
            spec.params.insert(QStringLiteral("host"), value);
        else if (key == QLatin1String("port"))
            setPort(spec, value);
        else if (key == QLatin1String("user"))
            spec.params.insert(QStringLiteral("user"), value);
        else if (key == QLatin1String("dbname"))
            spec.params.insert(QStringLiteral("dbname"), value);
        else if (key == QLatin1String("password"))
            spec.params.insert(QStringLiteral("auth"), QStringLiteral("password"));
        else if (key == QLatin1String("sslmode"))
            spec.params.insert(QStringLiteral("sslmode"), value);
    }
}

std::optional<CheckSpec> recognisePgIsReady(const QStringList &args, const QString &command)
{
    static const QHash<QString, QString> options{{QStringLiteral("-h"), QStringLiteral("host")},
                                          {QStringLiteral("--host"), QStringLiteral("host")},
                                          {QStringLiteral("-p"), QStringLiteral("port")},
                                          {QStringLiteral("--port"), QStringLiteral("port")},
                                          {QStringLiteral("-U"), QStringLiteral("user")},
                                          {QStringLiteral("--username"), QStringLiteral("user")},
                                          {QStringLiteral("-d"), QStringLiteral("dbname")},
                                          {QStringLiteral("--dbname"), QStringLiteral("dbname")},
                                          {QStringLiteral("-t"), QStringLiteral("timeout")},
                                          {QStringLiteral("--timeout"), QStringLiteral("timeout")}};
    const ParsedArgs a = parseArgs(args, options);
    CheckSpec spec = makeSpec(QStringLiteral("postgres"), command);
    spec.params.insert(QStringLiteral("mode"), QStringLiteral("ready"));
    if (a.values.contains(QStringLiteral("dbname")))
        applyConnectionTarget(spec, a.values.value(QStringLiteral("dbname")));
    for (const char *key : {"host", "user"}) {
        if (a.values.contains(QLatin1String(key)))
            spec.params.insert(QLatin1String(key), a.values.value(QLatin1String(key)));
    }
    if (a.values.contains(QStringLiteral("port")))
        setPort(spec, a.values.value(QStringLiteral("port")));
    if (a.values.contains(QStringLiteral("timeout")))
        spec.params.insert(QStringLiteral("timeout"), a.values.value(QStringLiteral("timeout")).toInt() * 1000);
    return spec;
}

std::optional<CheckSpec> recognisePsql(const QStringList &args, const QString &command)
{
    static const QHash<QString, QString> options{{QStringLiteral("-h"), QStringLiteral("host")},
                                          {QStringLiteral("--host"), QStringLiteral("host")},
                                          {QStringLiteral("-p"), QStringLiteral("port")},
                                          {QStringLiteral("--port"), QStringLiteral("port")},
                                          {QStringLiteral("-U"), QStringLiteral("user")},
                                          {QStringLiteral("--username"), QStringLiteral("user")},
                                          {QStringLiteral("-d"), QStringLiteral("dbname")},
                                          {QStringLiteral("--dbname"), QStringLiteral("dbname")},
                                          {QStringLiteral("-c"), QStringLiteral("query")},
                                          {QStringLiteral("--command"), QStringLiteral("query")},
                                          {QStringLiteral("-f"), QStringLiteral("file")},
                                          {QStringLiteral("--file"), QStringLiteral("file")},
                                          {QStringLiteral("-o"), QStringLiteral("output")},
                                          {QStringLiteral("-v"), QStringLiteral("variable")}};
    const ParsedArgs a = parseArgs(args, options);
    if (a.values.contains(QStringLiteral("file")) || a.values.contains(QStringLiteral("output")))
        return std::nullopt;
    CheckSpec spec = makeSpec(QStringLiteral("postgres"), command);
    QStringList positionals = a.positionals;
    if (a.values.contains(QStringLiteral("dbname")))
        applyConnectionTarget(spec, a.values.value(QStringLiteral("dbname")));
    else if (!positionals.isEmpty())
        applyConnectionTarget(spec, positionals.takeFirst()); // psql's first argument is the database
    for (const char *key : {"host", "user"}) {
        const QString value = a.values.value(QLatin1String(key));
        if (!value.isEmpty())
            spec.params.insert(QLatin1String(key), value);
    }
    if (!positionals.isEmpty() && !spec.params.contains(QStringLiteral("user")))
        spec.params.insert(QStringLiteral("user"), positionals.takeFirst());
    if (a.values.contains(QStringLiteral("port")))
        setPort(spec, a.values.value(QStringLiteral("port")));

    const QString query = a.values.value(QStringLiteral("query")).trimmed();
    if (query.isEmpty()) {
        spec.params.insert(QStringLiteral("mode"), QStringLiteral("connect"));
        return spec;
    }
    if (query.startsWith(QLatin1Char('\\')) || !CommandRecognizer::isReadOnlySql(query) || isPlaceholderText(query, false))
        return std::nullopt;
    spec.params.insert(QStringLiteral("mode"), QStringLiteral("query"));
    QString clean = stripSqlComments(query);
    if (clean.endsWith(QLatin1Char(';')))
        clean.chop(1);
    spec.params.insert(QStringLiteral("query"), clean.trimmed());
    return spec;
}

// Commands redis-cli may send: read-only, and cheap on a busy server.
const QSet<QString> &redisReadOnly()
{
    static const QSet<QString> commands{QStringLiteral("PING"),   QStringLiteral("INFO"),  QStringLiteral("GET"),
                                        QStringLiteral("EXISTS"), QStringLiteral("TTL"),   QStringLiteral("PTTL"),
                                        QStringLiteral("TYPE"),   QStringLiteral("DBSIZE"), QStringLiteral("STRLEN"),
                                        QStringLiteral("LLEN"),   QStringLiteral("SCARD"), QStringLiteral("HLEN"),
                                        QStringLiteral("ZCARD"),  QStringLiteral("TIME"),  QStringLiteral("LASTSAVE"),
                                        QStringLiteral("ROLE")};
    return commands;
}

std::optional<CheckSpec> recogniseRedisCli(const QStringList &args, const QString &filter)
{
    static const QHash<QString, QString> options{{QStringLiteral("-h"), QStringLiteral("host")},
                                          {QStringLiteral("-p"), QStringLiteral("port")},
                                          {QStringLiteral("-n"), QStringLiteral("db")},
                                          {QStringLiteral("-a"), QStringLiteral("password")},
                                          {QStringLiteral("--pass"), QStringLiteral("password")},
                                          {QStringLiteral("--user"), QStringLiteral("user")},
                                          {QStringLiteral("-u"), QStringLiteral("uri")},
                                          {QStringLiteral("-r"), QStringLiteral("repeat")},
                                          {QStringLiteral("-i"), QStringLiteral("interval")},
                                          {QStringLiteral("-s"), QStringLiteral("socket")}};
    const ParsedArgs a = parseArgs(args, options);
    if (a.positionals.isEmpty() || a.values.contains(QStringLiteral("socket")))
        return std::nullopt; // interactive, or --stat/--bigkeys style tools
    const QString verb = a.positionals.first().toUpper();
    QString fullVerb = verb;
    if (verb == QLatin1String("CONFIG") || verb == QLatin1String("CLIENT") || verb == QLatin1String("MEMORY")) {
        const QString sub = a.positionals.value(1).toUpper();
        fullVerb = verb + QLatin1Char(' ') + sub;
        if (fullVerb != QLatin1String("CONFIG GET") && fullVerb != QLatin1String("CLIENT LIST")
            && fullVerb != QLatin1String("MEMORY USAGE") && fullVerb != QLatin1String("MEMORY STATS"))
            return std::nullopt;
    } else if (!redisReadOnly().contains(verb)) {
        return std::nullopt;
    }

    CheckSpec spec;
    spec.type = QStringLiteral("redis");
    if (a.values.contains(QStringLiteral("uri"))) {
        const QUrl url(a.values.value(QStringLiteral("uri")));
        if (!url.host().isEmpty())
            spec.params.insert(QStringLiteral("host"), url.host());
        if (url.port() > 0)
            spec.params.insert(QStringLiteral("port"), url.port());
        if (!url.password().isEmpty())
            spec.params.insert(QStringLiteral("auth"), QStringLiteral("password"));
    }
    if (a.values.contains(QStringLiteral("host")))
        spec.params.insert(QStringLiteral("host"), a.values.value(QStringLiteral("host")));
    if (a.values.contains(QStringLiteral("port")))
        setPort(spec, a.values.value(QStringLiteral("port")));
    if (a.values.contains(QStringLiteral("db")))
        spec.params.insert(QStringLiteral("db"), a.values.value(QStringLiteral("db")).toInt());
    if (a.values.contains(QStringLiteral("password")))
        spec.params.insert(QStringLiteral("auth"), QStringLiteral("password")); // the value itself is dropped
    if (verb == QLatin1String("INFO")) {
        spec.params.insert(QStringLiteral("command"), QStringLiteral("INFO"));
        if (a.positionals.size() > 1)
            spec.params.insert(QStringLiteral("section"), a.positionals.at(1).toLower());
    } else {
        QStringList words = a.positionals;
        words[0] = verb;
        if (fullVerb != verb)
            words[1] = words[1].toUpper();
        // Keys with spaces or quotes stay one argument when the command is split again.
        for (QString &w : words) {
            if (w.isEmpty() || w.contains(QLatin1Char(' ')) || w.contains(QLatin1Char('"')))
                w = QLatin1Char('"') + QString(w).replace(QLatin1Char('"'), QLatin1String("\\\"")) + QLatin1Char('"');
        }
        spec.params.insert(QStringLiteral("command"), words.join(QLatin1Char(' ')));
    }
    if (!filter.isEmpty())
        spec.params.insert(QStringLiteral("filter"), filter);
    return spec;
}


QString normaliseUrl(const QString &candidate)
{
    if (candidate.startsWith(QLatin1String("http://")) || candidate.startsWith(QLatin1String("https://")))
        return candidate;
    // curl accepts "localhost:8000/health"; so do we, as http.
    static const QRegularExpression hostLike(QStringLiteral("^[A-Za-z0-9.-]+(:\\d{1,5})?(/\\S*)?$"));
    if (hostLike.match(candidate).hasMatch()
        && (candidate.contains(QLatin1Char(':')) || candidate.contains(QLatin1Char('/')) || candidate == QLatin1String("localhost")))
        return QStringLiteral("http://") + candidate;
    return {};
}

std::optional<CheckSpec> recogniseHttpClient(const QString &program, const QStringList &args, const QString &command,
                                             const QString &filter)
{
    const bool isCurl = program == QLatin1String("curl");
    static const QHash<QString, QString> curlNames = [] {
        QHash<QString, QString> names;
        for (const char *o : {"-X", "--request"})
            names.insert(QLatin1String(o), QStringLiteral("method"));
        for (const char *o : {"-H", "--header"})
            names.insert(QLatin1String(o), QStringLiteral("header"));
        for (const char *o : {"-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-F", "--form"})
            names.insert(QLatin1String(o), QStringLiteral("data"));
        for (const char *o : {"-u", "--user"})
            names.insert(QLatin1String(o), QStringLiteral("credentials"));
        names.insert(QStringLiteral("--oauth2-bearer"), QStringLiteral("bearer"));
        for (const char *o : {"-b", "--cookie"})
            names.insert(QLatin1String(o), QStringLiteral("cookie"));
        for (const char *o : {"-m", "--max-time"})
            names.insert(QLatin1String(o), QStringLiteral("timeout"));
        for (const char *o : {"-T", "--upload-file"})
            names.insert(QLatin1String(o), QStringLiteral("upload"));
        for (const char *o : {"-o", "--output", "-w", "--write-out", "-A", "--user-agent", "-e", "--referer", "-c",
                              "--cookie-jar", "--connect-timeout", "-x", "--proxy", "--proxy-user", "--cacert",
                              "--cert", "--key", "-r", "--range", "--retry", "--resolve", "-K", "--config"})
            names.insert(QLatin1String(o), QStringLiteral("ignored"));
        return names;
    }();
    static const QHash<QString, QString> wgetNames = [] {
        QHash<QString, QString> names;
        for (const char *o : {"-O", "--output-document", "-o", "--output-file", "-T", "--timeout", "-t", "--tries", "-U",
                              "--user-agent"})
            names.insert(QLatin1String(o), QStringLiteral("ignored"));
        names.insert(QStringLiteral("--header"), QStringLiteral("header"));
        names.insert(QStringLiteral("--post-data"), QStringLiteral("data"));
        names.insert(QStringLiteral("--method"), QStringLiteral("method"));
        for (const char *o : {"--user", "--http-user", "--password", "--http-password"})
            names.insert(QLatin1String(o), QStringLiteral("credentials"));
        return names;
    }();
    const QHash<QString, QString> &names = isCurl ? curlNames : wgetNames;
    // Headers may repeat; collect them (-H v, -Hv, --header v, --header=v) before the generic
    // parse keeps only the last.
    QStringList headers;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if ((arg == QLatin1String("-H") || arg == QLatin1String("--header")) && i + 1 < args.size())
            headers.append(args.at(++i));
        else if (isCurl && arg.startsWith(QLatin1String("-H")) && arg.size() > 2)
            headers.append(arg.mid(2));
        else if (arg.startsWith(QLatin1String("--header=")))
            headers.append(arg.mid(9));
    }
    const ParsedArgs a = parseArgs(args, names);
    if (a.values.contains(QStringLiteral("upload")))
        return std::nullopt;
    QString url;
    for (const QString &positional : a.positionals) {
        url = normaliseUrl(positional);
        if (!url.isEmpty())
            break;
    }
    if (url.isEmpty())
        return std::nullopt;
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return std::nullopt;

    CheckSpec spec = makeSpec(QStringLiteral("http"), command);
    QString method = a.values.value(QStringLiteral("method")).toUpper();
    if (method.isEmpty() && a.values.contains(QStringLiteral("data")))
        method = QStringLiteral("POST");
    if (method.isEmpty() && (a.flags.contains(QStringLiteral("-I")) || a.flags.contains(QStringLiteral("--head"))))
        method = QStringLiteral("HEAD");
    if (method.isEmpty() && a.flags.contains(QStringLiteral("--spider")))
        method = QStringLiteral("HEAD");
    if (!method.isEmpty() && method != QLatin1String("GET") && method != QLatin1String("HEAD"))
        return std::nullopt; // a write: shown to copy, never run as a diagnosis
    // Credentials in the URL (user:password@, ?api_key=…) are named, and their values dropped.
    QUrl target = parsed.adjusted(QUrl::RemoveUserInfo);
    QUrlQuery query;
    if (parsed.hasQuery())
        query = QUrlQuery(parsed);
    QStringList secretQuery;
    for (const auto &[key, value] : query.queryItems()) {
        if (SecretRedaction::isCredentialName(key) || key.compare(QLatin1String("sig"), Qt::CaseInsensitive) == 0
            || key.compare(QLatin1String("signature"), Qt::CaseInsensitive) == 0 || key.compare(QLatin1String("auth"), Qt::CaseInsensitive) == 0) {
            secretQuery.append(key);
            query.removeAllQueryItems(key);
        }
    }
    if (!secretQuery.isEmpty()) {
        target.setQuery(query);
        spec.params.insert(QStringLiteral("secret_query"), secretQuery);
    }
    spec.params.insert(QStringLiteral("url"), target.toString());
    spec.params.insert(QStringLiteral("method"), method.isEmpty() ? QStringLiteral("GET") : method);

    QVariantMap plainHeaders;
    QStringList secretHeaders;
    for (const QString &h : headers) {
        const qsizetype colon = h.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString name = h.left(colon).trimmed();
        const QString value = h.mid(colon + 1).trimmed();
        if (name.compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0
            && value.startsWith(QLatin1String("Bearer"), Qt::CaseInsensitive)) {
            spec.params.insert(QStringLiteral("auth"), QStringLiteral("bearer"));
        } else if (SecretRedaction::isCredentialName(name)) {
            secretHeaders.append(name);
        } else {
            plainHeaders.insert(name, value);
        }
    }
    if (!parsed.userInfo().isEmpty() || a.values.contains(QStringLiteral("credentials")))
        spec.params.insert(QStringLiteral("auth"), QStringLiteral("basic"));
    if (a.values.contains(QStringLiteral("bearer")))
        spec.params.insert(QStringLiteral("auth"), QStringLiteral("bearer"));
    if (a.values.contains(QStringLiteral("cookie")))
        secretHeaders.append(QStringLiteral("Cookie"));
    if (!plainHeaders.isEmpty())
        spec.params.insert(QStringLiteral("headers"), plainHeaders);
    if (!secretHeaders.isEmpty())
        spec.params.insert(QStringLiteral("secret_headers"), secretHeaders);
    if (a.flags.contains(QStringLiteral("-k")) || a.flags.contains(QStringLiteral("--insecure"))
        || a.flags.contains(QStringLiteral("--no-check-certificate")))
        spec.params.insert(QStringLiteral("insecure"), true);
    if (a.values.contains(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = a.values.value(QStringLiteral("timeout")).toDouble(&ok);
        if (ok && seconds > 0)
            spec.params.insert(QStringLiteral("timeout"), int(seconds * 1000));
    }
    if (!filter.isEmpty())
        spec.params.insert(QStringLiteral("filter"), filter);
    // The command text may carry the token or password that was just dropped: recogniseShell
    // keeps it as the source only masked.
    return spec;
}

// A command's words as CommandRecognizer::shellWords() gives them (see there), spelled out one
// after another in a single string: splitting a command costs no string per word, and only the
// words a recogniser keeps are copied out. Recognising a command used to spend more on its
// words' strings and lists than on reading them.
class ShellWords {
public:
    explicit ShellWords(QStringView command);
    Q_DISABLE_COPY_MOVE(ShellWords)

    qsizetype size() const { return m_words.size(); }
    QStringView at(qsizetype i) const { return QStringView(m_spelled).sliced(m_words.at(i).start, m_words.at(i).size); }

private:
    struct Word {
        qsizetype start;
        qsizetype size;
    };
    QString m_spelled;
    QVarLengthArray<Word, 16> m_words;
};

// Whether a character ends a run of ordinary ones in a command: white space, a quote, a
// backslash or an operator. One switch, as most characters are none of them.
bool endsShellRun(QChar c)
{
    switch (c.unicode()) {
    case u'\'':
    case u'"':
    case u'\\':
    case u'|':
    case u'&':
    case u';':
    case u'>':
    case u'<':
        return true;
    default:
        return c.isSpace();
    }
}

ShellWords::ShellWords(QStringView command)
{
    m_spelled.reserve(command.size() + 8); // the words, and the marks of a few operators
    qsizetype start = 0; // where the word being read starts in m_spelled
    bool inWord = false;
    auto flush = [&] {
        if (inWord)
            m_words.append({start, m_spelled.size() - start});
        inWord = false;
        start = m_spelled.size();
    };
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (c == QLatin1Char('\'')) {
            const qsizetype end = command.indexOf(QLatin1Char('\''), i + 1);
            const qsizetype stop = end < 0 ? command.size() : end;
            m_spelled.append(command.mid(i + 1, stop - i - 1));
            inWord = true;
            i = stop;
        } else if (c == QLatin1Char('"')) {
            inWord = true;
            for (++i; i < command.size() && command.at(i) != QLatin1Char('"'); ++i) {
                if (command.at(i) == QLatin1Char('\\') && i + 1 < command.size()
                    && QStringView(u"\"\\$`").contains(command.at(i + 1)))
                    ++i;
                m_spelled.append(command.at(i));
            }
        } else if (c == QLatin1Char('\\') && i + 1 < command.size()) {
            m_spelled.append(command.at(++i));
            inWord = true;
        } else if (c.isSpace()) {
            flush();
        } else if (c == QLatin1Char('|') || c == QLatin1Char('&') || c == QLatin1Char(';') || c == QLatin1Char('>')
                   || c == QLatin1Char('<')) {
            // "2>" belongs to the operator, not to the word before it.
            const QStringView current = QStringView(m_spelled).sliced(start);
            QChar descriptor;
            if (c == QLatin1Char('>') && inWord && (current == u"2" || current == u"1")) {
                descriptor = current.front();
                m_spelled.truncate(start);
                inWord = false;
            }
            flush();
            m_spelled.append(kOp);
            if (!descriptor.isNull())
                m_spelled.append(descriptor);
            m_spelled.append(c);
            if (i + 1 < command.size()) {
                const QChar n = command.at(i + 1);
                if ((c == QLatin1Char('|') && n == QLatin1Char('|')) || (c == QLatin1Char('&') && n == QLatin1Char('&'))
                    || (c == QLatin1Char('>') && n == QLatin1Char('>')) || (c == QLatin1Char('&') && n == QLatin1Char('>'))) {
                    m_spelled.append(n);
                    ++i;
                }
            }
            m_words.append({start, m_spelled.size() - start});
            start = m_spelled.size();
        } else {
            // A run of ordinary characters goes in at once, not one by one.
            qsizetype end = i + 1;
            while (end < command.size() && !endsShellRun(command.at(end)))
                ++end;
            m_spelled.append(command.mid(i, end - i));
            inWord = true;
            i = end - 1;
        }
    }
    flush();
}

// A word as shellWords() has always given it: an empty one ('' or "") is a null string.
QString wordString(QStringView word)
{
    return word.isEmpty() ? QString() : word.toString();
}

// A command line as a pipeline: the words of its first command, those of the second (a grep
// that filters the output, if anything), and how many commands there are. The recognisers
// read nothing else of it.
struct Pipeline {
    QVarLengthArray<QStringView, 16> command;
    QVarLengthArray<QStringView, 8> next;
    qsizetype stages = 1;
};

// Splits shell words into pipeline stages; returns false when the command chains or redirects
// in ways that make it more than a single read-only probe.
bool splitPipeline(const ShellWords &words, Pipeline *pipeline)
{
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QStringView w = words.at(i);
        if (isOp(w, "|")) {
            ++pipeline->stages;
            continue;
        }
        if (isOp(w, ">") || isOp(w, ">>")) {
            const QStringView target = i + 1 < words.size() ? words.at(i + 1) : QStringView();
            if (target != QLatin1String("/dev/null") && !target.startsWith(QLatin1Char('&')))
                return false; // writes a file
            ++i;
            continue;
        }
        if (isOp(w, "2>") || isOp(w, "&>")) {
            ++i;
            continue;
        }
        if (isOp(w))
            return false; // && || ; < &: more than one probe
        if (pipeline->stages == 1)
            pipeline->command.append(w);
        else if (pipeline->stages == 2)
            pipeline->next.append(w);
    }
    return !pipeline->command.isEmpty();
}

// The pattern of a grep the command's output goes through, or an empty string.
QString grepPattern(const Pipeline &pipeline)
{
    const auto &words = pipeline.next;
    if (words.isEmpty() || (words.first() != QLatin1String("grep") && words.first() != QLatin1String("egrep")
                            && words.first() != QLatin1String("rg")))
        return {};
    static const QHash<QString, QString> options{{QStringLiteral("-e"), QStringLiteral("pattern")},
                                                  {QStringLiteral("-m"), QStringLiteral("max")},
                                                  {QStringLiteral("-A"), QStringLiteral("after")},
                                                  {QStringLiteral("-B"), QStringLiteral("before")},
                                                  {QStringLiteral("-C"), QStringLiteral("context")}};
    QStringList args;
    args.reserve(words.size() - 1);
    for (qsizetype i = 1; i < words.size(); ++i)
        args.append(wordString(words.at(i)));
    const ParsedArgs a = parseArgs(args, options);
    if (a.values.contains(QStringLiteral("pattern")))
        return a.values.value(QStringLiteral("pattern"));
    return a.positionals.value(0);
}

// The first port in a grep pattern or an ss filter (":5432", "sport = :6379", "5432"): two to
// five digits at the start or after ':', '.' or white space, with no word character after them.
QStringView portIn(QStringView pattern)
{
    for (qsizetype start = 0; start < pattern.size(); ++start) {
        if (start > 0) {
            const QChar before = pattern.at(start - 1);
            if (before != QLatin1Char(':') && before != QLatin1Char('.') && !isAsciiSpace(before))
                continue;
        }
        qsizetype end = start;
        while (end < pattern.size() && isAsciiDigit(pattern.at(end)))
            ++end;
        if (end - start >= 2 && end - start <= 5 && (end == pattern.size() || !isWordChar(pattern.at(end))))
            return pattern.sliced(start, end - start);
    }
    return {};
}

std::optional<CheckSpec> recognisePortListing(const QString &program, const QStringList &args, const QString &filter,
                                              const QString &command)
{
    QString pattern = filter;
    if (pattern.isEmpty() && program == QLatin1String("ss")) {
        // ss filters: `ss -ltnp 'sport = :5432'`
        for (const QString &a : args) {
            if (a.contains(QLatin1String("sport")) || a.startsWith(QLatin1Char(':')))
                pattern = a;
        }
    }
    const QStringView port = portIn(pattern);
    if (port.isEmpty())
        return std::nullopt;
    CheckSpec spec = makeSpec(QStringLiteral("port"), command);
    setPort(spec, port.toString());
    return spec.params.contains(QStringLiteral("port")) ? std::optional<CheckSpec>(spec) : std::nullopt;
}

// An internet address as lsof takes it, in one argument: `:5432`, `tcp:5432`, `@db:5432`, or
// glued to the option, `-i:5432`, `-iTCP@db:5432`, `-ni4:6379`.
struct LsofAddress {
    QStringView host; // empty when none is named
    QStringView port; // one to five digits
};

std::optional<LsofAddress> lsofAddress(QStringView arg)
{
    // [tcp|udp|TCP|UDP|4|6][@host]:port
    auto address = [](QStringView rest) -> std::optional<LsofAddress> {
        for (const char *protocol : {"tcp", "udp", "TCP", "UDP", "4", "6"}) {
            if (rest.startsWith(QLatin1StringView(protocol))) {
                rest = rest.sliced(qsizetype(std::strlen(protocol)));
                break;
            }
        }
        LsofAddress found;
        if (rest.startsWith(QLatin1Char('@'))) {
            const qsizetype colon = rest.indexOf(QLatin1Char(':'));
            if (colon < 2)
                return std::nullopt; // no port, or no host
            found.host = rest.sliced(1, colon - 1);
            rest = rest.sliced(colon);
        }
        if (!rest.startsWith(QLatin1Char(':')))
            return std::nullopt;
        found.port = rest.sliced(1);
        if (found.port.isEmpty() || found.port.size() > 5 || !isAsciiDigits(found.port))
            return std::nullopt;
        return found;
    };
    arg = withoutFinalNewline(arg);
    if (!arg.startsWith(QLatin1Char('-')))
        return address(arg);
    // An option: '-', letters of which the last is 'i' (`-i`, `-ni`), then the address. Which
    // 'i' ends the option is tried one after another, as in `-i4i:80`.
    for (qsizetype i = 1; i < arg.size() && isWordChar(arg.at(i)); ++i) {
        if (arg.at(i) != QLatin1Char('i'))
            continue;
        if (const auto found = address(arg.sliced(i + 1)))
            return found;
    }
    return std::nullopt;
}

std::optional<CheckSpec> recogniseLsof(const QStringList &args, const QString &command)
{
    bool sawInternet = false;
    for (const QString &a : args) {
        if (a.startsWith(QLatin1Char('-')) && !a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('i')))
            sawInternet = true;
        if (!sawInternet)
            continue;
        if (const auto address = lsofAddress(a)) {
            CheckSpec spec = makeSpec(QStringLiteral("port"), command);
            setPort(spec, address->port.toString());
            if (!address->host.isEmpty())
                spec.params.insert(QStringLiteral("host"), address->host.toString());
            return spec;
        }
    }
    return std::nullopt;
}

std::optional<CheckSpec> recogniseNetcat(const QString &program, const QStringList &args, const QString &command)
{
    static const QHash<QString, QString> options{{QStringLiteral("-w"), QStringLiteral("wait")},
                                          {QStringLiteral("-s"), QStringLiteral("source")},
                                          {QStringLiteral("-p"), QStringLiteral("sourceport")},
                                          {QStringLiteral("-x"), QStringLiteral("proxy")},
                                          {QStringLiteral("-i"), QStringLiteral("interval")}};
    const ParsedArgs a = parseArgs(args, options);
    const bool telnet = program == QLatin1String("telnet");
    if (!telnet && !hasFlagLetter(a, QLatin1Char('z')))
        return std::nullopt; // without -z, nc talks to the service: not a probe
    if (!telnet && hasFlagLetter(a, QLatin1Char('u')))
        return std::nullopt; // UDP: a TCP connection would test something else
    if (a.positionals.size() < 2)
        return std::nullopt;
    CheckSpec spec = makeSpec(QStringLiteral("tcp"), command);
    spec.params.insert(QStringLiteral("host"), a.positionals.at(0));
    setPort(spec, a.positionals.at(1));
    if (!spec.params.contains(QStringLiteral("port")))
        return std::nullopt; // a port range or a service name
    if (a.values.contains(QStringLiteral("wait")))
        spec.params.insert(QStringLiteral("timeout"), a.values.value(QStringLiteral("wait")).toInt() * 1000);
    return spec;
}

std::optional<CheckSpec> recogniseEnv(const QString &program, const QStringList &args, qsizetype stages, const QString &filter,
                                      const QString &command)
{
    CheckSpec spec = makeSpec(QStringLiteral("env"), command);
    if (program == QLatin1String("echo")) {
        QStringList words = args;
        words.removeIf([](const QString &w) { return w == QLatin1String("-n") || w == QLatin1String("-e"); });
        if (words.size() != 1 || stages > 1)
            return std::nullopt;
        // `$NAME`, `${NAME}` (a brace on either side alone is let through).
        const QStringView word = withoutFinalNewline(words.first());
        if (!word.startsWith(QLatin1Char('$')))
            return std::nullopt;
        const qsizetype start = word.startsWith(QLatin1String("${")) ? 2 : 1;
        const qsizetype end = identifierEnd(word, start);
        const qsizetype close = end < word.size() && word.at(end) == QLatin1Char('}') ? end + 1 : end;
        if (end == start || close != word.size())
            return std::nullopt;
        spec.params.insert(QStringLiteral("name"), word.sliced(start, end - start).toString());
        return spec;
    }
    if (program == QLatin1String("printenv") && !args.isEmpty()) {
        if (args.size() != 1 || stages > 1)
            return std::nullopt;
        spec.params.insert(QStringLiteral("name"), args.first());
        return spec;
    }
    // env | grep NAME, printenv | grep NAME
    if (!args.isEmpty())
        return std::nullopt; // `env X=1 cmd` runs a command
    const QString &pattern = filter;
    if (pattern.isEmpty())
        return std::nullopt;
    // NAME, ^NAME or ^NAME=
    const QStringView name = withoutFinalNewline(pattern);
    const qsizetype start = name.startsWith(QLatin1Char('^')) ? 1 : 0;
    const qsizetype end = identifierEnd(name, start);
    const bool equals = end < name.size() && name.at(end) == QLatin1Char('=');
    if (end > start && end + (equals ? 1 : 0) == name.size()) {
        spec.params.insert(QStringLiteral("name"), name.sliced(start, end - start).toString());
        const bool anchored = pattern.startsWith(QLatin1Char('^')) && equals;
        spec.params.insert(QStringLiteral("match"), anchored ? QStringLiteral("exact")
                                                    : pattern.startsWith(QLatin1Char('^')) ? QStringLiteral("prefix")
                                                                                            : QStringLiteral("contains"));
        return spec;
    }
    return std::nullopt;
}

std::optional<CheckSpec> recogniseFile(const QString &program, const QStringList &args, const QString &command)
{
    CheckSpec spec = makeSpec(QStringLiteral("file"), command);
    auto isGlob = [](const QString &path) {
        return path.contains(QLatin1Char('*')) || path.contains(QLatin1Char('?')) || path.contains(QLatin1Char('['));
    };
    if (program == QLatin1String("ls") || program == QLatin1String("stat")) {
        QStringList paths;
        for (const QString &a : args) {
            if (!a.startsWith(QLatin1Char('-')))
                paths.append(a);
        }
        if (paths.size() != 1 || isGlob(paths.first()))
            return std::nullopt;
        spec.params.insert(QStringLiteral("path"), paths.first());
        return spec;
    }
    // test -f PATH, [ -f PATH ]
    QStringList words = args;
    if (program == QLatin1String("[")) {
        if (words.isEmpty() || words.last() != QLatin1String("]"))
            return std::nullopt;
        words.removeLast();
    }
    if (words.size() != 2)
        return std::nullopt;
    const QString &flag = words.at(0);
    if (flag == QLatin1String("-f"))
        spec.params.insert(QStringLiteral("kind"), QStringLiteral("file"));
    else if (flag == QLatin1String("-d"))
        spec.params.insert(QStringLiteral("kind"), QStringLiteral("dir"));
    else if (flag == QLatin1String("-r"))
        spec.params.insert(QStringLiteral("readable"), true);
    else if (flag != QLatin1String("-e") && flag != QLatin1String("-s"))
        return std::nullopt;
    if (isGlob(words.at(1)))
        return std::nullopt;
    spec.params.insert(QStringLiteral("path"), words.at(1));
    return spec;
}

std::optional<CheckSpec> recogniseDns(const QString &program, const QStringList &args, const QString &command)
{
    static const QSet<QString> recordTypes{QStringLiteral("A"), QStringLiteral("AAAA"), QStringLiteral("ANY"),
                                           QStringLiteral("MX"), QStringLiteral("NS"), QStringLiteral("TXT"),
                                           QStringLiteral("CNAME"), QStringLiteral("SRV"), QStringLiteral("SOA"),
                                           QStringLiteral("PTR")};
    QStringList words = args;
    if (program == QLatin1String("getent")) {
        if (words.size() != 2 || !words.first().contains(QLatin1String("hosts")))
            return std::nullopt;
        words.removeFirst();
    }
    QString name;
    QString record;
    QString server;
    const bool dig = program == QLatin1String("dig");
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &w = words.at(i);
        if (w == QLatin1String("-t") || w == QLatin1String("-type") || w == QLatin1String("-q")) {
            if (i + 1 < words.size())
                record = words.at(++i).toUpper();
            continue;
        }
        // nslookup -type=MX, -query=txt, -q=aaaa
        if (const qsizetype eq = w.indexOf(QLatin1Char('=')); w.startsWith(QLatin1Char('-')) && eq > 0) {
            const QStringView option = QStringView(w).first(eq);
            if (option == QLatin1String("-type") || option == QLatin1String("-query") || option == QLatin1String("-q")
                || option == QLatin1String("-querytype"))
                record = w.mid(eq + 1).toUpper();
            continue;
        }
        if (w == QLatin1String("-x"))
            return std::nullopt; // a reverse lookup: the dns check resolves names
        if (dig && w.startsWith(QLatin1Char('@')) && w.size() > 1) {
            server = w.mid(1);
            continue;
        }
        if (w.startsWith(QLatin1Char('-')) || w.startsWith(QLatin1Char('+')) || w.startsWith(QLatin1Char('@')))
            continue;
        // dig takes the type anywhere ("dig +short TXT example.com"), in either case; the
        // others, after the name.
        if (recordTypes.contains(w.toUpper()) && (!name.isEmpty() || (dig && w.size() <= 5))) {
            record = w.toUpper();
            continue;
        }
        if (name.isEmpty())
            name = w;
        else if (program == QLatin1String("nslookup") || program == QLatin1String("host")) {
            server = w; // the second word names the server to ask
            break;
        }
    }
    if (name.isEmpty())
        return std::nullopt;
    // The dns check resolves addresses. Asked for MX, TXT or any other record, it would answer
    // a question the guide did not ask: the command stays one to copy.
    if (!record.isEmpty() && record != QLatin1String("A") && record != QLatin1String("AAAA"))
        return std::nullopt;
    CheckSpec spec = makeSpec(QStringLiteral("dns"), command);
    spec.params.insert(QStringLiteral("host"), name);
    if (!record.isEmpty())
        spec.params.insert(QStringLiteral("record"), record);
    if (!server.isEmpty())
        spec.params.insert(QStringLiteral("server"), server);
    return spec;
}

std::optional<CheckSpec> recogniseKafka(const QString &program, const QStringList &args, const QString &command)
{
    QString target;
    if (program.startsWith(QLatin1String("kafka-broker-api-versions"))) {
        static const QHash<QString, QString> options{{QStringLiteral("--bootstrap-server"), QStringLiteral("server")},
                                              {QStringLiteral("--command-config"), QStringLiteral("config")}};
        const ParsedArgs a = parseArgs(args, options);
        target = a.values.value(QStringLiteral("server"));
    } else {
        static const QHash<QString, QString> options{{QStringLiteral("-b"), QStringLiteral("server")},
                                              {QStringLiteral("-t"), QStringLiteral("topic")},
                                              {QStringLiteral("-X"), QStringLiteral("property")}};
        const ParsedArgs a = parseArgs(args, options);
        if (!a.flags.contains(QStringLiteral("-L")))
            return std::nullopt; // kcat without -L consumes or produces
        target = a.values.value(QStringLiteral("server"));
    }
    QString host, port;
    if (!splitHostPort(target, &host, &port))
        return std::nullopt;
    CheckSpec spec = makeSpec(QStringLiteral("kafka"), command);
    spec.params.insert(QStringLiteral("host"), host);
    setPort(spec, port);
    return spec;
}

std::optional<CheckSpec> recogniseSystem(const QString &program, const QStringList &args, const QString &command)
{
    CheckSpec spec = makeSpec(QStringLiteral("system"), command);
    if (program == QLatin1String("free")) {
        spec.params.insert(QStringLiteral("resource"), QStringLiteral("memory"));
    } else if (program == QLatin1String("df")) {
        spec.params.insert(QStringLiteral("resource"), QStringLiteral("disk"));
        for (const QString &a : args) {
            if (!a.startsWith(QLatin1Char('-'))) {
                spec.params.insert(QStringLiteral("path"), a);
                break;
            }
        }
    } else if (program == QLatin1String("uptime")) {
        spec.params.insert(QStringLiteral("resource"), QStringLiteral("load"));
    } else {
        spec.params.insert(QStringLiteral("resource"), QStringLiteral("cpu"));
    }
    return spec;
}

} // namespace

qsizetype CommandRecognizer::promptLength(QStringView line)
{
    // Asked of every line of every shell block: characters compared one by one cost a tenth
    // of a call to startsWith().
    if (line.size() < 2)
        return 0;
    if (line.at(0) == QLatin1Char('$') && line.at(1) == QLatin1Char(' '))
        return 2;
    if (line.at(0) != QLatin1Char('P') || line.at(1) != QLatin1Char('S') || line.size() < 4)
        return 0;
    if (line.at(2) == QLatin1Char('>'))
        return line.at(3) == QLatin1Char(' ') ? 4 : 0;
    if (line.at(2) != QLatin1Char(' '))
        return 0;
    const qsizetype close = line.indexOf(QLatin1String("> "), 3);
    // "PS C:\app> ", "PS /home/me> ": a location, a drive's or a Unix path.
    return close > 3 && (line.at(4) == QLatin1Char(':') || line.at(3) == QLatin1Char('/') || line.at(3) == QLatin1Char('~')) ? close + 2 : 0;
}

CommandRecognizer::Language CommandRecognizer::languageOf(QStringView info, QStringView code)
{
    const AsciiFold<24> lang(MarkdownDocument::infoLanguage(info));
    static constexpr std::string_view shell[] = {"bash", "sh",   "shell", "zsh",        "console", "shell-session", "terminal",
                                                 "fish", "ksh", "powershell", "ps1", "pwsh", "posh", "ps"};
    static constexpr std::string_view sql[] = {"sql", "psql", "pgsql", "postgresql", "postgres", "plpgsql"};
    auto among = [&](const auto &names) {
        return lang.complete() && std::find(std::begin(names), std::end(names), lang.view()) != std::end(names);
    };
    if (among(shell))
        return Language::Shell;
    if (among(sql))
        return Language::Sql;
    if (!lang.view().empty() && !(lang == "text") && !(lang == "txt") && !(lang == "plain"))
        return Language::Other;
    // Unlabelled: judge by the first line that is not a comment.
    for (QStringView line : code.tokenize(QLatin1Char('\n'))) {
        const QStringView t = line.trimmed();
        if (t.isEmpty() || t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1String("--")))
            continue;
        // SELECT/SHOW/EXPLAIN/WITH, written in capitals as SQL is, possibly after "(".
        qsizetype start = 0;
        while (start < t.size() && (t.at(start) == QLatin1Char('(') || t.at(start).isSpace()))
            ++start;
        qsizetype end = start;
        while (end < t.size() && t.at(end).unicode() < 0x80 && t.at(end).isLetter())
            ++end;
        const AsciiFold<8> first(t.mid(start, end - start));
        if ((first == "select" || first == "show" || first == "explain" || first == "with") && t.at(0).isUpper())
            return Language::Sql;
        if (promptLength(t) > 0)
            return Language::Shell;
        // A check, or a program people type at a terminal ("kubectl -n app get pods").
        if (recogniseShell(t.toString()) || looksLikeCommandLine(t))
            return Language::Shell;
        return Language::Other;
    }
    return Language::Other;
}

QStringList CommandRecognizer::shellWords(const QString &command)
{
    const ShellWords words(command);
    QStringList list;
    list.reserve(words.size());
    for (qsizetype i = 0; i < words.size(); ++i)
        list.append(wordString(words.at(i)));
    return list;
}

namespace {

// The programs recogniseShell() knows; anything else is rejected before any parsing.
bool mayBeProbe(QStringView text)
{
    // In order: they are found by binary search.
    static constexpr std::string_view programs[] = {
        "[",      "command", "curl",     "df",   "dig",  "echo",   "env",      "free",       "getent",
        "host",   "htop",    "kafkacat", "kcat", "ls",   "lsof",   "mpstat",   "nc",         "ncat",
        "netcat", "netstat", "nslookup", "pg_isready", "printenv", "psql", "redis-cli", "ss", "stat",
        "sudo",   "telnet",  "test",     "time", "top",  "uptime", "vmstat",   "wget",
    };
    static_assert(std::is_sorted(std::begin(programs), std::end(programs)));
    // The first word, and where its last '/' is, in one pass.
    qsizetype end = 0;
    qsizetype slash = -1;
    for (; end < text.size() && !text.at(end).isSpace() && text.at(end) != QLatin1Char('|'); ++end) {
        if (text.at(end) == QLatin1Char('='))
            return true; // VAR=value prefix; decided after parsing
        if (text.at(end) == QLatin1Char('/'))
            slash = end;
    }
    const QStringView first = text.sliced(slash + 1, end - slash - 1);
    if (first.startsWith(QLatin1String("kafka-broker-api-versions")))
        return true;
    // Program names are case-sensitive: fold only to compare without a copy, then insist on
    // the exact spelling.
    const AsciiFold<16> name(first);
    if (!name.complete() || !isAmong(programs, name.view()))
        return false;
    return std::all_of(first.begin(), first.end(), [](QChar c) { return !c.isUpper(); });
}

// PowerShell's words: split at white space outside '…' and "…" (a backslash is a path
// separator there, not an escape), up to the first pipe. Empty when the line chains or
// redirects, which no probe does.
QStringList powerShellWords(QStringView text)
{
    QStringList words;
    QString current;
    bool inWord = false;
    QChar quote;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else
                current.append(c);
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words.append(std::exchange(current, QString()));
            inWord = false;
        } else if (c == QLatin1Char('|')) {
            break;
        } else if (c == QLatin1Char(';') || c == QLatin1Char('>') || c == QLatin1Char('&')) {
            return {};
        } else {
            current.append(c);
            inWord = true;
        }
    }
    if (inWord)
        words.append(current);
    return words;
}

// A cmdlet's parameters: "-Name value" pairs and switches, by the names given (PowerShell
// accepts any unambiguous prefix, in any case), and the positional values in order.
struct PowerShellArgs {
    QHash<QString, QString> values;
    QSet<QString> switches;
    QStringList positionals;
};

PowerShellArgs powerShellArgs(const QStringList &words, std::initializer_list<const char *> valued, std::initializer_list<const char *> switches)
{
    auto match = [](QStringView written, std::initializer_list<const char *> names) -> QString {
        QString found;
        for (const char *name : names) {
            const QLatin1StringView n(name);
            if (n.startsWith(written, Qt::CaseInsensitive)) {
                if (n.size() == written.size())
                    return n.toString(); // exact beats a prefix of a longer name
                found = found.isEmpty() ? n.toString() : QStringLiteral("?");
            }
        }
        return found;
    };
    PowerShellArgs a;
    for (qsizetype i = 1; i < words.size(); ++i) {
        const QString &w = words.at(i);
        if (w.size() > 1 && w.front() == QLatin1Char('-') && w.at(1).isLetter()) {
            QStringView name = QStringView(w).sliced(1);
            QString inline_;
            if (const qsizetype colon = name.indexOf(QLatin1Char(':')); colon > 0) { // -Port:443
                inline_ = name.sliced(colon + 1).toString();
                name = name.first(colon);
            }
            if (const QString v = match(name, valued); !v.isEmpty() && v != QLatin1String("?")) {
                if (!inline_.isEmpty())
                    a.values.insert(v, inline_);
                else if (i + 1 < words.size())
                    a.values.insert(v, words.at(++i));
                continue;
            }
            const QString sw = match(name, switches);
            a.switches.insert(sw.isEmpty() ? name.toString().toLower() : sw);
            continue;
        }
        a.positionals.append(w);
    }
    return a;
}

// PowerShell's own probes: Test-NetConnection HOST -Port N, Invoke-WebRequest [-Uri] URL,
// Resolve-DnsName NAME [-Type A|AAAA], Test-Path PATH. Cmdlet and parameter names in any case.
// Anything else in PowerShell (Get-Service, Restart-Service, …) stays a command to copy.
std::optional<CheckSpec> recognisePowerShell(const QString &text)
{
    const QStringList words = powerShellWords(text);
    if (words.isEmpty())
        return std::nullopt;
    const QString cmdlet = words.first().toLower();
    if (cmdlet == QLatin1String("test-netconnection") || cmdlet == QLatin1String("tnc")) {
        const PowerShellArgs a = powerShellArgs(words, {"ComputerName", "CN", "Port", "CommonTCPPort", "InformationLevel", "Hops"},
                                                {"TraceRoute", "DiagnoseRouting"});
        const QString host = a.values.value(QStringLiteral("ComputerName"), a.values.value(QStringLiteral("CN"), a.positionals.value(0)));
        QString port = a.values.value(QStringLiteral("Port"));
        const QString common = a.values.value(QStringLiteral("CommonTCPPort")).toUpper();
        if (port.isEmpty() && !common.isEmpty()) {
            static const QHash<QString, QString> ports{{QStringLiteral("HTTP"), QStringLiteral("80")},
                                                       {QStringLiteral("RDP"), QStringLiteral("3389")},
                                                       {QStringLiteral("SMB"), QStringLiteral("445")},
                                                       {QStringLiteral("WINRM"), QStringLiteral("5985")}};
            port = ports.value(common);
        }
        // Without a port it pings (ICMP), which no native check does.
        if (host.isEmpty() || port.isEmpty() || a.switches.contains(QStringLiteral("TraceRoute")))
            return std::nullopt;
        CheckSpec spec = makeSpec(QStringLiteral("tcp"), text);
        spec.params.insert(QStringLiteral("host"), host);
        setPort(spec, port);
        if (!spec.params.contains(QStringLiteral("port")))
            return std::nullopt;
        return spec;
    }
    if (cmdlet == QLatin1String("invoke-webrequest") || cmdlet == QLatin1String("iwr") || cmdlet == QLatin1String("invoke-restmethod")
        || cmdlet == QLatin1String("irm")) {
        const PowerShellArgs a = powerShellArgs(
            words, {"Uri", "Method", "Headers", "Body", "InFile", "OutFile", "TimeoutSec", "Credential", "ContentType", "UserAgent"},
            {"UseBasicParsing", "SkipCertificateCheck", "UseDefaultCredentials"});
        if (a.values.contains(QStringLiteral("Body")) || a.values.contains(QStringLiteral("InFile")))
            return std::nullopt; // sends data: a write
        // A parameter it does not know (-CustomMethod, -Form, …) may make it one: no check.
        for (const QString &sw : a.switches) {
            if (sw != QLatin1String("UseBasicParsing") && sw != QLatin1String("SkipCertificateCheck") && sw != QLatin1String("UseDefaultCredentials"))
                return std::nullopt;
        }
        const QString method = a.values.value(QStringLiteral("Method"), QStringLiteral("GET")).toUpper();
        if (method != QLatin1String("GET") && method != QLatin1String("HEAD"))
            return std::nullopt;
        const QString url = normaliseUrl(a.values.value(QStringLiteral("Uri"), a.positionals.value(0)));
        if (url.isEmpty() || QUrl(url).host().isEmpty())
            return std::nullopt;
        CheckSpec spec = makeSpec(QStringLiteral("http"), text);
        spec.params.insert(QStringLiteral("url"), QUrl(url).adjusted(QUrl::RemoveUserInfo).toString());
        spec.params.insert(QStringLiteral("method"), method);
        if (a.values.contains(QStringLiteral("Credential")) || a.switches.contains(QStringLiteral("UseDefaultCredentials")))
            spec.params.insert(QStringLiteral("auth"), QStringLiteral("basic"));
        if (a.values.value(QStringLiteral("Headers")).contains(QLatin1String("Authorization"), Qt::CaseInsensitive))
            spec.params.insert(QStringLiteral("auth"), QStringLiteral("bearer"));
        if (a.switches.contains(QStringLiteral("SkipCertificateCheck")))
            spec.params.insert(QStringLiteral("insecure"), true);
        bool ok = false;
        if (const int seconds = a.values.value(QStringLiteral("TimeoutSec")).toInt(&ok); ok && seconds > 0)
            spec.params.insert(QStringLiteral("timeout"), seconds * 1000);
        return spec;
    }
    if (cmdlet == QLatin1String("resolve-dnsname")) {
        const PowerShellArgs a = powerShellArgs(words, {"Name", "Type", "Server"}, {"DnsOnly", "NoHostsFile", "QuickTimeout"});
        const QString name = a.values.value(QStringLiteral("Name"), a.positionals.value(0));
        const QString type = a.values.value(QStringLiteral("Type"), a.positionals.value(1)).toUpper();
        if (name.isEmpty() || (!type.isEmpty() && type != QLatin1String("A") && type != QLatin1String("AAAA")))
            return std::nullopt; // the dns check resolves addresses only
        CheckSpec spec = makeSpec(QStringLiteral("dns"), text);
        spec.params.insert(QStringLiteral("host"), name);
        if (!type.isEmpty())
            spec.params.insert(QStringLiteral("record"), type);
        if (const QString server = a.values.value(QStringLiteral("Server")); !server.isEmpty())
            spec.params.insert(QStringLiteral("server"), server);
        return spec;
    }
    if (cmdlet == QLatin1String("test-path")) {
        const PowerShellArgs a = powerShellArgs(words, {"Path", "LiteralPath", "PathType"}, {"IsValid"});
        const QString path = a.values.value(QStringLiteral("Path"), a.values.value(QStringLiteral("LiteralPath"), a.positionals.value(0)));
        if (path.isEmpty() || a.switches.contains(QStringLiteral("IsValid")) || path.contains(QLatin1Char('*'))
            || path.contains(QLatin1Char('?')) || path.startsWith(QLatin1String("HKLM:"), Qt::CaseInsensitive)
            || path.startsWith(QLatin1String("HKCU:"), Qt::CaseInsensitive) || path.startsWith(QLatin1String("Env:"), Qt::CaseInsensitive)
            || path.indexOf(QLatin1Char(':')) > 1) // Cert:, IIS:, any drive but a letter's
            return std::nullopt; // a pattern, a registry key or a variable: no file
        CheckSpec spec = makeSpec(QStringLiteral("file"), text);
        spec.params.insert(QStringLiteral("path"), path);
        const QString type = a.values.value(QStringLiteral("PathType")).toLower();
        if (type == QLatin1String("leaf"))
            spec.params.insert(QStringLiteral("kind"), QStringLiteral("file"));
        else if (type == QLatin1String("container"))
            spec.params.insert(QStringLiteral("kind"), QStringLiteral("dir"));
        return spec;
    }
    return std::nullopt;
}

// Whether a line starts with one of the cmdlets recognisePowerShell() reads, in any case.
bool isPowerShellProbe(QStringView text)
{
    // Every one starts with T, I or R; most lines do not.
    if (text.isEmpty() || !QStringView(u"TtIiRr").contains(text.front()))
        return false;
    qsizetype end = 0;
    while (end < text.size() && !text.at(end).isSpace())
        ++end;
    const QStringView first = text.first(end);
    for (const char *cmdlet : {"Test-NetConnection", "tnc", "Invoke-WebRequest", "iwr", "Invoke-RestMethod", "irm", "Resolve-DnsName",
                               "Test-Path"}) {
        if (first.compare(QLatin1StringView(cmdlet), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// What a program printed rather than a command for it: a log line it names itself by, then its
// level. "npm ERR! code ERESOLVE" (a tag in capitals with "!", as npm before 9 and node-gyp
// write), and npm's own levels "npm WARN deprecated …", "npm error code E404", which are no
// npm commands.
bool isLogLine(std::string_view program, QStringView rest)
{
    const qsizetype end = rest.indexOf(QLatin1Char(' '));
    const QStringView tag = end < 0 ? rest : rest.first(end);
    if (tag.size() >= 3 && tag.endsWith(QLatin1Char('!'))
        && std::all_of(tag.begin(), tag.end() - 1, [](QChar c) { return c >= QLatin1Char('A') && c <= QLatin1Char('Z'); }))
        return true;
    if (program != "npm")
        return false;
    for (const char *level : {"WARN", "warn", "error", "notice", "verb"}) {
        if (tag == QLatin1StringView(level))
            return true;
    }
    return false;
}

} // namespace

bool CommandRecognizer::looksLikeCommandLine(QStringView code)
{
    // Programs people type at a terminal while following a guide. Spelled as they are run:
    // "Docker restarts" in code is prose, "docker restart api" a command.
    static constexpr std::string_view programs[] = {
        "adb", "alembic", "ansible", "ansible-playbook", "apk", "apt", "apt-get", "awk", "aws", "az", "brew", "bundle", "cargo",
        "cat", "celery", "certbot", "chmod", "chown", "composer", "cp", "createdb", "crontab", "curl", "df", "dig", "django-admin",
        "dnf", "docker", "docker-compose", "dotnet", "dropdb", "du", "echo", "env", "export", "find", "flask", "free", "gcloud",
        "gem", "getent", "git", "go", "gradle", "grep", "gunicorn", "head", "helm", "host", "htop", "iptables", "java",
        "journalctl", "kafka-configs", "kafka-console-consumer", "kafka-console-producer", "kafka-consumer-groups",
        "kafka-topics", "kcat", "kill", "killall", "kind", "kubectl", "launchctl", "ln", "ls", "lsof", "make", "minikube",
        "mkdir", "mongosh", "mv", "mvn", "mysql", "nc", "netstat", "nginx", "node", "nohup", "npm", "npx", "nslookup", "nvm",
        "openssl", "pacman", "pg_ctl", "pg_ctlcluster", "pg_dump", "pg_isready", "pg_restore", "pgrep", "php", "pip", "pip3",
        "pipenv", "pkill", "pnpm", "podman", "poetry", "printenv", "ps", "psql", "pyenv", "python", "python3", "rails", "rake",
        "redis-cli", "redis-server", "rm", "rsync", "rustup", "scp", "sed", "service", "snap", "source", "ss", "ssh", "stat",
        "sudo", "sysctl", "systemctl", "tail", "tar", "telnet", "terraform", "test", "top", "touch", "traceroute", "ufw",
        "ulimit", "unset", "uv", "uvicorn", "vagrant", "wget", "xargs", "yarn", "yum",
    };
    QStringView text = code.trimmed();
    text = text.sliced(promptLength(text)).trimmed();
    const qsizetype space = text.indexOf(QLatin1Char(' '));
    if (space <= 0 || text.sliced(space).trimmed().isEmpty())
        return false; // a lone word names a tool
    const QStringView first = text.first(space);
    // A script of the project's own: `./gradlew build`, `bin/rails db:migrate`, `scripts/reset.sh --hard`,
    // `kafka-topics.sh --list …`.
    if (first.startsWith(QLatin1String("./")) || first.startsWith(QLatin1String("../")) || first.startsWith(QLatin1String("bin/"))
        || (first.endsWith(QLatin1String(".sh")) && first.size() > 3))
        return true;
    // A PowerShell cmdlet, Verb-Noun with one of the verbs people type at a prompt:
    // `Restart-Service FieldAgent`, `Get-Content C:\\logs\\agent.log -Wait`.
    if (const qsizetype dash = first.indexOf(QLatin1Char('-')); dash > 1 && dash + 1 < first.size() && first.front().isUpper()
                                                                  && first.at(dash + 1).isUpper()) {
        static constexpr std::string_view verbs[] = {"Add",     "Clear",   "Disable", "Enable",  "Export",    "Get",      "Import",
                                                     "Install", "Invoke",  "New",     "Remove",  "Register",  "Repair",   "Resolve",
                                                     "Restart", "Set",     "Start",   "Stop",    "Test",      "Uninstall", "Unregister",
                                                     "Update"};
        const QByteArray verb = first.first(dash).toLatin1();
        return std::find(std::begin(verbs), std::end(verbs), std::string_view(verb.constData(), size_t(verb.size()))) != std::end(verbs)
               && std::all_of(first.begin() + dash + 1, first.end(), [](QChar c) { return c.isLetterOrNumber(); });
    }
    if (first.size() > 24 || !std::all_of(first.begin(), first.end(), [](QChar c) {
            return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                   || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.');
        }))
        return false;
    const QByteArray name = first.toLatin1();
    const std::string_view word(name.constData(), size_t(name.size()));
    return std::find(std::begin(programs), std::end(programs), word) != std::end(programs) && !isLogLine(word, text.sliced(space).trimmed());
}

std::optional<CheckSpec> CommandRecognizer::recogniseShell(const QString &command)
{
    const QString text = command.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    // The program's name first: most lines name none that Triage runs.
    const bool shell = mayBeProbe(text);
    if ((!shell && !isPowerShellProbe(text)) || isPlaceholderText(text, true))
        return std::nullopt;
    // In PowerShell, curl and wget name Invoke-WebRequest: its parameters say what it sends.
    if (shell && (text.startsWith(QLatin1String("curl")) || text.startsWith(QLatin1String("wget")))) {
        // One pass over its options, each compared without a copy (a case-insensitive search
        // per name cost more than the rest of recognising the command).
        for (qsizetype at = text.indexOf(QLatin1Char('-')); at > 0; at = text.indexOf(QLatin1Char('-'), at + 1)) {
            if (text.at(at - 1) != QLatin1Char(' ') || at + 1 >= text.size() || !text.at(at + 1).isLetter())
                continue;
            qsizetype end = at + 1;
            while (end < text.size() && text.at(end).isLetter())
                ++end;
            const AsciiFold<16> option(QStringView(text).sliced(at + 1, end - at - 1));
            if (option == "method" || option == "body" || option == "form" || option == "infile" || option == "custommethod")
                return std::nullopt;
        }
    }
    if (!shell) {
        std::optional<CheckSpec> spec = recognisePowerShell(text);
        // As below: a value from a variable ($env:HOST, $host) is unknown here.
        if (spec && spec->type != QLatin1String("env")
            && std::any_of(spec->params.cbegin(), spec->params.cend(), [](const QVariant &v) { return refersToVariable(v.toString()); }))
            spec.reset();
        if (spec)
            spec->source = SecretRedaction::redact(text);
        return spec;
    }
    const ShellWords words(text);
    Pipeline pipeline;
    if (!splitPipeline(words, &pipeline))
        return std::nullopt;
    // Wrappers that do not change what the probe is. A `VAR=value` prefix may carry the
    // password (PGPASSWORD=…, REDISCLI_AUTH=…): its value goes, and the check asks the keychain.
    const auto &commandWords = pipeline.command;
    qsizetype first = 0;
    bool passwordFromEnvironment = false;
    while (first < commandWords.size()
           && (commandWords[first] == QLatin1String("sudo") || commandWords[first] == QLatin1String("time")
               || commandWords[first] == QLatin1String("command") || commandWords[first].contains(QLatin1Char('=')))) {
        const QStringView name = commandWords[first].left(commandWords[first].indexOf(QLatin1Char('=')));
        passwordFromEnvironment = passwordFromEnvironment || name == QLatin1String("PGPASSWORD")
                                  || name == QLatin1String("REDISCLI_AUTH");
        ++first;
    }
    if (first == commandWords.size())
        return std::nullopt;
    const QString program = commandWords[first].sliced(commandWords[first].lastIndexOf(QLatin1Char('/')) + 1).toString();
    QStringList args;
    args.reserve(commandWords.size() - first - 1);
    for (qsizetype i = first + 1; i < commandWords.size(); ++i)
        args.append(wordString(commandWords[i]));
    // The recognisers below use the command only as the spec's source, which is replaced by
    // the masked command once a check is recognised: most commands are not, and masking runs
    // regular expressions.
    const QString &source = text;
    const QString filter = grepPattern(pipeline);

    std::optional<CheckSpec> spec;
    if (program == QLatin1String("pg_isready"))
        spec = recognisePgIsReady(args, source);
    else if (program == QLatin1String("psql"))
        spec = recognisePsql(args, source);
    else if (program == QLatin1String("redis-cli"))
        spec = recogniseRedisCli(args, filter);
    else if (program == QLatin1String("curl") || program == QLatin1String("wget"))
        spec = recogniseHttpClient(program, args, source, filter);
    else if (program == QLatin1String("lsof"))
        spec = recogniseLsof(args, source);
    else if (program == QLatin1String("netstat") || program == QLatin1String("ss"))
        spec = recognisePortListing(program, args, filter, source);
    else if (program == QLatin1String("nc") || program == QLatin1String("ncat") || program == QLatin1String("netcat")
             || program == QLatin1String("telnet"))
        spec = recogniseNetcat(program, args, source);
    else if (program == QLatin1String("echo") || program == QLatin1String("printenv") || program == QLatin1String("env"))
        spec = recogniseEnv(program, args, pipeline.stages, filter, source);
    else if (program == QLatin1String("ls") || program == QLatin1String("test") || program == QLatin1String("[")
             || program == QLatin1String("stat"))
        spec = pipeline.stages == 1 ? recogniseFile(program, args, source) : std::nullopt;
    else if (program == QLatin1String("dig") || program == QLatin1String("nslookup") || program == QLatin1String("host")
             || program == QLatin1String("getent"))
        spec = recogniseDns(program, args, source);
    else if (program.startsWith(QLatin1String("kafka-broker-api-versions")) || program == QLatin1String("kcat")
             || program == QLatin1String("kafkacat"))
        spec = recogniseKafka(program, args, source);
    else if (program == QLatin1String("free") || program == QLatin1String("df") || program == QLatin1String("uptime")
             || program == QLatin1String("top") || program == QLatin1String("htop") || program == QLatin1String("vmstat")
             || program == QLatin1String("mpstat"))
        spec = recogniseSystem(program, args, source);

    // A value the shell fills in from a variable (`-h $REDIS_HOST`, `psql "$DATABASE_URL"`) is
    // unknown here: the check would run against the variable's name. It stays a command to
    // copy. An env check names its variable, and that is what it reads.
    if (spec && spec->type != QLatin1String("env")
        && std::any_of(spec->params.cbegin(), spec->params.cend(), [](const QVariant &v) { return refersToVariable(v.toString()); }))
        spec.reset();
    if (spec) {
        // The command is kept as the check's source, with any credential in it masked.
        spec->source = SecretRedaction::redact(text);
        if (passwordFromEnvironment && (spec->type == QLatin1String("redis") || spec->type == QLatin1String("postgres")))
            spec->params.insert(QStringLiteral("auth"), QStringLiteral("password"));
    }
    return spec;
}

bool CommandRecognizer::isReadOnlySql(const QString &statement)
{
    // Words that write, lock or change server state even inside a read-only transaction, in
    // order: they are found by binary search.
    static constexpr std::string_view writes[] = {
        "alter", "call", "cluster", "copy", "create", "delete", "do", "drop", "grant", "insert", "into", "lock",
        "merge", "nextval", "pg_backup_start", "pg_backup_stop", "pg_cancel_backend", "pg_create_restore_point",
        "pg_file_rename", "pg_file_sync", "pg_file_unlink", "pg_file_write", "pg_import_system_collations",
        "pg_log_backend_memory_contexts", "pg_logical_emit_message", "pg_ls_dir", "pg_notify", "pg_promote",
        "pg_read_binary_file", "pg_read_file", "pg_reload_conf", "pg_rotate_logfile", "pg_start_backup",
        "pg_stop_backup", "pg_switch_wal", "pg_terminate_backend", "pg_wal_replay_pause", "pg_wal_replay_resume",
        "reindex", "revoke", "set_config", "setval", "truncate", "update", "vacuum",
    };
    static_assert(std::is_sorted(std::begin(writes), std::end(writes)));
    static constexpr std::string_view readOnlyStarts[] = {"select", "show", "explain", "with", "values", "table"};
    static constexpr std::string_view writePrefixes[] = {
        "pg_advisory_", "pg_try_advisory_", "pg_create_", "pg_drop_", "pg_stat_reset", "lo_", "dblink", "pg_sleep",
        "pg_replication_origin_", "pg_replication_slot_", "pg_stat_statements_reset", "pg_file_",
    };
    // Every prefix starts with one of these: a word that starts with none is done in one test.
    static constexpr std::string_view prefixStarts[] = {"pg_", "lo_", "dblink"};
    static_assert(std::all_of(std::begin(writePrefixes), std::end(writePrefixes), [](std::string_view p) {
        return std::any_of(std::begin(prefixStarts), std::end(prefixStarts), [p](std::string_view s) { return p.starts_with(s); });
    }));
    // One pass over the words of the statement, skipping comments, strings and quoted names.
    const QStringView sql(statement);
    const qsizetype n = sql.size();
    bool first = true;
    bool afterFor = false;
    for (qsizetype i = 0; i < n;) {
        const QChar c = sql.at(i);
        // U&"…" and U&'…' spell names with escapes no word list can see through.
        if ((c == QLatin1Char('U') || c == QLatin1Char('u')) && i + 2 < n && sql.at(i + 1) == QLatin1Char('&')
            && (sql.at(i + 2) == QLatin1Char('"') || sql.at(i + 2) == QLatin1Char('\'')))
            return false;
        QString quotedName;
        if (c == QLatin1Char('"')) {
            // A quoted identifier is still a name: "pg_terminate_backend"(pid) calls the function.
            qsizetype j = i + 1;
            for (; j < n; ++j) {
                if (sql.at(j) == QLatin1Char('"')) {
                    if (j + 1 < n && sql.at(j + 1) == QLatin1Char('"')) {
                        quotedName.append(QLatin1Char('"'));
                        ++j;
                        continue;
                    }
                    break;
                }
                quotedName.append(sql.at(j));
            }
            if (first)
                return false; // a statement does not start with a name in quotes
            i = std::min(n, j + 1);
        } else if (const qsizetype skip = startsSqlNonCode(c) ? skipSqlNonCode(sql, i) : -1; skip >= 0) {
            if (first && c != QLatin1Char('-') && c != QLatin1Char('/'))
                return false; // a statement does not start with a string
            i = skip;
            continue;
        } else if (!(c.isLetterOrNumber() || c == QLatin1Char('_'))) {
            if (first && !c.isSpace() && c != QLatin1Char('('))
                return false;
            ++i;
            continue;
        }
        qsizetype start = i;
        if (quotedName.isNull()) {
            while (i < n && (sql.at(i).isLetterOrNumber() || sql.at(i) == QLatin1Char('_')))
                ++i;
        }
        const AsciiFold<48> w(quotedName.isNull() ? sql.mid(start, i - start) : QStringView(quotedName));
        const std::string_view word = w.view();
        if (first) {
            if (!w.complete() || std::find(std::begin(readOnlyStarts), std::end(readOnlyStarts), word) == std::end(readOnlyStarts))
                return false;
            first = false;
        }
        if (word.size() >= 2 && w.complete()) {
            if (isAmong(writes, word))
                return false;
            if (std::any_of(std::begin(prefixStarts), std::end(prefixStarts), [&](std::string_view p) { return word.starts_with(p); })) {
                for (const std::string_view prefix : writePrefixes) {
                    if (word.starts_with(prefix))
                        return false;
                }
            }
            // Functions named *_reset (pg_stat_statements_reset, pg_stat_reset_shared, …) reset
            // statistics; nothing a diagnosis should do.
            if (word.starts_with("pg_") && word.ends_with("_reset"))
                return false;
        }
        // FOR UPDATE / FOR SHARE / FOR KEY SHARE / FOR NO KEY UPDATE lock rows.
        if (afterFor && (w == "share" || w == "key" || w == "no"))
            return false;
        afterFor = w == "for";
    }
    return !first;
}

QList<FoundCommand> CommandRecognizer::splitSql(QStringView script)
{
    QList<FoundCommand> statements;
    const QStringView sql = script;
    const qsizetype n = sql.size();
    qsizetype start = -1;
    int line = 0;
    int startLine = 0;
    QStringView comment;
    auto finish = [&](qsizetype end) {
        if (start >= 0) {
            const QStringView text = sql.mid(start, end - start).trimmed();
            if (!text.isEmpty())
                statements.append({text.toString(), comment.toString(), startLine, std::nullopt});
        }
        start = -1;
        comment = {};
    };
    qsizetype i = 0;
    while (i < n) {
        const QChar c = sql.at(i);
        // Inside a statement only these characters matter; most characters are none of them.
        if (start >= 0) {
            switch (c.unicode()) {
            case u'\n':
            case u'-':
            case u'/':
            case u'\'':
            case u'"':
            case u'$':
            case u';':
                break;
            default:
                ++i;
                continue;
            }
        }
        if (c == QLatin1Char('\n')) {
            ++line;
            ++i;
            continue;
        }
        if (c == QLatin1Char('-') && i + 1 < n && sql.at(i + 1) == QLatin1Char('-')) {
            qsizetype end = sql.indexOf(QLatin1Char('\n'), i);
            if (end < 0)
                end = n;
            if (start < 0)
                comment = sql.mid(i + 2, end - i - 2).trimmed(); // the comment that introduces the next statement
            i = end;
            continue;
        }
        if (start < 0 && !c.isSpace()) {
            start = i;
            startLine = line;
        }
        if (const qsizetype skip = startsSqlNonCode(c) ? skipSqlNonCode(sql, i) : -1; skip >= 0) {
            line += int(sql.mid(i, skip - i).count(QLatin1Char('\n')));
            i = skip;
        } else if (c == QLatin1Char(';')) {
            finish(i);
            ++i;
        } else {
            ++i;
        }
    }
    finish(n);
    return statements;
}

namespace {

// SQL that PostgreSQL does not speak, written for MySQL or MariaDB: `SHOW VARIABLES LIKE …`,
// `SHOW PROCESSLIST` (PostgreSQL's SHOW takes one setting's name, or ALL), `SELECT @@version`.
// A SQL block without psql around it says nothing of its server; such a statement is no
// PostgreSQL check.
bool isOtherDialect(QStringView statement)
{
    // @@version, @@max_connections: MySQL's system variables. PostgreSQL's full-text match
    // (`tsv @@ to_tsquery(…)`) has no name right after it. Found by their first '@': a search
    // for one character is a fast scan, one for two cost more than the rest of recogniseSql().
    const qsizetype n = statement.size();
    for (qsizetype at = statement.indexOf(QLatin1Char('@')); at >= 0 && at + 1 < n;) {
        if (statement.at(at + 1) != QLatin1Char('@')) {
            at = statement.indexOf(QLatin1Char('@'), at + 1);
            continue;
        }
        if (at + 2 < n && (statement.at(at + 2).isLetter() || statement.at(at + 2) == QLatin1Char('_')))
            return true;
        at = statement.indexOf(QLatin1Char('@'), at + 2);
    }
    QStringView t = statement.trimmed();
    if (!t.startsWith(QLatin1String("show"), Qt::CaseInsensitive) || t.size() < 5 || !t.at(4).isSpace())
        return false;
    t = t.mid(5).trimmed();
    while (t.endsWith(QLatin1Char(';')))
        t.chop(1);
    // One name (max_connections, "TimeZone", ALL): PostgreSQL's, unless it names what only
    // MySQL shows. More words: another server's.
    t = t.trimmed();
    if (t.contains(QLatin1Char(' '))) {
        // PostgreSQL's own SHOW forms of several words.
        for (const char *form : {"time zone", "transaction isolation level", "session authorization"}) {
            if (t.compare(QLatin1String(form), Qt::CaseInsensitive) == 0)
                return false;
        }
        return true;
    }
    static constexpr std::string_view mysqlOnly[] = {"databases", "engines", "errors",   "events",   "grants",    "plugins", "privileges",
                                                     "processlist", "schemas", "status", "tables", "triggers", "variables", "warnings"};
    const AsciiFold<16> word(t);
    return word.complete() && std::find(std::begin(mysqlOnly), std::end(mysqlOnly), word.view()) != std::end(mysqlOnly);
}

// Where a trailing comment (" # …") starts in a command, or -1. Found by its '#', which most
// commands have none of: a search for the two characters together reads every one of them.
// std::find, because indexOf() runs a general string search even for one character.
qsizetype trailingCommentAt(QStringView command)
{
    if (command.isEmpty())
        return -1;
    for (auto hash = std::find(command.begin() + 1, command.end(), QLatin1Char('#')); hash != command.end();
         hash = std::find(hash + 1, command.end(), QLatin1Char('#'))) {
        if (*(hash - 1) == QLatin1Char(' '))
            return hash - 1 - command.begin();
    }
    return -1;
}

} // namespace

std::optional<CheckSpec> CommandRecognizer::recogniseSql(const QString &statement)
{
    if (!isReadOnlySql(statement) || isPlaceholderText(statement, false) || isOtherDialect(statement))
        return std::nullopt;
    QString query = stripSqlComments(statement);
    if (query.endsWith(QLatin1Char(';')))
        query.chop(1);
    CheckSpec spec;
    spec.type = QStringLiteral("postgres");
    spec.params.insert(QStringLiteral("mode"), QStringLiteral("query"));
    spec.params.insert(QStringLiteral("query"), query.trimmed());
    return spec;
}

QList<FoundCommand> CommandRecognizer::scan(QStringView info, QStringView code, bool recogniseChecks, Language *languageOut)
{
    QList<FoundCommand> found;
    const Language language = languageOf(info, code);
    if (languageOut)
        *languageOut = language;
    if (language == Language::Sql) {
        found = splitSql(code);
        if (recogniseChecks) {
            for (FoundCommand &fc : found)
                fc.check = recogniseSql(fc.text);
        }
        return found;
    }
    if (language != Language::Shell)
        return found;

    QVarLengthArray<QStringView, 64> lines;
    bool prompted = false;
    Lines codeLines(code);
    for (QStringView line; codeLines.next(&line);) {
        line = line.trimmed();
        prompted = prompted || promptLength(line) > 0;
        lines.append(line);
    }
    found.reserve(lines.size());
    QStringView comment;
    for (int i = 0; i < lines.size(); ++i) {
        QStringView line = lines.at(i);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1Char('#'))) {
            comment = line.mid(1).trimmed();
            continue;
        }
        if (prompted) {
            const qsizetype prompt = promptLength(line);
            if (prompt == 0)
                continue; // output shown after a prompt
            line = line.sliced(prompt).trimmed();
        }
        FoundCommand fc;
        fc.lineOffset = i;
        QString text;
        // Continuation lines: a backslash in a POSIX shell, a backtick in PowerShell.
        // (After a space: "echo `date`" ends a command substitution, not the line.)
        auto continues = [](QStringView l) {
            return l.endsWith(QLatin1Char('\\'))
                   || (l.endsWith(QLatin1Char('`')) && l.size() >= 2 && l.at(l.size() - 2) == QLatin1Char(' '));
        };
        if (continues(line)) {
            text = line.toString();
            while (continues(text) && i + 1 < lines.size()) {
                text.chop(1);
                text = text.trimmed() + QLatin1Char(' ') + lines.at(++i).toString();
            }
        }
        QStringView command = text.isEmpty() ? line : QStringView(text);
        // A trailing comment ("cmd  # Unix/Mac") is a title, not part of the command.
        const qsizetype hash = trailingCommentAt(command);
        if (hash > 0 && !command.left(hash).contains(QLatin1Char('\'')) && !command.left(hash).contains(QLatin1Char('"'))) {
            if (comment.isEmpty())
                fc.comment = command.mid(hash + 2).trimmed().toString();
            command = command.left(hash).trimmed();
        }
        fc.text = command.toString();
        if (fc.comment.isEmpty())
            fc.comment = comment.toString();
        comment = {};
        if (recogniseChecks)
            fc.check = recogniseShell(fc.text);
        found.append(std::move(fc));
    }
    return found;
}

} // namespace triage
