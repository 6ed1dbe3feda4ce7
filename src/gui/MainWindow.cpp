#include "MainWindow.h"

#include "GuideTreeModel.h"
#include "log/Logging.h"
#include "ui_MainWindow.h"

#include <QFutureWatcher>
#include <QHeaderView>
#include <QListWidgetItem>
#include <QTextDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace triage {

namespace {

QString kindBadge(NodeKind kind)
{
    return kind == NodeKind::Root ? QStringLiteral("GUIDE") : nodeKindName(kind).toUpper();
}

QString counted(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

// Bundled guides live in Qt resources (":/guides/x.md"); say so instead of showing the path.
QString displayLocation(const SourceLocation &location)
{
    if (!location.file.startsWith(QLatin1String(":/")))
        return location.toString();
    SourceLocation shown = location;
    shown.file = QStringLiteral("bundled ") + location.file.section(QLatin1Char('/'), -1);
    return shown.toString();
}

QString escapedInline(const QString &text)
{
    QString t = text;
    t.replace(QLatin1Char('`'), QLatin1String("\\`"));
    return t;
}

} // namespace

MainWindow::MainWindow(QStringList paths, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_paths(std::move(paths))
{
    m_ui->setupUi(this);
    m_model = new GuideTreeModel(this);
    m_ui->guideTree->setModel(m_model);
    m_ui->splitter->setStretchFactor(0, 2);
    m_ui->splitter->setStretchFactor(1, 3);
    m_ui->splitter->setSizes({440, 700});
    m_ui->detailView->setPlaceholderText(tr("Choose an issue, a check or a solution on the left to read it here."));
    m_ui->resultsList->setVisible(false);
    m_ui->searchEdit->setEnabled(false);
    statusBar()->showMessage(tr("Loading guides\u2026"));

    connect(m_ui->guideTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showNode(current); });
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::showSearchResults);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        showSearchResults();
        if (!m_hits.isEmpty())
            openSearchResult(0);
    });
    connect(m_ui->resultsList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openSearchResult(m_ui->resultsList->row(item)); });
    connect(m_ui->resultsList, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { openSearchResult(m_ui->resultsList->row(item)); });

    // The watcher is a child of the window: if the window closes first, the result is dropped.
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
        showLoaded(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&MainWindow::loadInBackground, m_paths));
}

MainWindow::~MainWindow() = default;

MainWindow::Loaded MainWindow::loadInBackground(const QStringList &paths)
{
    Loaded result;
    if (paths.isEmpty()) {
        result.library = GuideLibrary::loadBundled();
    } else {
        result.library = GuideLibrary::load(GuideLibrary::expandPaths(paths, &result.errors));
    }
    result.index = std::make_shared<SearchIndex>();
    for (const Guide &g : result.library.guides())
        result.index->addGuide(g);
    return result;
}

void MainWindow::showLoaded(const Loaded &result)
{
    m_model->setLibrary(result.library);
    m_index = result.index;
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_ui->guideTree->expand(m_model->index(row, 0));
    int issues = 0;
    for (const Guide &g : result.library.guides())
        issues += int(g.nodesOfKind(NodeKind::Issue).size());
    QString message = counted(result.library.size(), "guide", "guides") + QStringLiteral(", ") + counted(issues, "issue", "issues");
    if (!result.errors.isEmpty())
        message += QStringLiteral(" \u2014 ") + result.errors.join(QStringLiteral("; "));
    statusBar()->showMessage(message);
    m_ui->searchEdit->setEnabled(true);
    m_ui->searchEdit->setFocus();
    if (m_model->rowCount() > 0)
        m_ui->guideTree->setCurrentIndex(m_model->index(0, 0));
    m_loaded = true;
    log::ui()->info("loaded {} guides with {} issues", result.library.size(), issues);
    emit loaded();
}

void MainWindow::search(const QString &text)
{
    m_ui->searchEdit->setText(text);
    m_searchDelay.stop();
    showSearchResults();
}

void MainWindow::showSearchResults()
{
    const QString text = m_ui->searchEdit->text().trimmed();
    m_ui->resultsList->clear();
    m_hits = (text.isEmpty() || !m_index) ? QList<SearchHit>() : m_index->find(text, 8);
    for (const SearchHit &hit : std::as_const(m_hits)) {
        auto *item = new QListWidgetItem(QStringLiteral("%1   \u2014 %2").arg(hit.title, hit.guideTitle), m_ui->resultsList);
        item->setToolTip(displayLocation(hit.location));
    }
    if (!text.isEmpty() && m_hits.isEmpty())
        new QListWidgetItem(tr("No issue matches. Try a line of the error message, or fewer words."), m_ui->resultsList);
    // As tall as its rows, up to eight: one match should not push the tree down by half a screen.
    const int rows = std::min(m_ui->resultsList->count(), 8);
    if (rows > 0) {
        m_ui->resultsList->setFixedHeight(rows * m_ui->resultsList->sizeHintForRow(0) + 2 * m_ui->resultsList->frameWidth()
                                          + 4);
    }
    m_ui->resultsList->setVisible(!text.isEmpty());
}

void MainWindow::openSearchResult(int row)
{
    if (row < 0 || row >= m_hits.size())
        return;
    const SearchHit &hit = m_hits.at(row);
    int guideIndex = -1;
    for (int g = 0; g < m_model->library().size(); ++g) {
        if (m_model->library().guides().at(g).path == hit.guidePath)
            guideIndex = g;
    }
    const QModelIndex index = m_model->indexOf(guideIndex, hit.nodeId);
    if (!index.isValid())
        return;
    m_ui->guideTree->setCurrentIndex(index);
    m_ui->guideTree->expand(index);
    m_ui->guideTree->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::showNode(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const int guideIndex = index.data(GuideTreeModel::GuideIndexRole).toInt();
    const Guide &guide = m_model->library().guides().at(guideIndex);
    const GuideNode *node = guide.node(index.data(GuideTreeModel::NodeIdRole).toString());
    if (!node)
        return;

    QString md;
    md += QStringLiteral("%1 \u00b7 `%2`\n\n").arg(kindBadge(node->kind), displayLocation(node->location));
    md += QStringLiteral("## %1\n\n").arg(node->kind == NodeKind::Root ? guide.title : node->title);
    if (!node->checks.isEmpty()) {
        md += tr("**Runs natively:**") + QStringLiteral("\n\n");
        for (const CheckSpec &c : node->checks)
            md += QStringLiteral("- `%1`\n").arg(escapedInline(c.summary()));
        md += QLatin1Char('\n');
    }
    if (const QString body = guide.body(*node); !body.isEmpty())
        md += body + QStringLiteral("\n\n");
    if (node->kind == NodeKind::Issue) {
        QStringList symptoms;
        for (const GuideNode *child : guide.children(node->id)) {
            if (child->kind == NodeKind::Symptom)
                symptoms.append(QStringLiteral("- `%1`").arg(escapedInline(child->title)));
        }
        if (!symptoms.isEmpty())
            md += tr("**Symptoms:**") + QStringLiteral("\n\n") + symptoms.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
    }
    if (!node->commands.isEmpty()) {
        md += tr("**Commands to copy** (shown, never run):") + QStringLiteral("\n\n```\n");
        md += node->commands.join(QLatin1Char('\n')) + QStringLiteral("\n```\n");
    }
    const QList<const GuideEdge *> edges = guide.outgoing(node->id);
    QStringList next;
    for (const GuideEdge *e : edges) {
        if (e->kind == GuideEdge::Kind::Contains)
            continue;
        const GuideNode *target = guide.node(e->to);
        next.append(QStringLiteral("- %1 \u2192 %2").arg(e->label.isEmpty() ? edgeKindName(e->kind) : e->label,
                                                           target ? target->title : e->to));
    }
    if (!next.isEmpty())
        md += tr("**Where it leads:**") + QStringLiteral("\n\n") + next.join(QLatin1Char('\n')) + QLatin1Char('\n');
    m_ui->detailView->setMarkdown(md);
}

} // namespace triage
