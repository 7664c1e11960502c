package org.seqbench.results.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.study.StudyRecord;

/**
 * {@code report.html}: one self-contained page (Chart.js, script, style and data inline; nothing fetched when it
 * opens) that answers the parallelism questions of one run, or of several side by side. The findings first, in
 * sentences with their numbers; then, per question, the charts and under them the tables with exact values.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "report.html";

    /** Pixels for the plot and its titles, and for each legend row; panel widths at a 1280 px window. */
    private static final int PLOT_HEIGHT = 320;
    private static final int LEGEND_ROW = 22;
    private static final int HALF_WIDTH = 570;
    private static final int FULL_WIDTH = 1180;
    /** The sections of a run's report, which a study's claims may link to. */
    private static final java.util.Set<String> RUN_ANCHORS = java.util.Set.of("findings", "figures", "latency",
            "crossover", "batch", "threads", "work", "roofline", "memory", "decision", "accuracy", "cells",
            "environment");

    private HtmlReport() {
    }

    /** Writes the report of {@code runs} to {@code directory/report.html}, replacing it in one step. */
    public static void write(Path directory, List<RunRecord> runs) throws IOException {
        write(directory, runs, Optional.empty());
    }

    /** Writes the report of {@code runs} and {@code study} to {@code directory/report.html}, in one step. */
    public static void write(Path directory, List<RunRecord> runs, Optional<StudyRecord> study) throws IOException {
        RunRecordFiles.writeAtomically(directory.resolve(FILE_NAME), render(runs, study));
    }

    public static String render(List<RunRecord> runs) {
        return render(runs, Optional.empty());
    }

    /**
     * The report of {@code runs} with {@code study}'s sections after theirs; the study's claims take their
     * parallelism evidence from the runs ({@link StudyEvidence}). With no runs, the page is the study's alone.
     *
     * @throws IllegalArgumentException if two runs share a run id
     */
    public static String render(List<RunRecord> runs, Optional<StudyRecord> study) {
        if (runs.isEmpty() && study.isPresent()) {
            return studyOnly(study.get());
        }
        Analysis analysis = Analysis.of(runs);
        Optional<StudySections.Rendered> studied = study.map(record -> StudySections.of(record, runs.isEmpty()
                ? Optional.empty() : Optional.of(StudyEvidence.of(analysis)), RUN_ANCHORS));
        ReportCharts charts = new ReportCharts(analysis);
        ReportTables tables = new ReportTables(analysis);
        List<Object> all = new ArrayList<>();
        StringBuilder body = new StringBuilder();

        String whichFigure = CellLatency.whichFigureDrivesWhat(runs);
        boolean headlined = !whichFigure.isEmpty();
        body.append(header(runs, study));
        body.append("<nav><a href=\"#findings\">Findings</a>"
                + (headlined ? "<a href=\"#figures\">Which figure</a>" : "") + "<a href=\"#latency\">Latency</a>"
                + "<a href=\"#crossover\">Crossover</a><a href=\"#batch\">Batch</a><a href=\"#threads\">Threads</a>"
                + "<a href=\"#work\">Work rate</a><a href=\"#roofline\">Roofline</a><a href=\"#memory\">Memory</a>"
                + "<a href=\"#decision\">Which backend</a>"
                + "<a href=\"#accuracy\">Accuracy</a><a href=\"#cells\">All cells</a>"
                + "<a href=\"#environment\">Environment</a>" + studied.map(StudySections.Rendered::nav).orElse("")
                + "</nav>\n");

        body.append("<section id=\"findings\" class=\"findings\"><h2>Findings</h2>\n");
        for (Findings.Topic topic : Findings.byTopic(analysis)) {
            body.append("<h3>").append(Html.escape(topic.title())).append("</h3><ul class=\"findings\">\n");
            for (String sentence : topic.sentences()) {
                body.append("<li>").append(Html.escape(sentence)).append("</li>\n");
            }
            body.append("</ul>\n");
        }
        body.append("</section>\n");
        if (headlined) {
            body.append("<section id=\"figures\"><h2>Which figure drives what</h2>\n<p class=\"note\">")
                    .append(Html.escape(whichFigure)).append("</p>\n").append(tables.multiModal())
                    .append("</section>\n");
        }

        List<ChartSpec> latency = charts.latency();
        body.append(section("latency", "Latency against sequence length",
                (headlined ? "Each cell's headline latency of one forward pass over the batch, log-log axes: a "
                        + "straight line of slope 1 is work proportional to T, slope 2 all-pairs attention alone. "
                        + "Bars are its 95% interval across trials (none where the trials are too few for one, or "
                        + "for a minimum, which has none within a run); hollow "
                        + "triangles "
                        : "Mean latency of one forward pass over the batch, log-log axes: a straight line of slope 1 "
                        + "is work proportional to T, slope 2 all-pairs attention alone. Bars are each cell's 99.9% "
                        + "confidence interval (often smaller than the dot); hollow triangles ") + Findings.CONTENDED
                        + " are cells measured under contention, shown but not fitted. Lines at more threads start "
                        + "hidden: click a legend entry to show or hide a line.",
                latency, tables.latency() + tables.recurrentFits() + tables.transformerFits()));
        all.addAll(latency);

        List<ChartSpec> crossover = charts.crossovers();
        body.append(section("crossover", "Where the Transformer overtakes the recurrent models",
                crossover.isEmpty() ? "The runs hold no Transformer and recurrent cells of the same setting to compare."
                        : "The Transformer's latency over each recurrent kind's at the same backend, batch and threads "
                                + "(dash pattern: batch size): above 1 the recurrent model is faster. Where a line "
                                + "crosses 1 the faster model changes; the crossing is interpolated on "
                                + "log-log axes between the two measured lengths around it.",
                crossover, tables.crossovers()));
        all.addAll(crossover);

        List<ChartSpec> throughput = charts.throughput();
        body.append(section("batch", "Throughput against batch size",
                throughput.isEmpty() ? "The runs measured one batch size: no batch scaling to show."
                        : "Sequences per second. A recurrent model cannot spread one sequence's steps over the "
                                + "machine but can spread a batch's sequences: its gain from batching is the "
                                + "parallelism it finds instead. Some lengths start hidden; the legend shows them.",
                throughput, tables.batchGains()));
        all.addAll(throughput);

        List<ChartSpec> threads = charts.threads();
        body.append(section("threads", "Speedup with threads",
                threads.isEmpty() ? "The runs measured one thread count: no thread scaling to show (the standard "
                        + "profile measures 1 thread and all cores)."
                        : "Latency on 1 thread over latency on n threads, against the ideal (dashed). Lines at the "
                                + "longest measured length are shown first.",
                threads, tables.threadSpeedups()));
        all.addAll(threads);

        List<ChartSpec> work = charts.workRate();
        body.append(section("work", "Work rate and the machine's bounds",
                "Analytic FLOPs of one forward pass over its " + (headlined ? "headline" : "mean")
                        + " latency. The dashed lines are the bounds seqbench "
                        + "measured on this machine before the cells: the cores' FMA peak (independent fused "
                        + "multiply-adds on the widest vectors, which no engine can pass) and the best GEMM (a float32 "
                        + "matrix product on the fastest backend that offers one, at several sizes: what an engine "
                        + "reaches on a large product). Tooltips give each cell's share of both; a cell above the "
                        + "FMA peak says that probe ran low, one above the GEMM that its products suit the engine "
                        + "better than the probe's.",
                work, tables.peaks() + tables.workRates()));
        all.addAll(work);

        List<ChartSpec> roofline = charts.rooflines();
        body.append(section("roofline", "Roofline: what bounds each cell",
                roofline.isEmpty() ? noRoofline(runs)
                        : "Williams, Waterman and Patterson's roofline (CACM, 2009), one per backend: each cell at its "
                                + "arithmetic intensity (analytic FLOPs over analytic bytes) and its rate, log-log, a "
                                + "line per curve along the sequence length (dash: batch size). The slanted dashed "
                                + "line is the memory roof (bandwidth × intensity), the flat ones the FMA peak and the "
                                + "best GEMM, at the backend's fewest threads. A cell reaching at least "
                                + Numbers.percent(org.seqbench.results.analysis.Roofline.NEAR) + " of the lower roof "
                                + "at its intensity is bound by it (memory or arithmetic); below, by neither: "
                                + "overhead. The bandwidth is the main memory's; a cell whose bytes stay in cache can "
                                + "pass the memory roof.",
                roofline, tables.rooflines()));
        all.addAll(roofline);

        List<ChartSpec> memory = charts.memory();
        body.append(section("memory", "Peak memory against sequence length",
                memory.isEmpty() ? "The runs hold no memory figures: they are recorded from run.json schema version 6 "
                        + "on, where the trial JVM can read /proc (Linux)."
                        : "The " + CellMemory.FIGURE + ", for loading the model and its forward passes: the trial "
                                + "JVM's peak resident set (VmHWM, reset just before the model is loaded) minus its "
                                + "resident set then, the largest over the cell's trials. It counts native memory "
                                + "(the engine's arenas, caches and threads) and the heap's growth; a JVM's earlier "
                                + "trials can leave memory behind that a later model reuses, so it is no exact "
                                + "footprint. Tooltips give the peak, the baseline and the heap in use after the "
                                + "iterations.",
                memory, ""));
        all.addAll(memory);

        DecisionRows decisionRows = new DecisionRows(analysis);
        List<DecisionCharts.DecisionChart> decisions = DecisionCharts.of(analysis, decisionRows);
        body.append(decisionSection(decisionRows, decisions));
        all.addAll(decisions);

        body.append("<section id=\"accuracy\"><h2>Accuracy against the float64 reference</h2>\n")
                .append(tables.accuracyMatrix()).append("</section>\n");
        body.append("<section id=\"cells\"><h2>All cells</h2>\n").append(tables.cells()).append(tables.notMeasured())
                .append("</section>\n");
        body.append("<section id=\"environment\"><h2>Environment</h2>\n").append(tables.environment())
                .append("</section>\n");
        studied.ifPresent(sections -> {
            body.append(sections.html());
            all.addAll(sections.charts());
        });

        return page(title(runs) + study.map(record -> ", study " + record.studyId()).orElse(""), body.toString(), all);
    }

    /**
     * A study's page without a benchmark run: its header and the study's sections only, none of the run's (which
     * would all be empty); the claims that need a run say so.
     */
    private static String studyOnly(StudyRecord study) {
        StudySections.Rendered sections = StudySections.of(study, Optional.empty(), java.util.Set.of());
        String body = "<header><h1>seqbench: accuracy study</h1>\n<p>" + Html.escape(StudySections.overview(study))
                + "</p>\n</header>\n<nav>" + sections.nav() + "</nav>\n" + sections.html();
        return page("seqbench study report: " + study.studyId(), body, new ArrayList<>(sections.charts()));
    }

    /** Which backend wins at each measured point: the charts over length and batch, then the table. */
    private static String decisionSection(DecisionRows rows, List<DecisionCharts.DecisionChart> charts) {
        StringBuilder out = new StringBuilder("<section id=\"decision\"><h2>Which backend wins</h2>\n"
                + "<p class=\"note\">")
                .append(Html.escape("At every measured point (kind, length, batch, threads), the backend and variant "
                        + "fastest by its headline among those within their accuracy tolerance, the runner-up, and the "
                        + "margin: the runner-up's headline over the winner's with its 95% interval across trials (for "
                        + "the minimum, the distribution-free interval of a ratio of minima, which needs 4 trials a "
                        + "cell); significant where the interval excludes 1. Each chart draws a kind's points over "
                        + "length and batch, log axes, in the winner's colour and shape: filled where the margin is "
                        + "significant, hollow where it is not or cannot be told. Between and a little past the "
                        + "measured points, seqbench recommend interpolates along the fitted laws."))
                .append("</p>\n");
        if (!charts.isEmpty()) {
            out.append(charts.size() == 1 ? "<div class=\"charts single\">\n" : "<div class=\"charts\">\n");
            for (DecisionCharts.DecisionChart chart : charts) {
                int height = PLOT_HEIGHT + LEGEND_ROW * legendRows(chart.winners().stream()
                        .map(DecisionCharts.Winner::label).toList(), charts.size() == 1 ? FULL_WIDTH : HALF_WIDTH);
                out.append("<div class=\"chart\" style=\"height:").append(height).append("px\" data-chart=\"")
                        .append(Html.escape(chart.id())).append("\"><canvas role=\"img\" aria-label=\"")
                        .append(Html.escape(chart.title())).append("\"></canvas></div>\n");
            }
            out.append("</div>\n");
        }
        List<String> header = rows.header();
        HtmlTable table = new HtmlTable();
        for (String column : header) {
            switch (column) {
                case "seq", "batch", "latency ms", "margin" -> table.number(column);
                case "significant" -> table.prose(column);
                default -> table.text(column);
            }
        }
        rows.ordered().forEach(decision -> table.row(rows.fields(decision)));
        if (table.isEmpty()) {
            return out.append("<p>No cell was measured ok, so no backend wins anywhere.</p>\n</section>\n").toString();
        }
        String unknown = rows.unknownBecause();
        return out.append(table.render()).append(unknown.isEmpty() ? "" : "<p class=\"note\">" + Html.escape(unknown)
                + "</p>\n").append("</section>\n").toString();
    }

    private static String noRoofline(List<RunRecord> runs) {
        List<RunRecord> lacking = runs.stream().filter(run -> run.environment().bandwidths().isEmpty()).toList();
        if (lacking.isEmpty()) {
            return "No cell has both a measured bandwidth and a compute roof at its threads, so no roofline can be "
                    + "drawn.";
        }
        return "The runs measured no memory bandwidth (" + BoundWords.whyUnmeasured(lacking,
                "their records predate the probe", "the bandwidth probe failed: its console line says why",
                "older records predate the probe, and in the newer it failed") + "), so no roofline can be drawn.";
    }

    private static String header(List<RunRecord> runs, Optional<StudyRecord> study) {
        StringBuilder out = new StringBuilder("<header><h1>seqbench: parallelism report</h1>\n");
        for (RunRecord run : runs) {
            out.append("<p>").append(Html.escape(ReportTables.overview(run))).append("</p>\n");
        }
        study.ifPresent(record -> out.append("<p>").append(Html.escape(StudySections.overview(record)))
                .append("</p>\n"));
        return out.append("</header>\n").toString();
    }

    /** A section: its title, a note, its charts' containers (each as tall as its legend needs), then its tables. */
    static String section(String id, String title, String note, List<ChartSpec> charts, String tables) {
        StringBuilder out = new StringBuilder("<section id=\"").append(id).append("\"><h2>").append(Html.escape(title))
                .append("</h2>\n<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        if (!charts.isEmpty()) {
            out.append(charts.size() == 1 ? "<div class=\"charts single\">\n" : "<div class=\"charts\">\n");
            for (ChartSpec chart : charts) {
                int height = PLOT_HEIGHT + LEGEND_ROW * legendRows(chart, charts.size() == 1 ? FULL_WIDTH : HALF_WIDTH);
                out.append("<div class=\"chart\" style=\"height:").append(height).append("px\" data-chart=\"")
                        .append(Html.escape(chart.id()))
                        .append("\"><canvas role=\"img\" aria-label=\"").append(Html.escape(chart.title()))
                        .append("\"></canvas></div>\n");
            }
            out.append("</div>\n");
        }
        return out.append(tables).append("</section>\n").toString();
    }

    /**
     * The rows Chart.js's legend will take under the plot, packing entries as it does (a 40 px sample and the
     * label at about 7 px a character in its 12 px font), so that each panel is made tall enough for its legend
     * and the plot keeps its height however many lines there are.
     */
    static int legendRows(ChartSpec chart, int width) {
        List<String> labels = new ArrayList<>();
        chart.lines().forEach(line -> labels.add(line.label()));
        chart.references().forEach(reference -> labels.add(reference.label()));
        return legendRows(labels, width);
    }

    /** The legend rows of entries labelled {@code labels}. */
    static int legendRows(List<String> labels, int width) {
        int rows = 1;
        int used = 0;
        for (String label : labels) {
            int entry = 40 + 7 * label.length();
            if (used > 0 && used + entry > width) {
                rows++;
                used = 0;
            }
            used += entry;
        }
        return rows;
    }

    private static String title(List<RunRecord> runs) {
        return "seqbench report: " + String.join(", ", runs.stream().map(RunRecord::runId).toList());
    }

    private static String page(String title, String body, List<Object> charts) {
        return HtmlPage.render(title, body, Map.of("charts", charts), PageAssets.reportScript());
    }
}
