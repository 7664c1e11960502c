package org.seqbench.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqbench.core.Accuracy;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

class DjlModelTest {
    private static final long SEED = 42;
    private final DjlBackendProvider provider = new DjlBackendProvider();

    private static ModelSpec spec(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, 8, 16, 2, true, 4)
                : ModelSpec.transformer(8, 16, 2, 4, 32, 4);
    }

    /** Every kind with every variant it offers. */
    static Stream<Arguments> kindsAndVariants() {
        List<Arguments> cases = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            for (Variant variant : Variant.offeredFor(kind)) {
                cases.add(Arguments.of(kind, variant.id()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void threadOptionIsAcceptedAndKeepsTheResultExact(int threads) {
        for (ModelKind kind : ModelKind.values()) {
            ModelSpec spec = spec(kind);
            Weights weights = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
            Tensor input = Inputs.generate(3, 24, spec.inputSize(), SEED);
            try (BackendModel model = provider.load(spec, weights, RunOptions.threads(threads));
                    PreparedInput prepared = model.prepare(input)) {
                Accuracy accuracy = Accuracy.compare(model.forward(prepared),
                        new ReferenceModel(spec, weights).forward(input), spec.outputShape(3, 24));
                assertTrue(accuracy.within(1e-5), kind + " with " + threads + " threads: " + accuracy);
            }
        }
    }

    /**
     * libtorch's intra-op thread number is per thread as well as per process: each model must apply its own in the
     * thread that calls it, whichever model ran before and whichever thread loaded it.
     */
    @Test
    void eachModelRunsWithItsOwnThreadNumberInWhicheverThreadCallsIt() throws Exception {
        ModelSpec spec = spec(ModelKind.GRU);
        Weights weights = Weights.initialise(spec, SEED);
        int engineDefault = provider.running().defaultThreads();
        try (BackendModel two = provider.load(spec, weights, RunOptions.threads(2));
                BackendModel one = provider.load(spec, weights, RunOptions.threads(1));
                BackendModel byDefault = provider.load(spec, weights, RunOptions.threads(0));
                PreparedInput forTwo = two.prepare(Inputs.generate(1, 4, spec.inputSize(), SEED));
                PreparedInput forOne = one.prepare(Inputs.generate(1, 4, spec.inputSize(), SEED));
                PreparedInput forDefault = byDefault.prepare(Inputs.generate(1, 4, spec.inputSize(), SEED))) {
            two.forward(forTwo);
            assertEquals(2, JniUtils.getNumThreads());
            one.forward(forOne);
            assertEquals(1, JniUtils.getNumThreads());
            byDefault.forward(forDefault);
            assertEquals(engineDefault, JniUtils.getNumThreads(), "threads 0 means libtorch's own default");

            AtomicInteger seenElsewhere = new AtomicInteger();
            Thread other = Thread.ofPlatform().start(() -> {
                two.forward(forTwo);
                seenElsewhere.set(JniUtils.getNumThreads());
            });
            other.join();
            assertEquals(2, seenElsewhere.get(), "a thread that never loaded a model runs with the model's number");
        }
    }

    @Test
    void forwardRunsWithoutAutogradWhateverTheThreadWasSetTo() {
        ModelSpec spec = spec(ModelKind.LSTM);
        try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), RunOptions.threads(1));
                PreparedInput prepared = model.prepare(Inputs.generate(1, 4, spec.inputSize(), SEED))) {
            JniUtils.setGradMode(true);
            model.forward(prepared);
            assertFalse(JniUtils.isGradMode());
        }
    }

    @ParameterizedTest
    @MethodSource("kindsAndVariants")
    void twoThousandForwardsOnOnePreparedInputGiveIdenticalOutputs(ModelKind kind, String variant) {
        ModelSpec spec = spec(kind);
        try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED),
                RunOptions.threads(1).withVariant(variant));
                PreparedInput prepared = model.prepare(Inputs.generate(2, 16, spec.inputSize(), SEED))) {
            Tensor first = model.forward(prepared);
            for (int call = 1; call < 2000; call++) {
                Tensor again = model.forward(prepared);
                assertArrayEquals(first.data(), again.data(), 0f, kind + "/" + variant + ": call " + call + " differs");
            }
        }
    }

    /**
     * Per-call scoping: after warm-up, thousands of forward passes leave the number of libtorch tensors the model
     * and its input hold exactly where it was (without the per-call manager, every pass would leave its
     * intermediates and output behind, about 0.2 MB each).
     */
    @ParameterizedTest
    @MethodSource("kindsAndVariants")
    void memoryStaysFlatOverThousandsOfForwards(ModelKind kind, String variant) {
        ModelSpec spec = spec(kind);
        try (DjlModel model = (DjlModel) provider.load(spec, Weights.initialise(spec, SEED),
                RunOptions.threads(1).withVariant(variant));
                PreparedInput prepared = model.prepare(Inputs.generate(4, 32, spec.inputSize(), SEED))) {
            for (int call = 0; call < 20; call++) {
                model.forward(prepared);
            }
            int held = arrays(model.manager());
            int heldByInput = arrays(((DjlModel.Input) prepared).manager());
            for (int call = 0; call < 3000; call++) {
                model.forward(prepared);
            }
            assertEquals(held, arrays(model.manager()), kind + "/" + variant + ": tensors the model holds");
            assertEquals(heldByInput, arrays(((DjlModel.Input) prepared).manager()),
                    kind + "/" + variant + ": tensors the input holds");
            assertTrue(held > 0, "the model holds its parameters");
        }
    }

    @Test
    void closingAnInputFreesItsTensorsAndClosingTheModelFreesTheParameters() {
        ModelSpec spec = spec(ModelKind.TRANSFORMER);
        DjlModel model = (DjlModel) provider.load(spec, Weights.initialise(spec, SEED), RunOptions.threads(1));
        int parameters = arrays(model.manager());
        DjlModel.Input input = (DjlModel.Input) model.prepare(Inputs.generate(1, 5, spec.inputSize(), SEED));
        // The input itself and its positional encoding.
        assertEquals(2, arrays(input.manager()));
        assertEquals(parameters + 2, arrays(model.manager()));
        input.close();
        assertFalse(input.manager().isOpen());
        assertEquals(parameters, arrays(model.manager()));
        model.close();
        assertFalse(model.manager().isOpen());
    }

    @Test
    void scriptLibtorchCannotCompileBecomesABackendExceptionWithASentence() {
        ModelSpec spec = spec(ModelKind.TRANSFORMER);
        try (NDManager manager = provider.running().engine().newBaseManager()) {
            Parameters parameters = Parameters.upload(manager, Weights.initialise(spec, SEED));
            String broken = FusedEncoderScript.source(spec).replace("_transformer_encoder_layer_fwd",
                    "no_such_operator");
            BackendException error = assertThrows(BackendException.class,
                    () -> ScriptedTransformer.load(spec, parameters, manager, broken));
            assertTrue(error.getMessage().startsWith("libtorch could not compile the fused-encoder-layer script for "
                    + spec.describe() + ": "), error.getMessage());
            assertTrue(error.getMessage().contains("no_such_operator"), error.getMessage());
        }
    }

    static int arrays(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }
}
