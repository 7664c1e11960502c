package org.seqbench.spi;

/**
 * An input already converted to the engine's own form (and uploaded, on a GPU), so that
 * {@link BackendModel#forward} measures the model and not the conversion. Belongs to the model that prepared it.
 */
public interface PreparedInput extends AutoCloseable {
    int batch();

    int sequenceLength();

    /** Releases engine memory held by the input. Idempotent. */
    @Override
    void close();
}
