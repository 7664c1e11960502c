package org.seqbench.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.util.PSQLState;
import org.seqbench.results.Cell;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.CellTrend;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The results database: run records stored losslessly (their run.json text) with the columns that lists and trends
 * filter on, in a SQLite file or a PostgreSQL database. Several processes may record into one history at once, on
 * either database. One store is one connection; use it from one thread at a time.
 */
public final class HistoryStore implements AutoCloseable {
    private final HistoryLocation where;
    private final Connection connection;
    private final RunReader reader;

    private HistoryStore(HistoryLocation where, Connection connection) {
        this.where = where;
        this.connection = connection;
        this.reader = new RunReader(connection);
    }

    /**
     * Opens the history at {@code location}, creating it if there is none, and migrates it to the newest schema.
     *
     * @param location a file path (SQLite; its folders are created) or a JDBC URL ({@code jdbc:sqlite:FILE},
     *     {@code jdbc:postgresql://HOST[:PORT]/DATABASE})
     * @throws HistoryException in one line naming the location: no such form, an unreachable server, a file that is
     *     no database, a database with other tables, or a schema newer than this seqbench knows
     */
    public static HistoryStore open(String location) throws HistoryException {
        return open(HistoryLocation.parse(location), false);
    }

    /**
     * {@link #open}, for reading: a history that does not exist yet is refused rather than created (no file is
     * made, no table created). An existing one is still migrated to the newest schema.
     */
    public static HistoryStore openExisting(String location) throws HistoryException {
        HistoryLocation where = HistoryLocation.parse(location);
        if (!where.mayExist()) {
            throw new HistoryException("no seqbench history at " + where + " (no such file: seqbench history record "
                    + "RUN_DIR --db " + where + " starts one)");
        }
        return open(where, true);
    }

    private static HistoryStore open(HistoryLocation where, boolean mustExist) throws HistoryException {
        try (MigrationLock lock = MigrationLock.take(where)) {
            DataSource source = where.dataSource();
            Connection connection;
            try {
                connection = source.getConnection();
            } catch (SQLException e) {
                throw Failures.of(where, "cannot open", e);
            }
            try {
                Schema.migrate(source, where, mustExist);
                return new HistoryStore(where, connection);
            } catch (HistoryException | RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
        }
    }

    /**
     * Records {@code run} under {@code branch}. The same run (same run id, start and host) recorded again with the
     * same content changes nothing ({@link Recorded#added()} false); with other content (a run resumed after it was
     * recorded) the new content replaces the old under the same id, and {@link Recorded#replaced()} is the old.
     *
     * @param commit the commit to record it under; null for the run's own ({@code environment.gitCommit})
     * @throws IllegalArgumentException for a blank branch or a run whose start is no ISO-8601 instant
     */
    public Recorded record(RunRecord run, String branch, String commit) throws HistoryException {
        if (branch == null || branch.isBlank()) {
            throw new IllegalArgumentException("a run is recorded under a branch; got '" + branch + "'");
        }
        checkRecordable(run);
        String recordedCommit = commit != null ? commit : run.environment().gitCommit();
        String doing = "cannot record run " + run.runId() + " in";
        try {
            connection.setAutoCommit(false);
            try {
                Recorded recorded = record(new RunWriter(connection), run, branch, recordedCommit);
                if (recorded.added()) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return recorded;
            } catch (SQLException e) {
                connection.rollback();
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                // Another process recorded the same run between our look and our insert: it is there now.
                Optional<StoredRun> there = reader.find(run.runId(), run.createdAt(), run.environment().hostname());
                if (there.isEmpty()) {
                    throw e;
                }
                return new Recorded(false, there.get());
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Failures.of(where, doing, e);
        }
    }

    private Recorded record(RunWriter writer, RunRecord run, String branch, String commit)
            throws SQLException, HistoryException {
        long id = writer.nextId();
        String now = Instant.now().toString();
        Optional<StoredRun> earlier = reader.find(run.runId(), run.createdAt(), run.environment().hostname());
        if (earlier.isEmpty()) {
            writer.insert(id, run, branch, commit, now);
            return new Recorded(true, reader.find(run.runId(), run.createdAt(), run.environment().hostname())
                    .orElseThrow());
        }
        long earlierId = earlier.get().id();
        if (RunJson.read(reader.recordJson(earlierId), earlierId, where).equals(run)) {
            return new Recorded(false, earlier.get());
        }
        writer.replace(earlierId, run, branch, commit, now);
        return new Recorded(true, reader.find(run.runId(), run.createdAt(), run.environment().hostname())
                .orElseThrow(), earlier.get());
    }

    /**
     * Refuses, before any history is opened, a run that {@link #record} would refuse.
     *
     * @throws IllegalArgumentException naming the run when its start is no ISO-8601 instant (the history orders
     *     runs by it)
     */
    public static void checkRecordable(RunRecord run) {
        RunWriter.epochMillis(run);
    }

    private static boolean isUniqueViolation(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        }
        return PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState());
    }

    /** The runs {@code query} matches, newest first (by start). */
    public List<StoredRun> list(RunQuery query) throws HistoryException {
        try {
            return reader.runs(query);
        } catch (SQLException e) {
            throw Failures.of(where, "cannot read", e);
        }
    }

    /**
     * The newest {@code n} runs of {@code branch} (null: of any branch), newest first, as they were recorded: equal
     * to the records given to {@link #record}, every trial included.
     */
    public List<RunRecord> lastRuns(String branch, int n) throws HistoryException {
        if (n <= 0) {
            throw new IllegalArgumentException("the last " + n + " runs; accepted: a positive count");
        }
        List<RunRecord> records = new ArrayList<>();
        try {
            for (StoredRun run : reader.runs(new RunQuery(branch, null, null, n))) {
                records.add(RunJson.read(reader.recordJson(run.id()), run.id(), where));
            }
        } catch (SQLException e) {
            throw Failures.of(where, "cannot read", e);
        }
        return records;
    }

    /**
     * The trend of every cell of the runs {@code query} matches whose coordinates pass {@code cells}: one per cell
     * key, in the order of the newest run (keys it lacks after, as the next newest run orders them), its points
     * oldest first, one per run that measured the cell ok. A cell measured in none of them has a trend without
     * points.
     */
    public List<CellTrend> trends(RunQuery query, Predicate<Cell> cells) throws HistoryException {
        try {
            return Trends.of(reader, reader.runs(query), cells);
        } catch (SQLException e) {
            throw Failures.of(where, "cannot read", e);
        }
    }

    /** Every branch that has a recorded run, in order. */
    public SortedSet<String> branches() throws HistoryException {
        try {
            return reader.branches();
        } catch (SQLException e) {
            throw Failures.of(where, "cannot read", e);
        }
    }

    /** The SQLite file the history is in; empty for a database server. */
    public java.util.Optional<java.nio.file.Path> file() {
        return java.util.Optional.ofNullable(where.file());
    }

    /** The location as messages name it (a password in a URL masked). */
    public String location() {
        return where.shown();
    }

    @Override
    public void close() throws HistoryException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw Failures.of(where, "cannot close", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The store was never handed out; the failure that brought us here is the one to report.
        }
    }
}
