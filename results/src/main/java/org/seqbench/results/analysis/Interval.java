package org.seqbench.results.analysis;

/**
 * A confidence interval computed across a cell's independent trials.
 *
 * @param low the interval's lower end
 * @param high its upper end
 * @param confidence its nominal level, e.g. 0.95
 * @param method how it was computed
 */
public record Interval(double low, double high, double confidence, Method method) {

    public enum Method {
        /** Distribution-free: two order statistics of the trials, their ranks chosen from the binomial law. */
        ORDER_STATISTIC,
        /** A seeded percentile bootstrap over the trials. */
        BOOTSTRAP,
        /**
         * Distribution-free for a ratio of two runs' minima: each run's minimum against an order statistic of the
         * other, its rank chosen from the hypergeometric law of which run the fastest trials come from
         * ({@link MinimumRatio}).
         */
        EXTREME_RANKS
    }

    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("an interval's low end " + low + " must not exceed its high end " + high);
        }
    }

    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
