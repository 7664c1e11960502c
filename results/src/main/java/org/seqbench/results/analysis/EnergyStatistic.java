package org.seqbench.results.analysis;

/**
 * The E-divisive statistic q̂ of Matteson and James ("A nonparametric approach for multiple change point analysis of
 * multivariate data", JASA 2014), with exponent 1, for every split of a series: hand-written, as no Java library
 * offers it. For a segment {@code X = z[s, τ)} and the points after it {@code Y = z[τ, κ)}, of n and m points,
 * <pre>
 *   q̂ = nm / (n + m) · (2/(nm) Σ|x - y| - 1/C(n,2) Σ_{i&lt;k} |x_i - x_k| - 1/C(m,2) Σ_{j&lt;k} |y_j - y_k|),
 * </pre>
 * the scaled energy distance between the two samples: large when the points on either side are far from each other
 * compared with how far they are from their own side. Every sum is read from a table of within-interval sums built
 * once, so that a segment's best split costs time quadratic in its length, not cubic.
 */
final class EnergyStatistic {
    /** {@code within[a][len]}: the sum of |z_i - z_k| over the pairs i &lt; k of {@code z[a, a + len)}. */
    private final double[][] within;

    /** The split a segment's largest q̂ proposes: Y is {@code z[index, end)}. */
    record Candidate(int index, int end, double qHat) {
    }

    EnergyStatistic(double[] series) {
        int n = series.length;
        within = new double[n + 1][];
        for (int a = 0; a <= n; a++) {
            within[a] = new double[n - a + 1];
        }
        // Adding point c to every interval that ends just before it: [a, c) grows by the distances from c to z[a, c).
        for (int c = 1; c < n; c++) {
            double column = 0;
            for (int a = c - 1; a >= 0; a--) {
                column += Math.abs(series[a] - series[c]);
                within[a][c + 1 - a] = within[a][c - a] + column;
            }
        }
    }

    private double within(int from, int to) {
        return within[from][to - from];
    }

    /** q̂ between {@code z[from, at)} and {@code z[at, to)}; both sides need at least 2 points. */
    double qHat(int from, int at, int to) {
        int n = at - from;
        int m = to - at;
        double left = within(from, at);
        double right = within(at, to);
        double between = within(from, to) - left - right;
        double energy = 2 * between / ((double) n * m) - 2 * left / ((double) n * (n - 1))
                - 2 * right / ((double) m * (m - 1));
        return (double) n * m / (n + m) * energy;
    }

    /**
     * The split of {@code z[from, to)} with the largest q̂ over every first point {@code τ} and every end {@code κ} of
     * the points after it, each side at least {@code minSegment} long; null when the segment is too short for one.
     * Ties go to the earliest split.
     */
    Candidate best(int from, int to, int minSegment) {
        Candidate best = null;
        for (int at = from + minSegment; at <= to - minSegment; at++) {
            for (int end = at + minSegment; end <= to; end++) {
                double qHat = qHat(from, at, end);
                if (best == null || qHat > best.qHat()) {
                    best = new Candidate(at, end, qHat);
                }
            }
        }
        return best;
    }
}
