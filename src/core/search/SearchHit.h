#pragma once

#include "guide/SourceLocation.h"

#include <QString>

namespace triage {

// One issue that matches a search, with the guide it lives in. Value type.
struct SearchHit {
    QString guideId;
    QString guideTitle;
    QString guidePath;
    QString nodeId;
    QString title;
    double score = 0;
    SourceLocation location;
};

} // namespace triage
