package org.seqbench.study.task;

/**
 * How well a model did on a held-out set.
 *
 * @param accuracy the share of sequences answered right: the predicted class for recall, an answer within the
 *     tolerance for the adding problem
 * @param loss the task's loss on the set: mean cross-entropy for recall, the mean squared error for adding
 * @param sequences how many held-out sequences it rests on
 */
public record Score(double accuracy, double loss, int sequences) {
}
