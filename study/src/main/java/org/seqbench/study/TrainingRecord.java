package org.seqbench.study;

import java.time.Duration;
import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.study.task.Score;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.training.GateInit;
import org.seqbench.study.training.LossPoint;
import org.seqbench.study.training.TrainingPlan;
import org.seqbench.study.training.TrainingResult;

/**
 * One finished training as study.json stores it: the plan's coordinates by id, the held-out score, the loss curve
 * and, for the recall runs at the gradient length, the gradient's norm by distance after training.
 *
 * @param gradientNorms the trained model's input-gradient norm by distance from the last step on the seed's
 *     held-out batch; null when this run was not measured
 */
public record TrainingRecord(String task, String kind, int length, int hiddenSize, int budget, int batchSize,
        double learningRate, long seed, int testSize, int threads, String gateInit, double accuracy, double loss,
        int testSequences, boolean diverged, double trainingSeconds, double evaluationSeconds,
        List<LossPoint> lossCurve, List<Double> gradientNorms) {

    public TrainingRecord {
        lossCurve = List.copyOf(lossCurve);
        gradientNorms = gradientNorms == null ? null : List.copyOf(gradientNorms);
    }

    public static TrainingRecord of(TrainingResult result, List<Double> gradientNorms) {
        TrainingPlan plan = result.plan();
        return new TrainingRecord(plan.task().id(), plan.kind().id(), plan.length(), plan.hiddenSize(), plan.budget(),
                plan.batchSize(), plan.learningRate(), plan.seed(), plan.testSize(), plan.threads(),
                plan.gateInit().id(), result.score().accuracy(), result.score().loss(), result.score().sequences(),
                result.diverged(), result.trainingTime().toNanos() / 1e9, result.evaluationTime().toNanos() / 1e9,
                result.lossCurve(), gradientNorms);
    }

    /** The plan this run followed. */
    public TrainingPlan plan() {
        return new TrainingPlan(SequenceTask.parse(task), ModelKind.parse(kind), length, hiddenSize, budget,
                batchSize, learningRate, seed, testSize, threads, GateInit.parse(gateInit));
    }

    /** The result, as {@link org.seqbench.study.training.GridSummary} reads it. */
    public TrainingResult result() {
        return new TrainingResult(plan(), new Score(accuracy, loss, testSequences), lossCurve, diverged,
                Duration.ofNanos(Math.round(trainingSeconds * 1e9)),
                Duration.ofNanos(Math.round(evaluationSeconds * 1e9)));
    }

    /** Training time per sequence seen, in seconds (a diverged run stopped before its budget). */
    public double secondsPerSequence() {
        return trainingSeconds / (lossCurve.isEmpty() ? budget : lossCurve.getLast().sequences());
    }
}
