package org.seqbench.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.seqbench.core.Loss;

/**
 * How a {@link TrainableModel} learns.
 *
 * @param loss what is minimised (see {@link Loss} for its exact definition and target format)
 * @param optimizer the update rule
 * @param learningRate the step size, a positive finite number
 * @param threads intra-op threads the engine may use; 0 leaves the engine's own default
 */
public record TrainingOptions(Loss loss, Optimizer optimizer, double learningRate, int threads) {

    /** The update rules, with PyTorch's semantics and default hyperparameters. */
    public enum Optimizer {
        /** {@code torch.optim.SGD(lr)}: {@code w -= lr * grad}; no momentum, no weight decay. */
        SGD,
        /**
         * {@code torch.optim.Adam(lr)}: betas 0.9 and 0.999, eps 1e-8 added to the bias-corrected
         * {@code sqrt(v)}, no weight decay.
         */
        ADAM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws IllegalArgumentException naming the bad value and the accepted ones
         */
        public static Optimizer parse(String text) {
            for (Optimizer optimizer : values()) {
                if (optimizer.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return optimizer;
                }
            }
            throw new IllegalArgumentException("unknown optimizer '" + text + "'; accepted: "
                    + Arrays.stream(values()).map(Optimizer::id).collect(Collectors.joining(", ")));
        }
    }

    /** Adam's first-moment decay. */
    public static final double ADAM_BETA1 = 0.9;
    /** Adam's second-moment decay. */
    public static final double ADAM_BETA2 = 0.999;
    /** Added to Adam's bias-corrected {@code sqrt(v)}. */
    public static final double ADAM_EPSILON = 1e-8;

    public TrainingOptions {
        if (loss == null) {
            throw new IllegalArgumentException("loss is missing; accepted: " + Loss.acceptedIds());
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is missing; accepted: "
                    + Arrays.stream(Optimizer.values()).map(Optimizer::id).collect(Collectors.joining(", ")));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + learningRate);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (engine default) or positive, got " + threads);
        }
    }

    /** Engine-default threads. */
    public static TrainingOptions of(Loss loss, Optimizer optimizer, double learningRate) {
        return new TrainingOptions(loss, optimizer, learningRate, 0);
    }

    public TrainingOptions withThreads(int threads) {
        return new TrainingOptions(loss, optimizer, learningRate, threads);
    }
}
