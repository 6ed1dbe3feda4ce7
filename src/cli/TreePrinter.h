#pragma once

#include "guide/Guide.h"

#include <QSet>
#include <QTextStream>

namespace triage::cli {

// Prints a guide as an indented tree for `triage tree`: structure first, then the branches of
// explicit flows. A node reached a second time is printed as a reference, so cycles end.
// Writes to the stream it is given; single-threaded.
class TreePrinter {
public:
    explicit TreePrinter(QTextStream &out)
        : m_out(out)
    {
    }
    void print(const Guide &guide);

private:
    void printNode(const Guide &guide, const GuideNode &node, const QString &label, const QString &prefix, bool last, bool structural,
                   int depth);
    // Deeper flows are cut with a note: the JSON output has them all.
    static constexpr int kMaxDepth = 48;
    QTextStream &m_out;
    QSet<QString> m_printed;
};

} // namespace triage::cli
