package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.Coordinate;
import org.seqbench.results.analysis.Crossover;
import org.seqbench.results.analysis.Curve;
import org.seqbench.results.analysis.Observation;
import org.seqbench.results.analysis.Roofline;
import org.seqbench.results.analysis.SeriesNames;
import org.seqbench.results.analysis.Shapes;

/**
 * The report's charts, made from an {@link Analysis}: latency against sequence length (one panel per kind),
 * the Transformer's latency over each recurrent kind's, throughput against batch, speedup against threads,
 * GFLOP/s against sequence length beside the measured bounds, a roofline per backend, and the peak memory against
 * sequence length. Lines at other than the fewest threads start hidden:
 * the thread chart is where threads are compared, and the legend shows them on demand.
 */
final class ReportCharts {
    private static final String LENGTH_AXIS = "sequence length T";

    private final Analysis analysis;
    private final SeriesNames names;
    private final Shapes shapes;
    /** Latency and work-rate charts show the same lines, and share their colours. */
    private final Palette lineColours = new Palette();
    private final Palette crossoverColours = new Palette();
    private final Palette throughputColours = new Palette();
    private final Palette threadColours = new Palette();

    ReportCharts(Analysis analysis) {
        this.analysis = analysis;
        this.names = analysis.names();
        this.shapes = analysis.shapes();
    }

    /** Latency against sequence length on log-log axes, with each cell's confidence interval as an error bar. */
    List<ChartSpec> latency() {
        return perKind("latency", Coordinate.SEQ_LEN, kind -> Shapes.kind(kind) + ": latency against sequence length",
                LENGTH_AXIS, "latency per forward pass (ms)", "ms", true,
                observation -> new ChartSpec.Point(observation.cell().seqLen(), observation.latencyMs(),
                        CellLatency.low(observation.result()), CellLatency.high(observation.result()),
                        observation.disturbed(), null));
    }

    /**
     * The peak memory against sequence length, one panel per kind, a line per backend and setting: the peak resident
     * set above the trial JVM's baseline, the raw figures in tooltips. No panel for a kind none of whose cells has
     * the figure (records before schema version 6, or measured without /proc).
     */
    List<ChartSpec> memory() {
        return perKind("memory", Coordinate.SEQ_LEN, kind -> Shapes.kind(kind) + ": peak memory against sequence length",
                LENGTH_AXIS, CellMemory.FIGURE + " (MiB)", "MiB", false, observation -> {
                    Double mib = CellMemory.aboveBaselineMib(observation.result());
                    return mib == null ? null : new ChartSpec.Point(observation.cell().seqLen(), mib, null, null,
                            observation.disturbed(), CellMemory.raw(observation.result().memory()));
                }).stream().filter(chart -> !chart.lines().isEmpty()).toList();
    }

    /**
     * GFLOP/s against sequence length, the measured bounds as dashed lines (the best engine product and the FMA
     * peak at each thread count), each cell's share of them in tooltips.
     */
    List<ChartSpec> workRate() {
        List<ChartSpec> charts = perKind("gflops", Coordinate.SEQ_LEN, kind -> Shapes.kind(kind) + ": work rate",
                LENGTH_AXIS, headlined() ? "GFLOP/s (analytic FLOPs / headline latency)"
                        : "GFLOP/s (analytic FLOPs / mean latency)", "GFLOP/s", false, this::workPoint);
        List<ChartSpec> withPeaks = new ArrayList<>();
        for (ChartSpec chart : charts) {
            double lowest = chart.x().ticks().getFirst();
            double highest = chart.x().ticks().getLast();
            List<ChartSpec.Reference> peaks = new ArrayList<>();
            for (RunRecord run : analysis.runs()) {
                Set<String> devices = new TreeSet<>();
                analysis.observations().stream().filter(observation -> observation.runId().equals(run.runId()))
                        .forEach(observation -> devices.add(observation.cell().device()));
                String ofRun = names.severalRuns() ? " · " + run.runId() : "";
                for (Environment.Peak peak : run.environment().peaks()) {
                    if (devices.contains(peak.device())
                            && run.environment().peakFor(peak.device(), peak.threads()).orElseThrow() == peak) {
                        peaks.add(new ChartSpec.Reference("best GEMM, " + Shapes.threads(peak.threads()) + " ("
                                + peak.backend() + ", n = " + peak.n() + ofRun + ")", lowest, peak.gflops(), highest,
                                peak.gflops()));
                    }
                }
                for (Environment.FmaPeak peak : run.environment().fmaPeaks()) {
                    if (devices.contains(peak.device())) {
                        peaks.add(new ChartSpec.Reference("FMA peak, " + Shapes.onCores(peak.threads(),
                                run.environment().logicalCores()) + ofRun,
                                lowest, peak.gflops(), highest, peak.gflops()));
                    }
                }
            }
            withPeaks.add(new ChartSpec(chart.id(), chart.title(), chart.x(), chart.y(), chart.unit(), chart.lines(),
                    peaks));
        }
        return withPeaks;
    }

    /**
     * One roofline per backend (Williams, Waterman and Patterson, CACM 2009): each cell at its arithmetic intensity
     * and rate, log-log, one line per curve along the sequence length; the memory roof (bandwidth times intensity),
     * the FMA roof and the best engine product as dashed lines, at the backend's fewest threads.
     */
    List<ChartSpec> rooflines() {
        Map<String, List<Roofline>> bySeries = new java.util.LinkedHashMap<>();
        for (Roofline roofline : analysis.rooflines()) {
            Observation observation = roofline.observation();
            bySeries.computeIfAbsent(names.backendOf(observation.runId(), observation.cell()),
                    key -> new ArrayList<>()).add(roofline);
        }
        List<ChartSpec> charts = new ArrayList<>();
        Palette kinds = new Palette();
        bySeries.forEach((series, cells) -> {
            Map<Observation, Roofline> byCell = new java.util.IdentityHashMap<>();
            cells.forEach(roofline -> byCell.put(roofline.observation(), roofline));
            List<Curve> curves = Curve.along(Coordinate.SEQ_LEN, cells.stream().map(Roofline::observation).toList())
                    .stream().sorted(Comparator.comparing((Curve curve) -> curve.shape().kind())
                            .thenComparing(curve -> curve.shape().variant())
                            .thenComparingInt(curve -> curve.shape().threads() == 0 ? Integer.MAX_VALUE
                                    : curve.shape().threads())
                            .thenComparingInt(curve -> curve.shape().batch())).toList();
            List<ChartSpec.Line> lines = new ArrayList<>();
            for (Curve curve : curves) {
                Cell shape = curve.shape();
                String kind = Shapes.kind(shape.kind()) + names.variantNote(shape);
                lines.add(new ChartSpec.Line(label(kind, shapes.describe(shape, Coordinate.THREADS), shape),
                        kinds.colour(kind), batchDash(shape), !atFewestThreads(curve), curve.points().stream()
                                .map(point -> rooflinePoint(byCell.get(point))).toList()));
            }
            Observation sample = cells.getFirst().observation();
            int fewest = analysis.fewestThreads(sample.runId(), sample.cell().backend());
            Roofline roofs = cells.stream().filter(roofline -> roofline.observation().cell().threads() == fewest)
                    .findFirst().orElse(cells.getFirst());
            double low = Math.min(cells.stream().mapToDouble(Roofline::intensity).min().orElseThrow(),
                    roofs.bandwidth().gbPerSecond() > 0 ? roofs.ridge() : Double.MAX_VALUE) / 2;
            double fmaRidge = roofs.fmaPeak() == null ? roofs.ridge()
                    : roofs.fmaPeak().gflops() / roofs.bandwidth().gbPerSecond();
            double high = Math.max(cells.stream().mapToDouble(Roofline::intensity).max().orElseThrow(), fmaRidge) * 2;
            int roofThreads = roofs.observation().cell().threads();
            String threads = Shapes.threads(roofThreads);
            // The engine-free roofs ran 0 threads on every core; only the GEMM ran at the engine's default.
            String probeThreads = Shapes.onCores(roofThreads, analysis.runs().stream()
                    .filter(run -> run.runId().equals(roofs.observation().runId())).findFirst().orElseThrow()
                    .environment().logicalCores());
            List<ChartSpec.Reference> references = new ArrayList<>();
            double bandwidth = roofs.bandwidth().gbPerSecond();
            double top = roofs.fmaPeak() == null ? roofs.computeRoof() : roofs.fmaPeak().gflops();
            references.add(new ChartSpec.Reference("memory roof, " + probeThreads + " ("
                    + Numbers.significant(bandwidth, 3)
                    + " GB/s × intensity)", low, bandwidth * low, top / bandwidth, top));
            if (roofs.fmaPeak() != null) {
                references.add(new ChartSpec.Reference("FMA roof, " + probeThreads + " (" + Numbers.significant(top, 3)
                        + " GFLOP/s)", top / bandwidth, top, high, top));
            }
            if (roofs.peak() != null) {
                double gemm = roofs.peak().gflops();
                references.add(new ChartSpec.Reference("best GEMM, " + threads + " (" + Numbers.significant(gemm, 3)
                        + " GFLOP/s, " + roofs.peak().backend() + ", n = " + roofs.peak().n() + ")",
                        Math.min(gemm / bandwidth, high), gemm, high, gemm));
            }
            charts.add(new ChartSpec("roofline-" + charts.size(), series + ": roofline",
                    new ChartSpec.Axis("arithmetic intensity (FLOP/byte)", true, List.of(), false),
                    new ChartSpec.Axis("GFLOP/s", true, List.of(), false), "GFLOP/s", lines, references));
        });
        return charts;
    }

    private static ChartSpec.Point rooflinePoint(Roofline roofline) {
        Cell cell = roofline.observation().cell();
        return new ChartSpec.Point(roofline.intensity(), roofline.gflops(), null, null,
                roofline.observation().disturbed(), "T = " + cell.seqLen() + ", batch " + cell.batch() + ": bound by "
                        + roofline.bound().words() + ": " + BoundWords.roofShare(roofline));
    }

    /** Sequences per second against batch size, one line per sequence length. */
    List<ChartSpec> throughput() {
        List<ChartSpec> charts = new ArrayList<>();
        for (ModelKind kind : kinds()) {
            List<Curve> curves = curves(Coordinate.BATCH, kind);
            if (curves.stream().noneMatch(curve -> curve.points().size() > 1)) {
                continue;
            }
            Set<Integer> lengths = new TreeSet<>();
            curves.forEach(curve -> lengths.add(curve.shape().seqLen()));
            Set<Integer> shown = spread(lengths);
            List<ChartSpec.Line> lines = new ArrayList<>();
            for (Curve curve : curves) {
                Cell shape = curve.shape();
                String series = names.of(curve.runId(), shape);
                String setting = join("T = " + shape.seqLen(), shapes.describe(shape, Coordinate.BATCH, Coordinate.THREADS));
                lines.add(new ChartSpec.Line(label(series, setting, shape), throughputColours.colour(series + " T=" + shape.seqLen()),
                        dash(shape), !atFewestThreads(curve) || !shown.contains(shape.seqLen()),
                        curve.points().stream().map(point -> {
                            double batch = point.cell().batch();
                            return new ChartSpec.Point(batch, batch / point.latencyMs() * 1000,
                                    rate(CellLatency.high(point.result()), ms -> batch / ms * 1000),
                                    rate(CellLatency.low(point.result()), ms -> batch / ms * 1000), point.disturbed(),
                                    null);
                        }).toList()));
            }
            charts.add(new ChartSpec("throughput-" + kind.id(), Shapes.kind(kind) + ": throughput against batch",
                    axis("batch size", curves, Coordinate.BATCH, true), new ChartSpec.Axis("sequences per second",
                            true, List.of(), false), "sequences/s", lines, List.of()));
        }
        return charts;
    }

    /** Speedup over one thread against the thread count, the ideal (speedup = threads) dashed. */
    List<ChartSpec> threads() {
        List<ChartSpec> charts = new ArrayList<>();
        for (ModelKind kind : kinds()) {
            List<Curve> curves = curves(Coordinate.THREADS, kind).stream()
                    .filter(curve -> curve.points().size() > 1
                            && curve.points().stream().anyMatch(point -> point.cell().threads() == 1))
                    .toList();
            if (curves.isEmpty()) {
                continue;
            }
            Map<String, Integer> longest = new TreeMap<>();
            curves.forEach(curve -> longest.merge(curve.runId() + "/" + curve.shape().backend(),
                    curve.shape().seqLen(), Math::max));
            List<ChartSpec.Line> lines = new ArrayList<>();
            int most = 1;
            for (Curve curve : curves) {
                Cell shape = curve.shape();
                double single = curve.points().stream().filter(point -> point.cell().threads() == 1).findFirst()
                        .orElseThrow().latencyMs();
                List<ChartSpec.Point> points = new ArrayList<>();
                for (Observation point : curve.points()) {
                    int threads = point.cell().threads();
                    if (threads > 0) {
                        most = Math.max(most, threads);
                        points.add(new ChartSpec.Point(threads, single / point.latencyMs(), null, null, point.disturbed(),
                                threads == 1 ? null : "efficiency " + Numbers.percent(single / point.latencyMs() / threads)));
                    }
                }
                String series = names.of(curve.runId(), shape);
                String setting = join("T = " + shape.seqLen(), shapes.describe(shape, Coordinate.THREADS));
                lines.add(new ChartSpec.Line(join(series, setting),
                        threadColours.colour(series + " T=" + shape.seqLen() + " B=" + shape.batch()), 0,
                        shape.seqLen() != longest.get(curve.runId() + "/" + shape.backend()), points));
            }
            charts.add(new ChartSpec("threads-" + kind.id(), Shapes.kind(kind) + ": speedup over one thread",
                    axis("threads", curves, Coordinate.THREADS, false),
                    new ChartSpec.Axis("speedup (latency on 1 thread / latency)", false, List.of(), true), "x", lines,
                    List.of(new ChartSpec.Reference("ideal: speedup = threads", 1, 1, most, most))));
        }
        return charts;
    }

    /**
     * The Transformer's latency over each recurrent kind's, one panel per recurrent kind: above 1 the recurrent
     * model is faster, and a line crossing 1 is a crossover.
     */
    List<ChartSpec> crossovers() {
        Map<String, Observation> byKey = new java.util.HashMap<>();
        analysis.observations().forEach(observation -> byKey.put(observation.runId() + "|" + observation.cell().key(),
                observation));
        List<ChartSpec> charts = new ArrayList<>();
        for (ModelKind kind : kinds()) {
            List<Crossover> pairs = analysis.crossovers().stream()
                    .filter(crossover -> crossover.recurrent().kind() == kind).toList();
            if (pairs.isEmpty()) {
                continue;
            }
            List<ChartSpec.Line> lines = new ArrayList<>();
            Set<Integer> lengths = new TreeSet<>();
            for (Crossover crossover : pairs) {
                Cell transformer = crossover.transformer();
                Cell recurrent = crossover.recurrent();
                List<ChartSpec.Point> points = new ArrayList<>();
                for (int length : analysis.sweepLengths()) {
                    Observation attention = byKey.get(crossover.runId() + "|" + at(transformer, length).key());
                    Observation steps = byKey.get(crossover.runId() + "|" + at(recurrent, length).key());
                    if (attention != null && steps != null) {
                        lengths.add(length);
                        points.add(new ChartSpec.Point(length, attention.latencyMs() / steps.latencyMs(), null, null,
                                attention.disturbed() || steps.disturbed(), null));
                    }
                }
                String series = names.of(crossover.runId(), transformer) + names.variantNote(recurrent);
                String setting = shapes.describe(transformer, Coordinate.THREADS);
                // One colour per Transformer series, one dash pattern per batch size.
                lines.add(new ChartSpec.Line(label(series, setting, transformer), crossoverColours.colour(series),
                        batchDash(transformer),
                        transformer.threads() != analysis.fewestThreads(crossover.runId(), transformer.backend()),
                        points));
            }
            List<Integer> ticks = List.copyOf(lengths);
            charts.add(new ChartSpec("crossover-" + kind.id(), "Transformer ÷ " + Shapes.kind(kind) + " latency",
                    new ChartSpec.Axis(LENGTH_AXIS, true, ticks, false),
                    new ChartSpec.Axis("latency ratio (above 1: " + Shapes.kind(kind) + " faster)", true, List.of(),
                            false),
                    "x", lines, ticks.isEmpty() ? List.of()
                            : List.of(new ChartSpec.Reference("equal latency", ticks.getFirst(), 1, ticks.getLast(), 1))));
        }
        return charts;
    }

    private ChartSpec.Point workPoint(Observation observation) {
        double flops = observation.result().work().flops();
        double gflops = flops / observation.latencyMs() / 1e6;
        Environment environment = analysis.runs().stream().filter(run -> run.runId().equals(observation.runId()))
                .findFirst().orElseThrow().environment();
        Environment.Peak peak = environment.peakFor(observation.cell().device(), observation.cell().threads())
                .orElse(null);
        Environment.FmaPeak fma = environment.fmaPeakFor(observation.cell().device(), observation.cell().threads())
                .orElse(null);
        List<String> shares = new ArrayList<>();
        if (fma != null) {
            shares.add(BoundWords.share(gflops / fma.gflops(), BoundWords.Bound.FMA_PEAK));
        }
        if (peak != null) {
            shares.add(BoundWords.share(gflops / peak.gflops(),
                    fma == null ? BoundWords.Bound.MEASURED_PEAK : BoundWords.Bound.BEST_GEMM));
        }
        return new ChartSpec.Point(observation.cell().seqLen(), gflops,
                rate(CellLatency.high(observation.result()), ms -> flops / ms / 1e6),
                rate(CellLatency.low(observation.result()), ms -> flops / ms / 1e6), observation.disturbed(),
                shares.isEmpty() ? null : String.join("; ", shares));
    }

    /** A rate's bound from a latency bound, none where the latency has none. */
    private static Double rate(Double latencyMs, java.util.function.DoubleUnaryOperator rate) {
        return latencyMs == null ? null : rate.applyAsDouble(latencyMs);
    }

    /** Whether any cell has a headline across trials, whose charts then say so in their titles. */
    private boolean headlined() {
        return CellLatency.anyHeadlined(analysis.observations().stream().map(Observation::result).toList());
    }

    private List<ChartSpec> perKind(String prefix, Coordinate along, Function<ModelKind, String> title, String xTitle,
            String yTitle, String unit, boolean logarithmicY, Function<Observation, ChartSpec.Point> point) {
        List<ChartSpec> charts = new ArrayList<>();
        for (ModelKind kind : kinds()) {
            List<Curve> curves = curves(along, kind);
            List<ChartSpec.Line> lines = new ArrayList<>();
            for (Curve curve : curves) {
                Cell shape = curve.shape();
                String series = names.of(curve.runId(), shape);
                String setting = shapes.describe(shape, Coordinate.THREADS);
                // A cell without the figure (an older record's) is left out of the line, not drawn as zero.
                List<ChartSpec.Point> points = curve.points().stream().map(point).filter(java.util.Objects::nonNull)
                        .toList();
                if (!points.isEmpty()) {
                    lines.add(new ChartSpec.Line(label(series, setting, shape),
                            lineColours.colour(join(series, setting)), dash(shape), !atFewestThreads(curve), points));
                }
            }
            charts.add(new ChartSpec(prefix + "-" + kind.id(), title.apply(kind), axis(xTitle, curves, along, true),
                    new ChartSpec.Axis(yTitle, logarithmicY, List.of(), !logarithmicY), unit, lines, List.of()));
        }
        return charts;
    }

    private List<ModelKind> kinds() {
        return java.util.Arrays.stream(ModelKind.values())
                .filter(kind -> analysis.observations().stream().anyMatch(observation -> observation.cell().kind() == kind))
                .toList();
    }

    private List<Curve> curves(Coordinate along, ModelKind kind) {
        return Curve.along(along, analysis.observations().stream()
                .filter(observation -> observation.cell().kind() == kind).toList()).stream()
                .sorted(Comparator.comparing((Curve curve) -> curve.runId())
                        .thenComparing(curve -> curve.shape().backend())
                        .thenComparing(curve -> curve.shape().variant())
                        .thenComparingInt(curve -> curve.shape().threads() == 0 ? Integer.MAX_VALUE : curve.shape().threads())
                        .thenComparingInt(curve -> curve.shape().batch())
                        .thenComparingInt(curve -> curve.shape().seqLen()))
                .toList();
    }

    private static ChartSpec.Axis axis(String title, List<Curve> curves, Coordinate along, boolean logarithmic) {
        Set<Integer> values = new TreeSet<>();
        curves.forEach(curve -> curve.positions().stream().filter(value -> value > 0).forEach(values::add));
        return new ChartSpec.Axis(title, logarithmic, List.copyOf(values), false);
    }

    private boolean atFewestThreads(Curve curve) {
        return curve.shape().threads() == analysis.fewestThreads(curve.runId(), curve.shape().backend());
    }

    /** Thread counts of one series are told apart by dash pattern (the colour stays the series'). */
    private int dash(Cell shape) {
        List<Integer> counts = analysis.observations().stream().map(observation -> observation.cell().threads())
                .distinct().sorted(Comparator.comparingInt(threads -> threads == 0 ? Integer.MAX_VALUE : threads))
                .toList();
        return Math.max(0, counts.indexOf(shape.threads()));
    }

    private int batchDash(Cell shape) {
        List<Integer> batches = analysis.observations().stream().map(observation -> observation.cell().batch())
                .distinct().sorted().toList();
        return Math.max(0, batches.indexOf(shape.batch()));
    }

    private String label(String series, String setting, Cell shape) {
        String threads = shapes.threadsVary() ? Shapes.threads(shape.threads()) : "";
        return join(join(series, setting), threads);
    }

    /** The smallest, the largest and a middle value when there are more than four, else all. */
    private static Set<Integer> spread(Set<Integer> values) {
        if (values.size() <= 4) {
            return values;
        }
        List<Integer> sorted = List.copyOf(values);
        return Set.of(sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast());
    }

    private static Cell at(Cell shape, int seqLen) {
        return new Cell(shape.backend(), shape.variant(), shape.device(), shape.precision(), shape.kind(), seqLen,
                shape.batch(), shape.hiddenSize(), shape.layers(), shape.threads(), shape.inputSize(), shape.heads(),
                shape.ffnSize(), shape.outputSize(), shape.bidirectional());
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : second.isEmpty() ? first : first + ", " + second;
    }
}
