package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.SweepSpec;

/**
 * seqbench merge through the real command line: the merged run directory, its exit status and output, and every
 * mistake it refuses with one line, status 2 and nothing written.
 */
class MergeCommandTest {
    private static final SweepSpec SWEEP = RecordedRuns.sweep(List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
            List.of(16, 64), SweepSpec.DEFAULT_VARIANTS);

    @TempDir
    Path directory;

    private static Outcome merge(String... args) {
        List<String> all = new ArrayList<>(List.of("merge"));
        all.addAll(List.of(args));
        return CliErrorsTest.seqbench(RecordedRuns.SHARD_BACKENDS, all.toArray(String[]::new));
    }

    private List<Path> shards(int count) throws IOException {
        List<Path> shards = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            shards.add(RecordedRuns.writeShard(directory.resolve("shards"), SWEEP, index, count));
        }
        return shards;
    }

    /** Every file under {@code root} with its bytes, to show that a refused merge touched nothing. */
    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    /** The merge is refused with {@code expected} in its one line, and nothing was written anywhere. */
    private void assertRefused(String expected, String... args) throws IOException {
        Map<String, byte[]> before = contents(directory);
        CliErrorsTest.assertBadInput(merge(args), expected);
        Map<String, byte[]> after = contents(directory);
        assertEquals(before.keySet(), after.keySet(), "no file was written or removed");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " is unchanged"));
        assertFalse(Files.exists(directory.resolve("merged")), "no merged run");
        try (Stream<Path> entries = Files.list(directory)) {
            assertTrue(entries.noneMatch(path -> path.getFileName().toString().startsWith(".")),
                    "no staging folder left");
        }
    }

    @Test
    void everyShardMergesIntoTheRunDirectoryAnUnshardedRunWrites() throws IOException {
        List<Path> shards = shards(3);
        Path out = directory.resolve("merged");
        Outcome outcome = merge(shards.get(2).toString(), shards.get(0).toString(), shards.get(1).toString(),
                "--out", out.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        List<PlannedCell> plan = SweepPlanner.plan(SWEEP, RecordedRuns.SHARD_BACKENDS);
        long skipped = plan.stream().filter(planned -> planned.skipReason() != null).count();
        assertTrue(outcome.out().startsWith("merged 3 shards of 3 into " + out + ": " + plan.size() + " cells, "
                + (plan.size() - skipped) + " ok, 0 failed, " + skipped + " skipped\n"), outcome.out());
        assertTrue(outcome.out().contains("report: " + out.resolve("report.html")), outcome.out());
        assertFalse(outcome.out().contains("recorded as skipped"), outcome.out());

        RunRecord merged = RunRecordFiles.read(out);
        assertEquals("merged", merged.runId());
        assertEquals(SWEEP, merged.sweep(), "the sweep without the shard");
        assertEquals(plan.stream().map(planned -> planned.cell().key()).toList(),
                merged.cells().stream().map(result -> result.cell().key()).toList());
        assertEquals(List.of(1, 2, 3), merged.mergedFrom().stream().map(shard -> shard.shard().index()).toList());
        for (String file : List.of("run.json", "cells.csv", "summary.md", "report.html", "jmh.json", "jmh.log")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(out.resolve("summary.md")).contains("Merged from shard 1/3 (run "
                + merged.mergedFrom().getFirst().runId() + ")"));
        assertEquals(plan.size() + 1, Files.readAllLines(out.resolve("cells.csv")).size(), "a row per cell");

        List<String> files = new ArrayList<>();
        for (Path shard : shards) {
            try (Stream<Path> jmh = Files.list(shard.resolve("jmh"))) {
                jmh.forEach(file -> files.add(file.getFileName().toString()));
            }
        }
        files.sort(null);
        List<String> copied;
        try (Stream<Path> jmh = Files.list(out.resolve("jmh"))) {
            copied = jmh.map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertEquals(files, copied, "every shard's JMH files, under the names an unsharded run gives them");
        for (PlannedCell planned : plan) {
            if (planned.skipReason() == null) {
                String file = Files.readString(out.resolve("jmh").resolve("cell-%04d-t1.json"
                        .formatted(planned.position())));
                assertTrue(file.contains(planned.cell().key()), "position " + planned.position() + " holds its cell");
            }
        }
        JsonNode jmh = Json.mapper().readTree(out.resolve("jmh.json").toFile());
        assertEquals(files.size(), jmh.size(), "jmh.json holds every trial's result");
        assertEquals(plan.stream().filter(planned -> planned.skipReason() == null).findFirst().orElseThrow().cell()
                .key(), jmh.get(0).get("params").get("cell").asText(), "in plan order");
        String log = Files.readString(out.resolve("jmh.log"));
        for (int index = 1; index <= 3; index++) {
            assertTrue(log.contains("JMH's output of shard " + index + "/3"), log);
        }
        try (Stream<Path> entries = Files.list(directory)) {
            assertTrue(entries.noneMatch(path -> path.getFileName().toString().startsWith(".")),
                    "no staging folder left");
        }
    }

    @Test
    void aMissingShardIsRefusedUnlessPartialWhichRecordsItsCellsAsSkipped() throws IOException {
        List<Path> shards = shards(3);
        Path out = directory.resolve("merged");
        List<PlannedCell> plan = SweepPlanner.plan(SWEEP, RecordedRuns.SHARD_BACKENDS);
        List<PlannedCell> third = plan.stream().filter(planned -> planned.position() % 3 == 2).toList();
        assertRefused(third.size() + " of " + plan.size() + " cells are missing: shard 3/3 was not given; the first: "
                + third.getFirst().cell().label() + ", ", shards.get(0).toString(), shards.get(1).toString(),
                "--out", out.toString());
        assertTrue(merge(shards.get(0).toString(), shards.get(1).toString(), "--out", out.toString()).err()
                .contains("; give every shard, or add --partial to write the merged run with the missing cells "
                        + "recorded as skipped"));

        Outcome partial = merge(shards.get(0).toString(), shards.get(1).toString(), "--out", out.toString(),
                "--partial");
        assertEquals(0, partial.status(), partial.out() + partial.err());
        long measured = plan.stream().filter(planned -> planned.skipReason() == null && planned.position() % 3 != 2)
                .count();
        assertTrue(measured < plan.stream().filter(planned -> planned.skipReason() == null).count(),
                "the missing shard held cells that would have been measured");
        assertTrue(partial.out().startsWith("merged 2 shards of 3 into " + out + ": " + plan.size() + " cells, "
                + measured + " ok, 0 failed, " + (plan.size() - measured) + " skipped\n"), partial.out());
        assertTrue(partial.out().contains("recorded as skipped: " + third.size() + " of " + plan.size()
                + " cells are missing: shard 3/3 was not given"), partial.out());
        RunRecord merged = RunRecordFiles.read(out);
        assertEquals(plan.size(), merged.cells().size(), "every cell of the plan, the missing ones as skipped");
        for (PlannedCell planned : third) {
            CellResult result = merged.cells().get(planned.position());
            assertEquals(CellResult.Status.SKIPPED, result.status());
            assertEquals("not measured: shard 3/3 was not merged", result.reason());
        }
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| " + third.getFirst().cell().label() + " | skipped | not measured: shard 3/3 "
                + "was not merged |"), summary);
        assertTrue(Files.readString(out.resolve("report.html")).contains("not measured: shard 3/3 was not merged"));
    }

    @Test
    void whatIsNoRunRecordIsRefusedNamingThePath() throws IOException {
        List<Path> shards = shards(2);
        String out = directory.resolve("merged").toString();
        Path empty = Files.createDirectories(directory.resolve("empty"));
        assertRefused("no run record at " + empty, shards.get(0).toString(), empty.toString(), "--out", out);
        Path corrupt = Files.createDirectories(directory.resolve("corrupt"));
        Files.writeString(corrupt.resolve("run.json"), "{\"schemaVersion\": 5, \"runId\": ");
        assertRefused(corrupt.resolve("run.json") + " is not a valid seqbench run record", shards.get(0).toString(),
                corrupt.toString(), "--out", out);
        Path newer = Files.createDirectories(directory.resolve("newer"));
        Files.writeString(newer.resolve("run.json"), "{\"schemaVersion\": 99}");
        assertRefused(newer.resolve("run.json") + " has schema version 99; this seqbench reads versions 1 to "
                + RunRecord.SCHEMA_VERSION, shards.get(0).toString(), newer.toString(), "--out", out);
    }

    @Test
    void aWholeRunIsNoShard() throws IOException {
        List<Path> shards = shards(2);
        Path whole = RecordedRuns.write(directory.resolve("runs"), "20261124-100000-quick");
        assertRefused(whole + " is a whole run (20261124-100000-quick), not a shard; merge joins the runs of "
                + "'seqbench run --shard i/n'", shards.get(0).toString(), whole.toString(), "--out",
                directory.resolve("merged").toString());
    }

    @Test
    void theSameShardTwiceIsRefused() throws IOException {
        List<Path> shards = shards(2);
        String out = directory.resolve("merged").toString();
        assertRefused("are the same run directory; give each shard once", shards.get(0).toString(),
                shards.get(1).toString(), shards.get(0).resolve("run.json").toString(), "--out", out);
        Path copy = Files.createDirectories(directory.resolve("copy"));
        Files.copy(shards.get(1).resolve("run.json"), copy.resolve("run.json"));
        assertRefused(shards.get(1) + " and " + copy + " are both shard 2/2", shards.get(0).toString(),
                shards.get(1).toString(), copy.toString(), "--out", out);
    }

    @Test
    void shardsOfAnotherCountSweepOrMachineAreRefusedNamingTheDifference() throws IOException {
        List<Path> shards = shards(2);
        String out = directory.resolve("merged").toString();
        Path third = RecordedRuns.writeShard(directory.resolve("thirds"), SWEEP, 3, 3);
        assertRefused(shards.get(0) + " is shard 1/2 but " + third + " is shard 3/3", shards.get(0).toString(),
                third.toString(), "--out", out);

        Path otherSweep = RecordedRuns.writeShard(directory.resolve("other-sweep"),
                RecordedRuns.sweep(SWEEP.kinds(), List.of(16, 32), SWEEP.variants()), 2, 2);
        assertRefused(otherSweep + " (shard 2/2) is not a shard of the sweep of " + shards.get(0) + " (shard 1/2): "
                + "seqLens [16,64] -> [16,32]", shards.get(0).toString(), otherSweep.toString(), "--out", out);

        Path otherMachine = RecordedRuns.writeShard(directory.resolve("other-machine"), SWEEP, 2, 2);
        RunRecord record = RunRecordFiles.read(otherMachine);
        Environment e = record.environment();
        RunRecordFiles.write(otherMachine, record.withEnvironment(new Environment("Other CPU", e.logicalCores(),
                e.memoryBytes(), e.os(), e.jvm(), e.hostname(), e.gitCommit(), e.seqbenchVersion(), e.backends(),
                e.threadEnvironment(), e.peaks(), e.fmaPeaks(), e.bandwidths())));
        assertRefused(otherMachine + " (shard 2/2) was measured on another machine than " + shards.get(0)
                + " (shard 1/2) (CPU: Test CPU -> Other CPU)", shards.get(0).toString(), otherMachine.toString(),
                "--out", out);
    }

    @Test
    void aCellInTwoShardsIsRefused() throws IOException {
        List<Path> shards = shards(2);
        RunRecord first = RunRecordFiles.read(shards.get(0));
        RunRecord second = RunRecordFiles.read(shards.get(1));
        CellResult borrowed = first.cells().getFirst();
        RunRecordFiles.write(shards.get(1), second.with(borrowed));
        assertRefused("cell " + borrowed.cell().label() + " was measured in both " + shards.get(0) + " (shard 1/2) and "
                + shards.get(1) + " (shard 2/2); each cell belongs to one shard", shards.get(1).toString(),
                shards.get(0).toString(), "--out", directory.resolve("merged").toString());
    }

    @Test
    void anOutThatHoldsAnythingIsRefusedAndAnEmptyOneTaken() throws IOException {
        List<Path> shards = shards(2);
        Path file = Files.writeString(directory.resolve("merged.txt"), "not a directory");
        assertRefused("--out " + file + " is a file; give a new directory for the merged run",
                shards.get(0).toString(), shards.get(1).toString(), "--out", file.toString());
        Path full = Files.createDirectories(directory.resolve("full"));
        Files.writeString(full.resolve("run.json"), "{}");
        assertRefused("--out " + full + " is not empty; merge writes a new run directory and never overwrites one",
                shards.get(0).toString(), shards.get(1).toString(), "--out", full.toString());
        assertRefused("--out " + shards.get(0) + " is not empty", shards.get(0).toString(), shards.get(1).toString(),
                "--out", shards.get(0).toString());
        CliErrorsTest.assertBadInput(merge(shards.get(0).toString()), "Missing required option: '--out=DIR'");

        Path empty = Files.createDirectories(directory.resolve("merged"));
        Outcome outcome = merge(shards.get(0).toString(), shards.get(1).toString(), "--out", empty.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertEquals("merged", RunRecordFiles.read(empty).runId());
    }
}
