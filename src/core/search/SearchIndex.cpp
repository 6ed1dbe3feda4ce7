#include "SearchIndex.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace triage {

namespace {

const QSet<QString> &stopWords()
{
    static const QSet<QString> words{
        QStringLiteral("the"), QStringLiteral("a"),    QStringLiteral("an"),   QStringLiteral("and"),  QStringLiteral("or"),
        QStringLiteral("of"),  QStringLiteral("to"),   QStringLiteral("in"),   QStringLiteral("on"),   QStringLiteral("for"),
        QStringLiteral("is"),  QStringLiteral("are"),  QStringLiteral("be"),   QStringLiteral("it"),   QStringLiteral("this"),
        QStringLiteral("that"), QStringLiteral("with"), QStringLiteral("at"),  QStringLiteral("by"),   QStringLiteral("from"),
        QStringLiteral("as"),  QStringLiteral("was"),  QStringLiteral("were"), QStringLiteral("if"),   QStringLiteral("then"),
        QStringLiteral("my"),  QStringLiteral("your"), QStringLiteral("i"),    QStringLiteral("we"),   QStringLiteral("you"),
        QStringLiteral("e"),   QStringLiteral("g"),    QStringLiteral("s"),    QStringLiteral("t"),    QStringLiteral("can"),
    };
    return words;
}

QString stem(QString word)
{
    // Light suffix folding so that "connecting", "connections" and "connection" meet; applied
    // the same way to guides and queries.
    if (word.size() <= 4 || word.at(0).isDigit())
        return word;
    for (const char *suffix : {"ing", "ed", "es", "s", "e"}) {
        const QLatin1StringView s(suffix);
        if (word.endsWith(s) && word.size() - s.size() >= 4 && !word.endsWith(QLatin1String("ss"))) {
            word.chop(s.size());
            break;
        }
    }
    return word;
}

QString normaliseLine(const QString &text)
{
    return text.simplified().toLower();
}

constexpr float kTitle = 3.0f;
constexpr float kSymptom = 3.0f;
constexpr float kBody = 1.2f;
constexpr float kCause = 1.0f;
constexpr float kSteps = 0.5f;
constexpr float kPairBoost = 1.5f;
constexpr double kDistinctive = 2.0;

} // namespace

QStringList SearchIndex::terms(const QString &text)
{
    QStringList result;
    for (const Term &t : tokens(text))
        result.append(t.text);
    return result;
}

QList<SearchIndex::Term> SearchIndex::tokens(const QString &text)
{
    QList<Term> result;
    QString current;
    auto flush = [&] {
        if (current.isEmpty())
            return;
        const QString lower = current.toLower();
        // Identifiers such as OOMKilled, CrashLoopBackOff or NoBrokersAvailable name one failure;
        // an English word in the same message (last, state, reason) could name many.
        bool innerUpper = false, hasLower = false, hasDigit = false, hasLetter = false;
        for (qsizetype i = 0; i < current.size(); ++i) {
            const QChar c = current.at(i);
            innerUpper = innerUpper || (i > 0 && c.isUpper());
            hasLower = hasLower || c.isLower();
            hasDigit = hasDigit || c.isDigit();
            hasLetter = hasLetter || c.isLetter();
        }
        current.clear();
        if (stopWords().contains(lower))
            return;
        result.append({stem(lower), (innerUpper && hasLower) || (hasDigit && hasLetter)});
    };
    for (QChar c : text) {
        if (c.isLetterOrNumber())
            current.append(c);
        else
            flush();
    }
    flush();
    return result;
}

void SearchIndex::addField(QHash<QString, float> &weights, const QString &text, float fieldWeight) const
{
    const QStringList words = terms(text);
    for (qsizetype i = 0; i < words.size(); ++i) {
        weights[words.at(i)] += fieldWeight;
        if (i + 1 < words.size())
            weights[words.at(i) + QLatin1Char(' ') + words.at(i + 1)] += fieldWeight * kPairBoost;
    }
}

void SearchIndex::addGuide(const Guide &guide)
{
    for (const GuideNode &node : guide.nodes) {
        if (node.kind != NodeKind::Issue)
            continue;
        Document doc;
        doc.hit = {guide.id, guide.title, guide.path, node.id, node.title, 0, node.location};

        QHash<QString, float> weights;
        addField(weights, node.title, kTitle);
        addField(weights, node.body, kBody);
        for (const GuideNode *child : guide.children(node.id)) {
            switch (child->kind) {
            case NodeKind::Symptom: {
                // A symptom's title is usually its body's first line; count that text once.
                if (!child->body.contains(child->title))
                    addField(weights, child->title, kSymptom);
                addField(weights, child->body.isEmpty() ? QString() : child->body, kSymptom);
                for (const QString &line : (child->title + QLatin1Char('\n') + child->body).split(QLatin1Char('\n'))) {
                    QString l = line.trimmed();
                    if (l.startsWith(QLatin1String("```")) || l.startsWith(QLatin1Char('-')))
                        l = l.mid(l.startsWith(QLatin1Char('-')) ? 1 : 3).trimmed();
                    l.remove(QLatin1Char('`'));
                    if (l.size() >= 12)
                        doc.symptomLines.append(normaliseLine(l));
                }
                break;
            }
            case NodeKind::Cause:
                addField(weights, child->title + QLatin1Char(' ') + child->body, kCause);
                break;
            default:
                addField(weights, child->title, kSteps);
                break;
            }
        }
        const int index = int(m_docs.size());
        float length = 0;
        for (auto it = weights.cbegin(); it != weights.cend(); ++it) {
            m_postings[it.key()].push_back({index, it.value()});
            if (!it.key().contains(QLatin1Char(' ')))
                length += it.value();
        }
        doc.length = std::max(length, 1.0f);
        m_totalLength += doc.length;
        m_docs.push_back(std::move(doc));
    }
}

QList<SearchHit> SearchIndex::find(const QString &text, int limit) const
{
    QList<SearchHit> hits;
    if (m_docs.empty())
        return hits;
    const QList<Term> words = tokens(text);
    QHash<QString, double> queryTerms; // term → weight
    for (qsizetype i = 0; i < words.size(); ++i) {
        double &weight = queryTerms[words.at(i).text];
        weight = std::max(weight, words.at(i).distinctive ? kDistinctive : 1.0);
        if (i + 1 < words.size())
            queryTerms.insert(words.at(i).text + QLatin1Char(' ') + words.at(i + 1).text, 1.0);
    }
    if (queryTerms.isEmpty())
        return hits;

    const double n = double(m_docs.size());
    const double averageLength = m_totalLength / n;
    constexpr double k1 = 1.2;
    constexpr double b = 0.75;
    std::vector<double> scores(m_docs.size(), 0.0);
    std::vector<int> touched;
    for (auto term = queryTerms.cbegin(); term != queryTerms.cend(); ++term) {
        const auto it = m_postings.constFind(term.key());
        if (it == m_postings.cend())
            continue;
        const double df = double(it->size());
        const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
        for (const Posting &p : *it) {
            const double tf = p.weight;
            const double norm = k1 * (1.0 - b + b * m_docs[size_t(p.doc)].length / averageLength);
            if (scores[size_t(p.doc)] == 0.0)
                touched.push_back(p.doc);
            scores[size_t(p.doc)] += term.value() * idf * (tf * (k1 + 1.0)) / (tf + norm);
        }
    }
    if (touched.empty())
        return hits;

    // A symptom line quoted whole in the pasted text is the strongest evidence there is.
    const QString pasted = normaliseLine(text);
    for (int doc : touched) {
        for (const QString &line : m_docs[size_t(doc)].symptomLines) {
            if (pasted.contains(line) || (pasted.size() >= 12 && line.contains(pasted))) {
                scores[size_t(doc)] *= 1.5;
                scores[size_t(doc)] += 2.0;
                break;
            }
        }
    }

    std::sort(touched.begin(), touched.end(), [&](int a, int b) {
        if (scores[size_t(a)] != scores[size_t(b)])
            return scores[size_t(a)] > scores[size_t(b)];
        return a < b;
    });
    const double best = scores[size_t(touched.front())];
    for (int doc : touched) {
        const double score = scores[size_t(doc)];
        if (hits.size() >= limit || score < best * 0.2)
            break;
        SearchHit hit = m_docs[size_t(doc)].hit;
        hit.score = std::round(score * 1000.0) / 1000.0;
        hits.append(hit);
    }
    return hits;
}

} // namespace triage
