package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.EngineSetting;

/** Engine settings on the command line: listed by {@code backends --settings}, carried by {@code run --repeat}. */
class EngineSettingsCommandsTest {
    @TempDir
    Path directory;

    @Test
    void backendsListsEverySettingWithItsValuesAndWhenTheEngineTakesIt() {
        Outcome table = CliErrorsTest.seqbench("backends", "--settings");
        assertEquals(0, table.status(), table.err());
        for (String expected : List.of("onnx.optimization=VALUE", "all, extended, basic, disabled",
                "onnx.spinning=VALUE", "djl.onednn=VALUE", "enabled, disabled", "dl4j.omp-wait-policy=VALUE",
                "passive, active", "per model", "at engine start")) {
            assertTrue(table.out().contains(expected), expected + " in\n" + table.out());
        }
    }

    @Test
    void backendsListsTheSettingsAsJson() throws IOException {
        Outcome json = CliErrorsTest.seqbench("backends", "--settings", "--json");
        assertEquals(0, json.status(), json.err());
        JsonNode settings = Json.mapper().readTree(json.out());
        JsonNode onednn = null;
        for (JsonNode setting : settings) {
            if (setting.get("backend").asText().equals("djl") && setting.get("key").asText().equals("onednn")) {
                onednn = setting;
            }
        }
        assertTrue(onednn != null, json.out());
        assertEquals("enabled", onednn.get("defaultValue").asText());
        assertEquals("per model", onednn.get("scope").asText());
    }

    @Test
    void aBackendWithoutSettingsSaysSo() {
        Outcome none = CliErrorsTest.seqbench(List.of(ReferenceBackendProvider.builder("ref").build()), "backends",
                "--settings");
        assertEquals(0, none.status(), none.err());
        assertEquals("no backend on the class path declares engine settings", none.out().strip());
    }

    @Test
    void repeatMeasuresWithTheEarlierRunsEngineSettings() throws IOException {
        Path earlier = RecordedRuns.write(directory, "20261201-100000-quick");
        Path file = earlier.resolve(RunRecordFiles.FILE_NAME);
        RunRecord record = Json.mapper().readValue(file.toFile(), RunRecord.class);
        RunRecord withSettings = new RunRecord(record.schemaVersion(), record.runId(), record.createdAt(),
                record.completedAt(), record.sweep().withEngineOptions(Map.of("onnx", Map.of("optimization",
                        "disabled"))), record.environment(), record.cells(), record.canary());
        Files.writeString(file, Json.mapper().writeValueAsString(withSettings));
        List<BackendProvider> onnx = List.of(ReferenceBackendProvider.builder("onnx").variants("fused-op")
                .settings(EngineSetting.perModel("optimization", "graph rewrites", "all", "disabled")).build());
        Outcome plan = CliErrorsTest.seqbench(onnx, "run", "--repeat", earlier.toString(), "--dry-run");
        assertEquals(0, plan.status(), plan.err());
        assertTrue(plan.out().contains("engine settings: onnx.optimization=disabled (the others at their defaults)"),
                plan.out());
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench(onnx, "run", "--repeat", earlier.toString(),
                "--engine-option", "onnx.optimization=all"), "drop --engine-option");
    }
}
