package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ratio-of-minima interval: its ranks by the hypergeometric law, its coverage on synthetic runs. */
class MinimumRatioTest {
    @Test
    void theRanksComeFromTheChanceThatTheFastestTrialsAreAllOneRuns() {
        // Six trials each: the 4 fastest of 12 all from one run has chance 6*5*4*3 / (12*11*10*9) = 0.0303, the 5
        // fastest 0.0076; a two-sided 95% interval needs at most 0.025 on each side, so rank 5.
        assertEquals(6 * 5 * 4 * 3 / (12.0 * 11 * 10 * 9), MinimumRatio.chanceAllFastestFrom(6, 6, 4), 1e-12);
        assertEquals(5, MinimumRatio.rank(6, 6, 0.025).orElseThrow());
        assertEquals(4, MinimumRatio.fewestTrials(0.95), "4 and 4: the 4 fastest of 8 from one run, 1/70");
        assertTrue(MinimumRatio.interval(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 0.95).isEmpty());
    }

    @Test
    void theIntervalIsEachMinimumAgainstTheOtherRunsOrderStatistic() {
        double[] base = {1.0, 1.1, 1.2, 1.3, 1.4, 1.5};
        double[] current = {2.0, 2.2, 2.4, 2.6, 2.8, 3.0};
        Interval interval = MinimumRatio.interval(base, current, 0.95).orElseThrow();
        assertEquals(2.0 / 1.4, interval.low(), 1e-12, "the current minimum over the baseline's 5th fastest");
        assertEquals(2.8 / 1.0, interval.high(), 1e-12, "the current 5th fastest over the baseline minimum");
        assertEquals(Interval.Method.EXTREME_RANKS, interval.method());
        assertTrue(!interval.contains(1), "every current trial slower than every baseline one: not 1");
    }

    @Test
    void onSeededRunsThatDifferOnlyInScaleItCoversTheTrueRatioAtLeastAsOftenAsItSays() {
        SplittableRandom random = new SplittableRandom(7);
        int trials = 2000;
        int covered = 0;
        for (int i = 0; i < trials; i++) {
            double[] base = new double[6];
            double[] current = new double[6];
            for (int j = 0; j < 6; j++) {
                // Noise that only slows down: an intrinsic time plus an exponential delay.
                base[j] = 1 + 0.2 * -Math.log(1 - random.nextDouble());
                current[j] = 1.3 * (1 + 0.2 * -Math.log(1 - random.nextDouble()));
            }
            if (MinimumRatio.interval(base, current, 0.95).orElseThrow().contains(1.3)) {
                covered++;
            }
        }
        double coverage = (double) covered / trials;
        // The exact coverage is 1 - 2 x 0.0076 = 0.985; 2000 draws put the share within about 0.006 of it.
        assertTrue(coverage > 0.97 && coverage < 0.995, "coverage " + coverage);
    }
}
