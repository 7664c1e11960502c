package org.seqbench.history;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of the concurrent recorders of {@link ConcurrentRecordingTest}, a JVM of its own: announces itself ready, waits
 * for the go (so that all open a fresh history at once), then records runs {@code first} to
 * {@code first + count - 1} and the run they all record, {@code shared}, halfway through. Prints whether the shared
 * run was added by this process.
 *
 * <p>Arguments: LOCATION FOLDER NAME FIRST COUNT SHARED, where FOLDER holds the ready and go files.
 */
public final class RecordingProcess {
    private RecordingProcess() {
    }

    public static void main(String[] args) throws Exception {
        String location = args[0];
        Path folder = Path.of(args[1]);
        String name = args[2];
        int first = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        int shared = Integer.parseInt(args[5]);
        Files.createFile(folder.resolve("ready-" + name));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(folder.resolve("go")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        boolean sharedAdded = false;
        try (HistoryStore store = HistoryStore.open(location)) {
            for (int i = 0; i < count; i++) {
                store.record(HistoryRuns.run(first + i), "main", null);
                if (i == count / 2) {
                    sharedAdded = store.record(HistoryRuns.run(shared), "main", null).added();
                }
            }
        }
        System.out.println("shared added: " + sharedAdded);
    }
}
