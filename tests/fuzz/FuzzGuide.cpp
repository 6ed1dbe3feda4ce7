// libFuzzer target: a guide file, whatever bytes it holds. Imports it (decoding, front matter,
// md4c, structure, command recognition), lints it, and renders its JSON and every node's body.

#include "guide/GuideImporter.h"
#include "lint/GuideLinter.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Guide guide = GuideImporter::importBytes(QStringLiteral("fuzz.md"), bytes);
    GuideLinter::lint(guide);
    QJsonDocument(guide.toJson()).toJson(QJsonDocument::Compact);
    for (const GuideNode &node : guide.nodes) {
        guide.body(node);
        guide.children(node.id);
    }
    return 0;
}
