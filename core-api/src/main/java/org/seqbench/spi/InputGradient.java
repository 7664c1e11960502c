package org.seqbench.spi;

import org.seqbench.core.Tensor;

/**
 * The loss of a batch and its gradient with respect to every input element.
 *
 * @param loss the batch's loss (see {@link org.seqbench.core.Loss})
 * @param gradient dLoss/dInput, shaped like the input {@code [batch, seq, inputSize]}: how much each time step of
 *     each sequence moves the loss, which is what a study of gradient flow against distance reads
 */
public record InputGradient(double loss, Tensor gradient) {
}
