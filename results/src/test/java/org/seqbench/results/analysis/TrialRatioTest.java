package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqbench.results.CellResult;

class TrialRatioTest {

    @Test
    void aRunTenPercentSlowerIsShownAsAChangeByEveryEstimator() {
        SplittableRandom random = new SplittableRandom(11);
        List<CellResult.Trial> baseline = SyntheticTrials.around(random, 10, 10.0, 0.03);
        List<CellResult.Trial> current = SyntheticTrials.around(random, 10, 11.0, 0.03);
        for (TrialEstimator estimator : TrialEstimator.values()) {
            TrialRatio ratio = estimator.ratio(baseline, current, Bootstrap.DEFAULT);
            assertEquals(1.10, ratio.ratio(), 0.04, estimator.label());
            assertEquals(estimator == TrialEstimator.MINIMUM ? Interval.Method.EXTREME_RANKS
                    : Interval.Method.BOOTSTRAP, ratio.interval().method(), estimator.label());
            assertFalse(ratio.containsOne(), estimator.label() + ": " + ratio.interval());
            assertTrue(ratio.interval().low() > 1.03, estimator.label() + ": " + ratio.interval());
        }
    }

    @Test
    void twoRunsOfOneDistributionContainOneMostOfTheTime() {
        SplittableRandom random = new SplittableRandom(12);
        Bootstrap bootstrap = new Bootstrap(2000, 3);
        int repetitions = 200;
        int median = 0;
        int mean = 0;
        for (int r = 0; r < repetitions; r++) {
            List<CellResult.Trial> first = SyntheticTrials.around(random, 10, 10.0, 0.05);
            List<CellResult.Trial> second = SyntheticTrials.around(random, 10, 10.0, 0.05);
            median += TrialEstimator.MEDIAN_OF_MEDIANS.ratio(first, second, bootstrap).containsOne() ? 1 : 0;
            mean += TrialEstimator.MEAN_OF_MEANS.ratio(first, second, bootstrap).containsOne() ? 1 : 0;
        }
        // Nominally 95%; a percentile bootstrap of 10 trials a side falls a few points short of it.
        assertTrue(median >= 0.88 * repetitions, "median: " + median);
        assertTrue(mean >= 0.88 * repetitions, "mean: " + mean);
    }

    @Test
    void fewerThanFiveTrialsInEitherCellGiveTheRatioWithoutAnInterval() {
        SplittableRandom random = new SplittableRandom(13);
        TrialRatio ratio = TrialEstimator.MEDIAN_OF_MEDIANS.ratio(SyntheticTrials.around(random, 10, 10, 0.03),
                SyntheticTrials.around(random, 4, 11, 0.03), Bootstrap.DEFAULT);
        assertFalse(ratio.hasInterval());
        assertEquals(1.10, ratio.ratio(), 0.05);
        assertEquals("4 trials; a ratio's interval needs at least 5 in each cell", ratio.noInterval());
        assertThrows(IllegalStateException.class, ratio::containsOne);
    }
}
