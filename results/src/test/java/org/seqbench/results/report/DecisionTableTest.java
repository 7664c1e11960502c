package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.LawRun;

/**
 * The report's decision table, chart and finding on a run of known laws with six trials a cell: onnx twice as fast as
 * djl at batch 1 (a significant margin by the ratio of minima), 1% faster at batch 8 (not significant with trials
 * 10% apart), djl outside its tolerance at one point.
 */
class DecisionTableTest {
    private static final List<Integer> LENGTHS = List.of(16, 64, 256);

    private static RunRecord run() {
        LawRun.Law onnx = (seqLen, batch) -> (0.1 + 0.01 * seqLen) * batch;
        return new LawRun().add("onnx", ModelKind.LSTM, LENGTHS, List.of(1, 8), onnx)
                .add("djl", ModelKind.LSTM, LENGTHS, List.of(1, 8),
                        (seqLen, batch) -> onnx.ms(seqLen, batch) * (batch == 1 ? 2 : 1.01))
                .inaccurate("djl", ModelKind.LSTM, 256, 8).record();
    }

    @Test
    void summaryHasARowPerMeasuredPointWithTheMarginAndItsSignificance() {
        String summary = MarkdownSummary.render(run());
        assertTrue(summary.contains("\n## Which backend wins\n"), summary);
        assertTrue(summary.contains("| kind | seq | batch | winner | latency ms | runner-up | margin | significant |\n"
                + "|---|--:|--:|---|--:|---|--:|---|\n"), "no setting column: one hidden size and thread count\n" + summary);
        assertTrue(summary.contains("| LSTM | 16 | 1 | onnx | 0.26 | djl | 2x (1.85 to 2.16) | yes |\n"), summary);
        assertTrue(summary.contains("| LSTM | 64 | 8 | onnx | 5.92 | djl | 1.01x (0.935 to 1.09) | no |\n"), summary);
        assertTrue(summary.contains("| LSTM | 256 | 8 | onnx | 21.3 | none |  |  |\n"), "djl missed its tolerance");
        assertTrue(summary.contains("- LSTM: onnx is the fastest at 6 of 6 measured points (3 significantly).\n"),
                summary);
    }

    @Test
    void theChartHasAPointPerMeasuredPointFilledWhereTheMarginIsSignificant() {
        Analysis analysis = Analysis.of(run());
        List<DecisionCharts.DecisionChart> charts = DecisionCharts.of(analysis, new DecisionRows(analysis));
        assertEquals(1, charts.size(), "one kind at one setting");
        DecisionCharts.DecisionChart chart = charts.getFirst();
        assertEquals("LSTM: fastest backend", chart.title());
        assertEquals(List.of(16, 64, 256), chart.x().ticks());
        assertEquals(List.of(1, 8), chart.y().ticks());
        assertEquals(1, chart.winners().size());
        List<DecisionCharts.Region> points = chart.winners().getFirst().points();
        assertEquals(6, points.size());
        assertEquals(3, points.stream().filter(DecisionCharts.Region::significant).count(), "batch 1 only");
        assertEquals("T = 16, B = 1: onnx 260 µs, 2x (1.85 to 2.16) faster than djl, significant",
                points.getFirst().note());
        assertEquals("T = 256, B = 8: onnx 21.3 ms, the only backend within its tolerance here",
                points.getLast().note());

        String page = HtmlReport.render(List.of(run()));
        assertTrue(page.contains("<section id=\"decision\"><h2>Which backend wins</h2>"));
        assertTrue(page.contains("data-chart=\"decision-0\""));
        assertTrue(page.contains("<td>onnx</td><td class=\"num\">0.26</td><td>djl</td><td class=\"num\">2x (1.85 to "
                + "2.16)</td><td class=\"wrap\">yes</td>"), "the same row in the page's table");
    }

    @Test
    void aDisturbedWinnerIsMarkedInTheTableButStaysInItsSeriesOnTheChart(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path scratch) throws java.io.IOException {
        Analysis analysis = Analysis.of(RecordedRun.read(scratch));
        List<DecisionCharts.DecisionChart> charts = DecisionCharts.of(analysis, new DecisionRows(analysis));
        assertEquals(8, charts.size(), "4 kinds at 1 and 2 threads");
        for (DecisionCharts.DecisionChart chart : charts) {
            assertEquals(List.of(chart.title().startsWith("Transformer") ? "djl" : "onnx"),
                    chart.winners().stream().map(DecisionCharts.Winner::label).toList(), chart.title());
        }
        DecisionCharts.DecisionChart contended = charts.get(1);
        assertEquals("RNN: fastest backend, 2 threads", contended.title());
        assertTrue(contended.winners().getFirst().points().stream()
                .anyMatch(point -> point.note().startsWith("T = 64, B = 8: onnx " + Findings.CONTENDED + " ")),
                "the recorded run's contended cell, marked in its tooltip");
        String summary = MarkdownSummary.render(RecordedRun.read(scratch));
        assertTrue(summary.contains("| RNN | 2 threads | 64 | 8 | onnx " + Findings.CONTENDED + " | 0.589 ± 0.0012 | djl "
                + "| 1.3x | unknown |\n"), summary);
        assertTrue(summary.contains("\nSignificance unknown: a record without trials has no interval across trials.\n"),
                "why, once under the table");
    }
}
