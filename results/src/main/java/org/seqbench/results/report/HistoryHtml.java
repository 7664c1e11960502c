package org.seqbench.results.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.TrendPoint;

/**
 * {@code history.html}: cells' histories across recorded runs as one self-contained page, framed as report.html is
 * ({@link HtmlPage}). On top the title, where the history was read from, and every change found (the same rows as
 * {@link HistoryReport}); then per cell a line chart of its level (the median of its trials' medians) over the runs, oldest first, with each run's
 * interval as a bar, disturbed runs as hollow triangles, the first run of each new level as a diamond (orange when
 * slower, green when faster), and the levels as a dashed stepped line; under each chart a table of every run.
 */
public final class HistoryHtml {
    public static final String FILE_NAME = "history.html";

    private HistoryHtml() {
    }

    /**
     * One cell's chart.
     *
     * @param id the chart's key; its container in the page carries {@code data-chart="id"}
     * @param title the panel's title
     * @param axis the value axis's title
     * @param points the runs, oldest first
     */
    public record Chart(String id, String title, String axis, List<Point> points) {
    }

    /**
     * @param label the run's label on the run axis, two lines: its start (to the minute) and the commit
     * @param value the run's level (the median of its trials' medians), ms
     * @param low the interval's low end, ms; null where the run had none
     * @param high its high end; null where none
     * @param level the level of the run's segment, ms ({@link CellHistory#levels()})
     * @param disturbed whether the cell was measured disturbed in that run
     * @param change "slower" or "faster" when the run starts a new level; null otherwise
     * @param tooltip the lines a pointer on the run shows: run, commit, date, value and interval, trials, settings,
     *     and the change it starts
     */
    public record Point(List<String> label, double value, Double low, Double high, double level, boolean disturbed,
            String change, List<String> tooltip) {
    }

    /** Writes the page to {@code directory/history.html}, replacing it in one step. */
    public static void write(Path directory, String title, String source, ChangePoints.Settings settings,
            List<CellHistory> histories) throws IOException {
        RunRecordFiles.writeAtomically(directory.resolve(FILE_NAME), render(title, source, settings, histories));
    }

    /**
     * @param title the page's heading, plain text
     * @param source where the history was read from (the database's location), plain text
     * @param settings what the change points were found with, stated on the page
     * @param histories the cells, in the order shown
     */
    public static String render(String title, String source, ChangePoints.Settings settings,
            List<CellHistory> histories) {
        List<Chart> charts = new ArrayList<>();
        StringBuilder cells = new StringBuilder("<section id=\"cells\"><h2>Cells</h2>\n");
        cells.append("<p class=\"note\">").append(Html.escape("Each run's " + TrendPoint.ESTIMATOR.label()
                + " (the line's points), oldest first, with its 95% interval across trials (the bar; none where a "
                + "run had too few trials), runs measured under contention or on a slow host as hollow triangles, "
                + "the first run of each new level as a diamond (orange: slower, green: faster), and each level, "
                + "the geometric mean of its runs, as the dashed steps.")).append("</p>\n");
        for (int i = 0; i < histories.size(); i++) {
            CellHistory history = histories.get(i);
            String id = "history-" + i;
            cells.append("<h3 id=\"cell-").append(i).append("\">").append(Html.escape(history.trend().cell().label()))
                    .append("</h3>\n");
            if (history.trend().points().isEmpty()) {
                cells.append("<p>No recorded run measured this cell.</p>\n");
                continue;
            }
            Chart chart = chart(id, history);
            charts.add(chart);
            cells.append("<div class=\"chart\" data-chart=\"").append(id).append("\"><canvas role=\"img\" aria-label=\"")
                    .append(Html.escape(chart.title())).append("\"></canvas></div>\n");
            cells.append(runTable(history));
        }
        cells.append("</section>\n");

        StringBuilder body = new StringBuilder("<header><h1>").append(Html.escape(title)).append("</h1>\n")
                .append("<p>history: ").append(Html.escape(source)).append("</p>\n")
                .append("<p class=\"verdict-line\">").append(Html.escape(HistoryReport.summary(histories)))
                .append("</p>\n</header>\n")
                .append("<nav><a href=\"#changes\">Changes</a><a href=\"#cells\">Cells</a></nav>\n")
                .append(changes(settings, histories)).append(cells);
        return HtmlPage.render(title, body.toString(), Map.of("charts", charts), PageAssets.historyScript());
    }

    static Chart chart(String id, CellHistory history) {
        List<TrendPoint> runs = history.trend().points();
        double[] levels = history.levels();
        Map<Integer, ChangePoint> starts = new TreeMap<>();
        history.changes().forEach(change -> starts.put(change.index(), change));
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            TrendPoint run = runs.get(i);
            ChangePoint change = starts.get(i);
            points.add(new Point(List.of(HistoryReport.started(run), HistoryReport.commit(run)), run.value(), run.low(),
                    run.high(), levels[i], run.disturbed(), change == null ? null : direction(change),
                    tooltip(run, change)));
        }
        return new Chart(id, history.trend().cell().label(), TrendPoint.ESTIMATOR.label() + ", ms", points);
    }

    private static String direction(ChangePoint change) {
        return change.ratio() > 1 ? "slower" : "faster";
    }

    private static List<String> tooltip(TrendPoint run, ChangePoint change) {
        List<String> lines = new ArrayList<>();
        lines.add("run " + run.runId());
        lines.add("commit " + HistoryReport.commit(run) + (run.branch() == null ? "" : " on " + run.branch()));
        lines.add("started " + run.createdAt());
        lines.add(value(run) + ", " + interval(run));
        lines.add(run.trials() + (run.trials() == 1 ? " trial" : " trials")
                + (run.disturbed() ? "; disturbed (contention or a slow host)" : ""));
        if (!run.settings().isEmpty()) {
            lines.add("settings " + settings(run));
        }
        if (change != null) {
            lines.add("new level: " + Numbers.significant(change.ratio(), 3) + "x (" + direction(change) + "), "
                    + Numbers.time(change.before()) + " → " + Numbers.time(change.after()) + ", p "
                    + Numbers.significant(change.pValue(), 2));
        }
        return lines;
    }

    private static String value(TrendPoint run) {
        return TrendPoint.ESTIMATOR.label() + " " + Numbers.time(run.value());
    }

    private static String interval(TrendPoint run) {
        return run.low() == null || run.high() == null ? "no interval"
                : "95% interval " + Numbers.time(run.low()) + " to " + Numbers.time(run.high());
    }

    private static String settings(TrendPoint run) {
        return String.join(", ", new TreeMap<>(run.settings()).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).toList());
    }

    private static String changes(ChangePoints.Settings settings, List<CellHistory> histories) {
        StringBuilder out = new StringBuilder("<section id=\"changes\"><h2>Changes</h2>\n");
        out.append("<p class=\"note\">").append(Html.escape("Where a cell's level moved, found in its medians as "
                + "Hunter finds change points (E-divisive means, then Student's t-test on log latencies between the "
                + "levels either side): " + HistoryReport.settings(settings) + ". The ratio is the new level over the "
                + "old, each the geometric mean of its runs; the run is the first of the new level.")).append("</p>\n");
        List<List<String>> rows = HistoryReport.rows(histories);
        if (rows.isEmpty()) {
            return out.append("<p>No cell's level moved.</p>\n</section>\n").toString();
        }
        HtmlTable table = new HtmlTable().text(HistoryReport.COLUMNS.get(0)).text(HistoryReport.COLUMNS.get(1))
                .text(HistoryReport.COLUMNS.get(2)).text(HistoryReport.COLUMNS.get(3))
                .number(HistoryReport.COLUMNS.get(4)).number(HistoryReport.COLUMNS.get(5))
                .text(HistoryReport.COLUMNS.get(6));
        for (int i = 0; i < histories.size(); i++) {
            CellHistory history = histories.get(i);
            for (ChangePoint change : history.changes()) {
                List<String> row = new ArrayList<>(HistoryReport.fields(history, change).stream().map(Html::escape)
                        .toList());
                row.set(0, "<a href=\"#cell-" + i + "\">" + row.get(0) + "</a>");
                row.set(4, directionHtml(change, row.get(4)));
                table.rowHtml(row);
            }
        }
        return out.append(table.render()).append("</section>\n").toString();
    }

    private static String runTable(CellHistory history) {
        HtmlTable table = new HtmlTable().number("#").text("run").text("started").text("commit").text("branch")
                .number(TrendPoint.ESTIMATOR.label()).number("95% interval").number("trials").text("disturbed")
                .number("level").text("change");
        List<TrendPoint> runs = history.trend().points();
        double[] levels = history.levels();
        Map<Integer, ChangePoint> starts = new TreeMap<>();
        history.changes().forEach(change -> starts.put(change.index(), change));
        for (int i = 0; i < runs.size(); i++) {
            TrendPoint run = runs.get(i);
            ChangePoint change = starts.get(i);
            String interval = run.low() == null || run.high() == null ? "–"
                    : Numbers.time(run.low()) + " – " + Numbers.time(run.high());
            table.rowHtml(List.of(String.valueOf(i + 1), Html.escape(run.runId()), Html.escape(HistoryReport.started(run)),
                    Html.escape(HistoryReport.commit(run)), Html.escape(run.branch()),
                    Html.escape(Numbers.time(run.value())), Html.escape(interval), String.valueOf(run.trials()),
                    run.disturbed() ? "<span class=\"warn\">⚠ disturbed</span>" : "",
                    Html.escape(Numbers.time(levels[i])),
                    change == null ? "" : directionHtml(change, Html.escape(Numbers.significant(change.ratio(), 3)
                            + "x, p " + Numbers.significant(change.pValue(), 2)))));
        }
        return table.render();
    }

    /** A change's text in the colour of its direction, as its diamond is drawn: compare.html's verdict colours. */
    private static String directionHtml(ChangePoint change, String html) {
        return "<span class=\"verdict-" + (change.ratio() > 1 ? "regression" : "improvement") + "\">" + html
                + "</span>";
    }
}
