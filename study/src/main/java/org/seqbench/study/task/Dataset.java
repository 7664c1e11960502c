package org.seqbench.study.task;

import org.seqbench.core.Tensor;

/**
 * Sequences of a task with their targets, as the training SPI takes them.
 *
 * @param inputs batch-first {@code [count, length, inputSize]}
 * @param targets what the task's loss takes ({@link org.seqbench.core.Loss#targetShape}): class indices
 *     {@code [count]} for cross-entropy, {@code [count, 1]} for the adding problem's mean squared error
 */
public record Dataset(Tensor inputs, Tensor targets) {

    /** How many sequences it holds. */
    public int count() {
        return inputs.dimension(0);
    }

    /** The length of every sequence. */
    public int length() {
        return inputs.dimension(1);
    }
}
