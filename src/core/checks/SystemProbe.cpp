#include "SystemProbe.h"

#include "FileProbe.h"

#include <QFile>
#include <QStorageInfo>
#include <QThread>

namespace triage {

namespace {

bool cpuTimes(qint64 *busy, qint64 *total)
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> f = stat.readLine().simplified().split(' ');
    if (f.size() < 8 || f.first() != "cpu")
        return false;
    qint64 sum = 0;
    for (int i = 1; i < f.size(); ++i)
        sum += f.at(i).toLongLong();
    const qint64 idle = f.at(4).toLongLong() + f.at(5).toLongLong(); // idle + iowait
    *total = sum;
    *busy = sum - idle;
    return true;
}

} // namespace

QString SystemProbe::target() const
{
    return QStringLiteral("system %1").arg(param(QStringLiteral("resource")));
}

void SystemProbe::run()
{
    const QString resource = param(QStringLiteral("resource")).toLower();
    const QString path = FileProbe::resolvePath(param(QStringLiteral("path")).isEmpty() ? QStringLiteral("/") : param(QStringLiteral("path")),
                                                context().workingDirectory);
    const QString name = target();
    runInPool([resource, path, name]() -> Work {
        double value = -1;
        QString detail;
        if (resource == QLatin1String("cpu")) {
            qint64 b1 = 0, t1 = 0, b2 = 0, t2 = 0;
            if (cpuTimes(&b1, &t1)) {
                QThread::msleep(200);
                if (cpuTimes(&b2, &t2) && t2 > t1)
                    value = double(b2 - b1) / double(t2 - t1);
            }
            detail = QStringLiteral("CPU busy");
        } else if (resource == QLatin1String("memory")) {
            QFile meminfo(QStringLiteral("/proc/meminfo"));
            qint64 total = 0, available = 0;
            if (meminfo.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : meminfo.readAll().split('\n')) {
                    const QList<QByteArray> f = line.simplified().split(' ');
                    if (f.size() >= 2 && f.first() == "MemTotal:")
                        total = f.at(1).toLongLong();
                    else if (f.size() >= 2 && f.first() == "MemAvailable:")
                        available = f.at(1).toLongLong();
                }
            }
            if (total > 0)
                value = 1.0 - double(available) / double(total);
            detail = QStringLiteral("memory in use (%1 MB available)").arg(available / 1024);
        } else if (resource == QLatin1String("load")) {
            QFile load(QStringLiteral("/proc/loadavg"));
            if (load.open(QIODevice::ReadOnly))
                value = load.readAll().split(' ').value(0).toDouble() / std::max(1, QThread::idealThreadCount());
            detail = QStringLiteral("1-minute load per core");
        } else if (resource == QLatin1String("disk")) {
            const QStorageInfo storage(path);
            if (storage.isValid() && storage.bytesTotal() > 0)
                value = 1.0 - double(storage.bytesAvailable()) / double(storage.bytesTotal());
            detail = QStringLiteral("disk used on %1 (%2 GB free)").arg(storage.rootPath()).arg(storage.bytesAvailable() / 1e9, 0, 'f', 1);
        } else {
            return {CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("system `resource:` is cpu, memory, load or disk")), false};
        }
        if (value < 0)
            return {CheckResult::make(CheckOutcome::NotFound, QStringLiteral("%1: this system does not say (no /proc?)").arg(name)), false};
        CheckResult r = CheckResult::make(CheckOutcome::Ok, QStringLiteral("%1: %2 % %3").arg(name).arg(value * 100, 0, 'f', 1).arg(detail));
        r.values.insert(QStringLiteral("VALUE"), value);
        r.values.insert(resource.toUpper(), value);
        r.metrics.insert(resource, value);
        return {r};
    });
}

} // namespace triage
