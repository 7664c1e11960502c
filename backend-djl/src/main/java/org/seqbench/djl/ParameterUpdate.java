package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.spi.TrainingOptions;

/**
 * An optimizer's update of the parameters from their gradients, with PyTorch's semantics
 * ({@link TrainingOptions.Optimizer}), written out in tensor operations rather than taken from DJL: DJL's Adam
 * folds the bias correction into the learning rate and places epsilon differently from {@code torch.optim.Adam},
 * and the SPI promises PyTorch's rule. Runs with autograd off, updating the parameters in place.
 */
sealed interface ParameterUpdate {

    /** Long-lived state the update keeps between steps (Adam's moments), to attach to a step's manager. */
    List<NDArray> state();

    /** Updates {@code parameter} from {@code gradient}; {@code step} counts from 1. */
    void apply(String name, NDArray parameter, NDArray gradient, int step);

    /** The rule {@code options} asks for, with its state for {@code parameters} in {@code manager}. */
    static ParameterUpdate of(TrainingOptions options, Map<String, NDArray> parameters, NDManager manager) {
        return switch (options.optimizer()) {
            case SGD -> new Sgd((float) options.learningRate());
            case ADAM -> new Adam(options.learningRate(), parameters, manager);
        };
    }

    /** {@code w -= lr * grad}. */
    record Sgd(float learningRate) implements ParameterUpdate {
        @Override
        public List<NDArray> state() {
            return List.of();
        }

        @Override
        public void apply(String name, NDArray parameter, NDArray gradient, int step) {
            parameter.subi(gradient.mul(learningRate));
        }
    }

    /**
     * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}, exactly {@code torch.optim.Adam}'s step.
     */
    final class Adam implements ParameterUpdate {
        private static final float BETA1 = (float) TrainingOptions.ADAM_BETA1;
        private static final float BETA2 = (float) TrainingOptions.ADAM_BETA2;

        private final double learningRate;
        private final Map<String, NDArray> firstMoments = new java.util.LinkedHashMap<>();
        private final Map<String, NDArray> secondMoments = new java.util.LinkedHashMap<>();

        Adam(double learningRate, Map<String, NDArray> parameters, NDManager manager) {
            this.learningRate = learningRate;
            parameters.forEach((name, parameter) -> {
                firstMoments.put(name, manager.zeros(parameter.getShape()));
                secondMoments.put(name, manager.zeros(parameter.getShape()));
            });
        }

        @Override
        public List<NDArray> state() {
            List<NDArray> state = new ArrayList<>(firstMoments.values());
            state.addAll(secondMoments.values());
            return state;
        }

        @Override
        public void apply(String name, NDArray parameter, NDArray gradient, int step) {
            NDArray first = firstMoments.get(name).muli(BETA1).addi(gradient.mul(1 - BETA1));
            NDArray second = secondMoments.get(name).muli(BETA2).addi(gradient.square().muli(1 - BETA2));
            double firstCorrection = 1 - Math.pow(TrainingOptions.ADAM_BETA1, step);
            double secondCorrection = 1 - Math.pow(TrainingOptions.ADAM_BETA2, step);
            NDArray denominator = second.sqrt().divi((float) Math.sqrt(secondCorrection))
                    .addi((float) TrainingOptions.ADAM_EPSILON);
            parameter.subi(first.div(denominator).muli((float) (learningRate / firstCorrection)));
        }
    }
}
