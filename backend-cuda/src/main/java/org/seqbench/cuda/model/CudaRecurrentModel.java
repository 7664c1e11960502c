package org.seqbench.cuda.model;

import java.util.List;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.cuda.device.Gpu;
import org.seqbench.spi.Precision;

/**
 * An RNN, LSTM or GRU classifier on the GPU: cuBLAS for the input and recurrent products, one fused gate kernel per
 * step and direction (see {@link RecurrentPlan}).
 */
public final class CudaRecurrentModel extends CudaModel {

    CudaRecurrentModel(Gpu gpu, ModelSpec spec, Weights weights, Precision precision, Variant variant) {
        super(gpu, spec, weights, precision, variant, List.of(Kernels.RECURRENT, Kernels.COMMON));
    }

    @Override
    protected LaunchPlan plan(int batch, int sequenceLength) {
        return RecurrentPlan.build(spec(), batch, sequenceLength);
    }

    @Override
    protected float[] table(Buffer buffer, int batch, int sequenceLength) {
        throw new IllegalArgumentException("a recurrent plan has no host table, asked for " + buffer.name());
    }
}
