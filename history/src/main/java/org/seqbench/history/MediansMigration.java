package org.seqbench.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.api.migration.Context;
import org.seqbench.results.CellResult;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.TrendPoint;

/**
 * Schema version 3: each cell's level for trends, the median of its trials' medians with its 95% interval across
 * trials ({@link TrendPoint#ESTIMATOR}), beside the headline (the minimum, which has no interval within a run). A
 * Java migration because the cells already recorded are filled in from their run's stored record: the trials are in
 * its JSON, not in a column. It reads the record as a {@link RunRecord}, which every later seqbench still reads, as
 * it reads every older run.json. New recordings fill the columns through {@link #fill} too.
 */
final class MediansMigration extends SeqbenchMigration {

    MediansMigration() {
        super("3", "cell medians");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            // One column a statement: SQLite's ALTER TABLE adds one at a time.
            for (String column : new String[] {"median_ms", "median_low_ms", "median_high_ms"}) {
                statement.execute("ALTER TABLE cells ADD COLUMN " + column + " DOUBLE PRECISION");
            }
        }
        try (Statement runs = connection.createStatement();
                ResultSet rows = runs.executeQuery("SELECT id, record_json FROM runs ORDER BY id")) {
            while (rows.next()) {
                fill(connection, rows.getLong(1), Json.mapper().readValue(rows.getString(2), RunRecord.class));
            }
        }
    }

    /** Sets the median columns of run {@code id}'s cells, stored in {@code run}'s order, from {@code run}. */
    static void fill(Connection connection, long id, RunRecord run) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE cells SET median_ms = ?, median_low_ms = ?, "
                + "median_high_ms = ? WHERE run = ? AND position = ?")) {
            for (int position = 0; position < run.cells().size(); position++) {
                CellResult result = run.cells().get(position);
                Optional<TrendPoint.Figure> figure = TrendPoint.Figure.of(result);
                if (figure.isEmpty()) {
                    continue;
                }
                update.setDouble(1, figure.get().value());
                setNullable(update, 2, figure.get().low());
                setNullable(update, 3, figure.get().high());
                update.setLong(4, id);
                update.setInt(5, position);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }
}
