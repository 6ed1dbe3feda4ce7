#include "GuidedView.h"

#include "Look.h"
#include "NodeMarkdown.h"
#include "NodeView.h"
#include "markdown/MarkdownDocument.h"
#include "markdown/MarkdownEscape.h"
#include "session/GuidedFlow.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace triage {

using look::displayLocation;
using look::kindColor;
using look::statusWord;

namespace {

QString statusColor(CheckStatus status)
{
    return look::statusColor(status).name();
}

// The Markdown without Triage's ```check blocks: guided mode shows what a check runs in words
// ("Runs natively") and runs it with a button; its YAML is for the guide's author.
QString withoutCheckBlocks(const QString &markdown)
{
    const SourceText source = SourceText::fromBytes(markdown.toUtf8());
    const MarkdownDocument doc = MarkdownDocument::parse(source);
    QStringList lines = markdown.split(QLatin1Char('\n'));
    QList<QPair<int, int>> drop;
    for (const MdBlock &b : doc.blocks()) {
        if (b.kind == MdBlockKind::Code && b.firstLine > 0 && b.lastLine <= lines.size() && doc.language(b) == QLatin1String("check"))
            drop.append({b.firstLine, b.lastLine});
    }
    for (auto it = drop.crbegin(); it != drop.crend(); ++it)
        lines.remove(it->first - 1, it->second - it->first + 1);
    return lines.join(QLatin1Char('\n'));
}

// The Markdown with a "Copy" link after every code block, found by the Markdown parser (so a
// fence inside a list or a quote counts, and a line of backticks inside code does not).
QString withCopyLinks(const QString &markdown, QStringList *blocks)
{
    const SourceText source = SourceText::fromBytes(markdown.toUtf8());
    const MarkdownDocument doc = MarkdownDocument::parse(source);
    QStringList lines = markdown.split(QLatin1Char('\n'));
    QList<QPair<int, QString>> inserts; // after line (1-based), the text to insert
    for (const MdBlock &b : doc.blocks()) {
        if (b.kind != MdBlockKind::Code || b.lastLine <= 0 || b.lastLine > lines.size())
            continue;
        const QString code = doc.text(b).toString().trimmed();
        if (code.isEmpty())
            continue;
        blocks->append(code);
        const QString first = lines.at(b.firstLine - 1);
        QString lead;
        for (QChar c : first) {
            if (c != QLatin1Char(' '))
                break;
            lead += c;
        }
        // An indented block's own four spaces are code: the link goes where its text would.
        if (!b.fenced)
            lead.chop(std::min<qsizetype>(4, lead.size()));
        inserts.append({b.lastLine, lead + QStringLiteral("[Copy](copy:%1)").arg(blocks->size() - 1)});
    }
    for (auto it = inserts.crbegin(); it != inserts.crend(); ++it) {
        lines.insert(it->first, QString());
        lines.insert(it->first + 1, it->second);
        lines.insert(it->first + 2, QString());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

GuidedView::GuidedView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    m_resumeBar = new QWidget(this);
    m_resumeBar->setObjectName(QStringLiteral("resumeBar"));
    m_resumeBar->setAttribute(Qt::WA_StyledBackground);
    m_resumeBar->setStyleSheet(QStringLiteral("QWidget#resumeBar { background: #fff4d6; border: 1px solid #e0b84a; border-radius: 4px; }"
                                              "QWidget#resumeBar QLabel { color: #3d2e00; }"));
    auto *resumeLayout = new QHBoxLayout(m_resumeBar);
    m_resumeText = new QLabel(m_resumeBar);
    m_resumeText->setWordWrap(true);
    auto *resumeButton = new QPushButton(tr("Resume"), m_resumeBar);
    resumeButton->setObjectName(QStringLiteral("resumeButton"));
    auto *discardButton = new QPushButton(tr("Discard"), m_resumeBar);
    resumeLayout->addWidget(m_resumeText, 1);
    resumeLayout->addWidget(resumeButton);
    resumeLayout->addWidget(discardButton);
    m_resumeBar->setVisible(false);
    connect(resumeButton, &QPushButton::clicked, this, &GuidedView::acceptResume);
    connect(discardButton, &QPushButton::clicked, this, [this] {
        m_resumeBar->setVisible(false);
        emit resumeDeclined(m_resumeSession.id);
    });
    layout->addWidget(m_resumeBar);

    m_breadcrumb = new QLabel(this);
    m_breadcrumb->setObjectName(QStringLiteral("breadcrumb"));
    m_breadcrumb->setWordWrap(true);
    m_breadcrumb->setTextFormat(Qt::RichText);
    m_breadcrumb->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_breadcrumb, &QLabel::linkActivated, this, [this](const QString &link) {
        // "step:N": back to step N of the path, as if Back were pressed until there.
        const int step = link.mid(5).toInt();
        while (m_session.current > step && m_session.back()) {
        }
        show();
        emit sessionChanged();
    });
    layout->addWidget(m_breadcrumb);

    auto *header = new QHBoxLayout;
    m_kind = new QLabel(this);
    m_kind->setObjectName(QStringLiteral("kindChip"));
    m_kind->setAlignment(Qt::AlignCenter);
    header->addWidget(m_kind, 0, Qt::AlignTop);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("stepTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText); // a guide's title is text, never markup
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    header->addWidget(m_title, 1);
    layout->addLayout(header);
    m_location = new QLabel(this);
    m_location->setEnabled(false); // the palette's disabled text: readable, and quieter
    layout->addWidget(m_location);

    m_body = new NodeView(this);
    m_body->setObjectName(QStringLiteral("guidedBody"));
    m_body->setOpenLinks(false);
    connect(m_body, &QTextBrowser::anchorClicked, this, &GuidedView::linkActivated);
    layout->addWidget(m_body, 1);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("checkResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);

    m_actions = new QWidget(this);
    m_actionLayout = new QHBoxLayout(m_actions);
    m_actionLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_actions);

    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setVisible(false);
    layout->addWidget(m_verdict);

    auto *nav = new QHBoxLayout;
    m_backButton = new QPushButton(style()->standardIcon(QStyle::SP_ArrowBack), tr("Back"), this);
    m_backButton->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_backButton->setToolTip(tr("The previous step of the path (Alt+Left)"));
    m_forwardButton = new QPushButton(style()->standardIcon(QStyle::SP_ArrowForward), tr("Forward"), this);
    m_forwardButton->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_forwardButton->setToolTip(tr("The step you went back from (Alt+Right)"));
    m_restartButton = new QPushButton(tr("Restart"), this);
    m_restartButton->setToolTip(tr("Start this guide again from where this session started"));
    m_exportButton = new QPushButton(tr("Export report\u2026"), this);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolTip(tr("The path, the answers, the check results and the verdict, as Markdown, HTML or JSON"));
    m_nextButton = new QPushButton(this);
    m_nextButton->setObjectName(QStringLiteral("nextButton"));
    m_nextButton->setShortcut(QKeySequence(Qt::ALT | Qt::Key_N));
    nav->addWidget(m_backButton);
    nav->addWidget(m_forwardButton);
    nav->addWidget(m_restartButton);
    nav->addStretch(1);
    nav->addWidget(m_exportButton);
    nav->addWidget(m_nextButton);
    layout->addLayout(nav);

    connect(m_backButton, &QPushButton::clicked, this, &GuidedView::back);
    connect(m_forwardButton, &QPushButton::clicked, this, &GuidedView::forward);
    connect(m_restartButton, &QPushButton::clicked, this, &GuidedView::restart);
    connect(m_nextButton, &QPushButton::clicked, this, &GuidedView::next);
    connect(m_exportButton, &QPushButton::clicked, this, &GuidedView::exportRequested);
    show();
}

void GuidedView::start(const Guide *guide, int guideIndex, const QString &nodeId)
{
    if (!m_session.isEmpty())
        emit sessionEnding(m_session);
    m_guide = guide;
    m_guideIndex = guideIndex;
    m_session = Session::begin(*guide, GuidedFlow::startAt(*guide, nodeId.isEmpty() ? guide->root().id : nodeId));
    show();
    emit sessionChanged();
}

void GuidedView::continueIn(const Guide *guide, int guideIndex, const QString &nodeId)
{
    const GuideNode *target = guide->node(nodeId);
    const QString there = QStringLiteral("%1: %2").arg(QFileInfo(guide->path).fileName(), target && target->kind != NodeKind::Root ? target->title : guide->title);
    QString here;
    if (m_guide) {
        const SessionStep *step = m_session.currentStep();
        here = QStringLiteral("%1: %2").arg(QFileInfo(m_guide->path).fileName(), step ? step->title : m_guide->title);
        m_session.continuedIn = there;
    }
    start(guide, guideIndex, nodeId);
    if (!here.isEmpty()) {
        m_session.cameFrom = here;
        emit sessionChanged();
    }
}

void GuidedView::resume(const Guide *guide, int guideIndex, const Session &session)
{
    if (!m_session.isEmpty() && m_session.id != session.id)
        emit sessionEnding(m_session);
    m_guide = guide;
    m_guideIndex = guideIndex;
    m_session = session;
    show();
}

void GuidedView::offerResume(const Session &session)
{
    m_resumeSession = session;
    const SessionStep *step = session.currentStep();
    m_resumeText->setText(tr("Triage stopped during a session on <b>%1</b> (%2 steps, last at \u201c%3\u201d, %4). Continue where it was?")
                              .arg(session.guideTitle.toHtmlEscaped())
                              .arg(session.steps.size())
                              .arg(step ? step->title.toHtmlEscaped() : QString())
                              .arg(QLocale().toString(session.updated.toLocalTime(), QLocale::ShortFormat)));
    m_resumeBar->setVisible(true);
}

bool GuidedView::isOfferingResume() const
{
    return m_resumeBar->isVisible();
}

void GuidedView::acceptResume()
{
    if (!m_resumeBar->isVisible())
        return;
    m_resumeBar->setVisible(false);
    emit resumeAccepted(m_resumeSession);
}

void GuidedView::clear()
{
    m_guide = nullptr;
    m_guideIndex = -1;
    m_session = Session();
    show();
}

void GuidedView::goTo(const QString &nodeId)
{
    if (!m_guide || nodeId == currentNode())
        return;
    follow(nodeId, QStringLiteral("chosen"));
}

void GuidedView::setEnvironment(const QString &name, bool production)
{
    m_session.environment = name;
    m_session.production = production;
}

QString GuidedView::currentNode() const
{
    const SessionStep *step = m_session.currentStep();
    return step ? step->nodeId : QString();
}

void GuidedView::setRunning(bool running)
{
    m_running = running;
    if (m_runButton) {
        m_runButton->setEnabled(!running);
        m_runButton->setText(running ? tr("Running\u2026") : m_runButton->property("idleText").toString());
    }
}

void GuidedView::showResult(const QString &nodeId, const CheckSpec &spec, const CheckResult &result, const QString &next)
{
    m_session.recordResult(nodeId, spec, result, next);
    if (nodeId == currentNode())
        show();
    emit sessionChanged();
}

void GuidedView::next()
{
    if (!m_next.isEmpty())
        follow(m_next, m_nextIsBranch ? QStringLiteral("branch: %1").arg(m_nextReason) : QStringLiteral("read on"));
}

void GuidedView::back()
{
    if (m_session.back()) {
        show();
        emit sessionChanged();
    }
}

void GuidedView::forward()
{
    if (m_session.forward()) {
        show();
        emit sessionChanged();
    }
}

void GuidedView::restart()
{
    if (!m_guide || m_session.steps.isEmpty())
        return;
    start(m_guide, m_guideIndex, m_session.steps.first().nodeId);
}

bool GuidedView::run()
{
    if (!m_guide || m_running || !m_runButton || !m_runButton->isEnabled())
        return false;
    emit runRequested(m_guideIndex, currentNode());
    return true;
}

void GuidedView::answer(int index)
{
    if (!m_guide)
        return;
    const QList<GuidedFlow::Choice> choices = GuidedFlow::choices(*m_guide, currentNode());
    if (index < 0 || index >= choices.size())
        return;
    m_session.recordAnswer(choices.at(index).label);
    follow(choices.at(index).target, QStringLiteral("answer: %1").arg(choices.at(index).label));
}

void GuidedView::fixed(bool yes)
{
    if (!m_guide)
        return;
    const GuideNode *node = m_guide->node(currentNode());
    if (!node || node->kind != NodeKind::Solution)
        return;
    m_session.recordAnswer(yes ? QStringLiteral("fixed") : QStringLiteral("not fixed"));
    if (yes) {
        m_session.resolve(node->id);
        show();
        emit sessionChanged();
        return;
    }
    const QString nextSolution = GuidedFlow::nextSolution(*m_guide, node->id);
    if (nextSolution.isEmpty()) {
        m_session.escalate(node->id);
        show();
        emit sessionChanged();
        return;
    }
    if (m_session.verdict != Session::Verdict::Open)
        m_session.reopen();
    follow(nextSolution, QStringLiteral("not fixed"));
}

void GuidedView::follow(const QString &target, const QString &how)
{
    if (!m_guide || target.isEmpty())
        return;
    QString id = target;
    if (id.startsWith(QLatin1Char('#')))
        id = m_guide->nodeForAnchor(id.mid(1));
    if (!m_guide->node(id)) {
        // Into another guide file: the window finds and opens it.
        if (target.contains(QLatin1String(".md")) || target.contains(QLatin1String(".markdown")))
            emit guideLinkActivated(target);
        return;
    }
    // A verdict stands until the reader says otherwise (No on a solution, or Restart): looking
    // at another step afterwards does not undo "it is fixed".
    if (m_session.go(*m_guide, id, how)) {
        show();
        emit sessionChanged();
    }
}

void GuidedView::linkActivated(const QUrl &url)
{
    if (url.scheme() == QLatin1String("copy")) {
        const int index = url.path().toInt();
        if (index >= 0 && index < m_codeBlocks.size())
            QApplication::clipboard()->setText(m_codeBlocks.at(index));
        m_result->setText(tr("Copied to the clipboard."));
        return;
    }
    if (url.scheme() == QLatin1String("node")) {
        follow(url.path(), QStringLiteral("chosen"));
        return;
    }
    if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) {
        QDesktopServices::openUrl(url);
        return;
    }
    const QString link = url.toString();
    follow(link.startsWith(QLatin1Char('#')) ? link : link, QStringLiteral("link"));
}

QString GuidedView::bodyMarkdown(const GuideNode &node) const
{
    QString md;
    // Nothing was read from the file (binary, unreadable, too large): say why on its page,
    // rather than show it empty.
    if (node.kind == NodeKind::Root && m_guide->nodes.size() == 1) {
        QStringList reasons;
        for (const GuideDiagnostic &d : m_guide->diagnostics) {
            if (d.severity == GuideDiagnostic::Severity::Error && d.location.line == 0 && !d.message.isEmpty())
                reasons.append(markdown::escapedText(d.message.front().toUpper() + d.message.mid(1))); // a sentence of its own here
        }
        if (!reasons.isEmpty())
            return tr("**This file could not be read as a guide.**") + QStringLiteral("\n\n") + reasons.join(QStringLiteral("\n\n"));
    }
    const QString body = m_guide->body(node);
    if (!body.isEmpty())
        md += MarkdownDocument::withWikiLinksWritten(body) + QStringLiteral("\n\n");
    if (node.kind == NodeKind::Issue) {
        md += nodemarkdown::symptoms(*m_guide, node, tr("**Symptoms** (does your error look like one of these?)"));
        // An issue that is only its title (a procedure's page, "# Orders database outage"):
        // its steps and fixes, so that its page says what it holds and where to start.
        if (body.isEmpty())
            md += nodemarkdown::outline(*m_guide, node, tr("**In this issue**"));
    }
    if (node.kind == NodeKind::Root || node.kind == NodeKind::Section) {
        const QList<GuidedFlow::Choice> choices = GuidedFlow::choices(*m_guide, node.id);
        if (!choices.isEmpty()) {
            md += tr("**Where does your problem fit?**") + QStringLiteral("\n\n");
            for (const GuidedFlow::Choice &c : choices) {
                const GuideNode *child = m_guide->node(c.target);
                md += QStringLiteral("- [%1](node:%2)%3\n")
                          .arg(markdown::escapedInline(c.label), c.target,
                               child && child->kind != NodeKind::Issue ? QStringLiteral(" \u00b7 %1").arg(nodeKindName(child->kind)) : QString());
            }
            md += QLatin1Char('\n');
        }
    }
    md += nodemarkdown::nativeChecks(node);
    md += nodemarkdown::commandsToCopy(node, body);
    return md;
}

void GuidedView::showBreadcrumb()
{
    const QList<SessionStep> path = m_session.path();
    QStringList parts;
    // The last few steps are enough to know where one is; the report has the whole path.
    const int first = std::max(0, int(path.size()) - 6);
    if (first > 0)
        parts.append(QStringLiteral("\u2026"));
    for (int i = first; i < path.size(); ++i) {
        QString title = path.at(i).title;
        if (title.size() > 40)
            title = title.left(38) + QStringLiteral("\u2026");
        title = title.toHtmlEscaped();
        parts.append(i == path.size() - 1 ? QStringLiteral("<b>%1</b>").arg(title) : QStringLiteral("<a href=\"step:%1\">%2</a>").arg(i).arg(title));
    }
    m_breadcrumb->setText(parts.join(QStringLiteral(" \u203a ")));
}

void GuidedView::show()
{
    const GuideNode *node = m_guide ? m_guide->node(currentNode()) : nullptr;
    m_next.clear();
    m_nextIsBranch = false;
    m_nextReason.clear();
    m_codeBlocks.clear();
    if (!node) {
        m_breadcrumb->clear();
        m_kind->clear();
        m_kind->setStyleSheet(QString());
        m_title->setText(tr("Guided mode"));
        m_location->clear();
        m_body->setMarkdown(tr("Choose a guide, an issue or a search result, and Triage takes you through it one step at a "
                               "time: read, run the check, follow where its result leads, and try the solutions in order."));
        m_result->clear();
        m_verdict->setVisible(false);
        rebuildActions();
        for (QPushButton *b : {m_backButton, m_forwardButton, m_restartButton, m_exportButton, m_nextButton})
            b->setEnabled(false);
        m_nextButton->setText(tr("Next"));
        return;
    }
    showBreadcrumb();
    const QColor color = kindColor(node->kind);
    m_kind->setText(node->kind == NodeKind::Root ? tr("GUIDE") : nodeKindName(node->kind).toUpper());
    m_kind->setStyleSheet(QStringLiteral("QLabel#kindChip { color: white; background: %1; border-radius: 4px; padding: 2px 8px; font-weight: bold; }")
                              .arg(color.name()));
    m_title->setText(node->kind == NodeKind::Root ? m_guide->title : node->title);
    m_location->setText(displayLocation(node->location));
    m_body->setMarkdown(withCopyLinks(withoutCheckBlocks(bodyMarkdown(*node)), &m_codeBlocks));

    // Where Next goes: the branch the last result of this step picked, else reading on.
    // The latest result of each of this node's checks in the session (Run all may have run
    // them before the reader got here). With several checks, the one that says most leads: a
    // failure with a branch before a failure, before a pass; a cancelled run says nothing.
    QHash<QString, const SessionRun *> latest;
    for (const SessionRun &run : m_session.runs) {
        if (run.nodeId == node->id && run.result.status != CheckStatus::Skipped)
            latest.insert(run.check, &run);
    }
    const SessionRun *lead = nullptr;
    auto weight = [](const SessionRun *r) {
        const bool bad = r->result.status == CheckStatus::Fail || r->result.status == CheckStatus::Error;
        return (bad ? 2 : 0) + (r->next.isEmpty() ? 0 : 1);
    };
    int failed = 0;
    for (const SessionRun *r : std::as_const(latest)) {
        failed += r->result.passed() ? 0 : 1;
        if (!lead || weight(r) > weight(lead) || (weight(r) == weight(lead) && r->at > lead->at))
            lead = r;
    }
    if (lead) {
        const CheckResult &r = lead->result;
        QString text = QStringLiteral("<b style=\"color:%1\">%2</b> %3 \u00b7 %4 ms<br>%5")
                           .arg(statusColor(r.status), statusWord(r.status),
                                (checkOutcomeName(r.outcome) + (r.reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.reason))).toHtmlEscaped())
                           .arg(qRound(r.durationMs))
                           .arg(r.message.toHtmlEscaped());
        if (latest.size() > 1)
            text += QStringLiteral("<br><i>%1</i>").arg(tr("%1 checks here: %2 did not pass").arg(latest.size()).arg(failed).toHtmlEscaped());
        m_result->setText(text);
        if (!lead->next.isEmpty()) {
            m_next = lead->next;
            m_nextIsBranch = true;
            m_nextReason = r.reason.isEmpty() ? checkOutcomeName(r.outcome) : r.reason;
        }
    } else if (!node->checks.isEmpty()) {
        // A question's answers are the ways on: there is no reading on past it.
        m_result->setText(node->kind == NodeKind::Question ? tr("Not run yet. Run it, then choose the answer that matches what it shows.")
                                                           : tr("Not run yet. Run it to let the result choose the next step, or read on."));
    } else {
        m_result->clear();
    }
    m_result->setVisible(!m_result->text().isEmpty());
    if (m_next.isEmpty() && node->kind != NodeKind::Question && node->kind != NodeKind::Solution) {
        for (const GuideEdge *e : m_guide->outgoing(node->id)) {
            if (e->kind == GuideEdge::Kind::Start) {
                m_next = e->to;
                break;
            }
        }
        // A check whose branches decide waits for its result; reading on would skip them.
        bool branches = false;
        for (const CheckSpec &spec : node->checks)
            branches = branches || !spec.branches.isEmpty();
        if (m_next.isEmpty() && !branches && node->kind != NodeKind::Root && node->kind != NodeKind::Section) {
            m_next = GuidedFlow::readOn(*m_guide, node->id);
            // Symptoms are listed on their issue's page; reading on skips over them.
            while (!m_next.isEmpty() && m_guide->node(m_next) && m_guide->node(m_next)->kind == NodeKind::Symptom)
                m_next = GuidedFlow::readOn(*m_guide, m_next);
        }
        // A guide or section with one way in ("Where does your problem fit?" with one issue):
        // Next takes it, rather than wait for the reader to click the only link.
        if (m_next.isEmpty() && (node->kind == NodeKind::Root || node->kind == NodeKind::Section)) {
            if (const QList<GuidedFlow::Choice> choices = GuidedFlow::choices(*m_guide, node->id); choices.size() == 1)
                m_next = choices.first().target;
        }
        // An info step of Triage's own format that ends with one link onward ("Next: [is the
        // keychain reachable?](#check-…)") reads on along it. Outcomes and causes are ends:
        // a link in them is a reference, not the way on.
        if (m_next.isEmpty() && node->kind == NodeKind::Info) {
            QStringList onward;
            for (const GuideEdge *e : m_guide->outgoing(node->id)) {
                if (e->kind == GuideEdge::Kind::Link && m_guide->leadsOnward(*e) && !onward.contains(e->to))
                    onward.append(e->to);
            }
            if (onward.size() == 1)
                m_next = onward.first();
        }
    }

    const GuideNode *target = m_next.isEmpty() ? nullptr : m_guide->node(m_next.startsWith(QLatin1Char('#')) ? m_guide->nodeForAnchor(m_next.mid(1)) : m_next);
    QString nextTitle = target ? target->title : m_next.section(QLatin1Char('#'), 0, 0);
    const QFontMetrics metrics(m_nextButton->font());
    nextTitle = metrics.elidedText(nextTitle, Qt::ElideRight, 320);
    m_nextButton->setText(m_next.isEmpty() ? tr("Next") : tr("Next: %1").arg(nextTitle));
    m_nextButton->setEnabled(!m_next.isEmpty());
    m_nextButton->setDefault(m_nextIsBranch);
    m_nextButton->setStyleSheet(m_nextIsBranch ? QStringLiteral("QPushButton#nextButton { font-weight: bold; border: 2px solid #1565c0; padding: 4px 10px; }")
                                               : QString());
    m_nextButton->setToolTip(m_nextIsBranch ? tr("The result (%1) leads here").arg(m_nextReason)
                             : m_next.isEmpty() ? (node->kind == NodeKind::Solution ? tr("Say whether this fixed it")
                                                   : node->kind == NodeKind::Question ? tr("Choose an answer")
                                                   : !node->checks.isEmpty()          ? tr("Run the check: its result chooses the next step")
                                                                                      : tr("The end of this issue"))
                                                : tr("Read on (Alt+N)"));

    switch (m_session.verdict) {
    case Session::Verdict::Resolved:
        m_verdict->setText(tr("\u2714 Resolved by \u201c%1\u201d. Export a report to close the ticket.").arg(
            m_guide->node(m_session.verdictNode) ? m_guide->node(m_session.verdictNode)->title : m_session.verdictNode));
        m_verdict->setStyleSheet(QStringLiteral("QLabel#verdict { color: white; background: #1b7a3a; padding: 8px; border-radius: 4px; font-weight: bold; }"));
        break;
    case Session::Verdict::Escalated:
        m_verdict->setText(tr("No solution in this guide fixed it. Export a report and escalate it, or go Back to try another answer."));
        m_verdict->setStyleSheet(QStringLiteral("QLabel#verdict { color: white; background: #c62828; padding: 8px; border-radius: 4px; font-weight: bold; }"));
        break;
    case Session::Verdict::Open:
        // An outcome is where the guide's way ends ("Escalate to #payments-oncall"): what the
        // reader does next is outside the guide, with a report of the way here.
        if (node->kind == NodeKind::Outcome) {
            m_verdict->setText(tr("The guide ends here. Export a report to hand over what was checked on the way."));
            m_verdict->setStyleSheet(QStringLiteral("QLabel#verdict { color: white; background: #0d5c63; padding: 8px; border-radius: 4px; font-weight: bold; }"));
        }
        break;
    }
    const bool ends = m_session.verdict != Session::Verdict::Open || node->kind == NodeKind::Outcome;
    m_verdict->setVisible(ends);
    m_exportButton->setDefault(ends);
    m_backButton->setEnabled(m_session.canGoBack());
    m_forwardButton->setEnabled(m_session.canGoForward());
    m_restartButton->setEnabled(m_session.steps.size() > 1);
    m_exportButton->setEnabled(true);
    rebuildActions();
    emit nodeShown(m_guideIndex, node->id);
}

void GuidedView::rebuildActions()
{
    while (QLayoutItem *item = m_actionLayout->takeAt(0)) {
        if (QWidget *w = item->widget())
            w->deleteLater();
        delete item;
    }
    m_answerButtons.clear();
    m_runButton = nullptr;
    m_yesButton = nullptr;
    m_noButton = nullptr;
    const GuideNode *node = m_guide ? m_guide->node(currentNode()) : nullptr;
    if (!node) {
        m_actions->setVisible(false);
        return;
    }
    if (!node->checks.isEmpty()) {
        const QString text = node->checks.size() == 1 ? tr("Run check") : tr("Run %1 checks").arg(node->checks.size());
        m_runButton = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), text, m_actions);
        m_runButton->setObjectName(QStringLiteral("runButton"));
        m_runButton->setProperty("idleText", text);
        m_runButton->setShortcut(QKeySequence(Qt::ALT | Qt::Key_R));
        m_runButton->setToolTip(tr("Run it natively, live, with a time limit (Alt+R)"));
        connect(m_runButton, &QPushButton::clicked, this, &GuidedView::run);
        m_actionLayout->addWidget(m_runButton);
        setRunning(m_running);
    }
    if (node->kind != NodeKind::Root && node->kind != NodeKind::Section) {
        const QList<GuidedFlow::Choice> choices = GuidedFlow::choices(*m_guide, node->id);
        // Short answers ("Yes", "No") side by side; long ones ("If you see `FATAL: …`") one under
        // another, as wide as the pane allows, each shortened with the whole in its tooltip.
        qsizetype longest = 0;
        qsizetype total = 0;
        for (const GuidedFlow::Choice &c : choices) {
            longest = std::max(longest, c.label.size());
            total += c.label.size();
        }
        const bool stacked = longest > 32 || total > 80;
        QWidget *owner = m_actions;
        QBoxLayout *answerLayout = m_actionLayout;
        if (stacked) {
            owner = new QWidget(m_actions);
            owner->setObjectName(QStringLiteral("answerColumn"));
            auto *column = new QVBoxLayout(owner);
            column->setContentsMargins(0, 0, 0, 0);
            column->setSpacing(2);
            m_actionLayout->addWidget(owner, 1);
            answerLayout = column;
        }
        const QFontMetrics metrics(font());
        for (int i = 0; i < choices.size(); ++i) {
            // Alt+1, Alt+2, … answer from the keyboard.
            const QString &whole = choices.at(i).label;
            QString label = stacked ? metrics.elidedText(whole, Qt::ElideRight, 620) : whole;
            label.replace(QLatin1Char('&'), QLatin1String("&&"));
            auto *b = new QPushButton(i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(label) : label, owner);
            b->setObjectName(QStringLiteral("answerButton"));
            if (stacked)
                b->setStyleSheet(QStringLiteral("QPushButton#answerButton { text-align: left; padding: 3px 8px; }"));
            QStringList tip;
            if (stacked)
                tip.append(whole);
            if (choices.at(i).leavesGuide)
                tip.append(tr("Leads into %1").arg(choices.at(i).target.section(QLatin1Char('#'), 0, 0)));
            b->setToolTip(tip.join(QLatin1Char('\n')));
            connect(b, &QPushButton::clicked, this, [this, i] { answer(i); });
            answerLayout->addWidget(b);
            m_answerButtons.append(b);
        }
    }
    if (node->kind == NodeKind::Solution) {
        auto *ask = new QLabel(tr("<b>Did this fix it?</b>"), m_actions);
        m_actionLayout->addWidget(ask);
        m_yesButton = new QPushButton(tr("&Yes, it is fixed"), m_actions);
        m_yesButton->setObjectName(QStringLiteral("yesButton"));
        m_noButton = new QPushButton(GuidedFlow::nextSolution(*m_guide, node->id).isEmpty() ? tr("&No (escalate)") : tr("&No, try the next solution"),
                                     m_actions);
        m_noButton->setObjectName(QStringLiteral("noButton"));
        connect(m_yesButton, &QPushButton::clicked, this, [this] { fixed(true); });
        connect(m_noButton, &QPushButton::clicked, this, [this] { fixed(false); });
        m_actionLayout->addWidget(m_yesButton);
        m_actionLayout->addWidget(m_noButton);
    }
    m_actionLayout->addStretch(1);
    m_actions->setVisible(m_actionLayout->count() > 1);
}

} // namespace triage
