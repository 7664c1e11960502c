package org.seqbench.cuda.model;

import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.BackendVariant;

/** How the CUDA backend issues a forward pass's work; both run the same launch plan. */
public enum Variant implements BackendVariant {
    /** Every GEMM and kernel launched one by one from Java on each pass. */
    GEMM_LOOP,
    /**
     * The same launches captured once per prepared input into a CUDA graph and replayed with one launch per pass,
     * which takes the host's per-launch cost (large for the recurrent kinds' T x layers steps) out of the pass.
     */
    CUDA_GRAPH;

    /** The variants offered for {@code kind}, default first: the same for every kind. */
    public static List<Variant> offeredFor(ModelKind kind) {
        return List.of(GEMM_LOOP, CUDA_GRAPH);
    }
}
