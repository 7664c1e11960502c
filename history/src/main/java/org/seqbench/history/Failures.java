package org.seqbench.history;

import java.sql.SQLException;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.util.PSQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What went wrong with a database, in one line that names the history's location: the drivers' and Flyway's words. */
final class Failures {
    private Failures() {
    }

    /** {@code doing} ("cannot open", "cannot record run X in") failed at {@code where} with {@code error}. */
    static HistoryException of(HistoryLocation where, String doing, SQLException error) {
        if (error instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB) {
                return new HistoryException(where + " is not a SQLite database (" + firstLine(error) + "); give a "
                        + "history written by seqbench, or a new file", error);
            }
            if (code == SQLiteErrorCode.SQLITE_CANTOPEN) {
                return new HistoryException(doing + " the history at " + where + ": SQLite cannot open the file "
                        + "(its folder is missing or not writable, or it is a folder)", error);
            }
        }
        return new HistoryException(doing + " the history at " + where + ": " + reason(error), error);
    }

    /** Flyway's failure to inspect or migrate the schema at {@code where}. */
    static HistoryException ofMigration(HistoryLocation where, FlywayException error) {
        if (error.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new HistoryException(where + " holds other tables but no seqbench history; give a new file or "
                    + "database, or one that seqbench history wrote", error);
        }
        SQLException sql = sqlCause(error);
        if (sql != null) {
            return of(where, "cannot open", sql);
        }
        return new HistoryException("cannot bring the history at " + where + " to this seqbench's schema: "
                + firstLine(error), error);
    }

    /** The driver's reason: PostgreSQL's server message without its "Detail"/"Hint" lines, SQLite's code and text. */
    private static String reason(SQLException error) {
        if (error instanceof PSQLException postgres && postgres.getServerErrorMessage() != null) {
            return postgres.getServerErrorMessage().getMessage();
        }
        return firstLine(error);
    }

    private static SQLException sqlCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
