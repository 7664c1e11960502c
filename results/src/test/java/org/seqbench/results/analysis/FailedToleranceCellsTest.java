package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

class FailedToleranceCellsTest {
    private static final LawRun.Law STEPS = (seqLen, batch) -> (0.1 + 0.01 * seqLen) * Math.sqrt(batch);

    /** As SweepRun.failedCell records a cell whose output missed the tolerance: FAILED, with its accuracy figures. */
    private static CellResult failedTolerance(Cell cell) {
        return new CellResult(cell, CellResult.Status.FAILED, "the output differs from the float64 reference", null,
                null, org.seqbench.core.Work.of(cell.spec(), cell.batch(), cell.seqLen()), null,
                new CellResult.AccuracyFigures(3e-3, 3e-3, 1e-4, 2), null, "2026-12-03T10:00:00Z", 0, null);
    }

    private static RunRecord withFailed(RunRecord run, String backend, int seqLen, int batch) {
        List<CellResult> cells = new ArrayList<>();
        for (CellResult result : run.cells()) {
            Cell c = result.cell();
            cells.add(c.backend().equals(backend) && c.seqLen() == seqLen && c.batch() == batch
                    ? failedTolerance(c) : result);
        }
        return new RunRecord(run.schemaVersion(), run.runId(), run.createdAt(), run.completedAt(), run.sweep(),
                run.environment(), cells, List.of());
    }

    @Test
    void aCellTheHarnessRecordedAsFailingItsToleranceIsNotInterpolatedOver() {
        RunRecord run = withFailed(new LawRun().add("onnx", ModelKind.LSTM, List.of(16, 64, 256, 1024),
                List.of(1, 8), STEPS).add("djl", ModelKind.LSTM, List.of(16, 64, 256, 1024), List.of(1, 8),
                (t, b) -> 2 * STEPS.ms(t, b)).record(), "onnx", 64, 8);
        Recommendation atIt = Recommendation.of(run, new Workload(ModelKind.LSTM, 64, 8, null, null, null, null));
        System.out.println(atIt.ranked().stream().map(c -> c.label(false) + " " + c.provenance() + " " + c.how())
                .toList());
        assertFalse(atIt.ranked().stream().anyMatch(c -> c.setting().backend().equals("onnx")),
                "onnx missed its tolerance in this very cell, yet is predicted there");
        Recommendation across = Recommendation.of(run, new Workload(ModelKind.LSTM, 128, 8, null, null, null, null));
        assertFalse(across.ranked().stream().anyMatch(c -> c.setting().backend().equals("onnx")),
                "onnx's fit at B = 8 spans T = 64, where it missed its tolerance");
    }

    @Test
    void aPoolDoesNotHideThatTheNewestRunFailedTheTolerance() {
        RunRecord older = new LawRun().add("onnx", ModelKind.LSTM, List.of(16, 64, 256), List.of(1, 8), STEPS)
                .record();
        RunRecord newest = withFailed(older, "onnx", 64, 8);
        RunRecord pooled = PooledRuns.pool("main~2", List.of(newest, older));
        CellResult cell = pooled.cells().stream().filter(r -> r.cell().seqLen() == 64 && r.cell().batch() == 8)
                .findFirst().orElseThrow();
        assertFalse(cell.ok() && cell.accuracy().passed(),
                "the newest run says the cell misses its tolerance; the pool says it is ok and within it");
    }
}
