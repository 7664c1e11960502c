package org.seqbench.cuda.model;

import java.util.List;

/** One entry of a {@link LaunchPlan}, in stream order: a matrix product or a kernel launch. */
public sealed interface Step permits Gemm, Launch {
    /** The buffers this step reads or writes. */
    List<Buffer> buffers();
}
