package org.seqbench.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.TrendPoint;

/**
 * A history written by an older seqbench opens in this one, every run reading as it was recorded; one written by a
 * newer seqbench is refused.
 */
class MigrationTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aVersionOneHistoryOpensWithItsRunsAndGainsTheirBackends(Databases database) throws Exception {
        String location = database.newLocation(folder, POSTGRES, "v1");
        DataSource source = HistoryLocation.parse(location).dataSource();
        Schema.flyway(source, MigrationVersion.fromVersion("1")).migrate();
        RunRecord first = HistoryRuns.run(1);
        RunRecord second = HistoryRuns.run(2, "ci-runner-7", "1.30.0");
        try (Connection connection = source.getConnection()) {
            recordAsVersionOne(connection, 1, first, "main");
            recordAsVersionOne(connection, 2, second, "main");
        }

        try (HistoryStore store = HistoryStore.openExisting(location)) {
            List<StoredRun> runs = store.list(RunQuery.all());
            assertEquals(List.of(2L, 1L), runs.stream().map(StoredRun::id).toList());
            assertEquals(Map.of("onnx", "1.30.0"), runs.get(0).engineVersions(), "filled in from the stored JSON");
            assertEquals(Map.of("onnx", "1.29.0"), runs.get(1).engineVersions());
            assertEquals(List.of(1L), store.list(new RunQuery(null, null, "onnx=1.29", 0)).stream()
                    .map(StoredRun::id).toList());
            assertEquals(List.of(second, first), store.lastRuns("main", 2));
            CellTrend lstm = store.trends(RunQuery.all(), cell -> true).getFirst();
            assertEquals(Map.of("optimization", "disabled", "spinning", "enabled"),
                    lstm.points().getFirst().settings());
            TrendPoint.Figure median = TrendPoint.Figure.of(first.cells().getFirst()).orElseThrow();
            assertEquals(median.value(), lstm.points().getFirst().value(), 1e-12, "filled in from the stored JSON");
            assertEquals(median.low(), lstm.points().getFirst().low());
            assertEquals(median.high(), lstm.points().getFirst().high());

            Recorded third = store.record(HistoryRuns.run(3), "main", null);
            assertEquals(3, third.run().id(), "ids go on from the old rows");
            assertEquals(Map.of("onnx", "1.29.0"), third.run().engineVersions());
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aHistoryWithANewerSchemaIsRefusedInOneLine(Databases database) throws Exception {
        String location = database.newLocation(folder, POSTGRES, "newer");
        try (HistoryStore store = HistoryStore.open(location)) {
            store.record(HistoryRuns.run(1), "main", null);
        }
        Flyway.configure().dataSource(HistoryLocation.parse(location).dataSource()).locations("classpath:db/history")
                .javaMigrations(new BackendsMigration(), new MediansMigration(), new ALaterSeqbenchsMigration()).table(Schema.HISTORY_TABLE)
                .load().migrate();
        for (boolean existing : new boolean[] {false, true}) {
            HistoryException error = assertThrows(HistoryException.class, () -> {
                try (HistoryStore store = existing ? HistoryStore.openExisting(location)
                        : HistoryStore.open(location)) {
                    store.list(RunQuery.all());
                }
            });
            assertEquals("the history at " + location + " was written by a newer seqbench (schema version 4; this "
                    + "seqbench knows versions 1 to 3): use that seqbench or a later one", error.getMessage());
        }
    }

    /** What a later seqbench might add: a table of its own. */
    private static final class ALaterSeqbenchsMigration extends SeqbenchMigration {
        ALaterSeqbenchsMigration() {
            super("4", "annotations");
        }

        @Override
        public void migrate(Context context) throws SQLException {
            try (var statement = context.getConnection().createStatement()) {
                statement.execute("CREATE TABLE annotations (run BIGINT NOT NULL, note TEXT NOT NULL)");
            }
        }
    }

    /** The rows seqbench wrote at schema version 1, with that version's SQL (kept here as it was, not reused). */
    private static void recordAsVersionOne(Connection connection, long id, RunRecord run, String branch)
            throws SQLException {
        try (PreparedStatement counter = connection.prepareStatement(
                "UPDATE id_counters SET last_value = ? WHERE name = 'runs'")) {
            counter.setLong(1, id);
            counter.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (id, run_id, created_at, "
                + "created_epoch_ms, completed_at, branch, commit_sha, hostname, cpu_model, logical_cores, cell_count, "
                + "ok_cells, recorded_at, record_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, run.runId());
            insert.setString(3, run.createdAt());
            insert.setLong(4, Instant.parse(run.createdAt()).toEpochMilli());
            insert.setString(5, run.completedAt());
            insert.setString(6, branch);
            insert.setString(7, run.environment().gitCommit());
            insert.setString(8, run.environment().hostname());
            insert.setString(9, run.environment().cpuModel());
            insert.setInt(10, run.environment().logicalCores());
            insert.setInt(11, run.cells().size());
            insert.setInt(12, (int) run.count(CellResult.Status.OK));
            insert.setString(13, "2026-12-02T08:00:00Z");
            insert.setString(14, RunJson.write(run));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cells (run, position, cell_key, "
                + "backend, variant, device, precision, kind, seq_len, batch, hidden_size, layers, threads, "
                + "input_size, heads, ffn_size, output_size, bidirectional, status, headline_ms, headline_low_ms, "
                + "headline_high_ms, p50_ms, trials, disturbed) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int position = 0; position < run.cells().size(); position++) {
                CellResult result = run.cells().get(position);
                Cell cell = result.cell();
                Object[] values = {id, position, cell.key(), cell.backend(), cell.variant(), cell.device(),
                        cell.precision(), cell.kind().id(), cell.seqLen(), cell.batch(), cell.hiddenSize(),
                        cell.layers(), cell.threads(), cell.inputSize(), cell.heads(), cell.ffnSize(),
                        cell.outputSize(), cell.bidirectional() ? 1 : 0, result.status().id(),
                        result.ok() ? result.headlineMs() : null,
                        result.headline() == null ? null : result.headline().low(),
                        result.headline() == null ? null : result.headline().high(),
                        result.latency() == null ? null : result.latency().p50(),
                        result.headline() == null ? 0 : result.headline().trials(), result.disturbed() ? 1 : 0};
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null) {
                        insert.setNull(i + 1, java.sql.Types.DOUBLE);
                    } else {
                        insert.setObject(i + 1, values[i]);
                    }
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
