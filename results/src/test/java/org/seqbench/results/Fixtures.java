package org.seqbench.results;

import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.results.analysis.Headlines;

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

    /** {@code result} measured as {@code trials}, with their headline, as the harness writes a cell today. */
    public static CellResult withTrials(CellResult result, List<CellResult.Trial> trials) {
        return withTrials(result, trials, org.seqbench.results.analysis.TrialEstimator.MEDIAN_OF_MINIMA);
    }

    /** {@code result} measured as {@code trials}, with their headline by {@code estimator}. */
    public static CellResult withTrials(CellResult result, List<CellResult.Trial> trials,
            org.seqbench.results.analysis.TrialEstimator estimator) {
        return new CellResult(result.cell(), result.status(), result.reason(), result.latency(), result.throughput(),
                result.work(), result.gflops(), result.accuracy(), result.contention(), result.startedAt(),
                result.wallSeconds(), result.slowHost(), trials, Headlines.of(trials, estimator));
    }

    /** Trials {@code index} from 0 whose fastest samples are {@code minima} and whose medians are 5% slower. */
    public static List<CellResult.Trial> trials(double... minima) {
        List<CellResult.Trial> trials = new java.util.ArrayList<>();
        for (int i = 0; i < minima.length; i++) {
            trials.add(new CellResult.Trial(i, "2026-11-24T10:00:00Z", 500, minima[i], null, minima[i] * 1.05,
                    minima[i] * 1.1, minima[i] * 1.2, null, 0.1, 1.0, null, false, false, 2.0));
        }
        return trials;
    }

    /**
     * {@link #record()} measured as trials: the LSTM at 16 as ten trials of one mode, at 64 as three (too few for an
     * interval), the standard-ops Transformer as ten of which two were contended, the contrib-attention one as ten
     * in two clusters.
     */
    public static RunRecord recordWithTrials() {
        RunRecord run = record();
        List<CellResult> cells = run.cells();
        List<CellResult.Trial> contended = new java.util.ArrayList<>(
                trials(1.70, 1.71, 1.72, 1.73, 1.74, 1.75, 1.76, 1.77, 1.78, 1.79));
        for (int i : new int[] {3, 7}) {
            CellResult.Trial trial = contended.get(i);
            contended.set(i, new CellResult.Trial(trial.index(), trial.startedAt(), trial.samples(), trial.min(),
                    trial.p10(), trial.median(), trial.mean(), trial.p90(), trial.p99(), 1.5, 1.0, null, true,
                    false, trial.seconds()));
        }
        return run.with(withTrials(cells.get(0), trials(0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99)))
                .with(withTrials(cells.get(1), trials(3.6, 3.7, 3.8)))
                .with(withTrials(cells.get(2), contended))
                .with(withTrials(cells.get(3), trials(1.40, 1.41, 1.41, 1.42, 1.40, 1.80, 1.81, 1.80, 1.82, 1.81)));
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
