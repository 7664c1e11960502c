package org.seqbench.results.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.Fixtures;

/** A cell's history with its change points: where each level lies, which run starts it, and what is refused. */
class CellHistoryTest {
    private static final Cell CELL = Fixtures.cell("onnx", "fused-op", ModelKind.LSTM, 16);

    @Test
    void theChangesAreFoundInTheHeadlinesAndEachPointHasItsSegmentsLevel() {
        double[] values = {1, 1, 1, 1, 2, 2, 2, 2, 2};
        CellHistory history = CellHistory.of(SyntheticHistory.trend(CELL, values, Set.of()),
                ChangePoints.Settings.DEFAULT);
        assertEquals(List.of(4), history.changes().stream().map(ChangePoint::index).toList());
        assertEquals("run-04", history.pointOf(history.changes().getFirst()).runId());
        assertArrayEquals(new double[] {1, 1, 1, 1, 2, 2, 2, 2, 2}, history.levels(), 1e-12);
    }

    @Test
    void aLevelIsTheGeometricMeanOfItsSegmentAsTheChangePointsAre() {
        double[] values = SyntheticHistory.step(5, 12, 1.0, 1.5);
        CellHistory history = CellHistory.of(SyntheticHistory.trend(CELL, values, Set.of()),
                ChangePoints.Settings.DEFAULT);
        ChangePoint change = history.changes().getFirst();
        double[] levels = history.levels();
        assertEquals(change.before(), levels[0], 1e-12);
        assertEquals(change.before(), levels[4], 1e-12);
        assertEquals(change.after(), levels[5], 1e-12);
        assertEquals(change.after(), levels[11], 1e-12);
    }

    @Test
    void withoutChangesTheWholeHistoryIsOneLevel() {
        CellHistory history = new CellHistory(SyntheticHistory.trend(CELL, new double[] {1, 4}, Set.of()), List.of());
        assertArrayEquals(new double[] {2, 2}, history.levels(), 1e-12);
        assertArrayEquals(new double[0],
                new CellHistory(SyntheticHistory.trend(CELL, new double[0], Set.of()), List.of()).levels());
    }

    @Test
    void aChangePointOutsideTheHistoryOrOutOfOrderIsRefused() {
        CellTrend trend = SyntheticHistory.trend(CELL, new double[] {1, 1, 1, 2, 2, 2}, Set.of());
        ChangePoint at3 = new ChangePoint(3, 1, 2, 0, 1);
        ChangePoint at2 = new ChangePoint(2, 1, 2, 0, 1);
        assertEquals("change point at 6 is not accepted: change points are sorted and lie between 1 and 5 for a "
                + "history of 6 runs", assertThrows(IllegalArgumentException.class,
                        () -> new CellHistory(trend, List.of(new ChangePoint(6, 1, 2, 0, 1)))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CellHistory(trend, List.of(new ChangePoint(0, 1, 2, 0, 1))));
        assertThrows(IllegalArgumentException.class, () -> new CellHistory(trend, List.of(at3, at2)));
        assertThrows(IllegalArgumentException.class, () -> new CellHistory(trend, List.of(at3, at3)));
    }
}
