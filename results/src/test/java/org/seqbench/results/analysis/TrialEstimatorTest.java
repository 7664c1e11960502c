package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.seqbench.results.CellResult;

class TrialEstimatorTest {
    private static final int REPETITIONS = 1000;

    @Test
    void theMediansIntervalNeedsSixTrialsAndTheTenthPercentilesThirtySix() {
        // Six figures: each tail beyond the extremes holds 1/64 <= 2.5%; five: 1/32 > 2.5%.
        assertArrayEquals(new int[] {1, 6}, OrderStatistics.ranks(6, 0.5, 0.95).orElseThrow());
        assertEquals(62.0 / 64, OrderStatistics.coverage(6, 0.5, 1, 6), 1e-12);
        assertTrue(OrderStatistics.ranks(5, 0.5, 0.95).isEmpty());
        assertEquals(6, TrialEstimator.MEDIAN_OF_MEDIANS.fewestTrials());
        // Below the lowest of n figures lies the 10th percentile with probability 0.9^n: 0.9^35 > 2.5% >= 0.9^36.
        assertTrue(Math.pow(0.9, 35) > 0.025 && Math.pow(0.9, 36) <= 0.025);
        assertEquals(36, TrialEstimator.P10_OF_MEDIANS.fewestTrials());
        assertEquals(Bootstrap.FEWEST_TRIALS, TrialEstimator.MEAN_OF_MEANS.fewestTrials());
    }

    @Test
    void theMedianOfMediansIntervalCoversTheTrueMedianAsOftenAsTheBinomialSays() {
        assertCoverage(TrialEstimator.MEDIAN_OF_MEDIANS, 15, 0.5, 10.0, 1);
    }

    @Test
    void theTenthPercentileIntervalCoversTheTrueTenthPercentileAsOftenAsTheBinomialSays() {
        double truth = 10.0 * Math.exp(0.1 * new NormalDistribution().inverseCumulativeProbability(0.1));
        assertCoverage(TrialEstimator.P10_OF_MEDIANS, 40, 0.1, truth, 2);
    }

    @Test
    void theMedianOfMinimaIntervalCoversTheTrueMedianMinimumAsOftenAsTheBinomialSays() {
        assertCoverage(TrialEstimator.MEDIAN_OF_MINIMA, 11, 0.5, 8.0, 3);
    }

    private static void assertCoverage(TrialEstimator estimator, int trials, double quantile, double truth,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int covered = 0;
        for (int r = 0; r < REPETITIONS; r++) {
            TrialEstimate estimate = estimator.estimate(SyntheticTrials.lognormal(random, trials, 8, 10, 11, 0.1),
                    Bootstrap.DEFAULT);
            assertEquals(Interval.Method.ORDER_STATISTIC, estimate.interval().method());
            covered += estimate.interval().contains(truth) ? 1 : 0;
        }
        int[] ranks = OrderStatistics.ranks(trials, quantile, 0.95).orElseThrow();
        double exact = OrderStatistics.coverage(trials, quantile, ranks[0], ranks[1]);
        assertTrue(exact >= 0.95, "equal tails keep at least the nominal level: " + exact);
        double tolerance = 3 * Math.sqrt(exact * (1 - exact) / REPETITIONS);
        assertEquals(exact, covered / (double) REPETITIONS, tolerance, estimator.label());
    }

    @Test
    void theMeanOfMeansBootstrapCoversTheTrueMeanNearlyNinetyFivePercentOfTheTime() {
        // Log-normal means centred on 11 with log-sd 0.1 have the population mean 11 exp(0.1^2 / 2).
        double truth = 11 * Math.exp(0.005);
        SplittableRandom random = new SplittableRandom(4);
        Bootstrap bootstrap = new Bootstrap(2000, 7);
        int covered = 0;
        for (int r = 0; r < REPETITIONS; r++) {
            TrialEstimate estimate = TrialEstimator.MEAN_OF_MEANS.estimate(
                    SyntheticTrials.lognormal(random, 30, 8, 10, 11, 0.1), bootstrap);
            assertEquals(Interval.Method.BOOTSTRAP, estimate.interval().method());
            covered += estimate.interval().contains(truth) ? 1 : 0;
        }
        // A percentile bootstrap runs a little short of its level at 30 trials (its spread is the sample's, which
        // is (n - 1) / n of the population's), so the band reaches below 0.95 by more than the binomial alone.
        double share = covered / (double) REPETITIONS;
        assertTrue(share >= 0.92 && share <= 0.97, "coverage " + share);
    }

    @Test
    void theMinimumIsTheFastestTrialsMinimumAndItsIntervalStartsThere() {
        List<CellResult.Trial> trials = SyntheticTrials.around(new SplittableRandom(5), 8, 10, 0.05);
        double fastest = trials.stream().mapToDouble(CellResult.Trial::min).min().orElseThrow();
        TrialEstimate minimum = TrialEstimator.MINIMUM.estimate(trials, Bootstrap.DEFAULT);
        assertEquals(fastest, minimum.value());
        assertEquals(fastest, minimum.interval().low());
        assertTrue(minimum.interval().high() > fastest);
    }

    @Test
    void tooFewTrialsGiveTheEstimateAndSayWhyThereIsNoInterval() {
        List<CellResult.Trial> three = SyntheticTrials.around(new SplittableRandom(6), 3, 10, 0.05);
        TrialEstimate median = TrialEstimator.MEDIAN_OF_MEDIANS.estimate(three, Bootstrap.DEFAULT);
        assertFalse(median.hasInterval());
        assertNull(median.interval());
        assertEquals(three.stream().mapToDouble(CellResult.Trial::median).sorted().toArray()[1], median.value());
        assertEquals("3 trials; a 95% interval of the median of trial medians needs at least 6", median.noInterval());
        assertEquals("3 trials; a 95% interval of the mean of trial means needs at least 5",
                TrialEstimator.MEAN_OF_MEANS.estimate(three, Bootstrap.DEFAULT).noInterval());
    }

    @Test
    void theSameTrialsGiveTheSameIntervalEveryTime() {
        List<CellResult.Trial> trials = SyntheticTrials.around(new SplittableRandom(8), 12, 10, 0.05);
        for (TrialEstimator estimator : TrialEstimator.values()) {
            assertEquals(estimator.estimate(trials, Bootstrap.DEFAULT), estimator.estimate(trials, Bootstrap.DEFAULT));
        }
    }

    @Test
    void anEvenCountsMedianIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, TrialEstimator.MEDIAN_OF_MEDIANS.of(new double[] {4, 1, 3, 2}));
        assertEquals(1.3, TrialEstimator.P10_OF_MEDIANS.of(new double[] {1, 2, 3, 4}), 1e-12);
    }
}
