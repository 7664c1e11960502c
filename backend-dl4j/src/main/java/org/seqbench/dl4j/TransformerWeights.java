package org.seqbench.dl4j;

import static org.seqbench.core.WeightNames.*;

import java.util.ArrayList;
import java.util.List;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

/**
 * The Transformer's parameters transposed for {@code x · W}, with one change that leaves the function as it is:
 * the attention scale {@code 1/sqrt(d_model/heads)} is multiplied into the query columns of the input projection
 * (weights and bias), so that the {@code [B, heads, T, T]} scores need no scaling pass.
 *
 * @param embedding {@code [input, d]}
 * @param head null when the model returns the whole sequence
 */
record TransformerWeights(int inputSize, int model, int heads, int feedForward, float[] embedding,
        float[] embeddingBias, List<Layer> layers, LinearHead head) {

    /**
     * One encoder layer.
     *
     * @param inProjection {@code [d, 3d]}: q (pre-scaled), k, v columns
     * @param outProjection {@code [d, d]}
     * @param linear1 {@code [d, ffn]}
     * @param linear2 {@code [ffn, d]}
     */
    record Layer(float[] inProjection, float[] inProjectionBias, float[] outProjection, float[] outProjectionBias,
            float[] linear1, float[] linear1Bias, float[] linear2, float[] linear2Bias, float[] norm1Weight,
            float[] norm1Bias, float[] norm2Weight, float[] norm2Bias) {
    }

    static TransformerWeights of(ModelSpec spec, Weights weights) {
        int model = spec.hiddenSize();
        int ffn = spec.ffnSize();
        float scale = (float) (1.0 / Math.sqrt((double) model / spec.heads()));
        List<Layer> layers = new ArrayList<>();
        for (int layer = 0; layer < spec.layers(); layer++) {
            float[] inProjection = transposed(weights, encoderLayer(layer, IN_PROJ_WEIGHT), 3 * model, model);
            float[] inProjectionBias = copy(weights, encoderLayer(layer, IN_PROJ_BIAS));
            for (int row = 0; row < model; row++) {
                for (int column = 0; column < model; column++) {
                    inProjection[row * 3 * model + column] *= scale;
                }
            }
            for (int column = 0; column < model; column++) {
                inProjectionBias[column] *= scale;
            }
            layers.add(new Layer(inProjection, inProjectionBias,
                    transposed(weights, encoderLayer(layer, OUT_PROJ_WEIGHT), model, model),
                    copy(weights, encoderLayer(layer, OUT_PROJ_BIAS)),
                    transposed(weights, encoderLayer(layer, LINEAR1_WEIGHT), ffn, model),
                    copy(weights, encoderLayer(layer, LINEAR1_BIAS)),
                    transposed(weights, encoderLayer(layer, LINEAR2_WEIGHT), model, ffn),
                    copy(weights, encoderLayer(layer, LINEAR2_BIAS)),
                    copy(weights, encoderLayer(layer, NORM1_WEIGHT)), copy(weights, encoderLayer(layer, NORM1_BIAS)),
                    copy(weights, encoderLayer(layer, NORM2_WEIGHT)), copy(weights, encoderLayer(layer, NORM2_BIAS))));
        }
        return new TransformerWeights(spec.inputSize(), model, spec.heads(), ffn,
                transposed(weights, EMBEDDING_WEIGHT, model, spec.inputSize()), copy(weights, EMBEDDING_BIAS),
                List.copyOf(layers), spec.hasHead() ? LinearHead.of(spec, weights) : null);
    }

    /** Width of one attention head. */
    int headSize() {
        return model / heads;
    }

    /** The factor the embedding is multiplied by before the positional encoding is added: sqrt(d_model). */
    float embeddingScale() {
        return (float) Math.sqrt(model);
    }

    private static float[] transposed(Weights weights, String name, int rows, int columns) {
        return NdArrays.transpose(weights.get(name).data(), rows, columns);
    }

    private static float[] copy(Weights weights, String name) {
        return weights.get(name).data().clone();
    }
}
