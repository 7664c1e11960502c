package org.seqbench.results.analysis;

import java.util.Optional;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.seqbench.results.Cell;

/**
 * One cell of a {@link Comparison}: its headline ratio {@code current / baseline}, the U test's p-value and the
 * verdict.
 *
 * @param cell the cell's coordinates, from whichever run has it
 * @param verdict what the comparison concludes
 * @param reason why, in a short phrase for reports ("baseline measured under contention")
 * @param ratio the headline estimator's ratio with its interval; null where the cell was not compared by trials
 * @param pValue the two-sided Mann-Whitney U p-value of the two runs' per-trial headline figures; NaN where none
 * @param baselineTrials the baseline cell's trials; 0 when it has none, is missing or is not ok on a side
 * @param currentTrials the current cell's trials; 0 when it has none, is missing or is not ok on a side
 * @param accuracyRegressed whether the current cell fails its accuracy tolerance while the baseline's passed the
 *     same tolerance: a regression whatever the verdict on its speed
 */
public record CellComparison(Cell cell, Verdict verdict, String reason, TrialRatio ratio, double pValue,
        int baselineTrials, int currentTrials, boolean accuracyRegressed) {

    /**
     * Fewer trials a side than this make the U test weak (Google Benchmark's compare.py warns below 9 repetitions):
     * with 6 against 6 its p-value cannot go below about 0.002 (exactly; Commons Math's normal approximation, which
     * this uses, gives 0.004), however far apart the runs are.
     */
    public static final int FEW_TRIALS = 9;

    /** The cell's key ({@link Cell#key()}), which matched it across the runs. */
    public String key() {
        return cell.key();
    }

    /** The cell in words ({@link Cell#label()}). */
    public String label() {
        return cell.label();
    }

    /** The ratio; NaN where there is none. */
    public double ratioValue() {
        return ratio == null ? Double.NaN : ratio.ratio();
    }

    /** |log ratio|, how far the cell moved either way; NaN where there is no ratio. */
    public double distance() {
        return Math.abs(Math.log(ratioValue()));
    }

    /** Whether this cell counts as a regression: slower past the threshold, or less accurate. */
    public boolean regressed() {
        return verdict == Verdict.REGRESSION || accuracyRegressed;
    }

    /** Whether the cell was compared by trials but with fewer than {@link #FEW_TRIALS} on a side. */
    public boolean fewTrials() {
        int fewest = Math.min(baselineTrials, currentTrials);
        return fewest > 0 && fewest < FEW_TRIALS;
    }

    /** The note a report shows beside a cell with {@link #fewTrials()}: how weak its U test is. */
    public Optional<String> fewTrialsNote() {
        if (!fewTrials()) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "%d and %d trials: fewer than %d a side make the U test weak (its p-value cannot go below %.3f)",
                baselineTrials, currentTrials, FEW_TRIALS, lowestPValue(baselineTrials, currentTrials)));
    }

    /** The smallest p-value the U test can give {@code n} against {@code m} figures: theirs fully apart. */
    static double lowestPValue(int n, int m) {
        double[] low = new double[n];
        double[] high = new double[m];
        for (int i = 0; i < n; i++) {
            low[i] = i;
        }
        for (int j = 0; j < m; j++) {
            high[j] = n + j;
        }
        return new MannWhitneyUTest().mannWhitneyUTest(low, high);
    }
}
