// libFuzzer target: a check block or front matter, as YamlMapping reads it through LibYAML.

#include "markdown/YamlMapping.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    const YamlMapping m = YamlMapping::parse(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)));
    // What every caller relies on: an error has a place, and a success keeps a line per key.
    if (!m.ok && (m.errorLine < 1 || m.errorColumn < 1 || m.error.isEmpty() || !m.values.isEmpty()))
        __builtin_trap();
    if (m.ok && (m.keyOrder.size() != m.values.size() || m.keyLines.size() != m.values.size()))
        __builtin_trap();
    return 0;
}
