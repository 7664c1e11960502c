package org.seqbench.study.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.study.task.AddingTask;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.task.Score;
import org.seqbench.study.task.SequenceTask;

/** The choice of the best rate from stored results, without training. */
class GridSummaryTest {

    private static TrainingResult result(SequenceTask task, ModelKind kind, int length, double rate, long seed,
            Score score, boolean diverged) {
        TrainingPlan plan = new TrainingPlan(task, kind, length, 8, 32, 32, rate, seed, 10, 1);
        return new TrainingResult(plan, score, List.of(new LossPoint(32, 1.0)), diverged, Duration.ofMillis(1),
                Duration.ofMillis(1));
    }

    @Test
    void theMeanOverSeedsDecidesAndTheSpreadIsItsMinMeanAndMax() {
        RecallTask recall = new RecallTask();
        List<BestRate> best = GridSummary.of(List.of(
                result(recall, ModelKind.RNN, 16, 0.01, 1, new Score(0.9, 0.3, 10), false),
                result(recall, ModelKind.RNN, 16, 0.01, 2, new Score(0.1, 2.0, 10), false),
                result(recall, ModelKind.RNN, 16, 0.001, 1, new Score(0.6, 1.0, 10), false),
                result(recall, ModelKind.RNN, 16, 0.001, 2, new Score(0.6, 1.0, 10), false),
                result(recall, ModelKind.RNN, 64, 0.01, 1, new Score(0.2, 1.9, 10), false)));
        assertEquals(2, best.size());
        assertEquals(0.001, best.get(0).best().learningRate());
        assertEquals(new Spread(0.5, 0.1, 0.9, 2), best.get(0).grid().get(0).score());
        assertEquals(64, best.get(1).length());
        assertEquals(0.01, best.get(1).best().learningRate());
    }

    @Test
    void theAddingProblemPrefersTheLowerErrorAndADivergedRateRanksLast() {
        AddingTask adding = new AddingTask();
        List<BestRate> best = GridSummary.of(List.of(
                result(adding, ModelKind.GRU, 16, 0.1, 1, new Score(0.0, 0.001, 10), true),
                result(adding, ModelKind.GRU, 16, 0.01, 1, new Score(0.0, 0.05, 10), false),
                result(adding, ModelKind.GRU, 16, 0.001, 1, new Score(0.0, 0.02, 10), false)));
        assertEquals(0.001, best.getFirst().best().learningRate());
        assertEquals(1, best.getFirst().grid().getFirst().diverged());
    }

    @Test
    void theRunsOfTwoTasksAreRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GridSummary.of(List.of(
                result(new RecallTask(), ModelKind.RNN, 16, 0.01, 1, new Score(0.5, 1, 10), false),
                result(new AddingTask(), ModelKind.RNN, 16, 0.01, 1, new Score(0.5, 1, 10), false))));
        assertEquals("a grid summary takes the runs of one task, got [recall, adding]", error.getMessage());
    }

    @Test
    void aSpreadOfNothingIsRefused() {
        assertEquals("a spread needs at least one value, got none",
                assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of())).getMessage());
    }
}
