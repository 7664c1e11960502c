package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.BatchGain;
import org.seqbench.results.analysis.Coordinate;
import org.seqbench.results.analysis.Fit;
import org.seqbench.results.analysis.PowerLaw;
import org.seqbench.results.analysis.QuadraticLatency;
import org.seqbench.results.analysis.SeqScaling;
import org.seqbench.results.analysis.SeriesNames;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.results.analysis.ThreadSpeedup;

/**
 * The analysis in GitHub-flavoured Markdown for summary.md: the findings, then the key tables (the scaling fits,
 * batch and thread gains at the longest length, the measured peak). The full figures are in report.html.
 */
final class MarkdownAnalysis {
    private final Analysis analysis;
    private final SeriesNames names;
    private final Shapes shapes;

    private MarkdownAnalysis(Analysis analysis) {
        this.analysis = analysis;
        this.names = analysis.names();
        this.shapes = analysis.shapes();
    }

    static String render(Analysis analysis) {
        MarkdownAnalysis markdown = new MarkdownAnalysis(analysis);
        StringBuilder out = new StringBuilder("## Findings\n");
        for (Findings.Topic topic : Findings.byTopic(analysis)) {
            out.append("\n**").append(topic.title()).append("**\n\n");
            topic.sentences().forEach(sentence -> out.append("- ").append(Markdown.text(sentence)).append('\n'));
        }
        out.append(markdown.scaling()).append(markdown.scalingOfBatchAndThreads()).append(markdown.peaks())
                .append(markdown.decisions());
        return out.toString();
    }

    /** Which backend wins at every measured point, by how much, and whether significantly. */
    private String decisions() {
        DecisionRows rows = new DecisionRows(analysis);
        List<org.seqbench.results.analysis.Decision> ordered = rows.ordered();
        if (ordered.isEmpty()) {
            return "";
        }
        List<String> header = rows.header();
        StringBuilder out = new StringBuilder("\n## Which backend wins\n\nAt each measured point, the fastest "
                + "backend by its headline among those within their accuracy tolerance; the margin is the runner-up's "
                + "headline over the winner's with its 95% interval across trials, significant where the interval "
                + "excludes 1. `seqbench recommend` answers for points between them.\n\n");
        out.append(row(header)).append("|").append(String.join("|", header.stream()
                .map(column -> List.of("seq", "batch", "latency ms", "margin").contains(column) ? "--:" : "---")
                .toList())).append("|\n");
        ordered.forEach(decision -> out.append(row(rows.fields(decision))));
        String unknown = rows.unknownBecause();
        return out.append(unknown.isEmpty() ? "" : "\n" + Markdown.text(unknown) + "\n").toString();
    }

    private String scaling() {
        List<SeqScaling> recurrent = analysis.seqScaling().stream().filter(scaling -> scaling.kind().isRecurrent())
                .toList();
        List<SeqScaling> transformer = analysis.seqScaling().stream()
                .filter(scaling -> scaling.kind() == ModelKind.TRANSFORMER).toList();
        if (recurrent.isEmpty() && transformer.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n## Sequence-length scaling\n\n");
        if (!recurrent.isEmpty()) {
            out.append("Recurrent kinds: latency = fixed overhead + cost per step × T × layers; the exponent is the "
                    + "log-log slope with its standard error and 95% interval.\n\n")
                    .append("| kind | series | setting | exponent ± SE | 95% CI | cost per step | fixed overhead "
                            + "| recurrence share |\n|---|---|---|--:|--:|--:|--:|--:|\n");
            for (SeqScaling scaling : recurrent) {
                List<String> row = new ArrayList<>(prefix(scaling));
                row.addAll(exponent(scaling));
                row.addAll(StepCostCells.of(scaling));
                out.append(row(row));
            }
        }
        if (!transformer.isEmpty()) {
            out.append(recurrent.isEmpty() ? "" : "\n").append("Transformer: latency = a + b·T + c·T², each part's "
                    + "share of the fitted latency at the longest length.\n\n")
                    .append("| series | setting | exponent ± SE | 95% CI | linear (b·T) | quadratic (c·T²) | constant "
                            + "(a) |\n|---|---|--:|--:|--:|--:|--:|\n");
            for (SeqScaling scaling : transformer) {
                List<String> row = new ArrayList<>(prefix(scaling).subList(1, 3));
                row.addAll(exponent(scaling));
                if (scaling.decomposition().orNull() instanceof QuadraticLatency fit) {
                    String at = " at T = " + fit.longestLength();
                    row.add(Numbers.percent(fit.linearShare()) + at);
                    row.add(Numbers.percent(fit.quadraticShare()) + at);
                    row.add(Numbers.percent(fit.constantShare()) + (fit.exact() ? " (exact fit)" : ""));
                } else {
                    row.addAll(List.of("", "", ""));
                }
                out.append(row(row));
            }
        }
        return out.toString();
    }

    /** Batch gains and thread speedups at each curve's longest length: the regime where parallel work is largest. */
    private String scalingOfBatchAndThreads() {
        StringBuilder out = new StringBuilder();
        Map<String, Integer> longest = new TreeMap<>();
        analysis.observations().forEach(observation -> longest.merge(observation.runId() + "/"
                + observation.cell().kind().id(), observation.cell().seqLen(), Math::max));
        List<BatchGain> gains = analysis.batchGains().stream().filter(gain -> gain.curve().shape().seqLen()
                == longest.get(gain.curve().runId() + "/" + gain.curve().shape().kind().id())).toList();
        if (!gains.isEmpty()) {
            out.append("\n## Batch scaling at the longest length\n\n| kind | series | T | setting | batch | throughput "
                    + "gain | efficiency |\n|---|---|--:|---|--:|--:|--:|\n");
            for (BatchGain gain : gains) {
                var shape = gain.curve().shape();
                out.append(row(List.of(Shapes.kind(shape.kind()), names.of(gain.curve().runId(), shape),
                        String.valueOf(shape.seqLen()), orDash(shapes.describe(shape, Coordinate.BATCH)),
                        gain.baseBatch() + " → " + gain.batch(), Numbers.times(gain.gain())
                                + (gain.contended() ? " " + Findings.CONTENDED : ""),
                        Numbers.percent(gain.efficiency()))));
            }
        }
        List<ThreadSpeedup> speedups = analysis.threadSpeedups().stream().filter(speedup -> speedup.curve().shape()
                .seqLen() == longest.get(speedup.curve().runId() + "/" + speedup.curve().shape().kind().id()))
                .toList();
        if (!speedups.isEmpty()) {
            out.append("\n## Thread scaling at the longest length\n\n| kind | series | T | setting | threads | speedup "
                    + "| efficiency |\n|---|---|--:|---|--:|--:|--:|\n");
            for (ThreadSpeedup speedup : speedups) {
                var shape = speedup.curve().shape();
                out.append(row(List.of(Shapes.kind(shape.kind()), names.of(speedup.curve().runId(), shape),
                        String.valueOf(shape.seqLen()), orDash(shapes.describe(shape, Coordinate.THREADS)),
                        Shapes.threads(speedup.threads()), Numbers.times(speedup.speedup())
                                + (speedup.contended() ? " " + Findings.CONTENDED : ""),
                        speedup.threads() > 0 ? Numbers.percent(speedup.efficiency()) : "n/a")));
            }
        }
        return out.toString();
    }

    private String peaks() {
        List<String> rows = new ArrayList<>();
        List<String> boundRows = new ArrayList<>();
        List<RunRecord> withoutBounds = new ArrayList<>();
        for (RunRecord run : analysis.runs()) {
            int cores = run.environment().logicalCores();
            String where = names.severalRuns() ? run.runId() : null;
            run.environment().peaks().stream().sorted(Comparator.comparingInt(Environment.Peak::threads)
                            .thenComparingInt(Environment.Peak::n))
                    .forEach(peak -> rows.add(row(List.of(where != null ? where : peak.device(),
                            Shapes.threads(peak.threads()), peak.backend(), peak.n() + " x " + peak.n(),
                            Numbers.significant(peak.gflops(), 3)
                                    + (peak.contended(cores) ? " " + Findings.CONTENDED : ""),
                            Numbers.time(peak.bestMs())))));
            Environment environment = run.environment();
            List<Integer> threads = java.util.stream.Stream.concat(environment.fmaPeaks().stream()
                            .map(Environment.FmaPeak::threads), environment.bandwidths().stream()
                            .map(Environment.Bandwidth::threads)).distinct()
                    .sorted(Comparator.comparingInt(count -> count == 0 ? Integer.MAX_VALUE : count)).toList();
            java.util.Set<String> devices = new java.util.TreeSet<>();
            environment.fmaPeaks().forEach(peak -> devices.add(peak.device()));
            environment.bandwidths().forEach(bandwidth -> devices.add(bandwidth.device()));
            for (String device : devices) {
                for (int count : threads) {
                    var fma = environment.fmaPeakFor(device, count);
                    var bandwidth = environment.bandwidthFor(device, count);
                    boundRows.add(row(List.of(where != null ? where : device, Shapes.onCores(count, cores),
                            fma.map(peak -> Numbers.significant(peak.gflops(), 3)
                                    + (peak.contended(cores) ? " " + Findings.CONTENDED : "")).orElse("n/a"),
                            fma.map(peak -> peak.vectorBits() + "-bit, " + peak.lanes() + " floats").orElse(""),
                            bandwidth.map(figure -> Numbers.significant(figure.gbPerSecond(), 3)
                                    + (figure.contended(cores) ? " " + Findings.CONTENDED : "")).orElse("n/a"),
                            bandwidth.map(figure -> "3 x " + Numbers.mebibytes(figure.arrayBytes())).orElse(""))));
                }
            }
            if (environment.fmaPeaks().isEmpty() && environment.bandwidths().isEmpty()) {
                withoutBounds.add(run);
            }
        }
        if (rows.isEmpty() && boundRows.isEmpty()) {
            return "";
        }
        String column = names.severalRuns() ? "run" : "device";
        StringBuilder out = new StringBuilder("\n## Measured peak (float32 matrix product, fastest repetition)\n");
        if (!rows.isEmpty()) {
            out.append("\n| ").append(column).append(" | threads | backend | size | GFLOP/s | fastest |\n"
                    + "|---|---|---|---|--:|--:|\n").append(String.join("", rows));
        }
        if (!boundRows.isEmpty()) {
            out.append("\nThe cores' FMA peak (independent fused multiply-adds, best iteration), which no engine can "
                    + "pass, and the memory bandwidth (STREAM triad, 12 bytes an element, best iteration):\n\n| ")
                    .append(column).append(" | threads | FMA GFLOP/s | vectors | GB/s | arrays |\n"
                            + "|---|---|--:|---|--:|---|\n").append(String.join("", boundRows));
        }
        if (!withoutBounds.isEmpty()) {
            out.append("\nNo FMA peak or memory bandwidth was measured").append(names.severalRuns() ? " for some runs"
                    : "").append(" (").append(Markdown.text(BoundWords.whyUnmeasured(withoutBounds,
                            "the record predates those probes", "the probes failed: their console lines say why",
                            "older records predate those probes, and in the newer they failed")))
                    .append("): work rates are compared with the matrix product only, and no roofline is drawn.\n");
        }
        return out.toString();
    }

    private List<String> prefix(SeqScaling scaling) {
        var shape = scaling.curve().shape();
        return List.of(Shapes.kind(scaling.kind()), names.of(scaling.curve().runId(), shape),
                orDash(shapes.describe(shape)));
    }

    private static List<String> exponent(SeqScaling scaling) {
        return switch (scaling.powerLaw()) {
            case Fit.Fitted<PowerLaw>(PowerLaw law) -> List.of(
                    Numbers.significant(law.exponent(), 3) + " ± " + Numbers.significant(law.standardError(), 2),
                    Numbers.significant(law.ciLow(), 3) + " to " + Numbers.significant(law.ciHigh(), 3));
            case Fit.NotFitted<PowerLaw>(String reason) -> List.of(reason, "");
        };
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "–" : text;
    }

    private static String row(List<String> cells) {
        return "| " + cells.stream().map(Markdown::text)
                .collect(Collectors.joining(" | ")) + " |\n";
    }
}
