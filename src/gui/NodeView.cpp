#include "NodeView.h"

namespace triage {

QVariant NodeView::loadResource(int type, const QUrl &name)
{
    Q_UNUSED(type);
    Q_UNUSED(name);
    return {};
}

} // namespace triage
