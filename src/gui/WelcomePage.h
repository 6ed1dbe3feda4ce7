#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QCheckBox;
class QCommandLinkButton;
class QGridLayout;
class QLabel;

namespace triage {

// The page the window opens on before any connection profile exists: what Triage does, in three
// sentences, and the ways to start: the tour, a bundled guide, a folder of the team's guides, or
// the connections. It only asks; MainWindow does what each choice means. GUI thread only.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    struct GuideEntry {
        int guideIndex = -1; // in the window's library
        QString title;
        QString summary;
    };

    explicit WelcomePage(QWidget *parent = nullptr);

    // The bundled guides to offer, in order; the tour's position in the library, or -1 while
    // it is not loaded (its button waits).
    void setGuides(const QList<GuideEntry> &guides, int tourIndex);
    void setShowAtStart(bool show);
    bool showAtStart() const;

signals:
    void tourRequested();
    void guideRequested(int guideIndex);
    void openFolderRequested();
    void connectionsRequested();
    void continueRequested();
    void showAtStartChanged(bool show);

private:
    QCommandLinkButton *m_tour = nullptr;
    QGridLayout *m_guides = nullptr;
    QLabel *m_guidesNote = nullptr;
    QCheckBox *m_showAtStart = nullptr;
};

} // namespace triage
