#pragma once

#include "checks/CheckProbe.h"

#include <QPointer>
#include <QSocketNotifier>

#include <memory>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace triage {

class ProbeRegistry;

// `postgres`: readiness (what PQpingParams answers: the server accepts connections, even if it
// then refuses these credentials), an authenticated connect, or one read-only query.
//
// libpq runs non-blocking (PQconnectStartParams / PQconnectPoll, pipeline mode) driven by
// QSocketNotifiers, so nothing waits on the calling thread. A query runs inside
// `BEGIN TRANSACTION READ ONLY` with a local statement_timeout at the check's limit and ends
// with ROLLBACK, all in one round trip, after the recogniser's own read-only test; it goes
// through the extended protocol, which runs one statement only. Query sessions are kept idle
// per thread for the next check with the same login (see SessionPool). The SQLSTATE is kept as the result's reason (28P01 wrong password, 3D000 no
// such database, 25006 a write refused, …): it decides which branch comes next.
//
// The password comes from the context's secret lookup ("postgres", "password") and is handed
// to libpq only. Connections are always finished, also after a failed connect or a timeout.
class PostgresProbe : public CheckProbe {
    Q_OBJECT
public:
    PostgresProbe(const CheckSpec &spec, const CheckContext &context, QObject *parent = nullptr);
    ~PostgresProbe() override;
    QString target() const override;

    static void registerIn(ProbeRegistry &registry);
    // "libpq 15.4", for the About box.
    static QString libpqVersion();
    // The SQLSTATE in a verbose libpq message ("FATAL:  28P01: password authentication …").
    static QString sqlstateIn(const QString &message);

protected:
    void run() override;
    void abort() override;
    QString timeoutHint() const override;

private:
    enum class Step { Connecting, Pipeline, Done };
    class SessionPool;
    struct ConnDeleter {
        void operator()(PGconn *c) const;
    };
    struct ResultDeleter {
        void operator()(PGresult *r) const;
    };
    using Conn = std::unique_ptr<PGconn, ConnDeleter>;
    using Result = std::unique_ptr<PGresult, ResultDeleter>;

    QByteArray sessionKey() const;
    void connectFresh();
    void poll();
    void watch(bool forWrite);
    void onConnected();
    void connectFailed();
    void startQuery();
    void flush();
    void retryOrFail(const QString &why);
    void onReadable();
    void pipelineDone();
    void finishQuery(Result result);
    void finishError(PGresult *result);

    Conn m_conn;
    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_socket = -1;
    Step m_step = Step::Connecting;
    Result m_queryResult;
    Result m_error;
    int m_pipeIndex = 0;          // which of BEGIN, [set_config,] query, ROLLBACK the results are for
    int m_sessionTimeout = 0;     // the statement_timeout the session runs with
    bool m_setsTimeout = false;   // this check sets its own, in its transaction
    bool m_cursor = false;        // rows come through DECLARE … CURSOR and FETCH
    // Commands in the pipeline before ROLLBACK's result, and which of them returns the rows.
    int rowsIndex() const { return 1 + (m_setsTimeout ? 1 : 0) + (m_cursor ? 1 : 0); }
    int commandCount() const { return rowsIndex() + 2; }
    QByteArray m_poolKey;
    bool m_pooled = false;        // the session came from the pool (and may have gone stale)
    bool m_passwordWithheld = false;
    QStringList m_hostaddr;       // the host name's addresses, resolved without blocking
    int m_lookup = -1;
    QString m_mode;
};

} // namespace triage
