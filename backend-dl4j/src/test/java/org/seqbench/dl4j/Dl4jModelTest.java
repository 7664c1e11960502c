package org.seqbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
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

class Dl4jModelTest {
    private static final long SEED = 42;
    /**
     * Bytes libnd4j may keep for good after a first use: cached shape descriptors and scalar constants, a few
     * hundred bytes each. A leaked array of the test's sizes (2 x 16 x 32 floats, 4 KiB) exceeds it.
     */
    private static final long RETAINED_SLACK = 2048;
    /**
     * Bytes a forward pass may leave to the collector on most paths: ND4J 1.0.0-M2.1 allocates a few small buffers
     * per pass outside the workspace (4 to 300 bytes at the test's sizes), which only its collector-driven deallocator
     * frees. An array leaked per pass of the test's sizes exceeds it.
     */
    private static final long LEFT_PER_PASS = 512;
    /** The same for the SameDiff Transformer, whose session leaves each pass's intermediate arrays to the collector. */
    private static final long LEFT_PER_PASS_SAMEDIFF_TRANSFORMER = 32 * 1024;
    private final Dl4jBackendProvider provider = new Dl4jBackendProvider();

    private static ModelSpec spec(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, 8, 16, 2, true, 4)
                : ModelSpec.transformer(8, 16, 2, 4, 32, 4);
    }

    /** Every kind with every variant it offers. */
    static Stream<Arguments> everyPath() {
        List<Arguments> paths = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            for (Variant variant : Variant.offeredFor(kind)) {
                paths.add(Arguments.of(kind, variant.id()));
            }
        }
        return paths.stream();
    }

    private static RunOptions options(int threads, String variant) {
        return RunOptions.threads(threads).withVariant(variant);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void threadCountIsAppliedToNd4jAndOpenBlasAndKeepsTheResultExact(int threads) {
        EngineThreads engine = engineThreads();
        EngineThreads.Counts expected = threads == 0 ? engine.engineDefaults()
                : new EngineThreads.Counts(Math.min(threads, engine.pool()), threads);
        for (ModelKind kind : ModelKind.values()) {
            ModelSpec spec = spec(kind);
            Weights weights = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
            Tensor input = Inputs.generate(3, 24, spec.inputSize(), SEED);
            try (BackendModel model = provider.load(spec, weights, RunOptions.threads(threads));
                    PreparedInput prepared = model.prepare(input)) {
                // Another model set other counts in between: the forward pass must bring its own back.
                int other = threads == 1 ? 2 : 1;
                Nd4j.getEnvironment().setMaxMasterThreads(other);
                Nd4j.factory().blas().setMaxThreads(other);
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(other);
                Tensor output = model.forward(prepared);
                assertEquals(expected, EngineThreads.current(), kind + " with " + threads + " threads");
                assertEquals(expected.operators(), EngineThreads.openMpThreads(),
                        kind + " with " + threads + " threads: OpenMP in the calling thread");
                Accuracy accuracy = Accuracy.compare(output, new ReferenceModel(spec, weights).forward(input),
                        spec.outputShape(3, 24));
                assertTrue(accuracy.within(1e-5), kind + " with " + threads + " threads: " + accuracy);
            }
        }
    }

    @Test
    void moreThreadsThanLibnd4jsPoolGetThePoolForOperatorsAndAllOfThemForOpenBlas() {
        EngineThreads engine = engineThreads();
        int many = engine.pool() + 3;
        assertEquals(new EngineThreads.Counts(engine.pool(), many), engine.countsFor(many));
        engine.use(many);
        assertEquals(new EngineThreads.Counts(engine.pool(), many), EngineThreads.current());
        engine.use(0);
        assertEquals(engine.engineDefaults(), EngineThreads.current());
    }

    private static EngineThreads engineThreads() {
        return Nd4jEngine.shared().engine("dl4j");
    }

    @ParameterizedTest
    @MethodSource("everyPath")
    void twoThousandForwardsGiveIdenticalOutputsAndRetainNoMemory(ModelKind kind, String variant) {
        ModelSpec spec = spec(kind);
        try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), options(1, variant));
                PreparedInput prepared = model.prepare(Inputs.generate(2, 16, spec.inputSize(), SEED))) {
            Tensor first = model.forward(prepared);
            for (int call = 1; call < 50; call++) {
                model.forward(prepared);
            }
            long warm = nativeBytes();
            for (int call = 50; call < 2000; call++) {
                Tensor again = model.forward(prepared);
                assertArrayEquals(first.data(), again.data(), 0f, kind + "/" + variant + ": call " + call + " differs");
            }
            // libnd4j counts every byte it allocates. Read without waiting on the collector, the count holds what the
            // passes retained plus what they left to the collector; a collection in between only lowers it, so the
            // check does not depend on when one runs, and a pass that retains more than the allowance always fails.
            long passes = 2000 - 50;
            long grown = nativeBytes() - warm;
            assertTrue(grown <= passes * leftPerPass(kind, variant) + RETAINED_SLACK, kind + "/" + variant + ": "
                    + grown + " native bytes more after 2000 forwards than after 50, " + grown / passes
                    + " a pass; allowed " + leftPerPass(kind, variant));
        }
    }

    @ParameterizedTest
    @MethodSource("everyPath")
    void closingFreesThePreparedInputAndTheModel(ModelKind kind, String variant) {
        // Closing frees at once, with no collection: of all a loaded model and its input allocated, nothing stays.
        ModelSpec spec = spec(kind);
        long before = nativeBytes();
        BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), options(1, variant));
        PreparedInput input = model.prepare(Inputs.generate(1, 5, spec.inputSize(), SEED));
        long loaded = nativeBytes();
        input.close();
        model.close();
        long after = nativeBytes();
        // A collection meanwhile can only free more, never less, than the close did.
        assertTrue(loaded - after > RETAINED_SLACK, kind + "/" + variant + ": closing freed only "
                + (loaded - after) + " native bytes");
        assertTrue(after - before <= RETAINED_SLACK, kind + "/" + variant + ": " + (after - before)
                + " native bytes more after closing the model than before loading it");

        // After a forward pass too, except what that pass left to the collector.
        before = nativeBytes();
        loadRunAndClose(kind, variant);
        after = nativeBytes();
        assertTrue(after - before <= leftPerPass(kind, variant) + RETAINED_SLACK, kind + "/" + variant + ": "
                + (after - before) + " native bytes more after running and closing the model than before loading it");
    }

    private static long leftPerPass(ModelKind kind, String variant) {
        return kind == ModelKind.TRANSFORMER && variant.equals(Variant.SAMEDIFF.id())
                ? LEFT_PER_PASS_SAMEDIFF_TRANSFORMER : LEFT_PER_PASS;
    }

    private void loadRunAndClose(ModelKind kind, String variant) {
        ModelSpec spec = spec(kind);
        try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), options(1, variant))) {
            Dl4jModel.Input input = (Dl4jModel.Input) model.prepare(Inputs.generate(1, 5, spec.inputSize(), SEED));
            model.forward(input);
            List<INDArray> arrays = List.copyOf(input.feeds().arrays());
            // The Transformer also holds its positional encoding table; the GRU on the gru operator its initial
            // state, and outside SameDiff (bidirectional) the positions that reverse time.
            int expected = switch (kind) {
                case TRANSFORMER -> 2;
                case GRU -> variant.equals("native-op") ? 3 : variant.equals("samediff") ? 2 : 1;
                case RNN, LSTM -> 1;
            };
            assertEquals(expected, arrays.size(), kind + "/" + variant);
            arrays.forEach(array -> assertFalse(array.wasClosed()));
            input.close();
            arrays.forEach(array -> assertTrue(array.wasClosed(), kind + "/" + variant + ": an input array is open"));
        }
    }

    @Test
    void loadingAndRunningPrintNothingOnStandardOutput() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            everyPath().forEach(path -> {
                ModelKind kind = (ModelKind) path.get()[0];
                ModelSpec spec = spec(kind);
                try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED),
                        options(0, (String) path.get()[1]));
                        PreparedInput prepared = model.prepare(Inputs.generate(2, 3, spec.inputSize(), SEED))) {
                    model.forward(prepared);
                }
            });
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        assertEquals("warn", System.getProperty(StartupProperties.LOG_LEVEL));
    }

    @Test
    void engineFailureDuringAForwardPassBecomesASentenceNamingTheModelAndInput() {
        // A network built for 5 input features, run by a model whose spec says 7: libnd4j rejects the product.
        ModelSpec built = ModelSpec.recurrent(ModelKind.LSTM, 5, 6, 1, false, 0);
        ModelSpec claimed = ModelSpec.recurrent(ModelKind.LSTM, 7, 6, 1, false, 0);
        EngineThreads threads = engineThreads();
        try (Dl4jModel model = new Dl4jModel(claimed, Variant.NATIVE_OP,
                Variant.NATIVE_OP.build(built, Weights.initialise(built, SEED)), threads, 1);
                PreparedInput input = model.prepare(Inputs.generate(2, 3, 7, SEED))) {
            BackendException error = assertThrows(BackendException.class, () -> model.forward(input));
            assertTrue(error.getMessage().startsWith(
                    "ND4J failed to run the native-op lstm I=7 H=6 L=1 no-head model on batch 2, sequence 3: "),
                    error.getMessage());
            assertInstanceOf(RuntimeException.class, error.getCause());
        }
    }

    @Test
    void javaCppsOffHeapLimitBecomesASentenceNamingTheProperties() {
        OutOfMemoryError limit = new OutOfMemoryError("Cannot allocate new LongPointer(1): totalBytes = 0, "
                + "physicalBytes = 814M");
        limit.initCause(new OutOfMemoryError("Physical memory usage is too high: physicalBytes (814M) > "
                + "maxPhysicalBytes (600M)"));
        assertTrue(EngineErrors.isOffHeapLimit(limit));
        BackendException error = EngineErrors.offHeapLimit("run the samediff lstm model", limit);
        assertTrue(error.getMessage().startsWith("ND4J ran out of off-heap memory trying to run the samediff lstm "
                + "model (OutOfMemoryError: Physical memory usage is too high: physicalBytes (814M) > "
                + "maxPhysicalBytes (600M)); the limits are the system properties "
                + "org.bytedeco.javacpp.maxphysicalbytes ("), error.getMessage());
        assertTrue(error.getMessage().endsWith("raise them with -D, or use a smaller batch or sequence length"),
                error.getMessage());

        assertFalse(EngineErrors.isOffHeapLimit(new OutOfMemoryError("Java heap space")));
    }

    /** libnd4j's count of the bytes it holds now, whatever the collector has or has not freed yet. */
    private static long nativeBytes() {
        return Nd4j.getEnvironment().getDeviceCouner(0);
    }
}
