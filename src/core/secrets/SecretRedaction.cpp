#include "SecretRedaction.h"

#include "markdown/AsciiFold.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace triage {

namespace {

using Option = QRegularExpression::PatternOption;

// What a text has that some rule needs. Found in one cheap pass, so that the regular
// expressions run only on text that can match them; most text names no credential at all.
using Features = std::uint64_t;
enum Feature : Features {
    UserInfoUrl = 1u << 0, // scheme://user:password@
    OptionA = 1u << 1,     // -a followed by a space, a quote or '='
    LongOption = 1u << 2,  // --password, --token, --cookie, … followed by a space or '='
    OptionU = 1u << 8,     // -u …
    OptionB = 1u << 9,     // -b …
    LongUser = 1u << 10,   // --user or --proxy-user followed by a space or '=
    Header = 1u << 3,      // a keyword (auth, cookie, token, secret, pass, pwd, key) in a name before ':'
    Assignment = 1u << 4,  // a keyword in a name before '='
    Query = 1u << 7,       // ?name= or &name=
    Jwt = 1u << 5,         // eyJ…
    Password = 1u << 6,    // "passw" (connection strings)
    OptionP = 1u << 11,    // " -p" and its value, with no space (mysql -pSECRET)
    OptionPSpaced = 1u << 16, // " -p " (docker login -p SECRET; far more often a port)
    Json = 1u << 12,       // "name": with a keyword in the quoted name
    KnownToken = 1u << 13, // ghp_…, xoxb-…, sk-…, sk_live_…, glpat-…, hvs.…: a token by its shape
    PrivateKey = 1u << 14, // -----BEGIN … PRIVATE KEY-----
    QuotedHeader = 1u << 15, // as Header, with the value in quotes: password: "…"
    PasswordWord = 1u << 17, // "password", "pwd", "passphrase" as a word: prose may name one
    RedisAuth = 1u << 18,    // AUTH, requirepass, masterauth
    Identified = 1u << 19,   // SQL's IDENTIFIED BY
    OptionBigP = 1u << 20,   // " -P" (sqlcmd's password)
    SqlPlus = 1u << 21,      // sqlplus user/password@db
    TightHeader = 1u << 22,  // as Header, a hyphenated name with no space after the colon: X-Auth-Token:…
    CamelKey = 1u << 23,     // as Header, a camelCase name: postgresPassword:
    AuthName = 1u << 24,     // "Authorization" before '=' or a quoted one before ':'
    AnyP = 1u << 25,         // " -p", with its value against it or not (sshpass)
    DsnFields = 1u << 26,    // user:password@tcp(…) (Go's DSN), host:port:db:user:password (.pgpass)
    CommandArg = 1u << 27,   // vault, mc alias set, /user: (net use), -AsPlainText: a credential as an argument
    TableKey = 1u << 28,     // | DB_PASSWORD | value |: a row whose first cell names a credential
    Declaration = 1u << 29,  // const, let, var or a class field's modifier before a credential's name
    BoldLabel = 1u << 30,    // **Token:**, **API key**:, <b>Secret:</b>: a label in bold or HTML
    TableDelimiter = 1u << 31, // |---|---|: a table, one of whose columns may be named for a credential
    CredentialLabel = Features(1) << 32, // Token for Vault:, API key (prod):: a label that names a credential and says which
    Pin = Features(1) << 33,             // PIN:, **SIM PIN:**, | PIN |: a label for digits that are a PIN
    ProseValue = Features(1) << 34,      // the token is `…`: a credential named in prose, its value in code
};

// The features of the rules whose prefix ends with the name of what they mask.
constexpr Features kNamedValues = Header | QuotedHeader | Json | CamelKey | TightHeader | Assignment | TableKey | Declaration;

// ASCII's name characters: letters, digits, '_' and '-'.
constexpr std::array<bool, 128> kNameChars = [] {
    std::array<bool, 128> t{};
    for (size_t c = 0; c < t.size(); ++c)
        t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    return t;
}();

inline bool isNameChar(char16_t c)
{
    return c < 0x80 ? kNameChars[c] : QChar::isLetterOrNumber(c);
}

// chars[from, from + length) lower-cased into `buffer` as ASCII ('?' for anything else).
void lowerAscii(const char16_t *chars, qsizetype from, qsizetype length, char *buffer)
{
    for (qsizetype i = 0; i < length; ++i) {
        const char16_t c = chars[from + i];
        buffer[i] = c < 0x80 ? char(c >= u'A' && c <= u'Z' ? c + 32 : c) : '?';
    }
}

// The name that ends just before position `end` (letters, digits, '_' and '-'), lower-cased
// into `buffer`. Returns its length; a name longer than the buffer keeps its end.
qsizetype nameBefore(const char16_t *chars, qsizetype end, char *buffer, qsizetype capacity)
{
    while (end > 0 && (chars[end - 1] == u' ' || chars[end - 1] == u'\t'))
        --end;
    qsizetype start = end;
    while (start > 0 && end - start < capacity && isNameChar(chars[start - 1]))
        --start;
    lowerAscii(chars, start, end - start, buffer);
    return end - start;
}

bool contains(std::string_view name, std::string_view word)
{
    return name.find(word) != std::string_view::npos;
}

// Whether a lower-cased name holds a word that the names of the rules' prefixes hold: a rule
// whose name's word is missing here is never tried.
bool namesCredential(std::string_view name)
{
    // One pass, each word looked for only where its first letter is.
    for (size_t k = 0; k + 3 <= name.size(); ++k) {
        const std::string_view rest = name.substr(k);
        switch (name[k]) {
        case 'a':
            if (rest.starts_with("auth"))
                return true;
            break;
        case 'c':
            if (rest.starts_with("cookie"))
                return true;
            break;
        case 't':
            if (rest.starts_with("token"))
                return true;
            break;
        case 's':
            if (rest.starts_with("secret"))
                return true;
            break;
        case 'p':
            if (rest.starts_with("pass") || rest.starts_with("pwd"))
                return true;
            break;
        case 'k':
            if (rest.starts_with("key"))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

// keytool's options that take a store's or a key's password: -storepass, -keypass, and the
// -src…/-dest… ones of -importkeystore, followed by a space. "-storepass:env VAR" names where
// the password is.
bool keytoolPasswordOptionAt(const char16_t *chars, qsizetype at, qsizetype n)
{
    for (const std::string_view option : {"storepass", "keypass", "srcstorepass", "deststorepass", "srckeypass", "destkeypass"}) {
        const qsizetype end = at + qsizetype(option.size());
        if (end < n && (chars[end] == u' ' || chars[end] == u'\t') && QStringView(chars + at, qsizetype(option.size())) == QLatin1StringView(option.data(), qsizetype(option.size())))
            return true;
    }
    return false;
}

// "The API key is `…`", "the token was `…`": a name that holds a credential word, then "is" or
// "was", just before `end` (a code span's opening backtick).
bool credentialIsBefore(const char16_t *chars, qsizetype end, char *buffer, qsizetype capacity)
{
    qsizetype k = end;
    while (k > 0 && (chars[k - 1] == u' ' || chars[k - 1] == u'\t'))
        --k;
    const bool is = k >= 3 && (chars[k - 1] | 0x20) == u's' && (chars[k - 2] | 0x20) == u'i' && (chars[k - 3] == u' ' || chars[k - 3] == u'\t');
    const bool was = k >= 4 && (chars[k - 1] | 0x20) == u's' && (chars[k - 2] | 0x20) == u'a' && (chars[k - 3] | 0x20) == u'w'
                     && (chars[k - 4] == u' ' || chars[k - 4] == u'\t');
    if (!is && !was)
        return false;
    k -= is ? 3 : 4;
    const qsizetype len = nameBefore(chars, k + 1, buffer, capacity);
    return len > 2 && namesCredential(std::string_view(buffer, size_t(len)));
}

// "the API key is s3cr3t…", "Token was abcd…": a credential's name, then "is" or "was". Text
// made from a line (a title) may have lost the code span its value stood in; the line has it.
bool saysCredentialIs(QStringView text)
{
    // At each "s" before a space, the end of " is" or " was": one compare for most characters.
    const char16_t *chars = reinterpret_cast<const char16_t *>(text.utf16());
    char name[64];
    for (qsizetype i = 2; i + 1 < text.size(); ++i) {
        if ((chars[i] | 0x20) == u's' && (chars[i + 1] == u' ' || chars[i + 1] == u'\t') && credentialIsBefore(chars, i + 1, name, sizeof name))
            return true;
    }
    return false;
}

// Whether the name that ends just before `end` (as nameBefore() reads it) holds a credential word.
bool credentialNameBefore(const char16_t *chars, qsizetype end, char *buffer, qsizetype capacity)
{
    const qsizetype len = nameBefore(chars, end, buffer, capacity);
    return len > 2 && namesCredential(std::string_view(buffer, size_t(len)));
}

bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || (c >= 0x80 && QChar::isSpace(c));
}

// The characters some rule starts from: ':', '=', '-', '?', '&', the 'J' of "eyJ" (not
// its 'e', the commonest letter in prose), the '_' of "ghp_", the 'w' of "password" and
// "pwd", the 'K' of "AKIA", the 'z' of "AIza", the 'U' of "AUTH", the 'q' of "requirepass",
// the 'Y' of "IDENTIFIED BY", the '@' of "@tcp(", the '|' that starts a table row, the 'v' of
// "vault". nextTrigger() looks for these and no others.
constexpr std::array kTriggerChars{':', '=', '-', '?', '&', 'J', '_', 'w', 'W', 'K', 'z', 'U', 'q', 'Y', '@', '|', 'v', '`', 'N'};

constexpr std::array<bool, 128> kTriggers = [] {
    std::array<bool, 128> t{};
    for (const char c : kTriggerChars)
        t[size_t(c)] = true;
    return t;
}();

#if defined(__SSE2__)
// One compare of nextTrigger()'s: a character is a trigger when, with `bits` set, it equals
// `value`.
struct TriggerCompare {
    char value;
    char bits;
};

// kTriggerChars as compares, two triggers one bit apart sharing one ('=' and '-', 'J' and 'K',
// 'v' and 'w', …): fewer compares than characters, and none that lets another character
// through. Returns the compares and how many of them there are.
constexpr std::pair<std::array<TriggerCompare, kTriggerChars.size()>, size_t> pairedTriggers()
{
    std::array<TriggerCompare, kTriggerChars.size()> compares{};
    std::array<bool, kTriggerChars.size()> paired{};
    size_t count = 0;
    for (size_t a = 0; a < kTriggerChars.size(); ++a) {
        if (paired[a])
            continue;
        TriggerCompare compare{kTriggerChars[a], 0};
        for (size_t b = a + 1; b < kTriggerChars.size(); ++b) {
            const auto bit = static_cast<unsigned char>(kTriggerChars[a] ^ kTriggerChars[b]);
            if (!paired[b] && std::has_single_bit(bit)) {
                paired[b] = true;
                compare = {char(kTriggerChars[a] | bit), char(bit)};
                break;
            }
        }
        compares[count++] = compare;
    }
    return {compares, count};
}

constexpr auto kTriggerCompares = [] {
    constexpr auto paired = pairedTriggers();
    std::array<TriggerCompare, paired.second> compares{};
    for (size_t k = 0; k < compares.size(); ++k)
        compares[k] = paired.first[k];
    return compares;
}();

// The bytes of `v` that hold a trigger, all ones; every compare of kTriggerCompares, written out.
template <size_t... K>
__m128i triggerLanes(__m128i v, std::index_sequence<K...>)
{
    __m128i lanes = _mm_setzero_si128();
    ((lanes = _mm_or_si128(lanes, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(kTriggerCompares[K].bits)), _mm_set1_epi8(kTriggerCompares[K].value)))),
     ...);
    return lanes;
}

// The triggers among the sixteen characters at `chars`, a bit for each. They are packed into
// bytes first, so that each compare reads sixteen: a character beyond Latin-1 saturates to 0 or
// 0xFF, neither of them a trigger nor, with a compare's bit set, equal to one.
unsigned triggerMask(const char16_t *chars)
{
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars));
    const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i *>(chars + 8));
    return unsigned(_mm_movemask_epi8(triggerLanes(_mm_packus_epi16(low, high), std::make_index_sequence<kTriggerCompares.size()>())));
}
#endif

// Where the spaces that end at `k` start.
qsizetype startOfSpaces(const char16_t *chars, qsizetype k)
{
    while (k > 0 && chars[k - 1] == u' ')
        --k;
    return k;
}

// Whether the word before the dash at `dash` (spaces skipped, as nameBefore() skips them) may be
// "sk", "glpat" or "xox" and one more character, by its last two: most dashes are an option's, a
// list's or a word's, and their word is not read. ("xox" takes any character after it, one
// beyond ASCII included.)
bool mayEndTokenPrefix(const char16_t *chars, qsizetype dash)
{
    const qsizetype end = startOfSpaces(chars, dash);
    if (end < 2 || chars[end - 2] >= 0x80)
        return false;
    const char16_t before = chars[end - 2] | 0x20;
    const char16_t last = chars[end - 1] | 0x20;
    return before == u'x' || (before == u's' && last == u'k') || (before == u'a' && last == u't');
}

// `const`, `let`, `var` or a class field's modifier (`private`, `readonly`, …) before the name
// of `length` characters that ends at `end` (spaces before `end` skipped), or a '#' against it (a
// private field, `#apiKey`): a JavaScript or TypeScript declaration.
bool declaredBefore(const char16_t *chars, qsizetype end, qsizetype length)
{
    const qsizetype start = startOfSpaces(chars, end) - length;
    if (start > 0 && chars[start - 1] == u'#')
        return true;
    const qsizetype k = startOfSpaces(chars, start);
    if (k == start)
        return false;
    for (const QLatin1StringView word : {QLatin1StringView("const"), QLatin1StringView("let"), QLatin1StringView("var"), QLatin1StringView("private"),
                                         QLatin1StringView("public"), QLatin1StringView("protected"), QLatin1StringView("readonly"),
                                         QLatin1StringView("static")}) {
        const qsizetype n = word.size();
        if (k >= n && QStringView(chars + k - n, n) == word && (k == n || !isNameChar(chars[k - n - 1])))
            return true;
    }
    return false;
}

// "Token for Vault: abc123", "API key for staging: `q8Zr2mXa`", "Password (prod): …": a label
// whose first word names a credential and whose last words say which one, before the colon at
// `colon`, and after it what the rule can take for a value: something quoted or in code, or a
// word with a digit. Most colons are followed by neither (a line's end, "type: http", prose),
// and cost no look back; the look back goes no further on the line than a few words, and only
// for a ')' or a " for ".
bool credentialLabelAt(const char16_t *chars, qsizetype colon, qsizetype n, char *buffer, qsizetype capacity)
{
    qsizetype v = colon + 1;
    while (v < n && (chars[v] == u' ' || chars[v] == u'\t' || chars[v] == u'*' || chars[v] == u'_'))
        ++v;
    if (v >= n)
        return false;
    if (chars[v] != u'`' && chars[v] != u'"' && chars[v] != u'\'' && chars[v] != u'<') {
        qsizetype end = v;
        while (end < n && end - v < 64 && chars[end] > u' ' && !(chars[end] >= u'0' && chars[end] <= u'9'))
            ++end;
        if (end >= n || chars[end] < u'0' || chars[end] > u'9')
            return false;
    }
    qsizetype k = startOfSpaces(chars, colon);
    while (k > 0 && chars[k - 1] == u'*') // **API key (prod)**:
        --k;
    const qsizetype limit = std::max<qsizetype>(0, k - 40);
    if (k > 0 && chars[k - 1] == u')') {
        --k;
        while (k > limit && chars[k] != u'(' && chars[k] != u'\n')
            --k;
        if (chars[k] != u'(')
            return false;
        if (credentialNameBefore(chars, k, buffer, capacity))
            return true;
        // "Token for Vault (prod):": a " for " before the qualifier.
    }
    for (; k - 5 >= limit; --k) {
        const char16_t c = chars[k - 1];
        if (c == u'\n' || c == u':' || c == u'.' || c == u'|')
            return false;
        if (c == u' ' && (chars[k - 2] | 0x20) == u'r' && (chars[k - 3] | 0x20) == u'o' && (chars[k - 4] | 0x20) == u'f' && chars[k - 5] == u' ')
            return credentialNameBefore(chars, k - 5, buffer, capacity);
    }
    return false;
}

// "PIN", "SIM PIN", "PIN code", in bold or code or not, ending just before `end` (its colon, or
// the pipe that closes its cell): a label for the digits of a PIN. In capitals only: "pin: true"
// is YAML's, and "pin" names a GPIO pin or a version as often.
bool pinLabelBefore(const char16_t *chars, qsizetype end)
{
    qsizetype k = end;
    while (k > 0 && (chars[k - 1] == u' ' || chars[k - 1] == u'*' || chars[k - 1] == u'_' || chars[k - 1] == u'`'))
        --k;
    if (k >= 5 && (chars[k - 1] | 0x20) == u'e' && QStringView(chars + k - 5, 5).compare(QLatin1String(" code"), Qt::CaseInsensitive) == 0)
        k -= 5;
    return k >= 3 && chars[k - 1] == u'N' && chars[k - 2] == u'I' && chars[k - 3] == u'P' && (k == 3 || !isNameChar(chars[k - 4]));
}

// " is 4829", " code was 0000": after the word PIN, "is" or "was" and a digit.
bool pinSaidAfter(const char16_t *chars, qsizetype at, qsizetype n)
{
    const QStringView after(chars + at, std::min<qsizetype>(n - at, 16));
    for (const QLatin1StringView said : {QLatin1StringView(" is "), QLatin1StringView(" was "), QLatin1StringView(" code is "),
                                         QLatin1StringView(" code was ")}) {
        if (after.startsWith(said) && after.size() > said.size() && after.at(said.size()).isDigit())
            return true;
    }
    return false;
}

// A .pgpass line from the colon after its host: host:port:database:user:password, the port a
// number, each field there.
bool startsPgpassFields(const char16_t *chars, qsizetype colon, qsizetype n)
{
    qsizetype k = colon + 1;
    while (k < n && k - colon <= 5 && chars[k] >= u'0' && chars[k] <= u'9')
        ++k;
    for (int field = 0; field < 3; ++field) {
        if (k == colon + 1 || k >= n || chars[k] != u':')
            return false;
        const qsizetype start = ++k;
        while (k < n && chars[k] != u':' && !isSpace(chars[k]))
            ++k;
        if (k == start)
            return false;
    }
    return true;
}

// mc alias set NAME URL ACCESS_KEY SECRET_KEY (MinIO's client; "mc config host add" before
// it): the word two back from the URL's scheme, whose colon is `colon`, is "set" or "add".
bool followsAliasSet(const char16_t *chars, qsizetype colon)
{
    qsizetype k = colon;
    while (k > 0 && chars[k - 1] < 0x80 && std::isalpha(int(chars[k - 1])))
        --k;
    for (int word = 0; word < 2; ++word) {
        const qsizetype end = k;
        k = startOfSpaces(chars, k);
        if (k == end)
            return false;
        if (word == 0) {
            const qsizetype alias = k;
            while (k > 0 && !isSpace(chars[k - 1]))
                --k;
            if (k == alias)
                return false;
        }
    }
    if (k < 3)
        return false;
    const QStringView command(chars + k - 3, 3);
    return command == QLatin1String("set") || command == QLatin1String("add");
}

// Whether the line around the pipe at `pipe` is made of dashes, colons, pipes and spaces, with a
// dash in it: a table's delimiter row, as GFM writes it without outer pipes (--- | ---). Most
// pipes in the middle of a line join the cells of a row or the commands of a pipeline, and the
// look back stops at the letter before them.
bool withinDelimiterRow(const char16_t *chars, qsizetype pipe, qsizetype n)
{
    const auto delimiterChar = [](char16_t c) { return c == u'-' || c == u':' || c == u'|' || c == u' ' || c == u'\t'; };
    bool dash = false;
    qsizetype k = pipe;
    for (; k > 0 && delimiterChar(chars[k - 1]); --k)
        dash = dash || chars[k - 1] == u'-';
    if (k > 0 && chars[k - 1] != u'\n')
        return false;
    for (k = pipe + 1; k < n && delimiterChar(chars[k]); ++k)
        dash = dash || chars[k] == u'-';
    return dash && (k == n || chars[k] == u'\n' || chars[k] == u'\r');
}

// The first position from `i` on that holds one of kTriggers, or `n`. Sixteen characters at a
// time where SSE2 is there: most text has a trigger only every few dozen characters.
qsizetype nextTrigger(const char16_t *chars, qsizetype i, qsizetype n)
{
#if defined(__SSE2__)
    if (n >= 16) {
        for (; n - i >= 16; i += 16) {
            if (const unsigned mask = triggerMask(chars + i))
                return i + std::countr_zero(mask);
        }
        if (i >= n)
            return n;
        // The rest, read as the sixteen characters that end the text, those before `i` shifted out.
        const unsigned mask = triggerMask(chars + n - 16) >> (i - (n - 16));
        return mask ? i + std::countr_zero(mask) : n;
    }
#endif
    for (; i < n; ++i) {
        if (chars[i] < 128 && kTriggers[chars[i]])
            return i;
    }
    return n;
}

// One pass over the text, looking only at the characters some rule needs; everything else is
// skipped in blocks. No allocation.
Features featuresOfSpaced(QStringView text);

// The scan reads a space where the rules take a space or a tab ("keytool<TAB>-storepass …"):
// text with a tab is scanned as it would read with spaces, which moves nothing.
Features features(QStringView text)
{
    if (!text.contains(u'\t'))
        return featuresOfSpaced(text);
    QString spaced = text.toString();
    spaced.replace(u'\t', u' ');
    return featuresOfSpaced(spaced);
}

Features featuresOfSpaced(QStringView text)
{
    Features found = 0;
    const qsizetype n = text.size();
    const char16_t *chars = reinterpret_cast<const char16_t *>(text.utf16());
    char name[64];
    qsizetype rowPipe = -1; // the last pipe in mid-line: withinDelimiterRow() has read its line
    for (qsizetype i = nextTrigger(chars, 0, n); i < n; i = nextTrigger(chars, i + 1, n)) {
        const char16_t c = chars[i];
        switch (c) {
        case u'J':
            if (i >= 2 && chars[i - 2] == u'e' && chars[i - 1] == u'y')
                found |= Jwt;
            break;
        case u':': {
            if (i + 2 < n && chars[i + 1] == u'/' && chars[i + 2] == u'/') {
                // user:password@ before the next slash or space; a DSN's key@ (Sentry's)
                bool colon = false;
                for (qsizetype j = i + 3; j < n && !isSpace(chars[j]) && chars[j] != u'/'; ++j) {
                    if (chars[j] == u':')
                        colon = true;
                    else if (chars[j] == u'@' && colon)
                        found |= UserInfoUrl;
                    else if (chars[j] == u'@' && j - (i + 3) >= 20)
                        found |= KnownToken;
                }
                // Webhook URLs whose path is the secret: Slack's, Discord's.
                const QStringView after = QStringView(chars + i + 3, n - i - 3);
                if (after.startsWith(QLatin1String("hooks.slack.com/services/")) || after.startsWith(QLatin1String("discord.com/api/webhooks/"))
                    || after.startsWith(QLatin1String("discordapp.com/api/webhooks/")))
                    found |= KnownToken;
                if (followsAliasSet(chars, i))
                    found |= CommandArg;
                break;
            }
            const qsizetype len = nameBefore(chars, i, name, sizeof name);
            const std::string_view word(name, size_t(len));
            if (len > 2 && namesCredential(word)) {
                qsizetype v = i + 1;
                while (v < n && (chars[v] == u' ' || chars[v] == u'\t'))
                    ++v;
                found |= Header | (v < n && (chars[v] == u'"' || chars[v] == u'\'') ? QuotedHeader : Feature{})
                         | (declaredBefore(chars, i, len) ? Declaration : Feature{}); // const apiKey: string = …
                // The name as written: hyphenated and tight (X-Auth-Token:abc), or camelCase.
                bool hyphen = false, camel = false;
                for (qsizetype k = i - 1; k >= 0 && k >= i - len - 1 && isNameChar(chars[k]); --k) {
                    hyphen = hyphen || chars[k] == u'-';
                    camel = camel || (chars[k] >= u'A' && chars[k] <= u'Z' && k > 0 && chars[k - 1] >= u'a' && chars[k - 1] <= u'z');
                }
                if (hyphen && v == i + 1)
                    found |= TightHeader;
                if (camel)
                    found |= CamelKey;
                if ((v == i + 1 && v < n && (chars[v] == u'*' || chars[v] == u'<')) || chars[i - 1] == u'_')
                    found |= BoldLabel; // **Token:** …, <b>Secret:</b> …, __Secret__: …
                break;
            }
            if (len == 0 && i > 0 && (chars[i - 1] == u'*' || chars[i - 1] == u'>')) {
                // **API key**: …, <b>Secret</b>: …: the name before the closing bold or tag.
                qsizetype k = i - 1;
                while (k > 0 && i - k < 10 && chars[k] != u'<' && chars[k] != u'*')
                    --k;
                while (k > 0 && chars[k - 1] == u'*')
                    --k;
                if (credentialNameBefore(chars, k, name, sizeof name))
                    found |= BoldLabel;
            }
            if (credentialLabelAt(chars, i, n, name, sizeof name))
                found |= CredentialLabel;
            if (pinLabelBefore(chars, i))
                found |= Pin;
            if (word == "user" && i >= 5 && chars[i - 5] == u'/')
                found |= CommandArg; // net use … /user:NAME, the password before or after it
            else if (i + 1 < n && chars[i + 1] >= u'0' && chars[i + 1] <= u'9' && startsPgpassFields(chars, i, n))
                found |= DsnFields;
            // JSON: "password": "…", the name in quotes before the colon.
            const qsizetype quote = startOfSpaces(chars, i);
            if (quote > 0 && (chars[quote - 1] == u'"' || chars[quote - 1] == u'\'')) {
                const qsizetype quoted = nameBefore(chars, quote - 1, name, sizeof name);
                if (quoted > 2 && namesCredential(std::string_view(name, size_t(quoted))))
                    found |= Json | (std::string_view(name, size_t(quoted)).ends_with("authorization") ? AuthName : Feature{});
            }
            break;
        }
        case u'w':
        case u'W': {
            // "passw" (password, passwd) or "pwd": a word a password may follow in prose.
            // Most w's follow neither: one comparison settles them.
            if (i == 0 || ((chars[i - 1] | 0x20) != u's' && (chars[i - 1] | 0x20) != u'p'))
                break;
            auto lower = [&](qsizetype k) { return k >= 0 && k < n && chars[k] < 0x80 ? char(chars[k] | 0x20) : '\0'; };
            if ((lower(i - 4) == 'p' && lower(i - 3) == 'a' && lower(i - 2) == 's' && lower(i - 1) == 's')
                || (lower(i - 1) == 'p' && lower(i + 1) == 'd' && (i < 2 || !isNameChar(chars[i - 2]))))
                found |= PasswordWord;
            break;
        }
        case u'v':
            // vault login TOKEN
            if (n - i >= 11 && chars[i + 1] == u'a' && chars[i + 2] == u'u' && chars[i + 3] == u'l' && chars[i + 4] == u't'
                && (i == 0 || !isNameChar(chars[i - 1])))
                found |= CommandArg;
            // hvs.…, hvb.…, hvr.…: a Vault token by its shape
            else if (i >= 1 && n - i >= 3 && chars[i - 1] == u'h' && (chars[i + 1] == u's' || chars[i + 1] == u'b' || chars[i + 1] == u'r')
                     && chars[i + 2] == u'.')
                found |= KnownToken;
            break;
        case u'@':
            // user:password@tcp(host:port)/db: Go's DSN has no scheme to find it by.
            if (n - i >= 5 && (chars[i + 1] == u't' || chars[i + 1] == u'u')) {
                const QStringView after(chars + i + 1, n - i - 1);
                if (after.startsWith(QLatin1String("tcp(")) || after.startsWith(QLatin1String("tcp6(")) || after.startsWith(QLatin1String("unix("))
                    || after.startsWith(QLatin1String("udp(")))
                    found |= DsnFields;
            }
            break;
        case u'|': {
            // | DB_PASSWORD | value |: the first cell of a row names a credential.
            qsizetype k = i;
            while (k > 0 && (chars[k - 1] == u' ' || chars[k - 1] == u'\t'))
                --k;
            if (k > 0 && chars[k - 1] != u'\n') {
                // --- | ---: a delimiter row without outer pipes. Its line is read once, at its
                // first pipe: a line of thousands of pipes costs no more than one.
                if (!(found & TableDelimiter)) {
                    const bool lineRead = rowPipe >= 0 && !QStringView(chars + rowPipe, i - rowPipe).contains(u'\n');
                    rowPipe = i;
                    if (!lineRead && withinDelimiterRow(chars, i, n))
                        found |= TableDelimiter;
                }
                break;
            }
            // |---|, | :-- |: a delimiter row. maskColumns() reads the table around it.
            qsizetype cell = i + 1;
            while (cell < n && (chars[cell] == u' ' || chars[cell] == u':' || chars[cell] == u'|'))
                ++cell;
            if (cell < n && chars[cell] == u'-')
                found |= TableDelimiter;
            qsizetype close = i + 1;
            while (close < n && close - i <= qsizetype(sizeof name) && chars[close] != u'|' && chars[close] != u'\n')
                ++close;
            if (close >= n || chars[close] != u'|')
                break;
            while (close > i + 1 && (chars[close - 1] == u' ' || chars[close - 1] == u'`' || chars[close - 1] == u'*'))
                --close;
            if (credentialNameBefore(chars, close, name, sizeof name))
                found |= TableKey;
            else if (pinLabelBefore(chars, close))
                found |= Pin; // | PIN | 482913 |
            break;
        }
        case u'`':
            if (i >= 5 && credentialIsBefore(chars, i, name, sizeof name))
                found |= ProseValue;
            break;
        case u'N':
            // "The PIN is 4829": a PIN said in prose, with no colon to find it by.
            if (i >= 2 && chars[i - 1] == u'I' && chars[i - 2] == u'P' && (i == 2 || !isNameChar(chars[i - 3])) && pinSaidAfter(chars, i + 1, n))
                found |= Pin;
            break;
        case u'K':
            if (i >= 1 && n - i >= 3 && chars[i - 1] == u'A' && chars[i + 1] == u'I' && chars[i + 2] == u'A')
                found |= KnownToken; // AKIA…
            break;
        case u'z':
            if (i >= 2 && i + 1 < n && chars[i - 2] == u'A' && chars[i - 1] == u'I' && chars[i + 1] == u'a')
                found |= KnownToken; // AIza…
            break;
        case u'U':
            if (i >= 1 && n - i >= 3 && chars[i - 1] == u'A' && chars[i + 1] == u'T' && chars[i + 2] == u'H')
                found |= RedisAuth;
            break;
        case u'q':
            // requirepass; sqlplus
            if (i >= 2 && n - i >= 9 && chars[i - 2] == u'r' && chars[i - 1] == u'e' && chars[i + 1] == u'u' && chars[i + 7] == u's')
                found |= RedisAuth;
            else if (i >= 1 && n - i >= 6 && chars[i - 1] == u's' && chars[i + 1] == u'l' && chars[i + 2] == u'p')
                found |= SqlPlus;
            break;
        case u'Y':
            if (i >= 2 && chars[i - 1] == u'B' && chars[i - 2] == u' ')
                found |= Identified; // IDENTIFIED BY
            break;
        case u'_': {
            // ghp_…, github_pat_…, sk_live_…, rk_test_…, dckr_pat_…, npm_…: the word before the
            // first underscore. Most underscores join words of code: the letter before decides.
            if (i < 2 || chars[i - 1] >= 0x80 || std::string_view("bdekmopsru").find(char(chars[i - 1])) == std::string_view::npos)
                break;
            const qsizetype len = nameBefore(chars, i, name, 8);
            const std::string_view word(name, size_t(len));
            // rabbitmqctl add_user NAME PASSWORD, change_password NAME PASSWORD
            if (word == "add" || word == "change") {
                const QLatin1StringView rest(word == "add" ? "_user" : "_password");
                const QStringView after(chars + i, n - i);
                if (after.size() > rest.size() && after.startsWith(rest) && (after[rest.size()] == u' ' || after[rest.size()] == u'\t'))
                    found |= CommandArg;
                break;
            }
            for (const std::string_view prefix : {"ghp", "gho", "ghs", "ghu", "ghr", "github", "sk", "rk", "dckr", "npm"}) {
                if (word == prefix)
                    found |= KnownToken;
            }
            // aws configure set aws_secret_access_key SECRET
            if (word == "aws") {
                const QStringView after(chars + i, n - i);
                if (after.startsWith(QLatin1String("_secret_access_key")) || after.startsWith(QLatin1String("_session_token")))
                    found |= CommandArg;
            }
            break;
        }
        case u'=': {
            const qsizetype len = nameBefore(chars, i, name, sizeof name);
            const std::string_view word(name, size_t(len));
            if (len > 2 && namesCredential(word))
                found |= Assignment | (word.ends_with("authorization") ? AuthName : Feature{}) | (declaredBefore(chars, i, len) ? Declaration : Feature{});
            if (word.ends_with("password"))
                found |= Password;
            break;
        }
        case u'-':
            if (n - i >= 11 && chars[i + 1] == u'-' && chars[i + 2] == u'-' && chars[i + 3] == u'-' && chars[i + 4] == u'-'
                && chars[i + 5] == u'B' && chars[i + 6] == u'E' && chars[i + 7] == u'G' && chars[i + 8] == u'I' && chars[i + 9] == u'N') {
                found |= PrivateKey;
                i += 4;
                break;
            }
            if (i >= 2 && mayEndTokenPrefix(chars, i)) {
                // sk-…, xoxb-…, glpat-…: the word right before the dash
                const qsizetype len = nameBefore(chars, i, name, 6);
                const std::string_view word(name, size_t(len));
                if (word == "sk" || word == "glpat" || (word.size() == 4 && word.starts_with("xox")))
                    found |= KnownToken;
            }
            if (i + 1 < n) {
                const char16_t next = chars[i + 1];
                if ((next == u'a' || next == u'u' || next == u'b')
                    && (i + 2 >= n || isSpace(chars[i + 2]) || chars[i + 2] == u'\'' || chars[i + 2] == u'"' || chars[i + 2] == u'=')) {
                    found |= next == u'a' ? OptionA : next == u'u' ? OptionU : OptionB;
                } else if (next == u'P' && i > 0 && isSpace(chars[i - 1]) && i + 2 < n && chars[i + 2] != u'-') {
                    found |= OptionBigP;
                } else if (next == u'p' && i > 0 && isSpace(chars[i - 1]) && i + 2 < n && chars[i + 2] != u'-') {
                    found |= AnyP | (isSpace(chars[i + 2]) ? OptionPSpaced : OptionP); // not "non-production"
                } else if ((next == u's' || next == u'k' || next == u'd') && i > 0 && isSpace(chars[i - 1]) && keytoolPasswordOptionAt(chars, i + 1, n)) {
                    found |= CommandArg; // keytool … -storepass PASSWORD
                } else if (((next | 0x20) == u'x' || (next | 0x20) == u'g' || (next | 0x20) == u'u' || (next | 0x20) == u'l') && i >= 4
                           && chars[i - 1] == u' ' && (chars[i - 2] | 0x20) == u't' && (chars[i - 3] | 0x20) == u'e' && (chars[i - 4] | 0x20) == u's'
                           && (i == 4 || !isNameChar(chars[i - 5]))) {
                    found |= CommandArg; // fish: set -x DB_PASSWORD value
                } else if (next == u't' && n - i >= 8 && i > 0 && isSpace(chars[i - 1]) && QStringView(chars + i + 2, 4) == QLatin1String("oken")
                           && (chars[i + 6] == u' ' || chars[i + 6] == u'\t')) {
                    found |= CommandArg; // consul … -token TOKEN
                } else if ((next | 0x20) == u'a' && n - i >= 12
                           && QStringView(chars + i + 1, 11).compare(QLatin1String("asplaintext"), Qt::CaseInsensitive) == 0) {
                    found |= CommandArg; // ConvertTo-SecureString "…" -AsPlainText
                } else if (next == u'-') {
                    // Only the long options that take a credential, spelled out and followed by
                    // their value: "--user-agent" is not "--user".
                    qsizetype end = i + 2;
                    while (end < n && end - (i + 2) < qsizetype(sizeof name) && chars[end] < 128
                           && (std::isalnum(int(chars[end])) || chars[end] == u'-'))
                        ++end;
                    if (end < n && (isSpace(chars[end]) || chars[end] == u'=')) {
                        for (qsizetype k = i + 2; k < end; ++k)
                            name[k - i - 2] = char(chars[k]);
                        const std::string_view option(name, size_t(end - i - 2));
                        for (const std::string_view o : {"pass", "oauth2-bearer", "api-key", "cookie"}) {
                            if (option == o)
                                found |= LongOption;
                        }
                        for (const std::string_view o : {"password", "passwd", "secret", "token"}) {
                            if (option.ends_with(o) && (option.size() == o.size() || option[option.size() - o.size() - 1] == '-'))
                                found |= LongOption;
                        }
                        if (option == "user" || option == "proxy-user" || option == "auth")
                            found |= LongUser;
                    }
                    ++i; // the second '-' starts no option of its own
                }
            }
            break;
        default: { // '?' or '&': a query parameter whose name could hold a credential
            qsizetype k = i + 1;
            while (k < n && (QChar::isLetterOrNumber(chars[k]) || chars[k] == u'_' || chars[k] == u'-'))
                ++k;
            if (k > i + 1 && k < n && chars[k] == u'=') {
                const qsizetype len = std::min<qsizetype>(k - i - 1, sizeof name);
                lowerAscii(chars, i + 1, len, name);
                const std::string_view key(name, size_t(len));
                if (namesCredential(key) || contains(key, "sig"))
                    found |= Query;
            }
            break;
        }
        }
    }
    return found;
}

struct Rule {
    QRegularExpression pattern;
    Features needs = 0; // all of these features must be present for the rule to be tried
    // Capture groups: 1 = kept prefix, 2 = the secret, 3 (optional) = kept suffix.
    // Words one of which the text must hold as well, when the features alone are common ("-p"
    // is a port far more often than a password): a plain search costs less than the expression.
    QList<QLatin1StringView> words = {};
    // A value that is its own (a cookie, an Authorization header's token): none of the
    // tests for prose, commands or placeholders after a key's colon apply.
    bool strict = false;
    // What this rule alone takes for no value, given the prefix before it: a placeholder in
    // capitals where a command takes its argument, a column's heading or words in a table's
    // cell, vault's argument after a login method.
    bool (*refuses)(QStringView prefix, QStringView value) = nullptr;
    // Whether the text holds what every match of the pattern holds (the word it starts from, where
    // it stands): false, and the pattern is not run, on text that it cannot match. The words are
    // looked for as PCRE reads them: without case where the pattern is caseless, the long s and
    // the Kelvin sign taken for s and k (foldedLetter()), and \b and \s as ASCII's.
    // Each pattern so guarded has its words near its start: on text without them PCRE fails at
    // every position at once, and never reaches the limit that masks a line whole.
    bool (*mayMatch)(QStringView text) = nullptr;
};

// Whether PCRE reads `c` as a word character (\w, and so \b): without Unicode properties,
// ASCII's letters, digits and '_' alone.
bool isPcreWordChar(char16_t c)
{
    return c < 0x80 && (std::isalnum(int(c)) || c == u'_');
}

// `c` as PCRE's caseless matching compares it with a small ASCII letter: a capital as its small
// letter, the long s as 's' and the Kelvin sign as 'k'. No other character equals one.
char16_t foldedLetter(char16_t c)
{
    if (c < 0x80)
        return c | 0x20; // a letter only when `c` is one
    if (c == 0x017F)
        return u's';
    if (c == 0x212A)
        return u'k';
    return 0;
}

// Whether `word` (small ASCII letters and punctuation) is at `at` in `text`, its letters compared
// without case as PCRE compares them.
bool isAt(QStringView text, qsizetype at, std::string_view word)
{
    if (at < 0 || at + qsizetype(word.size()) > text.size())
        return false;
    for (size_t j = 0; j < word.size(); ++j) {
        const char16_t c = text[at + qsizetype(j)].unicode();
        if (word[j] >= 'a' && word[j] <= 'z' ? foldedLetter(c) != word[j] : c != char16_t(word[j]))
            return false;
    }
    return true;
}

// Whether `word` (small ASCII letters) is in `text`, compared without case as PCRE compares,
// somewhere `at` accepts its position. A loop of its own: Qt's search without case folds every
// character it passes, and costs more than the expression it would spare.
template <typename At>
bool containsWhere(QStringView text, std::string_view word, At at)
{
    const qsizetype last = text.size() - qsizetype(word.size());
    for (qsizetype k = 0; k <= last; ++k) {
        if (foldedLetter(text[k].unicode()) == word[0] && isAt(text, k, word) && at(k))
            return true;
    }
    return false;
}

bool containsCaseless(QStringView text, std::string_view word)
{
    return containsWhere(text, word, [](qsizetype) { return true; });
}

// Whether `word` starts a word of `text` (\b before it), compared without case.
bool containsWordStart(QStringView text, std::string_view word)
{
    return containsWhere(text, word, [&](qsizetype k) { return k == 0 || !isPcreWordChar(text[k - 1].unicode()); });
}

// Whether PCRE reads `c` as a space (\s): without Unicode properties, ASCII's alone.
bool isPcreSpace(char16_t c)
{
    return c == u' ' || (c >= u'\t' && c <= u'\r');
}

// A password named in prose as the prose rule reads it: the word at a word's start or after
// "__", and then "is" or a colon (bold or a closing tag between: "**Password:**"), or before it
// "with", "use", "enter", … ("with the password …") or ", " ("user `admin`, password …").
bool mayNamePasswordInProse(QStringView text)
{
    const auto spaceAt = [&](qsizetype k) { return k >= 0 && k < text.size() && isPcreSpace(text[k].unicode()); };
    const auto labelled = [&](qsizetype end) {
        for (const std::string_view closing : {"", "*", "**", "__", "</b>", "</strong>", "</em>", "</i>"}) {
            if (!isAt(text, end, closing))
                continue;
            const qsizetype from = end + qsizetype(closing.size());
            qsizetype k = from;
            while (spaceAt(k))
                ++k;
            if ((k < text.size() && (text[k] == u':' || text[k] == u'=')) || (k > from && isAt(text, k, "is")))
                return true;
        }
        return false;
    };
    const auto verbEndsAt = [&](qsizetype end) {
        for (const std::string_view verb : {"with", "and", "use", "using", "enter", "type"}) {
            if (isAt(text, end - qsizetype(verb.size()), verb))
                return true;
        }
        return false;
    };
    const auto afterVerb = [&](qsizetype k) {
        qsizetype j = k;
        while (spaceAt(j - 1))
            --j;
        if (j == k)
            return false;
        if (verbEndsAt(j))
            return true;
        if (!isAt(text, j - 3, "the"))
            return false;
        qsizetype v = j - 3;
        while (spaceAt(v - 1))
            --v;
        return v < j - 3 && verbEndsAt(v);
    };
    const auto named = [&](qsizetype k, std::string_view word) {
        if (!isAt(text, k, word))
            return false;
        const qsizetype end = k + qsizetype(word.size());
        if (labelled(end))
            return true;
        if (word == "pwd" || !spaceAt(end))
            return false;
        return afterVerb(k) || (word != "passphrase" && k >= 2 && text[k - 1] == u' ' && text[k - 2] == u',');
    };
    const auto startsWord = [&](qsizetype k) { return k == 0 || !isPcreWordChar(text[k - 1].unicode()) || (k >= 2 && text[k - 1] == u'_' && text[k - 2] == u'_'); };
    return containsWhere(text, "passw", [&](qsizetype k) { return startsWord(k) && (named(k, "password") || named(k, "passwd")); })
           || containsWhere(text, "pwd", [&](qsizetype k) { return startsWord(k) && named(k, "pwd"); })
           || containsWhere(text, "passphrase", [&](qsizetype k) { return startsWord(k) && named(k, "passphrase"); });
}

// SQL's PASSWORD '…': the word at a word's start, then spaces and a quote.
bool mayQuotePassword(QStringView text)
{
    return containsWhere(text, "password", [&](qsizetype k) {
        qsizetype end = k + 8;
        if ((k > 0 && isPcreWordChar(text[k - 1].unicode())) || end >= text.size() || !isPcreSpace(text[end].unicode()))
            return false;
        while (end < text.size() && isPcreSpace(text[end].unicode()))
            ++end;
        return end < text.size() && text[end] == u'\'';
    });
}

// curl -u user:password: "-u" at the start or after a space, and after it spaces or '=', a quote
// or not, a user and a colon.
bool mayPassUserPassword(QStringView text)
{
    const qsizetype n = text.size();
    for (qsizetype k = text.indexOf(QStringView(u"-u")); k >= 0; k = text.indexOf(QStringView(u"-u"), k + 1)) {
        if (k > 0 && !isPcreSpace(text[k - 1].unicode()))
            continue;
        qsizetype v = k + 2;
        if (v < n && text[v] == u'=') {
            ++v;
        } else {
            if (v >= n || !isPcreSpace(text[v].unicode()))
                continue;
            while (v < n && isPcreSpace(text[v].unicode()))
                ++v;
        }
        if (v < n && (text[v] == u'"' || text[v] == u'\''))
            ++v;
        const qsizetype user = v;
        while (v < n && !isPcreSpace(text[v].unicode()) && text[v] != u':' && text[v] != u'"' && text[v] != u'\'' && text[v] != u'/')
            ++v;
        if (v > user && v < n && text[v] == u':')
            return true;
    }
    return false;
}

bool isHorizontalSpace(char16_t c)
{
    return c == u' ' || c == u'\t';
}

// Whether, before one of the colons of `text` that `after` accepts what follows (spaces and tabs
// between), a name of letters, digits, '-' and '_' has for one of its parts between the
// separators a credential's word, as the key rules' expressions require: "X-Api-Key", "db_password",
// "auth"; not "KeyError", "monkey". "pwd" counts only after a separator (the shell's PWD).
bool mayNameKeyBeforeColon(QStringView text, bool (*after)(QStringView rest))
{
    // What PCRE's caseless [A-Za-z0-9] takes: the long s and the Kelvin sign as well.
    const auto isNamePart = [](char16_t c) { return (c < 0x80 && std::isalnum(int(c))) || c == 0x017F || c == 0x212A; };
    for (qsizetype colon = text.indexOf(u':'); colon >= 0; colon = text.indexOf(u':', colon + 1)) {
        if (!after(text.sliced(colon + 1)))
            continue;
        qsizetype end = colon;
        while (end > 0 && isHorizontalSpace(text[end - 1].unicode()))
            --end;
        for (bool first = false; !first && end > 0 && isNamePart(text[end - 1].unicode());) {
            qsizetype start = end;
            while (start > 0 && isNamePart(text[start - 1].unicode()))
                --start;
            first = start == 0 || (text[start - 1] != u'-' && text[start - 1] != u'_');
            const QStringView part = text.sliced(start, end - start);
            for (const char *word : {"key", "apikey", "token", "secret", "password", "passwd", "passphrase", "auth"}) {
                if (part.compare(QLatin1StringView(word), Qt::CaseInsensitive) == 0)
                    return true;
            }
            if (!first && part.compare(QLatin1StringView("pwd"), Qt::CaseInsensitive) == 0)
                return true;
            end = start - 1;
        }
    }
    return false;
}

// After a colon: spaces or tabs; a double quote or a single one, spaces or tabs before it.
bool startsWithSpace(QStringView rest)
{
    return !rest.isEmpty() && isHorizontalSpace(rest.front().unicode());
}

template <char16_t Quote>
bool startsWithQuote(QStringView rest)
{
    qsizetype k = 0;
    while (k < rest.size() && isHorizontalSpace(rest[k].unicode()))
        ++k;
    return k < rest.size() && rest[k] == Quote;
}

// The same, the value after the colon in `Quote`s.
template <char16_t Quote>
bool mayNameQuotedKey(QStringView text)
{
    return mayNameKeyBeforeColon(text, startsWithQuote<Quote>);
}

// Whether a camelCase key's last word ("Password", "Key", "Token", …, as written) ends just
// before one of the colons of `text` that spaces or tabs follow.
bool mayNameCamelKeyBeforeColon(QStringView text)
{
    for (qsizetype colon = text.indexOf(u':'); colon >= 0; colon = text.indexOf(u':', colon + 1)) {
        if (!startsWithSpace(text.sliced(colon + 1)))
            continue;
        QStringView name = text.first(colon);
        while (!name.isEmpty() && isHorizontalSpace(name.back().unicode()))
            name.chop(1);
        for (const char *word : {"Password", "Passwd", "Pwd", "Secret", "Passphrase", "Key", "Token"}) {
            if (name.endsWith(QLatin1StringView(word)))
                return true;
        }
    }
    return false;
}

bool isArgumentPlaceholder(QStringView prefix, QStringView value);
bool isWellKnownFlagValue(QStringView prefix, QStringView value);
bool isNoTokenArgument(QStringView prefix, QStringView value);
bool isNoKeyCellValue(QStringView prefix, QStringView value);
bool isNoVaultToken(QStringView prefix, QStringView value);
bool isSecretPath(QStringView prefix, QStringView value);
bool isNoLabelledValue(QStringView prefix, QStringView value);
bool isNoProseValue(QStringView prefix, QStringView value);
bool isNoPasswordInProse(QStringView prefix, QStringView value);

const QList<Rule> &rules()
{
    static const QList<Rule> list = [] {
        // Unquoted, a value ends at a space, a quote, the end of a code span or an HTML tag.
        const QString value = QStringLiteral("(\"[^\"]*\"|'[^']*'|[^\\s\"'`<;&),]+)");
        // What a password looks like in prose: a word of four or more characters with a letter
        // and a digit ("hunter2", "Headl1ne-Pw-77"), not "reset" or "authentication". It ends
        // at a tag: "<summary>Password:hunter2</summary>".
        const QString shapedBody = QStringLiteral("(?=[^\\s`'\",;)<]*[A-Za-z])(?=[^\\s`'\",;)<]*[0-9])[^\\s`'\",;)<]{3,}[^\\s`'\",;)<.:!?]");
        const QString shaped = QLatin1Char('(') + shapedBody + QLatin1Char(')');
        // A single word alone in a code span ("the password is `relaydev`"): the span marks it as
        // the value, whatever its shape.
        const QString codeWord = QStringLiteral("(?<=[`>])[^\\s`<]+(?=`|</code>)");
        // A header's value: to the last character before a quote or the line's end that is no
        // space. Taken whole, then given back to that character, so that PCRE reads a line of
        // spaces once (a lazy value followed by `\s*` read it again for each character).
        const QString headerValue = QStringLiteral("((?>[^\"'\\r\\n]*[^\"'\\s]))");
        // A key's value: words to the end of the line, a quote, a tag or a " #" comment, a run of
        // spaces taken only when a word follows it, or one of `keepSpacesBefore`.
        const auto words = [](QLatin1StringView keepSpacesBefore) {
            return QStringLiteral("((?>[^\"'\\s<](?:[^\"'\\s<]|[ \\t\\x0b\\x0c]++(?=[^\"'\\s<#]))*+(?:[ \\t\\x0b\\x0c]++(?=[%1]))?))").arg(keepSpacesBefore);
        };
        // Bold or a closing tag on either side of a label's colon: **Password:**, <b>Password</b>:
        const QString closing = QStringLiteral("(?:\\*{1,2}|__|</(?:b|strong|em|i)>)?");
        QList<Rule> r;
        // scheme://user:password@host
        r.append({QRegularExpression(QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@\"']*:)([^@\\s/\"']+)(@)")), UserInfoUrl});
        // …and without a scheme: Go's DSN (user:password@tcp(host:port)/db), a .pgpass line
        // (host:port:database:user:password; not a time, whose host would be a number).
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'`=(>])[^\\s\"'`:/@()]+:)([^\\s\"'`@]+)(@(?:tcp6?|udp|unix)\\()")), DsnFields});
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'`>])(?=[^\\s\"'`:]*[A-Za-z.*])[^\\s\"'`:]+:[0-9]{1,5}:(?![0-9]+:)[^\\s\"'`:]+:[^\\s\"'`:]+:)"
                                                    "([^\\s\"'`:<]+)(?![^\\s\"'`<])")),
                  DsnFields});
        // Authorization: Bearer xxx (the scheme stays), Cookie: a=b, X-Api-Key: xxx
        r.append({QRegularExpression(QStringLiteral("((?:proxy-)?authorization\\s*+:\\s*+(?:bearer|basic|token|digest)?\\s*+)") + headerValue
                                         + QStringLiteral("(\\s*[\"']|\\s*$)"),
                                     Option::CaseInsensitiveOption | Option::MultilineOption),
                  Header, {}, true, nullptr, [](QStringView text) { return containsCaseless(text, "authorization"); }});
        // The same written as an assignment: PowerShell's @{Authorization="Bearer …"}, Python's
        // headers={'Authorization': 'Bearer …'}, JSON's "Authorization": "Bearer …"
        r.append({QRegularExpression(QStringLiteral("(authorization['\"]?\\s*[:=]\\s*['\"](?:bearer|basic|token|digest)?\\s*)([^'\"\\r\\n]+)(['\"])"),
                                     Option::CaseInsensitiveOption),
                  AuthName, {}, true});
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'=`>])(?:set-)?cookie\\s*+:\\s*+)") + headerValue + QStringLiteral("(\\s*[\"']|\\s*$)"),
                                     Option::CaseInsensitiveOption | Option::MultilineOption),
                  Header, {}, true, nullptr, [](QStringView text) { return containsCaseless(text, "cookie"); }});
        // An error code is not a header: ERR_AUTH_001, ERR_TOKEN_EXPIRED (no ERR_/ER_ start, no
        // segment of digits after the keyword).
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'=`>])(?!(?:proxy-)?authorization\\b)(?!err?[-_])(?:[A-Za-z0-9]+[-_])*(?:api-?key|apikey|key|token|secret|"
                                                    "password|passwd|passphrase|auth|(?<=[-_])pwd)(?:[-_](?!\\d+\\b)[A-Za-z0-9]+)*[ \\t]*:[ \\t]+(?:<code>)?)")
                                         + words(QLatin1StringView("<")) + QStringLiteral("(\\s*[\"']|\\s*$|(?=<)|(?=\\s+#))"),
                                     Option::CaseInsensitiveOption | Option::MultilineOption),
                  Header, {}, false, nullptr, [](QStringView text) { return mayNameKeyBeforeColon(text, startsWithSpace); }});
        // A header written without a space: X-Auth-Token:abc, X-Api-Key:abc (a hyphenated name;
        // "auth:2024.06.3" is an image's tag).
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'=`>])(?:[A-Za-z0-9]+-)+(?:[A-Za-z0-9]+-)*(?:api-?key|key|token|secret|auth)"
                                                    "(?:-[A-Za-z0-9]+)*:)([^\"'\\s<:][^\"'\\s<]*)"),
                                     Option::CaseInsensitiveOption),
                  TightHeader});
        // The same in quotes (YAML, .env): password: "…", DB_PASSWORD: '…'
        for (const char *quote : {"\"", "'"}) {
            r.append({QRegularExpression(QStringLiteral("((?:^|[\\s`>])(?!err?[-_])(?:[A-Za-z0-9]+[-_])*(?:api-?key|apikey|key|token|secret|"
                                                        "password|passwd|auth|(?<=[-_])pwd)(?:[-_](?!\\d+\\b)[A-Za-z0-9]+)*[ \\t]*:[ \\t]*%1)([^%1\\r\\n]+)(%1)")
                                             .arg(QLatin1StringView(quote)),
                                         Option::CaseInsensitiveOption | Option::MultilineOption),
                      QuotedHeader, {}, false, nullptr,
                      *quote == '"' ? mayNameQuotedKey<u'"'> : mayNameQuotedKey<u'\''>});
        }
        // camelCase keys: postgresPassword: …, secretKey: "…", apiToken: … (a keyword glued on
        // with a capital; "monkey" is no key). As above, a sentence, a reference or a
        // placeholder after the colon is no value.
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s\"'`>])(?:[a-z][A-Za-z0-9]*(?:Password|Passwd|Pwd|Secret|Passphrase)|(?:[a-z][A-Za-z0-9]*)?"
                                                    "(?:api|Api|access|Access|secret|Secret|private|Private|auth|Auth|bearer|Bearer|refresh|Refresh|client|Client|session|Session)(?:Key|Token))"
                                                    "[ \\t]*:[ \\t]+[\"']?)")
                                         + words(QLatin1StringView("<\"'")) + QStringLiteral("([\"']|\\s*$|(?=<)|(?=\\s+#))"),
                                     Option::MultilineOption),
                  CamelKey, {}, false, nullptr, mayNameCamelKeyBeforeColon});
        // XML: <password>…</password>, and NuGet's <add key="ClearTextPassword" value="…" />
        r.append({QRegularExpression(QStringLiteral("(<(?:password|passwd|passphrase)>)([^<]+)(</)"), Option::CaseInsensitiveOption), PasswordWord,
                  {QLatin1StringView("<password"), QLatin1StringView("<Password"), QLatin1StringView("<PASSWORD"), QLatin1StringView("<passwd"),
                   QLatin1StringView("<passphrase")}});
        r.append({QRegularExpression(QStringLiteral("(key=\"[^\"]*(?:Password|Token|Secret)\"\\s+value=\")([^\"]+)(\")"), Option::CaseInsensitiveOption),
                  PasswordWord, {QLatin1StringView("key=\"")}});
        // JSON: "password": "…", "api_key":"…"
        r.append({QRegularExpression(QStringLiteral("(\"[A-Za-z0-9_-]*(?:api-?key|apikey|key|token|secret|password|passwd|auth)"
                                                    "[A-Za-z0-9_-]*\"\\s*:\\s*\")([^\"\\r\\n]+)(\")"),
                                     Option::CaseInsensitiveOption),
                  Json});
        // NAME_PASSWORD=…, export API_TOKEN=…, REDISCLI_AUTH=…
        // The name may be dotted (helm's --set auth.token=…) and the assignment quoted as an
        // argument (terraform's -var "db_password=…", ansible's --extra-vars '…_pass=…').
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s;`>(:{\"'])(?:export\\s+)?(?:[A-Za-z_][A-Za-z0-9_.]*)?(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|AUTH|"
                                                    "API_KEY|APIKEY|ACCESS_KEY|ACCESSKEY|ACCOUNTKEY|PRIVATE_KEY|SIGNING_KEY|ENCRYPTION_KEY|MASTER_KEY)"
                                                    // …not the secret's name, user, file or lifetime: SharedAccessKeyName=, TOKEN_TTL=
                                                    "(?![A-Za-z0-9_]*?(?:NAME|USER|USERNAME|ID|FILE|PATH|URL|TTL|LENGTH|TIMEOUT|TYPE)\\s*=)"
                                                    "[A-Za-z0-9_]*\\s*=\\s*)")
                                         + value,
                                     Option::CaseInsensitiveOption),
                  Assignment});
        // JavaScript and TypeScript: const API_KEY = "…", let dbPassword: string = '…', a class's
        // field (private readonly apiKey: string = "…", #apiKey = "…"), a template literal; the name
        // ends in the credential word, after '_' or as a capital (not "monkey").
        r.append({.pattern = QRegularExpression(QStringLiteral(
                      "((?:\\b(?:const|let|var|private|public|protected|readonly|static)\\s+#?|(?<![^\\s{;])#)"
                      "(?:[A-Za-z_$][\\w$]*_(?i:password|passwd|pwd|passphrase|secret|token|key|auth)"
                      "|[A-Za-z_$][\\w$]*?[a-z0-9](?:Password|Passwd|Pwd|Passphrase|Secret|Token|Key|Auth)"
                      "|(?i:password|passwd|pwd|passphrase|secret|token))"
                      "\\s*(?::\\s*[A-Za-z_$][\\w$.]*(?:<[^>=\\n]*>)?(?:\\[\\])?\\s*)?=\\s*)"
                      "(\"[^\"\\r\\n]+\"|'[^'\\r\\n]+'|`[^`$\\r\\n]+`)")),
                  .needs = Declaration});
        // A key/value table's row, whose first cell ends with the credential's name: | DB_PASSWORD
        // | value | (not | PASSWORD_FILE | or | auth_failed |).
        r.append({.pattern = QRegularExpression(QStringLiteral("(^[ \\t]*\\|[ \\t]*[`*]*(?:[A-Za-z0-9]+[-_. ])*"
                                                               "(?:[A-Za-z0-9]*(?:password|passwd|pwd|passphrase|secret|token|api-?key|apikey)|key|auth)"
                                                               "[`*]*[ \\t]*\\|[ \\t]*`?)([^|`\\s](?:[^|`\\r\\n]*[^|`\\s])?)(?=`?[ \\t]*(?:\\||$))"),
                                                Option::CaseInsensitiveOption | Option::MultilineOption),
                  .needs = TableKey,
                  .refuses = isNoKeyCellValue});
        // redis-cli -a PASSWORD (and its forks'); elsewhere -a means "all" (`docker ps -a`).
        r.append({QRegularExpression(QStringLiteral("(\\b(?:redis|keydb|valkey)-(?:cli|benchmark)\\b[^\\n]*?\\s-a(?:\\s+|=))") + value), OptionA,
                  {QLatin1StringView("redis-"), QLatin1StringView("keydb-"), QLatin1StringView("valkey-")}});
        // docker login -p PASSWORD (podman's, nerdctl's too; az login's service principal)
        r.append({QRegularExpression(QStringLiteral("(\\b(?:docker|podman|nerdctl|az)\\s+login\\b[^\\n]*?\\s-p\\s+)") + value), OptionPSpaced,
                  {QLatin1StringView("login")}});
        // mysql -pPASSWORD: the password against the option (with a space, -p prompts for it).
        r.append({QRegularExpression(QStringLiteral("(\\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\n]*?\\s-p)"
                                                    "(\"[^\"]*\"|'[^']*'|[^\\s\"'`]+)")),
                  OptionP, {QLatin1StringView("mysql"), QLatin1StringView("mariadb")}});
        // …and any long option whose name ends in one ("--master-user-password", "--client-secret");
        // a value starting with '-' is the next option ("--no-password -h db").
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)(?:--pass|--oauth2-bearer|--api-key|--cookie|"
                                                    "--(?!no-|skip-|disable-|disabled-|without-)(?:[A-Za-z0-9]+-)*(?:password|passwd|secret|token))(?:[ \\t]+|=))"
                                                    "(\"[^\"]*\"|'[^']*'|[^\\s\"'-][^\\s\"']*)")),
                  LongOption, {}, false, isWellKnownFlagValue});
        // Go's flags take one dash: consul … -token=…, nomad … -token=…
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)-(?:[A-Za-z0-9]+-)*(?:token|password|passwd|secret)=)") + value), Assignment,
                  {QLatin1StringView("-token="), QLatin1StringView("-password="), QLatin1StringView("-passwd="), QLatin1StringView("-secret=")}, false,
                  isWellKnownFlagValue});
        // Windows: cmdkey /pass:…, /password: of others
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)/pass(?:word)?:)(\"[^\"]*\"|[^\\s\"]+)"), Option::CaseInsensitiveOption), Header,
                  {QLatin1StringView("/pass"), QLatin1StringView("/PASS"), QLatin1StringView("/Pass")}});
        // aws configure set [profile.NAME.]aws_secret_access_key SECRET (and a session token)
        r.append({.pattern = QRegularExpression(QStringLiteral("(\\baws\\s+configure\\s+set\\s+(?:[\\w-]+\\.)*aws_(?:secret_access_key|session_token)\\s+)") + value),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("aws_")},
                  .refuses = isArgumentPlaceholder});
        // OpenSSL's -passin/-passout pass:PASSWORD (env:, file: and fd: name where it is)
        r.append({QRegularExpression(QStringLiteral("(\\s-pass(?:in|out)\\s+pass:)") + value), Header, {QLatin1StringView("pass:")}});
        // htpasswd -b FILE USER PASSWORD: in batch mode the password is the last argument
        // (without -b, htpasswd asks for it).
        r.append({QRegularExpression(QStringLiteral("(\\bhtpasswd\\s+(?=(?:-[A-Za-z]+\\s+)*-[A-Za-z]*b)(?:-[A-Za-z]+\\s+)+[^\\s-]\\S*\\s+[^\\s-]\\S*\\s+)") + value),
                  PasswordWord, {QLatin1StringView("htpasswd")}});
        // echo "PASSWORD" | docker login --password-stdin (a variable or a file is no value: isMask())
        r.append({QRegularExpression(QStringLiteral("(\\b(?:echo|printf)\\s+(?:-n\\s+)?)(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s|\"']+)(\\s*\\|[^|\\n]*\\s--password-stdin\\b)")),
                  PasswordWord, {QLatin1StringView("--password-stdin")}});
        // curl -b takes a cookie; other tools use -b for other things (kcat's broker).
        r.append({QRegularExpression(QStringLiteral("(\\bcurl\\b[^\\n]*?\\s-b\\s+)") + value), OptionB});
        // curl -u user:password, --user user:password, --proxy-user user:password
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)-u(?:\\s+|=)[\"']?[^\\s:\"'/]+:)([^\\s\"'@]+)")), OptionU, {}, false, nullptr, mayPassUserPassword});
        r.append({QRegularExpression(QStringLiteral("((?:^|\\s)(?:--user|--proxy-user|--auth)(?:\\s+|=)[\"']?[^\\s:\"'/]+:)([^\\s\"'@]+)")), LongUser});
        // httpie and xh: http -a user:password (elsewhere -a means "all")
        r.append({QRegularExpression(QStringLiteral("((?:^|[\\s;&|(`])(?:https?|xhs?)\\s(?:[^\\n]*?\\s)?-a(?:\\s+|=)[\"']?[^\\s:\"'/]+:)([^\\s\"'@]+)")), OptionA,
                  {QLatin1StringView("http"), QLatin1StringView("xh")}});
        // Commands that take a credential as an argument. vault login TOKEN: its first argument
        // is the token, whatever its shape, where the command starts a line, a code span, a
        // pipeline (after a prompt) or what a container runs after "--"; anywhere with a token's
        // shape (a digit or a dot: s.…, hvs.…). Not "Run vault login first", nor an argument
        // after -method=.
        // What runs a command for another stands before it as well: sudo or doas and their
        // options ("sudo -u vault vault login"), env and assignments, time, exec, nohup.
        const QString runner = QStringLiteral("(?:(?:sudo|doas|env|time|exec|nohup|command)(?:[ \\t]+-[A-Za-z-]+(?:=[^\\s`]*|[ \\t]+(?!-)[^\\s`;&|]+)?)*"
                                              "[ \\t]+|[A-Za-z_][A-Za-z0-9_]*=[^\\s`;&|]*[ \\t]+)*");
        const QString commandStart = QStringLiteral("(?:^|(?<=[`;&|(])|(?<=\\s--[ \\t]))[ \\t]*(?:[$#>][ \\t]+)?") + runner;
        const QString loginFlags = QStringLiteral("[ \\t]+login[ \\t]+(?:-[A-Za-z-]+(?:=\\S*)?[ \\t]+)*");
        r.append({.pattern = QRegularExpression(QStringLiteral("((?:%1vault|\\bvault(?=%2[^\\s=\"'`]*[0-9.]))%2)([^\\s=\"'`\\\\-][^\\s=\"'`]*)(?![^\\s\"'`])")
                                                    .arg(commandStart, loginFlags),
                                                Option::MultilineOption),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("vault")},
                  .refuses = isNoVaultToken});
        // consul and nomad take -token with a space too: consul members -token TOKEN
        r.append({.pattern = QRegularExpression(QLatin1Char('(') + commandStart + QStringLiteral("(?:consul|nomad)[ \\t][^\\n`]*?[ \\t]-token[ \\t]+)") + value,
                                                Option::MultilineOption),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("consul"), QLatin1StringView("nomad")},
                  .refuses = isNoTokenArgument});
        // keytool -storepass PASSWORD, -keypass, and -importkeystore's -srcstorepass/-deststorepass
        // ("-storepass:env VAR" and "-storepass:file F" name where it is).
        r.append({.pattern = QRegularExpression(QStringLiteral("((?:^|\\s)-(?:src|dest)?(?:store|key)pass[ \\t]+)") + value),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("pass ")},
                  .refuses = isArgumentPlaceholder});
        // rabbitmqctl add_user NAME PASSWORD, change_password NAME PASSWORD
        r.append({.pattern = QRegularExpression(QStringLiteral("(\\brabbitmqctl\\b[^\\n]*?\\s(?:add_user|change_password)[ \\t]+(?:\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s\"']+)[ \\t]+)")
                                                    + value),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("rabbitmqctl")},
                  .refuses = isArgumentPlaceholder});
        // fish: set -x DB_PASSWORD value (-gx, -Ux, …): fish's export, a name before its value.
        // The credential's word is the name's or one of its parts ("COMPASS_URL" names none), and
        // not before what names no value ("DB_PASSWORD_FILE").
        r.append({.pattern = QRegularExpression(QStringLiteral("((?:^|[\\s;`(])set[ \\t]+-[gUlu]*x[gUlu]*[ \\t]+(?:[A-Za-z0-9]+_)*"
                                                               "(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|AUTH|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY)"
                                                               "(?:_(?!(?:NAME|USER|USERNAME|ID|FILE|PATH|URL|TTL|LENGTH|TIMEOUT|TYPE)\\b)[A-Za-z0-9]+)*[ \\t]+)")
                                                    + value,
                                                Option::CaseInsensitiveOption),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("set")},
                  .refuses = isArgumentPlaceholder});
        // MinIO's client: mc alias set NAME URL ACCESS_KEY SECRET_KEY (mc config host add, before)
        r.append({.pattern = QRegularExpression(QStringLiteral("(\\bmc\\s+(?:alias\\s+set|config\\s+host\\s+add)\\s+\\S+\\s+\\S+\\s+\\S+\\s+)") + value),
                  .needs = CommandArg,
                  .words = {QLatin1StringView("mc alias"), QLatin1StringView("mc config")},
                  .refuses = isArgumentPlaceholder});
        // net use \\server\share PASSWORD /user:NAME, or … /user:NAME PASSWORD ("*" asks for it)
        for (const char *before : {"\\bnet\\s+use\\s+(?:[A-Za-z]:\\s+)?\\\\\\\\\\S+\\s+", "\\bnet\\s+use\\b[^\\n]*?\\s/user:\\S+\\s+"}) {
            r.append({.pattern = QRegularExpression(QLatin1Char('(') + QLatin1StringView(before) + QStringLiteral(")(\"[^\"]*\"|[^\\s/*\"][^\\s\"]*)"),
                                                    Option::CaseInsensitiveOption),
                      .needs = CommandArg,
                      // The command's second word in the cases it is written in: "net  use" and
                      // "NET use" are the same command.
                      .words = {QLatin1StringView("use"), QLatin1StringView("USE"), QLatin1StringView("Use")},
                      .refuses = isArgumentPlaceholder});
        }
        // PowerShell: ConvertTo-SecureString "…" -AsPlainText, or "…" | ConvertTo-SecureString -AsPlainText
        const QString literal = QStringLiteral("(\"[^\"\\r\\n]*\"|'[^'\\r\\n]*')");
        for (const QString &pattern : QStringList{QStringLiteral("(ConvertTo-SecureString(?:\\s+-(?:AsPlainText|Force)\\b)*\\s+(?:-String\\s+)?)") + literal,
                                       QStringLiteral("()") + literal + QStringLiteral("(\\s*\\|\\s*ConvertTo-SecureString)")}) {
            r.append({.pattern = QRegularExpression(pattern, Option::CaseInsensitiveOption),
                      .needs = CommandArg,
                      .words = {QLatin1StringView("SecureString"), QLatin1StringView("securestring")}});
        }
        // libpq connection strings: password=secret
        r.append({QRegularExpression(QStringLiteral("(\\bpassword\\s*=\\s*)") + value, Option::CaseInsensitiveOption), Password | Assignment});
        // ?api_key=…&token=…
        r.append({QRegularExpression(QStringLiteral("([?&][A-Za-z0-9_-]*(?:api_?key|apikey|key|token|auth|password|secret|sig|signature)=)([^&\\s\"'#]+)"),
                                     Option::CaseInsensitiveOption),
                  Query});
        // Tokens known by their shape: GitHub, Slack, OpenAI, Stripe, GitLab, Docker Hub, npm, Vault.
        r.append({QRegularExpression(QStringLiteral("()(\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}"
                                                    "|sk-(?:proj-)?[A-Za-z0-9_-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|glpat-[A-Za-z0-9_-]{20,}"
                                                    "|dckr_pat_[A-Za-z0-9_-]{10,}|npm_[A-Za-z0-9]{30,}|hv[sbr]\\.[A-Za-z0-9_-]{20,}))")),
                  KnownToken});
        // A private key's body, between its BEGIN and END lines (or to the end of the text).
        r.append({QRegularExpression(QStringLiteral("(-----BEGIN [A-Z ]*PRIVATE KEY-----[ \\t]*\\r?\\n)((?:[A-Za-z0-9+/=]{4,}[ \\t]*\\r?\\n)*[A-Za-z0-9+/=]{4,})")),
                  PrivateKey});
        // A password named in prose: "with password Headl1ne-Pw-77", "pwd: x1y2", "the
        // password is hunter2", "password `Qu3ue2`", "user `admin`, password `grafana`"; a label in bold or a tag, as in a summary
        // or a footnote: "**Password:** hunter2", "__Password__: hunter2", "Password: <code>…".
        r.append({QRegularExpression(QStringLiteral("((?:(?:\\b|(?<=__))(?:password|passwd|pwd|passphrase)") + closing + QStringLiteral("(?:\\s+is|\\s*[:=])")
                                         + closing
                                         + QStringLiteral("\\s*|\\b(?:with|and|use|using|enter|type)\\s+(?:the\\s+)?(?:password|passwd|passphrase)\\s+"
                                                          "|(?<=, )(?:password|passwd)\\s+)(?:`|<code>)?)(")
                                         + codeWord + QLatin1Char('|') + shapedBody + QLatin1Char(')'),
                                     Option::CaseInsensitiveOption),
                  PasswordWord, {}, false, isNoPasswordInProse, mayNamePasswordInProse});
        // …and a token, an API key, a secret or an access key labelled so: "**Token:** abc123XYZ",
        // "**API key**: …", "<b>Secret:</b> …". Only in bold or a tag, and with the same shape:
        // "token: …" is a key's rule, "**Token:** the one from the dashboard" is prose, and
        // "**Secret:** `kv/data/app1`" names where a secret is kept.
        r.append({QRegularExpression(QStringLiteral("((?:\\*\\*|__|<(?:b|strong|em|i)>)(?:[A-Za-z]+[ _-]){0,2}"
                                                    "(?:token|secret|secret[ _-]?key|api[ _-]?key|access[ _-]?key)")
                                         + closing + QStringLiteral("\\s*:") + closing + QStringLiteral("\\s*(?:`|<code>)?)") + shaped,
                                     Option::CaseInsensitiveOption),
                  BoldLabel, {}, false, isSecretPath});
        // "The API key is `sk-…`", "the token was `tok_…`": a credential named in prose, its
        // value the one word of the code span after "is" or "was" ("the token is stored in
        // `~/.vault-token`" puts more between); a password so named is the prose password
        // rule's. Not a key or a secret alone: "the config key is `spring.datasource.url`" and
        // "the secret is `payments-db`" (a Kubernetes secret's name) name no value.
        r.append({.pattern = QRegularExpression(QStringLiteral("(\\b(?:(?:api|access|secret|private)[ _-]?key|(?:client|shared)[ _-]?secret|token)s?"
                                                               "[ \\t]+(?:is|was)[ \\t]+`)(") + codeWord + QLatin1Char(')'),
                                                Option::CaseInsensitiveOption),
                  .needs = ProseValue,
                  .refuses = isNoProseValue});
        // A label that names a credential and then says which one: "Token for Vault: abc123", "API
        // key for staging: q8Zr2mXa", "Password (prod): …". Prose follows such a label as often as
        // a value does ("Token for Vault: ask the platform team"), so the value must look like
        // one: a password's shape (a letter and a digit), or a single word in a code span or
        // quotes. A placeholder stays as written: "<your-token>" (no value starts with '<'),
        // "$VAULT_TOKEN" and "${TOKEN}", "xxxx", "changeme", "YOUR_TOKEN" (isMask()), a variable's
        // name in capitals (isArgumentPlaceholder()), a path in a secret store (isSecretPath()).
        r.append({.pattern = QRegularExpression(QStringLiteral("((?:^|(?<=[\\s>(*_|]))(?:token|password|passwd|passphrase|secret|api[ _-]?key|access[ _-]?key"
                                                               "|secret[ _-]?key)s?(?:[ \\t]+for[ \\t]+[^\\r\\n:`*<]{1,40}?|[ \\t]*\\([^\\r\\n():`]{1,40}\\))")
                                                    + closing + QStringLiteral("[ \\t]*:") + closing + QStringLiteral("[ \\t]*(?:`|<code>|\"|')?)((?<=[`>\"'])[^\\s`<\"']+(?=[`<\"'])|")
                                                    + shapedBody + QLatin1Char(')'),
                                                Option::CaseInsensitiveOption),
                  .needs = CredentialLabel,
                  .refuses = isNoLabelledValue});
        // A PIN: digits after a label that says PIN in capitals ("PIN: 4829", "**SIM PIN:**
        // `0000`", "Door PIN code: …", "the PIN is 4829"), or in a key/value row whose first cell
        // does ("| PIN | 482913 |"). Four to eight digits and nothing else: "PIN length: 6", "PIN:
        // 4 digits", "the PIN is 6 digits long" and "| PIN | required |" hold none.
        const QString pinLabel = QStringLiteral("(?:[A-Za-z]+[ \\t])?PIN(?:[ \\t][Cc]ode)?");
        const QString pinDigits = QStringLiteral("([0-9]{4,8})(?![0-9A-Za-z_]|[.,:-][0-9A-Za-z])");
        r.append({QRegularExpression(QStringLiteral("((?:^|(?<=[\\s>(*_|]))") + pinLabel + closing + QStringLiteral("(?:[ \\t]*:|[ \\t]+(?:is|was))") + closing
                                     + QStringLiteral("[ \\t]*(?:`|<code>)?)") + pinDigits),
                  Pin, {}, true});
        r.append({QRegularExpression(QStringLiteral("(^[ \\t]*\\|[ \\t]*[`*]*") + pinLabel + QStringLiteral("[`*]*[ \\t]*\\|[ \\t]*`?)([0-9]{4,8})(?=`?[ \\t]*(?:\\||$))"),
                                     Option::MultilineOption),
                  Pin, {}, true});
        // SQL: CREATE ROLE … PASSWORD '…', ALTER USER … WITH PASSWORD '…', IDENTIFIED BY '…'
        r.append({QRegularExpression(QStringLiteral("(\\bPASSWORD\\s+)('[^'\\r\\n]*')"), Option::CaseInsensitiveOption), PasswordWord, {}, false, nullptr, mayQuotePassword});
        r.append({QRegularExpression(QStringLiteral("(\\bIDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?BY\\s+)('[^'\\r\\n]*')"), Option::CaseInsensitiveOption),
                  Identified, {}, false, nullptr, [](QStringView text) { return containsCaseless(text, "identified"); }});
        // Redis: AUTH …, requirepass …, masterauth … (with a password's shape: "AUTH failed" is prose)
        r.append({QRegularExpression(QStringLiteral("(\\b(?:AUTH(?:\\s+[A-Za-z0-9_-]+)??|requirepass|masterauth)\\s+)") + shaped), RedisAuth, {}, false, nullptr,
                  [](QStringView text) {
                      return containsWordStart(text, "auth") || text.contains(QLatin1StringView("requirepass"))
                             || text.contains(QLatin1StringView("masterauth"));
                  }});
        // Oracle: sqlplus user/password@db
        r.append({QRegularExpression(QStringLiteral("(\\bsqlplus\\s+(?:-[SsLl]\\s+)*[A-Za-z0-9_$#]+/)([^@\\s/]+)")), SqlPlus});
        // sshpass -p PASSWORD, sqlcmd/bcp -P PASSWORD
        r.append({QRegularExpression(QStringLiteral("(\\bsshpass\\s+-p\\s*)") + value), AnyP, {QLatin1StringView("sshpass")}});
        r.append({QRegularExpression(QStringLiteral("(\\b(?:sqlcmd|bcp|osql)\\b[^\\n]*?\\s-P\\s*)") + value), OptionBigP,
                  {QLatin1StringView("sqlcmd"), QLatin1StringView("bcp"), QLatin1StringView("osql")}});
        // Webhook URLs whose path is the secret, and a DSN's key before its @.
        r.append({QRegularExpression(QStringLiteral("(https?://(?:hooks\\.slack\\.com/services/|discord(?:app)?\\.com/api/webhooks/))([A-Za-z0-9_/-]+)")),
                  KnownToken});
        r.append({QRegularExpression(QStringLiteral("(https?://)([0-9a-f]{20,})(@)")), KnownToken});
        // AWS access key ids and Google API keys
        r.append({QRegularExpression(QStringLiteral("()(\\b(?:AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,})\\b)")), KnownToken});
        // A bare JWT: header.payload.signature, the header always starting with eyJ.
        r.append({QRegularExpression(QStringLiteral("()(eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*)")), Jwt});
        return r;
    }();
    return list;
}

// "ACCESS_TOKEN_TTL=3600": a lifetime, a length, a count. (A password of digits alone is
// rarer in a guide than these settings.)
bool isSmallNumber(QStringView v)
{
    return !v.isEmpty() && v.size() <= 6 && std::all_of(v.begin(), v.end(), [](QChar c) { return c.isDigit(); });
}

// Words prose is made of ("the", "or", "with", …): after a key's colon or an option they
// start a sentence, not a value.
bool isFunctionWord(QStringView v)
{
    static constexpr std::string_view words[] = {
        "a",   "an",  "and",  "are", "as",  "be",   "but",  "by",   "can",   "check", "do",    "does", "for",   "from",
        "has", "have", "how", "if",  "in",  "is",   "it",   "its",  "may",   "must",  "not",   "of",   "on",    "or",
        "see", "set", "should", "so", "that", "the", "then", "there", "these", "they", "this", "those", "to", "use",
        "was", "we",  "were", "what", "when", "which", "while", "why", "will", "with", "you",
    };
    const AsciiFold<8> word(v);
    return word.complete() && std::find(std::begin(words), std::end(words), word.view()) != std::end(words);
}

// "postgresql://user:password@localhost": the word itself stands for the value.
bool isPlaceholderWord(QStringView v)
{
    for (const char *word : {"password", "passwd", "pass", "pwd", "secret", "token", "changeme", "xxx", "xxxx", "xxxxxx", "redacted"}) {
        if (v.compare(QLatin1StringView(word), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Code that assigns a credential from somewhere else: a call (`getRefreshToken();`,
// `os.environ["DB_PASSWORD"]`, `config.get('apiKey')`), a keyword (`async () => …`, `None`), the
// environment whatever the variable's name (`process.env.GH_PAT`, with TypeScript's `!` after
// it), or a variable named for it (`refresh_token: refreshToken`, `password=settings.dbPassword`).
// A literal has none of these shapes: "s3cr3t", "dev-token-123", "Prod-Pa55word!".
bool isCodeReference(QStringView v)
{
    if (v.contains(QLatin1Char('(')) || v.contains(QLatin1Char('[')))
        return true;
    qsizetype end = 0;
    while (end < v.size() && (v.at(end).isLetterOrNumber() || v.at(end) == QLatin1Char('_') || v.at(end) == QLatin1Char('.')))
        ++end;
    const QStringView word = v.left(end);
    if (end < v.size() && !QStringView(u",;!").contains(v.at(end)) && !v.at(end).isSpace())
        return false;
    if (word.startsWith(QLatin1String("process.env.")) || word.startsWith(QLatin1String("import.meta.env.")))
        return true;
    for (const char *keyword : {"async", "await", "function", "new", "null", "undefined", "None", "nil", "lambda"}) {
        if (word == QLatin1StringView(keyword))
            return true;
    }
    // camelCase or dotted, ending in what it names: refreshToken, config.apiKey, settings.dbPassword.
    const bool camel = !word.isEmpty() && word.front().isLower()
                       && std::any_of(word.begin(), word.end(), [](QChar c) { return c.isUpper(); });
    const bool dotted = word.contains(QLatin1Char('.')) && !word.endsWith(QLatin1Char('.')) && word.front().isLetter();
    if (!camel && !dotted)
        return false;
    for (const char *tail : {"token", "secret", "password", "passwd", "key", "auth"}) {
        if (word.endsWith(QLatin1StringView(tail), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool isMask(QStringView value)
{
    QStringView v = value;
    if (v.size() >= 2 && (v.front() == QLatin1Char('"') || v.front() == QLatin1Char('\'')))
        v = v.mid(1, v.size() - 2);
    // The end of a code span the value sits in: "`export DB_PASSWORD=...`".
    while (v.endsWith(QLatin1Char('`')))
        v.chop(1);
    // Already masked ("****", "Bearer ****"), a variable ($TOKEN) or a placeholder (<token>,
    // YOUR_KEY, your-token, "...", "…").
    const bool elided = !v.isEmpty() && std::all_of(v.begin(), v.end(), [](QChar c) { return c == QLatin1Char('.') || c == QChar(0x2026); });
    return elided || v.endsWith(SecretRedaction::mask()) || v.contains(QLatin1Char('$')) || v.startsWith(QLatin1Char('<'))
           || v.startsWith(QLatin1Char('{')) // a template's field: f"{e}", {{ .Values.password }}
           || v.startsWith(QLatin1Char('#')) || v.contains(QLatin1String(".md#")) // a link: auth_failed: "#check-…"
           || v.startsWith(QLatin1Char('/')) || v.startsWith(QLatin1String("./")) || v.startsWith(QLatin1String("~/")) // a file: PASSWORD_FILE=/run/secrets/pg
           || isSmallNumber(v) // a setting: ACCESS_TOKEN_TTL=3600, MAX_PASSWORD_LENGTH=128
           || isFunctionWord(v)
           || v.startsWith(QLatin1String("your"), Qt::CaseInsensitive) || isPlaceholderWord(v) || isCodeReference(v);
}

// "Export the password: `export DB_PASSWORD=…`": after a name and a colon in prose, an
// assignment to a variable, in a code span or not (a title loses the backticks), is a command
// to run, not the secret; the assignment rule reads the value inside it. Anything else after
// the colon stays masked: "Default password: `correct horse battery`" is a secret.
bool isCommandSpan(QStringView value)
{
    QStringView v = value.trimmed();
    if (v.startsWith(QLatin1Char('`')))
        v = v.mid(1);
    if (v.startsWith(QLatin1String("export "), Qt::CaseInsensitive))
        return true;
    qsizetype i = 0;
    while (i < v.size() && (v.at(i).isUpper() || v.at(i).isDigit() || v.at(i) == QLatin1Char('_')))
        ++i;
    return i > 0 && i < v.size() && v.at(i) == QLatin1Char('=');
}

// "Access denied for user 'app' (using password: YES)": MySQL says whether a password was
// sent; "password: none" says there is none. Such a word is no secret.
bool isAnswer(QStringView value)
{
    // Its first word, whatever follows it on the line ("YES)` after the upgrade.").
    QStringView v = value.trimmed();
    qsizetype end = 0;
    while (end < v.size() && v.at(end).isLetter())
        ++end;
    if (end < v.size() && !v.at(end).isSpace() && v.at(end) != QLatin1Char(')') && v.at(end) != QLatin1Char('.')
        && v.at(end) != QLatin1Char(',') && v.at(end) != QLatin1Char('`') && v.at(end) != QLatin1Char(';'))
        return false; // "yes123", "no-reply": a word of its own only
    // The word and nothing after it but punctuation ("bearer", "string;"), or more words.
    // …or by its initializer: "apiKey: string = readKey();".
    const bool whole = end == v.size() || QStringView(u",;)`").contains(v.at(end)) || v.sliced(end).trimmed().startsWith(QLatin1Char('='));
    v = v.left(end);
    for (const char *word : {"yes", "no", "true", "false", "none"}) {
        if (v.compare(QLatin1StringView(word), Qt::CaseInsensitive) == 0)
            return true;
    }
    // …and a scheme or a mode ("auth: bearer", "auth: password" in a check block) names no
    // value, nor does how one is set ("| API_TOKEN | automatic |") or a type ("def
    // verify(token: str)", "apiKey: string;"), when it is all there is: "Bearer abcdef123" is a
    // token.
    for (const char *word : {"password", "bearer", "basic", "digest", "required", "optional", "enabled", "disabled", "on", "off", "automatic",
                             "generated", "str", "string", "int", "bool", "bytes", "dict", "any", "number"}) {
        if (whole && v.compare(QLatin1StringView(word), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// "The API never saw a token: the client did not attach it", "Vault token: ask the platform
// team": after the colon, prose. A value does not open with one of these words and go on, nor
// has one among its first three words of letters ("stored in the vault", "managed by SRE");
// "correct horse battery staple" has none, and a value in quotes or code is a value.
bool isSentence(QStringView value)
{
    const QStringView v = value.trimmed();
    qsizetype start = 0;
    for (int word = 0; word < 3; ++word) {
        qsizetype end = start;
        while (end < v.size() && v.at(end).isLetter())
            ++end;
        if (end == start)
            return false;
        const bool more = end < v.size() && v.at(end) == QLatin1Char(' ');
        if ((more || word > 0) && isFunctionWord(v.sliced(start, end - start)))
            return true;
        if (!more)
            return false;
        start = end + 1;
    }
    return false;
}

// How many capitals (and '_') `value` starts with: documentation writes a placeholder so.
qsizetype capitalsAtStart(QStringView value)
{
    qsizetype end = 0;
    while (end < value.size() && ((value.at(end) >= QLatin1Char('A') && value.at(end) <= QLatin1Char('Z')) || value.at(end) == QLatin1Char('_')))
        ++end;
    return end;
}

// "`source` (env:NAME, secret:KEY, file:PATH)": a name in capitals right after the colon, as
// documentation writes a placeholder, is no value.
bool isPlaceholderName(QStringView prefix, QStringView value)
{
    if (!prefix.endsWith(QLatin1Char(':')))
        return false; // "token: ABCDEF" is a value
    const qsizetype end = capitalsAtStart(value);
    return end >= 2 && (end == value.size() || !value.at(end).isLetterOrNumber());
}

// "mc alias set minio URL ACCESS_KEY SECRET_KEY": an argument that is a name in capitals.
bool isArgumentPlaceholder(QStringView, QStringView value)
{
    return value.size() >= 2 && capitalsAtStart(value) == value.size();
}

// "consul members -token anonymous": what a credential's flag takes that is no secret, and that
// the reader needs to see. Consul's and Nomad's anonymous token is called "anonymous"; "none",
// "null", "true" and "false" say there is none or switch something; "-" reads it from the
// standard input. ("<token>", "$VAR" and "${VAR}" are no value for any rule: isMask().)
bool isWellKnownFlagValue(QStringView, QStringView value)
{
    QStringView v = value;
    if (v.size() >= 2 && (v.front() == u'"' || v.front() == u'\'') && v.back() == v.front())
        v = v.sliced(1, v.size() - 2);
    for (const char *word : {"anonymous", "none", "null", "true", "false", "-"}) {
        if (v.compare(QLatin1StringView(word), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// consul's and nomad's -token: one of those, or a placeholder in capitals ("-token TOKEN").
bool isNoTokenArgument(QStringView prefix, QStringView value)
{
    return isWellKnownFlagValue(prefix, value) || isArgumentPlaceholder(prefix, value);
}

// "vault login -method=userpass username=bob": after a login method, arguments are the
// method's, not a token.
bool isNoVaultToken(QStringView prefix, QStringView value)
{
    return prefix.contains(QLatin1String("-method")) || isArgumentPlaceholder(prefix, value);
}

// "kv/data/app1", "secret/payments/db": a path in a secret store, its segments in small letters
// (a key with a slash, as AWS's secret keys have, has capitals too).
bool isSecretPath(QStringView, QStringView value)
{
    return value.contains(QLatin1Char('/')) && std::none_of(value.begin(), value.end(), [](QChar c) { return c.isUpper(); });
}

// After a label that names a credential ("Token for Vault: `VAULT_TOKEN`"): a variable's name in
// capitals, or a path in a secret store.
bool isNoLabelledValue(QStringView prefix, QStringView value)
{
    return isArgumentPlaceholder(prefix, value) || isSecretPath(prefix, value);
}

// "The token is `expired`", "the API key is `required`": a word of prose in code says what it
// is, not which. A token or a key has a digit, a capital inside it, or a sign; else as after a
// label.
bool isNoProseValue(QStringView prefix, QStringView value)
{
    const bool word = !value.isEmpty() && value.front().unicode() < 0x80 && value.front().isLetter()
                      && std::all_of(value.begin() + 1, value.end(), [](QChar c) { return c >= u'a' && c <= u'z'; });
    return word || isNoLabelledValue(prefix, value);
}

// After "password is" or a password's label in prose: a variable's name in capitals, a path in a
// secret store, a word that says there is none ("`none`").
bool isNoPasswordInProse(QStringView prefix, QStringView value)
{
    return isNoLabelledValue(prefix, value) || isWellKnownFlagValue(prefix, value);
}

// Not a value in a table's cell: empty, a placeholder, words ("90 days"), a variable's name.
bool isNoCellValue(QStringView value)
{
    const bool name = std::all_of(value.begin(), value.end(), [](QChar c) { return c.isUpper() || c.isDigit() || c == QLatin1Char('_'); });
    return value.isEmpty() || isMask(value) || value == QLatin1String("-") || value.compare(QLatin1String("n/a"), Qt::CaseInsensitive) == 0
           || value.contains(QLatin1Char(' ')) || (name && value.contains(QLatin1Char('_')));
}

// An environment variable's name in capitals that holds a credential word: DB_PASSWORD,
// API_TOKEN, AWS_SECRET_ACCESS_KEY; not KEY or AUTH alone, which head columns.
bool namesEnvironmentCredential(QStringView name)
{
    if (name.isEmpty() || !std::all_of(name.begin(), name.end(), [](QChar c) { return (c >= u'A' && c <= u'Z') || c.isDigit() || c == u'_'; }))
        return false;
    for (const char *word : {"PASSWORD", "PASSWD", "_PWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY"}) {
        if (name.contains(QLatin1StringView(word)))
            return true;
    }
    return false;
}

// …nor, in a key/value row (`prefix` holds its first cell), what has no letter and digit as a
// password has: a column's heading ("| key | meaning |", "| Token | Meaning |"), a setting's
// word ("| auth | bearer |"). An environment variable's row (| DB_PASSWORD | hunter |) holds
// its value whatever its shape, but for a type or an answer ("string", "required", "yes"), a
// name in capitals (a placeholder, a header row's "VALUE"), a shape cut short ("sk-..."), a mark
// ("✓", "x") and words in emphasis ("*automatic*"): no one writes a password in italics.
bool isNoKeyCellValue(QStringView prefix, QStringView value)
{
    const qsizetype open = prefix.indexOf(QLatin1Char('|'));
    const QStringView cell = prefix.sliced(open + 1, prefix.lastIndexOf(QLatin1Char('|')) - open - 1).trimmed();
    qsizetype from = 0, to = cell.size();
    while (from < to && (cell.at(from) == u'`' || cell.at(from) == u'*'))
        ++from;
    while (to > from && (cell.at(to - 1) == u'`' || cell.at(to - 1) == u'*'))
        --to;
    if (namesEnvironmentCredential(cell.sliced(from, to - from))) {
        const bool emphasis = value.size() >= 2 && (value.front() == u'*' || value.front() == u'_') && value.back() == value.front();
        const bool elided = value.endsWith(QLatin1String("...")) || value.endsWith(QChar(0x2026));
        // A PIN: the name says what the digits are, which a setting's number elsewhere does not.
        return value.size() < 3 || emphasis || elided || (isNoCellValue(value) && !isSmallNumber(value))
               || isArgumentPlaceholder(prefix, value) || isAnswer(value);
    }
    const bool letter = std::any_of(value.begin(), value.end(), [](QChar c) { return c.isLetter(); });
    const bool digit = std::any_of(value.begin(), value.end(), [](QChar c) { return c.isDigit(); });
    return !letter || !digit || isNoCellValue(value);
}

// The last two words of the name `prefix` ends with, before its ':', '=', quotes or a
// cell's pipe: "token_endpoint: " gives token and endpoint, "primaryKey = " primary and Key.
std::array<QStringView, 2> lastWordsOfName(QStringView prefix)
{
    const auto isWordChar = [](QChar c) { return c.unicode() < 0x80 && c.isLetterOrNumber(); };
    qsizetype end = prefix.size();
    while (end > 0 && !isWordChar(prefix.at(end - 1))) {
        // A closing tag after the name: <b>auth_method:</b>
        const qsizetype open = prefix.at(end - 1) == QLatin1Char('>') ? prefix.lastIndexOf(QLatin1Char('<'), end - 1) : -1;
        end = open >= 0 && end - open <= 10 ? open : end - 1;
    }
    std::array<QStringView, 2> words;
    for (int w = 1; w >= 0 && end > 0 && isWordChar(prefix.at(end - 1)); --w) {
        // Back to the word's start: a separator, or a capital after a small letter (camelCase).
        qsizetype start = end;
        while (start > 0 && isWordChar(prefix.at(start - 1))) {
            --start;
            if (prefix.at(start).isUpper() && start > 0 && (prefix.at(start - 1).isLower() || prefix.at(start - 1).isDigit()))
                break;
        }
        words[size_t(w)] = prefix.sliced(start, end - start);
        end = start;
        if (end > 0 && !isWordChar(prefix.at(end - 1))) {
            if (!QStringView(u"_-. ").contains(prefix.at(end - 1)))
                break;
            --end;
        }
    }
    return words;
}

// A name that holds a credential word and names something else: a key column (primary_key,
// sort_key), where a token comes from (token_endpoint, auth_url), how one is checked
// (auth_method, password_encryption).
bool namesNoCredential(QStringView prefix)
{
    static constexpr std::string_view kinds[] = {"endpoint", "url",       "uri",  "method", "methods", "mechanism", "mode",     "scheme",
                                                 "type",     "encryption", "algorithm", "plugin", "provider", "column",  "field"};
    static constexpr std::string_view keyKinds[] = {"primary", "foreign", "sort",   "partition", "hash",   "range",       "shard",
                                                    "routing", "unique",  "composite", "cache",  "public", "idempotency"};
    const auto [before, last] = lastWordsOfName(prefix);
    const AsciiFold<16> word(last);
    if (std::find(std::begin(kinds), std::end(kinds), word.view()) != std::end(kinds))
        return true;
    const AsciiFold<16> qualifier(before);
    return word == "key" && std::find(std::begin(keyKinds), std::end(keyKinds), qualifier.view()) != std::end(keyKinds);
}

// Whether what `rule` found is no credential: a variable ($TOKEN), a placeholder (<token>), an
// earlier mask; after a key's colon, prose, a command or a type; a value of a name that only
// holds a credential word.
bool isNoValue(const Rule &rule, const QRegularExpressionMatch &m, QStringView value)
{
    // A key/value row's cell is judged by isNoKeyCellValue() alone, which knows its key: digits
    // under PIN_PASSWORD are the PIN, not a setting's number; so are the digits after "PIN:".
    const bool namedDigits = (rule.needs & (TableKey | Pin)) != 0;
    if (value.trimmed().isEmpty() || (!namedDigits && isMask(value)) || (rule.refuses && rule.refuses(m.capturedView(1), value)))
        return true;
    if (rule.strict)
        return false;
    const bool inQuotes = (rule.needs & (QuotedHeader | Json)) != 0;
    if ((rule.needs & (Header | QuotedHeader | Json | CamelKey | TightHeader))
        && (isCommandSpan(value) || isAnswer(value) || (!inQuotes && isSentence(value)) || isPlaceholderName(m.capturedView(1), value)))
        return true;
    return (rule.needs & kNamedValues) && namesNoCredential(m.capturedView(1));
}

// `secret` cut where a span that `before` opened closes: a code span ("`export
// DB_PASSWORD=hunter2` in `.env`"), bold ("**password: hunter2** as written").
void endWithSpan(QStringView before, QStringView marker, QStringView *secret)
{
    if (const qsizetype close = secret->indexOf(marker); close >= 0 && before.count(marker) % 2 == 1)
        secret->truncate(close);
}

// Masks in `text` every value `rule` finds, and adds them to `secrets` when given. False, with
// `text` as it was, when PCRE gave up reading it: its backtracking limit, text that is not UTF-16.
bool maskMatches(const Rule &rule, QString *text, QStringList *secrets = nullptr)
{
    QString out;
    qsizetype copied = 0;
    qsizetype from = 0;
    auto options = QRegularExpression::NoMatchOption;
    for (;;) {
        const QRegularExpressionMatch m = rule.pattern.match(*text, from, QRegularExpression::NormalMatch, options);
        if (!m.isValid())
            return false;
        if (!m.hasMatch())
            break;
        options = QRegularExpression::DontCheckSubjectStringMatchOption; // checked by the first match
        from = std::max(m.capturedEnd(0), m.capturedStart(0) + 1);
        const QStringView value = m.capturedView(2);
        if (isNoValue(rule, m, value))
            continue;
        // Inside a code span (an odd number of backticks before the value opened it) the
        // value ends where the span does; inside bold on its line, where the bold does.
        QStringView secret = value;
        const QStringView before = QStringView(*text).left(m.capturedStart(2));
        endWithSpan(before, u"`", &secret);
        if (secret.contains(u"**") || secret.contains(u"__")) {
            const QStringView line = before.sliced(before.lastIndexOf(QLatin1Char('\n')) + 1);
            endWithSpan(line, u"**", &secret);
            endWithSpan(line, u"__", &secret);
        }
        // "grep for `Authorization: Bearer` in the log": the span holds no value at all.
        if (secret.trimmed().isEmpty())
            continue;
        const bool quoted = secret.size() >= 2 && (secret.front() == QLatin1Char('"') || secret.front() == QLatin1Char('\''))
                            && secret.back() == secret.front();
        if (secrets)
            secrets->append((quoted ? secret.sliced(1, secret.size() - 2) : secret).toString());
        out.append(QStringView(*text).mid(copied, m.capturedStart(2) - copied));
        out.append(quoted ? secret.front() + SecretRedaction::mask() + secret.back() : SecretRedaction::mask());
        copied = m.capturedStart(2) + secret.size();
    }
    if (copied > 0) {
        out.append(QStringView(*text).mid(copied));
        *text = std::move(out);
    }
    return true;
}

void maskColumns(QString *text, QList<int> *maskedLines);

// The text with every credential masked, given what features() found in it; the values
// masked by the rules added to `secrets` when given.
// Which rules masked() tries: those the scan's features, words and pre-checks allow, or every
// one (the reference the scan must agree with).
enum class Tried { AsScanned, Every };

QString masked(const QString &text, Features present, QStringList *secrets = nullptr, Tried tried = Tried::AsScanned)
{
    if (present == 0)
        return text;
    QString result = text;
    // Text that is not UTF-16 is refused by every expression, and its lines masked whole: each
    // rule that its features allow is run on it, can it match or not. Only text with a surrogate
    // can be such text, and most has none.
    const bool readable = std::none_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSurrogate(); }) || text.isValidUtf16();
    // A rule's words are looked for as its pattern reads them: a tab where it takes a space, and
    // without case where it ignores case.
    QString spaced;
    auto holdsWord = [&](const Rule &rule) {
        if (spaced.isEmpty() && result.contains(u'\t'))
            spaced = QString(result).replace(u'\t', u' ');
        const QString &words = spaced.isEmpty() ? result : spaced;
        if (!rule.pattern.patternOptions().testFlag(Option::CaseInsensitiveOption))
            return std::any_of(rule.words.cbegin(), rule.words.cend(), [&](QLatin1StringView w) { return words.contains(w); });
        return std::any_of(rule.words.cbegin(), rule.words.cend(), [&](QLatin1StringView w) {
            std::string lower(w.data(), size_t(w.size()));
            std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return char(std::tolower(uchar(c))); });
            return containsCaseless(words, lower);
        });
    };
    for (const Rule &rule : rules()) {
        if (tried == Tried::AsScanned
            && ((rule.needs & present) != rule.needs || (!rule.words.isEmpty() && !holdsWord(rule))
                || (readable && rule.mayMatch && !rule.mayMatch(result))))
            continue;
        if (maskMatches(rule, &result, secrets))
            continue;
        // PCRE gave up, and what it would have found cannot be told: each line it cannot read
        // on its own is masked whole, past its indent. A private key spans lines, so no line
        // of it reads as one: every line from a BEGIN to its END (or the text's end) is masked.
        QStringList lines = result.split(QLatin1Char('\n'));
        const bool spansLines = (rule.needs & PrivateKey) != 0;
        bool inKey = false;
        for (QString &line : lines) {
            const bool keyLine = spansLines && (inKey || line.contains(QLatin1String("-----BEGIN")));
            inKey = keyLine && !line.contains(QLatin1String("-----END"));
            if (keyLine || !maskMatches(rule, &line)) {
                qsizetype indent = 0;
                while (indent < line.size() && line.at(indent).isSpace())
                    ++indent;
                line = line.left(indent) + SecretRedaction::mask();
            }
        }
        result = lines.join(QLatin1Char('\n'));
    }
    // Last, as the rules' masks are no values: a column named for a credential.
    if (present & TableDelimiter)
        maskColumns(&result, nullptr);
    return result;
}

} // namespace

bool SecretRedaction::isCredentialName(QStringView name)
{
    for (const char *word : {"authorization", "cookie", "key", "token", "secret", "password", "passwd", "passphrase", "auth"}) {
        if (name.contains(QLatin1StringView(word), Qt::CaseInsensitive))
            return true;
    }
    // MYSQL_PWD, DB_PWD, dbPwd; not the shell's PWD and OLDPWD, which name directories.
    return name.contains(QLatin1StringView("pwd"), Qt::CaseInsensitive) && name.compare(QLatin1StringView("pwd"), Qt::CaseInsensitive) != 0
           && name.compare(QLatin1StringView("oldpwd"), Qt::CaseInsensitive) != 0;
}

QString SecretRedaction::redact(QStringView text)
{
    return redact(text.toString());
}

QString SecretRedaction::redact(const QString &text)
{
    return masked(text, text.isEmpty() ? 0 : features(text));
}

QString SecretRedaction::redactTryingEveryRule(const QString &text)
{
    return masked(text, text.isEmpty() ? 0 : ~Features(0), nullptr, Tried::Every);
}

bool SecretRedaction::redactInPlace(QString *text, QString *before, bool *mayHoldSecret)
{
    const Features present = text->isEmpty() ? 0 : features(*text);
    if (mayHoldSecret)
        *mayHoldSecret = present != 0 || saysCredentialIs(*text);
    if (present == 0)
        return false;
    QString result = masked(*text, present);
    if (result == *text)
        return false;
    if (before)
        *before = std::move(*text);
    *text = std::move(result);
    return true;
}

namespace {
// The cells of a table row, as [begin, end) offsets into `line`, without the outer pipes if it
// has them.
QList<std::pair<qsizetype, qsizetype>> tableCells(QStringView line)
{
    QList<std::pair<qsizetype, qsizetype>> cells;
    qsizetype i = 0;
    while (i < line.size() && line.at(i).isSpace())
        ++i;
    if (i >= line.size())
        return cells;
    qsizetype start = line.at(i) == QLatin1Char('|') ? i + 1 : i; // GFM's outer pipes are optional
    bool code = false;
    for (qsizetype k = start; k < line.size(); ++k) {
        const QChar c = line.at(k);
        if (c == QLatin1Char('`'))
            code = !code;
        else if (c == QLatin1Char('\\'))
            ++k;
        else if (c == QLatin1Char('|') && !code) {
            cells.append({start, k});
            start = k + 1;
        }
    }
    if (!line.sliced(start).trimmed().isEmpty())
        cells.append({start, line.size()});
    return cells;
}

// A row of a table: a line with a pipe. (GFM takes a line without one for a row of one cell;
// such a row holds no column but the first, which titles no credential.)
bool isTableRow(QStringView line)
{
    return line.contains(QLatin1Char('|'));
}

// GFM's delimiter row: cells of dashes, a colon at either end or not (| :--- | ---: |, --- | ---),
// with a pipe between them or around them. Without a pipe, "---" is a heading's underline or a
// rule.
bool isDelimiterRow(QStringView line)
{
    const QStringView t = line.trimmed();
    if (!isTableRow(t))
        return false;
    QStringView inner = t;
    if (inner.startsWith(QLatin1Char('|')))
        inner = inner.sliced(1);
    if (inner.endsWith(QLatin1Char('|')))
        inner.chop(1);
    if (inner.trimmed().isEmpty())
        return false;
    for (QStringView cell : inner.tokenize(QLatin1Char('|'))) {
        cell = cell.trimmed();
        if (cell.startsWith(QLatin1Char(':')))
            cell = cell.sliced(1);
        if (cell.endsWith(QLatin1Char(':')))
            cell.chop(1);
        if (cell.isEmpty() || !std::all_of(cell.begin(), cell.end(), [](QChar c) { return c == QLatin1Char('-'); }))
            return false;
    }
    return true;
}

// How a table's column is named for a credential.
enum class CredentialColumn {
    None,
    // Its title ends with a credential's name among other words ("Admin password", "Root
    // passwords (prod)"): a cell of words, a variable's name or a placeholder is no value.
    Named,
    // Its title is a credential's name alone, or in the plural: every cell but a placeholder is
    // a value, digits and words included ("| admin | 123456 |").
    Titled,
};

// The title of a table's column, `first` when it is the table's first: "Password",
// "Passwords", "Passwd", "Pwd", "Passphrase", "PIN" (in capitals, or "PIN code": "Pin" heads
// versions as often), "Default password", each with a qualifier in parentheses or not, title
// a column of credentials. "Token", "Secret" and "API key" do when a column before them names
// what they belong to: first, they head a glossary's terms ("| Token | Meaning |", "| `%h` |
// host |"), and there they count as Named as before. "Password policy" and "Password length"
// name no credential column at all.
CredentialColumn credentialColumn(QStringView header, bool first)
{
    QString core = header.trimmed().toString().remove(QLatin1Char('*')).remove(QLatin1Char('`'));
    if (const qsizetype paren = core.indexOf(QLatin1Char('(')); paren > 0)
        core = core.left(paren).trimmed();
    if (core == QLatin1String("PIN") || core == QLatin1String("PINs"))
        return CredentialColumn::Titled;
    core = core.toLower();
    for (const char *word : {"password", "passwords", "passwd", "pwd", "passphrase", "passphrases", "default password", "default passwords",
                             "pin code", "pin codes", "passwort", "contraseña", "mot de passe"}) {
        if (core == QLatin1StringView(word))
            return CredentialColumn::Titled;
    }
    if (!first) {
        for (const char *word : {"token", "tokens", "secret", "secrets", "api key", "api keys"}) {
            if (core == QLatin1StringView(word))
                return CredentialColumn::Titled;
        }
    }
    // "Password", "Passwords", "Password (prod)", "Admin password"; not "Secret" or "Token"
    // after other words, which head columns of names as often as of values.
    for (const char *word : {"password", "passwords", "passwort", "contraseña", "mot de passe", "passwd", "pwd", "api key", "api keys",
                             "secret key", "secret value", "passphrase"}) {
        if (core == QLatin1StringView(word) || core.endsWith(QLatin1Char(' ') + QLatin1StringView(word)))
            return CredentialColumn::Named;
    }
    return CredentialColumn::None;
}

// No value in a cell under a column titled for a credential: nothing, a dash, "n/a", "none",
// a placeholder ("<ask the DBA>"), a variable ($DB_PASSWORD, ${TOKEN}) or its name in capitals
// (`DB_PASSWORD`), a mask or an ellipsis. Anything else is the credential.
bool isNoTitledCellValue(QStringView value)
{
    if (value.isEmpty() || value.startsWith(QLatin1Char('$')) || value.endsWith(SecretRedaction::mask())
        || (value.startsWith(QLatin1Char('<')) && value.endsWith(QLatin1Char('>'))))
        return true;
    if (std::all_of(value.begin(), value.end(), [](QChar c) { return c == u'.' || c == QChar(0x2026); }))
        return true;
    if (value.contains(u'_') && std::all_of(value.begin(), value.end(), [](QChar c) { return (c >= u'A' && c <= u'Z') || c.isDigit() || c == u'_'; }))
        return true;
    for (const QStringView word : {QStringView(u"-"), QStringView(u"\u2013"), QStringView(u"\u2014"), QStringView(u"n/a"), QStringView(u"none"),
                                   QStringView(u"(none)")}) {
        if (value.compare(word, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Masks, where they are, the cells of `text` under a column named for a credential (| User |
// Password |), and notes the 0-based lines whose cells were. Text without is not copied.
void maskColumns(QString *text, QList<int> *maskedLines)
{
    struct Cell {
        qsizetype at;
        qsizetype size;
        bool code;
    };
    QList<Cell> found; // in the order of the text
    const QStringView all(*text);
    QList<QStringView> lines;
    for (QStringView l : all.tokenize(QLatin1Char('\n')))
        lines.append(l);
    QList<std::pair<qsizetype, CredentialColumn>> columns; // of the table being read
    for (qsizetype li = 0; li < lines.size(); ++li) {
        const QStringView line = lines.at(li);
        // A header row has as many cells as the delimiter row under it (GFM); a line of
        // prose with a pipe in it over a table's rule is no header.
        if (li + 1 < lines.size() && isTableRow(line) && isDelimiterRow(lines.at(li + 1))
            && tableCells(line).size() == tableCells(lines.at(li + 1)).size()) {
            columns.clear();
            const auto cells = tableCells(line);
            for (qsizetype c = 0; c < cells.size(); ++c) {
                const auto kind = credentialColumn(line.sliced(cells.at(c).first, cells.at(c).second - cells.at(c).first), c == 0);
                if (kind != CredentialColumn::None)
                    columns.append({c, kind});
            }
        } else if (!columns.isEmpty() && isTableRow(line) && !isDelimiterRow(line)) {
            const auto cells = tableCells(line);
            bool any = false;
            for (const auto &[column, kind] : std::as_const(columns)) {
                if (column >= cells.size())
                    continue;
                const auto [begin, end] = cells.at(column);
                const QStringView cell = line.sliced(begin, end - begin).trimmed();
                QStringView value = cell;
                if (value.size() >= 2 && value.startsWith(QLatin1Char('`')) && value.endsWith(QLatin1Char('`')))
                    value = value.sliced(1, value.size() - 2);
                // A number under a column named for a password is the password, not a setting.
                if (kind == CredentialColumn::Titled ? isNoTitledCellValue(value) : (isNoCellValue(value) && !isSmallNumber(value)))
                    continue;
                found.append({cell.data() - all.data(), cell.size(), cell.startsWith(QLatin1Char('`'))});
                any = true;
            }
            if (any && maskedLines)
                maskedLines->append(int(li));
        } else if (!isTableRow(line)) {
            columns.clear();
        }
    }
    // Back to front, so that earlier offsets stay put (and the views above are read no more).
    for (auto it = found.crbegin(); it != found.crend(); ++it)
        text->replace(it->at, it->size, it->code ? QStringLiteral("`****`") : SecretRedaction::mask());
}
} // namespace

QString SecretRedaction::maskCredentialColumns(QStringView text, QList<int> *maskedLines)
{
    QString result = text.toString();
    maskColumns(&result, maskedLines);
    return result;
}

bool SecretRedaction::containsSecret(QStringView text)
{
    const QString s = text.toString();
    return redact(s) != s;
}

QStringList SecretRedaction::secretsIn(QStringView text)
{
    QStringList secrets;
    if (const Features present = text.isEmpty() ? 0 : features(text))
        masked(text.toString(), present, &secrets); // copied only when a rule may find one
    return secrets;
}

} // namespace triage
