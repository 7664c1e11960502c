package org.seqbench.results.analysis;

/**
 * A shift of a series' level found by {@link ChangePoints}: where the new level starts and how the levels either side
 * of it compare.
 *
 * @param index the first point of the new level (0 is the oldest point; never 0)
 * @param before the level of the segment before it, from the previous change point or the start: the geometric
 *     mean of its points (the mean of their logarithms, back in the series' unit), which is what the method compares
 * @param after the level of the segment from it up to the next change point or the end, the same way
 * @param pValue Student's two-sided t-test between the two segments' log values, times the number of splits
 *     those segments allowed (Bonferroni, at most 1): what {@link ChangePoints.Settings#maxPValue()} bounds
 * @param qHat the E-divisive (energy) statistic with which the split was proposed
 */
public record ChangePoint(int index, double before, double after, double pValue, double qHat) {

    /** The new level over the old: above 1 a latency got slower. */
    public double ratio() {
        return after / before;
    }

    /**
     * The relative size of the change, the same up as down: {@code max(ratio, 1 / ratio) - 1}, so that 1.05x slower
     * and 1/1.05x are both 5%, as compare's threshold judges them. What {@link ChangePoints.Settings#minChange()}
     * bounds.
     */
    public double change() {
        double ratio = ratio();
        return Math.max(ratio, 1 / ratio) - 1;
    }
}
