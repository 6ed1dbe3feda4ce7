#pragma once

#include "CheckProbe.h"

#include <QByteArray>
#include <QTcpSocket>

namespace triage {

// `redis`: speaks RESP over a QTcpSocket. AUTH (when a password is bound), SELECT, then one
// read-only command: PING by default, INFO [section] (parsed into [INFO].field and metrics:
// hit rate, used memory, connected clients, ops/s), or one of a short allow-list (GET, EXISTS,
// TTL, DBSIZE, …). Anything else is refused before a byte is sent.
class RedisProbe : public CheckProbe {
    Q_OBJECT
public:
    using CheckProbe::CheckProbe;
    QString target() const override;

    // Whether a command (first word, any case) is one Triage sends; FLUSHALL, CONFIG, DEL, …
    // are not.
    static bool isAllowed(const QStringList &words);
    // INFO text into field → value, numbers as numbers.
    static QVariantMap parseInfo(const QByteArray &text);

    // One RESP reply, read from `buffer` at `*pos` (advanced past it when Complete). Public
    // for the fuzz target: it reads whatever a server sends.
    struct Reply {
        char type = 0;        // + - : $ *
        QByteArray text;      // simple string, error, bulk string or integer digits
        QList<Reply> items;   // arrays
        bool null = false;
    };
    enum class Parse { Complete, Incomplete, Invalid };
    static Parse parseReply(const QByteArray &buffer, qsizetype *pos, Reply *reply, int depth = 0);

protected:
    void run() override;
    void abort() override;
    QString timeoutHint() const override;

private:
    void onReadyRead();
    void handle(const Reply &reply);

    QTcpSocket *m_socket = nullptr;
    QByteArray m_buffer;
    QStringList m_command;
    QList<QByteArray> m_expecting; // what each outstanding reply answers: "AUTH", "SELECT", "CMD"
    bool m_sentAuth = false;
    bool m_passwordWithheld = false;
};

} // namespace triage
