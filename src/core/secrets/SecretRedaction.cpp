#include "SecretRedaction.h"

#include <QRegularExpression>

namespace triage {

namespace {

using Option = QRegularExpression::PatternOption;

// Cheap test first: most text names no credential at all.
const QRegularExpression &trigger()
{
    static const QRegularExpression re(QStringLiteral(
                                           "://[^/\\s:@]+:[^@\\s/]+@|(?:^|\\s)-[aub]\\s|--(?:pass|user|http-|proxy-|oauth2|cookie|token|api)"
                                           "|authoriz|cookie|token|secret|passw|passwd|_pass|api_?key|_key|[?&](?:key|sig)|eyJ|_auth"
                                           "|-H|--header"),
                                       Option::CaseInsensitiveOption);
    return re;
}

struct Rule {
    QRegularExpression pattern;
    // Capture groups: 1 = kept prefix, 2 = the secret, 3 (optional) = kept suffix.
};

const QList<Rule> &rules()
{
    static const QList<Rule> list = [] {
        const QString value = QStringLiteral("(\"[^\"]*\"|'[^']*'|[^\\s\"']+)");
        QList<Rule> r;
        // scheme://user:password@host
        r.append({QRegularExpression(QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@\"']+:)([^@\\s/\"']+)(@)"))});
        // Authorization: Bearer xxx, Authorization: Basic xxx, Cookie: a=b, X-Api-Key: xxx
        r.append({QRegularExpression(QStringLiteral(
                                         "((?:proxy-)?authorization\\s*:\\s*(?:bearer|basic|token|digest)?\\s*)([^\"'\\r\\n]+?)(\\s*[\"']|\\s*$)"),
                                     Option::CaseInsensitiveOption | Option::MultilineOption)});
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'=])(?:set-)?cookie\\s*:\\s*)([^\"'\\r\\n]+?)(\\s*[\"']|\\s*$)"),
                                     Option::CaseInsensitiveOption | Option::MultilineOption)});
        r.append({QRegularExpression(QStringLiteral(
                                         "((?:^|[\\s\"'=])(?!(?:proxy-)?authorization\\b)[A-Za-z0-9-]*(?:key|token|secret|password|auth)[A-Za-z0-9-]*\\s*:\\s*)([^\"'\\s][^\"'\\r\\n]*?)(\\s*[\"']|\\s*$)"),
                                     Option::CaseInsensitiveOption | Option::MultilineOption)});
        // NAME_PASSWORD=…, export API_TOKEN=…, REDISCLI_AUTH=…
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s;])(?:export\\s+)?[A-Za-z_][A-Za-z0-9_]*(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|AUTH|"
                                                    "API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY)[A-Za-z0-9_]*\\s*=\\s*)")
                                         + value,
                                     Option::CaseInsensitiveOption)});
        // Options that take a secret.
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)(?:-a|--pass|--password|--http-password|--proxy-password|--oauth2-bearer|"
                                                    "--token|--api-key|--cookie)(?:\\s+|=))")
                                     + value)});
        // curl -b takes a cookie; other tools use -b for other things (kcat's broker).
        r.append({QRegularExpression(QStringLiteral("(\\bcurl\\b[^\\n]*?\\s-b\\s+)") + value)});
        // curl -u user:password, --user user:password, --proxy-user user:password
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)(?:-u|--user|--proxy-user)(?:\\s+|=)[\"']?[^\\s:\"'/]+:)([^\\s\"'@]+)"))});
        // libpq connection strings: password=secret
        r.append({QRegularExpression(QStringLiteral("(\\bpassword\\s*=\\s*)") + value, Option::CaseInsensitiveOption)});
        // ?api_key=…&token=…
        r.append({QRegularExpression(QStringLiteral("([?&](?:api_?key|apikey|key|token|access_token|auth|password|secret|sig|signature)=)([^&\\s\"'#]+)"),
                                     Option::CaseInsensitiveOption)});
        // A bare JWT: header.payload.signature, the header always starting with eyJ.
        r.append({QRegularExpression(QStringLiteral("()(eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*)"))});
        return r;
    }();
    return list;
}

bool isMask(QStringView value)
{
    QStringView v = value;
    if (v.size() >= 2 && (v.front() == QLatin1Char('"') || v.front() == QLatin1Char('\'')))
        v = v.mid(1, v.size() - 2);
    // Already masked ("****", "Bearer ****"), a variable ($TOKEN) or a placeholder (<token>,
    // YOUR_KEY, your-token).
    return v.endsWith(SecretRedaction::mask()) || v.contains(QLatin1Char('$')) || v.startsWith(QLatin1Char('<'))
           || v.startsWith(QLatin1String("your"), Qt::CaseInsensitive);
}

} // namespace

bool SecretRedaction::isCredentialName(QStringView name)
{
    for (const char *word : {"authorization", "cookie", "key", "token", "secret", "password", "passwd", "auth"}) {
        if (name.contains(QLatin1StringView(word), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString SecretRedaction::redact(QStringView text)
{
    QString result = text.toString();
    if (text.isEmpty() || !trigger().match(result).hasMatch())
        return result;
    for (const Rule &rule : rules()) {
        QString out;
        qsizetype copied = 0;
        QRegularExpressionMatchIterator it = rule.pattern.globalMatch(result);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            // A variable ($TOKEN), a placeholder (<token>) or an earlier mask is not a secret.
            if (m.captured(2).trimmed().isEmpty() || isMask(m.capturedView(2)))
                continue;
            const QStringView secret = m.capturedView(2);
            const bool quoted = secret.size() >= 2 && (secret.front() == QLatin1Char('"') || secret.front() == QLatin1Char('\''))
                                && secret.back() == secret.front();
            out.append(QStringView(result).mid(copied, m.capturedStart(2) - copied));
            out.append(quoted ? secret.front() + mask() + secret.back() : mask());
            copied = m.capturedEnd(2);
        }
        if (copied > 0) {
            out.append(QStringView(result).mid(copied));
            result = std::move(out);
        }
    }
    return result;
}

} // namespace triage
