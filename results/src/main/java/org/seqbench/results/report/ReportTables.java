package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.BatchGain;
import org.seqbench.results.analysis.Coordinate;
import org.seqbench.results.analysis.Crossover;
import org.seqbench.results.analysis.Curve;
import org.seqbench.results.analysis.Fit;
import org.seqbench.results.analysis.Observation;
import org.seqbench.results.analysis.PowerLaw;
import org.seqbench.results.analysis.QuadraticLatency;
import org.seqbench.results.analysis.Roofline;
import org.seqbench.results.analysis.SeqScaling;
import org.seqbench.results.analysis.SeriesNames;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.results.analysis.ThreadSpeedup;
import org.seqbench.results.analysis.WorkRate;
import org.seqbench.spi.Precision;

/** The report's tables: the exact values under each chart, the accuracy matrix, every cell, the environment. */
final class ReportTables {
    private static final String MARK = " " + Findings.CONTENDED;

    private final Analysis analysis;
    private final SeriesNames names;
    private final Shapes shapes;

    ReportTables(Analysis analysis) {
        this.analysis = analysis;
        this.names = analysis.names();
        this.shapes = analysis.shapes();
    }

    /** One line per run for the page's header. */
    static String overview(RunRecord run) {
        Environment environment = run.environment();
        return "Run " + run.runId() + ": profile " + run.sweep().profile() + ", " + run.cells().size() + " cells ("
                + run.count(CellResult.Status.OK) + " ok, " + run.count(CellResult.Status.FAILED) + " failed, "
                + run.count(CellResult.Status.SKIPPED) + " skipped), started " + run.createdAt()
                + (run.completedAt() == null ? ", not finished" : ", finished " + run.completedAt())
                + (run.mergedFrom().isEmpty() ? "" : "; merged from " + MarkdownSummary.shards(run))
                + "; "
                + environment.cpuModel() + ", " + environment.logicalCores() + " logical cores; "
                + environment.backends().stream().filter(Environment.BackendInfo::available)
                        .map(backend -> backend.id() + " " + backend.engineVersion() + " on " + backend.device())
                        .collect(Collectors.joining(", "))
                + ".";
    }

    // ------------------------------------------------------------------------------------------ latency and fits

    String latency() {
        List<CellResult> shown = analysis.observations().stream().map(Observation::result).toList();
        String legend = CellLatency.legend(shown);
        return (legend.isEmpty() ? "<h3>Mean latency (ms) ± half the 99.9% confidence interval</h3>\n"
                : "<h3>Latency (ms): the headline with its 95% interval across trials</h3>\n<p class=\"note\">"
                        + Html.escape(legend) + "</p>\n")
                + pivot(observation -> CellLatency.text(observation.result()));
    }

    String recurrentFits() {
        HtmlTable table = new HtmlTable().text("kind").text("series").text("setting").number("lengths fitted")
                .number("exponent ± SE (" + PowerLaw.CONFIDENCE_PERCENT + "% CI)").number("R²")
                .number("cost per sequential step").number("fixed overhead").number("recurrence share")
                .number("left out " + Findings.CONTENDED);
        for (SeqScaling scaling : analysis.seqScaling()) {
            if (!scaling.kind().isRecurrent()) {
                continue;
            }
            if (scaling.powerLaw() instanceof Fit.NotFitted<PowerLaw>(String reason)) {
                table.rowWithNote(prefix(scaling), reason);
                continue;
            }
            List<String> row = new ArrayList<>(prefix(scaling));
            row.addAll(powerLaw(scaling));
            row.addAll(StepCostCells.of(scaling));
            row.add(String.valueOf(scaling.curve().disturbedCount()));
            table.row(row);
        }
        return table.isEmpty() ? "" : "<h3>Recurrent kinds: latency = fixed overhead + cost per step × T × layers</h3>\n"
                + "<p class=\"note\">The exponent is the slope on log-log axes; the step cost and overhead come from a "
                + "least-squares fit on relative residuals, so that short and long sequences weigh alike. The "
                + "recurrence share is the steps' cost over the measured latency at the longest length.</p>\n"
                + table.render();
    }

    String transformerFits() {
        HtmlTable table = new HtmlTable().text("series").text("setting").number("lengths fitted")
                .number("exponent ± SE (" + PowerLaw.CONFIDENCE_PERCENT + "% CI)").number("a (constant)").number("b (per position)")
                .number("c (per position²)").number("shares: linear / quadratic / constant").number("at T")
                .number("left out " + Findings.CONTENDED);
        for (SeqScaling scaling : analysis.seqScaling()) {
            if (scaling.kind() != ModelKind.TRANSFORMER) {
                continue;
            }
            if (scaling.powerLaw() instanceof Fit.NotFitted<PowerLaw>(String reason)) {
                table.rowWithNote(prefix(scaling).subList(1, 4), reason);
                continue;
            }
            List<String> row = new ArrayList<>(prefix(scaling).subList(1, 4));
            row.add(powerLaw(scaling).getFirst());
            if (scaling.decomposition().orNull() instanceof QuadraticLatency fit) {
                row.add(Numbers.timeWithError(fit.constantMs(), fit.constantError()));
                row.add(Numbers.timeWithError(fit.linearMs(), fit.linearError()));
                row.add(Numbers.timeWithError(fit.quadraticMs(), fit.quadraticError()));
                row.add(Numbers.percent(fit.linearShare()) + " / " + Numbers.percent(fit.quadraticShare()) + " / "
                        + Numbers.percent(fit.constantShare()));
                row.add(fit.longestLength() + (fit.exact() ? " (exact fit)" : ""));
            } else {
                row.addAll(List.of("", "", "", "", ""));
            }
            row.add(String.valueOf(scaling.curve().disturbedCount()));
            table.row(row);
        }
        return table.isEmpty() ? "" : "<h3>Transformer: latency = a + b·T + c·T²</h3>\n"
                + "<p class=\"note\">b·T is the work that grows with length (projections, feed-forward), c·T² the "
                + "attention scores; the shares are of the fitted latency at the longest length. Three lengths give "
                + "an exact fit, with no uncertainty to state.</p>\n" + table.render();
    }

    private List<String> prefix(SeqScaling scaling) {
        Curve curve = scaling.curve();
        List<Integer> lengths = scaling.fittedLengths();
        return List.of(Shapes.kind(scaling.kind()), names.of(curve.runId(), curve.shape()), setting(curve.shape()),
                lengths.isEmpty() ? "none" : lengths.size() + " (" + lengths.getFirst() + "–" + lengths.getLast() + ")");
    }

    private static List<String> powerLaw(SeqScaling scaling) {
        return switch (scaling.powerLaw()) {
            case Fit.Fitted<PowerLaw>(PowerLaw law) -> List.of(
                    Numbers.significant(law.exponent(), 3) + " ± " + Numbers.significant(law.standardError(), 2) + " ("
                            + Numbers.significant(law.ciLow(), 2) + " to " + Numbers.significant(law.ciHigh(), 2) + ")",
                    String.format(Locale.ROOT, "%.4f", law.rSquared()));
            case Fit.NotFitted<PowerLaw>(String reason) -> List.of(reason, "");
        };
    }

    // ------------------------------------------------------------------------------------------ crossovers

    String crossovers() {
        HtmlTable table = new HtmlTable().text("backend").text("setting").text("Transformer against")
                .text("lengths compared").text("at the shortest").prose("crossings")
                .number("left out " + Findings.CONTENDED);
        for (Crossover crossover : analysis.crossovers()) {
            Cell transformer = crossover.transformer();
            String crossings = switch (crossover.crossings()) {
                case Fit.NotFitted<List<Crossover.Crossing>>(String reason) -> reason;
                case Fit.Fitted<List<Crossover.Crossing>>(List<Crossover.Crossing> found) when found.isEmpty() ->
                        "none in the measured range";
                case Fit.Fitted<List<Crossover.Crossing>>(List<Crossover.Crossing> found) -> found.stream()
                        .map(crossing -> "T ≈ " + Numbers.significant(crossing.length(), 3) + " (between "
                                + crossing.lower() + " and " + crossing.upper() + "; the Transformer becomes "
                                + (crossing.transformerBecomesSlower() ? "slower" : "faster") + ")")
                        .collect(Collectors.joining("; "));
            };
            table.row(List.of(names.backendOf(crossover.runId(), transformer) + names.variantNote(transformer),
                    setting(transformer), Shapes.kind(crossover.recurrent().kind())
                            + names.variantNote(crossover.recurrent()),
                    crossover.comparedLengths().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    crossover.comparedLengths().isEmpty() ? ""
                            : crossover.transformerFasterAtShortest() ? "Transformer faster" : "Transformer slower",
                    crossings, String.valueOf(crossover.contendedLeftOut())));
        }
        return table.isEmpty() ? "" : table.render();
    }

    // ------------------------------------------------------------------------------------------ batch and threads

    String batchGains() {
        HtmlTable table = new HtmlTable().text("kind").text("series").number("T").text("setting").number("batch")
                .number("throughput gain").number("ideal").number("efficiency");
        for (BatchGain gain : analysis.batchGains()) {
            Cell shape = gain.curve().shape();
            table.row(List.of(Shapes.kind(shape.kind()), names.of(gain.curve().runId(), shape),
                    String.valueOf(shape.seqLen()), shapes.describe(shape, Coordinate.BATCH),
                    gain.baseBatch() + " → " + gain.batch(), Numbers.times(gain.gain()) + (gain.contended() ? MARK : ""),
                    Numbers.times(gain.ideal()), Numbers.percent(gain.efficiency())));
        }
        return table.isEmpty() ? "" : "<h3>Throughput gain over the smallest batch</h3>\n" + table.render();
    }

    String threadSpeedups() {
        HtmlTable table = new HtmlTable().text("kind").text("series").number("T").text("setting").number("threads")
                .number("latency on 1 thread").number("latency").number("speedup").number("efficiency");
        for (ThreadSpeedup speedup : analysis.threadSpeedups()) {
            Curve curve = speedup.curve();
            Cell shape = curve.shape();
            double single = curve.points().stream().filter(point -> point.cell().threads() == 1).findFirst()
                    .orElseThrow().latencyMs();
            table.row(List.of(Shapes.kind(shape.kind()), names.of(curve.runId(), shape), String.valueOf(shape.seqLen()),
                    shapes.describe(shape, Coordinate.THREADS), Shapes.threads(speedup.threads()),
                    Numbers.time(single), Numbers.time(single / speedup.speedup()),
                    Numbers.times(speedup.speedup()) + (speedup.contended() ? MARK : ""),
                    speedup.threads() > 0 ? Numbers.percent(speedup.efficiency()) : "n/a (engine default)"));
        }
        return table.isEmpty() ? "" : "<h3>Speedup over one thread</h3>\n" + table.render();
    }

    // ------------------------------------------------------------------------------------------ work rate

    String peaks() {
        HtmlTable table = new HtmlTable();
        if (names.severalRuns()) {
            table.text("run");
        }
        table.text("device").text("threads").text("backend").number("n").number("GFLOP/s").number("fastest")
                .number("median").number("repetitions").number("others' CPU (cores)");
        for (RunRecord run : analysis.runs()) {
            List<Environment.Peak> ordered = run.environment().peaks().stream()
                    .sorted(Comparator.comparing(Environment.Peak::backend)
                            .thenComparingInt(peak -> peak.threads() == 0 ? Integer.MAX_VALUE : peak.threads())
                            .thenComparingInt(Environment.Peak::n)).toList();
            for (Environment.Peak peak : ordered) {
                List<String> row = new ArrayList<>();
                if (names.severalRuns()) {
                    row.add(run.runId());
                }
                row.addAll(List.of(peak.device(), Shapes.threads(peak.threads()), peak.backend(),
                        String.valueOf(peak.n()), Numbers.significant(peak.gflops(), 3), Numbers.time(peak.bestMs()),
                        Numbers.time(peak.medianMs()), String.valueOf(peak.repetitions()),
                        others(peak.otherCpuCores(), peak.contended(run.environment().logicalCores()))));
                table.row(row);
            }
        }
        String products = table.isEmpty() ? "<p class=\"note\">No peak was measured for these runs (their records "
                + "predate seqbench's peak probe): work rates are in GFLOP/s only.</p>\n"
                : "<h3>Engines' best operation: float32 n × n matrix product, fastest repetition</h3>\n"
                        + table.render();
        return bounds() + products;
    }

    /** The cores' FMA limit and the memory bandwidth, per thread count. */
    private String bounds() {
        HtmlTable table = new HtmlTable();
        if (names.severalRuns()) {
            table.text("run");
        }
        table.text("device").text("threads").number("FMA GFLOP/s").number("median").text("vectors")
                .number("chains").number("GB/s").number("median").text("arrays").number("last-level cache")
                .number("others' CPU (cores)");
        for (RunRecord run : analysis.runs()) {
            Environment environment = run.environment();
            int cores = environment.logicalCores();
            Set<String> keys = new java.util.LinkedHashSet<>();
            java.util.stream.Stream.concat(
                    environment.fmaPeaks().stream().map(peak -> peak.device() + "\u0000" + peak.threads()),
                    environment.bandwidths().stream().map(figure -> figure.device() + "\u0000" + figure.threads()))
                    .sorted().forEach(keys::add);
            for (String key : keys) {
                String device = key.substring(0, key.indexOf('\u0000'));
                int threads = Integer.parseInt(key.substring(key.indexOf('\u0000') + 1));
                Environment.FmaPeak fma = environment.fmaPeakFor(device, threads).orElse(null);
                Environment.Bandwidth bandwidth = environment.bandwidthFor(device, threads).orElse(null);
                List<String> row = new ArrayList<>();
                if (names.severalRuns()) {
                    row.add(run.runId());
                }
                Double others = fma != null ? fma.otherCpuCores() : bandwidth.otherCpuCores();
                boolean contended = fma != null && fma.contended(cores) || bandwidth != null && bandwidth.contended(cores);
                row.addAll(List.of(device, Shapes.onCores(threads, cores),
                        fma == null ? "n/a" : Numbers.significant(fma.gflops(), 3),
                        fma == null ? "" : Numbers.significant(fma.medianGflops(), 3),
                        fma == null ? "" : fma.vectorBits() + "-bit, " + fma.lanes() + " floats",
                        fma == null ? "" : String.valueOf(fma.chains()),
                        bandwidth == null ? "n/a" : Numbers.significant(bandwidth.gbPerSecond(), 3),
                        bandwidth == null ? "" : Numbers.significant(bandwidth.medianGbPerSecond(), 3),
                        bandwidth == null ? "" : "3 × " + Numbers.mebibytes(bandwidth.arrayBytes()),
                        bandwidth == null ? "" : bandwidth.lastLevelCacheBytes() == null ? "unknown (fixed arrays)"
                                : Numbers.mebibytes(bandwidth.lastLevelCacheBytes()),
                        others(others, contended)));
                table.row(row);
            }
        }
        return table.isEmpty() ? "<p class=\"note\">No FMA peak or memory bandwidth was measured for these runs ("
                + BoundWords.whyUnmeasured(analysis.runs(), "their records predate those probes",
                        "the probes failed: their console lines say why",
                        "older records predate those probes, and in the newer they failed")
                + "): no roofline can be drawn.</p>\n"
                : "<h3>The cores' FMA peak and the memory bandwidth, best iteration</h3>\n" + table.render();
    }

    private static String others(Double cores, boolean contended) {
        return cores == null ? "n/a" : String.format(Locale.ROOT, "%.2f", cores) + (contended ? MARK : "");
    }

    String workRates() {
        Map<Observation, WorkRate> rates = new java.util.IdentityHashMap<>();
        analysis.workRates().forEach(rate -> rates.put(rate.observation(), rate));
        boolean anyFma = analysis.workRates().stream().anyMatch(rate -> rate.fmaPeak() != null);
        return "<h3>GFLOP/s (" + (anyFma ? "share of the FMA peak · of the best GEMM" : "share of the measured peak")
                + ")</h3>\n" + pivot(observation -> {
                    WorkRate rate = rates.get(observation);
                    List<String> shares = new ArrayList<>();
                    if (rate.fmaPeak() != null) {
                        shares.add(BoundWords.shareCell(rate.fractionOfFmaPeak(), BoundWords.Bound.FMA_PEAK));
                    }
                    if (rate.peak() != null) {
                        shares.add(BoundWords.shareCell(rate.fractionOfPeak(),
                                rate.fmaPeak() == null ? BoundWords.Bound.PEAK : BoundWords.Bound.BEST_GEMM));
                    }
                    return Numbers.significant(rate.gflops(), 3)
                            + (shares.isEmpty() ? "" : " (" + String.join(" · ", shares) + ")");
                });
    }

    /** Every cell on its roofline: intensity, bytes, the two roofs there, the share of the lower, the verdict. */
    String rooflines() {
        if (analysis.rooflines().isEmpty()) {
            return "";
        }
        HtmlTable table = new HtmlTable().text("kind").text("series").number("T").number("batch");
        if (shapes.threadsVary()) {
            table.number("threads");
        }
        table.number("MFLOP").number("attention FLOPs").number("MB").number("attention bytes").number("FLOP/byte")
                .number("GFLOP/s")
                .number("memory roof").number("compute roof").number("of the lower roof").text("bound by");
        List<Roofline> ordered = new ArrayList<>(analysis.rooflines());
        ordered.sort(Comparator.comparing((Roofline roofline) -> roofline.observation().cell().kind())
                .thenComparing(roofline -> roofline.observation().runId())
                .thenComparing(roofline -> roofline.observation().cell().backend())
                .thenComparing(roofline -> roofline.observation().cell().variant())
                .thenComparingInt(roofline -> roofline.observation().cell().threads() == 0 ? Integer.MAX_VALUE
                        : roofline.observation().cell().threads())
                .thenComparingInt(roofline -> roofline.observation().cell().batch())
                .thenComparingInt(roofline -> roofline.observation().cell().seqLen()));
        for (Roofline roofline : ordered) {
            Observation observation = roofline.observation();
            Cell cell = observation.cell();
            long bytes = observation.result().work().bytes();
            long attention = org.seqbench.core.Work.attentionMatrixBytes(cell.spec(), cell.batch(), cell.seqLen());
            List<String> row = new ArrayList<>(List.of(Shapes.kind(cell.kind()), names.of(observation.runId(), cell),
                    String.valueOf(cell.seqLen()), String.valueOf(cell.batch())));
            if (shapes.threadsVary()) {
                row.add(cell.threads() == 0 ? "default" : String.valueOf(cell.threads()));
            }
            long flops = observation.result().work().flops();
            long attentionFlops = org.seqbench.core.Work.attentionFlops(cell.spec(), cell.batch(), cell.seqLen());
            row.addAll(List.of(Numbers.significant(flops / 1e6, 3),
                    cell.kind().isRecurrent() ? "" : Numbers.percent((double) attentionFlops / flops),
                    Numbers.significant(bytes / 1e6, 3),
                    cell.kind().isRecurrent() ? "" : Numbers.percent((double) attention / bytes),
                    Numbers.significant(roofline.intensity(), 3),
                    Numbers.significant(roofline.gflops(), 3) + (observation.disturbed() ? MARK : ""),
                    Numbers.significant(roofline.memoryRoof(), 3) + (roofline.aboveMemoryRoof() ? " (passed: cache)"
                            : ""),
                    Numbers.significant(roofline.computeRoof(), 3), BoundWords.roofShareCell(roofline),
                    roofline.bound().words()));
            table.row(row);
        }
        return "<h3>Each cell on its roofline</h3>\n<p class=\"note\">Bytes are the analytic floor of one forward "
                + "pass (weights read once, the input read once, each layer's output written and read once, the "
                + "Transformer's attention matrix written and read per layer); the attention columns give the share "
                + "of the Transformer's two attention products in its FLOPs and of its attention matrix in its bytes. "
                + "Memory roof: the bandwidth at the cell's threads times its intensity; compute roof: the best GEMM "
                + "(the FMA peak where none was measured). A cell reaching at least " + Numbers.percent(Roofline.NEAR)
                + " of the lower roof is bound by it; below that, by neither: overhead.</p>\n" + table.render();
    }

    // ------------------------------------------------------------------------------------------ accuracy

    String accuracyMatrix() {
        Map<String, Map<ModelKind, List<CellResult>>> byBackend = new java.util.LinkedHashMap<>();
        Set<ModelKind> kinds = new TreeSet<>();
        // Each row's scale ends at its cells' tolerance: a reduced arithmetic (tf32, bf16) has a wider one than fp32.
        Map<String, Double> tolerances = new java.util.HashMap<>();
        for (RunRecord run : analysis.runs()) {
            for (CellResult result : run.cells()) {
                kinds.add(result.cell().kind());
                String row = names.backendOf(run.runId(), result.cell());
                byBackend.computeIfAbsent(row, key -> new TreeMap<>())
                        .computeIfAbsent(result.cell().kind(), key -> new ArrayList<>()).add(result);
                tolerances.merge(row, result.accuracy() != null ? result.accuracy().tolerance()
                        : run.sweep().tolerance(), Math::max);
            }
        }
        boolean oneTolerance = tolerances.values().stream().distinct().count() == 1;
        if (byBackend.isEmpty()) {
            return "<p class=\"note\">No cells.</p>\n";
        }
        StringBuilder out = new StringBuilder("<p class=\"note\">The largest absolute difference from the float64 "
                + "reference over each backend's cells of a kind, every variant included (the first and last "
                + "sequence of every batch are checked before a cell is measured). Lighter is closer: "
                + "<span class=\"legend-scale\"></span> from 1e-9 to "
                + (oneTolerance ? "the tolerance " + Html.escape(Numbers.error(tolerances.values().iterator().next()))
                        : "each row's tolerance (beside its name: each arithmetic has its own)")
                + "; a cell beyond it fails and is not measured.</p>\n"
                + "<div class=\"table-wrap\"><table class=\"matrix\"><thead><tr><th>backend</th>");
        for (ModelKind kind : kinds) {
            out.append("<th>").append(Html.escape(Shapes.kind(kind))).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        byBackend.forEach((backend, byKind) -> {
            double tolerance = tolerances.get(backend);
            out.append("<tr><th>").append(Html.escape(backend + (oneTolerance ? ""
                    : " (tolerance " + Numbers.error(tolerance) + ")"))).append("</th>");
            for (ModelKind kind : kinds) {
                out.append(accuracyCell(byKind.getOrDefault(kind, List.of()), tolerance));
            }
            out.append("</tr>\n");
        });
        return out.append("</tbody></table></div>\n").toString();
    }

    /** The worst error of a backend's cells of one kind, coloured; each variant's own worst in a smaller line. */
    private static String accuracyCell(List<CellResult> results, double tolerance) {
        if (results.isEmpty()) {
            return "<td class=\"skipped\">not run</td>";
        }
        List<CellResult> failed = results.stream().filter(result -> result.status() == CellResult.Status.FAILED)
                .toList();
        double worst = results.stream().filter(result -> result.accuracy() != null)
                .mapToDouble(result -> result.accuracy().maxAbsError()).max().orElse(Double.NaN);
        Map<String, Double> byVariant = new TreeMap<>();
        results.stream().filter(result -> result.accuracy() != null).forEach(result -> byVariant.merge(
                result.cell().variant(), result.accuracy().maxAbsError(), Math::max));
        String variants = byVariant.size() < 2 ? "" : "<br><small>" + byVariant.entrySet().stream()
                .map(entry -> Html.escape(entry.getKey() + " " + Numbers.error(entry.getValue())))
                .collect(Collectors.joining("<br>")) + "</small>";
        if (!failed.isEmpty()) {
            return "<td class=\"failed\" title=\"" + Html.escape(failed.getFirst().reason()) + "\">" + failed.size()
                    + " failed" + (Double.isNaN(worst) ? "" : "<br>" + Html.escape(Numbers.error(worst))) + variants
                    + "</td>";
        }
        if (Double.isNaN(worst)) {
            return "<td class=\"skipped\" title=\"" + Html.escape(results.getFirst().reason()) + "\">skipped</td>";
        }
        // Sequential blue scale (colour-blind safe) on log10(error) from 1e-9 to the tolerance.
        double position = Math.clamp((Math.log10(worst) + 9) / (Math.log10(tolerance) + 9), 0, 1);
        int[] light = {0xef, 0xf3, 0xff};
        int[] dark = {0x08, 0x30, 0x6b};
        int[] rgb = new int[3];
        for (int i = 0; i < 3; i++) {
            rgb[i] = (int) Math.round(light[i] + (dark[i] - light[i]) * position);
        }
        String text = position > 0.55 ? "#ffffff" : "#1a1a1a";
        long checked = results.stream().filter(result -> result.accuracy() != null).count();
        return String.format(Locale.ROOT, "<td style=\"background:#%02x%02x%02x;color:%s\" title=\"%d cells "
                + "checked\">%s%s</td>", rgb[0], rgb[1], rgb[2], text, checked, Html.escape(Numbers.error(worst)),
                variants);
    }

    // ------------------------------------------------------------------------------------------ every cell

    String cells() {
        HtmlTable table = new HtmlTable().text("kind").text("series").number("T").number("batch");
        if (shapes.threadsVary()) {
            table.number("threads");
        }
        List<CellResult> shown = analysis.observations().stream().map(Observation::result).toList();
        String legend = CellLatency.legend(shown);
        table.text("setting").number("p50").number(legend.isEmpty() ? "mean ± CI" : "latency").number("p99");
        boolean device = CellLatency.anyDeviceTimed(shown);
        if (device) {
            table.number("device time");
        }
        table.number("sequences/s").number("tokens/s")
                .number("GFLOP/s").number("of FMA peak").number("of best GEMM").number("sequential steps")
                .number("latency per step")
                .number("max abs error").number("cores used").number("others' CPU (cores)");
        boolean memory = CellMemory.any(shown);
        if (memory) {
            table.number("peak memory");
        }
        Map<Observation, WorkRate> rates = new java.util.IdentityHashMap<>();
        analysis.workRates().forEach(rate -> rates.put(rate.observation(), rate));
        for (Observation observation : orderedCells(analysis.observations())) {
            CellResult result = observation.result();
            Cell cell = observation.cell();
            CellResult.Latency latency = result.latency();
            List<String> row = new ArrayList<>(List.of(Shapes.kind(cell.kind()), names.of(observation.runId(), cell),
                    String.valueOf(cell.seqLen()), String.valueOf(cell.batch())));
            if (shapes.threadsVary()) {
                row.add(cell.threads() == 0 ? "default" : String.valueOf(cell.threads()));
            }
            long steps = result.work().sequentialSteps();
            WorkRate rate = rates.get(observation);
            CellResult.Throughput throughput = CellLatency.throughput(result);
            row.addAll(List.of(shapes.describe(cell, Coordinate.BATCH, Coordinate.THREADS), Numbers.time(latency.p50()),
                    CellLatency.time(result), Numbers.time(latency.p99())));
            if (device) {
                row.add(CellLatency.deviceTime(result));
            }
            row.addAll(List.of(Numbers.rate(throughput.sequencesPerSecond()),
                    Numbers.rate(throughput.tokensPerSecond()),
                    Numbers.significant(rate.gflops(), 3),
                    rate.fmaPeak() == null ? ""
                            : BoundWords.shareCell(rate.fractionOfFmaPeak(), BoundWords.Bound.FMA_PEAK),
                    rate.peak() == null ? "" : BoundWords.shareCell(rate.fractionOfPeak(), rate.fmaPeak() == null
                            ? BoundWords.Bound.PEAK : BoundWords.Bound.BEST_GEMM), String.valueOf(steps),
                    Numbers.time(result.headlineMs() / steps),
                    result.accuracy() == null ? "" : Numbers.error(result.accuracy().maxAbsError()),
                    result.contention() == null || result.contention().ownCpuCores() == null ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", result.contention().ownCpuCores()),
                    result.contention() == null ? "n/a" : String.format(Locale.ROOT, "%.2f",
                            result.contention().otherCpuCores())
                            + (CellResult.Contention.showsSteal(result.contention().stealCores())
                                    ? String.format(Locale.ROOT, " (steal %.2f)", result.contention().stealCores())
                                    : "")
                            + (result.contended() ? MARK : "")
                            + (Boolean.TRUE.equals(result.slowHost()) ? ", slow host" + MARK : "")
                            + CellLatency.disturbedTrials(result)));
            if (memory) {
                row.add(CellMemory.text(result));
            }
            table.row(row);
        }
        return "<details><summary>Every measured cell (" + analysis.observations().size() + "): latency percentiles, "
                + "throughput, work rate, sequential steps (T × layers for recurrent kinds, layers for the "
                + "Transformer) with the latency per step, error, the CPU the measuring JVM used and contention"
                + (memory ? ", and the peak memory above the trial JVM's baseline with the heap in use" : "")
                + "</summary>\n" + (legend.isEmpty() ? "" : "<p class=\"note\">" + Html.escape(legend) + "</p>\n")
                + (device ? "<p class=\"note\">" + Html.escape(CellLatency.DEVICE_NOTE) + ".</p>\n" : "")
                + table.render() + "</details>\n";
    }

    /** The cells whose trials fall into separate clusters; empty where there are none. */
    String multiModal() {
        HtmlTable table = new HtmlTable();
        if (names.severalRuns()) {
            table.text("run");
        }
        table.text("cell").number("modes").prose("clusters: median of trial medians");
        for (CellLatency.MultiModal cell : CellLatency.multiModal(analysis.runs())) {
            List<String> row = new ArrayList<>();
            if (names.severalRuns()) {
                row.add(cell.runId());
            }
            row.addAll(List.of(cell.result().cell().label(), String.valueOf(cell.result().headline().modes()),
                    cell.clusters()));
            table.row(row);
        }
        return table.isEmpty() ? "" : "<h3>Cells with separate clusters of trials</h3>\n<p class=\"note\">"
                + Html.escape(CellLatency.MULTIMODAL_NOTE) + "</p>\n" + table.render();
    }

    String notMeasured() {
        HtmlTable table = new HtmlTable();
        if (names.severalRuns()) {
            table.text("run");
        }
        table.text("cell").text("status").prose("reason");
        for (RunRecord run : analysis.runs()) {
            for (CellResult result : run.cells()) {
                if (!result.ok()) {
                    List<String> row = new ArrayList<>();
                    if (names.severalRuns()) {
                        row.add(run.runId());
                    }
                    row.addAll(List.of(result.cell().label(), result.status().id(),
                            result.reason() == null ? "" : result.reason()));
                    table.row(row);
                }
            }
        }
        return table.isEmpty() ? "" : "<h3>Not measured</h3>\n" + table.render();
    }

    // ------------------------------------------------------------------------------------------ environment

    String environment() {
        HtmlTable table = new HtmlTable().text("");
        analysis.runs().forEach(run -> table.prose(run.runId()));
        List<Function<RunRecord, String>> fields = List.of(
                run -> run.environment().cpuModel() + ", " + run.environment().logicalCores() + " logical cores",
                run -> Numbers.gibibytes(run.environment().memoryBytes()),
                run -> run.environment().os(),
                run -> run.environment().jvm(),
                run -> run.environment().backends().stream().map(backend -> backend.id() + ": " + backend.name() + " "
                        + backend.engineVersion() + " on " + backend.device()
                        + (backend.available() ? "" : " (unavailable: " + backend.reason() + ")"))
                        .collect(Collectors.joining("; ")),
                run -> run.environment().threadEnvironment().isEmpty() ? "none set"
                        : run.environment().threadEnvironment().entrySet().stream()
                                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", ")),
                run -> run.sweep().profile() + ": models " + run.sweep().kinds().stream().map(ModelKind::id)
                        .collect(Collectors.joining(", ")) + "; T " + run.sweep().seqLens() + "; batch "
                        + run.sweep().batches() + "; hidden " + run.sweep().hiddenSizes() + "; layers "
                        + run.sweep().layers()
                        + "; threads " + run.sweep().threads()
                        + (run.sweep().arithmetic().equals(List.of(Precision.FP32)) ? ""
                                : "; arithmetic " + run.sweep().arithmetic().stream().map(Precision::id)
                                        .collect(Collectors.joining(", ")))
                        + "; " + run.sweep().measurement().trials()
                        + " trial(s) of JMH, each " + run.sweep().measurement().warmupIterations() + " warm-up and "
                        + run.sweep().measurement().iterations() + " measured iterations of "
                        + run.sweep().measurement().iterationSeconds() + " s",
                run -> ModelSizes.of(run.cells().stream().map(CellResult::cell).toList()),
                run -> run.environment().seqbenchVersion() + (run.environment().gitCommit() == null ? ""
                        : ", commit " + run.environment().gitCommit()) + ", run.json schema " + run.schemaVersion());
        List<String> labels = List.of("CPU", "memory", "OS", "JVM", "backends", "thread settings", "sweep", "models",
                "seqbench");
        for (int i = 0; i < fields.size(); i++) {
            List<String> row = new ArrayList<>(List.of(labels.get(i)));
            for (RunRecord run : analysis.runs()) {
                row.add(fields.get(i).apply(run));
            }
            table.row(row);
        }
        return table.render();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Rows: one per curve along the sequence length; columns: every measured length. */
    private String pivot(Function<Observation, String> value) {
        Set<Integer> lengths = new TreeSet<>();
        analysis.observations().forEach(observation -> lengths.add(observation.cell().seqLen()));
        HtmlTable table = new HtmlTable().text("kind").text("series").text("setting");
        lengths.forEach(length -> table.number("T = " + length));
        for (Curve curve : orderedCurves(Curve.along(Coordinate.SEQ_LEN, analysis.observations()))) {
            List<String> row = new ArrayList<>(List.of(Shapes.kind(curve.shape().kind()),
                    names.of(curve.runId(), curve.shape()), setting(curve.shape())));
            for (int length : lengths) {
                row.add(curve.points().stream().filter(point -> point.cell().seqLen() == length).findFirst()
                        .map(point -> value.apply(point) + (point.disturbed() ? MARK : "")).orElse(""));
            }
            table.row(row);
        }
        return table.render();
    }

    private String setting(Cell shape) {
        String setting = shapes.describe(shape);
        return setting.isEmpty() ? "–" : setting;
    }

    private static List<Curve> orderedCurves(List<Curve> curves) {
        return curves.stream().sorted(Comparator.comparing((Curve curve) -> curve.shape().kind())
                .thenComparing(Curve::runId)
                .thenComparing(curve -> curve.shape().backend())
                .thenComparing(curve -> curve.shape().variant())
                .thenComparingInt(curve -> curve.shape().threads() == 0 ? Integer.MAX_VALUE : curve.shape().threads())
                .thenComparingInt(curve -> curve.shape().batch())).toList();
    }

    private static List<Observation> orderedCells(List<Observation> observations) {
        return observations.stream().sorted(Comparator.comparing((Observation observation) -> observation.cell().kind())
                .thenComparing(Observation::runId)
                .thenComparing(observation -> observation.cell().backend())
                .thenComparing(observation -> observation.cell().variant())
                .thenComparingInt(observation -> observation.cell().threads() == 0 ? Integer.MAX_VALUE
                        : observation.cell().threads())
                .thenComparingInt(observation -> observation.cell().batch())
                .thenComparingInt(observation -> observation.cell().seqLen())).toList();
    }
}
