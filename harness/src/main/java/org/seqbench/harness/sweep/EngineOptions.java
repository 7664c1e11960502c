package org.seqbench.harness.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.EngineSettings;

/**
 * A run's engine settings ({@code --engine-option ID.KEY=VALUE}, a sweep file's {@code engineOptions}), checked
 * against what each backend declares before anything runs, and turned into what the measuring JVMs need.
 */
public final class EngineOptions {
    private EngineOptions() {
    }

    /** One {@code ID.KEY=VALUE}. */
    public record Option(String backend, String key, String value) {
        /**
         * Parses {@code ID.KEY=VALUE}.
         *
         * @throws IllegalArgumentException naming the text and the accepted form
         */
        public static Option parse(String text) {
            String trimmed = text.strip();
            int equals = trimmed.indexOf('=');
            int dot = equals < 0 ? -1 : trimmed.lastIndexOf('.', equals);
            if (dot <= 0 || equals <= dot + 1 || equals == trimmed.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not an engine setting; accepted: ID.KEY=VALUE, "
                        + "e.g. onnx.optimization=disabled (seqbench backends --settings lists them)");
            }
            return new Option(trimmed.substring(0, dot), trimmed.substring(dot + 1, equals),
                    trimmed.substring(equals + 1));
        }

        @Override
        public String toString() {
            return backend + "." + key + "=" + value;
        }
    }

    /**
     * {@code base}'s settings with {@code given} laid over them, by backend and key.
     *
     * @throws UserError when one key is given twice with different values
     */
    public static Map<String, Map<String, String>> overlay(Map<String, Map<String, String>> base, List<Option> given) {
        Map<String, Map<String, String>> merged = new TreeMap<>();
        base.forEach((backend, settings) -> merged.put(backend, new TreeMap<>(settings)));
        Map<String, Option> seen = new LinkedHashMap<>();
        for (Option option : given) {
            Option earlier = seen.put(option.backend() + "." + option.key(), option);
            if (earlier != null && !earlier.value().equals(option.value())) {
                throw new UserError("--engine-option " + option.backend() + "." + option.key() + " is given twice, as "
                        + earlier.value() + " and " + option.value() + "; give it once");
            }
            merged.computeIfAbsent(option.backend(), backend -> new TreeMap<>()).put(option.key(), option.value());
        }
        return merged;
    }

    /**
     * Checks the sweep's engine settings: each names a backend the sweep measures, a key that backend declares and
     * a value it accepts.
     *
     * @throws UserError naming the setting and what is accepted
     */
    public static void check(SweepSpec sweep, List<BackendProvider> discovered) {
        List<BackendProvider> measured = BackendSelection.select(sweep.backends(), discovered);
        Map<String, BackendProvider> byId = measured.stream()
                .collect(Collectors.toMap(BackendProvider::id, provider -> provider));
        sweep.engineOptions().forEach((backend, settings) -> {
            BackendProvider provider = byId.get(backend);
            if (provider == null) {
                boolean known = discovered.stream().anyMatch(candidate -> candidate.id().equals(backend));
                throw new UserError("engine setting " + describe(Map.of(backend, settings)) + ": " + (known
                        ? backend + " is not among the backends this run measures ("
                                + measured.stream().map(BackendProvider::id).collect(Collectors.joining(", ")) + ")"
                        : "no backend '" + backend + "'; accepted: " + discovered.stream().map(BackendProvider::id)
                                .collect(Collectors.joining(", "))));
            }
            try {
                EngineSettings.resolve(backend, provider.settings(), settings);
            } catch (IllegalArgumentException e) {
                throw new UserError("engine setting " + describe(Map.of(backend, settings)) + ": " + e.getMessage());
            }
        });
    }

    /** Every setting {@code provider} declares with the value the sweep gives it, its default otherwise. */
    public static Map<String, String> resolved(SweepSpec sweep, BackendProvider provider) {
        return EngineSettings.resolve(provider.id(), provider.settings(), sweep.engineOptions(provider.id()));
    }

    /**
     * The system properties a JVM measuring {@code provider} starts with: those of the settings its engine takes
     * when it starts ({@link EngineSetting.Scope#ENGINE}) that the sweep asks for.
     */
    public static Map<String, String> startProperties(SweepSpec sweep, BackendProvider provider) {
        Map<String, String> asked = sweep.engineOptions(provider.id());
        Map<String, String> properties = new TreeMap<>();
        for (EngineSetting setting : provider.settings()) {
            if (setting.scope() == EngineSetting.Scope.ENGINE && asked.containsKey(setting.key())) {
                properties.put(setting.property(provider.id()), asked.get(setting.key()));
            }
        }
        return properties;
    }

    /** Settings by backend and key as the user writes them: ID.KEY=VALUE, comma-separated; empty for none. */
    public static String describe(Map<String, Map<String, String>> options) {
        return options.entrySet().stream().flatMap(backend -> backend.getValue().entrySet().stream()
                .map(setting -> backend.getKey() + "." + setting.getKey() + "=" + setting.getValue()))
                .collect(Collectors.joining(", "));
    }
}
