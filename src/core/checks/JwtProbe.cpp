#include "JwtProbe.h"

#include "FileProbe.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace triage {

QString JwtProbe::target() const
{
    return QStringLiteral("jwt %1").arg(param(QStringLiteral("source")));
}

QVariantMap JwtProbe::decodeClaims(const QString &token, QString *error)
{
    const QStringList parts = token.trimmed().split(QLatin1Char('.'));
    if (parts.size() != 3) {
        *error = QStringLiteral("a JWT has three dot-separated parts; this has %1").arg(parts.size());
        return {};
    }
    for (int i = 0; i < 2; ++i) {
        const auto decoded = QByteArray::fromBase64Encoding(parts.at(i).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals
                                                                                     | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = i == 0 ? QStringLiteral("the header is not base64url") : QStringLiteral("the payload is not base64url");
            return {};
        }
        QJsonParseError parse{};
        const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &parse);
        if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = i == 0 ? QStringLiteral("the header is not a JSON object") : QStringLiteral("the payload is not a JSON object");
            return {};
        }
        if (i == 1)
            return doc.object().toVariantMap();
    }
    return {};
}

void JwtProbe::run()
{
    const QString source = param(QStringLiteral("source"));
    const QString kind = source.section(QLatin1Char(':'), 0, 0);
    const QString name = source.section(QLatin1Char(':'), 1);
    const Settings settings{target(), intParam(QStringLiteral("leeway"), 60), param(QStringLiteral("audience")), param(QStringLiteral("scope"))};
    if (kind == QLatin1String("env")) {
        finishWork(judge(qEnvironmentVariable(name.toLatin1().constData()), settings));
    } else if (kind == QLatin1String("secret")) {
        finishWork(judge(context().secretFor(QStringLiteral("jwt"), name), settings));
    } else if (kind == QLatin1String("file")) {
        // Read on the pool, and only a regular file: a FIFO or a device would block.
        const QString path = FileProbe::resolvePath(name, context().workingDirectory);
        runInPool([path, settings]() -> Work {
            const QFileInfo info(path);
            QString token;
            if (info.isFile() && info.size() < 64 * 1024) {
                QFile file(path);
                if (file.open(QIODevice::ReadOnly))
                    token = QString::fromUtf8(file.read(64 * 1024)).trimmed();
            }
            return judge(token, settings);
        });
    } else {
        finish(CheckResult::make(CheckOutcome::InvalidSpec, QStringLiteral("jwt `source:` must be env:NAME, secret:KEY or file:PATH")));
    }
}

void JwtProbe::finishWork(Work work)
{
    if (work.answered)
        finishAnswered(std::move(work.result));
    else
        finish(std::move(work.result));
}

CheckProbe::Work JwtProbe::judge(QString token, const Settings &settings)
{
    if (token.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        token = token.mid(7).trimmed();
    if (token.isEmpty()) {
        return {CheckResult::make(CheckOutcome::NotFound, QStringLiteral("%1: no token there").arg(settings.target), QStringLiteral("no_token")), false};
    }
    QString error;
    const QVariantMap claims = decodeClaims(token, &error);
    token.fill(QLatin1Char('\0'));
    if (claims.isEmpty()) {
        return {CheckResult::make(CheckOutcome::ConditionFalse, QStringLiteral("%1: not a JWT: %2").arg(settings.target, error),
                                  QStringLiteral("malformed"))};
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 leeway = settings.leeway;
    CheckResult r = CheckResult::make(CheckOutcome::Ok, QString());
    QVariantMap shown = claims;
    r.values.insert(QStringLiteral("CLAIMS"), shown);
    QString problem;
    QString reason;
    if (claims.contains(QStringLiteral("exp"))) {
        const qint64 exp = claims.value(QStringLiteral("exp")).toLongLong();
        r.values.insert(QStringLiteral("EXPIRES_IN"), exp - now);
        r.metrics.insert(QStringLiteral("expires_in_s"), exp - now);
        if (exp + leeway < now) {
            problem = QStringLiteral("expired %1 ago (at %2 UTC); get a new token or check the clock")
                          .arg(QStringLiteral("%1 s").arg(now - exp), QDateTime::fromSecsSinceEpoch(exp, Qt::UTC).toString(Qt::ISODate));
            reason = QStringLiteral("expired");
        }
    }
    if (problem.isEmpty() && claims.contains(QStringLiteral("nbf"))) {
        const qint64 nbf = claims.value(QStringLiteral("nbf")).toLongLong();
        if (nbf - leeway > now) {
            problem = QStringLiteral("not valid for another %1 s; is this machine's clock behind?").arg(nbf - now);
            reason = QStringLiteral("not_yet_valid");
        }
    }
    const QString audience = settings.audience;
    if (problem.isEmpty() && !audience.isEmpty()) {
        const QVariant aud = claims.value(QStringLiteral("aud"));
        const QStringList audiences = aud.typeId() == QMetaType::QVariantList ? aud.toStringList() : QStringList{aud.toString()};
        if (!audiences.contains(audience)) {
            problem = QStringLiteral("its audience is %1, not %2").arg(audiences.join(QStringLiteral(", ")), audience);
            reason = QStringLiteral("bad_audience");
        }
    }
    const QString scope = settings.scope;
    if (problem.isEmpty() && !scope.isEmpty()) {
        QStringList scopes = claims.value(QStringLiteral("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        scopes += claims.value(QStringLiteral("scp")).toStringList();
        if (!scopes.contains(scope)) {
            problem = QStringLiteral("it does not carry the scope `%1` (it has: %2)").arg(scope, scopes.join(QLatin1Char(' ')));
            reason = QStringLiteral("missing_scope");
        }
    }
    if (!problem.isEmpty()) {
        r.outcome = CheckOutcome::ConditionFalse;
        r.status = statusForOutcome(r.outcome);
        r.reason = reason;
        r.message = QStringLiteral("%1: the token %2").arg(settings.target, problem);
    } else {
        r.message = QStringLiteral("%1: valid%2").arg(settings.target, r.values.contains(QStringLiteral("EXPIRES_IN"))
                                                                    ? QStringLiteral(" for another %1 s").arg(r.values.value(QStringLiteral("EXPIRES_IN")).toLongLong())
                                                                    : QString());
    }
    return {r};
}

} // namespace triage
