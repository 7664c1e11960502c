package org.seqbench.history;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where a history lives, as the user named it: a file path or a {@code jdbc:sqlite:} URL (SQLite), or a
 * {@code jdbc:postgresql:} URL (PostgreSQL).
 *
 * @param url the JDBC URL to connect to (a path made absolute)
 * @param file the SQLite database file; null for PostgreSQL and for SQLite's in-memory databases
 * @param shown the location for messages, a password in it masked
 */
record HistoryLocation(Vendor vendor, String url, Path file, String shown) {
    /** The databases a history can live in. */
    enum Vendor {
        SQLITE, POSTGRESQL
    }

    /** The forms a location takes, for messages. */
    static final String ACCEPTED = "a file path (SQLite), jdbc:sqlite:FILE, or "
            + "jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]";

    /**
     * How long a SQLite writer waits for another process's write to finish before it gives up: recording a run takes
     * milliseconds, so this only runs out when another process holds the file for good.
     */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    /**
     * PostgreSQL's driver logs through java.util.logging, onto stderr, what it also throws (a malformed port, a
     * refused connection): every failure reaches the user once, as the store's own one-line message. Held here
     * because java.util.logging keeps only weak references to its loggers, and a collected one loses its level.
     */
    private static final Logger POSTGRES_DRIVER_LOG = Logger.getLogger("org.postgresql");

    static {
        POSTGRES_DRIVER_LOG.setLevel(Level.OFF);
    }

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern OTHER_URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /** @throws HistoryException naming {@code location} when it is none of the accepted forms */
    static HistoryLocation parse(String location) throws HistoryException {
        if (location == null || location.isBlank()) {
            throw new HistoryException("no history location given; accepted: " + ACCEPTED);
        }
        String shown = PASSWORD.matcher(location).replaceAll("$1***");
        if (location.startsWith("jdbc:sqlite:")) {
            return new HistoryLocation(Vendor.SQLITE, location, sqliteFile(location, shown), shown);
        }
        if (location.startsWith("jdbc:postgresql:")) {
            if (org.postgresql.Driver.parseURL(location, null) == null) {
                throw new HistoryException("'" + shown + "' is not a PostgreSQL JDBC URL; accepted: "
                        + "jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]");
            }
            return new HistoryLocation(Vendor.POSTGRESQL, location, null, shown);
        }
        if (location.startsWith("jdbc:") || OTHER_URL.matcher(location).matches()) {
            throw new HistoryException("unsupported history location '" + shown + "'; accepted: " + ACCEPTED);
        }
        try {
            Path file = Path.of(location).toAbsolutePath().normalize();
            return new HistoryLocation(Vendor.SQLITE, "jdbc:sqlite:" + file, file, shown);
        } catch (InvalidPathException e) {
            throw new HistoryException("'" + shown + "' is not a file path (" + e.getReason() + "); accepted: "
                    + ACCEPTED);
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL: what follows the prefix, without {@code file:} and the query. */
    private static Path sqliteFile(String url, String shown) throws HistoryException {
        String name = url.substring("jdbc:sqlite:".length());
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        int query = name.indexOf('?');
        name = query >= 0 ? name.substring(0, query) : name;
        if (name.isEmpty() || name.equals(":memory:") || name.contains("mode=memory")) {
            return null;
        }
        try {
            return Path.of(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new HistoryException("'" + shown + "' names no file (" + e.getReason() + "); accepted: " + ACCEPTED);
        }
    }

    /** Whether there is a database here already: for SQLite its file; a PostgreSQL database is asked, not looked at. */
    boolean mayExist() {
        return file == null || Files.exists(file);
    }

    /**
     * The connections' source. SQLite's are set up for several processes at once: WAL (readers never wait for the
     * writer), a busy timeout (a writer waits for another's transaction instead of failing), and transactions that
     * take the write lock when they begin, so that two recordings never both read and then both try to write.
     */
    DataSource dataSource() {
        return switch (vendor) {
            case SQLITE -> {
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                config.enforceForeignKeys(true);
                SQLiteDataSource source = new SQLiteDataSource(config);
                source.setUrl(url);
                yield source;
            }
            case POSTGRESQL -> {
                PGSimpleDataSource source = new PGSimpleDataSource();
                source.setURL(url);
                yield source;
            }
        };
    }

    /** A sibling of the SQLite file that processes lock while they create or migrate the database. */
    Path lockFile() {
        return file == null ? null : file.resolveSibling(file.getFileName() + ".lock");
    }

    @Override
    public String toString() {
        return shown;
    }
}
