// libFuzzer target: a check's condition (`expect:`), parsed and, when valid, evaluated against
// values of every shape a probe reports.

#include "checks/Condition.h"

#include <QVariantList>
#include <QVariantMap>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    static const QVariantMap values{
        {QStringLiteral("STATUS"), 200},
        {QStringLiteral("BODY"), QVariantMap{{QStringLiteral("status"), QStringLiteral("healthy")},
                                             {QStringLiteral("items"), QVariantList{1, QStringLiteral("two"), QVariantMap{}}}}},
        {QStringLiteral("RESPONSE_TIME"), 12.5},
        {QStringLiteral("CONNECTED"), true},
        {QStringLiteral("VALUE"), QStringLiteral("PONG")},
        {QStringLiteral("ROWS"), QVariantList{QVariantMap{{QStringLiteral("n"), 3}}}},
    };
    const Condition condition = Condition::parse(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (condition.isValid()) {
        condition.evaluate(values);
        condition.evaluate(values, true);
    }
    return 0;
}
