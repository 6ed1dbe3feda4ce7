// libFuzzer target: a .env file.

#include "checks/DotenvProbe.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    DotenvProbe::parse(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
