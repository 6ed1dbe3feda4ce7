#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace triage {

// A condition on a check's result, in the spirit of Gatus:
//   [STATUS] == 200      [BODY].status == "healthy"      [RESPONSE_TIME] < 500ms
//   [VALUE] < 0.8        len([ROWS]) > 0                 [BODY].version =~ "^2\."
//   [CONNECTED]          (a lone operand means "is true")
//
// Placeholders are upper-case names in brackets, optionally followed by a path into the value
// (`.field`, `[0]`). Literals are numbers (with an optional unit: ms, s, %, B, KB, MB, GB),
// quoted strings, true, false, null, or a bare word.
//
// Value type. parse() never throws; an invalid condition carries its error and column.
class Condition {
public:
    enum class Op { Truthy, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Matches, NotMatches, Contains };

    struct Operand {
        enum class Kind { Placeholder, Literal, Length };
        Kind kind = Kind::Literal;
        QString placeholder;   // "STATUS"
        QStringList path;      // ["status"], ["items", "0"]
        QVariant literal;      // number (double) or string or bool or null
        QString unit;          // "ms", "%", …
    };

    static Condition parse(const QString &text);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    int errorColumn() const { return m_errorColumn; }
    QString text() const { return m_text; }

    Op op() const { return m_op; }
    const Operand &left() const { return m_left; }
    const Operand &right() const { return m_right; }
    // Placeholder names used, without brackets.
    QStringList placeholders() const;

    // Whether the condition holds for a check's values (placeholder name → value; maps and
    // lists are walked by the operand's path). Numbers compare as numbers, with units turned
    // into the check's base units: milliseconds for times, bytes for sizes, and a fraction for
    // `%` (80% is 0.8). `explanation` says what was compared: "[STATUS] is 503, expected == 200".
    struct Evaluation {
        bool holds = false;
        QString explanation;
    };
    // With `hideValues`, the explanation names what was compared but not the values (a .env
    // file's, a credential's).
    Evaluation evaluate(const QVariantMap &values, bool hideValues = false) const;

    // A condition that compares a placeholder with a number ("[CPU] < 85%",
    // "[RESPONSE_TIME] < 200ms", "[INFO].mem_fragmentation_ratio < 1.5"), as a line to draw on a
    // chart: the number in the check's base units (ms, bytes, a fraction for %).
    struct Threshold {
        QString placeholder;
        QStringList path;
        Op op = Op::Less;
        double value = 0;
    };
    std::optional<Threshold> threshold() const;

private:
    QString m_text;
    QString m_error;
    int m_errorColumn = 0;
    Op m_op = Op::Truthy;
    Operand m_left;
    Operand m_right;
};

} // namespace triage
