package org.seqbench.results.analysis;

import java.util.List;

/**
 * One cell's history and the changes of level found in it: what the history page draws and
 * {@code history changes} lists.
 *
 * @param trend the cell's figures across runs, oldest first
 * @param changes its change points, sorted by index, each an index into {@code trend.points()}
 */
public record CellHistory(CellTrend trend, List<ChangePoint> changes) {

    public CellHistory {
        changes = List.copyOf(changes);
        int previous = 0;
        for (ChangePoint change : changes) {
            if (change.index() <= previous || change.index() >= trend.points().size()) {
                throw new IllegalArgumentException("change point at " + change.index() + " is not accepted: "
                        + "change points are sorted and lie between 1 and " + (trend.points().size() - 1)
                        + " for a history of " + trend.points().size() + " runs");
            }
            previous = change.index();
        }
    }

    /** The cell's history with the change points {@link ChangePoints#detect} finds in its headlines. */
    public static CellHistory of(CellTrend trend, ChangePoints.Settings settings) {
        return new CellHistory(trend, ChangePoints.detect(trend.values(), settings));
    }

    /** The run whose point starts the new level of {@code change}. */
    public TrendPoint pointOf(ChangePoint change) {
        return trend.points().get(change.index());
    }

    /**
     * Each point's level: the geometric mean of the segment between the change points around it, as
     * {@link ChangePoint#before()} and {@link ChangePoint#after()} are; the whole series' one level without changes.
     */
    public double[] levels() {
        double[] values = trend.values();
        double[] levels = new double[values.length];
        int from = 0;
        for (int k = 0; k <= changes.size(); k++) {
            int to = k < changes.size() ? changes.get(k).index() : values.length;
            double logs = 0;
            for (int i = from; i < to; i++) {
                logs += Math.log(values[i]);
            }
            double level = Math.exp(logs / (to - from));
            for (int i = from; i < to; i++) {
                levels[i] = level;
            }
            from = to;
        }
        return levels;
    }
}
