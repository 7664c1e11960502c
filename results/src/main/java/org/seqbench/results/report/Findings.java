package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Work;
import org.seqbench.results.CanarySample;
import org.seqbench.results.Cell;
import org.seqbench.results.Environment;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.BatchGain;
import org.seqbench.results.analysis.Coordinate;
import org.seqbench.results.analysis.Crossover;
import org.seqbench.results.analysis.Curve;
import org.seqbench.results.analysis.Fit;
import org.seqbench.results.analysis.LatencyModel;
import org.seqbench.results.analysis.Observation;
import org.seqbench.results.analysis.PowerLaw;
import org.seqbench.results.analysis.QuadraticLatency;
import org.seqbench.results.analysis.Roofline;
import org.seqbench.results.analysis.SeqScaling;
import org.seqbench.results.analysis.SeriesNames;
import org.seqbench.results.analysis.Shapes;
import org.seqbench.results.analysis.StepCost;
import org.seqbench.results.analysis.ThreadSpeedup;
import org.seqbench.results.analysis.WorkRate;

/**
 * The analysis in sentences, each with its numbers: what a reader should take away before looking at a chart.
 * Sentences speak of each backend at its fewest threads (the thread chart covers the rest) and name a setting
 * only where the runs vary it. Figures from disturbed cells (measured under contention or on a slow host) carry
 * {@value #CONTENDED}.
 */
public final class Findings {
    /** Marks a figure that comes from a disturbed cell: measured under contention or on a slow host. */
    public static final String CONTENDED = "⚠";

    private final Analysis analysis;
    private final SeriesNames names;
    private final Shapes shapes;

    private Findings(Analysis analysis) {
        this.analysis = analysis;
        this.names = analysis.names();
        this.shapes = analysis.shapes();
    }

    /** Findings about one question, under a heading. */
    public record Topic(String title, List<String> sentences) {
        public Topic {
            sentences = List.copyOf(sentences);
        }
    }

    /** The findings of {@code analysis}, in reading order: contention, scaling, crossovers, batch, threads, work. */
    public static List<String> of(Analysis analysis) {
        return byTopic(analysis).stream().flatMap(topic -> topic.sentences().stream()).toList();
    }

    /** The same findings under headings; topics with nothing to say are left out. */
    public static List<Topic> byTopic(Analysis analysis) {
        Findings findings = new Findings(analysis);
        List<Topic> topics = new ArrayList<>();
        List<String> measurement = new ArrayList<>(List.of(findings.contention()));
        measurement.addAll(findings.hostSpeed());
        measurement.addAll(findings.extraCores());
        topics.add(new Topic("Measurement", measurement));
        topics.add(new Topic("Sequence length", findings.scaling()));
        topics.add(new Topic("Transformer against the recurrent kinds", findings.crossovers()));
        topics.add(new Topic("Batching", findings.batching()));
        topics.add(new Topic("Threads", findings.threads()));
        topics.add(new Topic("Work rate", findings.workRates()));
        topics.add(new Topic("Which backend", findings.choice()));
        return topics.stream().filter(topic -> !topic.sentences().isEmpty()).toList();
    }

    private String contention() {
        long contended = analysis.contendedCount();
        int total = analysis.observations().size();
        if (total == 0) {
            return "No cell was measured, so there is nothing to fit.";
        }
        if (contended == 0) {
            return "All " + total + " measured cells ran without contention from other processes.";
        }
        return contended + " of " + total + " measured cells ran while other processes used the cores they needed ("
                + CONTENDED + "); they are shown but left out of the fits and crossovers.";
    }

    /**
     * How far the host's own speed moved during each run that ran the canary, and how many cells it found the host
     * slow around (left out of the fits like contended ones).
     */
    private List<String> hostSpeed() {
        List<String> sentences = new ArrayList<>();
        for (RunRecord run : analysis.runs()) {
            CanarySample.range(run.canary()).ifPresent(range -> {
                long slow = analysis.observations().stream().filter(observation -> observation.runId()
                        .equals(run.runId()) && Boolean.TRUE.equals(observation.result().slowHost())).count();
                sentences.add("The host's speed, by the canary, varied 1.00x to " + String.format(Locale.ROOT,
                        "%.2fx", range.ratio()) + " during " + (names.severalRuns() ? "run " + run.runId() : "the run")
                        + " (" + range.visits() + (range.visits() == 1 ? " visit" : " visits") + ", the slowest at " + range.slowest().at() + "); "
                        + (slow == 0 ? "no cell was measured while it was slow."
                                : slow + (slow == 1 ? " cell" : " cells") + " measured while it was slow (more than "
                                        + String.format(Locale.ROOT, "%.2fx", CanarySample.SLOW_FACTOR)
                                        + " the fastest visit's time before and after) " + (slow == 1 ? "is" : "are") + " marked " + CONTENDED
                                        + " and left out of the fits."));
            });
        }
        return sentences;
    }

    /**
     * Backends whose measuring JVM kept more cores busy than the cells asked for threads (by more than a quarter
     * core): their "n threads" figures are not n-core figures, and a reader comparing engines must know.
     */
    private List<String> extraCores() {
        Map<String, List<Observation>> bySeries = new LinkedHashMap<>();
        for (Observation observation : analysis.observations()) {
            Double own = observation.result().contention() == null ? null
                    : observation.result().contention().ownCpuCores();
            if (own != null && observation.cell().threads() > 0) {
                bySeries.computeIfAbsent(names.of(observation.runId(), observation.cell()), key -> new ArrayList<>())
                        .add(observation);
            }
        }
        List<String> sentences = new ArrayList<>();
        bySeries.forEach((series, observations) -> {
            List<Observation> over = observations.stream()
                    .filter(observation -> ownCores(observation) > observation.cell().threads() + EXTRA_CORES_MARGIN)
                    .toList();
            if (over.isEmpty()) {
                return;
            }
            Observation most = over.stream().max(Comparator.comparingDouble(
                    observation -> ownCores(observation) - observation.cell().threads())).orElseThrow();
            double median = new Median().evaluate(over.stream()
                    .mapToDouble(observation -> ownCores(observation) - observation.cell().threads()).toArray());
            int threads = most.cell().threads();
            sentences.add(series + " kept more cores busy than its cells asked for threads in " + over.size()
                    + " of " + observations.size() + " cells (by " + Numbers.significant(median, 2)
                    + " cores at the median; at most " + Numbers.significant(ownCores(most), 3) + " cores for "
                    + threads + (threads == 1 ? " thread" : " threads") + ", " + Shapes.kind(most.cell().kind())
                    + " at T = " + most.cell().seqLen() + ", batch " + most.cell().batch() + "): other threads of its "
                    + "JVM (garbage collector, the engine's helpers) worked beside the measured ones, so its figures "
                    + "for n threads are not n-core figures.");
        });
        return sentences;
    }

    /** How much more than its thread count a cell's JVM may use before a finding says so. */
    static final double EXTRA_CORES_MARGIN = 0.25;

    private static double ownCores(Observation observation) {
        return observation.result().contention().ownCpuCores();
    }

    // ------------------------------------------------------------------------------------------ sequence length

    private List<String> scaling() {
        record Key(String runId, String series, ModelKind kind, String setting) {
        }
        Map<Key, List<SeqScaling>> groups = new LinkedHashMap<>();
        for (SeqScaling scaling : analysis.seqScaling()) {
            Curve curve = scaling.curve();
            if (curve.shape().threads() != fewestThreads(curve.runId(), curve.shape())) {
                continue;
            }
            groups.computeIfAbsent(new Key(curve.runId(), names.of(curve.runId(), curve.shape()), scaling.kind(),
                    shapes.describe(curve.shape(), Coordinate.BATCH, Coordinate.THREADS)), key -> new ArrayList<>())
                    .add(scaling);
        }
        List<String> sentences = new ArrayList<>();
        groups.forEach((key, scalings) -> {
            List<SeqScaling> byBatch = scalings.stream()
                    .sorted(Comparator.comparingInt(scaling -> scaling.curve().shape().batch())).toList();
            List<String> exponents = new ArrayList<>();
            for (SeqScaling scaling : byBatch) {
                String at = shapes.batchVaries() ? " at batch " + scaling.curve().shape().batch() : "";
                exponents.add(switch (scaling.powerLaw()) {
                    case Fit.Fitted<PowerLaw>(PowerLaw law) -> "T^" + Numbers.significant(law.exponent(), 3) + " ± "
                            + Numbers.significant(law.standardError(), 2) + at + " (" + PowerLaw.CONFIDENCE_PERCENT
                            + "% CI " + Numbers.significant(law.ciLow(), 2) + " to " + Numbers.significant(law.ciHigh(), 2)
                            + ")";
                    case Fit.NotFitted<PowerLaw>(String reason) -> "no fit" + at + " (" + reason + ")";
                });
            }
            int leftOut = byBatch.stream().mapToInt(scaling -> scaling.curve().disturbedCount()).sum();
            StringBuilder sentence = new StringBuilder(Shapes.kind(key.kind())).append(" on ").append(key.series())
                    .append(key.setting().isEmpty() ? "" : " (" + key.setting() + ")")
                    .append(": latency grows as ").append(join(exponents));
            byBatch.stream().filter(scaling -> scaling.decomposition() instanceof Fit.Fitted<LatencyModel>)
                    .findFirst().ifPresent(scaling -> sentence.append("; ").append(decomposition(scaling)));
            if (leftOut > 0) {
                sentence.append("; ").append(leftOut).append(" contended ").append(leftOut == 1 ? "cell was" : "cells were")
                        .append(" left out of these fits");
            }
            sentences.add(sentence.append(".").toString());
        });
        return sentences;
    }

    private String decomposition(SeqScaling scaling) {
        String at = shapes.batchVaries() ? "at batch " + scaling.curve().shape().batch() + " " : "";
        return switch (scaling.decomposition().orNull()) {
            case StepCost cost -> at + "each sequential step costs "
                    + Numbers.timeWithError(cost.perStepMs(), cost.perStepError()) + " on top of "
                    + overhead(cost) + ", so at T = "
                    + cost.longestLength() + (cost.longestSteps() != cost.longestLength()
                            ? " (" + cost.longestSteps() + " sequential steps)" : "")
                    + " the recurrence is " + Numbers.percent(cost.recurrenceShare()) + " of the latency";
            case QuadraticLatency quadratic -> at + quadraticSplit(quadratic)
                    + (quadratic.exact() ? " (an exact fit through 3 lengths: no uncertainty)" : "");
            case null -> "";
        };
    }

    /**
     * The fixed overhead: indistinguishable from zero when it lies within two standard errors of it, and no overhead
     * at all when the line's intercept lies clearly below zero (the per-step cost then grows with T, and a negative
     * time is not a cost to report).
     */
    private static String overhead(StepCost cost) {
        String value = Numbers.timeWithError(cost.overheadMs(), cost.overheadError());
        if (Math.abs(cost.overheadMs()) < 2 * cost.overheadError()) {
            return "a fixed overhead indistinguishable from zero (" + value + ")";
        }
        if (cost.overheadMs() < 0) {
            return "no measurable fixed overhead (the line's intercept is negative, " + value
                    + ": the cost per step grows a little with T)";
        }
        return "a fixed " + value;
    }

    /**
     * The Transformer's latency split into constant, linear and quadratic parts at the longest length, when all three
     * are positive. A negative part means the measured lengths cannot separate them (a negative T² term: no
     * quadratic part shows yet), and percentages beyond 100% would only mislead.
     */
    private static String quadraticSplit(QuadraticLatency quadratic) {
        if (quadratic.quadraticMs() < 0) {
            return "the latency shows no quadratic part up to T = " + quadratic.longestLength()
                    + " (the best a + b·T + c·T² has a negative T² term)";
        }
        if (quadratic.linearShare() < 0 || quadratic.constantShare() < 0) {
            return "a + b·T + c·T² gives " + Numbers.percent(quadratic.quadraticShare()) + " of the latency at T = "
                    + quadratic.longestLength() + " to the quadratic part (attention scores), but a negative "
                    + (quadratic.linearShare() < 0 ? "linear" : "constant") + " part: the measured lengths do not "
                    + "separate the other two";
        }
        return "a + b·T + c·T² splits the latency at T = " + quadratic.longestLength() + " into "
                + Numbers.percent(quadratic.linearShare()) + " linear, " + Numbers.percent(quadratic.quadraticShare())
                + " quadratic (attention scores) and " + Numbers.percent(quadratic.constantShare()) + " constant";
    }

    // ------------------------------------------------------------------------------------------ crossovers

    private List<String> crossovers() {
        record Key(String runId, String backend, int batch, String setting) {
        }
        Map<Key, List<Crossover>> groups = new LinkedHashMap<>();
        for (Crossover crossover : analysis.crossovers()) {
            Cell shape = crossover.transformer();
            if (shape.threads() != fewestThreads(crossover.runId(), shape)) {
                continue;
            }
            groups.computeIfAbsent(new Key(crossover.runId(), names.backendOf(crossover.runId(), shape),
                    shape.batch(), shapes.describe(shape, Coordinate.BATCH, Coordinate.THREADS)),
                    key -> new ArrayList<>()).add(crossover);
        }
        List<String> sentences = new ArrayList<>();
        groups.forEach((key, crossovers) -> {
            String where = "On " + key.backend() + (shapes.batchVaries() ? " at batch " + key.batch() : "")
                    + (key.setting().isEmpty() ? "" : " (" + key.setting() + ")") + ", ";
            Map<String, List<Crossover>> bySubject = new LinkedHashMap<>();
            for (Crossover crossover : crossovers) {
                bySubject.computeIfAbsent("the Transformer" + names.variantNote(crossover.transformer()),
                        subject -> new ArrayList<>()).add(crossover);
            }
            bySubject.forEach((subject, pairs) -> sentences.add(where + subject + " is " + String.join("; ",
                    clauses(pairs)) + "."));
        });
        return sentences;
    }

    /**
     * One clause per recurrent kind the Transformer crosses; the kinds it does not cross share a clause per
     * outcome ("slower than the RNN and the GRU at every measured length").
     */
    private List<String> clauses(List<Crossover> pairs) {
        record Uncrossed(boolean faster, int first, int last) {
        }
        Map<Uncrossed, List<String>> uncrossed = new LinkedHashMap<>();
        List<String> clauses = new ArrayList<>();
        for (Crossover crossover : pairs) {
            String other = "the " + Shapes.kind(crossover.recurrent().kind()) + names.variantNote(crossover.recurrent());
            List<Integer> lengths = crossover.comparedLengths();
            switch (crossover.crossings()) {
                case Fit.NotFitted<List<Crossover.Crossing>>(String reason) ->
                        clauses.add("not comparable with " + other + " (" + reason + ")");
                case Fit.Fitted<List<Crossover.Crossing>>(List<Crossover.Crossing> crossings) when crossings.isEmpty() ->
                        uncrossed.computeIfAbsent(new Uncrossed(crossover.transformerFasterAtShortest(),
                                lengths.getFirst(), lengths.getLast()), outcome -> new ArrayList<>()).add(other);
                case Fit.Fitted<List<Crossover.Crossing>>(List<Crossover.Crossing> crossings) ->
                        clauses.add(crossed(other, crossover.transformerFasterAtShortest(), crossings));
            }
        }
        uncrossed.forEach((outcome, others) -> clauses.add((outcome.faster() ? "faster" : "slower") + " than "
                + join(others) + " at every measured length (" + outcome.first() + " to " + outcome.last()
                + "): no crossover in the measured range"));
        return clauses;
    }

    /**
     * "faster than the GRU up to T ≈ 40 and slower beyond (interpolated between 16 and 64)"; with several crossings,
     * each stretch in turn.
     */
    private static String crossed(String other, boolean fasterFirst, List<Crossover.Crossing> crossings) {
        StringBuilder clause = new StringBuilder(fasterFirst ? "faster" : "slower").append(" than ").append(other);
        boolean faster = fasterFirst;
        for (int i = 0; i < crossings.size(); i++) {
            if (i > 0) {
                clause.append(", ").append(faster ? "faster" : "slower");
            }
            clause.append(" up to T ≈ ").append(Numbers.significant(crossings.get(i).length(), 2));
            faster = !faster;
        }
        List<String> intervals = crossings.stream().map(crossing -> crossing.lower() + " and " + crossing.upper())
                .distinct().toList();
        return clause.append(" and ").append(faster ? "faster" : "slower").append(" beyond (interpolated between ")
                .append(String.join(", and between ", intervals)).append(")").toString();
    }

    // ------------------------------------------------------------------------------------------ batch

    private List<String> batching() {
        record Key(String runId, String backend, String setting) {
        }
        Map<Key, List<BatchGain>> groups = new LinkedHashMap<>();
        for (BatchGain gain : analysis.batchGains()) {
            Curve curve = gain.curve();
            if (curve.shape().threads() != fewestThreads(curve.runId(), curve.shape())) {
                continue;
            }
            groups.computeIfAbsent(new Key(curve.runId(), names.backendOf(curve.runId(), curve.shape()),
                    shapes.describe(curve.shape(), Coordinate.BATCH, Coordinate.THREADS)), key -> new ArrayList<>())
                    .add(gain);
        }
        List<String> sentences = new ArrayList<>();
        groups.forEach((key, gains) -> {
            // One figure per kind and variant: its longest length, its largest batch.
            Map<String, BatchGain> chosen = new LinkedHashMap<>();
            Comparator<BatchGain> preference = Comparator.comparingInt((BatchGain gain) -> gain.curve().shape().seqLen())
                    .thenComparingInt(BatchGain::batch);
            for (BatchGain gain : gains) {
                chosen.merge(Shapes.kind(gain.curve().shape().kind()) + names.variantNote(gain.curve().shape()), gain,
                        (kept, candidate) -> preference.compare(candidate, kept) > 0 ? candidate : kept);
            }
            List<BatchGain> picked = List.copyOf(chosen.values());
            boolean sameSetting = picked.stream().map(gain -> gain.curve().shape().seqLen() + "/" + gain.baseBatch()
                    + "/" + gain.batch()).distinct().count() == 1;
            BatchGain first = picked.getFirst();
            StringBuilder sentence = new StringBuilder("Batching on ").append(key.backend())
                    .append(key.setting().isEmpty() ? "" : " (" + key.setting() + ")");
            if (sameSetting) {
                sentence.append(": at T = ").append(first.curve().shape().seqLen()).append(", throughput from batch ")
                        .append(first.baseBatch()).append(" to batch ").append(first.batch()).append(" grows ");
            } else {
                sentence.append(": throughput grows ");
            }
            List<String> clauses = new ArrayList<>();
            for (Map.Entry<String, BatchGain> entry : chosen.entrySet()) {
                BatchGain gain = entry.getValue();
                clauses.add(Numbers.times(gain.gain()) + (gain.contended() ? " " + CONTENDED : "") + " for the "
                        + entry.getKey() + (sameSetting ? "" : " (T = " + gain.curve().shape().seqLen() + ", batch "
                                + gain.baseBatch() + " to " + gain.batch() + ")"));
            }
            sentence.append(join(clauses));
            if (sameSetting) {
                sentence.append(" (").append(Numbers.times(first.ideal())).append(" if batching were free)");
            }
            sentences.add(sentence.append(".").toString());
        });
        return sentences;
    }

    // ------------------------------------------------------------------------------------------ threads

    private List<String> threads() {
        record Key(String runId, String backend, int batch, String setting) {
        }
        Map<Key, List<ThreadSpeedup>> groups = new LinkedHashMap<>();
        Map<String, int[]> batchRange = new LinkedHashMap<>();
        for (ThreadSpeedup speedup : analysis.threadSpeedups()) {
            Cell shape = speedup.curve().shape();
            batchRange.merge(speedup.curve().runId() + "/" + shape.backend(), new int[] {shape.batch(), shape.batch()},
                    (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        for (ThreadSpeedup speedup : analysis.threadSpeedups()) {
            Cell shape = speedup.curve().shape();
            int[] range = batchRange.get(speedup.curve().runId() + "/" + shape.backend());
            if (shape.batch() != range[0] && shape.batch() != range[1]) {
                continue;
            }
            groups.computeIfAbsent(new Key(speedup.curve().runId(), names.backendOf(speedup.curve().runId(), shape),
                    shape.batch(), shapes.describe(shape, Coordinate.BATCH, Coordinate.THREADS)),
                    key -> new ArrayList<>()).add(speedup);
        }
        List<String> sentences = new ArrayList<>();
        groups.forEach((key, speedups) -> {
            // One figure per kind and variant: its longest length, its most threads.
            Map<String, ThreadSpeedup> chosen = new LinkedHashMap<>();
            Comparator<ThreadSpeedup> preference = Comparator
                    .comparingInt((ThreadSpeedup speedup) -> speedup.curve().shape().seqLen())
                    .thenComparingInt(ThreadSpeedup::threads);
            for (ThreadSpeedup speedup : speedups) {
                chosen.merge(Shapes.kind(speedup.curve().shape().kind()) + names.variantNote(speedup.curve().shape()),
                        speedup, (kept, candidate) -> preference.compare(candidate, kept) > 0 ? candidate : kept);
            }
            List<ThreadSpeedup> picked = List.copyOf(chosen.values());
            boolean sameSetting = picked.stream().map(speedup -> speedup.curve().shape().seqLen() + "/"
                    + speedup.threads()).distinct().count() == 1;
            ThreadSpeedup first = picked.getFirst();
            StringBuilder sentence = new StringBuilder("Threads on ").append(key.backend())
                    .append(shapes.batchVaries() ? " at batch " + key.batch() : "")
                    .append(key.setting().isEmpty() ? "" : " (" + key.setting() + ")");
            if (sameSetting) {
                sentence.append(": at T = ").append(first.curve().shape().seqLen()).append(", ")
                        .append(Shapes.threads(first.threads())).append(" against 1 give a speedup of ");
            } else {
                sentence.append(": the speedup over 1 thread is ");
            }
            List<String> clauses = new ArrayList<>();
            for (Map.Entry<String, ThreadSpeedup> entry : chosen.entrySet()) {
                ThreadSpeedup speedup = entry.getValue();
                clauses.add(Numbers.times(speedup.speedup()) + (speedup.contended() ? " " + CONTENDED : "")
                        + " for the " + entry.getKey() + (sameSetting ? "" : " (" + Shapes.threads(speedup.threads())
                                + " at T = " + speedup.curve().shape().seqLen() + ")")
                        + (speedup.threads() > 0 ? " at " + Numbers.percent(speedup.efficiency()) + " efficiency" : ""));
            }
            sentences.add(sentence.append(join(clauses)).append(".").toString());
        });
        return sentences;
    }

    // ------------------------------------------------------------------------------------------ work rate

    private List<String> workRates() {
        List<String> sentences = new ArrayList<>();
        for (RunRecord run : analysis.runs()) {
            List<Environment.Peak> peaks = run.environment().peaks();
            String ofRun = names.severalRuns() ? " in " + run.runId() : "";
            sentences.addAll(engineFreeBounds(run, ofRun));
            if (peaks.isEmpty()) {
                if (analysis.observations().stream().anyMatch(observation -> observation.runId().equals(run.runId()))) {
                    sentences.add("No peak was measured" + ofRun + " (the record predates seqbench's peak probe), "
                            + "so work rates are stated in GFLOP/s only.");
                }
                continue;
            }
            Map<String, List<Environment.Peak>> byDevice = peaks.stream()
                    .collect(Collectors.groupingBy(Environment.Peak::device, LinkedHashMap::new, Collectors.toList()));
            int cores = run.environment().logicalCores();
            byDevice.forEach((device, measured) -> {
                List<String> backends = measured.stream().map(Environment.Peak::backend).distinct().toList();
                List<Integer> sizes = measured.stream().map(Environment.Peak::n).distinct().sorted().toList();
                List<String> fastest = measured.stream().map(Environment.Peak::threads).distinct()
                        .sorted(Comparator.comparingInt(threads -> threads == 0 ? Integer.MAX_VALUE : threads))
                        .map(threads -> run.environment().peakFor(device, threads).orElseThrow())
                        .map(peak -> Numbers.significant(peak.gflops(), 3) + " GFLOP/s"
                                + (peak.contended(cores) ? " " + CONTENDED : "") + " on " + Shapes.threads(peak.threads())
                                + (backends.size() > 1 || sizes.size() > 1 ? " (" + (backends.size() > 1
                                        ? peak.backend() + (sizes.size() > 1 ? ", " : "") : "")
                                        + (sizes.size() > 1 ? "n = " + peak.n() : "") + ")" : ""))
                        .toList();
                boolean anyContended = measured.stream().anyMatch(peak -> peak.contended(cores));
                String product = sizes.size() == 1 ? "float32 " + sizes.getFirst() + " x " + sizes.getFirst()
                        + " matrix product" : "float32 n x n matrix products, n = " + sizes.getFirst() + " to "
                        + sizes.getLast();
                sentences.add((sizes.size() == 1 ? "Measured peak" : "Best engine product") + ofRun + " on " + device
                        + " (" + product + ", fastest repetition" + (backends.size() > 1 ? ", fastest of "
                                + join(backends) : " on " + backends.getFirst()) + "): " + join(fastest) + "."
                        + (anyContended ? " A peak marked " + CONTENDED + " was measured while other processes used the"
                                + " cores it needed: it is likely low, and shares of it too high." : ""));
            });
        }
        Map<String, List<WorkRate>> bySeries = new LinkedHashMap<>();
        for (WorkRate rate : analysis.workRates()) {
            bySeries.computeIfAbsent(names.backendOf(rate.observation().runId(), rate.observation().cell()),
                    key -> new ArrayList<>()).add(rate);
        }
        bySeries.forEach((series, rates) -> {
            WorkRate best = rates.stream().max(Comparator.comparingDouble(WorkRate::gflops)).orElseThrow();
            WorkRate worst = rates.stream().min(Comparator.comparingDouble(WorkRate::gflops)).orElseThrow();
            sentences.add("Work rate on " + series + ": from " + rate(worst) + " for " + where(worst) + " to "
                    + rate(best) + " for " + where(best) + ".");
        });
        sentences.addAll(rooflines());
        return sentences;
    }

    /** The cores' FMA limit and the memory bandwidth of one run, per device; nothing for records without them. */
    private List<String> engineFreeBounds(RunRecord run, String ofRun) {
        Environment environment = run.environment();
        int cores = environment.logicalCores();
        Map<String, List<Environment.FmaPeak>> fmaByDevice = environment.fmaPeaks().stream().collect(
                Collectors.groupingBy(Environment.FmaPeak::device, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<Environment.Bandwidth>> bandwidthByDevice = environment.bandwidths().stream().collect(
                Collectors.groupingBy(Environment.Bandwidth::device, LinkedHashMap::new, Collectors.toList()));
        List<String> sentences = new ArrayList<>();
        fmaByDevice.forEach((device, peaks) -> {
            Environment.FmaPeak sample = peaks.getFirst();
            List<String> low = peaks.stream().filter(peak -> environment.peakFor(device, peak.threads())
                    .filter(product -> product.gflops() > peak.gflops()).isPresent())
                    .map(peak -> Shapes.onCores(peak.threads(), cores)).toList();
            sentences.add("FMA peak" + ofRun + " on " + device + " (the cores' limit: independent fused multiply-adds"
                    + " on " + sample.vectorBits() + "-bit vectors, best iteration): " + join(peaks.stream()
                            .sorted(Comparator.comparingInt(peak -> threadOrder(peak.threads())))
                            .map(peak -> Numbers.significant(peak.gflops(), 3) + " GFLOP/s"
                                    + (peak.contended(cores) ? " " + CONTENDED : "") + " on "
                                    + Shapes.onCores(peak.threads(), cores)).toList()) + "."
                    + (low.isEmpty() ? "" : " On " + join(low) + " an engine's product ran faster than it: the FMA "
                            + "probe ran low there, and shares of it are too high."));
        });
        bandwidthByDevice.forEach((device, figures) -> sentences.add("Memory bandwidth" + ofRun + " on " + device
                + " (STREAM triad over " + Numbers.mebibytes(figures.getFirst().arrayBytes()) + " arrays, best "
                + "iteration): " + join(figures.stream()
                        .sorted(Comparator.comparingInt(figure -> threadOrder(figure.threads())))
                        .map(figure -> Numbers.significant(figure.gbPerSecond(), 3) + " GB/s"
                                + (figure.contended(cores) ? " " + CONTENDED : "") + " on "
                                + Shapes.onCores(figure.threads(), cores)).toList()) + "."));
        return sentences;
    }

    /**
     * Per backend at its fewest threads: how many cells each roof binds, and how the Transformer moves on its
     * roofline from the shortest length to the longest (its attention matrix grows as T squared).
     */
    private List<String> rooflines() {
        List<String> sentences = new ArrayList<>();
        Map<String, List<Roofline>> bySeries = new LinkedHashMap<>();
        for (Roofline roofline : analysis.rooflines()) {
            Observation observation = roofline.observation();
            if (observation.cell().threads() == fewestThreads(observation.runId(), observation.cell())) {
                bySeries.computeIfAbsent(names.backendOf(observation.runId(), observation.cell()),
                        key -> new ArrayList<>()).add(roofline);
            }
        }
        List<String> perSeries = new ArrayList<>();
        bySeries.forEach((series, cells) -> {
            Map<Roofline.Bound, Long> counts = new java.util.EnumMap<>(Roofline.Bound.class);
            cells.forEach(roofline -> counts.merge(roofline.bound(), 1L, Long::sum));
            List<String> parts = new ArrayList<>();
            counts.forEach((bound, count) -> parts.add(count + (count == 1 ? " cell" : " cells") + " bound by "
                    + bound.words()));
            Observation sample = cells.getFirst().observation();
            perSeries.add(series + " at " + Shapes.threads(sample.cell().threads()) + ", " + join(parts));
        });
        if (!perSeries.isEmpty()) {
            sentences.add("Roofline (a cell is bound by the lower roof at its arithmetic intensity when it reaches at "
                    + "least " + Numbers.percent(Roofline.NEAR) + " of it, and by neither when it reaches less): "
                    + String.join("; ", perSeries) + ".");
        }
        for (Roofline roofline : analysis.rooflines()) {
            transformerPath(roofline).ifPresent(sentences::add);
        }
        return sentences;
    }

    /**
     * For the longest-length cell of a Transformer curve at its backend's fewest threads: the path from the
     * curve's shortest length, in intensity, attention share of the bytes, rate and verdict.
     */
    private java.util.Optional<String> transformerPath(Roofline longest) {
        Observation end = longest.observation();
        Cell cell = end.cell();
        if (cell.kind() != ModelKind.TRANSFORMER || cell.threads() != fewestThreads(end.runId(), cell)) {
            return java.util.Optional.empty();
        }
        List<Roofline> curve = analysis.rooflines().stream().filter(other -> {
            Cell candidate = other.observation().cell();
            return other.observation().runId().equals(end.runId()) && candidate.backend().equals(cell.backend())
                    && candidate.variant().equals(cell.variant()) && candidate.kind() == cell.kind()
                    && candidate.batch() == cell.batch() && candidate.threads() == cell.threads()
                    && candidate.hiddenSize() == cell.hiddenSize() && candidate.layers() == cell.layers();
        }).sorted(Comparator.comparingInt(other -> other.observation().cell().seqLen())).toList();
        if (curve.size() < 2 || curve.getLast() != longest) {
            return java.util.Optional.empty();
        }
        Roofline start = curve.getFirst();
        String setting = shapes.describe(cell);
        return java.util.Optional.of("Transformer on " + names.backendOf(end.runId(), cell) + names.variantNote(cell)
                + (setting.isEmpty() ? "" : " (" + setting + ")") + " from T = " + start.observation().cell().seqLen()
                + " to T = " + cell.seqLen() + ": the attention products grow from "
                + Numbers.percent(attentionFlopShare(start)) + " to " + Numbers.percent(attentionFlopShare(longest))
                + " of the FLOPs and the attention matrix from " + Numbers.percent(attentionShare(start)) + " to "
                + Numbers.percent(attentionShare(longest)) + " of the bytes, the arithmetic intensity goes from " + Numbers.significant(start.intensity(), 3)
                + " to " + Numbers.significant(longest.intensity(), 3) + " FLOP/byte and the rate from "
                + Numbers.significant(start.gflops(), 3) + " to " + Numbers.significant(longest.gflops(), 3)
                + " GFLOP/s (" + (start.fractionOfAttainable() <= 1 && longest.fractionOfAttainable() <= 1
                        ? Numbers.percent(start.fractionOfAttainable()) + " to "
                                + Numbers.percent(longest.fractionOfAttainable()) + " of the lower roof"
                        : BoundWords.roofShare(start) + " at the shorter, " + BoundWords.roofShare(longest)
                                + " at the longer") + "): bound by "
                + start.bound().words() + (start.bound() == longest.bound() ? " at both lengths"
                        : " at the shorter, by " + longest.bound().words() + " at the longer") + ".");
    }

    private static double attentionFlopShare(Roofline roofline) {
        Cell cell = roofline.observation().cell();
        return (double) Work.attentionFlops(cell.spec(), cell.batch(), cell.seqLen())
                / roofline.observation().result().work().flops();
    }

    private static double attentionShare(Roofline roofline) {
        Cell cell = roofline.observation().cell();
        return (double) Work.attentionMatrixBytes(cell.spec(), cell.batch(), cell.seqLen())
                / roofline.observation().result().work().bytes();
    }

    private static int threadOrder(int threads) {
        return threads == 0 ? Integer.MAX_VALUE : threads;
    }

    private String rate(WorkRate rate) {
        String gflops = Numbers.significant(rate.gflops(), 3) + " GFLOP/s" + (rate.observation().disturbed() ? " "
                + CONTENDED : "");
        if (rate.fmaPeak() == null) {
            return gflops + (rate.peak() == null ? ""
                    : " (" + BoundWords.share(rate.fractionOfPeak(), BoundWords.Bound.PEAK) + ")");
        }
        return gflops + " (" + BoundWords.share(rate.fractionOfFmaPeak(), BoundWords.Bound.FMA_PEAK)
                + (rate.peak() == null ? ""
                        : ", " + BoundWords.share(rate.fractionOfPeak(), BoundWords.Bound.BEST_GEMM)) + ")";
    }

    private String where(WorkRate rate) {
        Cell cell = rate.observation().cell();
        String setting = shapes.describe(cell);
        return "the " + Shapes.kind(cell.kind()) + names.variantNote(cell) + " at T = " + cell.seqLen()
                + (setting.isEmpty() ? "" : ", " + setting);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private int fewestThreads(String runId, Cell shape) {
        return analysis.fewestThreads(runId, shape.backend());
    }

    /** "a", "a and b", "a, b and c". */
    static String join(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }

    /**
     * Per kind, how many of the measured points each backend wins, and at how many of them significantly: "LSTM: onnx
     * is the fastest at 10 of 12 measured points (8 significantly), djl at 2 (none significantly)."
     */
    private List<String> choice() {
        DecisionRows rows = new DecisionRows(analysis);
        List<String> sentences = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            List<org.seqbench.results.analysis.Decision> decided = rows.ordered().stream()
                    .filter(decision -> decision.point().kind() == kind && decision.winner() != null).toList();
            if (decided.isEmpty() || decided.stream().allMatch(decision -> decision.runnerUp() == null)) {
                continue;
            }
            Map<String, int[]> wins = new LinkedHashMap<>();
            for (org.seqbench.results.analysis.Decision decision : decided) {
                int[] counts = wins.computeIfAbsent(names.of(decision.winner().runId(), decision.winner().cell()),
                        key -> new int[2]);
                counts[0]++;
                counts[1] += decision.margin() != null && decision.margin().significant() ? 1 : 0;
            }
            List<Map.Entry<String, int[]>> ranked = wins.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, int[]> entry) -> -entry.getValue()[0]))
                    .toList();
            // Where no margin has an interval (records without trials), "none significantly" would claim too much.
            boolean told = decided.stream().anyMatch(decision -> decision.margin() != null
                    && decision.margin().interval() != null);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < ranked.size(); i++) {
                int[] counts = ranked.get(i).getValue();
                String significantly = !told ? "" : counts[1] == 0 ? " (none significantly)"
                        : " (" + counts[1] + " significantly)";
                parts.add(i == 0 ? ranked.get(i).getKey() + " is the fastest at " + counts[0] + " of " + decided.size()
                        + " measured points" + significantly : ranked.get(i).getKey() + " at " + counts[0]
                                + significantly);
            }
            sentences.add(Shapes.kind(kind) + ": " + String.join(", ", parts) + (told ? "."
                    : "; no margin's significance can be told (" + decided.stream().map(decision -> decision.margin())
                            .filter(java.util.Objects::nonNull).map(margin -> margin.noInterval()).findFirst()
                            .orElse("no interval") + ")."));
        }
        return sentences;
    }
}
