package org.seqbench.spi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.seqbench.core.ModelKind;

/**
 * What a backend is and offers, fixed before its engine starts: a provider's specification (compare
 * {@link java.sql.Driver}'s name and version, or DJL's {@code EngineProvider}). The facts that need a running engine
 * (availability, engine version) stay methods of the provider.
 *
 * @param id short lower-case id used on the command line and in results: {@code onnx}, {@code djl}, {@code dl4j}
 * @param name the engine's name for people, e.g. "ONNX Runtime"
 * @param device where models run, e.g. "cpu"
 * @param variants the kinds this backend computes exactly, each with its variants, default first
 * @param precisions the precisions the backend computes in
 * @param honoursThreads whether {@link RunOptions#threads()} changes how many threads the engine uses
 * @param settings the engine settings the backend honours ({@link RunOptions#settings()}), keys unique
 * @param <V> the backend's variants
 */
public record BackendDescriptor<V extends BackendVariant>(String id, String name, String device,
        Map<ModelKind, List<V>> variants, Set<Precision> precisions, boolean honoursThreads,
        List<EngineSetting> settings) {

    public BackendDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        EnumMap<ModelKind, List<V>> copy = new EnumMap<>(ModelKind.class);
        variants.forEach((kind, offered) -> {
            if (offered.isEmpty()) {
                throw new IllegalArgumentException(id + " claims " + kind.id() + " with no variant to run it");
            }
            copy.put(kind, List.copyOf(offered));
        });
        variants = Collections.unmodifiableMap(copy);
        settings = List.copyOf(settings);
        if (settings.stream().map(EngineSetting::key).distinct().count() != settings.size()) {
            throw new IllegalArgumentException(id + " declares an engine setting twice: " + settings);
        }
        precisions = Collections.unmodifiableSet(precisions.isEmpty() ? EnumSet.noneOf(Precision.class)
                : EnumSet.copyOf(precisions));
    }

    /** A backend with no engine settings of its own. */
    public BackendDescriptor(String id, String name, String device, Map<ModelKind, List<V>> variants,
            Set<Precision> precisions, boolean honoursThreads) {
        this(id, name, device, variants, precisions, honoursThreads, List.of());
    }

    /** The variants {@code offered} for every kind: for a backend that computes all of them. */
    public static <V extends BackendVariant> Map<ModelKind, List<V>> everyKind(Function<ModelKind, List<V>> offered) {
        Map<ModelKind, List<V>> all = new EnumMap<>(ModelKind.class);
        for (ModelKind kind : ModelKind.values()) {
            all.put(kind, offered.apply(kind));
        }
        return all;
    }

    /** The kinds this backend computes exactly. */
    public Set<ModelKind> kinds() {
        return variants.isEmpty() ? EnumSet.noneOf(ModelKind.class) : EnumSet.copyOf(variants.keySet());
    }

    /** The ids of the variants offered for {@code kind}, default first; empty for a kind not supported. */
    public List<String> variantIds(ModelKind kind) {
        return variants.getOrDefault(kind, List.of()).stream().map(BackendVariant::id).toList();
    }

    /**
     * The variant {@code requested} for {@code kind}, or the kind's default when {@code requested} is null.
     *
     * @throws UnsupportedModelException naming the supported kinds when {@code kind} is not one
     * @throws BackendException naming the variant and the accepted ones when the kind has no such variant
     */
    public V variant(ModelKind kind, String requested) {
        Backends.requireSupported(this.id, kinds(), kind);
        String id = Backends.resolveVariant(this.id, kind, variantIds(kind), requested);
        return variants.get(kind).stream().filter(variant -> variant.id().equals(id)).findFirst().orElseThrow();
    }
}
