package org.seqbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.core.Inputs;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.WeightLayout;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingOptions.Optimizer;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.spi.UnsupportedModelException;

/** What the training kit does not look at: later steps, the optimizer's arithmetic, the refusal, memory. */
class Dl4jTrainingSupportTest {
    private static final long SEED = 20261202L;

    private final TrainingSupport support = new Dl4jBackendProvider().training().orElseThrow();

    @Test
    void trainsTheRnnLstmAndTransformerButNotTheGru() {
        assertEquals(EnumSet.of(ModelKind.RNN, ModelKind.LSTM, ModelKind.TRANSFORMER), support.supportedKinds());
        ModelSpec gru = ModelSpec.recurrent(ModelKind.GRU, 3, 4, 1, false, 2);
        UnsupportedModelException error = assertThrows(UnsupportedModelException.class, () -> support.create(gru,
                Weights.initialise(gru, SEED), TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1)));
        assertEquals("dl4j cannot train gru; it trains rnn, lstm, transformer", error.getMessage());
    }

    /**
     * SameDiff computes gradients in a copy of the graph it makes once; each step's loss must still be the one of
     * the parameters the previous steps left, or the optimizer would follow stale gradients.
     */
    @Test
    void everyStepSeesTheParametersThePreviousStepsLeft() {
        for (ModelSpec spec : List.of(ModelSpec.recurrent(ModelKind.RNN, 3, 4, 2, true, 2),
                ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 2, true, 2),
                ModelSpec.transformer(3, 4, 2, 2, 6, 2))) {
            for (Optimizer optimizer : Optimizer.values()) {
                Tensor input = Inputs.generate(4, 5, 3, SEED);
                Tensor targets = new Tensor(new int[] {4}, new float[] {0, 1, 1, 0});
                try (var model = support.create(spec, Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM),
                        TrainingOptions.of(Loss.CROSS_ENTROPY, optimizer, 0.05))) {
                    for (int step = 0; step < 3; step++) {
                        double expected = Loss.CROSS_ENTROPY.value(
                                new ReferenceModel(spec, model.weights()).forward(input), new int[] {4, 2}, targets);
                        double loss = model.step(input, targets);
                        assertEquals(expected, loss, 1e-5 * Math.max(1, expected),
                                spec.describe() + " " + optimizer.id() + " step " + step);
                    }
                }
            }
        }
    }

    @Test
    void weightsComeBackUnderTheirCanonicalNamesExactlyAsLoaded() {
        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 2, true, 2);
        Weights initial = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
        try (var model = support.create(spec, initial, TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1))) {
            Weights read = model.weights();
            assertEquals(WeightLayout.of(spec).stream().map(WeightLayout.Parameter::name).toList(),
                    List.copyOf(read.names()));
            for (String name : initial.names()) {
                assertArrayEquals(initial.get(name).shape(), read.get(name).shape(), name);
                assertArrayEquals(initial.get(name).data(), read.get(name).data(), 0f, name);
            }
        }
    }

    /** torch.optim.Adam: eps is added to the bias-corrected sqrt(v), and both moments are bias-corrected. */
    @Test
    void adamFollowsTorchsRuleStepByStep() {
        new Dl4jBackendProvider().running();
        double rate = 0.01;
        double[] gradients = {0.5, -2.0, 1e-9};
        double weight = 1;
        double first = 0;
        double second = 0;
        try (ParameterUpdate adam = ParameterUpdate.of(TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.ADAM, rate));
                INDArray parameter = Nd4j.createFromArray(1f)) {
            for (int step = 1; step <= gradients.length; step++) {
                double g = gradients[step - 1];
                first = 0.9 * first + 0.1 * g;
                second = 0.999 * second + 0.001 * g * g;
                double corrected = Math.sqrt(second) / Math.sqrt(1 - Math.pow(0.999, step)) + 1e-8;
                weight -= rate / (1 - Math.pow(0.9, step)) * first / corrected;
                try (INDArray gradient = Nd4j.createFromArray((float) g)) {
                    adam.apply("w", parameter, gradient, step);
                }
                assertEquals(weight, parameter.getDouble(0), 1e-6, "step " + step);
            }
        }
    }

    @Test
    void closingFreesTheParametersAndClosingTwiceIsHarmless() {
        ModelSpec spec = ModelSpec.transformer(3, 4, 1, 2, 6, 2);
        var model = (Dl4jTrainableModel) support.create(spec, Weights.initialise(spec, SEED),
                TrainingOptions.of(Loss.CROSS_ENTROPY, Optimizer.ADAM, 0.1));
        model.step(Inputs.generate(2, 5, 3, SEED), new Tensor(new int[] {2}, new float[] {0, 1}));
        List<INDArray> parameters = model.graph().variableNames().keySet().stream().map(model.graph()::array)
                .toList();
        model.close();
        assertTrue(parameters.stream().allMatch(INDArray::wasClosed), "a parameter array is still open");
        model.close();
    }
}
