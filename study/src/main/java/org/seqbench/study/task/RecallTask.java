package org.seqbench.study.task;

import org.seqbench.core.Loss;
import org.seqbench.core.SplitMix64;
import org.seqbench.core.Tensor;

/**
 * Recall: every step is a one-hot symbol from an alphabet of {@value #ALPHABET}, drawn uniformly; the label is the
 * first symbol and the rest is noise, so the answer sits {@code T - 1} steps before the head reads the state.
 * Chance is 1/8.
 */
public record RecallTask() implements SequenceTask {
    /** Symbols in the alphabet: the input width and the number of classes. */
    public static final int ALPHABET = 8;

    @Override
    public String id() {
        return "recall";
    }

    @Override
    public int inputSize() {
        return ALPHABET;
    }

    @Override
    public int outputSize() {
        return ALPHABET;
    }

    @Override
    public Loss loss() {
        return Loss.CROSS_ENTROPY;
    }

    @Override
    public Metric metric() {
        return Metric.ACCURACY;
    }

    @Override
    public double baseline() {
        return 1.0 / ALPHABET;
    }

    @Override
    public int minimumLength() {
        return 1;
    }

    @Override
    public Dataset draw(SplitMix64 random, int count, int length) {
        requireDrawable(count, length);
        float[] inputs = new float[Math.multiplyExact(Math.multiplyExact(count, length), ALPHABET)];
        float[] labels = new float[count];
        for (int sequence = 0; sequence < count; sequence++) {
            for (int step = 0; step < length; step++) {
                int symbol = random.nextInt(ALPHABET);
                inputs[(sequence * length + step) * ALPHABET + symbol] = 1f;
                if (step == 0) {
                    labels[sequence] = symbol;
                }
            }
        }
        return new Dataset(new Tensor(new int[] {count, length, ALPHABET}, inputs),
                new Tensor(new int[] {count}, labels));
    }

    /** Accuracy is the share whose largest logit is the label; the loss is the mean cross-entropy. */
    @Override
    public Score score(Tensor outputs, Tensor targets) {
        requireScorable(outputs, targets);
        float[] logits = outputs.data();
        int count = outputs.dimension(0);
        double[] asDouble = new double[logits.length];
        int right = 0;
        for (int sequence = 0; sequence < count; sequence++) {
            int best = 0;
            for (int symbol = 0; symbol < ALPHABET; symbol++) {
                asDouble[sequence * ALPHABET + symbol] = logits[sequence * ALPHABET + symbol];
                if (logits[sequence * ALPHABET + symbol] > logits[sequence * ALPHABET + best]) {
                    best = symbol;
                }
            }
            if (best == (int) targets.data()[sequence]) {
                right++;
            }
        }
        double loss = Loss.CROSS_ENTROPY.value(asDouble, outputs.shape(), targets);
        return new Score((double) right / count, loss, count);
    }
}
