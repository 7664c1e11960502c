package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.SampleHistogram;
import org.seqbench.results.analysis.TrialEstimator;

/** A cell's result from its trials: pooled distribution, headline across trials, majority verdicts. */
class CellTrialsTest {
    private static final Cell CELL = new Cell("onnx", "fused-op", "cpu", "fp32", ModelKind.LSTM, 16, 1, 16, 1, 1, 8, 0,
            0, 4, false);
    private static final CellResult.AccuracyFigures ACCURACY = new CellResult.AccuracyFigures(1e-7, 1e-7, 1e-4, 1);

    private static CellResult.Trial trial(int index, double min, double median, Boolean contended, Boolean slow) {
        // The mean is that of the four samples below.
        return new CellResult.Trial(index, "2026-12-02T00:00:0" + index + "Z", 4, min, min, median,
                (min + 3 * median) / 4, median, median, contended ? 1.5 : 0.1, 0.9, 0.0, contended, slow, 1.0);
    }

    /** Four samples per trial: the minimum once and the median three times. */
    private static SampleHistogram samples(CellResult.Trial trial) {
        return SampleHistogram.of(Map.of(trial.min(), 1L, trial.median(), 3L));
    }

    private static CellResult result(List<CellResult.Trial> trials) {
        return CellTrials.result(CELL, Work.of(CELL.spec(), 1, 16), trials,
                trials.stream().map(CellTrialsTest::samples).toList(), ACCURACY, 2, null);
    }

    @Test
    void theHeadlineIsAcrossTrialsAndTheDistributionIsPooled() {
        List<CellResult.Trial> trials = new ArrayList<>();
        double[] minima = {1.0, 1.1, 0.9, 1.2, 1.05, 0.95};
        for (int i = 0; i < minima.length; i++) {
            trials.add(trial(i, minima[i], 2.0 + i * 0.1, false, false));
        }
        CellResult result = result(trials);
        assertTrue(result.ok());
        assertEquals(TrialEstimator.HEADLINE.id(), result.headline().estimator());
        assertEquals(TrialEstimator.HEADLINE.of(minima.clone()), result.headline().value(), 1e-12,
                "the headline estimator over the trials' figures");
        assertEquals(result.headline().value(), result.headlineMs(), 1e-12);
        assertEquals(TrialEstimator.HEADLINE.intervalWithinRun(), result.headline().hasInterval(),
                "an interval where the estimator has one within a run");
        assertEquals(1, result.headline().modes());
        assertEquals(24, result.latency().samples());
        assertEquals(0.9, result.latency().min(), 1e-12);
        assertEquals(0.95, result.latency().confidence(), "the mean's interval is across trials too");
        assertTrue(result.latency().ciLow() < result.latency().mean()
                && result.latency().mean() < result.latency().ciHigh());
        assertEquals(6.0, result.wallSeconds(), 1e-12);
        assertEquals(Boolean.FALSE, result.slowHost());
        assertFalse(result.disturbed());
    }

    @Test
    void theHeadlinesSpreadIsTheRerunIntervalOfItsMinimumAndIsJudgedAgainstTheTarget() {
        List<CellResult.Trial> trials = new ArrayList<>();
        double[] minima = {1.0, 1.1, 0.9, 1.2, 1.05, 0.95};
        for (int i = 0; i < minima.length; i++) {
            trials.add(trial(i, minima[i], 2.0 + i * 0.1, false, false));
        }
        // Six trials against six: the 5th fastest against the fastest (MinimumRatio's rank), 1.1 / 0.9.
        assertEquals(1.1 / 0.9 - 1, result(trials).headline().spread(), 1e-12);
        assertNull(result(trials).headline().precise(), "no verdict without a target");
        CellResult loose = CellTrials.result(CELL, Work.of(CELL.spec(), 1, 16), trials,
                trials.stream().map(CellTrialsTest::samples).toList(), ACCURACY, 2, 0.25);
        CellResult tight = CellTrials.result(CELL, Work.of(CELL.spec(), 1, 16), trials,
                trials.stream().map(CellTrialsTest::samples).toList(), ACCURACY, 2, 0.05);
        assertEquals(Boolean.TRUE, loose.headline().precise());
        assertEquals(Boolean.FALSE, tight.headline().precise());
        assertNull(result(trials.subList(0, 3)).headline().spread(), "three trials give a minimum no interval");
    }

    @Test
    void tooFewTrialsGiveNoIntervalAndSaySo() {
        CellResult result = result(List.of(trial(0, 1.0, 2.0, false, null), trial(1, 1.1, 2.1, false, null)));
        assertFalse(result.headline().hasInterval());
        assertEquals(0, result.latency().confidence(), "no interval of the mean from two trials");
        assertEquals(result.latency().mean(), result.latency().ciLow());
        assertNull(result.slowHost(), "no canary verdict yet");
    }

    @Test
    void aCellIsDisturbedOnlyWhenEveryOneOfItsTrialsIs() {
        List<CellResult.Trial> most = List.of(trial(0, 1, 2, true, true), trial(1, 1, 2, true, true),
                trial(2, 1, 2, true, true), trial(3, 1, 2, false, false));
        CellResult three = result(most);
        assertFalse(three.contended(), "one trial without contention is enough for the minimum");
        assertEquals(Boolean.FALSE, three.slowHost());
        assertFalse(three.disturbed());
        assertEquals((1.5 * 3 + 0.1) / 4, three.contention().otherCpuCores(), 1e-12,
                "the others' CPU averaged over the trials");
        assertEquals((1.5 * 3 + 0.1) / 8, three.contention().otherCpuShare(), 1e-12);
        CellResult every = result(List.of(trial(0, 1, 2, true, true), trial(1, 1, 2, true, true)));
        assertTrue(every.contended());
        assertEquals(Boolean.TRUE, every.slowHost());
        assertTrue(every.disturbed());
    }

    @Test
    void theCellsMemoryIsTheTrialThatGrewTheMostKeptWhole() {
        long mib = 1 << 20;
        CellResult.Memory first = CellResult.Memory.of(300 * mib, 520 * mib, 30 * mib);
        CellResult.Memory grewMost = CellResult.Memory.of(250 * mib, 560 * mib, 20 * mib);
        CellResult.Memory largestPeak = CellResult.Memory.of(500 * mib, 600 * mib, 60 * mib);
        List<CellResult.Trial> trials = new ArrayList<>();
        for (CellResult.Memory memory : new CellResult.Memory[] {first, grewMost, largestPeak, null}) {
            CellResult.Trial plain = trial(trials.size(), 1.0, 2.0, false, false);
            trials.add(new CellResult.Trial(plain.index(), plain.startedAt(), plain.samples(), plain.min(), plain.p10(),
                    plain.median(), plain.mean(), plain.p90(), plain.p99(), plain.otherCpuCores(), plain.ownCpuCores(),
                    plain.stealCores(), plain.contended(), plain.slowHost(), plain.seconds(), memory));
        }
        assertEquals(grewMost, result(trials).memory(), "310 MiB above its baseline; the others grew 220 and 100");
        assertEquals(310 * mib, result(trials).memory().peakAboveBaselineBytes());
        assertNull(result(List.of(trial(0, 1, 2, false, false))).memory(), "trials without memory give none");
        CellResult.Memory heapOnly = new CellResult.Memory(null, null, null, 70 * mib);
        assertEquals(first, CellResult.Memory.largest(java.util.Arrays.asList(heapOnly, first)),
                "a trial that read /proc beats one that could not");
        assertEquals(heapOnly, CellResult.Memory.largest(List.of(heapOnly,
                new CellResult.Memory(null, null, null, 10 * mib))), "without /proc, the largest heap");
    }

    @Test
    void aTrialThatStartedTheEngineStandsForTheCellOnlyWhenNoOtherMeasuredIt() {
        long mib = 1 << 20;
        CellResult.Memory engineStart = CellResult.Memory.of(90 * mib, 230 * mib, 40 * mib, true);
        CellResult.Memory warm = CellResult.Memory.of(230 * mib, 250 * mib, 40 * mib, false);
        CellResult.Memory warmer = CellResult.Memory.of(240 * mib, 252 * mib, 40 * mib, false);
        assertEquals(warm, CellResult.Memory.largest(List.of(engineStart, warm, warmer)),
                "20 MiB in a JVM whose engine had started, not the 140 MiB of the engine's own start-up");
        assertEquals(engineStart, CellResult.Memory.largest(List.of(engineStart)), "said so when it is alone");
        assertTrue(CellResult.Memory.largest(List.of(engineStart)).engineStartIncluded());
    }
}
