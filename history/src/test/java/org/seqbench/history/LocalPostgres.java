package org.seqbench.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away PostgreSQL server for tests: initdb in a fresh temporary folder (trust authentication, superuser
 * {@code postgres}), started on a free port of 127.0.0.1 with its socket in that folder, stopped and deleted after
 * the test class. It starts on the first {@link #newDatabase()}, so a class whose PostgreSQL cases are all filtered
 * out starts nothing. Where no server can be started (no PostgreSQL installed, say) each call aborts its test with
 * the reason, so the test is reported as skipped, saying why, and the other cases of the class still run.
 *
 * <pre>{@code @RegisterExtension static final LocalPostgres POSTGRES = new LocalPostgres();
 * ... String url = POSTGRES.newDatabase();   // jdbc:postgresql://127.0.0.1:PORT/test_1?user=postgres}</pre>
 *
 * <p>PostgreSQL refuses to run as root; under root (CI, containers) every server command runs as the
 * {@code postgres} user through {@code runuser}, and the folder is handed to that user.
 */
public final class LocalPostgres implements AfterAllCallback {
    private static final long COMMAND_SECONDS = 120;

    private Path folder;
    private Path bin;
    private int port;
    private String unavailable;
    private int databases;
    private Thread stopAtExit;

    /** A new, empty database on the server (started on first use) as a JDBC URL with the user in it. */
    public synchronized String newDatabase() {
        start();
        Assumptions.assumeTrue(unavailable == null, () -> "no local PostgreSQL server: " + unavailable);
        String name = "test_" + ++databases;
        try (Connection admin = DriverManager.getConnection(url("postgres")); Statement statement =
                admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("the local PostgreSQL server refused CREATE DATABASE " + name, e);
        }
        return url(name);
    }

    /** The JDBC URL of {@code database} on the server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** A JDBC URL whose port nothing listens on (one just freed): an unreachable server. */
    public static String unreachableUrl() {
        return "jdbc:postgresql://127.0.0.1:" + freePort() + "/history?user=postgres";
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void start() {
        if (folder != null || unavailable != null) {
            return;
        }
        bin = binaries();
        if (bin == null) {
            unavailable = "no initdb under /usr/lib/postgresql/*/bin nor in pg_config --bindir (install Debian's "
                    + "postgresql package)";
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            folder = Files.createTempDirectory("seqbench-postgres-");
            if (root) {
                UserPrincipal postgres;
                try {
                    postgres = folder.getFileSystem().getUserPrincipalLookupService()
                            .lookupPrincipalByName("postgres");
                } catch (IOException e) {
                    unavailable = "running as root, and there is no postgres user to run the server as";
                    deleteFolder();
                    return;
                }
                Files.setOwner(folder, postgres);
            }
            port = freePort();
            Path data = folder.resolve("data");
            String initdb = run(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"));
            if (initdb != null) {
                unavailable = "initdb failed: " + initdb;
                deleteFolder();
                return;
            }
            String started = run(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    folder.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + folder
                            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                            + " -c full_page_writes=off", "start"));
            if (started != null) {
                unavailable = "pg_ctl start failed: " + started + " " + tail(folder.resolve("server.log"));
                deleteFolder();
                return;
            }
            stopAtExit = new Thread(this::stop, "stop local PostgreSQL");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        } catch (IOException e) {
            unavailable = "cannot prepare its folder: " + e.getMessage();
            deleteFolder();
        }
    }

    private synchronized void stop() {
        if (folder == null) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            run(root, List.of(bin.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-m", "fast",
                    "-w", "stop"));
        } catch (IOException e) {
            // The folder goes anyway; a server without its data folder stops by itself.
        }
        if (stopAtExit != null && Thread.currentThread() != stopAtExit) {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        }
        deleteFolder();
    }

    /** Runs {@code command} (as postgres when root) in the server's folder; null on success, else its output. */
    private String run(boolean root, List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("seqbench-postgres-", ".log");
        try {
            Process process = new ProcessBuilder(full).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", full) + " did not finish in " + COMMAND_SECONDS + " s";
            }
            return process.exitValue() == 0 ? null : String.join(" ", full) + " exited with " + process.exitValue()
                    + ": " + tail(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return String.join(" ", full) + " was interrupted";
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** The newest installed PostgreSQL's binaries: Debian's versioned folders, else {@code pg_config --bindir}. */
    private static Path binaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(LocalPostgres::major)).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                // Fall through to pg_config.
            }
        }
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
                    && Files.isExecutable(Path.of(output, "initdb"))) {
                return Path.of(output);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static int major(Path version) {
        try {
            return Integer.parseInt(version.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteFolder() {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary folder left behind is no test's failure.
        }
        folder = null;
    }
}
