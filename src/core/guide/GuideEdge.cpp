#include "GuideEdge.h"

namespace triage {

QString edgeKindName(GuideEdge::Kind kind)
{
    switch (kind) {
    case GuideEdge::Kind::Contains:
        return QStringLiteral("contains");
    case GuideEdge::Kind::Start:
        return QStringLiteral("start");
    case GuideEdge::Kind::Branch:
        return QStringLiteral("branch");
    case GuideEdge::Kind::Answer:
        return QStringLiteral("answer");
    case GuideEdge::Kind::Link:
        return QStringLiteral("link");
    case GuideEdge::Kind::Guide:
        return QStringLiteral("guide");
    }
    return QStringLiteral("link");
}

} // namespace triage
