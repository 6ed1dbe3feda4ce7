#include "Condition.h"

#include <QRegularExpression>

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

} // namespace triage
