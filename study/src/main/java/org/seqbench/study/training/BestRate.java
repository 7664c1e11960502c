package org.seqbench.study.training;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.study.task.Metric;

/**
 * The learning rate a grid found best for one kind and length, by the mean held-out score over seeds, with every
 * rate tried so that the grid can be stated beside the result.
 *
 * @param metric what the scores are
 * @param grid every rate tried, in the grid's order
 */
public record BestRate(ModelKind kind, int length, Metric metric, RateScore best, List<RateScore> grid) {

    public BestRate {
        grid = List.copyOf(grid);
    }
}
