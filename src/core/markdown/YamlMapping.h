#pragma once

#include <QHash>
#include <QString>
#include <QVariantMap>

namespace triage {

// A YAML mapping (front matter, a check block) read with LibYAML into Qt values, keeping the
// line of every top-level key so that errors can point at it.
//
// Lines are 1-based and relative to the text given; callers add the offset of the block.
// Value type; parse() is reentrant.
struct YamlMapping {
    QVariantMap values;
    QHash<QString, int> keyLines;
    QStringList keyOrder;   // top-level keys in the order written
    bool ok = false;
    QString error;          // what is wrong, when !ok
    int errorLine = 0;
    int errorColumn = 0;

    static YamlMapping parse(const QString &text);
    // The version of LibYAML, the parser underneath ("0.2.5").
    static QString parserVersion();
};

} // namespace triage
