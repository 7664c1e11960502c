package org.seqbench.results.report;

import java.util.List;
import org.seqbench.results.Numbers;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Roofline;

/** How the reports state a rate against a bound: a share up to the bound, and past it the reason it was passed. */
final class BoundWords {
    private BoundWords() {
    }

    /** A bound a rate is set against, with why a rate can pass it. */
    enum Bound {
        /** The cores' limit: nothing passes it, so a rate above it means the probe ran low. */
        FMA_PEAK("FMA peak", "the probe ran low", "probe low"),
        /** An engine's large product: a cell whose products suit the engine better may beat it. */
        BEST_GEMM("best GEMM", "the cell's products suit the engine better than the probe's", "beats the probe"),
        /** The best GEMM where it is the record's only bound. */
        PEAK("peak", BEST_GEMM.reason, BEST_GEMM.cellReason),
        /** {@link #PEAK} as the charts name it. */
        MEASURED_PEAK("measured peak", BEST_GEMM.reason, BEST_GEMM.cellReason),
        /** Main memory's bandwidth times the intensity: a cell above it reads its bytes from cache. */
        MEMORY_ROOF("memory roof", "its bytes come from cache", "cache");

        private final String name;
        private final String reason;
        private final String cellReason;

        Bound(String name, String reason, String cellReason) {
            this.name = name;
            this.reason = reason;
            this.cellReason = cellReason;
        }
    }

    /**
     * {@code 0.87} of the FMA peak as "87% of FMA peak"; past the bound, by how much and why: "13% above the best
     * GEMM (the cell's products suit ...)", "2.5x the memory roof (its bytes come from cache)".
     */
    static String share(double fraction, Bound bound) {
        if (fraction <= 1 || Double.isNaN(fraction)) {
            return Numbers.percent(fraction) + " of " + bound.name;
        }
        return beyond(fraction) + " the " + bound.name + " (" + bound.reason + ")";
    }

    /** The share alone, for table cells: "87%", or "13% above (beats the probe)", "2.5x (cache)" past the bound. */
    static String shareCell(double fraction, Bound bound) {
        return fraction > 1 ? beyond(fraction) + " (" + bound.cellReason + ")" : Numbers.percent(fraction);
    }

    /** A cell's share of its lower roof: "40% of the lower roof", or past it, why, by which roof it passed. */
    static String roofShare(Roofline roofline) {
        double fraction = roofline.fractionOfAttainable();
        return fraction > 1 ? share(fraction, lowerRoof(roofline)) : Numbers.percent(fraction) + " of the lower roof";
    }

    /** {@link #roofShare} for table cells. */
    static String roofShareCell(Roofline roofline) {
        return shareCell(roofline.fractionOfAttainable(), lowerRoof(roofline));
    }

    /** Which bound is the lower roof at the cell's intensity. */
    static Bound lowerRoof(Roofline roofline) {
        if (roofline.memoryRoof() < roofline.computeRoof()) {
            return Bound.MEMORY_ROOF;
        }
        return roofline.peak() != null ? Bound.BEST_GEMM : Bound.FMA_PEAK;
    }

    /**
     * Why runs lack an engine-free bound: records before schema 3 predate its probes ({@code predate}); a newer
     * record ran them, so they failed there ({@code failed}); {@code mixed} when both kinds of record lack it.
     */
    static String whyUnmeasured(List<RunRecord> lacking, String predate, String failed, String mixed) {
        boolean anyOld = lacking.stream().anyMatch(run -> run.schemaVersion() < 3);
        boolean anyNew = lacking.stream().anyMatch(run -> run.schemaVersion() >= 3);
        return anyOld && anyNew ? mixed : anyNew ? failed : predate;
    }

    // Twice the bound and more reads as a multiple: "250% above" would print a share above 100%.
    private static String beyond(double fraction) {
        return fraction < 2 ? Numbers.percent(fraction - 1) + " above" : Numbers.times(fraction);
    }
}
