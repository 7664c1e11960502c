package org.seqbench.dl4j;

import static org.seqbench.core.WeightNames.hiddenBias;
import static org.seqbench.core.WeightNames.hiddenWeight;
import static org.seqbench.core.WeightNames.inputBias;
import static org.seqbench.core.WeightNames.inputWeight;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;

/**
 * The recurrent encoders of a {@link TrainingGraph} on {@code lstmLayer}, the operator inference uses
 * ({@link RecurrentGraph}), its weights computed in the graph from the canonical variables:
 *
 * <ul>
 *   <li>LSTM: {@code W_ih^T}, {@code W_hh^T} and {@code b_ih + b_hh}, both directions stacked;</li>
 *   <li>RNN: {@link ConstantGateRnn}'s constant gates as constant blocks beside the RNN's own weights in the output
 *       gate. The constant gates saturate (tanh(20) = 1.0f, hard sigmoid(20) = 1), so their derivatives are
 *       exactly 0 and no gradient leaks through them.</li>
 * </ul>
 */
final class RecurrentTrainingGraph {
    private final ModelSpec spec;
    private final TrainingGraph owner;
    private final SameDiff graph;
    private final int hidden;

    RecurrentTrainingGraph(ModelSpec spec, TrainingGraph owner) {
        this.spec = spec;
        this.owner = owner;
        this.graph = owner.graph();
        this.hidden = spec.hiddenSize();
    }

    /** The batch-first output sequence {@code [B, T, directions * H]} of the last layer. */
    SDVariable encode(SDVariable input) {
        if (spec.kind() == ModelKind.GRU) {
            throw new IllegalArgumentException("dl4j cannot train gru: see Dl4jTrainingSupport");
        }
        return lstmLayers(input);
    }

    private SDVariable lstmLayers(SDVariable input) {
        SDVariable sequence = input;
        for (int layer = 0; layer < spec.layers(); layer++) {
            List<SDVariable> inputWeights = new ArrayList<>();
            List<SDVariable> recurrentWeights = new ArrayList<>();
            List<SDVariable> biases = new ArrayList<>();
            for (int direction = 0; direction < spec.directions(); direction++) {
                SDVariable wx = transposed(inputWeight(spec.kind(), layer, direction));
                SDVariable wr = transposed(hiddenWeight(spec.kind(), layer, direction));
                SDVariable bias = parameter(inputBias(spec.kind(), layer, direction))
                        .add(parameter(hiddenBias(spec.kind(), layer, direction)));
                if (spec.kind() == ModelKind.RNN) {
                    int constantColumns = ConstantGateRnn.constantGates() * hidden;
                    wx = graph.concat(1, zeros(spec.layerInputWidth(layer), constantColumns), wx);
                    wr = graph.concat(1, zeros(hidden, constantColumns), wr);
                    bias = graph.concat(0, graph.constant(Nd4j.createFromArray(
                            ConstantGateRnn.constantGateBias(hidden))), bias);
                }
                inputWeights.add(wx);
                recurrentWeights.add(wr);
                biases.add(bias);
            }
            LSTMLayerWeights weights = LSTMLayerWeights.builder()
                    .weights(stacked(inputWeights))
                    .rWeights(stacked(recurrentWeights))
                    .bias(stacked(biases))
                    .build();
            sequence = graph.rnn().lstmLayer(sequence, weights,
                    RecurrentGraph.config(spec.kind(), spec.bidirectional(), LSTMDataFormat.NTS))[0];
        }
        return sequence;
    }

    private SDVariable transposed(String name) {
        return parameter(name).permute(1, 0);
    }

    private SDVariable stacked(List<SDVariable> directions) {
        return directions.size() == 1 ? directions.getFirst()
                : graph.stack(0, directions.toArray(SDVariable[]::new));
    }

    private SDVariable zeros(long rows, long columns) {
        return graph.constant(Nd4j.zeros(DataType.FLOAT, rows, columns));
    }

    private SDVariable parameter(String name) {
        return owner.parameter(name);
    }
}
