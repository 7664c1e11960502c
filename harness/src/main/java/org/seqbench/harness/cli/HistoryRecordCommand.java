package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.history.HistoryStore;
import org.seqbench.history.Recorded;
import org.seqbench.history.StoredRun;
import org.seqbench.results.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench history record RUN_DIR}: one run into the history, under a branch and a commit. Recording a run
 * that is there already changes nothing; a run recorded again after {@code run --resume} measured more of it
 * replaces its earlier recording, keeping its number.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record a run in the history.",
                "The same run recorded again changes nothing; a run resumed since it was recorded replaces its "
                        + "earlier recording."})
final class HistoryRecordCommand implements Callable<Integer> {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{4,64}");

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run's directory (or its run.json).")
    Path run;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch to record it under (default: the "
            + "branch checked out in the working directory, or " + GitBranch.WITHOUT_GIT + " outside a git checkout).")
    String branch;

    @Option(names = "--commit", paramLabel = "SHA", description = "The commit to record it under (default: the "
            + "seqbench commit the run itself recorded).")
    String commit;

    @Mixin
    HistoryDatabase database;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (branch != null && (branch.isBlank() || !branch.equals(branch.strip()))) {
            throw new UserError("--branch '" + branch + "' is not a branch name; give one such as main or "
                    + "feature/faster-lstm");
        }
        if (commit != null && !COMMIT.matcher(commit).matches()) {
            throw new UserError("--commit '" + commit + "' is not a commit; give its hash, 4 to 64 hexadecimal "
                    + "digits such as 35ff7e2");
        }
        RunRecord record = Records.read(run);
        try {
            HistoryStore.checkRecordable(record);
        } catch (IllegalArgumentException e) {
            // The store names what in the record it cannot take (a start that is no instant).
            throw new UserError(run + ": " + e.getMessage());
        }
        String onBranch = branch != null ? branch : GitBranch.of(Path.of("").toAbsolutePath());
        Recorded recorded = database.write(store -> store.record(record, onBranch, commit));
        PrintWriter out = spec.commandLine().getOut();
        StoredRun stored = recorded.run();
        if (!recorded.added()) {
            out.println("run " + stored.runId() + " is already recorded (#" + stored.id() + ", branch "
                    + stored.branch() + "): nothing to do");
        } else if (recorded.replaced() != null) {
            out.println("recorded run " + stored.runId() + " (" + stored.cells() + " cells) as #" + stored.id()
                    + " on branch " + stored.branch() + ", replacing its earlier recording of "
                    + recorded.replaced().cells() + " cells");
        } else {
            out.println("recorded run " + stored.runId() + " (" + stored.cells() + " cells) as #" + stored.id()
                    + " on branch " + stored.branch());
        }
        out.flush();
        return 0;
    }
}
