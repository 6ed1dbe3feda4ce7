#include "YamlMapping.h"

#include <yaml.h>

#include <QHash>

#include <algorithm>
#include <memory>
#include <string_view>
#include <utility>

namespace triage {

namespace {

// Aliases copy what their anchor holds; a few nested ones can ask for billions of copies
// ("billion laughs"), so the values a document may expand to are counted.
constexpr qsizetype kMaxValues = 100'000;

// Reads the events of one document from libyaml's parser into Qt values. Scalars stay
// strings, whatever they look like; a plain `~`, `null` or empty scalar is no value at all.
class EventReader {
public:
    explicit EventReader(yaml_parser_t *parser)
        : m_parser(parser)
    {
    }

    bool next()
    {
        if (m_haveEvent)
            yaml_event_delete(&m_event);
        m_haveEvent = yaml_parser_parse(m_parser, &m_event) != 0;
        if (!m_haveEvent)
            parserError();
        return m_haveEvent;
    }
    ~EventReader()
    {
        if (m_haveEvent)
            yaml_event_delete(&m_event);
    }

    const yaml_event_t &event() const { return m_event; }
    yaml_event_type_t type() const { return m_event.type; }
    int line() const { return int(m_event.start_mark.line) + 1; }
    int column() const { return int(m_event.start_mark.column) + 1; }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    int errorLine() const { return m_errorLine; }
    int errorColumn() const { return m_errorColumn; }

    void fail(const QString &message, int line, int column)
    {
        if (failed())
            return;
        m_error = message;
        m_errorLine = line;
        m_errorColumn = column;
    }

    QString scalarText() const
    {
        return QString::fromUtf8(reinterpret_cast<const char *>(m_event.data.scalar.value), qsizetype(m_event.data.scalar.length));
    }

    // Whether the current scalar event means "no value": empty, `~` or `null` written plain.
    bool scalarIsNull() const
    {
        const auto &s = m_event.data.scalar;
        if (!s.plain_implicit || s.style != YAML_PLAIN_SCALAR_STYLE)
            return false;
        const std::string_view v(reinterpret_cast<const char *>(s.value), s.length);
        return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
    }

    // Reads the node that starts at the current event, leaving the reader on its last event.
    QVariant readNode()
    {
        if (failed())
            return {};
        const qsizetype before = m_values;
        if (!count(1))
            return {};
        if (type() == YAML_ALIAS_EVENT) {
            const QByteArray name(reinterpret_cast<const char *>(m_event.data.alias.anchor));
            const auto it = m_anchors.constFind(name);
            if (it == m_anchors.cend()) {
                fail(QStringLiteral("unknown alias `*%1`").arg(QString::fromUtf8(name)), line(), column());
                return {};
            }
            if (!count(it->second))
                return {};
            return it->first;
        }
        // Copied now: reading a collection's items replaces the current event.
        const QByteArray anchor = anchorName();
        QVariant value;
        switch (type()) {
        case YAML_SCALAR_EVENT:
            if (!scalarIsNull())
                value = scalarText();
            break;
        case YAML_SEQUENCE_START_EVENT: {
            QVariantList list;
            while (!failed() && next() && type() != YAML_SEQUENCE_END_EVENT)
                list.append(readNode());
            value = list;
            break;
        }
        case YAML_MAPPING_START_EVENT: {
            QVariantMap map;
            while (!failed() && next() && type() != YAML_MAPPING_END_EVENT) {
                // A nested key that is not a scalar has no name to file its value under; a null
                // one is filed under "null".
                const QString key = type() != YAML_SCALAR_EVENT ? QString() : scalarIsNull() ? QStringLiteral("null") : scalarText();
                if (type() != YAML_SCALAR_EVENT)
                    readNode();
                if (failed() || !next())
                    break;
                map.insert(key, readNode());
            }
            value = map;
            break;
        }
        default:
            fail(QStringLiteral("unexpected YAML structure"), line(), column());
            break;
        }
        if (failed())
            return {};
        if (!anchor.isEmpty())
            m_anchors.insert(anchor, {value, m_values - before});
        return value;
    }

private:
    // Counts `values` more toward the document's budget; false, with the error set, past it.
    bool count(qsizetype values)
    {
        m_values += values;
        if (m_values <= kMaxValues)
            return true;
        fail(QStringLiteral("more than %1 values; aliases expand too far").arg(kMaxValues), line(), column());
        return false;
    }

    QByteArray anchorName() const
    {
        const unsigned char *name = type() == YAML_SCALAR_EVENT           ? m_event.data.scalar.anchor
                                    : type() == YAML_SEQUENCE_START_EVENT ? m_event.data.sequence_start.anchor
                                    : type() == YAML_MAPPING_START_EVENT  ? m_event.data.mapping_start.anchor
                                                                          : nullptr;
        return name ? QByteArray(reinterpret_cast<const char *>(name)) : QByteArray();
    }

    void parserError()
    {
        const char *problem = m_parser->problem ? m_parser->problem : "cannot read this YAML";
        QString message = QString::fromUtf8(problem);
        if (m_parser->context)
            message = QString::fromUtf8(m_parser->context) + QStringLiteral(", ") + message;
        fail(message, int(m_parser->problem_mark.line) + 1, int(m_parser->problem_mark.column) + 1);
    }

    yaml_parser_t *m_parser;
    yaml_event_t m_event{};
    bool m_haveEvent = false;
    QString m_error;
    int m_errorLine = 0;
    int m_errorColumn = 0;
    qsizetype m_values = 0;
    QHash<QByteArray, std::pair<QVariant, qsizetype>> m_anchors; // anchor → its value and how many values it holds
};

} // namespace

QString YamlMapping::parserVersion()
{
    return QString::fromLatin1(yaml_get_version_string());
}

YamlMapping YamlMapping::parse(const QString &text)
{
    YamlMapping result;
    const QByteArray utf8 = text.toUtf8();
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        result.error = QStringLiteral("out of memory");
        return result;
    }
    const std::unique_ptr<yaml_parser_t, decltype(&yaml_parser_delete)> parserGuard(&parser, &yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(utf8.constData()), size_t(utf8.size()));
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    // libyaml places a problem found at the end of the input on the line after it (it ends
    // the stream with a line break of its own); an author looks for it on the last line. The
    // lines are counted only then: most blocks read without an error.
    auto clampLine = [&](int line) {
        const int lastLine = int(text.count(QLatin1Char('\n'))) + (text.endsWith(QLatin1Char('\n')) ? 0 : 1);
        return std::clamp(line, 1, std::max(1, lastLine));
    };
    EventReader reader(&parser);
    auto failWith = [&](const QString &message, int line, int column) {
        result.values.clear();
        result.keyLines.clear();
        result.keyOrder.clear();
        result.error = message;
        result.errorLine = line;
        result.errorColumn = column;
        // YAML forbids tabs in indentation, and libyaml's words for it do not say "tab".
        const QStringList lines = text.split(QLatin1Char('\n'));
        if (line >= 1 && line <= lines.size() && column >= 1 && column <= lines.at(line - 1).size()
            && lines.at(line - 1).at(column - 1) == QLatin1Char('\t'))
            result.error += QStringLiteral(" (a tab: indent with spaces)");
        return result;
    };
    auto readerFailed = [&] { return failWith(reader.error(), clampLine(reader.errorLine()), reader.errorColumn()); };
    // STREAM-START, then the first document; anything after it is not read.
    if (!reader.next() || !reader.next())
        return readerFailed();
    if (reader.type() == YAML_STREAM_END_EVENT) {
        result.ok = true; // nothing at all
        return result;
    }
    if (!reader.next()) // the document's root node
        return readerFailed();
    if (reader.type() == YAML_SCALAR_EVENT && reader.scalarIsNull()) {
        result.ok = true; // an empty document
        return result;
    }
    if (reader.type() != YAML_MAPPING_START_EVENT) {
        const bool list = reader.type() == YAML_SEQUENCE_START_EVENT;
        return failWith(QStringLiteral("expected `key: value` lines, found a %1").arg(list ? QStringLiteral("list") : QStringLiteral("single value")),
                        reader.line(), reader.column());
    }
    while (reader.next() && reader.type() != YAML_MAPPING_END_EVENT) {
        if (reader.type() != YAML_SCALAR_EVENT || reader.scalarIsNull())
            return failWith(QStringLiteral("a key must be a plain word"), reader.line(), reader.column());
        const QString key = reader.scalarText();
        const int keyLine = reader.line();
        const int keyColumn = reader.column();
        if (result.values.contains(key))
            return failWith(QStringLiteral("key `%1` appears twice").arg(key), keyLine, keyColumn);
        if (!reader.next())
            break;
        const QVariant value = reader.readNode();
        if (reader.failed())
            break;
        result.values.insert(key, value);
        result.keyLines.insert(key, keyLine);
        result.keyOrder.append(key);
    }
    if (reader.failed())
        return readerFailed();
    // The rest of the document must still be well formed: "a: 1\nb" is an error, not a map.
    while (reader.type() != YAML_DOCUMENT_END_EVENT && reader.next()) {
    }
    if (reader.failed())
        return readerFailed();
    result.ok = true;
    return result;
}

} // namespace triage
