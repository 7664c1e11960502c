package org.seqbench.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training losses, defined as PyTorch's {@code nn.CrossEntropyLoss()} and {@code nn.MSELoss()} with their
 * default mean reduction. {@link #value} is the float64 definition a trainable backend is checked against.
 */
public enum Loss {
    /**
     * Mean over the batch of {@code -log softmax(logits)[target]}: the output is the head's logits
     * {@code [batch, outputSize]}, the targets are class indices {@code [batch]} stored as whole float values in
     * {@code [0, outputSize)}. Needs a head.
     */
    CROSS_ENTROPY,
    /** Mean over every output element of {@code (output - target)^2}; the targets have the output's shape. */
    MEAN_SQUARED_ERROR;

    /** Lower-case id for command lines and files: {@code cross-entropy}, {@code mean-squared-error}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a loss from its id (or its enum name), case-insensitively.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static Loss parse(String text) {
        String wanted = text == null ? "" : text.trim().replace('_', '-');
        for (Loss loss : values()) {
            if (loss.id().equalsIgnoreCase(wanted)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + text + "'; accepted: " + acceptedIds());
    }

    public static String acceptedIds() {
        return Arrays.stream(values()).map(Loss::id).collect(Collectors.joining(", "));
    }

    /**
     * Whether this loss can train {@code spec}: cross-entropy reads class logits, so it needs a head.
     *
     * @throws IllegalArgumentException saying why not
     */
    public void requireApplicable(ModelSpec spec) {
        if (this == CROSS_ENTROPY && !spec.hasHead()) {
            throw new IllegalArgumentException("cross-entropy needs class logits, but " + spec.describe()
                    + " has no head (outputSize 0); give it an outputSize or train it with " + MEAN_SQUARED_ERROR.id());
        }
    }

    /** The shape the targets of a batch must have: {@code [batch]} for cross-entropy, the output's otherwise. */
    public int[] targetShape(ModelSpec spec, int batch, int sequenceLength) {
        return this == CROSS_ENTROPY ? new int[] {batch} : spec.outputShape(batch, sequenceLength);
    }

    /**
     * Checks that {@code targets} fit a batch {@code input} of {@code spec}: their shape, and for cross-entropy
     * that every target is a class index of the head.
     *
     * @throws IllegalArgumentException naming the bad shape or value and what is accepted
     */
    public void requireTargets(ModelSpec spec, Tensor input, Tensor targets) {
        requireApplicable(spec);
        int[] expected = targetShape(spec, input.dimension(0), input.dimension(1));
        if (!targets.hasShape(expected)) {
            throw new IllegalArgumentException(id() + " targets for " + input.shapeText() + " inputs must have shape "
                    + Arrays.toString(expected) + ", got " + targets.shapeText());
        }
        float[] values = targets.data();
        for (int i = 0; i < values.length; i++) {
            float value = values[i];
            if (this == CROSS_ENTROPY && (value != Math.rint(value) || value < 0 || value >= spec.outputSize())) {
                throw new IllegalArgumentException("cross-entropy target " + i + " is " + value
                        + "; targets are class indices, whole numbers from 0 to " + (spec.outputSize() - 1));
            }
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException(id() + " target " + i + " is " + value + "; targets must be finite");
            }
        }
    }

    /**
     * The loss of a batch in float64.
     *
     * @param output the model's output, flat in the row-major order of {@code outputShape}
     * @param outputShape {@code [batch, outputSize]} or {@code [batch, seq, width]}
     * @param targets as {@link #requireTargets} accepts them
     */
    public double value(double[] output, int[] outputShape, Tensor targets) {
        float[] wanted = targets.data();
        return switch (this) {
            case CROSS_ENTROPY -> {
                int batch = outputShape[0];
                int classes = outputShape[1];
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < classes; c++) {
                        max = Math.max(max, output[b * classes + c]);
                    }
                    double exponentials = 0;
                    for (int c = 0; c < classes; c++) {
                        exponentials += Math.exp(output[b * classes + c] - max);
                    }
                    double logSumExp = max + Math.log(exponentials);
                    sum += logSumExp - output[b * classes + (int) wanted[b]];
                }
                yield sum / batch;
            }
            case MEAN_SQUARED_ERROR -> {
                double sum = 0;
                for (int i = 0; i < output.length; i++) {
                    double difference = output[i] - wanted[i];
                    sum += difference * difference;
                }
                yield sum / output.length;
            }
        };
    }
}
