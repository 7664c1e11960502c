package org.seqbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.UnsupportedModelException;

class OnnxBackendProviderTest {

    @Test
    void describesTheOnnxRuntimeCpuBackend() {
        OnnxBackendProvider provider = new OnnxBackendProvider();
        assertEquals("onnx", provider.id());
        assertEquals("ONNX Runtime", provider.name());
        assertEquals("cpu", provider.device());
        assertEquals(EnumSet.allOf(ModelKind.class), provider.supportedKinds());
        assertEquals(EnumSet.of(Precision.FP32), provider.precisions());
        assertTrue(provider.honoursThreads());
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(Backends.find("onnx").orElseThrow() instanceof OnnxBackendProvider);
    }

    @Test
    void engineVersionIsTheNativeLibrarysReleaseNumber() {
        OnnxBackendProvider provider = new OnnxBackendProvider();
        assertTrue(provider.availability().available(), provider.availability().reason());
        String version = provider.engineVersion();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "not a release number: " + version);
        // The Java API jar and the native library it carries come from the same release.
        String jarVersion = OrtEnvironment.class.getPackage().getImplementationVersion();
        assertEquals(jarVersion, version);
    }

    @Test
    void recurrentKindsOfferTheFusedOperatorAndTheTransformerTwoAttentionPaths() {
        OnnxBackendProvider provider = new OnnxBackendProvider();
        for (ModelKind kind : List.of(ModelKind.RNN, ModelKind.LSTM, ModelKind.GRU)) {
            assertEquals(List.of("fused-op"), provider.variants(kind), kind.id());
        }
        assertEquals(List.of("standard-ops", "contrib-attention"), provider.variants(ModelKind.TRANSFORMER));
    }

    @Test
    void missingNativeLibraryMakesTheBackendUnavailableWithOneReason() {
        AtomicInteger attempts = new AtomicInteger();
        OnnxBackendProvider provider = new OnnxBackendProvider(() -> {
            attempts.incrementAndGet();
            return OnnxRuntimeEngine.start(() -> {
                throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
            });
        });

        Availability availability = provider.availability();
        assertFalse(availability.available());
        assertEquals("the ONNX Runtime native library could not be loaded "
                + "(UnsatisfiedLinkError: no onnxruntime in java.library.path)", availability.reason());
        assertEquals("unknown", provider.engineVersion());

        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 2);
        BackendException error = assertThrows(BackendException.class,
                () -> provider.load(spec, Weights.initialise(spec, 1), RunOptions.threads(1)));
        assertTrue(error.getMessage().startsWith("onnx is unavailable: the ONNX Runtime native library"),
                error.getMessage());
        assertEquals(1, attempts.get(), "the engine must be started once and the outcome remembered");
    }

    @Test
    void environmentThatFailsToStartMakesTheBackendUnavailable() {
        EngineStart<OrtEnvironment> start = OnnxRuntimeEngine.start(() -> {
            throw new IllegalStateException("Failed to create OrtEnvironment", new RuntimeException("no memory"));
        });
        assertEquals(new EngineStart.Failed<OrtEnvironment>(
                "ONNX Runtime could not create its environment (RuntimeException: no memory)"), start);
    }

    @Test
    void modelTooLargeForOneProtobufMessageIsRefusedWithItsSize() {
        ModelSpec spec = ModelSpec.transformer(64, 8192, 1, 8, 32768, 0);
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class,
                () -> OnnxBackendProvider.requireSerialisable(spec, 600_000_000L));
        assertEquals("onnx cannot load " + spec.describe() + ": its 600000000 parameters take 2288 MiB of float32,"
                + " and an in-memory ONNX model holds at most 1983 MiB of weights", error.getMessage());
        OnnxBackendProvider.requireSerialisable(spec, 100_000_000L);
    }
}
