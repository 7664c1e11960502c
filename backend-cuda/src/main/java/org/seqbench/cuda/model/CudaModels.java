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

    /** The device models run on: the one the provider reports as {@code cuda:0}. */
    public static final int DEVICE = 0;

    /**
     * Opens GPU {@link #DEVICE}, uploads {@code weights} and returns the model, which owns the GPU: closing the
     * model closes it. Each model has its own stream and cuBLAS handle, so models never share queued work.
     *
     * @param weights exactly the parameters of {@code spec} (the provider checks them first)
     * @param precision the GEMMs' arithmetic; element-wise kernels compute in float32 whatever it is
     * @throws org.seqbench.spi.BackendException if the GPU cannot be opened, or the upload or a kernel's
     *     compilation fails
     */
    public static BackendModel load(ModelSpec spec, Weights weights, Precision precision, Variant variant) {
        Gpu gpu = Gpu.open(DEVICE);
        try {
            return spec.kind().isRecurrent()
                    ? new CudaRecurrentModel(gpu, spec, weights, precision, variant)
                    : new CudaTransformerModel(gpu, spec, weights, precision, variant);
        } catch (RuntimeException e) {
            try {
                gpu.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
