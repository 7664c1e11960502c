package org.seqbench.harness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.history.HistoryException;
import org.seqbench.history.HistoryStore;
import org.seqbench.history.RunQuery;
import picocli.CommandLine.Option;

/**
 * Which recorded runs a history command reads: {@code --branch}, {@code --machine}, {@code --backend-version}; each
 * command adds its own {@code --limit}, as their defaults differ.
 */
final class HistoryQueryFlags {
    @Option(names = "--branch", paramLabel = "NAME", description = "Only runs recorded under this branch.")
    String branch;

    @Option(names = "--machine", paramLabel = "TEXT", description = "Only runs whose hostname or CPU model contains "
            + "TEXT, in any case.")
    String machine;

    @Option(names = "--backend-version", paramLabel = "ID=VERSION", description = "Only runs where backend ID's "
            + "engine version, or a word of it, is VERSION or starts with it (onnx=1.29 matches 1.29.0 and 1.29.1; "
            + "djl=0.36 matches PyTorch 2.7.1 (DJL 0.36.0)).")
    String backendVersion;

    /** The query for at most {@code limit} runs (0 for all); a malformed flag is the user's mistake. */
    RunQuery query(int limit) {
        if (limit < 0) {
            throw new UserError("--limit " + limit + " is not a count of runs; give a positive number, or 0 for all");
        }
        try {
            return new RunQuery(branch, machine, backendVersion, limit);
        } catch (IllegalArgumentException e) {
            throw new UserError("--backend-version " + e.getMessage());
        }
    }

    /** "--branch main --machine epyc", the filters as the user gave them; "every run" without any. */
    String describe() {
        List<String> filters = new ArrayList<>();
        if (branch != null) {
            filters.add("--branch " + branch);
        }
        if (machine != null) {
            filters.add("--machine " + machine);
        }
        if (backendVersion != null) {
            filters.add("--backend-version " + backendVersion);
        }
        return filters.isEmpty() ? "every run" : String.join(" ", filters);
    }

    /** Why no run is found, naming the filter that left none and what there is. */
    String nothingFound(HistoryStore store) throws HistoryException {
        SortedSet<String> branches = store.branches();
        if (branches.isEmpty()) {
            return "no runs recorded in " + store.location() + " (seqbench history record RUN_DIR adds one)";
        }
        if (branch != null && !branches.contains(branch)) {
            return "no runs on branch '" + branch + "' in " + store.location() + "; recorded branches: "
                    + String.join(", ", branches);
        }
        return "no runs in " + store.location() + " match " + describe() + " (of "
                + store.list(RunQuery.all()).size() + " recorded runs)";
    }
}
