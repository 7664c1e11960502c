package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;

/**
 * The roofs and the verdict on round numbers: 10 GB/s of bandwidth and a 100 GFLOP/s GEMM meet at 10 FLOP/byte; a
 * cell is bound by the lower roof when it reaches half of it, else by neither.
 */
class RooflineTest {
    private static final Environment.Bandwidth TEN_GB = new Environment.Bandwidth("cpu", 1, 10, 9.5, 128L << 20,
            32L << 20, 5, null);
    private static final Environment.Peak GEMM = new Environment.Peak("onnx", "cpu", 1, 256, 100, 0.34, 0.35, 50,
            null);
    private static final Environment.FmaPeak FMA = new Environment.FmaPeak("cpu", 1, 200, 198, 512, 16, 12, 5, null);
    private static final Observation CELL = Analysis.of(new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16),
            List.of(1), List.of(1)).record((kind, t, b, threads) -> 1.0)).observations().getFirst();

    private static Roofline at(double intensity, double gflops) {
        return new Roofline(CELL, gflops, intensity, TEN_GB, GEMM, FMA);
    }

    @Test
    void belowTheRidgeTheMemoryRoofBindsAboveItTheGemm() {
        assertEquals(10, at(2, 1).ridge(), 1e-12);
        assertEquals(20, at(2, 1).memoryRoof(), 1e-12);
        assertEquals(20, at(2, 1).attainable(), 1e-12);
        assertEquals(100, at(50, 1).attainable(), 1e-12);
        // 12 of the 20 GFLOP/s the memory allows at 2 FLOP/byte: 60%, bound by memory.
        assertEquals(0.6, at(2, 12).fractionOfAttainable(), 1e-12);
        assertEquals(Roofline.Bound.MEMORY, at(2, 12).bound());
        assertEquals(Roofline.Bound.ARITHMETIC, at(50, 60).bound());
    }

    @Test
    void belowHalfOfTheLowerRoofACellIsBoundByNeither() {
        assertEquals(Roofline.Bound.OVERHEAD, at(2, 9.9).bound());
        assertEquals(Roofline.Bound.MEMORY, at(2, 10).bound(), "exactly half counts as near");
        assertEquals(Roofline.Bound.OVERHEAD, at(50, 49).bound());
    }

    @Test
    void aCellAboveTheMemoryRoofWorksFromCacheAndStillCountsAsBoundByMemory() {
        Roofline cached = at(2, 30);
        assertTrue(cached.aboveMemoryRoof());
        assertEquals(Roofline.Bound.MEMORY, cached.bound());
        assertFalse(at(50, 60).aboveMemoryRoof());
    }

    @Test
    void withoutAGemmTheFmaPeakIsTheComputeRoof() {
        Roofline fmaOnly = new Roofline(CELL, 120, 50, TEN_GB, null, FMA);
        assertEquals(200, fmaOnly.computeRoof(), 1e-12);
        assertEquals(20, fmaOnly.ridge(), 1e-12);
        assertEquals(Roofline.Bound.ARITHMETIC, fmaOnly.bound());
        assertThrows(IllegalArgumentException.class, () -> new Roofline(CELL, 1, 1, TEN_GB, null, null));
    }

    @Test
    void aCellIsOnARooflineOnlyWhereItsRunMeasuredTheBandwidth() {
        SyntheticRun run = new SyntheticRun("r", List.of(ModelKind.GRU), List.of(16, 64), List.of(1), List.of(1, 2))
                .peaks(GEMM).fmaPeaks(FMA).bandwidths(TEN_GB);
        RunRecord record = run.record((kind, t, b, threads) -> 0.01 * t);
        Analysis analysis = Analysis.of(record);
        assertEquals(4, analysis.workRates().size());
        assertEquals(List.of(1, 1), analysis.rooflines().stream()
                .map(roofline -> roofline.observation().cell().threads()).toList(), "no bandwidth for 2 threads");
        Roofline first = analysis.rooflines().getFirst();
        assertEquals(first.observation().result().work().arithmeticIntensity(), first.intensity(), 0.0);
        assertEquals(FMA, analysis.workRates().getFirst().fmaPeak());
    }

    @Test
    void aCellsWorkRateIsAtItsHeadlineWhereItHasOneAndTheRecordedRateWhereNot() {
        RunRecord withTrials = org.seqbench.results.Fixtures.recordWithTrials();
        WorkRate headlined = Analysis.of(withTrials).workRates().getFirst();
        double flops = headlined.observation().result().work().flops();
        assertEquals(flops / (headlined.observation().latencyMs() / 1000) / 1e9, headlined.gflops(), 1e-9);
        assertEquals(0.945, headlined.observation().latencyMs(), 1e-12);
        WorkRate old = Analysis.of(org.seqbench.results.Fixtures.record()).workRates().getFirst();
        assertEquals(old.observation().result().gflops(), old.gflops(), 0);
    }
}
