package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.history.HistoryStore;
import org.seqbench.history.LocalPostgres;
import org.seqbench.results.Environment;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/** seqbench history record and list: what they print, and every mistake they refuse in one line with status 2. */
class HistoryCommandTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();

    @TempDir
    Path directory;

    private String db() {
        return directory.resolve("history.db").toString();
    }

    /**
     * {@code seqbench history ARGS}, its stderr together with whatever reached the process's own stderr meanwhile:
     * Flyway and the drivers log there (through SLF4J and java.util.logging), not to the command's stream.
     */
    private static Outcome history(String... args) {
        ByteArrayOutputStream processErr = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        Outcome outcome;
        try {
            System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
            String[] command = new String[args.length + 1];
            command[0] = "history";
            System.arraycopy(args, 0, command, 1, args.length);
            outcome = CliErrorsTest.seqbench(command);
        } finally {
            System.setErr(stderr);
        }
        return new Outcome(outcome.status(), outcome.out(), outcome.err() + processErr.toString(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Outcome outcome, String command, String message) {
        assertEquals(2, outcome.status(), outcome.out() + outcome.err());
        assertEquals("seqbench history " + command + ": " + message + "\n", outcome.err());
        assertEquals("", outcome.out());
    }

    @Test
    void aRunIsRecordedOnceAndListedNewestFirst() throws IOException {
        Path first = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Path second = withStart(RecordedRuns.withTrials(directory, "20261201-110000-quick", 1.1),
                "2026-12-01T11:00:00Z", "ci-7", "1.30.0");
        Outcome recorded = history("record", first.toString(), "--branch", "main", "--commit",
                "35ff7e2c47621a5cd3523afb38", "--db", db());
        assertEquals(0, recorded.status(), recorded.err());
        assertEquals("recorded run 20261201-100000-quick (6 cells) as #1 on branch main\n", recorded.out());
        assertEquals("", recorded.err(), "Flyway's progress stays out of the way");
        Outcome again = history("record", first.resolve("run.json").toString(),
                "--branch", "main", "--db", db());
        assertEquals(0, again.status(), again.err());
        assertEquals("run 20261201-100000-quick is already recorded (#1, branch main): nothing to do\n", again.out());
        assertEquals(0, history("record", second.toString(), "--branch", "feature/x",
                "--db", db()).status());

        Outcome list = history("list", "--db", db());
        assertEquals(0, list.status(), list.err());
        assertEquals("""
                id  run                    started               branch     commit        host  cpu                 \
                ok/cells  engines
                #2  20261201-110000-quick  2026-12-01T11:00:00Z  feature/x  -             ci-7  Test CPU (2 cores)  \
                6/6       onnx 1.30.0
                #1  20261201-100000-quick  2026-11-24T10:00:00Z  main       35ff7e2c4762  box   Test CPU (2 cores)  \
                6/6       onnx 1.29.0
                """, list.out());
        Outcome filtered = history("list", "--machine", "BOX", "--backend-version",
                "onnx=1.29", "--db", db());
        assertEquals(0, filtered.status(), filtered.err());
        assertEquals(List.of("#1"), firstColumn(filtered.out()));
        Outcome limited = history("list", "--limit", "1", "--db", db());
        assertEquals(List.of("#2", "the"), firstColumn(limited.out()));
        assertTrue(limited.out().endsWith("the newest 1 runs; --limit 0 lists all\n"), limited.out());
        assertEquals(List.of("#1"), firstColumn(history("list", "--branch", "main",
                "--db", db()).out()));
    }

    private static List<String> firstColumn(String table) {
        return table.lines().skip(1).map(line -> line.split(" ")[0]).toList();
    }

    /** The run at {@code run} as started at {@code createdAt} on {@code host} with ONNX Runtime {@code onnx}. */
    private static Path withStart(Path run, String createdAt, String host, String onnx) throws IOException {
        RunRecord record = RunRecordFiles.read(run);
        Environment e = record.environment();
        Environment moved = new Environment(e.cpuModel(), e.logicalCores(), e.memoryBytes(), e.os(), e.jvm(), host,
                e.gitCommit(), e.seqbenchVersion(), List.of(new Environment.BackendInfo("onnx", "ONNX Runtime", onnx,
                        "cpu", true, null)), e.threadEnvironment(), e.peaks(), e.fmaPeaks(), e.bandwidths());
        RunRecordFiles.write(run, new RunRecord(record.schemaVersion(), record.runId(), createdAt,
                record.completedAt(), record.sweep(), moved, record.cells(), record.canary()));
        return run;
    }

    @Test
    void listWritesJson() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        history("record", run.toString(), "--branch", "main", "--db", db());
        Outcome outcome = history("list", "--json", "--db", db());
        assertEquals(0, outcome.status(), outcome.err());
        JsonNode json = Json.mapper().readTree(outcome.out());
        assertEquals(HistoryListCommand.SCHEMA_VERSION, json.get("schemaVersion").asInt());
        assertEquals(db(), json.get("db").asText());
        JsonNode stored = json.get("runs").get(0);
        assertEquals(1, stored.get("id").asLong());
        assertEquals("20261201-100000-quick", stored.get("runId").asText());
        assertEquals("main", stored.get("branch").asText());
        assertEquals("1.29.0", stored.get("engineVersions").get("onnx").asText());
        assertEquals(6, stored.get("okCells").asInt());
        assertFalse(stored.has("commit"), "no commit known: none written");
    }

    @Test
    void aResumedRunReplacesItsEarlierRecording() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        RunRecord full = RunRecordFiles.read(run);
        RunRecordFiles.write(run, full.withCells(full.cells().subList(0, 4)));
        history("record", run.toString(), "--branch", "main", "--db", db());
        RunRecordFiles.write(run, full);
        Outcome outcome = history("record", run.toString(), "--branch", "main", "--db",
                db());
        assertEquals(0, outcome.status(), outcome.err());
        assertEquals("recorded run 20261201-100000-quick (6 cells) as #1 on branch main, replacing its earlier "
                + "recording of 4 cells\n", outcome.out());
    }

    @Test
    void recordingIntoPostgresqlAndListingFromIt() throws IOException {
        String url = POSTGRES.newDatabase();
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        Outcome recorded = history("record", run.toString(), "--branch", "main", "--db",
                url);
        assertEquals(0, recorded.status(), recorded.err());
        assertEquals("recorded run 20261201-100000-quick (6 cells) as #1 on branch main\n", recorded.out());
        Outcome list = history("list", "--db", url);
        assertEquals(0, list.status(), list.err());
        assertEquals(List.of("#1"), firstColumn(list.out()));
    }

    @Test
    void historyAloneShowsItsSubcommands() {
        Outcome outcome = history();
        assertEquals(0, outcome.status());
        assertTrue(outcome.out().contains("record") && outcome.out().contains("list"), outcome.out());
    }

    @Test
    void recordRefusesABadRunDirectoryAndWritesNothing() throws IOException {
        Path missing = directory.resolve("no-run");
        assertRefused(history("record", missing.toString(), "--branch", "main", "--db",
                db()), "record", "no run record at " + missing + " (expected a run directory holding run.json, or "
                + "a run.json file)");
        Path corrupt = Files.writeString(directory.resolve("run.json"), "{\"schemaVersion\": 5, \"runId\": ");
        Outcome outcome = history("record", corrupt.toString(), "--branch", "main", "--db",
                db());
        assertEquals(2, outcome.status());
        assertTrue(outcome.err().startsWith("seqbench history record: " + corrupt + " is not a valid seqbench run "
                + "record"), outcome.err());
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(List.of(corrupt), left.toList(), "no history was created");
        }
    }

    @Test
    void recordRefusesABadBranchOrCommit() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        assertRefused(history("record", run.toString(), "--branch", " ", "--db", db()),
                "record", "--branch ' ' is not a branch name; give one such as main or feature/faster-lstm");
        assertRefused(history("record", run.toString(), "--branch", "main", "--commit",
                "HEAD~1", "--db", db()), "record", "--commit 'HEAD~1' is not a commit; give its hash, 4 to 64 "
                + "hexadecimal digits such as 35ff7e2");
        assertFalse(Files.exists(Path.of(db())));
    }

    @Test
    void anUnreachableDatabaseIsOneLine() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        String url = LocalPostgres.unreachableUrl();
        String port = url.replaceAll(".*:(\\d+)/.*", "$1");
        String message = "cannot open the history at " + url + ": Connection to 127.0.0.1:" + port + " refused. "
                + "Check that the hostname and port are correct and that the postmaster is accepting TCP/IP "
                + "connections.";
        assertRefused(history("record", run.toString(), "--branch", "main", "--db", url),
                "record", message);
        assertRefused(history("list", "--db", url), "list", message);
    }

    @Test
    void aMalformedLocationIsOneLine() {
        assertRefused(history("list", "--db", "jdbc:mysql://db/history"), "list",
                "unsupported history location 'jdbc:mysql://db/history'; accepted: a file path (SQLite), "
                        + "jdbc:sqlite:FILE, or jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]");
    }

    @Test
    void aMalformedPostgresUrlIsOneLineWithoutTheDriversWarning() {
        assertRefused(history("list", "--db", "jdbc:postgresql://db.example:99999/history"), "list",
                "'jdbc:postgresql://db.example:99999/history' is not a PostgreSQL JDBC URL; accepted: "
                        + "jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME&password=SECRET]");
    }

    @Test
    void recordRefusesARunWhoseStartIsNoInstant() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        RunRecord record = RunRecordFiles.read(run);
        RunRecordFiles.write(run, new RunRecord(record.schemaVersion(), record.runId(), "yesterday",
                record.completedAt(), record.sweep(), record.environment(), record.cells(), record.canary()));
        assertRefused(history("record", run.toString(), "--branch", "main", "--db", db()), "record", run
                + ": run 20261201-100000-quick has createdAt 'yesterday', not an ISO-8601 instant such as "
                + "2026-12-01T10:00:00Z");
        assertFalse(Files.exists(Path.of(db())), "no history was created");
    }

    @Test
    void listRefusesAHistoryThatIsNotThereAndCreatesNone() throws IOException {
        assertRefused(history("list", "--db", db()), "list", "no seqbench history at "
                + db() + " (no such file: seqbench history record RUN_DIR --db " + db() + " starts one)");
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void listRefusesAnEmptyHistory() throws Exception {
        HistoryStore.open(db()).close();
        assertRefused(history("list", "--db", db()), "list", "no runs recorded in " + db()
                + " (seqbench history record RUN_DIR adds one)");
    }

    @Test
    void listRefusesAnUnknownBranchNamingTheKnownOnes() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        history("record", run.toString(), "--branch", "main", "--db", db());
        assertRefused(history("list", "--branch", "mian", "--db", db()), "list",
                "no runs on branch 'mian' in " + db() + "; recorded branches: main");
    }

    @Test
    void listRefusesFiltersThatMatchNoRun() throws IOException {
        Path run = RecordedRuns.withTrials(directory, "20261201-100000-quick", 1.0);
        history("record", run.toString(), "--branch", "main", "--db", db());
        assertRefused(history("list", "--branch", "main", "--machine", "xeon",
                "--backend-version", "onnx=1.30", "--db", db()), "list", "no runs in " + db() + " match --branch "
                + "main --machine xeon --backend-version onnx=1.30 (of 1 recorded runs)");
    }

    @Test
    void listRefusesAMalformedBackendVersionOrLimit() {
        assertRefused(history("list", "--backend-version", "onnx", "--db", db()), "list",
                "--backend-version 'onnx' is not a backend version; accepted: ID=VERSION, e.g. onnx=1.29.0 or "
                        + "onnx=1.29");
        assertRefused(history("list", "--limit", "-3", "--db", db()), "list",
                "--limit -3 is not a count of runs; give a positive number, or 0 for all");
        assertFalse(Files.exists(Path.of(db())));
    }
}
