package org.seqbench.spi;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * A model whose parameters learn. Not thread-safe: one caller at a time. Close it to release the engine's memory.
 *
 * <p>Inputs are batch-first {@code [batch, seq, inputSize]}; targets are what {@link #options()}'s loss takes
 * ({@link org.seqbench.core.Loss#requireTargets}). Every method that takes them checks them first and refuses bad
 * ones with {@link IllegalArgumentException} naming the bad shape or value.
 */
public interface TrainableModel extends AutoCloseable {

    ModelSpec spec();

    TrainingOptions options();

    /**
     * One training step: forward, loss, backward, optimizer update.
     *
     * @return the batch's loss before the update
     * @throws IllegalStateException if the model is closed
     */
    double step(Tensor input, Tensor targets);

    /**
     * The loss of a batch and its gradient with respect to the input, at the current parameters, which stay
     * unchanged (no update, and nothing accumulates into the next step's gradients).
     *
     * @throws IllegalStateException if the model is closed
     */
    InputGradient inputGradient(Tensor input, Tensor targets);

    /**
     * The model's output at the current parameters, {@code spec().outputShape(batch, seq)}, with no gradient kept.
     *
     * @throws IllegalStateException if the model is closed
     */
    Tensor forward(Tensor input);

    /**
     * A copy of the current parameters under their canonical PyTorch names and layouts
     * ({@link org.seqbench.core.WeightLayout}), ready to load into any backend or save as safetensors.
     *
     * @throws IllegalStateException if the model is closed
     */
    Weights weights();

    /** Releases the engine's resources. Idempotent. */
    @Override
    void close();
}
