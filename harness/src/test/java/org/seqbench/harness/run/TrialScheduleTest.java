package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.results.Cell;

/** The interleaved schedule: every trial once, round r holding trial r, a seeded order of its own per round. */
class TrialScheduleTest {
    private static List<PlannedCell> cells(int count) {
        List<PlannedCell> cells = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cells.add(new PlannedCell(i, new Cell(i % 2 == 0 ? "onnx" : "djl", "", "cpu", "fp32", ModelKind.LSTM,
                    16 * (i + 1), 1, 16, 1, 1, 8, 0, 0, 4, false), null));
        }
        return cells;
    }

    private static List<String> order(List<TrialSchedule.Slot> round) {
        return round.stream().map(slot -> slot.planned().cell().key()).toList();
    }

    @Test
    void everyCellGetsEveryTrialOnceRoundByRound() {
        List<PlannedCell> cells = cells(12);
        TrialSchedule schedule = TrialSchedule.of(cells, 4, Map.of(), 42);
        assertEquals(4, schedule.rounds().size());
        assertEquals(48, schedule.size());
        for (int round = 0; round < 4; round++) {
            List<TrialSchedule.Slot> slots = schedule.rounds().get(round);
            int index = round;
            assertEquals(12, new HashSet<>(order(slots)).size(), "each cell once in round " + round);
            slots.forEach(slot -> assertEquals(index, slot.index()));
        }
    }

    @Test
    void theOrderIsRandomPerRoundAndTheSameForTheSameSeed() {
        List<PlannedCell> cells = cells(12);
        TrialSchedule schedule = TrialSchedule.of(cells, 3, Map.of(), 42);
        assertEquals(schedule, TrialSchedule.of(cells, 3, Map.of(), 42), "seeded: the same order every run");
        assertNotEquals(order(schedule.rounds().get(0)), order(schedule.rounds().get(1)), "each round its own order");
        assertNotEquals(cells.stream().map(planned -> planned.cell().key()).toList(),
                order(schedule.rounds().get(0)), "not the plan's order");
        assertNotEquals(order(schedule.rounds().get(0)),
                order(TrialSchedule.of(cells, 3, Map.of(), 43).rounds().get(0)), "another seed, another order");
    }

    @Test
    void aResumedRunSchedulesOnlyTheMissingTrialsInTheirRounds() {
        List<PlannedCell> cells = cells(4);
        String first = cells.get(0).cell().key();
        String second = cells.get(1).cell().key();
        TrialSchedule resumed = TrialSchedule.of(cells, 3, Map.of(first, 3, second, 1), 42);
        assertEquals(0 + 2 + 3 + 3, resumed.size(), "the first cell is done, the second needs two more");
        assertEquals(2, resumed.rounds().get(0).size(), "round 0: all but the two that have trial 0");
        assertEquals(List.of(1, 2), resumed.rounds().stream().skip(1).flatMap(List::stream)
                .filter(slot -> slot.planned().cell().key().equals(second)).map(TrialSchedule.Slot::index).toList());
    }
}
