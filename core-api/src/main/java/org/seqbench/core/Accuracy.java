package org.seqbench.core;

import java.util.Arrays;

/**
 * How far a backend's float32 output lies from the float64 reference.
 *
 * @param maxAbsoluteError the largest |actual - expected| over all elements; infinite if the output holds a NaN
 *     or an infinity (a NaN must never pass a tolerance check by comparing false)
 * @param maxRelativeError {@code maxAbsoluteError} divided by the largest |expected| (a norm-wise relative error:
 *     element-wise ratios explode where the reference crosses zero and say nothing there)
 * @param worstIndex the flat index of the element with the largest absolute error
 */
public record Accuracy(double maxAbsoluteError, double maxRelativeError, int worstIndex) {

    /**
     * Compares {@code actual} with {@code expected}, which has shape {@code expectedShape}.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static Accuracy compare(Tensor actual, double[] expected, int[] expectedShape) {
        if (!actual.hasShape(expectedShape)) {
            throw new IllegalArgumentException("output shape " + actual.shapeText() + " differs from the reference's "
                    + Arrays.toString(expectedShape));
        }
        float[] values = actual.data();
        double worst = 0;
        double scale = 0;
        int worstIndex = 0;
        for (int i = 0; i < values.length; i++) {
            double error = Double.isFinite(values[i]) ? Math.abs(values[i] - expected[i]) : Double.POSITIVE_INFINITY;
            if (error > worst) {
                worst = error;
                worstIndex = i;
            }
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        double relative = scale > 0 ? worst / scale : worst;
        return new Accuracy(worst, relative, worstIndex);
    }

    /** Whether the largest absolute error is at most {@code tolerance}. */
    public boolean within(double tolerance) {
        return maxAbsoluteError <= tolerance;
    }
}
