package org.seqbench.history;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.seqbench.history.RunReader.CellRow;
import org.seqbench.results.Cell;
import org.seqbench.results.CellResult;
import org.seqbench.results.analysis.CellTrend;
import org.seqbench.results.analysis.TrendPoint;

/** Cell trends over a set of runs, from the {@code cells} and {@code run_backends} tables alone (no run.json read). */
final class Trends {
    private Trends() {
    }

    /**
     * One trend per cell key of {@code newestFirst}'s runs whose newest coordinates pass {@code cells}, in the order
     * of the newest run holding the key (keys it lacks after its own, in the next newest run's order, and so on);
     * each with a point per run, oldest first, that measured the cell ok.
     */
    static List<CellTrend> of(RunReader reader, List<StoredRun> newestFirst, Predicate<Cell> cells)
            throws SQLException {
        Map<Long, List<CellRow>> rows = new HashMap<>();
        Map<String, Cell> newest = new LinkedHashMap<>();
        for (StoredRun run : newestFirst) {
            List<CellRow> runRows = reader.cells(run.id());
            rows.put(run.id(), runRows);
            for (CellRow row : runRows) {
                newest.putIfAbsent(row.key(), row.cell());
            }
        }
        newest.values().removeIf(cells.negate());
        Map<String, List<TrendPoint>> points = new HashMap<>();
        for (StoredRun run : newestFirst.reversed()) {
            Map<String, Map<String, String>> settings = reader.settings(run.id());
            for (CellRow row : rows.get(run.id())) {
                if (newest.containsKey(row.key()) && CellResult.Status.OK.id().equals(row.status())
                        && row.medianMs() != null) {
                    points.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(new TrendPoint(run.runId(),
                            run.createdAt(), run.branch(), run.commit(), row.medianMs(), row.lowMs(), row.highMs(),
                            row.p50Ms(), row.trials(), row.disturbed(),
                            settings.getOrDefault(row.cell().backend(), Map.of())));
                }
            }
        }
        List<CellTrend> trends = new ArrayList<>();
        newest.forEach((key, cell) -> trends.add(new CellTrend(cell, points.getOrDefault(key, List.of()))));
        return trends;
    }
}
