package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * Adaptive precision and the contention guard, through real sweeps of ONNX Runtime: the trials a run spends, the
 * verdict each cell's headline gets, and {@code --strict} on a host this test makes busy itself.
 */
class AdaptivePrecisionTest {
    private static final String[] SWEEP = {"run", "--profile", "smoke", "--backends", "onnx", "--kinds", "rnn,gru",
            "--seq-lens", "4", "--trials", "5", "--warmup-iterations", "1", "--iterations", "1",
            "--iteration-seconds", "0.05"};

    @TempDir
    Path directory;

    private RunRecord run(Outcome outcome) throws Exception {
        return Records.read(RunsUnder.runJson(directory, outcome.out() + outcome.err()));
    }

    private Path summaryOf() throws Exception {
        try (Stream<Path> found = Files.walk(directory)) {
            return found.filter(path -> path.getFileName().toString().equals("summary.md")).findFirst().orElseThrow();
        }
    }

    private static String[] with(String... more) {
        List<String> args = new ArrayList<>(List.of(SWEEP));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aTargetNoCellReachesSpendsTheFixedSchedulesTrialsLessTheWorkersWarmUps() throws Exception {
        Outcome outcome = CliErrorsTest.seqbench(with("--precision", "0.001%", "--out", directory.toString()));
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        RunRecord record = run(outcome);
        assertEquals(0.00001, record.sweep().measurement().precision(), 1e-15);
        int spent = 0;
        for (CellResult cell : record.cells()) {
            assertTrue(cell.ok(), cell.reason());
            int trials = cell.trials().size();
            assertTrue(trials >= 4 && trials <= 15, cell.cell().label() + ": " + trials + " trials");
            assertNotNull(cell.headline().spread(), "a spread from four trials on");
            assertEquals(cell.headline().spread() <= 0.00001, cell.headline().precise());
            assertEquals(trials, cell.headline().trials());
            spent += trials;
        }
        // The budget is the time the fixed schedule's trials (cells times --trials) would take, and the fresh
        // workers' warm-ups are paid out of it: each round's worker warms up for two trials' worth of iterations.
        assertTrue(spent >= 2 * 4 && spent < 2 * 5, spent + " trials");
        assertTrue(outcome.out().contains("measuring 2 cells to a precision of 0%: 4 trials each first (8 in 4 rounds),"
                + " then more for the cells not yet within it, at most 15 per cell, until the run has taken the time"
                + " the fixed schedule's 10 trials would"), outcome.out());
        assertTrue(outcome.out().matches("(?s).*precision: \\d of 2 cells \\(\\d+%\\) within 0%, in " + spent
                + " trials .*"), outcome.out());
        String summary = Files.readString(summaryOf());
        assertTrue(summary.matches("(?s).*Precision: \\d of 2 cells \\(\\d+%\\) within 0%, the most a rerun's "
                + "comparison would move their headline at 95%, in " + spent + " trials\\..*"), summary);
    }

    @Test
    void aCellWithinTheTargetAfterItsFirstTrialsGetsNoMore() throws Exception {
        // A spread of 99% needs the fourth-fastest trial within 1.99 times the fastest.
        Outcome outcome = CliErrorsTest.seqbench(with("--precision", "99%", "--out", directory.toString()));
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        for (CellResult cell : run(outcome).cells()) {
            assertEquals(Boolean.TRUE, cell.headline().precise(), cell.cell().label() + ": " + cell.headline());
            assertEquals(4, cell.trials().size(), cell.cell().label());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--precision|0|Invalid value for option '--precision': '0' is not a precision; accepted: a percentage "
                + "above 0 and below 100, e.g. 3% (or the fraction 0.03)",
        "--precision|150%|'150%' is not a precision; accepted: a percentage above 0 and below 100",
        "--precision|NaN|'NaN' is not a precision",
        "--precision|five|'five' is not a precision",
        "--max-trials|3|maxTrials 3 is below trials 5; accepted: at least the average trials per cell"})
    void badPrecisionSettingsAreRefusedBeforeAnythingIsMeasured(String flag, String value, String message) {
        Outcome outcome = CliErrorsTest.seqbench(with(flag, value, "--precision", flag.equals("--precision") ? value
                : "5%", "--out", directory.toString()));
        assertEquals(2, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
        assertTrue(!outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
        assertTrue(!Files.exists(directory) || directory.toFile().list().length == 0, "nothing written");
    }

    @Test
    void aCellThatStaysContendedIsMeasuredAgainFlaggedAndFailsAStrictRun() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        // Four busy threads beside a one-thread cell on any machine of up to four cores leave it less than it needs.
        int count = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        for (int i = 0; i < count; i++) {
            Thread spinner = Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (busy.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            spinners.add(spinner);
        }
        Outcome outcome;
        System.setProperty("seqbench.contention.waitSeconds", "1");
        try {
            outcome = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "onnx", "--kinds", "rnn",
                    "--seq-lens", "4", "--trials", "1", "--warmup-iterations", "1", "--iterations", "2",
                    "--iteration-seconds", "0.2", "--strict", "--out", directory.toString());
        } finally {
            System.clearProperty("seqbench.contention.waitSeconds");
            busy.set(false);
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
        assertEquals(SeqbenchCommand.FAILURE, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("measuring it again (1 of 2)"), outcome.out());
        assertTrue(outcome.out().contains("measuring it again (2 of 2)"), outcome.out());
        assertTrue(outcome.out().contains("contention guard: 2 trials measured again, 1 kept contended; 1 of 1 "
                + "cells (100%) noisy"), outcome.out());
        assertTrue(outcome.out().contains("1 ok, 0 failed, 0 skipped; 1 of the ok cells noisy (100%)"),
                outcome.out());
        assertTrue(outcome.out().matches("(?s).*--strict: 1 cell stayed noisy: .*rnn.* \\(others \\d\\.\\d\\d "
                + "cores\\).*"), outcome.out());
        assertTrue(Files.readString(summaryOf()).contains("Noisy (every trial contended): 1 of 1 cells (100%)."));
        CellResult cell = run(outcome).cells().getFirst();
        assertTrue(cell.contended(), "flagged");
        assertTrue(cell.contention().otherCpuCores() > 1, "with the figure: " + cell.contention());
    }
}
