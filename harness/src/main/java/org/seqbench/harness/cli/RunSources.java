package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.PooledRuns;

/**
 * A run named on the command line: a run directory, its run.json, or {@code history:BRANCH[~N]}, the newest N runs of a
 * branch in the history database read as one ({@link PooledRuns}).
 */
final class RunSources {
    private RunSources() {
    }

    /**
     * @param run the record to use
     * @param runs the runs a history source read, newest first (run is them pooled); empty for a run read from a file
     * @param asked how many runs the source asked for (1 for a file)
     */
    record Source(RunRecord run, List<RunRecord> runs, int asked) {
        /**
         * "history:main~5 pooled 5 runs: a, b, c, d, e" ({@code how} "pooled"), or null for a run read from a file.
         */
        String description(String name, String how) {
            if (runs.isEmpty()) {
                return null;
            }
            return name + " " + how + " " + (runs.size() == asked ? "" : runs.size() + " of the " + asked + " asked, ")
                    + (runs.size() == 1 ? "1 run: " : runs.size() + " runs: ")
                    + String.join(", ", runs.stream().map(RunRecord::runId).toList());
        }
    }

    /** {@link #read(String, HistoryDatabase, RunRecord, boolean)} of runs of one machine. */
    static Source read(String text, HistoryDatabase database, RunRecord leaveOut) throws IOException {
        return read(text, database, leaveOut, false);
    }

    /**
     * @param leaveOut a run a history source must not pool (the run being compared, when it is recorded too); null
     *     for none
     * @param anyMachine whether a history source's runs may come from different machines (compare's
     *     {@code --cross-machine}, which compares them one by one): its record is then the newest run, not a pool
     */
    static Source read(String text, HistoryDatabase database, RunRecord leaveOut, boolean anyMachine)
            throws IOException {
        Optional<HistorySource> history = HistorySource.parse(text);
        if (history.isEmpty()) {
            return new Source(Records.read(Path.of(text)), List.of(), 1);
        }
        HistorySource source = history.get();
        List<RunRecord> runs = database.read(store -> {
            if (!store.branches().contains(source.branch())) {
                throw new UserError("no runs of branch '" + source.branch() + "' in " + store.location()
                        + (store.branches().isEmpty() ? "; it holds no runs yet (seqbench history record RUN_DIR)"
                                : "; recorded branches: " + String.join(", ", store.branches())));
            }
            return store.lastRuns(source.branch(), source.runs() + 1);
        });
        List<RunRecord> kept = runs.stream().filter(run -> leaveOut == null || !same(run, leaveOut))
                .limit(source.runs()).toList();
        if (kept.isEmpty()) {
            throw new UserError(source + " holds no run but the one being compared; record another run of branch '"
                    + source.branch() + "' first");
        }
        if (anyMachine) {
            RunRecord newest = kept.getFirst();
            return new Source(new RunRecord(newest.schemaVersion(), source.toString(), newest.createdAt(),
                    newest.completedAt(), newest.sweep(), newest.environment(), newest.cells(), newest.canary()), kept,
                    source.runs());
        }
        try {
            return new Source(PooledRuns.pool(source.toString(), kept), kept, source.runs());
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage() + "; pool fewer runs (~N) or filter them");
        }
    }

    private static boolean same(RunRecord a, RunRecord b) {
        return a.runId().equals(b.runId()) && Objects.equals(a.createdAt(), b.createdAt())
                && Objects.equals(a.environment().hostname(), b.environment().hostname());
    }
}
