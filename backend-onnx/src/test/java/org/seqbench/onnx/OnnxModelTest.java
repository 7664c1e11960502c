package org.seqbench.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqbench.core.Accuracy;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.onnx.GraphBuilder.Dimension;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

class OnnxModelTest {
    private static final long SEED = 42;
    private final OnnxBackendProvider provider = new OnnxBackendProvider();

    private static ModelSpec spec(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, 8, 16, 2, true, 4)
                : ModelSpec.transformer(8, 16, 2, 4, 32, 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void threadOptionIsAcceptedAndKeepsTheResultExact(int threads) {
        for (ModelKind kind : ModelKind.values()) {
            ModelSpec spec = spec(kind);
            Weights weights = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
            Tensor input = Inputs.generate(3, 24, spec.inputSize(), SEED);
            try (BackendModel model = provider.load(spec, weights, RunOptions.threads(threads));
                    PreparedInput prepared = model.prepare(input)) {
                Accuracy accuracy = Accuracy.compare(model.forward(prepared),
                        new ReferenceModel(spec, weights).forward(input), spec.outputShape(3, 24));
                assertTrue(accuracy.within(1e-5), kind + " with " + threads + " threads: " + accuracy);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void twoThousandForwardsOnOnePreparedInputGiveIdenticalOutputs(ModelKind kind) {
        ModelSpec spec = spec(kind);
        try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), RunOptions.threads(1));
                PreparedInput prepared = model.prepare(Inputs.generate(2, 16, spec.inputSize(), SEED))) {
            Tensor first = model.forward(prepared);
            for (int call = 1; call < 2000; call++) {
                Tensor again = model.forward(prepared);
                assertArrayEquals(first.data(), again.data(), 0f, kind + ": call " + call + " differs");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void closingAPreparedInputFreesItsEngineTensors(ModelKind kind) {
        ModelSpec spec = spec(kind);
        try (BackendModel model = provider.load(spec, Weights.initialise(spec, SEED), RunOptions.threads(1))) {
            OnnxModel.Input input = (OnnxModel.Input) model.prepare(Inputs.generate(1, 5, spec.inputSize(), SEED));
            List<OnnxTensor> tensors = List.copyOf(input.tensors());
            // The Transformer also feeds its positional encoding table.
            assertEquals(kind.isRecurrent() ? 1 : 2, tensors.size());
            tensors.forEach(tensor -> assertFalse(tensor.isClosed()));
            input.close();
            tensors.forEach(tensor -> assertTrue(tensor.isClosed()));
        }
    }

    @Test
    void modelTheEngineRejectsBecomesABackendExceptionWithASentence() {
        GraphBuilder graph = new GraphBuilder("broken");
        String input = graph.input(OnnxModel.INPUT, Dimension.of(2));
        String output = graph.node("NoSuchOperator", List.of(input));
        graph.output(output, Dimension.of(2));
        OrtEnvironment environment = OnnxRuntimeEngine.shared().engine("onnx");

        BackendException error = assertThrows(BackendException.class,
                () -> Sessions.open(environment, graph.build().toByteArray(), 1,
                        Sessions.Settings.DEFAULT, "a graph with an unknown operator"));
        assertTrue(error.getMessage().startsWith(
                "ONNX Runtime could not create a session for a graph with an unknown operator: "), error.getMessage());
        assertTrue(error.getMessage().contains("NoSuchOperator"), error.getMessage());
        assertInstanceOf(OrtException.class, error.getCause());
    }
}
