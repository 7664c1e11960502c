package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A model's forward function over libtorch tensors. The NDArray-built networks are plain differentiable libtorch
 * calls, so the trainer runs the very code the benchmarks measure, with autograd on.
 *
 * <p>Results of a libtorch call belong to the manager of the tensor it is called on, so implementations always
 * call operations on the input or on intermediate results, never on a parameter: then everything a forward pass
 * creates lands in the caller's per-call manager.
 */
interface Network extends AutoCloseable {

    /**
     * The tensors a forward pass over inputs of this shape needs besides the input (zero initial states, the
     * positional encoding), made once outside the measured region.
     */
    NDList constants(NDManager manager, int batch, int length);

    /** The output for {@code input} {@code [batch, seq, inputSize]}; {@code constants} came from {@link #constants}. */
    NDArray forward(NDArray input, NDList constants);

    /** Frees what the network holds outside its model's manager. */
    @Override
    default void close() {
    }
}
