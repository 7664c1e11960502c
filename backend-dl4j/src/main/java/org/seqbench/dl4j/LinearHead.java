package org.seqbench.dl4j;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;

/**
 * The classifier on the last position, {@code fc}, transposed for {@code x · W}: PyTorch's {@code [O, width]}
 * weight becomes {@code [width, O]}.
 *
 * @param weight row-major {@code [width, outputs]}
 * @param bias {@code [outputs]}
 */
record LinearHead(int width, int outputs, float[] weight, float[] bias) {

    /** The head of {@code spec}, which must have one. */
    static LinearHead of(ModelSpec spec, Weights weights) {
        if (!spec.hasHead()) {
            throw new IllegalArgumentException(spec.describe() + " has no head");
        }
        int width = spec.encoderWidth();
        return new LinearHead(width, spec.outputSize(),
                NdArrays.transpose(weights.get(WeightNames.HEAD_WEIGHT).data(), spec.outputSize(), width),
                weights.get(WeightNames.HEAD_BIAS).data().clone());
    }
}
