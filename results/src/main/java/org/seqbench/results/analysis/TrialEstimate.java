package org.seqbench.results.analysis;

/**
 * One estimator's figure for a cell, across its trials.
 *
 * @param estimator which estimator
 * @param value the estimate, in ms
 * @param trials how many trials it summarises
 * @param interval its 95% interval; null when the trials are too few for one
 * @param noInterval why there is no interval ("3 trials; the ... needs at least 6"); null when there is one
 */
public record TrialEstimate(TrialEstimator estimator, double value, int trials, Interval interval,
        String noInterval) {

    public boolean hasInterval() {
        return interval != null;
    }
}
