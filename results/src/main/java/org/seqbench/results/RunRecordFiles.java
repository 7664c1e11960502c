package org.seqbench.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.seqbench.core.AtomicFiles;
import org.seqbench.core.Work;

/** Reads and writes {@code run.json}; every write replaces the file atomically, so a crash leaves the last good one. */
public final class RunRecordFiles {
    public static final String FILE_NAME = "run.json";

    private static final ObjectMapper JSON = Json.mapper();
    private static final java.util.List<String> REQUIRED_FIELDS =
            java.util.List.of("runId", "createdAt", "sweep", "environment", "cells");

    private RunRecordFiles() {
    }

    /** Writes {@code record} to {@code runDirectory/run.json}. */
    public static void write(Path runDirectory, RunRecord record) throws IOException {
        writeAtomically(runDirectory.resolve(FILE_NAME), JSON.writeValueAsString(record));
    }

    /**
     * Reads a run record from a run directory or a run.json file.
     *
     * @throws IllegalArgumentException naming the path and what is wrong with it
     */
    public static RunRecord read(Path runDirectoryOrFile) throws IOException {
        Path file = Files.isDirectory(runDirectoryOrFile) ? runDirectoryOrFile.resolve(FILE_NAME) : runDirectoryOrFile;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no run record at " + runDirectoryOrFile + " (expected a run directory "
                    + "holding " + FILE_NAME + ", or a " + FILE_NAME + " file)");
        } catch (CharacterCodingException e) {
            // The JDK's own message ("Input length = 1") names neither the file nor what is wrong.
            throw new IllegalArgumentException(file + " is not a valid seqbench run record: it is not UTF-8 text");
        }
        try {
            JsonNode tree = JSON.readTree(text);
            JsonNode version = tree == null ? null : tree.get("schemaVersion");
            if (version == null || !version.canConvertToInt()) {
                throw new IllegalArgumentException(file + " is not a seqbench run record (no schemaVersion)");
            }
            if (version.intValue() > RunRecord.SCHEMA_VERSION || version.intValue() < 1) {
                throw new IllegalArgumentException(file + " has schema version " + version.intValue()
                        + "; this seqbench reads versions 1 to " + RunRecord.SCHEMA_VERSION);
            }
            for (String field : REQUIRED_FIELDS) {
                if (!tree.hasNonNull(field)) {
                    throw new IllegalArgumentException(file + " is not a valid seqbench run record: it has no '"
                            + field + "'");
                }
            }
            if (version.intValue() < 3) {
                addAnalyticBytes(file, tree);
            }
            return JSON.treeToValue(tree, RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a valid seqbench run record: " + e.getOriginalMessage());
        }
    }

    /**
     * Gives each cell of a record older than version 3 the analytic bytes that version added: they follow from the
     * cell's coordinates alone, so the old record reads as if written now.
     */
    private static void addAnalyticBytes(Path file, JsonNode tree) throws JsonProcessingException {
        for (JsonNode result : tree.path("cells")) {
            if (result.get("work") instanceof ObjectNode work && !work.has("bytes") && result.hasNonNull("cell")) {
                Cell cell = JSON.treeToValue(result.get("cell"), Cell.class);
                try {
                    work.put("bytes", Work.of(cell.spec(), cell.batch(), cell.seqLen()).bytes());
                } catch (IllegalArgumentException e) {
                    // A cell Jackson accepts may still have sizes no model or batch can have (a sequence length 0).
                    throw new IllegalArgumentException(file + " is not a valid seqbench run record: its cell "
                            + result.get("cell") + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * Writes {@code content} beside {@code target} and moves it into place in one step, readable by others
     * ({@link AtomicFiles}, which exported safetensors files go through too).
     */
    public static void writeAtomically(Path target, String content) throws IOException {
        AtomicFiles.writeString(target, content);
    }
}
