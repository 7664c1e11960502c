package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.seqbench.results.Cell;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.Decision;
import org.seqbench.results.analysis.Shapes;

/**
 * Where each backend wins, per kind (and per setting where the runs vary one beside length and batch): a chart over
 * sequence length and batch, log axes, a point per measured (T, B) in the colour and shape of the backend fastest
 * there, filled where its margin over the runner-up is significant. The report's script draws it as a scatter chart.
 */
final class DecisionCharts {
    /**
     * One chart.
     *
     * @param id the chart's key; its container in the page carries {@code data-chart="id"}
     * @param title the panel's title
     * @param x the length axis
     * @param y the batch axis
     * @param winners one entry per backend that wins somewhere on the chart
     */
    record DecisionChart(String id, String title, ChartSpec.Axis x, ChartSpec.Axis y, List<Winner> winners) {
    }

    /**
     * @param label the legend entry: the winning series
     * @param colour index into the page's palette, and into its point shapes, the same for a series in every chart
     * @param points where it wins
     */
    record Winner(String label, int colour, List<Region> points) {
    }

    /**
     * @param x the sequence length
     * @param y the batch
     * @param significant whether the margin over the runner-up is significant (a filled point)
     * @param note the tooltip: the winner's latency, the margin and its significance
     */
    record Region(double x, double y, boolean significant, String note) {
    }

    private DecisionCharts() {
    }

    static List<DecisionChart> of(Analysis analysis, DecisionRows rows) {
        record Panel(String runId, Cell setting) {
        }
        Map<Panel, List<Decision>> panels = new LinkedHashMap<>();
        for (Decision decision : rows.ordered()) {
            if (decision.winner() != null) {
                Cell point = decision.point();
                Cell setting = new Cell("", "", "", "", point.kind(), 0, 0, point.hiddenSize(), point.layers(),
                        point.threads(), point.inputSize(), point.heads(), point.ffnSize(), point.outputSize(),
                        point.bidirectional());
                panels.computeIfAbsent(new Panel(decision.runId(), setting), key -> new ArrayList<>()).add(decision);
            }
        }
        boolean severalRuns = analysis.runs().size() > 1;
        Palette colours = new Palette();
        List<DecisionChart> charts = new ArrayList<>();
        panels.forEach((panel, decisions) -> {
            Map<String, List<Region>> byWinner = new LinkedHashMap<>();
            TreeSet<Integer> lengths = new TreeSet<>();
            TreeSet<Integer> batches = new TreeSet<>();
            for (Decision decision : decisions) {
                lengths.add(decision.point().seqLen());
                batches.add(decision.point().batch());
                byWinner.computeIfAbsent(rows.name(decision.winner()), key -> new ArrayList<>())
                        .add(new Region(decision.point().seqLen(), decision.point().batch(),
                                decision.margin() != null && decision.margin().significant(), note(decision, rows)));
            }
            List<Winner> winners = new ArrayList<>();
            byWinner.forEach((series, points) -> winners.add(new Winner(series, colours.colour(series), points)));
            String setting = rows.setting(decisions.getFirst());
            charts.add(new DecisionChart("decision-" + charts.size(), Shapes.kind(panel.setting().kind())
                    + ": fastest backend" + (setting.isEmpty() ? "" : ", " + setting)
                    + (severalRuns ? " · " + panel.runId() : ""),
                    new ChartSpec.Axis("sequence length T", true, List.copyOf(lengths), false),
                    new ChartSpec.Axis("batch size", true, List.copyOf(batches), false), winners));
        });
        return charts;
    }

    /** "T = 64, B = 8: onnx 0.17 ms, 1.3x (1.2 to 1.4) faster than djl, significant". */
    private static String note(Decision decision, DecisionRows rows) {
        String at = "T = " + decision.point().seqLen() + ", B = " + decision.point().batch() + ": "
                + rows.series(decision.winner()) + " " + Numbers.time(decision.winner().latencyMs());
        if (decision.runnerUp() == null) {
            return at + ", the only backend within its tolerance here";
        }
        return at + ", " + DecisionRows.margin(decision.margin()) + " faster than " + rows.series(decision.runnerUp())
                + ", " + (decision.margin().interval() == null ? "significance unknown"
                        : decision.margin().significant() ? "significant" : "not significant");
    }
}
