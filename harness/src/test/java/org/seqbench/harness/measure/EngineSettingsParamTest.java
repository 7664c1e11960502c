package org.seqbench.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trial's engine settings travel to the benchmark as one JMH parameter and come back unchanged. */
class EngineSettingsParamTest {
    @Test
    void settingsSurviveTheJmhParameter() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("optimization", "disabled");
        settings.put("spinning", "enabled");
        String encoded = ForwardBenchmark.encodeSettings(settings);
        assertEquals("optimization=disabled,spinning=enabled", encoded);
        assertEquals(settings, ForwardBenchmark.decodeSettings(encoded));
        assertEquals(Map.of(), ForwardBenchmark.decodeSettings(ForwardBenchmark.encodeSettings(Map.of())));
    }
}
