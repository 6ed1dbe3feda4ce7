#include "Session.h"

#include "log/Logging.h"
#include "secrets/SecretRedaction.h"

#include <QJsonArray>
#include <QUuid>

#include <cmath>

namespace triage {

namespace {

QString masked(const QString &text)
{
    return log::maskSecrets(SecretRedaction::redact(text));
}

CheckResult maskedResult(CheckResult r)
{
    r.message = masked(r.message);
    r.target = masked(r.target);
    if (r.valuesAreSecret)
        r.values.clear();
    return r;
}

QJsonObject resultJson(const CheckResult &r)
{
    return maskedResult(r).toJson();
}

std::optional<CheckResult> resultFromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    CheckResult r;
    const QString status = o.value(QStringLiteral("status")).toString();
    r.status = status == QLatin1String("pass")   ? CheckStatus::Pass
               : status == QLatin1String("fail") ? CheckStatus::Fail
               : status == QLatin1String("skipped") ? CheckStatus::Skipped
                                                    : CheckStatus::Error;
    CheckOutcome outcome = CheckOutcome::InvalidSpec;
    checkOutcomeFromName(o.value(QStringLiteral("outcome")).toString(), &outcome);
    r.outcome = outcome;
    r.reason = o.value(QStringLiteral("reason")).toString();
    r.message = o.value(QStringLiteral("message")).toString();
    r.target = o.value(QStringLiteral("target")).toString();
    // A saved file is outside input: a duration no check can have (checks stop within 10 min)
    // is read as unknown, not carried into the report's arithmetic. (FuzzSession found 1e77.)
    const double ms = o.value(QStringLiteral("duration_ms")).toDouble();
    r.durationMs = std::isfinite(ms) && ms >= 0 && ms <= 24 * 3600 * 1000.0 ? ms : 0;
    r.metrics = o.value(QStringLiteral("metrics")).toObject().toVariantMap();
    return r;
}

QString stamp(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromStamp(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

SessionStep stepFor(const Guide &guide, const GuideNode &node, const QString &how)
{
    SessionStep s;
    s.nodeId = node.id;
    s.title = node.kind == NodeKind::Root ? guide.title : node.title;
    s.kind = nodeKindName(node.kind);
    s.location = node.location.toString();
    s.at = QDateTime::currentDateTimeUtc();
    s.how = how;
    return s;
}

} // namespace

QString Session::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Open:
        return QStringLiteral("open");
    case Verdict::Resolved:
        return QStringLiteral("resolved");
    case Verdict::Escalated:
        return QStringLiteral("escalated");
    }
    return {};
}

Session Session::begin(const Guide &guide, const QString &nodeId)
{
    Session s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.guidePath = guide.path;
    s.guideId = guide.id;
    s.guideTitle = guide.title;
    s.started = QDateTime::currentDateTimeUtc();
    s.updated = s.started;
    const GuideNode *node = guide.node(nodeId);
    if (!node)
        node = &guide.root();
    s.steps.append(stepFor(guide, *node, QStringLiteral("start")));
    s.current = 0;
    return s;
}

bool Session::go(const Guide &guide, const QString &nodeId, const QString &how)
{
    const GuideNode *node = guide.node(nodeId);
    if (!node)
        return false;
    if (const SessionStep *here = currentStep(); here && here->nodeId == nodeId)
        return false;
    steps.resize(current + 1);
    steps.append(stepFor(guide, *node, how));
    current = int(steps.size()) - 1;
    updated = QDateTime::currentDateTimeUtc();
    return true;
}

bool Session::back()
{
    if (!canGoBack())
        return false;
    --current;
    updated = QDateTime::currentDateTimeUtc();
    return true;
}

bool Session::forward()
{
    if (!canGoForward())
        return false;
    ++current;
    updated = QDateTime::currentDateTimeUtc();
    return true;
}

void Session::recordResult(const QString &nodeId, const CheckSpec &spec, const CheckResult &result, const QString &next)
{
    const CheckResult safe = maskedResult(result);
    const QString check = masked(spec.source.isEmpty() ? spec.summary() : spec.source);
    if (current >= 0 && current < steps.size() && steps[current].nodeId == nodeId) {
        steps[current].result = safe;
        steps[current].check = check;
    }
    const SessionStep *here = currentStep();
    runs.append({nodeId, here && here->nodeId == nodeId ? here->title : nodeId, check, safe, QDateTime::currentDateTimeUtc(), next, environment,
                 production});
    updated = QDateTime::currentDateTimeUtc();
}

void Session::recordAnswer(const QString &answer)
{
    if (current >= 0 && current < steps.size())
        steps[current].answer = masked(answer);
    updated = QDateTime::currentDateTimeUtc();
}

void Session::resolve(const QString &solutionId)
{
    verdict = Verdict::Resolved;
    verdictNode = solutionId;
    updated = QDateTime::currentDateTimeUtc();
}

void Session::escalate(const QString &lastSolutionId)
{
    verdict = Verdict::Escalated;
    verdictNode = lastSolutionId;
    updated = QDateTime::currentDateTimeUtc();
}

void Session::reopen()
{
    verdict = Verdict::Open;
    verdictNode.clear();
    updated = QDateTime::currentDateTimeUtc();
}

QJsonObject Session::toJson() const
{
    QJsonArray stepArray;
    for (const SessionStep &s : steps) {
        QJsonObject o{{QStringLiteral("node"), s.nodeId},
                      {QStringLiteral("title"), masked(s.title)},
                      {QStringLiteral("kind"), s.kind},
                      {QStringLiteral("location"), s.location},
                      {QStringLiteral("at"), stamp(s.at)},
                      {QStringLiteral("how"), masked(s.how)}};
        if (!s.answer.isEmpty())
            o.insert(QStringLiteral("answer"), masked(s.answer));
        if (s.result) {
            o.insert(QStringLiteral("check"), s.check);
            o.insert(QStringLiteral("result"), resultJson(*s.result));
        }
        stepArray.append(o);
    }
    QJsonArray runArray;
    for (const SessionRun &r : runs) {
        QJsonObject o{{QStringLiteral("node"), r.nodeId},
                      {QStringLiteral("title"), masked(r.title)},
                      {QStringLiteral("check"), r.check},
                      {QStringLiteral("at"), stamp(r.at)},
                      {QStringLiteral("result"), resultJson(r.result)}};
        if (!r.next.isEmpty())
            o.insert(QStringLiteral("next"), r.next);
        if (!r.environment.isEmpty())
            o.insert(QStringLiteral("environment"), QJsonObject{{QStringLiteral("name"), r.environment}, {QStringLiteral("production"), r.production}});
        runArray.append(o);
    }
    QJsonObject guide{{QStringLiteral("id"), guideId}, {QStringLiteral("title"), guideTitle}, {QStringLiteral("path"), guidePath}};
    QJsonObject o{{QStringLiteral("triage_session"), 1},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("guide"), guide},
                  {QStringLiteral("started"), stamp(started)},
                  {QStringLiteral("updated"), stamp(updated)},
                  {QStringLiteral("verdict"), verdictName(verdict)},
                  {QStringLiteral("current"), current},
                  {QStringLiteral("steps"), stepArray},
                  {QStringLiteral("runs"), runArray}};
    if (!verdictNode.isEmpty())
        o.insert(QStringLiteral("verdict_node"), verdictNode);
    if (!continuedIn.isEmpty())
        o.insert(QStringLiteral("continued_in"), masked(continuedIn));
    if (!cameFrom.isEmpty())
        o.insert(QStringLiteral("came_from"), masked(cameFrom));
    if (!environment.isEmpty())
        o.insert(QStringLiteral("environment"), QJsonObject{{QStringLiteral("name"), environment}, {QStringLiteral("production"), production}});
    return o;
}

std::optional<Session> Session::fromJson(const QJsonObject &json, QString *error)
{
    if (json.value(QStringLiteral("triage_session")).toInt() != 1) {
        *error = QStringLiteral("not a Triage session (no \"triage_session\": 1); export one from the window, or take it from the sessions folder");
        return std::nullopt;
    }
    Session s;
    s.id = json.value(QStringLiteral("id")).toString();
    const QJsonObject guide = json.value(QStringLiteral("guide")).toObject();
    s.guideId = guide.value(QStringLiteral("id")).toString();
    s.guideTitle = guide.value(QStringLiteral("title")).toString();
    s.guidePath = guide.value(QStringLiteral("path")).toString();
    s.started = fromStamp(json.value(QStringLiteral("started")));
    s.updated = fromStamp(json.value(QStringLiteral("updated")));
    const QString verdict = json.value(QStringLiteral("verdict")).toString();
    s.verdict = verdict == QLatin1String("resolved")    ? Verdict::Resolved
                : verdict == QLatin1String("escalated") ? Verdict::Escalated
                                                        : Verdict::Open;
    s.verdictNode = json.value(QStringLiteral("verdict_node")).toString();
    s.continuedIn = json.value(QStringLiteral("continued_in")).toString();
    s.cameFrom = json.value(QStringLiteral("came_from")).toString();
    const QJsonObject env = json.value(QStringLiteral("environment")).toObject();
    s.environment = env.value(QStringLiteral("name")).toString();
    s.production = env.value(QStringLiteral("production")).toBool();
    for (const QJsonValue &v : json.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject o = v.toObject();
        SessionStep step;
        step.nodeId = o.value(QStringLiteral("node")).toString();
        step.title = o.value(QStringLiteral("title")).toString();
        step.kind = o.value(QStringLiteral("kind")).toString();
        step.location = o.value(QStringLiteral("location")).toString();
        step.at = fromStamp(o.value(QStringLiteral("at")));
        step.how = o.value(QStringLiteral("how")).toString();
        step.answer = o.value(QStringLiteral("answer")).toString();
        step.check = o.value(QStringLiteral("check")).toString();
        step.result = resultFromJson(o.value(QStringLiteral("result")));
        if (step.nodeId.isEmpty()) {
            *error = QStringLiteral("step %1 has no node").arg(s.steps.size() + 1);
            return std::nullopt;
        }
        s.steps.append(step);
    }
    for (const QJsonValue &v : json.value(QStringLiteral("runs")).toArray()) {
        const QJsonObject o = v.toObject();
        const std::optional<CheckResult> r = resultFromJson(o.value(QStringLiteral("result")));
        if (!r)
            continue;
        const QJsonObject where = o.value(QStringLiteral("environment")).toObject();
        s.runs.append({o.value(QStringLiteral("node")).toString(), o.value(QStringLiteral("title")).toString(),
                       o.value(QStringLiteral("check")).toString(), *r, fromStamp(o.value(QStringLiteral("at"))),
                       o.value(QStringLiteral("next")).toString(), where.value(QStringLiteral("name")).toString(),
                       where.value(QStringLiteral("production")).toBool()});
    }
    if (s.steps.isEmpty()) {
        *error = QStringLiteral("the session has no steps");
        return std::nullopt;
    }
    s.current = std::clamp(json.value(QStringLiteral("current")).toInt(int(s.steps.size()) - 1), 0, int(s.steps.size()) - 1);
    return s;
}

} // namespace triage
