package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.seqbench.core.Loss;

/** The SPI's losses ({@link Loss}) as differentiable libtorch operations with PyTorch's mean reduction. */
final class LossFunction {
    private LossFunction() {
    }

    /**
     * The batch's loss, a scalar in {@code output}'s manager.
     *
     * @param output {@code [batch, classes]} logits for cross-entropy, any shape for mean squared error
     * @param targets class indices {@code [batch]} (whole float values) or values shaped like the output
     */
    static NDArray of(Loss loss, NDArray output, NDArray targets) {
        return switch (loss) {
            case CROSS_ENTROPY -> {
                // -log softmax(logits)[target], averaged over the batch; logSoftmax is the stable form.
                NDArray classes = targets.toType(DataType.INT64, false).reshape(-1, 1);
                yield output.logSoftmax(1).gather(classes, 1).mean().neg();
            }
            case MEAN_SQUARED_ERROR -> output.sub(targets).square().mean();
        };
    }
}
