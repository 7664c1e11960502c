package org.seqbench.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
     * @return the options with the variant resolved (the backend's default when none was asked for) and every
     *     declared engine setting given its value (the default where none was asked for)
     * @throws BackendException naming an engine setting or value the backend does not declare
     */
    public static RunOptions checkLoadable(BackendProvider provider, ModelSpec spec, Weights weights,
            RunOptions options) {
        Availability availability = provider.availability();
        if (!availability.available()) {
            throw new BackendException(provider.id() + " is unavailable: " + availability.reason());
        }
        ModelKind kind = spec.kind();
        requireSupported(provider.id(), provider.supportedKinds(), kind);
        if (!provider.precisions().contains(options.precision())) {
            throw new BackendException(provider.id() + " does not compute in " + options.precision().id()
                    + "; it supports " + provider.precisions().stream().map(Precision::id)
                            .collect(Collectors.joining(", ")));
        }
        String variant = resolveVariant(provider.id(), kind, provider.variants(kind), options.variant());
        Map<String, String> settings;
        try {
            settings = EngineSettings.resolve(provider.id(), provider.settings(), options.settings());
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage());
        }
        weights.requireMatches(spec);
        return options.withVariant(variant).withSettings(settings);
    }

    /** Refuses a kind the backend does not compute, naming the ones it does. */
    static void requireSupported(String backendId, Set<ModelKind> supported, ModelKind kind) {
        if (!supported.contains(kind)) {
            throw new UnsupportedModelException(backendId + " does not support " + kind.id() + "; it supports "
                    + supported.stream().sorted().map(ModelKind::id).collect(Collectors.joining(", ")));
        }
    }

    /**
     * The variant to run: {@code requested}, or the kind's default (the first offered) when it is null.
     *
     * @throws BackendException naming the variant and the accepted ones when the kind offers no such variant
     */
    static String resolveVariant(String backendId, ModelKind kind, List<String> offered, String requested) {
        String variant = requested == null && !offered.isEmpty() ? offered.getFirst() : requested;
        if (!offered.contains(variant)) {
            throw new BackendException(backendId + " has no variant '" + variant + "' for " + kind.id()
                    + "; accepted: " + String.join(", ", offered));
        }
        return variant;
    }

    /** Stands for a provider class that could not be instantiated. */
    private static final class BrokenProvider extends AbstractBackendProvider<BackendVariant> {
        private final Availability availability;

        BrokenProvider(String className, String reason) {
            super(new BackendDescriptor<>(idOf(className), className, "none", Map.of(), Set.of(), false));
            this.availability = Availability.no("the backend failed to load: " + reason);
        }

        /** {@code org.example.FooBackendProvider} stands as {@code foo}. */
        private static String idOf(String className) {
            String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
            return simpleName.replace("BackendProvider", "").replace("Provider", "").toLowerCase(Locale.ROOT);
        }

        @Override
        public Availability availability() {
            return availability;
        }

        @Override
        public String engineVersion() {
            return "unknown";
        }

        @Override
        public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
            throw new BackendException(id() + " is unavailable: " + availability.reason());
        }
    }
}
