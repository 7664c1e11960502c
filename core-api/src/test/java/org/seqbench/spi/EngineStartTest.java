package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineStartTest {

    @Test
    void startedEngineIsAvailableAndHandedOut() {
        EngineStart<String> start = EngineStart.attempt(() -> new EngineStart.Started<>("env"), "cannot load",
                "cannot start");
        assertEquals(new EngineStart.Started<>("env"), start);
        assertTrue(start.availability().available());
        assertEquals("env", start.engine("x"));
        assertEquals(java.util.Optional.of("env"), start.started());
    }

    @Test
    void linkageErrorSaysTheLibraryCouldNotBeLoadedWithItsRootCause() {
        EngineStart<String> start = EngineStart.attempt(() -> {
            throw new ExceptionInInitializerError(new UnsatisfiedLinkError("no libfoo.so in java.library.path"));
        }, "the Foo native library could not be loaded", "Foo could not start");
        assertEquals(new EngineStart.Failed<String>("the Foo native library could not be loaded "
                + "(UnsatisfiedLinkError: no libfoo.so in java.library.path)"), start);
    }

    @Test
    void otherFailureSaysTheEngineCouldNotStart() {
        EngineStart<String> start = EngineStart.attempt(() -> {
            throw new IllegalStateException("wrapper", new RuntimeException());
        }, "cannot load", "Foo could not start");
        assertEquals("Foo could not start (RuntimeException)", start.availability().reason());
        assertFalse(start.availability().available());
    }

    @Test
    void loadingFromAFailedEngineNamesTheBackendAndTheReason() {
        EngineStart<String> start = new EngineStart.Failed<>("no CUDA driver");
        BackendException error = assertThrows(BackendException.class, () -> start.engine("cuda"));
        assertEquals("cuda is unavailable: no CUDA driver", error.getMessage());
        assertTrue(start.started().isEmpty(), "a failed engine reports nothing of a running one");
    }

    @Test
    void failureMustSayWhy() {
        assertThrows(IllegalArgumentException.class, () -> new EngineStart.Failed<String>(" "));
    }

    @Test
    void onFirstUseStartsOnceAndOnlyWhenAsked() {
        AtomicInteger starts = new AtomicInteger();
        EngineStart.OnFirstUse<Integer> engine =
                new EngineStart.OnFirstUse<>(() -> new EngineStart.Started<>(starts.incrementAndGet()));
        assertEquals(0, starts.get());
        assertEquals(1, engine.get().engine("x"));
        assertEquals(1, engine.get().engine("x"));
        assertEquals(1, starts.get());
    }
}
