package org.seqbench.harness.measure;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Shapes;

/**
 * Measures the cores' float32 arithmetic limit, once per run, before the cells: {@link FmaBenchmark} in a JMH fork
 * at each thread count the sweep uses, the best measurement iteration. It needs no engine, and no engine can pass
 * it: it is the roof of every cell's GFLOP/s.
 */
public final class FmaProbe {
    /** The device the cells that run on these cores name: the CPU backends' {@code cpu}. */
    public static final String DEVICE = "cpu";

    private final ProbeRunner runner;

    public FmaProbe(ProbeRunner runner) {
        this.runner = runner;
    }

    /**
     * The FMA peak at each of {@code threadCounts} (0 = every one of {@code logicalCores}); a thread count whose
     * probe fails is reported on {@code out} and left out, never failing the run.
     */
    public List<Environment.FmaPeak> measure(List<Integer> threadCounts, int logicalCores, PrintWriter out) {
        List<Environment.FmaPeak> peaks = new ArrayList<>();
        for (int threads : threadCounts) {
            try {
                Environment.FmaPeak peak = peak(threads, runner.run(FmaBenchmark.class, Map.of(),
                        threads == 0 ? logicalCores : threads));
                peaks.add(peak);
                out.printf(Locale.ROOT, "FMA peak: %s GFLOP/s with %s (%d-bit vectors of %d floats, %d independent "
                                + "chains; best of %d iterations%s)%n", Numbers.significant(peak.gflops(), 3),
                        Shapes.onCores(threads, logicalCores), peak.vectorBits(), peak.lanes(), peak.chains(),
                        peak.iterations(), Threads.others(peak.otherCpuCores()));
            } catch (RuntimeException e) {
                out.printf("FMA peak: the probe failed with %s: %s; it is left out%n",
                        Shapes.onCores(threads, logicalCores), e.getMessage());
            }
            out.flush();
        }
        return peaks;
    }

    /** The peak of one probe run: its best iteration's calls per second times the FLOPs of one call. */
    static Environment.FmaPeak peak(int threads, ProbeRunner.Outcome outcome) {
        int bits = Integer.parseInt(required(outcome, FmaBenchmark.VECTOR_BITS));
        int lanes = Integer.parseInt(required(outcome, FmaBenchmark.LANES));
        double flopsPerCall = 2.0 * lanes * FmaBenchmark.CHAINS * FmaBenchmark.ROUNDS;
        return new Environment.FmaPeak(DEVICE, threads, outcome.best() * flopsPerCall / 1e9,
                outcome.median() * flopsPerCall / 1e9, bits, lanes, FmaBenchmark.CHAINS, outcome.scores().size(),
                ProbeFacts.otherCpuCores(outcome));
    }

    private static String required(ProbeRunner.Outcome outcome, String fact) {
        String value = outcome.fact(fact);
        if (value == null) {
            throw new ProbeRunner.ProbeException("the FMA probe's fork did not report its " + fact, null);
        }
        return value;
    }
}
