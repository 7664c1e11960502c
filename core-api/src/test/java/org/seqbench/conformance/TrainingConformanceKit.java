package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.seqbench.core.Inputs;
import org.seqbench.core.Loss;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightInit;
import org.seqbench.core.WeightLayout;
import org.seqbench.core.WeightNames;
import org.seqbench.core.Weights;
import org.seqbench.core.WeightsMismatchException;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingOptions.Optimizer;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.spi.UnsupportedModelException;

/**
 * The training conformance kit: what a backend's training capability must show before the accuracy studies can
 * build on it. A backend's test class extends this and returns its provider; for every kind its
 * {@link TrainingSupport} claims, the kit checks
 * <ol>
 *   <li>that the loss and the input gradient dLoss/dInput agree with central finite differences of the float64
 *       {@link ReferenceModel}, for both losses, uni- and bidirectional, one and two layers, with and without a
 *       head;</li>
 *   <li>that one SGD step moves every weight by exactly {@code -lr} times its gradient, the gradient again taken
 *       by finite differences of the reference for every element of every tensor. Finite differences rather than
 *       the backend's own input-gradient route, because they are independent of the engine's backward pass: a
 *       backend whose parameter gradients are wrong while its input gradients are right is caught;</li>
 *   <li>that the loss falls on a learnable toy task (is the first feature of the first time step positive?)
 *       within a fixed number of Adam steps from a fixed seed;</li>
 * </ol>
 * and that bad requests are refused with clear errors.
 *
 * <p>Models are small (input 3, hidden 4, sequence 5, batch 2) so that finite differences over every weight stay
 * cheap, and weights are {@link WeightInit#ALL_RANDOM}, so a dropped bias or LayerNorm parameter shows.
 *
 * <p>A backend unavailable on this machine fails the checks where the build ships its engine and skips them
 * elsewhere, as {@link #engineExpectation()} decides.
 */
public abstract class TrainingConformanceKit {

    /** Norm-wise relative error accepted between a backend's float32 gradient and the float64 estimate. */
    public static final double GRADIENT_TOLERANCE = 1e-3;
    /** Relative error accepted between a backend's float32 loss and the float64 reference loss. */
    public static final double LOSS_TOLERANCE = 1e-5;

    private static final int INPUT_SIZE = 3;
    private static final int HIDDEN_SIZE = 4;
    private static final int OUTPUT_SIZE = 2;
    private static final int BATCH = 2;
    private static final int LENGTH = 5;
    private static final long SEED = 20261125L;
    private static final double SGD_RATE = 0.5;

    /** The toy task: sequences, steps and the fraction of the first loss the last one must fall below. */
    private static final int TASK_SEQUENCES = 32;
    private static final int TASK_LENGTH = 6;
    private static final int TASK_STEPS = 60;
    private static final double TASK_RATE = 0.05;
    private static final double TASK_LOSS_FRACTION = 0.5;

    /** The backend under test; its {@link BackendProvider#training()} must be present. */
    protected abstract BackendProvider provider();

    /**
     * Whether this backend's checks fail or skip where it is unavailable (see {@link EngineExpectation}): by default
     * its natives ship with the build for Linux x86-64, so it must be available there.
     */
    protected EngineExpectation engineExpectation() {
        return EngineExpectation.shippedNatives();
    }

    /** Intra-op threads the checks run with (one, so that results are repeatable). */
    protected int threads() {
        return 1;
    }

    // ---------------------------------------------------------------- (a) input gradients

    @TestFactory
    Stream<DynamicNode> inputGradientAgreesWithFiniteDifferences() {
        TrainingSupport support = supportOrSkip();
        List<DynamicNode> kinds = new ArrayList<>();
        for (ModelKind kind : EnumSet.copyOf(support.supportedKinds())) {
            List<DynamicNode> cases = new ArrayList<>();
            for (ModelSpec spec : gradientConfigurations(kind)) {
                for (Loss loss : Loss.values()) {
                    if (loss == Loss.CROSS_ENTROPY && !spec.hasHead()) {
                        continue;
                    }
                    cases.add(DynamicTest.dynamicTest(loss.id() + " " + spec.describe(),
                            () -> checkInputGradient(support, spec, loss)));
                }
            }
            kinds.add(DynamicContainer.dynamicContainer(kind.id(), cases));
        }
        return kinds.stream();
    }

    private void checkInputGradient(TrainingSupport support, ModelSpec spec, Loss loss) {
        Weights weights = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
        Tensor input = Inputs.generate(BATCH, LENGTH, INPUT_SIZE, SEED + 1);
        Tensor targets = targets(loss, spec, BATCH, LENGTH, SEED + 2);
        FiniteDifferences oracle = new FiniteDifferences(spec, loss, targets);
        try (TrainableModel model = support.create(spec, weights, options(loss, Optimizer.SGD, SGD_RATE))) {
            InputGradient first = model.inputGradient(input, targets);
            assertLossMatches(oracle.loss(weights, input), first.loss(), spec);
            assertArrayEquals(input.shape(), first.gradient().shape(), "the input gradient has the input's shape");
            double[] expected = oracle.inputGradient(weights, input);
            assertGradientMatches(expected, first.gradient().data(), spec.describe() + " " + loss.id() + " dL/dx");

            InputGradient again = model.inputGradient(input, targets);
            assertArrayEquals(first.gradient().data(), again.gradient().data(), 1e-6f,
                    "a second input gradient differs: something accumulated between the calls");
            assertSameWeights(weights, model.weights(), "inputGradient must not change the parameters");
        }
    }

    // ---------------------------------------------------------------- (b) one SGD step

    @TestFactory
    Stream<DynamicNode> sgdStepMovesEveryWeightByMinusRateTimesItsGradient() {
        TrainingSupport support = supportOrSkip();
        List<DynamicNode> cases = new ArrayList<>();
        for (ModelKind kind : EnumSet.copyOf(support.supportedKinds())) {
            for (ModelSpec spec : stepConfigurations(kind)) {
                Loss loss = spec.hasHead() ? Loss.CROSS_ENTROPY : Loss.MEAN_SQUARED_ERROR;
                cases.add(DynamicTest.dynamicTest(kind.id() + " " + loss.id() + " " + spec.describe(),
                        () -> checkSgdStep(support, spec, loss)));
            }
        }
        return cases.stream();
    }

    private void checkSgdStep(TrainingSupport support, ModelSpec spec, Loss loss) {
        Weights initial = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
        Tensor input = Inputs.generate(BATCH, LENGTH, INPUT_SIZE, SEED + 3);
        Tensor targets = targets(loss, spec, BATCH, LENGTH, SEED + 4);
        FiniteDifferences oracle = new FiniteDifferences(spec, loss, targets);
        Weights updated;
        try (TrainableModel model = support.create(spec, initial, options(loss, Optimizer.SGD, SGD_RATE))) {
            // An input gradient first: it must leave nothing behind that the step would add to its own gradients.
            model.inputGradient(input, targets);
            double lossBefore = model.step(input, targets);
            assertLossMatches(oracle.loss(initial, input), lossBefore, spec);
            updated = model.weights();
        }
        updated.requireMatches(spec);
        for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
            String name = parameter.name();
            double[] gradient = oracle.weightGradient(initial, name, input);
            float[] before = initial.get(name).data();
            float[] after = updated.get(name).data();
            double largestMove = 0;
            double largestWeight = 0;
            for (int i = 0; i < gradient.length; i++) {
                largestMove = Math.max(largestMove, Math.abs(SGD_RATE * gradient[i]));
                largestWeight = Math.max(largestWeight, Math.max(Math.abs(before[i]), Math.abs(after[i])));
            }
            // float32 storage of the updated weight costs up to half an ulp; allow a few.
            double tolerance = GRADIENT_TOLERANCE * largestMove + 4 * Math.ulp((float) largestWeight);
            for (int i = 0; i < gradient.length; i++) {
                double expectedMove = -SGD_RATE * gradient[i];
                double actualMove = (double) after[i] - before[i];
                int index = i;
                double largest = largestMove;
                assertTrue(Math.abs(actualMove - expectedMove) <= tolerance,
                        () -> spec.describe() + ": " + name + "[" + index + "] moved by " + actualMove
                                + ", but -lr * dL/dw is " + expectedMove + " (largest move in the tensor "
                                + largest + ", tolerance " + tolerance + ")");
            }
        }
    }

    // ---------------------------------------------------------------- (c) the loss falls

    @TestFactory
    Stream<DynamicNode> lossFallsOnALearnableTaskWithAdam() {
        TrainingSupport support = supportOrSkip();
        return EnumSet.copyOf(support.supportedKinds()).stream().map(kind -> DynamicTest.dynamicTest(kind.id(),
                () -> checkLossFalls(support, taskConfiguration(kind))));
    }

    private void checkLossFalls(TrainingSupport support, ModelSpec spec) {
        Tensor input = Inputs.generate(TASK_SEQUENCES, TASK_LENGTH, INPUT_SIZE, SEED + 5);
        Tensor targets = firstFeatureSign(input);
        try (TrainableModel model = support.create(spec, Weights.initialise(spec, SEED),
                options(Loss.CROSS_ENTROPY, Optimizer.ADAM, TASK_RATE))) {
            double first = model.step(input, targets);
            for (int step = 1; step < TASK_STEPS; step++) {
                double loss = model.step(input, targets);
                int index = step;
                assertTrue(Double.isFinite(loss), () -> spec.describe() + ": loss " + loss + " at step " + index);
            }
            Tensor output = model.forward(input);
            double last = Loss.CROSS_ENTROPY.value(toDoubles(output.data()), output.shape(), targets);
            assertTrue(last < TASK_LOSS_FRACTION * first, () -> spec.describe() + ": after " + TASK_STEPS
                    + " Adam steps the loss went from " + first + " to " + last + ", not below "
                    + TASK_LOSS_FRACTION + " of where it started");
            // The model's forward is the reference's function of its current weights.
            double[] reference = new ReferenceModel(spec, model.weights()).forward(input);
            double referenceLoss = Loss.CROSS_ENTROPY.value(reference, output.shape(), targets);
            assertLossMatches(referenceLoss, last, spec);
        }
    }

    // ---------------------------------------------------------------- refuses what it cannot do

    @Test
    void initialWeightsAreCopiedNotUpdatedInPlace() {
        TrainingSupport support = supportOrSkip();
        ModelKind kind = support.supportedKinds().iterator().next();
        ModelSpec spec = gradientConfigurations(kind).getFirst();
        Weights initial = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
        Weights untouched = Weights.initialise(spec, SEED, WeightInit.ALL_RANDOM);
        Tensor input = Inputs.generate(BATCH, LENGTH, INPUT_SIZE, SEED);
        try (TrainableModel model = support.create(spec, initial, options(Loss.CROSS_ENTROPY, Optimizer.ADAM, 0.1))) {
            model.step(input, targets(Loss.CROSS_ENTROPY, spec, BATCH, LENGTH, SEED));
        }
        assertSameWeights(untouched, initial, "training changed the caller's initial weights");
    }

    @Test
    void targetsOfTheWrongShapeOrClassAreRefused() {
        TrainingSupport support = supportOrSkip();
        for (ModelKind kind : support.supportedKinds()) {
            ModelSpec spec = gradientConfigurations(kind).getFirst();
            Tensor input = Inputs.generate(BATCH, LENGTH, INPUT_SIZE, SEED);
            try (TrainableModel model = support.create(spec, Weights.initialise(spec, SEED),
                    options(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1))) {
                IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                        () -> model.step(input, Tensor.zeros(BATCH, OUTPUT_SIZE)));
                assertTrue(shape.getMessage().contains("[" + BATCH + "]") && shape.getMessage().contains(
                        "[" + BATCH + ", " + OUTPUT_SIZE + "]"), shape.getMessage());
                Tensor badClass = new Tensor(new int[] {BATCH}, new float[] {0, OUTPUT_SIZE});
                IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                        () -> model.inputGradient(input, badClass));
                assertTrue(range.getMessage().contains("is " + (float) OUTPUT_SIZE), range.getMessage());
                IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                        () -> model.forward(Inputs.generate(BATCH, LENGTH, INPUT_SIZE + 1, SEED)));
                assertTrue(width.getMessage().contains(String.valueOf(INPUT_SIZE)), width.getMessage());
            }
        }
    }

    @Test
    void crossEntropyWithoutAHeadIsRefused() {
        TrainingSupport support = supportOrSkip();
        ModelKind kind = support.supportedKinds().iterator().next();
        ModelSpec spec = headless(kind);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> support.create(spec,
                Weights.initialise(spec, SEED), options(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1)));
        assertTrue(error.getMessage().contains("no head"), error.getMessage());
    }

    @Test
    void weightsOfAnotherSpecAreRefusedNamingTheTensor() {
        TrainingSupport support = supportOrSkip();
        ModelKind kind = support.supportedKinds().iterator().next();
        ModelSpec spec = gradientConfigurations(kind).getFirst();
        Map<String, Tensor> missing = new LinkedHashMap<>(Weights.initialise(spec, SEED).asMap());
        missing.remove(WeightNames.HEAD_BIAS);
        WeightsMismatchException error = assertThrows(WeightsMismatchException.class, () -> support.create(spec,
                Weights.of(missing), options(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1)));
        assertTrue(error.getMessage().contains("missing " + WeightNames.HEAD_BIAS), error.getMessage());
    }

    @Test
    void kindsItCannotTrainAreRefused() {
        TrainingSupport support = supportOrSkip();
        Set<ModelKind> untrainable = EnumSet.complementOf(EnumSet.copyOf(support.supportedKinds()));
        assumeFalse(untrainable.isEmpty(), provider().id() + " trains every kind");
        for (ModelKind kind : untrainable) {
            ModelSpec spec = gradientConfigurations(kind).getFirst();
            UnsupportedModelException error = assertThrows(UnsupportedModelException.class, () -> support.create(
                    spec, Weights.initialise(spec, SEED), options(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1)));
            assertTrue(error.getMessage().contains(kind.id()), error.getMessage());
        }
    }

    @Test
    void closedModelRefusesWorkAndClosingTwiceIsHarmless() {
        TrainingSupport support = supportOrSkip();
        for (ModelKind kind : support.supportedKinds()) {
            ModelSpec spec = gradientConfigurations(kind).getFirst();
            Tensor input = Inputs.generate(BATCH, LENGTH, INPUT_SIZE, SEED);
            Tensor targets = targets(Loss.CROSS_ENTROPY, spec, BATCH, LENGTH, SEED);
            TrainableModel model = support.create(spec, Weights.initialise(spec, SEED),
                    options(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1));
            model.close();
            assertThrows(IllegalStateException.class, () -> model.step(input, targets), kind + ": step after close");
            assertThrows(IllegalStateException.class, () -> model.inputGradient(input, targets),
                    kind + ": inputGradient after close");
            assertThrows(IllegalStateException.class, () -> model.forward(input), kind + ": forward after close");
            assertThrows(IllegalStateException.class, model::weights, kind + ": weights after close");
            model.close();
        }
    }

    @Test
    void unavailableBackendRefusesToTrainWithItsReason() {
        BackendProvider provider = provider();
        assumeFalse(provider.availability().available(), "backend is available here");
        TrainingSupport support = provider.training().orElseThrow();
        ModelSpec spec = gradientConfigurations(ModelKind.LSTM).getFirst();
        BackendException error = assertThrows(BackendException.class, () -> support.create(spec,
                Weights.initialise(spec, SEED), options(Loss.CROSS_ENTROPY, Optimizer.SGD, 0.1)));
        assertTrue(error.getMessage().contains(provider.availability().reason()), error.getMessage());
    }

    // ---------------------------------------------------------------- configurations

    /** Uni- and bidirectional, one and two layers, with and without a head. */
    static List<ModelSpec> gradientConfigurations(ModelKind kind) {
        if (kind.isRecurrent()) {
            return List.of(ModelSpec.recurrent(kind, INPUT_SIZE, HIDDEN_SIZE, 1, false, OUTPUT_SIZE),
                    ModelSpec.recurrent(kind, INPUT_SIZE, HIDDEN_SIZE, 2, true, OUTPUT_SIZE),
                    headless(kind));
        }
        return List.of(ModelSpec.transformer(INPUT_SIZE, HIDDEN_SIZE, 1, 2, 6, OUTPUT_SIZE),
                ModelSpec.transformer(INPUT_SIZE, HIDDEN_SIZE, 2, 1, 6, OUTPUT_SIZE),
                headless(kind));
    }

    /** The widest small model of the kind (every parameter kind present), and a headless one for the MSE path. */
    static List<ModelSpec> stepConfigurations(ModelKind kind) {
        ModelSpec full = kind.isRecurrent()
                ? ModelSpec.recurrent(kind, INPUT_SIZE, HIDDEN_SIZE, 2, true, OUTPUT_SIZE)
                : ModelSpec.transformer(INPUT_SIZE, HIDDEN_SIZE, 2, 2, 6, OUTPUT_SIZE);
        return List.of(full, headless(kind));
    }

    static ModelSpec taskConfiguration(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, INPUT_SIZE, 8, 1, false, OUTPUT_SIZE)
                : ModelSpec.transformer(INPUT_SIZE, 8, 1, 2, 16, OUTPUT_SIZE);
    }

    private static ModelSpec headless(ModelKind kind) {
        return kind.isRecurrent()
                ? ModelSpec.recurrent(kind, INPUT_SIZE, HIDDEN_SIZE, 1, true, 0)
                : ModelSpec.transformer(INPUT_SIZE, HIDDEN_SIZE, 1, 2, 6, 0);
    }

    // ---------------------------------------------------------------- helpers

    /** Deterministic targets: class indices for cross-entropy, standard normal values for mean squared error. */
    static Tensor targets(Loss loss, ModelSpec spec, int batch, int length, long seed) {
        int[] shape = loss.targetShape(spec, batch, length);
        float[] values = Inputs.generate(1, 1, Math.toIntExact(Tensor.elementCount(shape)), seed).data();
        if (loss == Loss.CROSS_ENTROPY) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.floorMod((int) Math.floor(values[i] * 1000), spec.outputSize());
            }
        }
        return new Tensor(shape, values);
    }

    /** Class 1 where the first feature of the first time step is positive, else class 0. */
    static Tensor firstFeatureSign(Tensor input) {
        int batch = input.dimension(0);
        float[] classes = new float[batch];
        for (int b = 0; b < batch; b++) {
            classes[b] = input.get(b, 0, 0) > 0 ? 1 : 0;
        }
        return new Tensor(new int[] {batch}, classes);
    }

    private TrainingOptions options(Loss loss, Optimizer optimizer, double rate) {
        return new TrainingOptions(loss, optimizer, rate, threads());
    }

    private TrainingSupport supportOrSkip() {
        BackendProvider provider = provider();
        TrainingSupport support = provider.training().orElseThrow(
                () -> new AssertionError(provider.id() + " runs the training kit but offers no training support"));
        engineExpectation().assumeAvailable(provider);
        assertTrue(!support.supportedKinds().isEmpty(), "a trainable backend must train at least one kind");
        return support;
    }

    private static void assertLossMatches(double expected, double actual, ModelSpec spec) {
        assertTrue(Math.abs(actual - expected) <= LOSS_TOLERANCE * Math.max(1, Math.abs(expected)),
                () -> spec.describe() + ": loss " + actual + ", the float64 reference's " + expected);
    }

    private static void assertGradientMatches(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double largest = 0;
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            double error = Float.isFinite(actual[i]) ? Math.abs(actual[i] - expected[i]) : Double.POSITIVE_INFINITY;
            if (error > worst) {
                worst = error;
                worstIndex = i;
            }
        }
        double scale = largest;
        double error = worst;
        int index = worstIndex;
        assertTrue(scale > 1e-6, () -> what + ": the finite-difference gradient is all but zero (" + scale
                + "); the check would prove nothing");
        assertTrue(error <= GRADIENT_TOLERANCE * scale, () -> what + ": max abs error " + error + " at flat index "
                + index + " (" + actual[index] + " vs " + expected[index] + ") exceeds " + GRADIENT_TOLERANCE
                + " of the largest gradient " + scale);
    }

    private static void assertSameWeights(Weights expected, Weights actual, String message) {
        assertEquals(expected.names(), actual.names(), message + ": names");
        for (String name : expected.names()) {
            assertArrayEquals(expected.get(name).data(), actual.get(name).data(), 0f, message + ": " + name);
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}
