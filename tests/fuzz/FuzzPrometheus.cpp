// libFuzzer target: what a /metrics page or a Prometheus server answers: the text exposition
// format, and the JSON of /api/v1/query and query_range.

#include "checks/PrometheusProbe.h"
#include "metrics/PrometheusClient.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    int errorLine = 0;
    PrometheusProbe::parse(bytes, &errorLine);
    PrometheusClient::parse(bytes, 200, QStringLiteral("fuzz:9090"));
    PrometheusClient::parse(bytes, 422, QStringLiteral("fuzz:9090"));
    return 0;
}
