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

// One name for a product that people write several ways: "postgres" in an error and
// "PostgreSQL" in a guide's title are the same thing to someone searching.
QString productName(const QString &word)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("postgresql"), QStringLiteral("postgres")}, {QStringLiteral("pg"), QStringLiteral("postgres")},
        {QStringLiteral("pgsql"), QStringLiteral("postgres")},      {QStringLiteral("k8s"), QStringLiteral("kubernetes")},
        {QStringLiteral("kube"), QStringLiteral("kubernetes")},     {QStringLiteral("mongodb"), QStringLiteral("mongo")},
    };
    return names.value(word, word);
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
        result.append({stem(productName(lower)), (innerUpper && hasLower) || (hasDigit && hasLetter)});
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

int SearchIndex::termId(const QString &term, bool create)
{
    const auto it = m_termIds.constFind(term);
    if (it != m_termIds.cend())
        return *it;
    if (!create)
        return -1;
    const int id = int(m_postings.size());
    m_termIds.insert(term, id);
    m_postings.emplace_back();
    m_isPair.push_back(false);
    return id;
}

int SearchIndex::pairId(int first, int second, bool create)
{
    const quint64 key = (quint64(quint32(first)) << 32) | quint32(second);
    const auto it = m_pairIds.constFind(key);
    if (it != m_pairIds.cend())
        return *it;
    if (!create)
        return -1;
    const int id = int(m_postings.size());
    m_pairIds.insert(key, id);
    m_postings.emplace_back();
    m_isPair.push_back(true);
    return id;
}

void SearchIndex::addField(std::vector<std::pair<int, float>> &weights, const QString &text, float fieldWeight)
{
    int previous = -1;
    for (const Term &t : tokens(text)) {
        const int id = termId(t.text, true);
        weights.emplace_back(id, fieldWeight);
        if (previous >= 0)
            weights.emplace_back(pairId(previous, id, true), fieldWeight * kPairBoost);
        previous = id;
    }
}

void SearchIndex::addGuide(const Guide &guide)
{
    std::vector<std::pair<int, float>> weights;
    for (const GuideNode &node : guide.nodes) {
        if (node.kind != NodeKind::Issue)
            continue;
        Document doc;
        doc.hit = {guide.id, guide.title, guide.path, node.id, node.title, 0, node.location};

        weights.clear();
        addField(weights, node.title, kTitle);
        addField(weights, guide.body(node), kBody);
        for (const GuideNode *child : guide.children(node.id)) {
            switch (child->kind) {
            case NodeKind::Symptom: {
                // A symptom's title is usually its body's first line; count that text once.
                const QString body = guide.body(*child);
                if (!body.contains(child->title))
                    addField(weights, child->title, kSymptom);
                addField(weights, body, kSymptom);
                for (const QString &line : QString(child->title + QLatin1Char('\n') + body).split(QLatin1Char('\n'))) {
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
                addField(weights, child->title + QLatin1Char(' ') + guide.body(*child), kCause);
                break;
            default:
                addField(weights, child->title, kSteps);
                break;
            }
        }
        // Merge repeated ids into one posting each.
        std::sort(weights.begin(), weights.end());
        const int index = int(m_docs.size());
        float length = 0;
        for (size_t i = 0; i < weights.size();) {
            const int id = weights[i].first;
            float sum = 0;
            for (; i < weights.size() && weights[i].first == id; ++i)
                sum += weights[i].second;
            m_postings[size_t(id)].push_back({index, sum});
            if (!m_isPair[size_t(id)])
                length += sum;
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
    QHash<int, double> queryTerms; // term or pair id → weight
    int previous = -1;
    for (const Term &t : words) {
        const int id = m_termIds.value(t.text, -1);
        if (id >= 0) {
            double &weight = queryTerms[id];
            weight = std::max(weight, t.distinctive ? kDistinctive : 1.0);
        }
        if (previous >= 0 && id >= 0) {
            const int pair = m_pairIds.value((quint64(quint32(previous)) << 32) | quint32(id), -1);
            if (pair >= 0)
                queryTerms.insert(pair, 1.0);
        }
        previous = id;
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
        const std::vector<Posting> &postings = m_postings[size_t(term.key())];
        if (postings.empty())
            continue;
        const double df = double(postings.size());
        const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
        for (const Posting &p : postings) {
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
