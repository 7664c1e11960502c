package org.seqbench.results.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.CellComparison;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.Verdict;

/**
 * {@code compare.html}: a comparison of two runs as one self-contained page, framed as report.html is
 * ({@link HtmlPage}). The verdict line, the settings, what differs between the runs and the count of each verdict on
 * top; then a forest plot per model kind of every compared cell's ratio with its 95% interval, on a log axis with
 * the threshold band shaded; then every cell in a table in compare.md's order, and the cells that could not be
 * compared with their reasons.
 */
public final class CompareHtml {
    public static final String FILE_NAME = "compare.html";

    /** Pixels per plotted cell, and for the panel's title, axis and legend around them. */
    private static final int ROW_HEIGHT = 20;
    private static final int FRAME_HEIGHT = 150;

    private CompareHtml() {
    }

    /**
     * One forest plot: the compared cells of one kind as rows, each its ratio (a point) and its interval (a bar).
     *
     * @param id the chart's key; its container in the page carries {@code data-chart="id"}
     * @param title the panel's title
     * @param axis the ratio axis's title
     * @param fasterBound the threshold band's low end, {@code 1 / (1 + t)}
     * @param slowerBound its high end, {@code 1 + t}
     * @param rows the cells, in the runs' order, so that neighbouring rows differ in one coordinate
     */
    public record Forest(String id, String title, String axis, double fasterBound, double slowerBound,
            List<Row> rows) {
    }

    /**
     * @param label the cell without its kind, which the panel names ({@link org.seqbench.results.Cell#labelWithinKind})
     * @param verdict the verdict's id, which picks the point's colour and shape
     * @param ratio current over baseline
     * @param low the interval's low end; null where the estimator gave none
     * @param high its high end; null where none
     * @param tooltip the lines a pointer on the row shows: ratio and interval, p-value, verdict and reason
     */
    public record Row(String label, String verdict, double ratio, Double low, Double high, List<String> tooltip) {
    }

    /** Writes the page to {@code directory/compare.html}, replacing it in one step. */
    public static void write(Path directory, Comparison comparison, EnvironmentDifference environment)
            throws IOException {
        RunRecordFiles.writeAtomically(directory.resolve(FILE_NAME), render(comparison, environment));
    }

    public static String render(Comparison comparison, EnvironmentDifference environment) {
        List<Forest> forests = forests(comparison);
        StringBuilder body = new StringBuilder();
        body.append("<header><h1>seqbench compare: ").append(Html.escape(comparison.currentRun()))
                .append(" against ").append(Html.escape(comparison.baselineRun())).append("</h1>\n")
                .append("<p class=\"verdict-line ").append(comparison.hasRegression() ? "failed" : "passed")
                .append("\">").append(verdictLine(comparison)).append("</p>\n</header>\n");
        body.append("<nav><a href=\"#settings\">Settings</a><a href=\"#ratios\">Ratios</a>"
                + "<a href=\"#cells\">All cells</a><a href=\"#not-comparable\">Not comparable</a></nav>\n");
        body.append(settings(comparison, environment));
        body.append(ratios(comparison, forests));
        body.append("<section id=\"cells\"><h2>All cells</h2>\n<p class=\"note\">Regressions first, then "
                + "improvements, noisy cells, no change and not comparable; within each, the largest move first.</p>\n")
                .append(cellTable(comparison.ordered())).append("</section>\n");
        body.append(notComparable(comparison));
        return HtmlPage.render("seqbench compare: " + comparison.currentRun() + " against " + comparison.baselineRun(),
                body.toString(), Map.of("charts", forests), PageAssets.compareScript());
    }

    /** A forest per kind that has a compared cell, in {@link ModelKind}'s order; not-comparable cells are left out. */
    static List<Forest> forests(Comparison comparison) {
        Comparison.Settings settings = comparison.settings();
        List<Forest> forests = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            List<Row> rows = comparison.cells().stream()
                    .filter(cell -> cell.cell().kind() == kind && cell.verdict() != Verdict.NOT_COMPARABLE)
                    .map(CompareHtml::row).toList();
            if (!rows.isEmpty()) {
                forests.add(new Forest("forest-" + kind.id(), Shapes.kind(kind) + ": current ÷ baseline",
                        "ratio of the " + TrialEstimator.HEADLINE.label() + ", current ÷ baseline (log scale; above 1: "
                                + "slower)", settings.fasterBound(), settings.slowerBound(), rows));
            }
        }
        return forests;
    }

    private static Row row(CellComparison cell) {
        List<String> fields = CompareReport.fields(cell);
        List<String> tooltip = new ArrayList<>();
        tooltip.add("ratio " + fields.get(2) + (cell.ratio().hasInterval() ? ", 95% interval " + fields.get(3)
                : ", no interval: " + cell.ratio().noInterval()));
        tooltip.add("p (U test) " + fields.get(4));
        tooltip.add(fields.get(1) + ": " + fields.get(5));
        String label = cell.cell().labelWithinKind() + (cell.accuracyRegressed() ? " (less accurate)" : "");
        return new Row(label, cell.verdict().id(), cell.ratioValue(),
                cell.ratio().hasInterval() ? cell.ratio().interval().low() : null,
                cell.ratio().hasInterval() ? cell.ratio().interval().high() : null, tooltip);
    }

    /** compare.md's verdict line, its bold as {@code <strong>}. */
    private static String verdictLine(Comparison comparison) {
        return Html.escape(CompareReport.verdict(comparison)).replaceFirst("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
    }

    private static String settings(Comparison comparison, EnvironmentDifference environment) {
        Comparison.Settings settings = comparison.settings();
        StringBuilder out = new StringBuilder("<section id=\"settings\"><h2>Settings and what differs</h2>\n");
        out.append(new HtmlTable().text("setting").prose("value")
                .row(List.of("threshold", Numbers.percent(settings.threshold()) + ": slower above "
                        + Numbers.significant(settings.slowerBound(), 3) + ", faster below "
                        + Numbers.significant(settings.fasterBound(), 3)))
                .row(List.of("max width", Numbers.percent(settings.maxWidth()) + ": a wider interval is noisy"))
                .row(List.of("estimator", TrialEstimator.HEADLINE.label() + " of each run's trials, current ÷ "
                        + "baseline, with its 95% interval across trials"))
                .render());
        if (environment.refusing().isEmpty() && environment.stated().isEmpty()) {
            out.append("<p>Nothing differs between the runs' machines and software.</p>\n");
        } else {
            out.append("<h3>What differs between the runs</h3>\n<ul class=\"differences\">\n");
            environment.refusing().forEach(line -> out.append("<li class=\"warn\">different machine: ")
                    .append(Html.escape(line)).append("</li>\n"));
            environment.stated().forEach(line -> out.append("<li>").append(Html.escape(line)).append("</li>\n"));
            out.append("</ul>\n");
        }
        Comparison.Summary summary = comparison.summary();
        HtmlTable counts = new HtmlTable().text("verdict").number("cells");
        for (Verdict verdict : Verdict.values()) {
            counts.rowHtml(List.of(verdictHtml(verdict, verdict.id()), String.valueOf(summary.count(verdict))));
        }
        counts.row(List.of("less accurate", String.valueOf(summary.accuracyRegressions())));
        out.append("<h3>Cells per verdict</h3>\n").append(counts.render());
        comparison.cells().stream().map(CellComparison::fewTrialsNote).flatMap(java.util.Optional::stream)
                .findFirst().ifPresent(note -> out.append("<p class=\"note\">Trials: ").append(Html.escape(note))
                        .append(".</p>\n"));
        return out.append("</section>\n").toString();
    }

    private static String ratios(Comparison comparison, List<Forest> forests) {
        StringBuilder out = new StringBuilder("<section id=\"ratios\"><h2>Ratios, current ÷ baseline</h2>\n");
        out.append("<p class=\"note\">").append(Html.escape("Each compared cell's " + TrialEstimator.HEADLINE.label()
                + ", current over baseline (the point), with its 95% interval across trials (the bar; none where the "
                + "trials were too few for one), on a logarithmic axis: the solid line is 1, the shaded band the "
                + "threshold from " + Numbers.significant(comparison.settings().fasterBound(), 3) + " to "
                + Numbers.significant(comparison.settings().slowerBound(), 3) + ". A cell is slower or faster when "
                + "its whole interval lies past 1 and its ratio outside the band. Cells that could not be compared "
                + "are not drawn; they are listed at the end. Click a legend entry to show or hide a verdict."))
                .append("</p>\n");
        if (forests.isEmpty()) {
            out.append("<p>No cell could be compared, so there is nothing to draw.</p>\n");
        } else {
            out.append("<div class=\"charts single\">\n");
            for (Forest forest : forests) {
                out.append("<div class=\"chart\" style=\"height:")
                        .append(FRAME_HEIGHT + ROW_HEIGHT * forest.rows().size()).append("px\" data-chart=\"")
                        .append(Html.escape(forest.id())).append("\"><canvas role=\"img\" aria-label=\"")
                        .append(Html.escape(forest.title())).append("\"></canvas></div>\n");
            }
            out.append("</div>\n");
        }
        return out.append("</section>\n").toString();
    }

    private static String cellTable(List<CellComparison> cells) {
        HtmlTable table = new HtmlTable().text(CompareReport.COLUMNS.get(0)).text(CompareReport.COLUMNS.get(1))
                .number(CompareReport.COLUMNS.get(2)).number(CompareReport.COLUMNS.get(3))
                .number(CompareReport.COLUMNS.get(4)).prose(CompareReport.COLUMNS.get(5));
        for (CellComparison cell : cells) {
            List<String> fields = CompareReport.fields(cell);
            List<String> row = new ArrayList<>(fields.stream().map(Html::escape).toList());
            row.set(1, verdictHtml(cell.regressed() ? Verdict.REGRESSION : cell.verdict(), fields.get(1)));
            table.rowHtml(row);
        }
        return table.render();
    }

    private static String notComparable(Comparison comparison) {
        List<CellComparison> cells = comparison.ordered().stream()
                .filter(cell -> cell.verdict() == Verdict.NOT_COMPARABLE).toList();
        StringBuilder out = new StringBuilder("<section id=\"not-comparable\"><h2>Not comparable</h2>\n");
        if (cells.isEmpty()) {
            return out.append("<p>Every cell was compared.</p>\n</section>\n").toString();
        }
        out.append("<p class=\"note\">").append(cells.size() == 1 ? "This cell is" : "These " + cells.size()
                + " cells are").append(" not in the charts: no ratio could be drawn for them.</p>\n<ul class=\"not-comparable\">\n");
        for (CellComparison cell : cells) {
            out.append("<li><span class=\"cell\">").append(Html.escape(cell.label())).append("</span>: ")
                    .append(Html.escape(cell.reason()))
                    .append(cell.accuracyRegressed() ? " <span class=\"verdict-regression\">(less accurate)</span>" : "")
                    .append("</li>\n");
        }
        return out.append("</ul>\n</section>\n").toString();
    }

    /** A verdict's text in its colour: regressions stand out in the table as they do in the charts. */
    private static String verdictHtml(Verdict verdict, String text) {
        return "<span class=\"verdict-" + verdict.id() + "\">" + Html.escape(text) + "</span>";
    }
}
