package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;

/**
 * Synthetic runs of known answer: every trial of the current run is the baseline's trial scaled by a known factor,
 * so that each cell's true ratio, and so its verdict, is known.
 */
class ComparisonTest {
    private static final Cell A = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16);
    private static final Cell B = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64);
    private static final Cell C = Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16);
    private static final Cell D = Fixtures.cell("djl", "", ModelKind.LSTM, 16);
    private static final Cell E = Fixtures.cell("djl", "", ModelKind.LSTM, 64);
    private static final Cell F = Fixtures.cell("djl", "", ModelKind.GRU, 16);

    /** {@code n} trials whose minima are {@code scale} times 1, 1 + step, 1 + 2 step, ... */
    private static double[] minima(int n, double step, double scale) {
        double[] minima = new double[n];
        for (int i = 0; i < n; i++) {
            minima[i] = scale * (1 + step * i);
        }
        return minima;
    }

    /** An ok, undisturbed cell measured as {@code minima}. */
    private static CellResult measured(Cell cell, double... minima) {
        return Fixtures.withTrials(Fixtures.ok(cell, minima[0], 0, false), Fixtures.trials(minima),
                TrialEstimator.HEADLINE);
    }

    /** Twelve trials 1% apart, {@code scale} times 1 to 1.11. */
    private static CellResult steady(Cell cell, double scale) {
        return measured(cell, minima(12, 0.01, scale));
    }

    private static RunRecord run(String id, CellResult... cells) {
        return new RunRecord(RunRecord.SCHEMA_VERSION, id, "2026-12-01T00:00:00Z", null, Fixtures.sweep(),
                Fixtures.environment(), List.of(cells), List.of());
    }

    private static CellResult withAccuracy(CellResult result, double maxAbsError, double tolerance) {
        return new CellResult(result.cell(), result.status(), result.reason(), result.latency(), result.throughput(),
                result.work(), result.gflops(), new CellResult.AccuracyFigures(maxAbsError, maxAbsError, tolerance, 1),
                result.contention(), result.startedAt(), result.wallSeconds(), result.slowHost(), result.trials(),
                result.headline());
    }

    private static CellComparison only(RunRecord baseline, RunRecord current) {
        Comparison comparison = Comparison.of(baseline, current);
        assertEquals(1, comparison.cells().size(), comparison.cells().toString());
        return comparison.cells().getFirst();
    }

    @Test
    void identicalRunsShowNoChangeEverywhereWithAPValueOfOne() {
        RunRecord run = run("a", steady(A, 1), steady(B, 4), measured(C, minima(12, 0.002, 2)));
        Comparison same = Comparison.of(run, run);
        assertEquals(3, same.cells().size());
        for (CellComparison cell : same.cells()) {
            assertEquals(Verdict.NO_CHANGE, cell.verdict(), cell.reason());
            assertEquals(1.0, cell.ratioValue());
            assertEquals(1.0, cell.pValue(), 1e-9);
            assertTrue(cell.ratio().containsOne());
            assertFalse(cell.fewTrials());
        }
        assertEquals(3, same.summary().count(Verdict.NO_CHANGE));
        assertEquals(0, same.summary().count(Verdict.REGRESSION));
        assertFalse(same.hasRegression());
        assertEquals("a", same.baselineRun());
    }

    @Test
    void aCellTwentyPercentSlowerInEveryTrialIsARegression() {
        CellComparison slower = only(run("a", steady(A, 1)), run("b", steady(A, 1.2)));
        assertEquals(Verdict.REGRESSION, slower.verdict(), slower.reason());
        assertEquals(1.2, slower.ratioValue(), 1e-12);
        // 12 against 12: the interval's ends are each minimum against the other's 5th fastest (1.04).
        assertEquals(1.2 / 1.04, slower.ratio().interval().low(), 1e-12);
        assertEquals(1.2 * 1.04, slower.ratio().interval().high(), 1e-12);
        assertTrue(slower.ratio().interval().low() > 1);
        assertTrue(slower.pValue() < 0.01, "p = " + slower.pValue());
        assertEquals("1.20x, interval 1.15 to 1.25: slower by more than 5%", slower.reason());
        assertTrue(slower.regressed());
        assertTrue(Comparison.of(run("a", steady(A, 1)), run("b", steady(A, 1.2))).hasRegression());
    }

    @Test
    void aCellTwentyPercentFasterIsAnImprovementAndNoRegression() {
        Comparison faster = Comparison.of(run("a", steady(A, 1)), run("b", steady(A, 0.8)));
        CellComparison cell = faster.cells().getFirst();
        assertEquals(Verdict.IMPROVEMENT, cell.verdict(), cell.reason());
        assertTrue(cell.ratio().interval().high() < 1);
        assertTrue(cell.pValue() < 0.01);
        assertFalse(faster.hasRegression());
        assertEquals(1, faster.summary().count(Verdict.IMPROVEMENT));
    }

    @Test
    void aCellThreePercentSlowerIsNoChangeThoughItsIntervalExcludesOne() {
        CellComparison slightly = only(run("a", measured(A, minima(12, 0.002, 1))),
                run("b", measured(A, minima(12, 0.002, 1.03))));
        assertEquals(Verdict.NO_CHANGE, slightly.verdict(), slightly.reason());
        assertTrue(slightly.ratio().interval().low() > 1, slightly.ratio().interval().toString());
        assertTrue(slightly.pValue() < 0.01, "p = " + slightly.pValue());
        assertEquals("1.03x, interval 1.02 to 1.04 excludes 1 but the change is within 5%", slightly.reason());
    }

    @Test
    void theImprovementSideOfTheThresholdIsOneOverOnePlusIt() {
        Comparison.Settings settings = Comparison.Settings.DEFAULT;
        assertEquals(1.05, settings.slowerBound(), 1e-15);
        assertEquals(1 / 1.05, settings.fasterBound(), 1e-15);
        // 0.9525x lies within 1 / 1.05 = 0.95238, the same move in log space as 1.05x slower: no change. 0.951x lies
        // past it, an improvement, though 1 - 0.05 = 0.95 would have called it none. Both intervals lie below 1.
        CellComparison justInside = only(run("a", measured(A, minima(12, 0.001, 1))),
                run("b", measured(A, minima(12, 0.001, 0.9525))));
        assertEquals(Verdict.NO_CHANGE, justInside.verdict(), justInside.reason());
        CellComparison pastIt = only(run("a", measured(A, minima(12, 0.001, 1))),
                run("b", measured(A, minima(12, 0.001, 0.951))));
        assertEquals(Verdict.IMPROVEMENT, pastIt.verdict(), pastIt.reason());
    }

    @Test
    void aContendedBaselineCellIsNoisyWhateverItsRatio() {
        CellResult contended = Fixtures.withTrials(Fixtures.ok(A, 1, 1.5, true), Fixtures.trials(minima(12, 0.01, 1)),
                TrialEstimator.HEADLINE);
        CellComparison cell = only(run("a", contended), run("b", steady(A, 1.2)));
        assertEquals(Verdict.NOISY, cell.verdict());
        assertEquals("baseline measured under contention", cell.reason());
        assertFalse(cell.regressed(), "a noisy cell never counts as a regression");
        assertEquals(1.2, cell.ratioValue(), 1e-12);

        CellComparison slowHost = only(run("a", steady(A, 1)), run("b", steady(A, 1).withSlowHost(true)));
        assertEquals(Verdict.NOISY, slowHost.verdict());
        assertEquals("current measured on a slow host", slowHost.reason());
    }

    @Test
    void wideScatterIsNoisyByItsIntervalsWidth() {
        CellResult scattered = measured(A, minima(12, 0.1, 1));
        CellComparison cell = only(run("a", scattered), run("b", scattered));
        assertEquals(Verdict.NOISY, cell.verdict());
        assertEquals("interval 0.71 to 1.40 is wider than 20%: measure more trials (--trials)", cell.reason());
        // A wider maximum accepts it.
        Comparison lenient = Comparison.of(run("a", scattered), run("b", scattered),
                new Comparison.Settings(0.05, 1.0), Bootstrap.DEFAULT);
        assertEquals(Verdict.NO_CHANGE, lenient.cells().getFirst().verdict());
    }

    @Test
    void trialsTooFewForAnIntervalAreNoisy() {
        CellComparison cell = only(run("a", measured(A, 1, 1.01, 1.02)), run("b", measured(A, 2, 2.01, 2.02)));
        assertEquals(Verdict.NOISY, cell.verdict());
        assertEquals("3 trials; the ratio of minima needs at least 4 in each cell: measure more trials (--trials)",
                cell.reason());
        assertFalse(cell.regressed());
    }

    @Test
    void fewerThanNineTrialsASideCarryANoteThatTheUTestIsWeak() {
        Comparison comparison = Comparison.of(run("a", measured(A, minima(6, 0.01, 1))),
                run("b", measured(A, minima(6, 0.01, 1.2))));
        CellComparison cell = comparison.cells().getFirst();
        assertEquals(Verdict.REGRESSION, cell.verdict(), cell.reason());
        assertTrue(cell.fewTrials());
        assertEquals(1, comparison.summary().fewTrials());
        // Six against six wholly apart is the U test's best: Commons Math's normal approximation gives 0.0039.
        assertEquals(CellComparison.lowestPValue(6, 6), cell.pValue(), 1e-12);
        assertTrue(cell.pValue() > 0.002 && cell.pValue() < 0.005, "p = " + cell.pValue());
        assertEquals("6 and 6 trials: fewer than 9 a side make the U test weak (its p-value cannot go below 0.004)",
                cell.fewTrialsNote().orElseThrow());
        assertTrue(Comparison.of(run("a", steady(A, 1)), run("b", steady(A, 1))).cells().getFirst().fewTrialsNote()
                .isEmpty());
    }

    @Test
    void missingFailedUntriedOrDifferentlyToleratedCellsAreNotComparable() {
        CellResult failed = new CellResult(D, CellResult.Status.FAILED, "out of memory", null, null, null, null, null,
                null, "2026-12-01T00:00:00Z", 1.0, null);
        RunRecord baseline = run("a", steady(A, 1), steady(B, 1), Fixtures.ok(C, 1, 0, false), steady(D, 1),
                steady(E, 1));
        RunRecord current = run("b", steady(A, 1), Fixtures.ok(C, 1, 0, false), failed,
                withAccuracy(steady(E, 1), 1e-7, 1e-3), steady(F, 1));
        Comparison comparison = Comparison.of(baseline, current);
        assertEquals(List.of(A.key(), B.key(), C.key(), D.key(), E.key(), F.key()),
                comparison.cells().stream().map(CellComparison::key).toList());
        List<String> reasons = comparison.cells().stream().skip(1).map(CellComparison::reason).toList();
        assertEquals(List.of("not in the current run",
                "no trials in either run (an older record, measured as one fork): nothing to compute an interval "
                        + "across",
                "failed (out of memory) in the current run",
                "accuracy tolerance 1.0E-4 in the baseline but 0.001 in the current run",
                "not in the baseline"), reasons);
        comparison.cells().stream().skip(1)
                .forEach(cell -> assertEquals(Verdict.NOT_COMPARABLE, cell.verdict(), cell.reason()));
        assertEquals(5, comparison.summary().count(Verdict.NOT_COMPARABLE));
        assertEquals(1, comparison.summary().count(Verdict.NO_CHANGE));
        assertFalse(comparison.hasRegression());

        CellComparison oneSide = only(run("a", Fixtures.ok(A, 1, 0, false)), run("b", steady(A, 1)));
        assertEquals(Verdict.NOT_COMPARABLE, oneSide.verdict());
        assertTrue(oneSide.reason().startsWith("no trials in the baseline (an older record"), oneSide.reason());
    }

    @Test
    void accuracyFailingOnlyInTheCurrentRunIsARegressionEvenWhenFaster() {
        CellResult wrongButFast = withAccuracy(steady(A, 0.8), 2e-4, 1e-4);
        Comparison comparison = Comparison.of(run("a", steady(A, 1), steady(B, 1)),
                run("b", wrongButFast, withAccuracy(steady(B, 1), 3e-4, 1e-4)));
        CellComparison fast = comparison.cells().get(0);
        assertEquals(Verdict.IMPROVEMENT, fast.verdict());
        assertTrue(fast.accuracyRegressed());
        assertTrue(fast.regressed());
        assertTrue(comparison.cells().get(1).accuracyRegressed());
        assertEquals(Verdict.NO_CHANGE, comparison.cells().get(1).verdict());
        assertEquals(2, comparison.summary().accuracyRegressions());
        assertEquals(0, comparison.summary().count(Verdict.REGRESSION));
        assertTrue(comparison.hasRegression());

        // Failing in both runs is no regression: the baseline did not pass either.
        Comparison bothFail = Comparison.of(run("a", withAccuracy(steady(A, 1), 2e-4, 1e-4)),
                run("b", withAccuracy(steady(A, 1), 2e-4, 1e-4)));
        assertFalse(bothFail.cells().getFirst().accuracyRegressed());
        assertFalse(bothFail.hasRegression());
    }

    @Test
    void cellsAreOrderedRegressionsFirstThenImprovementsNoisyNoChangeAndNotComparableEachByTheirMove() {
        CellResult contended = Fixtures.withTrials(Fixtures.ok(E, 1, 1.5, true), Fixtures.trials(minima(12, 0.01, 1)),
                TrialEstimator.HEADLINE);
        RunRecord baseline = run("a", steady(A, 1), steady(B, 1), steady(C, 1), steady(D, 1), contended,
                steady(F, 1));
        Cell g = Fixtures.cell("djl", "", ModelKind.RNN, 16);
        RunRecord current = run("b", steady(A, 1), steady(B, 1.2), steady(C, 0.8),
                withAccuracy(steady(D, 1.01), 2e-4, 1e-4), steady(E, 1.3), steady(F, 1.5), steady(g, 1));
        Comparison comparison = Comparison.of(baseline, current);
        List<String> order = comparison.ordered().stream().map(CellComparison::key).toList();
        // F (1.5x) and B (1.2x) regressed, D lost accuracy (1.01x); C improved; E is noisy; A unchanged; G new.
        assertEquals(List.of(F.key(), B.key(), D.key(), C.key(), E.key(), A.key(), g.key()), order);
        Comparison.Summary summary = comparison.summary();
        assertEquals(2, summary.count(Verdict.REGRESSION));
        assertEquals(1, summary.count(Verdict.IMPROVEMENT));
        assertEquals(1, summary.count(Verdict.NOISY));
        assertEquals(2, summary.count(Verdict.NO_CHANGE));
        assertEquals(1, summary.count(Verdict.NOT_COMPARABLE));
        assertEquals(Arrays.stream(Verdict.values()).toList(), new ArrayList<>(summary.counts().keySet()));
    }

    @Test
    void theSettingsRejectThresholdsOutsideZeroToOneAndWidthsNotAboveZero() {
        for (double bad : new double[] {0, 1, -0.05, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Comparison.Settings(bad, 0.2));
            assertEquals("threshold " + bad + " is not accepted: it must lie strictly between 0 and 1 (0.05 for 5%)",
                    e.getMessage());
        }
        for (double bad : new double[] {0, -0.2, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Comparison.Settings(0.05, bad));
            assertEquals("maximum interval width " + bad + " is not accepted: it must be above 0 (0.20 for 20%)",
                    e.getMessage());
        }
        assertEquals(new Comparison.Settings(0.05, 0.20), Comparison.Settings.DEFAULT);
    }
}
