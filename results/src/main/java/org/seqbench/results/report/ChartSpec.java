package org.seqbench.results.report;

import java.util.List;

/**
 * One chart as the page's script draws it with Chart.js: data and labels only, no drawing instructions. Serialised
 * as inline JSON; every string in it is data (Chart.js draws text on a canvas, never as HTML).
 *
 * @param id the chart's key; its container in the page carries {@code data-chart="id"}
 * @param title the panel's title
 * @param x the horizontal axis
 * @param y the vertical axis
 * @param unit what y is measured in, for tooltips
 * @param lines the data
 * @param references dashed guide lines: a peak, equal latency, ideal scaling
 */
public record ChartSpec(String id, String title, Axis x, Axis y, String unit, List<Line> lines,
        List<Reference> references) {

    /**
     * @param title the axis title
     * @param logarithmic whether the axis is logarithmic
     * @param ticks the values to label (the measured ones); empty for the library's own choice
     * @param beginAtZero whether a linear axis starts at zero
     */
    public record Axis(String title, boolean logarithmic, List<Integer> ticks, boolean beginAtZero) {
    }

    /**
     * One line.
     *
     * @param label its legend entry
     * @param colour index into the page's colour-blind-safe palette, the same for the same series in every chart
     * @param dash index into the page's dash patterns (thread counts of one series)
     * @param hidden whether it starts hidden (its legend entry shows it)
     * @param points the measured points, in x order
     */
    public record Line(String label, int colour, int dash, boolean hidden, List<Point> points) {
    }

    /**
     * @param x the position
     * @param y the value
     * @param low lower end of the value's confidence interval; null for none
     * @param high upper end; null for none
     * @param contended whether the cell was measured under contention
     * @param note extra tooltip text, e.g. the share of the peak; null for none
     */
    public record Point(double x, double y, Double low, Double high, boolean contended, String note) {
    }

    /** A dashed guide line from {@code (x1, y1)} to {@code (x2, y2)}. */
    public record Reference(String label, double x1, double y1, double x2, double y2) {
    }
}
