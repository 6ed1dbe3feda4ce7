// libFuzzer target: what a Redis server (or anything on its port) sends: RESP replies one after
// another, then the same bytes as INFO text.

#include "checks/RedisProbe.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    const QByteArray buffer(reinterpret_cast<const char *>(data), qsizetype(size));
    qsizetype pos = 0;
    for (int replies = 0; replies < 64 && pos < buffer.size(); ++replies) {
        RedisProbe::Reply reply;
        const qsizetype before = pos;
        if (RedisProbe::parseReply(buffer, &pos, &reply) != RedisProbe::Parse::Complete || pos <= before)
            break;
    }
    RedisProbe::parseInfo(buffer);
    return 0;
}
