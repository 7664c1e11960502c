package org.seqbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LossTest {
    private static final ModelSpec CLASSIFIER = ModelSpec.recurrent(ModelKind.GRU, 3, 4, 1, false, 3);
    private static final ModelSpec ENCODER = ModelSpec.recurrent(ModelKind.GRU, 3, 4, 1, true, 0);
    private static final Tensor INPUT = Tensor.zeros(2, 5, 3);

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheTargetClass() {
        double[] logits = {1, 2, 3, 0, 0, 0};
        Tensor targets = new Tensor(new int[] {2}, new float[] {2, 1});
        double first = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double second = Math.log(3);
        assertEquals((first + second) / 2, Loss.CROSS_ENTROPY.value(logits, new int[] {2, 3}, targets), 1e-15);
    }

    @Test
    void crossEntropyStaysFiniteForLargeLogits() {
        double[] logits = {1000, 0};
        Tensor targets = new Tensor(new int[] {1}, new float[] {1});
        assertEquals(1000, Loss.CROSS_ENTROPY.value(logits, new int[] {1, 2}, targets), 1e-12);
    }

    @Test
    void meanSquaredErrorAveragesOverEveryElement() {
        Tensor targets = new Tensor(new int[] {1, 2, 2}, new float[] {1, 1, 1, 1});
        assertEquals((0 + 1 + 4 + 9) / 4.0,
                Loss.MEAN_SQUARED_ERROR.value(new double[] {1, 2, 3, 4}, new int[] {1, 2, 2}, targets), 1e-15);
    }

    @Test
    void parsesIdsAndRefusesOthersListingTheAccepted() {
        assertEquals(Loss.CROSS_ENTROPY, Loss.parse("cross-entropy"));
        assertEquals(Loss.MEAN_SQUARED_ERROR, Loss.parse(" MEAN_SQUARED_ERROR "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge"));
        assertEquals("unknown loss 'hinge'; accepted: cross-entropy, mean-squared-error", error.getMessage());
    }

    @Test
    void crossEntropyNeedsAHead() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Loss.CROSS_ENTROPY.requireApplicable(ENCODER));
        assertEquals("cross-entropy needs class logits, but gru I=3 H=4 L=1 bi no-head has no head (outputSize 0); "
                + "give it an outputSize or train it with mean-squared-error", error.getMessage());
        Loss.MEAN_SQUARED_ERROR.requireApplicable(ENCODER);
    }

    @Test
    void targetsOfTheWrongShapeAreRefusedNamingBothShapes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Loss.MEAN_SQUARED_ERROR.requireTargets(ENCODER, INPUT, Tensor.zeros(2, 8)));
        assertEquals("mean-squared-error targets for [2, 5, 3] inputs must have shape [2, 5, 8], got [2, 8]",
                error.getMessage());
        Loss.MEAN_SQUARED_ERROR.requireTargets(ENCODER, INPUT, Tensor.zeros(2, 5, 8));
    }

    @Test
    void crossEntropyTargetsMustBeClassIndices() {
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class, () -> Loss.CROSS_ENTROPY
                .requireTargets(CLASSIFIER, INPUT, new Tensor(new int[] {2}, new float[] {0, 1.5f})));
        assertEquals("cross-entropy target 1 is 1.5; targets are class indices, whole numbers from 0 to 2",
                fraction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.CROSS_ENTROPY.requireTargets(CLASSIFIER, INPUT,
                new Tensor(new int[] {2}, new float[] {3, 0})));
        assertThrows(IllegalArgumentException.class, () -> Loss.CROSS_ENTROPY.requireTargets(CLASSIFIER, INPUT,
                new Tensor(new int[] {2}, new float[] {-1, 0})));
        Loss.CROSS_ENTROPY.requireTargets(CLASSIFIER, INPUT, new Tensor(new int[] {2}, new float[] {2, 0}));
    }

    @Test
    void nonFiniteRegressionTargetsAreRefused() {
        Tensor targets = Tensor.zeros(2, 5, 8);
        targets.data()[3] = Float.NaN;
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Loss.MEAN_SQUARED_ERROR.requireTargets(ENCODER, INPUT, targets));
        assertEquals("mean-squared-error target 3 is NaN; targets must be finite", error.getMessage());
    }
}
