package org.seqbench.results.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.seqbench.results.CellResult;

/**
 * The candidates for a cell's headline latency across its trials. Each reads one figure of every trial and
 * summarises those figures; which one becomes the headline is for A/A evidence ({@link Reproducibility}) to decide.
 * Under noise that only slows a program down, the minimum or a low quantile estimates the undisturbed time best
 * (Chen and Revels 2016); the median and the mean are the usual alternatives.
 *
 * <p>Intervals: a quantile of the trial figures (the medians, the 10th percentile, the median of minima) gets the
 * distribution-free order-statistic interval ({@link OrderStatistics}); the mean and the minimum, which have no such
 * interval, get a seeded percentile {@link Bootstrap}. The minimum's bootstrap interval starts at the observed
 * minimum itself, since no resample can go below it: it says how much the minimum rests on its few fastest trials.
 */
public enum TrialEstimator {
    MEDIAN_OF_MEDIANS("median of trial medians", CellResult.Trial::median, 0.5, CellResult.Latency::p50),
    MEAN_OF_MEANS("mean of trial means", CellResult.Trial::mean, Double.NaN, CellResult.Latency::mean),
    MINIMUM("minimum", CellResult.Trial::min, Double.NaN, CellResult.Latency::min),
    P10_OF_MEDIANS("10th percentile of trial medians", CellResult.Trial::median, 0.1, CellResult.Latency::p50),
    MEDIAN_OF_MINIMA("median of trial minima", CellResult.Trial::min, 0.5, CellResult.Latency::min);

    /**
     * The estimator that drives every fit, crossover, gain and comparison, chosen by the A/A evidence of this
     * project's machine (see the README's "Which figure drives what").
     */
    public static final TrialEstimator HEADLINE = MINIMUM;

    /** The level of every interval these estimators report. */
    public static final double CONFIDENCE = 0.95;

    private final String label;
    private final ToDoubleFunction<CellResult.Trial> figure;
    private final double quantile;
    private final ToDoubleFunction<CellResult.Latency> fallback;

    TrialEstimator(String label, ToDoubleFunction<CellResult.Trial> figure, double quantile,
            ToDoubleFunction<CellResult.Latency> fallback) {
        this.label = label;
        this.figure = figure;
        this.quantile = quantile;
        this.fallback = fallback;
    }

    /** The estimator's name in records and on the command line: "median-of-minima". */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The estimator named {@code id} ({@link #id()}), if there is one. */
    public static java.util.Optional<TrialEstimator> byId(String id) {
        return java.util.Arrays.stream(values()).filter(estimator -> estimator.id().equals(id)).findFirst();
    }

    /** In words, for reports: "median of trial medians". */
    public String label() {
        return label;
    }

    /** Whether the interval is the order-statistic one (a quantile) rather than a bootstrap. */
    public Interval.Method method() {
        return Double.isNaN(quantile) ? Interval.Method.BOOTSTRAP : Interval.Method.ORDER_STATISTIC;
    }

    /**
     * Whether one run's trials give this estimator an interval worth showing beside it. Not the minimum's: no
     * resample goes below it, so its bootstrap interval only says how much it rests on its fastest trials; between
     * two runs, its ratio has a true interval ({@link MinimumRatio}).
     */
    public boolean intervalWithinRun() {
        return this != MINIMUM;
    }

    /** The fewest trials this estimator's 95% interval can be computed from. */
    public int fewestTrials() {
        return method() == Interval.Method.BOOTSTRAP ? Bootstrap.FEWEST_TRIALS
                : OrderStatistics.fewestFigures(quantile, CONFIDENCE);
    }

    /** The figure of each trial this estimator summarises, in trial order. */
    public double[] figures(List<CellResult.Trial> trials) {
        return trials.stream().mapToDouble(figure).toArray();
    }

    /** The estimate from per-trial figures (those of {@link #figures}). */
    public double of(double[] figures) {
        if (figures.length == 0) {
            throw new IllegalArgumentException("the " + label + " needs at least one trial");
        }
        if (this == MEAN_OF_MEANS) {
            return Arrays.stream(figures).average().orElseThrow();
        }
        if (this == MINIMUM) {
            return Arrays.stream(figures).min().orElseThrow();
        }
        // R-7, the definition of R's and NumPy's default quantile: the median of an even count is the middle mean.
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(figures, quantile * 100);
    }

    /** The figure of a cell measured without trials that stands for this estimator (its p50, mean or minimum). */
    public double fallback(CellResult.Latency latency) {
        return fallback.applyAsDouble(latency);
    }

    /** This estimator over {@code trials} with its 95% interval, or the reason there is none. */
    public TrialEstimate estimate(List<CellResult.Trial> trials, Bootstrap bootstrap) {
        double[] figures = figures(trials);
        double value = of(figures);
        if (figures.length < fewestTrials()) {
            return new TrialEstimate(this, value, figures.length, null, notEnough(figures.length));
        }
        if (method() == Interval.Method.BOOTSTRAP) {
            return new TrialEstimate(this, value, figures.length, bootstrap.interval(figures, this::of, CONFIDENCE),
                    null);
        }
        int[] ranks = OrderStatistics.ranks(figures.length, quantile, CONFIDENCE).orElseThrow();
        double[] sorted = figures.clone();
        Arrays.sort(sorted);
        return new TrialEstimate(this, value, figures.length,
                new Interval(sorted[ranks[0] - 1], sorted[ranks[1] - 1], CONFIDENCE, Interval.Method.ORDER_STATISTIC),
                null);
    }

    /**
     * The ratio {@code current / baseline} of this estimator with its 95% interval (a bootstrap; for the minimum the
     * distribution-free {@link MinimumRatio}), or why there is none.
     */
    public TrialRatio ratio(List<CellResult.Trial> baseline, List<CellResult.Trial> current, Bootstrap bootstrap) {
        double[] base = figures(baseline);
        double[] now = figures(current);
        double baseValue = of(base);
        double currentValue = of(now);
        int fewest = Math.min(base.length, now.length);
        if (this == MINIMUM) {
            // No resample goes below a minimum: the ratio's interval comes from ranks, not a bootstrap.
            return MinimumRatio.interval(base, now, CONFIDENCE)
                    .map(interval -> new TrialRatio(this, baseValue, currentValue, interval, null))
                    .orElseGet(() -> new TrialRatio(this, baseValue, currentValue, null, fewest + " trials; the "
                            + "ratio of minima needs at least " + MinimumRatio.fewestTrials(CONFIDENCE)
                            + " in each cell"));
        }
        if (fewest < Bootstrap.FEWEST_TRIALS) {
            return new TrialRatio(this, baseValue, currentValue, null,
                    fewest + " trials; a ratio's interval needs at least " + Bootstrap.FEWEST_TRIALS + " in each cell");
        }
        return new TrialRatio(this, baseValue, currentValue, bootstrap.ratio(base, now, this::of, CONFIDENCE), null);
    }

    String notEnough(int trials) {
        return trials + (trials == 1 ? " trial" : " trials") + "; a 95% interval of the " + label + " needs at least "
                + fewestTrials();
    }
}
