package org.seqbench.results.analysis;

/**
 * One estimator of a cell in two runs, as {@code current / baseline}: above 1 the current run is slower.
 *
 * @param estimator which estimator
 * @param baseline its value in the baseline, in ms
 * @param current its value in the current run, in ms
 * @param interval the ratio's 95% bootstrap interval; null when there is none
 * @param noInterval why there is none; null when there is one
 */
public record TrialRatio(TrialEstimator estimator, double baseline, double current, Interval interval,
        String noInterval) {

    public double ratio() {
        return current / baseline;
    }

    public boolean hasInterval() {
        return interval != null;
    }

    /** Whether the interval contains 1 (no change shown); only for a ratio that has an interval. */
    public boolean containsOne() {
        if (interval == null) {
            throw new IllegalStateException("this ratio has no interval: " + noInterval);
        }
        return interval.contains(1);
    }
}
