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

    @Test
    void boundsOfAnotherRunOnTheMachineReplaceOnlyTheSlowerOnesOfTheSameProbe() {
        Environment first = Fixtures.environment();
        Environment.Peak fasterProduct = peak("onnx", 1, 130, 0.01);
        Environment.Peak slowerProduct = new Environment.Peak("onnx", "cpu", 1, 2048, 100, 170, 180, 14, 0.0);
        Environment.Peak newThreads = peak("onnx", 2, 210, 0.02);
        Environment.FmaPeak slowerFma = new Environment.FmaPeak("cpu", 1, 120.0, 119, 512, 16, 12, 5, 0.0);
        Environment.Bandwidth fasterBandwidth = new Environment.Bandwidth("cpu", 1, 19.5, 19, 128L << 20, 32L << 20,
                5, 0.0);
        Environment other = new Environment(first.cpuModel(), first.logicalCores(), first.memoryBytes(), first.os(),
                first.jvm(), "other-box", first.gitCommit(), first.seqbenchVersion(), first.backends(),
                first.threadEnvironment(), List.of(fasterProduct, newThreads), List.of(slowerFma),
                List.of(fasterBandwidth));
        Environment merged = first.withFasterBounds(other);
        assertEquals(List.of(fasterProduct, newThreads), merged.peaks());
        assertEquals(first.fmaPeaks(), merged.fmaPeaks(), "the first run's FMA peak was the faster");
        assertEquals(List.of(fasterBandwidth), merged.bandwidths());
        assertEquals("box", merged.hostname(), "everything but the bounds stays the first run's");
        assertEquals(first.peaks(), first.withFasterBounds(first.withPeaks(List.of(slowerProduct))).peaks());
    }
}
