#pragma once

#include "guide/GuideLibrary.h"
#include "search/SearchIndex.h"

#include <QMainWindow>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace triage {

class GuideTreeModel;

// The desktop window: the guides as a tree, the selected step rendered beside it, and a box
// where an error message can be pasted to jump to the matching issues.
//
// Guides are loaded and indexed on a worker thread; the window stays responsive and shows
// progress in its status bar. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `paths`: guide files or folders; empty means the bundled guides.
    explicit MainWindow(QStringList paths = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // True once the guides are loaded and shown. For tests and for --screenshot.
    bool isLoaded() const { return m_loaded; }
    void search(const QString &text);

signals:
    void loaded();

private:
    struct Loaded {
        GuideLibrary library;
        std::shared_ptr<SearchIndex> index;
        QStringList errors;
    };
    static Loaded loadInBackground(const QStringList &paths);
    void showLoaded(const Loaded &result);
    void showNode(const QModelIndex &index);
    void showSearchResults();
    void openSearchResult(int row);

    std::unique_ptr<Ui::MainWindow> m_ui;
    GuideTreeModel *m_model = nullptr;
    std::shared_ptr<SearchIndex> m_index;
    QList<SearchHit> m_hits;
    QTimer m_searchDelay;
    QStringList m_paths;
    bool m_loaded = false;
};

} // namespace triage
