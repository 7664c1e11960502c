package org.seqbench.dl4j;

import org.seqbench.conformance.TrainingConformanceKit;
import org.seqbench.spi.BackendProvider;

/** SameDiff's backpropagation: input gradients, SGD steps and Adam's learning, for every kind dl4j trains. */
class Dl4jTrainingConformanceTest extends TrainingConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new Dl4jBackendProvider();
    }
}
