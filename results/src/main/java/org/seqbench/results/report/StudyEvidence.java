package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.seqbench.results.Cell;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.BatchGain;
import org.seqbench.results.analysis.Observation;
import org.seqbench.results.analysis.PowerLaw;
import org.seqbench.results.analysis.SeqScaling;
import org.seqbench.results.analysis.ThreadSpeedup;
import org.seqbench.study.claims.ParallelismEvidence;
import org.seqbench.study.claims.ParallelismEvidence.Latency;
import org.seqbench.study.claims.ParallelismEvidence.Scaling;

/**
 * What a benchmark run's analysis says about parallelism, in the form the study's claims read
 * ({@link ParallelismEvidence}): one figure per backend and kind, each from the cells that show it most plainly.
 * Undisturbed cells are preferred wherever a figure has them, since the claims compare factors across kinds and a
 * contended cell's ratio says more about the other processes than about the model.
 */
public final class StudyEvidence {
    /** A device name that says the backend ran on a GPU: "cuda:0 NVIDIA H100", "gpu", "rocm". */
    private static final Pattern GPU = Pattern.compile("\\b(cuda|gpu|rocm|hip|mps)\\b");

    private StudyEvidence() {
    }

    /**
     * The parallelism evidence of the runs {@code analysis} was made of.
     *
     * <ul>
     *   <li>threads: the speedup at the most threads measured (a positive count: the engine's default has none to
     *       compare with) over 1 thread, at the longest length where both were measured, the smallest batch;</li>
     *   <li>batch: the throughput gain from the smallest to the largest batch at the longest length, the fewest
     *       threads;</li>
     *   <li>length: the power law's exponent over the measured lengths, at the smallest batch and fewest threads;</li>
     *   <li>latencies: the headline latency at batch 1 and the backend's fewest threads, per length;</li>
     *   <li>GPU backends: those with measured cells whose run's environment names a GPU device.</li>
     * </ul>
     *
     * @throws IllegalArgumentException if the analysis holds no run
     */
    public static ParallelismEvidence of(Analysis analysis) {
        if (analysis.runs().isEmpty()) {
            throw new IllegalArgumentException("parallelism evidence needs a benchmark run, got none");
        }
        String runId = analysis.runs().stream().map(RunRecord::runId).collect(Collectors.joining(", "));
        String machine = analysis.runs().stream().map(run -> run.environment().cpuModel() + ", "
                + run.environment().logicalCores() + " logical cores").distinct().collect(Collectors.joining("; "));
        return new ParallelismEvidence(runId, machine, threads(analysis), batches(analysis), lengths(analysis),
                latencies(analysis), gpuBackends(analysis));
    }

    private static List<Scaling> threads(Analysis analysis) {
        Comparator<ThreadSpeedup> order = Comparator
                .comparingInt((ThreadSpeedup speedup) -> -speedup.curve().shape().seqLen())
                .thenComparingInt(speedup -> -speedup.threads())
                .thenComparingInt(speedup -> speedup.curve().shape().batch());
        List<ThreadSpeedup> counted = analysis.threadSpeedups().stream().filter(speedup -> speedup.threads() > 0)
                .toList();
        return best(counted, speedup -> speedup.curve().shape(), ThreadSpeedup::contended, order).stream()
                .map(speedup -> scaling(speedup.curve().shape(), 1, speedup.threads(),
                        speedup.curve().shape().seqLen(), speedup.speedup()))
                .toList();
    }

    private static List<Scaling> batches(Analysis analysis) {
        Comparator<BatchGain> order = Comparator
                .comparingInt((BatchGain gain) -> -gain.curve().shape().seqLen())
                .thenComparingInt(gain -> threadRank(gain.curve().shape().threads()))
                .thenComparingInt(gain -> -gain.batch());
        return best(analysis.batchGains(), gain -> gain.curve().shape(), BatchGain::contended, order).stream()
                .map(gain -> scaling(gain.curve().shape(), gain.baseBatch(), gain.batch(),
                        gain.curve().shape().seqLen(), gain.gain()))
                .toList();
    }

    private static List<Scaling> lengths(Analysis analysis) {
        Comparator<SeqScaling> order = Comparator
                .comparingInt((SeqScaling scaling) -> scaling.curve().shape().batch())
                .thenComparingInt(scaling -> threadRank(scaling.curve().shape().threads()))
                .thenComparingInt(scaling -> -scaling.fittedLengths().size());
        List<SeqScaling> fitted = analysis.seqScaling().stream().filter(scaling -> scaling.powerLaw().orNull() != null)
                .toList();
        // A fit is made on undisturbed cells only, so every fitted curve counts as clean.
        return best(fitted, scaling -> scaling.curve().shape(), scaling -> false, order).stream()
                .map(scaling -> {
                    PowerLaw law = scaling.powerLaw().orNull();
                    int from = scaling.fittedLengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
                    int to = scaling.fittedLengths().stream().mapToInt(Integer::intValue).max().orElseThrow();
                    return scaling(scaling.curve().shape(), from, to, to, law.exponent());
                })
                .toList();
    }

    private static List<Latency> latencies(Analysis analysis) {
        Map<String, Observation> chosen = new LinkedHashMap<>();
        Comparator<Observation> order = Comparator.comparing(Observation::disturbed)
                .thenComparingInt(observation -> observation.cell().hiddenSize())
                .thenComparingInt(observation -> observation.cell().layers());
        for (Observation observation : analysis.observations()) {
            Cell cell = observation.cell();
            if (cell.batch() != 1 || cell.threads() != analysis.fewestThreads(observation.runId(), cell.backend())) {
                continue;
            }
            chosen.merge(cell.backend() + "/" + cell.kind().id() + "/" + cell.seqLen(), observation,
                    (held, candidate) -> order.compare(candidate, held) < 0 ? candidate : held);
        }
        return chosen.values().stream().map(observation -> new Latency(observation.cell().backend(),
                observation.cell().kind().id(), observation.cell().seqLen(), observation.latencyMs())).toList();
    }

    private static List<String> gpuBackends(Analysis analysis) {
        List<String> gpus = new ArrayList<>();
        for (RunRecord run : analysis.runs()) {
            for (Environment.BackendInfo backend : run.environment().backends()) {
                boolean measured = analysis.observations().stream().anyMatch(observation -> observation.runId()
                        .equals(run.runId()) && observation.cell().backend().equals(backend.id()));
                if (measured && backend.device() != null
                        && GPU.matcher(backend.device().toLowerCase(Locale.ROOT)).find() && !gpus.contains(backend.id())) {
                    gpus.add(backend.id());
                }
            }
        }
        return gpus;
    }

    /**
     * The first of {@code figures} by {@code order} for each backend and kind, in the order the pairs first
     * appear, among the undisturbed figures of the pair when it has any.
     */
    private static <T> List<T> best(List<T> figures, Function<T, Cell> shape, java.util.function.Predicate<T> disturbed,
            Comparator<T> order) {
        Map<String, List<T>> byPair = new LinkedHashMap<>();
        for (T figure : figures) {
            Cell cell = shape.apply(figure);
            byPair.computeIfAbsent(cell.backend() + "/" + cell.kind().id(), key -> new ArrayList<>()).add(figure);
        }
        List<T> chosen = new ArrayList<>();
        for (List<T> pair : byPair.values()) {
            List<T> clean = pair.stream().filter(disturbed.negate()).toList();
            Optional<T> first = (clean.isEmpty() ? pair : clean).stream().min(order);
            first.ifPresent(chosen::add);
        }
        return chosen;
    }

    /** Positive thread counts first, fewest first; the engine's default (0) last. */
    private static int threadRank(int threads) {
        return threads == 0 ? Integer.MAX_VALUE : threads;
    }

    private static Scaling scaling(Cell shape, int from, int to, int seq, double factor) {
        return new Scaling(shape.backend(), shape.kind().id(), from, to, seq, factor);
    }
}
