package org.seqbench.conformance;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.seqbench.conformance.ReferenceTrainer.Defect;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.AbstractBackendProvider;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendDescriptor;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendVariant;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.MatrixProduct;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.TrainingSupport;

/**
 * The test backend every test that needs a provider uses: it runs the float64 reference and rounds its output to
 * float32, and is configured to play whatever a test needs: an engine that is missing here, one that supports a
 * few kinds or offers several variants, one with a subtle defect (a dropped bias, swapped gates, a transposed
 * matrix product) the kits must catch, one whose engine fails to load models or to run them, one that trains.
 *
 * <pre>{@code
 * ReferenceBackendProvider.builder("gpu").availability(Availability.no("no CUDA driver")).build()
 * }</pre>
 */
public class ReferenceBackendProvider extends AbstractBackendProvider<ReferenceBackendProvider.Named> {

    /** A variant known by its id alone. */
    public record Named(String id) implements BackendVariant {
        @Override
        public String name() {
            return id;
        }
    }

    private final Availability availability;
    private final String engineVersion;
    private final UnaryOperator<Map<String, Tensor>> defect;
    private final MatrixProduct matrixProduct;
    private final String loadFailure;
    private final Supplier<? extends RuntimeException> forwardFailure;
    private final Supplier<? extends RuntimeException> availabilityFailure;
    private final Defect trainingDefect;

    /** The sound reference on every kind, with one variant ({@code float64}) and a correct matrix product. */
    public ReferenceBackendProvider() {
        this(builder("reference"));
    }

    /** A provider as {@code builder} configures it; for subclasses that {@link java.util.ServiceLoader} creates. */
    protected ReferenceBackendProvider(Builder builder) {
        super(new BackendDescriptor<>(builder.id, builder.name, builder.device, builder.variants(),
                builder.precisions, builder.honoursThreads, builder.settings));
        this.availability = builder.availability;
        this.engineVersion = builder.engineVersion;
        this.defect = builder.defect;
        this.matrixProduct = builder.matrixProduct;
        this.loadFailure = builder.loadFailure;
        this.forwardFailure = builder.forwardFailure;
        this.availabilityFailure = builder.availabilityFailure;
        this.trainingDefect = builder.trainingDefect;
    }

    /** A sound, available reference backend called {@code id}, to configure further. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    @Override
    public Availability availability() {
        if (availabilityFailure != null) {
            throw availabilityFailure.get();
        }
        return availability;
    }

    @Override
    public String engineVersion() {
        return engineVersion;
    }

    @Override
    public Optional<MatrixProduct> matrixProduct() {
        return Optional.ofNullable(matrixProduct);
    }

    @Override
    public Optional<TrainingSupport> training() {
        return trainingDefect == null ? Optional.empty() : Optional.of(new ReferenceTrainer(this, trainingDefect));
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        RunOptions resolved = Backends.checkLoadable(this, spec, weights, options);
        Named variant = descriptor().variant(spec.kind(), resolved.variant());
        if (loadFailure != null) {
            throw new BackendException(loadFailure);
        }
        Weights defective = Weights.of(defect.apply(new LinkedHashMap<>(weights.asMap())));
        return new Model(spec, variant.id(), new ReferenceModel(spec, defective), forwardFailure);
    }

    /** The reference's output for {@code input}, rounded to float32 as an engine would store it. */
    static Tensor rounded(ModelSpec spec, Tensor input, double[] output) {
        float[] rounded = new float[output.length];
        for (int i = 0; i < output.length; i++) {
            rounded[i] = (float) output[i];
        }
        return new Tensor(spec.outputShape(input.dimension(0), input.dimension(1)), rounded);
    }

    /** What a {@link ReferenceBackendProvider} plays; every setting starts as the sound reference's. */
    public static final class Builder {
        private final String id;
        private String name = "float64 reference (test)";
        private String engineVersion = "test";
        private String device = "cpu";
        private Availability availability = Availability.yes();
        private Set<ModelKind> kinds = EnumSet.allOf(ModelKind.class);
        private final Map<ModelKind, List<String>> variants = new EnumMap<>(ModelKind.class);
        private List<String> otherVariants = List.of("float64");
        private Set<Precision> precisions = EnumSet.of(Precision.FP32);
        private boolean honoursThreads;
        private List<EngineSetting> settings = List.of();
        private UnaryOperator<Map<String, Tensor>> defect = UnaryOperator.identity();
        private MatrixProduct matrixProduct = new NaiveMatrixProduct(false);
        private String loadFailure;
        private Supplier<? extends RuntimeException> forwardFailure;
        private Supplier<? extends RuntimeException> availabilityFailure;
        private Defect trainingDefect;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder engineVersion(String engineVersion) {
            this.engineVersion = engineVersion;
            return this;
        }

        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /** Whether the backend can run here; an unavailable one refuses to load with the reason. */
        public Builder availability(Availability availability) {
            this.availability = availability;
            return this;
        }

        public Builder kinds(ModelKind first, ModelKind... others) {
            this.kinds = EnumSet.of(first, others);
            return this;
        }

        /** The variants of every supported kind not given its own with {@link #variants(ModelKind, String...)}. */
        public Builder variants(String... ids) {
            this.otherVariants = List.of(ids);
            return this;
        }

        /** The variants of {@code kind}, default first. */
        public Builder variants(ModelKind kind, String... ids) {
            variants.put(kind, List.of(ids));
            return this;
        }

        /**
         * The arithmetics the backend offers (fp32 alone unless told otherwise); it computes the float64 reference
         * in every one of them, so each passes its tolerance.
         */
        public Builder precisions(Precision first, Precision... others) {
            this.precisions = EnumSet.of(first, others);
            return this;
        }

        /** Engine settings the provider declares; it computes the same function whatever their values. */
        public Builder settings(EngineSetting... declared) {
            this.settings = List.of(declared);
            return this;
        }

        public Builder honoursThreads(boolean honoursThreads) {
            this.honoursThreads = honoursThreads;
            return this;
        }

        /** Plants a defect: the model computes with the weights as {@code defect} changes them. */
        public Builder defect(UnaryOperator<Map<String, Tensor>> defect) {
            this.defect = defect;
            return this;
        }

        /** The matrix product the backend offers for the peak probe (a correct one unless told otherwise). */
        public Builder matrixProduct(MatrixProduct matrixProduct) {
            this.matrixProduct = Objects.requireNonNull(matrixProduct, "matrixProduct");
            return this;
        }

        public Builder withoutMatrixProduct() {
            this.matrixProduct = null;
            return this;
        }

        /**
         * Plants an engine failure: every load that passes the checks of {@link Backends#checkLoadable} throws a
         * {@link BackendException} with {@code reason}.
         */
        public Builder failingLoad(String reason) {
            this.loadFailure = Objects.requireNonNull(reason, "reason");
            return this;
        }

        /** Plants an engine failure: every forward pass throws a {@link BackendException} with {@code reason}. */
        public Builder failingForward(String reason) {
            Objects.requireNonNull(reason, "reason");
            return failingForward(() -> new BackendException(reason));
        }

        /**
         * Plants a bug: every forward pass throws what {@code fault} makes (an {@link IllegalArgumentException}, say),
         * as an engine with a defect would, instead of a {@link BackendException}.
         */
        public Builder failingForward(Supplier<? extends RuntimeException> fault) {
            this.forwardFailure = Objects.requireNonNull(fault, "fault");
            return this;
        }

        /** Plants a bug: asking whether the backend is available throws what {@code fault} makes. */
        public Builder failingAvailability(Supplier<? extends RuntimeException> fault) {
            this.availabilityFailure = Objects.requireNonNull(fault, "fault");
            return this;
        }

        /** The backend trains its kinds with finite differences, with {@code defect} planted in the trainer. */
        public Builder training(Defect defect) {
            this.trainingDefect = Objects.requireNonNull(defect, "defect");
            return this;
        }

        public ReferenceBackendProvider build() {
            return new ReferenceBackendProvider(this);
        }

        private Map<ModelKind, List<Named>> variants() {
            Map<ModelKind, List<Named>> named = new EnumMap<>(ModelKind.class);
            for (ModelKind kind : kinds) {
                named.put(kind, variants.getOrDefault(kind, otherVariants).stream().map(Named::new).toList());
            }
            return named;
        }
    }

    private static final class Model extends AbstractBackendModel<Model.Input> {
        private final ReferenceModel reference;
        private final Supplier<? extends RuntimeException> failure;

        Model(ModelSpec spec, String variant, ReferenceModel reference, Supplier<? extends RuntimeException> failure) {
            super(spec, variant, Input.class);
            this.reference = reference;
            this.failure = failure;
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
            if (failure != null) {
                throw failure.get();
            }
            return rounded(spec(), input.tensor, reference.forward(input.tensor));
        }

        @Override
        protected void release() {
        }
    }
}
