package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.analysis.Bootstrap;
import org.seqbench.results.analysis.Interval;
import org.seqbench.results.analysis.Reproducibility;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.TrialRatio;

/**
 * The A/A check in Markdown: two runs of one sweep on one machine, where every true ratio is 1, compared by every
 * {@link TrialEstimator}. What a reader needs to decide whether to trust the machine: which runs (and whether they
 * differ in sweep, commit or host), how steady the host was during each (the canary, the disturbed cells), how often
 * the intervals contain 1 and how far the ratios stray from it, the worst cells first, and a one-line verdict that
 * restates the headline's figures.
 *
 * @param first the baseline run
 * @param second the run compared with it
 * @param shown the estimator whose cell-by-cell table is shown
 * @param byEstimator the comparison by every estimator
 */
public record ReproducibilityReport(RunRecord first, RunRecord second, TrialEstimator shown,
        Map<TrialEstimator, Reproducibility> byEstimator) {

    public ReproducibilityReport {
        byEstimator = Map.copyOf(byEstimator);
    }

    /** {@code second} against {@code first} by every estimator, the cells of {@code shown} in detail. */
    public static ReproducibilityReport of(RunRecord first, RunRecord second, TrialEstimator shown,
            Bootstrap bootstrap) {
        return new ReproducibilityReport(first, second, shown,
                Reproducibility.everyEstimator(first, second, bootstrap));
    }

    /** Whether any cell was measured in both runs; without one there is nothing to compare. */
    public boolean anyMatched() {
        return !byEstimator.get(shown).cells().isEmpty();
    }

    /** The fields of the two sweeps that differ, the shard aside (two shards of one sweep are one sweep). */
    public List<String> sweepDifferences() {
        return first.sweep().differences(second.sweep()).stream().map(SweepSpec.Difference::field).toList();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("# A/A check: `").append(first.runId()).append("` against `")
                .append(second.runId()).append("`\n\n");
        out.append("Two runs of one sweep on one machine: every true ratio is 1, so what the ratios show is how far "
                + "one run's figures can be trusted on this machine. Ratios are second over first; above 1 the "
                + "second run was slower.\n\n");
        out.append(runs());
        List<String> warnings = warnings();
        if (!warnings.isEmpty()) {
            out.append('\n').append(warnings.stream().map(line -> "> **Warning:** " + line + ".")
                    .collect(Collectors.joining("\n>\n"))).append('\n');
        }
        out.append(estimators());
        out.append(backends());
        out.append(cells());
        out.append(unmatched());
        out.append("\n## Verdict\n\n").append(verdict()).append('\n');
        return out.toString();
    }

    /** Both runs side by side: what they are, where they ran, how steady the host was. */
    private String runs() {
        StringBuilder out = new StringBuilder("| | first | second |\n|---|---|---|\n");
        row(out, "run", record -> "`" + record.runId() + "`");
        row(out, "profile", record -> record.sweep().profile()
                + (record.sweep().shard() == null ? "" : ", shard " + record.sweep().shard()));
        row(out, "commit", record -> orUnknown(record.environment().gitCommit()) + ", seqbench "
                + record.environment().seqbenchVersion());
        row(out, "started", RunRecord::createdAt);
        row(out, "finished", record -> record.completedAt() == null ? "not finished" : record.completedAt());
        row(out, "host", record -> orUnknown(record.environment().hostname()));
        row(out, "CPU", record -> orUnknown(record.environment().cpuModel()) + ", "
                + record.environment().logicalCores() + " logical cores");
        row(out, "JVM", record -> orUnknown(record.environment().jvm()));
        row(out, "cells ok", record -> record.count(CellResult.Status.OK) + " of " + record.cells().size());
        row(out, "host-speed canary", ReproducibilityReport::canary);
        row(out, "disturbed cells", ReproducibilityReport::disturbed);
        return out.toString();
    }

    private void row(StringBuilder out, String name, Function<RunRecord, String> value) {
        out.append("| ").append(name).append(" | ").append(escape(value.apply(first))).append(" | ")
                .append(escape(value.apply(second))).append(" |\n");
    }

    private static String canary(RunRecord record) {
        return CanarySample.range(record.canary()).map(range -> String.format(Locale.ROOT,
                "fastest visit %s, slowest %s: %sx over %d visits%s", Numbers.time(range.fastest().bestMs()),
                Numbers.time(range.slowest().bestMs()), Numbers.significant(range.ratio(), 3), range.visits(),
                range.ratio() > CanarySample.SLOW_FACTOR ? " (the host slowed down by more than the slow-host "
                        + "factor " + CanarySample.SLOW_FACTOR + ")" : ""))
                .orElse("not recorded");
    }

    private static String disturbed(RunRecord record) {
        List<CellResult> ok = record.cells().stream().filter(CellResult::ok).toList();
        long disturbed = ok.stream().filter(CellResult::disturbed).count();
        long contended = ok.stream().filter(CellResult::contended).count();
        long slow = ok.stream().filter(result -> Boolean.TRUE.equals(result.slowHost())).count();
        return disturbed + " of " + ok.size() + (disturbed == 0 ? ""
                : " (" + contended + " contended, " + slow + " on a slow host)");
    }

    /** What differs between the runs beyond chance: the sweep, the commit, the machine. */
    private List<String> warnings() {
        List<String> lines = new ArrayList<>();
        List<String> differing = sweepDifferences();
        if (!differing.isEmpty()) {
            lines.add("the two runs measured different sweeps (" + String.join(", ", differing) + " differ); an "
                    + "A/A check repeats one sweep (`seqbench run --repeat " + first.runId() + "`), so only the "
                    + "cells they share are compared");
        }
        Environment a = first.environment();
        Environment b = second.environment();
        if (!Objects.equals(a.gitCommit(), b.gitCommit())) {
            lines.add("the runs were measured on different commits (" + orUnknown(a.gitCommit()) + " and "
                    + orUnknown(b.gitCommit()) + "): the ratios include whatever the code changed");
        }
        if (!Objects.equals(a.hostname(), b.hostname()) || !Objects.equals(a.cpuModel(), b.cpuModel())) {
            lines.add("the runs were measured on different hosts (" + host(a) + " and " + host(b) + "): the ratios "
                    + "include the machines' difference, not only their noise");
        }
        return lines;
    }

    private static String host(Environment environment) {
        return orUnknown(environment.hostname()) + ", " + orUnknown(environment.cpuModel());
    }

    private String estimators() {
        StringBuilder out = new StringBuilder("\n## Every estimator\n\n");
        out.append("Each estimator summarises a cell's trials in one figure. Where a run's trials scatter as much "
                + "as runs do, about 95% of the 95% intervals contain 1; far fewer means the runs differed by more "
                + "than their trials show (the host moved between them). "
                + "|ratio − 1| is how far a cell moved between the runs: the median for a typical cell, the 95th "
                + "percentile for the worst but a few. The steadiest estimator has the most intervals containing 1 "
                + "with the smallest spread.\n\n");
        out.append("| estimator | `--estimator` | cells | intervals containing 1 | median \\|ratio − 1\\| "
                + "| p95 \\|ratio − 1\\| |\n|---|---|---|---|---|---|\n");
        for (TrialEstimator estimator : TrialEstimator.values()) {
            Reproducibility.Summary summary = byEstimator.get(estimator).overall();
            out.append("| ").append(estimatorName(estimator)).append(" | `").append(estimator.id()).append("` | ")
                    .append(summaryColumns(summary)).append(" |\n");
        }
        return out.toString();
    }

    private String backends() {
        Set<String> backends = byEstimator.get(shown).byBackend().keySet();
        if (backends.size() < 2) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n## By backend\n\n");
        out.append("| backend | estimator | cells | intervals containing 1 | median \\|ratio − 1\\| "
                + "| p95 \\|ratio − 1\\| |\n|---|---|---|---|---|---|\n");
        for (String backend : backends) {
            for (TrialEstimator estimator : TrialEstimator.values()) {
                Reproducibility.Summary summary = byEstimator.get(estimator).byBackend().get(backend);
                out.append("| ").append(escape(backend)).append(" | ").append(estimatorName(estimator)).append(" | ")
                        .append(summaryColumns(summary)).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String estimatorName(TrialEstimator estimator) {
        return estimator == TrialEstimator.HEADLINE ? "**" + estimator.label() + "** (headline)" : estimator.label();
    }

    private static String summaryColumns(Reproducibility.Summary summary) {
        return summary.cells() + " | " + containing(summary) + " | " + Numbers.percent(summary.medianDeviation())
                + " | " + Numbers.percent(summary.p95Deviation());
    }

    /** {@code 93% (67 of 72)}, or why there is no share. */
    private static String containing(Reproducibility.Summary summary) {
        return summary.withInterval() == 0 ? "no intervals"
                : Numbers.percent(summary.shareContainingOne()) + " (" + summary.containingOne() + " of "
                        + summary.withInterval() + ")";
    }

    /** The shown estimator cell by cell, the cells that moved most first. */
    private String cells() {
        Reproducibility comparison = byEstimator.get(shown);
        StringBuilder out = new StringBuilder("\n## Cell by cell: ").append(shown.label())
                .append(shown == TrialEstimator.HEADLINE ? " (the headline)" : "").append("\n\n");
        if (comparison.cells().isEmpty()) {
            return out.append("No cell was measured in both runs.\n").toString();
        }
        out.append("Sorted by |ratio − 1|, the cells that moved most first. ").append(MarkdownSummary.CONTENDED_MARK)
                .append(" marks a cell disturbed in either run (measured under contention or on a slow host).\n\n");
        out.append("| cell | first (ms) | second (ms) | ratio | 95% interval | contains 1 |\n"
                + "|---|---|---|---|---|---|\n");
        Map<String, CellResult> firstCells = byKey(first);
        Map<String, CellResult> secondCells = byKey(second);
        List<Reproducibility.CellRatio> sorted = comparison.cells().stream()
                .sorted(Comparator.comparingDouble((Reproducibility.CellRatio cell) -> deviation(cell.ratio()))
                        .reversed())
                .toList();
        Map<String, Integer> withoutInterval = new LinkedHashMap<>();
        for (Reproducibility.CellRatio cell : sorted) {
            TrialRatio ratio = cell.ratio();
            CellResult a = firstCells.get(cell.key());
            CellResult b = secondCells.get(cell.key());
            boolean disturbed = a.disturbed() || b.disturbed();
            out.append("| ").append(escape(label(a.cell()))).append(disturbed ? " " + MarkdownSummary.CONTENDED_MARK
                    : "").append(" | ").append(Numbers.significant(ratio.baseline(), 3)).append(" | ")
                    .append(Numbers.significant(ratio.current(), 3)).append(" | ")
                    .append(Numbers.significant(ratio.ratio(), 4)).append(" | ");
            if (ratio.hasInterval()) {
                Interval interval = ratio.interval();
                out.append(Numbers.significant(interval.low(), 4)).append(" – ")
                        .append(Numbers.significant(interval.high(), 4)).append(" | ")
                        .append(ratio.containsOne() ? "yes" : "**no**");
            } else {
                out.append("— | —");
                withoutInterval.merge(ratio.noInterval(), 1, Integer::sum);
            }
            out.append(" |\n");
        }
        if (!withoutInterval.isEmpty()) {
            out.append('\n');
            withoutInterval.forEach((reason, count) -> out.append(count).append(count == 1 ? " cell has" : " cells have")
                    .append(" no interval (").append(reason).append("): ").append(count == 1 ? "it counts" : "they count")
                    .append(" in the spread of the ratios but not in the share containing 1.\n"));
        }
        return out.toString();
    }

    private static double deviation(TrialRatio ratio) {
        return Math.abs(ratio.ratio() - 1);
    }

    private static Map<String, CellResult> byKey(RunRecord record) {
        return record.cells().stream().filter(CellResult::ok)
                .collect(Collectors.toMap(result -> result.cell().key(), result -> result, (a, b) -> b));
    }

    /** The cell's label, with its precision and device where they are not the usual ones (fp32 on the CPU). */
    private static String label(Cell cell) {
        String extra = ("fp32".equals(cell.precision()) ? "" : " " + cell.precision())
                + ("cpu".equals(cell.device()) ? "" : " on " + cell.device());
        return cell.label() + extra;
    }

    /** Cells measured in one run only: not compared. */
    private String unmatched() {
        List<String> keys = byEstimator.get(shown).unmatched();
        if (keys.isEmpty()) {
            return "";
        }
        Map<String, CellResult> firstCells = byKey(first);
        Map<String, CellResult> secondCells = byKey(second);
        StringBuilder out = new StringBuilder("\n## Unmatched cells\n\n").append(keys.size())
                .append(keys.size() == 1 ? " cell was" : " cells were")
                .append(" measured ok in one run only and not compared:\n\n");
        for (String key : keys) {
            CellResult result = firstCells.containsKey(key) ? firstCells.get(key) : secondCells.get(key);
            out.append("- ").append(escape(label(result.cell()))).append(": ")
                    .append(firstCells.containsKey(key) ? "first run only" : "second run only").append('\n');
        }
        return out.toString();
    }

    /** The headline's figures in one sentence. */
    String verdict() {
        Reproducibility.Summary headline = byEstimator.get(TrialEstimator.HEADLINE).overall();
        if (headline.cells() == 0) {
            return "No cell was measured in both runs: nothing reproduced or failed to.";
        }
        StringBuilder out = new StringBuilder("The headline (").append(TrialEstimator.HEADLINE.label())
                .append(") reproduced within ").append(Numbers.percent(headline.medianDeviation()))
                .append(" for half the cells and within ").append(Numbers.percent(headline.p95Deviation()))
                .append(" for 95%");
        if (headline.withInterval() == 0) {
            out.append("; no cell had an interval of its ratio.");
        } else {
            out.append("; ").append(Numbers.percent(headline.shareContainingOne())).append(" of intervals contain 1 (")
                    .append(headline.containingOne()).append(" of ").append(headline.withInterval()).append(").");
        }
        return out.toString();
    }

    private static String orUnknown(String text) {
        return text == null || text.isBlank() ? "unknown" : text;
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
