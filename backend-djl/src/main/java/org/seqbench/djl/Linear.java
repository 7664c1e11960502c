package org.seqbench.djl;

import ai.djl.ndarray.NDArray;

/** {@code nn.Linear}'s function, {@code x W^T + b}, as libtorch's own {@code linear} op (one fused addmm). */
final class Linear {
    private Linear() {
    }

    /** The result belongs to {@code x}'s manager. */
    static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
