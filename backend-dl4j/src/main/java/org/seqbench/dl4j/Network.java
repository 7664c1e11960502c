package org.seqbench.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqbench.core.Tensor;

/** One way of computing a model with ND4J: a SameDiff graph, native operators called directly, or eager array ops. */
interface Network extends AutoCloseable {

    /** Turns a shape-checked batch-first input into the arrays {@link #forward} reads; not measured. */
    Feeds prepare(Tensor input);

    /**
     * One forward pass.
     *
     * @return a new array of shape {@code spec.outputShape(batch, seq)} that the caller closes
     */
    INDArray forward(Feeds feeds);

    /** Frees the weights and graph. */
    @Override
    void close();
}
