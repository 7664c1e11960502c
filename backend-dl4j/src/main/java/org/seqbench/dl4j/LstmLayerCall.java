package org.seqbench.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

/**
 * The arguments of one {@code lstmLayer} operator for one layer of an LSTM (or of an RNN with constant gates):
 * both directions' weights stacked when the layer is bidirectional, as the operator wants them, and its
 * configuration.
 *
 * @param input {@code [in, 4H]}, or {@code [2, in, 4H]} with the reverse direction second
 * @param recurrent {@code [H, 4H]}, or {@code [2, H, 4H]}
 * @param bias {@code b_ih + b_hh}: {@code [4H]}, or {@code [2, 4H]}
 */
record LstmLayerCall(INDArray input, INDArray recurrent, INDArray bias, LSTMLayerConfig config) {

    /** Layer {@code layer} of an LSTM or RNN {@code spec}; the arrays are new and belong to the caller. */
    static LstmLayerCall of(ModelSpec spec, Weights weights, int layer, LSTMDataFormat format) {
        int directions = spec.directions();
        DirectionWeights first = direction(spec, weights, layer, 0);
        int in = first.inputWidth();
        int columns = first.columns();
        int hidden = first.hidden();
        float[] input = new float[directions * in * columns];
        float[] recurrent = new float[directions * hidden * columns];
        float[] bias = new float[directions * columns];
        for (int direction = 0; direction < directions; direction++) {
            DirectionWeights weightsOf = direction == 0 ? first : direction(spec, weights, layer, direction);
            System.arraycopy(weightsOf.input(), 0, input, direction * in * columns, in * columns);
            System.arraycopy(weightsOf.recurrent(), 0, recurrent, direction * hidden * columns, hidden * columns);
            System.arraycopy(weightsOf.summedBias(), 0, bias, direction * columns, columns);
        }
        LSTMLayerConfig config = RecurrentGraph.config(spec.kind(), spec.bidirectional(), format);
        if (directions == 1) {
            return new LstmLayerCall(NdArrays.of(input, in, columns), NdArrays.of(recurrent, hidden, columns),
                    NdArrays.of(bias, columns), config);
        }
        return new LstmLayerCall(NdArrays.of(input, 2, in, columns), NdArrays.of(recurrent, 2, hidden, columns),
                NdArrays.of(bias, 2, columns), config);
    }

    /** One direction in the LSTM layout: as it is for an LSTM, widened to constant gates for an RNN. */
    private static DirectionWeights direction(ModelSpec spec, Weights weights, int layer, int direction) {
        DirectionWeights pytorch = DirectionWeights.of(spec, weights, layer, direction);
        return spec.kind() == ModelKind.RNN ? ConstantGateRnn.asLstm(pytorch) : pytorch;
    }

    /**
     * Runs the operator on {@code sequence} outside SameDiff; returns the full output sequence, a new array.
     *
     * <p>The arguments are spelled out for libnd4j here because ND4J 1.0.0-M2.1's {@code LSTMLayer} class cannot be
     * executed on arrays: its array constructor registers the inputs as outputs. libnd4j reads the integer
     * arguments as data format, direction mode, gate, cell and output activation (numbered as the Java enums
     * declare them), one float (the cell clipping, 0 = none), and eight flags: has bias, has sequence lengths, has
     * initial output, has initial cell state, has peepholes, return the full sequence, return the last output,
     * return the last cell state.
     */
    INDArray run(INDArray sequence) {
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(sequence, input, recurrent, bias)
                .addIntegerArguments(config.getLstmdataformat().ordinal(), config.getDirectionMode().ordinal(),
                        config.getGateAct().ordinal(), config.getCellAct().ordinal(), config.getOutAct().ordinal())
                .addFloatingPointArguments(config.getCellClip())
                .addBooleanArguments(true, false, false, false, false, true, false, false)
                .build();
        return Nd4j.exec(op)[0];
    }

    void close() {
        input.close();
        recurrent.close();
        bias.close();
    }
}
