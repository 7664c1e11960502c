package org.seqbench.harness.run;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.seqbench.core.Work;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.SampleHistogram;
import org.seqbench.results.analysis.Bootstrap;
import org.seqbench.results.analysis.Headlines;
import org.seqbench.results.analysis.TrialEstimate;
import org.seqbench.results.analysis.TrialEstimator;

/**
 * A cell's result from its trials: the headline across trials ({@link Headlines}), the latency distribution of every
 * trial's samples pooled, the contention and canary verdicts of the trials, the largest trial's memory
 * ({@link CellResult.Memory#largest}) and the fastest trial's device time ({@link CellResult#deviceMs(List)}). A cell
 * is disturbed only when every one of its trials was: the headline, the minimum, stands on the fastest trial, and one
 * trial on an undisturbed host is enough for it. (In the A/A pairs of the README, the canary's verdicts on a cell's
 * trials, a minority or most of them, did not predict how far its headline moved between runs; leaving such cells
 * out only cost the fits points.)
 */
final class CellTrials {
    private CellTrials() {
    }

    /**
     * @param trials the cell's trials so far, in index order (at least one)
     * @param histograms their samples, pooled into the latency distribution
     * @param accuracy the output's error against the reference, from the trial that checked it
     * @param logicalCores the machine's cores, for the others' share of it
     * @param precision the run's precision target (a fraction), the headline judged against it; null for none
     */
    static CellResult result(Cell cell, Work work, List<CellResult.Trial> trials, List<SampleHistogram> histograms,
            CellResult.AccuracyFigures accuracy, int logicalCores, Double precision) {
        SampleHistogram pooled = SampleHistogram.pooled(histograms);
        double mean = pooled.mean();
        // The interval of the mean is across trials, the independent unit, not across one JVM's samples.
        TrialEstimate means = TrialEstimator.MEAN_OF_MEANS.estimate(trials, Bootstrap.DEFAULT);
        CellResult.Latency latency = means.hasInterval()
                ? new CellResult.Latency(mean, means.interval().low(), means.interval().high(),
                        TrialEstimator.CONFIDENCE, pooled.quantile(0.5), pooled.quantile(0.9), pooled.quantile(0.99),
                        pooled.min(), pooled.max(), pooled.samples())
                : new CellResult.Latency(mean, mean, mean, 0, pooled.quantile(0.5), pooled.quantile(0.9),
                        pooled.quantile(0.99), pooled.min(), pooled.max(), pooled.samples());
        double seconds = mean / 1000.0;
        CellResult.Throughput throughput = new CellResult.Throughput(cell.batch() / seconds, cell.tokens() / seconds);
        double wall = trials.stream().mapToDouble(CellResult.Trial::seconds).sum();
        return new CellResult(cell, CellResult.Status.OK, null, latency, throughput, work, work.flops() / seconds / 1e9,
                accuracy, contention(trials, logicalCores), trials.getFirst().startedAt(), wall,
                slowHost(trials), trials,
                precision == null ? Headlines.of(trials) : Headlines.of(trials).judged(precision),
                CellResult.Memory.largest(trials.stream().map(CellResult.Trial::memory).toList()),
                CellResult.deviceMs(trials));
    }

    /** The others' CPU averaged over the trials; contended when every trial was. */
    static CellResult.Contention contention(List<CellResult.Trial> trials, int logicalCores) {
        OptionalDouble others = average(trials, CellResult.Trial::otherCpuCores);
        if (others.isEmpty()) {
            return null;
        }
        long contended = trials.stream().filter(trial -> Boolean.TRUE.equals(trial.contended())).count();
        OptionalDouble own = average(trials, CellResult.Trial::ownCpuCores);
        OptionalDouble steal = average(trials, CellResult.Trial::stealCores);
        return new CellResult.Contention(others.getAsDouble(), others.getAsDouble() / logicalCores,
                contended == trials.size(), own.isPresent() ? own.getAsDouble() : null,
                steal.isPresent() ? steal.getAsDouble() : null);
    }

    /** Slow when the canary found the host slow around every trial; null before any verdict. */
    static Boolean slowHost(List<CellResult.Trial> trials) {
        if (trials.stream().allMatch(trial -> trial.slowHost() == null)) {
            return null;
        }
        return trials.stream().allMatch(trial -> Boolean.TRUE.equals(trial.slowHost()));
    }

    private static OptionalDouble average(List<CellResult.Trial> trials, Function<CellResult.Trial, Double> figure) {
        return trials.stream().map(figure).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue)
                .average();
    }
}
