package org.seqbench.results.analysis;

import org.seqbench.results.Environment;

/**
 * A cell's arithmetic rate (analytic FLOPs over mean latency) beside the machine's measured peak for the same
 * device and thread count.
 *
 * @param observation the cell
 * @param gflops its rate in GFLOP/s
 * @param peak the peak it is compared with; null when the run measured none for its device and threads
 */
public record WorkRate(Observation observation, double gflops, Environment.Peak peak) {

    /** The rate as a fraction of the peak; NaN without a peak. */
    public double fractionOfPeak() {
        return peak == null ? Double.NaN : gflops / peak.gflops();
    }
}
