package org.seqbench.study.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.study.task.AddingTask;
import org.seqbench.study.task.RecallTask;

class TrainingPlanTest {
    private static final RecallTask RECALL = new RecallTask();

    private static String refusal(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    @Test
    void everyKindGetsTheTasksWidthsOneLayerAndTheSameHiddenSize() {
        assertEquals(ModelSpec.recurrent(ModelKind.GRU, 8, 64, 1, false, 8),
                StudyModel.spec(ModelKind.GRU, RECALL, 64));
        assertEquals(ModelSpec.transformer(2, 64, 1, 4, 256, 1),
                StudyModel.spec(ModelKind.TRANSFORMER, new AddingTask(), 64));
        TrainingPlan plan = new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 640, 32, 0.01, 1, 100, 0);
        assertEquals(20, plan.steps());
        assertEquals(ModelSpec.recurrent(ModelKind.RNN, 8, 32, 1, false, 8), plan.spec());
    }

    @Test
    void everyBadArgumentIsRefusedByName() {
        assertEquals("task is missing; accepted: recall, adding",
                refusal(() -> new TrainingPlan(null, ModelKind.RNN, 16, 32, 64, 32, 0.01, 1, 10, 0)));
        assertEquals("kind is missing; accepted: rnn, lstm, gru, transformer",
                refusal(() -> new TrainingPlan(RECALL, null, 16, 32, 64, 32, 0.01, 1, 10, 0)));
        assertEquals("length must be from 2 to 65536 steps for adding, got 1",
                refusal(() -> new TrainingPlan(new AddingTask(), ModelKind.RNN, 1, 32, 64, 32, 0.01, 1, 10, 0)));
        assertEquals("length must be from 1 to 65536 steps for recall, got 70000",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 70_000, 32, 64, 32, 0.01, 1, 10, 0)));
        assertEquals("hiddenSize must be a positive integer, got 0",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 0, 64, 32, 0.01, 1, 10, 0)));
        assertEquals("hiddenSize must be a multiple of 4 (the transformer's heads), got 30",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.TRANSFORMER, 16, 30, 64, 32, 0.01, 1, 10, 0)));
        assertEquals("batchSize must be a positive integer, got 0",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 64, 0, 0.01, 1, 10, 0)));
        assertEquals("budget must be a positive multiple of the batch size 32 (training sequences), got 100",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 100, 32, 0.01, 1, 10, 0)));
        assertEquals("budget must be a positive multiple of the batch size 32 (training sequences), got 0",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 0, 32, 0.01, 1, 10, 0)));
        assertEquals("learningRate must be a positive finite number, got NaN",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 64, 32, Double.NaN, 1, 10, 0)));
        assertEquals("learningRate must be a positive finite number, got -0.1",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 64, 32, -0.1, 1, 10, 0)));
        assertEquals("testSize must be a positive number of held-out sequences, got 0",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 64, 32, 0.01, 1, 0, 0)));
        assertEquals("threads must be 0 (engine default) or positive, got -1",
                refusal(() -> new TrainingPlan(RECALL, ModelKind.RNN, 16, 32, 64, 32, 0.01, 1, 10, -1)));
        assertEquals("kind is missing; accepted: rnn, lstm, gru, transformer",
                refusal(() -> StudyModel.spec(null, RECALL, 8)));
    }

    @Test
    void aGridSelectsOnTheFirstSeedConfirmsOnTheOthersAndRefusesEmptyOrRepeatedLists() {
        StudyGrid grid = new StudyGrid(RECALL, List.of(ModelKind.RNN, ModelKind.LSTM), List.of(8, 16),
                List.of(0.01, 0.001), List.of(1L, 2L, 3L), 16, 64, 32, 10, 1, GateInit.MEMORY_OF_T);
        assertEquals(4 * (2 + 3 - 1), grid.trainings());
        assertEquals(List.of(new TrainingPlan(RECALL, ModelKind.LSTM, 16, 16, 64, 32, 0.01, 1, 10, 1,
                GateInit.MEMORY_OF_T), new TrainingPlan(RECALL, ModelKind.LSTM, 16, 16, 64, 32, 0.001, 1, 10, 1,
                GateInit.MEMORY_OF_T)), grid.selection(ModelKind.LSTM, 16));
        assertEquals(List.of(2L, 3L), grid.confirmation(ModelKind.RNN, 8, 0.001).stream().map(TrainingPlan::seed)
                .toList());
        assertEquals("kinds must list at least one value, got none", refusal(() -> new StudyGrid(RECALL, List.of(),
                List.of(8), List.of(0.01), List.of(1L), 16, 64, 32, 10, 1, GateInit.PYTORCH)));
        assertEquals("seeds must not repeat a value, got [1, 1]", refusal(() -> new StudyGrid(RECALL,
                List.of(ModelKind.RNN), List.of(8), List.of(0.01), List.of(1L, 1L), 16, 64, 32, 10, 1, GateInit.PYTORCH)));
        assertEquals("lengths must list at least one value, got none", refusal(() -> new StudyGrid(RECALL,
                List.of(ModelKind.RNN), null, List.of(0.01), List.of(1L), 16, 64, 32, 10, 1, GateInit.PYTORCH)));
        assertEquals("length must be from 1 to 65536 steps for recall, got 0", refusal(() -> new StudyGrid(RECALL,
                List.of(ModelKind.RNN), List.of(8, 0), List.of(0.01), List.of(1L), 16, 64, 32, 10, 1, GateInit.PYTORCH)));
    }
}
