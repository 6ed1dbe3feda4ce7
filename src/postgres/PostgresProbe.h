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
// libpq runs non-blocking (PQconnectStartParams / PQconnectPoll, PQsendQueryParams) driven by
// QSocketNotifiers, so nothing waits on the calling thread. A query runs inside
// `BEGIN TRANSACTION READ ONLY` with `SET LOCAL statement_timeout` at the check's limit, after
// the recogniser's own read-only test; it goes through the extended protocol, which runs one
// statement only. The SQLSTATE is kept as the result's reason (28P01 wrong password, 3D000 no
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
    // The SQLSTATE in a verbose libpq message ("FATAL:  28P01: password authentication …").
    static QString sqlstateIn(const QString &message);

protected:
    void run() override;
    void abort() override;
    QString timeoutHint() const override;

private:
    enum class Step { Connecting, Begin, Timeout, Query, Done };
    struct ConnDeleter {
        void operator()(PGconn *c) const;
    };
    struct ResultDeleter {
        void operator()(PGresult *r) const;
    };
    using Conn = std::unique_ptr<PGconn, ConnDeleter>;
    using Result = std::unique_ptr<PGresult, ResultDeleter>;

    void poll();
    void watch(bool forWrite);
    void onConnected();
    void connectFailed();
    void send(Step step);
    void onReadable();
    void handleResult(Result result);
    void finishQuery(Result result);
    void finishError(PGresult *result);

    Conn m_conn;
    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_socket = -1;
    Step m_step = Step::Connecting;
    Result m_queryResult;
    QString m_mode;
};

} // namespace triage
