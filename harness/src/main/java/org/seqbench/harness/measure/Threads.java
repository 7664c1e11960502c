package org.seqbench.harness.measure;

import java.util.Locale;

/** How the probes' console lines name other processes' CPU. */
final class Threads {
    private Threads() {
    }

    /** "; others used 0.30 cores", or nothing when it could not be measured. */
    static String others(Double otherCpuCores) {
        return otherCpuCores == null ? "" : String.format(Locale.ROOT, "; others used %.2f cores", otherCpuCores);
    }
}
