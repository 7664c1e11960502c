package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.List;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.CellHistory;
import org.seqbench.results.analysis.ChangePoint;
import org.seqbench.results.analysis.ChangePoints;
import org.seqbench.results.analysis.TrendPoint;

/**
 * The change points of cells' histories as text: one row per change for a terminal table or GitHub-flavoured
 * Markdown, the same fields history.html's summary lists.
 */
public final class HistoryReport {
    /** The headers of {@link #fields}' columns. */
    public static final List<String> COLUMNS = List.of("cell", "run", "commit", "date", "ratio", "p", "level");

    private HistoryReport() {
    }

    /** "2 changes in 1 of 72 cells", the page's and the command's first line. */
    public static String summary(List<CellHistory> histories) {
        int changes = histories.stream().mapToInt(history -> history.changes().size()).sum();
        long cells = histories.stream().filter(history -> !history.changes().isEmpty()).count();
        return (changes == 0 ? "No change" : changes == 1 ? "1 change" : changes + " changes") + " in "
                + (changes == 0 ? "" : cells + " of ") + histories.size() + (histories.size() == 1 ? " cell" : " cells");
    }

    /** What a change had to pass: "p below 0.001, a move of more than 5%, at least 3 runs a level". */
    public static String settings(ChangePoints.Settings settings) {
        return "p below " + Numbers.significant(settings.maxPValue(), 2) + ", a move of more than "
                + Numbers.percent(settings.minChange()) + ", at least " + settings.minSegment() + " runs a level";
    }

    /**
     * A change's columns: the cell, the run that starts the new level, its commit (12 characters; "–" when unknown)
     * and date, the new level over the old, the p-value, and the two levels.
     */
    public static List<String> fields(CellHistory history, ChangePoint change) {
        TrendPoint point = history.pointOf(change);
        return List.of(history.trend().cell().label(), point.runId(), commit(point), date(point),
                Numbers.significant(change.ratio(), 3) + "x", Numbers.significant(change.pValue(), 2),
                Numbers.time(change.before()) + " → " + Numbers.time(change.after()));
    }

    /** Every change as {@link #fields} rows, cell by cell in the given order, each cell's oldest first. */
    public static List<List<String>> rows(List<CellHistory> histories) {
        List<List<String>> rows = new ArrayList<>();
        for (CellHistory history : histories) {
            history.changes().forEach(change -> rows.add(fields(history, change)));
        }
        return rows;
    }

    /** The changes as Markdown: a title, the summary and the settings, then a table when there is a change. */
    public static String markdown(String title, List<CellHistory> histories, ChangePoints.Settings settings) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n").append(summary(histories))
                .append(" (").append(settings(settings)).append(").\n");
        List<List<String>> rows = rows(histories);
        if (!rows.isEmpty()) {
            out.append("\n| ").append(String.join(" | ", COLUMNS)).append(" |\n")
                    .append("|---|---|---|---|--:|--:|---|\n");
            for (List<String> row : rows) {
                out.append("| ").append(String.join(" | ", row.stream().map(field -> field.replace("|", "\\|"))
                        .toList())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The commit cut to 12 characters, as git abbreviates long histories; "–" when unknown. */
    static String commit(TrendPoint point) {
        if (point.commit() == null || point.commit().isBlank()) {
            return "–";
        }
        return point.commit().length() > 12 ? point.commit().substring(0, 12) : point.commit();
    }

    /** The day the run started, from its ISO-8601 instant. */
    static String date(TrendPoint point) {
        String created = point.createdAt() == null ? "" : point.createdAt();
        return created.length() >= 10 ? created.substring(0, 10) : created;
    }

    /** The minute the run started, "2026-12-02 12:37" (UTC, from its ISO-8601 instant): a day's runs told apart. */
    public static String started(TrendPoint point) {
        String created = point.createdAt() == null ? "" : point.createdAt();
        return created.length() >= 16 && created.charAt(10) == 'T'
                ? created.substring(0, 10) + " " + created.substring(11, 16) : created;
    }
}
