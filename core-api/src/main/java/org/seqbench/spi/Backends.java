package org.seqbench.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.RootCause;
import org.seqbench.core.Weights;

/** Discovery of backends, and the checks every {@link BackendProvider#load} starts with. */
public final class Backends {
    private Backends() {
    }

    /**
     * Every backend on the class path, sorted by id. A provider whose class cannot even be loaded (a jar missing
     * a dependency, say) is listed as unavailable with the loader's reason instead of breaking discovery.
     *
     * @throws IllegalStateException if two providers claim the same id
     */
    public static List<BackendProvider> discover() {
        return discover(ServiceLoader.load(BackendProvider.class));
    }

    static List<BackendProvider> discover(ServiceLoader<BackendProvider> loader) {
        Map<String, BackendProvider> byId = new LinkedHashMap<>();
        for (ServiceLoader.Provider<BackendProvider> candidate : providers(loader)) {
            BackendProvider provider;
            try {
                provider = candidate.get();
            } catch (ServiceConfigurationError | LinkageError e) {
                provider = new BrokenProvider(candidate.type().getName(), RootCause.describe(e));
            }
            BackendProvider previous = byId.putIfAbsent(provider.id(), provider);
            if (previous != null) {
                throw new IllegalStateException("two backends claim the id '" + provider.id() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        List<BackendProvider> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparing(BackendProvider::id));
        return List.copyOf(sorted);
    }

    private static List<ServiceLoader.Provider<BackendProvider>> providers(ServiceLoader<BackendProvider> loader) {
        List<ServiceLoader.Provider<BackendProvider>> found = new ArrayList<>();
        try {
            loader.stream().forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a backend is registered wrongly: " + RootCause.describe(e), e);
        }
        return found;
    }

    /** The discovered backend with this id, if any. */
    public static Optional<BackendProvider> find(String id) {
        return discover().stream().filter(provider -> provider.id().equals(id)).findFirst();
    }

    /**
     * The checks every {@link BackendProvider#load} starts with, so that all backends refuse bad requests with the
     * same sentences: the backend is available, supports the kind, variant and precision, and the weights are
     * exactly the spec's.
     *
     * @return the options with the variant resolved (the backend's default when none was asked for)
     */
    public static RunOptions checkLoadable(BackendProvider provider, ModelSpec spec, Weights weights,
            RunOptions options) {
        Availability availability = provider.availability();
        if (!availability.available()) {
            throw new BackendException(provider.id() + " is unavailable: " + availability.reason());
        }
        ModelKind kind = spec.kind();
        if (!provider.supportedKinds().contains(kind)) {
            throw new UnsupportedModelException(provider.id() + " does not support " + kind.id() + "; it supports "
                    + ids(provider.supportedKinds()));
        }
        if (!provider.precisions().contains(options.precision())) {
            throw new BackendException(provider.id() + " does not compute in " + options.precision().id()
                    + "; it supports " + provider.precisions().stream().map(Precision::id)
                            .collect(Collectors.joining(", ")));
        }
        List<String> variants = provider.variants(kind);
        String variant = options.variant() == null ? variants.getFirst() : options.variant();
        if (!variants.contains(variant)) {
            throw new BackendException(provider.id() + " has no variant '" + variant + "' for " + kind.id()
                    + "; accepted: " + String.join(", ", variants));
        }
        weights.requireMatches(spec);
        return options.withVariant(variant);
    }

    private static String ids(Set<ModelKind> kinds) {
        return EnumSet.copyOf(kinds).stream().map(ModelKind::id).collect(Collectors.joining(", "));
    }

    /** Stands for a provider class that could not be instantiated. */
    private record BrokenProvider(String className, String reason) implements BackendProvider {
        @Override
        public String id() {
            String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
            return simpleName.replace("BackendProvider", "").replace("Provider", "").toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String name() {
            return className;
        }

        @Override
        public Availability availability() {
            return Availability.no("the backend failed to load: " + reason);
        }

        @Override
        public String engineVersion() {
            return "unknown";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public Set<ModelKind> supportedKinds() {
            return Set.of();
        }

        @Override
        public List<String> variants(ModelKind kind) {
            return List.of();
        }

        @Override
        public Set<Precision> precisions() {
            return Set.of();
        }

        @Override
        public boolean honoursThreads() {
            return false;
        }

        @Override
        public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
            throw new BackendException(id() + " is unavailable: " + availability().reason());
        }
    }
}
