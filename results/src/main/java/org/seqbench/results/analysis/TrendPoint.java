package org.seqbench.results.analysis;

import java.util.Map;

/**
 * One recorded run's figure for one cell, a point of that cell's {@link CellTrend history}.
 *
 * @param runId the run's id
 * @param createdAt ISO-8601 instant the run started: the point's place in time
 * @param branch the branch the run was recorded under ({@code history record --branch})
 * @param commit the commit it was recorded under; the run's own commit when none was given; null when unknown
 * @param value the cell's headline latency in that run, in ms ({@link TrialEstimator#HEADLINE})
 * @param low the headline interval's lower end, in ms; null when the run had too few trials for one
 * @param high the headline interval's upper end, in ms; null when the run had too few trials for one
 * @param p50 the median of the cell's samples, in ms; null where not recorded
 * @param trials how many trials the headline summarises (0 for a cell measured as one fork)
 * @param disturbed whether the cell was measured under contention or on a slow host in that run
 * @param settings the engine settings of the cell's backend in that run (key to value); empty where not recorded
 */
public record TrendPoint(String runId, String createdAt, String branch, String commit, double value, Double low,
        Double high, Double p50, int trials, boolean disturbed, Map<String, String> settings) {

    public TrendPoint {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
