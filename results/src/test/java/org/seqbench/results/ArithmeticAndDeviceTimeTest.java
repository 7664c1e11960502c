package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.report.HtmlReport;
import org.seqbench.results.report.MarkdownSummary;
import org.seqbench.spi.Precision;

/**
 * Schema version 8: the sweep's arithmetics and each trial's and cell's device time, written, read back, shown in
 * cells.csv and the reports only where measured, and absent from older records, which read as before.
 */
class ArithmeticAndDeviceTimeTest {
    @TempDir
    Path directory;

    /** {@link Fixtures#record()} with its first cell measured as two trials of a backend that times its device. */
    private static RunRecord deviceTimed() {
        RunRecord record = Fixtures.record();
        List<CellResult.Trial> trials = List.of(
                new CellResult.Trial(0, "2026-11-24T10:00:01Z", 900, 0.91, 0.93, 0.95, 0.97, 1.02, 1.2, 0.05, 0.98,
                        0.01, false, false, 1.4, null, 0.25, 0.31),
                new CellResult.Trial(1, "2026-11-24T10:00:09Z", 880, 0.92, 0.93, 0.96, 0.99, 1.05, 1.2, 0.05, 0.98,
                        0.01, false, false, 1.3, null, 0.21, 0.27));
        CellResult first = Fixtures.withTrials(record.cells().getFirst(), trials);
        return record.with(new CellResult(first.cell(), first.status(), null, first.latency(), first.throughput(),
                first.work(), first.gflops(), first.accuracy(), first.contention(), first.startedAt(),
                first.wallSeconds(), first.slowHost(), trials, first.headline(), null, CellResult.deviceMs(trials)));
    }

    @Test
    void theCellsDeviceTimeIsTheLeastOfItsTrialsMinimaAndNoneWithoutThem() {
        assertEquals(0.21, deviceTimed().cells().getFirst().deviceMs());
        assertNull(CellResult.deviceMs(Fixtures.trials(0.9, 0.8)), "trials without device times give none");
        assertNull(CellResult.deviceMs(List.of()));
    }

    @Test
    void deviceTimesRoundTripWithTheirCsvColumnAndRecordsWithoutThemWriteAsBefore() throws IOException {
        RunRecord written = deviceTimed();
        RunRecordFiles.write(directory, written);
        String json = Files.readString(directory.resolve("run.json"));
        assertTrue(json.contains("\"deviceMin\" : 0.25") && json.contains("\"deviceMedian\" : 0.27")
                && json.contains("\"deviceMs\" : 0.21"), json);
        assertEquals(written, RunRecordFiles.read(directory));

        Path plain = Files.createDirectories(directory.resolve("plain"));
        RunRecordFiles.write(plain, Fixtures.recordWithTrials());
        String plainJson = Files.readString(plain.resolve("run.json"));
        assertFalse(plainJson.contains("deviceMin") || plainJson.contains("deviceMedian")
                || plainJson.contains("deviceMs"), "a backend without device times writes none of their fields");

        CsvReport.write(directory, written);
        List<String> lines = Files.readAllLines(directory.resolve("cells.csv"));
        assertTrue(lines.getFirst().contains(",samples,device_ms,sequences_per_s,"), lines.getFirst());
        assertTrue(lines.get(1).contains(",1234,0.21,"), lines.get(1));
        assertTrue(lines.get(2).contains(",1234,,"), "a cell without a device time has an empty column: "
                + lines.get(2));
    }

    @Test
    void aVersionSevenRecordReadsAsAnFp32SweepWithoutDeviceTimes() throws IOException {
        RunRecordFiles.write(directory, Fixtures.recordWithTrials());
        String current = Files.readString(directory.resolve("run.json"));
        assertTrue(current.contains("\"arithmetic\" : [ \"fp32\" ]"), current);
        Files.writeString(directory.resolve("run.json"), current
                .replace("\"arithmetic\" : [ \"fp32\" ],", "")
                .replaceFirst("\"schemaVersion\" : [0-9]+", "\"schemaVersion\" : 7"));
        RunRecord seven = RunRecordFiles.read(directory);
        assertEquals(7, seven.schemaVersion());
        assertEquals(List.of(Precision.FP32), seven.sweep().arithmetic());
        assertTrue(seven.cells().stream().allMatch(cell -> cell.deviceMs() == null
                && cell.trials().stream().allMatch(trial -> trial.deviceMin() == null)), "no device times before 8");
        assertEquals(List.of(), seven.sweep().differences(Fixtures.sweep()), "the same sweep as one written now");
    }

    @Test
    void theArithmeticsAreWrittenAsTheirIdsAndAnUnknownOneIsRefusedNamingIt() throws IOException {
        SweepSpec base = Fixtures.sweep();
        SweepSpec reduced = new SweepSpec(base.profile(), base.backends(), base.kinds(), base.seqLens(),
                base.batches(), base.hiddenSizes(), base.layers(), base.threads(),
                List.of(Precision.FP32, Precision.TF32, Precision.BF16), base.inputSize(), base.heads(),
                base.ffnRatio(), base.outputSize(), base.bidirectional(), base.variants(), base.seed(),
                base.tolerance(), base.measurement(), base.shard(), base.engineOptions());
        RunRecord record = Fixtures.record();
        RunRecordFiles.write(directory, new RunRecord(record.schemaVersion(), record.runId(), record.createdAt(),
                record.completedAt(), reduced, record.environment(), record.cells(), record.canary()));
        String json = Files.readString(directory.resolve("run.json"));
        assertTrue(json.contains("\"arithmetic\" : [ \"fp32\", \"tf32\", \"bf16\" ]"), json);
        assertEquals(reduced, RunRecordFiles.read(directory).sweep());
        assertEquals(List.of("arithmetic"), base.differences(reduced).stream().map(SweepSpec.Difference::field)
                .toList());

        Files.writeString(directory.resolve("run.json"), json.replace("\"bf16\"", "\"fp16\""));
        String message = assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(directory))
                .getMessage();
        assertTrue(message.contains("unknown arithmetic 'fp16'; accepted: fp32, tf32, bf16"), message);
    }

    @Test
    void eachArithmeticIsHeldToItsOwnTolerance() {
        SweepSpec sweep = Fixtures.sweep();
        assertEquals(1e-4, sweep.tolerance(Precision.FP32));
        assertEquals(5e-3, sweep.tolerance(Precision.TF32));
        assertEquals(5e-2, sweep.tolerance(Precision.BF16));
    }

    @Test
    void aBackendInSeveralArithmeticsHasARowAndSeriesForEachScaledToItsOwnTolerance() {
        RunRecord record = Fixtures.record();
        CellResult fp32 = record.cells().getFirst();
        Cell cell = fp32.cell();
        Cell tf32Cell = new Cell(cell.backend(), cell.variant(), cell.device(), Precision.TF32.id(), cell.kind(),
                cell.seqLen(), cell.batch(), cell.hiddenSize(), cell.layers(), cell.threads(), cell.inputSize(),
                cell.heads(), cell.ffnSize(), cell.outputSize(), cell.bidirectional());
        CellResult tf32 = new CellResult(tf32Cell, fp32.status(), null, fp32.latency(), fp32.throughput(), fp32.work(),
                fp32.gflops(), new CellResult.AccuracyFigures(1.1e-3, 2e-3, 5e-3, 1), fp32.contention(),
                fp32.startedAt(), fp32.wallSeconds(), fp32.slowHost());
        RunRecord both = record.with(tf32);

        String page = HtmlReport.render(List.of(both));
        assertTrue(page.contains("<tr><th>onnx · fp32 (tolerance 1.0e-04)</th>"), "the fp32 row with its tolerance");
        assertTrue(page.contains("<tr><th>onnx · tf32 (tolerance 5.0e-03)</th>"), "the tf32 row with its own");
        assertTrue(page.contains("each row's tolerance"), "the note says the rows differ");
        assertTrue(HtmlReport.render(List.of(record)).contains("from 1e-9 to the tolerance 1.0e-04"),
                "one arithmetic: one tolerance, as before");

        String summary = MarkdownSummary.render(List.of(both), Optional.empty());
        assertTrue(summary.contains("| onnx · tf32 |") && summary.contains("| onnx · fp32 |"), summary);
    }

    @Test
    void theReportsShowADeviceColumnOnlyWhereACellHasADeviceTime() {
        String withDevice = HtmlReport.render(List.of(deviceTimed()));
        assertTrue(withDevice.contains(">device time</th>"), "the cell table has the column");
        assertTrue(withDevice.contains(">210 µs<"), "the device time in the cell's row");
        assertFalse(HtmlReport.render(List.of(Fixtures.recordWithTrials())).contains(">device time</th>"),
                "no column without device times");

        String summary = MarkdownSummary.render(List.of(deviceTimed()), Optional.empty());
        assertTrue(summary.contains("| device ms |"), summary);
        assertTrue(summary.contains(" | 0.21 | "), summary);
        assertTrue(summary.contains("the latency minus it is what the host adds"), summary);
        assertFalse(MarkdownSummary.render(List.of(Fixtures.recordWithTrials()), Optional.empty())
                .contains("device ms"));
    }
}
