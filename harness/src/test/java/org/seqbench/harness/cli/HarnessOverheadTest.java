package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * What the measuring path itself costs per call: a real sweep of the test-only {@link ConstantBackendProvider},
 * whose forward pass returns a prepared answer, beside ONNX Runtime on the same cells. Only relations are asserted
 * (a pass that computes nothing is faster than one that computes the model), never absolute times; the figures are
 * printed for whoever reads the test's output.
 */
class HarnessOverheadTest {
    @TempDir
    Path directory;

    @Test
    void aForwardPassThatComputesNothingMeasuresBelowARealEngineOnEveryCell() throws Exception {
        Outcome outcome = CliErrorsTest.seqbench("run", "--profile", "smoke", "--backends", "constant,onnx",
                "--seq-lens", "4", "--trials", "1", "--out", directory.toString());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());

        Path run = RunsUnder.runJson(directory);
        RunRecord record = Records.read(run);
        List<CellResult> constant = record.cells().stream()
                .filter(cell -> cell.cell().backend().equals(ConstantBackendProvider.ID)).toList();
        assertEquals(4, constant.size(), "one cell per kind: " + record.cells());
        for (CellResult cell : constant) {
            assertTrue(cell.ok(), cell.cell().label() + ": " + cell.reason());
            CellResult.Latency latency = cell.latency();
            for (double figure : new double[] {latency.min(), latency.p50(), cell.headlineMs()}) {
                assertTrue(figure > 0 && Double.isFinite(figure), cell.cell().label() + ": " + latency);
            }
            CellResult onnx = record.cells().stream().filter(other -> other.cell().backend().equals("onnx")
                    && other.cell().kind() == cell.cell().kind()).findFirst().orElseThrow();
            assertTrue(onnx.ok(), onnx.cell().label() + ": " + onnx.reason());
            assertTrue(latency.min() < onnx.latency().min(), "the prepared answer's fastest pass (" + latency.min()
                    + " ms) is below the engine's (" + onnx.latency().min() + " ms) on " + cell.cell().label());
            System.out.printf("harness overhead per call, %s: min %.0f ns, p50 %.0f ns, headline %.0f ns"
                    + " (onnx min %.0f ns)%n", cell.cell().label(), latency.min() * 1e6, latency.p50() * 1e6,
                    cell.headlineMs() * 1e6, onnx.latency().min() * 1e6);
        }
    }
}
