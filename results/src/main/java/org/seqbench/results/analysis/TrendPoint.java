package org.seqbench.results.analysis;

import java.util.Map;
import java.util.Optional;
import org.seqbench.results.CellResult;

/**
 * One recorded run's figure for one cell, a point of that cell's {@link CellTrend history}.
 *
 * @param runId the run's id
 * @param createdAt ISO-8601 instant the run started: the point's place in time
 * @param branch the branch the run was recorded under ({@code history record --branch})
 * @param commit the commit it was recorded under; the run's own commit when none was given; null when unknown
 * @param value the cell's level in that run, in ms: the {@link #ESTIMATOR median of its trials' medians}
 * @param low that median's 95% interval across trials, lower end, in ms; null when the run had too few trials
 * @param high its upper end, in ms; null when the run had too few trials
 * @param p50 the median of the cell's samples, in ms; null where not recorded
 * @param trials how many trials the headline summarises (0 for a cell measured as one fork)
 * @param disturbed whether the cell was measured under contention or on a slow host in that run
 * @param settings the engine settings of the cell's backend in that run (key to value); empty where not recorded
 */
public record TrendPoint(String runId, String createdAt, String branch, String commit, double value, Double low,
        Double high, Double p50, int trials, boolean disturbed, Map<String, String> settings) {

    /**
     * What a history follows: the median of the trials' medians, not compare's headline (the minimum). A series over
     * runs wants each run's typical level with an interval, and the minimum has none within one run; the median has
     * a distribution-free one across trials (order statistics: six trials or more), and is what Hunter segments.
     */
    public static final TrialEstimator ESTIMATOR = TrialEstimator.MEDIAN_OF_MEDIANS;

    public TrendPoint {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /**
     * A cell's level in one run with its interval.
     *
     * @param value in ms
     * @param low in ms; null without an interval
     * @param high in ms; null without an interval
     */
    public record Figure(double value, Double low, Double high) {

        /**
         * The {@link #ESTIMATOR} over an ok cell's trials with its interval; for a cell measured as one fork (records
         * before trials) its samples' p50 without one; empty for a cell not measured ok.
         */
        public static Optional<Figure> of(CellResult result) {
            if (!result.ok()) {
                return Optional.empty();
            }
            if (!result.trials().isEmpty()) {
                TrialEstimate estimate = ESTIMATOR.estimate(result.trials(), Bootstrap.DEFAULT);
                return Optional.of(estimate.hasInterval()
                        ? new Figure(estimate.value(), estimate.interval().low(), estimate.interval().high())
                        : new Figure(estimate.value(), null, null));
            }
            return result.latency() == null ? Optional.empty()
                    : Optional.of(new Figure(ESTIMATOR.fallback(result.latency()), null, null));
        }
    }
}
