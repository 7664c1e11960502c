package org.seqbench.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;
import org.seqbench.spi.TrainingOptions;

class DjlBackendProviderTest {
    private static final ModelSpec LSTM = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 2);

    @Test
    void describesTheLibtorchCpuBackend() {
        DjlBackendProvider provider = new DjlBackendProvider();
        assertEquals("djl", provider.id());
        assertEquals("DJL PyTorch", provider.name());
        assertEquals("cpu", provider.device());
        assertEquals(EnumSet.allOf(ModelKind.class), provider.supportedKinds());
        assertEquals(EnumSet.of(Precision.FP32), provider.precisions());
        assertTrue(provider.honoursThreads());
        assertEquals(EnumSet.allOf(ModelKind.class), provider.training().orElseThrow().supportedKinds());
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(Backends.find("djl").orElseThrow() instanceof DjlBackendProvider);
    }

    @Test
    void recurrentKindsOfferTheFusedOpAndTheTransformerTwoPaths() {
        DjlBackendProvider provider = new DjlBackendProvider();
        for (ModelKind kind : List.of(ModelKind.RNN, ModelKind.LSTM, ModelKind.GRU)) {
            assertEquals(List.of("fused-op"), provider.variants(kind), kind.id());
        }
        assertEquals(List.of("ndarray-ops", "fused-encoder-layer"), provider.variants(ModelKind.TRANSFORMER));
    }

    /** The build pins libtorch and DJL (see the parent pom); the engine that runs must be exactly those. */
    @Test
    void engineVersionIsThePinnedLibtorchAndDjlAsTheEngineReportsThem() {
        DjlBackendProvider provider = new DjlBackendProvider();
        assertTrue(provider.availability().available(), provider.availability().reason());
        String libtorch = System.getProperty("seqbench.expected.libtorch");
        String djl = System.getProperty("seqbench.expected.djl");
        assertFalse(libtorch == null || djl == null, "surefire passes the pinned versions");
        assertEquals("PyTorch " + libtorch + " (DJL " + djl + ")", provider.engineVersion());
    }

    @Test
    void missingLibtorchMakesTheBackendUnavailableWithOneReason() {
        AtomicInteger attempts = new AtomicInteger();
        DjlBackendProvider provider = new DjlBackendProvider(() -> {
            attempts.incrementAndGet();
            return PyTorchEngine.start(() -> {
                throw new UnsatisfiedLinkError("libtorch.so: cannot open shared object file");
            });
        });

        Availability availability = provider.availability();
        assertFalse(availability.available());
        assertEquals("libtorch could not be loaded (UnsatisfiedLinkError: libtorch.so: cannot open shared object "
                + "file)", availability.reason());
        assertEquals("unknown", provider.engineVersion());

        BackendException load = assertThrows(BackendException.class,
                () -> provider.load(LSTM, Weights.initialise(LSTM, 1), RunOptions.threads(1)));
        assertTrue(load.getMessage().startsWith("djl is unavailable: libtorch could not be loaded"), load.getMessage());
        BackendException train = assertThrows(BackendException.class, () -> provider.training().orElseThrow()
                .create(LSTM, Weights.initialise(LSTM, 1),
                        TrainingOptions.of(Loss.CROSS_ENTROPY, TrainingOptions.Optimizer.SGD, 0.1)));
        assertTrue(train.getMessage().startsWith("djl is unavailable: libtorch could not be loaded"),
                train.getMessage());
        assertEquals(1, attempts.get(), "the engine must be started once and the outcome remembered");
    }

    @Test
    void engineThatFailsToStartOrIsMissingMakesTheBackendUnavailable() {
        assertEquals(new EngineStart.Failed<PyTorchEngine.Running>("DJL could not start its PyTorch engine "
                + "(EngineException: No deep learning engine found.)"), PyTorchEngine.start(() -> {
                    throw new EngineException("Failed to load PyTorch native library",
                            new EngineException("No deep learning engine found."));
                }));
        assertEquals(new EngineStart.Failed<PyTorchEngine.Running>(
                "DJL found no PyTorch engine on the class path (pytorch-engine is missing)"),
                PyTorchEngine.start(() -> null));
    }
}
