package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;

/**
 * Two synthetic runs of one sweep: onnx's cells drawn from the same distributions both times (an A/A pair), djl's
 * exactly 1.10x slower in the second, one cell without trials, and one cell measured in the first run only.
 */
class ReproducibilityTest {
    private static final List<Cell> ONNX = List.of(Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16),
            Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64), Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16),
            Fixtures.cell("onnx", "standard-ops", ModelKind.TRANSFORMER, 16));
    private static final List<Cell> DJL = List.of(Fixtures.cell("djl", "", ModelKind.LSTM, 16),
            Fixtures.cell("djl", "", ModelKind.LSTM, 64), Fixtures.cell("djl", "", ModelKind.GRU, 16));
    private static final Cell UNTRIED = Fixtures.cell("onnx", "fused-op", ModelKind.RNN, 16);
    private static final Cell FIRST_ONLY = Fixtures.cell("onnx", "fused-op", ModelKind.RNN, 64);

    private static RunRecord run(long seed, double djlFactor, double untriedMs, boolean withFirstOnly) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CellResult> cells = new ArrayList<>();
        double centre = 1;
        for (Cell cell : ONNX) {
            cells.add(Fixtures.ok(cell, centre, 0, false).withTrials(SyntheticTrials.around(random, 12, centre, 0.03)));
            centre *= 2;
        }
        for (Cell cell : DJL) {
            double slower = centre * djlFactor;
            cells.add(Fixtures.ok(cell, slower, 0, false).withTrials(SyntheticTrials.around(random, 12, slower, 0.03)));
            centre *= 2;
        }
        cells.add(Fixtures.ok(UNTRIED, untriedMs, 0, false));
        if (withFirstOnly) {
            cells.add(Fixtures.ok(FIRST_ONLY, 3, 0, false).withTrials(SyntheticTrials.around(random, 12, 3, 0.03)));
        }
        return new RunRecord(RunRecord.SCHEMA_VERSION, "run-" + seed, "2026-12-01T00:00:00Z", null,
                Fixtures.sweep(), Fixtures.environment(), cells, List.of());
    }

    private final RunRecord first = run(31, 1.0, 2.0, true);
    private final RunRecord second = run(32, 1.10, 2.1, false);

    @Test
    void theSlowerBackendIsShownChangedAndTheSteadyOneContainsOne() {
        Reproducibility aa = Reproducibility.of(first, second, TrialEstimator.MEDIAN_OF_MEDIANS, Bootstrap.DEFAULT);
        Reproducibility.Summary djl = aa.byBackend().get("djl");
        assertEquals(3, djl.cells());
        assertEquals(3, djl.withInterval());
        assertEquals(0, djl.containingOne());
        assertEquals(0.0, djl.shareContainingOne());
        assertEquals(0.10, djl.medianDeviation(), 0.03);

        Reproducibility.Summary onnx = aa.byBackend().get("onnx");
        assertEquals(5, onnx.cells(), "four cells with trials and one without");
        assertEquals(4, onnx.withInterval());
        assertEquals(4, onnx.containingOne());
        assertEquals(1.0, onnx.shareContainingOne());

        assertEquals(8, aa.overall().cells());
        assertEquals(7, aa.overall().withInterval());
        assertEquals(4.0 / 7, aa.overall().shareContainingOne(), 1e-12);
        assertEquals(List.of(FIRST_ONLY.key()), aa.unmatched());
    }

    @Test
    void aCellWithoutTrialsFallsBackToItsSingleFigureWithoutAnInterval() {
        Reproducibility aa = Reproducibility.of(first, second, TrialEstimator.MEDIAN_OF_MEDIANS, Bootstrap.DEFAULT);
        TrialRatio untried = aa.cells().stream().filter(c -> c.key().equals(UNTRIED.key())).findFirst().orElseThrow()
                .ratio();
        assertFalse(untried.hasInterval());
        // The fixtures' p50 is 0.98 of the mean in both runs, so the ratio is that of the means.
        assertEquals(1.05, untried.ratio(), 1e-12);
        assertEquals("no trials in either run: the cell's single figure, without an interval", untried.noInterval());
    }

    @Test
    void theSpreadIsTheMedianAndNinetyFifthPercentileOfTheDeviationsFromOne() {
        Reproducibility aa = Reproducibility.of(first, second, TrialEstimator.MEAN_OF_MEANS, Bootstrap.DEFAULT);
        double[] deviations = aa.cells().stream().mapToDouble(c -> Math.abs(c.ratio().ratio() - 1)).sorted()
                .toArray();
        // Eight deviations: R-7 puts the median halfway between the 4th and 5th, the 95th percentile at 0.65 of the
        // way from the 7th to the 8th.
        assertEquals((deviations[3] + deviations[4]) / 2, aa.overall().medianDeviation(), 1e-12);
        assertEquals(deviations[6] + 0.65 * (deviations[7] - deviations[6]), aa.overall().p95Deviation(), 1e-12);
    }

    @Test
    void everyEstimatorIsComparedSoTheSteadiestCanBeChosen() {
        Map<TrialEstimator, Reproducibility> all = Reproducibility.everyEstimator(first, second, Bootstrap.DEFAULT);
        assertEquals(TrialEstimator.values().length, all.size());
        for (Map.Entry<TrialEstimator, Reproducibility> entry : all.entrySet()) {
            Reproducibility.Summary djl = entry.getValue().byBackend().get("djl");
            Reproducibility.Summary onnx = entry.getValue().byBackend().get("onnx");
            assertEquals(entry.getKey(), entry.getValue().estimator());
            assertEquals(0.10, djl.medianDeviation(), 0.04, entry.getKey().label());
            assertTrue(onnx.medianDeviation() < 0.04, entry.getKey().label() + ": " + onnx);
        }
    }

    @Test
    void aRunAgainstItselfContainsOneEverywhereWithNoSpread() {
        Reproducibility same = Reproducibility.of(first, first, TrialEstimator.MEDIAN_OF_MINIMA, Bootstrap.DEFAULT);
        assertEquals(1.0, same.overall().shareContainingOne());
        assertEquals(0.0, same.overall().medianDeviation());
        assertEquals(0.0, same.overall().p95Deviation());
        assertTrue(same.unmatched().isEmpty());
    }
}
