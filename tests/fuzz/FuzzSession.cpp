// libFuzzer target: the one JSON the command line reads, a saved session for `triage report`,
// parsed and written out in every report format.

#include "session/Session.h"
#include "session/SessionReport.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace triage;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    QString error;
    const std::optional<Session> session = Session::fromJson(doc.object(), &error);
    if (!session)
        return 0;
    for (const SessionReport::Format format : {SessionReport::Format::Markdown, SessionReport::Format::Html, SessionReport::Format::Json})
        SessionReport::render(*session, format);
    return 0;
}
