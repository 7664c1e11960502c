package org.seqbench.onnx;

import org.seqbench.conformance.BackendConformanceKit;
import org.seqbench.spi.BackendProvider;

/** ONNX Runtime computes every kind and variant it offers within the kit's default tolerance of 1e-5. */
class OnnxConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new OnnxBackendProvider();
    }
}
