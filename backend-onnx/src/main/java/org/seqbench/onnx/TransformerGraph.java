package org.seqbench.onnx;

import static org.seqbench.core.WeightNames.*;
import static org.seqbench.onnx.GraphBuilder.Attribute.integer;
import static org.seqbench.onnx.GraphBuilder.Attribute.integers;
import static org.seqbench.onnx.GraphBuilder.Attribute.real;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.onnx.GraphBuilder.Dimension;

/**
 * The graph of the Transformer classifier, operator for operator the computation of the float64 reference:
 * {@code x = (X W_e^T + b_e) * sqrt(d) + PE}; per layer (post-norm) {@code x = norm1(x + SelfAttn(x))},
 * {@code x = norm2(x + linear2(relu(linear1(x))))}; then the head on the last position.
 *
 * <p>The positional encoding is a second graph input, {@code [seq, d]}: the float32 rounding of the float64 table,
 * computed outside the measured region like a registered buffer, so that one session serves every sequence length.
 * Computing it inside the graph in float32 would be off by about 6e-5 at position 1000.
 *
 * <p>PyTorch's Linear weights are [out, in]; they are stored transposed ([in, out]) so that every projection is a
 * plain MatMul on the batch-first activations.
 */
final class TransformerGraph {
    private static final float LAYER_NORM_EPSILON = 1e-5f;

    private final ModelSpec spec;
    private final Weights weights;
    private final Variant variant;
    private final GraphBuilder graph = new GraphBuilder("transformer");

    private TransformerGraph(ModelSpec spec, Weights weights, Variant variant) {
        this.spec = spec;
        this.weights = weights;
        this.variant = variant;
    }

    /**
     * The model for {@code spec}: inputs {@code [batch, seq, inputSize]} and the positional encoding
     * {@code [seq, d]}, output {@code spec.outputShape}.
     */
    static ModelProto build(ModelSpec spec, Weights weights, Variant variant) {
        return new TransformerGraph(spec, weights, variant).assemble();
    }

    private ModelProto assemble() {
        int model = spec.hiddenSize();
        Dimension batch = Dimension.named("batch");
        Dimension sequence = Dimension.named("sequence");
        String input = graph.input(OnnxModel.INPUT, batch, sequence, Dimension.of(spec.inputSize()));
        String positions = graph.input(OnnxModel.POSITIONAL_ENCODING, sequence, Dimension.of(model));
        if (variant == Variant.CONTRIB_ATTENTION) {
            graph.importDomain(GraphBuilder.MICROSOFT_DOMAIN, 1);
        }

        String embedded = linear(input, EMBEDDING_WEIGHT, EMBEDDING_BIAS);
        String scaled = graph.node("Mul", List.of(embedded, graph.scalar("sqrt_d_model", (float) Math.sqrt(model))));
        String x = graph.node("Add", List.of(scaled, positions));
        for (int layer = 0; layer < spec.layers(); layer++) {
            x = postNormLayer(layer, x);
        }

        if (spec.hasHead()) {
            String last = graph.node("Gather", List.of(x, graph.longScalar("last_position", -1)), integer("axis", 1));
            String logits = graph.node("Gemm", List.of(last, graph.floats(HEAD_WEIGHT, weights.get(HEAD_WEIGHT)),
                    graph.floats(HEAD_BIAS, weights.get(HEAD_BIAS))), integer("transB", 1));
            graph.output(logits, batch, Dimension.of(spec.outputSize()));
        } else {
            graph.output(x, batch, sequence, Dimension.of(model));
        }
        return graph.build();
    }

    /** Post-norm: x = norm1(x + SelfAttn(x)); x = norm2(x + linear2(relu(linear1(x)))). */
    private String postNormLayer(int layer, String x) {
        String attended = variant == Variant.CONTRIB_ATTENTION ? fusedAttention(layer, x) : attention(layer, x);
        String afterAttention = layerNorm(graph.node("Add", List.of(x, attended)), layer, NORM1_WEIGHT, NORM1_BIAS);
        String hidden = graph.node("Relu", List.of(linear(afterAttention, encoderLayer(layer, LINEAR1_WEIGHT),
                encoderLayer(layer, LINEAR1_BIAS))));
        String feedForward = linear(hidden, encoderLayer(layer, LINEAR2_WEIGHT), encoderLayer(layer, LINEAR2_BIAS));
        return layerNorm(graph.node("Add", List.of(afterAttention, feedForward)), layer, NORM2_WEIGHT, NORM2_BIAS);
    }

    /**
     * Multi-head self-attention from standard operators: q, k, v are the three row blocks of in_proj (in that
     * order); per head softmax(q k^T / sqrt(d / heads)) v; heads concatenated, then out_proj. No mask.
     */
    private String attention(int layer, String x) {
        int model = spec.hiddenSize();
        int heads = spec.heads();
        int headSize = model / heads;
        String qkv = linear(x, encoderLayer(layer, IN_PROJ_WEIGHT), encoderLayer(layer, IN_PROJ_BIAS));
        List<String> parts = graph.nodeIn("", "Split", List.of(qkv, graph.longs("qkv_sizes", model, model, model)),
                3, integer("axis", -1));
        String perHead = graph.longs("per_head_shape", 0, 0, heads, headSize);
        // [B, T, d] -> [B, T, heads, headSize] -> [B, heads, T, headSize]; k goes to [B, heads, headSize, T].
        String q = graph.node("Transpose", List.of(graph.node("Reshape", List.of(parts.get(0), perHead))),
                integers("perm", 0, 2, 1, 3));
        String kTransposed = graph.node("Transpose", List.of(graph.node("Reshape", List.of(parts.get(1), perHead))),
                integers("perm", 0, 2, 3, 1));
        String v = graph.node("Transpose", List.of(graph.node("Reshape", List.of(parts.get(2), perHead))),
                integers("perm", 0, 2, 1, 3));

        String scores = graph.node("Mul", List.of(graph.node("MatMul", List.of(q, kTransposed)),
                graph.scalar("score_scale", (float) (1.0 / Math.sqrt(headSize)))));
        String weightsPerPosition = graph.node("Softmax", List.of(scores), integer("axis", -1));
        String context = graph.node("MatMul", List.of(weightsPerPosition, v));
        String merged = graph.node("Reshape", List.of(
                graph.node("Transpose", List.of(context), integers("perm", 0, 2, 1, 3)),
                graph.longs("merged_shape", 0, 0, model)));
        return linear(merged, encoderLayer(layer, OUT_PROJ_WEIGHT), encoderLayer(layer, OUT_PROJ_BIAS));
    }

    /**
     * The same attention through ONNX Runtime's contrib {@code Attention} operator, which takes the input
     * projection itself: its weights are in_proj_weight transposed ([d, 3d], column blocks q, k, v) and its bias
     * in_proj_bias; it scales scores by 1/sqrt(head size) by default. out_proj follows as a standard MatMul.
     */
    private String fusedAttention(int layer, String x) {
        String projection = graph.floats("in_proj_t", transposed(weights.get(encoderLayer(layer, IN_PROJ_WEIGHT))),
                spec.hiddenSize(), 3L * spec.hiddenSize());
        String bias = graph.floats(encoderLayer(layer, IN_PROJ_BIAS), weights.get(encoderLayer(layer, IN_PROJ_BIAS)));
        String context = graph.nodeIn(GraphBuilder.MICROSOFT_DOMAIN, "Attention", List.of(x, projection, bias), 1,
                integer("num_heads", spec.heads())).getFirst();
        return linear(context, encoderLayer(layer, OUT_PROJ_WEIGHT), encoderLayer(layer, OUT_PROJ_BIAS));
    }

    private String layerNorm(String x, int layer, String weight, String bias) {
        String name = encoderLayer(layer, weight);
        String biasName = encoderLayer(layer, bias);
        return graph.node("LayerNormalization", List.of(x, graph.floats(name, weights.get(name)),
                graph.floats(biasName, weights.get(biasName))), integer("axis", -1),
                real("epsilon", LAYER_NORM_EPSILON));
    }

    /** nn.Linear on the last axis: x W^T + b, with W stored transposed. */
    private String linear(String x, String weightName, String biasName) {
        Tensor weight = weights.get(weightName);
        String transposedWeight = graph.floats(weightName + "_t", transposed(weight), weight.dimension(1),
                weight.dimension(0));
        return graph.node("Add", List.of(graph.node("MatMul", List.of(x, transposedWeight)),
                graph.floats(biasName, weights.get(biasName))));
    }

    /** A [rows, columns] matrix as [columns, rows]. */
    private static float[] transposed(Tensor matrix) {
        int rows = matrix.dimension(0);
        int columns = matrix.dimension(1);
        float[] values = matrix.data();
        float[] result = new float[values.length];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                result[column * rows + row] = values[row * columns + column];
            }
        }
        return result;
    }
}
