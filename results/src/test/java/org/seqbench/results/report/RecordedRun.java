package org.seqbench.results.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
            Files.copy(in, file);
        }
        return RunRecordFiles.read(file);
    }
}
