#include "Condition.h"

#include <QRegularExpression>

#include <cmath>

namespace triage {

namespace {

// A small recursive-descent reader over the condition text.
class ConditionReader {
public:
    explicit ConditionReader(const QString &text)
        : m_text(text)
    {
    }

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    int errorColumn() const { return m_errorColumn; }

    void fail(const QString &message)
    {
        if (m_error.isEmpty()) {
            m_error = message;
            m_errorColumn = int(m_pos) + 1;
        }
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }

    bool atEnd()
    {
        skipSpace();
        return m_pos >= m_text.size();
    }

    bool consume(QLatin1StringView token)
    {
        skipSpace();
        if (QStringView(m_text).mid(m_pos).startsWith(token)) {
            m_pos += token.size();
            return true;
        }
        return false;
    }

    Condition::Operand operand()
    {
        skipSpace();
        Condition::Operand result;
        if (m_pos >= m_text.size()) {
            fail(QStringLiteral("expected a value or a [PLACEHOLDER]"));
            return result;
        }
        if (consume(QLatin1StringView("len("))) {
            // len() takes a placeholder and nothing else, so it never nests.
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) != QLatin1Char('[')) {
                fail(QStringLiteral("len() takes a [PLACEHOLDER]"));
                return result;
            }
            result = placeholder();
            result.kind = Condition::Operand::Kind::Length;
            if (!consume(QLatin1StringView(")")))
                fail(QStringLiteral("missing `)` after len("));
            return result;
        }
        const QChar c = m_text.at(m_pos);
        if (c == QLatin1Char('['))
            return placeholder();
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            return quoted(c);
        return bare();
    }

    Condition::Operand placeholder()
    {
        Condition::Operand result;
        result.kind = Condition::Operand::Kind::Placeholder;
        ++m_pos; // [
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && (m_text.at(m_pos).isUpper() || m_text.at(m_pos).isDigit() || m_text.at(m_pos) == QLatin1Char('_')))
            ++m_pos;
        result.placeholder = m_text.mid(start, m_pos - start);
        if (result.placeholder.isEmpty() || m_pos >= m_text.size() || m_text.at(m_pos) != QLatin1Char(']')) {
            fail(QStringLiteral("a placeholder is an upper-case name in brackets, like [STATUS]"));
            return result;
        }
        ++m_pos; // ]
        // Path: .field, .\"quoted field\", [index]
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos);
            if (c == QLatin1Char('.')) {
                ++m_pos;
                if (m_pos < m_text.size() && m_text.at(m_pos) == QLatin1Char('"')) {
                    result.path.append(quoted(QLatin1Char('"')).literal.toString());
                    continue;
                }
                const qsizetype s = m_pos;
                while (m_pos < m_text.size() && (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == QLatin1Char('_')
                                                 || m_text.at(m_pos) == QLatin1Char('-')))
                    ++m_pos;
                if (s == m_pos) {
                    fail(QStringLiteral("expected a field name after `.`"));
                    return result;
                }
                result.path.append(m_text.mid(s, m_pos - s));
            } else if (c == QLatin1Char('[')) {
                ++m_pos;
                const qsizetype s = m_pos;
                while (m_pos < m_text.size() && m_text.at(m_pos).isDigit())
                    ++m_pos;
                if (s == m_pos || m_pos >= m_text.size() || m_text.at(m_pos) != QLatin1Char(']')) {
                    fail(QStringLiteral("expected an index like [0]"));
                    return result;
                }
                result.path.append(m_text.mid(s, m_pos - s));
                ++m_pos;
            } else {
                break;
            }
        }
        return result;
    }

    Condition::Operand quoted(QChar quote)
    {
        Condition::Operand result;
        ++m_pos;
        QString value;
        while (m_pos < m_text.size() && m_text.at(m_pos) != quote) {
            if (m_text.at(m_pos) == QLatin1Char('\\') && m_pos + 1 < m_text.size())
                ++m_pos;
            value.append(m_text.at(m_pos++));
        }
        if (m_pos >= m_text.size()) {
            fail(QStringLiteral("unterminated string; add the closing %1").arg(quote));
            return result;
        }
        ++m_pos;
        result.literal = value;
        return result;
    }

    Condition::Operand bare()
    {
        Condition::Operand result;
        const qsizetype start = m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos);
            if (c.isSpace() || QStringLiteral("=!<>()").contains(c))
                break;
            ++m_pos;
        }
        const QString word = m_text.mid(start, m_pos - start);
        if (word.isEmpty()) {
            fail(QStringLiteral("expected a value or a [PLACEHOLDER]"));
            return result;
        }
        if (word == QLatin1String("true") || word == QLatin1String("false")) {
            result.literal = word == QLatin1String("true");
            return result;
        }
        if (word == QLatin1String("null")) {
            result.literal = QVariant::fromValue(nullptr);
            return result;
        }
        // A number with an optional unit.
        qsizetype numberEnd = 0;
        while (numberEnd < word.size()
               && (word.at(numberEnd).isDigit() || word.at(numberEnd) == QLatin1Char('.')
                   || (numberEnd == 0 && word.at(0) == QLatin1Char('-'))))
            ++numberEnd;
        bool ok = false;
        const double number = word.left(numberEnd).toDouble(&ok);
        if (ok) {
            const QString unit = word.mid(numberEnd);
            static const QStringList units{QStringLiteral("ms"), QStringLiteral("s"), QStringLiteral("%"), QStringLiteral("B"),
                                           QStringLiteral("KB"), QStringLiteral("MB"), QStringLiteral("GB")};
            if (unit.isEmpty() || units.contains(unit)) {
                result.literal = number;
                result.unit = unit;
                return result;
            }
        }
        if (word.startsWith(QLatin1Char('['))) {
            fail(QStringLiteral("a placeholder is an upper-case name in brackets, like [STATUS]"));
            return result;
        }
        result.literal = word;
        return result;
    }

    Condition::Op op()
    {
        skipSpace();
        static const std::pair<const char *, Condition::Op> ops[] = {
            {"==", Condition::Op::Equal},   {"!=", Condition::Op::NotEqual},  {"<=", Condition::Op::LessEqual},
            {">=", Condition::Op::GreaterEqual}, {"=~", Condition::Op::Matches}, {"!~", Condition::Op::NotMatches},
            {"<", Condition::Op::Less},     {">", Condition::Op::Greater},    {"contains", Condition::Op::Contains},
        };
        for (const auto &[token, value] : ops) {
            if (consume(QLatin1StringView(token)))
                return value;
        }
        fail(QStringLiteral("expected an operator: == != < <= > >= =~ !~ contains"));
        return Condition::Op::Truthy;
    }

private:
    const QString &m_text;
    qsizetype m_pos = 0;
    QString m_error;
    int m_errorColumn = 0;
};

} // namespace

Condition Condition::parse(const QString &text)
{
    Condition c;
    c.m_text = text;
    ConditionReader reader(text);
    if (reader.atEnd()) {
        c.m_error = QStringLiteral("empty condition");
        c.m_errorColumn = 1;
        return c;
    }
    c.m_left = reader.operand();
    if (!reader.failed() && !reader.atEnd()) {
        c.m_op = reader.op();
        if (!reader.failed())
            c.m_right = reader.operand();
        if (!reader.failed() && !reader.atEnd())
            reader.fail(QStringLiteral("unexpected text after the condition"));
    } else if (!reader.failed() && c.m_left.kind == Operand::Kind::Literal) {
        reader.fail(QStringLiteral("a condition needs a [PLACEHOLDER], like [STATUS] == 200"));
    }
    if (!reader.failed() && c.m_left.kind == Operand::Kind::Literal && c.m_right.kind == Operand::Kind::Literal)
        reader.fail(QStringLiteral("a condition needs a [PLACEHOLDER], like [STATUS] == 200"));
    if (!reader.failed() && (c.m_op == Op::Matches || c.m_op == Op::NotMatches)
        && c.m_right.kind == Operand::Kind::Literal) {
        // Validate regexes now, so that lint catches them.
        const QRegularExpression re(c.m_right.literal.toString());
        if (!re.isValid())
            reader.fail(QStringLiteral("bad regular expression: %1").arg(re.errorString()));
    }
    c.m_error = reader.error();
    c.m_errorColumn = reader.errorColumn();
    return c;
}

QStringList Condition::placeholders() const
{
    QStringList names;
    for (const Operand *o : {&m_left, &m_right}) {
        if (o->kind != Operand::Kind::Literal && !o->placeholder.isEmpty())
            names.append(o->placeholder);
    }
    return names;
}

namespace {

QString operandText(const Condition::Operand &o)
{
    if (o.kind == Condition::Operand::Kind::Literal)
        return o.literal.toString() + o.unit;
    QString text = QLatin1Char('[') + o.placeholder + QLatin1Char(']');
    for (const QString &segment : o.path)
        text += QLatin1Char('.') + segment;
    return o.kind == Condition::Operand::Kind::Length ? QStringLiteral("len(%1)").arg(text) : text;
}

QString shown(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QStringLiteral("null");
    if (v.typeId() == QMetaType::QVariantList)
        return QStringLiteral("a list of %1").arg(v.toList().size());
    if (v.typeId() == QMetaType::QVariantMap)
        return QStringLiteral("an object of %1 fields").arg(v.toMap().size());
    const QString s = v.toString();
    return v.typeId() == QMetaType::QString ? QLatin1Char('"') + (s.size() > 80 ? s.left(77) + QStringLiteral("...") : s) + QLatin1Char('"') : s;
}

double unitFactor(const QString &unit)
{
    if (unit == QLatin1String("s"))
        return 1000;
    if (unit == QLatin1String("%"))
        return 0.01;
    if (unit == QLatin1String("KB"))
        return 1024;
    if (unit == QLatin1String("MB"))
        return 1024.0 * 1024;
    if (unit == QLatin1String("GB"))
        return 1024.0 * 1024 * 1024;
    return 1;
}

// The operand's value, or an invalid QVariant with `missing` set to what could not be found.
QVariant resolve(const Condition::Operand &o, const QVariantMap &values, QString *missing, bool hideValues = false)
{
    if (o.kind == Condition::Operand::Kind::Literal) {
        if (o.literal.typeId() == QMetaType::Double)
            return o.literal.toDouble() * unitFactor(o.unit);
        return o.literal;
    }
    if (!values.contains(o.placeholder)) {
        *missing = QStringLiteral("[%1] was not measured").arg(o.placeholder);
        return {};
    }
    QVariant v = values.value(o.placeholder);
    QString walked = QLatin1Char('[') + o.placeholder + QLatin1Char(']');
    for (const QString &segment : o.path) {
        if (v.typeId() == QMetaType::QVariantMap) {
            const QVariantMap map = v.toMap();
            auto it = map.constFind(segment);
            if (it == map.cend()) {
                // Header names and INFO fields are case-insensitive.
                for (auto k = map.cbegin(); k != map.cend(); ++k) {
                    if (k.key().compare(segment, Qt::CaseInsensitive) == 0) {
                        it = k;
                        break;
                    }
                }
            }
            if (it == map.cend()) {
                *missing = QStringLiteral("%1 has no field `%2`").arg(walked, segment);
                return {};
            }
            v = *it;
        } else if (v.typeId() == QMetaType::QVariantList) {
            bool ok = false;
            const int index = segment.toInt(&ok);
            const QVariantList list = v.toList();
            if (!ok || index < 0 || index >= list.size()) {
                *missing = QStringLiteral("%1 has no item %2 (it has %3)").arg(walked, segment).arg(list.size());
                return {};
            }
            v = list.at(index);
        } else {
            *missing = QStringLiteral("%1 is %2, which has no field `%3`").arg(walked, hideValues ? QStringLiteral("(hidden)") : shown(v), segment);
            return {};
        }
        walked += QLatin1Char('.') + segment;
    }
    if (o.kind == Condition::Operand::Kind::Length) {
        if (v.typeId() == QMetaType::QVariantList)
            return double(v.toList().size());
        if (v.typeId() == QMetaType::QVariantMap)
            return double(v.toMap().size());
        return double(v.toString().size());
    }
    return v;
}

bool asNumber(const QVariant &v, double *out)
{
    switch (v.typeId()) {
    case QMetaType::Double:
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Float:
        *out = v.toDouble();
        return true;
    case QMetaType::Bool:
        return false;
    case QMetaType::QString: {
        bool ok = false;
        *out = v.toString().trimmed().toDouble(&ok);
        return ok;
    }
    default:
        return false;
    }
}

bool truthy(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return false;
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::QVariantList:
        return !v.toList().isEmpty();
    case QMetaType::QVariantMap:
        return !v.toMap().isEmpty();
    case QMetaType::QString: {
        const QString s = v.toString().trimmed().toLower();
        return !s.isEmpty() && s != QLatin1String("0") && s != QLatin1String("false");
    }
    default: {
        double d = 0;
        return asNumber(v, &d) ? d != 0 : true;
    }
    }
}

} // namespace

Condition::Evaluation Condition::evaluate(const QVariantMap &values, bool hideValues) const
{
    auto show = [hideValues](const QVariant &v) { return hideValues ? QStringLiteral("(hidden)") : shown(v); };
    Evaluation e;
    if (!isValid()) {
        e.explanation = QStringLiteral("condition `%1` is invalid: %2").arg(m_text, m_error);
        return e;
    }
    QString missing;
    const QVariant left = resolve(m_left, values, &missing, hideValues);
    if (!missing.isEmpty()) {
        e.explanation = missing;
        return e;
    }
    if (m_op == Op::Truthy) {
        e.holds = truthy(left);
        e.explanation = QStringLiteral("%1 is %2").arg(operandText(m_left), show(left));
        return e;
    }
    const QVariant right = resolve(m_right, values, &missing, hideValues);
    if (!missing.isEmpty()) {
        e.explanation = missing;
        return e;
    }
    double a = 0;
    double b = 0;
    // A quoted or bare-word literal is text: "1.10" is not "1.1". Numbers compare as numbers
    // only when the literal is one.
    const bool textLiteral = (m_left.kind == Operand::Kind::Literal && m_left.literal.typeId() == QMetaType::QString)
                             || (m_right.kind == Operand::Kind::Literal && m_right.literal.typeId() == QMetaType::QString);
    const bool numeric = !textLiteral && asNumber(left, &a) && asNumber(right, &b);
    const QString ls = left.toString();
    const QString rs = right.toString();
    switch (m_op) {
    case Op::Equal:
    case Op::NotEqual: {
        const bool equal = numeric ? std::abs(a - b) < 1e-9
                           : (left.typeId() == QMetaType::Bool || right.typeId() == QMetaType::Bool) ? truthy(left) == truthy(right)
                                                                                                     : ls == rs;
        e.holds = m_op == Op::Equal ? equal : !equal;
        break;
    }
    case Op::Less:
    case Op::LessEqual:
    case Op::Greater:
    case Op::GreaterEqual:
        if (!numeric) {
            e.explanation = QStringLiteral("%1 is %2, not a number to compare with %3").arg(operandText(m_left), show(left), show(right));
            return e;
        }
        e.holds = m_op == Op::Less ? a < b : m_op == Op::LessEqual ? a <= b : m_op == Op::Greater ? a > b : a >= b;
        break;
    case Op::Matches:
    case Op::NotMatches: {
        const QRegularExpression re(rs);
        e.holds = re.match(ls).hasMatch() == (m_op == Op::Matches);
        break;
    }
    case Op::Contains:
        e.holds = left.typeId() == QMetaType::QVariantList ? left.toList().contains(right) || left.toStringList().contains(rs)
                                                            : ls.contains(rs);
        break;
    case Op::Truthy:
        break;
    }
    static const char *const opNames[] = {"", "==", "!=", "<", "<=", ">", ">=", "=~", "!~", "contains"};
    e.explanation = QStringLiteral("%1 is %2; expected %3 %4")
                        .arg(operandText(m_left), hideValues ? QStringLiteral("(hidden)") : numeric ? QString::number(a) : shown(left), QLatin1String(opNames[int(m_op)]),
                             operandText(m_right));
    return e;
}

std::optional<Condition::Threshold> Condition::threshold() const
{
    if (!isValid() || (m_op != Op::Less && m_op != Op::LessEqual && m_op != Op::Greater && m_op != Op::GreaterEqual))
        return std::nullopt;
    const Operand *placeholder = nullptr;
    const Operand *number = nullptr;
    Op op = m_op;
    if (m_left.kind == Operand::Kind::Placeholder && m_right.kind == Operand::Kind::Literal) {
        placeholder = &m_left;
        number = &m_right;
    } else if (m_right.kind == Operand::Kind::Placeholder && m_left.kind == Operand::Kind::Literal) {
        placeholder = &m_right;
        number = &m_left;
        op = m_op == Op::Less ? Op::Greater : m_op == Op::LessEqual ? Op::GreaterEqual : m_op == Op::Greater ? Op::Less : Op::LessEqual;
    }
    if (!placeholder || number->literal.typeId() != QMetaType::Double)
        return std::nullopt;
    return Threshold{placeholder->placeholder, placeholder->path, op, number->literal.toDouble() * unitFactor(number->unit)};
}

} // namespace triage
