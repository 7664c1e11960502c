package org.seqbench.harness.cli;

import java.util.ArrayList;
import java.util.List;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.history.HistoryException;
import org.seqbench.history.HistoryStore;
import org.seqbench.history.RunQuery;
import org.seqbench.results.CellFilter;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.ChangePoints;

/**
 * The cells {@code history trend} and {@code history changes} show: those the filter keeps, over the runs the query
 * keeps, each with its change points. Every way of finding nothing is the user's mistake and says which.
 */
final class HistoryCells {
    private HistoryCells() {
    }

    /** The user's CELL-FILTER; a malformed one is their mistake. */
    static CellFilter filter(String text) {
        try {
            return CellFilter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static List<CellHistory> load(HistoryStore store, HistoryQueryFlags runs, int limit, CellFilter filter,
            ChangePoints.Settings settings) throws HistoryException {
        RunQuery query = runs.query(limit);
        if (store.list(query).isEmpty()) {
            throw new UserError(runs.nothingFound(store));
        }
        List<CellHistory> histories = new ArrayList<>();
        for (CellTrend trend : store.trends(query, filter)) {
            // A cell never measured ok in these runs has no point to draw or segment.
            if (!trend.points().isEmpty()) {
                histories.add(CellHistory.of(trend, settings));
            }
        }
        if (histories.isEmpty()) {
            throw new UserError("no cell measured ok in the runs of " + runs.describe() + " matches '"
                    + filter.text() + "'; filter by fields (backend=onnx,kind=lstm,seq=64) or by a glob over cell "
                    + "keys, which look like onnx/fused-op/lstm/T64/B1/H128/L1/t1/fp32/cpu");
        }
        return histories;
    }
}
