#include "StructureVocabulary.h"

#include "markdown/AsciiFold.h"

#include <algorithm>
#include <array>

#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <span>
#include <string_view>

namespace triage {

namespace {

struct PartWord {
    std::string_view word;
    NodeKind kind;
    bool plural;
};

constexpr PartWord kPartWords[] = {
    {"symptom", NodeKind::Symptom, false},
    {"symptoms", NodeKind::Symptom, true},
    {"problem", NodeKind::Symptom, false},
    {"problems", NodeKind::Symptom, true},
    {"error", NodeKind::Symptom, false},
    {"errors", NodeKind::Symptom, true},
    {"error message", NodeKind::Symptom, false},
    {"signs", NodeKind::Symptom, true},
    {"what you see", NodeKind::Symptom, true},
    {"observed behavior", NodeKind::Symptom, false},
    {"observed behaviour", NodeKind::Symptom, false},
    {"alert", NodeKind::Symptom, false},        // runbooks: what fired, as the pager shows it
    {"issue", NodeKind::Symptom, false},        // knowledge-base articles: "## Issue" states the problem
    {"describe the bug", NodeKind::Symptom, false}, // issue templates
    {"bug description", NodeKind::Symptom, false},
    {"actual behavior", NodeKind::Symptom, false},
    {"actual behaviour", NodeKind::Symptom, false},
    {"diagnostic steps", NodeKind::Diagnosis, false},
    {"fires when", NodeKind::Symptom, false},
    {"detection", NodeKind::Symptom, false},    // runbooks: how the problem shows itself
    {"diagnosis", NodeKind::Diagnosis, false},
    {"diagnostics", NodeKind::Diagnosis, false},
    {"diagnose", NodeKind::Diagnosis, false},
    {"investigation", NodeKind::Diagnosis, false},
    {"how to diagnose", NodeKind::Diagnosis, false},
    {"how to check", NodeKind::Diagnosis, false},
    {"how to verify", NodeKind::Diagnosis, false},
    {"how to confirm", NodeKind::Diagnosis, false},
    {"verification", NodeKind::Diagnosis, false},
    {"check", NodeKind::Diagnosis, false},
    {"checks", NodeKind::Diagnosis, false},
    {"verify", NodeKind::Diagnosis, false},
    {"what to check", NodeKind::Diagnosis, false},
    {"triage", NodeKind::Diagnosis, false}, // runbooks: the first look at an alert
    {"solution", NodeKind::Solution, false},
    {"solutions", NodeKind::Solution, true},
    {"fix", NodeKind::Solution, false},
    {"fixes", NodeKind::Solution, true},
    {"resolution", NodeKind::Solution, false},
    {"workaround", NodeKind::Solution, false},
    {"workarounds", NodeKind::Solution, true},
    {"remedy", NodeKind::Solution, false},
    {"how to fix", NodeKind::Solution, false},
    {"possible solutions", NodeKind::Solution, true},
    {"quick fix", NodeKind::Solution, false},
    {"mitigation", NodeKind::Solution, false},
    {"mitigations", NodeKind::Solution, true},
    {"remediation", NodeKind::Solution, false},
    {"try", NodeKind::Solution, false},         // "Try: `pnpm install --no-frozen-lockfile`"
    {"to fix", NodeKind::Solution, false},
    {"to fix it", NodeKind::Solution, false},   // "To fix it:" over the steps
    {"to fix this", NodeKind::Solution, false},
    {"what to do", NodeKind::Solution, false},
    {"action", NodeKind::Solution, false},
    {"actions", NodeKind::Solution, true},
    {"root cause", NodeKind::Cause, false},
    {"root causes", NodeKind::Cause, true},
    {"cause", NodeKind::Cause, false},
    {"causes", NodeKind::Cause, true},
    {"likely cause", NodeKind::Cause, false},
    {"possible causes", NodeKind::Cause, true},
    {"likely causes", NodeKind::Cause, true},
    {"common causes", NodeKind::Cause, true},
    {"reason", NodeKind::Cause, false},
    {"why", NodeKind::Cause, false},
    {"why it happens", NodeKind::Cause, false},
    {"why this happens", NodeKind::Cause, false},
    {"why does this happen", NodeKind::Cause, false},
    {"what causes this", NodeKind::Cause, false},
    {"what causes it", NodeKind::Cause, false},
    {"explanation", NodeKind::Cause, false},
    // The commonest in German and French wikis, accents dropped ("Lösung", "Symptôme").
    {"ursache", NodeKind::Cause, false},
    {"ursachen", NodeKind::Cause, true},
    {"losung", NodeKind::Solution, false},
    {"loesung", NodeKind::Solution, false},
    {"behebung", NodeKind::Solution, false},
    {"fehlerbild", NodeKind::Symptom, false},
    {"symptome", NodeKind::Symptom, false},
    {"symptomes", NodeKind::Symptom, true},
    {"probleme", NodeKind::Symptom, false},
    {"contournement", NodeKind::Solution, false},
    {"abhilfe", NodeKind::Solution, false},
    {"prufung", NodeKind::Diagnosis, false},
    {"pruefung", NodeKind::Diagnosis, false},
    {"mogliche ursache", NodeKind::Cause, false},
    {"moegliche ursache", NodeKind::Cause, false},
    // Spanish, accents dropped ("Síntoma", "Solución", "Diagnóstico").
    {"sintoma", NodeKind::Symptom, false},
    {"sintomas", NodeKind::Symptom, true},
    {"diagnostico", NodeKind::Diagnosis, false},
    {"comprobacion", NodeKind::Diagnosis, false},
    {"causa", NodeKind::Cause, false},
    {"causas", NodeKind::Cause, false},
    {"causa probable", NodeKind::Cause, false},
    {"solucion", NodeKind::Solution, false},
    {"soluciones", NodeKind::Solution, true},
    {"solucion alternativa", NodeKind::Solution, false},
    {"impact", NodeKind::Info, false},
    {"escalation", NodeKind::Info, false},      // runbooks: whom to call, not a fix
    {"environment", NodeKind::Info, false},
    {"expected behavior", NodeKind::Info, false},
    {"expected behaviour", NodeKind::Info, false},
    {"additional context", NodeKind::Info, false},
    {"steps to reproduce", NodeKind::Info, false},
    {"prevention", NodeKind::Info, false},
    {"lessons learned", NodeKind::Info, false},
    {"notes", NodeKind::Info, false},
};

bool isWordChar(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
}

char16_t foldAscii(char16_t c)
{
    return c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c;
}

// Fixed English phrases found the way a case-insensitive regular expression of alternatives
// finds them, without one: a match costs the compiled engine several thousand instructions of
// set-up, these a few hundred. A word boundary is what `\b` is in a pattern without Unicode
// properties: next to a character that is not an ASCII letter, digit or '_' (so "é" is a
// boundary), or at either end. Only ASCII letters are folded: phrases are lower-case ASCII, and
// the Unicode case pairs a regular expression would also fold (the long s "ſ", the Kelvin sign)
// do not occur in real headings.
// With `wordStart`, a phrase must start a word; with `wordEnd` as well, end one.
// Where the first phrase found from `from` on ends, or -1.
qsizetype phraseEnd(QStringView text, std::span<const std::string_view> phrases, bool wordStart, bool wordEnd, qsizetype from = 0)
{
    const char16_t *t = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = from; i < n; ++i) {
        if (wordStart && i > 0 && isWordChar(t[i - 1]))
            continue;
        const char16_t first = foldAscii(t[i]);
        for (const std::string_view phrase : phrases) {
            const qsizetype length = qsizetype(phrase.size());
            if (char16_t(phrase.front()) != first || n - i < length)
                continue;
            qsizetype k = 1;
            while (k < length && foldAscii(t[i + k]) == char16_t(phrase[k]))
                ++k;
            if (k == length && (!wordEnd || i + length == n || !isWordChar(t[i + length])))
                return i + length;
        }
    }
    return -1;
}

bool containsPhrase(QStringView text, std::span<const std::string_view> phrases, bool wordStart = false, bool wordEnd = false)
{
    return phraseEnd(text, phrases, wordStart, wordEnd) >= 0;
}

} // namespace

StructureVocabulary::PartLabel StructureVocabulary::partLabel(QStringView text)
{
    PartLabel label;
    // "❗ Problem:", "🔍 Cause": the emoji a label may open with say nothing about its kind.
    QStringView t = text.trimmed();
    if (!t.isEmpty() && t.front().unicode() >= 0x80)
        t = withoutLeadingSymbols(t);
    while (!t.isEmpty() && (t.endsWith(QLatin1Char(':')) || t.endsWith(QLatin1Char('.'))))
        t.chop(1);
    // "Why does this happen?" asks for the cause; "Why?" alone may ask why a step is advised.
    if (t.endsWith(QLatin1Char('?')) && t.contains(QLatin1Char(' ')))
        t.chop(1);
    t = t.trimmed();
    if (t.isEmpty() || t.size() > 40)
        return label;
    // "Solution 2", "Solution #2"
    qsizetype digits = t.size();
    while (digits > 0 && t.at(digits - 1).isDigit())
        --digits;
    if (digits < t.size() && digits > 0) {
        label.number = t.mid(digits).toInt();
        t = t.left(digits).trimmed();
        if (t.endsWith(QLatin1Char('#')))
            t = t.chopped(1).trimmed();
    }
    // Every part word is short and starts with one of these letters; most labels are not parts.
    if (t.size() < 3 || t.size() > 20 || !QStringView(u"sSpPeEdDiIhHvVfFrRwWcClLnNqQoOtTmMaAuUbB").contains(t.front()))
        return label;
    AsciiFold<24> folded(t);
    // Accented letters lose their accents ("Lösung" → "losung"); only labels past ASCII pay.
    if (folded.view().find('\x7f') != std::string_view::npos) { // a character past ASCII
        // Part words are Latin letters: anything else past ASCII (an emoji, an arrow) makes none.
        if (!std::all_of(t.begin(), t.end(), [](QChar c) { return c.unicode() < 0x80 || (c.unicode() >= 0xC0 && c.unicode() <= 0x17F); }))
            return label;
        QString plain;
        for (const QChar c : t.toString().normalized(QString::NormalizationForm_D)) {
            if (c.category() != QChar::Mark_NonSpacing)
                plain.append(c);
        }
        folded = AsciiFold<24>(plain);
    }
    // The words by length, then in order, found by binary search: most labels asked about are
    // no part word, and comparing lengths first spares nearly every comparison of letters.
    static constexpr auto shorter = [](std::string_view a, std::string_view b) { return a.size() != b.size() ? a.size() < b.size() : a < b; };
    static const auto sorted = [] {
        std::array<PartWord, std::size(kPartWords)> words;
        std::copy(std::begin(kPartWords), std::end(kPartWords), words.begin());
        std::sort(words.begin(), words.end(), [](const PartWord &a, const PartWord &b) { return shorter(a.word, b.word); });
        return words;
    }();
    if (!folded.complete())
        return label;
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), folded.view(),
                                     [](const PartWord &w, std::string_view word) { return shorter(w.word, word); });
    if (it != sorted.end() && it->word == folded.view()) {
        label.valid = true;
        label.kind = it->kind;
        label.plural = it->plural && label.number == 0;
        label.word = it->word;
    }
    return label;
}

bool StructureVocabulary::explicitKind(const QString &heading, NodeKind *kind, QString *title)
{
    struct Prefix {
        std::string_view word;
        NodeKind kind;
    };
    static constexpr Prefix prefixes[] = {
        {"issue", NodeKind::Issue},       {"problem", NodeKind::Issue},  {"symptom", NodeKind::Symptom},
        {"diagnosis", NodeKind::Diagnosis}, {"check", NodeKind::Check},  {"question", NodeKind::Question},
        {"solution", NodeKind::Solution}, {"fix", NodeKind::Solution},   {"root cause", NodeKind::Cause},
        {"cause", NodeKind::Cause},       {"outcome", NodeKind::Outcome}, {"result", NodeKind::Outcome},
        {"info", NodeKind::Info},         {"note", NodeKind::Info},
    };
    const QStringView h = QStringView(heading).trimmed();
    const AsciiFold<12> start(h);
    for (const Prefix &p : prefixes) {
        if (!start.view().starts_with(p.word))
            continue;
        // "Solution 2: …", "Issue – …": an optional number, then a colon or a dash.
        qsizetype i = qsizetype(p.word.size());
        while (i < h.size() && (h.at(i).isSpace() || h.at(i).isDigit()))
            ++i;
        if (i >= h.size() || (h.at(i) != QLatin1Char(':') && h.at(i) != QChar(0x2013) && h.at(i) != QChar(0x2014)))
            continue;
        const QStringView rest = h.mid(i + 1).trimmed();
        if (rest.isEmpty())
            continue;
        *kind = p.kind;
        *title = rest.toString();
        return true;
    }
    return false;
}

bool StructureVocabulary::isDiagnosisHeading(const QString &text)
{
    // Headings are short; one past the capacity is judged on its first 200 characters.
    const AsciiFold<200> folded(text);
    for (const std::string_view word : {"diagnos", "debugging", "health check", "health-check", "healthcheck",
                                        "troubleshooting steps", "verif", "inspect"}) {
        if (folded.contains(word))
            return true;
    }
    // "check" or "checks" as a whole word ("System Resources Check"), not "checklist".
    const std::string_view t = folded.view();
    for (size_t i = t.find("check"); i != std::string_view::npos; i = t.find("check", i + 1)) {
        size_t end = i + 5;
        if (end < t.size() && t[end] == 's')
            ++end;
        const bool startsWord = i == 0 || !isAsciiWordChar(t[i - 1]);
        const bool endsWord = end >= t.size() || !isAsciiWordChar(t[end]);
        if (startsWord && endsWord)
            return true;
    }
    return false;
}

bool StructureVocabulary::isCheckingAdvice(QStringView text)
{
    // The first word, or the first two for "make sure", "double check", "see if".
    static constexpr std::string_view verbs[] = {
        "verify",  "check",   "confirm", "ensure",  "inspect", "view",    "validate", "decode",    "look",     "monitor",
        "test",    "review",  "examine", "compare", "watch",   "search",  "find",     "list",      "print",    "query",
        "measure", "observe", "determine", "identify", "is",   "are",     "does",     "do",        "double-check",
        "diagnose",
    };
    const QStringView t = text.trimmed();
    qsizetype end = 0;
    while (end < t.size() && (t.at(end).isLetter() || t.at(end) == QLatin1Char('-')))
        ++end;
    if (end == 0)
        return false;
    const AsciiFold<16> first(t.left(end));
    if (std::find(std::begin(verbs), std::end(verbs), first.view()) != std::end(verbs) && first.complete())
        return true;
    const QStringView rest = t.mid(end).trimmed();
    // "To see which dependency pulls it in:", "To check whether it listens:": the purpose of
    // what follows is to look.
    if (first == "to" && !rest.isEmpty())
        return isCheckingAdvice(rest);
    // "You can test the connection with …", "You should verify …": the same advice, put politely.
    if (first == "you") {
        for (const QLatin1StringView modal : {QLatin1StringView("can "), QLatin1StringView("should "), QLatin1StringView("could ")}) {
            if (rest.startsWith(modal, Qt::CaseInsensitive))
                return isCheckingAdvice(rest.sliced(modal.size()));
        }
    }
    // "See if", "see whether", "see which …", "see what …": to find something out.
    auto startsWord = [&](QLatin1StringView word) {
        return rest.startsWith(word, Qt::CaseInsensitive) && (rest.size() == word.size() || !rest.at(word.size()).isLetter());
    };
    return (first == "make" && rest.startsWith(QLatin1String("sure"), Qt::CaseInsensitive))
           || (first == "double" && rest.startsWith(QLatin1String("check"), Qt::CaseInsensitive))
           || (first == "see"
               && (rest.startsWith(QLatin1String("if"), Qt::CaseInsensitive) || startsWord(QLatin1StringView("whether"))
                   || startsWord(QLatin1StringView("which")) || startsWord(QLatin1StringView("what"))));
}

bool StructureVocabulary::namesProblem(const QString &heading)
{
    // Anywhere in the heading ("Troubleshooting", "Timeouts"), but "down" and "5xx" only as words.
    static constexpr std::string_view anywhere[] = {
        "error",  "issue",        "problem", "pitfall", "fail",    "crash",   "broken", "not work", "can't",  "cant",
        "cannot", "troubleshoot", "bug",     "slow",    "timeout", "refused", "leak",   "exhaust",  "denied", "unavailable",
        "outage",
    };
    static constexpr std::string_view word[] = {"down", "5xx"};
    return containsPhrase(heading, anywhere) || containsPhrase(heading, word, true, true);
}

namespace {

// Words and phrases that say something is wrong, whole, every form spelled out. The last few
// name a state, which a rule or a policy speaks of as often as a problem does: adjectives
// ("Invalid token", "Invalid characters in names"), then a noun ("Checksum mismatch",
// "Version mismatch policy").
constexpr std::string_view kFailures[] = {
    "fail",      "fails",    "failed",    "failing",   "not work",  "not working", "doesnt",   "doesn't",
    "dont",      "don't",    "isnt",      "isn't",     "arent",     "aren't",      "does not", "do not",
    "is not",    "are not",  "cant",      "can't",     "cannot",    "wont",        "won't",    "slow",
    "crash",     "crashes",  "crashed",   "crashing",  "hang",      "hangs",       "hanging",  "freezes",
    "stall",     "stalls",   "stalled",   "stalling",
    "freezing",  "refused",  "denied",    "times out", "time out", "timed out", "broken",      "stuck",
    "leak",      "leaks",    "leaking",   "out of",    "too many",  "unavailable", "is down",  "are down",
    "goes down", "went down", "go down",  "not found", "unreachable", "exhausted", "keep restarting", "keeps restarting",
    "exits",     "exited",   "exiting",   "segfault",  "segfaults", "segmentation fault", "core dumped", "rejected", "declined",
    "stays pending", "pile up",  "piles up",  "piling up", "corrupted",   "dropped", "blocked", "disconnects", "disconnected",
    "could not", "couldnt",  "couldn't",  "unable to", "reset by peer", "wrong password",
    "already in use", "no space", "disk full", "is full",  "blank page", "blank screen", "not responding", "unresponsive",
    "forbidden", "unauthorized", "unauthorised",
    "invalid",   "missing",  "expired",
    "mismatch",
};
constexpr size_t kStateAdjectives = 3;
constexpr size_t kStateNouns = 1;

// Whether a state word that ends at `end` is said of something: nothing or punctuation
// follows it, or a preposition ("Token expired after an hour", "Checksum mismatch between
// client and server"), or, for an adjective, one thing it qualifies ("Invalid token", "Missing
// config file": a heading's shorthand for "the token is invalid"). Before a plural it names a
// kind of thing ("Invalid characters in names", "Expired sessions"), and a noun before another
// word qualifies it ("Version mismatch policy"): rules and policies are about those too.
bool saidOfSomething(QStringView text, qsizetype end, bool adjective)
{
    qsizetype at = end;
    while (at < text.size() && text.at(at) == QLatin1Char(' '))
        ++at;
    if (at >= text.size() || !text.at(at).isLetterOrNumber())
        return true;
    qsizetype stop = at;
    while (stop < text.size() && text.at(stop).isLetterOrNumber())
        ++stop;
    const QStringView word = text.sliced(at, stop - at);
    static constexpr std::string_view prepositions[] = {"after",  "again", "at",    "because", "before", "behind", "between",
                                                        "by",     "during", "for",  "from",    "in",     "inside", "on",
                                                        "since",  "under", "until", "when",    "while",  "with",   "within",
                                                        "without"};
    const AsciiFold<24> folded(word);
    if (folded.complete() && std::find(std::begin(prepositions), std::end(prepositions), folded.view()) != std::end(prepositions))
        return true;
    if (!adjective)
        return false;
    // A plural: "characters", not "status", "address" or "analysis".
    const std::string_view w = folded.view();
    const bool plural = folded.complete() && w.size() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us")
                        && !w.ends_with("is");
    return !plural;
}

} // namespace

namespace {

// Words that open a condition: what follows is a circumstance, not what happens.
constexpr std::string_view kConditions[] = {"if", "when", "whenever", "unless", "once"};

// Whether a word of `text` opens a condition ("when", "if", …): what follows it is the
// circumstance a heading speaks of, not what it says happens.
bool holdsCondition(QStringView text)
{
    for (qsizetype i = 0; i < text.size();) {
        while (i < text.size() && !text.at(i).isLetter())
            ++i;
        const qsizetype start = i;
        while (i < text.size() && text.at(i).isLetter())
            ++i;
        const AsciiFold<12> word(text.sliced(start, i - start));
        if (word.complete() && std::find(std::begin(kConditions), std::end(kConditions), word.view()) != std::end(kConditions))
            return true;
    }
    return false;
}

} // namespace

bool StructureVocabulary::describesFailure(const QString &heading)
{
    if (containsPhrase(heading, kFailures, true, true))
        return true;
    // "Checkout returns 502", not "How retries behave when the upstream answers 502".
    const qsizetype status = errorStatusAt(heading);
    return status >= 0 && !holdsCondition(QStringView(heading).first(status));
}

QLatin1StringView StructureVocabulary::resultOf(QStringView condition)
{
    QStringView t = condition.trimmed();
    while (!t.isEmpty() && (t.back() == QLatin1Char(':') || t.back() == QLatin1Char('.') || t.back() == QLatin1Char(',')))
        t.chop(1);
    const AsciiFold<24> folded(t);
    if (!folded.complete())
        return {};
    std::string_view v = folded.view();
    for (const std::string_view lead : {"if ", "when ", "on ", "once "}) {
        if (v.starts_with(lead)) {
            v.remove_prefix(lead.size());
            break;
        }
    }
    static constexpr std::string_view passes[] = {"pass",    "passes",       "passed", "it passes", "it passed", "succeeds", "it succeeds",
                                                  "success", "it works",     "works",  "ok",        "it is ok",  "succeeded", "it succeeded"};
    static constexpr std::string_view fails[] = {"fail",          "fails",       "failed",           "it fails",          "it failed",
                                                 "failure",       "not ok",      "it does not work", "it doesn't work",   "does not work",
                                                 "doesn't work"};
    if (std::find(std::begin(passes), std::end(passes), v) != std::end(passes))
        return QLatin1StringView("pass");
    if (std::find(std::begin(fails), std::end(fails), v) != std::end(fails))
        return QLatin1StringView("fail");
    return {};
}

bool StructureVocabulary::isOtherwise(QStringView condition)
{
    QStringView t = condition.trimmed();
    while (!t.isEmpty() && (t.back() == QLatin1Char(':') || t.back() == QLatin1Char('.') || t.back() == QLatin1Char(',')))
        t.chop(1);
    const AsciiFold<24> folded(t);
    static constexpr std::string_view others[] = {"otherwise", "else",        "if not",        "if it does not", "if it doesn't",
                                                  "if it did not", "if it didn't", "if it is not", "if it isn't",  "if that does not work",
                                                  "if that doesn't work"};
    return folded.complete() && std::find(std::begin(others), std::end(others), folded.view()) != std::end(others);
}

qsizetype StructureVocabulary::errorStatusAt(QStringView text)
{
    // A code is a response's status after a word that says so ("returns 404", "HTTP 401", "got
    // a 502"), or, a 5xx one, before words that name it as one ("503 Service Unavailable",
    // "500 errors"); elsewhere it counts something ("404 pages", "500 connections", "550 GB").
    static constexpr std::string_view before[] = {"returns", "return",  "returned", "returning", "gets",   "get",  "got", "getting",
                                                  "gives",   "throws",  "answers",  "responds",  "with",   "http", "status"};
    static constexpr std::string_view after[] = {"bad", "service", "internal", "gateway", "error", "errors", "response", "responses", "status"};
    const qsizetype n = std::min<qsizetype>(text.size(), 512);
    auto isDigit = [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); };
    // The word that ends before `end` (skipping what is no letter), and where it starts.
    auto wordBefore = [&](qsizetype end, qsizetype *start) {
        while (end > 0 && !text.at(end - 1).isLetter())
            --end;
        *start = end;
        while (*start > 0 && text.at(*start - 1).isLetter())
            --*start;
        return AsciiFold<12>(text.sliced(*start, end - *start));
    };
    auto isOneOf = [](const AsciiFold<12> &word, std::span<const std::string_view> words) {
        return word.complete() && std::find(words.begin(), words.end(), word.view()) != words.end();
    };
    for (qsizetype i = 0; i + 3 <= n; ++i) {
        const QChar first = text.at(i);
        if ((first != QLatin1Char('4') && first != QLatin1Char('5')) || !isDigit(text.at(i + 1)) || !isDigit(text.at(i + 2)))
            continue;
        // A number of three digits on its own: not in "5432", "1.502", "10:45:00", "v503".
        const QChar previous = i > 0 ? text.at(i - 1) : QLatin1Char(' ');
        const QChar next = i + 3 < n ? text.at(i + 3) : QLatin1Char(' ');
        const bool alone = !previous.isLetterOrNumber() && previous != QLatin1Char('.') && previous != QLatin1Char(':') && previous != QLatin1Char('-')
                           && !next.isLetterOrNumber() && next != QLatin1Char(':') && next != QLatin1Char('-')
                           && !(next == QLatin1Char('.') && i + 4 < n && isDigit(text.at(i + 4)));
        if (!alone) {
            i += 2;
            continue;
        }
        qsizetype start = 0;
        AsciiFold<12> word = wordBefore(i, &start);
        if (word.complete() && (word.view() == "a" || word.view() == "an"))
            word = wordBefore(start, &start);
        if (isOneOf(word, before))
            return i;
        if (first == QLatin1Char('5')) {
            qsizetype k = i + 3;
            while (k < text.size() && !text.at(k).isLetter())
                ++k;
            qsizetype end = k;
            while (end < text.size() && text.at(end).isLetter())
                ++end;
            if (isOneOf(AsciiFold<12>(text.sliced(k, end - k)), after))
                return i;
        }
        i += 2;
    }
    return -1;
}

bool StructureVocabulary::statesFailure(const QString &heading)
{
    // "When the queue is full", "If the build fails": the condition a section is about, which
    // its text may handle as a problem or describe as the way things work.
    const QStringView t = withoutLeadingSymbols(QStringView(heading).trimmed());
    qsizetype first = 0;
    while (first < t.size() && t.at(first).isLetter())
        ++first;
    const AsciiFold<8> opening(t.first(first));
    if ((opening.complete() && std::find(std::begin(kConditions), std::end(kConditions), opening.view()) != std::end(kConditions))
        || t.startsWith(QLatin1String("in case "), Qt::CaseInsensitive))
        return false;
    const std::span<const std::string_view> words(kFailures);
    if (containsPhrase(t, words.first(words.size() - kStateAdjectives - kStateNouns), true, true))
        return true;
    if (const qsizetype status = errorStatusAt(t); status >= 0 && !holdsCondition(t.first(status)))
        return true;
    const std::span<const std::string_view> adjectives = words.last(kStateAdjectives + kStateNouns).first(kStateAdjectives);
    const std::span<const std::string_view> nouns = words.last(kStateNouns);
    for (const auto &[states, adjective] : {std::pair{adjectives, true}, std::pair{nouns, false}}) {
        for (qsizetype end = phraseEnd(t, states, true, true); end >= 0; end = phraseEnd(t, states, true, true, end)) {
            if (saidOfSomething(t, end, adjective))
                return true;
        }
    }
    return false;
}

bool StructureVocabulary::statesBadOutcome(const QString &heading)
{
    // A value turning bad, a result that holds nothing, a sudden rise: whole phrases, every
    // form spelled out.
    static constexpr std::string_view outcomes[] = {
        "becomes nan",    "become nan",    "became nan",    "is nan",         "are nan",        "goes to nan",
        "becomes inf",    "become inf",    "goes to zero",  "go to zero",     "went to zero",   "drops to zero",
        "drop to zero",   "dropped to zero", "falls to zero", "fall to zero", "becomes zero",   "become zero",
        "stays at zero",  "stuck at zero", "is empty",      "are empty",      "comes back empty", "come back empty",
        "returns empty",  "return empty",  "returned empty", "returns nothing", "return nothing", "returned nothing",
        "returns no",     "return no",     "shows nothing", "show nothing",   "spikes",         "spike",
        "spiking",        "spiked",        "explodes",      "explode",        "exploding",      "diverges",
        "diverge",        "diverging",
    };
    return containsPhrase(heading, outcomes, true, true);
}

bool StructureVocabulary::readsAsError(QStringView text)
{
    // Words that errors are written with, in any case; or the shape of one.
    // Every form spelled out ("err!" is "err" ending a word).
    static constexpr std::string_view words[] = {
        "error",     "exception",   "fail",           "failed",         "fails",          "failure",      "fatal",
        "panic",     "refused",     "denied",         "timed out",      "timeout",        "time out",     "not found",
        "no such",   "cannot",      "can't",          "cant",           "unable to",      "invalid",      "unauthorised",
        "unauthorized", "forbidden", "already in use", "too many",      "killed",         "out of memory", "segmentation fault",
        "does not exist", "not allowed", "unknown",   "unreachable",    "err",            "could not",    "couldn't",
        "incompatible", "duplicate",   "mismatch",       "violates",
    };
    return hasErrorShape(text) || containsPhrase(text, words, true, true);
}

namespace {

bool isUpper(char16_t c)
{
    return c >= u'A' && c <= u'Z';
}

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

// Whether `word` is written at t[i…] (exactly, case and all).
bool writtenAt(const char16_t *t, qsizetype n, qsizetype i, std::string_view word)
{
    if (n - i < qsizetype(word.size()))
        return false;
    for (size_t k = 0; k < word.size(); ++k) {
        if (t[i + qsizetype(k)] != char16_t(word[k]))
            return false;
    }
    return true;
}

// Whether position i ends a word: nothing, or no word character, follows.
bool endsWord(const char16_t *t, qsizetype n, qsizetype i)
{
    return i >= n || !isWordChar(t[i]);
}

// An errno name at t[i], just past its 'E': ENOENT, ECONNRESET, EADDRINUSE, EACCES, EAI_AGAIN.
bool errnoNameAt(const char16_t *t, qsizetype n, qsizetype i)
{
    // Stems that take a run of capitals after them, and how many at least.
    static constexpr std::pair<std::string_view, qsizetype> stems[] = {{"NO", 2}, {"CONN", 1}, {"ADDR", 1}, {"AI_", 1}};
    for (const auto &[stem, least] : stems) {
        if (!writtenAt(t, n, i, stem))
            continue;
        qsizetype end = i + qsizetype(stem.size());
        while (end < n && isUpper(t[end]))
            ++end;
        if (end - i - qsizetype(stem.size()) >= least && endsWord(t, n, end))
            return true;
    }
    static constexpr std::string_view names[] = {
        "ACCES", "PERM",  "TIMEDOUT", "HOSTUNREACH", "NETUNREACH", "HOSTDOWN", "AGAIN",     "PIPE",  "EXIST",
        "INVAL", "MFILE", "NFILE",    "BUSY",        "ROFS",       "LOOP",     "RESOLVE",   "INTEGRITY",
        "LIFECYCLE", "PROTO", "BADF", "SRCH",        "DQUOT",      "NAMETOOLONG",
    };
    for (const std::string_view name : names) {
        if (writtenAt(t, n, i, name) && endsWord(t, n, i + qsizetype(name.size())))
            return true;
    }
    return false;
}

} // namespace

bool StructureVocabulary::hasErrorShape(QStringView text)
{
    // Every shape below has an upper-case E, an underscore, or a 4 or 5; most labels have none,
    // and are answered without looking further.
    if (!text.contains(QLatin1Char('E')) && !text.contains(QLatin1Char('_')) && !text.contains(QLatin1Char('4'))
        && !text.contains(QLatin1Char('5')))
        return false;
    // Errno names (ENOENT, EADDRINUSE), exception types (TypeError, SQLException), HTTP
    // statuses, and constants: CERTIFICATE_VERIFY_FAILED, ERR_CONNECTION_REFUSED,
    // ER_ACCESS_DENIED_ERROR ('_' joins a word, so ERR_ must start one).
    // Errno names by their stems, so that EMAIL or EXPORT is not one; constant suffixes that
    // only errors have (CONNECT_TIMEOUT is a setting, CONNECT_TIMED_OUT an error).
    static constexpr std::string_view suffixes[] = {"FAILED",    "FAILURE",   "ERROR",    "DENIED",     "REFUSED",
                                                    "TIMED_OUT", "NOT_FOUND", "EXCEEDED", "UNAVAILABLE"};
    const char16_t *t = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = t[i];
        const bool startsWord = i == 0 || !isWordChar(t[i - 1]);
        if (c == u'E' && startsWord) {
            if (errnoNameAt(t, n, i + 1))
                return true;
            // ERR_X, ER_X
            const qsizetype underscore = i + 1 < n && t[i + 1] == u'R' ? (i + 2 < n && t[i + 2] == u'R' ? i + 3 : i + 2) : -1;
            if (underscore > 0 && underscore + 1 < n && t[underscore] == u'_' && isUpper(t[underscore + 1]))
                return true;
        }
        // TypeError, SQLException: a lower-case letter, then the word.
        if (c >= u'a' && c <= u'z') {
            for (const std::string_view word : {std::string_view("Error"), std::string_view("Exception")}) {
                if (writtenAt(t, n, i + 1, word) && endsWord(t, n, i + 1 + qsizetype(word.size())))
                    return true;
            }
        }
        // 502 Bad Gateway
        if ((c == u'4' || c == u'5') && startsWord && i + 5 < n && isDigit(t[i + 1]) && isDigit(t[i + 2]) && t[i + 3] == u' '
            && isUpper(t[i + 4]) && t[i + 5] >= u'a' && t[i + 5] <= u'z')
            return true;
        // CERTIFICATE_VERIFY_FAILED: a capital, '_', and a suffix that ends the word.
        if (isUpper(c) && i + 1 < n && t[i + 1] == u'_') {
            for (const std::string_view suffix : suffixes) {
                if (writtenAt(t, n, i + 2, suffix) && endsWord(t, n, i + 2 + qsizetype(suffix.size())))
                    return true;
            }
        }
    }
    return false;
}

bool StructureVocabulary::namesAlternative(QStringView label, QStringView *title)
{
    static constexpr std::string_view words[] = {"option", "alternative", "approach", "method", "solution", "fix", "workaround"};
    const QStringView t = label.trimmed();
    const qsizetype space = t.indexOf(QLatin1Char(' '));
    if (space < 3 || space > 11)
        return false;
    const AsciiFold<12> word(t.first(space));
    if (!word.complete() || std::find(std::begin(words), std::end(words), word.view()) == std::end(words))
        return false;
    // The marker: a number ("2", "#2") or one capital letter ("B"), then the end or a separator.
    qsizetype at = space + 1;
    if (at < t.size() && t.at(at) == QLatin1Char('#'))
        ++at;
    const qsizetype markerStart = at;
    while (at < t.size() && t.at(at).isDigit())
        ++at;
    if (at == markerStart) {
        if (at >= t.size() || t.at(at) < QLatin1Char('A') || t.at(at) > QLatin1Char('Z'))
            return false;
        ++at;
    }
    QStringView rest = t.mid(at);
    if (!rest.isEmpty()) {
        // "Option A – …", "Option A: …", "Option 1) …", "Option 2. …"; not "Option Arguments".
        const QChar separator = rest.front();
        if (separator != QLatin1Char(' ') && separator != QLatin1Char(':') && separator != QLatin1Char(')') && separator != QLatin1Char('.'))
            return false;
        rest = rest.mid(1).trimmed();
        if (!rest.isEmpty() && (rest.front() == QLatin1Char('-') || rest.front() == QChar(0x2013) || rest.front() == QChar(0x2014)
                                || rest.front() == QLatin1Char(':')))
            rest = rest.mid(1).trimmed();
        // A capital letter then a word is a name ("Fix Redis"), not a marker: it needs a separator.
        if (at == markerStart + 1 && !t.at(markerStart).isDigit() && separator == QLatin1Char(' ') && rest.data() == t.data() + at + 1)
            return false;
    }
    if (title)
        *title = rest;
    return true;
}

bool StructureVocabulary::asksIfStillStuck(QStringView heading)
{
    QStringView t = withoutLeadingSymbols(heading.trimmed());
    if (!t.endsWith(QLatin1Char('?')) || !t.startsWith(QLatin1String("still "), Qt::CaseInsensitive))
        return false;
    t = t.sliced(6, t.size() - 7).trimmed();
    // A few plain words ("stuck", "not working", "having trouble"): nothing named, no code,
    // no number. "Still getting 401 after rotating the key?" names its problem.
    int words = 1;
    for (const QChar c : t) {
        if (c == QLatin1Char(' '))
            ++words;
        else if (!c.isLetter() && c != QLatin1Char('\'') && c != QChar(0x2019))
            return false;
    }
    return !t.isEmpty() && words <= 3;
}

bool StructureVocabulary::readsAsAdvice(QStringView text)
{
    // Count words made of lower-case letters (with trailing punctuation): prose has them,
    // lists of product names do not.
    int lowercaseWords = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && lowercaseWords < 2) {
        while (i < n && text.at(i).isSpace())
            ++i;
        const qsizetype start = i;
        while (i < n && text.at(i).isLower() && text.at(i).unicode() < 0x80)
            ++i;
        const qsizetype letters = i - start;
        while (i < n && std::strchr(".,;:!?)", text.at(i).toLatin1()) != nullptr && text.at(i).unicode() < 0x80
               && text.at(i).unicode() != 0)
            ++i;
        const bool wordEnds = i >= n || text.at(i).isSpace();
        if (letters > 0 && wordEnds)
            ++lowercaseWords;
        while (i < n && !text.at(i).isSpace())
            ++i;
    }
    return lowercaseWords >= 2;
}

bool StructureVocabulary::saysNoActionNeeded(QStringView text)
{
    // Its first sentence, or clause: "none needed if …; otherwise restart it" says it first,
    // and a sentence that leaves a thing alone says so within a few words.
    QStringView t = text.trimmed();
    const qsizetype stop = std::min<qsizetype>(t.size(), 120);
    qsizetype end = 0;
    // Nearly every fix says what to do, and has neither "ignor…" nor "harmless" in it: those
    // are looked for in the same pass, so that the phrases are read only where one is.
    const char16_t *chars = t.utf16();
    auto foldedAt = [&](qsizetype at, std::string_view word) {
        if (stop - at < qsizetype(word.size()))
            return false;
        for (size_t k = 0; k < word.size(); ++k) {
            if (foldAscii(chars[at + qsizetype(k)]) != char16_t(word[k]))
                return false;
        }
        return true;
    };
    bool leave = false;
    for (; end < stop; ++end) {
        const char16_t c = foldAscii(chars[end]);
        if (c == u'.' || c == u';' || c == u'!')
            break;
        if (!leave && (c == u'i' || c == u'h'))
            leave = foldedAt(end, c == u'i' ? std::string_view("ignor") : std::string_view("harmless"));
    }
    t = t.first(end);
    // "None", "Nothing to do", "No action required", "N/A" as it opens…
    static constexpr std::string_view openings[] = {"none", "nothing", "no action", "no fix", "no need", "n/a", "not needed", "not required"};
    if (const AsciiFold<16> start(t); start.view().starts_with('n')) {
        for (const std::string_view opening : openings) {
            const qsizetype length = qsizetype(opening.size());
            if (start.view().starts_with(opening) && (length == t.size() || !isWordChar(t.at(length).unicode())))
                return true;
        }
    }
    // …or leave to ignore: "it is fine to ignore this warning", "can safely be ignored".
    static constexpr std::string_view phrases[] = {"fine to ignore", "safe to ignore", "ok to ignore", "okay to ignore", "can be ignored",
                                                   "may be ignored", "can safely be ignored", "may safely be ignored", "can safely ignore",
                                                   "is harmless", "are harmless"};
    return leave && containsPhrase(t, phrases, true, true);
}

QStringView StructureVocabulary::withoutLeadingSymbols(QStringView text)
{
    // Symbols (So, Sk: ❌ 🔴 ⚠ ✅), the marks and joiners emoji are written with (U+FE0F, U+20E3,
    // U+200D), and the spaces between them.
    qsizetype i = 0;
    while (i < text.size()) {
        char32_t c = text.at(i).unicode();
        qsizetype width = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            width = 2;
        }
        if (c < 0x80 && c != u' ')
            break; // letters, digits, '`', '[' and other ASCII: the heading's own text
        const QChar::Category category = QChar::category(c);
        if (c != u' ' && category != QChar::Symbol_Other && category != QChar::Symbol_Modifier && category != QChar::Mark_NonSpacing
            && category != QChar::Mark_Enclosing && category != QChar::Other_Format)
            break;
        i += width;
    }
    return i == 0 ? text : text.mid(i).trimmed();
}

bool StructureVocabulary::faqQuestion(QStringView text, QString *rest)
{
    // "Q:", "Q.", "Q -" then the question; a capital Q alone, as FAQs write it, or numbered
    // ("Q1.", "Q12:").
    const QStringView t = text.trimmed();
    if (t.size() < 4 || t.at(0) != QLatin1Char('Q'))
        return false;
    qsizetype i = 1;
    while (i < t.size() && i < 4 && t.at(i).unicode() < 0x80 && t.at(i).isDigit())
        ++i;
    while (i < t.size() && t.at(i) == QLatin1Char(' '))
        ++i;
    if (i >= t.size() || (t.at(i) != QLatin1Char(':') && t.at(i) != QLatin1Char('.') && t.at(i) != QLatin1Char('-')
                          && t.at(i) != QChar(0x2013) && t.at(i) != QChar(0x2014)))
        return false;
    // A space after the marker: "Q: …", not "Q-learning" or "Q.E.D.".
    if (i + 1 >= t.size() || !t.at(i + 1).isSpace())
        return false;
    const QStringView question = t.mid(i + 1).trimmed();
    if (question.isEmpty() || !question.at(0).isLetterOrNumber())
        return false;
    if (rest)
        *rest = question.toString();
    return true;
}

bool StructureVocabulary::faqAnswer(QStringView text, qsizetype *answerAt)
{
    // "A:" or "Answer:", then a space: the marker FAQs answer with. Not "A-record". Asked only
    // under a question, so "A." too, as FAQs that number their questions "Q1." write it.
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    const QStringView t = text.mid(i);
    qsizetype marker = 0;
    if (t.startsWith(QLatin1String("A:")) || t.startsWith(QLatin1String("A.")))
        marker = 2;
    else if (t.startsWith(QLatin1String("Answer:")))
        marker = 7;
    if (marker == 0 || marker >= t.size() || !t.at(marker).isSpace())
        return false;
    i += marker;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    if (i >= text.size())
        return false;
    *answerAt = i;
    return true;
}

qsizetype StructureVocabulary::sentenceOfFix(QStringView text)
{
    // Verbs that ask to change something, as a sentence opens with them in an answer or a step.
    static constexpr std::string_view fixes[] = {
        "install",   "reinstall", "uninstall", "upgrade",  "downgrade", "update",  "run",     "rerun",    "re-run",
        "set",       "unset",     "use",       "add",      "remove",    "delete",  "restart", "start",    "stop",
        "kill",      "raise",     "lower",     "increase", "decrease",  "reduce",  "export",  "point",    "sync",
        "change",    "enable",    "disable",   "rebuild",  "clear",     "create",  "configure", "replace", "rename",
        "move",      "switch",    "reset",     "edit",     "pin",       "grant",   "pass",    "apply",    "roll",
        "rollback",  "regenerate", "renew",    "rotate",   "reload",    "flush",   "free",    "mount",    "open",
        "close",     "downsize",  "build",     "retry",    "try",       "log",     "reconnect", "recreate", "drop",
        "failover",  "promote",   "scale",     "redeploy", "restore",   "repair",  "connect",  "escalate", "page",
        "contact",   "resync",
    };
    // Words a request may open with before its verb: "Either set …", "Please upgrade …".
    static constexpr std::string_view leads[] = {"either", "please", "just", "simply", "then", "instead", "or", "so"};
    static constexpr std::string_view purposes[] = {"fix", "resolve", "solve", "repair", "recover"};
    const qsizetype n = std::min<qsizetype>(text.size(), 1024);
    qsizetype start = 0;
    for (int sentences = 0; start < n && sentences < 8; ++sentences) {
        qsizetype i = start;
        bool previousWasTo = false;
        for (int words = 0; words < 3; ++words) {
            while (i < n && (text.at(i).isSpace() || text.at(i) == QLatin1Char(',')))
                ++i;
            qsizetype end = i;
            while (end < n && (text.at(end).isLetter() || text.at(end) == QLatin1Char('-')))
                ++end;
            if (end == i)
                break;
            const AsciiFold<16> word(text.mid(i, end - i));
            if (!word.complete())
                break;
            // "To fix it, stop that process": a sentence that says its purpose is a fix ("To
            // install the CLI, run …" is a procedure's).
            if (previousWasTo) {
                if (std::find(std::begin(purposes), std::end(purposes), word.view()) != std::end(purposes))
                    return start;
                break;
            }
            if (std::find(std::begin(fixes), std::end(fixes), word.view()) != std::end(fixes))
                return start;
            // "Fail over to the replica": a request in two words, where "fail" alone says what breaks.
            if (word.view() == "fail" && text.sliced(end).trimmed().startsWith(QLatin1String("over"), Qt::CaseInsensitive))
                return start;
            // "If it doesn't, start one with Docker": the request comes after its condition.
            if (words == 0 && word.view() == "if") {
                qsizetype comma = end;
                while (comma < n && text.at(comma) != QLatin1Char(',') && text.at(comma) != QLatin1Char('.'))
                    ++comma;
                if (comma < n && text.at(comma) == QLatin1Char(',')) {
                    i = comma + 1;
                    words = -1;
                    continue;
                }
            }
            previousWasTo = words == 0 && word.view() == "to";
            if (!previousWasTo && std::find(std::begin(leads), std::end(leads), word.view()) == std::end(leads))
                break;
            i = end;
        }
        // The next sentence: after a '.', '!' or '?' that ends a word, as titles are cut.
        qsizetype next = start;
        while (next < n
               && !((text.at(next) == QLatin1Char('.') || text.at(next) == QLatin1Char('!') || text.at(next) == QLatin1Char('?'))
                    && (next + 1 == n || text.at(next + 1).isSpace())))
            ++next;
        start = next + 1;
    }
    return -1;
}

bool StructureVocabulary::handsOver(QStringView request)
{
    const QStringView t = request.trimmed();
    qsizetype end = 0;
    while (end < t.size() && t.at(end).isLetter())
        ++end;
    const AsciiFold<16> word(t.first(end));
    if (!word.complete())
        return false;
    if (word.view() == "escalate")
        return true;
    // Paging or contacting hands over when it names who takes the problem: an on-call rota, a
    // channel, support, a vendor. "Contact the team lead" may be one step among others.
    static constexpr std::string_view takers[] = {"on-call", "oncall", "on call", "support", "vendor", "#", "helpdesk", "service desk"};
    return (word.view() == "page" || word.view() == "contact") && containsPhrase(t.sliced(end), takers);
}

bool StructureVocabulary::asksAboutAProblem(QStringView heading)
{
    const QStringView t = heading.trimmed();
    if (t.size() < 8 || !t.endsWith(QLatin1Char('?')))
        return false;
    // The first four words, folded as the other words here are.
    QVarLengthArray<QStringView, 4> words;
    for (const QStringView w : t.tokenize(u' ', Qt::SkipEmptyParts)) {
        words.append(w);
        if (words.size() == 4)
            break;
    }
    if (words.size() < 3)
        return false; // "Why Triage?", "Why not?"
    // Whether a word is one of `list`, a curly apostrophe read as a straight one ("can’t").
    auto among = [](QStringView word, std::span<const std::string_view> list) {
        const AsciiFold<16> folded(word);
        std::string_view w = folded.view();
        char buffer[16];
        if (const size_t curly = w.find('\x7f'); curly != std::string_view::npos && word.contains(QChar(0x2019))) {
            std::copy(w.begin(), w.end(), buffer);
            buffer[curly] = '\'';
            w = std::string_view(buffer, w.size());
        }
        return folded.complete() && std::find(list.begin(), list.end(), w) != list.end();
    };
    // "Why" and a verb that asks about a state: does, is, can't, won't, …
    static constexpr std::string_view why[] = {"why"};
    static constexpr std::string_view whyVerbs[] = {"does", "do", "did", "is", "are", "was", "were", "am", "can't", "cannot",
                                                    "won't", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "can",
                                                    "would", "wouldn't", "has", "have", "hasn't", "haven't", "my"};
    if (among(words[0], why))
        return among(words[1], whyVerbs);
    // "How to fix …?", and "How do I fix …?", "How can we resolve …?" (the verb after the subject).
    static constexpr std::string_view how[] = {"how"};
    static constexpr std::string_view to[] = {"to"};
    static constexpr std::string_view asking[] = {"do", "can"};
    static constexpr std::string_view fixes[] = {"fix", "solve", "resolve", "repair", "troubleshoot", "debug"};
    if (!among(words[0], how))
        return false;
    if (among(words[1], to))
        return among(words[2], fixes);
    return among(words[1], asking) && words.size() == 4 && among(words[3], fixes);
}

namespace {

// "Article 360012345: Login fails", "KB0012345 - VPN drops", "Chapter 3: Backups": the number a
// help centre, a knowledge base or a book files a page under, which no reader searches for.
// Where the title starts after it, else 0. "Error 1040:" and "Step 2:" say what they are.
qsizetype filingNumberEnd(QStringView t)
{
    static constexpr std::string_view filings[] = {"article", "kb", "chapter", "section", "topic", "entry", "ticket"};
    qsizetype word = 0;
    while (word < t.size() && t.at(word).unicode() < 0x80 && t.at(word).isLetter())
        ++word;
    const AsciiFold<8> folded(t.first(word));
    if (word == 0 || !folded.complete() || std::find(std::begin(filings), std::end(filings), folded.view()) == std::end(filings))
        return 0;
    qsizetype i = word;
    if (i < t.size() && t.at(i) == QLatin1Char(' '))
        ++i;
    if (i < t.size() && t.at(i) == QLatin1Char('#'))
        ++i;
    const qsizetype digits = i;
    while (i < t.size() && t.at(i).unicode() < 0x80 && t.at(i).isDigit())
        ++i;
    if (i == digits)
        return 0;
    // Then a separator and the title: "Article 12: …", "KB0012345 - …", "Chapter 3. …".
    qsizetype after = i;
    while (after < t.size() && t.at(after) == QLatin1Char(' '))
        ++after;
    if (after >= t.size() || !(t.at(after) == QLatin1Char(':') || t.at(after) == QLatin1Char('-') || t.at(after) == QLatin1Char('.')
                               || t.at(after) == QChar(0x2013) || t.at(after) == QChar(0x2014)))
        return 0;
    ++after;
    if (after >= t.size() || !t.at(after).isSpace())
        return 0;
    while (after < t.size() && t.at(after).isSpace())
        ++after;
    return after < t.size() ? after : 0;
}

} // namespace

QString StructureVocabulary::stripNumbering(const QString &title)
{
    // "1. Foo", "2.3) Foo"
    const QStringView t = QStringView(title).trimmed();
    if (const qsizetype filed = filingNumberEnd(t); filed > 0)
        return t.mid(filed).toString();
    qsizetype i = 0;
    while (i < t.size() && (t.at(i).isDigit() || (i > 0 && t.at(i) == QLatin1Char('.') && i + 1 < t.size() && t.at(i + 1).isDigit())))
        ++i;
    if (i > 0 && i + 1 < t.size() && (t.at(i) == QLatin1Char('.') || t.at(i) == QLatin1Char(')')) && t.at(i + 1).isSpace())
        return t.mid(i + 1).trimmed().toString();
    // "3.2 Database connection errors": a section number of two parts or more needs no dot
    // after it. Parts of one or two digits, then a word: "2024.1 upgrade" and "0.125 s" keep
    // their numbers. (A heading that opens with an amount, "1.5 GB …", loses it; few do.)
    if (i > 0 && i + 1 < t.size() && t.at(i).isSpace() && t.at(i + 1).isLetter() && t.first(i).contains(QLatin1Char('.'))) {
        const QList<QStringView> parts = t.first(i).split(QLatin1Char('.'));
        if (std::all_of(parts.cbegin(), parts.cend(), [](QStringView part) { return part.size() <= 2; }))
            return t.mid(i + 1).trimmed().toString();
    }
    return t.size() == title.size() ? title : t.toString();
}

bool StructureVocabulary::opensWithErrorWord(QStringView text)
{
    const QStringView t = text.trimmed();
    qsizetype end = 0;
    while (end < t.size() && t.at(end).unicode() < 0x80 && t.at(end).isLetter())
        ++end;
    const AsciiFold<12> word(t.left(end));
    if (!(word == "error" || word == "fatal" || word == "exception" || word == "panic"))
        return false;
    // Then a colon, or a code: "ERROR 1040", "Error: …"; not a word ("Error handling").
    const QStringView rest = t.mid(end).trimmed();
    return rest.startsWith(QLatin1Char(':')) || (!rest.isEmpty() && rest.at(0).isDigit());
}

qsizetype StructureVocabulary::arrowWidth(QStringView text)
{
    if (text.startsWith(QChar(0x2192)) || text.startsWith(QChar(0x21D2)))
        return 1;
    if (text.startsWith(QLatin1String("->")) || text.startsWith(QLatin1String("=>")))
        return 2;
    return 0;
}

QStringView StructureVocabulary::answerWord(QStringView item)
{
    const QStringView t = item.trimmed();
    for (const QLatin1StringView word : {QLatin1StringView("yes"), QLatin1StringView("no")}) {
        if (!t.startsWith(word, Qt::CaseInsensitive))
            continue;
        // Then something that ends the answer: an arrow, a colon, a dash, a comma, a full stop.
        const QStringView rest = t.mid(word.size()).trimmed();
        if (rest.isEmpty() || arrowWidth(rest) > 0 || rest.startsWith(QLatin1Char(':')) || rest.startsWith(QLatin1Char('-'))
            || rest.startsWith(QChar(0x2014)) || rest.startsWith(QChar(0x2013)) || rest.startsWith(QLatin1Char(','))
            || rest.startsWith(QLatin1Char('.')))
            return t.left(word.size());
    }
    // "If you see `NXDOMAIN`, go to step 4": the condition is the answer.
    if (t.startsWith(QLatin1String("if "), Qt::CaseInsensitive)) {
        if (const qsizetype comma = t.indexOf(QLatin1Char(',')); comma > 3 && comma <= 120)
            return t.left(comma);
    }
    return {};
}

namespace {

// "Step" then spaces and a number of one to three digits that ends there: the number, and
// where it ends in `end`; 0 when `text` at `at` is no such thing.
int stepNumberAt(QStringView text, qsizetype at, qsizetype *end)
{
    if (text.size() - at < 6 || QStringView(text).sliced(at, 4).compare(QLatin1String("step"), Qt::CaseInsensitive) != 0)
        return 0;
    qsizetype i = at + 4;
    while (i < text.size() && (text.at(i) == QLatin1Char(' ') || text.at(i) == QChar(0xA0)))
        ++i;
    if (i == at + 4)
        return 0; // "Steps", "Stepping"
    int number = 0;
    const qsizetype digitsAt = i;
    while (i < text.size() && i - digitsAt < 4 && text.at(i).unicode() >= '0' && text.at(i).unicode() <= '9')
        number = number * 10 + (text.at(i++).unicode() - '0');
    if (i == digitsAt || i - digitsAt > 3 || (i < text.size() && text.at(i).isLetterOrNumber()))
        return 0;
    *end = i;
    return number;
}

// Where the sentence around `at` starts: after the last ". ", "? " or "! " before it (a line
// break counts as the space), else at the text's start.
qsizetype sentenceStartBefore(QStringView text, qsizetype at)
{
    // A sentence that leads on is short: no further back than this.
    static constexpr qsizetype kMaxSentence = 400;
    const qsizetype stop = std::max<qsizetype>(0, at - kMaxSentence);
    for (qsizetype i = at - 1; i > stop; --i) {
        const QChar c = text.at(i - 1);
        const bool space = text.at(i).isSpace();
        if (space && (c == QLatin1Char('.') || c == QLatin1Char('?') || c == QLatin1Char('!')))
            return i;
    }
    return stop;
}

// The words that lead on to a step named after them, each after a word break.
constexpr std::string_view kLeadsOn[] = {
    "go to", "go back to", "goto", "continue with", "continue at", "continue to", "continue from", "proceed to", "proceed with",
    "skip to", "skip ahead to", "return to", "repeat", "jump to", "move on to", "move to", "back to", "see", "start again at",
    "start over at", "start over from", "restart from", "restart at", "redo", "head to", "carry on with", "follow",
    "retry", "rerun", "re-run", "try again from",
};

} // namespace

QStringView StructureVocabulary::answerCondition(QStringView sentence)
{
    const QStringView s = sentence.trimmed();
    if (const QStringView answer = StructureVocabulary::answerWord(s); !answer.isEmpty())
        return answer;
    // "`OOMKilled` → raise the memory limit": what the arrow answers.
    for (qsizetype i = 1; i < s.size() && i <= 120; ++i) {
        if (s.at(i - 1).isSpace() && arrowWidth(s.sliced(i)) > 0)
            return s.first(i).trimmed();
    }
    const AsciiFold<16> start(s);
    for (const std::string_view otherwise : {std::string_view("otherwise"), std::string_view("else"), std::string_view("if not")}) {
        if (start.view().starts_with(otherwise) && (s.size() == qsizetype(otherwise.size()) || !s.at(qsizetype(otherwise.size())).isLetter()))
            return s.left(qsizetype(otherwise.size()));
    }
    // "When it is `inactive`, go to Step 2", "After three tries, go to Step 2": what comes before
    // the comma, unless it only orders the text ("Then, …", "Finally, …").
    qsizetype comma = s.indexOf(QLatin1Char(','));
    while (comma > 0 && comma + 1 < s.size() && !s.at(comma + 1).isSpace())
        comma = s.indexOf(QLatin1Char(','), comma + 1); // "1,000" is no clause's end
    if (comma <= 0 || comma > 120)
        return {};
    const AsciiFold<16> lead(s.left(comma));
    for (const std::string_view order : {"then", "next", "now", "finally", "afterwards", "after that", "when done", "once done", "first",
                                         "second", "third", "also", "again"}) {
        if (lead == order)
            return {};
    }
    return s.left(comma);
}

int StructureVocabulary::stepNumber(QStringView heading, QStringView *words)
{
    QStringView t = heading.trimmed();
    if (!t.isEmpty() && t.front().unicode() >= 0x80)
        t = withoutLeadingSymbols(t);
    qsizetype end = 0;
    const int number = stepNumberAt(t, 0, &end);
    if (words && number > 0) {
        QStringView rest = t.sliced(end);
        while (!rest.isEmpty() && (rest.front().isSpace() || QStringView(u":.-)\u2013\u2014").contains(rest.front())))
            rest = rest.sliced(1);
        *words = rest;
    }
    return number;
}

QVarLengthArray<StructureVocabulary::StepReference, 4> StructureVocabulary::stepReferences(QStringView text)
{
    QVarLengthArray<StepReference, 4> found;
    // A paragraph leads on a few times; hostile text thousands of times, read up to this many.
    static constexpr qsizetype kMaxReferences = 64;
    for (qsizetype from = 0; found.size() < kMaxReferences;) {
        const qsizetype at = text.indexOf(QLatin1String("step"), from, Qt::CaseInsensitive);
        if (at < 0)
            break;
        from = at + 4;
        qsizetype end = 0;
        const int number = at > 0 && text.at(at - 1).isLetterOrNumber() ? 0 : stepNumberAt(text, at, &end);
        if (number == 0)
            continue;
        // "step 3 of the install guide", "step 2 in the Kubernetes docs": another document's.
        if (const QStringView after = text.sliced(end); after.startsWith(QLatin1String(" of "), Qt::CaseInsensitive)
                                                        || after.startsWith(QLatin1String(" in "), Qt::CaseInsensitive))
            continue;
        // The words before it, up to a verb that leads on ("go back to", "(see").
        const qsizetype sentence = sentenceStartBefore(text, at);
        QStringView before = text.sliced(sentence, at - sentence).trimmed();
        while (!before.isEmpty() && (before.back() == QLatin1Char('(') || before.back() == QLatin1Char('[')))
            before.chop(1);
        const AsciiFold<24> tail(before.right(24));
        const std::string_view words = tail.view();
        qsizetype verbAt = -1;
        for (const std::string_view verb : kLeadsOn) {
            if (words.size() >= verb.size() && words.ends_with(verb)
                && (words.size() == verb.size() || !isAsciiWordChar(words[words.size() - verb.size() - 1]))) {
                verbAt = before.size() - qsizetype(verb.size());
                break;
            }
        }
        // "escalate to the gateway team (Step 5)": a step named in parentheses is where to go.
        if (verbAt < 0 && at > 0 && text.at(at - 1) == QLatin1Char('(') && end < text.size() && text.at(end) == QLatin1Char(')'))
            verbAt = before.size();
        if (verbAt < 0)
            continue;
        // "the database is down; go to Step 4": the sentence's condition, unless the clause
        // after a ';' gives its own ("If it is up; otherwise go to Step 2").
        QStringView clause = before.left(verbAt);
        if (const qsizetype semicolon = clause.lastIndexOf(QLatin1Char(';')); semicolon >= 0) {
            const QStringView last = clause.sliced(semicolon + 1).trimmed();
            const AsciiFold<12> word(last);
            if (word.view().starts_with("otherwise") || word.view().starts_with("else") || word.view().starts_with("if ")
                || word.view().starts_with("when "))
                clause = last;
        }
        found.append({number, at, answerCondition(clause)});
        from = end;
    }
    return found;
}

bool StructureVocabulary::isBareCode(QStringView cell)
{
    QStringView t = cell.trimmed();
    if (t.size() > 16)
        return false;
    if (t.startsWith(QLatin1Char('-')) || t.startsWith(QLatin1Char('+')))
        t = t.mid(1);
    const bool hex = t.size() > 2 && t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive);
    if (hex)
        t = t.mid(2);
    return !t.isEmpty() && std::all_of(t.begin(), t.end(), [hex](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'0' && u <= u'9') || (hex && ((u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F')));
    });
}

bool StructureVocabulary::meansSuccess(QStringView meaning)
{
    // The first words, without the emoji or marks a table may put first ("✅ Success").
    QStringView t = withoutLeadingSymbols(meaning.trimmed());
    while (!t.isEmpty() && !t.back().isLetterOrNumber())
        t.chop(1);
    static constexpr std::string_view alone[] = {"success", "successful", "succeeded", "ok", "okay", "no error", "no errors",
                                                 "normal exit", "normal termination", "all good", "completed successfully",
                                                 "finished successfully", "exited successfully"};
    const AsciiFold<32> whole(t);
    if (whole.complete() && std::find(std::begin(alone), std::end(alone), whole.view()) != std::end(alone))
        return true;
    // "Success: the backup was written", "OK, nothing to do".
    const qsizetype end = std::find_if(t.begin(), t.end(), [](QChar c) { return c == QLatin1Char(':') || c == QLatin1Char(',')
                                                                                  || c == QLatin1Char(';') || c == QLatin1Char('.')
                                                                                  || c == QChar(0x2014) || c == QChar(0x2013); })
                          - t.begin();
    if (end == t.size())
        return false;
    const AsciiFold<32> lead(t.left(end).trimmed());
    return lead.complete() && std::find(std::begin(alone), std::end(alone), lead.view()) != std::end(alone);
}

StructureVocabulary::Column StructureVocabulary::tableColumn(const QString &header)
{
    // Words that start a word of the header ("Error message", "Likely cause", "Fix"), in lower
    // case: toLower() is only needed for what is not ASCII, which can lower to ASCII letters.
    const QStringView trimmed = QStringView(header).trimmed();
    const bool ascii = std::all_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.unicode() < 0x80; });
    const QString lowered = ascii ? QString() : trimmed.toString().toLower();
    const QStringView h = ascii ? trimmed : QStringView(lowered);
    static constexpr std::string_view solution[] = {"solution", "fix", "resolution", "action", "remedy", "what to do", "do this", "workaround"};
    static constexpr std::string_view cause[] = {"cause", "reason", "why", "meaning"};
    static constexpr std::string_view error[] = {"error", "message", "symptom", "exception", "code", "status", "problem", "issue"};
    if (containsPhrase(h, solution, true))
        return Column::Solution;
    if (containsPhrase(h, cause, true))
        return Column::Cause;
    if (containsPhrase(h, error, true))
        return Column::Error;
    return Column::Other;
}

} // namespace triage
