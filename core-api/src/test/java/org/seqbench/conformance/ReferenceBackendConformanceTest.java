package org.seqbench.conformance;

import org.seqbench.spi.BackendProvider;

/** The kit passes on the float64 reference itself (rounded to float32): the kit's own baseline. */
class ReferenceBackendConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new ReferenceBackendProvider();
    }
}
