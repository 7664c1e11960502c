package org.seqbench.results.analysis;

import java.util.Optional;
import org.seqbench.results.CellResult;

/**
 * A latency of one forward pass, measured or derived, with its 95% interval where one can be given.
 *
 * @param ms the latency, in milliseconds
 * @param interval its 95% interval; null where there is none
 * @param noInterval why there is none ("an exact fit leaves no residuals"); null where there is one
 */
public record PredictedLatency(double ms, Interval interval, String noInterval) {

    /** Why an exact fit gives a value alone. */
    static final String EXACT_FIT = "an exact fit (as many lengths as coefficients) has no residuals to estimate one "
            + "from";

    public PredictedLatency {
        if ((interval == null) == (noInterval == null)) {
            throw new IllegalArgumentException("a latency has an interval or the reason it has none, not both");
        }
    }

    public boolean hasInterval() {
        return interval != null;
    }

    static PredictedLatency fitted(double ms, Optional<Interval> interval) {
        return new PredictedLatency(ms, interval.orElse(null), interval.isPresent() ? null : EXACT_FIT);
    }

    /**
     * A cell's headline as measured: the value, and its interval across trials where its estimator has one within a
     * run (the minimum has none); a record without trials has its mean alone.
     */
    static PredictedLatency headline(CellResult result) {
        CellResult.Headline headline = result.headline();
        if (headline == null) {
            return new PredictedLatency(result.headlineMs(), null, "a record without trials has no interval across "
                    + "trials");
        }
        if (headline.hasInterval()) {
            Interval.Method method = TrialEstimator.byId(headline.estimator()).map(TrialEstimator::method)
                    .orElse(Interval.Method.BOOTSTRAP);
            return new PredictedLatency(headline.value(), new Interval(headline.low(), headline.high(),
                    headline.confidence(), method), null);
        }
        Optional<TrialEstimator> estimator = TrialEstimator.byId(headline.estimator());
        boolean none = estimator.isPresent() && !estimator.get().intervalWithinRun();
        return new PredictedLatency(headline.value(), null, none
                ? "the " + estimator.get().label() + " has no interval within one run"
                : headline.trials() + " trials, too few for an interval");
    }

    /**
     * A cell's p50 as measured: the median of its trials' medians with its distribution-free interval across trials
     * (order statistics, from 6 trials on); for a record without trials, the p50 of its samples alone.
     */
    static PredictedLatency p50(CellResult result) {
        if (result.trials().isEmpty()) {
            return new PredictedLatency(result.latency().p50(), null, "a record without trials has no interval "
                    + "across trials");
        }
        TrialEstimate estimate = TrialEstimator.MEDIAN_OF_MEDIANS.estimate(result.trials(), Bootstrap.DEFAULT);
        return new PredictedLatency(estimate.value(), estimate.interval(), estimate.noInterval());
    }

    /**
     * The latency at batch {@code at} on the power law through two latencies at batches {@code lower} and
     * {@code upper} (a straight line on log-log axes, {@link PowerLaw}), {@code at} between them or a little past
     * either. The interval carries each end's distance from its figure on the log scale, weighted as the values are
     * ({@link Interval.Method#INTERPOLATED}); a value alone where either end has no interval.
     */
    static PredictedLatency alongBatch(PredictedLatency atLower, int lower, PredictedLatency atUpper, int upper,
            int at) {
        double value = PowerLaw.fit(new double[] {lower, upper}, new double[] {atLower.ms(), atUpper.ms()})
                .latencyAt(at);
        if (!atLower.hasInterval() || !atUpper.hasInterval()) {
            PredictedLatency lacking = atLower.hasInterval() ? atUpper : atLower;
            return new PredictedLatency(value, null, "at B = " + (lacking == atLower ? lower : upper) + ", "
                    + lacking.noInterval());
        }
        double weight = Math.log((double) at / lower) / Math.log((double) upper / lower);
        // Past an end (a weight outside [0, 1]) the other end's coefficient is negative: its high side then lowers
        // the prediction and its low side raises it.
        double down = 0;
        double up = 0;
        for (int end = 0; end < 2; end++) {
            PredictedLatency figure = end == 0 ? atLower : atUpper;
            double coefficient = end == 0 ? 1 - weight : weight;
            double below = Math.log(figure.ms() / figure.interval().low());
            double above = Math.log(figure.interval().high() / figure.ms());
            down += Math.abs(coefficient) * (coefficient >= 0 ? below : above);
            up += Math.abs(coefficient) * (coefficient >= 0 ? above : below);
        }
        return new PredictedLatency(value, new Interval(value * Math.exp(-down), value * Math.exp(up),
                TrialEstimator.CONFIDENCE, Interval.Method.INTERPOLATED), null);
    }

    /** The p50 figure fits are made on for {@code result}: the value of {@link #p50(CellResult)}. */
    static double p50Ms(CellResult result) {
        return result.trials().isEmpty() ? result.latency().p50()
                : TrialEstimator.MEDIAN_OF_MEDIANS.of(TrialEstimator.MEDIAN_OF_MEDIANS.figures(result.trials()));
    }
}
