package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RootCauseTest {

    @Test
    void theInnermostCauseIsNamedWithItsMessage() {
        UnsatisfiedLinkError root = new UnsatisfiedLinkError("no libfoo.so in java.library.path");
        Throwable wrapped = new IllegalStateException("wrapper", new ExceptionInInitializerError(root));
        assertSame(root, RootCause.of(wrapped));
        assertEquals("UnsatisfiedLinkError: no libfoo.so in java.library.path", RootCause.describe(wrapped));
        assertEquals("no libfoo.so in java.library.path", RootCause.message(wrapped));
    }

    @Test
    void aCauseWithoutMessageIsNamedByItsClass() {
        Throwable wrapped = new IllegalStateException("wrapper", new RuntimeException());
        assertEquals("RuntimeException", RootCause.describe(wrapped));
        assertEquals("RuntimeException", RootCause.message(wrapped));
        assertEquals("IllegalStateException: alone", RootCause.describe(new IllegalStateException("alone")));
    }

    @Test
    void aChainThatLoopsBackEndsAtItsLastNewCause() {
        Looping outer = new Looping("outer");
        Looping inner = new Looping("inner");
        outer.cause = inner;
        inner.cause = outer;
        assertSame(inner, RootCause.of(outer));
    }

    /** Throwable refuses to be its own cause, but a subclass can report any cause it likes. */
    private static final class Looping extends RuntimeException {
        Throwable cause;

        Looping(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return cause;
        }
    }
}
