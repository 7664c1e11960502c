package org.seqbench.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.harness.sweep.EngineOptions.Option;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.EngineSetting;

/** A run's engine settings: parsed, laid over a sweep file's, resolved, and the start properties of a worker. */
class EngineOptionsTest {
    private static final BackendProvider DL4J = ReferenceBackendProvider.builder("dl4j").settings(
            EngineSetting.atEngineStart("omp-wait-policy", "OpenMP", "passive", "active"),
            EngineSetting.perModel("fast-math", "fused ops", "enabled", "disabled")).build();

    private static SweepSpec sweep(Map<String, Map<String, String>> options) {
        return Profiles.named("smoke").withEngineOptions(options);
    }

    @Test
    void anOptionIsTheBackendTheKeyAndTheValue() {
        assertEquals(new Option("onnx", "optimization", "disabled"), Option.parse(" onnx.optimization=disabled "));
        assertEquals("onnx.optimization=disabled", Option.parse("onnx.optimization=disabled").toString());
        for (String bad : List.of("onnx", "onnx.optimization", "onnx.=x", ".key=x", "onnx.key=", "=x")) {
            assertThrows(IllegalArgumentException.class, () -> Option.parse(bad), bad);
        }
    }

    @Test
    void flagsOverrideTheSweepFilesSettingsKeyByKey() {
        Map<String, Map<String, String>> merged = EngineOptions.overlay(Map.of("onnx", Map.of("optimization",
                "basic", "spinning", "disabled")), List.of(Option.parse("onnx.optimization=disabled"),
                Option.parse("djl.onednn=disabled"), Option.parse("djl.onednn=disabled")));
        assertEquals(Map.of("onnx", Map.of("optimization", "disabled", "spinning", "disabled"), "djl",
                Map.of("onednn", "disabled")), merged);
    }

    @Test
    void onlySettingsTakenAtEngineStartAndAskedForBecomeTheWorkersSystemProperties() {
        assertEquals(Map.of(), EngineOptions.startProperties(sweep(Map.of()), DL4J));
        assertEquals(Map.of(), EngineOptions.startProperties(sweep(Map.of("dl4j", Map.of("fast-math", "disabled"))),
                DL4J));
        assertEquals(Map.of("seqbench.engine.dl4j.omp-wait-policy", "active"), EngineOptions.startProperties(
                sweep(Map.of("dl4j", Map.of("omp-wait-policy", "active", "fast-math", "disabled"))), DL4J));
        assertEquals(Map.of("omp-wait-policy", "passive", "fast-math", "disabled"),
                EngineOptions.resolved(sweep(Map.of("dl4j", Map.of("fast-math", "disabled"))), DL4J));
    }
}
