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
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.Fixtures;
import org.seqbench.results.Json;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.SyntheticHistory;
import org.seqbench.results.analysis.TrendPoint;

/**
 * history.html's content from histories of known change points: what each chart is given (a point per run, the
 * change marked on the run that starts the new level, each run's level), the summary and the tables, and that text
 * from the history is escaped everywhere.
 */
class HistoryHtmlTest {
    private static final ChangePoints.Settings SETTINGS = ChangePoints.Settings.DEFAULT;
    private static final String MARKUP = "<img src=x onerror=alert('run')>";

    /** 12 runs of an LSTM cell that got 1.5x slower at run 5, and 8 steady GRU runs, one disturbed, one alone. */
    static List<CellHistory> histories() {
        CellHistory slower = CellHistory.of(SyntheticHistory.trend(Fixtures.cell("onnx", "fused-op", ModelKind.LSTM,
                16), SyntheticHistory.step(5, 12, 1.0, 1.5), Set.of()), SETTINGS);
        CellHistory steady = CellHistory.of(SyntheticHistory.trend(Fixtures.cell("djl", "fused-op", ModelKind.GRU, 64),
                SyntheticHistory.step(8, 8, 2.0, 2.0), Set.of(3)), SETTINGS);
        return List.of(slower, steady);
    }

    private static CellHistory marked() {
        Cell cell = Fixtures.cell("dl4j", "<b>variant</b>", ModelKind.RNN, 16);
        List<TrendPoint> points = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            points.add(new TrendPoint(i == 3 ? MARKUP : "run-" + i, "2026-11-0" + (i + 1) + "T10:00:00Z",
                    "<i>branch</i>", "<s>commit</s>", i < 3 ? 1.0 + 0.01 * i : 3.0 + 0.01 * i, null, null, null, 1,
                    false, Map.of("key<", "value&\"")));
        }
        return CellHistory.of(new CellTrend(cell, points), SETTINGS);
    }

    private static String page(List<CellHistory> histories) {
        return HistoryHtml.render("seqbench history of <u>main</u>", "/data/<q>history</q>.db", SETTINGS, histories);
    }

    @Test
    void eachCellsChartHasAPointPerRunAndMarksTheRunThatStartsTheNewLevel() throws IOException {
        List<CellHistory> histories = histories();
        JsonNode charts = data(page(histories)).get("charts");
        assertEquals(2, charts.size());
        JsonNode lstm = charts.get(0);
        assertEquals("history-0", lstm.get("id").asText());
        assertEquals("onnx[fused-op] lstm T=16 B=1 H=128 L=1 threads=1", lstm.get("title").asText());
        JsonNode points = lstm.get("points");
        assertEquals(12, points.size(), "a point per run");
        List<Integer> marked = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).has("change")) {
                marked.add(i);
                assertEquals("slower", points.get(i).get("change").asText());
            }
        }
        assertEquals(List.of(5), marked, "the change on the first run of the new level only");
        ChangePoint change = histories.getFirst().changes().getFirst();
        assertEquals(change.before(), points.get(4).get("level").asDouble(), 1e-12, "the old level up to run 4");
        assertEquals(change.after(), points.get(5).get("level").asDouble(), 1e-12, "the new one from run 5");
        assertEquals(List.of("2026-11-06 10:00", "c0ffee5abcde"), texts(points.get(5).get("label")), "start and commit");
        assertEquals(SyntheticHistory.step(5, 12, 1.0, 1.5)[5] * 0.98, points.get(5).get("low").asDouble(), 1e-12);

        JsonNode gru = charts.get(1).get("points");
        assertEquals(8, gru.size());
        for (int i = 0; i < gru.size(); i++) {
            assertFalse(gru.get(i).has("change"), "a steady cell has no change");
            assertEquals(i == 3, gru.get(i).get("disturbed").asBoolean(), "run " + i + " disturbed or not");
        }
    }

    @Test
    void aRunsTooltipGivesItsRunCommitValueIntervalSettingsAndTheChangeItStarts() throws IOException {
        JsonNode run = data(page(histories())).get("charts").get(0).get("points").get(5);
        double value = SyntheticHistory.step(5, 12, 1.0, 1.5)[5];
        ChangePoint change = histories().getFirst().changes().getFirst();
        assertEquals(List.of("run run-05", "commit c0ffee5abcde on main", "started 2026-11-06T10:00:00Z",
                org.seqbench.results.analysis.TrendPoint.ESTIMATOR.label() + " " + org.seqbench.results.Numbers.time(value) + ", 95% interval "
                        + org.seqbench.results.Numbers.time(value * 0.98) + " to "
                        + org.seqbench.results.Numbers.time(value * 1.02),
                "6 trials", "settings arena=off, intra_op_threads=1",
                "new level: " + org.seqbench.results.Numbers.significant(change.ratio(), 3) + "x (slower), "
                        + org.seqbench.results.Numbers.time(change.before()) + " → "
                        + org.seqbench.results.Numbers.time(change.after()) + ", p "
                        + org.seqbench.results.Numbers.significant(change.pValue(), 2)),
                texts(run.get("tooltip")));
        JsonNode disturbed = data(page(histories())).get("charts").get(1).get("points").get(3);
        assertEquals("6 trials; disturbed (contention or a slow host)", disturbed.get("tooltip").get(4).asText());
    }

    @Test
    void theSummaryListsEveryChangeWithItsRunCommitDateRatioAndP() {
        List<CellHistory> histories = histories();
        String page = page(histories);
        assertTrue(page.contains("<p class=\"verdict-line\">1 change in 1 of 2 cells</p>"), "the count on top");
        assertTrue(page.contains("<p>history: /data/&lt;q&gt;history&lt;/q&gt;.db</p>"), "where the history was read from");
        String changes = section(page, "changes");
        assertTrue(changes.contains("p below 0.001, a move of more than 5.0%, at least 3 runs a level"), changes);
        List<String> rows = changes.lines().filter(line -> line.startsWith("<tr><td>")).toList();
        assertEquals(1, rows.size(), changes);
        List<String> fields = HistoryReport.fields(histories.getFirst(), histories.getFirst().changes().getFirst());
        assertEquals("<tr><td><a href=\"#cell-0\">" + fields.get(0) + "</a></td><td>run-05</td><td>c0ffee5abcde</td>"
                + "<td>2026-11-06</td><td class=\"num\"><span class=\"verdict-regression\">" + fields.get(4)
                + "</span></td><td class=\"num\">" + fields.get(5) + "</td><td>" + fields.get(6) + "</td></tr>",
                rows.getFirst());
        assertTrue(page.indexOf("<section id=\"changes\">") < page.indexOf("<section id=\"cells\">"),
                "the changes come before the cells");
    }

    @Test
    void underEachChartATableHoldsEveryRun() {
        String cells = section(page(histories()), "cells");
        assertTrue(cells.contains("<h3 id=\"cell-0\">onnx[fused-op] lstm T=16 B=1 H=128 L=1 threads=1</h3>\n"
                + "<div class=\"chart\" data-chart=\"history-0\">"), cells);
        assertEquals(12 + 8, cells.lines().filter(line -> line.startsWith("<tr><td class=\"num\">")).count(),
                "a row per run");
        assertTrue(cells.contains("<tr><td class=\"num\">6</td><td>run-05</td><td>2026-11-06 10:00</td><td>c0ffee5abcde"
                + "</td><td>main</td>"), cells);
        assertTrue(cells.contains("<span class=\"warn\">⚠ disturbed</span>"), "the disturbed run is marked");
        assertEquals(1, cells.split("<span class=\"verdict-regression\">", -1).length - 1, "the change's row");
    }

    @Test
    void withoutAnyChangeThePageSaysSoAndACellWithoutRunsHasNoChart() throws IOException {
        CellHistory empty = new CellHistory(new CellTrend(Fixtures.cell("onnx", "fused-op", ModelKind.RNN, 16),
                List.of()), List.of());
        List<CellHistory> histories = List.of(histories().get(1), empty);
        String page = page(histories);
        assertTrue(page.contains("<p class=\"verdict-line\">No change in 2 cells</p>"), page);
        assertTrue(section(page, "changes").contains("<p>No cell's level moved.</p>"));
        assertTrue(section(page, "cells").contains("<h3 id=\"cell-1\">onnx[fused-op] rnn T=16 B=1 H=128 L=1 threads=1"
                + "</h3>\n<p>No recorded run measured this cell.</p>"));
        assertEquals(1, data(page).get("charts").size(), "no chart for the cell without runs");
        assertFalse(page.contains("data-chart=\"history-1\""));
    }

    @Test
    void textFromTheHistoryIsEscapedEverywhereAndThePageFetchesNothing(@TempDir Path scratch) throws IOException {
        List<CellHistory> histories = List.of(marked());
        assertEquals(List.of(3), histories.getFirst().changes().stream().map(ChangePoint::index).toList(),
                "the marked-up run starts a new level, so it is in every table");
        HistoryHtml.write(scratch, "seqbench history of <u>main</u>", "/data/<q>history</q>.db", SETTINGS, histories);
        String page = Files.readString(scratch.resolve(HistoryHtml.FILE_NAME));
        assertEquals(page(histories), page);
        for (String raw : List.of(MARKUP, "<b>variant", "<i>branch", "<s>commit", "<u>main", "<q>history", "key<")) {
            assertFalse(page.contains(raw), raw + " must never become markup");
        }
        String escaped = "&lt;img src=x onerror=alert(&#39;run&#39;)&gt;";
        assertTrue(section(page, "changes").contains("<td>" + escaped + "</td>"), "escaped in the summary");
        assertTrue(section(page, "cells").contains("<td>" + escaped + "</td>"), "and in the cell's table");
        assertTrue(page.contains("<title>seqbench history of &lt;u&gt;main&lt;/u&gt;</title>"));
        assertTrue(page.contains("<h1>seqbench history of &lt;u&gt;main&lt;/u&gt;</h1>"));
        JsonNode run = data(page).get("charts").get(0).get("points").get(3);
        assertEquals("run " + MARKUP, run.get("tooltip").get(0).asText(), "the chart's text is data, never markup");
        assertEquals("no interval", run.get("tooltip").get(3).asText().replaceFirst(".*, ", ""));
        assertFalse(run.has("low"), "a run without an interval has no bar");
        assertFalse(page.contains("src=\"http") || page.contains("href=\"http"), "nothing is fetched");
    }
}
