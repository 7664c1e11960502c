package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.cli.CliErrorsTest.Outcome;

/** compare --baseline history:BRANCH~N and recommend history:BRANCH: runs from the history database as sources. */
class CompareHistoryBaselineTest {
    @TempDir
    Path directory;

    private String db() {
        return directory.resolve("history.db").toString();
    }

    /** Runs 0 to 3 of {@link HistoryTrendCommandTest#LEVELS} (one level) recorded on main. */
    private List<String> recordBaselines() throws IOException {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path run = HistoryTrendCommandTest.run(directory, i);
            assertEquals(0, CliErrorsTest.seqbench("history", "record", run.toString(), "--branch", "main", "--db",
                    db()).status());
            ids.add(run.getFileName().toString());
        }
        return ids;
    }

    @Test
    void aRunTwiceAsSlowAsTheLastThreeRunsOfMainRegressesAndOneAtTheirLevelDoesNot() throws IOException {
        List<String> ids = recordBaselines();
        Path slower = HistoryTrendCommandTest.run(directory, 4);
        Outcome regressed = CliErrorsTest.seqbench("compare", "--baseline", "history:main~3", slower.toString(),
                "--db", db());
        assertEquals(1, regressed.status(), regressed.out() + regressed.err());
        assertTrue(regressed.out().contains("baseline history:main~3 compared run by run with 3 runs: " + ids.get(3) + ", "
                + ids.get(2) + ", " + ids.get(1) + "\n"), regressed.out());
        assertTrue(regressed.out().startsWith("6 of 6 cells regressed") || regressed.out().contains("regress"),
                regressed.out());

        Path same = ids.stream().map(directory::resolve).toList().get(0);
        Outcome unchanged = CliErrorsTest.seqbench("compare", "history:main~3", same.toString(), "--db", db());
        assertEquals(0, unchanged.status(), unchanged.out() + unchanged.err());
        assertTrue(unchanged.out().contains("baseline history:main~3 compared run by run with 3 runs: " + ids.get(3) + ", "
                + ids.get(2) + ", " + ids.get(1)), unchanged.out());
    }

    @Test
    void theRunBeingComparedIsLeftOutOfItsOwnBaselineAndFewerRunsThanAskedAreSaid() throws IOException {
        List<String> ids = recordBaselines();
        Path newest = directory.resolve(ids.get(3));
        Outcome outcome = CliErrorsTest.seqbench("compare", "--baseline", "history:main~5", newest.toString(),
                "--db", db());
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("baseline history:main~5 compared run by run with 3 of the 5 asked, 3 runs: " + ids.get(2)
                + ", " + ids.get(1) + ", " + ids.get(0)), outcome.out());
    }

    @Test
    void recommendReadsABranchOfTheHistory() throws IOException {
        Path run = RecordedRuns.twoBackends(directory, "20261124-100000-quick");
        assertEquals(0, CliErrorsTest.seqbench("history", "record", run.toString(), "--branch", "main", "--db",
                db()).status());
        Outcome fromHistory = CliErrorsTest.seqbench("recommend", "--kind", "lstm", "--seq", "64", "--batch", "8",
                "history:main", "--db", db());
        Outcome fromFile = CliErrorsTest.seqbench("recommend", "--kind", "lstm", "--seq", "64", "--batch", "8",
                run.toString());
        assertEquals(0, fromHistory.status(), fromHistory.err());
        assertEquals("history:main pooled 1 run: 20261124-100000-quick\n"
                + fromFile.out().replace("in run 20261124-100000-quick:", "in run history:main:"), fromHistory.out());
    }

    @Test
    void runsOfAnotherMachineOnTheBranchAreRefusedUnlessCrossMachine() throws IOException {
        recordBaselines();
        Path elsewhere = HistoryTrendCommandTest.run(directory.resolve("elsewhere"), 3);
        org.seqbench.results.RunRecord record = org.seqbench.results.RunRecordFiles.read(elsewhere);
        org.seqbench.results.Environment e = record.environment();
        org.seqbench.results.RunRecordFiles.write(elsewhere, new org.seqbench.results.RunRecord(
                record.schemaVersion(), "20261124-1004-other", "2026-11-24T10:04:30Z", record.completedAt(),
                record.sweep(), new org.seqbench.results.Environment("Other CPU", e.logicalCores(), e.memoryBytes(),
                        e.os(), e.jvm(), "other-host", e.gitCommit(), e.seqbenchVersion(), e.backends(),
                        e.threadEnvironment(), e.peaks(), e.fmaPeaks(), e.bandwidths()),
                record.cells(), record.canary()));
        assertEquals(0, CliErrorsTest.seqbench("history", "record", elsewhere.toString(), "--branch", "main", "--db",
                db()).status());
        Path current = HistoryTrendCommandTest.run(directory, 4);
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:main~2",
                current.toString(), "--db", db()), "only runs of one machine pool");
        Outcome across = CliErrorsTest.seqbench("compare", "--baseline", "history:main~2", current.toString(),
                "--cross-machine", "--db", db());
        assertEquals(1, across.status(), across.out() + across.err());
        assertTrue(across.out().contains("compared run by run with 2 runs: 20261124-1004-other, "), across.out());
    }

    @Test
    void badHistorySourcesAreOneLineWithStatusTwo() throws IOException {
        Path current = HistoryTrendCommandTest.run(directory, 4);
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:main", current.toString(),
                "--db", db()), db());
        recordBaselines();
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:release~2",
                current.toString(), "--db", db()), "no runs of branch 'release' in " + db()
                + "; recorded branches: main");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:main~0",
                current.toString(), "--db", db()), "'history:main~0': ~0 runs is not accepted; give 1 to 100");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:main~x",
                current.toString(), "--db", db()), "'history:main~x' is not a history source; write history:BRANCH");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:",
                current.toString(), "--db", db()), "'history:' is not a history source");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", "--baseline", "history:main",
                current.toString(), current.toString(), "--db", db()), "with --baseline history:main, give only the "
                + "CURRENT run; got 2");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("compare", current.toString(), "--db", db()),
                "compare needs BASELINE and CURRENT (or CURRENT with --baseline SOURCE); got 1 run");
        CliErrorsTest.assertBadInput(CliErrorsTest.seqbench("recommend", "--kind", "lstm", "--seq", "64", "--batch",
                "8", "history:nope", "--db", db()), "no runs of branch 'nope'");
    }
}
