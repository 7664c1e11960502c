package org.seqbench.results.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.study.StudyRecord;

/**
 * {@code summary.md}: GitHub-flavoured Markdown fit for a pull-request comment. The environment first, then one
 * table per model kind with one row per measured cell (the kind's models and their parameter counts above it),
 * then the cells that were not measured and why.
 * Coordinates that are the same for every cell of the run are stated once above the tables, not repeated in them.
 */
public final class MarkdownSummary {
    public static final String FILE_NAME = "summary.md";

    /** Marks a cell measured while other processes held the cores it needed. */
    public static final String CONTENDED_MARK = "⚠";

    private static final Comparator<CellResult> ROW_ORDER = Comparator
            .comparingInt((CellResult result) -> result.cell().hiddenSize())
            .thenComparingInt(result -> result.cell().layers())
            .thenComparing(result -> result.cell().bidirectional())
            .thenComparingInt(result -> result.cell().threads())
            .thenComparingInt(result -> result.cell().batch())
            .thenComparingInt(result -> result.cell().seqLen())
            .thenComparing(result -> result.cell().backend())
            .thenComparing(result -> result.cell().variant());

    private MarkdownSummary() {
    }

    public static void write(Path runDirectory, RunRecord record) throws IOException {
        write(runDirectory, List.of(record));
    }

    /** Writes the summary of one run, or the comparison of several, to {@code directory/summary.md}. */
    public static void write(Path directory, List<RunRecord> records) throws IOException {
        write(directory, records, Optional.empty());
    }

    /**
     * Writes the summary of the runs with {@code study}'s part after theirs to {@code directory/summary.md}; with no
     * runs, the study's alone.
     */
    public static void write(Path directory, List<RunRecord> records, Optional<StudyRecord> study)
            throws IOException {
        RunRecordFiles.writeAtomically(directory.resolve(FILE_NAME), render(records, study));
    }

    /**
     * The summary of one run or the comparison of several, then the "## Accuracy studies" part of {@code study},
     * its claims given the runs' parallelism evidence ({@link StudyEvidence}); with no runs, the study's alone.
     *
     * @throws IllegalArgumentException if there is neither a run nor a study
     */
    public static String render(List<RunRecord> records, Optional<StudyRecord> study) {
        if (records.isEmpty()) {
            StudyRecord record = study.orElseThrow(() -> new IllegalArgumentException("a summary needs a run record"
                    + " or a study record, got neither"));
            return "# seqbench study " + Markdown.code(record.studyId()) + "\n\n"
                    + MarkdownStudy.render(record, Optional.empty());
        }
        String runs = records.size() == 1 ? render(records.getFirst()) : compare(records);
        return study.map(record -> runs + "\n" + MarkdownStudy.render(record,
                Optional.of(StudyEvidence.of(Analysis.of(records))))).orElse(runs);
    }

    public static String render(RunRecord record) {
        StringBuilder out = new StringBuilder();
        out.append("# seqbench run ").append(Markdown.code(record.runId())).append("\n\n");
        out.append(overview(record)).append("\n\n");
        String fixed = fixedCoordinates(record);
        if (!fixed.isEmpty()) {
            out.append(fixed).append("\n\n");
        }
        out.append(whichFigure(List.of(record)));
        out.append(MarkdownAnalysis.render(Analysis.of(record))).append('\n');
        out.append(environment(record.environment()));
        for (ModelKind kind : ModelKind.values()) {
            List<CellResult> measured = record.cells().stream()
                    .filter(result -> result.ok() && result.cell().kind() == kind).sorted(ROW_ORDER).toList();
            if (!measured.isEmpty()) {
                out.append("\n## ").append(kind == ModelKind.TRANSFORMER ? "Transformer" : kind.name()).append("\n\n");
                out.append(escape(ModelSizes.of(measured.stream().map(CellResult::cell).toList()))).append(".\n\n");
                out.append(table(record, measured));
                String legend = CellLatency.legend(measured);
                if (!legend.isEmpty()) {
                    out.append('\n').append(escape(legend)).append('\n');
                }
                if (CellLatency.anyDeviceTimed(measured)) {
                    out.append('\n').append(escape(CellLatency.DEVICE_NOTE)).append(".\n");
                }
            }
        }
        out.append(multiModal(record));
        List<CellResult> notMeasured = record.cells().stream().filter(result -> !result.ok()).toList();
        if (!notMeasured.isEmpty()) {
            out.append("\n## Not measured\n\n| cell | status | reason |\n|---|---|---|\n");
            for (CellResult result : notMeasured) {
                out.append("| ").append(escape(result.cell().label())).append(" | ").append(result.status().id())
                        .append(" | ").append(escape(result.reason())).append(" |\n");
            }
        }
        return out.toString();
    }

    /**
     * Several runs side by side (machines, versions): each run's overview and environment, then the findings and
     * key tables of all of them together, their series told apart by run id. The per-cell tables stay in each
     * run's own summary.md.
     */
    static String compare(List<RunRecord> records) {
        StringBuilder out = new StringBuilder("# seqbench: ").append(records.size()).append(" runs side by side\n\n");
        for (RunRecord record : records) {
            out.append("- ").append(Markdown.code(record.runId())).append(": ").append(overview(record)).append('\n');
        }
        out.append('\n').append(whichFigure(records)).append(MarkdownAnalysis.render(Analysis.of(records)));
        for (RunRecord record : records) {
            out.append("\n").append(environment(record.environment()).replaceFirst("## Environment",
                    java.util.regex.Matcher.quoteReplacement("## Environment of " + Markdown.code(record.runId()))));
        }
        return out.toString();
    }

    private static String overview(RunRecord record) {
        long contended = record.noisyCells().size();
        StringBuilder text = new StringBuilder();
        text.append(record.cells().size()).append(" cells: ").append(record.count(CellResult.Status.OK)).append(" ok, ")
                .append(record.count(CellResult.Status.FAILED)).append(" failed, ")
                .append(record.count(CellResult.Status.SKIPPED)).append(" skipped");
        if (contended > 0) {
            text.append("; ").append(contended).append(" measured under contention (").append(CONTENDED_MARK)
                    .append(": other processes used the cores the cell needed; treat those numbers with care)");
        }
        long slow = record.cells().stream().filter(result -> result.ok() && Boolean.TRUE.equals(result.slowHost()))
                .count();
        if (slow > 0) {
            text.append("; ").append(slow).append(" measured on a slow host (").append(CONTENDED_MARK)
                    .append(": the host-speed canary was slow before and after the cell)");
        }
        text.append(". Profile ").append(Markdown.code(record.sweep().profile())).append(", started ")
                .append(escape(record.createdAt()));
        text.append(record.completedAt() == null ? ", not finished."
                : ", finished " + escape(record.completedAt()) + ".");
        if (record.sweep().shard() != null) {
            text.append(" Shard ").append(record.sweep().shard()).append(".");
        }
        if (!record.mergedFrom().isEmpty()) {
            text.append(" Merged from ").append(escape(shards(record))).append(".");
        }
        return text.toString();
    }

    /** "shard 1/2 (run a), shard 2/2 (run b)": the shards a merged run was made of, for the overviews. */
    static String shards(RunRecord record) {
        return record.mergedFrom().stream().map(shard -> "shard " + shard.shard() + " (run " + shard.runId() + ")")
                .collect(Collectors.joining(", "));
    }

    /** The coordinates every cell shares, in one sentence. */
    private static String fixedCoordinates(RunRecord record) {
        List<Cell> cells = record.cells().stream().map(CellResult::cell).toList();
        if (cells.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        single(cells, Cell::inputSize).ifPresent(value -> parts.add("input size " + value));
        single(cells, Cell::hiddenSize).ifPresent(value -> parts.add("hidden size " + value));
        single(cells, Cell::layers).ifPresent(value -> parts.add(value + (value.equals(1) ? " layer" : " layers")));
        single(cells, Cell::bidirectional).ifPresent(value -> parts.add(value ? "bidirectional" : "unidirectional"));
        single(cells, Cell::threads).ifPresent(value -> parts.add(Shapes.threads(value)));
        single(cells, Cell::precision).ifPresent(parts::add);
        SweepSpec sweep = record.sweep();
        parts.add(sweep.outputSize() > 0 ? "head of " + sweep.outputSize() + " outputs on the last step"
                : "no head (full output sequence)");
        parts.add("seed " + sweep.seed());
        List<Cell> transformers = cells.stream().filter(cell -> cell.kind() == ModelKind.TRANSFORMER).toList();
        String transformer = transformers.isEmpty() ? "" : " Transformer: "
                + single(transformers, Cell::heads).map(heads -> heads + " heads").orElse("heads vary") + ", "
                + "feed-forward " + sweep.ffnRatio() + " x d_model.";
        String latency = CellLatency.anyHeadlined(record.cells())
                ? " Latency is one forward pass over the batch, from JMH sample-time measurements: each cell's"
                        + " headline across its trials with its 95% interval, and percentiles of all its samples."
                : " Latency is one forward pass over the batch; p50 and the mean with its 99.9% confidence interval"
                        + " come from JMH sample-time measurements.";
        return "All cells: " + String.join(", ", parts) + "." + transformer + latency + precisionAndNoise(record);
    }

    /**
     * The run's precision verdict (an adaptive run's share of cells within its target) and its share of noisy cells
     * (every trial measured under contention); empty for a run that has neither to tell.
     */
    static String precisionAndNoise(RunRecord record) {
        List<CellResult> measured = record.cells().stream().filter(CellResult::ok).toList();
        if (measured.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        Double target = record.sweep().measurement().precision();
        if (target != null) {
            long precise = record.preciseCells();
            text.append(" Precision: ").append(precise).append(" of ").append(measured.size()).append(" cells (")
                    .append(Numbers.percent((double) precise / measured.size())).append(") within ")
                    .append(Numbers.percent(target)).append(", the most a rerun's comparison would move their headline"
                            + " at 95%, in ")
                    .append(measured.stream().mapToInt(result -> result.trials().size()).sum()).append(" trials.");
        }
        long noisy = record.noisyCells().size();
        if (noisy > 0 || target != null) {
            text.append(" Noisy (every trial contended): ").append(noisy).append(" of ").append(measured.size())
                    .append(" cells (").append(Numbers.percent((double) noisy / measured.size())).append(").");
        }
        return text.toString();
    }

    /** "Which figure drives what", for runs whose cells have headlines; empty for records before trials. */
    private static String whichFigure(List<RunRecord> records) {
        String text = CellLatency.whichFigureDrivesWhat(records);
        return text.isEmpty() ? "" : "## Which figure drives what\n\n" + text + "\n\n";
    }

    /** The cells whose trials fall into separate clusters, with the clusters' medians. */
    private static String multiModal(RunRecord record) {
        List<CellLatency.MultiModal> cells = CellLatency.multiModal(List.of(record));
        if (cells.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n## Cells with separate clusters of trials\n\n")
                .append(CellLatency.MULTIMODAL_NOTE).append("\n\n| cell | modes | clusters: median of trial medians |\n"
                        + "|---|--:|---|\n");
        for (CellLatency.MultiModal cell : cells) {
            out.append("| ").append(escape(cell.result().cell().label())).append(" | ")
                    .append(cell.result().headline().modes()).append(" | ").append(escape(cell.clusters()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String environment(Environment environment) {
        StringBuilder out = new StringBuilder("## Environment\n\n| | |\n|---|---|\n");
        out.append("| CPU | ").append(escape(environment.cpuModel())).append(", ").append(environment.logicalCores())
                .append(" logical cores |\n");
        out.append("| Memory | ").append(Numbers.gibibytes(environment.memoryBytes())).append(" |\n");
        out.append("| OS | ").append(escape(environment.os())).append(" |\n");
        out.append("| JVM | ").append(escape(environment.jvm())).append(" |\n");
        out.append("| Backends | ").append(environment.backends().stream()
                .map(backend -> backend.id() + ": " + backend.name() + " " + backend.engineVersion() + " on "
                        + backend.device() + (backend.available() ? "" : " (unavailable: " + backend.reason() + ")"))
                .map(MarkdownSummary::escape).collect(Collectors.joining("<br>"))).append(" |\n");
        out.append("| Thread settings | ").append(environment.threadEnvironment().isEmpty() ? "none set"
                : escape(environment.threadEnvironment().entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", "))))
                .append(" |\n");
        out.append("| seqbench | ").append(escape(environment.seqbenchVersion()))
                .append(environment.gitCommit() == null ? "" : ", commit " + escape(environment.gitCommit()))
                .append(" |\n");
        return out.toString();
    }

    private static String table(RunRecord record, List<CellResult> rows) {
        List<Cell> all = record.cells().stream().map(CellResult::cell).toList();
        boolean showHidden = single(all, Cell::hiddenSize).isEmpty();
        boolean showLayers = single(all, Cell::layers).isEmpty();
        boolean showDirections = single(all, Cell::bidirectional).isEmpty();
        boolean showThreads = single(all, Cell::threads).isEmpty();
        boolean showPrecision = single(all, Cell::precision).isEmpty();
        Set<String> variantsPerBackend = new TreeSet<>();
        Map<String, Set<String>> variants = new LinkedHashMap<>();
        for (CellResult result : rows) {
            variants.computeIfAbsent(result.cell().backend(), key -> new TreeSet<>()).add(result.cell().variant());
        }
        variants.forEach((backend, names) -> {
            if (names.size() > 1) {
                variantsPerBackend.add(backend);
            }
        });

        List<String> header = new ArrayList<>(List.of("backend"));
        List<String> alignment = new ArrayList<>(List.of("---"));
        if (showHidden) {
            header.add("hidden");
        }
        if (showLayers) {
            header.add("layers");
        }
        if (showDirections) {
            header.add("directions");
        }
        if (showThreads) {
            header.add("threads");
        }
        header.addAll(List.of("seq", "batch", "p50 ms",
                CellLatency.anyHeadlined(rows) ? "latency ms" : "mean ± CI ms"));
        boolean device = CellLatency.anyDeviceTimed(rows);
        if (device) {
            header.add("device ms");
        }
        header.addAll(List.of("seq/s", "tokens/s", "GFLOP/s", "max abs err", "cores used", "others' CPU"));
        boolean memory = CellMemory.any(rows);
        if (memory) {
            header.add("peak memory");
        }
        while (alignment.size() < header.size()) {
            alignment.add("--:");
        }
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append(String.join("|", alignment)).append("|\n");
        for (CellResult result : rows) {
            Cell cell = result.cell();
            List<String> values = new ArrayList<>();
            values.add(escape((variantsPerBackend.contains(cell.backend()) ? cell.backend() + " · " + cell.variant()
                    : cell.backend()) + (showPrecision ? " · " + cell.precision() : "")));
            if (showHidden) {
                values.add(String.valueOf(cell.hiddenSize()));
            }
            if (showLayers) {
                values.add(String.valueOf(cell.layers()));
            }
            if (showDirections) {
                values.add(cell.bidirectional() ? "2" : "1");
            }
            if (showThreads) {
                values.add(cell.threads() == 0 ? "default" : String.valueOf(cell.threads()));
            }
            CellResult.Latency latency = result.latency();
            values.add(String.valueOf(cell.seqLen()));
            values.add(String.valueOf(cell.batch()));
            values.add(Numbers.significant(latency.p50(), 3));
            values.add(CellLatency.text(result));
            if (device) {
                values.add(CellLatency.deviceText(result));
            }
            CellResult.Throughput throughput = CellLatency.throughput(result);
            values.add(Numbers.rate(throughput.sequencesPerSecond()));
            values.add(Numbers.rate(throughput.tokensPerSecond()));
            Double gflops = CellLatency.gflops(result);
            values.add(gflops == null ? "" : Numbers.significant(gflops, 3));
            values.add(result.accuracy() == null ? "" : Numbers.error(result.accuracy().maxAbsError()));
            values.add(result.contention() == null || result.contention().ownCpuCores() == null ? "n/a"
                    : String.format(java.util.Locale.ROOT, "%.2f", result.contention().ownCpuCores()));
            values.add(result.contention() == null ? "n/a"
                    : String.format(java.util.Locale.ROOT, "%.2f", result.contention().otherCpuCores())
                            + (result.disturbed() ? " " + CONTENDED_MARK : "") + CellLatency.disturbedTrials(result));
            if (memory) {
                values.add(CellMemory.text(result));
            }
            out.append("| ").append(String.join(" | ", values)).append(" |\n");
        }
        return out.toString();
    }

    private static <T> java.util.Optional<T> single(List<Cell> cells, Function<Cell, T> coordinate) {
        Set<T> values = cells.stream().map(coordinate).collect(Collectors.toSet());
        return values.size() == 1 ? java.util.Optional.of(values.iterator().next()) : java.util.Optional.empty();
    }

    private static String escape(String text) {
        return Markdown.text(text);
    }
}
