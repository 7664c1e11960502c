package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * Several runs of one sweep read as one: each cell's trials from every run that measured it ok, pooled, so that a
 * baseline is the last N runs of a branch instead of one lucky or unlucky run ({@code compare --baseline
 * history:main~5}). The headline is recomputed over the pooled trials; with the minimum as headline that is the
 * fastest trial of all the runs, and its rank interval ({@link MinimumRatio}) takes the larger number of trials into
 * account, so a pooled side is not favoured for having more of them.
 *
 * <p>Only runs of one machine pool: trials of another CPU model or core count would not be the same measurement.
 */
public final class PooledRuns {
    private PooledRuns() {
    }

    /**
     * @param runId the pooled record's id ("main~5", say)
     * @param runs the runs, newest first (at least one); the newest gives the sweep, the environment and each cell's
     *     latency distribution and accuracy
     * @throws IllegalArgumentException when the runs are none, or ran on different machines (CPU model or cores)
     */
    public static RunRecord pool(String runId, List<RunRecord> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to pool");
        }
        RunRecord newest = runs.getFirst();
        for (RunRecord run : runs) {
            if (!Objects.equals(run.environment().cpuModel(), newest.environment().cpuModel())
                    || run.environment().logicalCores() != newest.environment().logicalCores()) {
                throw new IllegalArgumentException("run " + run.runId() + " ran on " + machine(run) + ", run "
                        + newest.runId() + " on " + machine(newest) + ": only runs of one machine pool");
            }
        }
        Map<String, List<CellResult>> byKey = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            for (CellResult result : run.cells()) {
                byKey.computeIfAbsent(result.cell().key(), key -> new ArrayList<>()).add(result);
            }
        }
        List<CellResult> cells = new ArrayList<>();
        byKey.values().forEach(results -> cells.add(pooled(results)));
        RunRecord oldest = runs.getLast();
        return new RunRecord(RunRecord.SCHEMA_VERSION, runId, oldest.createdAt(), newest.completedAt(),
                newest.sweep(), newest.environment(), cells, List.of());
    }

    /**
     * One cell's results, newest first: the newest with every ok trial of the same tolerance pooled in. A newest result
     * that is not ok stays as it is: older trials must not hide that the cell now fails (its tolerance, say).
     */
    private static CellResult pooled(List<CellResult> results) {
        CellResult first = results.getFirst();
        if (!pools(first)) {
            return first;
        }
        List<CellResult.Trial> trials = new ArrayList<>();
        for (CellResult result : results) {
            if (pools(result) && sameTolerance(first, result)) {
                for (CellResult.Trial trial : result.trials()) {
                    trials.add(trial.withIndex(trials.size()));
                }
            }
        }
        CellResult.Contention contention = first.contention() == null ? null
                : new CellResult.Contention(first.contention().otherCpuCores(), first.contention().otherCpuShare(),
                        trials.stream().allMatch(trial -> Boolean.TRUE.equals(trial.contended())),
                        first.contention().ownCpuCores(), first.contention().stealCores());
        Boolean slowHost = trials.stream().allMatch(trial -> trial.slowHost() == null) ? null
                : trials.stream().allMatch(trial -> Boolean.TRUE.equals(trial.slowHost()));
        return new CellResult(first.cell(), first.status(), first.reason(), first.latency(), first.throughput(),
                first.work(), first.gflops(), first.accuracy(), contention, first.startedAt(),
                results.stream().mapToDouble(CellResult::wallSeconds).sum(), slowHost, trials,
                Headlines.of(trials, TrialEstimator.byId(first.headline().estimator()).orElse(TrialEstimator.HEADLINE)),
                CellResult.Memory.largest(trials.stream().map(CellResult.Trial::memory).toList()),
                CellResult.deviceMs(trials));
    }

    private static boolean pools(CellResult result) {
        return result.ok() && !result.trials().isEmpty() && result.headline() != null;
    }

    private static boolean sameTolerance(CellResult first, CellResult other) {
        return first.accuracy() == null ? other.accuracy() == null
                : other.accuracy() != null && first.accuracy().tolerance() == other.accuracy().tolerance();
    }

    private static String machine(RunRecord run) {
        return run.environment().cpuModel() + " (" + run.environment().logicalCores() + " cores)";
    }
}
