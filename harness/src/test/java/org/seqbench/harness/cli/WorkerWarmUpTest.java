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
 * Every fresh worker JVM warms up on the cell it measures first before it measures anything, and again before its
 * first trial of each further model kind, and no warm-up leaves a result behind: the JIT's first seconds in a JVM
 * made its first trials 1.1x to 1.3x slower than its later ones, and a kind's first trial in a JVM was slow more often
 * than its later ones.
 */
class WorkerWarmUpTest {
    private static final Pattern LINE = Pattern.compile("# seqbench (trial of|warm-up on) (\\S+) in JVM (\\d+)");

    @TempDir
    Path directory;

    @Test
    void eachWorkerWarmsUpBeforeItsFirstTrialOfEachKind() throws Exception {
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
        int kindWarmUps = 0;
        for (Map.Entry<String, List<String[]>> jvm : byJvm.entrySet()) {
            List<String[]> lines = jvm.getValue();
            assertEquals("warm-up on", lines.getFirst()[0], "JVM " + jvm.getKey() + " began with a trial");
            java.util.Set<String> warmed = new java.util.HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String kind = kindOf(lines.get(i)[1]);
                if (lines.get(i)[0].equals("warm-up on")) {
                    assertTrue(warmed.add(kind), "JVM " + jvm.getKey() + " warmed up twice on " + kind);
                    assertTrue(i + 1 < lines.size() && lines.get(i + 1)[0].equals("trial of"),
                            "JVM " + jvm.getKey() + ": a warm-up not followed by a trial");
                    assertEquals(lines.get(i)[1], lines.get(i + 1)[1],
                            "JVM " + jvm.getKey() + " warmed up on another cell than the trial's");
                    kindWarmUps += i == 0 ? 0 : 1;
                } else {
                    assertTrue(warmed.contains(kind), "JVM " + jvm.getKey() + " measured " + kind + " cold");
                    measured++;
                }
            }
        }
        assertTrue(kindWarmUps > 0, "the smoke profile's four kinds meet each worker: " + byJvm);
        assertEquals(trials, measured, "one trial line a trial");
        for (CellResult cell : record.cells()) {
            assertTrue(cell.ok(), cell.cell().label() + ": " + cell.reason());
        }
        try (Stream<Path> jmh = Files.list(run.resolve("jmh"))) {
            assertFalse(jmh.anyMatch(path -> path.getFileName().toString().startsWith("worker-warmup")),
                    "the warm-up's result is discarded");
        }
    }

    /** The model kind of a cell key: "constant/default/lstm/T4/..." is lstm. */
    private static String kindOf(String key) {
        return key.split("/")[2];
    }
}
