package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;


class RunRecordFilesTest {
    @TempDir
    Path directory;

    @Test
    void roundTripsEveryFieldWithLowerCaseIdsAndNoNulls() throws IOException {
        RunRecord record = Fixtures.record();
        RunRecordFiles.write(directory, record);
        String json = Files.readString(directory.resolve("run.json"));
        assertTrue(json.contains("\"kind\" : \"transformer\""), json);
        assertTrue(json.contains("\"hiddenSize\" : 128"), json);
        assertTrue(json.contains("\"status\" : \"skipped\""), json);
        assertTrue(!json.contains("null"), "nulls are left out");
        assertEquals(record, RunRecordFiles.read(directory));
        assertEquals(record, RunRecordFiles.read(directory.resolve("run.json")));
    }

    @Test
    void theCanaryRoundTripsAndGrowsByOneVisitAtATimeKeptThroughUpdates() throws IOException {
        RunRecord record = Fixtures.record();
        CanarySample later = new CanarySample("2026-11-24T10:05:00Z", 30.2, 30.9, 5, null, null);
        RunRecord grown = record.withCanary(later);
        assertEquals(3, grown.canary().size());
        assertEquals(later, grown.canary().getLast());
        RunRecordFiles.write(directory, grown);
        RunRecord read = RunRecordFiles.read(directory);
        assertEquals(grown, read);
        assertTrue(Files.readString(directory.resolve("run.json")).contains("\"bestMs\" : 30.2"));
        CellResult first = read.cells().getFirst();
        RunRecord updated = read.with(first.withSlowHost(true)).completed("2026-11-24T10:06:00Z");
        assertEquals(grown.canary(), updated.canary(), "cells and completion keep the canary");
        assertTrue(updated.cells().getFirst().slowHost() && updated.cells().getFirst().disturbed());
        CanarySample.Range range = CanarySample.range(updated.canary()).orElseThrow();
        assertEquals(30.2, range.fastest().bestMs());
        assertEquals(36.0, range.slowest().bestMs());
        assertEquals(36.0 / 30.2, range.ratio(), 1e-12);
        assertTrue(CanarySample.range(List.of()).isEmpty());
    }

    @Test
    void theShardsOfAMergedRunRoundTripAndAreKeptThroughUpdatesWhileAWholeRunWritesNone() throws IOException {
        RunRecord whole = Fixtures.record();
        RunRecordFiles.write(directory, whole);
        assertTrue(!Files.readString(directory.resolve("run.json")).contains("mergedFrom"),
                "a run measured as one writes no shards");
        List<RunRecord.MergedShard> shards = List.of(
                new RunRecord.MergedShard("a", new SweepSpec.Shard(1, 2), "2026-11-24T10:00:00Z",
                        "2026-11-24T10:03:00Z", "box", whole.canary().subList(0, 1)),
                new RunRecord.MergedShard("b", new SweepSpec.Shard(2, 2), "2026-11-24T10:01:00Z", null, "other-box",
                        whole.canary().subList(1, 2)));
        RunRecord merged = new RunRecord(whole.schemaVersion(), "merged", whole.createdAt(), whole.completedAt(),
                whole.sweep(), whole.environment(), whole.cells(), whole.canary(), shards);
        RunRecordFiles.write(directory, merged);
        assertEquals(merged, RunRecordFiles.read(directory));
        RunRecord updated = merged.with(merged.cells().getFirst().withSlowHost(true)).withCells(merged.cells())
                .withCanary(whole.canary().getFirst()).completed("2026-11-24T10:06:00Z").inCurrentSchema()
                .withEnvironment(whole.environment());
        assertEquals(shards, updated.mergedFrom(), "every update keeps the shards");
    }

    @Test
    void withReplacesACellInPlace() {
        RunRecord record = Fixtures.record();
        Cell first = record.cells().getFirst().cell();
        RunRecord updated = record.with(Fixtures.ok(first, 9.0, 0, false));
        assertEquals(record.cells().size(), updated.cells().size());
        assertEquals(9.0, updated.cells().getFirst().latency().mean());
        RunRecord extended = record.with(Fixtures.ok(Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16), 1, 0, false));
        assertEquals(record.cells().size() + 1, extended.cells().size());
    }

    @Test
    void unreadableRecordsAreNamed() throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RunRecordFiles.read(directory.resolve("nope")));
        assertTrue(missing.getMessage().startsWith("no run record at "), missing.getMessage());
        Path notRecord = Files.writeString(directory.resolve("other.json"), "{\"hello\": 1}");
        assertEquals(notRecord + " is not a seqbench run record (no schemaVersion)",
                assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(notRecord)).getMessage());
        Path partial = Files.writeString(directory.resolve("partial.json"), "{\"schemaVersion\": 1, \"x\": 2}");
        assertEquals(partial + " is not a valid seqbench run record: it has no 'runId'",
                assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(partial)).getMessage());
        RunRecordFiles.write(directory, Fixtures.record());
        Path extra = directory.resolve("extra.json");
        Files.writeString(extra, Files.readString(directory.resolve("run.json")).replaceFirst("\\{", "{\"x\": 2,"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(extra)).getMessage()
                .contains("Unrecognized field \"x\""));
    }

    @Test
    void csvHasOneRowPerCellWithQuotedReasons() throws IOException {
        CsvReport.write(directory, Fixtures.record());
        List<String> lines = Files.readAllLines(directory.resolve("cells.csv"));
        assertEquals(1 + 6, lines.size());
        assertTrue(lines.getFirst().startsWith("backend,variant,device,precision,kind,seq_len,batch,hidden_size"));
        assertTrue(lines.get(1).startsWith("onnx,fused-op,cpu,fp32,lstm,16,1,128,1,1,64,0,0,10,false,ok,,0.95,"),
                lines.get(1));
        assertTrue(lines.get(5).contains(",skipped,\"cuda is unavailable: no driver\","), lines.get(5));
        assertTrue(lines.getFirst().contains(",flops,bytes,sequential_steps,"), lines.getFirst());
    }

    @Test
    void stealRoundTripsAndHasItsOwnCsvColumnBesideTheOthersTotal() throws IOException {
        RunRecord record = Fixtures.record();
        CellResult first = record.cells().getFirst();
        CellResult.Contention stolen = new CellResult.Contention(0.7, 0.35, false, 1.0, 0.6);
        RunRecord withSteal = record.with(new CellResult(first.cell(), first.status(), null, first.latency(),
                first.throughput(), first.work(), first.gflops(), first.accuracy(), stolen, first.startedAt(),
                first.wallSeconds(), first.slowHost()));
        RunRecordFiles.write(directory, withSteal);
        assertEquals(withSteal, RunRecordFiles.read(directory));
        CsvReport.write(directory, withSteal);
        List<String> lines = Files.readAllLines(directory.resolve("cells.csv"));
        assertTrue(lines.getFirst().contains(",other_cpu_cores,steal_cores,own_cpu_cores,contended,"),
                lines.getFirst());
        assertTrue(lines.get(1).contains(",0.7,0.6,1.0,false,"), lines.get(1));
        assertTrue(lines.get(2).contains(",1.4,,1.0,true,"), "not measured is empty: " + lines.get(2));
        assertTrue(CellResult.Contention.showsSteal(0.06) && !CellResult.Contention.showsSteal(0.05)
                && !CellResult.Contention.showsSteal(null));
    }

    @Test
    void aVersionOneRecordWithoutPeaksStillReads() throws IOException {
        // A real quick-profile run.json written before the peak was measured (schema version 1).
        Path old = directory.resolve("run.json");
        try (var in = getClass().getResourceAsStream("/run-v1-quick.json")) {
            Files.copy(in, old);
        }
        RunRecord record = RunRecordFiles.read(directory);
        assertEquals(1, record.schemaVersion());
        assertEquals(24, record.cells().size());
        // Cells of that version name the kind "model" and the hidden size "hidden".
        assertEquals(ModelKind.RNN, record.cells().getFirst().cell().kind());
        assertEquals(128, record.cells().getFirst().cell().hiddenSize());
        assertTrue(record.environment().peaks().isEmpty());
        assertTrue(record.environment().peakFor("cpu", 1).isEmpty());
        assertTrue(record.environment().fmaPeaks().isEmpty() && record.environment().bandwidths().isEmpty());
        Cell first = record.cells().getFirst().cell();
        assertEquals(Work.of(first.spec(), first.batch(), first.seqLen()).bytes(),
                record.cells().getFirst().work().bytes(), "the bytes follow from the cell");
        assertTrue(record.canary().isEmpty());
        assertTrue(record.cells().stream().allMatch(result -> result.slowHost() == null && !result.disturbed()
                == !result.contended()), "no cell of an old record is judged by a canary");
        assertEquals(RunRecord.SCHEMA_VERSION, record.inCurrentSchema().schemaVersion());
    }

    @Test
    void peaksRoundTripAndTheFastestBackendIsTheMachinesPeak() throws IOException {
        Environment.Peak slower = new Environment.Peak("djl", "cpu", 1, 2048, 100.0, 171.8, 172.5, 12, null);
        RunRecord record = Fixtures.record();
        record = record.withEnvironment(record.environment().withPeaks(List.of(slower)));
        RunRecordFiles.write(directory, record);
        RunRecord read = RunRecordFiles.read(directory);
        assertEquals(record, read);
        assertEquals(2, read.environment().peaks().size());
        assertEquals("onnx", read.environment().peakFor("cpu", 1).orElseThrow().backend());
        assertTrue(read.environment().peakFor("cuda:0", 1).isEmpty(), "a peak is per device");
        assertTrue(Files.readString(directory.resolve("run.json")).contains("\"schemaVersion\" : " + RunRecord.SCHEMA_VERSION));
    }

    @Test
    void everySizeOfAProductIsKeptAndTheBestOfThemIsThePeak() {
        Environment environment = Fixtures.record().environment().withPeaks(List.of(
                new Environment.Peak("onnx", "cpu", 1, 256, 130.0, 0.26, 0.27, 50, null),
                new Environment.Peak("onnx", "cpu", 1, 512, 110.0, 2.4, 2.5, 50, null)));
        assertEquals(List.of(2048, 256, 512), environment.peaks().stream().map(Environment.Peak::n).toList());
        assertEquals(256, environment.peakFor("cpu", 1).orElseThrow().n());
        Environment remeasured = environment.withPeaks(List.of(
                new Environment.Peak("onnx", "cpu", 1, 256, 135.0, 0.25, 0.26, 50, null)));
        assertEquals(3, remeasured.peaks().size(), "a size measured again replaces its own figure only");
        assertEquals(135.0, remeasured.peakFor("cpu", 1).orElseThrow().gflops());
    }

    @Test
    void anEngineFreeBoundMeasuredAgainReplacesOnlyItsOwnDeviceAndThreads() {
        Environment environment = Fixtures.record().environment();
        int fmaPeaks = environment.fmaPeaks().size();
        int bandwidths = environment.bandwidths().size();
        Environment.FmaPeak two = new Environment.FmaPeak("cpu", 2, 270.0, 260.0, 512, 16, 12, 5, null);
        Environment.FmaPeak twoAgain = new Environment.FmaPeak("cpu", 2, 280.0, 265.0, 512, 16, 12, 5, null);
        Environment.Bandwidth one = new Environment.Bandwidth("cpu", 1, 20.0, 19.0, 128L << 20, null, 5, null);
        Environment.Bandwidth oneAgain = new Environment.Bandwidth("cpu", 1, 21.0, 19.5, 128L << 20, null, 5, null);
        Environment remeasured = environment.withFmaPeaks(List.of(two)).withFmaPeaks(List.of(twoAgain))
                .withBandwidths(List.of(one)).withBandwidths(List.of(oneAgain));
        assertEquals(fmaPeaks + 1, remeasured.fmaPeaks().size(), remeasured.fmaPeaks().toString());
        assertEquals(twoAgain, remeasured.fmaPeakFor("cpu", 2).orElseThrow());
        assertEquals(environment.fmaPeakFor("cpu", 1), remeasured.fmaPeakFor("cpu", 1), "another thread count stays");
        assertEquals(oneAgain, remeasured.bandwidthFor("cpu", 1).orElseThrow());
        assertEquals(bandwidths + (environment.bandwidthFor("cpu", 1).isPresent() ? 0 : 1),
                remeasured.bandwidths().size(), remeasured.bandwidths().toString());
    }

    @Test
    void theEngineFreeBoundsRoundTripAndAreLookedUpByDeviceAndThreads() throws IOException {
        RunRecord record = Fixtures.record();
        Environment.FmaPeak two = new Environment.FmaPeak("cpu", 2, 270.0, 260.0, 512, 16, 12, 5, 1.2);
        Environment.Bandwidth twoBandwidth = new Environment.Bandwidth("cpu", 2, 25.0, 24.0, 128L << 20, null, 5,
                null);
        record = record.withEnvironment(record.environment().withFmaPeaks(List.of(two))
                .withBandwidths(List.of(twoBandwidth)));
        RunRecordFiles.write(directory, record);
        Environment read = RunRecordFiles.read(directory).environment();
        assertEquals(record.environment(), read);
        assertEquals(140.0, read.fmaPeakFor("cpu", 1).orElseThrow().gflops());
        assertEquals(two, read.fmaPeakFor("cpu", 2).orElseThrow());
        assertTrue(read.fmaPeakFor("cuda:0", 1).isEmpty(), "the FMA peak is the CPU's");
        assertEquals(twoBandwidth, read.bandwidthFor("cpu", 2).orElseThrow());
        // Others used 1.2 of 2 cores while the FMA probe wanted both.
        assertTrue(two.contended(2));
        assertTrue(!read.fmaPeakFor("cpu", 1).orElseThrow().contended(2));
    }

    @Test
    void aVersionTwoRecordReadsWithoutEngineFreeBoundsAndWithEachCellsBytes() throws IOException {
        // A run.json written before the FMA and bandwidth probes and the analytic bytes (schema version 2).
        Path old = directory.resolve("run.json");
        try (var in = getClass().getResourceAsStream("/recorded-run.json")) {
            Files.copy(in, old);
        }
        assertTrue(!Files.readString(old).contains("\"bytes\""), "the fixture predates the bytes");
        RunRecord record = RunRecordFiles.read(directory);
        assertEquals(2, record.schemaVersion());
        assertTrue(record.cells().stream().filter(CellResult::ok)
                .allMatch(result -> result.contention().stealCores() == null), "steal was not kept apart then");
        assertTrue(record.canary().isEmpty() && record.cells().stream().allMatch(result -> result.slowHost() == null));
        assertTrue(record.environment().fmaPeaks().isEmpty());
        assertTrue(record.environment().bandwidths().isEmpty());
        assertTrue(!record.environment().peaks().isEmpty());
        for (CellResult result : record.cells()) {
            Cell cell = result.cell();
            assertEquals(Work.of(cell.spec(), cell.batch(), cell.seqLen()), result.work(), cell.key());
        }
    }

    @Test
    void trialsRoundTripAndACellWithoutTrialsWritesNoTrialsField() throws IOException {
        RunRecord record = Fixtures.record();
        CellResult first = record.cells().getFirst();
        List<CellResult.Trial> trials = List.of(
                new CellResult.Trial(0, "2026-11-24T10:00:01Z", 900, 0.91, 0.93, 0.95, 0.97, 1.02, 1.2, 0.05, 0.98, 0.01, false,
                        true, 1.4),
                new CellResult.Trial(1, "2026-11-24T10:00:09Z", 880, 0.92, null, 0.96, 0.99, 1.05, null, null, null, null,
                        null, null, 1.3));
        RunRecord withTrials = record.with(first.withTrials(trials));
        RunRecordFiles.write(directory, withTrials);
        assertEquals(withTrials, RunRecordFiles.read(directory));
        assertEquals(trials, RunRecordFiles.read(directory).cells().getFirst().trials());

        RunRecordFiles.write(directory, record);
        assertTrue(!Files.readString(directory.resolve("run.json")).contains("\"trials\" : ["),
                "a cell without trials is written as before trials existed");
        assertTrue(RunRecordFiles.read(directory).cells().stream().allMatch(cell -> cell.trials().isEmpty()));
    }

    @Test
    void aRecordWrittenBeforeTrialsReadsWithNoneAndWritesBackWithoutThem() throws IOException {
        Path old = directory.resolve("run.json");
        try (var in = getClass().getResourceAsStream("/recorded-run.json")) {
            Files.copy(in, old);
        }
        RunRecord record = RunRecordFiles.read(directory);
        assertTrue(record.cells().stream().allMatch(cell -> cell.trials().isEmpty()));
        Path again = Files.createDirectories(directory.resolve("again"));
        RunRecordFiles.write(again, record);
        assertTrue(!Files.readString(again.resolve("run.json")).contains("\"trials\" : ["));
        assertEquals(record, RunRecordFiles.read(again));
    }

    @Test
    void memoryRoundTripsPerTrialAndCellWithItsOwnCsvColumnsAndOlderRecordsReadWithout() throws IOException {
        RunRecord record = Fixtures.record();
        CellResult first = record.cells().getFirst();
        CellResult.Memory measured = CellResult.Memory.of(300L << 20, 512L << 20, 48L << 20);
        CellResult.Memory withoutProc = new CellResult.Memory(null, null, null, 40L << 20);
        List<CellResult.Trial> trials = List.of(
                new CellResult.Trial(0, "2026-11-24T10:00:01Z", 900, 0.91, 0.93, 0.95, 0.97, 1.02, 1.2, 0.05, 0.98,
                        0.01, false, false, 1.4, measured),
                new CellResult.Trial(1, "2026-11-24T10:00:09Z", 880, 0.92, 0.93, 0.96, 0.99, 1.05, 1.2, 0.05, 0.98,
                        0.01, false, false, 1.3, withoutProc));
        CellResult withMemory = new CellResult(first.cell(), first.status(), null, first.latency(), first.throughput(),
                first.work(), first.gflops(), first.accuracy(), first.contention(), first.startedAt(),
                first.wallSeconds(), first.slowHost(), trials, null, measured);
        RunRecord written = record.with(withMemory).inCurrentSchema();
        RunRecordFiles.write(directory, written);
        String json = Files.readString(directory.resolve("run.json"));
        assertTrue(json.contains("\"schemaVersion\" : " + RunRecord.SCHEMA_VERSION), "written in the current schema");
        assertTrue(json.contains("\"peakAboveBaselineBytes\" : 222298112"), json);
        assertEquals(written, RunRecordFiles.read(directory));
        assertEquals(withoutProc, RunRecordFiles.read(directory).cells().getFirst().trials().get(1).memory(),
                "without /proc only the heap is written and read back");

        CsvReport.write(directory, written);
        List<String> lines = Files.readAllLines(directory.resolve("cells.csv"));
        assertTrue(lines.getFirst().contains(
                ",contended,peak_rss_bytes,baseline_rss_bytes,rss_above_baseline_bytes,heap_used_bytes,engine_start_included,started_at,"),
                lines.getFirst());
        assertTrue(lines.get(1).contains(",536870912,314572800,222298112,50331648,"), lines.get(1));
        assertTrue(lines.get(2).contains(",true,,,,,"), "a cell without memory has empty columns: " + lines.get(2));

        // A version 5 record, written before memory was measured, reads with none.
        Path old = Files.createDirectories(directory.resolve("old"));
        RunRecordFiles.write(old, record);
        Files.writeString(old.resolve("run.json"), Files.readString(old.resolve("run.json"))
                .replaceFirst("\"schemaVersion\" : [0-9]+", "\"schemaVersion\" : 5"));
        RunRecord five = RunRecordFiles.read(old);
        assertEquals(5, five.schemaVersion());
        assertTrue(five.cells().stream().allMatch(cell -> cell.memory() == null), "no memory before version 6");
    }
}
