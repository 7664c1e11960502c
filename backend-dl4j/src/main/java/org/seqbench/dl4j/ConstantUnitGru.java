package org.seqbench.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * PyTorch's GRU on ND4J's {@code gru} operator, exactly, for any weights.
 *
 * <p>The operator computes {@code c = tanh(x·Wxc + bc + r * (h·Whc))}: one bias, outside {@code r * (...)}. PyTorch
 * has two, and {@code b_hn} sits inside: {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}. Folding
 * {@code b_hn} into {@code bc} would compute a different function whenever {@code b_hn != 0}, which PyTorch's own
 * initialisation makes the normal case.
 *
 * <p>The way around it: one extra hidden unit, number {@code H}, that stays exactly 1. Its row of the recurrent
 * weights, in the cell-gate columns, holds {@code b_hn}, so {@code h·Whc} contains {@code 1 * b_hn} and the
 * operator multiplies it by {@code r} together with the rest, as PyTorch does. The unit stays at 1 because its
 * update gate is {@code sigmoid(40)}, which rounds to exactly 1.0f, and the operator's
 * {@code h' = u * h + (1 - u) * c} then returns {@code 1 * 1 + 0 * c = 1} exactly; it starts at 1 through the
 * initial state. All its other weights are 0, and every weight that reads it (the other units' update and reset
 * gates, the next layer's input weights, the head) is 0 except the {@code b_hn} row. So the real units compute
 * PyTorch's formula, with only the summation order changed, and the model costs one unit more per direction.
 *
 * <p>Layer outputs are {@code [T, B, directions * (H + 1)]}: each direction's H real units, then its constant unit.
 */
final class ConstantUnitGru {
    /** Update-gate pre-activation of the constant unit: sigmoid(40) = 1 - 4e-18, which rounds to 1.0f. */
    static final float HOLD_BIAS = 40f;

    private static final int GATES = 3;
    private static final int UPDATE_GATE = 1;
    private static final int CELL_GATE = 2;

    /**
     * One direction of one layer as the {@code gru} operator takes it.
     *
     * @param input row-major {@code [inputRows, 3 * units]}
     * @param recurrent row-major {@code [units, 3 * units]}
     * @param bias {@code [3 * units]}: {@code b_ir + b_hr}, {@code b_iz + b_hz}, {@code b_in}, each with the
     *     constant unit's entry after the H real ones
     */
    record Layout(int inputRows, int units, float[] input, float[] recurrent, float[] bias) {
    }

    private ConstantUnitGru() {
    }

    /** Hidden units per direction, the constant one included. */
    static int units(int hidden) {
        return hidden + 1;
    }

    /** Width of a layer's output: every direction's units, constants included. */
    static int layerWidth(ModelSpec spec) {
        return spec.directions() * units(spec.hiddenSize());
    }

    /** Index of a real unit's column in a layer output: direction by direction, H real units, then the constant. */
    static int column(int hidden, int direction, int unit) {
        return direction * units(hidden) + unit;
    }

    /** Layer {@code layer}, direction {@code direction} of a GRU model. */
    static Layout layout(ModelSpec spec, Weights weights, int layer, int direction) {
        DirectionWeights pytorch = DirectionWeights.of(spec, weights, layer, direction);
        int hidden = spec.hiddenSize();
        int units = units(hidden);
        int columns = GATES * units;
        int inputRows = layer == 0 ? spec.inputSize() : layerWidth(spec);

        float[] input = new float[inputRows * columns];
        float[] recurrent = new float[units * columns];
        float[] bias = new float[columns];
        for (int gate = 0; gate < GATES; gate++) {
            for (int unit = 0; unit < hidden; unit++) {
                int from = gate * hidden + unit;
                int to = gate * units + unit;
                for (int feature = 0; feature < pytorch.inputWidth(); feature++) {
                    input[inputRow(spec, layer, feature) * columns + to] =
                            pytorch.input()[feature * pytorch.columns() + from];
                }
                for (int source = 0; source < hidden; source++) {
                    recurrent[source * columns + to] = pytorch.recurrent()[source * pytorch.columns() + from];
                }
                if (gate == CELL_GATE) {
                    bias[to] = pytorch.inputBias()[from];
                    // The constant unit's row: 1 * b_hn joins W_hn h, inside r * (...).
                    recurrent[hidden * columns + to] = pytorch.hiddenBias()[from];
                } else {
                    bias[to] = pytorch.inputBias()[from] + pytorch.hiddenBias()[from];
                }
            }
        }
        bias[UPDATE_GATE * units + hidden] = HOLD_BIAS;
        return new Layout(inputRows, units, input, recurrent, bias);
    }

    /** The state every sequence starts from: zeros, and 1 in each row's constant unit; {@code [batch, H+1]}. */
    static float[] initialState(int batch, int hidden) {
        int units = units(hidden);
        float[] state = new float[batch * units];
        for (int row = 0; row < batch; row++) {
            state[row * units + hidden] = 1f;
        }
        return state;
    }

    /**
     * What a GRU run on the {@code gru} operator needs per input: the input, the initial state, and, when
     * {@code gathersReversedTime} and the model is bidirectional, the positions {@code T-1 .. 0} with which it
     * gathers sequences in reversed time.
     */
    static Feeds feeds(ModelSpec spec, Tensor input, boolean gathersReversedTime) {
        int batch = input.dimension(0);
        int length = input.dimension(1);
        int hidden = spec.hiddenSize();
        Feeds feeds = new Feeds().with(Feeds.INPUT, NdArrays.of(input))
                .with(Feeds.INITIAL_STATE, NdArrays.of(initialState(batch, hidden), batch, units(hidden)));
        if (gathersReversedTime && spec.bidirectional()) {
            long[] backwards = new long[length];
            for (int position = 0; position < length; position++) {
                backwards[position] = length - 1 - position;
            }
            feeds.with(Feeds.REVERSED_POSITIONS, Nd4j.createFromArray(backwards));
        }
        return feeds;
    }

    /** The head, reading a last-step output with constant units: a zero row for each of them. */
    static LinearHead head(ModelSpec spec, Weights weights) {
        LinearHead head = LinearHead.of(spec, weights);
        int hidden = spec.hiddenSize();
        int width = layerWidth(spec);
        float[] padded = new float[width * head.outputs()];
        for (int direction = 0; direction < spec.directions(); direction++) {
            for (int unit = 0; unit < hidden; unit++) {
                System.arraycopy(head.weight(), (direction * hidden + unit) * head.outputs(), padded,
                        column(hidden, direction, unit) * head.outputs(), head.outputs());
            }
        }
        return new LinearHead(width, head.outputs(), padded, head.bias());
    }

    /** The row of {@code feature} of a layer's PyTorch input in the operator's input (constant units skipped). */
    private static int inputRow(ModelSpec spec, int layer, int feature) {
        if (layer == 0) {
            return feature;
        }
        int hidden = spec.hiddenSize();
        return column(hidden, feature / hidden, feature % hidden);
    }
}
