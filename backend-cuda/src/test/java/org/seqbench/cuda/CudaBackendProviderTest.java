package org.seqbench.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.cuda.natives.CudaToolkit;
import org.seqbench.cuda.natives.FakeGpu;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

class CudaBackendProviderTest {
    private static final String NO_DRIVER = "no NVIDIA driver (libcuda.so.1 not found by the system loader)";

    /** Whether the system loader finds a driver library here, as the provider's own start asks. */
    static boolean driverInstalled() {
        try {
            SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void describesTheCudaBackend() {
        CudaBackendProvider provider = new CudaBackendProvider(() -> new EngineStart.Failed<>(NO_DRIVER));
        assertEquals("cuda", provider.id());
        assertEquals("CUDA (driver API, NVRTC, cuBLAS via FFM)", provider.name());
        assertEquals("cuda", provider.device());
        assertEquals("unknown", provider.engineVersion());
        assertEquals(EnumSet.allOf(ModelKind.class), provider.supportedKinds());
        for (ModelKind kind : ModelKind.values()) {
            assertEquals(List.of("gemm-loop", "cuda-graph"), provider.variants(kind), kind.id());
        }
        assertEquals(EnumSet.of(Precision.FP32), provider.precisions());
        assertFalse(provider.honoursThreads(), "a GPU's threads are not the run's --threads");
        assertEquals(List.of(), provider.settings());
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(Backends.find("cuda").orElseThrow() instanceof CudaBackendProvider);
    }

    /**
     * Where the system loader has no libcuda.so.1 (this build machine), the real provider is unavailable with the
     * one sentence that says so, prints nothing, and refuses to load with it.
     */
    @Test
    void withoutADriverTheBackendIsUnavailableWithOneLineAndPrintsNothing() {
        assumeFalse(driverInstalled(), "an NVIDIA driver is installed here");
        PrintStream standardError = System.err;
        PrintStream standardOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability availability;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            availability = provider.availability();
        } finally {
            System.setErr(standardError);
            System.setOut(standardOut);
        }
        assertEquals(Availability.no(NO_DRIVER), availability);
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing printed, no stack trace");
        assertEquals("cuda", provider.device());
        assertEquals("unknown", provider.engineVersion());

        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 2);
        BackendException error = assertThrows(BackendException.class,
                () -> provider.load(spec, Weights.initialise(spec, 1), RunOptions.threads(1)));
        assertEquals("cuda is unavailable: " + NO_DRIVER, error.getMessage());

        BackendException fromTheDeviceLayer = assertThrows(BackendException.class, CudaToolkit::shared);
        assertEquals(NO_DRIVER, fromTheDeviceLayer.getMessage());
    }

    @Test
    void aStartedEngineNamesTheDeviceAndTheLibrariesVersions() {
        CudaBackendProvider provider = new CudaBackendProvider(
                () -> CudaBackendProvider.start(() -> new FakeGpu().named("NVIDIA H200").toolkit()));
        assertEquals(Availability.yes(), provider.availability());
        assertEquals("cuda:0 NVIDIA H200", provider.device());
        assertEquals("CUDA 13.0 driver, cuBLAS 13.0.0, NVRTC 13.0", provider.engineVersion());
    }

    @Test
    void theToolkitsReasonIsTheAvailabilityAndTheStartIsRemembered() {
        AtomicInteger attempts = new AtomicInteger();
        String reason = "cuBLAS is missing: libcublas.so.13 was not found; searched CUDA_HOME (not set)";
        CudaBackendProvider provider = new CudaBackendProvider(() -> {
            attempts.incrementAndGet();
            return CudaBackendProvider.start(() -> {
                throw new BackendException(reason);
            });
        });
        assertEquals(Availability.no(reason), provider.availability());
        assertEquals(Availability.no(reason), provider.availability());
        assertEquals(1, attempts.get(), "the engine is started once and the outcome remembered");
    }

    @Test
    void whatTheNativeCallsThrowBecomesOneReason() {
        assertEquals(new EngineStart.Failed<CudaBackendProvider.Engine>(
                "the CUDA libraries could not be loaded (UnsatisfiedLinkError: libcuda.so.1: wrong ELF class)"),
                CudaBackendProvider.start(() -> {
                    throw new UnsatisfiedLinkError("libcuda.so.1: wrong ELF class");
                }));
        assertEquals(new EngineStart.Failed<CudaBackendProvider.Engine>(
                "CUDA could not start (IllegalStateException: no context)"),
                CudaBackendProvider.start(() -> {
                    throw new IllegalStateException("no context");
                }));
    }
}
