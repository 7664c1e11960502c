package org.seqbench.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.seqbench.core.RootCause;

/**
 * How starting a backend's native engine went: the running engine, or the one sentence that says why it cannot run
 * on this machine. Engines load native libraries, so a provider starts its engine on first use (see
 * {@link OnFirstUse}) and keeps the outcome for the life of the JVM; a failure becomes the provider's
 * {@link Availability}, never an exception thrown at the harness.
 *
 * @param <E> what the backend keeps of a running engine (an environment, its version, its thread defaults)
 */
public sealed interface EngineStart<E> {

    /** The engine runs. */
    record Started<E>(E engine) implements EngineStart<E> {
        public Started {
            Objects.requireNonNull(engine, "engine");
        }
    }

    /** The engine cannot run here, and why, in one sentence. */
    record Failed<E>(String reason) implements EngineStart<E> {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a failed engine start must say why");
            }
        }
    }

    /**
     * Runs {@code starter}, turning what native code throws into a {@link Failed} with the root cause in brackets:
     * a {@link LinkageError} (an {@link UnsatisfiedLinkError}, or the {@link ExceptionInInitializerError} or
     * {@link NoClassDefFoundError} it leaves behind) says {@code cannotLoad}, any other exception
     * {@code cannotStart}.
     *
     * @param cannotLoad e.g. "the ONNX Runtime native library could not be loaded"
     * @param cannotStart e.g. "ONNX Runtime could not create its environment"
     */
    static <E> EngineStart<E> attempt(Supplier<EngineStart<E>> starter, String cannotLoad, String cannotStart) {
        try {
            return starter.get();
        } catch (LinkageError e) {
            return new Failed<>(cannotLoad + " (" + RootCause.describe(e) + ")");
        } catch (RuntimeException e) {
            return new Failed<>(cannotStart + " (" + RootCause.describe(e) + ")");
        }
    }

    /** Yes if the engine runs, otherwise no with the reason. */
    default Availability availability() {
        return switch (this) {
            case Started<E> _ -> Availability.yes();
            case Failed<E>(String reason) -> Availability.no(reason);
        };
    }

    /**
     * The running engine, or empty when it did not start: for what a provider reports only of a running engine
     * (its version, its matrix product).
     */
    default Optional<E> started() {
        return switch (this) {
            case Started<E>(E engine) -> Optional.of(engine);
            case Failed<E> _ -> Optional.empty();
        };
    }

    /**
     * The running engine, for a provider that is asked to load a model.
     *
     * @throws BackendException "{@code backendId} is unavailable: reason" when the engine did not start
     */
    default E engine(String backendId) {
        return switch (this) {
            case Started<E>(E engine) -> engine;
            case Failed<E>(String reason) -> throw new BackendException(backendId + " is unavailable: " + reason);
        };
    }

    /**
     * A provider's engine, started by the first call to {@link #get()} and kept: {@link java.util.ServiceLoader}
     * creates every provider to list it, and listing must touch no native code.
     */
    final class OnFirstUse<E> {
        private final Supplier<EngineStart<E>> starter;
        private volatile EngineStart<E> outcome;

        public OnFirstUse(Supplier<EngineStart<E>> starter) {
            this.starter = Objects.requireNonNull(starter, "starter");
        }

        /** The outcome of the one start; the first caller starts the engine, concurrent callers wait for it. */
        public EngineStart<E> get() {
            EngineStart<E> known = outcome;
            if (known == null) {
                synchronized (this) {
                    if (outcome == null) {
                        outcome = Objects.requireNonNull(starter.get(), "the engine starter returned no outcome");
                    }
                    known = outcome;
                }
            }
            return known;
        }
    }
}
