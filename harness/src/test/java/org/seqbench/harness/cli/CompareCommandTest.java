package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.Environment;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/** seqbench compare: the exit status of the gate, its files, and every mistake it refuses. */
class CompareCommandTest {
    @TempDir
    Path directory;

    @Test
    void anUnchangedRunPassesTheGate() throws IOException {
        Path baseline = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path current = RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.0);
        Outcome outcome = CliErrorsTest.seqbench("compare", baseline.toString(), current.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().startsWith("No regression: 0 slower cells, 0 faster, "), outcome.out());
    }

    @Test
    void aSlowerRunFailsTheGateAndWritesItsCommentPageAndJson() throws IOException {
        Path baseline = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path current = RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.3);
        Path out = directory.resolve("cmp");
        Outcome outcome = CliErrorsTest.seqbench("compare", baseline.toString(), current.toString(), "--out",
                out.toString());
        assertEquals(1, outcome.status(), outcome.out() + outcome.err());
        RunRecord record = RunRecordFiles.read(baseline);
        int cells = record.cells().size();
        assertTrue(outcome.out().startsWith("Regression: " + cells + " slower cells"), outcome.out());
        assertTrue(outcome.out().contains("regression"), outcome.out());
        String markdown = Files.readString(out.resolve("compare.md"));
        assertTrue(markdown.startsWith("# seqbench compare: `20261201-110000-quick` against `20261201-100000-quick`"
                + "\n\n**Regression**: " + cells + " slower cells"), markdown);
        assertTrue(markdown.contains("| **regression** | 1.3 |"), markdown);
        assertTrue(outcome.out().contains("wrote " + out.resolve("compare.md") + ", " + out.resolve("compare.html")
                + " and " + out.resolve("compare.json")), outcome.out());
        String page = Files.readString(out.resolve("compare.html"));
        assertTrue(page.startsWith("<!DOCTYPE html>"), "compare.html is a page");
        assertTrue(page.contains("<p class=\"verdict-line failed\"><strong>Regression</strong>: " + cells
                + " slower cells"), "with the verdict on top");
        for (String kind : new String[] {"lstm", "transformer"}) {
            assertTrue(page.contains("data-chart=\"forest-" + kind + "\""), "a forest plot of the " + kind + " cells");
        }
        String table = page.substring(page.indexOf("<section id=\"cells\">"));
        assertEquals(cells, table.substring(0, table.indexOf("</section>"))
                .split("<span class=\"verdict-regression\">regression</span></td>", -1).length - 1,
                "a table row per cell, each a regression");
        JsonNode json = Json.mapper().readTree(out.resolve("compare.json").toFile());
        assertEquals(CompareCommand.SCHEMA_VERSION, json.get("schemaVersion").asInt());
        assertTrue(json.get("regression").asBoolean());
        assertEquals(cells, json.get("counts").get("regression").asInt());
        assertEquals(1.3, json.get("cells").get(0).get("ratio").asDouble(), 1e-9);
        assertTrue(json.get("cells").get(0).get("low").asDouble() > 1);
    }

    @Test
    void anotherMachineIsRefusedUnlessAskedForAndBadSettingsAreNamed() throws IOException {
        Path baseline = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path current = RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.0);
        RunRecord record = RunRecordFiles.read(current);
        Environment e = record.environment();
        Environment other = new Environment("Other CPU", e.logicalCores() * 2, e.memoryBytes(), e.os(), e.jvm(),
                e.hostname(), e.gitCommit(), e.seqbenchVersion(), e.backends(), e.threadEnvironment(), e.peaks(),
                e.fmaPeaks(), e.bandwidths());
        RunRecordFiles.write(current, new RunRecord(record.schemaVersion(), record.runId(), record.createdAt(),
                record.completedAt(), record.sweep(), other, record.cells(), record.canary()));
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", baseline.toString(), current.toString()),
                "the runs were measured on different machines (CPU: " + e.cpuModel() + " -> Other CPU; logical "
                        + "cores: " + e.logicalCores() + " -> " + e.logicalCores() * 2 + ")");
        Outcome across = CliErrorsTest.seqbench("compare", baseline.toString(), current.toString(),
                "--cross-machine");
        assertEquals(0, across.status(), across.out() + across.err());
        assertTrue(across.out().contains("different machine: CPU: " + e.cpuModel() + " -> Other CPU"), across.out());

        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", baseline.toString(), baseline.toString(),
                "--threshold", "150%"), "threshold 1.5 is not accepted");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", baseline.toString(), baseline.toString(),
                "--max-width", "wide"), "'wide' is not a share; give a percentage such as 5% or a fraction such as "
                + "0.05");
        Path missing = directory.resolve("nowhere");
        Outcome noRun = CliErrorsTest.seqbench("compare", missing.toString(), baseline.toString());
        assertEquals(2, noRun.status(), noRun.err());
        assertTrue(noRun.err().contains(missing.toString()), noRun.err());
        Path file = Files.writeString(directory.resolve("file.txt"), "x");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", baseline.toString(), baseline.toString(),
                "--out", file.toString()), "--out " + file + " is a file");
        for (String written : new String[] {"compare.md", "compare.html", "compare.json"}) {
            assertFalse(Files.exists(directory.resolve(written)), written + " is not written on bad input");
        }
    }
}
