package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;

/**
 * A run of several backends whose cells follow known laws, each cell measured as six trials: the fastest trial at the
 * law's latency times the cell's noise (none unless asked), the others up to 10% slower, every trial's median 1.1
 * times its minimum. So each cell's headline (the minimum) is known, and its p50 (the median of trial medians) is
 * {@link #P50_FACTOR} times it.
 */
public final class LawRun {
    /** A cell's p50 (median of trial medians) over its headline, by the trials' construction. */
    public static final double P50_FACTOR = 1.1 * 1.05;

    /** Latency in ms of the cell at {@code seqLen} and {@code batch}. */
    public interface Law {
        double ms(int seqLen, int batch);
    }

    private final List<CellResult> cells = new ArrayList<>();
    private SplittableRandom noise;
    private double sigma;

    /** Gives every cell added after this a log-normal factor of log-sd {@code logSd} on its headline. */
    public LawRun noise(SplittableRandom random, double logSd) {
        noise = random;
        sigma = logSd;
        return this;
    }

    /** {@code backend}'s cells of {@code kind} at every length and batch, at 1 thread and hidden size 128. */
    public LawRun add(String backend, ModelKind kind, List<Integer> seqLens, List<Integer> batches, Law law) {
        return add(backend, kind, seqLens, batches, 1, 128, law);
    }

    public LawRun add(String backend, ModelKind kind, List<Integer> seqLens, List<Integer> batches, int threads,
            int hidden, Law law) {
        for (int batch : batches) {
            for (int seqLen : seqLens) {
                double factor = noise == null ? 1 : Math.exp(sigma * noise.nextGaussian());
                cells.add(measured(cell(backend, kind, seqLen, batch, threads, hidden), law.ms(seqLen, batch) * factor,
                        1e-7));
            }
        }
        return this;
    }

    /** Makes {@code backend}'s {@code kind} cell at {@code seqLen} and {@code batch} miss its accuracy tolerance. */
    public LawRun inaccurate(String backend, ModelKind kind, int seqLen, int batch) {
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i).cell();
            if (cell.backend().equals(backend) && cell.kind() == kind && cell.seqLen() == seqLen
                    && cell.batch() == batch) {
                cells.set(i, measured(cell, cells.get(i).headlineMs(), 3e-3));
            }
        }
        return this;
    }

    public RunRecord record() {
        SweepSpec sweep = new SweepSpec("laws", List.of(), List.of(ModelKind.values()), List.of(16), List.of(1),
                List.of(128), List.of(1), List.of(1), 64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4,
                new SweepSpec.Measurement(6, 1, 1.0, 1, 1.0), null);
        Environment environment = new Environment("Test CPU", 2, 8L << 30, "Linux", "JDK 25", "box", null, "dev",
                List.of(new Environment.BackendInfo("onnx", "ONNX Runtime", "1.29.0", "cpu", true, null)), Map.of(),
                List.of(), List.of(), List.of());
        return new RunRecord(RunRecord.SCHEMA_VERSION, "20261203-100000-laws", "2026-12-03T10:00:00Z",
                "2026-12-03T11:00:00Z", sweep, environment, cells, List.of());
    }

    public static Cell cell(String backend, ModelKind kind, int seqLen, int batch, int threads, int hidden) {
        boolean transformer = kind == ModelKind.TRANSFORMER;
        return new Cell(backend, "v1", "cpu", "fp32", kind, seqLen, batch, hidden, 1, threads, 64, transformer ? 4 : 0,
                transformer ? 4 * hidden : 0, 10, false);
    }

    /** A cell whose six trials' fastest sample is {@code headlineMs}, with {@code maxAbsError} against 1e-4. */
    public static CellResult measured(Cell cell, double headlineMs, double maxAbsError) {
        List<CellResult.Trial> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double min = headlineMs * (1 + 0.02 * i);
            trials.add(new CellResult.Trial(i, "2026-12-03T10:00:00Z", 100, min, null, min * 1.1, min * 1.15,
                    min * 1.3, null, 0.01, 1.0, 0.0, false, false, 1.0));
        }
        CellResult base = SyntheticRun.ok(cell, headlineMs * 1.15, false, 1.0);
        return new CellResult(cell, CellResult.Status.OK, null, base.latency(), base.throughput(), base.work(),
                base.gflops(), new CellResult.AccuracyFigures(maxAbsError, maxAbsError, 1e-4, 2), base.contention(),
                base.startedAt(), base.wallSeconds(), false, trials, Headlines.of(trials));
    }
}
