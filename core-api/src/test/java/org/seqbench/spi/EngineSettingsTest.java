package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {
    private static final EngineSetting LEVEL = EngineSetting.perModel("optimization", "how much", "all", "basic",
            "disabled");
    private static final EngineSetting SPIN = EngineSetting.perModel("spinning", "idle threads", "on", "off");
    private static final EngineSetting POLICY = EngineSetting.atEngineStart("wait-policy", "OpenMP", "passive",
            "active");

    @Test
    void everyDeclaredSettingGetsTheAskedValueOrItsDefaultInDeclaredOrder() {
        Map<String, String> resolved = EngineSettings.resolve("x", List.of(LEVEL, SPIN), Map.of("spinning", "off"));
        assertEquals(List.of("optimization", "spinning"), List.copyOf(resolved.keySet()));
        assertEquals("all", resolved.get("optimization"));
        assertEquals("off", resolved.get("spinning"));
        assertEquals(Map.of(), EngineSettings.resolve("x", List.of(), Map.of()));
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheDeclaredKeys() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EngineSettings.resolve("onnx", List.of(LEVEL, SPIN), Map.of("threads", "2")));
        assertEquals("onnx has no engine setting 'threads'; accepted: optimization, spinning", error.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> EngineSettings.resolve("ref", List.of(), Map.of("threads", "2")));
        assertEquals("ref has no engine setting 'threads'; it declares none", none.getMessage());
    }

    @Test
    void aValueNotAcceptedIsRefusedNamingTheAcceptedValues() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EngineSettings.resolve("onnx", List.of(LEVEL), Map.of("optimization", "extreme")));
        assertEquals("onnx.optimization does not accept 'extreme'; accepted: all, basic, disabled",
                error.getMessage());
    }

    @Test
    void anEngineStartSettingComesFromItsSystemPropertyOrItsDefault() {
        String property = POLICY.property("dl4j");
        assertEquals("seqbench.engine.dl4j.wait-policy", property);
        assertEquals("passive", EngineSettings.atStart("dl4j", POLICY));
        System.setProperty(property, "active");
        try {
            assertEquals("active", EngineSettings.atStart("dl4j", POLICY));
            System.setProperty(property, "sometimes");
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> EngineSettings.atStart("dl4j", POLICY));
            assertTrue(error.getMessage().contains("-Dseqbench.engine.dl4j.wait-policy=sometimes"), error.getMessage());
            assertTrue(error.getMessage().contains("passive, active"), error.getMessage());
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void aSettingNeedsWordsAndDistinctValuesAndADescriptorNeedsDistinctKeys() {
        assertThrows(IllegalArgumentException.class, () -> EngineSetting.perModel("Bad Key", "d", "a"));
        assertThrows(IllegalArgumentException.class, () -> EngineSetting.perModel("k", "d"));
        assertThrows(IllegalArgumentException.class, () -> EngineSetting.perModel("k", "d", "a", "a"));
        assertThrows(IllegalArgumentException.class, () -> EngineSetting.perModel("k", "d", "a=b"));
        assertThrows(IllegalArgumentException.class, () -> new BackendDescriptor<BackendVariant>("x", "X", "cpu",
                Map.of(), java.util.Set.of(), false, List.of(SPIN, SPIN)));
        assertEquals("all", LEVEL.defaultValue());
    }

    @Test
    void runOptionsGiveTheAskedValueOrTheDefault() {
        RunOptions options = RunOptions.threads(1).withSettings(Map.of("spinning", "off"));
        assertEquals("off", options.setting(SPIN));
        assertEquals("all", options.setting(LEVEL));
        assertEquals(options.settings(), options.withVariant("v").settings());
        assertEquals(Map.of(), RunOptions.defaults().settings());
    }
}
