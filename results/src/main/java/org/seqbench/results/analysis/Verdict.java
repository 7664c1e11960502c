package org.seqbench.results.analysis;

/**
 * What {@code seqbench compare} concludes about one cell's headline latency, current against baseline. Declared in
 * the order a report lists them ({@link Comparison#ordered()}). A drop in accuracy is not a verdict of its own but
 * {@link CellComparison#accuracyRegressed()}, so that a cell can be both faster and wrong and say so.
 */
public enum Verdict {
    /** The ratio's interval lies wholly above 1 and the ratio is past the practical threshold. */
    REGRESSION,
    /** The ratio's interval lies wholly below 1 and the ratio is past the practical threshold (1 / (1 + t)). */
    IMPROVEMENT,
    /**
     * Nothing can be said: a side was disturbed, the interval is wider than the maximum width, or the trials were too
     * few for an interval. Never counts as a regression.
     */
    NOISY,
    /** Neither a regression nor an improvement: the interval contains 1, or the ratio is within the threshold. */
    NO_CHANGE,
    /**
     * The cell is missing or not ok on one side, has no trials on a side (an older record), or its accuracy tolerance
     * differs between the runs.
     */
    NOT_COMPARABLE;

    /** The verdict's name in reports and on the command line: "no-change". */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
