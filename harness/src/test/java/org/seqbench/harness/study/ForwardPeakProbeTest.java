package org.seqbench.harness.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.memory.MemoryGrowth;
import org.seqbench.study.training.StudyModel;

/**
 * The memory probe on a real engine, one worker JVM per point: ONNX Runtime's Transformer at two lengths, whose
 * difference must hold the attention scores' growth; and the points that cannot be measured.
 */
class ForwardPeakProbeTest {
    private static final int BATCH = 8;
    private static final int HIDDEN = 32;

    @Test
    void theTransformersPeakGrowsAtLeastByHalfTheAttentionScoresGrowth(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("memory.log");
        List<ForwardMemory> shown = new ArrayList<>();
        List<ForwardMemory> points = new ForwardPeakProbe(log, Duration.ofSeconds(60)).measure(
                new ForwardPeakProbe.Plan(List.of("onnx"), List.of(ModelKind.TRANSFORMER), List.of(64, 512), BATCH,
                        HIDDEN, 42), shown::add);
        assertEquals(points, shown, "progress sees every point as it is measured");
        assertEquals(2, points.size());
        for (ForwardMemory point : points) {
            assertTrue(point.measured(), point + "\n" + read(log));
            assertEquals("onnx", point.backend());
            assertEquals("transformer", point.kind());
        }
        ForwardMemory shortPass = points.get(0);
        ForwardMemory longPass = points.get(1);
        assertEquals(64, shortPass.length());
        assertEquals(512, longPass.length());
        double attentionGrowth = MemoryGrowth.attentionBytes(BATCH, StudyModel.HEADS, 512)
                - MemoryGrowth.attentionBytes(BATCH, StudyModel.HEADS, 64);
        long residentGrowth = longPass.residentBytes() - shortPass.residentBytes();
        assertTrue(residentGrowth > 0.5 * attentionGrowth, "resident growth " + residentGrowth
                + " B against the attention scores' " + attentionGrowth + " B: " + points);
    }

    @Test
    void anUnknownBackendIsAFailedPointNamingItAndTheAcceptedIds(@TempDir Path directory) throws Exception {
        List<ForwardMemory> points = new ForwardPeakProbe(directory.resolve("memory.log"), Duration.ofSeconds(60))
                .measure(new ForwardPeakProbe.Plan(List.of("tensorflow"), List.of(ModelKind.LSTM, ModelKind.GRU),
                        List.of(64), BATCH, HIDDEN, 42), point -> { });
        assertEquals(2, points.size());
        for (ForwardMemory point : points) {
            assertFalse(point.measured());
            // The test class path holds the test-only backends (faulty, constant) beside the three engines.
            String accepted = String.join(", ", org.seqbench.spi.Backends.discover().stream()
                    .map(org.seqbench.spi.BackendProvider::id).toList());
            assertTrue(accepted.contains("djl") && accepted.contains("dl4j") && accepted.contains("onnx"), accepted);
            assertEquals("no backend 'tensorflow' on the class path; accepted: " + accepted, point.failure());
        }
        assertEquals(List.of("lstm", "gru"), points.stream().map(ForwardMemory::kind).toList());
    }

    @Test
    void aPointPastItsTimeoutIsStoppedAndSaysSo(@TempDir Path directory) throws Exception {
        // No JVM starts ONNX Runtime and runs a pass in a quarter of a second.
        List<ForwardMemory> points = new ForwardPeakProbe(directory.resolve("memory.log"), Duration.ofMillis(250))
                .measure(new ForwardPeakProbe.Plan(List.of("onnx"), List.of(ModelKind.RNN), List.of(16), BATCH,
                        HIDDEN, 42), point -> { });
        assertEquals("timed out after 0.25 s", points.getFirst().failure());
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
