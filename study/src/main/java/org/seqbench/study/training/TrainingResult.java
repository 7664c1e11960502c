package org.seqbench.study.training;

import java.time.Duration;
import java.util.List;
import org.seqbench.study.task.Score;

/**
 * What one training run gave.
 *
 * @param score on the held-out test set, after the last step
 * @param lossCurve the training loss, at most {@link TrainingRun#CURVE_POINTS} points, the last at the budget (or
 *     at the step the loss stopped being finite)
 * @param diverged whether a step's loss was not finite; training stopped there and the score is of that model
 * @param trainingTime wall time of the optimizer steps
 * @param evaluationTime wall time of scoring the test set
 */
public record TrainingResult(TrainingPlan plan, Score score, List<LossPoint> lossCurve, boolean diverged,
        Duration trainingTime, Duration evaluationTime) {

    public TrainingResult {
        lossCurve = List.copyOf(lossCurve);
    }

    /** The figure the task is judged by. */
    public double metricValue() {
        return plan.task().metric().of(score);
    }
}
