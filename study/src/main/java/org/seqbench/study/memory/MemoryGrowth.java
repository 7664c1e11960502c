package org.seqbench.study.memory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * How one backend's forward pass of one kind grows in memory with the sequence length T: the least-squares fit of
 * the resident bytes on (1, T, T^2). For the Transformer the quadratic term is the attention's score matrices, which
 * {@link #attentionBytes} sizes analytically; recurrent models should show none.
 *
 * @param constant the fit's bytes at T = 0 (what does not grow with T)
 * @param linear bytes per step
 * @param quadratic bytes per step squared
 * @param quadraticLow the quadratic coefficient's 95% t interval; unbounded (infinite) when the fit has no degree of
 *     freedom left (as many points as coefficients), since it then says nothing about the scatter
 * @param rSquared how much of the resident bytes' variation the fit explains
 * @param points the measured points the fit used
 * @param largestLength the largest T among them
 */
public record MemoryGrowth(String backend, String kind, double constant, double linear, double quadratic,
        double quadraticLow, double quadraticHigh, double rSquared, int points, int largestLength) {

    /** Fewest distinct lengths a fit of three coefficients needs. */
    public static final int MIN_LENGTHS = 3;

    /**
     * Fits the measured points of one backend and kind; failed points are left out.
     *
     * @throws IllegalArgumentException when the points mix backends or kinds, or fewer than {@link #MIN_LENGTHS}
     *     distinct lengths were measured (naming how many)
     */
    public static MemoryGrowth fit(List<ForwardMemory> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a memory growth fit needs at least " + MIN_LENGTHS
                    + " measured distinct lengths, got no points at all");
        }
        String backend = points.getFirst().backend();
        String kind = points.getFirst().kind();
        for (ForwardMemory point : points) {
            if (!point.backend().equals(backend) || !point.kind().equals(kind)) {
                throw new IllegalArgumentException("a memory growth fit takes the points of one backend and kind, got "
                        + backend + " " + kind + " and " + point.backend() + " " + point.kind());
            }
        }
        List<ForwardMemory> measured = points.stream().filter(ForwardMemory::measured).toList();
        Set<Integer> lengths = new TreeSet<>();
        measured.forEach(point -> lengths.add(point.length()));
        if (lengths.size() < MIN_LENGTHS) {
            throw new IllegalArgumentException("a memory growth fit of " + backend + " " + kind + " needs at least "
                    + MIN_LENGTHS + " measured distinct lengths, got " + lengths.size());
        }
        int largest = lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        // T over the largest T keeps the design's columns near 1: raw T^2 reaches 10^7 and more beside the 1s.
        double scale = largest;
        double[] y = new double[measured.size()];
        double[][] x = new double[measured.size()][];
        for (int i = 0; i < measured.size(); i++) {
            double t = measured.get(i).length() / scale;
            y[i] = measured.get(i).residentBytes();
            x[i] = new double[] {t, t * t};
        }
        OLSMultipleLinearRegression regression = new OLSMultipleLinearRegression();
        regression.newSampleData(y, x);
        double[] beta = regression.estimateRegressionParameters();
        double quadratic = beta[2] / (scale * scale);
        int freedom = measured.size() - beta.length;
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        if (freedom > 0) {
            double standardError = regression.estimateRegressionParametersStandardErrors()[2] / (scale * scale);
            double halfWidth = new TDistribution(freedom).inverseCumulativeProbability(0.975) * standardError;
            low = quadratic - halfWidth;
            high = quadratic + halfWidth;
        }
        return new MemoryGrowth(backend, kind, beta[0], beta[1] / scale, quadratic, low, high,
                regression.calculateRSquared(), measured.size(), largest);
    }

    /** The fit's resident bytes at {@code length}. */
    public double predicted(int length) {
        double t = length;
        return constant + linear * t + quadratic * t * t;
    }

    /** The share of the fitted bytes at the largest length that the quadratic term makes. */
    public double quadraticShare() {
        double t = largestLength;
        return quadratic * t * t / predicted(largestLength);
    }

    /**
     * The analytic size of a Transformer's attention scores: one float32 matrix of T x T per head and sequence,
     * {@code batch * heads * T^2 * 4} bytes. The fit's quadratic term times T^2 should be of this order (an engine
     * that keeps the softmax beside the scores holds about twice it).
     */
    public static double attentionBytes(int batch, int heads, int length) {
        double t = length;
        return (double) batch * heads * t * t * Float.BYTES;
    }
}
