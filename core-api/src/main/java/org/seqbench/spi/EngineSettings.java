package org.seqbench.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checking requested engine settings against what a backend declares: the same sentences for every backend and for
 * the harness, which checks a run's settings before anything runs.
 */
public final class EngineSettings {
    private EngineSettings() {
    }

    /**
     * Every setting the backend declares with the value to use: {@code requested}'s where given, the default
     * otherwise, in the declared order.
     *
     * @throws IllegalArgumentException naming the key and the accepted keys, or the value and the accepted values
     */
    public static Map<String, String> resolve(String backendId, List<EngineSetting> declared,
            Map<String, String> requested) {
        Map<String, EngineSetting> byKey = new LinkedHashMap<>();
        declared.forEach(setting -> byKey.put(setting.key(), setting));
        requested.forEach((key, value) -> {
            EngineSetting setting = byKey.get(key);
            if (setting == null) {
                throw new IllegalArgumentException(backendId + " has no engine setting '" + key + "'; "
                        + (declared.isEmpty() ? "it declares none" : "accepted: " + byKey.keySet().stream()
                                .collect(Collectors.joining(", "))));
            }
            if (!setting.values().contains(value)) {
                throw new IllegalArgumentException(backendId + "." + key + " does not accept '" + value
                        + "'; accepted: " + String.join(", ", setting.values()));
            }
        });
        Map<String, String> resolved = new LinkedHashMap<>();
        declared.forEach(setting -> resolved.put(setting.key(), requested.getOrDefault(setting.key(),
                setting.defaultValue())));
        return resolved;
    }

    /**
     * The value an {@link EngineSetting.Scope#ENGINE ENGINE} setting starts the engine with in this JVM: its system
     * property's, or the default.
     *
     * @throws IllegalArgumentException if the property holds a value the setting does not accept
     */
    public static String atStart(String backendId, EngineSetting setting) {
        String value = System.getProperty(setting.property(backendId));
        if (value == null) {
            return setting.defaultValue();
        }
        if (!setting.values().contains(value)) {
            throw new IllegalArgumentException("-D" + setting.property(backendId) + "=" + value
                    + " is not accepted; accepted: " + String.join(", ", setting.values()));
        }
        return value;
    }
}
