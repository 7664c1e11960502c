package org.seqbench.results.analysis;

import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * What a relative least-squares fit ({@link RelativeLeastSquares}) knows about its own uncertainty: its coefficients'
 * covariance and its relative residuals' variance, estimated with {@code degreesOfFreedom} (points less
 * coefficients). Enough to put an interval on the fitted law at a length no cell was measured at. An exact fit (as
 * many points as coefficients) has no residuals, and so no interval.
 *
 * @param covariance the coefficients' covariance, in the square of their units; empty for an exact fit
 * @param residualVariance the variance of the relative residuals {@code (y - f(x)) / y}; NaN for an exact fit
 * @param degreesOfFreedom points less coefficients
 */
public record FitUncertainty(List<List<Double>> covariance, double residualVariance, int degreesOfFreedom) {

    /** The uncertainty of an exact fit: none can be estimated. */
    static final FitUncertainty EXACT = new FitUncertainty(List.of(), Double.NaN, 0);

    public FitUncertainty {
        covariance = covariance.stream().map(List::copyOf).toList();
    }

    public boolean exact() {
        return degreesOfFreedom == 0;
    }

    /**
     * The interval where a cell measured at the point {@code basis} (the law's basis functions there) would fall, the
     * law giving {@code value} there: the coefficients' uncertainty and a new point's own relative scatter, on the log
     * scale (the scale of relative residuals, so that the interval stays positive and widens in proportion), with
     * Student's t at the fit's degrees of freedom. Empty for an exact fit.
     */
    Optional<Interval> prediction(double[] basis, double value, double confidence) {
        if (exact() || !(value > 0)) {
            return Optional.empty();
        }
        double coefficients = 0;
        for (int i = 0; i < basis.length; i++) {
            for (int j = 0; j < basis.length; j++) {
                coefficients += basis[i] * covariance.get(i).get(j) * basis[j];
            }
        }
        double relative = Math.sqrt(coefficients / (value * value) + residualVariance);
        double t = new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double factor = Math.exp(t * relative);
        return Optional.of(new Interval(value / factor, value * factor, confidence, Interval.Method.FIT_RESIDUALS));
    }
}
