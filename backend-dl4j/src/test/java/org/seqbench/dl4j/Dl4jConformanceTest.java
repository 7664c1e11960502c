package org.seqbench.dl4j;

import org.seqbench.conformance.BackendConformanceKit;
import org.seqbench.spi.BackendProvider;

/** Every kind and variant this backend offers computes the reference's function within the kit's default 1e-5. */
class Dl4jConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new Dl4jBackendProvider();
    }
}
