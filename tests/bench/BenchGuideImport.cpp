// Benchmarks for the guide engine. Prints figures; never fails on them (machines are shared).
//
//  1. Import throughput in MB/s, and its cost relative to md4c's raw parse of the same bytes
//     measured in the same run (target: import at most 3x md4c), with where the time goes and
//     what building the guide model alone costs.
//  2. Time to load and index 1,000 generated guides (target: under 1 s).
//  3. Latency of find over those guides (target: under 20 ms).

#include "TestSupport.h"
#include "checks/CommandRecognizer.h"
#include "guide/GuideImporter.h"
#include "guide/GuideLibrary.h"
#include "markdown/MarkdownDocument.h"
#include "markdown/SourceText.h"
#include "markdown/YamlMapping.h"
#include "search/SearchIndex.h"

#include <md4c.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <numeric>
#include <cstdio>

using namespace triage;

namespace {

struct Input {
    QString name;
    QByteArray bytes;
};

QList<Input> readInputs(const QString &dir, const QStringList &filters)
{
    QList<Input> inputs;
    for (const QString &name : QDir(dir).entryList(filters, QDir::Files, QDir::Name)) {
        QFile f(QDir(dir).filePath(name));
        if (f.open(QIODevice::ReadOnly))
            inputs.append({f.fileName(), f.readAll()});
    }
    return inputs;
}

int noopBlock(MD_BLOCKTYPE, void *, void *) { return 0; }
int noopSpan(MD_SPANTYPE, void *, void *) { return 0; }
int noopText(MD_TEXTTYPE, const MD_CHAR *, MD_SIZE, void *) { return 0; }

void md4cParse(const QByteArray &bytes)
{
    MD_PARSER parser{};
    parser.flags = MarkdownDocument::md4cFlags(); // as the importer parses
    parser.enter_block = noopBlock;
    parser.leave_block = noopBlock;
    parser.enter_span = noopSpan;
    parser.leave_span = noopSpan;
    parser.text = noopText;
    md_parse(bytes.constData(), MD_SIZE(bytes.size()), &parser, nullptr);
}

// Best of several timed rounds, each repeating `work` until it has run for ~150 ms.
template<typename Work>
double secondsPerRun(Work work)
{
    double best = 1e9;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        int runs = 0;
        do {
            work();
            ++runs;
        } while (timer.nsecsElapsed() < 150'000'000);
        best = std::min(best, timer.nsecsElapsed() / 1e9 / runs);
    }
    return best;
}

const char *const kAreas[] = {"Database", "Cache", "Queue", "Gateway", "Auth", "Storage", "Search", "Billing", "Mailer", "Scheduler"};
const char *const kErrors[] = {
    "connection refused", "too many connections", "timeout after 30 seconds", "permission denied for table",
    "certificate verify failed", "no space left on device", "out of memory", "address already in use",
    "token has expired", "broker not available", "deadlock detected", "relation does not exist",
    "read timed out", "name or service not known", "invalid credentials", "rate limit exceeded",
};

QByteArray generatedGuide(int index, QRandomGenerator &random)
{
    QByteArray text;
    const bool explicitFormat = index % 3 == 0;
    const QByteArray area = kAreas[index % 10];
    if (explicitFormat)
        text += "---\ntriage: 1\nid: generated-" + QByteArray::number(index) + "\ntitle: " + area + " guide " + QByteArray::number(index) + "\n---\n\n";
    text += "# " + area + " troubleshooting " + QByteArray::number(index) + "\n\nWhat can go wrong with the " + area.toLower() + " service.\n\n";
    const int issues = 8 + int(random.bounded(8));
    for (int i = 0; i < issues; ++i) {
        const QByteArray error = kErrors[random.bounded(16)];
        const QByteArray code = "E" + QByteArray::number(index * 100 + i);
        const QByteArray issueTitle = area + " " + error + " (" + code + ")";
        text += "## Issue: " + issueTitle + "\n\n**Symptoms**\n\n- `" + code + ": " + error + " in worker " + QByteArray::number(i) +
                "`\n- Requests to /" + area.toLower() + " fail\n\n";
        if (explicitFormat) {
            const QByteArray slug = "check-is-the-" + area.toLower() + "-reachable-" + QByteArray::number(i);
            text += "### Check: Is the " + area.toLower() + " reachable " + QByteArray::number(i) + "\n\n```check\ntype: tcp\nhost: localhost\nport: " +
                    QByteArray::number(5000 + i) + "\npass: \"#outcome-fine-" + QByteArray::number(i) + "\"\nfail: \"#solution-restart-it-" +
                    QByteArray::number(i) + "\"\n```\n\n### Solution: Restart it " + QByteArray::number(i) +
                    "\n\n```bash\nsudo systemctl restart " + area.toLower() + "\n```\n\nThen [check again](#" + slug + ").\n\n### Outcome: Fine " +
                    QByteArray::number(i) + "\n\nIt works.\n\n";
        } else {
            text += "**Diagnosis**:\n```bash\n# Is it listening?\nnc -z localhost " + QByteArray::number(5000 + i) +
                    "\ncurl http://localhost:8000/health/" + area.toLower() + "\n```\n\n**Solution 1**: Restart the service\n```bash\n"
                    "sudo systemctl restart " + area.toLower() + "\n```\n\n**Solution 2**: Raise the limit in the configuration.\n\n"
                    "**Root Cause**: The " + area.toLower() + " " + error + " because the pool is too small.\n\n---\n\n";
        }
    }
    return text;
}

QString copied(const QString &s)
{
    return s.isNull() ? QString() : QString(s.constData(), s.size());
}

// Builds a guide's model again from its finished parts: every node, edge, check and index
// entry, each string allocated anew, then frees it all. This is what making the model costs
// once recognition has decided everything: the floor for any importer that produces it.
qsizetype rebuildModel(const Guide &g)
{
    Guide m;
    m.path = g.path;
    m.id = copied(g.id);
    m.title = copied(g.title);
    m.nodes.reserve(g.nodes.size());
    m.edges.reserve(g.edges.size());
    QHash<QString, int> index;
    index.reserve(g.nodes.size());
    for (const GuideNode &from : g.nodes) {
        GuideNode n;
        n.id = copied(from.id);
        n.kind = from.kind;
        n.title = copied(from.title);
        n.presetBody = copied(from.presetBody);
        n.bodyLines = from.bodyLines;
        n.moreBody = from.moreBody;
        n.location = from.location;
        n.order = from.order;
        for (const QString &c : from.commands)
            n.commands.append(copied(c));
        for (const CheckSpec &c : from.checks) {
            CheckSpec spec;
            spec.type = copied(c.type);
            for (auto it = c.params.cbegin(); it != c.params.cend(); ++it)
                spec.params.insert(copied(it.key()), copied(it.value().toString()));
            for (auto it = c.branches.cbegin(); it != c.branches.cend(); ++it)
                spec.branches.insert(copied(it.key()), copied(it.value()));
            spec.id = copied(c.id);
            spec.source = copied(c.source);
            spec.location = c.location;
            n.checks.append(std::move(spec));
        }
        index.insert(n.id, int(m.nodes.size()));
        m.nodes.append(std::move(n));
    }
    for (const GuideEdge &from : g.edges) {
        GuideEdge e = from;
        e.from = from.fromIndex >= 0 ? m.nodes.at(from.fromIndex).id : copied(from.from);
        e.to = from.toIndex >= 0 ? m.nodes.at(from.toIndex).id : copied(from.to);
        e.label = copied(from.label);
        e.targetFile = copied(from.targetFile);
        m.edges.append(std::move(e));
    }
    for (auto it = g.anchors.cbegin(); it != g.anchors.cend(); ++it)
        m.anchors.insert(copied(it.key()), m.nodes.at(index.value(it.value())).id);
    m.rebuildIndex(std::move(index));
    return m.nodes.size();
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size())));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    // 1. Import throughput against md4c's raw parse: the seeds (plain guides, where present)
    // and the bundled guides (Triage's own format, with YAML check blocks).
    struct Corpus {
        QString name;
        QList<Input> inputs;
    };
    QList<Corpus> corpora;
    if (!test::seedsDir().isEmpty())
        corpora.append({QStringLiteral("the five seeds"), readInputs(test::seedsDir(), {QStringLiteral("*.txt")})});
    else
        std::printf("import      the seeds: absent (../shared/seeds), skipped\n");
    corpora.append({QStringLiteral("the bundled guides"), readInputs(test::guidesDir(), {QStringLiteral("*.md")})});
    for (const Corpus &c : std::as_const(corpora)) {
        const QList<Input> &inputs = c.inputs;
        qint64 totalBytes = 0;
        for (const Input &in : inputs)
            totalBytes += in.bytes.size();
        const double importSeconds = secondsPerRun([&] {
            for (const Input &in : inputs)
                GuideImporter::importBytes(in.name, in.bytes);
        });
        const double md4cSeconds = secondsPerRun([&] {
            for (const Input &in : inputs)
                md4cParse(in.bytes);
        });
        // Where the time goes, as the same ratio: decoding alone, decoding plus the Markdown
        // document (md4c with the collecting callbacks), and the rest (structure, checks, ids).
        const double decodeSeconds = secondsPerRun([&] {
            for (const Input &in : inputs)
                SourceText::fromBytes(in.bytes);
        });
        const double documentSeconds = secondsPerRun([&] {
            for (const Input &in : inputs)
                MarkdownDocument::parse(SourceText::fromBytes(in.bytes));
        });
        // The model alone, built again from the imported guides: a floor no recognition can go under.
        QList<Guide> imported;
        for (const Input &in : inputs)
            imported.append(GuideImporter::importBytes(in.name, in.bytes));
        const double modelSeconds = secondsPerRun([&] {
            for (const Guide &g : std::as_const(imported))
                rebuildModel(g);
        });
        // Command recognition alone: every code block scanned as the importer scans a
        // diagnosis step's (checks recognised), from text already in the document.
        QList<MarkdownDocument> documents;
        for (const Input &in : inputs)
            documents.append(MarkdownDocument::parse(SourceText::fromBytes(in.bytes)));
        qsizetype codeBlocks = 0;
        for (const MarkdownDocument &doc : std::as_const(documents)) {
            for (const MdBlock &b : doc.blocks())
                codeBlocks += b.kind == MdBlockKind::Code;
        }
        const double recognitionSeconds = secondsPerRun([&] {
            for (const MarkdownDocument &doc : std::as_const(documents)) {
                for (const MdBlock &b : doc.blocks()) {
                    if (b.kind == MdBlockKind::Code)
                        CommandRecognizer::scan(doc.info(b), doc.text(b), true);
                }
            }
        });
        // The YAML of check blocks alone, read by libyaml as the importer reads it: what
        // Triage-format guides pay for their checks whatever the rest of the import costs.
        QStringList checkYaml;
        for (const MarkdownDocument &doc : std::as_const(documents)) {
            for (const MdBlock &b : doc.blocks()) {
                if (b.kind == MdBlockKind::Code && doc.language(b) == QLatin1String("check"))
                    checkYaml.append(doc.text(b).toString());
            }
        }
        const double yamlSeconds = secondsPerRun([&] {
            for (const QString &yaml : std::as_const(checkYaml))
                YamlMapping::parse(yaml);
        });
        const double mb = totalBytes / 1e6;
        std::printf("import      %s, %.1f KB: %.1f MB/s; md4c raw parse %.1f MB/s; import costs %.2fx md4c (target <= 3x)\n",
                    qPrintable(c.name), totalBytes / 1e3, mb / importSeconds, mb / md4cSeconds, importSeconds / md4cSeconds);
        std::printf("            of which, in md4c parses: decoding %.2fx, Markdown document %.2fx, guide structure %.2fx\n",
                    decodeSeconds / md4cSeconds, (documentSeconds - decodeSeconds) / md4cSeconds,
                    (importSeconds - documentSeconds) / md4cSeconds);
        std::printf("            the guide model alone (%lld nodes, %lld edges, built again string by string from the finished guides): "
                    "%.2fx md4c\n",
                    qlonglong(std::accumulate(imported.cbegin(), imported.cend(), qsizetype(0), [](qsizetype n, const Guide &g) { return n + g.nodes.size(); })),
                    qlonglong(std::accumulate(imported.cbegin(), imported.cend(), qsizetype(0), [](qsizetype n, const Guide &g) { return n + g.edges.size(); })),
                    modelSeconds / md4cSeconds);
        std::printf("            command recognition alone (%lld code blocks, each scanned for checks): %.2fx md4c\n",
                    qlonglong(codeBlocks), recognitionSeconds / md4cSeconds);
        if (!checkYaml.isEmpty())
            std::printf("            YAML of the check blocks alone (%lld blocks, read by libyaml %s): %.2fx md4c\n",
                        qlonglong(checkYaml.size()), qPrintable(YamlMapping::parserVersion()), yamlSeconds / md4cSeconds);
    }

    // 2. Load and index 1,000 generated guides from disk.
    QTemporaryDir dir;
    QRandomGenerator random(20261123);
    qint64 generatedBytes = 0;
    for (int i = 0; i < 1000; ++i) {
        QFile f(dir.filePath(QStringLiteral("guide-%1.md").arg(i, 4, 10, QLatin1Char('0'))));
        const QByteArray text = generatedGuide(i, random);
        generatedBytes += text.size();
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
            std::fprintf(stderr, "cannot write generated guides to %s\n", qPrintable(dir.path()));
            return 1;
        }
    }
    QList<double> loadTimes, indexTimes;
    SearchIndex index;
    int issues = 0;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer timer;
        timer.start();
        const GuideLibrary library = GuideLibrary::load(GuideLibrary::expandPaths({dir.path()}, nullptr));
        loadTimes.append(timer.nsecsElapsed() / 1e6);
        timer.restart();
        SearchIndex built;
        for (const Guide &g : library.guides())
            built.addGuide(g);
        indexTimes.append(timer.nsecsElapsed() / 1e6);
        issues = built.documentCount();
        index = std::move(built);
    }
    const double load = *std::min_element(loadTimes.cbegin(), loadTimes.cend());
    const double indexing = *std::min_element(indexTimes.cbegin(), indexTimes.cend());
    std::printf("load+index  1000 generated guides, %.1f MB, %d issues: %.0f ms (load %.0f ms on %d threads, index %.0f ms; target < 1000 ms)\n",
                generatedBytes / 1e6, issues, load + indexing, load, QThread::idealThreadCount(), indexing);

    // 3. find latency over them.
    const QStringList queries{
        QStringLiteral("psycopg2.OperationalError: connection refused"),
        QStringLiteral("E40307: too many connections in worker 7"),
        QStringLiteral("FATAL: remaining connection slots are reserved, too many connections"),
        QStringLiteral("ssl certificate verify failed while calling the gateway"),
        QStringLiteral("OSError: [Errno 28] No space left on device"),
        QStringLiteral("java.lang.OutOfMemoryError: Java heap space (out of memory)"),
        QStringLiteral("kafka broker not available after 3 retries"),
        QStringLiteral("Requests to /billing fail with rate limit exceeded"),
        QStringLiteral("deadlock detected"),
        QStringLiteral("name or service not known"),
    };
    QList<double> latencies;
    int found = 0;
    for (int round = 0; round < 50; ++round) {
        for (const QString &q : queries) {
            QElapsedTimer timer;
            timer.start();
            const QList<SearchHit> hits = index.find(q, 10);
            latencies.append(timer.nsecsElapsed() / 1e6);
            found += hits.isEmpty() ? 0 : 1;
        }
    }
    std::printf("find        %lld queries over %d issues: median %.2f ms, p95 %.2f ms, max %.2f ms (target < 20 ms); %d returned matches\n",
                static_cast<long long>(latencies.size()), issues, percentile(latencies, 0.5), percentile(latencies, 0.95),
                percentile(latencies, 1.0), found);
    return 0;
}
