package org.seqbench.conformance;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import org.seqbench.spi.MatrixProduct;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

/**
 * A test backend that runs the float64 reference and rounds its output to float32; with a weight mutation it
 * plays an engine with a subtle defect (a dropped bias, swapped gates), which the kit must catch.
 */
class ReferenceBackendProvider implements BackendProvider {
    private final String id;
    private final Availability availability;
    private final Set<ModelKind> kinds;
    private final UnaryOperator<Map<String, Tensor>> mutation;

    ReferenceBackendProvider() {
        this("reference", Availability.yes(), EnumSet.allOf(ModelKind.class), UnaryOperator.identity());
    }

    ReferenceBackendProvider(String id, Availability availability, Set<ModelKind> kinds,
            UnaryOperator<Map<String, Tensor>> mutation) {
        this.id = id;
        this.availability = availability;
        this.kinds = kinds;
        this.mutation = mutation;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return "float64 reference (test)";
    }

    @Override
    public Availability availability() {
        return availability;
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
        return kinds;
    }

    @Override
    public List<String> variants(ModelKind kind) {
        return List.of("float64");
    }

    @Override
    public Set<Precision> precisions() {
        return EnumSet.of(Precision.FP32);
    }

    @Override
    public boolean honoursThreads() {
        return false;
    }

    /** A correct product, so the kit's matrix-product check runs on the reference backend too. */
    @Override
    public Optional<MatrixProduct> matrixProduct() {
        return Optional.of(new NaiveMatrixProduct(false));
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        RunOptions resolved = Backends.checkLoadable(this, spec, weights, options);
        Weights mutated = Weights.of(mutation.apply(new LinkedHashMap<>(weights.asMap())));
        return new Model(spec, resolved.variant(), new ReferenceModel(spec, mutated));
    }

    private static final class Model extends AbstractBackendModel<Model.Input> {
        private final ReferenceModel reference;

        Model(ModelSpec spec, String variant, ReferenceModel reference) {
            super(spec, variant, Input.class);
            this.reference = reference;
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
