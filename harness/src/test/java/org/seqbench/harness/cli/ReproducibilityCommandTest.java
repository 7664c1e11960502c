package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.TrialEstimator;

/**
 * {@code seqbench reproducibility} compares two runs of one sweep and {@code seqbench run --repeat} makes the second:
 * the report on stdout (and in {@code --out}), every mistake one line and status 2, and the whole A/A check end to
 * end on the smallest real sweep.
 */
class ReproducibilityCommandTest {
    @TempDir
    Path directory;

    @Test
    void printsTheReportAndWritesItToOut() throws IOException {
        Path first = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path second = RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.0);
        Path file = directory.resolve("aa.md");
        Outcome outcome = CliErrorsTest.seqbench("reproducibility", first.toString(),
                second.resolve("run.json").toString(), "--out", file.toString());
        assertEquals(0, outcome.status(), outcome.err());
        assertEquals("", outcome.err());
        String report = outcome.out();
        assertTrue(report.startsWith("# A/A check: `20261201-100000-quick` against `20261201-110000-quick`"), report);
        assertTrue(report.contains("| **" + TrialEstimator.HEADLINE.label() + "** (headline) | `" + TrialEstimator.HEADLINE.id() + "` | 6 | 100% (6 of 6) "
                + "| 0% | 0% |"), report);
        assertTrue(report.contains("## Cell by cell: " + TrialEstimator.HEADLINE.label() + " (the headline)"), report);
        assertTrue(report.strip().endsWith("100% of intervals contain 1 (6 of 6)."), report);
        assertEquals(report, Files.readString(file), "--out holds what was printed");
    }

    @Test
    void theAliasAndEstimatorChooseWhoseCellsAreShown() throws IOException {
        Path first = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path second = RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.5);
        Outcome outcome = CliErrorsTest.seqbench("aa", first.toString(), second.toString(), "--estimator",
                "p10-of-medians");
        assertEquals(0, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("## Cell by cell: 10th percentile of trial medians\n"), outcome.out());
        assertTrue(outcome.out().contains("| 1.5 | "), "every cell 1.5x slower: " + outcome.out());
        assertTrue(outcome.out().contains("0% of intervals contain 1 (0 of 6)."), outcome.out());
    }

    @Test
    void reproducibilityRejectsBadEstimatorsMissingRunsAndRunsWithNothingInCommon() throws IOException {
        Path first = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path second = RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.0);
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
}
