package org.seqbench.spi;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;

/**
 * The bookkeeping every {@link BackendModel} needs, so that each backend only writes its engine calls: the
 * closed state, the input shape check, and that a prepared input belongs to this model.
 *
 * @param <P> the backend's prepared-input type
 */
public abstract class AbstractBackendModel<P extends AbstractBackendModel.Prepared> implements BackendModel {

    /** Base of a backend's prepared input: remembers its model, its shape and whether it is closed. */
    public abstract static class Prepared implements PreparedInput {
        private final Object owner;
        private final int batch;
        private final int sequenceLength;
        private boolean closed;

        protected Prepared(AbstractBackendModel<?> owner, Tensor input) {
            this.owner = owner;
            this.batch = input.dimension(0);
            this.sequenceLength = input.dimension(1);
        }

        @Override
        public final int batch() {
            return batch;
        }

        @Override
        public final int sequenceLength() {
            return sequenceLength;
        }

        @Override
        public final void close() {
            if (!closed) {
                closed = true;
                release();
            }
        }

        public final boolean isClosed() {
            return closed;
        }

        /** Frees the engine memory this input holds; called once. */
        protected void release() {
        }
    }

    private final ModelSpec spec;
    private final String variant;
    private final Class<P> preparedType;
    private boolean closed;

    protected AbstractBackendModel(ModelSpec spec, String variant, Class<P> preparedType) {
        this.spec = spec;
        this.variant = variant;
        this.preparedType = preparedType;
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final String variant() {
        return variant;
    }

    @Override
    public final PreparedInput prepare(Tensor input) {
        requireOpen();
        spec.requireInput(input);
        return prepareInput(input);
    }

    @Override
    public final Tensor forward(PreparedInput input) {
        requireOpen();
        if (!preparedType.isInstance(input) || ((Prepared) input).owner != this) {
            throw new IllegalArgumentException("the input was prepared by another model; prepare it with this one");
        }
        P prepared = preparedType.cast(input);
        if (prepared.isClosed()) {
            throw new IllegalStateException("the prepared input is closed");
        }
        return run(prepared);
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Converts a shape-checked input into the engine's form. */
    protected abstract P prepareInput(Tensor input);

    /** Runs one forward pass on an input this model prepared; returns the output in host memory. */
    protected abstract Tensor run(P input);

    /** Frees the engine's resources; called once. */
    protected abstract void release();

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the " + spec.kind().id() + " model is closed");
        }
    }
}
