package org.seqbench.study;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.seqbench.core.AtomicFiles;

/** study.json: written whole and in one step after every finished piece, read back to resume or to report. */
public final class StudyFiles {
    public static final String FILE_NAME = "study.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StudyFiles() {
    }

    /** Replaces {@code directory/study.json} with {@code record} in one step. */
    public static void write(Path directory, StudyRecord record) throws IOException {
        AtomicFiles.writeString(directory.resolve(FILE_NAME), JSON.writeValueAsString(record));
    }

    /**
     * The study in {@code directory}; empty when it holds no study.json.
     *
     * @throws IllegalArgumentException naming the file when it is not a study record, or one of a newer seqbench
     * @throws IOException when it cannot be read
     */
    public static Optional<StudyRecord> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        StudyRecord record;
        try {
            record = JSON.readValue(text, StudyRecord.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a seqbench study record: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (record.schema() > StudyRecord.SCHEMA_VERSION) {
            throw new IllegalArgumentException(file + " was written by a newer seqbench (schema " + record.schema()
                    + "; this one reads up to " + StudyRecord.SCHEMA_VERSION + ")");
        }
        return Optional.of(record);
    }

    /** The JSON text of a record, for tests and exports. */
    public static String toJson(StudyRecord record) throws IOException {
        return JSON.writeValueAsString(record);
    }
}
