package org.seqbench.results.analysis;

import java.util.Optional;
import org.seqbench.results.Environment;

/**
 * A cell on the roofline (Williams, Waterman and Patterson, "Roofline", CACM 52(4), 2009): its arithmetic intensity
 * (analytic FLOPs over analytic bytes, {@link org.seqbench.core.Work}) against two roofs. The memory roof is the
 * bandwidth times the intensity: what the cell could reach if moving its bytes were all it did. The compute roof is
 * the best matrix product an engine reached on the same cores (the FMA limit where none was measured). The lower of
 * the two is what the cell can attain at its intensity.
 *
 * <p>The verdict, by a stated rule: a cell that reaches at least {@link #NEAR} of the lower roof is bound by that
 * roof (arithmetic or memory); one below it is bound by neither: overhead (calls, scheduling, small operations,
 * work the analytic FLOPs leave out) costs it more than either resource. A cell above the memory roof keeps its
 * bytes in cache, which is faster than the memory the roof is measured on; it still counts as bound by memory.
 *
 * @param observation the cell
 * @param gflops its rate in GFLOP/s
 * @param intensity FLOPs per byte
 * @param bandwidth the memory bandwidth for its device and threads
 * @param peak the best engine product for its device and threads; null when none was measured
 * @param fmaPeak the cores' FMA limit for its device and threads; null when none was measured
 */
public record Roofline(Observation observation, double gflops, double intensity, Environment.Bandwidth bandwidth,
        Environment.Peak peak, Environment.FmaPeak fmaPeak) {

    /** The share of a roof from which on a cell counts as bound by it: within a factor of two. */
    public static final double NEAR = 0.5;

    /** What limits a cell. */
    public enum Bound {
        ARITHMETIC("arithmetic"),
        MEMORY("memory"),
        OVERHEAD("neither (overhead)");

        private final String words;

        Bound(String words) {
            this.words = words;
        }

        /** "arithmetic", "memory", "neither (overhead)". */
        public String words() {
            return words;
        }
    }

    public Roofline {
        if (peak == null && fmaPeak == null) {
            throw new IllegalArgumentException("a roofline needs a compute roof: a product or an FMA peak");
        }
    }

    /** The cell on its roofline, when the run measured a bandwidth and a compute roof for its device and threads. */
    public static Optional<Roofline> of(WorkRate rate, Environment environment) {
        var cell = rate.observation().cell();
        double intensity = rate.observation().result().work().arithmeticIntensity();
        if (Double.isNaN(intensity) || rate.peak() == null && rate.fmaPeak() == null) {
            return Optional.empty();
        }
        return environment.bandwidthFor(cell.device(), cell.threads())
                .map(bandwidth -> new Roofline(rate.observation(), rate.gflops(), intensity, bandwidth, rate.peak(),
                        rate.fmaPeak()));
    }

    /** GFLOP/s the memory allows at this intensity: GB/s times FLOPs per byte. */
    public double memoryRoof() {
        return bandwidth.gbPerSecond() * intensity;
    }

    /** GFLOP/s of the compute roof: the best engine product, or the FMA limit where none was measured. */
    public double computeRoof() {
        return peak != null ? peak.gflops() : fmaPeak.gflops();
    }

    /** The intensity at which the two roofs meet: below it memory binds, above it arithmetic. */
    public double ridge() {
        return computeRoof() / bandwidth.gbPerSecond();
    }

    /** The lower roof at this intensity: what the cell could attain. */
    public double attainable() {
        return Math.min(memoryRoof(), computeRoof());
    }

    /** The rate as a share of {@link #attainable()}. */
    public double fractionOfAttainable() {
        return gflops / attainable();
    }

    /** Whether the rate passes the memory roof: the cell's bytes come from cache, not from memory. */
    public boolean aboveMemoryRoof() {
        return gflops > memoryRoof();
    }

    /** The verdict, by the rule in the class comment. */
    public Bound bound() {
        if (fractionOfAttainable() < NEAR) {
            return Bound.OVERHEAD;
        }
        return memoryRoof() < computeRoof() ? Bound.MEMORY : Bound.ARITHMETIC;
    }
}
