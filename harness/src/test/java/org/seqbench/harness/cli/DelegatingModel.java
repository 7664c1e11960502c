package org.seqbench.harness.cli;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;

/**
 * A model that hands every call to another (the float64 reference, for the tests' own backends), so that a test
 * backend states only the calls it changes.
 */
abstract class DelegatingModel implements BackendModel {
    protected final BackendModel inner;

    DelegatingModel(BackendModel inner) {
        this.inner = inner;
    }

    @Override
    public ModelSpec spec() {
        return inner.spec();
    }

    @Override
    public String variant() {
        return inner.variant();
    }

    @Override
    public PreparedInput prepare(Tensor input) {
        return inner.prepare(input);
    }

    @Override
    public Tensor forward(PreparedInput input) {
        return inner.forward(input);
    }

    @Override
    public void close() {
        inner.close();
    }
}
