package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.history.LocalPostgres;
import org.seqbench.results.Json;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.Headlines;
import org.seqbench.results.report.HistoryHtml;

/**
 * history trend and history changes over a real history (SQLite, and PostgreSQL where a server starts) holding seven
 * runs whose cells all step to twice their latency at the fifth: the change is found there, and nowhere else.
 */
class HistoryTrendCommandTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();

    /** Each run's latency against the first: four at one level, three at twice it, each with a little noise. */
    static final double[] LEVELS = {1.00, 1.02, 0.99, 1.01, 2.00, 2.03, 1.98};

    @TempDir
    Path directory;

    private String db() {
        return directory.resolve("history.db").toString();
    }

    /** Run {@code i} of {@link #LEVELS}, started i minutes after the first. */
    static Path run(Path parent, int i) throws IOException {
        Path run = RecordedRuns.withTrials(parent, "2026112410" + String.format("%02d", i) + "-quick", LEVELS[i]);
        RunRecord record = RunRecordFiles.read(run);
        // With its headline, as the harness writes a cell: the trend's figure.
        List<CellResult> cells = record.cells().stream()
                .map(cell -> new CellResult(cell.cell(), cell.status(), cell.reason(), cell.latency(),
                        cell.throughput(), cell.work(), cell.gflops(), cell.accuracy(), cell.contention(),
                        cell.startedAt(), cell.wallSeconds(), cell.slowHost(), cell.trials(),
                        Headlines.of(cell.trials())))
                .toList();
        RunRecordFiles.write(run, new RunRecord(record.schemaVersion(), record.runId(),
                "2026-11-24T10:" + String.format("%02d", i) + ":00Z", record.completedAt(), record.sweep(),
                record.environment(), cells, record.canary()));
        return run;
    }

    /** Records the seven runs on main and returns their ids, oldest first. */
    static List<String> recordSeven(Path parent, String db) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LEVELS.length; i++) {
            Path run = run(parent, i);
            Outcome recorded = CliErrorsTest.seqbench("history", "record", run.toString(), "--branch", "main",
                    "--commit", "abcdef0" + i, "--db", db);
            assertEquals(0, recorded.status(), recorded.err());
            ids.add(run.getFileName().toString());
        }
        return ids;
    }

    @Test
    void changesNamesTheRunWhereEveryCellSteppedAndItsSize() throws IOException {
        List<String> ids = recordSeven(directory, db());
        Outcome changes = CliErrorsTest.seqbench("history", "changes", "--db", db());
        assertEquals(0, changes.status(), changes.err());
        List<String> lines = changes.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("6 changes in 6 of 6 cells over the runs of every run in " + db()
                + " (p below 0.001, a move of more than 5.0%, at least 3 runs a level)"), lines.getFirst());
        assertEquals(1 + 1 + 6, lines.size(), changes.out());
        for (String row : lines.subList(2, lines.size())) {
            assertTrue(row.contains(ids.get(4)) && row.contains("abcdef04") && row.contains("2026-11-24"), row);
            assertTrue(row.contains(" 1.99x ") || row.contains(" 2x ") || row.contains(" 2.00x "), row);
        }

        Outcome json = CliErrorsTest.seqbench("history", "changes", "kind=lstm", "--json", "--db", db());
        assertEquals(0, json.status(), json.err());
        JsonNode root = Json.mapper().readTree(json.out());
        assertEquals(HistoryChangesCommand.SCHEMA_VERSION, root.get("schemaVersion").asInt());
        assertEquals(3, root.get("cells").asInt());
        assertEquals(3, root.get("changes").size());
        JsonNode first = root.get("changes").get(0);
        assertEquals(ids.get(4), first.get("run").asText());
        assertEquals(2.0, first.get("ratio").asDouble(), 0.05);
        assertTrue(first.get("pValue").asDouble() < 0.001);
    }

    @Test
    void aStepSmallerThanMinChangeOrRunsTooFewForALevelShowNoChange() throws IOException {
        recordSeven(directory, db());
        Outcome strict = CliErrorsTest.seqbench("history", "changes", "--min-change", "150%", "--db", db());
        assertEquals(0, strict.status(), strict.err());
        assertEquals("No change in 6 cells over the runs of every run in " + db()
                + " (p below 0.001, a move of more than 150%, at least 3 runs a level)\n", strict.out());
        Outcome longLevels = CliErrorsTest.seqbench("history", "changes", "--min-runs", "4", "--db", db());
        assertTrue(longLevels.out().startsWith("No change in 6 cells"), longLevels.out());
        Outcome newest = CliErrorsTest.seqbench("history", "changes", "--limit", "5", "--db", db());
        assertTrue(newest.out().startsWith("No change in 6 cells"), "the newest 5 runs: 2 at the old level, "
                + "3 at the new, and a level holds at least 3: " + newest.out());
    }

    @Test
    void trendTabulatesEachCellsRunsMarksTheChangeAndWritesTheChart() throws IOException {
        List<String> ids = recordSeven(directory, db());
        Path out = directory.resolve("pages");
        Outcome trend = CliErrorsTest.seqbench("history", "trend", "kind=lstm,seq=64", "--out", out.toString(),
                "--db", db());
        assertEquals(0, trend.status(), trend.err());
        List<String> lines = trend.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("1 cell over the runs of every run in " + db() + "; 1 change in 1 of 1 cell"),
                lines.getFirst());
        assertEquals("onnx[fused-op] lstm T=64 B=1 H=128 L=1 threads=1  (onnx/fused-op/lstm/T64/B1/H128/L1/t1/fp32/cpu)",
                lines.get(2));
        assertTrue(lines.get(3).startsWith("run "), lines.get(3));
        List<String> rows = lines.subList(4, 4 + LEVELS.length);
        for (int i = 0; i < LEVELS.length; i++) {
            assertTrue(rows.get(i).matches(ids.get(i) + " +2026-11-24 10:0" + i + " +main +abcdef0" + i + " .*"),
                    rows.get(i));
        }
        assertTrue(rows.get(4).contains("level 1.99x from here (p ") || rows.get(4).contains("level 2x from here"),
                rows.get(4));
        assertEquals(1, rows.stream().filter(row -> row.contains("from here")).count(), String.join("\n", rows));
        assertEquals("wrote " + out.resolve(HistoryHtml.FILE_NAME), lines.getLast());
        String page = Files.readString(out.resolve(HistoryHtml.FILE_NAME));
        for (String id : ids) {
            assertTrue(page.contains(id), id);
        }

        Outcome beside = CliErrorsTest.seqbench("history", "trend", "onnx/*/transformer/*", "--db", db());
        assertEquals(0, beside.status(), beside.err());
        assertTrue(Files.exists(directory.resolve(HistoryHtml.FILE_NAME)), "by default beside the database file");
        assertTrue(beside.out().startsWith("3 cells over"), beside.out());
    }

    @Test
    void theSameHistoryOnPostgresqlGivesTheSameAnswers() throws IOException {
        String url = POSTGRES.newDatabase();
        recordSeven(directory, url);
        recordSeven(directory.resolve("again"), db());
        Outcome onServer = CliErrorsTest.seqbench("history", "changes", "--json", "--db", url);
        Outcome onFile = CliErrorsTest.seqbench("history", "changes", "--json", "--db", db());
        assertEquals(0, onServer.status(), onServer.err());
        JsonNode server = Json.mapper().readTree(onServer.out());
        JsonNode file = Json.mapper().readTree(onFile.out());
        assertEquals(file.get("changes").size(), server.get("changes").size());
        for (int i = 0; i < file.get("changes").size(); i++) {
            assertEquals(file.get("changes").get(i).get("cell"), server.get("changes").get(i).get("cell"));
            assertEquals(file.get("changes").get(i).get("run"), server.get("changes").get(i).get("run"));
            assertEquals(file.get("changes").get(i).get("pValue").asDouble(),
                    server.get("changes").get(i).get("pValue").asDouble(), 1e-12);
        }
        Outcome trend = CliErrorsTest.seqbench("history", "trend", "kind=gru", "--db", url);
        CliErrorsTest.assertBadInput(trend, "no cell measured ok in the runs of every run matches 'kind=gru'");
    }

    @Test
    void everyMistakeIsOneLineWithStatusTwo() throws IOException {
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "trend", "--db", db()), db());
        recordSeven(directory, db());
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--branch", "nope", "--db", db()),
                "no runs on branch 'nope' in " + db() + "; recorded branches: main");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "trend", "colour=red", "--db", db()),
                "cell filter 'colour=red': unknown field 'colour'; accepted: backend, variant, kind, seq");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "trend", "seq=", "--db", db()),
                "'seq=' has no value");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "trend", "backend=cuda", "--db", db()),
                "no cell measured ok in the runs of every run matches 'backend=cuda'");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--machine", "epyc", "--db", db()),
                "match --machine epyc (of 7 recorded runs)");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--backend-version", "onnx",
                "--db", db()), "'onnx' is not a backend version; accepted: ID=VERSION");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--max-p", "2", "--db", db()),
                "maximum p-value 2.0 is not accepted: it must lie strictly between 0 and 1");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--min-runs", "1", "--db", db()),
                "minimum segment 1 is not accepted: it must be at least 2 points");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--min-change", "lots",
                "--db", db()), "'lots' is not a share");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--limit", "-1", "--db", db()),
                "--limit -1 is not a count of runs");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--markdown",
                directory.toString(), "--db", db()), "is a directory; give a file name");
        Path file = Files.writeString(directory.resolve("a-file"), "x");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "trend", "--out", file.toString(),
                "--db", db()), "--out " + file + " is a file");
        String unreachable = LocalPostgres.unreachableUrl();
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("history", "changes", "--db", unreachable),
                "cannot open the history at " + unreachable + ": Connection to");
    }

    @Test
    void changesWritesMarkdownForAPullRequest() throws IOException {
        List<String> ids = recordSeven(directory, db());
        Path markdown = directory.resolve("notes/changes.md");
        Outcome changes = CliErrorsTest.seqbench("history", "changes", "kind=transformer", "--markdown",
                markdown.toString(), "--db", db());
        assertEquals(0, changes.status(), changes.err());
        assertTrue(changes.out().endsWith("wrote " + markdown + "\n"), changes.out());
        String text = Files.readString(markdown);
        assertTrue(text.startsWith("# seqbench history: changes in kind=transformer\n\n3 changes in 3 of 3 cells"),
                text);
        assertEquals(3, text.lines().filter(line -> line.startsWith("| onnx") && line.contains(ids.get(4))).count(),
                text);
    }
}
