package org.seqbench.study.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.SplitMix64;
import org.seqbench.core.Tensor;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.study.task.Dataset;
import org.seqbench.study.task.Score;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.task.Split;

/**
 * Trains one {@link TrainingPlan} through the SPI alone ({@link TrainingSupport#create}, {@link TrainableModel#step}
 * and {@link TrainableModel#forward}), so that any trainable backend runs the same study.
 */
public final class TrainingRun {
    /** The most points a loss curve keeps: enough to see its shape, few enough to chart and store. */
    public static final int CURVE_POINTS = 50;
    /** Held-out sequences scored per forward pass, so that a long test set never needs one huge tensor. */
    static final int EVALUATION_BATCH = 256;

    private TrainingRun() {
    }

    /**
     * Trains the plan's model from its initial weights ({@link TrainingPlan#initialWeights}) and scores it on the
     * held-out set.
     *
     * @throws org.seqbench.spi.UnsupportedModelException if the backend cannot train the kind
     * @throws org.seqbench.spi.BackendException if the backend is unavailable or its engine fails
     */
    public static TrainingOutcome train(TrainingSupport support, TrainingPlan plan) {
        ModelSpec spec = plan.spec();
        TrainingOptions options = new TrainingOptions(plan.task().loss(), TrainingOptions.Optimizer.ADAM,
                plan.learningRate(), plan.threads());
        try (TrainableModel model = support.create(spec, plan.initialWeights(), options)) {
            SplitMix64 training = plan.task().stream(plan.seed(), Split.TRAINING);
            int steps = plan.steps();
            int stepsPerPoint = Math.ceilDiv(steps, CURVE_POINTS);
            List<LossPoint> curve = new ArrayList<>();
            double windowSum = 0;
            int windowSteps = 0;
            boolean diverged = false;
            long start = System.nanoTime();
            for (int step = 1; step <= steps; step++) {
                Dataset batch = plan.task().draw(training, plan.batchSize(), plan.length());
                double loss = model.step(batch.inputs(), batch.targets());
                windowSum += loss;
                windowSteps++;
                diverged = !Double.isFinite(loss);
                if (diverged || step % stepsPerPoint == 0 || step == steps) {
                    curve.add(new LossPoint(step * plan.batchSize(), windowSum / windowSteps));
                    windowSum = 0;
                    windowSteps = 0;
                }
                if (diverged) {
                    break;
                }
            }
            Duration trainingTime = Duration.ofNanos(System.nanoTime() - start);
            long evaluationStart = System.nanoTime();
            Score score = evaluate(model, plan.task(), plan.length(), plan.testSize(), plan.seed());
            Duration evaluationTime = Duration.ofNanos(System.nanoTime() - evaluationStart);
            TrainingResult result = new TrainingResult(plan, score, curve, diverged, trainingTime, evaluationTime);
            return new TrainingOutcome(result, model.weights());
        }
    }

    /** The score of a model on the first {@code testSize} held-out sequences of a seed. */
    static Score evaluate(TrainableModel model, SequenceTask task, int length, int testSize, long seed) {
        SplitMix64 test = task.stream(seed, Split.TEST);
        float[] outputs = new float[testSize * task.outputSize()];
        float[] targets = null;
        int done = 0;
        while (done < testSize) {
            int count = Math.min(EVALUATION_BATCH, testSize - done);
            Dataset chunk = task.draw(test, count, length);
            Tensor output = model.forward(chunk.inputs());
            System.arraycopy(output.data(), 0, outputs, done * task.outputSize(), output.size());
            float[] chunkTargets = chunk.targets().data();
            if (targets == null) {
                targets = new float[testSize * (chunkTargets.length / count)];
            }
            System.arraycopy(chunkTargets, 0, targets, done * (chunkTargets.length / count), chunkTargets.length);
            done += count;
        }
        return task.score(new Tensor(model.spec().outputShape(testSize, length), outputs),
                new Tensor(task.loss().targetShape(model.spec(), testSize, length), targets));
    }
}
