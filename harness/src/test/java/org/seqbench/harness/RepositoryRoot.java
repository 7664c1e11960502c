package org.seqbench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the nearest directory above the working one that holds README.md. */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    public static Path path() {
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.exists(directory.resolve("README.md"))) {
                return directory;
            }
        }
        throw new IllegalStateException("README.md not found above " + start);
    }
}
