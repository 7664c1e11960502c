package org.seqbench.results.analysis;

import java.util.List;
import org.seqbench.results.Cell;

/**
 * One cell's figures across recorded runs, oldest first: what {@code history trend} shows and
 * {@code history changes} segments.
 *
 * @param cell the cell's coordinates (those of its newest run)
 * @param points one per run that measured the cell ok, ordered by the run's start
 */
public record CellTrend(Cell cell, List<TrendPoint> points) {

    public CellTrend {
        points = List.copyOf(points);
    }

    /** The headline values, oldest first: the series a change-point method segments. */
    public double[] values() {
        return points.stream().mapToDouble(TrendPoint::value).toArray();
    }
}
