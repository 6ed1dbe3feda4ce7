#pragma once

#include "GuideNode.h"

#include <QString>
#include <QVarLengthArray>

#include <string_view>

namespace triage {

// The words real guides use for their structure, in one place: part labels ("Symptoms",
// "Solution 2", "Root Cause", "Problem"), kind prefixes on headings ("Issue: …"), the words
// that mark a diagnostic section, the verbs that make a piece of advice a check rather than a
// fix, and the column names of error tables.
//
// Stateless and reentrant.
class StructureVocabulary {
public:
    struct PartLabel {
        bool valid = false;
        NodeKind kind = NodeKind::Info;
        int number = 0;      // "Solution 2" → 2
        bool plural = false; // "Solutions", "Symptoms": a list under it is one node per item
        std::string_view word = {}; // the part word it is, lower case and without its number: "issue" for "Issue 2:"
    };

    // Classifies a label such as "Symptoms", "Solution 2", "Root Cause", "How to fix".
    static PartLabel partLabel(QStringView text);

    // "Issue: Redis refused" → Issue, "Redis refused". Also Check:, Question:, Solution:, ….
    static bool explicitKind(const QString &heading, NodeKind *kind, QString *title);

    // Headings such as "Quick Diagnostics", "Health Check Endpoints", "Database Debugging".
    static bool isDiagnosisHeading(const QString &text);

    // Whether advice asks the reader to look at something ("Verify …", "Check …") rather than
    // to change something ("Increase …", "Restart …").
    static bool isCheckingAdvice(QStringView text);

    // Whether a heading names something going wrong ("Import Errors", "Async Pitfalls").
    static bool namesProblem(const QString &heading);

    // Whether a heading describes a failure as it shows ("Build fails on CI", "Tests are slow",
    // "Login page hangs", "Checkout returns 502"), not a topic ("Error handling in the API"):
    // stricter than namesProblem, for headings with nothing under them to say what they are.
    static bool describesFailure(const QString &heading);
    // Where text names an HTTP error status as a response, or -1: a 5xx code as a word
    // ("Checkout returns 502", "503 from the gateway"), or a 4xx one after a verb or a word that
    // says it is a status ("returns 404", "HTTP 401 on login"); not a port, a version or a count.
    static qsizetype errorStatusAt(QStringView text);
    // The check result an answer's condition names, as a check block's branch key: "pass" for
    // "If it passes", "On success", "OK"; "fail" for "If it fails", "Fail", "Not OK"; empty
    // for any other ("If yes", "If it fails with `refused`"), whose result is the reader's to tell.
    static QLatin1StringView resultOf(QStringView condition);
    // "Otherwise", "If not", "If it doesn't": a condition that is the other answer's opposite.
    static bool isOtherwise(QStringView condition);
    // Whether such a heading says so on its own ("Disk full", "Token expired", "Port 3000
    // already in use"), rather than naming a condition ("When the queue is full", "If the build
    // fails") or a kind of thing that rules and policies are about as often as problems are
    // ("Invalid characters in names", "Version mismatch policy": a state word before a noun).
    // Those are problems when the text under them treats them as one.
    static bool statesFailure(const QString &heading);
    // Whether a heading states a bad outcome in words no failure word is among ("Loss becomes
    // NaN after a few hundred steps", "Gradients go to zero", "The export is empty", "Query
    // returns nothing", "Memory spikes at startup"). Descriptions use the same words ("Why a
    // sum becomes NaN"), so it is a problem only when its text treats it as one.
    static bool statesBadOutcome(const QString &heading);

    // Whether quoted text reads as an error message ("ECONNREFUSED 127.0.0.1:5432", "FATAL:
    // password authentication failed", "502 Bad Gateway") rather than a command or a name
    // ("lsof -i :3000", "DATABASE_URL").
    static bool readsAsError(QStringView text);
    // Only the shapes of errors, not words: ECONNRESET, TypeError, 502 Bad Gateway,
    // CERTIFICATE_VERIFY_FAILED. Words such as "Timeout" also name settings.
    static bool hasErrorShape(QStringView text);

    // Whether text opens as an error message does: "ERROR 1040 (HY000): …", "Error: …",
    // "FATAL: …", not "Error handling".
    static bool opensWithErrorWord(QStringView text);

    // Whether the text after a fix's label says that nothing needs doing ("Try: it is fine to
    // ignore this warning", "Action: none needed if …", "Fix: no action required"): an aside,
    // not a fix. Looks at its first sentence.
    static bool saysNoActionNeeded(QStringView text);

    // Whether the text after a label is a sentence of advice ("Verify the host in .env") rather
    // than a list of names ("New Relic, Datadog, Sentry").
    static bool readsAsAdvice(QStringView text);

    // "Option A – raise the memory limit", "Alternative 2: scale out", "Solution 1": a label that
    // names one of several fixes by its letter or number. *title gets what follows the marker
    // ("raise the memory limit"), empty when nothing does.
    static bool namesAlternative(QStringView label, QStringView *title);

    // "❌ Error: …" → "Error: …", "⚠️ Solution" → "Solution": the symbols and emoji a heading
    // may open with, which say nothing about its kind. Returns the text itself when it has none.
    static QStringView withoutLeadingSymbols(QStringView text);

    // "Q: How do I reset the database?" → true, with the question after the marker in `rest`.
    static bool faqQuestion(QStringView text, QString *rest);
    // "A: Run `make db-reset`." or "Answer: …" (plain text, so "**A:**" too) → true, with where
    // the answer starts after its marker in `answerAt`.
    static bool faqAnswer(QStringView text, qsizetype *answerAt);
    // Where the first sentence that asks to change something starts ("Install one:", "Either
    // set …", "Please upgrade …"), or -1. Looks at the first few sentences only.
    static qsizetype sentenceOfFix(QStringView text);
    // "Escalate to #payments-oncall", "Page the on-call DBA", "Contact the vendor": a request
    // that hands the problem over, by its first word and, to page or contact, by who takes it
    // (an on-call rota, a channel, support, a vendor). The flow ends there.
    static bool handsOver(QStringView request);
    // A heading that asks why something goes wrong, or how to fix it: "Why does the server
    // refuse connections?", "Why can't I log in?", "How do I fix `EACCES`?". Not "Why Triage?"
    // nor "How do I install it?".
    static bool asksAboutAProblem(QStringView heading);

    // "Still stuck?", "🙋 Still not working?": a closing heading that asks whether the reader is
    // still stuck, naming nothing that fails; what follows says where to ask for help.
    static bool asksIfStillStuck(QStringView heading);

    // The answer a decision-tree item opens with: "Yes" in "Yes → go to step 2", "No" in
    // "**No**: start it", "If you see `NXDOMAIN`" in "If you see `NXDOMAIN`, go to step 4".
    // Empty when it opens with none of these.
    static QStringView answerWord(QStringView item);
    // "Step 3: Is the service running?" → 3; "Step 12 — Escalate" → 12. 0 for a heading that
    // numbers no step ("Steps to reproduce", "Step 3a", "1. Install"). `words` gets what the
    // step says ("Is the service running?", "Escalate").
    static int stepNumber(QStringView heading, QStringView *words = nullptr);
    // Where a procedure's text leads on to one of its steps: "If it shows `failed`, go to Step 2",
    // "Otherwise start it and go back to Step 1", "Then repeat Step 4", "(see Step 7)".
    struct StepReference {
        int number = 0;        // the step it leads to
        qsizetype at = 0;      // where "Step" starts in the text
        QStringView condition; // the answer it is the way on for ("If it shows `failed`", "Otherwise"); empty when none
    };
    // The answer a sentence gives before what it asks or where it leads: "If it shows `failed`"
    // in "If it shows `failed`, go to Step 2", "Otherwise", "After three tries". Empty for a
    // sentence that gives none, or only orders the text ("Then, …", "Finally, …").
    static QStringView answerCondition(QStringView sentence);
    // Every such reference in `text`, in order. A step named without a verb that leads there
    // ("as Step 2 showed", "Step 3 takes a minute") is no way on.
    static QVarLengthArray<StepReference, 4> stepReferences(QStringView text);
    // The width of the arrow `text` opens with: 1 for → and ⇒, 2 for -> and =>, 0 for none.
    // What ends a decision tree's answer ("Yes → …") and a quick answer's problem ("**…** → fix").
    static qsizetype arrowWidth(QStringView text);

    // "1. Database issues" → "Database issues", "Article 12: Login fails" → "Login fails";
    // "Step 2: Foo" stays.
    // Returns `title` itself, shared and not copied, when there is nothing to strip.
    static QString stripNumbering(const QString &title);

    // A table cell that is a code and nothing else: "0", "3", "502", "-1", "0x80". It says
    // nothing without its column's name ("Exit code 3").
    static bool isBareCode(QStringView cell);
    // Whether a code's meaning says all went well ("Success", "OK", "No error", "Completed
    // successfully"): that row of a table of codes is no problem to troubleshoot.
    static bool meansSuccess(QStringView meaning);

    enum class Column { Other, Error, Cause, Solution };
    static Column tableColumn(const QString &header);
};

} // namespace triage
