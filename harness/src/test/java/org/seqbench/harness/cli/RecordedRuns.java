package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;

/** Small run directories for the report command's tests: an LSTM and a Transformer at three lengths. */
final class RecordedRuns {
    private RecordedRuns() {
    }

    /** Writes run {@code runId} into {@code parent/runId/run.json} and returns its directory. */
    static Path write(Path parent, String runId) throws IOException {
        List<CellResult> cells = new ArrayList<>();
        for (int seqLen : List.of(16, 64, 256)) {
            cells.add(ok(ModelKind.LSTM, seqLen, 0.003 * seqLen));
            cells.add(ok(ModelKind.TRANSFORMER, seqLen, 0.02 + 1e-3 * seqLen + 1e-5 * seqLen * seqLen));
        }
        SweepSpec sweep = new SweepSpec("quick", List.of(), List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                List.of(16, 64, 256), List.of(1), List.of(128), List.of(1), List.of(1), 64, 4, 4, 10, false,
                SweepSpec.DEFAULT_VARIANTS, 42, 1e-4, new SweepSpec.Measurement(1, 1, 1.0, 1, 1.0), null);
        Environment environment = new Environment("Test CPU", 2, 8L << 30, "Linux", "JDK 25", "box", null, "dev",
                List.of(new Environment.BackendInfo("onnx", "ONNX Runtime", "1.29.0", "cpu", true, null)), Map.of(),
                List.of(new Environment.Peak("onnx", "cpu", 1, 2048, 200, 85.9, 87, 12, 0.02)),
                List.of(new Environment.FmaPeak("cpu", 1, 230, 228, 512, 16, 12, 5, 0.02)),
                List.of(new Environment.Bandwidth("cpu", 1, 20, 19.5, 128L << 20, 32L << 20, 5, 0.02)));
        Path directory = Files.createDirectories(parent.resolve(runId));
        RunRecordFiles.write(directory, new RunRecord(RunRecord.SCHEMA_VERSION, runId, "2026-11-24T10:00:00Z",
                "2026-11-24T10:05:00Z", sweep, environment, cells, List.of()));
        return directory;
    }

    /** A recorded run whose cells have ten trials each, around the cell's figure times {@code factor}. */
    static Path withTrials(Path parent, String runId, double factor) throws IOException {
        Path run = write(parent, runId);
        RunRecord record = RunRecordFiles.read(run);
        List<CellResult> cells = new ArrayList<>();
        for (CellResult cell : record.cells()) {
            double ms = cell.latency().p50() * factor;
            List<CellResult.Trial> trials = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                double scatter = ms * (1 + 0.01 * ((i * 3 % 10) - 4.5) / 4.5);
                trials.add(new CellResult.Trial(i, record.createdAt(), 50, scatter * 0.97, null, scatter,
                        scatter * 1.01, scatter * 1.05, null, 0.0, null, null, false, null, 1.0));
            }
            cells.add(cell.withTrials(trials));
        }
        RunRecordFiles.write(run, new RunRecord(record.schemaVersion(), record.runId(), record.createdAt(),
                record.completedAt(), record.sweep(), record.environment(), cells, record.canary()));
        return run;
    }

    private static CellResult ok(ModelKind kind, int seqLen, double meanMs) {
        boolean transformer = kind == ModelKind.TRANSFORMER;
        Cell cell = new Cell("onnx", transformer ? "standard-ops" : "fused-op", "cpu", "fp32", kind, seqLen, 1, 128, 1,
                1, 64, transformer ? 4 : 0, transformer ? 512 : 0, 10, false);
        Work work = Work.of(cell.spec(), 1, seqLen);
        double seconds = meanMs / 1000;
        return new CellResult(cell, CellResult.Status.OK, null,
                new CellResult.Latency(meanMs, meanMs * 0.99, meanMs * 1.01, 0.999, meanMs, meanMs, meanMs, meanMs,
                        meanMs, 100),
                new CellResult.Throughput(1 / seconds, seqLen / seconds), work, work.flops() / seconds / 1e9,
                new CellResult.AccuracyFigures(1e-7, 1e-7, 1e-4, 1), new CellResult.Contention(0.01, 0.005, false, 1.02, 0.0),
                "2026-11-24T10:00:00Z", 5, false);
    }
}
