package org.seqbench.dl4j;

import java.util.function.Supplier;
import org.seqbench.core.RootCause;
import org.seqbench.spi.BackendException;

/** Turns ND4J's failures into the sentences the harness shows, with the engine's own error kept as the cause. */
final class EngineErrors {
    private EngineErrors() {
    }

    /**
     * Runs {@code work}, turning what ND4J throws into {@link #failed} or {@link #offHeapLimit}. {@code doing} is
     * asked only when something fails: forward passes run through here inside the measured region, and building
     * their description (the spec's, the batch's) on every call would be measured with them.
     *
     * @param doing what was being done, e.g. "run the samediff lstm ... model on batch 8, sequence 128"
     */
    static <T> T guard(Supplier<String> doing, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw failed(doing.get(), e);
        } catch (OutOfMemoryError e) {
            if (isOffHeapLimit(e)) {
                throw offHeapLimit(doing.get(), e);
            }
            throw e;
        }
    }

    /** An exception thrown by ND4J or libnd4j while trying to {@code doing} ("run the samediff lstm ... model"). */
    static BackendException failed(String doing, RuntimeException error) {
        return new BackendException("ND4J failed to " + doing + ": " + RootCause.describe(error), error);
    }

    /**
     * Whether JavaCPP threw {@code error} because the process would pass its off-heap limits: the Java heap may be
     * nearly empty, and a smaller model or input, or a higher limit, would run. Any other {@link OutOfMemoryError}
     * is the JVM's own and should propagate as it is.
     */
    static boolean isOffHeapLimit(OutOfMemoryError error) {
        String message = RootCause.describe(error);
        return message.contains("maxPhysicalBytes") || message.contains("maxBytes");
    }

    /** The sentence for an {@link #isOffHeapLimit off-heap limit} reached while trying to {@code doing}. */
    static BackendException offHeapLimit(String doing, OutOfMemoryError error) {
        return new BackendException("ND4J ran out of off-heap memory trying to " + doing + " ("
                + RootCause.describe(error) + "); the limits are the system properties "
                + limit(StartupProperties.MAX_PHYSICAL_BYTES) + " and " + limit(StartupProperties.MAX_BYTES)
                + "; raise them with -D, or use a smaller batch or sequence length", error);
    }

    private static String limit(String property) {
        String value = System.getProperty(property);
        return property + " (" + (value == null ? "JavaCPP's default" : value + " bytes") + ")";
    }
}
