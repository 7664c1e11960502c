package org.seqbench.results.analysis;

import java.util.List;
import org.seqbench.results.CellResult;

/** A cell's headline ({@link CellResult.Headline}) from its trials: the {@link TrialEstimator#HEADLINE} and its modes. */
public final class Headlines {
    private Headlines() {
    }

    /** The headline of {@code trials} (at least one), with its 95% interval where they are enough for one. */
    public static CellResult.Headline of(List<CellResult.Trial> trials) {
        return of(trials, TrialEstimator.HEADLINE);
    }

    /** The headline of {@code trials} by {@code estimator} (a record keeps the estimator it was made with). */
    public static CellResult.Headline of(List<CellResult.Trial> trials, TrialEstimator estimator) {
        // An estimator without an interval within a run is not bootstrapped for one that would be dropped.
        Interval interval = estimator.intervalWithinRun()
                ? estimator.estimate(trials, Bootstrap.DEFAULT).interval() : null;
        return new CellResult.Headline(estimator.id(), estimator.of(estimator.figures(trials)),
                interval == null ? null : interval.low(), interval == null ? null : interval.high(),
                TrialEstimator.CONFIDENCE, trials.size(), Modality.of(trials).clusters().size(),
                spread(trials, estimator), null);
    }

    /**
     * How far, as a fraction, {@code estimator}'s figure of these trials would move between two runs like this one:
     * the larger distance from 1 of the 95% interval that comparing these trials with themselves gives the ratio, by
     * the same rule {@code compare} and {@code reproducibility} use ({@link TrialEstimator#ratio}). For the minimum
     * of n trials that is {@code x_(k) / x_(1) - 1}, k the rank {@link MinimumRatio} takes (5 of 6, 6 of many): more
     * trials fill in the fast tail and narrow it. Null when the trials are too few for an interval.
     */
    public static Double spread(List<CellResult.Trial> trials, TrialEstimator estimator) {
        Interval interval = estimator.ratio(trials, trials, Bootstrap.DEFAULT).interval();
        return interval == null ? null : Math.max(interval.high() - 1, 1 - interval.low());
    }
}
