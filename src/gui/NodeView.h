#pragma once

#include <QTextBrowser>

namespace triage {

// Shows one step of a guide as rendered Markdown. Guides may reference images and other
// files; this view never reads them, because loading happens on the GUI thread and a path in a
// guide could name anything (a huge file, a device, a pipe). Images show as their alt text.
//
// A QWidget: GUI thread only, owned by its parent.
class NodeView : public QTextBrowser {
    Q_OBJECT
public:
    using QTextBrowser::QTextBrowser;

protected:
    QVariant loadResource(int type, const QUrl &name) override;
};

} // namespace triage
