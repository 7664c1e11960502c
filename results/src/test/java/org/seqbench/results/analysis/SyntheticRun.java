package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;

/** Run records whose latencies follow a known law, so that every fitted figure has a right answer. */
public final class SyntheticRun {
    /** Latency in milliseconds of one cell. */
    public interface Law {
        double latencyMs(ModelKind kind, int seqLen, int batch, int threads);
    }

    private final String runId;
    private final List<ModelKind> kinds;
    private final List<Integer> seqLens;
    private final List<Integer> batches;
    private final List<Integer> threads;
    private int layers = 1;
    private Set<String> contended = Set.of();
    private Set<String> slowHost = Set.of();
    private List<CanarySample> canary = List.of();
    private List<Environment.Peak> peaks = List.of();
    private List<Environment.FmaPeak> fmaPeaks = List.of();
    private List<Environment.Bandwidth> bandwidths = List.of();
    private double extraCores;

    public SyntheticRun(String runId, List<ModelKind> kinds, List<Integer> seqLens, List<Integer> batches,
            List<Integer> threads) {
        this.runId = runId;
        this.kinds = kinds;
        this.seqLens = seqLens;
        this.batches = batches;
        this.threads = threads;
    }

    public SyntheticRun layers(int count) {
        layers = count;
        return this;
    }

    /** Marks the cells {@code kind/T/B/threads} (e.g. {@code lstm/64/1/1}) as measured under contention. */
    public SyntheticRun contended(String... keys) {
        contended = Set.of(keys);
        return this;
    }

    /** Marks the cells {@code kind/T/B/threads} as measured while the canary found the host slow. */
    public SyntheticRun slowHost(String... keys) {
        slowHost = Set.of(keys);
        return this;
    }

    /** The canary's visits the record carries. */
    public SyntheticRun canary(CanarySample... visits) {
        canary = List.of(visits);
        return this;
    }

    /** Makes every cell's JVM use {@code extra} cores more than the cell's thread count. */
    public SyntheticRun extraCores(double extra) {
        extraCores = extra;
        return this;
    }

    public SyntheticRun peaks(Environment.Peak... measured) {
        peaks = List.of(measured);
        return this;
    }

    public SyntheticRun fmaPeaks(Environment.FmaPeak... measured) {
        fmaPeaks = List.of(measured);
        return this;
    }

    public SyntheticRun bandwidths(Environment.Bandwidth... measured) {
        bandwidths = List.of(measured);
        return this;
    }

    public RunRecord record(Law law) {
        List<CellResult> cells = new ArrayList<>();
        for (int thread : threads) {
            for (int batch : batches) {
                for (int seqLen : seqLens) {
                    for (ModelKind kind : kinds) {
                        boolean transformer = kind == ModelKind.TRANSFORMER;
                        Cell cell = new Cell("onnx", transformer ? "standard-ops" : "fused-op", "cpu", "fp32", kind,
                                seqLen, batch, 128, layers, thread, 64, transformer ? 4 : 0, transformer ? 512 : 0,
                                10, false);
                        double mean = law.latencyMs(kind, seqLen, batch, thread);
                        String key = kind.id() + "/" + seqLen + "/" + batch + "/" + thread;
                        CellResult result = ok(cell, mean, contended.contains(key), thread + extraCores);
                        cells.add(canary.isEmpty() ? result : result.withSlowHost(slowHost.contains(key)));
                    }
                }
            }
        }
        SweepSpec sweep = new SweepSpec("synthetic", List.of(), kinds, seqLens, batches, List.of(128),
                List.of(layers), threads, 64, 4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4,
                new SweepSpec.Measurement(1, 1, 1.0, 1, 1.0), null);
        Environment environment = new Environment("Test CPU", 2, 8L << 30, "Linux", "JDK 25", "box", null, "dev",
                List.of(new Environment.BackendInfo("onnx", "ONNX Runtime", "1.29.0", "cpu", true, null)), Map.of(),
                peaks, fmaPeaks, bandwidths);
        return new RunRecord(RunRecord.SCHEMA_VERSION, runId, "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", sweep,
                environment, cells, canary);
    }

    public static CellResult ok(Cell cell, double meanMs, boolean contended, double ownCores) {
        Work work = Work.of(cell.spec(), cell.batch(), cell.seqLen());
        double seconds = meanMs / 1000;
        return new CellResult(cell, CellResult.Status.OK, null,
                new CellResult.Latency(meanMs, meanMs * 0.99, meanMs * 1.01, 0.999, meanMs, meanMs * 1.1,
                        meanMs * 1.3, meanMs * 0.9, meanMs * 2, 1000),
                new CellResult.Throughput(cell.batch() / seconds, cell.tokens() / seconds), work,
                work.flops() / seconds / 1e9, new CellResult.AccuracyFigures(1e-7, 2e-7, 1e-4, 2),
                new CellResult.Contention(contended ? 1.5 : 0.01, contended ? 0.75 : 0.005, contended, ownCores, null),
                "2026-11-24T10:00:00Z", 5.0, null);
    }
}
