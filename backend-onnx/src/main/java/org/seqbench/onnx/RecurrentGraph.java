package org.seqbench.onnx;

import static org.seqbench.onnx.GraphBuilder.Attribute.integer;
import static org.seqbench.onnx.GraphBuilder.Attribute.integers;
import static org.seqbench.onnx.GraphBuilder.Attribute.text;
import static org.seqbench.onnx.GraphBuilder.Attribute.texts;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;
import org.seqbench.onnx.GraphBuilder.Attribute;
import org.seqbench.onnx.GraphBuilder.Dimension;

/**
 * The graph of a recurrent classifier: one ONNX {@code RNN}, {@code LSTM} or {@code GRU} operator per layer (both
 * directions in one operator when bidirectional), then the linear head on the last time step.
 *
 * <p>The operators run sequence-major ({@code [T, B, features]}): ONNX Runtime's CPU kernels reject the
 * batch-major {@code layout=1} attribute, so the batch-first input is transposed once on entry, and the output
 * sequence, when returned, once on exit.
 */
final class RecurrentGraph {
    private final ModelSpec spec;
    private final Weights weights;
    private final GraphBuilder graph;

    private RecurrentGraph(ModelSpec spec, Weights weights) {
        this.spec = spec;
        this.weights = weights;
        this.graph = new GraphBuilder(spec.kind().id());
    }

    /** The model for {@code spec}; input {@code [batch, seq, inputSize]}, output {@code spec.outputShape}. */
    static ModelProto build(ModelSpec spec, Weights weights) {
        return new RecurrentGraph(spec, weights).assemble();
    }

    private ModelProto assemble() {
        Dimension batch = Dimension.named("batch");
        Dimension sequence = Dimension.named("sequence");
        String input = graph.input(OnnxModel.INPUT, batch, sequence, Dimension.of(spec.inputSize()));

        String sequenceMajor = graph.node("Transpose", List.of(input), integers("perm", 1, 0, 2));
        for (int layer = 0; layer < spec.layers(); layer++) {
            sequenceMajor = layer(layer, sequenceMajor);
        }

        if (spec.hasHead()) {
            // out[:, -1, :]: the last position of the concatenated directions. For the reverse direction that is
            // its first step, which is what PyTorch's head reads, not the final state Y_h.
            String last = graph.node("Gather", List.of(sequenceMajor, graph.longScalar("last_step", -1)),
                    integer("axis", 0));
            String logits = graph.node("Gemm", List.of(last, weight(WeightNames.HEAD_WEIGHT),
                    weight(WeightNames.HEAD_BIAS)), integer("transB", 1));
            graph.output(logits, batch, Dimension.of(spec.outputSize()));
        } else {
            String batchMajor = graph.node("Transpose", List.of(sequenceMajor), integers("perm", 1, 0, 2));
            graph.output(batchMajor, batch, sequence, Dimension.of(spec.encoderWidth()));
        }
        return graph.build();
    }

    /**
     * One layer, both directions: {@code [T, B, in]} to {@code [T, B, directions * H]}, the forward direction's
     * features first, as PyTorch concatenates them.
     */
    private String layer(int layer, String sequenceMajor) {
        ModelKind kind = spec.kind();
        int directions = spec.directions();
        int hidden = spec.hiddenSize();
        int gates = kind.gateBlocks();
        int rows = gates * hidden;
        int inputWidth = spec.layerInputWidth(layer);

        // W [dirs, gates*H, in], R [dirs, gates*H, H], B [dirs, 2*gates*H]: forward then reverse, each block in
        // ONNX's gate order, and B holding PyTorch's b_ih then b_hh (the operator adds them in the same places).
        float[] inputWeights = new float[directions * rows * inputWidth];
        float[] hiddenWeights = new float[directions * rows * hidden];
        float[] biases = new float[directions * 2 * rows];
        for (int direction = 0; direction < directions; direction++) {
            GateOrder.copyReordered(kind, data(WeightNames.inputWeight(kind, layer, direction)), hidden, inputWidth,
                    inputWeights, direction * rows * inputWidth);
            GateOrder.copyReordered(kind, data(WeightNames.hiddenWeight(kind, layer, direction)), hidden, hidden,
                    hiddenWeights, direction * rows * hidden);
            GateOrder.copyReordered(kind, data(WeightNames.inputBias(kind, layer, direction)), hidden, 1,
                    biases, direction * 2 * rows);
            GateOrder.copyReordered(kind, data(WeightNames.hiddenBias(kind, layer, direction)), hidden, 1,
                    biases, direction * 2 * rows + rows);
        }
        String w = graph.floats("W_l" + layer, inputWeights, directions, rows, inputWidth);
        String r = graph.floats("R_l" + layer, hiddenWeights, directions, rows, hidden);
        String b = graph.floats("B_l" + layer, biases, directions, 2L * rows);

        List<Attribute> attributes = new ArrayList<>();
        attributes.add(integer("hidden_size", hidden));
        attributes.add(text("direction", spec.bidirectional() ? "bidirectional" : "forward"));
        switch (kind) {
            case RNN -> attributes.add(texts("activations", Collections.nCopies(directions, "Tanh")));
            // PyTorch applies r to (W_hn h + b_hn); ONNX's default applies it to h before the product.
            case GRU -> attributes.add(integer("linear_before_reset", 1));
            case LSTM, TRANSFORMER -> {
            }
        }
        // Outputs: Y [T, dirs, B, H] (plus Y_h and Y_c, which nothing reads and are left unnamed).
        String y = graph.nodeIn("", operator(kind), List.of(sequenceMajor, w, r, b), 1,
                attributes.toArray(Attribute[]::new)).getFirst();

        if (directions == 1) {
            return graph.node("Squeeze", List.of(y, graph.longs("direction_axis", 1)));
        }
        // [T, 2, B, H] to [T, B, 2, H] to [T, B, 2H]: each position's forward features, then its reverse ones.
        String interleaved = graph.node("Transpose", List.of(y), integers("perm", 0, 2, 1, 3));
        return graph.node("Reshape", List.of(interleaved, graph.longs("concat_shape", 0, 0, -1)));
    }

    private static String operator(ModelKind kind) {
        return switch (kind) {
            case RNN -> "RNN";
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            case TRANSFORMER -> throw new IllegalArgumentException("the transformer is not a recurrent kind");
        };
    }

    private String weight(String name) {
        return graph.floats(name, weights.get(name));
    }

    private float[] data(String name) {
        return weights.get(name).data();
    }
}
