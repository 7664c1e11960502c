package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.Fixtures;

class ReportFilesTest {
    @TempDir
    Path directory;

    @Test
    void reportFilesWritesAllFour() throws IOException {
        ReportFiles.write(directory, Fixtures.record());
        for (String name : List.of("run.json", "cells.csv", "summary.md", "report.html")) {
            assertTrue(Files.size(directory.resolve(name)) > 0, name);
        }
        try (var files = Files.list(directory)) {
            assertEquals(4, files.count(), "no temporary files are left behind");
        }
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(directory.resolve("report.html"))), "others may read the reports");
        }
    }

    /** A run's files written again (run --resume, seqbench report) keep the study joined to it. */
    @Test
    void aStudyJoinedToTheRunKeepsItsSectionsWhenTheRunsFilesAreWrittenAgain() throws IOException {
        Files.createDirectories(directory.resolve(ReportFiles.JOINED_STUDY));
        org.seqbench.study.StudyFiles.write(directory.resolve(ReportFiles.JOINED_STUDY), StudyRecords.record());
        ReportFiles.write(directory, Fixtures.record());
        assertTrue(Files.readString(directory.resolve("report.html")).contains("<section id=\"study-claims\">"));
        assertTrue(Files.readString(directory.resolve("summary.md")).contains("## Accuracy studies"));

        Files.writeString(directory.resolve(ReportFiles.JOINED_STUDY).resolve("study.json"), "{not json");
        ReportFiles.write(directory, Fixtures.record());
        assertTrue(!Files.readString(directory.resolve("report.html")).contains("study-claims"),
                "an unreadable study is left out, and the run's files are still written");
    }
}
