package org.seqbench.cuda.model;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.cuda.device.Gpu;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.Precision;

/** Loads a model of any kind onto a GPU: the provider's one entry into this package. */
public final class CudaModels {
    private CudaModels() {
    }

    /**
     * Uploads {@code weights} and returns the model; closing it frees the weights, not the GPU.
     *
     * @param weights exactly the parameters of {@code spec} (the provider checks them first)
     * @param precision the GEMMs' arithmetic; element-wise kernels compute in float32 whatever it is
     * @throws org.seqbench.spi.BackendException if the upload or a kernel's compilation fails
     */
    public static BackendModel load(Gpu gpu, ModelSpec spec, Weights weights, Precision precision, Variant variant) {
        return spec.kind().isRecurrent()
                ? new CudaRecurrentModel(gpu, spec, weights, precision, variant)
                : new CudaTransformerModel(gpu, spec, weights, precision, variant);
    }
}
