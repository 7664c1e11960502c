package org.seqbench.results;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One visit of the host-speed canary: a fixed, engine-free kernel timed a few times between cells, so that a run
 * records how the host's own speed moved while it measured (a shared virtual machine's host speeds up and slows
 * down without showing it in /proc/stat). The fastest repetition is the visit's figure: a slow host, other
 * processes and interrupts only ever make a repetition slower, so the fastest is the host's speed then, as a bound.
 *
 * @param at ISO-8601 instant the visit ended
 * @param bestMs the fastest repetition, in milliseconds
 * @param medianMs the median repetition, which shows how steady the host was during the visit
 * @param repetitions repetitions timed
 * @param otherCpuCores cores' worth of CPU other processes used during the visit, steal included: tells a host that
 *     was slow on its own from one that was busy; null where /proc is not available
 * @param stealCores of {@code otherCpuCores}, the hypervisor's steal time; null where /proc is not available
 */
public record CanarySample(String at, double bestMs, double medianMs, int repetitions, Double otherCpuCores,
        Double stealCores) {

    /**
     * How much slower than the run's fastest visit a visit may be before the host counts as slow. The fastest of a
     * few repetitions of an in-cache kernel repeats within a few percent on a steady host, so 15% is well above the
     * canary's own scatter; and a host that much slower moves a cell's mean by more than its confidence interval
     * usually spans, enough to bend a fit or move a crossover.
     */
    public static final double SLOW_FACTOR = 1.15;

    /** Whether this visit was slower than {@code fastestMs} by more than {@link #SLOW_FACTOR}. */
    public boolean slowerThan(double fastestMs) {
        return bestMs > fastestMs * SLOW_FACTOR;
    }

    /**
     * The rule a cell is judged by: it was measured on a slow host when the visits before and after it were both
     * slow against the run's fastest. Both, because one slow visit means the host changed speed at some moment
     * during the cell, which says little about the cell as a whole.
     */
    public static boolean slowHost(CanarySample before, CanarySample after, double fastestMs) {
        return before.slowerThan(fastestMs) && after.slowerThan(fastestMs);
    }

    /** The fastest and slowest visits of a run, or empty when the canary never ran. */
    public static Optional<Range> range(List<CanarySample> visits) {
        if (visits.isEmpty()) {
            return Optional.empty();
        }
        Comparator<CanarySample> byBest = Comparator.comparingDouble(CanarySample::bestMs);
        return Optional.of(new Range(visits.stream().min(byBest).orElseThrow(),
                visits.stream().max(byBest).orElseThrow(), visits.size()));
    }

    /**
     * How far the host's speed moved during a run, by the canary.
     *
     * @param fastest the fastest visit
     * @param slowest the slowest visit
     * @param visits how many visits there were
     */
    public record Range(CanarySample fastest, CanarySample slowest, int visits) {
        /** The slowest visit's time over the fastest's: 1 on a steady host. */
        public double ratio() {
            return slowest.bestMs() / fastest.bestMs();
        }
    }
}
