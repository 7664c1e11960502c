package org.seqbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.seqbench.spi.BackendException;

/**
 * The guard every ND4J call of this backend runs in, forward passes included: it describes what was being done
 * only when that failed, so a measured forward pass builds no sentence.
 */
class EngineErrorsTest {
    private final AtomicInteger described = new AtomicInteger();
    private final Supplier<String> doing = () -> {
        described.incrementAndGet();
        return "run the samediff lstm I=7 H=6 L=1 no-head model on batch 2, sequence 3";
    };

    @Test
    void aCallThatSucceedsIsNeverDescribed() {
        Object result = new Object();
        for (int call = 0; call < 3; call++) {
            assertSame(result, EngineErrors.guard(doing, () -> result));
        }
        assertEquals(0, described.get());
    }

    @Test
    void aCallThatFailsIsDescribedOnceInTheSentence() {
        IllegalStateException engine = new IllegalStateException("Op [matmul] failed", new RuntimeException("shapes"));
        BackendException error = assertThrows(BackendException.class, () -> EngineErrors.guard(doing, () -> {
            throw engine;
        }));
        assertEquals("ND4J failed to run the samediff lstm I=7 H=6 L=1 no-head model on batch 2, sequence 3: "
                + "RuntimeException: shapes", error.getMessage());
        assertSame(engine, error.getCause());
        assertEquals(1, described.get());
    }

    @Test
    void theJvmsOwnOutOfMemoryErrorPassesThroughUndescribed() {
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        assertSame(heap, assertThrows(OutOfMemoryError.class, () -> EngineErrors.guard(doing, () -> {
            throw heap;
        })));
        assertEquals(0, described.get());
    }
}
