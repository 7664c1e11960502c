package org.seqbench.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqbench.core.Inputs;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.Weights;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingOptions.Optimizer;
import org.seqbench.spi.TrainingSupport;

class DjlTrainableModelTest {
    private static final long SEED = 7;
    private final TrainingSupport training = new DjlBackendProvider().training().orElseThrow();

    private static ModelSpec spec(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, 3, 6, 2, true, 2)
                : ModelSpec.transformer(3, 8, 2, 2, 12, 2);
    }

    private static Tensor classes(int batch) {
        float[] values = new float[batch];
        for (int b = 0; b < batch; b++) {
            values[b] = b % 2;
        }
        return new Tensor(new int[] {batch}, values);
    }

    /** Steps and input gradients free their graphs, gradients and intermediates: the model's tensors stay put. */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void memoryStaysFlatOverHundredsOfStepsAndInputGradients(ModelKind kind) {
        ModelSpec spec = spec(kind);
        Tensor input = Inputs.generate(4, 10, 3, SEED);
        Tensor targets = classes(4);
        try (DjlTrainableModel model = (DjlTrainableModel) training.create(spec, Weights.initialise(spec, SEED),
                new TrainingOptions(Loss.CROSS_ENTROPY, Optimizer.ADAM, 1e-3, 1))) {
            model.step(input, targets);
            model.inputGradient(input, targets);
            int held = DjlModelTest.arrays(model.manager());
            for (int call = 0; call < 300; call++) {
                model.step(input, targets);
                model.inputGradient(input, targets);
                model.forward(input);
            }
            assertEquals(held, DjlModelTest.arrays(model.manager()), kind + ": tensors the trainer holds");
        }
    }

    @Test
    void callsLeaveAutogradOffAndApplyTheirThreadNumber() {
        ModelSpec spec = spec(ModelKind.LSTM);
        Tensor input = Inputs.generate(2, 5, 3, SEED);
        try (TrainableModel model = training.create(spec, Weights.initialise(spec, SEED),
                new TrainingOptions(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1, 2))) {
            model.step(input, classes(2));
            assertFalse(JniUtils.isGradMode(), "after a step");
            assertEquals(2, JniUtils.getNumThreads());
            model.inputGradient(input, classes(2));
            assertFalse(JniUtils.isGradMode(), "after an input gradient");
        }
    }

    /**
     * Adam's first two steps follow torch.optim.Adam's formulas. The gradients at each point are read from an SGD
     * step with rate 1 from the same weights (the SGD rule itself is proven by the training kit).
     */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void adamFollowsTorchOptimAdam(ModelKind kind) {
        ModelSpec spec = spec(kind);
        Tensor input = Inputs.generate(4, 6, 3, SEED);
        Tensor targets = classes(4);
        double rate = 0.01;
        Weights start = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
        Weights afterOne;
        Weights afterTwo;
        try (TrainableModel adam = training.create(spec, start,
                new TrainingOptions(Loss.CROSS_ENTROPY, Optimizer.ADAM, rate, 1))) {
            adam.step(input, targets);
            afterOne = adam.weights();
            adam.step(input, targets);
            afterTwo = adam.weights();
        }
        Map<String, double[]> first = gradients(spec, start, input, targets);
        Map<String, double[]> second = gradients(spec, afterOne, input, targets);
        double beta1 = TrainingOptions.ADAM_BETA1;
        double beta2 = TrainingOptions.ADAM_BETA2;
        double epsilon = TrainingOptions.ADAM_EPSILON;
        int checked = 0;
        for (String name : start.names()) {
            float[] w0 = start.get(name).data();
            float[] w1 = afterOne.get(name).data();
            float[] w2 = afterTwo.get(name).data();
            double[] g1 = first.get(name);
            double[] g2 = second.get(name);
            for (int i = 0; i < w0.length; i++) {
                // Where the gradient is near Adam's epsilon, its float32 rounding decides the step: skip those.
                if (Math.abs(g1[i]) < 1e-4 || Math.abs(g2[i]) < 1e-4) {
                    continue;
                }
                double m1 = (1 - beta1) * g1[i];
                double v1 = (1 - beta2) * g1[i] * g1[i];
                double step1 = rate * (m1 / (1 - beta1)) / (Math.sqrt(v1 / (1 - beta2)) + epsilon);
                double m2 = beta1 * m1 + (1 - beta1) * g2[i];
                double v2 = beta2 * v1 + (1 - beta2) * g2[i] * g2[i];
                double step2 = rate * (m2 / (1 - beta1 * beta1))
                        / (Math.sqrt(v2 / (1 - beta2 * beta2)) + epsilon);
                assertEquals(-step1, (double) w1[i] - w0[i], 2e-3 * rate, kind + " " + name + "[" + i + "] step 1");
                assertEquals(-step2, (double) w2[i] - w1[i], 2e-3 * rate, kind + " " + name + "[" + i + "] step 2");
                checked++;
            }
        }
        assertTrue(checked > 20, kind + ": too few weights with a clear gradient (" + checked + ")");
    }

    /** dL/dw at {@code weights}: the move of one SGD step with rate 1, in float64 from the float32 weights. */
    private Map<String, double[]> gradients(ModelSpec spec, Weights weights, Tensor input, Tensor targets) {
        Weights after;
        try (TrainableModel sgd = training.create(spec, weights,
                new TrainingOptions(Loss.CROSS_ENTROPY, Optimizer.SGD, 1.0, 1))) {
            sgd.step(input, targets);
            after = sgd.weights();
        }
        Map<String, double[]> gradients = new java.util.LinkedHashMap<>();
        for (String name : weights.names()) {
            float[] before = weights.get(name).data();
            float[] moved = after.get(name).data();
            double[] gradient = new double[before.length];
            for (int i = 0; i < before.length; i++) {
                gradient[i] = (double) before[i] - moved[i];
            }
            gradients.put(name, gradient);
        }
        return gradients;
    }
}
