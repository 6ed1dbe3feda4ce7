#include "PortProbe.h"

#include <QDir>
#include <QFile>
#include <QSet>

namespace triage {

namespace {

// Socket inodes of the LISTEN sockets on `port` in one /proc/net table.
QSet<QByteArray> listeningInodes(const QString &table, int port)
{
    QSet<QByteArray> inodes;
    QFile file(table);
    if (!file.open(QIODevice::ReadOnly))
        return inodes;
    const QByteArray portHex = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    file.readLine(); // header
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().simplified().split(' ');
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if (fields.size() < 10)
            continue;
        const QByteArray local = fields.at(1);
        if (fields.at(3) != "0A" || !local.endsWith(QByteArray(':' + portHex)))
            continue;
        inodes.insert(fields.at(9));
    }
    return inodes;
}

} // namespace

QString PortProbe::target() const
{
    return QStringLiteral("port %1").arg(param(QStringLiteral("port")));
}

PortProbe::Listener PortProbe::findListener(int port)
{
    Listener listener;
    QSet<QByteArray> inodes = listeningInodes(QStringLiteral("/proc/net/tcp"), port);
    inodes.unite(listeningInodes(QStringLiteral("/proc/net/tcp6"), port));
    if (inodes.isEmpty())
        return listener;
    listener.inUse = true;
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 id = pid.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QDir fds(proc.filePath(pid + QStringLiteral("/fd")));
        for (const QString &fd : fds.entryList(QDir::System | QDir::NoDotAndDotDot)) {
            const QString link = QFile::symLinkTarget(fds.filePath(fd));
            if (!link.startsWith(QLatin1String("/proc/")) && !link.contains(QLatin1String("socket:[")))
                continue;
            const qsizetype open = link.indexOf(QLatin1String("socket:["));
            if (open < 0)
                continue;
            const QByteArray inode = link.mid(open + 8).chopped(1).toLatin1();
            if (inodes.contains(inode)) {
                listener.pid = id;
                QFile comm(proc.filePath(pid + QStringLiteral("/comm")));
                if (comm.open(QIODevice::ReadOnly))
                    listener.process = QString::fromUtf8(comm.readAll()).trimmed();
                return listener;
            }
        }
    }
    return listener;
}

void PortProbe::run()
{
    bool ok = false;
    const int port = param(QStringLiteral("port")).toInt(&ok);
    if (!ok || port < 1 || port > 65535) {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("port check needs a `port:` between 1 and 65535")));
        return;
    }
    runInPool([port]() -> Work {
        const Listener l = findListener(port);
        CheckResult r;
        if (!l.inUse) {
            r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("port %1 is free").arg(port), QStringLiteral("free"));
        } else {
            const QString who = l.pid > 0 ? QStringLiteral("%1 (pid %2)").arg(l.process.isEmpty() ? QStringLiteral("a process") : l.process).arg(l.pid)
                                          : QStringLiteral("a process this user cannot see (try `sudo ss -ltnp 'sport = :%1'`)").arg(port);
            r = CheckResult::make(CheckOutcome::ConditionFalse, QStringLiteral("port %1 is in use by %2").arg(port).arg(who),
                                  QStringLiteral("in_use"));
        }
        r.values.insert(QStringLiteral("IN_USE"), l.inUse);
        r.values.insert(QStringLiteral("PID"), l.pid);
        r.values.insert(QStringLiteral("PROCESS"), l.process);
        if (l.pid > 0)
            r.metrics.insert(QStringLiteral("pid"), l.pid);
        return {r};
    });
}

} // namespace triage
