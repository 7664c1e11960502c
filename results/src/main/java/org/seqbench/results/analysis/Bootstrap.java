package org.seqbench.results.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * A percentile bootstrap over a cell's trials, seeded so that a report computed twice from the same records says the
 * same thing. Each call starts from the seed afresh, so an interval does not depend on what was computed before it.
 * Written by hand: Commons Math 3 has no bootstrap.
 *
 * @param resamples how many resamples each interval draws
 * @param seed the seed every call starts from
 */
public record Bootstrap(int resamples, long seed) {

    /** What reports use: enough resamples that the interval's ends move by well under a percent between seeds. */
    public static final Bootstrap DEFAULT = new Bootstrap(10_000, 0x5EB_E9C4L);

    /**
     * The fewest trials a bootstrap interval is computed from: with fewer, the resamples take so few distinct values
     * that the percentile ends are little more than the trials' extremes.
     */
    public static final int FEWEST_TRIALS = 5;

    public Bootstrap {
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, not " + resamples);
        }
    }

    /** The percentile interval of {@code statistic} over resamples of {@code figures}. */
    public Interval interval(double[] figures, ToDoubleFunction<double[]> statistic, double confidence) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        double[] resample = new double[figures.length];
        for (int r = 0; r < resamples; r++) {
            draw(figures, resample, random);
            values[r] = statistic.applyAsDouble(resample);
        }
        return percentiles(values, confidence);
    }

    /**
     * The percentile interval of {@code statistic(current) / statistic(baseline)}, each cell's trials resampled on
     * their own (the two runs are independent).
     */
    public Interval ratio(double[] baseline, double[] current, ToDoubleFunction<double[]> statistic,
            double confidence) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        double[] base = new double[baseline.length];
        double[] now = new double[current.length];
        for (int r = 0; r < resamples; r++) {
            draw(baseline, base, random);
            draw(current, now, random);
            values[r] = statistic.applyAsDouble(now) / statistic.applyAsDouble(base);
        }
        return percentiles(values, confidence);
    }

    private static void draw(double[] from, double[] into, SplittableRandom random) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
    }

    private static Interval percentiles(double[] values, double confidence) {
        Arrays.sort(values);
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(values);
        double tail = (1 - confidence) / 2 * 100;
        return new Interval(percentile.evaluate(tail), percentile.evaluate(100 - tail), confidence,
                Interval.Method.BOOTSTRAP);
    }
}
