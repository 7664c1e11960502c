package org.seqbench.results.analysis;

import org.seqbench.core.Work;
import org.seqbench.results.Cell;

/**
 * {@code latency = overhead + perStep * steps}, steps being the sequential steps of a recurrent model
 * ({@code T * layers}): the cost of one step of the recurrence, which no amount of parallel hardware can overlap
 * with the next, and what the model costs before its first step.
 *
 * @param overheadMs the intercept, in milliseconds
 * @param overheadError its standard error
 * @param perStepMs the slope, milliseconds per sequential step
 * @param perStepError its standard error
 * @param points lengths fitted
 * @param longestLength the longest length fitted
 * @param longestSteps the sequential steps at that length
 * @param recurrenceShare {@code perStep * longestSteps} over the latency measured at that length: how much of the
 *     latency the recurrence itself accounts for, at most 1 (where the fitted overhead is below zero the per-step
 *     cost alone overshoots the measured latency, which then is all recurrence within the fit's error)
 * @param uncertainty the fit's covariance and residual spread, for intervals where no cell was measured
 */
public record StepCost(double overheadMs, double overheadError, double perStepMs, double perStepError, int points,
        int longestLength, long longestSteps, double recurrenceShare, FitUncertainty uncertainty)
        implements LatencyModel {

    /**
     * Fits latencies against sequential steps.
     *
     * @param lengths sequence lengths, ascending
     * @param steps the sequential steps at each length
     * @param latencies mean latencies in milliseconds
     */
    static StepCost fit(double[] lengths, double[] steps, double[] latencies) {
        double[][] basis = new double[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            basis[i] = basis(steps[i]);
        }
        RelativeLeastSquares.Solution solution = RelativeLeastSquares.fit(basis, latencies);
        int last = steps.length - 1;
        double perStep = solution.coefficients()[1];
        return new StepCost(solution.coefficients()[0], solution.standardErrors()[0], perStep,
                solution.standardErrors()[1], steps.length, (int) lengths[last], (long) steps[last],
                Math.min(1.0, perStep * steps[last] / latencies[last]), solution.uncertainty());
    }

    /** The fitted latency of {@code cell}, from its sequential steps, with the interval a measurement would fall in. */
    @Override
    public PredictedLatency at(Cell cell) {
        long steps = Work.of(cell.spec(), cell.batch(), cell.seqLen()).sequentialSteps();
        double value = overheadMs + perStepMs * steps;
        return PredictedLatency.fitted(value, uncertainty.prediction(basis(steps), value, TrialEstimator.CONFIDENCE));
    }

    private static double[] basis(double steps) {
        return new double[] {1, steps};
    }
}
