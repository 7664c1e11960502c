package org.seqbench.study.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqbench.core.Tensor;

class AddingTaskTest {
    private final AddingTask task = new AddingTask();

    @Test
    void theSameSeedAndSplitGiveTheSameSequencesAndTheSplitsDiffer() {
        Dataset first = task.generate(10, 16, 2, Split.TRAINING);
        assertEquals(first, task.generate(10, 16, 2, Split.TRAINING));
        assertNotEquals(first.inputs(), task.generate(10, 16, 2, Split.TEST).inputs());
    }

    /** Odd lengths too: the second half is the longer one, and both markers still fall one in each half. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 16, 51})
    void exactlyTwoMarkersOneInEachHalfAndTheTargetIsTheirSum(int length) {
        Dataset data = task.generate(200, length, 9, Split.TEST);
        assertArrayEquals(new int[] {200, length, 2}, data.inputs().shape());
        assertArrayEquals(new int[] {200, 1}, data.targets().shape());
        for (int sequence = 0; sequence < 200; sequence++) {
            int firstHalf = 0;
            int secondHalf = 0;
            double sum = 0;
            for (int step = 0; step < length; step++) {
                float value = data.inputs().get(sequence, step, 0);
                assertTrue(value >= 0f && value < 1f, "a value in [0, 1), got " + value);
                float marker = data.inputs().get(sequence, step, 1);
                assertTrue(marker == 0f || marker == 1f, "a marker is 0 or 1, got " + marker);
                if (marker == 1f) {
                    if (step < length / 2) {
                        firstHalf++;
                    } else {
                        secondHalf++;
                    }
                    sum += value;
                }
            }
            assertEquals(1, firstHalf, "markers in the first half of sequence " + sequence);
            assertEquals(1, secondHalf, "markers in the second half of sequence " + sequence);
            assertEquals(sum, data.targets().get(sequence, 0), 1e-6);
        }
    }

    @Test
    void predictingTheMeanGivesAMeanSquaredErrorOfAboutOneSixth() {
        Dataset data = task.generate(20_000, 10, 4, Split.TEST);
        Tensor mean = new Tensor(new int[] {20_000, 1}, filled(20_000, 1f));
        Score score = task.score(mean, data.targets());
        // The variance of a sum of two uniforms is 1/6; its estimate over 20,000 has a standard error near 0.0013.
        assertEquals(0.167, score.loss(), 0.006);
        assertEquals(1.0 / 6.0, task.baseline(), 1e-12);
    }

    @Test
    void scoreCountsAnswersWithinTheToleranceAndGivesTheMeanSquaredError() {
        Tensor outputs = new Tensor(new int[] {3, 1}, new float[] {1.03f, 0.5f, 1.5f});
        Tensor targets = new Tensor(new int[] {3, 1}, new float[] {1.0f, 0.6f, 1.5f});
        Score score = task.score(outputs, targets);
        assertEquals(2.0 / 3.0, score.accuracy(), 1e-12);
        assertEquals((0.03 * 0.03 + 0.1 * 0.1) / 3, score.loss(), 1e-7);
    }

    @Test
    void aLengthWithoutTwoHalvesIsRefused() {
        assertEquals("adding needs a sequence length of at least 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> task.generate(4, 1, 1, Split.TEST)).getMessage());
        assertEquals("adding outputs must be [count, 1], got [3, 2]", assertThrows(IllegalArgumentException.class,
                () -> task.score(Tensor.zeros(3, 2), Tensor.zeros(3, 1))).getMessage());
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
