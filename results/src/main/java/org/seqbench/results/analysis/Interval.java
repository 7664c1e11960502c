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
        EXTREME_RANKS,
        /**
         * A fitted law's prediction interval where no cell was measured: its coefficients' covariance and its relative
         * residuals' spread, Student's t at its degrees of freedom ({@link FitUncertainty}).
         */
        FIT_RESIDUALS,
        /**
         * Carried along an interpolation between two figures: each end's distance from its figure on the log scale,
         * weighted by the interpolation's weights and added, as if the two erred together (the wider choice).
         */
        INTERPOLATED,
        /**
         * A ratio of two independent figures: their intervals' half-widths on the log scale added in quadrature.
         */
        COMBINED
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
