package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.SweepSpec;

class CompilationGuardTest {
    /** Three measured iterations of 0.2 s: 0.6 s measured, a fifth of it 0.12 s. */
    private static final SweepSpec.Measurement MEASUREMENT = new SweepSpec.Measurement(6, 1, 0.25, 3, 0.2, 300.0,
            null, null);
    private final StringWriter text = new StringWriter();
    private final CompilationGuard guard = new CompilationGuard(MEASUREMENT, new PrintWriter(text));
    private final Cell cell = new Cell("dl4j", "samediff", "cpu", "fp32", ModelKind.LSTM, 16, 1, 128, 1, 1, 64, 0, 0,
            10, false);

    private static TrialMeasurement.Outcome jit(Double seconds) {
        return new TrialMeasurement.Outcome(new CellResult.Trial(2, "2026-12-04T00:00:00Z", 500, 1.0, 1.0, 1.1, 1.1,
                1.2, 1.3, 0.0, 1.3, 0.0, false, false, 0.9, null, null, null, seconds, 0.0), null, null, null, null);
    }

    @Test
    void aTrialIsMeasuredAgainWhenTheJitCompiledForMoreThanAFifthOfItsMeasuredTime() {
        assertTrue(guard.compiling(jit(0.13)));
        assertFalse(guard.compiling(jit(0.11)));
        assertFalse(guard.compiling(jit(null)), "a record without the JIT's time is not judged");
        assertFalse(guard.compiling(TrialMeasurement.Outcome.failed("crashed")));
    }

    @Test
    void itSaysWhatItMeasuredAgainAndWhatItKeptStillCompiling() {
        assertTrue(guard.summary().isEmpty(), "nothing to say before it acted");
        guard.remeasure(cell, jit(0.3), 1);
        guard.remeasure(cell, jit(0.2), 2);
        guard.kept(jit(0.2));
        guard.kept(jit(0.01));
        assertTrue(text.toString().contains(", trial 3: the JIT compiled for 0.30 s of its 0.60 s measured; measuring "
                + "it again (1 of 2)"), text.toString());
        assertEquals("compilation guard: 2 trials measured again because the JIT compiled for more than 20% of the "
                + "measured time, 1 kept still compiling", guard.summary().orElseThrow());
    }
}
