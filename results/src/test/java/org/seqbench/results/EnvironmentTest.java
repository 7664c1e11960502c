package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The peaks an environment keeps: the fastest backend's per device and threads, judged for contention like cells. */
class EnvironmentTest {
    private static Environment.Peak peak(String backend, int threads, double gflops, Double others) {
        return new Environment.Peak(backend, "cpu", threads, 2048, gflops, 2 * Math.pow(2048, 3) / gflops / 1e6,
                100, 10, others);
    }

    @Test
    void aPeakIsContendedWhenOthersLeftFewerIdleCoresThanItsThreads() {
        assertTrue(peak("onnx", 2, 200, 0.99).contended(2), "2 threads on 2 cores, others on one");
        assertFalse(peak("onnx", 1, 200, 0.99).contended(2), "1 thread on 2 cores leaves room for the others");
        assertTrue(peak("onnx", 0, 200, 0.3).contended(2), "engine default asks for every core");
        assertFalse(peak("onnx", 2, 200, null).contended(2), "unknown without /proc: not judged");
    }

    @Test
    void aNewerPeakOfTheSameSettingReplacesTheEarlierOne() {
        Environment environment = Fixtures.environment();
        Environment.Peak again = peak("onnx", 1, 230, 0.01);
        Environment updated = environment.withPeaks(List.of(again, peak("onnx", 2, 400, 0.02)));
        assertEquals(2, updated.peaks().size());
        assertEquals(again, updated.peakFor("cpu", 1).orElseThrow());
    }
}
