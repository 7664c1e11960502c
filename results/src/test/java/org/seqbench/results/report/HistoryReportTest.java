package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Fixtures;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.TrendPoint;

/** The change points as text for a terminal or a pull request: the summary line, the fields, the Markdown table. */
class HistoryReportTest {
    @Test
    void eachChangeIsOneRowWithItsRunCommitDateRatioPAndLevels() {
        List<CellHistory> histories = HistoryHtmlTest.histories();
        CellHistory slower = histories.getFirst();
        ChangePoint change = slower.changes().getFirst();
        assertEquals(List.of(List.of("onnx[fused-op] lstm T=16 B=1 H=128 L=1 threads=1", "run-05", "c0ffee5abcde", "2026-11-06",
                Numbers.significant(change.ratio(), 3) + "x", Numbers.significant(change.pValue(), 2),
                Numbers.time(change.before()) + " → " + Numbers.time(change.after()))), HistoryReport.rows(histories));
        assertEquals("1 change in 1 of 2 cells", HistoryReport.summary(histories));
        assertEquals("No change in 1 cell", HistoryReport.summary(List.of(histories.get(1))));
    }

    @Test
    void theMarkdownHasTheSummaryTheSettingsAndATableOfTheChanges() {
        List<CellHistory> histories = HistoryHtmlTest.histories();
        List<String> row = HistoryReport.rows(histories).getFirst();
        assertEquals("# history of main\n\n1 change in 1 of 2 cells (p below 0.001, a move of more than 5.0%, at "
                + "least 3 runs a level).\n\n| cell | run | commit | date | ratio | p | level |\n"
                + "|---|---|---|---|--:|--:|---|\n| " + String.join(" | ", row) + " |\n",
                HistoryReport.markdown("history of main", histories, ChangePoints.Settings.DEFAULT));
        assertEquals("# h\n\nNo change in 1 cell (p below 0.01, a move of more than 10%, at least 4 runs a level).\n",
                HistoryReport.markdown("h", List.of(histories.get(1)), new ChangePoints.Settings(0.01, 0.1, 4)));
    }

    @Test
    void anUnknownCommitIsADashAndAPipeInARunIdDoesNotSplitTheMarkdownRow() {
        List<TrendPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            points.add(new TrendPoint("a|" + i, "2026-11-0" + (i + 1) + "T10:00:00Z", null, null, i < 3 ? 1 : 2,
                    null, null, null, 1, false, Map.of()));
        }
        CellHistory history = CellHistory.of(new CellTrend(Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16),
                points), ChangePoints.Settings.DEFAULT);
        assertEquals("–", HistoryReport.rows(List.of(history)).getFirst().get(2));
        String markdown = HistoryReport.markdown("h", List.of(history), ChangePoints.Settings.DEFAULT);
        assertEquals("| onnx[fused-op] gru T=16 B=1 H=128 L=1 threads=1 | a\\|3 | – | 2026-11-04 | 2x | 0 | 1 ms → 2 ms |",
                markdown.lines().toList().getLast());
    }
}
