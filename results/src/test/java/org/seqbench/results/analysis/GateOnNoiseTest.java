package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;

/**
 * The gate on simulated trials of known truth: each trial's fastest sample is the cell's true latency times
 * log-normal noise, and with some chance a disturbance that shifts it up (a neighbour, a slow core). Equal
 * distributions must almost never regress; a real slowdown must be caught when the noise is low, and never be called
 * a regression when it drowns in the noise.
 */
class GateOnNoiseTest {
    private static final Cell CELL = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16);

    /** How the simulated machine disturbs a trial. */
    private record Noise(double sigma, double shiftChance, double shift) {
        double[] minima(SplittableRandom random, int trials, double latencyMs) {
            double[] minima = new double[trials];
            for (int i = 0; i < trials; i++) {
                double disturbed = random.nextDouble() < shiftChance ? 1 + shift * random.nextDouble() : 1;
                minima[i] = latencyMs * Math.exp(sigma * gaussian(random)) * disturbed;
            }
            return minima;
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default, kept explicit.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static RunRecord run(String id, double[] minima) {
        CellResult cell = Fixtures.withTrials(Fixtures.ok(CELL, minima[0], 0, false), Fixtures.trials(minima),
                TrialEstimator.HEADLINE);
        return new RunRecord(RunRecord.SCHEMA_VERSION, id, "2026-12-02T00:00:00Z", null, Fixtures.sweep(),
                Fixtures.environment(), List.of(cell), List.of());
    }

    private static Verdict verdict(double[] baseline, double[] current) {
        return Comparison.of(run("base", baseline), run("now", current)).cells().getFirst().verdict();
    }

    /** The share of {@code pairs} comparisons of runs drawn alike that the gate calls a regression. */
    private static double falsePositiveRate(long seed, Noise noise, int trials, double latencyMs, int pairs) {
        SplittableRandom random = new SplittableRandom(seed);
        int regressions = 0;
        for (int pair = 0; pair < pairs; pair++) {
            if (verdict(noise.minima(random, trials, latencyMs), noise.minima(random, trials, latencyMs))
                    == Verdict.REGRESSION) {
                regressions++;
            }
        }
        return (double) regressions / pairs;
    }

    @Property(tries = 40, seed = "20261202")
    void equalDistributionsRegressInFewerThanFivePercentOfComparisons(
            @ForAll @DoubleRange(min = 0.001, max = 0.3) @Scale(4) double sigma,
            @ForAll @DoubleRange(min = 0, max = 0.5) double shiftChance,
            @ForAll @DoubleRange(min = 0, max = 2) double shift,
            @ForAll @IntRange(min = 4, max = 16) int trials,
            @ForAll @DoubleRange(min = 0.01, max = 100) double latencyMs,
            @ForAll long seed) {
        double rate = falsePositiveRate(seed, new Noise(sigma, shiftChance, shift), trials, latencyMs, 200);
        assertTrue(rate < 0.05, "false-positive rate " + rate + " at sigma " + sigma + ", shift " + shift
                + " with chance " + shiftChance + ", " + trials + " trials");
    }

    @Test
    void aTenPercentSlowdownWithLowNoiseIsCaught() {
        SplittableRandom random = new SplittableRandom(11);
        Noise low = new Noise(0.01, 0, 0);
        int caught = 0;
        for (int pair = 0; pair < 100; pair++) {
            if (verdict(low.minima(random, 6, 2.0), low.minima(random, 6, 2.2)) == Verdict.REGRESSION) {
                caught++;
            }
        }
        assertTrue(caught >= 95, "caught " + caught + " of 100 ten-percent slowdowns under 1% noise");
    }

    @Test
    void aTenPercentSlowdownInsideTheNoiseIsNoisyOrNoChangeNeverARegression() {
        SplittableRandom random = new SplittableRandom(12);
        Noise high = new Noise(0.3, 0.3, 1.0);
        for (int pair = 0; pair < 100; pair++) {
            Verdict verdict = verdict(high.minima(random, 6, 2.0), high.minima(random, 6, 2.2));
            assertNotEquals(Verdict.REGRESSION, verdict, "pair " + pair);
            assertNotEquals(Verdict.IMPROVEMENT, verdict, "pair " + pair);
        }
    }

    @Test
    void identicalRunsNeverRegress() {
        SplittableRandom random = new SplittableRandom(13);
        for (int pair = 0; pair < 50; pair++) {
            double[] steady = new Noise(0.005, 0, 0).minima(random, 8, 1.0);
            assertEquals(Verdict.NO_CHANGE, verdict(steady, steady.clone()));
            double[] scattered = new Noise(0.2, 0.3, 1.0).minima(random, 8, 1.0);
            Verdict verdict = verdict(scattered, scattered.clone());
            assertTrue(verdict == Verdict.NO_CHANGE || verdict == Verdict.NOISY, verdict.toString());
        }
    }
}
