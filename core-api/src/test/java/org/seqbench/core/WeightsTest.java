package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsTest {

    @Test
    void recurrentLayoutIsPytorchsStateDict() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 16, 32, 2, true, 4);
        List<String> names = WeightLayout.of(spec).stream().map(WeightLayout.Parameter::name).toList();
        assertEquals(List.of(
                "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.bias_ih_l0_reverse",
                "lstm.bias_hh_l0_reverse",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
                "lstm.weight_ih_l1_reverse", "lstm.weight_hh_l1_reverse", "lstm.bias_ih_l1_reverse",
                "lstm.bias_hh_l1_reverse",
                "fc.weight", "fc.bias"), names);
        Weights weights = Weights.initialise(spec, 1);
        assertArrayEquals(new int[] {128, 16}, weights.get("lstm.weight_ih_l0").shape());
        assertArrayEquals(new int[] {128, 64}, weights.get("lstm.weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[] {128, 32}, weights.get("lstm.weight_hh_l1").shape());
        assertArrayEquals(new int[] {4, 64}, weights.get("fc.weight").shape());
        assertArrayEquals(new int[] {96, 16}, Weights.initialise(
                ModelSpec.recurrent(ModelKind.GRU, 16, 32, 1, false, 0), 1).get("gru.weight_ih_l0").shape());
    }

    @Test
    void transformerLayoutIsPytorchsStateDict() {
        ModelSpec spec = ModelSpec.transformer(10, 16, 1, 2, 24, 3);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        WeightLayout.of(spec).forEach(parameter -> shapes.put(parameter.name(), parameter.shapeArray()));
        assertEquals(List.of("embedding.weight", "embedding.bias",
                "transformer_encoder.layers.0.self_attn.in_proj_weight",
                "transformer_encoder.layers.0.self_attn.in_proj_bias",
                "transformer_encoder.layers.0.self_attn.out_proj.weight",
                "transformer_encoder.layers.0.self_attn.out_proj.bias",
                "transformer_encoder.layers.0.linear1.weight", "transformer_encoder.layers.0.linear1.bias",
                "transformer_encoder.layers.0.linear2.weight", "transformer_encoder.layers.0.linear2.bias",
                "transformer_encoder.layers.0.norm1.weight", "transformer_encoder.layers.0.norm1.bias",
                "transformer_encoder.layers.0.norm2.weight", "transformer_encoder.layers.0.norm2.bias",
                "fc.weight", "fc.bias"), List.copyOf(shapes.keySet()));
        assertArrayEquals(new int[] {16, 10}, shapes.get("embedding.weight"));
        assertArrayEquals(new int[] {48, 16}, shapes.get("transformer_encoder.layers.0.self_attn.in_proj_weight"));
        assertArrayEquals(new int[] {24, 16}, shapes.get("transformer_encoder.layers.0.linear1.weight"));
        assertArrayEquals(new int[] {16, 24}, shapes.get("transformer_encoder.layers.0.linear2.weight"));
        assertArrayEquals(new int[] {3, 16}, shapes.get("fc.weight"));
    }

    @Test
    void pytorchDefaultRangesAndConstants() {
        ModelSpec recurrent = ModelSpec.recurrent(ModelKind.GRU, 8, 25, 1, false, 0);
        assertWithin(Weights.initialise(recurrent, 3).get("gru.weight_hh_l0"), 1 / 5.0);
        ModelSpec transformer = ModelSpec.transformer(9, 16, 1, 2, 64, 4);
        Weights weights = Weights.initialise(transformer, 3);
        assertWithin(weights.get("embedding.weight"), 1 / 3.0);
        assertWithin(weights.get("transformer_encoder.layers.0.self_attn.in_proj_weight"), Math.sqrt(6.0 / 64));
        assertWithin(weights.get("transformer_encoder.layers.0.linear2.weight"), 1 / 8.0);
        assertWithin(weights.get("fc.weight"), 1 / 4.0);
        for (float value : weights.get("transformer_encoder.layers.0.self_attn.in_proj_bias").data()) {
            assertEquals(0f, value);
        }
        for (float value : weights.get("transformer_encoder.layers.0.norm1.weight").data()) {
            assertEquals(1f, value);
        }
        Weights dense = Weights.initialise(transformer, 3, WeightInit.ALL_RANDOM);
        float[] norm = dense.get("transformer_encoder.layers.0.norm2.weight").data();
        for (float value : norm) {
            assertTrue(value >= 0.5f && value < 1.5f);
        }
        assertNotEquals(norm[0], norm[1]);
    }

    @Test
    void sameSeedSameWeightsAndEachTensorHasItsOwnStream() {
        ModelSpec one = ModelSpec.recurrent(ModelKind.LSTM, 8, 16, 1, false, 4);
        ModelSpec two = ModelSpec.recurrent(ModelKind.LSTM, 8, 16, 2, false, 4);
        assertEquals(Weights.initialise(one, 42).asMap(), Weights.initialise(one, 42).asMap());
        assertEquals(Weights.initialise(one, 42).get("lstm.weight_ih_l0"),
                Weights.initialise(two, 42).get("lstm.weight_ih_l0"), "adding a layer must not shift layer 0");
        assertNotEquals(Weights.initialise(one, 42).get("lstm.weight_ih_l0"),
                Weights.initialise(one, 43).get("lstm.weight_ih_l0"));
        assertNotEquals(Weights.initialise(one, 42).get("lstm.bias_ih_l0"),
                Weights.initialise(one, 42).get("lstm.bias_hh_l0"));
    }

    @Test
    void inputsAreStandardNormalAndReproducible() {
        Tensor input = Inputs.generate(4, 50, 25, 7);
        assertEquals(input, Inputs.generate(4, 50, 25, 7));
        assertFalse(input.equals(Inputs.generate(4, 50, 25, 8)));
        double mean = 0;
        double square = 0;
        for (float value : input.data()) {
            mean += value;
            square += value * value;
        }
        mean /= input.size();
        assertEquals(0.0, mean, 0.05);
        assertEquals(1.0, square / input.size(), 0.05);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Inputs.generate(0, 3, 2, 1));
        assertEquals("batch must be a positive integer, got 0", error.getMessage());
    }

    @Test
    void mismatchesAreListedByName() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.RNN, 4, 8, 1, false, 2);
        Map<String, Tensor> tensors = new LinkedHashMap<>(Weights.initialise(spec, 1).asMap());
        tensors.remove("rnn.bias_hh_l0");
        tensors.put("rnn.weight_ih_l0", Tensor.zeros(8, 5));
        tensors.put("pos_encoder.pe", Tensor.zeros(10, 8));
        WeightsMismatchException error = assertThrows(WeightsMismatchException.class,
                () -> Weights.of(tensors).requireMatches(spec));
        assertEquals("weights do not match rnn I=4 H=8 L=1 O=2: rnn.weight_ih_l0 has shape [8, 5], expected [8, 4]; "
                + "missing rnn.bias_hh_l0 [8]; unexpected pos_encoder.pe", error.getMessage());
    }

    @Test
    void workCountsMatrixProductsAndSequentialSteps() {
        ModelSpec lstm = ModelSpec.recurrent(ModelKind.LSTM, 64, 128, 2, false, 10);
        Work work = Work.of(lstm, 8, 32);
        long rows = 4 * 128;
        long layer0 = (2 * rows * (64 + 128) + 2 * rows) * 8 * 32;
        long layer1 = (2 * rows * (128 + 128) + 2 * rows) * 8 * 32;
        long head = (2 * 128 + 1) * 10 * 8;
        assertEquals(layer0 + layer1 + head, work.flops());
        assertEquals(64, work.sequentialSteps());

        ModelSpec bidirectional = ModelSpec.recurrent(ModelKind.RNN, 4, 8, 1, true, 0);
        assertEquals(2 * (2 * 8 * (4 + 8) + 2 * 8) * 3 * 5L, Work.of(bidirectional, 3, 5).flops());

        ModelSpec transformer = ModelSpec.transformer(64, 128, 1, 4, 512, 0);
        long t = 256;
        long d = 128;
        long expected = 2 * t * 64 * d + t * d
                + 2 * t * d * 3 * d + t * 3 * d + 4 * t * t * d + 2 * t * d * d + t * d
                + 2 * t * d * 512 + t * 512 + 2 * t * 512 * d + t * d;
        assertEquals(expected, Work.of(transformer, 1, 256).flops());
        assertEquals(1, Work.of(transformer, 1, 256).sequentialSteps());
    }

    @Test
    void workCountsTheBytesOfWeightsInputLayerOutputsAndTheAttentionMatrix() {
        // RNN I=2 H=3, B=1 T=2: weights 3*2 + 3*3 + 3 + 3 = 21, input 1*2*2 = 4, the layer's output written and
        // read 2*1*2*3 = 12: 37 floats.
        ModelSpec rnn = ModelSpec.recurrent(ModelKind.RNN, 2, 3, 1, false, 0);
        assertEquals(37 * 4, Work.of(rnn, 1, 2).bytes());

        // Bidirectional LSTM I=3 H=2 L=2 O=1, B=1 T=2: layer 0 (8*3 + 8*2 + 8 + 8) * 2 directions = 112, layer 1
        // (8*4 + 8*2 + 8 + 8) * 2 = 128, head 1*4 + 1 = 5; input 6; each layer's output 2*2*4 = 16, two layers;
        // the head's one output: 245 + 6 + 32 + 1 = 284 floats.
        ModelSpec lstm = ModelSpec.recurrent(ModelKind.LSTM, 3, 2, 2, true, 1);
        assertEquals(284 * 4, Work.of(lstm, 1, 2).bytes());

        // Transformer I=4 d=4 heads=2 ffn=8 L=1 O=3, B=2 T=3: embedding 4*4 + 4 = 20; in_proj 48 + 12, out_proj
        // 16 + 4, linear1 32 + 8, linear2 32 + 4, two LayerNorms 16: 172; head 12 + 3 = 15. Input 2*3*4 = 24,
        // the embedding's output 2*2*3*4 = 48, the layer's output 48, its attention matrix 2*2*2*3*3 = 72, the
        // head's outputs 2*3 = 6: 207 + 24 + 48 + 48 + 72 + 6 = 405 floats.
        ModelSpec transformer = ModelSpec.transformer(4, 4, 1, 2, 8, 3);
        Work work = Work.of(transformer, 2, 3);
        assertEquals(405 * 4, work.bytes());
        assertEquals(72 * 4, Work.attentionMatrixBytes(transformer, 2, 3));
        assertEquals(0, Work.attentionMatrixBytes(lstm, 1, 2));
        // Q K^T and P V: 2 * 3 * 3 * 4 FLOPs each, per sequence of the batch of 2.
        assertEquals(2 * 2 * (2 * 3 * 3 * 4), Work.attentionFlops(transformer, 2, 3));
        assertEquals(0, Work.attentionFlops(lstm, 1, 2));
        assertEquals((double) work.flops() / (405 * 4), work.arithmeticIntensity(), 0.0);
    }

    @Test
    void accuracyTreatsNanAsInfinitelyWrong() {
        Tensor actual = new Tensor(new int[] {3}, new float[] {1f, Float.NaN, 3f});
        Accuracy accuracy = Accuracy.compare(actual, new double[] {1, 2, 3}, new int[] {3});
        assertEquals(Double.POSITIVE_INFINITY, accuracy.maxAbsoluteError());
        assertEquals(1, accuracy.worstIndex());
        assertFalse(accuracy.within(1e9));
        Accuracy close = Accuracy.compare(new Tensor(new int[] {2}, new float[] {1f, -4.5f}), new double[] {1, -4}, new int[] {2});
        assertEquals(0.5, close.maxAbsoluteError(), 0.0);
        assertEquals(0.125, close.maxRelativeError(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Accuracy.compare(actual, new double[3], new int[] {1, 3}));
    }

    private static void assertWithin(Tensor tensor, double bound) {
        double largest = 0;
        for (float value : tensor.data()) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertTrue(largest <= bound, "max |w| " + largest + " above bound " + bound);
        assertTrue(largest > 0.8 * bound, "max |w| " + largest + " far below bound " + bound + ": wrong range?");
    }
}
