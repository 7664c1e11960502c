package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.analysis.Bootstrap;
import org.seqbench.results.analysis.TrialEstimator;

/**
 * The A/A report on records of known answer: identical trials (every ratio 1), one cell twice as slow in every
 * trial, cells without trials, cells measured in one run only, and runs that differ in sweep, commit or host.
 */
class ReproducibilityReportTest {
    /** Few resamples: the tests check which side of 1 an interval lies, which a coarse bootstrap decides as well. */
    private static final Bootstrap BOOTSTRAP = new Bootstrap(400, 7);

    private static final List<Cell> CELLS = List.of(Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16),
            Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64), Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16),
            Fixtures.cell("djl", "", ModelKind.LSTM, 16), Fixtures.cell("djl", "", ModelKind.GRU, 16));
    private static final Cell UNTRIED = Fixtures.cell("onnx", "fused-op", ModelKind.RNN, 16);
    private static final Cell UNTRIED_TOO = Fixtures.cell("djl", "", ModelKind.RNN, 16);
    private static final Cell FIRST_ONLY = Fixtures.cell("onnx", "fused-op", ModelKind.RNN, 64);

    /** Ten trials scattered by a few percent around {@code centreMs}, the same for the same centre. */
    private static List<CellResult.Trial> trials(double centreMs) {
        List<CellResult.Trial> trials = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double factor = 1 + 0.02 * ((i * 7 % 10) - 4.5) / 4.5;
            double median = centreMs * factor;
            trials.add(new CellResult.Trial(i, "2026-12-01T00:00:00Z", 100, median * 0.95, null, median,
                    median * 1.02, median * 1.1, null, 0.01, null, null, false, null, 1.0));
        }
        return trials;
    }

    /** A record of {@link #CELLS}, each cell's trials around its own centre times what {@code slower} says. */
    private static RunRecord run(String runId, UnaryOperator<Double> slowdown, List<CellResult> extra) {
        List<CellResult> cells = new ArrayList<>();
        double centre = 1;
        for (Cell cell : CELLS) {
            double ms = centre * slowdown.apply(centre);
            cells.add(Fixtures.ok(cell, ms, 0, false).withTrials(trials(ms)));
            centre *= 2;
        }
        cells.addAll(extra);
        return new RunRecord(RunRecord.SCHEMA_VERSION, runId, "2026-12-01T00:00:00Z", "2026-12-01T00:10:00Z",
                Fixtures.sweep(), Fixtures.environment(), cells, List.of());
    }

    private static RunRecord steady(String runId) {
        return run(runId, centre -> 1.0, List.of());
    }

    private static String markdown(RunRecord first, RunRecord second) {
        return ReproducibilityReport.of(first, second, TrialEstimator.HEADLINE, BOOTSTRAP).markdown();
    }

    /** The rows of the cell-by-cell table, in order. */
    private static List<String> cellRows(String markdown) {
        String table = markdown.substring(markdown.indexOf("| cell | first (ms)"));
        return table.lines().skip(2).takeWhile(line -> line.startsWith("|")).toList();
    }

    @Test
    void identicalTrialsGiveRatioOneEverywhereWithEveryIntervalContainingOne() {
        String markdown = markdown(steady("a"), steady("b"));
        for (TrialEstimator estimator : TrialEstimator.values()) {
            assertTrue(markdown.contains(" | `" + estimator.id() + "` | 5 | 100% (5 of 5) | 0% | 0% |"),
                    estimator + " in:\n" + markdown);
        }
        List<String> rows = cellRows(markdown);
        assertEquals(5, rows.size(), markdown);
        assertTrue(rows.stream().allMatch(row -> row.matches(".* \\| 1 \\| [0-9.]+ – [0-9.]+ \\| yes \\|")),
                String.join("\n", rows));
        assertTrue(markdown.endsWith("## Verdict\n\nThe headline (" + TrialEstimator.HEADLINE.label() + ") reproduced within 0% for "
                + "half the cells and within 0% for 95%; 100% of intervals contain 1 (5 of 5).\n"), markdown);
        assertFalse(markdown.contains("Warning"), "the same sweep, commit and host: " + markdown);
        assertFalse(markdown.contains("Unmatched"));
    }

    @Test
    void aCellTwiceAsSlowInEveryTrialExcludesOneAndComesFirst() {
        // The third cell (centre 4 ms, onnx gru) is twice as slow in the second run.
        String markdown = markdown(steady("a"), run("b", centre -> centre == 4 ? 2.0 : 1.0, List.of()));
        List<String> rows = cellRows(markdown);
        assertTrue(rows.getFirst().startsWith("| onnx[fused-op] gru T=16 "), rows.getFirst());
        assertTrue(rows.getFirst().matches(".* \\| 2 \\| [0-9.]+ – [0-9.]+ \\| \\*\\*no\\*\\* \\|"), rows.getFirst());
        assertTrue(rows.stream().skip(1).allMatch(row -> row.endsWith("| yes |")), String.join("\n", rows));
        assertTrue(markdown.contains("| **" + TrialEstimator.HEADLINE.label() + "** (headline) | `" + TrialEstimator.HEADLINE.id() + "` | 5 | 80% (4 of 5) "
                + "| 0% | 80% |"), markdown);
        assertTrue(markdown.contains("| onnx | **" + TrialEstimator.HEADLINE.label() + "** (headline) | 3 | 67% (2 of 3) |"),
                "per backend: " + markdown);
        assertTrue(markdown.contains("| djl | **" + TrialEstimator.HEADLINE.label() + "** (headline) | 2 | 100% (2 of 2) | 0% | 0% |"),
                markdown);
        assertTrue(markdown.contains("reproduced within 0% for half the cells and within 80% for 95%; 80% of "
                + "intervals contain 1 (4 of 5)."), markdown);
    }

    @Test
    void cellsWithoutTrialsAreSaidOnceAndHaveNoInterval() {
        List<CellResult> untried = List.of(Fixtures.ok(UNTRIED, 2, 0, false), Fixtures.ok(UNTRIED_TOO, 3, 0, false));
        String markdown = markdown(run("a", centre -> 1.0, untried), run("b", centre -> 1.0, untried));
        assertEquals(2, cellRows(markdown).stream().filter(row -> row.endsWith("| — | — |")).count(), markdown);
        assertEquals(1, markdown.split("no trials in either run", -1).length - 1, "said once: " + markdown);
        assertTrue(markdown.contains("2 cells have no interval (no trials in either run: the cell's single figure, "
                + "without an interval): they count in the spread of the ratios but not in the share containing 1."),
                markdown);
        assertTrue(markdown.contains("| `" + TrialEstimator.HEADLINE.id() + "` | 7 | 100% (5 of 5) |"), markdown);
    }

    @Test
    void cellsMeasuredInOneRunOnlyAreListedAndNotCompared() {
        RunRecord first = run("a", centre -> 1.0, List.of(Fixtures.ok(FIRST_ONLY, 3, 0, false)
                .withTrials(trials(3))));
        String markdown = markdown(first, steady("b"));
        assertTrue(markdown.contains("## Unmatched cells\n\n1 cell was measured ok in one run only and not "
                + "compared:\n\n- onnx[fused-op] rnn T=64 B=1 H=128 L=1 threads=1: first run only\n"), markdown);
        assertEquals(5, cellRows(markdown).size());
        String reversed = markdown(steady("b"), first);
        assertTrue(reversed.contains("rnn T=64 B=1 H=128 L=1 threads=1: second run only"), reversed);
    }

    @Test
    void differentSweepsCommitsAndHostsAreStatedButAShardIsNot() {
        RunRecord first = steady("a");
        RunRecord sharded = new RunRecord(first.schemaVersion(), "b", first.createdAt(), first.completedAt(),
                first.sweep().withShard(new SweepSpec.Shard(1, 2)), first.environment(), first.cells(), List.of());
        assertFalse(markdown(first, sharded).contains("Warning"), "two shards of one sweep are one sweep");

        SweepSpec sweep = first.sweep();
        SweepSpec otherSweep = new SweepSpec(sweep.profile(), sweep.backends(), sweep.kinds(), List.of(16, 256),
                sweep.batches(), sweep.hiddenSizes(), sweep.layers(), sweep.threads(), sweep.inputSize(),
                sweep.heads(), sweep.ffnRatio(), sweep.outputSize(), sweep.bidirectional(), sweep.variants(), 43,
                sweep.tolerance(), sweep.measurement(), null);
        Environment environment = first.environment();
        Environment elsewhere = new Environment("Intel Xeon", environment.logicalCores(), environment.memoryBytes(),
                environment.os(), environment.jvm(), "other-box", "def5678", environment.seqbenchVersion(),
                environment.backends(), environment.threadEnvironment(), environment.peaks(), environment.fmaPeaks(),
                environment.bandwidths());
        RunRecord second = new RunRecord(first.schemaVersion(), "b", first.createdAt(), first.completedAt(),
                otherSweep, elsewhere, first.cells(), List.of());
        ReproducibilityReport report = ReproducibilityReport.of(first, second, TrialEstimator.HEADLINE, BOOTSTRAP);
        assertEquals(List.of("seqLens", "seed"), report.sweepDifferences());
        String markdown = report.markdown();
        assertTrue(markdown.contains("> **Warning:** the two runs measured different sweeps (seqLens, seed differ)"),
                markdown);
        assertTrue(markdown.contains("> **Warning:** the runs were measured on different commits (abc1234 and "
                + "def5678)"), markdown);
        assertTrue(markdown.contains("> **Warning:** the runs were measured on different hosts (box, AMD EPYC and "
                + "other-box, Intel Xeon)"), markdown);
        assertTrue(markdown.contains("| host | box | other-box |"), markdown);
    }

    @Test
    void theHeaderShowsEachRunsCanaryRangeAndDisturbedCells() {
        RunRecord first = steady("a");
        List<CellResult> cells = new ArrayList<>(first.cells());
        cells.set(0, cells.get(0).withSlowHost(true));
        RunRecord second = new RunRecord(first.schemaVersion(), "b", first.createdAt(), first.completedAt(),
                first.sweep(), first.environment(), cells,
                List.of(new CanarySample("2026-12-01T00:00:01Z", 30, 31, 3, 0.0, 0.0),
                        new CanarySample("2026-12-01T00:05:00Z", 36, 37, 3, 0.0, 0.0)));
        String markdown = markdown(first, second);
        assertTrue(markdown.contains("| host-speed canary | not recorded | fastest visit 30 ms, slowest 36 ms: 1.2x "
                + "over 2 visits (the host slowed down by more than the slow-host factor 1.15) |"), markdown);
        assertTrue(markdown.contains("| disturbed cells | 0 of 5 | 1 of 5 (0 contended, 1 on a slow host) |"),
                markdown);
        assertTrue(cellRows(markdown).stream().anyMatch(row -> row.startsWith("| onnx[fused-op] lstm T=16 B=1 H=128 "
                + "L=1 threads=1 " + MarkdownSummary.CONTENDED_MARK + " |")), markdown);
    }

    @Test
    void anotherEstimatorsCellsCanBeShownAndTheVerdictStaysTheHeadlines() {
        String markdown = ReproducibilityReport.of(steady("a"), steady("b"), TrialEstimator.MEAN_OF_MEANS, BOOTSTRAP)
                .markdown();
        assertTrue(markdown.contains("## Cell by cell: mean of trial means\n"), markdown);
        assertTrue(markdown.contains("The headline (" + TrialEstimator.HEADLINE.label() + ") reproduced"), markdown);
    }

    @Test
    void runsWithoutCommonCellsHaveNothingMatched() {
        RunRecord first = steady("a");
        RunRecord empty = new RunRecord(first.schemaVersion(), "b", first.createdAt(), null, first.sweep(),
                first.environment(), List.of(), List.of());
        assertFalse(ReproducibilityReport.of(first, empty, TrialEstimator.HEADLINE, BOOTSTRAP).anyMatched());
        assertTrue(ReproducibilityReport.of(first, first, TrialEstimator.HEADLINE, BOOTSTRAP).anyMatched());
    }

    @Test
    void everyEstimatorHasAnIdThatReadsBack() {
        assertEquals("median-of-minima", TrialEstimator.MEDIAN_OF_MINIMA.id());
        for (TrialEstimator estimator : TrialEstimator.values()) {
            assertEquals(estimator, TrialEstimator.byId(estimator.id()).orElseThrow());
        }
        assertTrue(TrialEstimator.byId("MEDIAN_OF_MINIMA").isEmpty());
    }
}
