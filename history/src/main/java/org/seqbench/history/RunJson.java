package org.seqbench.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;

/** A run record as the history stores it: the run.json text, as {@link Json}'s mapper writes the file. */
final class RunJson {
    private static final ObjectMapper JSON = Json.mapper();

    private RunJson() {
    }

    static String write(RunRecord run) {
        try {
            return JSON.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            // A record in memory always serialises; this would be a bug in the record's types.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record stored as run {@code id}.
     *
     * @throws HistoryException when a newer seqbench stored it (a record schema this one cannot read) or it is no
     *     run record
     */
    static RunRecord read(String json, long id, HistoryLocation where) throws HistoryException {
        try {
            JsonNode tree = JSON.readTree(json);
            int version = tree.path("schemaVersion").asInt(0);
            if (version > RunRecord.SCHEMA_VERSION) {
                throw new HistoryException("run #" + id + " in the history at " + where + " was recorded by a newer "
                        + "seqbench (run record schema " + version + "; this seqbench reads versions 1 to "
                        + RunRecord.SCHEMA_VERSION + ")");
            }
            return JSON.treeToValue(tree, RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new HistoryException("run #" + id + " in the history at " + where + " is not a valid run record: "
                    + e.getOriginalMessage(), e);
        }
    }
}
