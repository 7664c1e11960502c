package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.StatUtils;
import org.seqbench.results.CellResult;

/**
 * Whether a cell's trials fall into separate clusters (a JIT that chose differently in some forks, a neighbour
 * present for part of the sweep), in which case no single estimate describes the cell.
 *
 * <p>The rule: sort the figures; among the gaps that leave at least {@link #FEWEST_PER_CLUSTER} figures on each side,
 * take the largest; it separates two clusters when it exceeds {@link #GAP_OVER_SPREAD} times the pooled standard
 * deviation of the two sides (each about its own mean) and {@link #FEWEST_RELATIVE_GAP} of the figure below it; each
 * side is then split again by the same rule. A largest gap rather than a kernel density: with the handful of trials a
 * cell has, a density's mode count hangs on its bandwidth, while a gap against the clusters' own spread needs one
 * factor, chosen on seeded log-normal trials (see the test) so that one unimodal cell of 10 in about a hundred is
 * split. A side that hides a further cluster has an inflated spread, so a third cluster is found only when well
 * apart, and a cluster of very few trials is sometimes split again: read {@link #multiModal()} as the signal and the
 * count as indicative. Hand-written: Commons Math 3 has no such rule.
 *
 * @param clusters the figures of each cluster, ascending, the fastest cluster first
 */
public record Modality(List<List<Double>> clusters) {

    /** How many pooled standard deviations of the two sides a gap must exceed to separate clusters. */
    public static final double GAP_OVER_SPREAD = 4.0;

    /** A cluster holds at least this many trials: one slow trial is an outlier, not a mode. */
    public static final int FEWEST_PER_CLUSTER = 2;

    /** A gap must also exceed this share of the figure below it, so that timer-resolution steps are no modes. */
    public static final double FEWEST_RELATIVE_GAP = 0.02;

    public Modality {
        clusters = clusters.stream().map(List::copyOf).toList();
    }

    public boolean multiModal() {
        return clusters.size() > 1;
    }

    /** The clusters of the trials' medians. */
    public static Modality of(List<CellResult.Trial> trials) {
        return of(trials.stream().mapToDouble(CellResult.Trial::median).toArray());
    }

    /** The clusters of {@code figures}. */
    public static Modality of(double[] figures) {
        double[] sorted = figures.clone();
        Arrays.sort(sorted);
        List<List<Double>> clusters = new ArrayList<>();
        split(sorted, clusters);
        return new Modality(clusters);
    }

    private static void split(double[] sorted, List<List<Double>> clusters) {
        int n = sorted.length;
        int at = -1;
        double widest = -1;
        for (int i = FEWEST_PER_CLUSTER; i <= n - FEWEST_PER_CLUSTER; i++) {
            double gap = sorted[i] - sorted[i - 1];
            if (gap > widest) {
                widest = gap;
                at = i;
            }
        }
        if (at > 0) {
            double[] below = Arrays.copyOfRange(sorted, 0, at);
            double[] above = Arrays.copyOfRange(sorted, at, n);
            double spread = Math.sqrt((StatUtils.variance(below) * (below.length - 1)
                    + StatUtils.variance(above) * (above.length - 1)) / (n - 2));
            if (widest > GAP_OVER_SPREAD * spread && widest > FEWEST_RELATIVE_GAP * Math.abs(sorted[at - 1])) {
                split(below, clusters);
                split(above, clusters);
                return;
            }
        }
        clusters.add(Arrays.stream(sorted).boxed().toList());
    }
}
