package org.seqbench.study.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqbench.core.Tensor;

class RecallTaskTest {
    private final RecallTask task = new RecallTask();

    @Test
    void theSameSeedAndSplitGiveTheSameSequencesAndTheSplitsDiffer() {
        Dataset first = task.generate(20, 12, 5, Split.TRAINING);
        assertEquals(first, task.generate(20, 12, 5, Split.TRAINING));
        assertNotEquals(first.inputs(), task.generate(20, 12, 5, Split.TEST).inputs());
        assertNotEquals(first.inputs(), task.generate(20, 12, 6, Split.TRAINING).inputs());
    }

    @Test
    void everyStepIsOneHotOverEightSymbolsAndTheLabelIsTheFirst() {
        Dataset data = task.generate(50, 9, 1, Split.TEST);
        assertArrayEquals(new int[] {50, 9, 8}, data.inputs().shape());
        assertArrayEquals(new int[] {50}, data.targets().shape());
        for (int sequence = 0; sequence < 50; sequence++) {
            for (int step = 0; step < 9; step++) {
                int ones = 0;
                int hot = -1;
                for (int symbol = 0; symbol < 8; symbol++) {
                    float value = data.inputs().get(sequence, step, symbol);
                    assertTrue(value == 0f || value == 1f, "a one-hot value, got " + value);
                    if (value == 1f) {
                        ones++;
                        hot = symbol;
                    }
                }
                assertEquals(1, ones, "sequence " + sequence + " step " + step);
                if (step == 0) {
                    assertEquals(hot, (int) data.targets().get(sequence));
                }
            }
        }
    }

    @Test
    void labelsAreUniformSoChanceIsOneEighth() {
        Dataset data = task.generate(8000, 2, 3, Split.TRAINING);
        int[] counts = new int[8];
        for (float label : data.targets().data()) {
            counts[(int) label]++;
        }
        for (int count : counts) {
            // 1000 expected, binomial standard deviation about 30.
            assertTrue(Math.abs(count - 1000) < 150, "label counts " + java.util.Arrays.toString(counts));
        }
        assertEquals(0.125, task.baseline());
    }

    @Test
    void scoreCountsTheLargestLogitAgainstTheLabelAndGivesTheCrossEntropy() {
        float[] logits = new float[16];
        logits[3] = 5f; // first sequence says 3
        logits[8 + 1] = 5f; // second says 1
        Tensor outputs = new Tensor(new int[] {2, 8}, logits);
        Score score = task.score(outputs, new Tensor(new int[] {2}, new float[] {3, 4}));
        assertEquals(0.5, score.accuracy());
        assertEquals(2, score.sequences());
        double right = Math.log(Math.exp(5) + 7) - 5;
        double wrong = Math.log(Math.exp(5) + 7);
        assertEquals((right + wrong) / 2, score.loss(), 1e-9);
    }

    @Test
    void badCountsLengthsAndShapesAreRefusedByName() {
        assertEquals("count must be a positive number of sequences, got 0",
                assertThrows(IllegalArgumentException.class, () -> task.generate(0, 4, 1, Split.TEST)).getMessage());
        assertEquals("recall needs a sequence length of at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> task.generate(3, 0, 1, Split.TEST)).getMessage());
        assertEquals("recall outputs must be [count, 8], got [2, 3]", assertThrows(IllegalArgumentException.class,
                () -> task.score(Tensor.zeros(2, 3), Tensor.zeros(2))).getMessage());
        assertEquals("recall targets must hold one value per output row (2), got [3]",
                assertThrows(IllegalArgumentException.class,
                        () -> task.score(Tensor.zeros(2, 8), Tensor.zeros(3))).getMessage());
    }

    @Test
    void tasksAreFoundByIdAndAnUnknownOneIsRefusedNamingTheAccepted() {
        assertEquals(task, SequenceTask.parse(" Recall "));
        assertEquals(new AddingTask(), SequenceTask.parse("adding"));
        assertEquals("unknown task 'copy'; accepted: recall, adding",
                assertThrows(IllegalArgumentException.class, () -> SequenceTask.parse("copy")).getMessage());
    }
}
