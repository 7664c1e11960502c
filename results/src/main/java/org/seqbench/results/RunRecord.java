package org.seqbench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A run: what was asked ({@link SweepSpec}), where it ran ({@link Environment}) and each cell's outcome, in plan
 * order. Written as {@code run.json} after every cell, so an interrupted run loses nothing.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this seqbench
 * @param runId the run directory's name
 * @param createdAt ISO-8601 instant the run started
 * @param completedAt ISO-8601 instant the last cell finished; null while the run is in progress
 * @param canary the host-speed canary's visits, in the order they ran (before the first cell, between cells, after
 *     the last); empty in records written before the canary existed (schema versions 1 to 3). A merged run holds
 *     every shard's visits, in the order of their times
 * @param mergedFrom the shards a run was merged from ({@code seqbench merge}), in shard order; empty for a run
 *     measured as one, and then not written
 */
public record RunRecord(
        int schemaVersion,
        String runId,
        String createdAt,
        String completedAt,
        SweepSpec sweep,
        Environment environment,
        List<CellResult> cells,
        List<CanarySample> canary,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MergedShard> mergedFrom) {

    /**
     * Version of the run.json format this code writes and the newest it reads. Version 2 added the measured peak
     * ({@link Environment#peaks()}); version 1 records read as having none. Version 3 added the engine-free bounds
     * ({@link Environment#fmaPeaks()}, {@link Environment#bandwidths()}), the engine's product at several sizes and
     * each cell's analytic bytes ({@link org.seqbench.core.Work#bytes()}); older records read without the bounds,
     * and with the bytes computed from their cells, as the model defines them. Version 4 added the host-speed canary
     * ({@link #canary()}), each cell's slow-host flag ({@link CellResult#slowHost()}) and steal time
     * ({@link CellResult.Contention#stealCores()}); older records read with none of them. Version 5 added the shards a
     * merged run was made of ({@link #mergedFrom()}); older records read as measured in one run. Version 6 added the
     * peak memory of each trial and cell ({@link CellResult#memory()}, {@link CellResult.Trial#memory()}); older
     * records read without it. Version 7 added adaptive precision: the sweep's {@code precision} and
     * {@code maxTrials} ({@link SweepSpec.Measurement}) and each headline's spread and verdict
     * ({@link CellResult.Headline#spread()}, {@link CellResult.Headline#precise()}); older records read without them,
     * as fixed schedules. Version 8 added the sweep's arithmetics ({@link SweepSpec#arithmetic()}) and the device
     * time of each trial and cell ({@link CellResult.Trial#deviceMin()}, {@link CellResult#deviceMs()}); older
     * records read as fp32 sweeps without device times. Version 9 added the JIT's and the collectors' time during each
     * trial ({@link CellResult.Trial#jitSeconds()}, {@link CellResult.Trial#gcSeconds()}); older records read without
     * them. The number goes up whenever a field is added because the
     * readers of older versions refuse unknown fields: they say which version they cannot read instead.
     */
    public static final int SCHEMA_VERSION = 9;

    public RunRecord {
        cells = List.copyOf(cells);
        canary = canary == null ? List.of() : List.copyOf(canary);
        mergedFrom = mergedFrom == null ? List.of() : List.copyOf(mergedFrom);
    }

    /** A run measured as one, not merged from shards. */
    public RunRecord(int schemaVersion, String runId, String createdAt, String completedAt, SweepSpec sweep,
            Environment environment, List<CellResult> cells, List<CanarySample> canary) {
        this(schemaVersion, runId, createdAt, completedAt, sweep, environment, cells, canary, List.of());
    }

    /**
     * One shard a merged run was made of: which run it was, which part of the sweep, when and where it ran, and
     * the canary's visits during it (the slow-host verdicts of its cells were judged against these alone).
     *
     * @param runId the shard's own run id
     * @param shard which part of the sweep it measured
     * @param createdAt ISO-8601 instant it started
     * @param completedAt ISO-8601 instant it finished; null when it did not
     * @param hostname the machine it ran on
     * @param canary the canary's visits during it, in the order they ran
     */
    public record MergedShard(String runId, SweepSpec.Shard shard, String createdAt, String completedAt,
            String hostname, List<CanarySample> canary) {

        public MergedShard {
            canary = canary == null ? List.of() : List.copyOf(canary);
        }
    }

    /** This record with one more cell result; a result for a cell already present replaces it in place. */
    public RunRecord with(CellResult result) {
        List<CellResult> updated = new ArrayList<>(cells);
        int existing = -1;
        for (int i = 0; i < updated.size(); i++) {
            if (updated.get(i).cell().key().equals(result.cell().key())) {
                existing = i;
            }
        }
        if (existing >= 0) {
            updated.set(existing, result);
        } else {
            updated.add(result);
        }
        return withCells(updated);
    }

    /** This record with {@code results} as its cells (reordered, say). */
    public RunRecord withCells(List<CellResult> results) {
        return new RunRecord(schemaVersion, runId, createdAt, completedAt, sweep, environment, results, canary,
                mergedFrom);
    }

    /** This record in the format this code writes (a resumed older record gains what the new format adds). */
    public RunRecord inCurrentSchema() {
        return new RunRecord(SCHEMA_VERSION, runId, createdAt, completedAt, sweep, environment, cells, canary,
                mergedFrom);
    }

    /** This record measured in {@code measured} conditions. */
    public RunRecord withEnvironment(Environment measured) {
        return new RunRecord(schemaVersion, runId, createdAt, completedAt, sweep, measured, cells, canary,
                mergedFrom);
    }

    public RunRecord completed(String instant) {
        return new RunRecord(schemaVersion, runId, createdAt, instant, sweep, environment, cells, canary, mergedFrom);
    }

    /** This record with one more visit of the canary. */
    public RunRecord withCanary(CanarySample visit) {
        List<CanarySample> visits = new ArrayList<>(canary);
        visits.add(visit);
        return new RunRecord(schemaVersion, runId, createdAt, completedAt, sweep, environment, cells, visits,
                mergedFrom);
    }

    public long count(CellResult.Status status) {
        return cells.stream().filter(cell -> cell.status() == status).count();
    }

    /** The cells measured ok whose every trial was measured under contention: noisy, which {@code run --strict} refuses. */
    public List<CellResult> noisyCells() {
        return cells.stream().filter(CellResult::ok).filter(CellResult::contended).toList();
    }

    /** How many cells were measured ok with a headline within the run's precision target (none without a target). */
    public long preciseCells() {
        return cells.stream().filter(CellResult::ok).filter(cell -> cell.headline() != null
                && Boolean.TRUE.equals(cell.headline().precise())).count();
    }
}
