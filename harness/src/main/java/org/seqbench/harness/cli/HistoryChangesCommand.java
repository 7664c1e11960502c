package org.seqbench.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CellFilter;
import org.seqbench.results.Json;
import org.seqbench.results.RunRecordFiles;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.TrendPoint;
import org.seqbench.results.report.HistoryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench history changes [CELL-FILTER]}: where each cell's level moved, found by E-divisive means with a
 * t-test ({@link ChangePoints}): the run that began each change, its commit and date, its size and p-value, and the
 * engine settings that changed there. Exit 0 whatever it finds: it answers "since when", it does not gate.
 */
@Command(name = "changes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the change points in cells' histories: the run where each change began, its size and "
                + "its significance (E-divisive means with a t-test, as Hunter / Apache Otava).",
                "CELL-FILTER as for history trend; none for every cell."})
final class HistoryChangesCommand implements Callable<Integer> {
    /** The version of the --json layout. */
    static final int SCHEMA_VERSION = 1;

    @Mixin
    HistoryCells selection;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the changes as Markdown to FILE "
            + "(for a pull request or an issue).")
    Path markdown;

    @Option(names = "--json", description = "Print the changes as JSON instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CellFilter cells = selection.filter();
        ChangePoints.Settings settings = selection.settings();
        if (markdown != null && Files.isDirectory(markdown)) {
            throw new UserError("--markdown " + markdown + " is a directory; give a file name (changes.md)");
        }
        HistoryCells.Loaded loaded = selection.load();
        List<CellHistory> histories = loaded.histories();
        String location = loaded.location();
        PrintWriter console = spec.commandLine().getOut();
        if (json) {
            console.println(json(histories, settings, location));
        } else {
            console.println(HistoryReport.summary(histories) + " over the runs of "
                    + selection.describe() + " in " + location + " (" + HistoryReport.settings(settings)
                    + ")");
            List<String[]> rows = new ArrayList<>();
            List<String> columns = new ArrayList<>(HistoryReport.COLUMNS);
            columns.add("changed there");
            rows.add(columns.toArray(String[]::new));
            for (CellHistory history : histories) {
                for (ChangePoint change : history.changes()) {
                    List<String> row = new ArrayList<>(HistoryReport.fields(history, change));
                    row.add(String.join("; ", settingsChanged(history, change)));
                    rows.add(row.toArray(String[]::new));
                }
            }
            if (rows.size() > 1) {
                Tables.print(console, rows);
            }
        }
        console.flush();
        if (markdown != null) {
            try {
                Path parent = markdown.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                RunRecordFiles.writeAtomically(markdown, HistoryReport.markdown("seqbench history: changes in "
                        + cells, histories, settings));
            } catch (IOException e) {
                throw new UserError("cannot write --markdown " + markdown + ": " + IoErrors.describe(e));
            }
            if (!json) {
                console.println("wrote " + markdown);
            }
        }
        return 0;
    }

    /** The cell's engine settings that differ between the run before the change and the run that began it. */
    static List<String> settingsChanged(CellHistory history, ChangePoint change) {
        TrendPoint before = history.trend().points().get(change.index() - 1);
        return HistoryTrendCommand.settingsChanged(history.trend().cell().backend(), before.settings(),
                history.pointOf(change).settings());
    }

    static String json(List<CellHistory> histories, ChangePoints.Settings settings, String location)
            throws IOException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("database", location);
        root.put("maxPValue", settings.maxPValue());
        root.put("minChange", settings.minChange());
        root.put("minRuns", settings.minSegment());
        root.put("cells", histories.size());
        ArrayNode list = root.putArray("changes");
        for (CellHistory history : histories) {
            for (ChangePoint change : history.changes()) {
                TrendPoint point = history.pointOf(change);
                ObjectNode node = list.addObject();
                node.put("cell", history.trend().cell().key());
                node.put("label", history.trend().cell().label());
                node.put("run", point.runId());
                node.put("commit", point.commit());
                node.put("createdAt", point.createdAt());
                node.put("branch", point.branch());
                node.put("beforeMs", change.before());
                node.put("afterMs", change.after());
                node.put("ratio", change.ratio());
                node.put("pValue", change.pValue());
                node.set("settingsChanged", mapper.valueToTree(settingsChanged(history, change)));
            }
        }
        return mapper.writeValueAsString(root);
    }
}
