#pragma once

#include "guide/GuideLibrary.h"

#include <QAbstractItemModel>
#include <QSet>

#include <memory>
#include <vector>

namespace triage {

// The guides of a library as one tree for a QTreeView: each guide, then its sections, issues,
// symptoms, checks and solutions, then the branches of explicit flows. A node reached twice is
// shown again as a reference item, so cycles stay finite.
//
// Owned by its view's parent widget; GUI thread only. The library is copied in, so the model
// never points into data owned elsewhere.
class GuideTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role {
        GuideIndexRole = Qt::UserRole + 1,
        NodeIdRole,
        KindRole,
        IsReferenceRole,
        IsGroupRole,
    };

    enum class Grouping { Folder, Tag };

    explicit GuideTreeModel(QObject *parent = nullptr);
    ~GuideTreeModel() override;

    // `warnings`: per guide (by position), what import and lint found, shown on its row.
    // Guides are grouped by folder (when they come from more than one) or by tag; a group row
    // has GuideIndexRole -1.
    void setLibrary(const GuideLibrary &library, const QList<GuideDiagnostics> &warnings = {});
    void setGrouping(Grouping grouping);
    Grouping grouping() const { return m_grouping; }
    const GuideLibrary &library() const { return m_library; }
    // The first item showing this node (not a reference), or an invalid index.
    QModelIndex indexOf(int guideIndex, const QString &nodeId) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    struct Item;
    void addChildren(Item *item, const Guide &guide, QSet<QString> &seen, int depth);
    // A flow deeper than this is cut; its last item is shown as a reference.
    static constexpr int kMaxDepth = 48;

    void rebuild();
    GuideLibrary m_library;
    QList<GuideDiagnostics> m_warnings;
    Grouping m_grouping = Grouping::Folder;
    std::unique_ptr<Item> m_root;
};

} // namespace triage
