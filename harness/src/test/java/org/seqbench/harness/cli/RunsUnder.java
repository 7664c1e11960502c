package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The run a test's {@code seqbench run --out DIR} wrote: the first run.json below DIR. */
final class RunsUnder {
    private RunsUnder() {
    }

    /** The run.json below {@code directory}; fails the test, with {@code context}, when there is none. */
    static Path runJson(Path directory, String context) throws IOException {
        try (Stream<Path> found = Files.walk(directory)) {
            return found.filter(path -> path.getFileName().toString().equals("run.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no run.json below " + directory + ": " + context));
        }
    }

    static Path runJson(Path directory) throws IOException {
        return runJson(directory, "the run wrote none");
    }
}
