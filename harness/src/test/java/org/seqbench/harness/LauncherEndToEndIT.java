package org.seqbench.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.Headlines;
import org.seqbench.results.analysis.TrialEstimator;

/**
 * Runs the real {@code ./seqbench} launcher, as a user would after cloning: the smoke profile end to end into a
 * temporary folder (the bounds first, report.html among the files), an interrupted run resumed, a sweep run as two
 * shards and merged, an exported case verified, a bad input refused, and the reports rebuilt from the record.
 *
 * <p>Each test runs alone, in any order: it works in its own folder, and the smoke run that several of them read is
 * made by whichever asks for it first ({@link #smokeRun()}), once per run of this class.
 */
class LauncherEndToEndIT {
    /** Where the shared smoke run is written; the tests only read it. */
    @TempDir
    static Path shared;

    private static Path launcher;
    private static Smoke smoke;

    record Outcome(int status, String out, String err) {
    }

    /** The shared smoke run: the launcher's outcome and the run folder it wrote (null if it wrote none). */
    record Smoke(Outcome outcome, Path run) {
    }

    @BeforeAll
    static void findLauncher() {
        launcher = Path.of(System.getProperty("seqbench.root", "..")).toAbsolutePath().normalize().resolve("seqbench");
        assertTrue(Files.isExecutable(launcher), "no executable launcher at " + launcher);
    }

    /** The smoke run belongs to this class run's shared folder, which JUnit deletes after it. */
    @AfterAll
    static synchronized void forgetTheSmokeRun() {
        smoke = null;
    }

    /** Runs {@code ./seqbench run --profile smoke} the first time it is asked for, and hands out that run after. */
    private static synchronized Smoke smoke() throws IOException, InterruptedException {
        if (smoke == null) {
            Path out = shared.resolve("results");
            Outcome outcome = seqbench(shared, "run", "--profile", "smoke", "--out", out.toString());
            Path run = null;
            if (Files.isDirectory(out)) {
                try (var runs = Files.list(out)) {
                    run = runs.findFirst().orElse(null);
                }
            }
            smoke = new Smoke(outcome, run);
        }
        return smoke;
    }

    /** The folder of the shared smoke run, for tests that build on it; fails them if the run did not succeed. */
    private static Path smokeRun() throws IOException, InterruptedException {
        Smoke run = smoke();
        assertEquals(0, run.outcome().status(), "the smoke run failed: " + run.outcome().out() + run.outcome().err());
        assertNotNull(run.run(), "the smoke run wrote no run folder: " + run.outcome().out());
        return run.run();
    }

    @Test
    void backendsListsTheBackendsWithTheirVersions(@TempDir Path work) throws Exception {
        Outcome outcome = seqbench(work, "backends");
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("onnx ") && line.contains("ONNX Runtime")
                && line.contains("available")), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("djl ") && line.contains("DJL PyTorch")
                && line.matches(".*PyTorch \\d+\\.\\d+\\.\\d+ \\(DJL .*") && line.contains("available")),
                outcome.out());
        assertFalse(outcome.err().contains("SLF4J"), "no logging-binding notice: " + outcome.err());
    }

    @Test
    void smokeRunMeasuresEveryCellWithinTolerance() throws Exception {
        Path smokeRun = smokeRun();
        Outcome outcome = smoke().outcome();
        for (String file : List.of("run.json", "cells.csv", "summary.md", "report.html", "jmh.json", "jmh.log")) {
            assertTrue(Files.size(smokeRun.resolve(file)) > 0, file);
        }
        assertTrue(outcome.out().contains("report: " + smokeRun.resolve("report.html")), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("peak on cpu: ")
                && line.contains("GFLOP/s with 1 thread on onnx (2048 x 2048 float32 product")), outcome.out());

        RunRecord record = RunRecordFiles.read(smokeRun);
        assertNotNull(record.completedAt());
        assertEquals(RunRecord.SCHEMA_VERSION, record.schemaVersion());
        Environment.Peak peak = record.environment().peakFor("cpu", 1).orElseThrow();
        assertTrue(peak.gflops() > 0 && peak.repetitions() >= 5, peak.toString());
        assertEquals(4, record.environment().peaks().stream().filter(product -> product.threads() == 1).count(),
                "the product at each of its sizes");
        Environment.FmaPeak fma = record.environment().fmaPeakFor("cpu", 1).orElseThrow();
        assertTrue(fma.gflops() > 0 && fma.vectorBits() == 32 * fma.lanes(), fma.toString());
        assertTrue(record.environment().bandwidthFor("cpu", 1).orElseThrow().gbPerSecond() > 0);
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("FMA peak: ")), outcome.out());
        assertFalse(outcome.err().contains("incubator"), "the Vector API's warning stays in the JMH log: "
                + outcome.err());
        // A backend this machine cannot run (cuda without a GPU) has its cells skipped with the reason; every
        // other cell is measured.
        List<CellResult> measured = record.cells().stream()
                .filter(cell -> cell.status() != CellResult.Status.SKIPPED).toList();
        for (CellResult cell : record.cells()) {
            if (cell.status() == CellResult.Status.SKIPPED) {
                assertTrue(cell.reason().contains(" is unavailable: "), cell.cell().key() + ": " + cell.reason());
            }
        }
        assertFalse(measured.isEmpty());
        int trials = record.sweep().measurement().trials();
        for (CellResult cell : measured) {
            assertEquals(trials, cell.trials().size(), cell.cell().key());
            for (int i = 0; i < trials; i++) {
                CellResult.Trial trial = cell.trials().get(i);
                assertEquals(i, trial.index());
                assertTrue(trial.samples() > 0 && trial.min() <= trial.median() && trial.median() <= trial.p90(),
                        trial.toString());
                assertNotNull(trial.slowHost(), "every trial has a canary visit on both sides");
            }
            assertEquals(TrialEstimator.HEADLINE.id(), cell.headline().estimator());
            assertEquals(trials, cell.headline().trials());
            assertEquals(CellResult.Status.OK, cell.status(), cell.cell().key() + ": " + cell.reason());
            assertTrue(cell.accuracy().maxAbsError() <= record.sweep().tolerance(), cell.cell().key());
            assertTrue(cell.latency().samples() > 0 && cell.latency().p50() > 0, cell.cell().key());
            assertTrue(cell.latency().ciLow() <= cell.latency().mean() && cell.latency().mean() <= cell.latency().ciHigh());
            assertTrue(cell.gflops() > 0 && cell.throughput().tokensPerSecond() > 0);
            if (Files.exists(Path.of("/proc/stat"))) {
                assertNotNull(cell.contention(), "contention is recorded where /proc exists");
            }
        }
        assertEquals(4, measured.stream().map(cell -> cell.cell().kind()).distinct().count(),
                "the smoke profile covers all four kinds");
        JsonNode jmh = Json.mapper().readTree(smokeRun.resolve("jmh.json").toFile());
        assertEquals(measured.size() * trials, jmh.size(), "jmh.json holds every trial's raw result");
        assertEquals(measured.size() * trials + 1, record.canary().size(),
                "the canary runs before the first trial and after each");
        assertTrue(outcome.out().contains("measuring " + measured.size() + " cells as "
                + measured.size() * trials + " trials in " + trials + " rounds"), outcome.out());
        String summary = Files.readString(smokeRun.resolve("summary.md"));
        assertTrue(summary.contains("## LSTM") && summary.contains("## Transformer"), summary);
        assertTrue(summary.contains("## Findings"), summary);
    }

    @Test
    void reportRebuildsTheReportsOfARunElsewhere(@TempDir Path work) throws Exception {
        Path smokeRun = smokeRun();
        Path out = work.resolve("rebuilt");
        byte[] record = Files.readAllBytes(smokeRun.resolve("run.json"));
        Outcome outcome = seqbench(work, "report", smokeRun.toString(), "--out", out.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("data-chart=\"latency-lstm\""));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("## Findings"));
        assertArrayEquals(record, Files.readAllBytes(smokeRun.resolve("run.json")), "the record is only read");
    }

    @Test
    void anInterruptedRunResumesWithTheCellsItLacks(@TempDir Path work) throws Exception {
        Path smokeRun = smokeRun();
        Path copy = Files.createDirectories(work.resolve("interrupted").resolve(smokeRun.getFileName()));
        RunRecord full = RunRecordFiles.read(smokeRun);
        List<CellResult> measured = full.cells().stream().filter(CellResult::ok).toList();
        // The last two measured cells were not reached, and the first stopped after its first trial: the resumed run
        // measures only the trials they lack (the skipped cells of a backend this machine lacks are done).
        CellResult first = measured.getFirst();
        CellResult partial = first.withTrials(first.trials().subList(0, 1));
        java.util.Set<String> notReached = java.util.Set.of(measured.getLast().cell().key(),
                measured.get(measured.size() - 2).cell().key());
        List<CellResult> firstCells = new ArrayList<>();
        for (CellResult cell : full.cells()) {
            if (!notReached.contains(cell.cell().key())) {
                firstCells.add(cell.cell().key().equals(first.cell().key()) ? partial : cell);
            }
        }
        RunRecordFiles.write(copy, new RunRecord(full.schemaVersion(), full.runId(), full.createdAt(), null,
                full.sweep(), full.environment(), firstCells, full.canary()));

        Outcome outcome = seqbench(work, "run", "--resume", copy.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("resuming: " + (firstCells.size() - 1) + " of " + full.cells().size()
                + " cells already done, 3 to go"), outcome.out());
        int trials = full.sweep().measurement().trials();
        assertTrue(outcome.out().contains("measuring 3 cells as " + (2 * trials + trials - 1) + " trials"),
                outcome.out());
        RunRecord resumed = RunRecordFiles.read(copy);
        assertEquals(full.cells().size(), resumed.cells().size());
        java.util.Map<String, CellResult> byKey = new java.util.HashMap<>();
        resumed.cells().forEach(cell -> byKey.put(cell.cell().key(), cell));
        for (CellResult kept : firstCells) {
            if (kept != partial) {
                assertEquals(kept, byKey.get(kept.cell().key()), "earlier results are kept as they were");
            }
        }
        CellResult completed = byKey.get(first.cell().key());
        assertEquals(trials, completed.trials().size(), "the partial cell got the trials it lacked");
        assertEquals(partial.trials().getFirst().median(), completed.trials().getFirst().median(),
                "its first trial is kept");
        assertTrue(resumed.cells().stream().allMatch(cell -> cell.ok()
                || cell.status() == CellResult.Status.SKIPPED && cell.reason().contains(" is unavailable: ")),
                resumed.cells().toString());
    }

    @Test
    void aRepeatedRunComparesWithTheFirstInTheReproducibilityReport(@TempDir Path work) throws Exception {
        Path smokeRun = smokeRun();
        Path out = work.resolve("runs");
        Outcome repeat = seqbench(work, "run", "--repeat", smokeRun.toString(), "--out", out.toString());
        assertEquals(0, repeat.status(), repeat.out() + repeat.err());
        Path second;
        try (var runs = Files.list(out)) {
            second = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertEquals(RunRecordFiles.read(smokeRun).sweep(), RunRecordFiles.read(second).sweep(),
                "the repeat measures exactly the earlier sweep");
        assertTrue(repeat.out().contains("compare the two runs with: seqbench reproducibility"), repeat.out());

        Outcome compared = seqbench(work, "reproducibility", smokeRun.toString(), second.toString(), "--estimator",
                "median-of-medians");
        assertEquals(0, compared.status(), compared.out() + compared.err());
        assertTrue(compared.out().contains("## Every estimator"), compared.out());
        assertTrue(compared.out().contains("## Verdict"), compared.out());
        assertTrue(compared.out().lines().anyMatch(line -> line.startsWith("| ") && line.contains("onnx")),
                "a row for each matched cell: " + compared.out());

        Outcome gate = seqbench(work, "compare", smokeRun.toString(), second.toString());
        assertEquals(0, gate.status(), "two runs of one commit pass the gate: " + gate.out() + gate.err());
    }

    /**
     * The gate end to end: a run of five trials a cell passes against itself and fails, every cell a regression,
     * against a copy whose every trial a test made 1.5 times slower.
     */
    @Test
    void aCopyMadeOneAndAHalfTimesSlowerFailsTheGateInEveryCell(@TempDir Path work) throws Exception {
        Path out = work.resolve("runs");
        Outcome run = seqbench(work, "run", "--profile", "smoke", "--backends", "onnx", "--kinds", "lstm,gru",
                "--seq-lens", "4", "--trials", "5", "--out", out.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        Path measured;
        try (var runs = Files.list(out)) {
            measured = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        RunRecord record = RunRecordFiles.read(measured);
        List<CellResult> slower = new ArrayList<>();
        for (CellResult cell : record.cells()) {
            List<CellResult.Trial> trials = cell.trials().stream().map(trial -> scaled(trial, 1.5)).toList();
            slower.add(new CellResult(cell.cell(), cell.status(), cell.reason(), cell.latency(), cell.throughput(),
                    cell.work(), cell.gflops(), cell.accuracy(), cell.contention(), cell.startedAt(),
                    cell.wallSeconds(), cell.slowHost(), trials, Headlines.of(trials)));
        }
        Path copy = Files.createDirectory(work.resolve("slower"));
        RunRecordFiles.write(copy, new RunRecord(record.schemaVersion(), record.runId() + "-slower",
                record.createdAt(), record.completedAt(), record.sweep(), record.environment(), slower,
                record.canary()));

        Outcome same = seqbench(work, "compare", measured.toString(), measured.toString());
        assertEquals(0, same.status(), same.out() + same.err());
        Path comparison = work.resolve("comparison");
        // A wide --max-width: five short trials on a shared machine scatter, and this test is about the gate's
        // plumbing on real records; the width rule is pinned on synthetic trials (ComparisonTest, GateOnNoiseTest).
        Outcome worse = seqbench(work, "compare", measured.toString(), copy.toString(), "--max-width", "300%",
                "--out", comparison.toString());
        assertEquals(1, worse.status(), worse.out() + worse.err());
        JsonNode json = Json.mapper().readTree(comparison.resolve("compare.json").toFile());
        assertEquals(record.cells().size(), json.get("cells").size());
        for (JsonNode cell : json.get("cells")) {
            assertEquals("regression", cell.get("verdict").asText(), cell.toString());
            assertEquals(1.5, cell.get("ratio").asDouble(), 1e-9, cell.toString());
        }
        assertTrue(Files.readString(comparison.resolve("compare.md")).contains("regression"));
    }

    private static CellResult.Trial scaled(CellResult.Trial trial, double factor) {
        return new CellResult.Trial(trial.index(), trial.startedAt(), trial.samples(), trial.min() * factor,
                times(trial.p10(), factor), trial.median() * factor, trial.mean() * factor, times(trial.p90(), factor),
                times(trial.p99(), factor), trial.otherCpuCores(), trial.ownCpuCores(), trial.stealCores(),
                trial.contended(), trial.slowHost(), trial.seconds());
    }

    private static Double times(Double value, double factor) {
        return value == null ? null : value * factor;
    }

    /**
     * The smoke sweep on one backend run as two shards, each into a folder of its own, and merged: the merged run
     * holds exactly the cells an unsharded run measures (the shared smoke run's cells of that backend, in its order),
     * each shard's trials and JMH files, and no shard.
     */
    @Test
    void theShardsOfASweepMergeIntoTheCellsOfAnUnshardedRun(@TempDir Path work) throws Exception {
        List<Path> shards = new ArrayList<>();
        for (String shard : List.of("1/2", "2/2")) {
            Path out = work.resolve("shard-" + shard.charAt(0));
            Outcome outcome = seqbench(work, "run", "--profile", "smoke", "--backends", "onnx", "--shard", shard,
                    "--out", out.toString());
            assertEquals(0, outcome.status(), "shard " + shard + ": " + outcome.out() + outcome.err());
            try (var runs = Files.list(out)) {
                shards.add(runs.filter(Files::isDirectory).findFirst().orElseThrow());
            }
        }
        Path merged = work.resolve("merged");
        Outcome outcome = seqbench(work, "merge", shards.get(1).toString(), shards.get(0).toString(), "--out",
                merged.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().startsWith("merged 2 shards of 2 into " + merged), outcome.out());

        RunRecord record = RunRecordFiles.read(merged);
        List<String> unsharded = RunRecordFiles.read(smokeRun()).cells().stream()
                .filter(cell -> cell.cell().backend().equals("onnx")).map(cell -> cell.cell().key()).toList();
        assertEquals(unsharded, record.cells().stream().map(cell -> cell.cell().key()).toList(),
                "the cells of an unsharded run of the sweep, in its order");
        assertNull(record.sweep().shard());
        assertEquals(List.of("onnx"), record.sweep().backends());
        assertEquals(List.of(1, 2), record.mergedFrom().stream().map(shard -> shard.shard().index()).toList());
        int trials = record.sweep().measurement().trials();
        for (CellResult cell : record.cells()) {
            assertEquals(CellResult.Status.OK, cell.status(), cell.cell().key() + ": " + cell.reason());
            assertEquals(trials, cell.trials().size(), cell.cell().key());
        }
        int visits = 0;
        for (Path shard : shards) {
            visits += RunRecordFiles.read(shard).canary().size();
        }
        assertEquals(visits, record.canary().size(), "every shard's canary visits");
        for (String file : List.of("run.json", "cells.csv", "summary.md", "report.html", "jmh.json", "jmh.log")) {
            assertTrue(Files.size(merged.resolve(file)) > 0, file);
        }
        JsonNode jmh = Json.mapper().readTree(merged.resolve("jmh.json").toFile());
        assertEquals(record.cells().size() * trials, jmh.size(), "jmh.json holds every trial's raw result");
        for (int position = 0; position < record.cells().size(); position++) {
            for (int trial = 0; trial < trials; trial++) {
                assertTrue(Files.exists(merged.resolve("jmh").resolve("cell-%04d-t%d.json".formatted(position,
                        trial))), "the JMH file of position " + position + ", trial " + trial);
            }
        }
    }

    @Test
    void anExportedCaseVerifiesAgainstTheReference(@TempDir Path work) throws Exception {
        Path file = work.resolve("case.safetensors");
        Outcome export = seqbench(work, "export", "--model", "lstm", "--layers", "2", "--bidirectional", "--hidden", "32",
                "--input-size", "16", "--output", "4", "--seq", "20", "--batch", "3", "--seed", "7", "--backend",
                "onnx", "--out", file.toString());
        assertEquals(0, export.status(), export.err());
        Outcome verify = seqbench(work, "verify", "--weights", file.toString());
        assertEquals(0, verify.status(), verify.out() + verify.err());
        assertTrue(verify.out().lines().anyMatch(line -> line.startsWith("case.safetensors") && line.endsWith("ok")),
                verify.out());
        assertTrue(verify.out().lines().anyMatch(line -> line.startsWith("onnx") && line.endsWith("ok")), verify.out());
    }

    @Test
    void badInputIsOneLineAndStatusTwo(@TempDir Path work) throws Exception {
        Outcome outcome = seqbench(work, "run", "--seq-lens", "16,0", "--out", work.resolve("never").toString());
        assertEquals(2, outcome.status());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertFalse(Files.exists(work.resolve("never")));
    }

    /** Runs the launcher in {@code work}, which also receives its standard output and error. */
    private static Outcome seqbench(Path work, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("seqbench " + String.join(" ", arguments) + " did not finish in 20 minutes");
        }
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
