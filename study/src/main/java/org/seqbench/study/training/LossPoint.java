package org.seqbench.study.training;

/**
 * One point of a loss curve.
 *
 * @param sequences training sequences seen when the point was taken
 * @param loss the mean of the batch losses since the previous point
 */
public record LossPoint(int sequences, double loss) {
}
