#pragma once

#include "SearchHit.h"
#include "guide/Guide.h"

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace triage {

// Finds the issues whose symptoms match a pasted error message or a few words, best first.
//
// Each issue is one document made of weighted fields: its title and symptoms weigh most, then
// its own text, causes, diagnosis steps and solutions. Scoring is BM25 over words and adjacent
// word pairs (so "too many connections" beats three scattered words), plus a bonus when a
// whole symptom line appears in the pasted text.
//
// Build once with addGuide(), then find() from any thread (it is const and allocation-local).
class SearchIndex {
public:
    void addGuide(const Guide &guide);
    QList<SearchHit> find(const QString &text, int limit = 10) const;
    int documentCount() const { return int(m_docs.size()); }

    // Lower-cased, lightly stemmed words of a text, without stop words. Exposed for tests.
    static QStringList terms(const QString &text);

private:
    struct Term {
        QString text;
        bool distinctive = false; // an identifier-like word: CamelCase, or letters with digits
    };
    static QList<Term> tokens(const QString &text);

    struct Posting {
        int doc;
        float weight;
    };
    struct Document {
        SearchHit hit;
        float length = 0;
        QStringList symptomLines; // normalised, for whole-line matches
    };

    // Words and adjacent word pairs are interned as ids; postings are kept by id.
    int termId(const QString &term, bool create);
    int pairId(int first, int second, bool create);
    void addField(std::vector<std::pair<int, float>> &weights, const QString &text, float fieldWeight);

    std::vector<Document> m_docs;
    QHash<QString, int> m_termIds;
    QHash<quint64, int> m_pairIds;
    std::vector<std::vector<Posting>> m_postings; // by term or pair id
    std::vector<bool> m_isPair;                   // by id
    double m_totalLength = 0;
};

} // namespace triage
