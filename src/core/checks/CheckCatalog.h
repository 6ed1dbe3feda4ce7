#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace triage {

struct CheckSpec;

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
// own branch), and the placeholders its conditions may read.
struct CheckTypeInfo {
    QString type;
    QString description;
    QList<CheckParam> params;
    QStringList outcomes;
    QStringList placeholders;

    const CheckParam *param(const QString &name) const;
};

// The check types Triage knows, in one table. Lint validates check blocks against it; the
// runners of the live-checks layer implement exactly these types.
//
// Static, immutable data; safe from any thread.
class CheckCatalog {
public:
    static const QList<CheckTypeInfo> &types();
    static const CheckTypeInfo *find(const QString &type);
    static QStringList typeNames();

    // Branch keys valid for every type, besides the type's own outcomes.
    static QStringList generalBranches() { return {QStringLiteral("pass"), QStringLiteral("fail"), QStringLiteral("error")}; }
    // Keys a check block may hold besides the type's parameters.
    static QStringList blockKeys();

    // Checks one spec against the table. Returns human-readable problems: an unknown type, a
    // missing or malformed parameter, an unknown branch or outcome. Empty when it is valid.
    struct Problem {
        QString key;     // the key the problem is about, empty for the whole block
        QString message;
    };
    static QList<Problem> validate(const CheckSpec &spec);
};

} // namespace triage
