package org.seqbench.spi;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A described provider whose native engine starts on first use and is kept ({@link EngineStart.OnFirstUse}):
 * {@link java.util.ServiceLoader} creates every provider to list it, and listing must touch no native code. How the
 * start went is the provider's {@link #availability()}.
 *
 * @param <E> what the backend keeps of a running engine
 * @param <V> the backend's variants
 */
public abstract class AbstractEngineProvider<E, V extends BackendVariant> extends AbstractBackendProvider<V> {
    private final EngineStart.OnFirstUse<E> engine;

    /**
     * @param starter starts the engine once, when first asked; tests pass one that plays a machine without natives
     */
    protected AbstractEngineProvider(BackendDescriptor<V> descriptor, Supplier<EngineStart<E>> starter) {
        super(descriptor);
        this.engine = new EngineStart.OnFirstUse<>(starter);
    }

    /** Yes once the engine started, otherwise no with the one reason it could not. */
    @Override
    public final Availability availability() {
        return engine.get().availability();
    }

    /** The running engine, or empty when it could not start: for what only a running engine can tell. */
    protected final Optional<E> startedEngine() {
        return engine.get().started();
    }

    /**
     * The running engine, for loading a model.
     *
     * @throws BackendException "{@code id} is unavailable: reason" when it could not start
     */
    protected final E engine() {
        return engine.get().engine(id());
    }
}
