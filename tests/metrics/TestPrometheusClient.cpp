// The Prometheus HTTP API client against an in-test responder serving answers in Prometheus's
// shape: instant and range queries, the documented error answers, auth headers, time and size
// limits, cancellation, and a matrix of half a million points parsed off the caller's thread.

#include "PrometheusAnswers.h"
#include "TestServers.h"
#include "checks/CheckCatalog.h"
#include "checks/ProbeRegistry.h"
#include "metrics/PrometheusClient.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>
#include <limits>

#include <QFile>

using namespace triage;
using namespace triage::test;
namespace answers = prometheus_answers;

namespace {

PrometheusAnswer wait(PrometheusClient &client, int id, int timeout = 10000)
{
    QSignalSpy finished(&client, &PrometheusClient::finished);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeout) {
        for (const QList<QVariant> &args : std::as_const(finished)) {
            if (args.at(0).toInt() == id)
                return args.at(1).value<PrometheusAnswer>();
        }
        finished.wait(100);
    }
    PrometheusAnswer none;
    none.outcome = CheckOutcome::Cancelled;
    none.message = QStringLiteral("the test gave up waiting");
    return none;
}

QByteArray hugeMatrix(int series, int points)
{
    QByteArray json = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    for (int s = 0; s < series; ++s) {
        json += (s ? ",{" : "{") + QByteArray(R"("metric":{"instance":"node-)") + QByteArray::number(s) + R"(:9100"},"values":[)";
        for (int p = 0; p < points; ++p) {
            json += (p ? ",[" : "[") + QByteArray::number(1795420800 + p * 15) + ",\"" + QByteArray::number(std::sin(p / 50.0) * 100 + s, 'f', 3)
                    + "\"]";
        }
        json += "]}";
    }
    return json + "]}}";
}

} // namespace

class TestPrometheusClient : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_server.respond(QStringLiteral("/api/v1/query"), 200, answers::kVector);
        m_server.respond(QStringLiteral("/api/v1/query_range"), 200, answers::kMatrix);
        m_server.respond(QStringLiteral("/prefix/api/v1/query"), 200, answers::kScalar);
        m_server.respond(QStringLiteral("/string/api/v1/query"), 200, answers::kString);
        m_server.respond(QStringLiteral("/bad/api/v1/query"), 400, answers::kBadData);
        m_server.respond(QStringLiteral("/heavy/api/v1/query_range"), 422, answers::kExecution);
        m_server.respond(QStringLiteral("/slowquery/api/v1/query"), 503, answers::kQueryTimeout);
        m_server.respond(QStringLiteral("/starting/api/v1/query"), 503, answers::kUnavailable);
        m_server.respond(QStringLiteral("/locked/api/v1/query"), 401, answers::kUnauthorized, "text/plain");
        m_server.respond(QStringLiteral("/grafana/api/v1/query"), 200, answers::kHtml, "text/html");
        m_server.hang(QStringLiteral("/hang/api/v1/query"));
        m_server.respond(QStringLiteral("/huge/api/v1/query_range"), 200, hugeMatrix(100, 5000));
    }

    void recordedAnswersOfARealPrometheus_data()
    {
        // tests/metrics/prometheus/README.md says how each was recorded from Prometheus 2.42.
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("resultType");
        QTest::addColumn<int>("series");
        QTest::addColumn<int>("points");
        QTest::addColumn<double>("first");
        QTest::addColumn<QString>("says");
        QTest::newRow("vector") << "vector.json" << 200 << int(CheckOutcome::Ok) << "vector" << 2 << 2 << 1.0 << "2 series";
        QTest::newRow("matrix") << "matrix.json" << 200 << int(CheckOutcome::Ok) << "matrix" << 1 << 5 << 0.4982 << "5 points";
        QTest::newRow("75 series") << "matrix_many.json" << 200 << int(CheckOutcome::Ok) << "matrix" << 75 << 1098 << 1.0 << "1098 points";
        QTest::newRow("scalar") << "scalar.json" << 200 << int(CheckOutcome::Ok) << "scalar" << 1 << 1 << 42.0 << "1 series";
        QTest::newRow("NaN") << "nan.json" << 200 << int(CheckOutcome::Ok) << "scalar" << 1 << 1 << std::numeric_limits<double>::quiet_NaN() << "1 series";
        QTest::newRow("nothing") << "empty.json" << 200 << int(CheckOutcome::Ok) << "vector" << 0 << 0 << 0.0 << "0 series";
        QTest::newRow("string") << "string.json" << 200 << int(CheckOutcome::ProtocolError) << "string" << 0 << 0 << 0.0 << "cannot be charted";
        QTest::newRow("bad PromQL") << "bad_data.json" << 400 << int(CheckOutcome::InvalidSpec) << "" << 0 << 0 << 0.0 << "unexpected end of input";
        QTest::newRow("end before start") << "bad_range.json" << 400 << int(CheckOutcome::InvalidSpec) << "" << 0 << 0 << 0.0 << "end timestamp";
        QTest::newRow("too many points") << "too_many_points.json" << 400 << int(CheckOutcome::InvalidSpec) << "" << 0 << 0 << 0.0 << "11,000 points";
        QTest::newRow("execution") << "execution.json" << 422 << int(CheckOutcome::HttpError) << "" << 0 << 0 << 0.0 << "duplicate series";
    }

    void recordedAnswersOfARealPrometheus()
    {
        QFETCH(QString, file);
        QFETCH(int, status);
        QFETCH(int, outcome);
        QFETCH(QString, resultType);
        QFETCH(int, series);
        QFETCH(int, points);
        QFETCH(double, first);
        QFETCH(QString, says);
        QFile recorded(QStringLiteral(TRIAGE_PROMETHEUS_ANSWERS "/") + file);
        QVERIFY2(recorded.open(QIODevice::ReadOnly), qPrintable(recorded.fileName()));
        const QString route = QStringLiteral("/recorded-%1").arg(QString(file).remove(QStringLiteral(".json")));
        m_server.respond(route + QStringLiteral("/api/v1/query"), status, recorded.readAll());
        PrometheusClient client(base(route));
        const PrometheusAnswer a = wait(client, client.query(QStringLiteral("x")));
        QCOMPARE(int(a.outcome), outcome);
        QVERIFY2(a.message.contains(says), qPrintable(a.message));
        if (outcome != int(CheckOutcome::Ok))
            return;
        QCOMPARE(a.resultType, resultType);
        QCOMPARE(a.series.size(), series);
        qsizetype total = 0;
        for (const PrometheusSeries &s : a.series)
            total += s.points.size();
        QCOMPARE(total, qsizetype(points));
        if (series > 0) {
            const double value = a.series.first().points.first().value;
            if (std::isnan(first))
                QVERIFY(std::isnan(value));
            else
                QVERIFY2(std::abs(value - first) < 1e-9, qPrintable(QString::number(value)));
        }
    }

    void instantVectorWithBearerToken()
    {
        PrometheusClient client(base(QString()), {PrometheusAuth::Kind::Bearer, QString(), QStringLiteral("tok-123")});
        const PrometheusAnswer a = wait(client, client.query(QStringLiteral("up{job=\"postgres\"}"), 1795420800500));
        QVERIFY2(a.ok(), qPrintable(a.message));
        QCOMPARE(a.resultType, QStringLiteral("vector"));
        QCOMPARE(a.series.size(), 2);
        QCOMPARE(a.series.at(0).labels.value(QStringLiteral("instance")), QStringLiteral("db-1:9187"));
        QCOMPARE(a.series.at(0).points.first().msecs, 1795420800500);
        QCOMPARE(a.series.at(1).points.first().value, 0.0);
        QCOMPARE(a.series.at(0).displayName(), QStringLiteral("up{instance=\"db-1:9187\", job=\"postgres\"}"));
        // A form POST to /api/v1/query, the token in the header only.
        QCOMPARE(m_server.lastMethod(), QByteArray("POST"));
        QCOMPARE(m_server.lastPath(), QByteArray("/api/v1/query"));
        const QUrlQuery form(QString::fromUtf8(m_server.lastBody()));
        QCOMPARE(form.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded), QStringLiteral("up{job=\"postgres\"}"));
        QCOMPARE(form.queryItemValue(QStringLiteral("time")), QStringLiteral("1795420800.500"));
        QCOMPARE(m_server.lastHeaders().value("authorization"), QByteArray("Bearer tok-123"));
    }

    void rangeMatrixWithBasicAuth()
    {
        PrometheusClient client(base(QString()), {PrometheusAuth::Kind::Basic, QStringLiteral("grafana"), QStringLiteral("s3cret")});
        const PrometheusAnswer a = wait(client, client.queryRange(QStringLiteral("rate(http_requests[5m])"), 1795420800000, 1795420845000, 15000));
        QVERIFY2(a.ok(), qPrintable(a.message));
        QCOMPARE(a.resultType, QStringLiteral("matrix"));
        QCOMPARE(a.series.size(), 2);
        const QList<MetricPoint> &first = a.series.at(0).points;
        QCOMPARE(first.size(), 4);
        QCOMPARE(first.at(1).msecs, 1795420815000);
        QCOMPARE(first.at(1).value, 13.0);
        QVERIFY(std::isnan(first.at(2).value));
        QVERIFY(std::isinf(first.at(3).value));
        QCOMPARE(a.warnings.size(), 1);
        const QUrlQuery form(QString::fromUtf8(m_server.lastBody()));
        QCOMPARE(form.queryItemValue(QStringLiteral("start")), QStringLiteral("1795420800.000"));
        QCOMPARE(form.queryItemValue(QStringLiteral("end")), QStringLiteral("1795420845.000"));
        QCOMPARE(form.queryItemValue(QStringLiteral("step")), QStringLiteral("15.000"));
        QCOMPARE(m_server.lastHeaders().value("authorization"), "Basic " + QByteArray("grafana:s3cret").toBase64());
    }

    void credentialsTravelOnlyOverHttpsOrToThisMachine()
    {
        // A remote host over plain http: refused before anything is sent.
        PrometheusClient remote(QUrl(QStringLiteral("http://prometheus.example.invalid:9090")), {PrometheusAuth::Kind::Bearer, QString(), QStringLiteral("tok")});
        const PrometheusAnswer a = wait(remote, remote.query(QStringLiteral("up")));
        QCOMPARE(a.outcome, CheckOutcome::RefusedUnsafe);
        QVERIFY2(a.message.contains(QStringLiteral("plain http")) && !a.message.contains(QStringLiteral("tok")), qPrintable(a.message));
        QCOMPARE(remote.pending(), 0);
        // Without a credential, plain http anywhere is fine (the test cannot reach the host).
        PrometheusClient open(QUrl(QStringLiteral("http://prometheus.example.invalid:9090")));
        QCOMPARE(wait(open, open.query(QStringLiteral("up"))).outcome, CheckOutcome::DnsFailure);
    }

    void scalarUnderAPathPrefix()
    {
        PrometheusClient client(base(QStringLiteral("/prefix/")));
        const PrometheusAnswer a = wait(client, client.query(QStringLiteral("scalar(42)")));
        QVERIFY2(a.ok(), qPrintable(a.message));
        QCOMPARE(a.resultType, QStringLiteral("scalar"));
        QCOMPARE(a.series.first().points.first().value, 42.0);
        QVERIFY(m_server.lastHeaders().value("authorization").isEmpty());
    }

    void errorsSayWhatAndWhere_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("says");
        QTest::newRow("bad PromQL") << "/bad" << int(CheckOutcome::InvalidSpec) << "parse error: unexpected <op:*>";
        QTest::newRow("too heavy") << "/heavy" << int(CheckOutcome::HttpError) << "too many samples";
        QTest::newRow("its own time limit") << "/slowquery" << int(CheckOutcome::Timeout) << "larger step";
        QTest::newRow("starting up") << "/starting" << int(CheckOutcome::HttpError) << "TSDB not ready";
        QTest::newRow("credentials") << "/locked" << int(CheckOutcome::AuthFailed) << "triage secret set";
        QTest::newRow("not Prometheus") << "/grafana" << int(CheckOutcome::ProtocolError) << "not Prometheus's JSON";
        QTest::newRow("no API there") << "/nothing" << int(CheckOutcome::NotFound) << "check the profile's URL";
        QTest::newRow("a string") << "/string" << int(CheckOutcome::ProtocolError) << "cannot be charted";
    }

    void errorsSayWhatAndWhere()
    {
        QFETCH(QString, prefix);
        QFETCH(int, outcome);
        QFETCH(QString, says);
        PrometheusClient client(base(prefix));
        const bool range = prefix == QLatin1String("/heavy");
        const PrometheusAnswer a = wait(client, range ? client.queryRange(QStringLiteral("x"), 0, 60000, 15000) : client.query(QStringLiteral("x")));
        QCOMPARE(int(a.outcome), outcome);
        QVERIFY2(a.message.contains(says), qPrintable(a.message));
        QVERIFY2(a.message.contains(QStringLiteral("127.0.0.1:%1").arg(m_server.serverPort())) || outcome == int(CheckOutcome::NotFound),
                 qPrintable(a.message));
    }

    void refusedTimedOutAndCancelled()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        PrometheusClient refused(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const PrometheusAnswer r = wait(refused, refused.query(QStringLiteral("up")));
        QCOMPARE(r.outcome, CheckOutcome::ConnectionRefused);
        QVERIFY2(r.message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(r.message));

        PrometheusClient slow(base(QStringLiteral("/hang")));
        slow.setTimeout(300);
        QElapsedTimer clock;
        clock.start();
        const PrometheusAnswer t = wait(slow, slow.query(QStringLiteral("up")));
        QCOMPARE(t.outcome, CheckOutcome::Timeout);
        QVERIFY2(t.message.contains(QStringLiteral("300 ms")), qPrintable(t.message));
        QVERIFY(clock.elapsed() < 5000);

        PrometheusClient hanging(base(QStringLiteral("/hang")));
        const int id = hanging.query(QStringLiteral("up"));
        QTimer::singleShot(100, &hanging, [&] { hanging.cancel(id); });
        const PrometheusAnswer c = wait(hanging, id);
        QCOMPARE(c.outcome, CheckOutcome::Cancelled);
        QCOMPARE(hanging.pending(), 0);
    }

    void halfAMillionPointsAreParsedOffTheCallersThread()
    {
        PrometheusClient client(base(QStringLiteral("/huge")));
        // The caller's event loop keeps turning while the answer is read and parsed.
        int ticks = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] { ++ticks; });
        tick.start();
        QElapsedTimer clock;
        clock.start();
        const PrometheusAnswer a = wait(client, client.queryRange(QStringLiteral("node_load1"), 0, 75'000'000, 15'000), 60000);
        const qint64 took = clock.elapsed();
        QVERIFY2(a.ok(), qPrintable(a.message));
        QCOMPARE(a.series.size(), 100);
        qsizetype points = 0;
        for (const PrometheusSeries &s : a.series)
            points += s.points.size();
        QCOMPARE(points, qsizetype(500'000));
        QVERIFY(a.bytes > 10'000'000);
        qInfo("%lld bytes, %lld points in %lld ms; the caller's 5 ms timer ticked %d times meanwhile", qlonglong(a.bytes), qlonglong(points),
              qlonglong(took), ticks);
        QVERIFY(ticks > 0);

        // With a size limit below it, the transfer stops and says why.
        PrometheusClient capped(base(QStringLiteral("/huge")));
        capped.setMaxBytes(1024 * 1024);
        const PrometheusAnswer big = wait(capped, capped.queryRange(QStringLiteral("node_load1"), 0, 75'000'000, 15'000));
        QCOMPARE(big.outcome, CheckOutcome::ProtocolError);
        QVERIFY2(big.message.contains(QStringLiteral("more than 1 MB")), qPrintable(big.message));
    }

    void aGuidesCheckAsksPromQLWithTheBoundToken_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("expect");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("outcome");
        QTest::newRow("holds") << QString() << "[VALUE] == 1" << int(CheckStatus::Pass) << int(CheckOutcome::Ok);
        QTest::newRow("does not hold") << QString() << "[VALUE] > 1" << int(CheckStatus::Fail) << int(CheckOutcome::ConditionFalse);
        QTest::newRow("nothing matched") << "/empty" << "[VALUE] == 1" << int(CheckStatus::Fail) << int(CheckOutcome::ConditionFalse);
        QTest::newRow("bad PromQL") << "/bad" << "[VALUE] == 1" << int(CheckStatus::Error) << int(CheckOutcome::InvalidSpec);
    }

    void aGuidesCheckAsksPromQLWithTheBoundToken()
    {
        QFETCH(QString, prefix);
        QFETCH(QString, expect);
        QFETCH(int, status);
        QFETCH(int, outcome);
        m_server.respond(QStringLiteral("/empty/api/v1/query"), 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        CheckSpec spec;
        spec.type = QStringLiteral("prometheus");
        spec.params = {{QStringLiteral("url"), base(prefix).toString()}, {QStringLiteral("query"), QStringLiteral("up{job=\"postgres\"}")}};
        spec.expect = {expect};
        QVERIFY(CheckCatalog::validate(spec).isEmpty());
        CheckContext context;
        context.secret = [](const QString &type, const QString &field) {
            return type == QLatin1String("prometheus") && field == QLatin1String("token") ? QStringLiteral("bound-token") : QString();
        };
        const std::unique_ptr<CheckProbe> probe(ProbeRegistry::withCoreProbes().create(spec, context, nullptr));
        const CheckResult r = runProbe(probe.get());
        QCOMPARE(int(r.status), status);
        QCOMPARE(int(r.outcome), outcome);
        if (prefix.isEmpty()) {
            QCOMPARE(r.values.value(QStringLiteral("SERIES")).toInt(), 2);
            QCOMPARE(r.values.value(QStringLiteral("VALUE")).toDouble(), 1.0); // the first series'
            QCOMPARE(m_server.lastHeaders().value("authorization"), QByteArray("Bearer bound-token"));
        }
        QVERIFY2(r.message.contains(QStringLiteral("127.0.0.1")), qPrintable(r.message));
    }

    void aCheckNeedsAMetricOrAQuery()
    {
        CheckSpec spec;
        spec.type = QStringLiteral("prometheus");
        spec.params = {{QStringLiteral("url"), base(QString()).toString()}};
        const std::unique_ptr<CheckProbe> probe(ProbeRegistry::withCoreProbes().create(spec, CheckContext(), nullptr));
        const CheckResult r = runProbe(probe.get());
        QCOMPARE(r.outcome, CheckOutcome::InvalidSpec);
        QVERIFY2(r.message.contains(QStringLiteral("query:")), qPrintable(r.message));
    }

private:
    QUrl base(const QString &prefix) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(prefix)); }
    HttpResponder m_server;
};

QTEST_GUILESS_MAIN(TestPrometheusClient)
#include "TestPrometheusClient.moc"
