#include "RedisProbe.h"

#include "TcpProbe.h"
#include "secrets/SecretRedaction.h"

namespace triage {

namespace {

constexpr qsizetype kMaxReply = 4 * 1024 * 1024;

QByteArray encode(const QStringList &words)
{
    QByteArray out = '*' + QByteArray::number(words.size()) + "\r\n";
    for (const QString &w : words) {
        const QByteArray bytes = w.toUtf8();
        out += '$' + QByteArray::number(bytes.size()) + "\r\n" + bytes + "\r\n";
    }
    return out;
}

QString replyText(const QByteArray &text)
{
    return QString::fromUtf8(text.left(300));
}

} // namespace

QString RedisProbe::target() const
{
    const QString host = param(QStringLiteral("host")).isEmpty() ? QStringLiteral("localhost") : param(QStringLiteral("host"));
    const QString port = param(QStringLiteral("port")).isEmpty() ? QStringLiteral("6379") : param(QStringLiteral("port"));
    return QStringLiteral("redis %1:%2").arg(host, port);
}

QString RedisProbe::timeoutHint() const
{
    return QStringLiteral("is it Redis on that port, and up? `redis-cli -h HOST -p PORT ping` tells");
}

bool RedisProbe::isAllowed(const QStringList &words)
{
    if (words.isEmpty())
        return false;
    static const QStringList single{
        QStringLiteral("PING"),  QStringLiteral("ECHO"),   QStringLiteral("INFO"),   QStringLiteral("GET"),
        QStringLiteral("EXISTS"), QStringLiteral("TTL"),   QStringLiteral("PTTL"),   QStringLiteral("TYPE"),
        QStringLiteral("STRLEN"), QStringLiteral("LLEN"),  QStringLiteral("SCARD"),  QStringLiteral("HLEN"),
        QStringLiteral("ZCARD"), QStringLiteral("XLEN"),   QStringLiteral("DBSIZE"), QStringLiteral("TIME"),
        QStringLiteral("LASTSAVE"), QStringLiteral("HGET"), QStringLiteral("HEXISTS"), QStringLiteral("SISMEMBER"),
    };
    const QString first = words.first().toUpper();
    if (single.contains(first))
        return true;
    // Two-word commands whose second word decides whether they only read.
    const QString second = words.size() > 1 ? words.at(1).toUpper() : QString();
    // CONFIG GET reads one setting; never a pattern or a credential (requirepass, masterauth, …).
    if (first == QLatin1String("CONFIG") && second == QLatin1String("GET") && words.size() == 3) {
        const QString setting = words.at(2);
        return !setting.contains(QLatin1Char('*')) && !setting.contains(QLatin1Char('?')) && !SecretRedaction::isCredentialName(setting)
               && !setting.contains(QLatin1String("pass"), Qt::CaseInsensitive) && !setting.contains(QLatin1String("user"), Qt::CaseInsensitive)
               && !setting.contains(QLatin1String("acl"), Qt::CaseInsensitive) && !setting.contains(QLatin1String("tls"), Qt::CaseInsensitive);
    }
    return (first == QLatin1String("MEMORY") && (second == QLatin1String("USAGE") || second == QLatin1String("STATS")))
           || (first == QLatin1String("SLOWLOG") && (second == QLatin1String("GET") || second == QLatin1String("LEN")))
           || (first == QLatin1String("LATENCY") && second == QLatin1String("LATEST"));
}

QVariantMap RedisProbe::parseInfo(const QByteArray &text)
{
    QVariantMap fields;
    const QByteArrayView all(text);
    qsizetype start = 0;
    while (start < all.size()) {
        qsizetype end = all.indexOf('\n', start);
        if (end < 0)
            end = all.size();
        QByteArrayView line = all.sliced(start, end - start);
        start = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.front() == '#')
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView value = line.sliced(colon + 1);
        bool ok = false;
        const double number = value.toDouble(&ok);
        fields.insert(QString::fromLatin1(line.first(colon)), ok ? QVariant(number) : QVariant(QString::fromUtf8(value)));
    }
    return fields;
}

RedisProbe::Parse RedisProbe::parseReply(const QByteArray &buffer, qsizetype *pos, Reply *reply, int depth)
{
    if (depth > 8)
        return Parse::Invalid;
    if (*pos >= buffer.size())
        return Parse::Incomplete;
    const qsizetype lineEnd = buffer.indexOf("\r\n", *pos);
    if (lineEnd < 0)
        return buffer.size() - *pos > 64 * 1024 ? Parse::Invalid : Parse::Incomplete;
    reply->type = buffer.at(*pos);
    const QByteArray head = buffer.mid(*pos + 1, lineEnd - *pos - 1);
    switch (reply->type) {
    case '+':
    case '-':
    case ':':
        reply->text = head;
        *pos = lineEnd + 2;
        return Parse::Complete;
    case '$': {
        bool ok = false;
        const qlonglong size = head.toLongLong(&ok);
        if (!ok || size < -1 || size > kMaxReply)
            return Parse::Invalid;
        if (size == -1) {
            reply->null = true;
            *pos = lineEnd + 2;
            return Parse::Complete;
        }
        if (buffer.size() < lineEnd + 2 + size + 2)
            return Parse::Incomplete;
        reply->text = buffer.mid(lineEnd + 2, size);
        *pos = lineEnd + 2 + size + 2;
        return Parse::Complete;
    }
    case '*': {
        bool ok = false;
        const qlonglong count = head.toLongLong(&ok);
        if (!ok || count < -1 || count > 100000)
            return Parse::Invalid;
        qsizetype p = lineEnd + 2;
        if (count == -1) {
            reply->null = true;
            *pos = p;
            return Parse::Complete;
        }
        for (qlonglong i = 0; i < count; ++i) {
            Reply item;
            const Parse r = parseReply(buffer, &p, &item, depth + 1);
            if (r != Parse::Complete)
                return r;
            reply->items.append(item);
        }
        *pos = p;
        return Parse::Complete;
    }
    default:
        return Parse::Invalid;
    }
}

void RedisProbe::run()
{
    const QString host = param(QStringLiteral("host")).isEmpty() ? QStringLiteral("localhost") : param(QStringLiteral("host"));
    const int port = intParam(QStringLiteral("port"), 6379);
    const QString command = param(QStringLiteral("command")).trimmed();
    m_command = command.isEmpty() ? QStringList{QStringLiteral("PING")} : command.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString section = param(QStringLiteral("section")).trimmed();
    if (!section.isEmpty() && (command.isEmpty() || m_command.first().toUpper() == QLatin1String("INFO")))
        m_command = {QStringLiteral("INFO"), section};
    if (!isAllowed(m_command)) {
        finish(CheckResult::make(CheckOutcome::RefusedUnsafe,
                                 QStringLiteral("%1: `%2` is not sent: Triage only sends read-only commands (PING, INFO, GET, "
                                                "EXISTS, TTL, DBSIZE, …). Run it yourself if you mean it")
                                     .arg(target(), m_command.join(QLatin1Char(' '))),
                                 QStringLiteral("not_allowed")));
        return;
    }
    if (port < 1 || port > 65535) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("redis `port:` must be 1-65535")));
        return;
    }
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        QByteArray out;
        // The password goes only to this machine or a host the user chose; a guide that names
        // another host gets none.
        const QString host = m_socket->peerName();
        const QString password = context().secretFor(QStringLiteral("redis"), QStringLiteral("password"), host, &m_passwordWithheld);
        if (!password.isEmpty()) {
            const QString user = context().secretFor(QStringLiteral("redis"), QStringLiteral("user"), host);
            out += encode(user.isEmpty() ? QStringList{QStringLiteral("AUTH"), password}
                                         : QStringList{QStringLiteral("AUTH"), user, password});
            m_expecting.append("AUTH");
            m_sentAuth = true;
        }
        const int db = intParam(QStringLiteral("db"), 0);
        if (db > 0) {
            out += encode({QStringLiteral("SELECT"), QString::number(db)});
            m_expecting.append("SELECT");
        }
        out += encode(m_command);
        m_expecting.append("CMD");
        m_socket->write(out);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &RedisProbe::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (!isFinished())
            finish(TcpProbe::socketFailure(error, target(), m_socket->errorString()));
    });
    m_socket->connectToHost(host, quint16(port));
}

void RedisProbe::onReadyRead()
{
    m_buffer += m_socket->readAll();
    if (m_buffer.size() > kMaxReply + 1024) {
        abort();
        finish(CheckResult::make(CheckOutcome::ProtocolError,
                                 QStringLiteral("%1: the reply is larger than %2 MB; Triage stops there").arg(target()).arg(kMaxReply >> 20),
                                 QStringLiteral("too_large")));
        return;
    }
    while (!isFinished() && !m_expecting.isEmpty()) {
        qsizetype pos = 0;
        Reply reply;
        const Parse result = parseReply(m_buffer, &pos, &reply);
        if (result == Parse::Incomplete)
            return;
        if (result == Parse::Invalid) {
            abort();
            finish(CheckResult::make(CheckOutcome::ProtocolError,
                                     QStringLiteral("%1: the answer is not Redis protocol; is this port another service?").arg(target()),
                                     QStringLiteral("not_resp")));
            return;
        }
        m_buffer.remove(0, pos);
        handle(reply);
    }
}

void RedisProbe::handle(const Reply &reply)
{
    const QByteArray what = m_expecting.takeFirst();
    if (reply.type == '-') {
        const QString error = replyText(reply.text);
        const QString code = error.section(QLatin1Char(' '), 0, 0);
        abort();
        if (code == QLatin1String("NOAUTH")) {
            finish(CheckResult::make(CheckOutcome::AuthFailed,
                                     m_passwordWithheld
                                         ? QStringLiteral("%1 wants a password (NOAUTH); one is bound, but Triage sends credentials only "
                                                          "to this machine or to hosts you chose (--set redis.host=…, TRIAGE_SECRET_HOSTS)")
                                               .arg(target())
                                         : QStringLiteral("%1 wants a password (NOAUTH). Bind one to this check "
                                                          "(TRIAGE_SECRET_REDIS_PASSWORD for `triage check`)")
                                               .arg(target()),
                                     code));
        } else if (code == QLatin1String("WRONGPASS") || (what == "AUTH")) {
            finish(CheckResult::make(CheckOutcome::AuthFailed,
                                     QStringLiteral("%1 refused the password: %2. Check the password bound to this check%3")
                                         .arg(target(), error,
                                              m_sentAuth && error.contains(QLatin1String("without any password"))
                                                  ? QStringLiteral(" (this server has no password; remove it)")
                                                  : QString()),
                                     code));
        } else {
            finish(CheckResult::make(CheckOutcome::ProtocolError,
                                     QStringLiteral("%1: `%2` failed: %3").arg(target(), m_command.join(QLatin1Char(' ')), error), code));
        }
        return;
    }
    if (what != "CMD")
        return;
    abort();
    CheckResult r = CheckResult::make(CheckOutcome::Ok, QString());
    const double ms = elapsedMs();
    r.values.insert(QStringLiteral("CONNECTED"), true);
    r.values.insert(QStringLiteral("RESPONSE_TIME"), ms);
    r.metrics.insert(QStringLiteral("latency_ms"), ms);
    QByteArray value = reply.type == '*' ? QByteArray() : reply.text;
    if (reply.type == '*') {
        QByteArrayList parts;
        for (const Reply &item : reply.items)
            parts.append(item.text);
        value = parts.join('\n');
    }
    const QString filter = param(QStringLiteral("filter"));
    if (m_command.first().toUpper() == QLatin1String("INFO")) {
        // The figures Triage shows are read straight from the text; the whole INFO map is built
        // only when a condition asks for [INFO].field.
        auto field = [&value](const char *name, double *out) {
            const QByteArray key = QByteArray("\n") + name + ':';
            const qsizetype at = value.indexOf(key);
            if (at < 0)
                return false;
            const qsizetype start = at + key.size();
            qsizetype end = start;
            while (end < value.size() && value.at(end) != '\r' && value.at(end) != '\n')
                ++end;
            bool ok = false;
            *out = QByteArrayView(value).sliced(start, end - start).toDouble(&ok);
            return ok;
        };
        double hits = 0;
        double misses = 0;
        if (field("keyspace_hits", &hits) && field("keyspace_misses", &misses))
            r.metrics.insert(QStringLiteral("hit_rate"), hits + misses > 0 ? hits / (hits + misses) : 1.0);
        for (const char *name : {"used_memory", "maxmemory", "connected_clients", "instantaneous_ops_per_sec", "evicted_keys",
                                 "mem_fragmentation_ratio", "blocked_clients", "total_commands_processed", "keyspace_hits",
                                 "keyspace_misses"}) {
            double number = 0;
            if (field(name, &number))
                r.metrics.insert(QLatin1String(name), number);
        }
        if (spec().expect.join(QLatin1Char(' ')).contains(QLatin1String("[INFO]")))
            r.values.insert(QStringLiteral("INFO"), parseInfo(value));
        if (!filter.isEmpty()) {
            QByteArrayList kept;
            for (const QByteArray &line : value.split('\n')) {
                if (line.contains(filter.toUtf8()))
                    kept.append(line.trimmed());
            }
            value = kept.join('\n');
        }
    }
    r.values.insert(QStringLiteral("VALUE"), reply.null ? QVariant() : QVariant(QString::fromUtf8(value)));
    r.message = reply.null ? QStringLiteral("%1: `%2` answered nil").arg(target(), m_command.join(QLatin1Char(' ')))
                           : QStringLiteral("%1: `%2` answered in %3 ms").arg(target(), m_command.join(QLatin1Char(' '))).arg(qRound(ms));
    finishAnswered(r);
}

void RedisProbe::abort()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

} // namespace triage
