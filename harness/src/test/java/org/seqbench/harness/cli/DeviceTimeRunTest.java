package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.spi.Precision;

/**
 * A real run (ForwardBenchmark under JMH in trial JVMs) in two arithmetics of the test-only
 * {@link ConstantBackendProvider}, which offers fp32 and tf32 and times its device with known figures, beside ONNX
 * Runtime, which offers fp32 only and times nothing: the record carries exactly the known device figures for every
 * trial and cell, none for the engine without them, each arithmetic's cell with its own tolerance, and the tf32 cell of
 * the fp32-only engine skipped with the reason; the CSV and both reports show the device column.
 */
class DeviceTimeRunTest {
    @TempDir
    Path directory;

    @Test
    void aRunRecordsTheDeviceTimesOfAModelThatTimesItsDeviceInEachArithmeticItOffers() throws Exception {
        Outcome outcome = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "constant,onnx", "--kinds",
                "lstm", "--seq-lens", "4", "--trials", "2", "--arithmetic", "fp32,tf32", "--out",
                directory.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());

        Path run = RunsUnder.runJson(directory);
        RunRecord record = Records.read(run);
        assertEquals(List.of(Precision.FP32, Precision.TF32), record.sweep().arithmetic());
        Map<String, CellResult> cells = record.cells().stream().collect(Collectors.toMap(
                cell -> cell.cell().backend() + "/" + cell.cell().precision(), Function.identity()));
        assertEquals(4, cells.size(), cells.keySet().toString());

        for (Precision precision : List.of(Precision.FP32, Precision.TF32)) {
            CellResult constant = cells.get(ConstantBackendProvider.ID + "/" + precision.id());
            assertTrue(constant.ok(), constant.cell().label() + ": " + constant.reason());
            assertEquals(precision.tolerance(record.sweep().tolerance()), constant.accuracy().tolerance(),
                    "each arithmetic is checked against its own tolerance");
            assertEquals(2, constant.trials().size());
            for (CellResult.Trial trial : constant.trials()) {
                assertEquals(ConstantBackendProvider.FAST_DEVICE_MS, trial.deviceMin(), trial.toString());
                assertEquals(ConstantBackendProvider.DEVICE_MS, trial.deviceMedian(), trial.toString());
            }
            assertEquals(ConstantBackendProvider.FAST_DEVICE_MS, constant.deviceMs());
        }
        assertEquals(5e-3, cells.get("constant/tf32").accuracy().tolerance());

        CellResult onnx = cells.get("onnx/fp32");
        assertTrue(onnx.ok(), onnx.cell().label() + ": " + onnx.reason());
        assertNull(onnx.deviceMs(), "an engine that does not time its device has no device time");
        assertTrue(onnx.trials().stream().allMatch(trial -> trial.deviceMin() == null && trial.deviceMedian() == null));
        CellResult skipped = cells.get("onnx/tf32");
        assertEquals(CellResult.Status.SKIPPED, skipped.status());
        assertEquals("onnx computes in fp32 only", skipped.reason());

        Path folder = run.getParent();
        List<String> csv = Files.readAllLines(folder.resolve("cells.csv"));
        assertTrue(csv.getFirst().contains(",device_ms,"), csv.getFirst());
        assertTrue(csv.stream().anyMatch(line -> line.startsWith("constant,") && line.contains(",0.1,")),
                String.join("\n", csv));
        assertTrue(Files.readString(folder.resolve("summary.md")).contains("| device ms |"));
        assertTrue(Files.readString(folder.resolve("report.html")).contains(">device time</th>"));
    }
}
