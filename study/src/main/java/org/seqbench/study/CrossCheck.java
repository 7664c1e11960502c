package org.seqbench.study;

/**
 * The same training on two backends: from the same initial weights, on the same batches, with the same optimizer.
 * Their first steps must agree to float32 rounding; later steps may drift apart, as rounding compounds.
 *
 * @param reference the backend the study trains with
 * @param other the backend checked against it
 * @param gradientDifference norm-wise relative difference of the two input gradients dLoss/dx at the initial
 *     weights, on the held-out batch
 * @param firstLossDifference relative difference of the first step's loss (before any update)
 * @param curveDifference the largest relative difference between the two loss curves' points
 * @param referenceMetric the task's held-out metric after training on the reference
 * @param otherMetric the same on the other backend
 * @param failure why the check could not run on the other backend; null when it ran
 */
public record CrossCheck(String task, String kind, int length, int budget, double learningRate, long seed,
        String reference, String other, Double gradientDifference, Double firstLossDifference,
        Double curveDifference, Double referenceMetric, Double otherMetric, String failure) {

    /** The training conformance kit's tolerance for a float32 gradient against the float64 reference. */
    public static final double GRADIENT_TOLERANCE = 1e-3;
    /** The kit's tolerance for a float32 loss. */
    public static final double LOSS_TOLERANCE = 1e-5;

    /** Whether both backends start alike: input gradients and first losses within the kit's tolerances. */
    public boolean agrees() {
        return failure == null && gradientDifference != null && firstLossDifference != null
                && gradientDifference <= GRADIENT_TOLERANCE && firstLossDifference <= LOSS_TOLERANCE;
    }
}
