package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.results.Environment;

/** The FMA peak is the best iteration's calls per second times one call's FLOPs, at each thread count. */
class FmaProbeTest {

    /** A runner that answers each run with the next of {@code outcomes} and remembers what it was asked. */
    static final class Scripted implements ProbeRunner {
        final List<Outcome> outcomes;
        final List<String> asked = new ArrayList<>();

        Scripted(List<Outcome> outcomes) {
            this.outcomes = new ArrayList<>(outcomes);
        }

        @Override
        public Outcome run(Class<?> benchmark, Map<String, String> params, int threads) {
            asked.add(benchmark.getSimpleName() + " " + params + " x" + threads);
            Outcome next = outcomes.removeFirst();
            if (next == null) {
                throw new ProbeException("the fork died", null);
            }
            return next;
        }
    }

    private static final Map<String, String> AVX512 = Map.of(FmaBenchmark.VECTOR_BITS, "512",
            FmaBenchmark.LANES, "16", ProbeFacts.OTHER_CPU_CORES, "0.25");

    @Test
    void gflopsAreTheBestIterationTimesTheFlopsOfOneCall() {
        // One call: 12 chains x 1024 rounds x 16 lanes x 2 FLOPs = 393,216 FLOPs. The best of 100k, 300k, 200k and
        // 250k calls/s is 300k: 117.9648 GFLOP/s; the median 225k: 88.4736 GFLOP/s.
        Scripted runner = new Scripted(List.of(new ProbeRunner.Outcome(List.of(1e5, 3e5, 2e5, 2.5e5), AVX512)));
        StringWriter log = new StringWriter();
        List<Environment.FmaPeak> peaks = new FmaProbe(runner).measure(List.of(1), 2, new PrintWriter(log));
        assertEquals(List.of(new Environment.FmaPeak("cpu", 1, 117.9648, 88.4736, 512, 16, 12, 4, 0.25)),
                peaks.stream().map(peak -> new Environment.FmaPeak(peak.device(), peak.threads(), round(peak.gflops()),
                        round(peak.medianGflops()), peak.vectorBits(), peak.lanes(), peak.chains(), peak.iterations(),
                        peak.otherCpuCores())).toList());
        assertEquals(List.of("FmaBenchmark {} x1"), runner.asked);
        assertEquals("FMA peak: 118 GFLOP/s with 1 thread (512-bit vectors of 16 floats, 12 independent chains; best "
                + "of 4 iterations; others used 0.25 cores)", log.toString().strip());
    }

    @Test
    void zeroThreadsRunOnEveryCoreAndKeepTheCellsThreadCount() {
        Scripted runner = new Scripted(List.of(new ProbeRunner.Outcome(List.of(1e5),
                Map.of(FmaBenchmark.VECTOR_BITS, "256", FmaBenchmark.LANES, "8"))));
        StringWriter log = new StringWriter();
        Environment.FmaPeak peak = new FmaProbe(runner).measure(List.of(0), 4, new PrintWriter(log)).getFirst();
        assertEquals(List.of("FmaBenchmark {} x4"), runner.asked);
        assertEquals(0, peak.threads());
        assertEquals(1e5 * 2 * 8 * 12 * 1024 / 1e9, peak.gflops(), 1e-12);
        assertNull(peak.otherCpuCores(), "no /proc figure was reported");
        assertTrue(log.toString().contains("with every core (4 threads)"), log.toString());
    }

    @Test
    void aFailedProbeOrOneWithoutItsSpeciesIsReportedAndLeftOut() {
        Scripted runner = new Scripted(java.util.Arrays.asList(null, new ProbeRunner.Outcome(List.of(1e5), Map.of()),
                new ProbeRunner.Outcome(List.of(1e5), AVX512)));
        StringWriter log = new StringWriter();
        List<Environment.FmaPeak> peaks = new FmaProbe(runner).measure(List.of(1, 2, 4), 4, new PrintWriter(log));
        assertEquals(List.of(4), peaks.stream().map(Environment.FmaPeak::threads).toList());
        assertTrue(log.toString().contains("FMA peak: the probe failed with 1 thread: the fork died; it is left out"),
                log.toString());
        assertTrue(log.toString().contains("FMA peak: the probe failed with 2 threads: the FMA probe's fork did not "
                + "report its vectorBits; it is left out"), log.toString());
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
