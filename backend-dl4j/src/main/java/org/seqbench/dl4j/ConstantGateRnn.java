package org.seqbench.dl4j;

/**
 * PyTorch's tanh RNN on ND4J's {@code lstmLayer} operator, exactly. SameDiff has no operator for a plain RNN (the
 * native {@code static_rnn} is not exposed to SameDiff and loops over the batch one sequence at a time), but an LSTM
 * whose gates are constants is one:
 *
 * <ul>
 *   <li>gate activation tanh: the input gate's pre-activation is 20 (weights 0), and tanh(20) rounds to exactly
 *       1.0f; the forget gate's is exactly 0, and tanh(0) = 0; the output gate carries the RNN, {@code
 *       o = tanh(W_ih x + b_ih + W_hh h + b_hh)};</li>
 *   <li>cell activation relu on a cell input of 20 (weights 0): the cell state is {@code 0 * c + 1 * 20 = 20};</li>
 *   <li>output activation hard sigmoid: {@code min(1, 0.2 * 20 + 0.5) = 1}, so {@code h = o * 1 = o}.</li>
 * </ul>
 *
 * <p>Every constant is exact in float32, so the result is the RNN's, computed with four gate blocks where one would
 * do: this path costs about four times the arithmetic of a dedicated RNN.
 *
 * <p>The cell and output activations give 1 in either order ({@code relu(hardSigmoid(20)) = 1} too). That matters:
 * ND4J 1.0.0-M2.1's {@code LSTMLayer} class hands them to libnd4j in swapped positions, which the LSTM, with tanh
 * for both, never notices.
 */
final class ConstantGateRnn {
    /** Pre-activation of the saturated input gate and of the cell input; see the class comment. */
    static final float SATURATING_INPUT = 20f;

    private static final int GATES = 4;
    private static final int INPUT_GATE = 0;
    private static final int CELL_INPUT = 2;
    private static final int OUTPUT_GATE = 3;

    private ConstantGateRnn() {
    }

    /** An RNN direction's weights as an LSTM direction's, ready for {@code lstmLayer}: {@code [in, 4H]} and so on. */
    static DirectionWeights asLstm(DirectionWeights rnn) {
        int hidden = rnn.hidden();
        int columns = GATES * hidden;
        float[] input = new float[rnn.inputWidth() * columns];
        float[] recurrent = new float[hidden * columns];
        for (int row = 0; row < rnn.inputWidth(); row++) {
            System.arraycopy(rnn.input(), row * hidden, input, row * columns + OUTPUT_GATE * hidden, hidden);
        }
        for (int row = 0; row < hidden; row++) {
            System.arraycopy(rnn.recurrent(), row * hidden, recurrent, row * columns + OUTPUT_GATE * hidden, hidden);
        }
        float[] bias = new float[columns];
        float[] summed = rnn.summedBias();
        for (int unit = 0; unit < hidden; unit++) {
            bias[INPUT_GATE * hidden + unit] = SATURATING_INPUT;
            bias[CELL_INPUT * hidden + unit] = SATURATING_INPUT;
            bias[OUTPUT_GATE * hidden + unit] = summed[unit];
        }
        return new DirectionWeights(rnn.inputWidth(), hidden, GATES, input, recurrent, bias, new float[columns]);
    }
}
