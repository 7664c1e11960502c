package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqbench report} rebuilds the reports of one run in place, or of several side by side, from run.json. */
class ReportCommandTest {
    @TempDir
    Path directory;

    @Test
    void rebuildsOneRunsReportsInItsDirectoryWithoutTouchingTheRecord() throws IOException {
        Path run = RecordedRuns.write(directory, "20261124-100000-quick");
        byte[] record = Files.readAllBytes(run.resolve("run.json"));
        CliErrorsTest.Outcome outcome = CliErrorsTest.seqbench("report", run.toString());
        assertEquals(0, outcome.status(), outcome.err());
        assertEquals("report: " + run.resolve("report.html") + " (and " + run.resolve("summary.md") + ")",
                outcome.out().strip());
        assertTrue(Files.readString(run.resolve("report.html")).contains("LSTM on onnx: latency grows as T^"));
        assertTrue(Files.readString(run.resolve("summary.md")).startsWith("# seqbench run `20261124-100000-quick`"));
        assertArrayEquals(record, Files.readAllBytes(run.resolve("run.json")), "run.json stays as it was");
    }

    @Test
    void putsSeveralRunsSideBySideIntoOut() throws IOException {
        Path first = RecordedRuns.write(directory, "20261124-100000-quick");
        Path second = RecordedRuns.write(directory.resolve("other-machine"), "20261125-110000-quick");
        Path out = directory.resolve("comparison");
        CliErrorsTest.Outcome outcome = CliErrorsTest.seqbench("report", first.toString(),
                second.resolve("run.json").toString(), "--out", out.toString());
        assertEquals(0, outcome.status(), outcome.err());
        String page = Files.readString(out.resolve("report.html"));
        assertTrue(page.contains("onnx · 20261124-100000-quick") && page.contains("onnx · 20261125-110000-quick"),
                "series are told apart by run id");
        assertTrue(Files.readString(out.resolve("summary.md")).startsWith("# seqbench: 2 runs side by side"));
        assertTrue(Files.notExists(first.resolve("report.html")), "the runs' own directories are not written");
    }
}
