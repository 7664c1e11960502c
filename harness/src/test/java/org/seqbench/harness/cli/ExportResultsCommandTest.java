package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.Json;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/**
 * seqbench export-results: the JSON of each format holds exactly the fields and units its service reads (Bencher
 * Metric Format: latency in ns, throughput in operations per second; github-action-benchmark's customSmallerIsBetter:
 * ms, range and extra as text), one entry per ok cell; and every mistake is one line, status 2, nothing written.
 */
class ExportResultsCommandTest {
    @TempDir
    Path directory;

    /** The recorded run, its cells rewritten to cover each case an export meets. */
    Path run;
    /** Its cells, in record order: see {@link #writeRun}. */
    List<CellResult> cells;

    @BeforeEach
    void writeRun() throws IOException {
        run = RecordedRuns.write(directory, "20261201-100000-quick");
        RunRecord record = RunRecordFiles.read(run);
        List<CellResult> rewritten = new ArrayList<>(record.cells());
        // 0: a headline with an interval across trials, two of six trials disturbed.
        rewritten.set(0, headlined(rewritten.get(0), "mean-of-means", 0.9, 1.1, 1, 2, false));
        // 1: the minimum, which has no interval within a run, on a slow host throughout, its trials in two modes.
        rewritten.set(1, headlined(rewritten.get(1), "minimum", null, null, 2, 6, true));
        // 2: a record without trials: its mean with JMH's interval, as written by RecordedRuns.
        // 3: failed, 4: skipped: not exported.
        CellResult failed = rewritten.get(3);
        rewritten.set(3, new CellResult(failed.cell(), CellResult.Status.FAILED, "the engine crashed", null, null,
                failed.work(), null, null, null, failed.startedAt(), 1, null));
        CellResult skipped = rewritten.get(4);
        rewritten.set(4, CellResult.skipped(skipped.cell(), "no such engine here", skipped.work(),
                skipped.startedAt()));
        RunRecordFiles.write(run, new RunRecord(record.schemaVersion(), record.runId(), record.createdAt(),
                record.completedAt(), record.sweep(), record.environment(), rewritten, record.canary()));
        cells = rewritten;
    }

    /** {@code result} with six trials and a headline at its mean, with the interval [low, high] times it. */
    private static CellResult headlined(CellResult result, String estimator, Double low, Double high, int modes,
            int disturbedTrials, boolean slowHost) {
        double ms = result.latency().mean();
        List<CellResult.Trial> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            trials.add(new CellResult.Trial(i, result.startedAt(), 50, ms, null, ms, ms, ms, null, 0.0, 1.0, 0.0,
                    false, i < disturbedTrials, 1.0));
        }
        CellResult.Headline headline = new CellResult.Headline(estimator, ms, low == null ? null : low * ms,
                high == null ? null : high * ms, 0.95, 6, modes);
        return new CellResult(result.cell(), result.status(), null, result.latency(), result.throughput(),
                result.work(), result.gflops(), result.accuracy(), result.contention(), result.startedAt(),
                result.wallSeconds(), slowHost, trials, headline);
    }

    @Test
    void bencherMetricFormatHasLatencyInNanosecondsAndThroughputPerOkCell() throws IOException {
        Outcome outcome = CliErrorsTest.seqbench("export-results", "--format", "bencher", run.toString());
        assertEquals(0, outcome.status(), outcome.err());
        assertEquals("", outcome.err());
        JsonNode root = Json.mapper().readTree(outcome.out());
        assertTrue(root.isObject(), "a JSON object keyed by benchmark name");
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of(cells.get(0).cell().key(), cells.get(1).cell().key(), cells.get(2).cell().key(),
                cells.get(5).cell().key()), names, "the ok cells, by key, in record order");
        for (String name : names) {
            JsonNode benchmark = root.get(name);
            assertEquals(Set.of("latency", "throughput"), fields(benchmark), name);
            for (String measure : List.of("latency", "throughput")) {
                JsonNode metric = benchmark.get(measure);
                assertTrue(Set.of("value", "lower_value", "upper_value").containsAll(fields(metric)), name);
                assertTrue(metric.get("value").isNumber(), name + " " + measure + " has a number value");
                metric.forEach(value -> assertTrue(value.isNumber(), name + " " + measure));
            }
        }

        CellResult interval = cells.get(0);
        double ms = interval.headlineMs();
        JsonNode latency = root.get(interval.cell().key()).get("latency");
        assertEquals(ms * 1e6, latency.get("value").asDouble(), 0, "nanoseconds, Bencher's latency unit");
        assertEquals(0.9 * ms * 1e6, latency.get("lower_value").asDouble(), 1e-9 * ms * 1e6);
        assertEquals(1.1 * ms * 1e6, latency.get("upper_value").asDouble(), 1e-9 * ms * 1e6);
        JsonNode throughput = root.get(interval.cell().key()).get("throughput");
        int batch = interval.cell().batch();
        assertEquals(batch / (ms / 1000), throughput.get("value").asDouble(), 1e-9 * batch / (ms / 1000),
                "sequences per second at the headline");
        assertEquals(batch / (1.1 * ms / 1000), throughput.get("lower_value").asDouble(), 1e-6);
        assertEquals(batch / (0.9 * ms / 1000), throughput.get("upper_value").asDouble(), 1e-6);

        CellResult minimum = cells.get(1);
        assertEquals(Set.of("value"), fields(root.get(minimum.cell().key()).get("latency")),
                "the minimum has no interval within a run: a value alone");
        assertEquals(minimum.headlineMs() * 1e6, root.get(minimum.cell().key()).get("latency").get("value")
                .asDouble(), 0);

        CellResult old = cells.get(2);
        JsonNode oldLatency = root.get(old.cell().key()).get("latency");
        assertEquals(old.latency().mean() * 1e6, oldLatency.get("value").asDouble(), 0,
                "a cell without trials: its mean");
        assertEquals(old.latency().ciLow() * 1e6, oldLatency.get("lower_value").asDouble(), 1e-6);
        assertEquals(old.latency().ciHigh() * 1e6, oldLatency.get("upper_value").asDouble(), 1e-6);
    }

    @Test
    void githubActionBenchmarkHasOneSmallerIsBetterEntryInMillisecondsPerOkCell() throws IOException {
        Outcome outcome = CliErrorsTest.seqbench("export-results", "--format", "github-action-benchmark",
                run.toString());
        assertEquals(0, outcome.status(), outcome.err());
        JsonNode root = Json.mapper().readTree(outcome.out());
        assertTrue(root.isArray(), "a JSON array of results");
        assertEquals(4, root.size(), "the four ok cells");
        for (JsonNode entry : root) {
            assertTrue(fields(entry).containsAll(Set.of("name", "unit", "value")), entry.toString());
            assertTrue(Set.of("name", "unit", "value", "range", "extra").containsAll(fields(entry)),
                    entry.toString());
            assertTrue(entry.get("name").isTextual() && entry.get("unit").isTextual(), entry.toString());
            assertEquals("ms", entry.get("unit").asText());
            assertTrue(entry.get("value").isNumber(), entry.toString());
            assertTrue(entry.get("extra").isTextual(), "the action shows extra as text: " + entry);
            if (entry.has("range")) {
                assertTrue(entry.get("range").isTextual(), entry.toString());
            }
        }

        JsonNode interval = root.get(0);
        CellResult first = cells.get(0);
        assertEquals(first.cell().key(), interval.get("name").asText());
        assertEquals(first.headlineMs(), interval.get("value").asDouble(), 0);
        assertEquals("± " + Numbers.significant(0.1 * first.headlineMs(), 2),
                interval.get("range").asText(), "half the interval's width");
        assertEquals("headline: mean of trial means of 6 trials\n95% interval across trials: "
                + Numbers.significant(0.9 * first.headlineMs(), 3) + " to "
                + Numbers.significant(1.1 * first.headlineMs(), 3) + " ms\n"
                + "disturbed: no (2 of 6 trials were)", interval.get("extra").asText());

        JsonNode minimum = root.get(1);
        assertFalse(minimum.has("range"), "the minimum has no interval within a run");
        assertEquals("headline: minimum of 6 trials\nmodes: 2 (the trials fall into separate clusters)\n"
                + "disturbed: yes (6 of 6 trials were)", minimum.get("extra").asText());

        JsonNode old = root.get(2);
        assertEquals(cells.get(2).latency().mean(), old.get("value").asDouble(), 0);
        assertTrue(old.get("extra").asText().startsWith("headline: mean of 100 samples (a record without trials)\n"
                + "JMH's interval over samples: "), old.get("extra").asText());
        assertEquals(cells.get(5).cell().key(), root.get(3).get("name").asText());
    }

    @Test
    void outWritesTheFileStdoutWouldShowAndCreatesItsFolder() throws IOException {
        Outcome shown = CliErrorsTest.seqbench("export-results", "--format", "bencher",
                run.resolve("run.json").toString());
        assertEquals(0, shown.status(), shown.err());
        Path file = directory.resolve("exports/bmf.json");
        Outcome written = CliErrorsTest.seqbench("export-results", "--format", "bencher", run.toString(), "--out",
                file.toString());
        assertEquals(0, written.status(), written.err());
        assertEquals("", written.out(), "nothing on stdout when writing a file");
        assertEquals(shown.out(), Files.readString(file));
    }

    @Test
    void everyMistakeIsOneLineAndWritesNothing() throws IOException {
        Path file = directory.resolve("out.json");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("export-results", "--format", "csv", run.toString(),
                "--out", file.toString()), "'csv' is not a format; accepted: bencher, github-action-benchmark");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("export-results", run.toString()),
                "Missing required option: '--format=FORMAT'");
        Path missing = directory.resolve("nowhere");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("export-results", "--format", "bencher",
                missing.toString(), "--out", file.toString()), "no run record at " + missing);
        Path corrupt = Files.createDirectories(directory.resolve("corrupt"));
        Files.writeString(corrupt.resolve("run.json"), "{\"schemaVersion\": 5, \"cells\": [");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("export-results", "--format", "bencher",
                corrupt.toString(), "--out", file.toString()), "is not a valid seqbench run record");
        Path newer = Files.createDirectories(directory.resolve("newer"));
        Files.writeString(newer.resolve("run.json"), "{\"schemaVersion\": 99}");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("export-results", "--format", "github-action-benchmark",
                newer.toString(), "--out", file.toString()), "has schema version 99; this seqbench reads versions 1 to "
                + RunRecord.SCHEMA_VERSION);
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("export-results", "--format", "bencher", run.toString(),
                "--out", directory.toString()), "--out " + directory + " is a directory; give a file");
        assertFalse(Files.exists(file), "nothing is written on bad input");
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
