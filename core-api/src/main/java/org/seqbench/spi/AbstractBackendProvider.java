package org.seqbench.spi;

import java.util.List;
import java.util.Set;
import org.seqbench.core.ModelKind;

/**
 * A provider described by a {@link BackendDescriptor}: the descriptor answers what the backend is and offers, so a
 * backend writes only what needs its engine ({@link #availability()}, {@link #engineVersion()}, {@link #load}).
 *
 * @param <V> the backend's variants
 */
public abstract class AbstractBackendProvider<V extends BackendVariant> implements BackendProvider {
    private final BackendDescriptor<V> descriptor;

    protected AbstractBackendProvider(BackendDescriptor<V> descriptor) {
        this.descriptor = descriptor;
    }

    /** What this backend is and offers. */
    public final BackendDescriptor<V> descriptor() {
        return descriptor;
    }

    @Override
    public final String id() {
        return descriptor.id();
    }

    @Override
    public final String name() {
        return descriptor.name();
    }

    /** The descriptor's device; a backend that learns its device from the engine (a GPU's name) overrides this. */
    @Override
    public String device() {
        return descriptor.device();
    }

    @Override
    public final Set<ModelKind> supportedKinds() {
        return descriptor.kinds();
    }

    @Override
    public final List<String> variants(ModelKind kind) {
        return descriptor.variantIds(kind);
    }

    @Override
    public final Set<Precision> precisions() {
        return descriptor.precisions();
    }

    @Override
    public final boolean honoursThreads() {
        return descriptor.honoursThreads();
    }

    @Override
    public final List<EngineSetting> settings() {
        return descriptor.settings();
    }
}
