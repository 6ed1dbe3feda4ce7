#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

namespace triage {

// A note about the bytes of a guide that the decoder had to mend.
struct DecodeNote {
    int line = 0;
    QString message;
};

// The text of one guide, decoded for parsing: UTF-8 bytes that md4c reads, and a line index
// that turns byte offsets back into `line:column` for diagnostics.
//
// Decoding never fails. Text with a UTF-16 byte-order mark is read as UTF-16. Invalid UTF-8 becomes U+FFFD, and text that was UTF-8 read as
// Windows-1252 or Mac Roman and saved again ("â€™", "‚úÖ") is repaired run by run, only where
// the repair yields valid UTF-8. Both repairs are reported as notes with their line (twenty of
// each kind, then one note that counts the rest).
//
// Value type; cheap to copy (implicitly shared buffers). Not thread-affine.
class SourceText {
public:
    SourceText() = default;
    static SourceText fromBytes(const QByteArray &raw);
    // Whether the bytes start with a UTF-16 byte-order mark; fromBytes() then reads them as
    // UTF-16 and says so in a note.
    static bool isUtf16(QByteArrayView raw);

    const QByteArray &utf8() const { return m_utf8; }
    // The same text in UTF-16, for slicing node bodies without converting line by line.
    const QString &text() const { return m_text; }
    const QList<DecodeNote> &notes() const { return m_notes; }

    int lineCount() const { return int(m_lineStarts.size()); }
    // 1-based line of a byte offset; offsets past the end map to the last line.
    int lineAt(qsizetype offset) const;
    // The same, searching forward from `hint` first: cheap when offsets come in order.
    int lineAt(qsizetype offset, int hint) const;
    // 1-based column in characters (not bytes) of a byte offset.
    int columnAt(qsizetype offset) const;
    qsizetype lineStart(int line) const;
    // The line without its terminator.
    QByteArrayView lineBytes(int line) const;
    QString lineText(int line) const;
    // Lines first..last inclusive, joined with '\n'.
    QString lines(int first, int last) const;
    // Lines first..last inclusive as a view into text(), with their line breaks (and any '\r').
    QStringView linesView(int first, int last) const;

    // Blanks out bytes [begin, end) with spaces, keeping newlines, so that offsets and line
    // numbers stay valid after a part (front matter) is removed from what md4c sees.
    void blankOut(qsizetype begin, qsizetype end);
    // Writes `ascii` over one line (1-based), the rest of the line blanked, so that offsets and
    // line numbers stay valid; `ascii` longer than the line is cut.
    void overwriteLine(int line, QByteArrayView ascii);
    // Writes `utf8` over one line, the rest blanked, when the line keeps its length in both
    // forms: `utf8` is what the line says with some of its ASCII characters dropped (an indent,
    // a marker). False, and the line left as it is, otherwise.
    bool rewriteLine(int line, QByteArrayView utf8);
    // How many blanks at the end of a line the two calls above wrote as filler, not text: a
    // reader of the text as a person wrote it (a node's body) drops them, where trailing
    // spaces would read as a hard line break.
    qsizetype filler(int line) const;

private:
    void indexLines();
    void noteFiller(int line, qsizetype blanks);

    QByteArray m_utf8;
    QString m_text;
    QList<qsizetype> m_lineStarts;   // byte offsets into m_utf8
    QList<qsizetype> m_textStarts;   // UTF-16 offsets into m_text
    QList<DecodeNote> m_notes;
    QList<std::pair<int, qsizetype>> m_filler; // (line, blanks) of rewritten lines, by line
};

} // namespace triage
