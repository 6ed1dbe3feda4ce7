#include "PostgresProbe.h"

#include "checks/CommandRecognizer.h"
#include "checks/ProbeRegistry.h"
#include "checks/TcpProbe.h"

#include <libpq-fe.h>

#include <QHostAddress>
#include <QHostInfo>
#include <QRegularExpression>
#include <QThreadPool>
#include <QThreadStorage>
#include <QTimer>
#include <QCryptographicHash>
#include <QElapsedTimer>

#include <poll.h>

#include <cmath>

namespace triage {

namespace {

constexpr int kMaxRows = 100;

QString hostOf(const CheckSpec &spec)
{
    return spec.param(QStringLiteral("host")).isEmpty() ? QStringLiteral("localhost") : spec.param(QStringLiteral("host"));
}

QString portOf(const CheckSpec &spec)
{
    return spec.param(QStringLiteral("port")).isEmpty() ? QStringLiteral("5432") : spec.param(QStringLiteral("port"));
}

// The first line of a libpq message without the "connection to server … failed:" prefix and
// the verbose SQLSTATE/LOCATION parts.
QString plainMessage(const QString &message)
{
    QString m = message.section(QLatin1Char('\n'), 0, 0).trimmed();
    static const QRegularExpression prefix(QStringLiteral("^connection to server at [^:]+(?::[^:]+)? failed:\\s*"));
    m.remove(prefix);
    static const QRegularExpression state(QStringLiteral("^(FATAL|ERROR|PANIC):\\s+[0-9A-Z]{5}:\\s*"));
    m.replace(state, QStringLiteral("\\1: "));
    return m;
}

} // namespace

// Idle read-only sessions, per thread, so that a guide's many queries against one server log in
// once (a SCRAM login costs milliseconds on both sides). A session waits at most 30 s and at
// most four wait per login; one that the server closed meanwhile is noticed and dropped.
class PostgresProbe::SessionPool {
public:
    friend class QThreadStorage<SessionPool *>;
    static SessionPool &forThisThread()
    {
        static QThreadStorage<SessionPool *> pools;
        if (!pools.hasLocalData())
            pools.setLocalData(new SessionPool);
        return *pools.localData();
    }

    ~SessionPool()
    {
        for (const QList<Idle> &list : std::as_const(m_idle)) {
            for (const Idle &i : list)
                PQfinish(i.conn);
        }
    }

    // An idle session and the statement_timeout it runs with.
    PGconn *take(const QByteArray &key, int *statementTimeout)
    {
        QList<Idle> &list = m_idle[key];
        while (!list.isEmpty()) {
            const Idle i = list.takeLast();
            if (i.since.hasExpired(kIdleMs) || !alive(i.conn)) {
                PQfinish(i.conn);
                continue;
            }
            *statementTimeout = i.statementTimeout;
            return i.conn;
        }
        return nullptr;
    }

    void give(const QByteArray &key, PGconn *conn, int statementTimeout)
    {
        QList<Idle> &list = m_idle[key];
        qsizetype total = 0;
        for (const QList<Idle> &l : std::as_const(m_idle))
            total += l.size();
        if (list.size() >= kPerLogin || total >= kTotal) {
            PQfinish(conn);
            return;
        }
        if (!m_reaper.isActive())
            m_reaper.start();
        QElapsedTimer since;
        since.start();
        list.append({conn, since, statementTimeout});
    }

private:
    struct Idle {
        PGconn *conn;
        QElapsedTimer since;
        int statementTimeout;
    };
    static constexpr qint64 kIdleMs = 30000;
    static constexpr int kPerLogin = 4;

    // An idle session has nothing to read; if its socket is readable, the server has closed it
    // (or sent a notice, which PQconsumeInput takes in).
    static bool alive(PGconn *conn)
    {
        if (PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE)
            return false;
        pollfd p{PQsocket(conn), POLLIN, 0};
        if (::poll(&p, 1, 0) > 0 && (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK))
            return false;
        return true;
    }

    // Idle sessions count against the server's max_connections: close those that waited
    // their time even when no check asks for that login again.
    void reap()
    {
        for (auto it = m_idle.begin(); it != m_idle.end();) {
            for (qsizetype i = it->size() - 1; i >= 0; --i) {
                if (it->at(i).since.hasExpired(kIdleMs)) {
                    PQfinish(it->at(i).conn);
                    it->removeAt(i);
                }
            }
            it = it->isEmpty() ? m_idle.erase(it) : std::next(it);
        }
        if (m_idle.isEmpty())
            m_reaper.stop();
    }

    SessionPool()
    {
        m_reaper.setInterval(5000);
        QObject::connect(&m_reaper, &QTimer::timeout, [this] { reap(); });
    }

    static constexpr int kTotal = 16;
    QHash<QByteArray, QList<Idle>> m_idle;
    QTimer m_reaper;
};

void PostgresProbe::ConnDeleter::operator()(PGconn *c) const
{
    PQfinish(c);
}

void PostgresProbe::ResultDeleter::operator()(PGresult *r) const
{
    PQclear(r);
}

PostgresProbe::PostgresProbe(const CheckSpec &spec, const CheckContext &context, QObject *parent)
    : CheckProbe(spec, context, parent)
{
    m_mode = spec.param(QStringLiteral("mode")).isEmpty() ? (spec.params.contains(QStringLiteral("query")) ? QStringLiteral("query")
                                                                                                             : QStringLiteral("ready"))
                                                          : spec.param(QStringLiteral("mode")).toLower();
}

PostgresProbe::~PostgresProbe()
{
    abort();
}

void PostgresProbe::registerIn(ProbeRegistry &registry)
{
    registry.add(QStringLiteral("postgres"), [](const CheckSpec &spec, const CheckContext &context, QObject *parent) -> CheckProbe * {
        return new PostgresProbe(spec, context, parent);
    });
}

QString PostgresProbe::sqlstateIn(const QString &message)
{
    static const QRegularExpression state(QStringLiteral("(?:FATAL|ERROR|PANIC):\\s+([0-9A-Z]{5}):"));
    const QRegularExpressionMatch m = state.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString PostgresProbe::target() const
{
    QString t = QStringLiteral("postgres %1:%2").arg(hostOf(spec()), portOf(spec()));
    if (!param(QStringLiteral("dbname")).isEmpty())
        t += QLatin1Char('/') + param(QStringLiteral("dbname"));
    if (!param(QStringLiteral("user")).isEmpty())
        t = QStringLiteral("postgres %1@%2").arg(param(QStringLiteral("user")), t.mid(9));
    return t;
}

QString PostgresProbe::timeoutHint() const
{
    return QStringLiteral("is PostgreSQL up and is the port right? `pg_isready -h %1 -p %2` tells").arg(hostOf(spec()), portOf(spec()));
}

void PostgresProbe::run()
{
    if (m_mode != QLatin1String("ready") && m_mode != QLatin1String("connect") && m_mode != QLatin1String("query")) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("postgres `mode: %1` is not ready, connect or query").arg(m_mode)));
        return;
    }
    const QString query = param(QStringLiteral("query")).trimmed();
    if (m_mode == QLatin1String("query")) {
        if (query.isEmpty()) {
            finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("postgres query check needs `query:`")));
            return;
        }
        if (!CommandRecognizer::isReadOnlySql(query)) {
            finish(CheckResult::make(CheckOutcome::RefusedUnsafe,
                                     QStringLiteral("%1: the query is not sent: Triage runs only read-only SQL (SELECT, SHOW, EXPLAIN, "
                                                    "WITH) that calls no function known to change the server. Run it yourself in psql "
                                                    "if you mean it")
                                         .arg(target()),
                                     QStringLiteral("not_read_only")));
            return;
        }
    }
    if (m_mode == QLatin1String("query")) {
        m_poolKey = sessionKey();
        if (PGconn *idle = SessionPool::forThisThread().take(m_poolKey, &m_sessionTimeout)) {
            m_conn.reset(idle);
            m_pooled = true;
            startQuery();
            return;
        }
    }
    connectFresh();
}

QByteArray PostgresProbe::sessionKey() const
{
    // Sessions are shared only between checks that would log in exactly alike; the password
    // enters the key as a hash and is not kept.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &part : {hostOf(spec()), portOf(spec()), param(QStringLiteral("dbname")), param(QStringLiteral("user")),
                                param(QStringLiteral("sslmode")), context().secretFor(QStringLiteral("postgres"), QStringLiteral("password"), hostOf(spec()))}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    return hash.result();
}

void PostgresProbe::connectFresh()
{
    m_pooled = false;
    // libpq resolves host names with a blocking call inside PQconnectStartParams; resolve them
    // first, without blocking, and hand libpq the addresses (hostaddr) along with the name
    // (host, which TLS and pg_hba.conf still see).
    const QString host = hostOf(spec());
    QHostAddress literal;
    if (m_hostaddr.isEmpty() && !host.startsWith(QLatin1Char('/')) && !literal.setAddress(host)) {
        m_lookup = QHostInfo::lookupHost(host, this, [this, host](const QHostInfo &info) {
            m_lookup = -1;
            if (isFinished())
                return;
            QStringList addresses;
            for (const QHostAddress &a : info.addresses())
                addresses.append(a.toString());
            if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
                finish(TcpProbe::socketFailure(QAbstractSocket::HostNotFoundError, target(), info.errorString()));
                return;
            }
            m_hostaddr = addresses;
            connectFresh();
        });
        return;
    }
    // libpq's own connect_timeout is whole seconds (at least 2); the probe's deadline is the real limit.
    const int seconds = std::max(2, int(std::ceil(timeoutMs() / 1000.0)));
    // With several addresses, libpq tries each in turn; host and hostaddr lists must match.
    const QStringList names = m_hostaddr.isEmpty() ? QStringList{host} : QStringList(m_hostaddr.size(), host);
    QList<QByteArray> keys{"host", "port", "connect_timeout", "application_name", "gssencmode"};
    QList<QByteArray> values{names.join(QLatin1Char(',')).toUtf8(), portOf(spec()).toUtf8(), QByteArray::number(seconds), "triage",
                             "disable"};
    auto add = [&](const char *key, const QString &value) {
        if (!value.isEmpty()) {
            keys.append(key);
            values.append(value.toUtf8());
        }
    };
    add("hostaddr", m_hostaddr.join(QLatin1Char(',')));
    add("dbname", param(QStringLiteral("dbname")));
    add("user", param(QStringLiteral("user")));
    add("sslmode", param(QStringLiteral("sslmode")));
    if (m_mode == QLatin1String("query")) {
        // The session's statement_timeout is the check's limit from the start, so that a query
        // on this session needs no statement of its own to set it.
        add("options", QStringLiteral("-c statement_timeout=%1").arg(timeoutMs()));
        m_sessionTimeout = timeoutMs();
    }
    // Readiness is asked as pg_isready asks it, without logging in: the server's request for a
    // password is already its answer.
    if (m_mode != QLatin1String("ready"))
        add("password", context().secretFor(QStringLiteral("postgres"), QStringLiteral("password"), hostOf(spec()), &m_passwordWithheld));
    QList<const char *> k;
    QList<const char *> v;
    for (int i = 0; i < keys.size(); ++i) {
        k.append(keys.at(i).constData());
        v.append(values.at(i).constData());
    }
    k.append(nullptr);
    v.append(nullptr);
    m_step = Step::Connecting;
    m_conn.reset(PQconnectStartParams(k.constData(), v.constData(), 0));
    // The password must not outlive the call.
    for (int i = 0; i < keys.size(); ++i) {
        if (keys.at(i) == "password")
            values[i].fill('\0');
    }
    if (!m_conn) {
        finish(CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: libpq could not allocate a connection").arg(target())));
        return;
    }
    PQsetErrorVerbosity(m_conn.get(), PQERRORS_VERBOSE);
    if (PQstatus(m_conn.get()) == CONNECTION_BAD) {
        connectFailed();
        return;
    }
    watch(true);
}

void PostgresProbe::watch(bool forWrite)
{
    const int socket = PQsocket(m_conn.get());
    if (socket < 0) {
        connectFailed();
        return;
    }
    // libpq may move to another socket (the next address of a host name), so the notifier is
    // made anew whenever the socket or the direction changes.
    const QSocketNotifier::Type type = forWrite ? QSocketNotifier::Write : QSocketNotifier::Read;
    if (!m_notifier || m_socket != socket || m_notifier->type() != type) {
        m_notifier = std::make_unique<QSocketNotifier>(socket, type);
        m_socket = socket;
        connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] {
            if (m_step == Step::Connecting)
                poll();
            else if (m_notifier && m_notifier->type() == QSocketNotifier::Write)
                flush();
            else
                onReadable();
        });
    }
    m_notifier->setEnabled(true);
}

void PostgresProbe::poll()
{
    if (isFinished() || !m_conn)
        return;
    m_notifier->setEnabled(false);
    switch (PQconnectPoll(m_conn.get())) {
    case PGRES_POLLING_READING:
        watch(false);
        break;
    case PGRES_POLLING_WRITING:
        watch(true);
        break;
    case PGRES_POLLING_OK:
        onConnected();
        break;
    case PGRES_POLLING_FAILED:
    default:
        connectFailed();
        break;
    }
}

void PostgresProbe::connectFailed()
{
    const QString raw = m_conn ? QString::fromUtf8(PQerrorMessage(m_conn.get())) : QString();
    const QString sqlstate = sqlstateIn(raw);
    const bool needsPassword = m_conn && PQconnectionNeedsPassword(m_conn.get());
    const QString detail = plainMessage(raw);
    m_notifier.reset();
    m_conn.reset();
    const QString where = target();

    // Readiness is PQping's question: a server that answers, even with "wrong password" or "no
    // such database", accepts connections.
    if (m_mode == QLatin1String("ready") && (needsPassword || sqlstate.startsWith(QLatin1String("28")) || sqlstate == QLatin1String("3D000"))) {
        CheckResult r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1 accepts connections").arg(where));
        r.values.insert(QStringLiteral("CONNECTED"), true);
        r.values.insert(QStringLiteral("RESPONSE_TIME"), elapsedMs());
        r.metrics.insert(QStringLiteral("latency_ms"), elapsedMs());
        finishAnswered(r);
        return;
    }
    CheckResult r;
    if (needsPassword) {
        r = CheckResult::make(CheckOutcome::AuthFailed,
                              m_passwordWithheld
                                  ? QStringLiteral("%1 asks for a password; one is bound, but Triage sends credentials only to this "
                                                   "machine or to hosts you chose (--set postgres.host=…, TRIAGE_SECRET_HOSTS)")
                                        .arg(where)
                                  : QStringLiteral("%1 asks for a password and none is bound to this check "
                                                   "(TRIAGE_SECRET_POSTGRES_PASSWORD for `triage check`)")
                                        .arg(where),
                              QStringLiteral("no_password"));
    } else if (sqlstate == QLatin1String("28P01") || sqlstate == QLatin1String("28000")) {
        r = CheckResult::make(CheckOutcome::AuthFailed,
                              QStringLiteral("%1 refused the login (SQLSTATE %2: %3). Check the user and the password bound to this "
                                             "check, and pg_hba.conf")
                                  .arg(where, sqlstate, detail),
                              sqlstate);
    } else if (sqlstate == QLatin1String("3D000")) {
        r = CheckResult::make(CheckOutcome::NotFound,
                              QStringLiteral("%1: %2 (SQLSTATE 3D000). Create it (`createdb`), or fix the database name the check uses")
                                  .arg(where, detail),
                              sqlstate);
    } else if (sqlstate == QLatin1String("53300")) {
        r = CheckResult::make(CheckOutcome::ConditionFalse,
                              QStringLiteral("%1: too many connections (SQLSTATE 53300); see pg_stat_activity and the pool sizes").arg(where),
                              sqlstate);
    } else if (sqlstate == QLatin1String("57P03")) {
        r = CheckResult::make(CheckOutcome::ConditionFalse,
                              QStringLiteral("%1 is starting up, shutting down or in recovery (SQLSTATE 57P03); try again shortly").arg(where),
                              sqlstate);
    } else if (detail.contains(QLatin1String("Connection refused"))) {
        r = CheckResult::make(CheckOutcome::ConnectionRefused,
                              QStringLiteral("%1: connection refused, so no PostgreSQL listens there. Start it (`pg_ctlcluster`, "
                                             "`docker compose up db`), or fix the port the check uses")
                                  .arg(where),
                              QStringLiteral("refused"));
    } else if (detail.contains(QLatin1String("could not translate host name")) || detail.contains(QLatin1String("Name or service not known"))) {
        r = CheckResult::make(CheckOutcome::DnsFailure, QStringLiteral("%1: %2").arg(where, detail), QStringLiteral("nxdomain"));
    } else if (detail.contains(QLatin1String("SSL")) || detail.contains(QLatin1String("certificate"))) {
        r = CheckResult::make(CheckOutcome::TlsError, QStringLiteral("%1: %2").arg(where, detail), QStringLiteral("tls"));
    } else if (detail.contains(QLatin1String("timeout expired"))) {
        r = CheckResult::make(CheckOutcome::Timeout, QStringLiteral("%1: %2; %3").arg(where, detail, timeoutHint()));
    } else {
        r = CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: %2").arg(where, detail), sqlstate);
    }
    if (!sqlstate.isEmpty())
        r.metrics.insert(QStringLiteral("sqlstate"), sqlstate);
    r.values.insert(QStringLiteral("SQLSTATE"), sqlstate);
    finish(r);
}

void PostgresProbe::onConnected()
{
    const double ms = elapsedMs();
    if (m_mode != QLatin1String("query")) {
        CheckResult r = CheckResult::make(CheckOutcome::Ok,
                                          m_mode == QLatin1String("ready") ? QStringLiteral("%1 accepts connections").arg(target())
                                                                           : QStringLiteral("%1: logged in (server %2)")
                                                                                 .arg(target(), QString::fromUtf8(PQparameterStatus(m_conn.get(), "server_version"))));
        r.values.insert(QStringLiteral("CONNECTED"), true);
        r.values.insert(QStringLiteral("RESPONSE_TIME"), ms);
        r.metrics.insert(QStringLiteral("latency_ms"), ms);
        r.metrics.insert(QStringLiteral("server_version"), QString::fromUtf8(PQparameterStatus(m_conn.get(), "server_version")));
        abort();
        finishAnswered(r);
        return;
    }
    startQuery();
}

void PostgresProbe::startQuery()
{
    // One round trip: BEGIN READ ONLY, the time limit, the query and ROLLBACK go out together in
    // pipeline mode (extended protocol only, so the guide's query runs as one statement), and
    // the results come back in order up to the sync point.
    if (PQsetnonblocking(m_conn.get(), 1) != 0 || PQenterPipelineMode(m_conn.get()) != 1) {
        retryOrFail(QStringLiteral("could not start a pipeline"));
        return;
    }
    QString query = param(QStringLiteral("query")).trimmed();
    while (query.endsWith(QLatin1Char(';')))
        query.chop(1);
    const QByteArray sql = query.toUtf8();
    // The session runs with the statement_timeout it was opened with; a check with another
    // limit sets its own, local to its transaction.
    m_setsTimeout = m_sessionTimeout != timeoutMs();
    const QByteArray limit = QByteArray::number(timeoutMs());
    const char *limitParam[] = {limit.constData()};
    // A query that can return rows runs through a cursor and fetches one more row than is
    // kept, so that a `SELECT * FROM events` never pulls a table into this process.
    qsizetype at = 0;
    while (at < query.size() && (query.at(at).isSpace() || query.at(at) == QLatin1Char('(')))
        ++at;
    qsizetype end = at;
    while (end < query.size() && query.at(end).isLetter())
        ++end;
    const QString first = query.mid(at, end - at).toLower();
    m_cursor = first == QLatin1String("select") || first == QLatin1String("with") || first == QLatin1String("values")
               || first == QLatin1String("table");
    const QByteArray declare = "DECLARE triage_rows NO SCROLL CURSOR FOR " + sql;
    const QByteArray fetch = "FETCH " + QByteArray::number(kMaxRows + 1) + " FROM triage_rows";
    bool sent = PQsendQueryParams(m_conn.get(), "BEGIN TRANSACTION READ ONLY", 0, nullptr, nullptr, nullptr, nullptr, 0);
    if (sent && m_setsTimeout)
        sent = PQsendQueryParams(m_conn.get(), "SELECT set_config('statement_timeout', $1, true)", 1, nullptr, limitParam, nullptr, nullptr, 0);
    if (m_cursor)
        sent = sent && PQsendQueryParams(m_conn.get(), declare.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0)
               && PQsendQueryParams(m_conn.get(), fetch.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    else
        sent = sent && PQsendQueryParams(m_conn.get(), sql.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    sent = sent && PQsendQueryParams(m_conn.get(), "ROLLBACK", 0, nullptr, nullptr, nullptr, nullptr, 0) && PQpipelineSync(m_conn.get());
    if (!sent) {
        retryOrFail(plainMessage(QString::fromUtf8(PQerrorMessage(m_conn.get()))));
        return;
    }
    m_step = Step::Pipeline;
    m_pipeIndex = 0;
    m_error.reset();
    m_queryResult.reset();
    flush();
}

void PostgresProbe::flush()
{
    if (isFinished() || !m_conn)
        return;
    const int pending = PQflush(m_conn.get());
    if (pending < 0) {
        retryOrFail(plainMessage(QString::fromUtf8(PQerrorMessage(m_conn.get()))));
        return;
    }
    watch(pending == 1); // more to send: wait until writable; else wait for results
}

void PostgresProbe::retryOrFail(const QString &why)
{
    // A pooled session may have been closed by the server (a restart, idle_session_timeout)
    // while it waited; that is not the check's answer. Try once more on a new connection.
    if (m_pooled && !isFinished()) {
        m_notifier.reset();
        m_conn.reset();
        connectFresh();
        return;
    }
    abort();
    finish(CheckResult::make(CheckOutcome::ProtocolError, QStringLiteral("%1: the connection broke: %2").arg(target(), why),
                             QStringLiteral("connection_lost")));
}

void PostgresProbe::onReadable()
{
    if (isFinished() || !m_conn || m_step != Step::Pipeline)
        return;
    if (!PQconsumeInput(m_conn.get())) {
        retryOrFail(plainMessage(QString::fromUtf8(PQerrorMessage(m_conn.get()))));
        return;
    }
    while (!isFinished() && m_conn && !PQisBusy(m_conn.get())) {
        Result result(PQgetResult(m_conn.get()));
        if (!result) {
            // Each command's results end with a null; the sync point follows the last one.
            if (m_pipeIndex < commandCount()) {
                ++m_pipeIndex;
                continue;
            }
            return;
        }
        const ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_PIPELINE_SYNC) {
            pipelineDone();
            return;
        }
        if (status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR || status == PGRES_BAD_RESPONSE) {
            if (!m_error)
                m_error = std::move(result);
        } else if (m_pipeIndex == rowsIndex() && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)) {
            m_queryResult = std::move(result);
        }
        // PGRES_PIPELINE_ABORTED: a command skipped after an error; the error itself is kept.
    }
}

void PostgresProbe::pipelineDone()
{
    m_step = Step::Done;
    m_notifier.reset();
    PQexitPipelineMode(m_conn.get());
    if (m_error) {
        Result error = std::move(m_error);
        finishError(error.get());
        return;
    }
    // The ROLLBACK has run: an idle, clean session another check may use.
    if (PQstatus(m_conn.get()) == CONNECTION_OK && PQtransactionStatus(m_conn.get()) == PQTRANS_IDLE)
        SessionPool::forThisThread().give(m_poolKey, m_conn.release(), m_sessionTimeout);
    finishQuery(std::move(m_queryResult));
}

void PostgresProbe::finishError(PGresult *result)
{
    const QString sqlstate = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    const QString primary = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    const QString where = target();
    CheckResult r;
    if (sqlstate == QLatin1String("25006")) {
        r = CheckResult::make(CheckOutcome::RefusedUnsafe,
                              QStringLiteral("%1: PostgreSQL refused a write inside Triage's read-only transaction (SQLSTATE 25006: %2); "
                                             "nothing was changed")
                                  .arg(where, primary),
                              sqlstate);
    } else if (sqlstate == QLatin1String("57014")) {
        r = CheckResult::make(CheckOutcome::Timeout,
                              QStringLiteral("%1: the query ran past its %2 ms statement_timeout and was cancelled by the server")
                                  .arg(where)
                                  .arg(timeoutMs()),
                              sqlstate);
    } else if (sqlstate == QLatin1String("42P01") || sqlstate == QLatin1String("42703") || sqlstate == QLatin1String("3F000")
               || sqlstate == QLatin1String("42883")) {
        r = CheckResult::make(CheckOutcome::NotFound, QStringLiteral("%1: %2 (SQLSTATE %3)").arg(where, primary, sqlstate), sqlstate);
    } else if (sqlstate == QLatin1String("42501")) {
        r = CheckResult::make(CheckOutcome::AuthFailed,
                              QStringLiteral("%1: %2 (SQLSTATE 42501); this user lacks the privilege").arg(where, primary), sqlstate);
    } else if (sqlstate.startsWith(QLatin1String("42"))) {
        r = CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("%1: the query is not valid SQL here: %2 (SQLSTATE %3)").arg(where, primary, sqlstate),
                              sqlstate);
    } else {
        r = CheckResult::make(CheckOutcome::ConditionFalse, QStringLiteral("%1: %2 (SQLSTATE %3)").arg(where, primary, sqlstate), sqlstate);
    }
    r.values.insert(QStringLiteral("SQLSTATE"), sqlstate);
    r.metrics.insert(QStringLiteral("sqlstate"), sqlstate);
    abort();
    finish(r);
}

void PostgresProbe::finishQuery(Result result)
{
    const double ms = elapsedMs();
    CheckResult r = CheckResult::make(CheckOutcome::Ok, QString());
    QVariantList rows;
    QVariant value;
    int rowCount = 0;
    QVariantMap columnMetrics;
    if (result && PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
        rowCount = PQntuples(result.get());
        const int columns = PQnfields(result.get());
        for (int row = 0; row < rowCount && row < kMaxRows; ++row) {
            QVariantMap map;
            for (int col = 0; col < columns; ++col) {
                const QString name = QString::fromUtf8(PQfname(result.get(), col));
                map.insert(name, PQgetisnull(result.get(), row, col) ? QVariant() : QVariant(QString::fromUtf8(PQgetvalue(result.get(), row, col))));
            }
            rows.append(map);
        }
        // A dashboard's query: each numeric column of the first row is a figure to chart.
        if (rowCount > 0 && param(QStringLiteral("metrics")) == QLatin1String("columns")) {
            for (int col = 0; col < columns; ++col) {
                bool numeric = false;
                const double number = QByteArray(PQgetvalue(result.get(), 0, col)).toDouble(&numeric);
                if (numeric && !PQgetisnull(result.get(), 0, col))
                    columnMetrics.insert(QString::fromUtf8(PQfname(result.get(), col)), number);
            }
        }
        if (rowCount > 0 && columns > 0 && !PQgetisnull(result.get(), 0, 0)) {
            const QString text = QString::fromUtf8(PQgetvalue(result.get(), 0, 0));
            bool numeric = false;
            const double number = text.toDouble(&numeric);
            value = numeric ? QVariant(number) : QVariant(text);
        }
    }
    // Leave nothing open on the server: the transaction ends with the connection.
    abort();
    r.values.insert(QStringLiteral("CONNECTED"), true);
    r.values.insert(QStringLiteral("VALUE"), value);
    r.values.insert(QStringLiteral("ROWS"), rows);
    const bool more = rowCount > kMaxRows;
    rowCount = std::min(rowCount, kMaxRows);
    r.values.insert(QStringLiteral("ROW_COUNT"), rowCount);
    r.values.insert(QStringLiteral("MORE_ROWS"), more);
    r.values.insert(QStringLiteral("SQLSTATE"), QStringLiteral("00000"));
    r.values.insert(QStringLiteral("RESPONSE_TIME"), ms);
    r.metrics.insert(QStringLiteral("latency_ms"), ms);
    r.metrics.insert(QStringLiteral("rows"), rowCount);
    if (value.isValid() && value.typeId() == QMetaType::Double)
        r.metrics.insert(QStringLiteral("value"), value);
    for (auto it = columnMetrics.cbegin(); it != columnMetrics.cend(); ++it)
        r.metrics.insert(it.key(), it.value());
    const QString plural = more ? QStringLiteral("s (more than %1; only those are kept)").arg(kMaxRows) : rowCount == 1 ? QString() : QStringLiteral("s");
    r.message = rowCount == 0 ? QStringLiteral("%1: the query returned no rows").arg(target())
                : value.isValid() ? QStringLiteral("%1: %2 (%3 row%4)").arg(target(), value.toString().left(80)).arg(rowCount).arg(plural)
                                  : QStringLiteral("%1: %2 row%3").arg(target()).arg(rowCount).arg(plural);
    finishAnswered(r);
}

void PostgresProbe::abort()
{
    if (m_lookup >= 0) {
        QHostInfo::abortHostLookup(m_lookup);
        m_lookup = -1;
    }
    if (m_conn && m_step == Step::Pipeline) {
        // A statement may be running on the server: ask it to stop now rather than at its
        // statement_timeout. PQcancel opens a connection of its own and waits for it, so it runs
        // on the thread pool; the PGcancel object does not need this connection any more. A
        // cancel is best effort (the server drops one that arrives between statements, which on
        // an idle session can be the first few milliseconds); statement_timeout still bounds it.
        if (PGcancel *cancel = PQgetCancel(m_conn.get())) {
            blockingPool()->start([cancel] {
                char error[256];
                PQcancel(cancel, error, sizeof error);
                PQfreeCancel(cancel);
            });
        }
    }
    m_notifier.reset();
    m_queryResult.reset();
    m_error.reset();
    m_conn.reset();
    m_step = Step::Done;
}

QString PostgresProbe::libpqVersion()
{
    const int v = PQlibVersion();
    return QStringLiteral("libpq %1.%2").arg(v / 10000).arg(v % 10000);
}

} // namespace triage
