package org.seqbench.dl4j;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.PositionalEncoding;

/**
 * The Transformer encoder classifier as a SameDiff graph of primitive operations: matrix products, softmax, relu,
 * and LayerNorm written out with its epsilon (SameDiff's {@code layerNorm} has none, which is off by percents when
 * the normalised values vary little). The graph takes any batch and sequence length; the positional encoding is
 * a second placeholder filled once per input.
 */
final class TransformerGraph {
    /** nn.LayerNorm's default epsilon. */
    static final float LAYER_NORM_EPSILON = 1e-5f;

    private final TransformerWeights weights;
    private final SameDiff graph = SameDiffNetwork.newGraph();
    /** {@code [batch, seq]} of the current input, for the reshapes between flat rows and sequences. */
    private SDVariable batchAndLength;

    private TransformerGraph(TransformerWeights weights) {
        this.weights = weights;
    }

    static Network build(ModelSpec spec, Weights weights) {
        TransformerGraph builder = new TransformerGraph(TransformerWeights.of(spec, weights));
        SDVariable output = builder.encoder();
        return new SameDiffNetwork(builder.graph, output.name(), input -> feeds(input, spec.hiddenSize()));
    }

    /** The input and its positional encoding table, the float32 rounding of the float64 values. */
    static Feeds feeds(Tensor input, int model) {
        int length = input.dimension(1);
        return new Feeds().with(Feeds.INPUT, NdArrays.of(input))
                .with(Feeds.POSITIONAL_ENCODING, NdArrays.of(PositionalEncoding.table(length, model), length, model));
    }

    private SDVariable encoder() {
        int model = weights.model();
        SDVariable input = graph.placeHolder(Feeds.INPUT, DataType.FLOAT, -1, -1, weights.inputSize());
        SDVariable positions = graph.placeHolder(Feeds.POSITIONAL_ENCODING, DataType.FLOAT, -1, model);
        batchAndLength = graph.shape(input).get(SDIndex.interval(0, 2));

        SDVariable embedded = linear(input.reshape(-1, weights.inputSize()), weights.embedding(),
                weights.embeddingBias(), weights.inputSize(), model).mul(weights.embeddingScale());
        SDVariable x = sequences(embedded, model).add(positions).reshape(-1, model);
        for (TransformerWeights.Layer layer : weights.layers()) {
            x = encoderLayer(x, layer);
        }
        SDVariable sequences = sequences(x, model);
        if (weights.head() == null) {
            return sequences;
        }
        LinearHead head = weights.head();
        return linear(sequences.get(SDIndex.all(), SDIndex.point(-1), SDIndex.all()), head.weight(), head.bias(),
                head.width(), head.outputs());
    }

    /** Post-norm: x = norm1(x + SelfAttn(x)); x = norm2(x + linear2(relu(linear1(x)))); rows are positions. */
    private SDVariable encoderLayer(SDVariable x, TransformerWeights.Layer layer) {
        int model = weights.model();
        int ffn = weights.feedForward();
        SDVariable attended = selfAttention(x, layer);
        SDVariable afterAttention = layerNorm(x.add(attended), layer.norm1Weight(), layer.norm1Bias());
        SDVariable hidden = graph.nn().relu(linear(afterAttention, layer.linear1(), layer.linear1Bias(), model, ffn), 0);
        SDVariable feedForward = linear(hidden, layer.linear2(), layer.linear2Bias(), ffn, model);
        return layerNorm(afterAttention.add(feedForward), layer.norm2Weight(), layer.norm2Bias());
    }

    /** Unmasked multi-head self-attention on flat rows {@code [B*T, d]}; the scale is already in the queries. */
    private SDVariable selfAttention(SDVariable x, TransformerWeights.Layer layer) {
        int model = weights.model();
        SDVariable qkv = linear(x, layer.inProjection(), layer.inProjectionBias(), model, 3 * model);
        // [B*T, 3d] -> [B, T, 3, heads, dh] -> [3, B, heads, T, dh]
        SDVariable split = graph.reshape(qkv, graph.concat(0, batchAndLength,
                graph.constant(Nd4j.createFromArray(3L, weights.heads(), weights.headSize()))))
                .permute(2, 0, 3, 1, 4);
        SDVariable queries = split.get(SDIndex.point(0));
        SDVariable keys = split.get(SDIndex.point(1));
        SDVariable values = split.get(SDIndex.point(2));
        SDVariable scores = graph.mmul(queries, keys, false, true, false);
        SDVariable context = graph.mmul(graph.nn().softmax(scores, 3), values);
        SDVariable merged = context.permute(0, 2, 1, 3).reshape(-1, model);
        return linear(merged, layer.outProjection(), layer.outProjectionBias(), model, model);
    }

    /** (x - mean) / sqrt(var + eps) * weight + bias over each row, with the biased variance, as nn.LayerNorm. */
    private SDVariable layerNorm(SDVariable x, float[] weight, float[] bias) {
        SDVariable centred = x.sub(graph.mean(x, true, 1));
        SDVariable variance = graph.mean(graph.math().square(centred), true, 1);
        SDVariable normalised = centred.mul(graph.math().rsqrt(variance.add(LAYER_NORM_EPSILON)));
        return normalised.mul(graph.constant(NdArrays.of(weight, weight.length)))
                .add(graph.constant(NdArrays.of(bias, bias.length)));
    }

    private SDVariable linear(SDVariable x, float[] weight, float[] bias, int in, int out) {
        return x.mmul(graph.constant(NdArrays.of(weight, in, out))).add(graph.constant(NdArrays.of(bias, out)));
    }

    /** Flat rows {@code [B*T, width]} as sequences {@code [B, T, width]}. */
    private SDVariable sequences(SDVariable rows, int width) {
        return graph.reshape(rows, graph.concat(0, batchAndLength, graph.constant(Nd4j.createFromArray((long) width))));
    }
}
