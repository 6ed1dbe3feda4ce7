// libFuzzer target: a guide file, whatever bytes it holds. Imports it (binary check, decoding, front matter,
// md4c, structure, command recognition), lints it, renders every node's body, and renders its
// JSON when it is small.

#include "guide/GuideImporter.h"
#include "lint/GuideLinter.h"

#include <QByteArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    Guide guide = GuideImporter::importBytes(QStringLiteral("fuzz.md"), bytes);
    if (guide.diagnostics.size() == 1 && guide.diagnostics.first().code == QLatin1String("binary-file")) {
        // A NUL early on stops the import at once. Mutations add NULs often, so the text past
        // that check is fuzzed too: with those NULs made into another control character.
        for (qsizetype i = 0; i < std::min<qsizetype>(bytes.size(), 8000); ++i) {
            if (bytes.at(i) == '\0')
                bytes[i] = '\x01';
        }
        guide = GuideImporter::importBytes(QStringLiteral("fuzz.md"), bytes);
    }
    GuideLinter::lint(guide);
    // The JSON costs about three imports of the same guide (QJsonObject inserts and the
    // writer's growing buffer), and its code is the same mapping whatever the size: small
    // inputs cover it, and large ones leave their time to the importer, which is what varies.
    if (size <= 8192)
        QJsonDocument(guide.toJson()).toJson(QJsonDocument::Compact);
    for (const GuideNode &node : guide.nodes) {
        guide.body(node);
        guide.children(node.id);
    }
    return 0;
}
