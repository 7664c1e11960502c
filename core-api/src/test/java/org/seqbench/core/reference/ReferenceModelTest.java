package org.seqbench.core.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.seqbench.core.WeightNames.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.Weights;
import org.seqbench.core.WeightsMismatchException;

/**
 * Pins the reference to the semantics of DESIGN.md: small cases computed by hand, and structural properties
 * (causality, independence of sequences, layer composition, what the bidirectional head reads) that any
 * implementation of PyTorch's modules has.
 */
class ReferenceModelTest {
    private static final double EXACT = 1e-14;

    @Test
    void rnnSingleUnitByHand() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.RNN, 1, 1, 1, false, 0);
        Weights weights = weights(Map.of(
                "rnn.weight_ih_l0", scalar(0.7f), "rnn.weight_hh_l0", scalar(-0.4f),
                "rnn.bias_ih_l0", vector(0.1f), "rnn.bias_hh_l0", vector(0.05f)));
        Tensor input = new Tensor(new int[] {1, 2, 1}, new float[] {0.5f, -1.5f});
        double a = 0.7f;
        double b = -0.4f;
        double biases = (double) 0.1f + (double) 0.05f;
        double h1 = Math.tanh(a * 0.5 + biases);
        double h2 = Math.tanh(a * -1.5 + b * h1 + biases);
        assertArrayEquals(new double[] {h1, h2}, new ReferenceModel(spec, weights).forward(input), EXACT);
    }

    @Test
    void lstmSingleUnitByHandWithGateOrderIfgo() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 1, 1, 1, false, 0);
        // Gate blocks i, f, g, o: give each a distinct input weight so a mix-up changes the result.
        float[] wIh = {0.3f, -0.6f, 0.9f, 0.2f};
        Weights weights = weights(Map.of(
                "lstm.weight_ih_l0", new Tensor(new int[] {4, 1}, wIh),
                "lstm.weight_hh_l0", new Tensor(new int[] {4, 1}, new float[] {0.5f, 0.1f, -0.3f, 0.4f}),
                "lstm.bias_ih_l0", new Tensor(new int[] {4}, new float[] {0.01f, 0.02f, 0.03f, 0.04f}),
                "lstm.bias_hh_l0", new Tensor(new int[] {4}, new float[] {0f, 0f, 0f, 0f})));
        Tensor input = new Tensor(new int[] {1, 2, 1}, new float[] {1.0f, -2.0f});
        double h = 0;
        double c = 0;
        double[] expected = new double[2];
        float[] wHh = {0.5f, 0.1f, -0.3f, 0.4f};
        float[] bias = {0.01f, 0.02f, 0.03f, 0.04f};
        float[] x = {1.0f, -2.0f};
        for (int t = 0; t < 2; t++) {
            double i = sigmoid(wIh[0] * x[t] + bias[0] + wHh[0] * h);
            double f = sigmoid(wIh[1] * x[t] + bias[1] + wHh[1] * h);
            double g = Math.tanh(wIh[2] * x[t] + bias[2] + wHh[2] * h);
            double o = sigmoid(wIh[3] * x[t] + bias[3] + wHh[3] * h);
            c = f * c + i * g;
            h = o * Math.tanh(c);
            expected[t] = h;
        }
        assertArrayEquals(expected, new ReferenceModel(spec, weights).forward(input), 1e-7);
    }

    @Test
    void gruPutsTheHiddenNewGateBiasInsideTheReset() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 1, 1, 1, false, 0);
        // All weights zero: r = z = sigmoid(0) = 0.5; n = tanh(b_in + r * b_hn).
        Weights weights = weights(Map.of(
                "gru.weight_ih_l0", new Tensor(new int[] {3, 1}, new float[3]),
                "gru.weight_hh_l0", new Tensor(new int[] {3, 1}, new float[3]),
                "gru.bias_ih_l0", new Tensor(new int[] {3}, new float[] {0f, 0f, 0.25f}),
                "gru.bias_hh_l0", new Tensor(new int[] {3}, new float[] {0f, 0f, 0.5f})));
        double[] output = new ReferenceModel(spec, weights).forward(Tensor.zeros(1, 1, 1));
        double n = Math.tanh(0.25 + 0.5 * 0.5);
        assertEquals(0.5 * n, output[0], EXACT, "h' = (1 - z) n + z h with h = 0");
        assertFalse(Math.abs(output[0] - 0.5 * Math.tanh(0.75)) < 1e-3, "b_hn must sit inside r * (...)");
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"RNN", "LSTM", "GRU"})
    void bidirectionalHeadReadsTheReverseDirectionsFirstStepNotItsFinalState(ModelKind kind) {
        int hidden = 4;
        ModelSpec noHead = ModelSpec.recurrent(kind, 3, hidden, 1, true, 0);
        Weights weights = Weights.initialise(noHead, 5, WeightInit.ALL_RANDOM);
        Tensor input = Inputs.generate(1, 6, 3, 9);
        double[] sequence = new ReferenceModel(noHead, weights).forward(input);
        // The reverse direction's output at position T-1 has seen only x[T-1]: run the model on that alone.
        Tensor lastOnly = new Tensor(new int[] {1, 1, 3}, Arrays.copyOfRange(input.data(), 5 * 3, 6 * 3));
        double[] single = new ReferenceModel(noHead, weights).forward(lastOnly);
        double[] reverseAtLast = Arrays.copyOfRange(sequence, 5 * 2 * hidden + hidden, 6 * 2 * hidden);
        assertArrayEquals(Arrays.copyOfRange(single, hidden, 2 * hidden), reverseAtLast, EXACT);

        // And the head is fc applied to out[:, -1, :].
        ModelSpec withHead = ModelSpec.recurrent(kind, 3, hidden, 1, true, 2);
        Weights headWeights = Weights.initialise(withHead, 5, WeightInit.ALL_RANDOM);
        double[] logits = new ReferenceModel(withHead, headWeights).forward(input);
        double[] last = Arrays.copyOfRange(new ReferenceModel(noHead, without(headWeights, HEAD_WEIGHT, HEAD_BIAS))
                .forward(input), 5 * 2 * hidden, 6 * 2 * hidden);
        assertArrayEquals(linear(headWeights.get(HEAD_WEIGHT), headWeights.get(HEAD_BIAS), last), logits, EXACT);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"RNN", "LSTM", "GRU"})
    void forwardDirectionIsCausal(ModelKind kind) {
        ModelSpec spec = ModelSpec.recurrent(kind, 3, 5, 2, false, 0);
        ReferenceModel model = new ReferenceModel(spec, Weights.initialise(spec, 1, WeightInit.ALL_RANDOM));
        Tensor input = Inputs.generate(1, 4, 3, 2);
        Tensor changedLast = new Tensor(input.shape(), input.data().clone());
        changedLast.data()[3 * 3] += 1.0f;
        double[] before = model.forward(input);
        double[] after = model.forward(changedLast);
        assertArrayEquals(Arrays.copyOf(before, 3 * 5), Arrays.copyOf(after, 3 * 5), 0.0);
        assertFalse(Arrays.equals(before, after));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void layerAboveReadsTheLayerBelowsOutputWithBothDirectionsConcatenated(boolean bidirectional) {
        ModelKind kind = ModelKind.LSTM;
        int hidden = 3;
        int width = hidden * (bidirectional ? 2 : 1);
        ModelSpec twoLayers = ModelSpec.recurrent(kind, 2, hidden, 2, bidirectional, 0);
        Weights weights = Weights.initialise(twoLayers, 11, WeightInit.ALL_RANDOM);
        Tensor input = Inputs.generate(2, 5, 2, 3);

        ModelSpec bottom = ModelSpec.recurrent(kind, 2, hidden, 1, bidirectional, 0);
        ModelSpec top = ModelSpec.recurrent(kind, width, hidden, 1, bidirectional, 0);
        Map<String, Tensor> bottomWeights = new LinkedHashMap<>();
        Map<String, Tensor> topWeights = new LinkedHashMap<>();
        weights.asMap().forEach((name, tensor) -> {
            if (name.contains("_l0")) {
                bottomWeights.put(name, tensor);
            } else {
                topWeights.put(name.replace("_l1", "_l0"), tensor);
            }
        });
        double[] middle = new ReferenceModel(bottom, Weights.of(bottomWeights)).forward(input);
        Tensor middleTensor = new Tensor(new int[] {2, 5, width}, toFloat(middle));
        double[] composed = new ReferenceModel(top, Weights.of(topWeights)).forward(middleTensor);
        double[] direct = new ReferenceModel(twoLayers, weights).forward(input);
        // The composition rounds the middle to float32 once, hence the float-sized tolerance.
        assertArrayEquals(composed, direct, 1e-6);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void sequencesOfABatchAreIndependent(ModelKind kind) {
        ModelSpec spec = kind.isRecurrent() ? ModelSpec.recurrent(kind, 3, 4, 2, true, 2)
                : ModelSpec.transformer(3, 4, 2, 2, 8, 2);
        ReferenceModel model = new ReferenceModel(spec, Weights.initialise(spec, 4, WeightInit.ALL_RANDOM));
        Tensor batch = Inputs.generate(3, 5, 3, 8);
        double[] all = model.forward(batch);
        for (int row = 0; row < 3; row++) {
            Tensor single = new Tensor(new int[] {1, 5, 3}, Arrays.copyOfRange(batch.data(), row * 15, (row + 1) * 15));
            assertArrayEquals(model.forward(single), Arrays.copyOfRange(all, row * 2, (row + 1) * 2), 0.0);
            assertArrayEquals(model.forwardSequence(batch, row), Arrays.copyOfRange(all, row * 2, (row + 1) * 2), 0.0);
        }
    }

    /**
     * d_model 2, one head, ffn 1, one position: attention over one position is the identity on v, and a
     * LayerNorm of two values maps them to -1 and +1 (before the affine part) up to epsilon.
     */
    @Test
    void transformerOnePositionByHand() {
        ModelSpec spec = ModelSpec.transformer(1, 2, 1, 1, 1, 0);
        Weights weights = Weights.initialise(spec, 3, WeightInit.ALL_RANDOM);
        float x = 0.8f;
        Tensor input = new Tensor(new int[] {1, 1, 1}, new float[] {x});

        float[] we = weights.get(EMBEDDING_WEIGHT).data();
        float[] be = weights.get(EMBEDDING_BIAS).data();
        double sqrtD = Math.sqrt(2);
        double[] e = {(we[0] * x + be[0]) * sqrtD + 0.0, (we[1] * x + be[1]) * sqrtD + 1.0}; // PE[0] = (sin 0, cos 0)
        float[] win = weights.get(encoderLayer(0, IN_PROJ_WEIGHT)).data(); // [6, 2]: rows q0 q1 k0 k1 v0 v1
        float[] bin = weights.get(encoderLayer(0, IN_PROJ_BIAS)).data();
        double[] v = {win[8] * e[0] + win[9] * e[1] + bin[4], win[10] * e[0] + win[11] * e[1] + bin[5]};
        float[] wo = weights.get(encoderLayer(0, OUT_PROJ_WEIGHT)).data();
        float[] bo = weights.get(encoderLayer(0, OUT_PROJ_BIAS)).data();
        double[] attention = {wo[0] * v[0] + wo[1] * v[1] + bo[0], wo[2] * v[0] + wo[3] * v[1] + bo[1]};
        double[] y = norm2(e[0] + attention[0], e[1] + attention[1], weights.get(encoderLayer(0, NORM1_WEIGHT)),
                weights.get(encoderLayer(0, NORM1_BIAS)));
        float[] w1 = weights.get(encoderLayer(0, LINEAR1_WEIGHT)).data(); // [1, 2]
        float b1 = weights.get(encoderLayer(0, LINEAR1_BIAS)).data()[0];
        double hiddenUnit = Math.max(0, w1[0] * y[0] + w1[1] * y[1] + b1);
        float[] w2 = weights.get(encoderLayer(0, LINEAR2_WEIGHT)).data(); // [2, 1]
        float[] b2 = weights.get(encoderLayer(0, LINEAR2_BIAS)).data();
        double[] expected = norm2(y[0] + w2[0] * hiddenUnit + b2[0], y[1] + w2[1] * hiddenUnit + b2[1],
                weights.get(encoderLayer(0, NORM2_WEIGHT)), weights.get(encoderLayer(0, NORM2_BIAS)));

        assertArrayEquals(expected, new ReferenceModel(spec, weights).forward(input), 1e-12);
    }

    @Test
    void transformerAttentionSeesTheWholeSequence() {
        ModelSpec spec = ModelSpec.transformer(3, 4, 1, 2, 8, 0);
        ReferenceModel model = new ReferenceModel(spec, Weights.initialise(spec, 1, WeightInit.ALL_RANDOM));
        Tensor input = Inputs.generate(1, 4, 3, 2);
        Tensor changedLast = new Tensor(input.shape(), input.data().clone());
        changedLast.data()[3 * 3] += 1.0f;
        double[] before = model.forward(input);
        double[] after = model.forward(changedLast);
        assertFalse(Arrays.equals(Arrays.copyOf(before, 4), Arrays.copyOf(after, 4)),
                "no mask: position 0 attends to position 3");
    }

    @Test
    void transformerOutputIsLayerNormalisedWithPytorchDefaultNorms() {
        ModelSpec spec = ModelSpec.transformer(6, 16, 2, 4, 32, 0);
        double[] output = new ReferenceModel(spec, Weights.initialise(spec, 2)).forward(Inputs.generate(1, 9, 6, 3));
        for (int position = 0; position < 9; position++) {
            double[] row = Arrays.copyOfRange(output, position * 16, (position + 1) * 16);
            double mean = Arrays.stream(row).average().orElseThrow();
            double variance = Arrays.stream(row).map(value -> (value - mean) * (value - mean)).average().orElseThrow();
            assertEquals(0.0, mean, 1e-12);
            assertEquals(1.0, variance, 1e-3, "LayerNorm with unit weight, zero bias, eps 1e-5");
        }
    }

    @Test
    void positionalEncodingFollowsTheFormula() {
        assertEquals(0.0, PositionalEncoding.value(0, 0, 8), 0.0);
        assertEquals(1.0, PositionalEncoding.value(0, 1, 8), 0.0);
        assertEquals(Math.sin(3.0), PositionalEncoding.value(3, 0, 8), EXACT);
        assertEquals(Math.cos(3.0), PositionalEncoding.value(3, 1, 8), EXACT);
        assertEquals(Math.sin(5 / Math.pow(10000, 4.0 / 8)), PositionalEncoding.value(5, 4, 8), EXACT);
        assertEquals(Math.cos(5 / Math.pow(10000, 6.0 / 8)), PositionalEncoding.value(5, 7, 8), EXACT);
        float[] table = PositionalEncoding.table(3, 8);
        assertEquals((float) PositionalEncoding.value(2, 5, 8), table[2 * 8 + 5]);
    }

    @Test
    void refusesWeightsOfAnotherModelAndInputsOfTheWrongWidth() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.GRU, 3, 4, 1, false, 2);
        ModelSpec other = ModelSpec.recurrent(ModelKind.GRU, 3, 5, 1, false, 2);
        assertThrows(WeightsMismatchException.class, () -> new ReferenceModel(spec, Weights.initialise(other, 1)));
        ReferenceModel model = new ReferenceModel(spec, Weights.initialise(spec, 1));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> model.forward(Inputs.generate(1, 2, 4, 1)));
        assertEquals("input must be [batch, seq, 3] with batch and seq >= 1, got [1, 2, 4]", error.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static double[] norm2(double a, double b, Tensor weight, Tensor bias) {
        double mean = (a + b) / 2;
        double variance = ((a - mean) * (a - mean) + (b - mean) * (b - mean)) / 2;
        double scale = 1 / Math.sqrt(variance + 1e-5);
        return new double[] {(a - mean) * scale * weight.data()[0] + bias.data()[0],
                (b - mean) * scale * weight.data()[1] + bias.data()[1]};
    }

    private static double[] linear(Tensor weight, Tensor bias, double[] x) {
        int out = weight.dimension(0);
        double[] y = new double[out];
        for (int row = 0; row < out; row++) {
            y[row] = bias.data()[row];
            for (int column = 0; column < x.length; column++) {
                y[row] += weight.data()[row * x.length + column] * x[column];
            }
        }
        return y;
    }

    private static Weights without(Weights weights, String... names) {
        Map<String, Tensor> kept = new LinkedHashMap<>(weights.asMap());
        for (String name : names) {
            kept.remove(name);
        }
        return Weights.of(kept);
    }

    private static Weights weights(Map<String, Tensor> tensors) {
        return Weights.of(new LinkedHashMap<>(tensors));
    }

    private static Tensor scalar(float value) {
        return new Tensor(new int[] {1, 1}, new float[] {value});
    }

    private static Tensor vector(float value) {
        return new Tensor(new int[] {1}, new float[] {value});
    }

    private static float[] toFloat(double[] values) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        return rounded;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
