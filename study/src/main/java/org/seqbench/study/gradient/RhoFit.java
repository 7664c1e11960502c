package org.seqbench.study.gradient;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The per-step factor rho by which the gradient's norm shrinks (rho below 1) or grows (above 1) for each step it
 * travels back: the least-squares slope of log norm against distance is log rho, and its t interval at 95% gives
 * rho's. Over n steps the gradient changes by rho^n.
 *
 * @param rho exp(slope)
 * @param lower rho's 95% interval, exp of the slope's
 * @param points the distances the fit used: those whose norm was a positive normal float
 * @param rSquared how much of the log norm's variation the line explains
 */
public record RhoFit(double rho, double lower, double upper, int points, double rSquared) {

    /** Fewest distances a fit with an interval needs: two for the line, one for its scatter. */
    public static final int MIN_POINTS = 3;

    /**
     * The fit of {@code norms}, indexed by distance from the last step. Norms that are zero, subnormal or not
     * finite are left out: the gradient underflowed there, and its log says nothing about rho.
     *
     * @throws IllegalArgumentException if fewer than {@link #MIN_POINTS} norms are usable
     */
    public static RhoFit fit(double[] norms) {
        SimpleRegression regression = new SimpleRegression();
        for (int distance = 0; distance < norms.length; distance++) {
            double norm = norms[distance];
            if (Double.isFinite(norm) && norm >= Float.MIN_NORMAL) {
                regression.addData(distance, Math.log(norm));
            }
        }
        if (regression.getN() < MIN_POINTS) {
            throw new IllegalArgumentException("a rho fit needs at least " + MIN_POINTS
                    + " distances with a positive gradient norm, got " + regression.getN());
        }
        double slope = regression.getSlope();
        double halfWidth = regression.getN() > 2 && regression.getSlopeStdErr() > 0
                ? regression.getSlopeConfidenceInterval(0.05) : 0;
        return new RhoFit(Math.exp(slope), Math.exp(slope - halfWidth), Math.exp(slope + halfWidth),
                (int) regression.getN(), regression.getRSquare());
    }

    /** rho^steps: how much the gradient changes over that many steps. */
    public double over(int steps) {
        return Math.pow(rho, steps);
    }

    /** The lower end of rho^steps's 95% interval. */
    public double lowerOver(int steps) {
        return Math.pow(lower, steps);
    }

    /** The upper end of rho^steps's 95% interval. */
    public double upperOver(int steps) {
        return Math.pow(upper, steps);
    }
}
