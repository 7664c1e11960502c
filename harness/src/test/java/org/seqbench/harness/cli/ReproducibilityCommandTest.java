package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/**
 * {@code seqbench reproducibility} compares two runs of one sweep and {@code seqbench run --repeat} makes the second:
 * the report on stdout (and in {@code --out}), every mistake one line and status 2, and the whole A/A check end to
 * end on the smallest real sweep.
 */
class ReproducibilityCommandTest {
    @TempDir
    Path directory;

    /** A recorded run whose cells have ten trials each, around the cell's figure times {@code factor}. */
    private Path runWithTrials(Path parent, String runId, double factor) throws IOException {
        Path run = RecordedRuns.write(parent, runId);
        RunRecord record = RunRecordFiles.read(run);
        List<CellResult> cells = new ArrayList<>();
        for (CellResult cell : record.cells()) {
            double ms = cell.latency().p50() * factor;
            List<CellResult.Trial> trials = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                double scatter = ms * (1 + 0.01 * ((i * 3 % 10) - 4.5) / 4.5);
                trials.add(new CellResult.Trial(i, record.createdAt(), 50, scatter * 0.97, null, scatter,
                        scatter * 1.01, scatter * 1.05, null, 0.0, null, null, false, null, 1.0));
            }
            cells.add(cell.withTrials(trials));
        }
        RunRecordFiles.write(run, new RunRecord(record.schemaVersion(), record.runId(), record.createdAt(),
                record.completedAt(), record.sweep(), record.environment(), cells, record.canary()));
        return run;
    }

    @Test
    void printsTheReportAndWritesItToOut() throws IOException {
        Path first = runWithTrials(directory, "20261201-100000-quick", 1.0);
        Path second = runWithTrials(directory, "20261201-110000-quick", 1.0);
        Path file = directory.resolve("aa.md");
        Outcome outcome = CliErrorsTest.seqbench("reproducibility", first.toString(),
                second.resolve("run.json").toString(), "--out", file.toString());
        assertEquals(0, outcome.status(), outcome.err());
        assertEquals("", outcome.err());
        String report = outcome.out();
        assertTrue(report.startsWith("# A/A check: `20261201-100000-quick` against `20261201-110000-quick`"), report);
        assertTrue(report.contains("| **median of trial minima** (headline) | `median-of-minima` | 6 | 100% (6 of 6) "
                + "| 0% | 0% |"), report);
        assertTrue(report.contains("## Cell by cell: median of trial minima (the headline)"), report);
        assertTrue(report.strip().endsWith("100% of intervals contain 1 (6 of 6)."), report);
        assertEquals(report, Files.readString(file), "--out holds what was printed");
    }

    @Test
    void theAliasAndEstimatorChooseWhoseCellsAreShown() throws IOException {
        Path first = runWithTrials(directory, "20261201-100000-quick", 1.0);
        Path second = runWithTrials(directory, "20261201-110000-quick", 1.5);
        Outcome outcome = CliErrorsTest.seqbench("aa", first.toString(), second.toString(), "--estimator",
                "p10-of-medians");
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("## Cell by cell: 10th percentile of trial medians\n"), outcome.out());
        assertTrue(outcome.out().contains("| 1.5 | "), "every cell 1.5x slower: " + outcome.out());
        assertTrue(outcome.out().contains("0% of intervals contain 1 (0 of 6)."), outcome.out());
    }

    @Test
    void reproducibilityRejectsBadEstimatorsMissingRunsAndRunsWithNothingInCommon() throws IOException {
        Path first = runWithTrials(directory, "20261201-100000-quick", 1.0);
        Path second = runWithTrials(directory, "20261201-110000-quick", 1.0);
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString(), second.toString(),
                "--estimator", "fastest"), "Invalid value for option '--estimator': unknown estimator "
                + "'fastest'; accepted: median-of-medians, mean-of-means, minimum, p10-of-medians, median-of-minima");

        Path nowhere = directory.resolve("no-run");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString(), nowhere.toString()),
                "no run record at " + nowhere + " (expected a run directory holding run.json, or a run.json file)");
        Path empty = Files.createDirectory(directory.resolve("empty"));
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", empty.toString(), second.toString()),
                "no run record at " + empty);
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString()),
                "Missing required parameter: 'SECOND_RUN'");

        RunRecord record = RunRecordFiles.read(second);
        Path failed = Files.createDirectories(directory.resolve("failed").resolve("20261201-120000-quick"));
        RunRecordFiles.write(failed, new RunRecord(record.schemaVersion(), "20261201-120000-quick",
                record.createdAt(), record.completedAt(), record.sweep(), record.environment(),
                record.cells().stream().map(cell -> new CellResult(cell.cell(), CellResult.Status.FAILED, "crashed",
                        null, null, cell.work(), null, null, null, cell.startedAt(), 1.0)).toList(), List.of()));
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString(), failed.toString()),
                first + " and " + failed + " have no measured cell in common (6 ok in the first, 0 in the second)");

        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString(),
                first.resolve("run.json").toString()), "hold the same run (20261201-100000-quick)");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString(), second.toString(),
                "--out", directory.toString()), "--out " + directory + " is a directory; give a file");
        Path nowhereFile = directory.resolve("no/such/aa.md");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("reproducibility", first.toString(), second.toString(),
                "--out", nowhereFile.toString()), "cannot write --out " + nowhereFile);
        assertFalse(Files.exists(directory.resolve("no")));
    }

    @Test
    void repeatTakesTheEarlierSweepAndRejectsEverythingThatWouldChangeIt() throws IOException {
        Path earlier = RecordedRuns.write(directory, "20261201-100000-quick");
        List<org.seqbench.spi.BackendProvider> reference = List.of(ReferenceBackendProvider.builder("onnx")
                .variants("fused-op").build());
        Outcome plan = CliErrorsTest.seqbench(reference, "run", "--repeat", earlier.toString(), "--dry-run");
        assertEquals(0, plan.status(), plan.err());
        assertTrue(plan.out().contains("onnx[fused-op] lstm T=256 B=1 H=128 L=1 threads=1"), plan.out());
        assertTrue(plan.out().contains("transformer T=64"), plan.out());

        Path out = directory.resolve("runs");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench(reference, "run", "--repeat", earlier.toString(),
                "--profile", "smoke", "--out", out.toString()),
                "--repeat measures the earlier run's sweep exactly, into a new run directory; drop --profile");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench(reference, "run", "--repeat", earlier.toString(),
                "--resume", earlier.toString()), "drop --resume (--resume continues a run in place)");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench(reference, "run", "--repeat", earlier.toString(),
                "--seq", "16", "--forks", "3", "--shard", "1/2", "--out", out.toString()),
                "drop --seq, --forks, --shard");
        Path config = Files.writeString(directory.resolve("sweep.yaml"), "seqLens: [16]\n");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench(reference, "run", "--repeat", earlier.toString(),
                "--config", config.toString(), "--backends", "onnx"), "drop --config, --backends");

        Path noRecord = Files.createDirectory(directory.resolve("not-a-run"));
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench(reference, "run", "--repeat", noRecord.toString(),
                "--out", out.toString()), "--repeat: no run record at " + noRecord);
        assertFalse(Files.exists(out), "nothing is written for bad input");
    }

    /**
     * The A/A check as a user runs it, on the smallest real sweep (one onnx LSTM cell of the smoke profile): a run,
     * its repeat, and the comparison of the two. A measured run needs a backend the JMH fork discovers itself, so
     * this one uses onnx from the class path, not a test double. Where the host cannot measure the cell (its fork
     * fails), the repeat is still checked, the comparison must say the runs have nothing in common, and the test
     * is reported as skipped with the fork's reason instead of passing without having seen the table.
     */
    @Test
    void aRunItsRepeatAndTheirComparisonEndToEnd() throws IOException {
        Path out = directory.resolve("runs");
        Outcome run = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "onnx", "--kinds", "lstm",
                "--seq-lens", "4", "--out", out.toString());
        Path earlier = onlyRun(out);
        assertTrue(run.status() == 0 || run.status() == 1, () -> run.out() + run.err());

        Outcome repeat = CliErrorsTest.seqbench("run", "--repeat", earlier.toString(), "--out", out.toString());
        Path repeated;
        try (Stream<Path> runs = Files.list(out)) {
            repeated = runs.filter(path -> !path.equals(earlier)).findFirst().orElse(null);
        }
        assertNotNull(repeated, "the repeat wrote a run directory of its own: " + repeat.out() + repeat.err());
        assertEquals(RunRecordFiles.read(earlier).sweep(), RunRecordFiles.read(repeated).sweep(),
                "the repeat measured the earlier sweep exactly");
        assertTrue(repeat.out().strip().endsWith("compare the two runs with: seqbench reproducibility " + earlier + " "
                + repeated), repeat.out());

        Outcome aa = CliErrorsTest.seqbench("reproducibility", earlier.toString(), repeated.toString());
        boolean measured = run.status() == 0 && repeat.status() == 0;
        if (!measured) {
            CliErrorsTest.assertBadInput(aa, "have no measured cell in common (0 ok in the first, 0 in the second)");
            Assumptions.abort("the onnx cell could not be measured on this host, so the comparison had no cell to "
                    + "show (the run and its repeat were checked): " + RunRecordFiles.read(earlier).cells().getFirst()
                    .reason() + jmhLog(earlier));
        }
        assertEquals(0, aa.status(), aa.out() + aa.err());
        assertTrue(aa.out().contains("| cell | first (ms) | second (ms) | ratio | 95% interval | contains 1 |"),
                aa.out());
        assertTrue(aa.out().contains("| onnx[fused-op] lstm T=4 B=2 H=16 L=1 threads=1"), aa.out());
        assertTrue(aa.out().contains("The headline (median of trial minima) reproduced within"), aa.out());
    }

    /** The end of a run's JMH log, which says why a fork failed. */
    private static String jmhLog(Path run) {
        try {
            List<String> lines = Files.readAllLines(run.resolve("jmh.log"));
            return "\njmh.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "\nno jmh.log: " + e;
        }
    }

    private static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }
}
