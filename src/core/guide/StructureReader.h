#pragma once

#include "Guide.h"
#include "StructureVocabulary.h"
#include "markdown/HeadingSlugger.h"
#include "markdown/MarkdownDocument.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <climits>
#include <limits>
#include <optional>
#include <span>

namespace triage {

// Reads the structure of a parsed Markdown document, in one walk, into a guide: nodes from headings, bold
// labels, list items and table rows; checks from diagnosis commands; edges from structure,
// check blocks, answers and links. Used by GuideImporter; one builder per document.
//
// Recognition is by general shape, not by any one guide's layout:
//  - a heading, bold paragraph or list item whose label is a part word (Symptoms, Diagnosis,
//    Solution 2, Root Cause, Problem, …) starts a part of the nearest issue, which is the
//    heading it sits under or the bold/link paragraph just before it;
//  - `Issue:`, `Check:`, `Question:`, `Solution:`, … headings name their kind;
//  - a list of `**Label**: advice` items under a heading makes that heading an issue whose
//    items are diagnosis steps or solutions, by their verb;
//  - a table with an error column and a cause or solution column yields one issue per row;
//  - links to `.md` files become cross-guide edges.
//
// Not thread-safe; build() is called once.
class StructureReader {
public:
    StructureReader(const QString &path, const MarkdownDocument &doc, bool explicitFormat);
    void setTitleHint(const QString &title) { m_titleHint = title; }
    void setDiagnostics(GuideDiagnostics diagnostics) { m_guide.diagnostics = std::move(diagnostics); }
    // The lines, in order, where a GitHub alert's marker ("> [!TIP]") was rewritten as its title,
    // a heading inside the quote (">### Tip"): see GuideImporter.
    void setAlertTitles(QList<int> lines) { m_alertTitles = std::move(lines); }
    Guide build();

private:
    struct Label {
        bool found = false;
        QStringView text; // inside the bold markers, without the colon (a view into the document)
        QStringView tail; // what follows the colon on the same paragraph
    };
    struct Part {
        NodeKind kind = NodeKind::Info;
        int issue = -1;
        int node = -1;        // node receiving content, created lazily
        int line = 0;
        bool splitItems = false; // each list item is its own node…
        bool stepsInOrder = false; // …but a numbered list is one item's steps (a singular heading: "### Solution")
        bool plainLabel = false; // opened by a label in plain text ("Solution:"), which the item's body loses
        bool unlabelled = false; // started by a sentence before a code block, not by a label
        bool stepFix = false;    // …by an answer's fix in a step's text ("If …, open it:"), which the next answer ends
        // Opened by a heading or a fold's summary: where the text under that title starts, so
        // that the title line is no item's body. 0: opened by a label in the text.
        int bodyFirst = 0;
        int textColumn = 0;      // > 0: the text starts this far into line bodyFirst (after `</summary>`)
        QString title;           // that heading's or summary's words ("Triage", "Fix"), for an item with no title of its own
    };
    struct OpenHeading {
        int level = 0;
        int node = -1;            // -1 for a part heading ("#### Solutions")
        NodeKind partKind = NodeKind::Info;
        int region = -1;          // its text's run in m_regions
        int issue = -1;           // a part heading: the issue its part belongs to
        // An issue opened by one of several headings that state a problem each ("### Issue"
        // twice in a section): the part headings after it at its level are its own.
        bool statesProblem = false;
    };
    struct Region {
        int node = -1;
        int titleLine = 0;
        int bodyFirst = 0;
        bool stripLead = false;   // remove a list marker and bold label from the first line
        bool plainLabel = false;  // …a plain label ("Cause:") rather than a bold one
        bool resume = false;      // more text of a node whose body a fold or a list interrupted
        int textColumn = 0;        // > 0: the first line is a summary's, and the text starts this far into it
        bool afterClose = false;   // a resumed run whose first line closes a fold: text after `</details>`
        int endColumn = 0;         // > 0: one line's text ends here (a resumed run between two fold tags, a problem before its arrow)
        int lastLine = 0;          // > 0: the run ends here (its fold closed on the line its text starts)
        int indent = 0;            // > 0: a fold in a list item: how far in its lines are
    };
    struct PendingLink {
        int from = -1;
        QString href;
        QString label;
        GuideEdge::Kind kind = GuideEdge::Kind::Link;
        int line = 0;
        int column = 0;
        qsizetype at = -1; // where its text starts in its block's text
        bool wiki = false; // "[[Note]]": the note may be anywhere in the vault (noteInVault())
    };

    // What opens a node as a heading does: a Markdown heading, or a `<details>` summary.
    struct HeadingText {
        int level = 0;
        int line = 0;               // where the title is
        int regionLine = 0;         // where the node's text starts (the `<details>` tag)
        int bodyFirst = 0;
        QString text;               // plain text
        const MdBlock *block = nullptr; // a Markdown heading: its code spans are read from it
        QStringList codes;          // a summary: the text of its `<code>` elements
        bool allCode = false;       // a summary that is one `<code>` element
        bool anchored = true;       // GitHub gives it an anchor (headings; not summaries)
        bool textAfterSummary = false; // its text starts on the title's line, after `</summary>`…
        int textColumn = 0;            // …this far into that line of the source
        int indent = 0;                // a fold in a list item: how far into the item its lines are
        int blockBefore = -1;          // the block its text's blocks come after (its heading's, its summary's), if they do
    };

    // Blocks
    void walk(const MarkdownDocument::BlockIndexes &blocks);
    void onHeading(const MdBlock &b);
    // `<summary>` and `</details>` tags in an HTML block; false when it has none to act on.
    bool onDetails(const MdBlock &b);
    static void summaryText(QStringView html, HeadingText *h);
    // A look's list of "`message` → where to go" items: each message is a symptom of its issue.
    void messagesLeadingOn(const MarkdownDocument::BlockIndexes &items);
    // Closes the fold a `</details>` on `closeLine` ends (its summary's heading level): its
    // node's text stops there, with the text before the tag on that line (the lead, if any).
    void closeFold(int level, int closeLine, bool closeFirst, int leadLine, int leadColumn, int leadEndColumn);
    // A paragraph's inline `</details>` tags close folds too.
    void closeInlineFolds(int blockIndex);
    void openHeading(const HeadingText &h);
    // Whether a heading that states a problem ("### Issue", "### Problem 2") is one of several
    // with the same word in its section: then each is a problem of its own. Remembered for the
    // later ones, so that a section is looked through once.
    bool statesOneOfSeveralProblems(const MdBlock &heading, const StructureVocabulary::PartLabel &label);
    // What such a problem is called: the first sentence of its text, else the heading's words.
    QString problemTitle(const MdBlock &heading, const QString &headingWords) const;
    // Whether a part heading is an aside ("## Environment") or an alert outside any issue, which
    // is a heading of its own rather than a part of the issue beside it.
    bool asideOutsideAnIssue(const StructureVocabulary::PartLabel &label, QStringView text, const OpenHeading &sibling,
                             int partIssue) const;
    // A paragraph that opens with `<h3>` and closes it ("<h3>Issue: …</h3>", as md4c reads
    // such a line): a heading. False, and nothing done, for any other.
    bool openHtmlHeading(int index);
    void onParagraph(int index);
    void onList(int index);
    void onTable(int index);
    // The columns of a table that lists errors (-1: none): an error, and its cause or its fix;
    // and how to check for it ("Check", "How to verify"), if it says.
    struct ErrorColumns {
        int error = -1;
        int cause = -1;
        int solution = -1;
        int check = -1;
        bool listErrors() const { return error >= 0 && (cause >= 0 || solution >= 0); }
    };
    static ErrorColumns errorColumns(const QStringList &headers);
    // A row of such a table: its line, the text of those cells, the code in its fix, and the
    // check it names with that check's code.
    struct ErrorRow {
        int line = 0;
        QString message;
        QString cause;
        QString solution;
        QStringList codes;
        QString check;
        QStringList checkCodes;
    };
    // The issue a row of an error table is, under `container`, with its symptom, cause and fix.
    void addErrorRow(int container, const QString &errorHeader, const ErrorColumns &columns, const ErrorRow &row);
    // Headings (`<h3>Issue: …</h3>`) and error tables (`<table>`) in an HTML block without
    // folds, read as their Markdown equivalents; false when it has none.
    bool onHtml(const MdBlock &b);
    void onCode(int index);
    // Whether a quote's text opens with a part label ("> **Symptom:** …"), or a GitHub alert's
    // after its title ("> [!TIP]" then "> **Fix:** restart the worker", or a plain "Fix:"): read
    // as that part, as the same text outside a quote.
    bool isLabelledQuote(int index) const;
    void onLabelledQuote(int index);
    // A `---` rule: ends the part it follows.
    void onRule(const MdBlock &b);

    // Structure
    int addNode(NodeKind kind, const QString &title, int line, int container, const QString &idHint, bool contained = true);
    void startRegion(int node, int titleLine, int bodyFirst, bool stripLead);
    void regionBreak(int line) { m_breaks.append(line); }
    // The node's text goes on from `line` (after a `</details>` or a list of errors in it).
    // More text of `node` from `line` on; with `afterClose`, from the text after the `</details>`
    // that closes the line before.
    void resumeRegion(int node, int line, bool afterClose = false);
    // More text of `node` on one line only, between two fold tags: from `column` up to `endColumn`.
    void resumeBetween(int node, int line, int column, int endColumn);
    int currentIssue() const;
    int headingNode() const;
    int ensureIssue(int line);
    // A FAQ entry written as a paragraph ("Q: …", "**Question:** …"): an issue titled by the
    // question, whose text is the answer after it.
    void openFaqEntry(const MdBlock &b, QString question, QStringView answerOnFirstLine = {});
    // "**Gradle sync fails: "…"** → Set the Gradle JDK to 17.": a problem in bold, then an
    // arrow and what to do. The problem, and where the answer starts in the block's text.
    bool arrowEntry(const MdBlock &b, QString *problem, qsizetype *answerAt) const;
    // `<p><strong>Fix:</strong> …</p>` at `line`: starts that part; false when it is no label.
    bool openHtmlPart(QStringView content, int line);
    // The answer of a FAQ entry, from `line` of a paragraph on ("A: You have no linker. Install
    // one: …"): when it says what to do, it is the entry's solution, titled by the sentence that
    // says it, its text without the marker. False, and nothing done, when it only informs.
    bool readFaqAnswer(const MdBlock &paragraph, int line, QStringView answer);
    // "**problem** → fix" read as an entry and its solution: the lines they share are cut at
    // the arrow, the problem before it the issue's text (its region `issueRegion`), the answer
    // after it the solution's (the region after).
    void cutAtArrow(const MdBlock &b, qsizetype issueRegion);
    // "Check whether it runs with `redis-cli ping` – it should print `PONG`.": a sentence of an
    // issue's own text that asks to look, with a command in it that Triage can run. It is a
    // diagnosis step of that issue, titled by the sentence, with those checks; the paragraph
    // stays the issue's text. False, and nothing done, when the paragraph has no such sentence.
    // With `until`, only the text before it is read (what leads up to a step of its own).
    bool readInlineLook(const MdBlock &paragraph, qsizetype until = -1);
    // Starts the part a label or heading names. A label with no text makes its item at once
    // ("**Diagnosis:**" is titled "Diagnosis"), unless `itemsFollow`: the list after it makes
    // them.
    void startPart(const StructureVocabulary::PartLabel &label, QStringView tail, int line, bool fromHeading, bool itemsFollow = false);
    // Whether the list `list` (a block index; -1 for none) holds a diagnosis's procedure: looks
    // some of which are answered in lists of their own (readStepItems()), not under a step.
    bool isDiagnosisProcedure(int list) const;
    int partNode(const QString &titleHint);
    void endPart();
    int contentNode(const QString &titleHint);
    void flushPendingTitle();
    int newPartItem(NodeKind kind, const QString &title, int line, int issue, const QString &idHint = QString());
    void noteFlowNode(int node);

    // Content
    void attachContent(int blockIndex, int node);
    void attachCode(const MdBlock &b, int node);
    // Links and inline commands of a block, or of its lines first..last only, or of its text's
    // offsets from..to (exclusive) only.
    void attachInline(const MdBlock &b, int node, GuideEdge::Kind linkKind, int first = 0, int last = INT_MAX, qsizetype from = 0,
                      qsizetype to = std::numeric_limits<qsizetype>::max());
    // Whether a span of `b` is among those attachInline() reads with these bounds.
    bool inRange(const MdBlock &b, const MdSpan &span, int first, int last, qsizetype from, qsizetype to) const;
    void addCheckNode(int parent, const CheckSpec &spec, const QString &title, const QString &body, int line);
    // A command written inline in a step's prose, masked, to the step's commands to copy (once).
    void addInlineCommand(int node, QStringView code, int line);
    // A command written in prose that is a check: its masked text titles and shows it.
    void addInlineCheck(int node, const CheckSpec &spec, const QString &code, int line);
    // The quoted error an issue is about, as its symptom: the message in a code block, masked.
    void addErrorSymptom(int issue, const QString &message, int line);
    // The same, for a caller that has the message masked already (`shown`).
    void addErrorSymptom(int issue, const QString &message, const QString &shown, int line);
    void readCheckBlock(const MdBlock &b, int node);

    // Helpers
    // Whether a heading quotes an error message; sets the issue's title and the message (the
    // code span in it, if any).
    bool quotesError(const HeadingText &h, QString *title, QString *error) const;
    // A paragraph in an issue's own text, outside any labelled part, that leads into a code
    // block: Diagnosis when it asks to look at something ("Check the database:"), Solution
    // when it asks to change something after such a step ("If it is down, start it:"), else
    // Info (not a step).
    // `stepAt`: where the sentence that asks starts, the paragraph's first or its last ("The
    // client could not connect. Check whether anything listens:").
    NodeKind unlabelledStep(const MdBlock &paragraph, qsizetype *stepAt) const;
    // Whether a paragraph after a look asks, in its own words, to change something with a
    // command it shows inline: "If it does not, restart it: `kubectl rollout restart …`".
    bool fixAfterLook(const MdBlock &paragraph) const;
    // Whether the innermost heading is an issue, or names one (says what fails, asks why) with
    // nothing under it yet and no issue around it.
    bool headingNamesIssue() const;
    // A paragraph whose lines open with plain part labels ("Symptom: …", "Cause: …"): each
    // such line starts a part. False, and nothing done, when its first line has none, unless
    // `opening` says what part that line is (an item of a list of causes).
    bool readPlainLabels(const MdBlock &paragraph, int minimumLabels = 1, const StructureVocabulary::PartLabel *opening = nullptr);
    // How many of a paragraph's lines open with a part label, bold or plain, counting up to `enough`.
    int labelledLines(const MdBlock &paragraph, int enough) const;
    // The part label a source line opens with, without bold ("Fix: restart it"); sets the
    // label's word. A line holding only a part word, with the next opening with ": ", is a
    // definition list's term ("Fix" / ": Restart it"), and sets `definition`.
    StructureVocabulary::PartLabel plainLabelOf(int line, QString *word, bool *bold, bool *definition = nullptr) const;
    Label leadingLabel(const MdBlock &b) const;
    bool isTitleParagraph(const MdBlock &b) const;
    QStringView itemLeadText(int itemIndex, Label *label) const;
    // The error a list item's bold label quotes, or an empty string.
    QString labelError(int itemIndex, const Label &label) const;
    int leadParagraph(int itemIndex) const;
    // How many of a list's items, up to two, open with a part label in plain text ("- Fix: …");
    // none unless the first does.
    int plainPartLabels(const MarkdownDocument::BlockIndexes &items) const;
    // Whether the innermost heading names a problem or says what fails ("## Known issues",
    // "## Login fails"): a list of plain labels under it is that problem's parts.
    bool headingNamesAProblem() const;
    // Whether a list item holds a part label under its first line: on a later line of its
    // text, or opening a paragraph or a list under it.
    bool holdsPartLabel(int itemIndex) const;
    // Whether a list item is a title ("- **Login fails with 401**", "- `save()` raises …") over a
    // list of parts.
    bool titlesPartList(int itemIndex) const;
    // The first code span of a paragraph that reads as an error message, or an empty string.
    QString quotedError(const MdBlock &paragraph) const;
    // Whether a list item starts with a fold: an HTML block with a `<summary>`.
    bool opensFold(int itemIndex) const;
    // Reads a list item's blocks after its lead paragraph as the document around them is read.
    void walkItemRest(int itemIndex, int lead);
    // Numbered steps that ask to change something, in an issue's own text or under a fix's
    // label, read as one solution, the steps that look before it as diagnosis steps; whether
    // the list at `index` was read so.
    bool orderedSolution(int index, const MarkdownDocument::BlockIndexes &items, std::span<const Label> labels,
                         std::span<const QStringView> leads);
    static QString shorten(QStringView text, int max = 100);
    static QString shorten(const QString &text, int max = 100);
    static QString firstSentence(QStringView text);
    // A title made of the first sentence of `text`: shorten(firstSentence(text)), without
    // looking again for white space to simplify in the sentence firstSentence() simplified.
    static QString firstSentenceTitle(QStringView text);
    // A step's title from its item's lead: its first sentence, without a trailing colon.
    static QString stepTitle(QStringView lead);
    // The items of a list that holds `issue`'s steps: an item that asks to look is a diagnosis
    // step, one that asks to change something a solution, any other the issue's text again.
    // When `mayBeProcedure` and some look is answered in a list of its own, the list is a
    // procedure: its looks are check steps numbered within it, their answers leading on.
    void readStepItems(int index, const MarkdownDocument::BlockIndexes &items, std::span<const Label> labels,
                       std::span<const QStringView> leads, int issue, bool mayBeProcedure);
    // A list item that asks to look: a diagnosis step of `issue`, its text the item's.
    void addLookItem(int item, QStringView lead, int issue);
    // The list among a list item's blocks whose items are answers ("- **Yes** → go to step 2"),
    // or -1.
    int answerList(int item) const;
    // List item `item`, read as check step `step`, is step `number` of a procedure (a numbered
    // list's, or a tree of questions'): its answers lead on to other steps, to the questions
    // they ask next, or to the fixes they say.
    void addListStep(int item, int answers, int step, int number);
    // The text of list item `item` on `step`, its list of answers `answers` (a block, or -1)
    // read as answers, `depth`
    // questions deep in a tree of them.
    void readListAnswers(int item, int answers, int step, int depth);
    // An answer that asks the next question, with answers of its own under it: a step of its
    // own that the answer leads to; false, nothing done, for any other.
    bool followUpQuestion(int answer, int step, int depth);
    // Where the last sentence of a paragraph starts, or 0 when it has one only (or that sentence
    // is longer than any request to look is).
    static qsizetype lastSentenceAt(QStringView text);
    static QString firstCodeLine(QStringView code, bool preferComment);
    QString uniqueId(const QString &hint);
    void addDiagnostic(GuideDiagnostic::Severity severity, int line, int column, const QString &code, const QString &message);
    void noteSecret(int line);
    // The values SecretRedaction masks in source line `line`, when it has code a title made from
    // it loses; the last line's kept, as a line's nodes are made one after another.
    const QStringList &secretsOfLine(int line);

    // Procedures: "## Step 1: Is the service running?" and the text that leads on ("If it shows
    // `failed`, go to Step 2."). A step that asks, with its commands, is a check; its text's
    // conditions are its answers.
    // Where a "Step N" heading at `level` goes: under the heading before it, which is an issue
    // from now on when it names the problem ("## VPN does not connect"); directly under a page
    // whose title names one ("# Order service outage: diagnostic procedure"), under the page's
    // issue, which holds the procedure at `level` - 1.
    int procedureIssue(int level, int line);
    // The text of `b` (lines first..last) on `node`: its ways on to a step ("go to Step 3"). A
    // way on written as a link (the links this call made start at `linksBefore`) keeps being a
    // link, and becomes the answer its sentence gives.
    void noteStepLeads(const MdBlock &b, int node, qsizetype linksBefore, int first, int last, qsizetype from, qsizetype to);
    // "If Redis answers `Connection refused`, restart it:" and its commands, or "If it says `no
    // response`, fail over to the replica." at a paragraph's end, in a step's text: a fix the
    // answer leads to, a solution of the procedure's issue. False, nothing done, for any other
    // paragraph.
    // `step`: the step whose text it is; `inItem`: the paragraph is in a list item (a step of a
    // numbered procedure), where no fix takes the code blocks after it.
    bool readStepFix(int index, int step, bool inItem = false);
    static constexpr qsizetype kMaxStepFixes = 16; // answers of one paragraph read for fixes
    // A sentence of a step's paragraph that opens with the answer it is for: where it starts in
    // `text` (a paragraph's prose, trimmed), its condition, what it says then, and its line.
    struct SentenceAnswer {
        qsizetype at = 0;
        QStringView condition;
        QStringView rest;
        int line = 0;
    };
    // Such sentences of paragraph `b` (`source`: its text trimmed; `text`: its prose at the same
    // offsets), last first; `intoCode`: only the last, which leads into the code after it.
    QVarLengthArray<SentenceAnswer, 4> sentenceAnswers(const MdBlock &b, QStringView source, QStringView text, bool intoCode) const;
    // The answer `condition` (a view into `b`'s text, at `line`, its sentence at `at`) of step `step`, which leads to
    // its fix `fix`: the fix's own ways on are plain, and the errors the condition quotes are
    // the issue's.
    void addFixAnswer(const MdBlock &b, int step, int fix, QStringView condition, int line, qsizetype at);
    // A table of what a step may show and where each leads ("| Output | Meaning | Next |"): its
    // rows are the step's answers. False, nothing done, for any other table.
    bool readStepTable(int index, const MarkdownDocument::BlockIndexes &rows, const QStringList &headers, int bodyStart);
    // A table of checks and where each result leads ("| Step | Check | If it passes | If it fails
    // |") under a heading that names a problem: a procedure, one step a row. False, nothing
    // done, for any other table.
    bool readDecisionTable(int index, const MarkdownDocument::BlockIndexes &rows, const QStringList &headers, int bodyStart);
    // Such a table's columns (-1: none): its results, where each row's commands are, what the
    // row asks in words, and its number.
    struct DecisionColumns {
        QVarLengthArray<int, 8> results;
        int check = -1;
        int asks = -1;
        int number = -1;
    };
    DecisionColumns decisionColumns(const MarkdownDocument::BlockIndexes &rows, const QStringList &headers, int bodyStart) const;
    // A row of it at `line`, the `place`th: a check step of `issue`, its results its answers.
    void addDecisionRow(const MarkdownDocument::BlockIndexes &cells, int line, int place, const DecisionColumns &columns,
                        const QStringList &headers, int issue);
    // A table cell's text as Markdown that shows it as written: its code spans in backticks,
    // the rest escaped.
    QString cellMarkdown(const MdBlock &cell) const;
    // A solution of the current issue made of an answer's fix, its text `body`; an outcome
    // instead when the fix hands the problem over ("Escalate to #oncall").
    int addStepFix(const QString &title, int line, QStringView body);
    // The same in a list item of step `step`'s text ("- If you see `EADDRINUSE`, … kill it").
    int readStepFixItem(int step, int item); // the fix, or -1
    // A fix's title from the text after its answer, the request to change at `fix`.
    static QString fixTitle(QStringView rest, qsizetype fix);
    // The ways on from fix `fix` just read are plain links: its condition is the answer to it.
    void plainLeadsFrom(int fix);
    // Whether a sentence after an answer's goes on with its fix: it asks to change something,
    // and neither looks nor leads on to a step.
    static bool continuesFix(QStringView sentence);
    // Where the sentence of `rest` that asks to change something starts, or -1.
    static qsizetype fixIn(QStringView rest);
    // The errors an answer's condition quotes (text offsets begin, size) become symptoms.
    void noteConditionErrors(const MdBlock &b, int step, qsizetype begin, qsizetype size, int line);
    // An edge from `from` to `to`: an answer labelled `label`, or a link when it has none.
    void addAnswer(int from, int to, const QString &label, int line);
    // A paragraph's text with its code spans' punctuation masked, offsets unchanged: "If you see
    // `a, b`, …" ends its condition after the code, not inside it.
    QString proseOnly(const MdBlock &b) const;
    // The source line of offset `at` in `text`, a block's text (or its trimmed view).
    int lineOf(const MdBlock &b, QStringView text, qsizetype at) const;
    // The container of the steps text under the innermost heading names: its step's, else its own.
    int stepContainer() const;
    bool isStep(int node) const { return node >= 0 && node < m_states.size() && m_states.at(node).step > 0; }
    // Each way on to a step, an edge (an answer, when a condition gives it); a step with two
    // answers or more asks a question. Before resolveKinds(): a section of questions is an issue.
    void resolveSteps();
    // A procedure's answers in the order the text gives them (they are made at several times).
    void orderAnswers();
    // The errors the steps' text quotes ("If you see `FATAL: …`"), symptoms of their issue.
    void addStepSymptoms();

    // Finishing
    void resolveKinds();
    // Whether the text under a plain heading handles a problem: it quotes an error, shows
    // commands, or a paragraph or list item asks to change or to check something.
    bool textTreatsAsProblem(int node) const;
    void registerExplicitIds();
    void resolveLinks();
    // Where a wiki link's note ("Refund queue.md") is in the vault around this guide, or
    // nothing: the vault is the nearest folder up with `.obsidian`, else the guide's folder.
    QString noteInVault(const QString &fileName);
    void assignBodies();
    void labelEdges();

    QString m_path;
    // Obsidian notes by their file name in lower case, read once a wiki link asks.
    std::optional<QHash<QString, QString>> m_vaultNotes;
    const MarkdownDocument &m_doc;
    bool m_explicit = false;
    QString m_titleHint;
    Guide m_guide;
    HeadingSlugger m_slugger;
    QHash<QString, int> m_anchors;     // "#anchor" (without '#') → node
    struct ExplicitId {
        QString id;
        int node = -1;
        int line = 0;
    };
    QList<ExplicitId> m_explicitIds;   // `id:` keys of check blocks
    struct QuotedError {
        QString message;
        int line = 0;
    };
    QHash<int, QList<QuotedError>> m_quotedErrors; // plain heading → the errors its text quotes, in order
    static constexpr int kMaxQuotedErrors = 8;
    // Keeps an error a plain heading's text quotes, up to kMaxQuotedErrors, once each.
    void noteQuotedError(int node, const QString &message, int line);
    QHash<QString, int> m_idLines;     // where each explicit id was defined
    QHash<QString, int> m_ids;         // node id → index in m_guide.nodes
    QHash<QString, int> m_nextSuffix;  // id base → the suffix uniqueId() tries first for it
    int m_secretsLine = 0;             // the line whose secrets m_lineSecrets holds (secretsOfLine())
    QStringList m_lineSecrets;
    QList<OpenHeading> m_headings;
    QList<int> m_alertTitles;          // lines of GitHub alerts' titles, in order
    QHash<int, bool> m_severalProblems; // a problem heading's line → whether its section has more with its word
    QList<int> m_details;              // open `<details>`: its summary's heading level, or 0 (none yet)
    int m_openSummaries = 0;           // how many of them have a summary
    QList<Region> m_regions;
    QList<int> m_breaks;
    QList<PendingLink> m_links;
    struct StepHeading {
        int node = -1;
        int container = -1;
        int number = 0;
    };
    QList<StepHeading> m_steps;        // "Step N" headings and a numbered procedure's items, in order
    bool m_headingSteps = false;       // some "Step N" heading is a step
    // A list's or a table's procedure: its steps' container, a key of its own (no node's
    // index), and the issue it is for.
    static constexpr int kNoList = INT_MIN;
    static int listProcedureKey(int block) { return -2 - block; }
    QHash<int, int> m_listProcedures;  // key → issue
    int m_listProcedure = kNoList;     // the one being read: stepContainer() while its items are
    // Reads the items of list procedure `key` (issue `issue`) as its steps, then the text after
    // it as before.
    struct ProcedureScope {
        ProcedureScope(StructureReader *reader, int key, int issue) : m_reader(reader), m_before(reader->m_listProcedure)
        {
            if (key != kNoList && key != m_before) {
                reader->m_listProcedures.insert(key, issue);
                reader->m_listProcedure = key;
            }
        }
        ~ProcedureScope() { m_reader->m_listProcedure = m_before; }
        ProcedureScope(const ProcedureScope &) = delete;
        ProcedureScope &operator=(const ProcedureScope &) = delete;
        StructureReader *m_reader;
        int m_before;
    };
    struct StepLead {
        int from = -1;
        int container = -1;            // whose steps it names
        int number = 0;
        QString condition;             // the answer it is given for; empty: a plain way on
        int line = 0;
        int target = -1;               // where it leads, when not a step by number (a fix)
        qsizetype at = -1;             // where its text starts in its block's text, when it is read from one
    };
    QList<StepLead> m_stepLeads;       // "go to Step 3" in text, and answers that lead to a fix
    struct NodeState {
        int step = 0;             // a "Step N" heading: N…
        int stepContainer = -1;   // …and the node whose steps it is one of
        int solutions = 0;        // an issue's solutions so far
        int symptoms = 0;         // an issue's symptoms so far
        int checks = 0;           // a step's checks so far
        bool fromHeading = false; // the node was made by a heading
        bool faqEntry = false;    // an issue made by a FAQ question ("Q: …")
        int blockBefore = -1;     // made by a heading or a summary: the block its text's blocks come after, if they do
    };
    QList<NodeState> m_states;         // by node position, grown on demand
    NodeState m_noState;               // what state(-1) hands out: no node, nothing kept
    NodeState &state(int node)
    {
        if (node < 0)
            return m_noState = NodeState{};
        if (node >= m_states.size())
            m_states.resize(std::max<qsizetype>(node + 1, m_guide.nodes.size()));
        return m_states[node];
    }
    bool fromHeading(int node) const { return node < m_states.size() && m_states.at(node).fromHeading; }
    bool faqEntry(int node) const { return node >= 0 && node < m_states.size() && m_states.at(node).faqEntry; }
    Part m_part;
    bool m_inPart = false;
    int m_titleIssue = -1;             // issue opened by a bold/link title paragraph
    int m_pageIssue = -1;              // the issue named by the page's title, made for parts outside any issue
    int m_pendingTitle = -1;           // block index of a title paragraph not yet used
    int m_awaitingStart = 0;           // explicit format: node whose first step is next
    bool m_rootTitled = false;
    bool m_rootNamesProblem = false;   // the page's title names a problem: its steps are that issue's
    int m_walkDepth = 0;
    static constexpr int kMaxWalkDepth = 32;
    static constexpr int kMaxDetailsDepth = 32;
    // How much of a fold's text is read for the title of the part item it starts.
    static constexpr qsizetype kMaxTitleSource = 4096;
};

} // namespace triage
