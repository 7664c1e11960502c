package org.seqbench.results.analysis;

import java.util.Optional;
import org.seqbench.results.CellResult;

/**
 * How much faster one candidate is than the next: the slower's headline over the faster's (above 1), with its 95%
 * interval, and whether the interval excludes 1, that is whether the margin is significant.
 *
 * <p>Two measured cells get the interval of their headline estimator's ratio across their trials (for the minimum the
 * distribution-free {@link MinimumRatio}, which needs 4 trials a cell). Where either latency is derived (fitted or
 * interpolated), the two latencies' intervals are combined on the log scale ({@link Interval.Method#COMBINED}), as
 * independent figures: they come from separate fits of separate cells; except between two batches both were
 * measured at, where the margins measured there are interpolated.
 *
 * @param ratio the slower's headline over the faster's
 * @param interval its 95% interval; null where there is none
 * @param noInterval why there is none; null where there is one
 */
public record Margin(double ratio, Interval interval, String noInterval) {

    public Margin {
        if ((interval == null) == (noInterval == null)) {
            throw new IllegalArgumentException("a margin has an interval or the reason it has none, not both");
        }
    }

    /** Whether the interval excludes 1: the faster is faster beyond the trials' scatter. False without an interval. */
    public boolean significant() {
        return interval != null && !interval.contains(1);
    }

    /** The margin between two measured cells, {@code faster} by headline first. */
    static Margin measured(CellResult faster, CellResult slower) {
        double ratio = slower.headlineMs() / faster.headlineMs();
        if (faster.headline() == null || slower.headline() == null) {
            return new Margin(ratio, null, "a record without trials has no interval across trials");
        }
        Optional<TrialEstimator> estimator = TrialEstimator.byId(faster.headline().estimator())
                .filter(found -> found.id().equals(slower.headline().estimator()));
        if (estimator.isEmpty()) {
            return new Margin(ratio, null, "the two headlines come from different estimators ("
                    + faster.headline().estimator() + ", " + slower.headline().estimator() + ")");
        }
        TrialRatio trials = estimator.get().ratio(faster.trials(), slower.trials(), Bootstrap.DEFAULT);
        return trials.hasInterval() ? new Margin(trials.ratio(), trials.interval(), null)
                : new Margin(trials.ratio(), null, trials.noInterval());
    }

    /**
     * The margin at batch {@code at} between two candidates both measured at batches {@code lower} and
     * {@code upper}: the power law through the margins measured there, their intervals carried along as a latency's
     * are ({@link PredictedLatency#alongBatch}; a ratio of two power laws in batch is one).
     */
    static Margin alongBatch(Margin atLower, int lower, Margin atUpper, int upper, int at) {
        PredictedLatency ratio = PredictedLatency.alongBatch(
                new PredictedLatency(atLower.ratio(), atLower.interval(), atLower.noInterval()), lower,
                new PredictedLatency(atUpper.ratio(), atUpper.interval(), atUpper.noInterval()), upper, at);
        return new Margin(ratio.ms(), ratio.interval(), ratio.noInterval());
    }

    /** The margin between two latencies of which at least one is derived, {@code faster} first. */
    static Margin predicted(PredictedLatency faster, PredictedLatency slower) {
        double ratio = slower.ms() / faster.ms();
        if (!faster.hasInterval()) {
            return new Margin(ratio, null, "the faster has no interval: " + faster.noInterval());
        }
        if (!slower.hasInterval()) {
            return new Margin(ratio, null, "the slower has no interval: " + slower.noInterval());
        }
        double half = Math.hypot(halfWidth(faster.interval()), halfWidth(slower.interval()));
        return new Margin(ratio, new Interval(ratio * Math.exp(-half), ratio * Math.exp(half),
                TrialEstimator.CONFIDENCE, Interval.Method.COMBINED), null);
    }

    /** Half an interval's width on the log scale. */
    private static double halfWidth(Interval interval) {
        return (Math.log(interval.high()) - Math.log(interval.low())) / 2;
    }
}
