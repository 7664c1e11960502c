package org.seqbench.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqbench.spi.TrainingOptions;

/**
 * An optimizer's update of the parameters from their gradients with PyTorch's semantics
 * ({@link TrainingOptions.Optimizer}), written out in ND4J array operations rather than taken from ND4J's own
 * updaters: the SPI promises {@code torch.optim}'s rules, and ND4J's Adam folds the bias correction into the step
 * size with epsilon in another place. Updates the graph's variable arrays in place, in float32.
 */
sealed interface ParameterUpdate extends AutoCloseable {

    /** Updates {@code parameter} from {@code gradient}; {@code step} counts from 1. */
    void apply(String name, INDArray parameter, INDArray gradient, int step);

    /** Frees the optimizer's state. Idempotent. */
    @Override
    void close();

    /** The rule {@code options} asks for. */
    static ParameterUpdate of(TrainingOptions options) {
        return switch (options.optimizer()) {
            case SGD -> new Sgd((float) options.learningRate());
            case ADAM -> new Adam(options.learningRate());
        };
    }

    /** {@code w -= lr * grad}. */
    record Sgd(float learningRate) implements ParameterUpdate {
        @Override
        public void apply(String name, INDArray parameter, INDArray gradient, int step) {
            try (INDArray move = gradient.mul(learningRate)) {
                parameter.subi(move);
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}, exactly {@code torch.optim.Adam}'s step.
     * The moments start at zero, made on a parameter's first update.
     */
    final class Adam implements ParameterUpdate {
        private static final float BETA1 = (float) TrainingOptions.ADAM_BETA1;
        private static final float BETA2 = (float) TrainingOptions.ADAM_BETA2;

        private final double learningRate;
        private final Map<String, INDArray> firstMoments = new LinkedHashMap<>();
        private final Map<String, INDArray> secondMoments = new LinkedHashMap<>();

        Adam(double learningRate) {
            this.learningRate = learningRate;
        }

        @Override
        public void apply(String name, INDArray parameter, INDArray gradient, int step) {
            INDArray first = firstMoments.computeIfAbsent(name, any -> parameter.ulike().assign(0));
            INDArray second = secondMoments.computeIfAbsent(name, any -> parameter.ulike().assign(0));
            try (INDArray scaledGradient = gradient.mul(1 - BETA1); INDArray squared = gradient.mul(gradient)) {
                first.muli(BETA1).addi(scaledGradient);
                second.muli(BETA2).addi(squared.muli(1 - BETA2));
            }
            double firstCorrection = 1 - Math.pow(TrainingOptions.ADAM_BETA1, step);
            double secondCorrection = 1 - Math.pow(TrainingOptions.ADAM_BETA2, step);
            try (INDArray denominator = Transforms.sqrt(second, true)) {
                denominator.divi((float) Math.sqrt(secondCorrection)).addi((float) TrainingOptions.ADAM_EPSILON);
                try (INDArray move = first.div(denominator)) {
                    parameter.subi(move.muli((float) (learningRate / firstCorrection)));
                }
            }
        }

        @Override
        public void close() {
            firstMoments.values().forEach(INDArray::close);
            secondMoments.values().forEach(INDArray::close);
            firstMoments.clear();
            secondMoments.clear();
        }
    }
}
