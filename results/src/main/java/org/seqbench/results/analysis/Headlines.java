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
                TrialEstimator.CONFIDENCE, trials.size(), Modality.of(trials).clusters().size());
    }
}
