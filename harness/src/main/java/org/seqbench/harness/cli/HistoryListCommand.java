package org.seqbench.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.history.HistoryException;
import org.seqbench.history.HistoryStore;
import org.seqbench.history.RunQuery;
import org.seqbench.history.StoredRun;
import org.seqbench.results.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench history list}: the recorded runs, newest first, as a table or as JSON. A history with nothing to
 * show (none there, empty, an unknown branch, filters that match no run) is one line and status 2, as the other
 * mistakes in the input are, so that a script never takes an empty list for a result.
 */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the recorded runs, newest first.")
final class HistoryListCommand implements Callable<Integer> {
    /** The version of the --json layout. */
    static final int SCHEMA_VERSION = 1;

    /** Shown in full, a hash is longer than the rest of the row; twelve digits stay unique in any real repository. */
    private static final int COMMIT_DIGITS = 12;

    @Mixin
    HistoryQueryFlags runs;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs, the newest "
            + "(default ${DEFAULT-VALUE}; 0 for all).")
    int limit;

    @Option(names = "--json", description = "Write the runs as JSON instead of a table.")
    boolean json;

    @Mixin
    HistoryDatabase database;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        runs.query(limit); // refuses a negative --limit before the one more below hides it
        // One more than asked for, to tell whether there were more.
        RunQuery query = runs.query(limit == 0 ? 0 : limit + 1);
        PrintWriter out = spec.commandLine().getOut();
        database.read(store -> {
            List<StoredRun> found = store.list(query);
            if (found.isEmpty()) {
                throw new UserError(runs.nothingFound(store));
            }
            boolean more = limit > 0 && found.size() > limit;
            List<StoredRun> shown = more ? found.subList(0, limit) : found;
            if (json) {
                out.println(json(store, shown));
            } else {
                table(out, shown);
                if (more) {
                    out.println("the newest " + limit + " runs; --limit 0 lists all");
                }
            }
            return null;
        });
        out.flush();
        return 0;
    }

    private static void table(PrintWriter out, List<StoredRun> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "run", "started", "branch", "commit", "host", "cpu", "ok/cells", "engines"});
        for (StoredRun run : runs) {
            rows.add(new String[] {"#" + run.id(), run.runId(), run.createdAt(), run.branch(), shortCommit(run),
                    run.hostname(), run.cpuModel() + " (" + run.logicalCores() + " cores)",
                    run.okCells() + "/" + run.cells(), run.engineVersions().entrySet().stream()
                            .map(entry -> entry.getKey() + " " + entry.getValue())
                            .collect(Collectors.joining(", "))});
        }
        Tables.print(out, rows);
    }

    private static String shortCommit(StoredRun run) {
        if (run.commit() == null) {
            return "-";
        }
        return run.commit().length() > COMMIT_DIGITS ? run.commit().substring(0, COMMIT_DIGITS) : run.commit();
    }

    private static String json(HistoryStore store, List<StoredRun> runs) throws IOException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("db", store.location());
        root.set("runs", mapper.valueToTree(runs));
        return mapper.writeValueAsString(root);
    }
}
