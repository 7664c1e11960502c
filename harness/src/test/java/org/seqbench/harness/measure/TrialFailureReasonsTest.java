package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.RunnerException;

/** The out-of-memory reason found behind JMH's wrapping, and the hang limit's grace as the property sets it. */
class TrialFailureReasonsTest {
    @Test
    void anOutOfMemoryErrorIsFoundAsACauseOrASuppressedError() {
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        assertSame(heap, TrialMeasurement.outOfMemory(new RunnerException("Benchmark caught the exception",
                new RuntimeException("wrapped", heap))).orElseThrow());
        RuntimeException suppressing = new RuntimeException("iteration failed");
        suppressing.addSuppressed(heap);
        assertSame(heap, TrialMeasurement.outOfMemory(new RunnerException("failed", suppressing)).orElseThrow());
        assertTrue(TrialMeasurement.outOfMemory(new RunnerException("no", new IllegalStateException("x")))
                .isEmpty());
    }

    @Test
    void theOutOfMemoryReasonSaysWhatRanOutAndTheHeapLimit() {
        assertEquals("out of memory (Java heap space); the trial JVM's heap limit is 512 MB (see jmh.log)",
                TrialMeasurement.outOfMemory(new OutOfMemoryError("Java heap space"), 512L * 1024 * 1024));
        assertEquals("out of memory (no detail); the trial JVM's heap limit is 1 MB (see jmh.log)",
                TrialMeasurement.outOfMemory(new OutOfMemoryError(), 1024 * 1024));
    }

    @Test
    void theGraceIsFiveMinutesUnlessThePropertyGivesWholeSeconds() {
        assertEquals(300, TrialMeasurement.graceSeconds(null));
        assertEquals(300, TrialMeasurement.graceSeconds(" "));
        assertEquals(8, TrialMeasurement.graceSeconds("8"));
        assertEquals(0, TrialMeasurement.graceSeconds("0"));
        for (String bad : new String[] {"-1", "1.5", "soon"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> TrialMeasurement.graceSeconds(bad));
            assertEquals("seqbench.trial.graceSeconds must be a whole number of seconds, 0 or more, got '" + bad + "'",
                    error.getMessage());
        }
    }
}
