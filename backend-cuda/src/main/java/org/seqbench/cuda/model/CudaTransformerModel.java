package org.seqbench.cuda.model;

import java.util.List;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.PositionalEncoding;
import org.seqbench.cuda.device.Gpu;
import org.seqbench.spi.Precision;

/**
 * The Transformer encoder classifier on the GPU: cuBLAS for every product (strided-batched over the heads for the
 * attention), fused kernels for the rest (see {@link TransformerPlan}).
 */
public final class CudaTransformerModel extends CudaModel {

    CudaTransformerModel(Gpu gpu, ModelSpec spec, Weights weights, Precision precision, Variant variant) {
        super(gpu, spec, weights, precision, variant, List.of(Kernels.TRANSFORMER, Kernels.COMMON));
    }

    @Override
    protected LaunchPlan plan(int batch, int sequenceLength) {
        return TransformerPlan.build(spec(), batch, sequenceLength);
    }

    /**
     * The positional encoding for this sequence length, like PyTorch's registered buffer made once outside the
     * pass; float64 values rounded to float32, as the reference takes them.
     */
    @Override
    protected float[] table(Buffer buffer, int batch, int sequenceLength) {
        if (!buffer.name().equals(TransformerPlan.POSITIONAL_ENCODING)) {
            throw new IllegalArgumentException("the transformer's only host table is "
                    + TransformerPlan.POSITIONAL_ENCODING + ", asked for " + buffer.name());
        }
        return PositionalEncoding.table(sequenceLength, spec().hiddenSize());
    }
}
