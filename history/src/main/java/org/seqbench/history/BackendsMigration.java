package org.seqbench.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.seqbench.results.Json;

/**
 * Schema version 2: each run's backends (engine version, device, availability, engine settings) in a table of their
 * own, so that runs are found by engine version and a trend point carries its backend's settings. A Java migration
 * because the rows already recorded are filled in from their stored run.json, which SQL cannot read portably. It
 * reads the JSON as a tree, not as a {@code RunRecord}, so that it keeps working whatever the record becomes later.
 */
final class BackendsMigration extends SeqbenchMigration {
    static final String CREATE_TABLE = """
            CREATE TABLE run_backends (
                run BIGINT NOT NULL REFERENCES runs (id),
                backend TEXT NOT NULL,
                name TEXT,
                engine_version TEXT,
                device TEXT,
                available INTEGER NOT NULL,
                settings_json TEXT NOT NULL,
                PRIMARY KEY (run, backend)
            )""";

    static final String INSERT = "INSERT INTO run_backends (run, backend, name, engine_version, device, available, "
            + "settings_json) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static final ObjectMapper JSON = Json.mapper();

    BackendsMigration() {
        super("2", "run backends");
    }

    @Override
    public void migrate(Context context) throws SQLException, JsonProcessingException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
            statement.execute("CREATE INDEX run_backends_by_version ON run_backends (backend, engine_version)");
        }
        try (Statement runs = connection.createStatement();
                ResultSet rows = runs.executeQuery("SELECT id, record_json FROM runs ORDER BY id");
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            while (rows.next()) {
                long run = rows.getLong(1);
                for (JsonNode backend : JSON.readTree(rows.getString(2)).path("environment").path("backends")) {
                    insert.setLong(1, run);
                    insert.setString(2, backend.path("id").asText());
                    insert.setString(3, text(backend, "name"));
                    insert.setString(4, text(backend, "engineVersion"));
                    insert.setString(5, text(backend, "device"));
                    insert.setInt(6, backend.path("available").asBoolean() ? 1 : 0);
                    insert.setString(7, JSON.writeValueAsString(backend.path("settings").isObject()
                            ? backend.get("settings") : JSON.createObjectNode()));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
