package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.seqbench.results.CellResult;
import org.seqbench.results.RunRecord;

/**
 * An A/A comparison: two runs of the same sweep on the same commit, where every true ratio is 1. How often each
 * cell's 95% interval of the ratio contains 1, and how far the ratios stray from 1, say how far a single run's
 * numbers can be trusted, and, computed for every {@link TrialEstimator}, which estimator is the steadiest.
 *
 * <p>Cells are matched by {@link org.seqbench.results.Cell#key()} among those ok in both runs. A cell without
 * trials in either run is compared by its single figure ({@link TrialEstimator#fallback}) and has no interval: it
 * counts in the spread of the ratios but not in the share containing 1.
 *
 * @param estimator the estimator compared
 * @param cells each matched cell's ratio, in the first run's order
 * @param overall the summary over every matched cell
 * @param byBackend the summary of each backend's cells, by backend id
 * @param unmatched keys of cells ok in only one of the runs
 */
public record Reproducibility(TrialEstimator estimator, List<CellRatio> cells, Summary overall,
        Map<String, Summary> byBackend, List<String> unmatched) {

    public Reproducibility {
        cells = List.copyOf(cells);
        byBackend = java.util.Collections.unmodifiableMap(new TreeMap<>(byBackend));
        unmatched = List.copyOf(unmatched);
    }

    /**
     * @param key the cell's key
     * @param backend its backend id
     * @param ratio second run over first
     */
    public record CellRatio(String key, String backend, TrialRatio ratio) {
    }

    /**
     * @param cells matched cells
     * @param withInterval those of them with an interval of the ratio
     * @param containingOne those whose interval contains 1
     * @param medianDeviation the median of |ratio - 1| over every matched cell
     * @param p95Deviation the 95th percentile of |ratio - 1| over every matched cell
     */
    public record Summary(int cells, int withInterval, int containingOne, double medianDeviation,
            double p95Deviation) {

        /** The share of the cells with an interval whose interval contains 1; NaN when none has one. */
        public double shareContainingOne() {
            return withInterval == 0 ? Double.NaN : (double) containingOne / withInterval;
        }

        static Summary of(List<CellRatio> ratios) {
            double[] deviations = ratios.stream().mapToDouble(r -> Math.abs(r.ratio().ratio() - 1)).toArray();
            int withInterval = (int) ratios.stream().filter(r -> r.ratio().hasInterval()).count();
            int containing = (int) ratios.stream()
                    .filter(r -> r.ratio().hasInterval() && r.ratio().containsOne()).count();
            return new Summary(ratios.size(), withInterval, containing, quantile(deviations, 50),
                    quantile(deviations, 95));
        }

        private static double quantile(double[] values, double percent) {
            return values.length == 0 ? Double.NaN
                    : new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, percent);
        }
    }

    /** {@code second} against {@code first} by {@code estimator}. */
    public static Reproducibility of(RunRecord first, RunRecord second, TrialEstimator estimator,
            Bootstrap bootstrap) {
        List<CellRatio> ratios = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (CellPairs.Pair pair : CellPairs.match(first, second, Reproducibility::measured)) {
            if (pair.matched()) {
                ratios.add(new CellRatio(pair.key(), pair.first().cell().backend(),
                        ratio(pair.first(), pair.second(), estimator, bootstrap)));
            } else {
                unmatched.add(pair.key());
            }
        }
        Map<String, List<CellRatio>> perBackend = new TreeMap<>();
        for (CellRatio ratio : ratios) {
            perBackend.computeIfAbsent(ratio.backend(), b -> new ArrayList<>()).add(ratio);
        }
        Map<String, Summary> byBackend = new TreeMap<>();
        perBackend.forEach((backend, list) -> byBackend.put(backend, Summary.of(list)));
        return new Reproducibility(estimator, ratios, Summary.of(ratios), byBackend, unmatched);
    }

    /** The comparison by every candidate estimator, so that the steadiest can be chosen by evidence. */
    public static Map<TrialEstimator, Reproducibility> everyEstimator(RunRecord first, RunRecord second,
            Bootstrap bootstrap) {
        Map<TrialEstimator, Reproducibility> all = new EnumMap<>(TrialEstimator.class);
        Arrays.stream(TrialEstimator.values()).forEach(e -> all.put(e, of(first, second, e, bootstrap)));
        return all;
    }

    private static TrialRatio ratio(CellResult base, CellResult current, TrialEstimator estimator,
            Bootstrap bootstrap) {
        if (base.trials().isEmpty() || current.trials().isEmpty()) {
            String which = base.trials().isEmpty() && current.trials().isEmpty() ? "either run"
                    : base.trials().isEmpty() ? "the first run" : "the second run";
            return new TrialRatio(estimator, estimator.fallback(base.latency()),
                    estimator.fallback(current.latency()), null,
                    "no trials in " + which + ": the cell's single figure, without an interval");
        }
        return estimator.ratio(base.trials(), current.trials(), bootstrap);
    }

    private static boolean measured(CellResult result) {
        return result.ok() && result.latency() != null;
    }
}
