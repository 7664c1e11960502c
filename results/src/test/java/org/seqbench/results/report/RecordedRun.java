package org.seqbench.results.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/**
 * The recorded run the report tests render: the real quick-profile run of 2026-11-24 (onnx, every kind, T 16/64/256,
 * batch 1/8, 1 thread), with the contrib-attention Transformer cells of a real variants run beside it, and, to make
 * every chart and table appear, synthesised additions: the same cells at 2 threads (a few of them contended), a
 * second backend ("djl", scaled latencies), measured peaks, a failed cell whose reason holds HTML, and a skipped
 * unavailable backend.
 */
final class RecordedRun {
    private RecordedRun() {
    }

    static RunRecord read(Path scratch) throws IOException {
        Path file = scratch.resolve("run.json");
        try (InputStream in = RecordedRun.class.getResourceAsStream("/recorded-run.json")) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return RunRecordFiles.read(file);
    }

    /**
     * The recorded run with the engine-free bounds its record predates, synthesised (the FMA peak and the
     * bandwidth at 1 and 2 threads), so that the rooflines are drawn.
     */
    static RunRecord withBounds(Path scratch) throws IOException {
        RunRecord run = read(scratch);
        return run.withEnvironment(run.environment()
                .withFmaPeaks(java.util.List.of(new Environment.FmaPeak("cpu", 1, 300, 296, 512, 16, 12, 5, 0.02),
                        new Environment.FmaPeak("cpu", 2, 590, 580, 512, 16, 12, 5, 0.1)))
                .withBandwidths(java.util.List.of(
                        new Environment.Bandwidth("cpu", 1, 20, 19.6, 128L << 20, 32L << 20, 5, 0.02),
                        new Environment.Bandwidth("cpu", 2, 31, 30.2, 128L << 20, 32L << 20, 5, 0.1))));
    }

    /**
     * The recorded run with its bounds and, on every measured cell, memory figures its record predates, synthesised
     * (a 310 MiB baseline and growth with T × batch), so that the memory charts are drawn.
     */
    static RunRecord withBoundsAndMemory(Path scratch) throws IOException {
        RunRecord run = withBounds(scratch);
        for (CellResult result : run.cells()) {
            if (result.ok()) {
                long cells = (long) result.cell().seqLen() * result.cell().batch();
                CellResult.Memory memory = CellResult.Memory.of(310L << 20, (310L << 20) + (8L << 20) + cells * 65536,
                        (24L << 20) + cells * 4096);
                run = run.with(new CellResult(result.cell(), result.status(), result.reason(), result.latency(),
                        result.throughput(), result.work(), result.gflops(), result.accuracy(), result.contention(),
                        result.startedAt(), result.wallSeconds(), result.slowHost(), result.trials(),
                        result.headline(), memory));
            }
        }
        return run;
    }
}
