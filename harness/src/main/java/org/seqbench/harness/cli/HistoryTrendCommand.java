package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.CellFilter;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.TrendPoint;
import org.seqbench.results.report.HistoryHtml;
import org.seqbench.results.report.HistoryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench history trend CELL-FILTER}: each matching cell's level over the recorded runs (the median of its
 * trials' medians, {@link TrendPoint#ESTIMATOR}), with its interval,
 * on the terminal and charted in {@code history.html}, with the change points of {@code history changes} marked.
 */
@Command(name = "trend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show cells' latency over the recorded runs (the median of the trials' medians, with its 95%% "
                + "interval across trials) and the change "
                + "points, as tables and in history.html.",
                "CELL-FILTER: field=value conditions (backend=onnx,kind=lstm|gru,seq=64; fields: backend, variant, "
                        + "kind, seq, batch, hidden, layers, threads, device, precision) or a glob over cell keys "
                        + "(onnx/*/lstm/T64/*); none for every cell."})
final class HistoryTrendCommand implements Callable<Integer> {
    @Mixin
    HistoryCells selection;

    @Option(names = "--out", paramLabel = "DIR", description = "Write history.html into DIR (default: the "
            + "database file's directory, or runs/ for a server).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CellFilter cells = selection.filter();
        ChangePoints.Settings settings = selection.settings();
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; give a directory for " + HistoryHtml.FILE_NAME);
        }
        HistoryCells.Loaded loaded = selection.load();
        Path directory = out != null ? out : loaded.directory();
        List<CellHistory> histories = loaded.histories();
        String location = loaded.location();
        PrintWriter console = spec.commandLine().getOut();
        console.println(histories.size() + (histories.size() == 1 ? " cell" : " cells") + " over the runs of "
                + selection.describe() + " in " + location + "; " + HistoryReport.summary(histories)
                .toLowerCase(java.util.Locale.ROOT) + " (" + HistoryReport.settings(settings) + ")");
        for (CellHistory history : histories) {
            console.println();
            console.println(history.trend().cell().label() + "  (" + history.trend().cell().key() + ")");
            Tables.print(console, rows(history));
        }
        try {
            Files.createDirectories(directory);
            HistoryHtml.write(directory, "seqbench history: " + cells, location, settings, histories);
        } catch (IOException e) {
            throw new UserError("cannot write " + directory.resolve(HistoryHtml.FILE_NAME) + ": "
                    + IoErrors.describe(e));
        }
        console.println();
        console.println("wrote " + directory.resolve(HistoryHtml.FILE_NAME));
        return 0;
    }

    /** A cell's runs, oldest first: figures, and what changed there (a level, the engine settings). */
    static List<String[]> rows(CellHistory history) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run", "started", "branch", "commit", "median", "95% interval", "p50", "trials",
                "note"});
        List<TrendPoint> points = history.trend().points();
        for (int i = 0; i < points.size(); i++) {
            TrendPoint point = points.get(i);
            List<String> notes = new ArrayList<>();
            for (ChangePoint change : history.changes()) {
                if (change.index() == i) {
                    notes.add("level " + Numbers.times(change.ratio()) + " from here (p " + Numbers.significant(
                            change.pValue(), 2) + ")");
                }
            }
            if (i > 0) {
                notes.addAll(settingsChanged(history.trend().cell().backend(), points.get(i - 1).settings(),
                        point.settings()));
            }
            if (point.disturbed()) {
                notes.add("disturbed");
            }
            rows.add(new String[] {point.runId(), HistoryReport.started(point), Objects.requireNonNullElse(point.branch(), "–"),
                    point.commit() == null ? "–" : abbreviated(point.commit()), Numbers.time(point.value()),
                    point.low() == null || point.high() == null ? "–"
                            : Numbers.time(point.low()) + " – " + Numbers.time(point.high()),
                    point.p50() == null ? "–" : Numbers.time(point.p50()), Integer.toString(point.trials()),
                    String.join("; ", notes)});
        }
        return rows;
    }

    /** "onnx.optimization=all -> disabled" for each setting of {@code backend} that differs between two runs. */
    static List<String> settingsChanged(String backend, Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String was = before.get(key);
            String is = after.get(key);
            if (!Objects.equals(was, is)) {
                changed.add(backend + "." + key + "=" + (was == null ? "(not recorded)" : was) + " -> "
                        + (is == null ? "(not recorded)" : is));
            }
        }
        return changed;
    }

    private static String abbreviated(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
