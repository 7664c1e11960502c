package org.seqbench.spi;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;

/**
 * A model loaded into an engine. Not thread-safe: one caller at a time. Close it to release the engine's memory.
 *
 * <p>{@link #forward} returns the output in host memory: when it returns, the engine's work (a GPU's included)
 * is finished, which is what makes its duration the model's latency. A model that can also time its device's
 * share of a pass implements {@link DeviceTimed}.
 */
public interface BackendModel extends AutoCloseable {

    ModelSpec spec();

    /** The implementation running, one of {@link BackendProvider#variants} for the spec's kind. */
    String variant();

    /**
     * Converts a batch-first input {@code [batch, seq, inputSize]} into the engine's form.
     *
     * @throws IllegalArgumentException if the input's shape does not fit the spec
     * @throws IllegalStateException if the model is closed
     */
    PreparedInput prepare(Tensor input);

    /**
     * Runs one forward pass. The result has shape {@code spec().outputShape(batch, seq)}.
     *
     * @throws IllegalArgumentException if the input was prepared by another model
     * @throws IllegalStateException if the model or the input is closed
     */
    Tensor forward(PreparedInput input);

    /** Releases the engine's resources. Idempotent. */
    @Override
    void close();
}
