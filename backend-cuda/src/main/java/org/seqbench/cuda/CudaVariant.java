package org.seqbench.cuda;

import java.util.List;
import org.seqbench.spi.BackendVariant;

/** How this backend runs a model's launches; both compute the same, and each is a path a benchmark can measure. */
public enum CudaVariant implements BackendVariant {
    /** The kernels and GEMMs launched one by one from the host, every forward. */
    GEMM_LOOP,
    /** The same launches captured once per input shape into a CUDA graph and replayed with one launch. */
    CUDA_GRAPH;

    /** Every kind offers both, the launch loop first (the default). */
    static final List<CudaVariant> OFFERED = List.of(GEMM_LOOP, CUDA_GRAPH);
}
