package org.seqbench.dl4j;

import static org.seqbench.core.WeightNames.*;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.ModelSpec;

/**
 * The Transformer encoder of a {@link TrainingGraph}: the operations of {@link TransformerGraph}, reading the
 * canonical variables. Two differences, both because the parameters are now the canonical tensors: products are
 * {@code x · W^T} on the {@code [out, in]} weights, and the attention scale multiplies the queries after the
 * projection instead of being folded into the projection's weights.
 */
final class TransformerTrainingGraph {
    /** The placeholder holding {@code [batch, seq]} of the input, int64. */
    static final String BATCH_AND_LENGTH = "batch_and_length";

    private final ModelSpec spec;
    private final TrainingGraph owner;
    private final SameDiff graph;
    private final int model;
    /** {@code [batch, seq]} of the current input, for the reshapes between flat rows and sequences. */
    private SDVariable batchAndLength;

    TransformerTrainingGraph(ModelSpec spec, TrainingGraph owner) {
        this.spec = spec;
        this.owner = owner;
        this.graph = owner.graph();
        this.model = spec.hiddenSize();
    }

    /** The batch-first sequence {@code [B, T, d]} after the last encoder layer. */
    SDVariable encode(SDVariable input) {
        SDVariable positions = graph.placeHolder(Feeds.POSITIONAL_ENCODING, DataType.FLOAT, -1, model);
        // Fed rather than sliced from shape(input): SameDiff differentiates that slice too, and its strided_slice_bp
        // fails validation there.
        batchAndLength = graph.placeHolder(BATCH_AND_LENGTH, DataType.LONG, 2);
        SDVariable embedded = owner.linear(input.reshape(-1, spec.inputSize()), EMBEDDING_WEIGHT, EMBEDDING_BIAS)
                .mul((float) Math.sqrt(model));
        SDVariable x = sequences(embedded, model).add(positions).reshape(-1, model);
        for (int layer = 0; layer < spec.layers(); layer++) {
            x = encoderLayerOf(x, layer);
        }
        return sequences(x, model);
    }

    /** Post-norm: x = norm1(x + SelfAttn(x)); x = norm2(x + linear2(relu(linear1(x)))); rows are positions. */
    private SDVariable encoderLayerOf(SDVariable x, int layer) {
        SDVariable afterAttention = layerNorm(x.add(selfAttention(x, layer)), layer, NORM1_WEIGHT, NORM1_BIAS);
        SDVariable hidden = graph.nn().relu(owner.linear(afterAttention, encoderLayer(layer, LINEAR1_WEIGHT),
                encoderLayer(layer, LINEAR1_BIAS)), 0);
        SDVariable feedForward = owner.linear(hidden, encoderLayer(layer, LINEAR2_WEIGHT),
                encoderLayer(layer, LINEAR2_BIAS));
        return layerNorm(afterAttention.add(feedForward), layer, NORM2_WEIGHT, NORM2_BIAS);
    }

    /** Unmasked multi-head self-attention on flat rows {@code [B*T, d]}. */
    private SDVariable selfAttention(SDVariable x, int layer) {
        int heads = spec.heads();
        int headSize = model / heads;
        SDVariable qkv = owner.linear(x, encoderLayer(layer, IN_PROJ_WEIGHT), encoderLayer(layer, IN_PROJ_BIAS));
        // [B*T, 3d] -> [B, T, 3, heads, dh] -> [3, B, heads, T, dh]
        SDVariable split = graph.reshape(qkv, graph.concat(0, batchAndLength,
                graph.constant(Nd4j.createFromArray(3L, heads, headSize)))).permute(2, 0, 3, 1, 4);
        SDVariable[] parts = graph.unstack(split, 0, 3);
        SDVariable queries = parts[0].mul((float) (1.0 / Math.sqrt(headSize)));
        SDVariable keys = parts[1];
        SDVariable values = parts[2];
        SDVariable scores = graph.mmul(queries, keys, false, true, false);
        SDVariable context = graph.mmul(graph.nn().softmax(scores, 3), values);
        SDVariable merged = context.permute(0, 2, 1, 3).reshape(-1, model);
        return owner.linear(merged, encoderLayer(layer, OUT_PROJ_WEIGHT), encoderLayer(layer, OUT_PROJ_BIAS));
    }

    /** (x - mean) / sqrt(var + eps) * weight + bias over each row, with the biased variance, as nn.LayerNorm. */
    private SDVariable layerNorm(SDVariable x, int layer, String weight, String bias) {
        SDVariable centred = x.sub(graph.mean(x, true, 1));
        SDVariable variance = graph.mean(graph.math().square(centred), true, 1);
        SDVariable normalised = centred.mul(graph.math().rsqrt(variance.add(TransformerGraph.LAYER_NORM_EPSILON)));
        return normalised.mul(owner.parameter(encoderLayer(layer, weight)))
                .add(owner.parameter(encoderLayer(layer, bias)));
    }

    /** Flat rows {@code [B*T, width]} as sequences {@code [B, T, width]}. */
    private SDVariable sequences(SDVariable rows, int width) {
        return graph.reshape(rows, graph.concat(0, batchAndLength, graph.constant(Nd4j.createFromArray((long) width))));
    }
}
