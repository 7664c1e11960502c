package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;

class PooledRunsTest {
    private static final Cell LSTM = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16);
    private static final Cell GRU = Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16);

    private static CellResult measured(Cell cell, double... minima) {
        return Fixtures.withTrials(Fixtures.ok(cell, minima[0], 0, false), Fixtures.trials(minima),
                TrialEstimator.HEADLINE);
    }

    private static RunRecord run(String id, Environment environment, CellResult... cells) {
        return new RunRecord(RunRecord.SCHEMA_VERSION, id, "2026-12-01T00:00:0" + id.length() + "Z", null,
                Fixtures.sweep(), environment, List.of(cells), List.of());
    }

    @Test
    void eachCellPoolsTheTrialsOfEveryRunAndItsHeadlineIsRecomputedOverThem() {
        RunRecord newest = run("new", Fixtures.environment(), measured(LSTM, 1.10, 1.12, 1.14));
        RunRecord older = run("older", Fixtures.environment(), measured(LSTM, 1.00, 1.02, 1.04),
                measured(GRU, 2.0, 2.1, 2.2));
        RunRecord pooled = PooledRuns.pool("main~2", List.of(newest, older));

        assertEquals("main~2", pooled.runId());
        assertSame(newest.environment(), pooled.environment());
        assertEquals(List.of(LSTM, GRU), pooled.cells().stream().map(CellResult::cell).toList(),
                "the newest run's cells first, then those only older runs measured");
        CellResult lstm = pooled.cells().getFirst();
        assertEquals(6, lstm.trials().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), lstm.trials().stream().map(CellResult.Trial::index).toList());
        assertEquals(1.00, lstm.headline().value(), 1e-12, "the minimum over every pooled trial");
        assertEquals(6, lstm.headline().trials());
        assertEquals(3, pooled.cells().get(1).trials().size());
    }

    @Test
    void cellsNotOkOrOfAnotherToleranceDoNotPool() {
        CellResult failed = CellResult.skipped(LSTM, "out of memory", null, "2026-12-01T00:00:00Z");
        CellResult otherTolerance = new CellResult(LSTM, CellResult.Status.OK, null,
                measured(LSTM, 0.5, 0.5, 0.5).latency(), null, null, null,
                new CellResult.AccuracyFigures(1e-7, 1e-7, 1e-3, 1), null, "2026-12-01T00:00:00Z", 1, false,
                Fixtures.trials(0.5, 0.5, 0.5), Headlines.of(Fixtures.trials(0.5, 0.5, 0.5)));
        RunRecord pooled = PooledRuns.pool("main~3", List.of(
                run("a", Fixtures.environment(), measured(LSTM, 1.1, 1.2, 1.3)),
                run("b", Fixtures.environment(), failed),
                run("c", Fixtures.environment(), otherTolerance)));
        CellResult lstm = pooled.cells().getFirst();
        assertEquals(3, lstm.trials().size());
        assertEquals(1.1, lstm.headline().value(), 1e-12);

        RunRecord onlyFailed = PooledRuns.pool("main~1", List.of(run("b", Fixtures.environment(), failed)));
        assertSame(failed, onlyFailed.cells().getFirst(), "a cell no run measured ok stays as the newest run has it");
    }

    @Test
    void aPooledCellIsDisturbedOnlyWhenEveryTrialWas() {
        List<CellResult.Trial> contended = Fixtures.trials(1.0, 1.0).stream()
                .map(trial -> new CellResult.Trial(trial.index(), trial.startedAt(), trial.samples(), trial.min(),
                        trial.p10(), trial.median(), trial.mean(), trial.p90(), trial.p99(), 1.5, 1.0, null, true,
                        false, trial.seconds()))
                .toList();
        CellResult disturbed = Fixtures.withTrials(Fixtures.ok(LSTM, 1.0, 1.5, true), contended,
                TrialEstimator.HEADLINE);
        assertTrue(PooledRuns.pool("x", List.of(run("a", Fixtures.environment(), disturbed))).cells().getFirst()
                .disturbed());
        RunRecord mixed = PooledRuns.pool("x", List.of(run("a", Fixtures.environment(), disturbed),
                run("b", Fixtures.environment(), measured(LSTM, 1.2, 1.3))));
        assertFalse(mixed.cells().getFirst().disturbed());
    }

    @Test
    void runsOfAnotherMachineOrNoneAtAllAreRefused() {
        Environment other = new Environment("Intel Xeon", 2, 24L << 30, "Linux", "Temurin 25", "box", "abc", "0.1.0",
                Fixtures.environment().backends(), java.util.Map.of(), List.of(), List.of(), List.of());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PooledRuns.pool("main~2", List.of(run("a", Fixtures.environment(), measured(LSTM, 1.0)),
                        run("b", other, measured(LSTM, 1.0)))));
        assertTrue(refused.getMessage().contains("run b ran on Intel Xeon (2 cores)"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PooledRuns.pool("main~0", List.of()));
    }
}
