package org.seqbench.study.training;

/**
 * How one learning rate of a grid did for one kind and length, over its seeds.
 *
 * @param score the task's metric on the held-out sets, over seeds
 * @param diverged how many of the seeds' runs had a non-finite loss
 */
public record RateScore(double learningRate, Spread score, int diverged) {
}
