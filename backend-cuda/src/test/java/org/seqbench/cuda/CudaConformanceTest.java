package org.seqbench.cuda;

import org.seqbench.conformance.BackendConformanceKit;
import org.seqbench.conformance.EngineExpectation;
import org.seqbench.spi.BackendProvider;

/**
 * The kit for CUDA: on a machine with an NVIDIA GPU every claimed kind and variant must match the reference; on one
 * without, the GPU checks are skipped with the availability reason, and the kit checks instead that loading is
 * refused with it.
 */
class CudaConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CudaBackendProvider();
    }

    @Override
    protected EngineExpectation engineExpectation() {
        return EngineExpectation.needs("an NVIDIA GPU with a CUDA 13 driver");
    }
}
