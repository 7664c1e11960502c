package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.SampleHistogram;

/**
 * A trial's memory: the baseline before the model, the peak and heap after the iterations, what is recorded where
 * /proc or the peak's reset is missing, and the figures' way from the benchmark's report into the trial.
 */
class MemoryProbeTest {
    private static final long MIB = 1 << 20;

    /** A probe whose readings come from {@code readings}, one per read, with the reset answering {@code resets}. */
    private static MemoryProbe probe(Deque<Optional<ProcStatus>> readings, boolean resets) {
        return new MemoryProbe(readings::removeFirst, () -> resets, () -> 40 * MIB, new AtomicBoolean(true));
    }

    @Test
    void onlyTheFirstTrialOfAJvmIsMarkedAsStartingTheEngine() {
        AtomicBoolean loaded = new AtomicBoolean();
        Deque<Optional<ProcStatus>> readings = new ArrayDeque<>(List.of(
                Optional.of(new ProcStatus(90 * MIB, 90 * MIB)), Optional.of(new ProcStatus(200 * MIB, 230 * MIB)),
                Optional.of(new ProcStatus(230 * MIB, 230 * MIB)), Optional.of(new ProcStatus(230 * MIB, 250 * MIB))));
        MemoryProbe first = new MemoryProbe(readings::removeFirst, () -> true, () -> 40 * MIB, loaded);
        first.begin();
        assertEquals(new CellResult.Memory(230 * MIB, 90 * MIB, 140 * MIB, 40 * MIB, true), first.end());
        MemoryProbe second = new MemoryProbe(readings::removeFirst, () -> true, () -> 40 * MIB, loaded);
        second.begin();
        assertEquals(new CellResult.Memory(250 * MIB, 230 * MIB, 20 * MIB, 40 * MIB, false), second.end());
    }

    @Test
    void thePeakAboveTheBaselineIsTheGrowthSinceTheReset() {
        Deque<Optional<ProcStatus>> readings = new ArrayDeque<>(List.of(
                Optional.of(new ProcStatus(200 * MIB, 200 * MIB)), Optional.of(new ProcStatus(260 * MIB, 330 * MIB))));
        MemoryProbe probe = probe(readings, true);
        probe.begin();
        assertEquals(new CellResult.Memory(330 * MIB, 200 * MIB, 130 * MIB, 40 * MIB, false), probe.end());
    }

    @Test
    void withoutProcOnlyTheHeapIsRecorded() {
        Deque<Optional<ProcStatus>> readings = new ArrayDeque<>(List.of(Optional.empty(), Optional.empty()));
        MemoryProbe probe = probe(readings, false);
        probe.begin();
        assertEquals(new CellResult.Memory(null, null, null, 40 * MIB, false), probe.end());
    }

    @Test
    void withoutTheResetThePeakIsNotRecorded() {
        // The peak would be the JVM's since it started, earlier trials' models included.
        Deque<Optional<ProcStatus>> readings = new ArrayDeque<>(List.of(Optional.of(new ProcStatus(260 * MIB,
                900 * MIB))));
        MemoryProbe probe = probe(readings, false);
        probe.begin();
        assertEquals(new CellResult.Memory(null, null, null, 40 * MIB, false), probe.end());
    }

    @Test
    void thisMachinesProbeSeesMemoryTouchedBetweenBeginAndEnd() {
        MemoryProbe probe = new MemoryProbe();
        probe.begin();
        CellResult.Memory memory;
        // Native memory, as an engine's tensors are: a heap array may land on pages the JVM already had resident
        // (a test JVM that ran others), while fresh pages of a large native allocation become resident when written.
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment touched = arena.allocate(96 * MIB, 4096);
            for (long page = 0; page < touched.byteSize(); page += 4096) {
                touched.set(java.lang.foreign.ValueLayout.JAVA_BYTE, page, (byte) 1);
            }
            memory = probe.end();
            assertEquals(1, touched.get(java.lang.foreign.ValueLayout.JAVA_BYTE, touched.byteSize() - 4096));
        }
        assertNotNull(memory.peakRssBytes(), "Linux has /proc");
        assertEquals(memory.peakRssBytes() - memory.baselineRssBytes(), memory.peakAboveBaselineBytes());
        assertTrue(memory.peakAboveBaselineBytes() >= 64 * MIB, "the 96 MiB written are resident: " + memory);
        assertTrue(memory.heapUsedBytes() > 0, "and the heap in use is read: " + memory);
    }

    @Test
    void theReportsMemoryArrivesInTheTrial(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("cell-0000-t0.report.jsonl");
        CellResult.Memory memory = CellResult.Memory.of(310 * MIB, 455 * MIB, 52 * MIB);
        new TrialReport("fused-op", new CellResult.AccuracyFigures(1e-7, 1e-7, 1e-4, 2), null, memory, null)
                .appendTo(file.toString());
        Cell cell = new Cell("onnx", "fused-op", "cpu", "fp32", ModelKind.LSTM, 16, 1, 16, 1, 1, 8, 0, 0, 4, false);
        TrialMeasurement.Outcome outcome = TrialMeasurement.measured(2, Instant.now(), cell,
                SampleHistogram.of(Map.of(1.0, 3L, 1.5, 1L)), TrialReport.readAll(file).getFirst());
        assertEquals(new CellResult.Memory(455 * MIB, 310 * MIB, 145 * MIB, 52 * MIB), outcome.trial().memory());
        assertNull(outcome.error());
    }
}
