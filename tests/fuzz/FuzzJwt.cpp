// libFuzzer target: a token from the environment, a file or the keychain, decoded offline.

#include "checks/JwtProbe.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    QString error;
    JwtProbe::decodeClaims(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)), &error);
    return 0;
}
