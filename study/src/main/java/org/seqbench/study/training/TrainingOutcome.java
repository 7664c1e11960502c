package org.seqbench.study.training;

import org.seqbench.core.Weights;

/**
 * A finished training run with the parameters it ended with, which the gradient-flow study measures after
 * training.
 */
public record TrainingOutcome(TrainingResult result, Weights trained) {
}
