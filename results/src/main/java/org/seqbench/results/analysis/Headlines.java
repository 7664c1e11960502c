package org.seqbench.results.analysis;

import java.util.List;
import org.seqbench.results.CellResult;

/** A cell's headline ({@link CellResult.Headline}) from its trials: the {@link TrialEstimator#HEADLINE} and its modes. */
public final class Headlines {
    private Headlines() {
    }

    /** The headline of {@code trials} (at least one), with its 95% interval where they are enough for one. */
    public static CellResult.Headline of(List<CellResult.Trial> trials) {
        TrialEstimate estimate = TrialEstimator.HEADLINE.estimate(trials, Bootstrap.DEFAULT);
        Interval interval = estimate.interval();
        return new CellResult.Headline(TrialEstimator.HEADLINE.id(), estimate.value(),
                interval == null ? null : interval.low(), interval == null ? null : interval.high(),
                TrialEstimator.CONFIDENCE, trials.size(), Modality.of(trials).clusters().size());
    }
}
