package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;
import org.seqbench.results.analysis.Headlines;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendProvider;

/**
 * Small run directories for the commands' tests: an LSTM and a Transformer at three lengths; and the shards of a
 * sweep, made from the plan {@code seqbench run --shard i/n} would measure, without measuring.
 */
public final class RecordedRuns {
    /**
     * Backends for planning shards without engines: one with two Transformer variants, one unavailable (its cells
     * are skipped), one that runs recurrent kinds only. None loads a model.
     */
    public static final List<BackendProvider> SHARD_BACKENDS = List.of(
            ReferenceBackendProvider.builder("fast").variants(ModelKind.TRANSFORMER, "ops", "fused-attention")
                    .variants("fused").failingLoad("a recorded run loads no model").build(),
            ReferenceBackendProvider.builder("gpu").availability(Availability.no("no CUDA driver"))
                    .variants("fused").failingLoad("a recorded run loads no model").build(),
            ReferenceBackendProvider.builder("rec").kinds(ModelKind.LSTM, ModelKind.GRU).variants("fused")
                    .failingLoad("a recorded run loads no model").build());

    private RecordedRuns() {
    }

    /** Writes run {@code runId} into {@code parent/runId/run.json} and returns its directory. */
    public static Path write(Path parent, String runId) throws IOException {
        List<CellResult> cells = new ArrayList<>();
        for (int seqLen : List.of(16, 64, 256)) {
            cells.add(ok(ModelKind.LSTM, seqLen, 0.003 * seqLen));
            cells.add(ok(ModelKind.TRANSFORMER, seqLen, 0.02 + 1e-3 * seqLen + 1e-5 * seqLen * seqLen));
        }
        SweepSpec sweep = new SweepSpec("quick", List.of(), List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
                List.of(16, 64, 256), List.of(1), List.of(128), List.of(1), List.of(1), 64, 4, 4, 10, false,
                SweepSpec.DEFAULT_VARIANTS, 42, 1e-4, new SweepSpec.Measurement(1, 1, 1.0, 1, 1.0), null);
        Environment environment = environment();
        Path directory = Files.createDirectories(parent.resolve(runId));
        RunRecordFiles.write(directory, new RunRecord(RunRecord.SCHEMA_VERSION, runId, "2026-11-24T10:00:00Z",
                "2026-11-24T10:05:00Z", sweep, environment, cells, List.of()));
        return directory;
    }

    /** A recorded run whose cells have ten trials each, around the cell's figure times {@code factor}. */
    public static Path withTrials(Path parent, String runId, double factor) throws IOException {
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

    /**
     * Writes a run of two backends for {@code seqbench recommend}: onnx and djl (djl twice as slow), LSTM and
     * Transformer at T 16, 64, 256 and batches 1 and 8, six trials a cell whose fastest sample follows
     * {@link #recommendLaw} and whose medians are 1.1 times their minima.
     */
    public static Path twoBackends(Path parent, String runId) throws IOException {
        List<CellResult> cells = new ArrayList<>();
        for (String backend : List.of("onnx", "djl")) {
            for (ModelKind kind : List.of(ModelKind.LSTM, ModelKind.TRANSFORMER)) {
                for (int batch : List.of(1, 8)) {
                    for (int seqLen : List.of(16, 64, 256)) {
                        boolean transformer = kind == ModelKind.TRANSFORMER;
                        Cell cell = new Cell(backend, backend.equals("djl") ? "" : transformer ? "standard-ops"
                                : "fused-op", "cpu", "fp32", kind, seqLen, batch, 128, 1, 1, 64, transformer ? 4 : 0,
                                transformer ? 512 : 0, 10, false);
                        double ms = recommendLaw(backend, kind, seqLen, batch);
                        List<CellResult.Trial> trials = new ArrayList<>();
                        for (int trial = 0; trial < 6; trial++) {
                            double min = ms * (1 + 0.02 * trial);
                            trials.add(new CellResult.Trial(trial, "2026-12-03T10:00:00Z", 100, min, null, min * 1.1,
                                    min * 1.15, min * 1.3, null, 0.01, 1.0, 0.0, false, false, 1.0));
                        }
                        CellResult base = measured(cell, ms * 1.15);
                        cells.add(new CellResult(cell, CellResult.Status.OK, null, base.latency(), base.throughput(),
                                base.work(), base.gflops(), base.accuracy(), base.contention(), base.startedAt(),
                                base.wallSeconds(), false, trials, Headlines.of(trials)));
                    }
                }
            }
        }
        SweepSpec sweep = new SweepSpec("quick", List.of("onnx", "djl"), List.of(ModelKind.LSTM,
                ModelKind.TRANSFORMER), List.of(16, 64, 256), List.of(1, 8), List.of(128), List.of(1), List.of(1), 64,
                4, 4, 10, false, SweepSpec.DEFAULT_VARIANTS, 42, 1e-4, new SweepSpec.Measurement(6, 1, 1.0, 1, 1.0),
                null);
        Path directory = Files.createDirectories(parent.resolve(runId));
        RunRecordFiles.write(directory, new RunRecord(RunRecord.SCHEMA_VERSION, runId, "2026-12-03T10:00:00Z",
                "2026-12-03T10:30:00Z", sweep, environment(), cells, List.of()));
        return directory;
    }

    /**
     * The fastest sample of {@link #twoBackends}'s cells, in ms: for the LSTM 0.1 ms + 0.01 ms per step, for the
     * Transformer 0.05 ms + 0.002 ms T + 1e-5 ms T², each times batch^0.5, and twice that on djl.
     */
    public static double recommendLaw(String backend, ModelKind kind, int seqLen, int batch) {
        double single = kind == ModelKind.LSTM ? 0.1 + 0.01 * seqLen : 0.05 + 0.002 * seqLen + 1e-5 * seqLen * seqLen;
        return single * Math.sqrt(batch) * (backend.equals("djl") ? 2 : 1);
    }

    /** The machine every recorded run here was measured on. */
    public static Environment environment() {
        return new Environment("Test CPU", 2, 8L << 30, "Linux", "JDK 25", "box", null, "dev",
                List.of(new Environment.BackendInfo("onnx", "ONNX Runtime", "1.29.0", "cpu", true, null)), Map.of(),
                List.of(new Environment.Peak("onnx", "cpu", 1, 2048, 200, 85.9, 87, 12, 0.02)),
                List.of(new Environment.FmaPeak("cpu", 1, 230, 228, 512, 16, 12, 5, 0.02)),
                List.of(new Environment.Bandwidth("cpu", 1, 20, 19.5, 128L << 20, 32L << 20, 5, 0.02)));
    }

    /** A small sweep over {@link #SHARD_BACKENDS}: batches 1 and 8, hidden size 32, two trials a cell. */
    public static SweepSpec sweep(List<ModelKind> kinds, List<Integer> seqLens, String variants) {
        return new SweepSpec("test", List.of(), kinds, seqLens, List.of(1, 8), List.of(32), List.of(1), List.of(1),
                16, 4, 4, 10, false, variants, 1, 1e-4, new SweepSpec.Measurement(2, 1, 0.1, 1, 0.1), null);
    }

    /**
     * The record of shard {@code index}/{@code count} of {@code sweep} as {@code seqbench run --shard} would write
     * it when every cell it plans went well: each runnable cell ok with the sweep's trials, each other skipped with
     * the planner's reason, a canary visit before its first trial and after each, in plan order.
     */
    public static RunRecord shard(SweepSpec sweep, int index, int count) {
        SweepSpec.Shard shard = new SweepSpec.Shard(index, count);
        List<CellResult> cells = new ArrayList<>();
        List<CanarySample> canary = new ArrayList<>();
        Instant start = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(3600L * index);
        canary.add(new CanarySample(start.toString(), 30 + index, 31, 3, 0.01, 0.0));
        for (PlannedCell planned : SweepPlanner.plan(sweep.withShard(shard), SHARD_BACKENDS)) {
            Cell cell = planned.cell();
            if (planned.skipReason() != null) {
                cells.add(CellResult.skipped(cell, planned.skipReason(), Work.of(cell.spec(), cell.batch(),
                        cell.seqLen()), start.toString()));
                continue;
            }
            double ms = 0.01 * cell.seqLen() * cell.batch() + planned.position() * 1e-3;
            List<CellResult.Trial> trials = new ArrayList<>();
            for (int trial = 0; trial < sweep.measurement().trials(); trial++) {
                trials.add(new CellResult.Trial(trial, start.toString(), 20, ms * 0.98, null, ms, ms * 1.01,
                        ms * 1.05, null, 0.01, 1.0, 0.0, false, false, 0.5));
                canary.add(new CanarySample(start.plusSeconds(canary.size()).toString(), 30 + index, 31, 3, 0.01,
                        0.0));
            }
            cells.add(measured(cell, ms).withTrials(trials));
        }
        return new RunRecord(RunRecord.SCHEMA_VERSION, "20261201-1" + index + "0000-test-shard-" + index + "-of-"
                + count, start.toString(), start.plusSeconds(canary.size()).toString(), sweep.withShard(shard),
                environment(), cells, canary);
    }

    /**
     * Writes {@link #shard} into {@code parent/<its run id>/} with what a run writes beside run.json: a JMH result
     * file for each trial, named by the cell's position in the whole plan, and jmh.log.
     */
    public static Path writeShard(Path parent, SweepSpec sweep, int index, int count) throws IOException {
        RunRecord record = shard(sweep, index, count);
        Path directory = Files.createDirectories(parent.resolve(record.runId()));
        RunRecordFiles.write(directory, record);
        Path jmh = Files.createDirectories(directory.resolve("jmh"));
        for (PlannedCell planned : SweepPlanner.plan(record.sweep(), SHARD_BACKENDS)) {
            if (planned.skipReason() == null) {
                for (int trial = 0; trial < sweep.measurement().trials(); trial++) {
                    Files.writeString(jmh.resolve("cell-%04d-t%d.json".formatted(planned.position(), trial)),
                            "[{\"benchmark\": \"forward\", \"params\": {\"cell\": \"" + planned.cell().key()
                                    + "\", \"trial\": \"" + trial + "\"}}]");
                }
            }
        }
        Files.writeString(directory.resolve("jmh.log"), "JMH's output of shard " + index + "/" + count + "\n");
        return directory;
    }

    private static CellResult ok(ModelKind kind, int seqLen, double meanMs) {
        boolean transformer = kind == ModelKind.TRANSFORMER;
        return measured(new Cell("onnx", transformer ? "standard-ops" : "fused-op", "cpu", "fp32", kind, seqLen, 1,
                128, 1, 1, 64, transformer ? 4 : 0, transformer ? 512 : 0, 10, false), meanMs);
    }

    private static CellResult measured(Cell cell, double meanMs) {
        Work work = Work.of(cell.spec(), cell.batch(), cell.seqLen());
        double seconds = meanMs / 1000;
        return new CellResult(cell, CellResult.Status.OK, null,
                new CellResult.Latency(meanMs, meanMs * 0.99, meanMs * 1.01, 0.999, meanMs, meanMs, meanMs, meanMs,
                        meanMs, 100),
                new CellResult.Throughput(cell.batch() / seconds, cell.tokens() / seconds), work,
                work.flops() / seconds / 1e9, new CellResult.AccuracyFigures(1e-7, 1e-7, 1e-4, 1),
                new CellResult.Contention(0.01, 0.005, false, 1.02, 0.0), "2026-11-24T10:00:00Z", 5, false);
    }
}
