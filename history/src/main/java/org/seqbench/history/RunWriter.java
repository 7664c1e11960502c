package org.seqbench.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;

/** The rows of one run: its {@code runs} row, its cells and its backends, in the newest schema. */
final class RunWriter {
    private final Connection connection;

    RunWriter(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the next run id. The update is also the writers' turnstile: PostgreSQL holds the row's lock until this
     * transaction ends, so a second recorder waits here and then sees the first one's run.
     */
    long nextId() throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE id_counters SET last_value = last_value + 1 WHERE name = 'runs'")) {
            bump.executeUpdate();
        }
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT last_value FROM id_counters WHERE name = 'runs'"); ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    void insert(long id, RunRecord run, String branch, String commit, String recordedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (id, run_id, created_at, "
                + "created_epoch_ms, completed_at, branch, commit_sha, hostname, cpu_model, logical_cores, cell_count, "
                + "ok_cells, recorded_at, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, run.runId());
            insert.setString(3, run.createdAt());
            setRunColumns(insert, 4, run, branch, commit, recordedAt);
            insert.executeUpdate();
        }
        insertChildren(id, run);
    }

    /** Replaces run {@code id}'s content with {@code run}'s, keeping the id. */
    void replace(long id, RunRecord run, String branch, String commit, String recordedAt) throws SQLException {
        for (String table : new String[] {"cells", "run_backends"}) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE run = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET created_epoch_ms = ?, "
                + "completed_at = ?, branch = ?, commit_sha = ?, hostname = ?, cpu_model = ?, logical_cores = ?, "
                + "cell_count = ?, ok_cells = ?, recorded_at = ?, record_json = ? WHERE id = ?")) {
            setRunColumns(update, 1, run, branch, commit, recordedAt);
            update.setLong(12, id);
            update.executeUpdate();
        }
        insertChildren(id, run);
    }

    /** The columns from created_epoch_ms on, which insert and replace both write, from parameter {@code first}. */
    private static void setRunColumns(PreparedStatement statement, int first, RunRecord run, String branch,
            String commit, String recordedAt) throws SQLException {
        Environment environment = run.environment();
        statement.setLong(first, epochMillis(run));
        statement.setString(first + 1, run.completedAt());
        statement.setString(first + 2, branch);
        statement.setString(first + 3, commit);
        statement.setString(first + 4, environment.hostname());
        statement.setString(first + 5, environment.cpuModel());
        statement.setInt(first + 6, environment.logicalCores());
        statement.setInt(first + 7, run.cells().size());
        statement.setInt(first + 8, (int) run.count(CellResult.Status.OK));
        statement.setString(first + 9, recordedAt);
        statement.setString(first + 10, RunJson.write(run));
    }

    private void insertChildren(long id, RunRecord run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cells (run, position, cell_key, "
                + "backend, variant, device, precision, kind, seq_len, batch, hidden_size, layers, threads, "
                + "input_size, heads, ffn_size, output_size, bidirectional, status, headline_ms, headline_low_ms, "
                + "headline_high_ms, p50_ms, trials, disturbed) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int position = 0; position < run.cells().size(); position++) {
                CellResult result = run.cells().get(position);
                Cell cell = result.cell();
                insert.setLong(1, id);
                insert.setInt(2, position);
                insert.setString(3, cell.key());
                insert.setString(4, cell.backend());
                insert.setString(5, cell.variant());
                insert.setString(6, cell.device());
                insert.setString(7, cell.precision());
                insert.setString(8, cell.kind().id());
                insert.setInt(9, cell.seqLen());
                insert.setInt(10, cell.batch());
                insert.setInt(11, cell.hiddenSize());
                insert.setInt(12, cell.layers());
                insert.setInt(13, cell.threads());
                insert.setInt(14, cell.inputSize());
                insert.setInt(15, cell.heads());
                insert.setInt(16, cell.ffnSize());
                insert.setInt(17, cell.outputSize());
                insert.setInt(18, cell.bidirectional() ? 1 : 0);
                insert.setString(19, result.status().id());
                boolean measured = result.ok() && (result.headline() != null || result.latency() != null);
                setDouble(insert, 20, measured ? result.headlineMs() : null);
                setDouble(insert, 21, result.headline() == null ? null : result.headline().low());
                setDouble(insert, 22, result.headline() == null ? null : result.headline().high());
                setDouble(insert, 23, result.latency() == null ? null : result.latency().p50());
                insert.setInt(24, result.headline() == null ? 0 : result.headline().trials());
                insert.setInt(25, result.disturbed() ? 1 : 0);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        MediansMigration.fill(connection, id, run);
        try (PreparedStatement insert = connection.prepareStatement(BackendsMigration.INSERT)) {
            for (Environment.BackendInfo backend : run.environment().backends()) {
                insert.setLong(1, id);
                insert.setString(2, backend.id());
                insert.setString(3, backend.name());
                insert.setString(4, backend.engineVersion());
                insert.setString(5, backend.device());
                insert.setInt(6, backend.available() ? 1 : 0);
                insert.setString(7, Settings.write(backend.settings()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /**
     * The run's start as a number to sort by.
     *
     * @throws IllegalArgumentException naming the run when its start is no ISO-8601 instant
     */
    static long epochMillis(RunRecord run) {
        try {
            return Instant.parse(run.createdAt()).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("run " + run.runId() + " has createdAt '" + run.createdAt()
                    + "', not an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }
}
