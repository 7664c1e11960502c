package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.history.RunQuery;
import org.seqbench.results.CellFilter;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.ChangePoints;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cells {@code history trend} and {@code history changes} show, and their flags: those CELL-FILTER keeps, over the
 * runs {@code --branch}, {@code --machine}, {@code --backend-version} and {@code --limit} keep, each with its change
 * points. Every way of finding nothing is the user's mistake and says which.
 */
final class HistoryCells {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CELL-FILTER", defaultValue = "",
            description = "Which cells (default: every cell).")
    String filter;

    @Mixin
    HistoryDatabase database;

    @Mixin
    HistoryQueryFlags runs;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Only the newest N runs (default: all).")
    int limit;

    @Mixin
    ChangeFlags changes;

    /**
     * @param histories the cells, each with its change points
     * @param location where the history was read, for messages and pages
     * @param directory where a page about them goes unless told: beside a SQLite file, else in {@code runs/}
     */
    record Loaded(List<CellHistory> histories, String location, Path directory) {
    }

    /** The user's CELL-FILTER; a malformed one is their mistake. */
    CellFilter filter() {
        try {
            return CellFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    ChangePoints.Settings settings() {
        return changes.settings();
    }

    /** The runs chosen, as the user gave them ("--branch main"; "every run"). */
    String describe() {
        return runs.describe();
    }

    /** Reads the cells from the history, refusing in one line a history, query or filter that finds none. */
    Loaded load() throws IOException {
        CellFilter cells = filter();
        ChangePoints.Settings settings = settings();
        RunQuery query = runs.query(limit);
        return database.read(store -> {
            if (store.list(query).isEmpty()) {
                throw new UserError(runs.nothingFound(store));
            }
            List<CellHistory> histories = new ArrayList<>();
            for (CellTrend trend : store.trends(query, cells)) {
                // A cell never measured ok in these runs has no point to draw or segment.
                if (!trend.points().isEmpty()) {
                    histories.add(CellHistory.of(trend, settings));
                }
            }
            if (histories.isEmpty()) {
                throw new UserError("no cell measured ok in the runs of " + runs.describe() + " matches '"
                        + cells.text() + "'; filter by fields (backend=onnx,kind=lstm,seq=64) or by a glob over "
                        + "cell keys, which look like onnx/fused-op/lstm/T64/B1/H128/L1/t1/fp32/cpu");
            }
            Path directory = store.file().map(Path::getParent).orElse(Path.of("runs"));
            return new Loaded(histories, store.location(), directory);
        });
    }
}
