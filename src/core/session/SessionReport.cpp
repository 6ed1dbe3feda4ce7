#include "SessionReport.h"

#include "log/Logging.h"
#include "markdown/MarkdownEscape.h"
#include "secrets/SecretRedaction.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace triage {

namespace {

QString clean(const QString &text)
{
    return log::maskSecrets(SecretRedaction::redact(text));
}

// Text for a Markdown table cell or list line: one line, with the marks that make markup
// backslash-escaped, so that text from a guide, a server or a session file can never become a
// link, an image, emphasis or HTML in the ticket.
QString mdText(const QString &text)
{
    return markdown::escapedInline(clean(text));
}

// Inline code in a table cell: nothing breaks out of it.
QString code(const QString &text)
{
    return markdown::codeSpan(clean(text), true);
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QStringLiteral("-");
}

QString duration(double ms)
{
    return ms < 10 ? QStringLiteral("%1 ms").arg(ms, 0, 'f', 1) : QStringLiteral("%1 ms").arg(qRound(ms));
}

QString statusWord(CheckStatus status)
{
    return checkStatusName(status).toUpper();
}

// The node kind, as a word; a session file from elsewhere may say anything, so only the known
// kinds are shown as they are.
QString kindWord(const QString &kind)
{
    NodeKind known;
    if (!nodeKindFromName(kind, &known))
        return QStringLiteral("Step");
    const QString name = nodeKindName(known);
    return name.at(0).toUpper() + name.mid(1);
}

QString safeId(const QString &id)
{
    QString out;
    for (const QChar c : id) {
        if (c.isLetterOrNumber() || c == QLatin1Char('-'))
            out += c;
    }
    return out.left(64);
}

const SessionStep *stepOf(const Session &s, const QString &nodeId)
{
    for (const SessionStep &step : s.steps) {
        if (step.nodeId == nodeId)
            return &step;
    }
    return nullptr;
}

QString titleOf(const Session &s, const QString &nodeId)
{
    const SessionStep *step = stepOf(s, nodeId);
    return step ? step->title : nodeId;
}

QString verdictLine(const Session &s)
{
    switch (s.verdict) {
    case Session::Verdict::Resolved:
        return QStringLiteral("Resolved by \u201c%1\u201d").arg(clean(titleOf(s, s.verdictNode)));
    case Session::Verdict::Escalated:
        return s.verdictNode.isEmpty() ? QStringLiteral("Escalated: the guide had no solution that fixed it")
                                       : QStringLiteral("Escalated: no solution fixed it (the last tried was \u201c%1\u201d)")
                                             .arg(clean(titleOf(s, s.verdictNode)));
    case Session::Verdict::Open:
        break;
    }
    return QStringLiteral("Open: not resolved yet");
}

// Where the checks ran: the environments bound during the session's runs, production marked.
QString environmentLine(const Session &s, bool *production)
{
    *production = false;
    QStringList names;
    bool unbound = false;
    for (const SessionRun &r : s.runs) {
        if (r.environment.isEmpty()) {
            unbound = true;
            continue;
        }
        const QString name = r.production ? QStringLiteral("%1 (PRODUCTION)").arg(r.environment) : r.environment;
        *production = *production || r.production;
        if (!names.contains(name))
            names.append(name);
    }
    if (unbound)
        names.append(QStringLiteral("none (the hosts the guide names)"));
    return names.isEmpty() ? QStringLiteral("no check was run") : names.join(QStringLiteral(", "));
}

int failedRuns(const Session &s)
{
    int n = 0;
    for (const SessionRun &r : s.runs)
        n += r.result.passed() ? 0 : 1;
    return n;
}

QString stepOutcome(const SessionStep &step)
{
    QStringList parts;
    if (step.result) {
        const CheckResult &r = *step.result;
        parts.append(QStringLiteral("%1 %2 in %3: %4")
                         .arg(statusWord(r.status), checkOutcomeName(r.outcome) + (r.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.reason)),
                              duration(r.durationMs), clean(r.message)));
    }
    if (!step.answer.isEmpty())
        parts.append(step.kind == QLatin1String("solution") ? QStringLiteral("Did this fix it? %1").arg(step.answer == QLatin1String("fixed") ? QStringLiteral("Yes") : QStringLiteral("No"))
                                                            : QStringLiteral("Answer: %1").arg(step.answer));
    return parts.join(QStringLiteral("; "));
}

QString escape(const QString &text)
{
    return clean(text).toHtmlEscaped();
}

} // namespace

QString SessionReport::markdown(const Session &s)
{
    QString md;
    md += QStringLiteral("# Troubleshooting report: %1\n\n").arg(mdText(s.guideTitle));
    md += QStringLiteral("| | |\n|---|---|\n");
    md += QStringLiteral("| Verdict | **%1** |\n").arg(mdText(verdictLine(s)));
    md += QStringLiteral("| Guide | %1 (%2) |\n").arg(mdText(s.guideTitle), code(s.guidePath));
    bool production = false;
    const QString where = environmentLine(s, &production);
    md += QStringLiteral("| Checks ran against | %1 |\n").arg(production ? QStringLiteral("**%1**").arg(mdText(where)) : mdText(where));
    md += QStringLiteral("| Started | %1 |\n| Last step | %2 |\n").arg(when(s.started), when(s.updated));
    md += QStringLiteral("| Checks run | %1 (%2 not passed) |\n\n").arg(s.runs.size()).arg(failedRuns(s));

    if (!s.cameFrom.isEmpty())
        md += QStringLiteral("Came here from %1.\n\n").arg(mdText(s.cameFrom));
    md += QStringLiteral("## Path taken\n\n");
    const QList<SessionStep> path = s.path();
    for (int i = 0; i < path.size(); ++i) {
        const SessionStep &step = path.at(i);
        md += QStringLiteral("%1. **%2**: %3 (%4)").arg(i + 1).arg(kindWord(step.kind), mdText(step.title), code(step.location));
        if (i > 0 && !step.how.isEmpty() && step.how != QLatin1String("read on"))
            md += QStringLiteral(", reached by %1").arg(mdText(step.how));
        md += QLatin1Char('\n');
        if (const QString outcome = stepOutcome(step); !outcome.isEmpty())
            md += QStringLiteral("   - %1\n").arg(mdText(outcome));
        if (step.result && !step.check.isEmpty())
            md += QStringLiteral("   - Check: %1\n").arg(code(step.check));
    }
    if (!s.continuedIn.isEmpty())
        md += QStringLiteral("\nThen continued in %1.\n").arg(mdText(s.continuedIn));
    md += QLatin1Char('\n');

    md += QStringLiteral("## Checks\n\n");
    if (s.runs.isEmpty()) {
        md += QStringLiteral("No check was run.\n\n");
    } else {
        md += QStringLiteral("| # | Step | Check | Result | Time | Message |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < s.runs.size(); ++i) {
            const SessionRun &r = s.runs.at(i);
            md += QStringLiteral("| %1 | %2 | %3 | %4 %5 | %6 | %7 |\n")
                      .arg(i + 1)
                      .arg(mdText(r.title), code(r.check), statusWord(r.result.status),
                           mdText(checkOutcomeName(r.result.outcome) + (r.result.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.result.reason))),
                           duration(r.result.durationMs), mdText(r.result.message));
        }
        md += QLatin1Char('\n');
    }
    md += QStringLiteral("## Verdict\n\n%1.\n").arg(mdText(verdictLine(s)));
    md += QStringLiteral("\nTriage session %1\n").arg(safeId(s.id));
    return md;
}

QString SessionReport::html(const Session &s)
{
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Troubleshooting report: %1</title>\n")
             .arg(escape(s.guideTitle));
    h += QStringLiteral("<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}"
                        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #8884;padding:.3em .6em;text-align:left;vertical-align:top}"
                        "code{font-family:ui-monospace,monospace;font-size:.92em}.pass{color:#1b8a3a}.fail{color:#c62828}.error{color:#c26a00}"
                        ".skipped{color:#757575}.prod{color:#c62828;font-weight:bold}.verdict{font-size:1.15em;font-weight:bold}</style>\n</head>\n<body>\n");
    h += QStringLiteral("<h1>Troubleshooting report: %1</h1>\n").arg(escape(s.guideTitle));
    h += QStringLiteral("<p class=\"verdict\">%1</p>\n<table>\n").arg(escape(verdictLine(s)));
    h += QStringLiteral("<tr><th>Guide</th><td>%1 (<code>%2</code>)</td></tr>\n").arg(escape(s.guideTitle), escape(s.guidePath));
    bool production = false;
    const QString where = environmentLine(s, &production);
    h += QStringLiteral("<tr><th>Checks ran against</th><td%1>%2</td></tr>\n").arg(production ? QStringLiteral(" class=\"prod\"") : QString(), escape(where));
    h += QStringLiteral("<tr><th>Started</th><td>%1</td></tr>\n<tr><th>Last step</th><td>%2</td></tr>\n").arg(when(s.started), when(s.updated));
    h += QStringLiteral("<tr><th>Checks run</th><td>%1 (%2 not passed)</td></tr>\n</table>\n").arg(s.runs.size()).arg(failedRuns(s));
    h += QStringLiteral("<h2>Path taken</h2>\n<ol>\n");
    for (const SessionStep &step : s.path()) {
        h += QStringLiteral("<li><strong>%1</strong>: %2 (<code>%3</code>)").arg(escape(kindWord(step.kind)), escape(step.title), escape(step.location));
        if (const QString outcome = stepOutcome(step); !outcome.isEmpty()) {
            const QString cls = step.result ? checkStatusName(step.result->status) : QString();
            h += QStringLiteral("<br><span class=\"%1\">%2</span>").arg(cls, escape(outcome));
        }
        h += QStringLiteral("</li>\n");
    }
    h += QStringLiteral("</ol>\n");
    if (!s.cameFrom.isEmpty())
        h += QStringLiteral("<p>Came here from %1.</p>\n").arg(escape(s.cameFrom));
    if (!s.continuedIn.isEmpty())
        h += QStringLiteral("<p>Then continued in %1.</p>\n").arg(escape(s.continuedIn));
    h += QStringLiteral("<h2>Checks</h2>\n");
    if (s.runs.isEmpty()) {
        h += QStringLiteral("<p>No check was run.</p>\n");
    } else {
        h += QStringLiteral("<table>\n<tr><th>#</th><th>Step</th><th>Check</th><th>Result</th><th>Time</th><th>Message</th></tr>\n");
        for (int i = 0; i < s.runs.size(); ++i) {
            const SessionRun &r = s.runs.at(i);
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td><code>%3</code></td><td class=\"%4\">%5 %6</td><td>%7</td><td>%8</td></tr>\n")
                     .arg(i + 1)
                     .arg(escape(r.title), escape(r.check), checkStatusName(r.result.status), statusWord(r.result.status),
                          escape(checkOutcomeName(r.result.outcome) + (r.result.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.result.reason))),
                          duration(r.result.durationMs), escape(r.result.message));
        }
        h += QStringLiteral("</table>\n");
    }
    h += QStringLiteral("<h2>Verdict</h2>\n<p>%1.</p>\n<p><small>Triage session %2</small></p>\n</body>\n</html>\n").arg(escape(verdictLine(s)), escape(safeId(s.id)));
    return h;
}

QByteArray SessionReport::json(const Session &s)
{
    QJsonObject o = s.toJson();
    o.insert(QStringLiteral("summary"), QJsonObject{{QStringLiteral("verdict"), clean(verdictLine(s))},
                                                    {QStringLiteral("checks_run"), int(s.runs.size())},
                                                    {QStringLiteral("checks_not_passed"), failedRuns(s)}});
    // Masked once more as text: a secret registered after the session recorded it is caught.
    return log::maskSecrets(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented))).toUtf8();
}

QByteArray SessionReport::render(const Session &session, Format format)
{
    switch (format) {
    case Format::Markdown:
        return markdown(session).toUtf8();
    case Format::Html:
        return html(session).toUtf8();
    case Format::Json:
        return json(session);
    }
    return {};
}

bool SessionReport::formatFromName(const QString &name, Format *format)
{
    const QString n = name.contains(QLatin1Char('.')) ? QFileInfo(name).suffix().toLower() : name.toLower();
    if (n == QLatin1String("md") || n == QLatin1String("markdown"))
        *format = Format::Markdown;
    else if (n == QLatin1String("html") || n == QLatin1String("htm"))
        *format = Format::Html;
    else if (n == QLatin1String("json"))
        *format = Format::Json;
    else
        return false;
    return true;
}

QString SessionReport::extension(Format format)
{
    return format == Format::Markdown ? QStringLiteral("md") : format == Format::Html ? QStringLiteral("html") : QStringLiteral("json");
}

} // namespace triage
