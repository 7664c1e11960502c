package org.seqbench.results.analysis;

import java.util.Optional;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The distribution-free confidence interval of a quantile: for {@code n} independent figures, the number of them
 * below the population's q-quantile is Binomial(n, q) whatever their distribution, so the order statistics
 * {@code [X(l), X(u)]} cover that quantile with probability {@code P(l <= B < u)} exactly (continuous figures).
 * The ranks are the equal-tailed ones: each tail keeps at most (1 - confidence) / 2.
 */
public final class OrderStatistics {
    private OrderStatistics() {
    }

    /**
     * The 1-based ranks {@code {l, u}} of the equal-tailed interval of the q-quantile, or empty when {@code n}
     * figures are too few for one (a tail would need a rank below 1 or above n).
     */
    public static Optional<int[]> ranks(int n, double q, double confidence) {
        if (n < 1) {
            return Optional.empty();
        }
        double tail = (1 - confidence) / 2;
        BinomialDistribution below = new BinomialDistribution(null, n, q);
        int low = 0;
        for (int k = 1; k <= n; k++) {
            if (below.cumulativeProbability(k - 1) <= tail) {
                low = k;
            }
        }
        int high = 0;
        for (int k = n; k >= 1; k--) {
            if (below.cumulativeProbability(k - 1) >= 1 - tail) {
                high = k;
            }
        }
        return low == 0 || high == 0 ? Optional.empty() : Optional.of(new int[] {low, high});
    }

    /** The exact coverage of {@code [X(low), X(high)]} (1-based ranks) for the q-quantile of n figures. */
    public static double coverage(int n, double q, int low, int high) {
        BinomialDistribution below = new BinomialDistribution(null, n, q);
        return below.cumulativeProbability(high - 1) - below.cumulativeProbability(low - 1);
    }

    /** The fewest figures for which the q-quantile has an equal-tailed interval at {@code confidence}. */
    public static int fewestFigures(double q, double confidence) {
        int n = 1;
        while (ranks(n, q, confidence).isEmpty()) {
            n++;
        }
        return n;
    }
}
