package org.seqbench.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting of a backend's engine that a run may change, declared by the backend in its {@link BackendDescriptor}
 * (ONNX Runtime's graph optimisation level, libtorch's use of oneDNN, OpenMP's wait policy): the engine's knobs as
 * data, so that the harness can list them, refuse a wrong key or value before anything runs, and record the values a
 * run measured with. A run passes values in {@link RunOptions#settings()}; a key it leaves out has its default.
 *
 * @param key lower-case words joined by hyphens, e.g. {@code optimization}; unique within the backend
 * @param description one line for people: what the engine does with it
 * @param values the accepted values, the default (what the backend does when nobody asks) first; words such as
 *     {@code enabled} and {@code disabled} rather than {@code on} and {@code off}, which a sweep file's YAML reads as
 *     booleans
 * @param scope when the engine takes the value
 */
public record EngineSetting(String key, String description, List<String> values, Scope scope) {
    private static final Pattern WORDS = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** When an engine takes a setting's value. */
    public enum Scope {
        /** With every model it loads (a session option, a per-call switch): models in one JVM may differ. */
        MODEL,
        /**
         * Once, when the engine starts in a JVM (a variable native code reads as it loads): the value comes from
         * the system property {@link #property(String)}, which the harness sets on the JVM that measures, and a model
         * asking for another value in that JVM is refused.
         */
        ENGINE
    }

    public EngineSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(scope, "scope");
        if (!WORDS.matcher(key).matches()) {
            throw new IllegalArgumentException("setting key '" + key + "' is not lower-case words joined by hyphens");
        }
        values = List.copyOf(values);
        if (values.isEmpty() || new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException("setting " + key + " needs distinct accepted values, got " + values);
        }
        for (String value : values) {
            if (!WORDS.matcher(value).matches()) {
                throw new IllegalArgumentException("setting " + key + "'s value '" + value
                        + "' is not lower-case words joined by hyphens");
            }
        }
    }

    /** A setting the engine takes with every model it loads. */
    public static EngineSetting perModel(String key, String description, String... values) {
        return new EngineSetting(key, description, List.of(values), Scope.MODEL);
    }

    /** A setting the engine takes once, when it starts in a JVM. */
    public static EngineSetting atEngineStart(String key, String description, String... values) {
        return new EngineSetting(key, description, List.of(values), Scope.ENGINE);
    }

    /** What the backend does when nobody asks: the first accepted value. */
    public String defaultValue() {
        return values.getFirst();
    }

    /**
     * The system property from which a backend's engine takes an {@link Scope#ENGINE ENGINE} setting when it starts,
     * e.g. {@code seqbench.engine.dl4j.omp-wait-policy}.
     */
    public String property(String backendId) {
        return "seqbench.engine." + backendId + "." + key;
    }
}
