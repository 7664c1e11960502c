package org.seqbench.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link LinearHead} held as engine arrays, for the networks that run outside SameDiff. */
final class LinearHeadArrays implements AutoCloseable {
    private final INDArray weight;
    private final INDArray bias;

    LinearHeadArrays(LinearHead head) {
        weight = NdArrays.of(head.weight(), head.width(), head.outputs());
        bias = NdArrays.of(head.bias(), 1, head.outputs());
    }

    /** {@code last · W + b} for the last positions {@code [batch, width]}; a new array. */
    INDArray apply(INDArray last) {
        return last.mmul(weight).addiRowVector(bias);
    }

    @Override
    public void close() {
        weight.close();
        bias.close();
    }
}
