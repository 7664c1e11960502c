package org.seqbench.results;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency samples as distinct values with their counts (JMH's raw histogram of a {@code SampleTime} run), in ms:
 * what one trial's figures are read from, and what the trials of a cell are pooled into for the latency
 * distribution a user sees. Quantiles are nearest-rank (the smallest sample with at least that share at or below
 * it), exact on the recorded samples. Hand-written: Commons Math's percentiles take every sample, not counts.
 *
 * @param values the distinct sample values, ascending, in ms
 * @param counts how many samples had each value
 */
public record SampleHistogram(double[] values, long[] counts) {

    public SampleHistogram {
        if (values.length != counts.length) {
            throw new IllegalArgumentException(values.length + " values but " + counts.length + " counts");
        }
        values = values.clone();
        counts = counts.clone();
    }

    /** The histogram of {@code samples}: value in ms to how many samples had it. */
    public static SampleHistogram of(Map<Double, Long> samples) {
        TreeMap<Double, Long> sorted = new TreeMap<>();
        samples.forEach((value, count) -> {
            if (count > 0) {
                sorted.merge(value, count, Long::sum);
            }
        });
        return new SampleHistogram(sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                sorted.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** Every sample of {@code histograms} in one histogram. */
    public static SampleHistogram pooled(List<SampleHistogram> histograms) {
        TreeMap<Double, Long> all = new TreeMap<>();
        for (SampleHistogram histogram : histograms) {
            for (int i = 0; i < histogram.values.length; i++) {
                all.merge(histogram.values[i], histogram.counts[i], Long::sum);
            }
        }
        return of(all);
    }

    public long samples() {
        return Arrays.stream(counts).sum();
    }

    public boolean isEmpty() {
        return samples() == 0;
    }

    public double min() {
        requireSamples();
        return values[0];
    }

    public double max() {
        requireSamples();
        return values[values.length - 1];
    }

    public double mean() {
        requireSamples();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * counts[i];
        }
        return sum / samples();
    }

    /** The nearest-rank {@code q}-quantile (0 < q <= 1): the smallest value with at least q of the samples at or below. */
    public double quantile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile is in (0, 1], not " + q);
        }
        requireSamples();
        long rank = (long) Math.ceil(q * samples());
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private void requireSamples() {
        if (values.length == 0 || samples() == 0) {
            throw new IllegalStateException("the histogram holds no samples");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SampleHistogram that && Arrays.equals(values, that.values)
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "SampleHistogram[" + samples() + " samples, " + values.length + " values]";
    }
}
