package org.seqbench.dl4j;

import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;

/**
 * One direction of one recurrent layer, transposed for ND4J's row-vector products {@code x · W}: PyTorch stores
 * {@code W_ih} as {@code [gates*H, in]} and computes {@code W x}; ND4J's operators take {@code [in, gates*H]}. The
 * gate blocks keep PyTorch's order, which is also the order of ND4J's {@code lstmLayer} (i, f, g, o) and
 * {@code gru} (r, u, c) operators.
 *
 * @param input {@code W_ih} transposed, row-major {@code [inputWidth, gates*hidden]}
 * @param recurrent {@code W_hh} transposed, row-major {@code [hidden, gates*hidden]}
 * @param inputBias {@code b_ih}, {@code [gates*hidden]}
 * @param hiddenBias {@code b_hh}, {@code [gates*hidden]}
 */
record DirectionWeights(int inputWidth, int hidden, int gates, float[] input, float[] recurrent, float[] inputBias,
        float[] hiddenBias) {

    /** Layer {@code layer}, direction {@code direction} (0 forward, 1 reverse) of a recurrent model. */
    static DirectionWeights of(ModelSpec spec, Weights weights, int layer, int direction) {
        ModelKind kind = spec.kind();
        int hidden = spec.hiddenSize();
        int rows = kind.gateBlocks() * hidden;
        int inputWidth = spec.layerInputWidth(layer);
        return new DirectionWeights(inputWidth, hidden, kind.gateBlocks(),
                NdArrays.transpose(weights.get(WeightNames.inputWeight(kind, layer, direction)).data(), rows,
                        inputWidth),
                NdArrays.transpose(weights.get(WeightNames.hiddenWeight(kind, layer, direction)).data(), rows, hidden),
                weights.get(WeightNames.inputBias(kind, layer, direction)).data().clone(),
                weights.get(WeightNames.hiddenBias(kind, layer, direction)).data().clone());
    }

    /** Columns of the products: gates times hidden. */
    int columns() {
        return gates * hidden;
    }

    /** {@code b_ih + b_hh}: the operators that add both biases outside any gate's product take their sum. */
    float[] summedBias() {
        float[] sum = new float[inputBias.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = inputBias[i] + hiddenBias[i];
        }
        return sum;
    }
}
