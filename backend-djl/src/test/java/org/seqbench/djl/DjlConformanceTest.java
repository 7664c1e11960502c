package org.seqbench.djl;

import org.seqbench.conformance.BackendConformanceKit;
import org.seqbench.spi.BackendProvider;

/** libtorch through DJL computes every kind and variant it offers within the kit's default tolerance of 1e-5. */
class DjlConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
