#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

// One parameter a check type accepts.
struct CheckParam {
    enum class Kind { Text, Integer, Port, Url, Boolean, Choice, List, Map };
    QString name;
    Kind kind = Kind::Text;
    bool required = false;
    QStringList choices; // Kind::Choice
    QString help;
};

// What a check type is: its parameters, the typed outcomes it can report (each may choose its
// own branch), and the placeholders its conditions may read. Static data from CheckCatalog.
struct CheckTypeInfo {
    QString type;
    QString description;
    QList<CheckParam> params;
    QStringList outcomes;     // reasons: finer than the outcome classes, each may choose its own branch
    QStringList placeholders;

    const CheckParam *param(const QString &name) const;
};

} // namespace triage
