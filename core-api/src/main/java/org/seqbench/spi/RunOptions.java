package org.seqbench.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a backend should run a model.
 *
 * @param threads intra-op threads the engine may use; 0 leaves the engine's own default
 * @param precision the arithmetic to compute in
 * @param variant which of the backend's implementations of the kind to use (see
 *     {@link BackendProvider#variants}); null means the backend's default, the first it lists
 * @param settings engine settings by key (see {@link BackendProvider#settings()}); a key left out has its default
 */
public record RunOptions(int threads, Precision precision, String variant, Map<String, String> settings) {
    public RunOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (engine default) or positive, got " + threads);
        }
        Objects.requireNonNull(precision, "precision");
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Options with every engine setting at its default. */
    public RunOptions(int threads, Precision precision, String variant) {
        this(threads, precision, variant, Map.of());
    }

    /** Engine-default threads, float32, the default variant. */
    public static RunOptions defaults() {
        return new RunOptions(0, Precision.FP32, null);
    }

    public static RunOptions threads(int threads) {
        return new RunOptions(threads, Precision.FP32, null);
    }

    public RunOptions withVariant(String variant) {
        return new RunOptions(threads, precision, variant, settings);
    }

    public RunOptions withSettings(Map<String, String> newSettings) {
        return new RunOptions(threads, precision, variant, newSettings);
    }

    /** The value asked for {@code setting}, or its default. */
    public String setting(EngineSetting setting) {
        return settings.getOrDefault(setting.key(), setting.defaultValue());
    }
}
