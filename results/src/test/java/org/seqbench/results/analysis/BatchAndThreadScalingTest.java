package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Environment;

/** Batch gains, thread speedups and work rates are the ratios they are defined as. */
class BatchAndThreadScalingTest {

    @Test
    void batchGainIsThroughputOverThroughputAtBatchOne() {
        // Latency 1 + 0.25 B ms: throughput B / (1 + 0.25 B); from batch 1 (0.8/ms) to batch 8 (8/3 per ms).
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.LSTM), List.of(64), List.of(1, 8, 32),
                List.of(1)).record((kind, t, b, threads) -> 1 + 0.25 * b));
        List<BatchGain> gains = analysis.batchGains();
        assertEquals(2, gains.size());
        BatchGain eight = gains.getFirst();
        assertEquals(1, eight.baseBatch());
        assertEquals(8, eight.batch());
        assertEquals((8 / 3.0) / 0.8, eight.gain(), 1e-12);
        assertEquals(8, eight.ideal());
        assertEquals(eight.gain() / 8, eight.efficiency(), 1e-12);
        assertEquals((32 / 9.0) / 0.8, gains.get(1).gain(), 1e-12);
    }

    @Test
    void threadSpeedupAndEfficiencyAgainstOneThread() {
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.TRANSFORMER), List.of(256),
                List.of(8), List.of(1, 2, 4)).contended("transformer/256/8/4")
                .record((kind, t, b, threads) -> 10 / Math.pow(threads, 0.8)));
        List<ThreadSpeedup> speedups = analysis.threadSpeedups();
        assertEquals(2, speedups.size());
        ThreadSpeedup two = speedups.getFirst();
        assertEquals(2, two.threads());
        assertEquals(Math.pow(2, 0.8), two.speedup(), 1e-12);
        assertEquals(Math.pow(2, 0.8) / 2, two.efficiency(), 1e-12);
        assertFalse(two.contended());
        ThreadSpeedup four = speedups.get(1);
        assertEquals(Math.pow(4, 0.8), four.speedup(), 1e-12);
        assertTrue(four.contended(), "a speedup from a contended cell is shown, flagged");
    }

    @Test
    void engineDefaultThreadsHaveASpeedupButNoEfficiency() {
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.GRU), List.of(64), List.of(1),
                List.of(1, 0)).record((kind, t, b, threads) -> threads == 0 ? 0.5 : 1.0));
        ThreadSpeedup speedup = analysis.threadSpeedups().getFirst();
        assertEquals(0, speedup.threads());
        assertEquals(2.0, speedup.speedup(), 1e-12);
        assertTrue(Double.isNaN(speedup.efficiency()));
    }

    @Test
    void curvesWithoutAOneThreadCellHaveNoSpeedup() {
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.GRU), List.of(64), List.of(1),
                List.of(2, 4)).record((kind, t, b, threads) -> 1.0 / threads));
        assertTrue(analysis.threadSpeedups().isEmpty());
    }

    @Test
    void workRateIsComparedWithThePeakOfTheSameDeviceAndThreads() {
        Environment.Peak one = new Environment.Peak("onnx", "cpu", 1, 2048, 100, 171.8, 175, 10, 0.01);
        Environment.Peak slower = new Environment.Peak("other", "cpu", 1, 2048, 60, 286.3, 290, 10, 0.01);
        Environment.Peak two = new Environment.Peak("onnx", "cpu", 2, 2048, 190, 90.4, 93, 10, 0.01);
        Analysis analysis = Analysis.of(new SyntheticRun("r", List.of(ModelKind.LSTM), List.of(64), List.of(1),
                List.of(1, 2, 4)).peaks(one, slower, two).record((kind, t, b, threads) -> 0.1 / threads));
        assertEquals(3, analysis.workRates().size());
        WorkRate single = analysis.workRates().getFirst();
        assertEquals(one, single.peak(), "the fastest backend's peak is the machine's");
        assertEquals(single.gflops() / 100, single.fractionOfPeak(), 1e-12);
        assertEquals(two, analysis.workRates().get(1).peak());
        assertEquals(null, analysis.workRates().get(2).peak(), "no peak was measured for 4 threads");
        assertTrue(Double.isNaN(analysis.workRates().get(2).fractionOfPeak()));
    }
}
