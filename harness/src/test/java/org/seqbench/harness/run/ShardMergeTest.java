package org.seqbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.harness.cli.RecordedRuns;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CanarySample;
import org.seqbench.results.CellResult;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.BackendProvider;

/** The merge of the shards of a sweep on synthetic records: what it makes, and every reason it refuses. */
class ShardMergeTest {
    private static final String MERGED_AT = "2026-12-02T09:00:00Z";
    private static final SweepSpec SWEEP = RecordedRuns.sweep(List.of(ModelKind.LSTM, ModelKind.TRANSFORMER),
            List.of(16, 64), SweepSpec.DEFAULT_VARIANTS);

    private static List<PlannedCell> plan(SweepSpec sweep) {
        return SweepPlanner.plan(sweep, RecordedRuns.SHARD_BACKENDS);
    }

    private static ShardMerge.Merged merge(List<ShardMerge.ShardRun> shards) {
        return ShardMerge.merge(shards, ShardMergeTest::plan, "merged", MERGED_AT);
    }

    /** Shard {@code index}/{@code count} of {@code sweep} as a run wrote it, with a JMH file per trial. */
    private static ShardMerge.ShardRun shard(SweepSpec sweep, int index, int count) {
        return run(RecordedRuns.shard(sweep, index, count));
    }

    private static ShardMerge.ShardRun run(RunRecord record) {
        List<String> files = new ArrayList<>();
        for (PlannedCell planned : plan(record.sweep())) {
            if (planned.skipReason() == null) {
                for (int trial = 0; trial < record.sweep().measurement().trials(); trial++) {
                    files.add("cell-%04d-t%d.json".formatted(planned.position(), trial));
                }
            }
        }
        return new ShardMerge.ShardRun(Path.of("runs", record.runId()), record, files);
    }

    private static ShardMerge.ShardRun withRecord(ShardMerge.ShardRun shard, RunRecord record) {
        return new ShardMerge.ShardRun(shard.directory(), record, shard.jmhFiles());
    }

    private static String refusal(List<ShardMerge.ShardRun> shards) {
        return assertThrows(UserError.class, () -> merge(shards)).getMessage();
    }

    private static List<String> keys(List<CellResult> cells) {
        return cells.stream().map(result -> result.cell().key()).toList();
    }

    /**
     * For several planned sweeps and every count from 1 to 5, the shards given in any order merge into exactly the
     * unsharded plan's cells, in its order, with each shard's results as they were, its JMH files under the names
     * an unsharded run gives them, and the sweep without the shard.
     */
    @Test
    void mergingEveryShardOfASweepGivesExactlyTheUnshardedPlansCells() {
        List<SweepSpec> sweeps = List.of(SWEEP,
                RecordedRuns.sweep(List.of(ModelKind.values()), List.of(4, 16, 64, 256), SweepSpec.ALL_VARIANTS),
                RecordedRuns.sweep(List.of(ModelKind.GRU), List.of(8), SweepSpec.DEFAULT_VARIANTS));
        Random order = new Random(7);
        for (SweepSpec sweep : sweeps) {
            List<PlannedCell> unsharded = plan(sweep);
            List<String> unshardedFiles = run(RecordedRuns.shard(sweep, 1, 1)).jmhFiles();
            for (int count = 1; count <= 5; count++) {
                List<ShardMerge.ShardRun> shards = new ArrayList<>();
                for (int index = 1; index <= count; index++) {
                    shards.add(shard(sweep, index, count));
                }
                Collections.shuffle(shards, order);
                ShardMerge.Merged merged = merge(shards);
                String what = sweep.kinds() + " in " + count + " shards";
                assertTrue(merged.complete(), what);
                RunRecord record = merged.record();
                assertEquals(unsharded.stream().map(planned -> planned.cell().key()).toList(), keys(record.cells()),
                        what);
                for (PlannedCell planned : unsharded) {
                    CellResult result = record.cells().get(planned.position());
                    int index = planned.position() % count + 1;
                    CellResult measured = RecordedRuns.shard(sweep, index, count).cells().stream()
                            .filter(cell -> cell.cell().key().equals(planned.cell().key())).findFirst().orElseThrow();
                    assertEquals(measured, result, what + ": " + planned.cell().key() + " as its shard recorded it");
                    assertEquals(planned.skipReason() != null, result.status() == CellResult.Status.SKIPPED, what);
                }
                assertEquals(sweep, record.sweep(), what);
                assertEquals(RunRecord.SCHEMA_VERSION, record.schemaVersion());
                assertEquals("merged", record.runId());
                assertEquals(unshardedFiles, merged.jmhFiles().stream().map(ShardMerge.JmhFile::name).sorted()
                        .toList(), what + ": every trial's JMH file, named as an unsharded run names it");
                List<RunRecord.MergedShard> from = record.mergedFrom();
                assertEquals(count, from.size());
                for (int index = 1; index <= count; index++) {
                    RunRecord shard = RecordedRuns.shard(sweep, index, count);
                    RunRecord.MergedShard described = from.get(index - 1);
                    assertEquals(new SweepSpec.Shard(index, count), described.shard(), "in shard order");
                    assertEquals(shard.runId(), described.runId());
                    assertEquals(shard.canary(), described.canary(), "all of its canary visits");
                    assertEquals("box", described.hostname());
                }
                assertEquals(from.stream().mapToInt(shard -> shard.canary().size()).sum(), record.canary().size());
            }
        }
    }

    @Test
    void theMergedRunSpansItsShardsTimesKeepsTheirBestBoundsAndOrdersTheirCanaryByTime() {
        RunRecord first = RecordedRuns.shard(SWEEP, 1, 2);
        RunRecord second = RecordedRuns.shard(SWEEP, 2, 2);
        Environment e = second.environment();
        Environment.Peak faster = new Environment.Peak("onnx", "cpu", 1, 2048, 250, 68.7, 70, 12, 0.0);
        Environment elsewhere = new Environment(e.cpuModel(), e.logicalCores(), e.memoryBytes(), e.os(), e.jvm(),
                "box-2", e.gitCommit(), e.seqbenchVersion(), e.backends(), e.threadEnvironment(), List.of(faster),
                e.fmaPeaks(), e.bandwidths());
        // The second shard ran first, on a twin machine: its visits come first in the merged canary.
        List<CanarySample> earlyVisits = second.canary().stream().map(visit -> new CanarySample(
                visit.at().replace("2026-12-01", "2026-11-30"), visit.bestMs(), visit.medianMs(), visit.repetitions(),
                visit.otherCpuCores(), visit.stealCores())).toList();
        RunRecord early = new RunRecord(second.schemaVersion(), second.runId(), "2026-11-30T12:00:00Z",
                second.completedAt().replace("2026-12-01", "2026-11-30"), second.sweep(), elsewhere, second.cells(),
                earlyVisits);
        RunRecord merged = merge(List.of(run(first), run(early))).record();
        assertEquals("2026-11-30T12:00:00Z", merged.createdAt(), "the first shard to start");
        assertEquals(first.completedAt(), merged.completedAt(), "the last shard to finish");
        assertEquals(List.of(faster), merged.environment().peaks(), "the faster product of the two");
        assertEquals("box", merged.environment().hostname());
        assertEquals("box-2", merged.mergedFrom().get(1).hostname(), "each shard's machine is recorded");
        List<CanarySample> expected = new ArrayList<>(earlyVisits);
        expected.addAll(first.canary());
        assertEquals(expected, merged.canary());
    }

    @Test
    void aShardNotGivenLeavesItsCellsMissingRecordedAsSkippedWithTheReason() {
        ShardMerge.Merged merged = merge(List.of(shard(SWEEP, 1, 3), shard(SWEEP, 3, 3)));
        assertFalse(merged.complete());
        List<PlannedCell> plan = plan(SWEEP);
        List<PlannedCell> second = plan.stream().filter(planned -> planned.position() % 3 == 1).toList();
        assertEquals(second, merged.missing().stream().map(ShardMerge.Missing::planned).toList());
        assertEquals(plan.stream().map(planned -> planned.cell().key()).toList(), keys(merged.record().cells()),
                "the merged run still holds every cell of the plan, in its order");
        CellResult missing = merged.record().cells().get(1);
        assertEquals(CellResult.Status.SKIPPED, missing.status());
        assertEquals("not measured: shard 2/3 was not merged", missing.reason());
        assertEquals(MERGED_AT, missing.startedAt());
        assertEquals(second.size() + " of " + plan.size() + " cells are missing: shard 2/3 was not given; the first: "
                + second.get(0).cell().label() + ", " + second.get(1).cell().label() + ", "
                + second.get(2).cell().label(), merged.describeMissing());
    }

    @Test
    void aShardWhoseRunDidNotFinishLeavesTheCellsItLacksMissing() {
        RunRecord whole = RecordedRuns.shard(SWEEP, 2, 2);
        RunRecord interrupted = new RunRecord(whole.schemaVersion(), whole.runId(), whole.createdAt(), null,
                whole.sweep(), whole.environment(), whole.cells().subList(0, whole.cells().size() - 2), whole.canary());
        ShardMerge.Merged merged = merge(List.of(shard(SWEEP, 1, 2), withRecord(shard(SWEEP, 2, 2), interrupted)));
        assertEquals(2, merged.missing().size());
        assertNull(merged.record().completedAt(), "a run one of whose shards did not finish did not finish");
        assertTrue(merged.describeMissing().startsWith("2 of " + plan(SWEEP).size() + " cells are missing: "
                + Path.of("runs", whole.runId()) + " (shard 2/2) did not record 2 of its cells (its run did not "
                + "finish); "), merged.describeMissing());
        assertEquals("not measured: shard 2/2 (run " + whole.runId() + ") did not record it",
                merged.record().cells().getLast().reason());
    }

    @Test
    void aWholeRunOrAMergedRunIsNoShard() {
        ShardMerge.ShardRun whole = run(RecordedRuns.shard(SWEEP, 1, 1));
        RunRecord record = whole.record();
        ShardMerge.ShardRun unsharded = withRecord(whole, new RunRecord(record.schemaVersion(), record.runId(),
                record.createdAt(), record.completedAt(), SWEEP, record.environment(), record.cells(),
                record.canary()));
        assertEquals(unsharded.directory() + " is a whole run (" + record.runId() + "), not a shard; merge joins the "
                + "runs of 'seqbench run --shard i/n'", refusal(List.of(shard(SWEEP, 1, 2), unsharded)));
        RunRecord merged = merge(List.of(shard(SWEEP, 1, 2), shard(SWEEP, 2, 2))).record();
        assertEquals("runs/merged is a merged run (merged, of 2 shards), not a shard; give the shards' own run "
                + "directories", refusal(List.of(new ShardMerge.ShardRun(Path.of("runs/merged"), merged, List.of()))));
    }

    @Test
    void theSameShardTwiceIsRefusedWhetherTheSameDirectoryOrTheSameIndex() {
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        assertEquals(first.directory() + " and " + first.directory() + " are the same run directory; give each shard "
                + "once", refusal(List.of(first, shard(SWEEP, 2, 2), first)));
        ShardMerge.ShardRun copy = new ShardMerge.ShardRun(Path.of("elsewhere"), first.record(), first.jmhFiles());
        assertEquals(first.directory() + " and elsewhere are both shard 1/2 (runs " + first.record().runId() + " and "
                + first.record().runId() + "); give each shard once", refusal(List.of(first, copy)));
    }

    @Test
    void shardsOfDifferentCountsAreRefused() {
        ShardMerge.ShardRun half = shard(SWEEP, 1, 2);
        ShardMerge.ShardRun third = shard(SWEEP, 2, 3);
        assertEquals(half.directory() + " is shard 1/2 but " + third.directory() + " is shard 2/3; the shards of one "
                + "sweep are parts of one count", refusal(List.of(half, third)));
    }

    @Test
    void shardsOfDifferentSweepsAreRefusedNamingEachDifference() {
        SweepSpec longer = RecordedRuns.sweep(SWEEP.kinds(), List.of(16, 128), SWEEP.variants());
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        ShardMerge.ShardRun other = shard(longer, 2, 2);
        assertEquals(other.named() + " is not a shard of the sweep of " + first.named() + ": seqLens [16,64] -> "
                + "[16,128]", refusal(List.of(first, other)));
    }

    @Test
    void shardsOfDifferentMachinesAreRefusedNamingTheFields() {
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        ShardMerge.ShardRun second = shard(SWEEP, 2, 2);
        Environment e = second.record().environment();
        Environment bigger = new Environment("Other CPU", 8, e.memoryBytes(), e.os(), e.jvm(), e.hostname(),
                e.gitCommit(), e.seqbenchVersion(), e.backends(), e.threadEnvironment(), e.peaks(), e.fmaPeaks(),
                e.bandwidths());
        assertEquals(second.named() + " was measured on another machine than " + first.named() + " (CPU: Test CPU -> "
                + "Other CPU; logical cores: 2 -> 8); a merged run is of one machine",
                refusal(List.of(first, withRecord(second, second.record().withEnvironment(bigger)))));
    }

    @Test
    void shardsMeasuredWithOtherSoftwareAreRefusedNamingWhatDiffers() {
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        ShardMerge.ShardRun second = shard(SWEEP, 2, 2);
        Environment e = second.record().environment();
        Environment newer = new Environment(e.cpuModel(), e.logicalCores(), e.memoryBytes(), e.os(), e.jvm(),
                e.hostname(), e.gitCommit(), e.seqbenchVersion(), List.of(new Environment.BackendInfo("onnx",
                        "ONNX Runtime", "1.30.0", "cpu", true, null)), e.threadEnvironment(), e.peaks(), e.fmaPeaks(),
                e.bandwidths());
        assertEquals(second.named() + " was measured with other software than " + first.named() + " (onnx 1.29.0 -> "
                + "1.30.0); a merged run records one environment, so measure every shard with the same build and "
                + "settings", refusal(List.of(first, withRecord(second, second.record().withEnvironment(newer)))));
    }

    @Test
    void aCellMeasuredInTwoShardsIsRefused() {
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        ShardMerge.ShardRun second = shard(SWEEP, 2, 2);
        CellResult borrowed = first.record().cells().getFirst();
        ShardMerge.ShardRun overlapping = withRecord(second, second.record().with(borrowed));
        assertEquals("cell " + borrowed.cell().label() + " was measured in both " + first.named() + " and "
                + overlapping.named() + "; each cell belongs to one shard", refusal(List.of(overlapping, first)));
        assertEquals(overlapping.named() + " holds cell " + borrowed.cell().label() + ", which the plan puts in "
                + "shard 1/2", refusal(List.of(overlapping)), "a cell of a shard not given is no cell of this one");
    }

    @Test
    void aCellTheSweepDoesNotPlanHereIsRefused() {
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        List<BackendProvider> fewer = RecordedRuns.SHARD_BACKENDS.subList(0, 1);
        String message = assertThrows(UserError.class, () -> ShardMerge.merge(List.of(first),
                sweep -> SweepPlanner.plan(sweep.withBackends(List.of()), fewer), "merged", MERGED_AT)).getMessage();
        CellResult foreign = first.record().cells().stream().filter(cell -> !cell.cell().backend().equals("fast"))
                .findFirst().orElseThrow();
        assertEquals(first.named() + " holds cell " + foreign.cell().label() + ", which the shards' sweep does not "
                + "plan with the backends found here; merge where the shards' backends are", message);
        String unplannable = assertThrows(UserError.class, () -> ShardMerge.merge(List.of(first),
                sweep -> SweepPlanner.plan(sweep.withBackends(List.of("torch")), fewer), "merged", MERGED_AT))
                .getMessage();
        assertTrue(unplannable.startsWith("cannot plan the shards' sweep here: unknown backend 'torch'"), unplannable);
    }

    @Test
    void aJmhFileOfAnotherShardsCellOrBeyondThePlanIsRefused() {
        ShardMerge.ShardRun first = shard(SWEEP, 1, 2);
        ShardMerge.ShardRun stray = new ShardMerge.ShardRun(first.directory(), first.record(),
                List.of("cell-0000-t0.json", "cell-0003-t1.json"));
        assertEquals(first.named() + " holds jmh/cell-0003-t1.json, the JMH result of position 3, which is a cell of "
                + "shard 2/2", refusal(List.of(stray)));
        int size = plan(SWEEP).size();
        ShardMerge.ShardRun beyond = new ShardMerge.ShardRun(first.directory(), first.record(),
                List.of("cell-%04d.json".formatted(size)));
        assertEquals(first.named() + " holds jmh/cell-%04d.json, the JMH result of position %d, beyond the sweep's %d "
                .formatted(size, size, size) + "cells", refusal(List.of(beyond)));
        ShardMerge.ShardRun firstNotes = new ShardMerge.ShardRun(first.directory(), first.record(),
                List.of("notes.txt"));
        ShardMerge.ShardRun second = shard(SWEEP, 2, 2);
        ShardMerge.ShardRun secondNotes = new ShardMerge.ShardRun(second.directory(), second.record(),
                List.of("notes.txt"));
        assertEquals(firstNotes.named() + " and " + secondNotes.named() + " both hold jmh/notes.txt",
                refusal(List.of(secondNotes, firstNotes)));
    }
}
