package org.seqbench.results.analysis;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * {@code latency = prefactor * T^exponent}, fitted as a straight line on log-log axes: the exponent says how
 * latency grows with sequence length (1 for work proportional to length, 2 for attention's all-pairs work alone).
 *
 * @param exponent the slope of log latency against log length
 * @param standardError the slope's standard error
 * @param ciLow lower end of the exponent's {@value #CONFIDENCE_PERCENT}% confidence interval (t distribution)
 * @param ciHigh upper end of that interval
 * @param prefactorMs latency the line gives at length 1, in milliseconds
 * @param rSquared the share of the variance of log latency the line explains
 * @param points lengths fitted
 */
public record PowerLaw(double exponent, double standardError, double ciLow, double ciHigh, double prefactorMs,
        double rSquared, int points) {

    public static final int CONFIDENCE_PERCENT = 95;

    /** Fits {@code latencies} (ms) against {@code lengths}; needs at least 3 points for an uncertainty. */
    static PowerLaw fit(double[] lengths, double[] latencies) {
        SimpleRegression regression = new SimpleRegression(true);
        for (int i = 0; i < lengths.length; i++) {
            regression.addData(Math.log(lengths[i]), Math.log(latencies[i]));
        }
        double halfWidth = regression.getSlopeConfidenceInterval(1 - CONFIDENCE_PERCENT / 100.0);
        double slope = regression.getSlope();
        return new PowerLaw(slope, regression.getSlopeStdErr(), slope - halfWidth, slope + halfWidth,
                Math.exp(regression.getIntercept()), regression.getRSquare(), lengths.length);
    }

    /** The latency the fitted line gives at {@code length}, in milliseconds. */
    public double latencyAt(double length) {
        return prefactorMs * Math.pow(length, exponent);
    }
}
