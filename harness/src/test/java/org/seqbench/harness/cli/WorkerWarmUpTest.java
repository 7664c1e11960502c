package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * Every fresh worker JVM warms up on the cell it measures first before it measures anything, and the warm-up leaves
 * no result behind: the JIT's first seconds in a JVM made its first trials 1.1x to 1.3x slower than its later ones.
 */
class WorkerWarmUpTest {
    private static final Pattern LINE = Pattern.compile("# seqbench (trial of|warm-up on) (\\S+) in JVM (\\d+)");

    @TempDir
    Path directory;

    @Test
    void eachWorkerWarmsUpOnItsFirstCellBeforeItsFirstTrial() throws Exception {
        Outcome outcome = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "constant",
                "--seq-lens", "4", "--trials", "2", "--out", directory.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        Path run = RunsUnder.runJson(directory).getParent();
        Map<String, List<String[]>> byJvm = new LinkedHashMap<>();
        for (String line : Files.readAllLines(run.resolve("jmh.log"))) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                byJvm.computeIfAbsent(matcher.group(3), pid -> new ArrayList<>())
                        .add(new String[] {matcher.group(1), matcher.group(2)});
            }
        }
        RunRecord record = Records.read(run.resolve("run.json"));
        int trials = record.cells().stream().mapToInt(cell -> cell.trials().size()).sum();
        assertEquals(2 * record.cells().size(), trials, record.cells()::toString);
        assertTrue(byJvm.size() >= 2, "a worker per round at least: " + byJvm.keySet());
        int measured = 0;
        for (Map.Entry<String, List<String[]>> jvm : byJvm.entrySet()) {
            List<String[]> lines = jvm.getValue();
            assertEquals("warm-up on", lines.getFirst()[0], "JVM " + jvm.getKey() + " began with a trial");
            assertEquals("trial of", lines.get(1)[0], "JVM " + jvm.getKey() + " warmed up twice");
            assertEquals(lines.getFirst()[1], lines.get(1)[1], "JVM " + jvm.getKey() + " warmed up on another cell");
            assertTrue(lines.stream().skip(1).allMatch(line -> line[0].equals("trial of")));
            measured += lines.size() - 1;
        }
        assertEquals(trials, measured, "one trial line a trial");
        for (CellResult cell : record.cells()) {
            assertTrue(cell.ok(), cell.cell().label() + ": " + cell.reason());
        }
        try (Stream<Path> jmh = Files.list(run.resolve("jmh"))) {
            assertFalse(jmh.anyMatch(path -> path.getFileName().toString().startsWith("worker-warmup")),
                    "the warm-up's result is discarded");
        }
    }
}
