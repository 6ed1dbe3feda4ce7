#pragma once

// Answers in the shape Prometheus 2.x's HTTP API gives them (https://prometheus.io/docs/
// prometheus/latest/querying/api/), written for the tests: an instant vector, a range
// matrix with a NaN and an infinity, a scalar, a string, and the error answers the API
// documents that a bare Prometheus cannot be made to give. Answers recorded from a real
// Prometheus 2.42 are in prometheus/ (see its README.md).
// In a header: moc reads the test's .cpp, and raw strings there confuse it.

namespace prometheus_answers {

inline constexpr char kVector[] = R"({"status":"success","data":{"resultType":"vector","result":[
 {"metric":{"__name__":"up","instance":"db-1:9187","job":"postgres"},"value":[1795420800.5,"1"]},
 {"metric":{"__name__":"up","instance":"db-2:9187","job":"postgres"},"value":[1795420800.5,"0"]}]}})";

inline constexpr char kMatrix[] = R"({"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"instance":"api-1:8080","job":"api"},"values":[[1795420800,"12.5"],[1795420815,"13"],[1795420830,"NaN"],[1795420845,"+Inf"]]},
 {"metric":{"instance":"api-2:8080","job":"api"},"values":[[1795420800,"2.25"],[1795420815,"2.5"],[1795420830,"3"],[1795420845,"3.5"]]}]},
 "warnings":["PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket"]})";

inline constexpr char kScalar[] = R"({"status":"success","data":{"resultType":"scalar","result":[1795420800.123,"42"]}})";

inline constexpr char kString[] = R"({"status":"success","data":{"resultType":"string","result":[1795420800,"hello"]}})";

inline constexpr char kBadData[] = R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:6: parse error: unexpected <op:*>"})";

inline constexpr char kExecution[] = R"({"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"})";

inline constexpr char kQueryTimeout[] = R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})";

inline constexpr char kUnavailable[] = R"({"status":"error","errorType":"unavailable","error":"Service Unavailable: TSDB not ready"})";

inline constexpr char kUnauthorized[] = "Unauthorized\n";

inline constexpr char kHtml[] = "<!doctype html><html><head><title>Grafana</title></head><body>Welcome</body></html>";

} // namespace prometheus_answers
