package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;

/**
 * Everything the reports state about parallelism, derived from one or more run records: for every group of cells
 * that differ in one coordinate, how latency scales with sequence length, where the Transformer crosses each
 * recurrent kind, what batching and threads gain, and how close each cell comes to the machine's bounds
 * and which of them binds it (its roofline).
 *
 * <p>Cells measured under contention stay in every table and chart, flagged; fits and crossovers leave them out
 * and say how many they left out. Batch gains, thread speedups and work rates are ratios of single cells and carry
 * the flag of the cells they come from.
 *
 * @param runs the run records, in the order given
 * @param observations every measured cell of every run
 * @param seqScaling one entry per curve along the sequence length
 * @param crossovers one entry per Transformer curve and recurrent curve of the same setting
 * @param batchGains one entry per batch size beyond the smallest of its curve
 * @param threadSpeedups one entry per thread count beyond 1 of its curve
 * @param workRates one entry per measured cell
 * @param rooflines one entry per measured cell whose run measured the bandwidth and a compute roof for it
 * @param decisions one entry per measured point of each run (kind, length, batch, threads, model size): which
 *     backend wins there, by how much, and whether significantly
 */
public record Analysis(List<RunRecord> runs, List<Observation> observations, List<SeqScaling> seqScaling,
        List<Crossover> crossovers, List<BatchGain> batchGains, List<ThreadSpeedup> threadSpeedups,
        List<WorkRate> workRates, List<Roofline> rooflines, List<Decision> decisions) {

    public Analysis {
        runs = List.copyOf(runs);
        observations = List.copyOf(observations);
        seqScaling = List.copyOf(seqScaling);
        crossovers = List.copyOf(crossovers);
        batchGains = List.copyOf(batchGains);
        threadSpeedups = List.copyOf(threadSpeedups);
        workRates = List.copyOf(workRates);
        rooflines = List.copyOf(rooflines);
        decisions = List.copyOf(decisions);
    }

    public static Analysis of(RunRecord run) {
        return of(List.of(run));
    }

    /**
     * Analyses several runs side by side: their series are told apart by run id.
     *
     * @throws IllegalArgumentException if two records share a run id
     */
    public static Analysis of(List<RunRecord> runs) {
        List<Observation> observations = new ArrayList<>();
        List<WorkRate> workRates = new ArrayList<>();
        List<Roofline> rooflines = new ArrayList<>();
        // Cells the harness recorded as failed for missing their tolerance: no figures, but they count at their point.
        Map<String, List<Cell>> missedTolerance = new java.util.HashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (RunRecord run : runs) {
            if (!ids.add(run.runId())) {
                throw new IllegalArgumentException("two run records have the run id " + run.runId()
                        + "; give each run once");
            }
            Environment environment = run.environment();
            for (CellResult result : run.cells()) {
                if (!result.ok() && CandidatePredictor.missedTolerance(result)) {
                    missedTolerance.computeIfAbsent(run.runId(), id -> new ArrayList<>()).add(result.cell());
                }
                if (result.ok()) {
                    Observation observation = new Observation(run.runId(), result);
                    observations.add(observation);
                    // At the headline, the latency the fits are made on, so that a cell's share of the bounds
                    // agrees with its place on the scaling curves; a cell without one keeps its recorded rate.
                    double gflops = result.headline() == null && result.gflops() != null ? result.gflops()
                            : result.work().flops() / (result.headlineMs() / 1000) / 1e9;
                    WorkRate rate = new WorkRate(observation, gflops,
                            environment.peakFor(result.cell().device(), result.cell().threads()).orElse(null),
                            environment.fmaPeakFor(result.cell().device(), result.cell().threads()).orElse(null));
                    workRates.add(rate);
                    Roofline.of(rate, environment).ifPresent(rooflines::add);
                }
            }
        }
        return new Analysis(runs, observations, SeqScaling.of(observations), Crossover.of(observations),
                BatchGain.of(observations), ThreadSpeedup.of(observations), workRates, rooflines,
                Decision.of(observations, missedTolerance));
    }

    /** How many measured cells other processes contended with. */
    public long contendedCount() {
        return observations.stream().filter(observation -> observation.result().contended()).count();
    }

    /** How many measured cells the host-speed canary found the host slow around. */
    public long slowHostCount() {
        return observations.stream().filter(observation -> Boolean.TRUE.equals(observation.result().slowHost()))
                .count();
    }

    /** The names of the series, consistent across every chart, table and sentence of one report. */
    public SeriesNames names() {
        return new SeriesNames(observations);
    }

    /**
     * The fewest threads a run measured a backend with (a positive count before the engine's default): the setting
     * sentences and the charts' default view speak of, leaving the rest to the thread-scaling figures.
     */
    public int fewestThreads(String runId, String backend) {
        return observations.stream()
                .filter(observation -> observation.runId().equals(runId) && observation.cell().backend().equals(backend))
                .map(observation -> observation.cell().threads())
                .min(java.util.Comparator.comparingInt(threads -> threads == 0 ? Integer.MAX_VALUE : threads))
                .orElse(1);
    }

    /** Every sequence length measured in these runs, ascending. */
    public List<Integer> sweepLengths() {
        return observations.stream().map(observation -> observation.cell().seqLen()).distinct().sorted().toList();
    }

    /** Words for curve settings, naming only the coordinates that vary in these runs. */
    public Shapes shapes() {
        return new Shapes(observations);
    }
}
