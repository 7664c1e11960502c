package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;

class HistoryBaselineTest {
    private static final Cell A = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16);
    private static final Cell B = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64);

    /** Twelve trials 1% apart, {@code scale} times 1 to 1.11. */
    private static CellResult steady(Cell cell, double scale) {
        double[] minima = new double[12];
        for (int i = 0; i < minima.length; i++) {
            minima[i] = scale * (1 + 0.01 * i);
        }
        return Fixtures.withTrials(Fixtures.ok(cell, minima[0], 0, false), Fixtures.trials(minima),
                TrialEstimator.HEADLINE);
    }

    private static RunRecord run(String id, CellResult... cells) {
        return new RunRecord(RunRecord.SCHEMA_VERSION, id, "2026-12-01T00:00:00Z", null, Fixtures.sweep(),
                Fixtures.environment(), List.of(cells), List.of());
    }

    private static CellComparison only(Comparison comparison, Cell cell) {
        return comparison.cells().stream().filter(c -> c.cell().equals(cell)).findFirst().orElseThrow();
    }

    @Test
    void aCellRegressesOnlyWhenSlowerThanEveryBaselineRunAndShowsTheSmallestOfItsRatios() {
        RunRecord current = run("now", steady(A, 1.5), steady(B, 1.3));
        List<RunRecord> baselines = List.of(run("b1", steady(A, 1.0), steady(B, 1.25)),
                run("b2", steady(A, 1.2), steady(B, 1.0)));
        Comparison comparison = HistoryBaseline.compare("history:main~2", baselines, current,
                Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertEquals("history:main~2", comparison.baselineRun());
        CellComparison a = only(comparison, A);
        assertEquals(Verdict.REGRESSION, a.verdict());
        assertEquals(1.25, a.ratioValue(), 1e-9, "against the slower baseline run, the smaller move");
        assertTrue(a.reason().startsWith("slower than every one of the 2 baseline runs; "), a.reason());

        CellComparison b = only(comparison, B);
        assertEquals(Verdict.NO_CHANGE, b.verdict(), "1.3x slower than one run, as slow as the other");
        assertEquals("slower than 1 of 2 baseline runs: within the spread between them", b.reason());
        assertEquals(1.3 / 1.25, b.ratioValue(), 1e-9);
        assertTrue(comparison.hasRegression());
    }

    @Test
    void aCellImprovesOnlyWhenFasterThanEveryBaselineRun() {
        RunRecord current = run("now", steady(A, 0.5));
        Comparison faster = HistoryBaseline.compare("h", List.of(run("b1", steady(A, 1.0)), run("b2", steady(A, 0.8))),
                current, Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertEquals(Verdict.IMPROVEMENT, faster.cells().getFirst().verdict());
        assertEquals(0.5 / 0.8, faster.cells().getFirst().ratioValue(), 1e-9);
        Comparison mixed = HistoryBaseline.compare("h", List.of(run("b1", steady(A, 1.0)), run("b2", steady(A, 0.5))),
                current, Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertEquals(Verdict.NO_CHANGE, mixed.cells().getFirst().verdict());
        assertEquals("faster than 1 of 2 baseline runs: within the spread between them",
                mixed.cells().getFirst().reason());
        assertFalse(mixed.hasRegression());
    }

    @Test
    void aCellMissingFromABaselineRunIsJudgedAgainstTheRunsThatMeasuredIt() {
        RunRecord current = run("now", steady(A, 1.5), steady(B, 1.0));
        Comparison comparison = HistoryBaseline.compare("h", List.of(run("b1", steady(B, 1.0)),
                run("b2", steady(A, 1.0), steady(B, 1.0))), current, Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        CellComparison a = only(comparison, A);
        assertEquals(Verdict.REGRESSION, a.verdict());
        assertTrue(a.reason().startsWith("slower than each of the 1 baseline runs that measured it (of 2); "),
                a.reason());
        assertEquals(Verdict.NO_CHANGE, only(comparison, B).verdict());

        Comparison nowhere = HistoryBaseline.compare("h", List.of(run("b1", steady(B, 1.0))), current,
                Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertEquals(Verdict.NOT_COMPARABLE, only(nowhere, A).verdict());
        assertEquals("not in the baseline", only(nowhere, A).reason());
    }

    /** Twelve trials spread from {@code scale} to {@code spread} times it: an interval too wide for a verdict. */
    private static CellResult scattered(Cell cell, double scale, double spread) {
        double[] minima = new double[12];
        for (int i = 0; i < minima.length; i++) {
            minima[i] = scale * (1 + (spread - 1) * i / 11.0);
        }
        return Fixtures.withTrials(Fixtures.ok(cell, minima[0], 0, false), Fixtures.trials(minima),
                TrialEstimator.HEADLINE);
    }

    @Test
    void aNoisyComparisonAgreesWithARegressionOnlyWhenItsWholeIntervalIsPastTheThreshold() {
        RunRecord slower = run("now", steady(A, 2.0));
        RunRecord clear = run("b1", steady(A, 1.0));
        CellComparison wideButSlower = Comparison.of(run("b2", scattered(A, 1.0, 1.6)), slower).cells().getFirst();
        assertEquals(Verdict.NOISY, wideButSlower.verdict(), wideButSlower.reason());
        assertTrue(wideButSlower.ratio().interval().low() > 1.05, wideButSlower.ratio().interval().toString());
        Comparison agreed = HistoryBaseline.compare("h", List.of(clear, run("b2", scattered(A, 1.0, 1.6))), slower,
                Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertEquals(Verdict.REGRESSION, agreed.cells().getFirst().verdict());

        RunRecord barely = run("now", steady(A, 1.2));
        CellComparison wideAcrossOne = Comparison.of(run("b2", scattered(A, 1.1, 1.6)), barely).cells().getFirst();
        assertEquals(Verdict.NOISY, wideAcrossOne.verdict());
        assertTrue(wideAcrossOne.ratio().interval().low() < 1, wideAcrossOne.ratio().interval().toString());
        Comparison undecided = HistoryBaseline.compare("h", List.of(clear, run("b2", scattered(A, 1.1, 1.6))),
                barely, Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertEquals(Verdict.NOISY, undecided.cells().getFirst().verdict());
        assertTrue(undecided.cells().getFirst().reason().endsWith("(against 1 of 2 baseline runs)"),
                undecided.cells().getFirst().reason());
    }

    @Test
    void noBaselineRunsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HistoryBaseline.compare("h", List.of(), run("now"),
                Comparison.Settings.DEFAULT, Bootstrap.DEFAULT));
    }
}
