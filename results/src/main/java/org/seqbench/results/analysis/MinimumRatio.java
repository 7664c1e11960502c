package org.seqbench.results.analysis;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * A distribution-free interval for the ratio of two runs' minima, {@code current / baseline}. A bootstrap cannot
 * give one (no resample goes below the observed minimum), so the interval comes from ranks instead.
 *
 * <p>Suppose the current run's trials are the baseline's scaled by {@code r} (the same host noise, a program
 * {@code r} times slower). Then the current figures divided by {@code r} and the baseline's are exchangeable, and
 * the chance that the {@code k} fastest of all {@code n + m} of them are all the baseline's is
 * {@code C(n, k) / C(n + m, k)}. Choosing the smallest {@code k} that makes that chance at most half of
 * {@code 1 - confidence}, {@code r} lies below {@code x_(k) of current / min of baseline} and above
 * {@code min of current / x_(k) of baseline} with at least the confidence asked: the interval holds the true
 * ratio whatever the noise's distribution, as long as it is the same in both runs up to scale. On an A/A pair it
 * contains 1 at least that often. Hand-written: no library offers this interval.
 */
public final class MinimumRatio {
    private MinimumRatio() {
    }

    /**
     * The interval of {@code min(current) / min(baseline)}, or empty when the trials are too few for the confidence
     * (with 95%, at least 4 in each run).
     */
    public static Optional<Interval> interval(double[] baseline, double[] current, double confidence) {
        double tail = (1 - confidence) / 2;
        Optional<Integer> lowRank = rank(baseline.length, current.length, tail);
        Optional<Integer> highRank = rank(current.length, baseline.length, tail);
        if (lowRank.isEmpty() || highRank.isEmpty()) {
            return Optional.empty();
        }
        double[] base = baseline.clone();
        double[] now = current.clone();
        Arrays.sort(base);
        Arrays.sort(now);
        return Optional.of(new Interval(now[0] / base[lowRank.get() - 1], now[highRank.get() - 1] / base[0],
                confidence, Interval.Method.EXTREME_RANKS));
    }

    /** The fewest trials each run needs for an interval at {@code confidence}. */
    public static int fewestTrials(double confidence) {
        int n = 1;
        while (rank(n, n, (1 - confidence) / 2).isEmpty()) {
            n++;
        }
        return n;
    }

    /**
     * The smallest {@code k <= n} for which the {@code k} fastest of {@code n + m} exchangeable figures all fall among
     * the {@code n} with chance at most {@code tail}.
     */
    static Optional<Integer> rank(int n, int m, double tail) {
        for (int k = 1; k <= n; k++) {
            if (chanceAllFastestFrom(n, m, k) <= tail) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** C(n, k) / C(n + m, k): the chance that the k fastest of n + m exchangeable figures are all among the n. */
    static double chanceAllFastestFrom(int n, int m, int k) {
        return Math.exp(CombinatoricsUtils.binomialCoefficientLog(n, k)
                - CombinatoricsUtils.binomialCoefficientLog(n + m, k));
    }
}
