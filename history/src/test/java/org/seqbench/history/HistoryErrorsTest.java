package org.seqbench.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every location that cannot hold a history is refused in one line that names it, and nothing is written. */
class HistoryErrorsTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();

    @TempDir
    Path folder;

    private static HistoryException refused(String location) {
        HistoryException error = assertThrows(HistoryException.class, () -> HistoryStore.open(location).close());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        return error;
    }

    @Test
    void anUnreachableServerIsNamed() {
        String url = LocalPostgres.unreachableUrl();
        String port = url.replaceAll(".*:(\\d+)/.*", "$1");
        assertEquals("cannot open the history at " + url + ": Connection to 127.0.0.1:" + port + " refused. Check "
                + "that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
                refused(url).getMessage());
    }

    @Test
    void aPasswordInTheUrlIsNeverShown() {
        String url = LocalPostgres.unreachableUrl().replace("?user=postgres", "?user=postgres&password=s3cret");
        String message = refused(url).getMessage();
        assertFalse(message.contains("s3cret"), message);
        assertTrue(message.startsWith("cannot open the history at " + url.replace("s3cret", "***") + ": "), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://db.example/history", "postgresql://db.example/history",
            "jdbc:h2:mem:history"})
    void anUnsupportedDatabaseIsRefusedWithTheFormsAccepted(String location) {
        assertEquals("unsupported history location '" + location + "'; accepted: a file path (SQLite), "
                + "jdbc:sqlite:FILE, or jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]",
                refused(location).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db.example:port/history", "jdbc:postgresql://db.example:99999/h"})
    void aMalformedPostgresUrlIsRefused(String location) {
        assertEquals("'" + location + "' is not a PostgreSQL JDBC URL; accepted: "
                + "jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]", refused(location).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void noLocationIsRefused(String location) {
        assertEquals("no history location given; accepted: a file path (SQLite), jdbc:sqlite:FILE, or "
                + "jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]", refused(location).getMessage());
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedAndKept() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.txt"), "these are my notes, not a database\n".repeat(40));
        String message = refused(notes.toString()).getMessage();
        assertTrue(message.startsWith(notes + " is not a SQLite database ("), message);
        assertTrue(message.endsWith("); give a history written by seqbench, or a new file"), message);
        assertEquals("these are my notes, not a database\n".repeat(40), Files.readString(notes));
    }

    @Test
    void aFolderIsRefused() throws Exception {
        Path runs = Files.createDirectories(folder.resolve("runs"));
        assertEquals(runs + " is a folder; give a file for the history, such as " + runs.resolve("history.db"),
                refused(runs.toString()).getMessage());
    }

    @Test
    void aFileUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(folder.resolve("plain"), "x");
        String message = refused(file.resolve("history.db").toString()).getMessage();
        assertTrue(message.startsWith("cannot open the history at " + file.resolve("history.db")
                + ": cannot create or lock " + file.resolve("history.db.lock")), message);
    }

    @Test
    void readingAHistoryThatDoesNotExistCreatesNothing() throws Exception {
        Path missing = folder.resolve("runs/history.db");
        HistoryException error = assertThrows(HistoryException.class,
                () -> HistoryStore.openExisting(missing.toString()));
        assertEquals("no seqbench history at " + missing + " (no such file: seqbench history record RUN_DIR --db "
                + missing + " starts one)", error.getMessage());
        try (var left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "no file, no folder, no lock");
        }
    }

    @Test
    void readingAnEmptyPostgresDatabaseCreatesNoTables() throws Exception {
        String url = POSTGRES.newDatabase();
        HistoryException error = assertThrows(HistoryException.class, () -> HistoryStore.openExisting(url));
        assertEquals("no seqbench history at " + url + " (nothing was recorded there yet: seqbench history record "
                + "RUN_DIR --db " + url + " starts one)", error.getMessage());
        try (Connection connection = HistoryLocation.parse(url).dataSource().getConnection();
                var tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            assertFalse(tables.next(), "no table was created");
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aDatabaseOfSomethingElseIsRefusedAndLeftAlone(Databases database) throws Exception {
        String location = database.newLocation(folder, POSTGRES, "other");
        try (Connection connection = HistoryLocation.parse(location).dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE invoices (id INTEGER NOT NULL, total DOUBLE PRECISION)");
        }
        assertEquals(location + " holds other tables but no seqbench history; give a new file or database, or one "
                + "that seqbench history wrote", refused(location).getMessage());
        try (Connection connection = HistoryLocation.parse(location).dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM runs").close(),
                    "no history table was made beside the other tables");
        }
    }
}
