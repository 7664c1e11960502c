package org.seqbench.results;

import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;

/** Small run records for the writers' tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static SweepSpec sweep() {
        return new SweepSpec("quick", List.of(), List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), List.of(16, 64),
                List.of(1), List.of(128), List.of(1), List.of(1), 64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, 42,
                1e-4, new SweepSpec.Measurement(1, 2, 1.0, 3, 1.0), null);
    }

    public static Environment environment() {
        return new Environment("AMD EPYC", 2, 24L << 30, "Linux 6.18 (amd64)", "Temurin 25.0.3", "box", "abc1234",
                "0.1.0", List.of(new Environment.BackendInfo("onnx", "ONNX Runtime", "1.29.0", "cpu", true, null),
                        new Environment.BackendInfo("cuda", "CUDA", "unknown", "none", false, "no driver")),
                Map.of("OMP_NUM_THREADS", "1"),
                List.of(new Environment.Peak("onnx", "cpu", 1, 2048, 120.0, 143.2, 150.1, 14, 0.05)),
                List.of(new Environment.FmaPeak("cpu", 1, 140.0, 138.5, 512, 16, 12, 5, 0.05)),
                List.of(new Environment.Bandwidth("cpu", 1, 18.5, 18.1, 128L << 20, 32L << 20, 5, 0.05)));
    }

    public static Cell cell(String backend, String variant, ModelKind kind, int seq) {
        boolean transformer = kind == ModelKind.TRANSFORMER;
        return new Cell(backend, variant, "cpu", "fp32", kind, seq, 1, 128, 1, 1, 64, transformer ? 4 : 0,
                transformer ? 512 : 0, 10, false);
    }

    public static CellResult ok(Cell cell, double meanMs, double othersCores, boolean contended) {
        Work work = Work.of(cell.spec(), cell.batch(), cell.seqLen());
        double seconds = meanMs / 1000;
        return new CellResult(cell, CellResult.Status.OK, null,
                new CellResult.Latency(meanMs, meanMs * 0.99, meanMs * 1.01, 0.999, meanMs * 0.98, meanMs * 1.1,
                        meanMs * 1.5, meanMs * 0.9, meanMs * 2, 1234),
                new CellResult.Throughput(cell.batch() / seconds, cell.tokens() / seconds), work,
                work.flops() / seconds / 1e9, new CellResult.AccuracyFigures(1.2e-7, 3.4e-7, 1e-4, 1),
                new CellResult.Contention(othersCores, othersCores / 2, contended, 1.0, null), "2026-11-24T10:00:00Z", 6.5, false);
    }

    public static RunRecord record() {
        Cell lstm16 = cell("onnx", "fused-op", ModelKind.LSTM, 16);
        Cell lstm64 = cell("onnx", "fused-op", ModelKind.LSTM, 64);
        Cell attention = cell("onnx", "standard-ops", ModelKind.TRANSFORMER, 16);
        Cell fused = cell("onnx", "contrib-attention", ModelKind.TRANSFORMER, 16);
        Cell gpu = cell("cuda", "", ModelKind.LSTM, 16);
        return new RunRecord(RunRecord.SCHEMA_VERSION, "20261124-100000-quick", "2026-11-24T10:00:00Z",
                "2026-11-24T10:05:00Z", sweep(), environment(), List.of(
                        ok(lstm16, 0.95, 0.1, false), ok(lstm64, 3.8, 1.4, true), ok(attention, 1.8, 0.2, false),
                        ok(fused, 1.5, 0.2, false),
                        CellResult.skipped(gpu, "cuda is unavailable: no driver", Work.of(gpu.spec(), 1, 16),
                                "2026-11-24T10:04:00Z"),
                        new CellResult(cell("onnx", "fused-op", ModelKind.LSTM, 256), CellResult.Status.FAILED,
                                "the output differs | badly", null, null, null, null, null, null,
                                "2026-11-24T10:04:30Z", 3.0, null)),
                List.of(new CanarySample("2026-11-24T10:00:01Z", 31.5, 32.0, 5, 0.05, 0.02),
                        new CanarySample("2026-11-24T10:02:00Z", 36.0, 37.1, 5, null, null)));
    }
}
