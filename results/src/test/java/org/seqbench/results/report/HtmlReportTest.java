package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.results.CellResult;
import org.seqbench.results.Fixtures;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.TrialEstimator;

/** The page's structure: self-contained, every chart with data, every run-record string escaped. */
class HtmlReportTest {
    @TempDir
    Path scratch;

    private String page() throws IOException {
        return HtmlReport.render(List.of(RecordedRun.read(scratch)));
    }

    @Test
    void aCellMeasuredOnASlowHostIsMarkedInTheCellTableWithItsSteal() {
        RunRecord run = Fixtures.record();
        CellResult first = run.cells().getFirst();
        RunRecord marked = run.with(new CellResult(first.cell(), first.status(), null, first.latency(),
                first.throughput(), first.work(), first.gflops(), first.accuracy(),
                new CellResult.Contention(0.4, 0.2, false, 1.0, 0.3), first.startedAt(), first.wallSeconds(), true));
        String page = HtmlReport.render(List.of(marked));
        assertTrue(page.contains("0.40 (steal 0.30), slow host ⚠"), "the others' column says both");
    }

    @Test
    void loadsNothingFromTheNetwork() throws IOException {
        String page = page();
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<script>\n" + PageAssets.chartJs()), "Chart.js is inlined");
        assertTrue(page.contains("Chart.js v4.5.1"), "with its licence header");
        // Chart.js itself names toDataURL(); everything seqbench writes around it must fetch nothing.
        String ours = page.replace(PageAssets.chartJs(), "").toLowerCase(java.util.Locale.ROOT);
        for (String fetch : List.of("<script src", "<link", "<img", "<iframe", "@import", "url(", "http://", "https://")) {
            assertFalse(ours.contains(fetch), "the page must not fetch: " + fetch);
        }
    }

    @Test
    void everyChartContainerHasItsDataAndEverySectionIsThere() throws IOException {
        String page = page();
        Matcher containers = Pattern.compile("data-chart=\"([a-z0-9-]+)\"").matcher(page);
        int count = 0;
        while (containers.find()) {
            count++;
            assertTrue(page.contains("\"id\":\"" + containers.group(1) + "\""), "no data for " + containers.group(1));
        }
        // Latency, throughput, threads and work rate per kind (4 each), crossovers per recurrent kind (3), and the
        // decisions per kind and thread count (8).
        assertEquals(27, count);
        for (String section : List.of("findings", "latency", "crossover", "batch", "threads", "work", "roofline",
                "decision", "accuracy", "cells", "environment")) {
            assertTrue(page.contains("<section id=\"" + section + "\""), section);
        }
    }

    @Test
    void escapesRunRecordTextInHtmlAndInTheInlineData() throws IOException {
        String page = page();
        assertFalse(page.contains("<script>alert("), "a reason from the run record must never become markup");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"), "escaped in the table");
        assertEquals("{\"label\":\"\\u003c/script\\u003e\\u003c!-- \\u0026\"}",
                Html.scriptJson("{\"label\":\"</script><!-- &\"}"));
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Html.escape("a <b> & \"c\" 'd'"));
    }

    @Test
    void statesTheFindingsAndTheMeasuredPeak() throws IOException {
        String page = page();
        assertTrue(page.contains("<h3>Sequence length</h3>"), "findings are grouped by question");
        assertTrue(page.contains("each sequential step costs"), "the step cost is stated");
        assertTrue(page.contains("Measured peak on cpu (float32 2048 x 2048 matrix product, fastest repetition, "
                + "fastest of onnx and djl): 262 GFLOP/s on 1 thread (onnx) and 509 GFLOP/s on 2 threads (onnx)."));
        assertTrue(page.contains("<td class=\"failed\""), "the failed cell shows in the accuracy matrix");
    }

    @Test
    void drawsARooflinePerBackendWithItsTableWhereTheBandwidthWasMeasured() throws IOException {
        String without = page();
        assertFalse(without.contains("data-chart=\"roofline-"), "the recorded run predates the bandwidth probe");
        assertTrue(without.contains("The runs measured no memory bandwidth (their records predate the probe), so no "
                + "roofline can be drawn."), "and the section says so");
        // The recorded run is schema 2; in a schema-3 record the probes ran, so their figures are missing by failure.
        RunRecord recorded = RecordedRun.read(scratch);
        String failed = HtmlReport.render(List.of(new RunRecord(3, recorded.runId(), recorded.createdAt(),
                recorded.completedAt(), recorded.sweep(), recorded.environment(), recorded.cells(), recorded.canary())));
        assertTrue(failed.contains("The runs measured no memory bandwidth (the bandwidth probe failed: its console "
                + "line says why), so no roofline can be drawn."), "the roofline section");
        assertTrue(failed.contains("No FMA peak or memory bandwidth was measured for these runs (the probes failed: "
                + "their console lines say why)"), "the bounds table");
        assertFalse(failed.contains("predate"), "no claim that a schema-3 record predates a probe");
        String page = HtmlReport.render(List.of(RecordedRun.withBounds(scratch)));
        assertTrue(page.contains("data-chart=\"roofline-0\"") && page.contains("data-chart=\"roofline-1\""),
                "one roofline for onnx, one for djl");
        assertFalse(page.contains("data-chart=\"roofline-2\""));
        assertTrue(page.contains("\"title\":\"onnx: roofline\""), "titled by backend");
        assertTrue(page.contains("memory roof, 1 thread (20 GB/s × intensity)"), "the slanted roof");
        assertTrue(page.contains("FMA roof, 1 thread (300 GFLOP/s)"), "the flat roof");
        assertTrue(page.contains("<h3>Each cell on its roofline</h3>"), "the exact values under the charts");
        assertTrue(page.contains("<td>arithmetic</td>") || page.contains("<td>memory</td>")
                || page.contains("<td>neither (overhead)</td>"), "each cell has a verdict");
        assertTrue(page.contains("<h3>The cores' FMA peak and the memory bandwidth, best iteration</h3>"));
        assertTrue(page.contains("FMA peak on cpu (the cores&#39; limit: independent fused multiply-adds on 512-bit "
                + "vectors, best iteration): 300 GFLOP/s on 1 thread and 590 GFLOP/s on 2 threads."));
    }

    @Test
    void theEnvironmentNamesEachModelWithItsParameterCount() {
        String page = HtmlReport.render(List.of(Fixtures.record()));
        assertTrue(page.contains("<td>models</td><td class=\"wrap\">lstm I=64 H=128 L=1 O=10: 100,618 parameters; "
                + "transformer I=64 d=128 L=1 heads=4 ffn=512 O=10: 207,882 parameters</td>"), page);
    }

    @Test
    void sideBySideRunsAreToldApartByRunId() throws IOException {
        RunRecord run = RecordedRun.read(scratch);
        RunRecord other = new RunRecord(run.schemaVersion(), "20261125-090000-other-machine", run.createdAt(),
                run.completedAt(), run.sweep(), run.environment(), run.cells(), run.canary());
        String page = HtmlReport.render(List.of(run, other));
        assertTrue(page.contains("onnx · 20261125-090000-other-machine"), "series carry their run");
        assertTrue(page.contains("<th class=\"wrap\">20261124-200402-fixture</th><th class=\"wrap\">"
                + "20261125-090000-other-machine</th>"), "the environment has a column per run");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.render(List.of(run, run)));
        assertEquals("two run records have the run id 20261124-200402-fixture; give each run once", twice.getMessage());
    }

    @Test
    void legendRowsGrowWithTheLabels() {
        ChartSpec.Axis axis = new ChartSpec.Axis("x", false, List.of(), false);
        ChartSpec few = new ChartSpec("a", "t", axis, axis, "ms", List.of(
                new ChartSpec.Line("onnx, batch 1", 0, 0, false, List.of())), List.of());
        List<ChartSpec.Line> many = java.util.stream.IntStream.range(0, 12).mapToObj(i -> new ChartSpec.Line(
                "onnx · contrib-attention, batch " + i + ", 2 threads", i, 0, false, List.<ChartSpec.Point>of()))
                .toList();
        assertEquals(1, HtmlReport.legendRows(few, 570));
        assertEquals(12, HtmlReport.legendRows(new ChartSpec("b", "t", axis, axis, "ms", many, List.of()), 570));
    }

    @Test
    void aRunWithTrialsSaysWhichFigureDrivesWhatAndListsItsMultimodalCells() throws IOException {
        String page = HtmlReport.render(List.of(Fixtures.recordWithTrials()));
        assertTrue(page.contains("<a href=\"#figures\">"), "linked from the navigation");
        assertTrue(page.contains("<section id=\"figures\"><h2>Which figure drives what</h2>\n<p class=\"note\">Fits, "
                + "crossovers, gains and comparisons are made on each cell&#39;s headline, the "
                + TrialEstimator.MEDIAN_OF_MINIMA.label() + ": "), page);
        assertTrue(page.contains("<h3>Cells with separate clusters of trials</h3>"), page);
        assertTrue(page.contains("<td>onnx[contrib-attention] transformer T=16 B=1 H=128 L=1 threads=1</td>"
                + "<td class=\"num\">2</td><td class=\"wrap\">1.48 ms (5 trials), 1.9 ms (5 trials)</td>"), page);
        String old = page();
        assertFalse(old.contains("id=\"figures\""), "a record without trials has no such section");
        assertFalse(old.contains("separate clusters"), "nor the list");
    }

    @Test
    void theTablesShowTheHeadlineWithItsIntervalAndCountDisturbedTrials() throws IOException {
        String page = HtmlReport.render(List.of(Fixtures.recordWithTrials()));
        assertTrue(page.contains("<h3>Latency (ms): the headline with its 95% interval across trials</h3>"), page);
        assertTrue(page.contains("<td class=\"num\">0.945 (0.91 to 0.98)</td><td class=\"num\">3.7 ⚠</td>"), page);
        assertTrue(page.contains("<th class=\"num\">latency</th>"), page);
        assertTrue(page.contains("<td class=\"num\">945 (910 to 980) µs</td>"), page);
        assertTrue(page.contains("<td class=\"num\">0.20 (2 of 10 trials disturbed)</td>"), page);
        assertFalse(page.contains("99.9%"), "no JMH interval is claimed for cells with trials");
        assertTrue(page().contains("<h3>Mean latency (ms) ± half the 99.9% confidence interval</h3>"),
                "a record without trials keeps its table");
    }

    @Test
    void theLatencyChartsBarsAreTheHeadlinesIntervalOrNoneAndARecordWithoutTrialsKeepsJmhs() {
        ChartSpec.Point lstm16 = latencyPoint(Fixtures.recordWithTrials(), 16);
        assertEquals(0.945, lstm16.y(), 1e-12);
        assertEquals(0.91, lstm16.low(), 1e-12);
        assertEquals(0.98, lstm16.high(), 1e-12);
        ChartSpec.Point lstm64 = latencyPoint(Fixtures.recordWithTrials(), 64);
        assertEquals(3.7, lstm64.y(), 1e-12);
        assertEquals(null, lstm64.low(), "three trials: no interval, no bar");
        ChartSpec.Point old = latencyPoint(Fixtures.record(), 16);
        assertEquals(0.95, old.y(), 1e-12);
        assertEquals(0.95 * 0.99, old.low(), 1e-12);
    }

    private static ChartSpec.Point latencyPoint(RunRecord run, int seqLen) {
        return new ReportCharts(org.seqbench.results.analysis.Analysis.of(run)).latency().stream()
                .filter(chart -> chart.id().equals("latency-lstm")).findFirst().orElseThrow().lines().getFirst()
                .points().stream().filter(point -> point.x() == seqLen).findFirst().orElseThrow();
    }

    @Test
    void memoryHasAChartPerKindAndAColumnInTheCellTableAndAnOlderRecordSaysWhyNot() throws IOException {
        String page = HtmlReport.render(List.of(RecordedRun.withBoundsAndMemory(scratch)));
        for (String kind : List.of("lstm", "gru", "rnn", "transformer")) {
            assertTrue(page.contains("data-chart=\"memory-" + kind + "\""), "a memory chart for " + kind);
        }
        assertTrue(page.contains("\"title\":\"LSTM: peak memory against sequence length\""), "titled by kind");
        assertTrue(page.contains("peak resident set above the JVM&#39;s baseline before the model (MiB)")
                || page.contains("peak resident set above the JVM's baseline before the model (MiB)"), "the axis");
        // T = 16, batch 1: 8 MiB + 16 x 64 KiB above the 310 MiB baseline, 24 MiB + 16 x 4 KiB of heap.
        assertTrue(page.contains("peak 319 MiB, baseline 310 MiB, heap 24.1 MiB"), "the raw figures in a tooltip");
        assertTrue(page.contains("<td class=\"num\">9 MiB (heap 24.1 MiB)</td>"), "the cell table's column");
        assertTrue(page.contains("<a href=\"#memory\">Memory</a>"), "the section is in the navigation");

        String older = page();
        assertFalse(older.contains("data-chart=\"memory-"), "a record before schema 6 has no memory chart");
        assertTrue(older.contains("The runs hold no memory figures: they are recorded from run.json schema version 6"
                + " on, where the trial JVM can read /proc (Linux)."), "and the section says why");
        assertFalse(older.contains("peak memory</th>"), "nor a column of empty cells");
    }
}
