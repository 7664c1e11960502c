package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Linear least squares on relative residuals: minimises {@code sum(((y_i - f(x_i)) / y_i)^2)} for
 * {@code f(x) = sum_j c_j * basis_j(x)}. Latencies of one curve span orders of magnitude (16 to 1024 steps), and
 * plain least squares would let the longest length decide every coefficient, leaving the fixed overhead (a few
 * microseconds) to the noise of the largest point; weighing each point by its own size fits all lengths alike,
 * which is also how the measurement errors behave (JMH's intervals are a roughly constant fraction of the mean).
 *
 * <p>It is ordinary least squares on the rows divided by {@code y_i}, so Commons Math's regression gives the
 * coefficients and their standard errors.
 */
final class RelativeLeastSquares {

    /**
     * @param coefficients one per basis function
     * @param standardErrors their standard errors; NaN when the fit is exact (as many points as coefficients)
     * @param degreesOfFreedom points less coefficients
     * @param uncertainty the coefficients' covariance and the relative residuals' variance; none when exact
     */
    record Solution(double[] coefficients, double[] standardErrors, int degreesOfFreedom, FitUncertainty uncertainty) {
        boolean exact() {
            return degreesOfFreedom == 0;
        }
    }

    private RelativeLeastSquares() {
    }

    /**
     * @param basis {@code basis[i][j]}: basis function j at point i
     * @param y the observed values, all positive
     * @throws IllegalArgumentException if there are fewer points than coefficients or a value is not positive
     */
    static Solution fit(double[][] basis, double[] y) {
        int points = y.length;
        int coefficients = basis[0].length;
        if (points < coefficients) {
            throw new IllegalArgumentException(points + " points cannot determine " + coefficients + " coefficients");
        }
        double[][] scaled = new double[points][coefficients];
        double[] ones = new double[points];
        for (int i = 0; i < points; i++) {
            if (!(y[i] > 0)) {
                throw new IllegalArgumentException("relative least squares needs positive values, got " + y[i]);
            }
            for (int j = 0; j < coefficients; j++) {
                scaled[i][j] = basis[i][j] / y[i];
            }
            ones[i] = 1;
        }
        if (points == coefficients) {
            double[] solution = new LUDecomposition(new Array2DRowRealMatrix(scaled, false)).getSolver()
                    .solve(new ArrayRealVector(ones, false)).toArray();
            double[] unknown = new double[coefficients];
            Arrays.fill(unknown, Double.NaN);
            return new Solution(solution, unknown, 0, FitUncertainty.EXACT);
        }
        OLSMultipleLinearRegression regression = new OLSMultipleLinearRegression();
        regression.setNoIntercept(true);
        regression.newSampleData(ones, scaled);
        // Commons Math gives (X'X)^-1 unscaled; times the residual variance it is the coefficients' covariance.
        double residualVariance = regression.estimateErrorVariance();
        double[][] unscaled = regression.estimateRegressionParametersVariance();
        List<List<Double>> covariance = new ArrayList<>();
        for (double[] row : unscaled) {
            covariance.add(Arrays.stream(row).map(value -> value * residualVariance).boxed().toList());
        }
        return new Solution(regression.estimateRegressionParameters(),
                regression.estimateRegressionParametersStandardErrors(), points - coefficients,
                new FitUncertainty(covariance, residualVariance, points - coefficients));
    }
}
