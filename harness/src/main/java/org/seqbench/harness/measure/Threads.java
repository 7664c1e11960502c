package org.seqbench.harness.measure;

import java.util.Locale;
import org.seqbench.results.analysis.Shapes;

/** How the probes' console lines name a thread count and other processes' CPU. */
final class Threads {
    private Threads() {
    }

    /** For the engine-free probes: "1 thread", "4 threads", or "every core (8 threads)" for 0. */
    static String onCores(int threads, int logicalCores) {
        return threads == 0 ? "every core (" + logicalCores + " threads)" : Shapes.threads(threads);
    }

    /** "; others used 0.30 cores", or nothing when it could not be measured. */
    static String others(Double otherCpuCores) {
        return otherCpuCores == null ? "" : String.format(Locale.ROOT, "; others used %.2f cores", otherCpuCores);
    }
}
