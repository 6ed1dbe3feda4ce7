#include "CheckTypeInfo.h"

namespace triage {

const CheckParam *CheckTypeInfo::param(const QString &name) const
{
    for (const CheckParam &cp : params) {
        if (cp.name == name)
            return &cp;
    }
    return nullptr;
}

} // namespace triage
