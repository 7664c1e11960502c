package org.seqbench.results.analysis;

import org.seqbench.results.Cell;

/**
 * {@code latency = constant + linear * T + quadratic * T^2} for the Transformer: the projections and the
 * feed-forward block grow with T, the attention scores with T^2. Which part dominates at the lengths measured is
 * what the claim "attention is quadratic" comes down to on a given machine.
 *
 * @param constantMs the constant part, in milliseconds
 * @param constantError its standard error (NaN for an exact fit)
 * @param linearMs milliseconds per position
 * @param linearError its standard error
 * @param quadraticMs milliseconds per position squared
 * @param quadraticError its standard error
 * @param points lengths fitted
 * @param exact whether the curve passes through exactly 3 points, leaving no uncertainty to estimate
 * @param longestLength the longest length fitted
 * @param constantShare the constant part's share of the fitted latency at the longest length
 * @param linearShare the linear part's share there
 * @param quadraticShare the quadratic part's share there
 * @param uncertainty the fit's covariance and residual spread, for intervals where no cell was measured
 */
public record QuadraticLatency(double constantMs, double constantError, double linearMs, double linearError,
        double quadraticMs, double quadraticError, int points, boolean exact, int longestLength, double constantShare,
        double linearShare, double quadraticShare, FitUncertainty uncertainty) implements LatencyModel {

    /** Fits latencies (ms) against lengths (ascending); needs at least 3. */
    static QuadraticLatency fit(double[] lengths, double[] latencies) {
        double[][] basis = new double[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            basis[i] = basis(lengths[i]);
        }
        RelativeLeastSquares.Solution solution = RelativeLeastSquares.fit(basis, latencies);
        double[] c = solution.coefficients();
        double[] se = solution.standardErrors();
        double longest = lengths[lengths.length - 1];
        double constant = c[0];
        double linear = c[1] * longest;
        double quadratic = c[2] * longest * longest;
        double total = constant + linear + quadratic;
        return new QuadraticLatency(c[0], se[0], c[1], se[1], c[2], se[2], lengths.length, solution.exact(),
                (int) longest, constant / total, linear / total, quadratic / total, solution.uncertainty());
    }

    /** The fitted latency at {@code cell}'s length, with the interval a measurement there would fall in. */
    @Override
    public PredictedLatency at(Cell cell) {
        double value = latencyAt(cell.seqLen());
        return PredictedLatency.fitted(value, uncertainty.prediction(basis(cell.seqLen()), value,
                TrialEstimator.CONFIDENCE));
    }

    private static double[] basis(double length) {
        return new double[] {1, length, length * length};
    }

    /** The fitted latency at {@code length}, in milliseconds. */
    public double latencyAt(double length) {
        return constantMs + linearMs * length + quadraticMs * length * length;
    }
}
