package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * A backend whose native code crashes, hangs or runs out of memory in one cell fails that cell, with what happened
 * as the reason, and the sweep goes on with a fresh trial JVM: a real sweep through the command line, with the
 * test-only {@link FaultyBackendProvider} armed beside ONNX Runtime.
 */
class TrialFaultsTest {
    /** The hung trial's limit: the model's load and check and the iterations take well under a second. */
    private static final int CELL_TIMEOUT_SECONDS = 8;

    @TempDir
    Path directory;

    @Test
    void aCrashAHangAndAnExhaustedHeapEachFailTheirCellAndTheSweepGoesOn() throws Exception {
        Outcome outcome = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "faulty,onnx",
                "--kinds", "rnn,lstm,gru", "--seq-lens", "4", "--trials", "1", "--warmup-iterations", "1",
                "--iterations", "1", "--iteration-seconds", "0.1", "--engine-option", "faulty.fault=armed",
                "--cell-timeout", String.valueOf(CELL_TIMEOUT_SECONDS), "--out", directory.toString());
        assertEquals(SeqbenchCommand.FAILURE, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("3 ok, 3 failed, 0 skipped"), outcome.out());

        Path run = RunsUnder.runJson(directory);
        RunRecord record = Records.read(run);
        assertTrue(record.completedAt() != null, "the run finished: " + record.completedAt());
        Map<String, CellResult> faulty = record.cells().stream().filter(cell -> cell.cell().backend().equals("faulty"))
                .collect(Collectors.toMap(cell -> cell.cell().kind().id(), cell -> cell));
        for (CellResult cell : faulty.values()) {
            assertEquals(CellResult.Status.FAILED, cell.status(), cell.cell().label() + ": " + cell.reason());
        }
        String reasons = record.cells().stream().map(cell -> cell.cell().label() + ": " + cell.reason())
                .collect(Collectors.joining("\n"));
        String crash = faulty.get("rnn").reason();
        assertTrue(crash.startsWith("the trial JVM crashed: SIGSEGV at pc="), reasons);
        assertTrue(crash.contains("the JVM then ended with signal 6 (SIGABRT)"), crash);
        // The interpreter's frame is libjvm's Unsafe_GetLong, a compiled one Unsafe.getLong...: the FFM API's read.
        assertTrue(crash.contains("problematic frame ") && crash.contains("Unsafe"), crash);
        String report = crash.replaceAll(".*crash report (hs_err_pid\\d+\\.log) in the run directory.*", "$1");
        assertTrue(Files.readString(run.resolveSibling(report)).contains("SIGSEGV"),
                "the crash report is kept in the run directory: " + crash);
        String hang = faulty.get("lstm").reason();
        assertEquals("no answer within " + CELL_TIMEOUT_SECONDS + " s (--cell-timeout): the trial JVM was stopped (it "
                + "hung, or the trial needs longer than that; see jmh.log)", hang);
        // A fresh worker warms up on the trial's own cell, so the fault is met there, once: the hang was waited out
        // one cell timeout, not two, and no trial of a faulty cell ran after its warm-up.
        List<String> faultyRuns = Files.readAllLines(run.resolveSibling("jmh.log")).stream()
                .filter(line -> line.contains("# seqbench ") && line.contains(" faulty/")).toList();
        assertEquals(3, faultyRuns.size(), String.join("\n", faultyRuns));
        assertTrue(faultyRuns.stream().allMatch(line -> line.contains("# seqbench warm-up on faulty/")),
                String.join("\n", faultyRuns));
        String heap = faulty.get("gru").reason();
        assertTrue(heap.matches("out of memory \\(Java heap space\\); the trial JVM's heap limit is \\d+ MB "
                + "\\(see jmh\\.log\\)"), heap);

        List<CellResult> onnx = record.cells().stream().filter(cell -> cell.cell().backend().equals("onnx")).toList();
        assertEquals(3, onnx.size(), record.cells().toString());
        for (CellResult cell : onnx) {
            assertTrue(cell.ok(), "the sweep went on after the faults: " + cell.cell().label() + ": " + cell.reason());
        }
    }
}
