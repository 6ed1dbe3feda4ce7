#include "WelcomePage.h"

#include <QCheckBox>
#include <QCommandLinkButton>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace triage {

namespace {

QLabel *heading(const QString &text, qreal scale, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(true);
    label->setFont(font);
    label->setWordWrap(true);
    return label;
}

QCommandLinkButton *choice(const QString &objectName, const QString &title, const QString &description, QWidget *parent)
{
    auto *button = new QCommandLinkButton(title, description, parent);
    button->setObjectName(objectName);
    // Wide, and as tall as its wrapped description needs at the width it gets.
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    button->setSizePolicy(policy);
    return button;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    // A column of readable width in the middle of the window, scrolling when the window is small.
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    auto *canvas = new QWidget(scroll);
    auto *centring = new QHBoxLayout(canvas);
    auto *column = new QWidget(canvas);
    column->setMaximumWidth(880);
    centring->addStretch(1);
    centring->addWidget(column, 8);
    centring->addStretch(1);
    scroll->setWidget(canvas);

    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(12, 24, 12, 24);
    layout->setSpacing(10);
    layout->addWidget(heading(tr("Welcome to Triage"), 1.8, column));

    auto *intro = new QLabel(column);
    intro->setObjectName(QStringLiteral("welcomeIntro"));
    intro->setWordWrap(true);
    intro->setText(tr("Triage turns your team's troubleshooting guides into decision trees that you follow one step at a "
                      "time. It runs the checks those guides describe, against databases, caches, HTTP services, ports, "
                      "settings and tokens, live on your machine, and each result chooses the next step. Your passwords stay "
                      "in the operating system's keychain, and when you are done Triage writes a report you can attach to a "
                      "ticket."));
    QFont introFont = intro->font();
    introFont.setPointSizeF(introFont.pointSizeF() * 1.1);
    intro->setFont(introFont);
    layout->addWidget(intro);
    layout->addSpacing(8);

    auto *start = new QGridLayout;
    start->setHorizontalSpacing(12);
    m_tour = choice(QStringLiteral("tourButton"), tr("Take the tour"),
                    tr("Five minutes with Triage, using its own checks on this machine."), column);
    m_tour->setEnabled(false);
    m_tour->setToolTip(tr("The tour opens once the bundled guides are loaded"));
    auto *folder = choice(QStringLiteral("openFolderButton"), tr("Open a folder of guides\u2026"),
                          tr("Your team's TROUBLESHOOTING.md works as it is; Triage follows its changes."), column);
    auto *connections = choice(QStringLiteral("setUpConnectionsButton"), tr("Set up connections\u2026"),
                               tr("Your databases, caches and services. Passwords go to the keychain, nowhere else."), column);
    start->addWidget(m_tour, 0, 0);
    start->addWidget(folder, 0, 1);
    start->addWidget(connections, 0, 2);
    layout->addLayout(start);
    connect(m_tour, &QCommandLinkButton::clicked, this, &WelcomePage::tourRequested);
    connect(folder, &QCommandLinkButton::clicked, this, &WelcomePage::openFolderRequested);
    connect(connections, &QCommandLinkButton::clicked, this, &WelcomePage::connectionsRequested);

    layout->addSpacing(12);
    layout->addWidget(heading(tr("Or open a bundled guide"), 1.2, column));
    m_guidesNote = new QLabel(tr("Loading the bundled guides\u2026"), column);
    m_guidesNote->setWordWrap(true);
    layout->addWidget(m_guidesNote);
    m_guides = new QGridLayout;
    m_guides->setHorizontalSpacing(12);
    m_guides->setVerticalSpacing(2);
    layout->addLayout(m_guides);

    layout->addStretch(1);

    // Always in sight, under the scrolling part: the way on, and whether to come back here.
    auto *bottom = new QHBoxLayout;
    bottom->setContentsMargins(16, 8, 16, 12);
    m_showAtStart = new QCheckBox(tr("Show this page at start until a connection is set up"), this);
    m_showAtStart->setObjectName(QStringLiteral("showAtStartCheck"));
    m_showAtStart->setChecked(true);
    auto *proceed = new QPushButton(tr("Continue to the guides"), this);
    proceed->setObjectName(QStringLiteral("continueButton"));
    bottom->addWidget(m_showAtStart);
    bottom->addStretch(1);
    bottom->addWidget(proceed);
    outer->addLayout(bottom);
    connect(m_showAtStart, &QCheckBox::toggled, this, &WelcomePage::showAtStartChanged);
    connect(proceed, &QPushButton::clicked, this, &WelcomePage::continueRequested);
}

void WelcomePage::setGuides(const QList<GuideEntry> &guides, int tourIndex)
{
    while (QLayoutItem *item = m_guides->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_tour->setEnabled(tourIndex >= 0);
    m_tour->setToolTip(tourIndex >= 0 ? tr("Opens the Tour guide in guided mode")
                                      : tr("The Tour guide is not among the guides loaded (it ships in the bundled guides)"));
    m_guidesNote->setText(guides.isEmpty() ? tr("The bundled guides are not loaded: Triage was started on other guides. Continue to them, or open a folder.")
                                           : tr("Each opens in guided mode, at its first step."));
    int position = 0;
    for (const GuideEntry &g : guides) {
        auto *button = choice(QStringLiteral("guideButton"), g.title, g.summary, this);
        const int index = g.guideIndex;
        connect(button, &QCommandLinkButton::clicked, this, [this, index] { emit guideRequested(index); });
        m_guides->addWidget(button, position / 2, position % 2);
        ++position;
    }
}

void WelcomePage::setShowAtStart(bool show)
{
    const QSignalBlocker quiet(m_showAtStart);
    m_showAtStart->setChecked(show);
}

bool WelcomePage::showAtStart() const
{
    return m_showAtStart->isChecked();
}

} // namespace triage
