package org.seqbench.djl;

import org.seqbench.conformance.TrainingConformanceKit;
import org.seqbench.spi.BackendProvider;

/** libtorch's autograd through DJL: input gradients, SGD steps and Adam's learning, for all four kinds. */
class DjlTrainingConformanceTest extends TrainingConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
