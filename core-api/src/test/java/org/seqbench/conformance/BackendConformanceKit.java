package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.seqbench.core.Accuracy;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;
import org.seqbench.core.WeightsMismatchException;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.EngineSettings;
import org.seqbench.spi.MatrixProduct;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.UnsupportedModelException;

/**
 * The conformance kit: what every backend must show before its numbers mean anything. A backend's test class
 * extends this and returns its provider; the kit then checks, for every kind and variant the backend claims,
 * 1 and 2 layers, uni- and bidirectional (recurrent kinds), with and without the head, on batch/sequence shapes
 * including batch 1 and sequence 1, that the output matches the float64 reference within
 * {@link #tolerance(ModelKind)}; and that bad requests are refused with clear errors.
 *
 * <p>All weights are {@link WeightInit#ALL_RANDOM}, so a dropped bias or LayerNorm parameter cannot hide behind
 * PyTorch's zero or unit initial values; one case per kind uses the canonical {@link WeightInit#PYTORCH_DEFAULT}
 * weights the benchmarks run.
 *
 * <p>If the backend is unavailable on this machine, {@link #engineExpectation()} decides: where the build ships its
 * engine (Linux x86-64) the checks fail with the backend's reason; elsewhere, or for an engine that needs what a
 * machine may lack (a GPU), they are skipped with it, and the kit checks instead that loading is refused with that
 * reason.
 */
public abstract class BackendConformanceKit {

    /** Largest absolute error accepted by default. Outputs are O(1); float32 engines reach 1e-7 to 1e-6 here. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    private static final int INPUT_SIZE = 5;
    private static final int OUTPUT_SIZE = 3;
    private static final long SEED = 20261124L;

    /** Batch and sequence length pairs every configuration runs: the degenerate ones and a couple of real ones. */
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {2, 33}};

    /** The backend under test. */
    protected abstract BackendProvider provider();

    /** The largest absolute error against the float64 reference this backend must meet for {@code kind}. */
    protected double tolerance(ModelKind kind) {
        return DEFAULT_TOLERANCE;
    }

    /**
     * Whether this backend's checks fail or skip where it is unavailable: by default the engine's natives ship with
     * the build for Linux x86-64, so it must be available there. A backend whose engine needs hardware returns
     * {@link EngineExpectation#needs(String)}.
     */
    protected EngineExpectation engineExpectation() {
        return EngineExpectation.shippedNatives();
    }

    /** Options the reference checks run with (one thread, so that results are repeatable). */
    protected RunOptions options() {
        return RunOptions.threads(1);
    }

    // ---------------------------------------------------------------- matches the reference

    @TestFactory
    Stream<DynamicNode> everyClaimedKindMatchesTheReference() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        List<DynamicNode> kinds = new ArrayList<>();
        for (ModelKind kind : EnumSet.copyOf(provider.supportedKinds())) {
            List<DynamicNode> variants = new ArrayList<>();
            for (String variant : provider.variants(kind)) {
                List<DynamicNode> cases = new ArrayList<>();
                for (ModelSpec spec : configurations(kind)) {
                    cases.add(DynamicTest.dynamicTest(spec.describe(),
                            () -> checkAgainstReference(spec, Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM),
                                    variant, SHAPES)));
                }
                ModelSpec wide = wideConfiguration(kind);
                cases.add(DynamicTest.dynamicTest("wide " + wide.describe(),
                        () -> checkAgainstReference(wide, Weights.initialise(wide, SEED, WeightInit.ALL_RANDOM),
                                variant, new int[][] {{4, 17}})));
                ModelSpec canonical = configurations(kind).getLast();
                cases.add(DynamicTest.dynamicTest("pytorch-default weights " + canonical.describe(),
                        () -> checkAgainstReference(canonical, Weights.initialise(canonical, SEED), variant, SHAPES)));
                variants.add(DynamicContainer.dynamicContainer(variant, cases));
            }
            kinds.add(DynamicContainer.dynamicContainer(kind.id(), variants));
        }
        return kinds.stream();
    }

    /**
     * LayerNorm's epsilon (1e-5) matters when the values it normalises vary little; an engine whose LayerNorm
     * has no epsilon is off by percents here, while every other case would let it pass by a hair.
     */
    @TestFactory
    Stream<DynamicNode> transformerLayerNormEpsilonIsHonoured() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        assumeTrue(provider.supportedKinds().contains(ModelKind.TRANSFORMER), "backend has no transformer");
        ModelSpec spec = ModelSpec.transformer(INPUT_SIZE, 8, 1, 2, 12, 0);
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM).asMap());
        // Small norm1 scale and a small feed-forward output make norm2's input vary by about 1e-2 only.
        for (String name : List.of(WeightNames.NORM1_WEIGHT, WeightNames.NORM1_BIAS, WeightNames.LINEAR2_WEIGHT,
                WeightNames.LINEAR2_BIAS)) {
            String full = WeightNames.encoderLayer(0, name);
            tensors.put(full, tensors.get(full).scaled(0.01f));
        }
        Weights weights = Weights.of(tensors);
        return provider.variants(ModelKind.TRANSFORMER).stream().map(variant -> DynamicTest.dynamicTest(variant,
                () -> checkAgainstReference(spec, weights, variant, new int[][] {{2, 5}})));
    }

    @Test
    void forwardIsRepeatableAndInputsDoNotInterfere() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        for (ModelKind kind : provider.supportedKinds()) {
            ModelSpec spec = configurations(kind).getFirst();
            Weights weights = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
            try (BackendModel model = provider.load(spec, weights, options())) {
                Tensor small = Inputs.generate(2, 4, INPUT_SIZE, 1);
                Tensor large = Inputs.generate(3, 9, INPUT_SIZE, 2);
                try (PreparedInput first = model.prepare(small); PreparedInput second = model.prepare(large)) {
                    Tensor once = model.forward(first);
                    Tensor other = model.forward(second);
                    Tensor again = model.forward(first);
                    assertArrayEquals(once.shape(), again.shape(), kind + ": shape changed between calls");
                    assertArrayEquals(once.data(), again.data(), 0f,
                            kind + ": the same input gave a different output after another input ran");
                    assertArrayEquals(spec.outputShape(3, 9), other.shape(), kind + ": wrong output shape");
                }
            }
        }
    }

    // ---------------------------------------------------------------- the matrix product behind the peak

    /**
     * A backend that offers a matrix product must compute it exactly enough that its speed means something: the
     * peak every work rate is compared with. Checked on a size that is not a multiple of any vector width, twice
     * on the same prepared product (the timing loop runs it many times), against a float64 product.
     */
    @Test
    void matrixProductMatchesTheFloat64ProductAndRepeats() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        assumeTrue(provider.matrixProduct().isPresent(), () -> provider.id() + " offers no matrix product");
        int n = 67;
        float[] a = Inputs.generate(1, n, n, SEED).data();
        float[] b = Inputs.generate(1, n, n, SEED + 1).data();
        try (MatrixProduct.Prepared product = provider.matrixProduct().orElseThrow().prepare(a, b, n, 1)) {
            assertEquals(n, product.n());
            product.multiply();
            float[] first = product.product();
            product.multiply();
            assertArrayEquals(first, product.product(), 0f, "the same product gave a different result");
            assertEquals(n * n, first.length, "the product has n * n values");
            for (int row = 0; row < n; row++) {
                for (int column = 0; column < n; column++) {
                    double expected = 0;
                    for (int k = 0; k < n; k++) {
                        expected += (double) a[row * n + k] * b[k * n + column];
                    }
                    float actual = first[row * n + column];
                    assertEquals(expected, actual, 1e-4 * Math.max(1, Math.abs(expected)),
                            "C[" + row + "][" + column + "]");
                }
            }
        }
    }

    // ---------------------------------------------------------------- describes itself

    @Test
    void describesItself() {
        BackendProvider provider = provider();
        assertTrue(provider.id().matches("[a-z][a-z0-9-]*"), "id must be short lower-case: " + provider.id());
        assertFalse(provider.name().isBlank(), "name");
        assertFalse(provider.engineVersion().isBlank(), "engine version");
        assertFalse(provider.device().isBlank(), "device");
        assertFalse(provider.precisions().isEmpty(), "precisions");
        assertFalse(provider.supportedKinds().isEmpty(), "a backend must support at least one kind");
        for (ModelKind kind : provider.supportedKinds()) {
            List<String> variants = provider.variants(kind);
            assertFalse(variants.isEmpty(), kind + " needs at least one variant");
            assertEquals(variants.size(), Set.copyOf(variants).size(), kind + " variants must be distinct");
        }
    }

    // ---------------------------------------------------------------- refuses what it cannot do

    @Test
    void unavailableBackendRefusesToLoadWithItsReason() {
        BackendProvider provider = provider();
        assumeFalse(provider.availability().available(), "backend is available here");
        ModelKind kind = provider.supportedKinds().iterator().next();
        ModelSpec spec = configurations(kind).getFirst();
        BackendException error = assertThrows(BackendException.class,
                () -> provider.load(spec, Weights.initialise(spec, SEED), options()));
        assertTrue(error.getMessage().contains(provider.availability().reason()), error.getMessage());
    }

    @Test
    void unsupportedKindIsRefused() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        Set<ModelKind> unsupported = EnumSet.complementOf(EnumSet.copyOf(provider.supportedKinds()));
        assumeFalse(unsupported.isEmpty(), provider.id() + " supports every kind");
        for (ModelKind kind : unsupported) {
            ModelSpec spec = configurations(kind).getFirst();
            UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                    () -> provider.load(spec, Weights.initialise(spec, SEED), options()));
            assertTrue(error.getMessage().contains(kind.id()), error.getMessage());
        }
    }

    @Test
    void weightsOfAnotherSpecAreRefusedNamingTheTensor() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        for (ModelKind kind : provider.supportedKinds()) {
            ModelSpec spec = configurations(kind).getFirst();
            ModelSpec wider = kind.isRecurrent()
                    ? ModelSpec.recurrent(kind, INPUT_SIZE + 1, spec.hiddenSize(), 1, false, OUTPUT_SIZE)
                    : ModelSpec.transformer(INPUT_SIZE + 1, spec.hiddenSize(), 1, spec.heads(), spec.ffnSize(),
                            OUTPUT_SIZE);
            WeightsMismatchException error = assertThrows(WeightsMismatchException.class,
                    () -> provider.load(spec, Weights.initialise(wider, SEED), options()));
            String firstWeight = kind.isRecurrent() ? WeightNames.inputWeight(kind, 0, 0) : WeightNames.EMBEDDING_WEIGHT;
            assertTrue(error.getMessage().contains(firstWeight), error.getMessage());

            Map<String, Tensor> missing = new LinkedHashMap<>(Weights.initialise(spec, SEED).asMap());
            missing.remove(WeightNames.HEAD_BIAS);
            WeightsMismatchException missingError = assertThrows(WeightsMismatchException.class,
                    () -> provider.load(spec, Weights.of(missing), options()));
            assertTrue(missingError.getMessage().contains("missing " + WeightNames.HEAD_BIAS),
                    missingError.getMessage());
        }
    }

    // ---------------------------------------------------------------- engine settings

    /**
     * A setting the engine takes per model changes how it computes, never what: every accepted value of every such
     * setting computes the reference for every claimed kind.
     */
    @TestFactory
    Stream<DynamicNode> everyValueOfEverySettingComputesTheReference() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        List<DynamicNode> settings = new ArrayList<>();
        for (EngineSetting setting : provider.settings()) {
            if (setting.scope() != EngineSetting.Scope.MODEL) {
                continue;
            }
            List<DynamicNode> values = new ArrayList<>();
            for (String value : setting.values()) {
                List<DynamicNode> kinds = new ArrayList<>();
                for (ModelKind kind : EnumSet.copyOf(provider.supportedKinds())) {
                    ModelSpec spec = configurations(kind).getLast();
                    kinds.add(DynamicTest.dynamicTest(spec.describe(), () -> checkAgainstReference(spec,
                            Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM),
                            options().withSettings(Map.of(setting.key(), value)), SHAPES)));
                }
                values.add(DynamicContainer.dynamicContainer(value, kinds));
            }
            settings.add(DynamicContainer.dynamicContainer(setting.key(), values));
        }
        assumeTrue(!settings.isEmpty(), provider.id() + " declares no per-model engine settings");
        return settings.stream();
    }

    @Test
    void unknownSettingOrValueIsRefusedNamingWhatIsAccepted() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        ModelKind kind = provider.supportedKinds().iterator().next();
        ModelSpec spec = configurations(kind).getFirst();
        BackendException unknownKey = assertThrows(BackendException.class, () -> provider.load(spec,
                Weights.initialise(spec, SEED), options().withSettings(Map.of("no-such-setting", "on"))));
        assertTrue(unknownKey.getMessage().contains("no-such-setting"), unknownKey.getMessage());
        provider.settings().forEach(setting -> assertTrue(unknownKey.getMessage().contains(setting.key()),
                unknownKey.getMessage()));
        for (EngineSetting setting : provider.settings()) {
            BackendException badValue = assertThrows(BackendException.class, () -> provider.load(spec,
                    Weights.initialise(spec, SEED), options().withSettings(Map.of(setting.key(), "no-such-value"))));
            assertTrue(badValue.getMessage().contains("no-such-value"), badValue.getMessage());
            assertTrue(badValue.getMessage().contains(String.join(", ", setting.values())), badValue.getMessage());
        }
    }

    /** A setting the engine took when it started in this JVM cannot change for one model: asking is refused. */
    @Test
    void anotherValueOfAnEngineStartSettingIsRefused() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        List<EngineSetting> atStart = provider.settings().stream()
                .filter(setting -> setting.scope() == EngineSetting.Scope.ENGINE).toList();
        assumeTrue(!atStart.isEmpty(), provider.id() + " declares no settings taken at engine start");
        ModelKind kind = provider.supportedKinds().iterator().next();
        ModelSpec spec = configurations(kind).getFirst();
        for (EngineSetting setting : atStart) {
            String started = EngineSettings.atStart(provider.id(), setting);
            try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED),
                    options().withSettings(Map.of(setting.key(), started)))) {
                assertEquals(spec, model.spec());
            }
            for (String other : setting.values()) {
                if (!other.equals(started)) {
                    BackendException error = assertThrows(BackendException.class, () -> provider.load(spec,
                            Weights.initialise(spec, SEED), options().withSettings(Map.of(setting.key(), other))));
                    assertTrue(error.getMessage().contains(setting.property(provider.id())), error.getMessage());
                }
            }
        }
    }

    @Test
    void unknownVariantIsRefusedListingTheAcceptedOnes() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        ModelKind kind = provider.supportedKinds().iterator().next();
        ModelSpec spec = configurations(kind).getFirst();
        BackendException error = assertThrows(BackendException.class,
                () -> provider.load(spec, Weights.initialise(spec, SEED), options().withVariant("no-such-variant")));
        assertTrue(error.getMessage().contains("no-such-variant"), error.getMessage());
        assertTrue(error.getMessage().contains(provider.variants(kind).getFirst()), error.getMessage());
    }

    @Test
    void inputOfTheWrongShapeIsRefused() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        for (ModelKind kind : provider.supportedKinds()) {
            ModelSpec spec = configurations(kind).getFirst();
            try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), options())) {
                IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                        () -> model.prepare(Inputs.generate(2, 3, INPUT_SIZE + 2, 1)));
                assertTrue(error.getMessage().contains(String.valueOf(INPUT_SIZE)), error.getMessage());
                assertThrows(IllegalArgumentException.class, () -> model.prepare(Tensor.zeros(2, INPUT_SIZE)));
            }
        }
    }

    @Test
    void closedModelRefusesWorkAndClosingTwiceIsHarmless() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        for (ModelKind kind : provider.supportedKinds()) {
            ModelSpec spec = configurations(kind).getFirst();
            BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), options());
            PreparedInput input = model.prepare(Inputs.generate(1, 3, INPUT_SIZE, 1));
            model.close();
            assertThrows(IllegalStateException.class, () -> model.forward(input), kind + ": forward after close");
            assertThrows(IllegalStateException.class, () -> model.prepare(Inputs.generate(1, 3, INPUT_SIZE, 1)),
                    kind + ": prepare after close");
            model.close();
            input.close();
            input.close();
        }
    }

    @Test
    void inputPreparedByAnotherModelIsRefused() {
        BackendProvider provider = provider();
        assumeAvailable(provider);
        ModelKind kind = provider.supportedKinds().iterator().next();
        ModelSpec spec = configurations(kind).getFirst();
        Weights weights = Weights.initialise(spec, SEED);
        try (BackendModel first = provider.load(spec, weights, options());
                BackendModel second = provider.load(spec, weights, options());
                PreparedInput input = first.prepare(Inputs.generate(1, 2, INPUT_SIZE, 1))) {
            assertThrows(IllegalArgumentException.class, () -> second.forward(input));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The small configurations every kind runs: 1 and 2 layers, uni/bidirectional, with and without head. */
    static List<ModelSpec> configurations(ModelKind kind) {
        List<ModelSpec> specs = new ArrayList<>();
        for (int layers = 1; layers <= 2; layers++) {
            for (int output : new int[] {OUTPUT_SIZE, 0}) {
                if (kind.isRecurrent()) {
                    specs.add(ModelSpec.recurrent(kind, INPUT_SIZE, 6, layers, false, output));
                    specs.add(ModelSpec.recurrent(kind, INPUT_SIZE, 6, layers, true, output));
                } else {
                    specs.add(ModelSpec.transformer(INPUT_SIZE, 8, layers, 1, 12, output));
                    specs.add(ModelSpec.transformer(INPUT_SIZE, 8, layers, 2, 12, output));
                }
            }
        }
        return specs;
    }

    /** A configuration wide enough for an engine's vectorised and blocked code paths. */
    static ModelSpec wideConfiguration(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, 20, 48, 2, true, 7)
                : ModelSpec.transformer(20, 48, 2, 4, 96, 7);
    }

    private void checkAgainstReference(ModelSpec spec, Weights weights, String variant, int[][] shapes) {
        checkAgainstReference(spec, weights, options().withVariant(variant), shapes);
    }

    private void checkAgainstReference(ModelSpec spec, Weights weights, RunOptions runOptions, int[][] shapes) {
        BackendProvider provider = provider();
        String variant = runOptions.variant() != null ? runOptions.variant() : provider.variants(spec.kind()).getFirst();
        ReferenceModel reference = new ReferenceModel(spec, weights);
        try (BackendModel model = provider.load(spec, weights, runOptions)) {
            assertEquals(variant, model.variant(), "the model must report the variant it runs");
            for (int[] shape : shapes) {
                int batch = shape[0];
                int length = shape[1];
                Tensor input = Inputs.generate(batch, length, spec.inputSize(), SEED + batch * 31L + length);
                Tensor output;
                try (PreparedInput prepared = model.prepare(input)) {
                    output = model.forward(prepared);
                }
                Accuracy accuracy = Accuracy.compare(output, reference.forward(input), spec.outputShape(batch, length));
                double tolerance = tolerance(spec.kind());
                assertTrue(accuracy.within(tolerance), () -> provider.id() + "/" + variant + " " + spec.describe()
                        + " batch " + batch + " seq " + length + ": max abs error " + accuracy.maxAbsoluteError()
                        + " at flat index " + accuracy.worstIndex() + " exceeds " + tolerance);
            }
        }
    }

    private void assumeAvailable(BackendProvider provider) {
        engineExpectation().assumeAvailable(provider);
    }
}
