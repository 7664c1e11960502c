package org.seqbench.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;

/** The queries of the history's tables. */
final class RunReader {
    private static final String RUN_COLUMNS = "id, run_id, created_at, completed_at, branch, commit_sha, hostname, "
            + "cpu_model, logical_cores, cell_count, ok_cells, recorded_at";

    private final Connection connection;

    RunReader(Connection connection) {
        this.connection = connection;
    }

    /**
     * The runs {@code query} matches, newest first (by start, then by id). The branch is filtered by the database,
     * the machine and engine version here ({@link RunQuery#matches}): case-insensitive substrings and version
     * prefixes mean the same on both databases that way.
     */
    List<StoredRun> runs(RunQuery query) throws SQLException {
        String branch = query.branch();
        Map<Long, Map<String, String>> versions = engineVersions(branch);
        List<StoredRun> runs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs"
                + (branch == null ? "" : " WHERE branch = ?") + " ORDER BY created_epoch_ms DESC, id DESC")) {
            if (branch != null) {
                select.setString(1, branch);
            }
            try (ResultSet rows = select.executeQuery()) {
                while ((query.limit() == 0 || runs.size() < query.limit()) && rows.next()) {
                    StoredRun run = storedRun(rows, versions.getOrDefault(rows.getLong(1), Map.of()));
                    if (query.matches(run)) {
                        runs.add(run);
                    }
                }
            }
        }
        return runs;
    }

    /** The run recorded as {@code runId} that started at {@code createdAt} on {@code hostname}, if any. */
    Optional<StoredRun> find(String runId, String createdAt, String hostname) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE "
                + "run_id = ? AND created_at = ? AND hostname = ?")) {
            select.setString(1, runId);
            select.setString(2, createdAt);
            select.setString(3, hostname);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long id = rows.getLong(1);
                return Optional.of(storedRun(rows, engineVersions(id)));
            }
        }
    }

    /** The run.json text stored as run {@code id}. */
    String recordJson(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT record_json FROM runs WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("run #" + id + " is gone: another process replaced it meanwhile");
                }
                return rows.getString(1);
            }
        }
    }

    /** Run {@code id}'s cells in the run's order. */
    List<CellRow> cells(long id) throws SQLException {
        List<CellRow> cells = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT cell_key, backend, variant, device, "
                + "precision, kind, seq_len, batch, hidden_size, layers, threads, input_size, heads, ffn_size, "
                + "output_size, bidirectional, status, median_ms, median_low_ms, median_high_ms, p50_ms, trials, "
                + "disturbed FROM cells WHERE run = ? ORDER BY position")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Cell cell = new Cell(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                            ModelKind.parse(rows.getString(6)), rows.getInt(7), rows.getInt(8), rows.getInt(9),
                            rows.getInt(10), rows.getInt(11), rows.getInt(12), rows.getInt(13), rows.getInt(14),
                            rows.getInt(15), rows.getInt(16) != 0);
                    cells.add(new CellRow(rows.getString(1), cell, rows.getString(17), nullableDouble(rows, 18),
                            nullableDouble(rows, 19), nullableDouble(rows, 20), nullableDouble(rows, 21),
                            rows.getInt(22), rows.getInt(23) != 0));
                }
            }
        }
        return cells;
    }

    /** Run {@code id}'s engine settings per backend id. */
    Map<String, Map<String, String>> settings(long id) throws SQLException {
        Map<String, Map<String, String>> settings = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT backend, settings_json FROM run_backends WHERE run = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    settings.put(rows.getString(1), Settings.read(rows.getString(2)));
                }
            }
        }
        return settings;
    }

    SortedSet<String> branches() throws SQLException {
        SortedSet<String> branches = new TreeSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT branch FROM runs");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                branches.add(rows.getString(1));
            }
        }
        return branches;
    }

    /**
     * One row of {@code cells}: a cell's coordinates and the figures a trend point takes, its level being the
     * {@link org.seqbench.results.analysis.TrendPoint#ESTIMATOR median of its trials' medians} with its interval.
     */
    record CellRow(String key, Cell cell, String status, Double medianMs, Double lowMs, Double highMs, Double p50Ms,
            int trials, boolean disturbed) {
    }

    /** Each run's available backends' engine versions in backend id order; for {@code branch}'s runs, or all. */
    private Map<Long, Map<String, String>> engineVersions(String branch) throws SQLException {
        String sql = "SELECT run, backend, engine_version FROM run_backends WHERE available = 1"
                + (branch == null ? "" : " AND run IN (SELECT id FROM runs WHERE branch = ?)")
                + " ORDER BY run, backend";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (branch != null) {
                select.setString(1, branch);
            }
            return versionsByRun(select);
        }
    }

    private Map<String, String> engineVersions(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT run, backend, engine_version FROM "
                + "run_backends WHERE available = 1 AND run = ? ORDER BY backend")) {
            select.setLong(1, id);
            return versionsByRun(select).getOrDefault(id, Map.of());
        }
    }

    private static Map<Long, Map<String, String>> versionsByRun(PreparedStatement select) throws SQLException {
        Map<Long, Map<String, String>> versions = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                versions.computeIfAbsent(rows.getLong(1), run -> new LinkedHashMap<>())
                        .put(rows.getString(2), rows.getString(3));
            }
        }
        return versions;
    }

    private static StoredRun storedRun(ResultSet rows, Map<String, String> engineVersions) throws SQLException {
        return new StoredRun(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getInt(9),
                engineVersions, rows.getInt(10), rows.getInt(11), rows.getString(12));
    }

    private static Double nullableDouble(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
