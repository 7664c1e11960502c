package org.seqbench.results.report;

import org.seqbench.results.Numbers;

/** How the reports state a rate against a bound. */
final class BoundWords {
    private BoundWords() {
    }

    /**
     * {@code 0.87} of "FMA peak" as "87% of FMA peak"; a fraction above 1 is no share but a probe that ran low, and
     * says so: {@code 1.13} as "13% above the best GEMM: the probe underestimated it".
     */
    static String share(double fraction, String bound) {
        if (fraction <= 1 || Double.isNaN(fraction)) {
            return Numbers.percent(fraction) + " of " + bound;
        }
        return Numbers.percent(fraction - 1) + " above the " + bound + ": the probe underestimated it";
    }

    /** The share alone, for table cells: "87%", or "13% above (probe low)" when the bound was passed. */
    static String shareCell(double fraction) {
        return fraction > 1 ? Numbers.percent(fraction - 1) + " above (probe low)" : Numbers.percent(fraction);
    }
}
