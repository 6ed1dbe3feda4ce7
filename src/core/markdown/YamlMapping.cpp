#include "YamlMapping.h"

#include <yaml-cpp/yaml.h>

namespace triage {

namespace {

QVariant toVariant(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return QString::fromStdString(node.Scalar());
    case YAML::NodeType::Sequence: {
        QVariantList list;
        for (const auto &item : node)
            list.append(toVariant(item));
        return list;
    }
    case YAML::NodeType::Map: {
        QVariantMap map;
        for (const auto &entry : node)
            map.insert(QString::fromStdString(entry.first.as<std::string>("")), toVariant(entry.second));
        return map;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return {};
}

} // namespace

YamlMapping YamlMapping::parse(const QString &text)
{
    YamlMapping result;
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        if (root.IsNull()) {
            result.ok = true;
            return result;
        }
        if (!root.IsMap()) {
            result.error = QStringLiteral("expected `key: value` lines, found a %1")
                               .arg(root.IsSequence() ? QStringLiteral("list") : QStringLiteral("single value"));
            result.errorLine = root.Mark().line + 1;
            result.errorColumn = root.Mark().column + 1;
            return result;
        }
        for (const auto &entry : root) {
            if (!entry.first.IsScalar()) {
                result.error = QStringLiteral("a key must be a plain word");
                result.errorLine = entry.first.Mark().line + 1;
                result.errorColumn = entry.first.Mark().column + 1;
                return result;
            }
            const QString key = QString::fromStdString(entry.first.Scalar());
            if (result.values.contains(key)) {
                result.error = QStringLiteral("key `%1` appears twice").arg(key);
                result.errorLine = entry.first.Mark().line + 1;
                result.errorColumn = entry.first.Mark().column + 1;
                return result;
            }
            result.values.insert(key, toVariant(entry.second));
            result.keyLines.insert(key, entry.first.Mark().line + 1);
            result.keyOrder.append(key);
        }
        result.ok = true;
    } catch (const YAML::Exception &e) {
        result.error = QString::fromStdString(e.msg);
        result.errorLine = e.mark.line >= 0 ? e.mark.line + 1 : 1;
        result.errorColumn = e.mark.column >= 0 ? e.mark.column + 1 : 1;
    }
    return result;
}

} // namespace triage
