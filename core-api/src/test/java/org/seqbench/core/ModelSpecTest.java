package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ModelSpecTest {

    @Test
    void everyBadFieldIsNamedWithItsValue() {
        assertRejected("inputSize", "inputSize must be a positive integer, got 0",
                () -> ModelSpec.recurrent(ModelKind.LSTM, 0, 8, 1, false, 2));
        assertRejected("hiddenSize", "hiddenSize must be a positive integer, got -3",
                () -> ModelSpec.recurrent(ModelKind.GRU, 4, -3, 1, false, 2));
        assertRejected("layers", "layers must be a positive integer, got 0",
                () -> ModelSpec.recurrent(ModelKind.RNN, 4, 8, 0, false, 2));
        assertRejected("outputSize", "outputSize must be 0 (no head) or a positive integer, got -1",
                () -> ModelSpec.recurrent(ModelKind.RNN, 4, 8, 1, false, -1));
        assertRejected("hiddenSize", "hiddenSize (d_model) must be even for the sinusoidal positional encoding, got 33",
                () -> ModelSpec.transformer(4, 33, 1, 3, 8, 2));
        assertRejected("heads", "hiddenSize (d_model) 30 must be divisible by heads 4; accepted heads divide 30",
                () -> ModelSpec.transformer(4, 30, 1, 4, 8, 2));
        assertRejected("heads", "heads must be a positive integer, got 0",
                () -> ModelSpec.transformer(4, 32, 1, 0, 8, 2));
        assertRejected("ffnSize", "ffnSize must be a positive integer, got 0",
                () -> ModelSpec.transformer(4, 32, 1, 4, 0, 2));
        assertRejected("bidirectional",
                "bidirectional applies to rnn, lstm and gru only; the transformer needs bidirectional=false",
                () -> new ModelSpec(ModelKind.TRANSFORMER, 4, 32, 1, true, 4, 8, 2));
        assertRejected("heads", "heads applies to the transformer only; lstm needs heads=0, got 4",
                () -> new ModelSpec(ModelKind.LSTM, 4, 32, 1, false, 4, 0, 2));
        assertRejected("ffnSize", "ffnSize applies to the transformer only; gru needs ffnSize=0, got 64",
                () -> new ModelSpec(ModelKind.GRU, 4, 32, 1, false, 0, 64, 2));
        assertRejected("kind", "kind is missing; accepted: rnn, lstm, gru, transformer",
                () -> new ModelSpec(null, 4, 32, 1, false, 0, 0, 2));
    }

    @Test
    void sizesThatCannotBeAllocatedAreRefusedBeforeAnyoneTries() {
        InvalidSpecException error = assertThrows(InvalidSpecException.class,
                () -> ModelSpec.recurrent(ModelKind.LSTM, 100_000, 100_000, 1, false, 2));
        assertEquals("hiddenSize", error.field());
    }

    @Test
    void anInputOfAnotherShapeIsRefusedNamingTheExpectedAndTheGivenShape() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 2);
        spec.requireInput(Tensor.zeros(2, 5, 3));
        assertEquals("input must be [batch, seq, 3] with batch and seq >= 1, got [2, 5, 4]",
                assertThrows(IllegalArgumentException.class, () -> spec.requireInput(Tensor.zeros(2, 5, 4)))
                        .getMessage());
        assertEquals("input must be [batch, seq, 3] with batch and seq >= 1, got [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> spec.requireInput(Tensor.zeros(2, 3)))
                        .getMessage());
        assertEquals("input must be [batch, seq, 3] with batch and seq >= 1, got [0, 5, 3]",
                assertThrows(IllegalArgumentException.class, () -> spec.requireInput(Tensor.zeros(0, 5, 3)))
                        .getMessage());
        assertEquals("input must be [batch, seq, 3] with batch and seq >= 1, got [2, 0, 3]",
                assertThrows(IllegalArgumentException.class, () -> spec.requireInput(Tensor.zeros(2, 0, 3)))
                        .getMessage());
    }

    @Test
    void shapesFollowTheHead() {
        ModelSpec classifier = ModelSpec.recurrent(ModelKind.LSTM, 16, 32, 2, true, 4);
        assertArrayEquals(new int[] {3, 4}, classifier.outputShape(3, 20));
        assertEquals(64, classifier.encoderWidth());
        assertEquals(64, classifier.layerInputWidth(1));
        assertEquals(16, classifier.layerInputWidth(0));
        ModelSpec encoder = ModelSpec.transformer(16, 32, 2, 4, 64, 0);
        assertArrayEquals(new int[] {3, 20, 32}, encoder.outputShape(3, 20));
        assertEquals("transformer I=16 d=32 L=2 heads=4 ffn=64 no-head", encoder.describe());
        assertEquals("lstm I=16 H=32 L=2 bi O=4", classifier.describe());
    }

    @Test
    void kindsParseCaseInsensitivelyAndNameTheAcceptedOnes() {
        assertEquals(ModelKind.GRU, ModelKind.parse(" Gru "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ModelKind.parse("lstn"));
        assertEquals("unknown kind 'lstn'; accepted: rnn, lstm, gru, transformer", error.getMessage());
    }

    @Test
    void jsonRoundTripsAndNamesMissingOrUnknownFields() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 16, 32, 2, true, 4);
        String json = ModelSpecJson.write(spec);
        assertEquals("{\"kind\":\"lstm\",\"inputSize\":16,\"hiddenSize\":32,\"layers\":2,\"bidirectional\":true,"
                + "\"heads\":0,\"ffnSize\":0,\"outputSize\":4}", json);
        assertEquals(spec, ModelSpecJson.read(json));
        assertEquals(ModelSpec.transformer(8, 16, 1, 2, 32, 0), ModelSpecJson.read(
                "{\"kind\":\"TRANSFORMER\",\"inputSize\":8,\"hiddenSize\":16,\"layers\":1,\"heads\":2,"
                        + "\"ffnSize\":32,\"outputSize\":0}"));
        assertRejected("hiddenSize", "the model spec needs \"hiddenSize\"",
                () -> ModelSpecJson.read("{\"kind\":\"gru\",\"inputSize\":8,\"layers\":1,\"outputSize\":2}"));
        assertRejected("hidden", "the model spec has an unknown field 'hidden'; accepted: bidirectional, ffnSize, "
                + "heads, hiddenSize, inputSize, kind, layers, outputSize",
                () -> ModelSpecJson.read("{\"kind\":\"gru\",\"hidden\":8}"));
        assertRejected("kind", "the model spec's unknown kind 'cnn'; accepted: rnn, lstm, gru, transformer",
                () -> ModelSpecJson.read("{\"kind\":\"cnn\"}"));
        assertRejected("layers", "layers must be an integer, got \"two\"", () -> ModelSpecJson.read(
                "{\"kind\":\"gru\",\"inputSize\":8,\"hiddenSize\":8,\"layers\":\"two\",\"outputSize\":2}"));
        assertRejected("spec", "the model spec must be a JSON object, got [1]", () -> ModelSpecJson.read("[1]"));
    }

    private static void assertRejected(String field, String message, Executable construction) {
        InvalidSpecException error = assertThrows(InvalidSpecException.class, construction);
        assertEquals(message, error.getMessage());
        assertEquals(field, error.field());
    }
}
