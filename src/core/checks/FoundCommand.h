#pragma once

#include "CheckSpec.h"

#include <QString>

#include <optional>

namespace triage {

// A command found in a code block, with the comment that introduced it. Value type.
struct FoundCommand {
    QString text;       // as written, continuation lines joined
    QString comment;    // the `# …` or `-- …` comment just before it (or after it on its line)
    int lineOffset = 0; // 0-based line inside the code block where it starts
    std::optional<CheckSpec> check; // set when the command is a diagnosis Triage can run natively
};

} // namespace triage
