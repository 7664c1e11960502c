package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqbench.results.Cell;

/**
 * Cell histories of given headlines: run {@code i} is {@code run-<i>} of 2026-11-{i + 1} at 10:00 UTC (day 1 onwards),
 * commit {@code c0ffee<i>} on {@code main}, with a ±2% interval from 6 trials, so that every point's fields have a
 * known value.
 */
public final class SyntheticHistory {
    private SyntheticHistory() {
    }

    /** {@code values} as {@code cell}'s trend; the points at {@code disturbed} measured disturbed. */
    public static CellTrend trend(Cell cell, double[] values, Set<Integer> disturbed) {
        List<TrendPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new TrendPoint(runId(i), String.format(java.util.Locale.ROOT, "2026-11-%02dT10:00:00Z", i + 1),
                    "main", "c0ffee" + i + "abcdef", values[i], values[i] * 0.98, values[i] * 1.02, values[i] * 1.1,
                    6, disturbed.contains(i), Map.of("intra_op_threads", "1", "arena", "off")));
        }
        return new CellTrend(cell, points);
    }

    public static String runId(int i) {
        return String.format(java.util.Locale.ROOT, "run-%02d", i);
    }

    /** {@code before} for {@code at} runs, then {@code after} up to {@code length}, without noise. */
    public static double[] step(int at, int length, double before, double after) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            // A small zigzag keeps the levels from being exactly flat, as real runs are.
            values[i] = (i < at ? before : after) * (1 + 0.01 * ((i % 3) - 1));
        }
        return values;
    }
}
