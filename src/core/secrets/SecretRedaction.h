#pragma once

#include <QList>
#include <QStringList>
#include <QString>
#include <QStringView>

namespace triage {

// Finds credentials written into guides and masks their values with "****": passwords in
// URLs (`://user:pass@`, Go's `user:pass@tcp(…)`, `.pgpass` lines), in options (`-a`,
// `--password`, `curl -u user:pass`, `--oauth2-bearer`, `-b`/`--cookie`) and arguments
// (`vault login`, `net use`), in `Authorization`, `Cookie` and `*-Key`/`*-Token` headers, in
// `NAME_PASSWORD=…`/`*_TOKEN=…`/`*_AUTH=…` assignments and key/value tables, in `password=`
// of libpq connection strings, in query parameters such as `?api_key=`, and bare JWTs; and a
// value after a label that names a credential and says which one (`Token for Vault: …`,
// `API key (prod): …`), when it looks like a value and not like prose.
// A line that one of its expressions cannot read (PCRE's backtracking limit, text that is not
// UTF-16) is masked whole: what it holds cannot be told.
//
// Triage applies it to everything it derives from a guide (titles, bodies, commands, the
// source of a check) so that a secret somebody pasted into a guide never travels further.
//
// Stateless and reentrant.
class SecretRedaction {
public:
    static QString mask() { return QStringLiteral("****"); }

    // The text with every credential value masked; the text itself when there is none.
    static QString redact(QStringView text);
    // The same; returns `text` itself, shared and not copied, when there is nothing to mask.
    static QString redact(const QString &text);
    // The same with every rule tried on the text, whatever the scan that picks the rules finds:
    // what redact() must agree with, the scan being only a way not to run rules that cannot
    // match. Many times slower; for tests.
    static QString redactTryingEveryRule(const QString &text);
    // Masks every credential value in `text` where it is; returns whether there was any, and
    // then puts the text as it was in `before` when given. One scan decides which rules to
    // try; text with nothing a rule could match, the common case on import, costs no copy.
    // `mayHoldSecret`, when given, says whether the text has what some rule starts from, or
    // names a credential and says what it is ("the API key is s3cr3t…", whose code span a title
    // lost): text without either is no credential's context, whatever markup it lost on the way.
    static bool redactInPlace(QString *text, QString *before = nullptr, bool *mayHoldSecret = nullptr);
    static bool containsSecret(QStringView text);
    // The values redact() masks in `text`, as they are written there (without their quotes).
    // For what is made from `text` and has lost the markup that told them apart: a title made
    // from a line loses its code spans' backticks, and with them what made the word after
    // "password is `…`" a value.
    static QStringList secretsIn(QStringView text);
    // A Markdown table whose header names a credential (| User | Password |): the text with
    // that column's cells masked, and the 0-based lines of `text` whose cells were. Under a
    // title that is the credential's name alone (Password, PIN, …) every cell but a
    // placeholder is masked, digits and words included. Other
    // rules cannot see these: nothing next to the value says what it is. redact() and
    // redactInPlace() mask them as well; this is for the lines (lint names them).
    static QString maskCredentialColumns(QStringView text, QList<int> *maskedLines = nullptr);

    // Whether a header, parameter or query key names a credential: Authorization, Cookie,
    // X-Api-Key, api_key, token, secret, password, …
    static bool isCredentialName(QStringView name);
};

} // namespace triage
