package org.seqbench.dl4j;

import static org.seqbench.core.WeightNames.hiddenBias;
import static org.seqbench.core.WeightNames.hiddenWeight;
import static org.seqbench.core.WeightNames.inputBias;
import static org.seqbench.core.WeightNames.inputWeight;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;

/**
 * The recurrent encoders of a {@link TrainingGraph}: PyTorch's RNN, LSTM and GRU cells unrolled over a known
 * sequence length in primitive operations (products, sigmoid, tanh), one graph per length.
 *
 * <p>Not on inference's fused operators, because their backward passes in ND4J 1.0.0-M2.1 are unusable for
 * training: {@code lstmLayer}'s (which the LSTM, and the RNN with constant gates, would run on) leaks native memory
 * on every call, growing with the sizes (8.4 KiB a step at hidden 4, batch 2, sequence 5; 510 KiB at hidden 16,
 * batch 8, sequence 20; freed by nothing, not even closing the graph), and {@code gru}'s gradients do not match its
 * own forward pass (on a plain GRU in float64 they differ from central finite differences by 5% to 14% of the
 * largest element). The unrolled graphs have neither problem: their gradients pass the training kit and repeated
 * steps retain nothing.
 *
 * <p>The gate blocks are taken apart with reshape and unstack and the time steps with unstack, not with slices:
 * SameDiff's strided-slice gradient fails validation on some slices. Each layer's input projections are computed
 * for all steps at once; the recurrent ones step by step from {@code h = 0} (and {@code c = 0}), where the first
 * step's products are exactly 0 and only the hidden biases remain.
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

    /** The batch-first output sequence {@code [B, length, directions * H]} of the last layer. */
    SDVariable encode(SDVariable input, int length) {
        SDVariable sequence = input;
        for (int layer = 0; layer < spec.layers(); layer++) {
            List<SDVariable> directions = new ArrayList<>();
            for (int direction = 0; direction < spec.directions(); direction++) {
                directions.add(direction(sequence, length, layer, direction));
            }
            sequence = directions.size() == 1 ? directions.getFirst()
                    : graph.concat(2, directions.toArray(SDVariable[]::new));
        }
        return sequence;
    }

    /** One direction of one layer: {@code [B, length, H]}, the reverse direction's outputs in forward time order. */
    private SDVariable direction(SDVariable sequence, int length, int layer, int direction) {
        ModelKind kind = spec.kind();
        int width = spec.layerInputWidth(layer);
        SDVariable[] hiddenWeights = gates(parameter(hiddenWeight(kind, layer, direction)), hidden);
        SDVariable[] hiddenBiases = gates(parameter(hiddenBias(kind, layer, direction)), 0);
        SDVariable[][] projected = inputProjections(sequence, width, length, layer, direction);

        SDVariable[] outputs = new SDVariable[length];
        SDVariable state = null;
        SDVariable cell = null;
        for (int i = 0; i < length; i++) {
            int step = direction == 0 ? i : length - 1 - i;
            SDVariable[] recurrent = new SDVariable[kind.gateBlocks()];
            for (int gate = 0; gate < recurrent.length; gate++) {
                recurrent[gate] = state == null ? hiddenBiases[gate]
                        : graph.mmul(state, hiddenWeights[gate], false, true, false).add(hiddenBiases[gate]);
            }
            switch (kind) {
                // h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
                case RNN -> state = graph.math().tanh(projected[0][step].add(recurrent[0]));
                // i, f, g, o; c' = f c + i g; h' = o tanh(c')
                case LSTM -> {
                    SDVariable in = graph.nn().sigmoid(projected[0][step].add(recurrent[0]));
                    SDVariable candidate = graph.math().tanh(projected[2][step].add(recurrent[2]));
                    SDVariable out = graph.nn().sigmoid(projected[3][step].add(recurrent[3]));
                    SDVariable written = in.mul(candidate);
                    cell = cell == null ? written
                            : graph.nn().sigmoid(projected[1][step].add(recurrent[1])).mul(cell).add(written);
                    state = out.mul(graph.math().tanh(cell));
                }
                // r, z, n; n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h' = (1 - z) n + z h
                case GRU -> {
                    SDVariable reset = graph.nn().sigmoid(projected[0][step].add(recurrent[0]));
                    SDVariable update = graph.nn().sigmoid(projected[1][step].add(recurrent[1]));
                    SDVariable candidate = graph.math().tanh(projected[2][step].add(reset.mul(recurrent[2])));
                    SDVariable kept = update.rsub(1.0).mul(candidate);
                    state = state == null ? kept : kept.add(update.mul(state));
                }
                case TRANSFORMER -> throw new IllegalArgumentException("the transformer is not recurrent");
            }
            outputs[step] = state;
        }
        return length == 1 ? outputs[0].reshape(-1, 1, hidden) : graph.stack(1, outputs);
    }

    /**
     * {@code W_i? x + b_i?} of every gate and step, {@code [gate][step]} each {@code [B, H]}: one product per gate
     * over all {@code B * length} rows, then the rows taken apart by step.
     */
    private SDVariable[][] inputProjections(SDVariable sequence, int width, int length, int layer, int direction) {
        ModelKind kind = spec.kind();
        SDVariable[] weights = gates(parameter(inputWeight(kind, layer, direction)), width);
        SDVariable[] biases = gates(parameter(inputBias(kind, layer, direction)), 0);
        SDVariable rows = sequence.reshape(-1, width);
        SDVariable[][] projected = new SDVariable[kind.gateBlocks()][];
        for (int gate = 0; gate < projected.length; gate++) {
            SDVariable all = graph.mmul(rows, weights[gate], false, true, false).add(biases[gate]);
            projected[gate] = length == 1 ? new SDVariable[] {all}
                    : graph.unstack(all.reshape(-1, length, hidden), 1, length);
        }
        return projected;
    }

    /**
     * The gate blocks of a {@code [gates * H, columns]} weight ({@code [H, columns]} each) or, with {@code columns}
     * 0, of a {@code [gates * H]} bias ({@code [H]} each), in PyTorch's order.
     */
    private SDVariable[] gates(SDVariable parameter, int columns) {
        int gates = spec.kind().gateBlocks();
        if (gates == 1) {
            return new SDVariable[] {parameter};
        }
        SDVariable blocks = columns == 0 ? parameter.reshape(gates, hidden) : parameter.reshape(gates, hidden, columns);
        return graph.unstack(blocks, 0, gates);
    }

    private SDVariable parameter(String name) {
        return owner.parameter(name);
    }
}
