package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.Main;
import org.seqbench.harness.measure.TrialMeasurement;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/**
 * A real {@code seqbench run} in a JVM of its own, killed with SIGKILL during the bounds, after its first trial and in
 * its second round, each time resumed: every finished trial stays readable and is not measured again, and no JVM it
 * started outlives it.
 */
class KillResumeTest {
    @TempDir
    Path out;

    @Test
    void aRunKilledAtAnyPointLeavesItsTrialsAndNoOrphansAndResumes() throws Exception {
        Process fresh = seqbench("run", "--profile", "smoke", "--backends", "onnx", "--kinds", "rnn,lstm",
                "--seq-lens", "4", "--out", out.toString());
        // (a) during the bounds: a child JVM (a probe's JMH fork) runs before any trial is written.
        kill(fresh, until(fresh, () -> !descendants(fresh).isEmpty() && runDirectoryOrNull() != null
                && trials(runDirectoryOrNull()) == 0));
        Path directory = runDirectory();
        assertTrue(RunRecordFiles.read(directory).cells().isEmpty(), "no cell before the bounds");

        // (b) after the first trial was written.
        Process resumed = seqbench("run", "--resume", directory.toString());
        kill(resumed, until(resumed, () -> trials(directory) >= 1));
        Map<String, Trial> kept = finished(directory);
        assertFalse(kept.isEmpty());

        // (c) in the second round: a trial with index 1 is in.
        Process again = seqbench("run", "--resume", directory.toString());
        kill(again, until(again, () -> readable(directory).stream()
                .anyMatch(cell -> cell.trials().stream().anyMatch(trial -> trial.index() == 1))));
        Map<String, Trial> later = finished(directory);
        kept.forEach((key, trial) -> assertEquals(trial, later.get(key), "kept across the kill: " + key));

        Process run = seqbench("run", "--resume", directory.toString());
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the resumed run finished");
        assertEquals(0, run.exitValue(), console());
        RunRecord record = RunRecordFiles.read(directory);
        assertTrue(record.completedAt() != null);
        assertTrue(record.cells().stream().allMatch(CellResult::ok), record.cells().toString());
        Map<String, Trial> done = finished(directory);
        later.forEach((key, trial) -> assertEquals(trial, done.get(key), "not measured again: " + key));
    }

    /** A trial as the record holds it, with when its JMH result file was last written. */
    record Trial(CellResult.Trial figures, FileTime written) {
    }

    private Map<String, Trial> finished(Path directory) throws IOException {
        Map<String, Trial> trials = new HashMap<>();
        RunRecord record = RunRecordFiles.read(directory);
        for (CellResult cell : record.cells()) {
            assertTrue(cell.ok(), cell.cell().label() + ": " + cell.reason());
            for (CellResult.Trial trial : cell.trials()) {
                Path file = resultFile(directory, record, cell);
                trials.put(cell.cell().key() + " t" + trial.index(), new Trial(trial, Files.getLastModifiedTime(
                        file.resolveSibling(file.getFileName().toString().replace("-t0", "-t" + trial.index())))));
            }
        }
        return trials;
    }

    /** The first trial's result file of {@code cell}, found by its plan position in jmh/. */
    private static Path resultFile(Path directory, RunRecord record, CellResult cell) throws IOException {
        // Positions follow the plan, which the record keeps in order only among the cells it holds: search.
        try (Stream<Path> files = Files.list(directory.resolve("jmh"))) {
            for (Path file : files.filter(path -> path.getFileName().toString().matches("cell-\\d{4}-t0\\.json"))
                    .toList()) {
                if (Files.readString(file).contains("\"" + cell.cell().kind().id() + "\"")) {
                    return file;
                }
            }
        }
        return TrialMeasurement.resultFile(directory, 0, 0);
    }

    private static List<CellResult> readable(Path directory) {
        try {
            return RunRecordFiles.read(directory).cells();
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static long trials(Path directory) {
        return readable(directory).stream().mapToLong(cell -> cell.trials().size()).sum();
    }

    private String console() {
        try {
            return Files.readString(out.resolve("console.txt"));
        } catch (IOException e) {
            return "(no console output: " + e.getMessage() + ")";
        }
    }

    private Path runDirectoryOrNull() {
        try {
            return Files.isRegularFile(runDirectory().resolve(RunRecordFiles.FILE_NAME)) ? runDirectory() : null;
        } catch (IOException | java.util.NoSuchElementException e) {
            return null;
        }
    }

    private Path runDirectory() throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            return runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** Waits for {@code condition} while {@code run} is alive; returns its descendants then. */
    private List<ProcessHandle> until(Process run, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (!run.isAlive()) {
                throw new AssertionError("the run ended before the point to kill it at: " + console());
            }
            Thread.sleep(50);
        }
        return descendants(run);
    }

    /** SIGKILL {@code run}, then wait for every JVM it started to end by itself. */
    private static void kill(Process run, List<ProcessHandle> children) throws InterruptedException {
        run.destroyForcibly().waitFor();
        Predicate<ProcessHandle> orphan = ProcessHandle::isAlive;
        for (int i = 0; i < 200 && children.stream().anyMatch(orphan); i++) {
            Thread.sleep(100);
        }
        List<String> alive = new ArrayList<>();
        children.stream().filter(orphan).forEach(child -> alive.add(child.pid() + " " + command(child)));
        children.forEach(ProcessHandle::destroyForcibly);
        assertTrue(alive.isEmpty(), "orphans of the killed run: " + alive);
    }

    private static List<ProcessHandle> descendants(Process run) {
        return run.descendants().toList();
    }

    private static String command(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    /** The command line in a JVM of its own, started directly (no shell between), its output to a file. */
    private Process seqbench(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Djmh.ignoreLock=true", Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("console.txt").toFile()));
        // The class path in the environment: ONNX Runtime overflows on a command line as long as ~/.m2's jars.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder.start();
    }
}
