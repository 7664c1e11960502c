package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqbench.results.report.PageProbes.data;
import static org.seqbench.results.report.PageProbes.section;
import static org.seqbench.results.report.PageProbes.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.Json;
import org.seqbench.results.analysis.CellComparison;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.Interval;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.TrialRatio;
import org.seqbench.results.analysis.Verdict;

/**
 * compare.html's content from a comparison of known cells, one of each verdict across the four kinds: what the
 * charts are given, what the tables list, and that run-record text is escaped everywhere.
 */
class CompareHtmlTest {
    private static final String FAILED = "failed (<script>alert('x')</script> & more) in the current run";

    private static final CellComparison REGRESSION = compared(ModelKind.LSTM, 16, Verdict.REGRESSION, 1.3, true,
            false);
    private static final CellComparison UNCHANGED = compared(ModelKind.LSTM, 64, Verdict.NO_CHANGE, 1.01, true,
            false);
    private static final CellComparison IMPROVEMENT = compared(ModelKind.GRU, 16, Verdict.IMPROVEMENT, 0.7, true,
            false);
    private static final CellComparison NO_INTERVAL = compared(ModelKind.RNN, 16, Verdict.NOISY, 1.1, false, false);
    private static final CellComparison LESS_ACCURATE = compared(ModelKind.TRANSFORMER, 16, Verdict.NO_CHANGE, 0.99,
            true, true);
    private static final CellComparison FAILED_NOW = new CellComparison(cell(ModelKind.TRANSFORMER, 64),
            Verdict.NOT_COMPARABLE, FAILED, null, Double.NaN, 0, 0, false);
    private static final CellComparison ONLY_NOW = new CellComparison(cell(ModelKind.GRU, 64),
            Verdict.NOT_COMPARABLE, "not in the baseline", null, Double.NaN, 0, 0, false);

    private static final Comparison COMPARISON = new Comparison("base-run", "current-run",
            Comparison.Settings.DEFAULT, List.of(REGRESSION, UNCHANGED, IMPROVEMENT, NO_INTERVAL, LESS_ACCURATE,
                    FAILED_NOW, ONLY_NOW));
    private static final EnvironmentDifference DIFFERENCE = new EnvironmentDifference(List.of("CPU: A -> B"),
            List.of("onnx 1.29.0 -> <b>1.30.0</b>"));

    @TempDir
    Path scratch;

    private static Cell cell(ModelKind kind, int seqLen) {
        boolean transformer = kind == ModelKind.TRANSFORMER;
        return new Cell("onnx", transformer ? "standard-ops" : "fused-op", "cpu", "fp32", kind, seqLen, 8, 128, 1, 1,
                64, transformer ? 4 : 0, transformer ? 512 : 0, 10, false);
    }

    private static CellComparison compared(ModelKind kind, int seqLen, Verdict verdict, double ratio,
            boolean interval, boolean lessAccurate) {
        TrialRatio trialRatio = new TrialRatio(TrialEstimator.MINIMUM, 1.0, ratio, interval
                ? new Interval(ratio * 0.98, ratio * 1.02, 0.95, Interval.Method.EXTREME_RANKS) : null,
                interval ? null : "3 and 3 trials are too few for a 95% interval");
        return new CellComparison(cell(kind, seqLen), verdict, "a reason", trialRatio, 0.004, 10, 10, lessAccurate);
    }

    private static String page() {
        return CompareHtml.render(COMPARISON, DIFFERENCE);
    }

    @Test
    void everyComparedCellIsOneRowOfItsKindsChartAndNotComparableCellsAreNotPlotted() throws IOException {
        String page = page();
        JsonNode charts = data(page).get("charts");
        List<String> ids = new ArrayList<>();
        charts.forEach(chart -> ids.add(chart.get("id").asText()));
        assertEquals(List.of("forest-rnn", "forest-lstm", "forest-gru", "forest-transformer"), ids);
        List<String> plotted = new ArrayList<>();
        for (JsonNode chart : charts) {
            String kind = chart.get("id").asText().substring("forest-".length());
            assertEquals(1 / 1.05, chart.get("fasterBound").asDouble(), 1e-12);
            assertEquals(1.05, chart.get("slowerBound").asDouble(), 1e-12);
            int rows = chart.get("rows").size();
            assertTrue(page.contains("style=\"height:" + (150 + 20 * rows) + "px\" data-chart=\"forest-" + kind
                    + "\""), "a container for " + kind + " as tall as its rows");
            chart.get("rows").forEach(row -> plotted.add(kind + " " + row.get("label").asText()));
        }
        List<String> expected = new ArrayList<>();
        for (CellComparison cell : COMPARISON.cells()) {
            if (cell.verdict() != Verdict.NOT_COMPARABLE) {
                expected.add(cell.cell().kind().id() + " " + cell.cell().labelWithinKind()
                        + (cell.accuracyRegressed() ? " (less accurate)" : ""));
            }
        }
        assertEquals(expected.stream().sorted().toList(), plotted.stream().sorted().toList(),
                "each compared cell once, in its kind's chart, labelled without its kind");
        for (CellComparison cell : List.of(FAILED_NOW, ONLY_NOW)) {
            assertFalse(plotted.contains(cell.cell().kind().id() + " " + cell.cell().labelWithinKind()),
                    cell.label() + " is not plotted");
        }
        String listed = section(page, "not-comparable");
        assertTrue(listed.contains("<li><span class=\"cell\">" + ONLY_NOW.label() + "</span>: not in the baseline</li>"),
                listed);
        assertTrue(listed.contains(FAILED_NOW.label()), listed);
        assertEquals(2, listed.split("<li>", -1).length - 1, "the two not-comparable cells are listed");
    }

    @Test
    void eachRowCarriesItsVerdictIntervalAndTooltip() throws IOException {
        JsonNode lstm = data(page()).get("charts").get(1);
        JsonNode regression = lstm.get("rows").get(0);
        assertEquals("regression", regression.get("verdict").asText());
        assertEquals(1.3, regression.get("ratio").asDouble(), 1e-12);
        assertEquals(1.3 * 0.98, regression.get("low").asDouble(), 1e-12);
        assertEquals(1.3 * 1.02, regression.get("high").asDouble(), 1e-12);
        assertEquals(List.of("ratio 1.3, 95% interval 1.27 – 1.33", "p (U test) 0.004", "regression: a reason"),
                texts(regression.get("tooltip")));
        JsonNode noInterval = data(page()).get("charts").get(0).get("rows").get(0);
        assertEquals("noisy", noInterval.get("verdict").asText());
        assertFalse(noInterval.has("low") || noInterval.has("high"), "the point only");
        assertEquals("ratio 1.1, no interval: 3 and 3 trials are too few for a 95% interval",
                noInterval.get("tooltip").get(0).asText());
        JsonNode lessAccurate = data(page()).get("charts").get(3).get("rows").get(0);
        assertEquals("no-change", lessAccurate.get("verdict").asText(), "coloured by the speed's verdict");
        assertEquals("no-change, less accurate: a reason", lessAccurate.get("tooltip").get(2).asText());
    }

    @Test
    void theVerdictSettingsDifferencesAndCountsComeFirst() {
        String page = page();
        int verdict = page.indexOf("<p class=\"verdict-line failed\"><strong>Regression</strong>: 1 slower cell, 1 "
                + "cell less accurate than its tolerance, 1 faster, 2 unchanged, 1 noisy, 2 not comparable (7 cells)"
                + "</p>");
        assertTrue(verdict > 0 && verdict < page.indexOf("<section"), "the verdict line is on top");
        String settings = section(page, "settings");
        assertTrue(settings.contains("<td>threshold</td><td class=\"wrap\">5.0%: slower above 1.05, faster below "
                + "0.952</td>"), settings);
        assertTrue(settings.contains("<td>max width</td><td class=\"wrap\">20%: a wider interval is noisy</td>"),
                settings);
        assertTrue(settings.contains("<td>estimator</td><td class=\"wrap\">" + TrialEstimator.HEADLINE.label()),
                settings);
        assertTrue(settings.contains("<li class=\"warn\">different machine: CPU: A -&gt; B</li>"), settings);
        assertTrue(settings.contains("<li>onnx 1.29.0 -&gt; &lt;b&gt;1.30.0&lt;/b&gt;</li>"), settings);
        for (Verdict each : Verdict.values()) {
            assertTrue(settings.contains("<td><span class=\"verdict-" + each.id() + "\">" + each.id()
                    + "</span></td><td class=\"num\">" + COMPARISON.summary().count(each) + "</td>"), each.id());
        }
        assertTrue(settings.contains("<td>less accurate</td><td class=\"num\">1</td>"), settings);
    }

    @Test
    void theTableHoldsEveryCellRegressionsFirstWithCompareMdsColumns() {
        String table = section(page(), "cells");
        for (String column : CompareReport.COLUMNS) {
            assertTrue(table.contains(">" + Html.escape(column) + "</th>"), column);
        }
        List<String> rows = table.lines().filter(line -> line.startsWith("<tr><td>")).toList();
        assertEquals(COMPARISON.cells().size(), rows.size(), "one row per cell");
        List<CellComparison> ordered = COMPARISON.ordered();
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("<tr><td>" + Html.escape(ordered.get(i).label()) + "</td>"),
                    "row " + i + " in compare.md's order: " + rows.get(i));
        }
        assertTrue(rows.get(0).contains("<span class=\"verdict-regression\">regression</span>"), rows.get(0));
        assertTrue(rows.get(1).contains("<span class=\"verdict-regression\">no-change, less accurate</span>"),
                "an accuracy regression is shown as one: " + rows.get(1));
        assertTrue(rows.get(0).contains("<td class=\"num\">1.27 – 1.33</td><td class=\"num\">0.004</td>"), rows.get(0));
    }

    @Test
    void runRecordTextIsEscapedAndThePageFetchesNothing() throws IOException {
        CompareHtml.write(scratch, COMPARISON, DIFFERENCE);
        String page = Files.readString(scratch.resolve(CompareHtml.FILE_NAME));
        assertEquals(page(), page);
        assertFalse(page.contains("<script>alert("), "a reason from the run record must never become markup");
        assertFalse(page.contains("<b>1.30.0"), "nor an engine version");
        assertTrue(section(page, "not-comparable").contains("failed (&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                + "&amp; more) in the current run"), "escaped in the list");
        assertTrue(section(page, "cells").contains("&lt;script&gt;alert(&#39;x&#39;)"), "and in the table");
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<script>\n" + PageAssets.chartJs()), "Chart.js is inlined");
        assertTrue(page.contains("<script>\n" + PageAssets.compareScript()), "and the page's own script");
        String ours = page.replace(PageAssets.chartJs(), "").toLowerCase(Locale.ROOT);
        for (String fetch : List.of("<script src", "<link", "<img", "<iframe", "@import", "url(", "http://", "https://")) {
            assertFalse(ours.contains(fetch), "the page must not fetch: " + fetch);
        }
    }

    @Test
    void aComparisonWithNothingComparedSaysSoInsteadOfDrawing() throws IOException {
        Comparison none = new Comparison("a", "b", Comparison.Settings.DEFAULT, List.of(ONLY_NOW));
        String page = CompareHtml.render(none, new EnvironmentDifference(List.of(), List.of()));
        assertEquals(0, data(page).get("charts").size());
        assertFalse(page.contains("data-chart=\""), page);
        assertTrue(page.contains("<p>No cell could be compared, so there is nothing to draw.</p>"));
        assertTrue(page.contains("<p>Nothing differs between the runs' machines and software.</p>"));
        assertTrue(page.contains("<p class=\"verdict-line passed\"><strong>No regression</strong>"));
    }

}
