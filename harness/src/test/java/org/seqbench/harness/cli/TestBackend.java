package org.seqbench.harness.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

/**
 * A backend for the command line's tests: it computes the float64 reference rounded to float32, or, given a fault,
 * throws it from {@code forward} (or from {@code availability}), as a backend with a bug would.
 */
record TestBackend(String id, Supplier<RuntimeException> forwardFault, Supplier<RuntimeException> availabilityFault)
        implements BackendProvider {

    /** A backend that computes correct outputs. */
    static TestBackend correct(String id) {
        return new TestBackend(id, null, null);
    }

    /** A backend whose forward pass throws {@code fault}. */
    static TestBackend failingForward(String id, Supplier<RuntimeException> fault) {
        return new TestBackend(id, fault, null);
    }

    /** A backend that throws {@code fault} when asked whether it is available. */
    static TestBackend failingAvailability(String id, Supplier<RuntimeException> fault) {
        return new TestBackend(id, null, fault);
    }

    @Override
    public String name() {
        return "test backend " + id;
    }

    @Override
    public Availability availability() {
        if (availabilityFault != null) {
            throw availabilityFault.get();
        }
        return Availability.yes();
    }

    @Override
    public String engineVersion() {
        return "test";
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public Set<ModelKind> supportedKinds() {
        return EnumSet.allOf(ModelKind.class);
    }

    @Override
    public List<String> variants(ModelKind kind) {
        return List.of("reference");
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.of(Precision.FP32);
    }

    @Override
    public boolean honoursThreads() {
        return false;
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        return new Model(spec, new ReferenceModel(spec, weights), forwardFault);
    }

    private static final class Model extends AbstractBackendModel<Model.Input> {
        private final ReferenceModel reference;
        private final Supplier<RuntimeException> fault;

        Model(ModelSpec spec, ReferenceModel reference, Supplier<RuntimeException> fault) {
            super(spec, "reference", Input.class);
            this.reference = reference;
            this.fault = fault;
        }

        static final class Input extends AbstractBackendModel.Prepared {
            final Tensor tensor;

            Input(Model owner, Tensor tensor) {
                super(owner, tensor);
                this.tensor = tensor;
            }
        }

        @Override
        protected Input prepareInput(Tensor input) {
            return new Input(this, input);
        }

        @Override
        protected Tensor run(Input input) {
            if (fault != null) {
                throw fault.get();
            }
            double[] values = reference.forward(input.tensor);
            float[] rounded = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                rounded[i] = (float) values[i];
            }
            return new Tensor(spec().outputShape(input.batch(), input.sequenceLength()), rounded);
        }

        @Override
        protected void release() {
        }
    }
}
