package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Recommendation.Recommended;

class RunnerUpAndHistoryAccuracyTest {

    /** Six trials, fastest sample {@code min} (2% apart), each trial's median {@code medianFactor} times its min. */
    private static CellResult cell(Cell cell, double min, double medianFactor) {
        List<CellResult.Trial> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double m = min * (1 + 0.02 * i);
            trials.add(new CellResult.Trial(i, "2026-12-03T10:00:00Z", 100, m, null, m * medianFactor,
                    m * medianFactor, m * 1.3 * medianFactor, null, 0.01, 1.0, 0.0, false, false, 1.0));
        }
        CellResult base = LawRun.measured(cell, min, 1e-7);
        return new CellResult(cell, CellResult.Status.OK, null, base.latency(), base.throughput(), base.work(),
                base.gflops(), base.accuracy(), base.contention(), base.startedAt(), base.wallSeconds(), false,
                trials, Headlines.of(trials));
    }

    @Test
    void withAGoalTheRunnerUpMeetsItTooSoThatTheWinnerIsAlwaysTheFaster() {
        // onnx has the fastest minimum but medians three times it, past a 2 ms budget; djl and dl4j meet it.
        List<CellResult> cells = List.of(
                cell(LawRun.cell("onnx", ModelKind.LSTM, 64, 8, 1, 128), 1.0, 3.0),
                cell(LawRun.cell("djl", ModelKind.LSTM, 64, 8, 1, 128), 1.1, 1.1),
                cell(LawRun.cell("dl4j", ModelKind.LSTM, 64, 8, 1, 128), 1.5, 1.1));
        RunRecord law = new LawRun().record();
        RunRecord run = new RunRecord(law.schemaVersion(), law.runId(), law.createdAt(), law.completedAt(),
                law.sweep(), law.environment(), cells, List.of());
        Workload withinTwoMs = new Workload(ModelKind.LSTM, 64, 8, null, null, null, new Goal.LatencyBudget(2.0));
        Recommended answer = assertInstanceOf(Recommended.class, Recommendation.of(run, withinTwoMs).outcome());
        assertEquals("djl[v1]", answer.winner().label(false));
        assertEquals("dl4j[v1]", answer.runnerUp().label(false), "not onnx, which misses the budget");
        assertTrue(answer.margin().ratio() > 1, "margin " + answer.margin().ratio() + "x");

        RunRecord twoOnly = new RunRecord(law.schemaVersion(), law.runId(), law.createdAt(), law.completedAt(),
                law.sweep(), law.environment(), cells.subList(0, 2), List.of());
        Recommended alone = assertInstanceOf(Recommended.class, Recommendation.of(twoOnly, withinTwoMs).outcome());
        assertEquals("djl[v1]", alone.winner().label(false));
        assertNull(alone.runnerUp(), "no other candidate meets the budget");
        assertNull(alone.margin());
    }

    private static final Cell A = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16);

    private static CellResult steady(Cell cell, double scale, double maxAbsError) {
        double[] minima = new double[12];
        for (int i = 0; i < minima.length; i++) {
            minima[i] = scale * (1 + 0.01 * i);
        }
        CellResult ok = Fixtures.withTrials(Fixtures.ok(cell, minima[0], 0, false), Fixtures.trials(minima),
                TrialEstimator.HEADLINE);
        return new CellResult(ok.cell(), ok.status(), ok.reason(), ok.latency(), ok.throughput(), ok.work(),
                ok.gflops(), new CellResult.AccuracyFigures(maxAbsError, maxAbsError, 1e-4, 1), ok.contention(),
                ok.startedAt(), ok.wallSeconds(), ok.slowHost(), ok.trials(), ok.headline());
    }

    private static RunRecord run(String id, CellResult... cells) {
        return new RunRecord(RunRecord.SCHEMA_VERSION, id, "2026-12-01T00:00:00Z", null, Fixtures.sweep(),
                Fixtures.environment(), List.of(cells), List.of());
    }

    @Test
    void anAccuracyRegressionIsMaskedByABaselineRunThatLacksTheCell() {
        Cell other = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 64);
        RunRecord current = run("now", steady(A, 1.0, 1e-2), steady(other, 1.0, 1e-7)); // A now misses tolerance
        RunRecord newest = run("b1", steady(A, 1.0, 1e-7), steady(other, 1.0, 1e-7));  // A passed
        RunRecord older = run("b2", steady(other, 1.0, 1e-7));                           // A not yet in the sweep
        assertTrue(Comparison.of(newest, current).hasRegression(), "against b1 alone: less accurate");
        Comparison history = HistoryBaseline.compare("history:main~2", List.of(newest, older), current,
                Comparison.Settings.DEFAULT, Bootstrap.DEFAULT);
        assertTrue(history.hasRegression(), "the run that never measured A cannot vouch for its accuracy");
    }
}
