package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a real JMH 1.37 sample-time result, recorded from a quick-profile cell (onnx lstm T=16 B=1). */
class JmhImportTest {
    @TempDir
    Path directory;

    @Test
    void readsTheMeanItsConfidenceIntervalPercentilesAndSampleCount() throws IOException, URISyntaxException {
        Path file = Path.of(JmhImportTest.class.getResource("/jmh-sampletime-lstm.json").toURI());
        List<JmhImport.Benchmark> benchmarks = JmhImport.read(file);
        assertEquals(1, benchmarks.size());
        JmhImport.Benchmark benchmark = benchmarks.getFirst();
        assertEquals("org.seqbench.harness.measure.ForwardBenchmark.forward", benchmark.name());
        assertEquals("sample", benchmark.mode());
        assertEquals("lstm", benchmark.params().get("model"));
        assertEquals("16", benchmark.params().get("seqLen"));
        CellResult.Latency latency = benchmark.latency();
        assertEquals(0.048118868163938525, latency.mean(), 0);
        assertEquals(0.047352615878634395, latency.ciLow(), 0);
        assertEquals(0.048885120449242654, latency.ciHigh(), 0);
        assertEquals(0.046528, latency.p50(), 0);
        assertEquals(0.048512, latency.p90(), 0);
        assertEquals(0.070272, latency.p99(), 0);
        assertEquals(0.039936, latency.min(), 0);
        assertEquals(4.128768, latency.max(), 0);
        assertEquals(31524, latency.samples());
        assertEquals(0.999, latency.confidence(), 0);
    }

    @Test
    void convertsOtherTimeUnitsToMilliseconds() throws IOException {
        Path file = Files.writeString(directory.resolve("us.json"), """
                [{"benchmark": "b", "mode": "sample", "params": {},
                  "primaryMetric": {"score": 1500.0, "scoreConfidence": [1400.0, 1600.0], "scoreUnit": "us/op",
                    "scorePercentiles": {"0.0": 1000.0, "50.0": 1490.0, "90.0": 1550.0, "99.0": 1590.0,
                                         "100.0": 2000.0},
                    "rawDataHistogram": [[[[1000.0, 2], [2000.0, 3]]]]}}]""");
        CellResult.Latency latency = JmhImport.read(file).getFirst().latency();
        assertEquals(1.5, latency.mean(), 1e-12);
        assertEquals(1.4, latency.ciLow(), 1e-12);
        assertEquals(1.49, latency.p50(), 1e-12);
        assertEquals(5, latency.samples());
    }

    @Test
    void refusesFilesThatAreNotSampleTimeResults() throws IOException {
        Path object = Files.writeString(directory.resolve("object.json"), "{}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhImport.read(object)).getMessage()
                .endsWith("is not a JMH JSON result (expected an array of benchmarks)"));
        Path throughput = Files.writeString(directory.resolve("thrpt.json"),
                "[{\"primaryMetric\": {\"score\": 3.0, \"scoreUnit\": \"ops/s\"}}]");
        assertEquals("JMH result in unit 'ops/s'; seqbench reads SampleTime results in ns/op, us/op, ms/op or s/op",
                assertThrows(IllegalArgumentException.class, () -> JmhImport.read(throughput)).getMessage());
    }
}
