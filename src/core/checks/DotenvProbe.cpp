#include "DotenvProbe.h"

#include "FileProbe.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace triage {

namespace {
constexpr qint64 kMaxDotenv = 1024 * 1024;
}

QString DotenvProbe::target() const
{
    return QStringLiteral("dotenv %1").arg(param(QStringLiteral("path")).isEmpty() ? QStringLiteral(".env") : param(QStringLiteral("path")));
}

DotenvProbe::Parsed DotenvProbe::parse(const QByteArray &text)
{
    Parsed parsed;
    static const QRegularExpression keyShape(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.]*$"));
    int lineNumber = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++lineNumber;
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            parsed.errorLine = lineNumber;
            parsed.error = QStringLiteral("expected KEY=value");
            return parsed;
        }
        const QString key = line.left(eq).trimmed();
        if (!keyShape.match(key).hasMatch()) {
            parsed.errorLine = lineNumber;
            parsed.error = QStringLiteral("`%1` is not a variable name").arg(key.left(40));
            return parsed;
        }
        QString value = line.mid(eq + 1).trimmed();
        if (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\''))) {
            const QChar quote = value.front();
            const qsizetype close = value.indexOf(quote, 1);
            if (close < 0) {
                parsed.errorLine = lineNumber;
                parsed.error = QStringLiteral("the value of %1 opens a %2 quote that this line does not close")
                                   .arg(key, quote == QLatin1Char('"') ? QStringLiteral("double") : QStringLiteral("single"));
                return parsed;
            }
            value = value.mid(1, close - 1);
        } else {
            const qsizetype comment = value.indexOf(QLatin1String(" #"));
            if (comment >= 0)
                value = value.left(comment).trimmed();
        }
        parsed.values.insert(key, value);
    }
    return parsed;
}

void DotenvProbe::run()
{
    const QString path = FileProbe::resolvePath(param(QStringLiteral("path")).isEmpty() ? QStringLiteral(".env") : param(QStringLiteral("path")),
                                                context().workingDirectory);
    QStringList keys;
    for (const QVariant &k : spec().params.value(QStringLiteral("keys")).toList())
        keys.append(k.toString());
    if (keys.isEmpty() && spec().params.value(QStringLiteral("keys")).typeId() == QMetaType::QString)
        keys = spec().param(QStringLiteral("keys")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    runInPool([path, keys]() -> Work {
        const QFileInfo info(path);
        CheckResult r;
        if (!info.exists()) {
            r = CheckResult::make(CheckOutcome::NotFound,
                                  QStringLiteral("%1 does not exist; create it (often by copying .env.example)").arg(path),
                                  QStringLiteral("missing"));
            r.values.insert(QStringLiteral("EXISTS"), false);
            return {r};
        }
        if (info.isDir()) {
            r = CheckResult::make(CheckOutcome::ConditionFalse,
                                  QStringLiteral("%1 is a folder, not a file (a Docker bind mount of a missing file makes one); "
                                                 "remove it and create the file")
                                      .arg(path),
                                  QStringLiteral("is_directory"));
            r.values.insert(QStringLiteral("EXISTS"), true);
            return {r};
        }
        if (!info.isFile()) {
            // A FIFO (some secret managers mount .env that way) or a device would block a read.
            r = CheckResult::make(CheckOutcome::ConditionFalse,
                                  QStringLiteral("%1 is not a regular file (a pipe, socket or device); Triage does not read it").arg(path),
                                  QStringLiteral("not_readable"));
            r.values.insert(QStringLiteral("EXISTS"), true);
            return {r};
        }
        QFile file(path);
        if (info.size() > kMaxDotenv || !file.open(QIODevice::ReadOnly)) {
            r = CheckResult::make(CheckOutcome::ConditionFalse,
                                  info.size() > kMaxDotenv ? QStringLiteral("%1 is larger than 1 MB; that is not a .env file").arg(path)
                                                           : QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                                  QStringLiteral("not_readable"));
            r.values.insert(QStringLiteral("EXISTS"), true);
            return {r};
        }
        const Parsed parsed = parse(file.read(kMaxDotenv));
        if (parsed.errorLine > 0) {
            r = CheckResult::make(CheckOutcome::ConditionFalse, QStringLiteral("%1:%2: %3").arg(path).arg(parsed.errorLine).arg(parsed.error),
                                  QStringLiteral("parse_error"));
            r.values.insert(QStringLiteral("EXISTS"), true);
            return {r};
        }
        QStringList missing;
        for (const QString &key : keys) {
            if (!parsed.values.contains(key) || parsed.values.value(key).isEmpty())
                missing.append(key);
        }
        QVariantMap values;
        for (auto it = parsed.values.cbegin(); it != parsed.values.cend(); ++it)
            values.insert(it.key(), it.value());
        r = missing.isEmpty()
                ? CheckResult::make(CheckOutcome::Ok, keys.isEmpty() ? QStringLiteral("%1 parses (%2 keys)").arg(path).arg(parsed.values.size())
                                                                     : QStringLiteral("%1 defines %2").arg(path, keys.join(QStringLiteral(", "))))
                : CheckResult::make(CheckOutcome::ConditionFalse,
                                    QStringLiteral("%1 does not define %2 (or leaves it empty)").arg(path, missing.join(QStringLiteral(", "))),
                                    QStringLiteral("missing_keys"));
        r.valuesAreSecret = true; // a .env file is where secrets live
        r.values.insert(QStringLiteral("EXISTS"), true);
        r.values.insert(QStringLiteral("KEYS"), QStringList(parsed.values.keys()));
        r.values.insert(QStringLiteral("VALUE"), values);
        r.metrics.insert(QStringLiteral("keys"), parsed.values.size());
        return {r};
    });
}

} // namespace triage
