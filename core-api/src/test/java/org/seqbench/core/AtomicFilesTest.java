package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path directory;

    @Test
    void aWrittenFileReplacesTheOldOneAndIsReadableByOthers() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX modes here");
        Path file = directory.resolve("notes.txt");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second, with ü");
        assertEquals("second, with ü", Files.readString(file));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(file));
    }

    @Test
    void aWriterThatFailsLeavesTheEarlierFileAndNoPartialOne() throws IOException {
        Path file = directory.resolve("keep.bin");
        AtomicFiles.writeString(file, "good");
        IOException error = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertEquals("disk full", error.getMessage());
        assertEquals("good", Files.readString(file));
        try (var listing = Files.list(directory)) {
            assertEquals(1, listing.count(), "no partial file is left behind");
        }
    }
}
