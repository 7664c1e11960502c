package org.seqbench.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqbench.core.ModelKind;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.TrendPoint;

/** Recording, listing, reading back and trending runs, on SQLite and on a real PostgreSQL server. */
class HistoryStoreTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();

    @TempDir
    Path folder;

    private HistoryStore open(Databases database) throws HistoryException {
        return HistoryStore.open(database.newLocation(folder, POSTGRES, "history"));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void recordedRunsListNewestFirstAndReadBackEqualToTheOriginals(Databases database) throws HistoryException {
        RunRecord first = HistoryRuns.run(1);
        RunRecord second = HistoryRuns.run(2);
        RunRecord third = HistoryRuns.run(3, "ci-runner-7", "1.30.0");
        try (HistoryStore store = open(database)) {
            Recorded one = store.record(second, "main", null);
            store.record(first, "main", "f00d");
            store.record(third, "feature/x", null);
            assertTrue(one.added());
            assertNull(one.replaced());

            List<StoredRun> runs = store.list(RunQuery.all());
            assertEquals(List.of(third.runId(), second.runId(), first.runId()),
                    runs.stream().map(StoredRun::runId).toList(), "newest first, by start, not by recording");
            StoredRun stored = runs.get(1);
            assertEquals(one.run(), stored);
            assertEquals(second.createdAt(), stored.createdAt());
            assertEquals(second.completedAt(), stored.completedAt());
            assertEquals("main", stored.branch());
            assertEquals("c2", stored.commit(), "no commit given: the run's own");
            assertEquals("box", stored.hostname());
            assertEquals("AMD EPYC", stored.cpuModel());
            assertEquals(2, stored.logicalCores());
            assertEquals(Map.of("onnx", "1.29.0"), stored.engineVersions(), "the available backends only");
            assertEquals(6, stored.cells());
            assertEquals(4, stored.okCells());
            assertEquals("f00d", runs.get(2).commit(), "a commit given replaces the run's own");
            assertTrue(runs.get(0).id() > 0 && runs.get(0).id() != runs.get(1).id());

            assertEquals(List.of(second, first), store.lastRuns("main", 5), "lossless, trials included");
            assertEquals(List.of(third), store.lastRuns(null, 1));
            assertEquals(10, store.lastRuns("main", 1).getFirst().cells().getFirst().trials().size());
            assertEquals(Set.of("feature/x", "main"), store.branches());
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void trendsHaveAPointPerRunThatMeasuredTheCellOkOldestFirst(Databases database) throws HistoryException {
        List<RunRecord> runs = List.of(HistoryRuns.run(3), HistoryRuns.run(1), HistoryRuns.run(2));
        try (HistoryStore store = open(database)) {
            for (RunRecord run : runs) {
                store.record(run, "main", null);
            }
            List<CellTrend> trends = store.trends(RunQuery.onBranch("main"), cell -> true);
            RunRecord newest = runs.getFirst();
            assertEquals(newest.cells().stream().map(result -> result.cell().key()).toList(),
                    trends.stream().map(trend -> trend.cell().key()).toList(), "every cell, in the newest run's order");
            CellTrend lstm = trends.getFirst();
            assertEquals(newest.cells().getFirst().cell(), lstm.cell());
            assertEquals(List.of("20261201-0001-quick", "20261201-0002-quick", "20261201-0003-quick"),
                    lstm.points().stream().map(TrendPoint::runId).toList(), "oldest first");
            for (int i = 0; i < 3; i++) {
                RunRecord run = HistoryRuns.run(i + 1);
                CellResult cell = run.cells().getFirst();
                TrendPoint point = lstm.points().get(i);
                TrendPoint.Figure median = TrendPoint.Figure.of(cell).orElseThrow();
                assertEquals(TrendPoint.ESTIMATOR.of(TrendPoint.ESTIMATOR.figures(cell.trials())), point.value(),
                        1e-12, "the median of the trials' medians");
                assertEquals(median.value(), point.value(), 1e-12);
                assertTrue(point.low() != null && point.low() < point.value() && point.high() > point.value(),
                        "ten trials: an order-statistic interval");
                assertEquals(median.low(), point.low(), 1e-12);
                assertEquals(median.high(), point.high(), 1e-12);
                assertEquals(cell.latency().p50(), point.p50(), 1e-12);
                assertEquals(10, point.trials());
                assertEquals(run.createdAt(), point.createdAt());
                assertEquals("main", point.branch());
                assertEquals("c" + (i + 1), point.commit());
                assertEquals(Map.of("optimization", (i + 1) % 2 == 0 ? "all" : "disabled", "spinning", "enabled"),
                        point.settings(), "the settings of the cell's backend in that run");
            }
            assertFalse(lstm.points().getFirst().disturbed());
            assertTrue(trends.get(1).points().getFirst().disturbed(), "the contended LSTM at 64");
            assertEquals(List.of(), trends.get(4).points(), "the skipped cell is in no run ok");
            assertEquals(List.of(), trends.get(5).points(), "nor the failed one");

            List<CellTrend> transformers = store.trends(new RunQuery("main", null, null, 2),
                    cell -> cell.kind() == ModelKind.TRANSFORMER);
            assertEquals(2, transformers.size());
            assertEquals(List.of("20261201-0002-quick", "20261201-0003-quick"),
                    transformers.getFirst().points().stream().map(TrendPoint::runId).toList(),
                    "the newest two runs only");
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void listFiltersByBranchMachineAndEngineVersionAndLimits(Databases database) throws HistoryException {
        try (HistoryStore store = open(database)) {
            store.record(HistoryRuns.run(1, "box", "1.29.0"), "main", null);
            store.record(HistoryRuns.run(2, "ci-runner-7", "1.29.1"), "main", null);
            store.record(HistoryRuns.run(3, "box", "1.290.0"), "main", null);
            store.record(HistoryRuns.run(4, "box", "PyTorch 2.7.1 (ORT 1.30.0)"), "feature", null);
            assertEquals(List.of(3L, 2L, 1L), ids(store, new RunQuery("main", null, null, 0)));
            assertEquals(List.of(2L), ids(store, new RunQuery(null, "RUNNER", null, 0)), "hostname, any case");
            assertEquals(List.of(4L, 3L, 2L, 1L), ids(store, new RunQuery(null, "epyc", null, 0)), "CPU model");
            assertEquals(List.of(2L, 1L), ids(store, new RunQuery(null, null, "onnx=1.29", 0)),
                    "a version prefix at a component boundary: not 1.290.0");
            assertEquals(List.of(1L), ids(store, new RunQuery(null, null, "onnx=1.29.0", 0)));
            assertEquals(List.of(4L), ids(store, new RunQuery(null, null, "onnx=1.30", 0)), "a word of the version");
            assertEquals(List.of(4L), ids(store, new RunQuery(null, null, "onnx=PyTorch 2.7", 0)), "or all of it");
            assertEquals(List.of(), ids(store, new RunQuery(null, null, "onnx=1.3", 0)), "1.3 is no prefix of 1.30");
            assertEquals(List.of(), ids(store, new RunQuery(null, null, "djl=0.36", 0)), "a backend not in the runs");
            assertEquals(List.of(), ids(store, new RunQuery(null, null, "cuda=unknown", 0)), "an unavailable one");
            assertEquals(List.of(4L, 3L), ids(store, new RunQuery(null, "box", null, 2)), "the newest two");
            assertEquals(List.of(), ids(store, new RunQuery("nowhere", null, null, 0)));
        }
    }

    private static List<Long> ids(HistoryStore store, RunQuery query) throws HistoryException {
        // Ids were given in recording order, 1 to 4 here.
        return store.list(query).stream().map(StoredRun::id).toList();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void recordingARunAgainChangesNothingAndAResumedRunReplacesItsEarlierRecording(Databases database)
            throws HistoryException {
        RunRecord run = HistoryRuns.run(1);
        RunRecord partial = run.withCells(run.cells().subList(0, 2)).completed(null);
        try (HistoryStore store = open(database)) {
            Recorded first = store.record(partial, "main", null);
            Recorded again = store.record(partial, "other", null);
            assertFalse(again.added());
            assertEquals(first.run(), again.run(), "already there, on its first branch");

            Recorded resumed = store.record(run, "main", null);
            assertTrue(resumed.added());
            assertEquals(first.run(), resumed.replaced());
            assertEquals(first.run().id(), resumed.run().id(), "the same run keeps its id");
            assertEquals(6, resumed.run().cells());
            assertEquals(run.completedAt(), resumed.run().completedAt());
            assertEquals(List.of(run), store.lastRuns("main", 5));
            assertEquals(1, store.list(RunQuery.all()).size());
            assertEquals(6, store.trends(RunQuery.all(), cell -> true).size(), "the replaced cells are gone");

            Recorded other = store.record(HistoryRuns.run(1, "other-box", "1.29.0"), "main", null);
            assertTrue(other.added(), "another host's run of the same id is another run");
            assertTrue(other.run().id() > resumed.run().id());
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aHistoryReopenedKeepsItsRuns(Databases database) throws HistoryException {
        String location = database.newLocation(folder, POSTGRES, "kept");
        try (HistoryStore store = HistoryStore.open(location)) {
            store.record(HistoryRuns.run(1), "main", null);
        }
        try (HistoryStore store = HistoryStore.openExisting(location)) {
            assertEquals(List.of(HistoryRuns.run(1)), store.lastRuns("main", 1));
            Recorded again = store.record(HistoryRuns.run(1), "main", null);
            assertFalse(again.added());
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void badArgumentsAreRefusedNamingTheValue(Databases database) throws HistoryException {
        try (HistoryStore store = open(database)) {
            RunRecord run = HistoryRuns.run(1);
            RunRecord undated = new RunRecord(run.schemaVersion(), run.runId(), "yesterday", null, run.sweep(),
                    run.environment(), run.cells(), run.canary());
            IllegalArgumentException date = assertThrows(IllegalArgumentException.class,
                    () -> store.record(undated, "main", null));
            assertEquals("run 20261201-0001-quick has createdAt 'yesterday', not an ISO-8601 instant such as "
                    + "2026-12-01T10:00:00Z", date.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.record(run, " ", null));
            assertThrows(IllegalArgumentException.class, () -> store.lastRuns("main", 0));
            assertEquals(List.of(), store.list(RunQuery.all()), "nothing was recorded");
        }
    }
}
