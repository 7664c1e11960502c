package org.seqbench.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqbench.results.RunRecord;

/**
 * Several {@code history record} processes at once on one history, the first of them racing to create it: every
 * run lands once with all its cells, and the run they all record is added by exactly one of them.
 */
class ConcurrentRecordingTest {
    private static final int PROCESSES = 3;
    private static final int RUNS_EACH = 4;
    private static final int ROUNDS = 3;

    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(Databases.class)
    void concurrentRecordersAllLandAndNothingIsCorrupted(Databases database) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path roundFolder = Files.createDirectories(folder.resolve("round-" + round));
            String location = database.newLocation(roundFolder, POSTGRES, "history");
            int shared = 900 + round;
            List<Process> processes = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                processes.add(start(location, roundFolder, "p" + p, 100 * p + 1, RUNS_EACH, shared));
            }
            awaitReady(roundFolder, processes);
            Files.createFile(roundFolder.resolve("go"));
            int sharedAdded = 0;
            for (Process process : processes) {
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "a recorder did not finish");
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, process.exitValue(), output);
                sharedAdded += output.contains("shared added: true") ? 1 : 0;
            }
            assertEquals(1, sharedAdded, "the shared run is added once, and found there by the others");

            List<Integer> expected = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                int first = 100 * p + 1;
                IntStream.range(first, first + RUNS_EACH).forEach(expected::add);
            }
            expected.add(shared);
            try (HistoryStore store = HistoryStore.openExisting(location)) {
                List<StoredRun> runs = store.list(RunQuery.all());
                assertEquals(expected.size(), runs.size(), "round " + round);
                assertEquals(runs.size(), runs.stream().map(StoredRun::id).distinct().count(), "distinct ids");
                List<RunRecord> records = store.lastRuns("main", expected.size());
                List<RunRecord> originals = expected.stream().map(HistoryRuns::run).toList();
                assertEquals(originals.size(), records.size());
                assertTrue(records.containsAll(originals), "every run reads back whole");
                for (StoredRun run : runs) {
                    assertEquals(6, run.cells(), run.runId());
                }
                assertEquals(expected.size(), store.trends(RunQuery.all(), cell -> true).getFirst().points().size(),
                        "every run's cells are in the cells table");
            }
        }
    }

    private static Process start(String location, Path folder, String name, int first, int count, int shared)
            throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                RecordingProcess.class.getName(), location, folder.toString(), name, String.valueOf(first),
                String.valueOf(count), String.valueOf(shared));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    private static void awaitReady(Path folder, List<Process> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int p = 0; p < processes.size(); p++) {
            while (!Files.exists(folder.resolve("ready-p" + p))) {
                assertTrue(System.nanoTime() < deadline && processes.get(p).isAlive(), "recorder " + p
                        + " did not start");
                Thread.sleep(10);
            }
        }
    }
}
