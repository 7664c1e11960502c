package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqbench.results.SweepSpec;
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
    void aTrialMayTakeTheSweepsCellTimeoutOrThreeTimesItsIterationsAndFiveMinutes() {
        TrialTimeout given = TrialTimeout.of(new SweepSpec.Measurement(2, 1, 0.5, 3, 0.5, 2.5));
        assertEquals(java.time.Duration.ofMillis(2500), given.limit());
        assertEquals("no answer within 2.5 s (--cell-timeout): the trial JVM was stopped (it hung, or the trial "
                + "needs longer than that; see jmh.log)", given.reason());
        // Two seconds of iterations, three times over, and the grace for the model's load and check.
        TrialTimeout fallback = TrialTimeout.of(new SweepSpec.Measurement(2, 1, 0.5, 3, 0.5));
        assertEquals(java.time.Duration.ofSeconds(306), fallback.limit());
        assertEquals("no answer within 306 s (3x the iterations + 300 s; set it with --cell-timeout): the trial JVM "
                + "was stopped (it hung, or the trial needs longer than that; see jmh.log)", fallback.reason());
    }
}
