package org.seqbench.results.analysis;

import org.seqbench.results.Environment;

/**
 * A cell's arithmetic rate (analytic FLOPs over its headline latency, {@link Observation#latencyMs()}) beside the
 * two bounds measured for the same device and thread count: the cores' FMA limit, which no engine can pass, and the
 * best matrix product an engine reached, which a cell whose products suit the engine better can pass.
 *
 * @param observation the cell
 * @param gflops its rate in GFLOP/s
 * @param peak the best engine product it is compared with; null when the run measured none for its device and threads
 * @param fmaPeak the cores' FMA limit; null when the run measured none (records before schema version 3)
 */
public record WorkRate(Observation observation, double gflops, Environment.Peak peak, Environment.FmaPeak fmaPeak) {

    /** The rate as a fraction of the best engine product; NaN without one. Above 1 when the cell beat it. */
    public double fractionOfPeak() {
        return peak == null ? Double.NaN : gflops / peak.gflops();
    }

    /** The rate as a fraction of the cores' FMA limit; NaN without one. Above 1 only if that probe ran low. */
    public double fractionOfFmaPeak() {
        return fmaPeak == null ? Double.NaN : gflops / fmaPeak.gflops();
    }
}
