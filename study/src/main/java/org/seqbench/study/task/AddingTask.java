package org.seqbench.study.task;

import org.seqbench.core.Loss;
import org.seqbench.core.SplitMix64;
import org.seqbench.core.Tensor;

/**
 * The adding problem (Hochreiter and Schmidhuber 1997; Arjovsky, Shah and Bengio 2016): two channels, values
 * uniform in [0, 1) and a marker with exactly two ones, one in the first half ({@code [0, T/2)}) and one in the
 * second ({@code [T/2, T)}); the target is the sum of the two marked values. Predicting the mean, 1, gives the
 * variance of a sum of two uniforms, 2/12 = 0.167; an answer within {@value #TOLERANCE} counts as right, the 1997
 * paper's criterion.
 */
public record AddingTask() implements SequenceTask {
    /** How far from the target an answer may be and still count as right. */
    public static final double TOLERANCE = 0.04;

    @Override
    public String id() {
        return "adding";
    }

    @Override
    public int inputSize() {
        return 2;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public Loss loss() {
        return Loss.MEAN_SQUARED_ERROR;
    }

    @Override
    public Metric metric() {
        return Metric.MEAN_SQUARED_ERROR;
    }

    /** The mean squared error of always answering the mean sum, 1: the variance 1/6 of a sum of two uniforms. */
    @Override
    public double baseline() {
        return 1.0 / 6.0;
    }

    /** Each half holds one marker. */
    @Override
    public int minimumLength() {
        return 2;
    }

    @Override
    public Dataset draw(SplitMix64 random, int count, int length) {
        requireDrawable(count, length);
        float[] inputs = new float[Math.multiplyExact(Math.multiplyExact(count, length), 2)];
        float[] sums = new float[count];
        int half = length / 2;
        for (int sequence = 0; sequence < count; sequence++) {
            for (int step = 0; step < length; step++) {
                inputs[(sequence * length + step) * 2] = (float) random.nextDouble();
            }
            int first = random.nextInt(half);
            int second = half + random.nextInt(length - half);
            inputs[(sequence * length + first) * 2 + 1] = 1f;
            inputs[(sequence * length + second) * 2 + 1] = 1f;
            sums[sequence] = inputs[(sequence * length + first) * 2] + inputs[(sequence * length + second) * 2];
        }
        return new Dataset(new Tensor(new int[] {count, length, 2}, inputs), new Tensor(new int[] {count, 1}, sums));
    }

    /** Accuracy is the share within {@link #TOLERANCE} of the sum; the loss is the mean squared error. */
    @Override
    public Score score(Tensor outputs, Tensor targets) {
        requireScorable(outputs, targets);
        int count = outputs.dimension(0);
        double squares = 0;
        int within = 0;
        for (int sequence = 0; sequence < count; sequence++) {
            double error = (double) outputs.data()[sequence] - targets.data()[sequence];
            squares += error * error;
            if (Math.abs(error) <= TOLERANCE) {
                within++;
            }
        }
        return new Score((double) within / count, squares / count, count);
    }
}
